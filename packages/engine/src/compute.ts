/**
 * The pipeline: scheme + dataset → compiled model (typed arrays) → indicator scores → aggregation →
 * composite → rank → tiers → results with a columnar trace. `prepare` compiles once; `recompute`
 * applies changed values and redoes only the groups they touch.
 *
 * This file keeps the hot path together: loading values and node lights, scoring cells and columns
 * (docs/scoring.md §1), blocks and normalisation (§2), composite, rank change and ranking (§4–§5), tiers
 * (§6, via `tiers.ts`) and the incremental update (§7). What is not hot lives in files named for what they
 * do: `compile.ts` (normalising inputs, compiling the scheme's tree into leaves), `unit-statics.ts` and
 * `evaluation-votes.ts` (per-unit adjustments from records, node lights, rankings and assessor measures;
 * the evaluation), `measurement-window.ts`, `group-results.ts` (the published unit results) and
 * `trace-views.ts` (explanations, indicator scores, re-rank).
 */
import {
  CELL_STATUS,
  compileModel,
  fractionsOf,
  normaliseInputs,
  type CGroup,
  type CLeaf,
  type ComputeOptions,
  type RollCell,
  type UnitStatic,
} from './compile';
import { EngineError } from './errors';
import type { FormulaEvalError } from './formula';
import { groupView } from './group-results';
import { groupScale, onScale } from './scale';
import {
  deductionPenalty,
  goalpostsPoints,
  marginalPoints,
  gradeScore,
  manualScore,
  meets,
  rankColumn,
  ratioPoints,
  ratioTargetOk,
  REASON,
  stepsPoints,
  topRatioColumn,
  upperScore,
  type CellScore,
} from './methods';
import {
  NODE_LIGHT_CODES,
  type Dataset,
  type DatasetInput,
  type Issue,
  type Light,
  type Scheme,
  type SchemeInput,
} from './model';
import { roundHalfUp } from './round';
import type { GroupResult, RankTierInput, Results, UnitResult } from './results';
import { rankAndTier, splitQuotaLargestRemainder, sportRank } from './tiers';
import { attachTrace } from './trace';
import { traceViews } from './trace-views';
import { buildUnitStatics, staticKey } from './unit-statics';
import { validateDataset } from './validate';

export type { ComputeOptions } from './compile';
export { measurementWindowOf, rankingDate } from './measurement-window';

/** One changed cell for incremental recompute. */
export interface ValueChange {
  unitId: string;
  indicatorId: string;
  /**
   * New raw value (undefined = now missing). When `nodes` is given and the change has no `value`
   * key at all, the value is left as it was (a change of node lights only).
   */
  value?: number | undefined;
  /**
   * Changed process nodes of the cell: each listed node takes the given light (when given) and
   * fraction (a number sets it, null clears it back to "from the light"); unlisted nodes keep theirs.
   */
  nodes?:
    readonly { id: string; light?: Light | 'none' | undefined; fraction?: number | null | undefined }[] | undefined;
}

/**
 * A change to a prepared year for `Prepared.update`: changed cells (values and node lights), and
 * replacement record lists — a list given here replaces the whole list for the year (what an import
 * or an edit of one record produces); lists left out are unchanged.
 */
export interface DatasetChange {
  values?: readonly ValueChange[] | undefined;
  bonuses?: DatasetInput['bonuses'];
  deductions?: DatasetInput['deductions'];
  vetoes?: DatasetInput['vetoes'];
  discipline?: DatasetInput['discipline'];
  rankings?: DatasetInput['rankings'];
}

/** A compiled model: typed arrays for one scheme × dataset, recomputable after a change. */
export interface Prepared {
  readonly scheme: Scheme;
  /** The current results (computed on first call, then cached until the next change). */
  results(): Results;
  /** Apply changed values (and node lights) and return new results; only the touched groups are recomputed. */
  recompute(changes: readonly ValueChange[]): Results;
  /**
   * Apply changed cells and/or replaced record lists (bonuses, deductions, vetoes, discipline,
   * rankings). Unit-level adjustments are rebuilt (cheap: no indicator is rescored for them), and only
   * the groups whose cells, units' adjustments or county-wide quotas changed are re-ranked and re-tiered.
   * Earlier results keep their own trace.
   */
  update(change: DatasetChange): Results;
}

/** The order of the pipeline's steps, recorded in every result. */
export const PIPELINE_STEPS = [
  'indicatorScores',
  'processNodes',
  'difficulty',
  'missingData',
  'blocks',
  'normaliseTo100',
  'evaluation',
  'bonus',
  'deductions',
  'vetoFixedDeduction',
  'composite',
  'preliminaryRank',
  'rankChange',
  'rank',
  'quotas',
  'naturalTiers',
  'overrides',
  'refill',
  'minCounts',
  'resultsUse',
] as const;

// Cell status codes, copied once from `compile.ts` (an imported binding read per cell is slower; see below).
const ST_OK: number = CELL_STATUS.ok;
const ST_ZERO: number = CELL_STATUS.zero;
const ST_EXCLUDED: number = CELL_STATUS.excluded;
const ST_BLOCKED: number = CELL_STATUS.blocked;
const ST_NA: number = CELL_STATUS.notApplicable;

// Copied once: imported bindings are live getters under some loaders, too slow in the per-node loop.
const L_YELLOW: number = NODE_LIGHT_CODES.yellow;
const L_RED: number = NODE_LIGHT_CODES.red;
const REASON_CODES: Readonly<Record<string, number>> = { ...REASON };

/** Light code → packed count: none (and unknown codes) in bits 0–7, green 8–15, yellow 16–23, red 24–31. */
const LIGHT_PACK = new Int32Array(256).fill(1);
LIGHT_PACK[NODE_LIGHT_CODES.green] = 1 << 8;
LIGHT_PACK[NODE_LIGHT_CODES.yellow] = 1 << 16;
LIGHT_PACK[NODE_LIGHT_CODES.red] = 1 << 24;
const clampTo = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

class Model implements Prepared {
  readonly scheme: Scheme;
  private dataset: Dataset;
  private readonly trusted: boolean;
  /** `scheme.roundIndicatorScores`, read once (settle runs per cell). */
  private readonly roundScores: boolean;
  readonly unitIds: string[];
  readonly unitGroup: Int32Array;
  readonly unitLocal: Int32Array;
  readonly unitIndex: Map<string, number>;
  readonly groups: CGroup[];
  private statics: UnitStatic[];
  readonly issues: Issue[];
  private cached: Results | undefined;
  private readonly formulaState: { err: FormulaEvalError | null } = { err: null };
  private readonly tmpCol: Float64Array;
  private readonly tmpHas: Uint8Array;
  private readonly tmpRaw: Float64Array;
  private readonly tmpReason: Uint8Array;
  /** 数据归并: receiving cells by `unit\u0000indicator`, and each giver's cell → its receiver's key. */
  readonly rolls = new Map<string, RollCell>();
  private readonly rollGivers = new Map<string, string>();
  /** Per-row light counts by code (only yellow and red are read). */
  private readonly lightCount = new Int32Array(256);

  constructor(s: Scheme, d: Dataset, issues: Issue[], trusted = false) {
    this.scheme = s;
    this.dataset = d;
    this.trusted = trusted;
    this.roundScores = s.roundIndicatorScores;
    this.issues = issues;
    const compiled = compileModel(s, d);
    this.groups = compiled.groups;
    this.unitIds = compiled.unitIds;
    this.unitIndex = compiled.unitIndex;
    this.unitGroup = compiled.unitGroup;
    this.unitLocal = compiled.unitLocal;
    const maxN = compiled.maxN;
    this.tmpCol = new Float64Array(maxN);
    this.tmpHas = new Uint8Array(maxN);
    this.tmpRaw = new Float64Array(maxN);
    this.tmpReason = new Uint8Array(maxN);
    this.loadRows(d);
    this.loadColumns(d);
    this.loadRollUps();
    for (const g of this.groups) for (let lu = 0; lu < g.n; lu++) this.nodeRow(g, lu);
    this.statics = buildUnitStatics(this, this.dataset);
    this.computeQuotas();
    for (const g of this.groups) {
      this.scoreGroup(g);
      this.finalizeGroup(g);
    }
  }

  // ------------------------------------------------------------------ loading

  private loadRows(d: Dataset): void {
    for (const v of d.values) {
      const u = this.unitIndex.get(v.unitId);
      if (u === undefined) continue;
      const g = this.groups[this.unitGroup[u] ?? 0];
      if (!g) continue;
      const j = g.leafIndex.get(v.indicatorId);
      if (j === undefined) continue;
      const lu = this.unitLocal[u] ?? 0;
      const cell = lu * g.L + j;
      if (v.value !== undefined) {
        g.value[cell] = v.value;
        g.has[cell] = 1;
      }
      if (
        v.inputs !== undefined ||
        v.grade !== undefined ||
        v.manual !== undefined ||
        v.events !== undefined ||
        v.nodes !== undefined
      ) {
        g.rich.set(cell, v);
      }
      const leaf = g.leaves[j];
      if (v.nodes && leaf?.process) {
        const base = lu * g.nodeStride + leaf.nodeOffset;
        leaf.process.nodes.forEach((nd, k) => {
          const nv = v.nodes?.find((x) => x.id === nd.id);
          if (!nv) return;
          g.lights[base + k] = nv.light ? NODE_LIGHT_CODES[nv.light] : 0;
          if (nv.fraction !== undefined) fractionsOf(g)[base + k] = nv.fraction;
        });
      }
    }
  }

  /**
   * 数据归并 (SCORING.md "Sub-unit roll-up"): each receiving cell keeps its own value and the givers' values; the
   * cell scored is own + Σ parts (a missing own value stays missing). Givers never receive (validation), so
   * their cells hold their own figures.
   */
  private loadRollUps(): void {
    for (const r of this.scheme.rollUps) {
      for (const ind of r.indicators) {
        const to = this.locate(r.into, ind);
        const from = this.locate(r.from, ind);
        if (!to || !from) continue; // the dataset's validation names the unit or group
        const key = `${r.into}\u0000${ind}`;
        let rc = this.rolls.get(key);
        if (!rc) {
          const rich = to.g.rich.get(to.cell);
          rc = {
            unitId: r.into,
            indicatorId: ind,
            gi: to.gi,
            cell: to.cell,
            own: to.g.has[to.cell] ? to.g.value[to.cell] : undefined,
            ownInputs: rich?.inputs,
            parts: new Map(),
          };
          this.rolls.set(key, rc);
        }
        rc.parts.set(r.from, {
          value: from.g.has[from.cell] ? from.g.value[from.cell] : undefined,
          inputs: from.g.rich.get(from.cell)?.inputs,
        });
        this.rollGivers.set(`${r.from}\u0000${ind}`, key);
      }
    }
    for (const rc of this.rolls.values()) this.writeRoll(rc);
  }

  private locate(unitId: string, indicatorId: string): { gi: number; g: CGroup; cell: number } | undefined {
    const u = this.unitIndex.get(unitId);
    if (u === undefined) return undefined;
    const gi = this.unitGroup[u] ?? 0;
    const g = this.groups[gi];
    const j = g?.leafIndex.get(indicatorId);
    if (!g || j === undefined) return undefined;
    return { gi, g, cell: (this.unitLocal[u] ?? 0) * g.L + j };
  }

  /** The receiving cell's scored value: its own plus the parts given (none when its own is missing). */
  private rollTotal(rc: RollCell): number | undefined {
    if (rc.own === undefined) return undefined;
    let v = rc.own;
    for (const p of rc.parts.values()) if (p.value !== undefined) v += p.value;
    return v;
  }

  private writeRoll(rc: RollCell): void {
    const g = this.groups[rc.gi];
    if (!g) return;
    const total = this.rollTotal(rc);
    if (total === undefined) g.has[rc.cell] = 0;
    else {
      g.value[rc.cell] = total;
      g.has[rc.cell] = 1;
    }
    // a formula's inputs add up input by input (the unit's own inputs decide which are there)
    const rich = g.rich.get(rc.cell);
    if (rc.ownInputs && rich) {
      const inputs: Record<string, number> = { ...rc.ownInputs };
      for (const p of rc.parts.values())
        for (const [k, v] of Object.entries(p.inputs ?? {})) if (k in inputs) inputs[k] = (inputs[k] ?? 0) + v;
      g.rich.set(rc.cell, { ...rich, inputs });
    }
  }

  /**
   * Changes as the roll-ups see them: a receiving unit's own value is stored and its total written; a giver's value
   * is written to itself and its receiver's total follows. Later changes in the list see the earlier ones.
   */
  private rollChanges(changes: readonly ValueChange[]): readonly ValueChange[] {
    if (this.rolls.size === 0) return changes;
    const out: ValueChange[] = [];
    for (const c of changes) {
      const key = `${c.unitId}\u0000${c.indicatorId}`;
      const carriesValue = c.nodes === undefined || Object.hasOwn(c, 'value');
      const rc = this.rolls.get(key);
      if (rc && carriesValue) {
        rc.own = c.value;
        out.push({ ...c, value: this.rollTotal(rc) });
        continue;
      }
      out.push(c);
      const to = carriesValue ? this.rollGivers.get(key) : undefined;
      const target = to === undefined ? undefined : this.rolls.get(to);
      if (!target) continue;
      const part = target.parts.get(c.unitId);
      target.parts.set(c.unitId, { value: c.value, inputs: part?.inputs });
      out.push({ unitId: target.unitId, indicatorId: target.indicatorId, value: this.rollTotal(target) });
    }
    return out;
  }

  private loadColumns(d: Dataset): void {
    for (const c of d.columns ?? []) {
      const C = c.indicatorIds.length;
      const k = c.nodeCount ?? 0;
      const lights = k > 0 ? c.nodeLights : undefined;
      const fr = k > 0 ? c.nodeFractions : undefined;
      // per group: column → leaf index (−1 when the group lacks the indicator)
      const colLeaf = this.groups.map((g) => Int32Array.from(c.indicatorIds, (id) => g.leafIndex.get(id) ?? -1));
      // Runs of columns whose leaves are consecutive with k nodes each: a unit's lights for a run are
      // one contiguous copy (the benchmark's 300 columns are three runs, one per block).
      const runs = this.groups.map((g, gi) => lightRuns(g, colLeaf[gi] ?? new Int32Array(0), k));
      for (let r = 0; r < c.unitIds.length; r++) {
        const u = this.unitIndex.get(c.unitIds[r] ?? '');
        if (u === undefined) continue;
        const gi = this.unitGroup[u] ?? 0;
        const g = this.groups[gi];
        const map = colLeaf[gi];
        if (!g || !map) continue;
        const lu = this.unitLocal[u] ?? 0;
        const rowBase = lu * g.L;
        const src = r * C;
        for (let col = 0; col < C; col++) {
          const j = map[col] ?? -1;
          if (j < 0) continue;
          const v = c.value[src + col] ?? Number.NaN;
          if (v === v) {
            g.value[rowBase + j] = v;
            g.has[rowBase + j] = 1;
          }
        }
        if (!lights) continue;
        const rs = runs[gi];
        if (rs && !fr && lights instanceof Uint8Array) {
          for (let q = 0; q < rs.length; q += 3) {
            const col = rs[q] as number;
            const len = rs[q + 2] as number;
            const leaf = g.leaves[rs[q + 1] as number];
            if (!leaf) continue;
            g.lights.set(lights.subarray((src + col) * k, (src + col + len) * k), lu * g.nodeStride + leaf.nodeOffset);
          }
          continue;
        }
        for (let col = 0; col < C; col++) {
          const j = map[col] ?? -1;
          const leaf = j < 0 ? undefined : g.leaves[j];
          if (!leaf?.process) continue;
          const from = (src + col) * k;
          const dst = lu * g.nodeStride + leaf.nodeOffset;
          const m = Math.min(k, leaf.process.nodes.length);
          for (let q = 0; q < m; q++) {
            g.lights[dst + q] = lights[from + q] ?? 0;
            const f = fr ? (fr[from + q] ?? Number.NaN) : Number.NaN;
            if (f === f) fractionsOf(g)[dst + q] = f;
          }
        }
      }
    }
  }

  /**
   * One unit's pass over its node lights: the node part of every process cell (a table lookup per
   * light; a reported fraction wins unless the light is red) and the unit's yellow and red counts.
   */
  private nodeRow(g: CGroup, lu: number): void {
    const lights = g.lights;
    const fr = g.fractions;
    const cnt = this.lightCount;
    cnt[L_YELLOW] = 0;
    cnt[L_RED] = 0;
    const rowBase = lu * g.nodeStride;
    const cellBase = lu * g.L;
    for (let j = 0; j < g.L; j++) {
      const leaf = g.leaves[j] as CLeaf;
      const p = leaf.process;
      if (p === undefined) continue;
      const K = p.nodes.length;
      const t = leaf.lightTable;
      const w = leaf.nodeWeights;
      const base = rowBase + leaf.nodeOffset;
      let acc = 0;
      if (fr === undefined && w === undefined && K < 256) {
        // The common case (equal weights, fractions from the lights): count the lights by colour in one
        // packed integer (8 bits per colour), then Σ fraction = Σ count × table — one integer add per node.
        let c = 0;
        for (let k = base; k < base + K; k++) c += LIGHT_PACK[lights[k] as number] as number;
        const nY = (c >>> 16) & 255;
        const nR = c >>> 24;
        cnt[L_YELLOW] = (cnt[L_YELLOW] as number) + nY;
        cnt[L_RED] = (cnt[L_RED] as number) + nR;
        acc =
          (c & 255) * (t[NODE_LIGHT_CODES.none] as number) +
          ((c >>> 8) & 255) * (t[NODE_LIGHT_CODES.green] as number) +
          nY * (t[L_YELLOW] as number) +
          nR * (t[L_RED] as number);
        g.nodeFrac[cellBase + j] = acc / K;
        continue;
      }
      for (let k = 0; k < K; k++) {
        const l = lights[base + k] as number;
        cnt[l] = (cnt[l] as number) + 1;
        let f = t[l] as number;
        if (fr !== undefined && l !== L_RED) {
          const x = fr[base + k] as number;
          if (x >= 0) f = x;
        }
        acc += w === undefined ? f : (w[k] as number) * f;
      }
      g.nodeFrac[cellBase + j] = w === undefined ? acc / K : leaf.nodeWeightSum > 0 ? acc / leaf.nodeWeightSum : 0;
    }
    g.yellows[lu] = cnt[L_YELLOW] as number;
    g.reds[lu] = cnt[L_RED] as number;
  }

  private computeQuotas(): void {
    const s = this.scheme;
    if (s.tiering.quotaScope !== 'county') return;
    const before = s.tiering.overrideOrder === 'beforeQuota';
    const sizes = this.groups.map((g) => g.units.filter((u) => !(before && this.statics[u]?.setAside)).length);
    const T = s.tiering.tiers.length;
    const per: (number | null)[][] = this.groups.map(() => []);
    s.tiering.tiers.forEach((t, ti) => {
      if (ti === T - 1 || (t.share === undefined && t.count === undefined)) {
        per.forEach((p) => p.push(null));
        return;
      }
      const N = sizes.reduce((a, b) => a + b, 0);
      const share = t.share ?? (N > 0 ? (t.count ?? 0) / N : 0);
      const split = splitQuotaLargestRemainder(sizes, share, s.tiering.rounding);
      per.forEach((p, gi) => p.push(Math.max(split[gi] ?? 0, t.minCount ?? 0)));
    });
    this.groups.forEach((g, gi) => (g.quotas = per[gi]));
  }

  // ------------------------------------------------------------------ scoring

  private unitParam(leaf: CLeaf, u: number, name: string): number | undefined {
    if (!leaf.perUnit) return leaf.ind.params[name];
    return leaf.ind.unitParams[this.unitIds[u] ?? '']?.[name] ?? leaf.ind.params[name];
  }

  // The hot path returns through these fields instead of an object per cell (no garbage per cell).
  private outRaw = 0;
  private outReason = 0;
  private outScore = 0;

  /**
   * The raw measure of a cell (value, or formula result), difficulty on raw applied, into `outRaw`;
   * false with `outReason` when there is none.
   */
  private rawOf(g: CGroup, lu: number, j: number, leaf: CLeaf): boolean {
    const cell = lu * g.L + j;
    let raw: number;
    const fm = leaf.formula;
    if (fm) {
      const rich = g.rich.get(cell);
      const vals = fm.vals;
      for (let k = 0; k < fm.slots.length; k++) {
        const name = fm.slots[k] ?? '';
        let v: number | undefined = rich?.inputs?.[name];
        if (v === undefined)
          v =
            name === 'points'
              ? leaf.points
              : name === 'value'
                ? g.has[cell]
                  ? g.value[cell]
                  : undefined
                : this.unitParam(leaf, g.units[lu] ?? 0, name);
        if (v === undefined && name === 'coefficient') v = 1;
        if (v === undefined) {
          this.outReason = REASON_CODES.missingInput ?? 1;
          return false;
        }
        vals[k] = v;
      }
      this.formulaState.err = null;
      raw = fm.fn(vals, this.formulaState);
      if (this.formulaState.err !== null || !Number.isFinite(raw)) {
        this.outReason = REASON_CODES.formulaError ?? 1;
        return false;
      }
    } else {
      if (g.has[cell] !== 1) {
        this.outReason = REASON_CODES.noData ?? 1;
        return false;
      }
      raw = g.value[cell] ?? 0;
    }
    if (leaf.diffRaw) {
      const c = leaf.perUnit ? this.unitParam(leaf, g.units[lu] ?? 0, 'coefficient') : leaf.coefficient;
      if (c !== undefined) raw *= c;
    }
    this.outRaw = raw;
    return true;
  }

  /** Year-end points of a unit-local method for one cell into `outScore`/`outRaw`; false with `outReason` if it cannot be scored. */
  private localScore(g: CGroup, lu: number, j: number, leaf: CLeaf): boolean {
    const cell = lu * g.L + j;
    const u = g.units[lu] ?? 0;
    const m = leaf.method;
    const pts = leaf.points;
    let r: CellScore | undefined;
    switch (m.kind) {
      case 'grade':
        r = gradeScore(m, pts, g.rich.get(cell)?.grade);
        break;
      case 'manual':
        r = manualScore(m.min, m.max ?? pts, m.requireReason, g.rich.get(cell)?.manual);
        break;
      case 'deduction': {
        const p = deductionPenalty(m, g.has[cell] === 1 ? g.value[cell] : undefined, g.rich.get(cell)?.events);
        if (p === undefined) {
          this.outReason = REASON_CODES.noData ?? 1;
          return false;
        }
        const taken = Math.min(p, m.limit ?? pts);
        this.outScore = Math.max(0, pts - taken);
        this.outRaw = taken;
        return true;
      }
      case 'upper':
        r = upperScore(m, pts, leaf.upper);
        break;
      default:
        break;
    }
    if (r) {
      if (!r.ok) {
        this.outReason = REASON_CODES[r.reason] ?? 1;
        return false;
      }
      this.outScore = r.score;
      this.outRaw = 0;
      return true;
    }
    if (!this.rawOf(g, lu, j, leaf)) return false;
    const x = this.outRaw;
    const sc = leaf.scorer;
    if (!sc) {
      this.outScore = clampTo(x, 0, pts);
      return true;
    }
    switch (sc.kind) {
      case 'ratio': {
        const target = leaf.perUnit ? (this.unitParam(leaf, u, 'target') ?? sc.target) : (leaf.target ?? sc.target);
        const baseline = leaf.perUnit
          ? (this.unitParam(leaf, u, 'baseline') ?? sc.baseline)
          : (leaf.baseline ?? sc.baseline);
        if (!ratioTargetOk(sc, target, baseline)) {
          this.outReason = REASON_CODES.noTarget ?? 1;
          return false;
        }
        this.outScore = ratioPoints(sc, pts, x, target ?? 0, baseline);
        return true;
      }
      case 'steps':
        this.outScore = stepsPoints(sc, pts, x);
        return true;
      case 'goalposts':
        this.outScore = goalpostsPoints(sc, pts, x);
        return true;
      case 'binary':
        this.outScore = x !== 0 ? pts : pts * sc.partial;
        return true;
      case 'marginal':
        this.outScore = marginalPoints(sc, pts, x);
        return true;
      default:
        this.outScore = 0;
        return true;
    }
  }

  /**
   * Final cell score from the year-end score: process blend, difficulty on score, cap, missing policy.
   * `ok` false means the cell could not be scored for `reason`.
   */
  private settle(
    g: CGroup,
    lu: number,
    j: number,
    leaf: CLeaf,
    ok: boolean,
    yearEndScore: number,
    reason: number,
    raw: number,
  ): void {
    const cell = lu * g.L + j;
    g.raw[cell] = raw;
    if (leaf.appliesTo && !leaf.appliesTo.has(this.unitIds[g.units[lu] ?? 0] ?? '')) {
      g.score[cell] = 0;
      g.status[cell] = ST_NA;
      g.reason[cell] = REASON_CODES.notApplicable ?? 0;
      return;
    }
    let yearEnd: number;
    if (ok) {
      yearEnd = yearEndScore;
      g.status[cell] = ST_OK;
      g.reason[cell] = 0;
    } else {
      g.reason[cell] = reason;
      yearEnd = 0;
      if (leaf.missing === 'exclude') {
        g.status[cell] = ST_EXCLUDED;
        g.score[cell] = 0;
        return;
      }
      g.status[cell] = leaf.missing === 'block' ? ST_BLOCKED : ST_ZERO;
    }
    g.yearEnd[cell] = yearEnd;
    let score = yearEnd;
    const share = leaf.share;
    if (share !== 0) score = share * leaf.points * (g.nodeFrac[cell] ?? 0) + (1 - share) * yearEnd;
    if (ok && leaf.diffScore) {
      const c = leaf.perUnit ? this.unitParam(leaf, g.units[lu] ?? 0, 'coefficient') : leaf.coefficient;
      if (c !== undefined) score *= c;
    }
    score = leaf.uncapped ? Math.max(0, score) : clampTo(score, 0, leaf.points);
    if (this.roundScores) score = roundHalfUp(score, this.scheme.decimals);
    g.score[cell] = score;
  }

  private scoreCell(g: CGroup, lu: number, j: number): void {
    const leaf = g.leaves[j];
    if (!leaf || leaf.column) return;
    if (this.localScore(g, lu, j, leaf)) this.settle(g, lu, j, leaf, true, this.outScore, 0, this.outRaw);
    else this.settle(g, lu, j, leaf, false, 0, this.outReason, 0);
  }

  private scoreColumn(g: CGroup, j: number): void {
    const leaf = g.leaves[j];
    if (!leaf || !leaf.column) return;
    const xs = this.tmpRaw;
    const has = this.tmpHas;
    const out = this.tmpCol;
    const reasons = this.tmpReason;
    for (let lu = 0; lu < g.n; lu++) {
      const u = g.units[lu] ?? 0;
      const ok = this.rawOf(g, lu, j, leaf);
      const applies = !leaf.appliesTo || leaf.appliesTo.has(this.unitIds[u] ?? '');
      if (ok && applies) {
        xs[lu] = this.outRaw;
        has[lu] = 1;
      } else {
        xs[lu] = 0;
        has[lu] = 0;
        reasons[lu] = ok ? (REASON_CODES.notApplicable ?? 0) : this.outReason;
      }
    }
    const sc = leaf.scorer;
    const xsView = xs.subarray(0, g.n);
    const hasView = has.subarray(0, g.n);
    const outView = out.subarray(0, g.n);
    if (sc?.kind === 'topRatio') topRatioColumn(sc, leaf.points, xsView, hasView, outView);
    else if (sc?.kind === 'rank') rankColumn(sc, leaf.points, xsView, hasView, outView);
    for (let lu = 0; lu < g.n; lu++) {
      if (has[lu] === 1) this.settle(g, lu, j, leaf, true, out[lu] ?? 0, 0, xs[lu] ?? 0);
      else this.settle(g, lu, j, leaf, false, 0, reasons[lu] ?? 1, 0);
    }
  }

  private scoreGroup(g: CGroup): void {
    for (let j = 0; j < g.L; j++) {
      const leaf = g.leaves[j];
      if (!leaf) continue;
      if (leaf.column) this.scoreColumn(g, j);
      else for (let lu = 0; lu < g.n; lu++) this.scoreCell(g, lu, j);
    }
  }

  // ------------------------------------------------------------------ aggregation, composite, rank, tiers

  private finalizeGroup(g: CGroup): void {
    const s = this.scheme;
    const n = g.n;
    const B = g.blocks.length;
    const dec = s.decimals;
    const scale = groupScale(s, g.group);
    const indicatorPoints = new Float64Array(n);
    const indicatorMax = new Float64Array(n);
    const indicatorTotal = new Float64Array(n);
    const blockScore = new Float64Array(n * B);
    const blockMax = new Float64Array(n * B);
    const keyWork = new Float64Array(n);
    const blocked = new Uint8Array(n);
    const flags: string[][] = [];
    for (let lu = 0; lu < n; lu++) {
      const row = lu * g.L;
      let total = 0;
      let max = 0;
      for (let b = 0; b < B; b++) {
        const blk = g.blocks[b];
        if (!blk) continue;
        // SCORING "Feature indicators": a unit is scored out of the points of the indicators that apply to
        // it (not applicable never enlarges its block); data excluded by the missing policy is renormalised
        // within the block; an explicit block weight is the block's maximum for every unit it applies to.
        let earned = 0;
        let avail = 0;
        let applicable = 0;
        for (const j of blk.leaves) {
          const st = g.status[row + j];
          if (st === ST_NA) continue;
          const pts = g.leaves[j]?.points ?? 0;
          applicable += pts;
          if (st === ST_EXCLUDED) continue;
          if (st === ST_BLOCKED) blocked[lu] = 1;
          earned += g.score[row + j] ?? 0;
          avail += pts;
        }
        const weight = blk.weight ?? applicable;
        let bs: number;
        let bm: number;
        if (avail > 0 && avail === weight) {
          bs = earned;
          bm = weight;
        } else if (avail > 0) {
          bs = (weight * earned) / avail;
          bm = weight;
        } else {
          bs = 0;
          bm = 0;
        }
        blockScore[lu * B + b] = bs;
        blockMax[lu * B + b] = bm;
        total += bs;
        max += bm;
      }
      indicatorPoints[lu] = total;
      indicatorMax[lu] = max;
      // §2a: on the scale's indicator points — exactly `total` when the unit's points add up to them.
      indicatorTotal[lu] = onScale(total, max, scale.indicators);
      let kw = 0;
      for (const j of g.keyLeaves) kw += g.score[row + j] ?? 0;
      const f: string[] = [];
      for (const j of g.flagLeaves) {
        const leaf = g.leaves[j];
        if (!leaf) continue;
        for (const fl of leaf.ind.flags) {
          // The measure tested: the flagged leaf's own, another leaf's, or a named input of either's value row.
          // A source without data raises nothing (its own missing-data policy and the blockers report it).
          const src = fl.indicator === undefined ? j : g.leafIndex.get(fl.indicator);
          if (src === undefined) continue;
          let x: number | undefined;
          if (fl.input !== undefined) x = g.rich.get(row + src)?.inputs?.[fl.input];
          else if (g.status[row + src] === ST_OK) x = g.raw[row + src];
          if (x === undefined) continue;
          const below = fl.below !== undefined && !meets(x, fl.below);
          const above = fl.above !== undefined && meets(x, fl.above);
          if (below || above) f.push(fl.id);
        }
      }
      keyWork[lu] = kw;
      flags.push(f.length === 0 ? [] : [...new Set(f)].sort());
    }

    // composite before rank change, preliminary rank, rank change, final composite; §2a: normalised, a × total +
    // b × evaluation on the scale; on a 'points' scale both added as they are (weights 1, 1)
    const { a, b } = scale.weights;
    const pre = new Float64Array(n);
    const evalKey = new Float64Array(n);
    for (let lu = 0; lu < n; lu++) {
      const us = this.statics[g.units[lu] ?? 0];
      const ev = us?.evaluation ?? null;
      evalKey[lu] = ev ?? -1e300;
      const evOnScale = ev === null ? 0 : onScale(ev, 100, scale.evaluation);
      pre[lu] = a * (indicatorTotal[lu] ?? 0) + b * evOnScale + (us?.bonus ?? 0) - (us?.deductions ?? 0);
    }
    const ids = g.units.map((u) => this.unitIds[u] ?? '');
    const tieKeys = this.tieKeys(g, s.ranking.tieBreakers, { indicatorTotal, evalKey, blockScore, keyWork });
    const rankOn = (x: Float64Array): Float64Array =>
      s.ranking.on === 'rounded' ? x.map((v) => roundHalfUp(v, dec)) : x;
    const prelimRanks = sportRank(ids, rankOn(pre), tieKeys).ranks;
    const rankChange = new Float64Array(n);
    const rankChangeRule: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
    const rc = s.bonus.rankChange;
    if (rc) {
      for (let lu = 0; lu < n; lu++) {
        const unit = this.unitRecord(g.units[lu] ?? 0);
        if (unit?.lastRank === undefined) continue;
        const current = rc.source === 'dataset' ? unit.currentRank : prelimRanks[lu];
        if (current === undefined) continue;
        const moved = unit.lastRank - current;
        let best: (typeof rc.rules)[number] | undefined;
        for (const rule of rc.rules) {
          const hit = rule.places > 0 ? moved >= rule.places : moved <= rule.places;
          if (hit && (!best || Math.abs(rule.places) > Math.abs(best.places))) best = rule;
        }
        if (best) {
          rankChange[lu] = best.points;
          rankChangeRule[lu] = best.id;
        }
      }
    }
    const compositeFull = new Float64Array(n);
    const composite = new Float64Array(n);
    for (let lu = 0; lu < n; lu++) {
      compositeFull[lu] = (pre[lu] ?? 0) + (rankChange[lu] ?? 0);
      composite[lu] = roundHalfUp(compositeFull[lu] ?? 0, dec);
    }
    const ranked = s.ranking.on === 'rounded' ? composite : compositeFull;

    // eligibility, overrides
    const T = g.tiering.tiers.length;
    const eligible = new Uint8Array(n * T).fill(1);
    const eligibleWithoutVeto = new Uint8Array(n * T).fill(1);
    const vetoed = new Uint8Array(n);
    const tierIdx = new Map(g.tiering.tiers.map((t, i) => [t.id, i] as const));
    const bestAllowed = new Int32Array(n);
    const setAside = new Uint8Array(n);
    const downgrade = new Int32Array(n);
    for (let lu = 0; lu < n; lu++) {
      const us = this.statics[g.units[lu] ?? 0];
      if (!us) continue;
      bestAllowed[lu] = Math.min(us.bestAllowed, T - 1);
      setAside[lu] = us.setAside ? 1 : 0;
      downgrade[lu] = us.downgrade;
      vetoed[lu] = us.vetoes.length > 0 ? 1 : 0;
      for (const rule of g.tiering.eligibility) {
        const ti = tierIdx.get(rule.tier);
        if (ti === undefined) continue;
        let ok = true;
        switch (rule.kind) {
          case 'noRedLight':
            ok = !us.hasRed;
            break;
          case 'noVeto':
            ok = us.vetoes.length === 0;
            break;
          case 'noFlag':
            ok = !(flags[lu] ?? []).includes(rule.ref ?? '');
            break;
          case 'noDeduction':
            ok = rule.ref ? !us.deductionRules.has(rule.ref) : us.deductions === 0;
            break;
          case 'minIndicatorFraction': {
            const j = g.leafIndex.get(rule.ref ?? '');
            const leaf = j === undefined ? undefined : g.leaves[j];
            ok = !leaf || leaf.points === 0 || (g.score[lu * g.L + (j ?? 0)] ?? 0) / leaf.points >= (rule.min ?? 0);
            break;
          }
        }
        if (!ok) for (let t = 0; t <= ti; t++) eligible[lu * T + t] = 0;
        if (!ok && rule.kind !== 'noVeto') for (let t = 0; t <= ti; t++) eligibleWithoutVeto[lu * T + t] = 0;
      }
    }
    const boundaryKeys = g.tiering.tieBreakers
      ? this.tieKeys(g, g.tiering.tieBreakers, { indicatorTotal, evalKey, blockScore, keyWork })
      : [];
    const tierInput: RankTierInput = {
      groupId: g.id,
      unitIds: ids,
      scores: ranked,
      tieKeys,
      boundaryKeys,
      bestAllowed,
      downgrade,
      setAside,
      eligible,
      vetoed,
      eligibleWithoutVeto,
      quotas: g.quotas,
      tiering: g.tiering,
      tieDecisions: this.dataset.tieDecisions,
    };
    const rt = rankAndTier(tierInput);
    g.view = undefined;
    g.out = {
      indicatorPoints,
      indicatorMax,
      indicatorTotal,
      blockScore,
      blockMax,
      keyWork,
      compositeFull,
      composite,
      rankChange,
      rankChangeRule,
      prelimRanks,
      blocked,
      flags,
      tierInput,
      rt,
    };
    this.cached = undefined;
  }

  private tieKeys(
    g: CGroup,
    tbs: readonly { kind: string; id?: string | undefined }[],
    a: { indicatorTotal: Float64Array; evalKey: Float64Array; blockScore: Float64Array; keyWork: Float64Array },
  ): Float64Array[] {
    const n = g.n;
    const B = g.blocks.length;
    return tbs.map((tb) => {
      const k = new Float64Array(n);
      for (let lu = 0; lu < n; lu++) {
        const us = this.statics[g.units[lu] ?? 0];
        switch (tb.kind) {
          case 'indicatorTotal':
            k[lu] = a.indicatorTotal[lu] ?? 0;
            break;
          case 'evaluation':
            k[lu] = a.evalKey[lu] ?? 0;
            break;
          case 'raterGroup':
            k[lu] = us?.evalParts.find((p) => p.raterGroup === tb.id)?.mean ?? -1e300;
            break;
          case 'block': {
            const bi = g.blocks.findIndex((b) => b.id === tb.id);
            k[lu] = bi < 0 ? 0 : (a.blockScore[lu * B + bi] ?? 0);
            break;
          }
          case 'indicator': {
            const j = g.leafIndex.get(tb.id ?? '');
            k[lu] = j === undefined ? 0 : (g.score[lu * g.L + j] ?? 0);
            break;
          }
          case 'keyWork':
            k[lu] = a.keyWork[lu] ?? 0;
            break;
        }
      }
      return k;
    });
  }

  private unitRecords: Map<string, Dataset['units'][number]> | undefined;
  unitRecord(u: number): Dataset['units'][number] | undefined {
    if (!this.unitRecords) this.unitRecords = new Map(this.dataset.units.map((x) => [x.id, x] as const));
    return this.unitRecords.get(this.unitIds[u] ?? '');
  }

  // ------------------------------------------------------------------ results

  private groupView(g: CGroup): { units: UnitResult[]; issues: Issue[] } {
    return groupView(this, this.statics, g);
  }

  results(): Results {
    if (this.cached) return this.cached;
    const s = this.scheme;
    const dec = s.decimals;
    const views = this.groups.map((g) => this.groupView(g));
    const issues: Issue[] = [...this.issues];
    for (const v of views) issues.push(...v.issues);
    const units: UnitResult[] = new Array<UnitResult>(this.unitIds.length);
    for (let u = 0; u < this.unitIds.length; u++) {
      const x = views[this.unitGroup[u] ?? 0]?.units[this.unitLocal[u] ?? 0];
      if (x) units[u] = x;
    }
    const groups: GroupResult[] = this.groups.map((g) => ({
      groupId: g.id,
      unitCount: g.n,
      quotas: g.out?.rt.quotas ?? [],
      ties: g.out?.rt.ties ?? [],
      order: Array.from(g.out?.rt.order ?? [], (lu) => this.unitIds[g.units[lu] ?? 0] ?? ''),
    }));
    const results: Results = {
      schemeId: s.id,
      decimals: dec,
      publishable: !issues.some((i) => i.severity === 'error'),
      issues,
      units,
      groups,
      steps: PIPELINE_STEPS,
    };
    attachTrace(results, traceViews(this, this.statics, results));
    this.cached = results;
    return results;
  }

  // ------------------------------------------------------------------ incremental

  recompute(changes: readonly ValueChange[]): Results {
    return this.update({ values: changes });
  }

  update(change: DatasetChange): Results {
    const touched = new Map<number, Set<number>>();
    let staticsDirty = false;
    const open = (gi: number, g: CGroup): Set<number> => {
      let cells = touched.get(gi);
      if (!cells) {
        // copy on write, so earlier results keep their trace
        g.value = g.value.slice();
        g.has = g.has.slice();
        g.score = g.score.slice();
        g.raw = g.raw.slice();
        g.yearEnd = g.yearEnd.slice();
        g.status = g.status.slice();
        g.reason = g.reason.slice();
        g.lights = g.lights.slice();
        if (g.fractions) g.fractions = g.fractions.slice();
        g.nodeFrac = g.nodeFrac.slice();
        g.yellows = g.yellows.slice();
        g.reds = g.reds.slice();
        cells = new Set();
        touched.set(gi, cells);
      }
      return cells;
    };
    // Check every change before touching anything, so a bad change leaves the model as it was.
    for (const c of change.values ?? []) this.checkChange(c);
    const plan = this.rollChanges(change.values ?? []).map((c) => this.checkChange(c));
    // a value a measured deduction rule reads changes the unit's deductions
    const measured = new Set(
      this.scheme.deductions.flatMap((r) => (r.amount.kind === 'measured' ? [r.amount.indicator] : [])),
    );
    for (const { c, gi, g, j, lu } of plan) {
      const cells = open(gi, g);
      if (measured.has(c.indicatorId)) staticsDirty = true;
      const cell = lu * g.L + j;
      if (c.nodes === undefined || Object.hasOwn(c, 'value')) {
        if (c.value === undefined) g.has[cell] = 0;
        else {
          g.value[cell] = c.value;
          g.has[cell] = 1;
        }
      }
      const leaf = g.leaves[j];
      if (c.nodes && leaf?.process) {
        const base = lu * g.nodeStride + leaf.nodeOffset;
        for (const nd of c.nodes) {
          const k = leaf.process.nodes.findIndex((x) => x.id === nd.id);
          if (nd.light !== undefined) g.lights[base + k] = NODE_LIGHT_CODES[nd.light];
          if (nd.fraction === null) {
            if (g.fractions) g.fractions[base + k] = -1;
          } else if (nd.fraction !== undefined) fractionsOf(g)[base + k] = nd.fraction;
        }
        const y = g.yellows[lu];
        const r = g.reds[lu];
        this.nodeRow(g, lu);
        // light counts feed light deductions and the no-red-light rule
        if (g.yellows[lu] !== y || g.reds[lu] !== r) staticsDirty = true;
      }
      cells.add(cell);
    }
    const lists = ['bonuses', 'deductions', 'vetoes', 'discipline', 'rankings'] as const;
    if (lists.some((k) => change[k] !== undefined)) {
      const next: DatasetInput = { ...this.dataset, values: [], columns: undefined };
      for (const k of lists) if (change[k] !== undefined) Object.assign(next, { [k]: change[k] });
      let parsed: Dataset;
      if (this.trusted) parsed = next as Dataset;
      else {
        const vd = validateDataset(next, this.scheme);
        if (!vd.ok)
          throw new EngineError(
            'INVALID_DATASET',
            `the change has ${vd.issues.length} problem(s): ${vd.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
            vd.issues,
          );
        parsed = vd.dataset;
      }
      const d: Dataset = { ...this.dataset };
      for (const k of lists) if (change[k] !== undefined) Object.assign(d, { [k]: parsed[k] });
      this.dataset = d;
      staticsDirty = true;
    }
    if (staticsDirty) {
      const before = this.statics;
      const quotasBefore = this.groups.map((g) => JSON.stringify(g.quotas ?? null));
      this.statics = buildUnitStatics(this, this.dataset);
      this.computeQuotas();
      this.groups.forEach((g, gi) => {
        if (JSON.stringify(g.quotas ?? null) !== quotasBefore[gi] && !touched.has(gi)) touched.set(gi, new Set());
      });
      for (let u = 0; u < this.unitIds.length; u++) {
        const gi = this.unitGroup[u] ?? 0;
        if (touched.has(gi)) continue;
        if (staticKey(before[u]) !== staticKey(this.statics[u])) touched.set(gi, new Set());
      }
    }
    for (const [gi, cells] of touched) {
      const g = this.groups[gi];
      if (!g) continue;
      const cols = new Set<number>();
      for (const cell of cells) {
        const j = cell % g.L;
        if (g.leaves[j]?.column) cols.add(j);
        else this.scoreCell(g, Math.floor(cell / g.L), j);
      }
      for (const j of cols) this.scoreColumn(g, j);
      this.finalizeGroup(g);
    }
    this.cached = undefined;
    return this.results();
  }

  /** Resolve and check one cell change; throws a typed error naming the cell. */
  private checkChange(c: ValueChange): { c: ValueChange; gi: number; g: CGroup; j: number; lu: number } {
    const u = this.unitIndex.get(c.unitId);
    if (u === undefined) throw new EngineError('UNKNOWN_UNIT', `no unit '${c.unitId}'`);
    const gi = this.unitGroup[u] ?? 0;
    const g = this.groups[gi];
    const j = g?.leafIndex.get(c.indicatorId);
    if (!g || j === undefined)
      throw new EngineError('UNKNOWN_INDICATOR', `no indicator '${c.indicatorId}' in the group of unit '${c.unitId}'`);
    if (c.value !== undefined && !Number.isFinite(c.value))
      throw new EngineError('INVALID_DATASET', `value for '${c.unitId}'/'${c.indicatorId}' must be finite`);
    const leaf = g.leaves[j];
    for (const nd of c.nodes ?? []) {
      const where = `'${c.unitId}'/'${c.indicatorId}' node '${nd.id}'`;
      if (!leaf?.process?.nodes.some((x) => x.id === nd.id))
        throw new EngineError('INVALID_DATASET', `${where}: the indicator has no such process node`);
      if (nd.light !== undefined && !Object.hasOwn(NODE_LIGHT_CODES, nd.light))
        throw new EngineError('INVALID_DATASET', `${where}: light must be one of none, green, yellow, red`);
      if (typeof nd.fraction === 'number' && !(nd.fraction >= 0 && nd.fraction <= 1))
        throw new EngineError('INVALID_DATASET', `${where}: fraction must be in [0, 1]`);
    }
    return { c, gi, g, j, lu: this.unitLocal[u] ?? 0 };
  }
}

/**
 * Runs (column, first leaf, length) of columns mapped to consecutive leaves that each have exactly k
 * nodes, as a flat Int32Array; undefined when some mapped process leaf does not fit (general copy then).
 */
function lightRuns(g: CGroup, map: Int32Array, k: number): Int32Array | undefined {
  const out: number[] = [];
  let col = 0;
  while (col < map.length) {
    const j = map[col] as number;
    const leaf = j < 0 ? undefined : g.leaves[j];
    if (!leaf?.process) {
      col++;
      continue;
    }
    if (leaf.process.nodes.length !== k) return undefined;
    let len = 1;
    while (col + len < map.length) {
      const nj = map[col + len] as number;
      const next = g.leaves[nj];
      if (nj !== j + len || next?.process?.nodes.length !== k || next.nodeOffset !== leaf.nodeOffset + len * k) break;
      len++;
    }
    out.push(col, j, len);
    col += len;
  }
  return Int32Array.from(out);
}

/**
 * Compile a scheme and dataset into a model that can be recomputed incrementally.
 * Inputs are validated (zod + references) unless `options.trusted`.
 */
export function prepare(
  scheme: Scheme | SchemeInput,
  dataset: Dataset | DatasetInput,
  options?: ComputeOptions,
): Prepared {
  const { s, d, issues } = normaliseInputs(scheme, dataset, options);
  return new Model(s, d, issues, options?.trusted === true);
}

/**
 * Scores, ranks and tiers every unit. Same inputs → byte-identical results whatever the order of
 * input rows (units are sorted by id, sums run by indicator id, ties are ordered by unit id).
 */
export function compute(
  scheme: Scheme | SchemeInput,
  dataset: Dataset | DatasetInput,
  options?: ComputeOptions,
): Results {
  return prepare(scheme, dataset, options).results();
}
