/**
 * The pipeline: scheme + dataset → compiled model (typed arrays) → indicator scores → aggregation →
 * composite → rank → tiers → results with a columnar trace. `prepare` compiles once; `recompute`
 * applies changed values and redoes only the groups they touch.
 */
import { EngineError } from './errors';
import { compileFormula, parseFormula, type CompiledFormula, type FormulaEvalError } from './formula';
import {
  deductionPenalty,
  goalpostsPoints,
  gradeScore,
  manualScore,
  meets,
  rankColumn,
  ratioPoints,
  ratioTargetOk,
  REASON,
  CELL_REASONS,
  stepsPoints,
  topRatioColumn,
  upperScore,
  type CellScore,
} from './methods';
import {
  NODE_LIGHT_CODES,
  type BaseMethod,
  type Dataset,
  type DatasetInput,
  type Group,
  type Indicator,
  type Issue,
  type Method,
  type MissingPolicy,
  type Light,
  type Process,
  type Scheme,
  type SchemeInput,
  type Tiering,
  type UpperResult,
  type Value,
} from './model';
import { roundHalfUp } from './round';
import {
  CELL_STATUSES,
  TIER_STEP_BITS,
  type IndicatorScores,
  type AdjustmentExplanation,
  type GroupResult,
  type IndicatorExplanation,
  type RankTierInput,
  type RankTierOutput,
  type Results,
  type StepExplanation,
  type UnitExplanation,
  type UnitResult,
} from './results';
import { rankAndTier, splitQuotaLargestRemainder, sportRank } from './tiers';
import { attachTrace } from './trace';
import { validateDataset, validateScheme } from './validate';

export interface ComputeOptions {
  /** Skip zod validation when the caller already validated (benchmarks, re-runs). */
  trusted?: boolean | undefined;
}

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

// cell status
const ST_OK = 0;
const ST_ZERO = 1;
const ST_EXCLUDED = 2;
const ST_BLOCKED = 3;
const ST_NA = 4;
const STATUS_NAMES = CELL_STATUSES;

interface CLeaf {
  id: string;
  name: string | undefined;
  block: number;
  path: string[];
  points: number;
  method: Method;
  /** The method that turns the raw measure into points (formula → its `then`). */
  scorer: Method | BaseMethod | undefined;
  column: boolean;
  uncapped: boolean;
  missing: MissingPolicy;
  process: Process | undefined;
  nodeOffset: number;
  /** Node fraction by light code (none, green, yellow, red): a table instead of a branch per node. */
  lightTable: Float64Array;
  /** Node weights, or undefined when all are equal (the node part is then a plain mean). */
  nodeWeights: Float64Array | undefined;
  nodeWeightSum: number;
  key: boolean;
  assessorId: string | undefined;
  ind: Indicator;
  appliesTo: Set<string> | undefined;
  formula: { fn: CompiledFormula; slots: string[]; usesCoefficient: boolean; vals: Float64Array } | undefined;
  upper: UpperResult | undefined;
  /** Has per-unit parameters (skip the lookup otherwise). */
  perUnit: boolean;
  /** Difficulty coefficient applies to the raw value / to the score (and the formula does not use it itself). */
  diffRaw: boolean;
  diffScore: boolean;
  /** Process share (0 without process nodes). */
  share: number;
  /** Scheme-level target/baseline/coefficient when there are no per-unit parameters (looked up once). */
  target: number | undefined;
  baseline: number | undefined;
  coefficient: number | undefined;
}

interface CBlock {
  id: string;
  name: string | undefined;
  /** The scheme's block weight for this group; undefined = the points of the indicators applying to each unit. */
  weight: number | undefined;
  full: number;
  leaves: number[];
}

interface CGroup {
  id: string;
  index: number;
  group: Group;
  leaves: CLeaf[];
  leafIndex: Map<string, number>;
  /** Leaves that are key work, and leaves with flags, in leaf order (finalize loops over these only). */
  keyLeaves: number[];
  flagLeaves: number[];
  blocks: CBlock[];
  nodeStride: number;
  tiering: Tiering;
  units: number[];
  n: number;
  L: number;
  value: Float64Array;
  has: Uint8Array;
  rich: Map<number, Value>;
  lights: Uint8Array;
  /** Reported node fractions (−1 = from the light); allocated only when some node reports one. */
  fractions: Float64Array | undefined;
  /** Node part per cell as a fraction of the indicator's points (process leaves only). */
  nodeFrac: Float64Array;
  /** Yellow and red node lights per local unit. */
  yellows: Int32Array;
  reds: Int32Array;
  score: Float64Array;
  raw: Float64Array;
  /** Year-end part in points (before the process blend), for the trace. */
  yearEnd: Float64Array;
  status: Uint8Array;
  reason: Uint8Array;
  quotas: (number | null)[] | undefined;
  out: GroupOut | undefined;
  /** Unit results and issues of the group, rebuilt only after the group changes. */
  view: { units: UnitResult[]; issues: Issue[] } | undefined;
}

interface GroupOut {
  indicatorPoints: Float64Array;
  indicatorMax: Float64Array;
  indicatorTotal: Float64Array;
  blockScore: Float64Array;
  blockMax: Float64Array;
  keyWork: Float64Array;
  compositeFull: Float64Array;
  composite: Float64Array;
  rankChange: Float64Array;
  rankChangeRule: (string | undefined)[];
  prelimRanks: Int32Array;
  blocked: Uint8Array;
  flags: string[][];
  /** The ranking and tiering input (eligibility, overrides, tie keys): re-runs change only the scores. */
  tierInput: RankTierInput;
  rt: RankTierOutput;
}

interface UnitStatic {
  evaluation: number | null;
  evalParts: { raterGroup: string; valid: number; used: number; mean: number | null; weight: number }[];
  bonus: number;
  potential: number;
  deductions: number;
  adjustments: AdjustmentExplanation[];
  vetoes: string[];
  bestAllowed: number;
  setAside: boolean;
  downgrade: number;
  hasRed: boolean;
  deductionRules: Set<string>;
}

// Copied once: imported bindings are live getters under some loaders, too slow in the per-node loop.
const L_YELLOW: number = NODE_LIGHT_CODES.yellow;
const L_RED: number = NODE_LIGHT_CODES.red;
const REASON_CODES: Readonly<Record<string, number>> = { ...REASON };

const EMPTY_TABLE = new Float64Array(256);
/** Light code → packed count: none (and unknown codes) in bits 0–7, green 8–15, yellow 16–23, red 24–31. */
const LIGHT_PACK = new Int32Array(256).fill(1);
LIGHT_PACK[NODE_LIGHT_CODES.green] = 1 << 8;
LIGHT_PACK[NODE_LIGHT_CODES.yellow] = 1 << 16;
LIGHT_PACK[NODE_LIGHT_CODES.red] = 1 << 24;
const clampTo = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

function normaliseInputs(
  scheme: Scheme | SchemeInput,
  dataset: Dataset | DatasetInput,
  options: ComputeOptions | undefined,
): { s: Scheme; d: Dataset; issues: Issue[] } {
  if (options?.trusted) return { s: scheme as Scheme, d: dataset as Dataset, issues: [] };
  const vs = validateScheme(scheme);
  if (!vs.ok)
    throw new EngineError(
      'INVALID_SCHEME',
      `the scheme has ${vs.issues.length} problem(s): ${vs.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      vs.issues,
    );
  const vd = validateDataset(dataset, vs.scheme);
  if (!vd.ok)
    throw new EngineError(
      'INVALID_DATASET',
      `the dataset has ${vd.issues.length} problem(s): ${vd.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      vd.issues,
    );
  return { s: vs.scheme, d: vd.dataset, issues: [...vs.warnings, ...vd.warnings] };
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A 256-entry fraction table per light code (unknown codes count as no light), shared by equal configurations. */
function lightTableOf(p: Process, tables: Map<string, Float64Array>): Float64Array {
  const key = `${p.missingFraction}|${p.greenFraction}|${p.yellowFraction}|${p.redFraction}`;
  let t = tables.get(key);
  if (!t) {
    t = new Float64Array(256).fill(p.missingFraction);
    t[NODE_LIGHT_CODES.green] = p.greenFraction;
    t[NODE_LIGHT_CODES.yellow] = p.yellowFraction;
    t[NODE_LIGHT_CODES.red] = p.redFraction;
    tables.set(key, t);
  }
  return t;
}

function compileGroup(
  s: Scheme,
  gi: number,
  upperById: Map<string, UpperResult>,
  tables: Map<string, Float64Array>,
): CGroup {
  const g = s.groups[gi];
  if (!g) throw new EngineError('INVALID_SCHEME', `no group ${gi}`);
  const srcBlocks = [...(g.blocks ?? s.blocks)].sort(byId);
  const leaves: CLeaf[] = [];
  const blocks: CBlock[] = [];
  let nodeOffset = 0;
  srcBlocks.forEach((b, bi) => {
    const blockLeaves: CLeaf[] = [];
    const walk = (ind: Indicator, path: string[]): void => {
      if (g.exclude.includes(ind.id)) return;
      if (ind.children && ind.children.length > 0) {
        for (const c of [...ind.children].sort(byId)) walk(c, [...path, ind.id]);
        return;
      }
      const ov = g.overrides[ind.id];
      const method = ov?.method ?? ind.method;
      if (!method) throw new EngineError('INVALID_SCHEME', `indicator '${ind.id}' has no method`);
      const scorer = method.kind === 'formula' ? method.then : method;
      let formula: CLeaf['formula'];
      if (method.kind === 'formula') {
        const parsed = parseFormula(method.expr);
        if (!parsed.ok) throw new EngineError('FORMULA_ERROR', `indicator '${ind.id}': ${parsed.message}`);
        const slots = parsed.names;
        formula = {
          fn: compileFormula(parsed.ast, new Map(slots.map((n, i) => [n, i] as const))),
          slots,
          usesCoefficient: slots.includes('coefficient'),
          vals: new Float64Array(slots.length),
        };
      }
      const process = ind.process;
      let lightTable: Float64Array = EMPTY_TABLE;
      let nodeWeights: Float64Array | undefined;
      let nodeWeightSum = 0;
      if (process) {
        lightTable = lightTableOf(process, tables);
        const ws = process.nodes.map((nd) => nd.weight);
        nodeWeightSum = ws.reduce((a, w) => a + w, 0);
        if (ws.some((w) => w !== ws[0])) nodeWeights = Float64Array.from(ws);
      }
      const perUnit = Object.keys(ind.unitParams).length > 0;
      const leaf: CLeaf = {
        id: ind.id,
        name: ind.name,
        block: bi,
        path,
        points: ov?.points ?? ind.points,
        method,
        scorer,
        column: scorer?.kind === 'topRatio' || scorer?.kind === 'rank',
        uncapped: scorer?.kind === 'ratio' && scorer.uncapped,
        missing: ov?.missing ?? ind.missing,
        process,
        nodeOffset,
        lightTable,
        nodeWeights,
        nodeWeightSum,
        key: ind.key,
        assessorId: ind.assessorId,
        ind,
        appliesTo: ind.appliesTo
          ? new Set(ind.appliesTo)
          : method.kind === 'upper' && method.unitIds
            ? new Set(method.unitIds)
            : undefined,
        formula,
        upper: method.kind === 'upper' ? upperById.get(method.upperId) : undefined,
        perUnit,
        diffRaw: ind.difficultyApplies === 'raw' && !formula?.usesCoefficient,
        diffScore: ind.difficultyApplies === 'score' && !formula?.usesCoefficient,
        share: process ? process.share : 0,
        target: ind.params.target,
        baseline: ind.params.baseline,
        coefficient: ind.params.coefficient,
      };
      nodeOffset += process ? process.nodes.length : 0;
      blockLeaves.push(leaf);
    };
    for (const ind of [...b.indicators].sort(byId)) walk(ind, []);
    const full = blockLeaves.reduce((a, l) => a + l.points, 0);
    const idxs: number[] = [];
    for (const l of blockLeaves) {
      idxs.push(leaves.length);
      leaves.push(l);
    }
    blocks.push({ id: b.id, name: b.name, weight: g.blockWeights[b.id] ?? b.weight, full, leaves: idxs });
  });
  return {
    id: g.id,
    index: gi,
    group: g,
    leaves,
    leafIndex: new Map(leaves.map((l, i) => [l.id, i] as const)),
    keyLeaves: leaves.flatMap((l, i) => (l.key ? [i] : [])),
    flagLeaves: leaves.flatMap((l, i) => (l.ind.flags.length > 0 ? [i] : [])),
    blocks,
    nodeStride: nodeOffset,
    tiering: g.tiering ?? s.tiering,
    units: [],
    n: 0,
    L: leaves.length,
    value: new Float64Array(0),
    has: new Uint8Array(0),
    rich: new Map(),
    lights: new Uint8Array(0),
    fractions: undefined,
    nodeFrac: new Float64Array(0),
    yellows: new Int32Array(0),
    reds: new Int32Array(0),
    score: new Float64Array(0),
    raw: new Float64Array(0),
    yearEnd: new Float64Array(0),
    status: new Uint8Array(0),
    reason: new Uint8Array(0),
    quotas: undefined,
    out: undefined,
    view: undefined,
  };
}

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
  /** Per-row light counts by code (only yellow and red are read). */
  private readonly lightCount = new Int32Array(256);

  constructor(s: Scheme, d: Dataset, issues: Issue[], trusted = false) {
    this.scheme = s;
    this.dataset = d;
    this.trusted = trusted;
    this.roundScores = s.roundIndicatorScores;
    this.issues = issues;
    const upperById = new Map(d.upper.map((u) => [u.upperId, u] as const));
    const tables = new Map<string, Float64Array>();
    this.groups = s.groups.map((_, gi) => compileGroup(s, gi, upperById, tables));
    const groupIdx = new Map(s.groups.map((g, i) => [g.id, i] as const));
    const units = [...d.units].sort(byId);
    this.unitIds = units.map((u) => u.id);
    this.unitIndex = new Map(this.unitIds.map((id, i) => [id, i] as const));
    this.unitGroup = new Int32Array(units.length);
    this.unitLocal = new Int32Array(units.length);
    units.forEach((u, i) => {
      const gi = groupIdx.get(u.group);
      if (gi === undefined) throw new EngineError('UNKNOWN_UNIT', `unit '${u.id}' is in unknown group '${u.group}'`);
      const g = this.groups[gi];
      if (!g) throw new EngineError('UNKNOWN_UNIT', `unit '${u.id}' is in unknown group '${u.group}'`);
      this.unitGroup[i] = gi;
      this.unitLocal[i] = g.units.length;
      g.units.push(i);
    });
    let maxN = 0;
    for (const g of this.groups) {
      g.n = g.units.length;
      maxN = Math.max(maxN, g.n);
      const cells = g.n * g.L;
      g.value = new Float64Array(cells);
      g.has = new Uint8Array(cells);
      g.lights = new Uint8Array(g.n * g.nodeStride);
      g.nodeFrac = new Float64Array(cells);
      g.yellows = new Int32Array(g.n);
      g.reds = new Int32Array(g.n);
      g.score = new Float64Array(cells);
      g.raw = new Float64Array(cells);
      g.yearEnd = new Float64Array(cells);
      g.status = new Uint8Array(cells);
      g.reason = new Uint8Array(cells);
    }
    this.tmpCol = new Float64Array(maxN);
    this.tmpHas = new Uint8Array(maxN);
    this.tmpRaw = new Float64Array(maxN);
    this.tmpReason = new Uint8Array(maxN);
    this.loadRows(d);
    this.loadColumns(d);
    for (const g of this.groups) for (let lu = 0; lu < g.n; lu++) this.nodeRow(g, lu);
    this.statics = this.buildStatics();
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

  // ------------------------------------------------------------------ unit-level parts that values do not change

  private buildStatics(): UnitStatic[] {
    const s = this.scheme;
    const d = this.dataset;
    const N = this.unitIds.length;
    const st: UnitStatic[] = this.unitIds.map(() => ({
      evaluation: null,
      evalParts: [],
      bonus: 0,
      potential: 0,
      deductions: 0,
      adjustments: [],
      vetoes: [],
      bestAllowed: 0,
      setAside: false,
      downgrade: 0,
      hasRed: false,
      deductionRules: new Set<string>(),
    }));
    const at = (unitId: string): UnitStatic | undefined => {
      const u = this.unitIndex.get(unitId);
      return u === undefined ? undefined : st[u];
    };
    this.computeEvaluation(st);

    // bonus: highest level per achievement, category caps, total cap
    const win = measurementWindowOf(s);
    const inWin = (date: string | undefined): boolean =>
      win === undefined || date === undefined || (date >= win.from && date <= win.to);
    const outsideNote = (date: string | undefined): string =>
      `dated ${date ?? ''}, outside the measurement window ${win?.from ?? ''} – ${win?.to ?? ''}: not counted this year`;
    const bonusByUnit = groupBy(d.bonuses, (b) => b.unitId);
    for (const [unitId, all] of bonusByUnit) {
      const us = at(unitId);
      if (!us) continue;
      const recs: typeof all = [];
      for (const r of [...all].sort(byId)) {
        if (inWin(r.date)) recs.push(r);
        else
          us.adjustments.push({
            kind: 'bonus',
            ruleId: r.category,
            recordId: r.id,
            points: 0,
            counted: false,
            note: outsideNote(r.date),
          });
      }
      let inCap = 0;
      let potential = 0;
      for (const cat of [...s.bonus.categories].sort(byId)) {
        const rs = recs.filter((r) => r.category === cat.id).sort(byId);
        if (rs.length === 0) continue;
        const amount = (r: (typeof rs)[number]): number => r.points ?? cat.levels[r.level ?? ''] ?? 0;
        const best = new Map<string, (typeof rs)[number]>();
        if (cat.highestOnly) {
          for (const r of rs) {
            const key = r.achievement ?? r.id;
            const cur = best.get(key);
            if (!cur || amount(r) > amount(cur)) best.set(key, r);
          }
        }
        let sum = 0;
        for (const r of rs) {
          const counted = !cat.highestOnly || best.get(r.achievement ?? r.id) === r;
          const pts = amount(r);
          us.adjustments.push({
            kind: cat.inTotalCap ? 'bonus' : 'potential',
            ruleId: cat.id,
            recordId: r.id,
            points: counted ? pts : 0,
            counted,
            note: counted
              ? `${r.level ?? 'points'}: +${pts}`
              : `same achievement '${r.achievement ?? r.id}' counted once at its highest level`,
          });
          if (counted) sum += pts;
        }
        if (cat.cap !== undefined && sum > cat.cap) {
          us.adjustments.push({
            kind: cat.inTotalCap ? 'bonus' : 'potential',
            ruleId: cat.id,
            points: cat.cap - sum,
            counted: true,
            note: `category cap ${cat.cap}: ${sum} → ${cat.cap}`,
          });
          sum = cat.cap;
        }
        if (cat.inTotalCap) inCap += sum;
        else potential += sum;
      }
      if (s.bonus.cap !== undefined && inCap > s.bonus.cap) {
        us.adjustments.push({
          kind: 'bonus',
          ruleId: 'bonus.cap',
          points: s.bonus.cap - inCap,
          counted: true,
          note: `bonus cap ${s.bonus.cap}: ${inCap} → ${s.bonus.cap}`,
        });
        inCap = s.bonus.cap;
      }
      us.bonus = inCap + potential;
      us.potential = potential;
    }

    // node lights per unit (for light deductions and the no-red-light eligibility)
    const yellows = new Int32Array(N);
    const reds = new Int32Array(N);
    for (const g of this.groups) {
      for (let lu = 0; lu < g.n; lu++) {
        const u = g.units[lu] ?? 0;
        yellows[u] = g.yellows[lu] ?? 0;
        reds[u] = g.reds[lu] ?? 0;
      }
    }

    // deductions: per rule, repeats multiplied, rule limit, shared caps
    const dedByUnit = groupBy(d.deductions, (r) => r.unitId);
    const lightRules = s.deductions.filter((r) => r.amount.kind === 'lights');
    const placesByUnit = rankPlacesByUnit(s, d, win);
    // R34: the measures of units in their role as assessors, only when a rule reads them
    const measuresByUnit = new Map<string, Map<string, number>>();
    if (s.deductions.some((r) => r.amount.kind === 'assessor'))
      for (const m of d.assessorMeasures ?? []) {
        const row = measuresByUnit.get(m.unitId) ?? new Map<string, number>();
        row.set(m.measure, m.value);
        measuresByUnit.set(m.unitId, row);
      }
    const periodsById = new Map(s.periods.map((p) => [p.id, p] as const));
    for (let u = 0; u < N; u++) {
      const us = st[u];
      if (!us) continue;
      us.hasRed = (reds[u] ?? 0) > 0;
      const recs = dedByUnit.get(this.unitIds[u] ?? '') ?? [];
      const places = placesByUnit.get(this.unitIds[u] ?? '');
      const asAssessor = measuresByUnit.get(this.unitIds[u] ?? '');
      if (recs.length === 0 && lightRules.length === 0 && !places && !asAssessor) continue;
      const ruleTotals = new Map<string, number>();
      for (const rule of [...s.deductions].sort(byId)) {
        const rs = recs
          .filter((r) => r.rule === rule.id)
          .sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : byId(a, b)));
        let total = 0;
        if (rule.amount.kind === 'lights') {
          let y = yellows[u] ?? 0;
          let r = reds[u] ?? 0;
          for (const rec of rs) {
            if (rec.level === 'yellow') y += rec.count;
            if (rec.level === 'red') r += rec.count;
          }
          if (y + r > 0) us.deductionRules.add(rule.id);
          if (rule.amount.yellow) {
            const p = Math.floor(y / rule.amount.yellow.every) * rule.amount.yellow.points;
            if (p > 0)
              us.adjustments.push({
                kind: 'deduction',
                ruleId: rule.id,
                points: -p,
                counted: true,
                note: `${y} yellow light(s): −${rule.amount.yellow.points} per ${rule.amount.yellow.every}`,
              });
            total += p;
          }
          if (rule.amount.red) {
            const p = Math.floor(r / rule.amount.red.every) * rule.amount.red.points;
            if (p > 0)
              us.adjustments.push({
                kind: 'deduction',
                ruleId: rule.id,
                points: -p,
                counted: true,
                note: `${r} red light(s): −${rule.amount.red.points} per ${rule.amount.red.every}`,
              });
            total += p;
          }
        } else if (rule.amount.kind === 'assessor') {
          // flagged as an assessor: the measure beyond the rule's bound (strictly), enough scores given
          const a = rule.amount;
          const v = asAssessor?.get(a.measure);
          const given = asAssessor?.get('scores') ?? 0;
          const flagged =
            v !== undefined &&
            given >= a.minScores &&
            (a.above !== undefined || a.below !== undefined) &&
            (a.above === undefined || v > a.above) &&
            (a.below === undefined || v < a.below);
          if (flagged) {
            us.deductionRules.add(rule.id);
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              points: -a.points,
              counted: true,
              note: `as an assessor: ${a.measure} ${Math.round(v * 10000) / 10000}${a.above !== undefined ? ` > ${a.above}` : ''}${a.below !== undefined ? ` < ${a.below}` : ''} (${given} score(s) given): −${a.points}`,
            });
            total += a.points;
          }
        } else if (rule.amount.kind === 'rankPlaces') {
          // one deduction per sub-unit per period in the bottom places of the other ranking
          for (const e of places ?? []) {
            if (e.ruleId !== rule.id) continue;
            us.deductionRules.add(rule.id);
            const p = rule.amount.points;
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              recordId: `${e.ranking}/${e.period}/${e.subUnitId}`,
              points: -p,
              counted: true,
              note: `${e.subUnitId} place ${e.place} of ${e.size} in ${e.ranking} ${e.period} (bottom ${rule.amount.bottom}): −${p}`,
            });
            total += p;
          }
        } else {
          const seenCat = new Set<string>();
          const rulePeriods = (rule.periods ?? s.periods.map((p) => p.id)).flatMap((id) => {
            const p = periodsById.get(id);
            return p ? [p] : [];
          });
          for (const rec of rs) {
            if (!inWin(rec.date)) {
              // outside the window: neither counted nor a first occurrence for recurrence
              us.adjustments.push({
                kind: 'deduction',
                ruleId: rule.id,
                recordId: rec.id,
                points: 0,
                counted: false,
                note: outsideNote(rec.date),
              });
              continue;
            }
            us.deductionRules.add(rule.id);
            let base = 0;
            if (rule.amount.kind === 'perLevel') base = rule.amount.levels[rec.level ?? ''] ?? 0;
            else if (rule.amount.kind === 'fixed') base = rule.amount.points;
            else if (rule.amount.kind === 'fromRecord') base = (rec.points ?? 0) * rule.amount.factor;
            const repeat = rec.repeat || (rec.category !== undefined && seenCat.has(rec.category));
            if (rec.category !== undefined) seenCat.add(rec.category);
            const date = rec.date;
            const period = date === undefined ? undefined : rulePeriods.find((p) => date >= p.from && date <= p.to);
            const rm = repeat ? rule.repeatMultiplier : 1;
            const pm = period ? rule.periodMultiplier : 1;
            const mult = rule.combine === 'product' ? rm * pm : Math.max(rm, pm);
            const p = base * rec.count * mult;
            const why: string[] = [];
            if (repeat && rule.repeatMultiplier !== 1) why.push('repeat');
            if (period && rule.periodMultiplier !== 1) why.push(`in period ${period.id}`);
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              recordId: rec.id,
              points: -p,
              counted: true,
              note: `${rec.level ?? ''}${rec.count > 1 ? ` × ${rec.count}` : ''}${mult !== 1 ? ` × ${mult} (${why.join(', ')}${why.length > 1 ? `, ${rule.combine}` : ''})` : ''}`.trim(),
            });
            total += p;
          }
        }
        if (rule.limit !== undefined && total > rule.limit) {
          us.adjustments.push({
            kind: 'deduction',
            ruleId: rule.id,
            points: total - rule.limit,
            counted: true,
            note: `limit ${rule.limit}: ${total} → ${rule.limit}`,
          });
          total = rule.limit;
        }
        if (total !== 0) ruleTotals.set(rule.id, total);
      }
      for (const cap of [...s.deductionCaps].sort(byId)) {
        const sum = cap.rules.reduce((a, r) => a + (ruleTotals.get(r) ?? 0), 0);
        if (sum > cap.limit) {
          us.adjustments.push({
            kind: 'deduction',
            ruleId: cap.id,
            points: sum - cap.limit,
            counted: true,
            note: `shared limit ${cap.limit} over ${cap.rules.join(', ')}: ${sum} → ${cap.limit}`,
          });
          let excess = sum - cap.limit;
          for (const r of [...cap.rules].reverse()) {
            const v = ruleTotals.get(r) ?? 0;
            const cut = Math.min(v, excess);
            ruleTotals.set(r, v - cut);
            excess -= cut;
          }
        }
      }
      let tot = 0;
      for (const r of [...ruleTotals.keys()].sort()) tot += ruleTotals.get(r) ?? 0;
      us.deductions = tot;
    }

    // vetoes and discipline
    const T = (u: number): number => (this.groups[this.unitGroup[u] ?? 0]?.tiering.tiers.length ?? 1) - 1;
    const vetoRules = new Map(s.vetoes.map((v) => [v.id, v] as const));
    for (const rec of [...d.vetoes].sort(byId)) {
      const u = this.unitIndex.get(rec.unitId);
      const rule = vetoRules.get(rec.rule);
      if (u === undefined || !rule) continue;
      const us = st[u];
      if (!us) continue;
      if (!inWin(rec.date)) {
        us.adjustments.push({
          kind: 'veto',
          ruleId: rule.id,
          recordId: rec.id,
          points: 0,
          counted: false,
          note: outsideNote(rec.date),
        });
        continue;
      }
      us.vetoes.push(rule.id);
      const e = rule.effect;
      if (e.kind === 'lowestTier') {
        us.setAside = true;
        us.bestAllowed = T(u);
        us.adjustments.push({
          kind: 'veto',
          ruleId: rule.id,
          recordId: rec.id,
          points: 0,
          counted: true,
          note: 'one-vote veto: lowest tier',
        });
      } else if (e.kind === 'barTopTiers') {
        us.bestAllowed = Math.max(us.bestAllowed, Math.min(e.n, T(u)));
        us.adjustments.push({
          kind: 'veto',
          ruleId: rule.id,
          recordId: rec.id,
          points: 0,
          counted: true,
          note: `one-vote veto: barred from the top ${e.n} tier(s)`,
        });
      } else {
        us.deductions += e.points;
        us.deductionRules.add(rule.id);
        us.adjustments.push({
          kind: 'veto',
          ruleId: rule.id,
          recordId: rec.id,
          points: -e.points,
          counted: true,
          note: `one-vote veto: fixed deduction ${e.points}`,
        });
      }
    }
    for (const rec of [...d.discipline].sort(byId)) {
      const u = this.unitIndex.get(rec.unitId);
      const us = u === undefined ? undefined : st[u];
      if (!us) continue;
      if (!inWin(rec.date)) {
        us.adjustments.push({
          kind: 'discipline',
          ruleId: 'discipline',
          recordId: rec.id,
          points: 0,
          counted: false,
          note: outsideNote(rec.date),
        });
        continue;
      }
      const first = us.downgrade === 0;
      us.downgrade = s.discipline.steps;
      us.adjustments.push({
        kind: 'discipline',
        ruleId: 'discipline',
        recordId: rec.id,
        points: 0,
        counted: first,
        note: first
          ? `discipline case: down ${s.discipline.steps} tier(s)`
          : 'further discipline case: the unit is already downgraded once',
      });
    }
    return st;
  }

  /** §4.5: don't-know excluded, uniform ballots invalid, trimmed above a threshold, mean per rater group, weighted, on 100. */
  private computeEvaluation(st: UnitStatic[]): void {
    const ev = this.scheme.evaluation;
    if (!ev) return;
    const N = this.unitIds.length;
    const R = ev.raterGroups.length;
    const marks: number[][] = Array.from({ length: N * R }, () => []);
    const ballots = [...this.dataset.ballots].sort(byId);
    ev.raterGroups.forEach((rg, ri) => {
      const scaleMax =
        rg.form === 'scale'
          ? rg.max
          : rg.form === 'ranking'
            ? rg.rankBase
            : Math.max(0, ...Object.values(rg.options ?? {}).map((v) => v ?? 0));
      for (const b of ballots) {
        if (b.raterGroup !== rg.id) continue;
        const pts: [number, number][] = [];
        for (const uid of Object.keys(b.marks).sort()) {
          const m = b.marks[uid];
          const u = this.unitIndex.get(uid);
          if (u === undefined || m === null || m === undefined) continue;
          if (rg.unitGroups && !rg.unitGroups.includes(this.groups[this.unitGroup[u] ?? 0]?.id ?? '')) continue;
          let p: number | null = null;
          if (rg.form === 'options') p = typeof m === 'string' ? (rg.options?.[m] ?? null) : null;
          else if (typeof m === 'number') {
            if (rg.form === 'scale') p = m >= rg.min && m <= rg.max ? m : null;
            else {
              const raw =
                rg.rankStepUnit === 'percent'
                  ? rg.rankBase * (1 - (rg.rankStep / 100) * (m - 1))
                  : rg.rankBase - rg.rankStep * (m - 1);
              p = Math.max(raw, rg.rankBase * rg.rankFloor);
            }
          }
          if (p !== null) pts.push([u, p]);
        }
        if (ev.invalidateUniform && pts.length >= 2 && pts.every(([, p]) => p === pts[0]?.[1])) continue;
        for (const [u, p] of pts) marks[u * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
      }
      for (const t of this.dataset.tallies) {
        if (t.raterGroup !== rg.id) continue;
        const u = this.unitIndex.get(t.unitId);
        if (u === undefined) continue;
        for (const opt of Object.keys(t.counts).sort()) {
          const p = rg.options?.[opt];
          if (p === null || p === undefined) continue;
          const c = t.counts[opt] ?? 0;
          for (let k = 0; k < c; k++) marks[u * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
        }
      }
    });
    for (let u = 0; u < N; u++) {
      const us = st[u];
      if (!us) continue;
      let wsum = 0;
      let acc = 0;
      ev.raterGroups.forEach((rg, ri) => {
        const list = (marks[u * R + ri] ?? []).slice().sort((a, b) => a - b);
        const valid = list.length;
        const used = ev.trimAbove !== undefined && valid > ev.trimAbove ? list.slice(1, -1) : list;
        let mean: number | null = null;
        if (used.length > 0) {
          let sum = 0;
          for (const x of used) sum += x;
          mean = sum / used.length;
          wsum += rg.weight;
          acc += rg.weight * mean;
        }
        us.evalParts.push({ raterGroup: rg.id, valid, used: used.length, mean, weight: rg.weight });
      });
      us.evaluation = wsum > 0 ? acc / wsum : null;
    }
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
      default:
        this.outScore = 0;
        return true;
    }
  }

  /** Node part as a fraction (for the trace): Σ weight × node fraction / Σ weight, as computed by `nodeRow`. */
  private nodePart(g: CGroup, lu: number, leaf: CLeaf): number {
    if (!leaf.process) return 0;
    const j = g.leafIndex.get(leaf.id) ?? 0;
    return g.nodeFrac[lu * g.L + j] ?? 0;
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
      indicatorTotal[lu] = max > 0 ? (max === 100 ? total : (total * 100) / max) : 0;
      let kw = 0;
      for (const j of g.keyLeaves) kw += g.score[row + j] ?? 0;
      const f: string[] = [];
      for (const j of g.flagLeaves) {
        const leaf = g.leaves[j];
        if (!leaf || g.status[row + j] !== ST_OK) continue;
        const x = g.raw[row + j] ?? 0;
        for (const fl of leaf.ind.flags) {
          const below = fl.below !== undefined && !meets(x, fl.below);
          const above = fl.above !== undefined && meets(x, fl.above);
          if (below || above) f.push(fl.id);
        }
      }
      keyWork[lu] = kw;
      flags.push(f.length === 0 ? [] : [...new Set(f)].sort());
    }

    // composite before rank change, preliminary rank, rank change, final composite
    const { a, b } = g.group.composite;
    const pre = new Float64Array(n);
    const evalKey = new Float64Array(n);
    for (let lu = 0; lu < n; lu++) {
      const us = this.statics[g.units[lu] ?? 0];
      const ev = us?.evaluation ?? null;
      evalKey[lu] = ev ?? -1e300;
      pre[lu] = a * (indicatorTotal[lu] ?? 0) + b * (ev ?? 0) + (us?.bonus ?? 0) - (us?.deductions ?? 0);
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
    if (g.view) return g.view;
    const s = this.scheme;
    const dec = s.decimals;
    const o = g.out;
    const units: UnitResult[] = [];
    const issues: Issue[] = [];
    if (!o) return { units, issues };
    const tiers = g.tiering.tiers;
    const B = g.blocks.length;
    for (let lu = 0; lu < g.n; lu++) {
      const u = g.units[lu] ?? 0;
      const us = this.statics[u];
      if (!us) continue;
      const ti = o.rt.tiers[lu] ?? tiers.length - 1;
      const tier = tiers[ti];
      const unitId = this.unitIds[u] ?? '';
      const blocked = o.blocked[lu] === 1;
      if (blocked) {
        const missing: string[] = [];
        for (let j = 0; j < g.L; j++) if (g.status[lu * g.L + j] === ST_BLOCKED) missing.push(g.leaves[j]?.id ?? '');
        issues.push({
          code: 'missing_data_blocks',
          path: `units.${unitId}`,
          message: `missing data for ${missing.join(', ')} blocks publication`,
          severity: 'error',
          params: { unit: unitId },
        });
      }
      const consequences: string[] = [];
      const rec = this.unitRecord(u);
      if (rec && rec.history.length > 0) {
        const hist = [...rec.history].sort((x, y) => y.year - x.year);
        for (const c of s.resultsUse.consecutive) {
          if (!tier || !c.tiers.includes(tier.id)) continue;
          const prev = hist.slice(0, c.years - 1);
          if (prev.length === c.years - 1 && prev.every((h) => c.tiers.includes(h.tier))) consequences.push(c.action);
        }
      }
      const blocks: UnitResult['blocks'] = [];
      for (let b = 0; b < B; b++) {
        blocks.push({
          id: g.blocks[b]?.id ?? '',
          score: roundHalfUp(o.blockScore[lu * B + b] ?? 0, dec),
          max: roundHalfUp(o.blockMax[lu * B + b] ?? 0, dec),
        });
      }
      units.push({
        unitId,
        groupId: g.id,
        status: blocked ? 'blocked' : 'ok',
        indicatorPoints: roundHalfUp(o.indicatorPoints[lu] ?? 0, dec),
        indicatorMax: roundHalfUp(o.indicatorMax[lu] ?? 0, dec),
        indicatorTotal: roundHalfUp(o.indicatorTotal[lu] ?? 0, dec),
        evaluation: us.evaluation === null ? null : roundHalfUp(us.evaluation, dec),
        bonus: roundHalfUp(us.bonus, dec),
        potentialBonus: roundHalfUp(us.potential, dec),
        rankChange: roundHalfUp(o.rankChange[lu] ?? 0, dec),
        deductions: roundHalfUp(us.deductions, dec),
        composite: o.composite[lu] ?? 0,
        compositeFull: o.compositeFull[lu] ?? 0,
        preliminaryRank: o.prelimRanks[lu] ?? 0,
        rank: o.rt.ranks[lu] ?? 0,
        tier: tier?.id ?? '',
        tierIndex: ti,
        naturalTier: tiers[o.rt.naturalTiers[lu] ?? 0]?.id ?? '',
        vetoes: [...us.vetoes].sort(),
        flags: o.flags[lu] ?? [],
        coefficient: tier?.coefficient ?? null,
        award: (tier?.award ?? false) && us.vetoes.length === 0,
        consequences,
        blocks,
      });
      if (us.evaluation === null && g.group.composite.b > 0) {
        issues.push({
          code: 'required',
          path: `units.${unitId}.evaluation`,
          message: 'no valid evaluation vote: evaluation counted as 0',
          severity: 'warning',
        });
      }
    }
    for (const t of o.rt.ties) {
      if (t.needsDecision) {
        issues.push({
          code: 'invalid_value',
          path: `groups.${g.id}.ties`,
          message: `tie at the '${t.tier}' boundary between ${t.unitIds.join(', ')} for ${t.places} place(s) needs a decision`,
          severity: 'warning',
        });
      }
    }
    g.view = { units, issues };
    return g.view;
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
    attachTrace(results, this.snapshot(results));
    this.cached = results;
    return results;
  }

  /** A frozen view for the trace: groups' arrays are replaced (not mutated) by later recomputes. */
  private snapshot(results: Results): {
    explain: (id: string) => UnitExplanation;
    indicatorScores: (groupId: string) => IndicatorScores;
    rerank: (c: ArrayLike<number>) => { ranks: Int32Array; tiers: Int32Array };
  } {
    const view = this.groups.map((g) => ({ ...g }));
    // `update` replaces the statics array (never mutates it), so this reference stays as it was
    const statics = this.statics;
    const byUnit = new Map(results.units.map((x) => [x.unitId, x] as const));
    return {
      explain: (unitId) => this.explain(view, statics, unitId, byUnit.get(unitId)),
      indicatorScores: (groupId) => this.indicatorScoresOf(view, groupId),
      rerank: (c) => this.rerankView(view, statics, c),
    };
  }

  /** The fraction a node scored and where it came from (a reported fraction wins unless the light is red). */
  private nodeFraction(g: CGroup, leaf: CLeaf, k: number): { fraction: number; fractionFrom: 'reported' | 'light' } {
    const l = g.lights[k] ?? 0;
    const x = g.fractions?.[k] ?? -1;
    if (x >= 0 && l !== L_RED) return { fraction: x, fractionFrom: 'reported' };
    return { fraction: leaf.lightTable[l] ?? 0, fractionFrom: 'light' };
  }

  private indicatorScoresOf(view: CGroup[], groupId: string): IndicatorScores {
    const g = view.find((x) => x.id === groupId);
    if (!g) throw new EngineError('UNKNOWN_GROUP', `no group '${groupId}'`);
    return {
      groupId: g.id,
      unitIds: g.units.map((u) => this.unitIds[u] ?? ''),
      indicatorIds: g.leaves.map((l) => l.id),
      indicators: g.leaves.map((l) => {
        const meta: IndicatorScores['indicators'][number] = {
          id: l.id,
          blockId: g.blocks[l.block]?.id ?? '',
          points: l.points,
        };
        if (l.name !== undefined) meta.name = l.name;
        if (l.assessorId !== undefined) meta.assessorId = l.assessorId;
        return meta;
      }),
      // copies: the caller may write into them without touching the trace
      scores: g.score.slice(),
      status: g.status.slice(),
    };
  }

  private rerankView(
    view: CGroup[],
    statics: UnitStatic[],
    composites: ArrayLike<number>,
  ): { ranks: Int32Array; tiers: Int32Array } {
    const N = this.unitIds.length;
    if (composites.length !== N)
      throw new EngineError(
        'INVALID_DATASET',
        `expected ${N} composites (one per unit, in results.units order), got ${composites.length}`,
      );
    const ranks = new Int32Array(N);
    const tiers = new Int32Array(N);
    for (const g of view) {
      const o = g.out;
      if (!o) continue;
      const sc = new Float64Array(g.n);
      for (let lu = 0; lu < g.n; lu++) {
        const x = composites[g.units[lu] ?? 0] ?? 0;
        sc[lu] = this.scheme.ranking.on === 'rounded' ? roundHalfUp(x, this.scheme.decimals) : x;
      }
      // the same eligibility, overrides, quotas and tie keys as the run itself: only the scores change
      const rt = rankAndTier({ ...o.tierInput, scores: sc });
      for (let lu = 0; lu < g.n; lu++) {
        ranks[g.units[lu] ?? 0] = rt.ranks[lu] ?? 0;
        tiers[g.units[lu] ?? 0] = rt.tiers[lu] ?? 0;
      }
    }
    return { ranks, tiers };
  }

  private explain(view: CGroup[], statics: UnitStatic[], unitId: string, res: UnitResult | undefined): UnitExplanation {
    const u = this.unitIndex.get(unitId);
    if (u === undefined) throw new EngineError('UNKNOWN_UNIT', `no unit '${unitId}'`);
    const g = view[this.unitGroup[u] ?? 0];
    const us = statics[u];
    if (!g || !g.out || !us || !res) throw new EngineError('UNKNOWN_UNIT', `no unit '${unitId}'`);
    const lu = this.unitLocal[u] ?? 0;
    const indicators: IndicatorExplanation[] = g.leaves.map((leaf, j) => {
      const cell = lu * g.L + j;
      const rich = g.rich.get(cell);
      const inputs: Record<string, unknown> = {};
      if (g.has[cell] === 1) inputs.value = g.value[cell];
      if (rich?.inputs) inputs.inputs = rich.inputs;
      if (rich?.grade !== undefined) inputs.grade = rich.grade;
      if (rich?.manual) inputs.manual = rich.manual;
      if (rich?.events) inputs.events = rich.events;
      if (leaf.upper) inputs.upper = leaf.upper;
      const params: Record<string, unknown> = { ...leaf.method };
      const up = leaf.ind.unitParams[unitId];
      if (up) params.unitParams = up;
      if (Object.keys(leaf.ind.params).length) params.params = leaf.ind.params;
      const status = g.status[cell] ?? 0;
      let process: IndicatorExplanation['process'];
      if (leaf.process) {
        const base = lu * g.nodeStride + leaf.nodeOffset;
        const names = ['none', 'green', 'yellow', 'red'] as const;
        process = {
          share: leaf.process.share,
          nodePart: leaf.points * this.nodePart(g, lu, leaf),
          yearEndPart: g.yearEnd[cell] ?? 0,
          nodes: leaf.process.nodes.map((nd, k) => ({
            id: nd.id,
            light: names[g.lights[base + k] ?? 0] ?? 'none',
            ...this.nodeFraction(g, leaf, base + k),
          })),
        };
      }
      const reason = CELL_REASONS[g.reason[cell] ?? 0] ?? 'none';
      return {
        indicatorId: leaf.id,
        name: leaf.name,
        blockId: g.blocks[leaf.block]?.id ?? '',
        path: leaf.path,
        points: leaf.points,
        method: leaf.method.kind,
        params,
        inputs,
        status: STATUS_NAMES[status] ?? 'ok',
        raw: status === ST_OK ? (g.raw[cell] ?? 0) : null,
        score: roundHalfUp(g.score[cell] ?? 0, this.scheme.decimals),
        process,
        note: reason !== 'none' ? reason : undefined,
      };
    });
    const steps = this.narrate(g, lu, res, us);
    return { unit: res, indicators, adjustments: us.adjustments, evaluation: us.evalParts, steps };
  }

  private narrate(g: CGroup, lu: number, res: UnitResult, us: UnitStatic): StepExplanation[] {
    const o = g.out;
    if (!o) return [];
    const s = this.scheme;
    const tiers = g.tiering.tiers;
    const bits = o.rt.stepBits[lu] ?? 0;
    const B = TIER_STEP_BITS;
    const steps: StepExplanation[] = [];
    const { a, b } = g.group.composite;
    steps.push({
      step: 'indicatorTotal',
      detail: `${res.indicatorPoints} of ${res.indicatorMax} → ${res.indicatorTotal} on 100`,
    });
    steps.push({
      step: 'composite',
      detail: `${a} × ${res.indicatorTotal} + ${b} × ${res.evaluation ?? 0} + bonus ${res.bonus} + rank change ${res.rankChange} − deductions ${res.deductions} = ${res.compositeFull} → ${res.composite}`,
    });
    steps.push({ step: 'preliminaryRank', detail: `rank ${res.preliminaryRank} before the rank-change adjustment` });
    if (o.rankChangeRule[lu])
      steps.push({ step: 'rankChange', detail: `rule ${o.rankChangeRule[lu] ?? ''}: ${res.rankChange}` });
    steps.push({
      step: 'rank',
      detail: `rank ${res.rank} of ${g.n} on the ${s.ranking.on === 'rounded' ? 'published (rounded)' : 'full-precision'} composite${s.ranking.tieBreakers.length ? `, tie-breakers ${s.ranking.tieBreakers.map((t) => t.kind + (t.id ? `:${t.id}` : '')).join(', ')}` : ''}`,
    });
    const q = o.rt.quotas.map((x) => `${x.tier} ${x.quota ?? '—'}`).join(', ');
    steps.push({ step: 'quotas', detail: `quotas (${g.tiering.rounding}, ${g.tiering.quotaScope}): ${q}` });
    if (bits & B.bandMiss) steps.push({ step: 'band', detail: 'below the score band of a better tier' });
    if (bits & B.ineligible)
      steps.push({ step: 'eligibility', detail: 'not eligible for a better tier (eligibility rule)' });
    if (bits & B.tieIn)
      steps.push({ step: 'boundaryTie', detail: `tied at a tier boundary: placed in (${g.tiering.tiePolicy})` });
    if (bits & B.tieOut)
      steps.push({ step: 'boundaryTie', detail: `tied at a tier boundary: placed out (${g.tiering.tiePolicy})` });
    if (bits & B.tieFlag)
      steps.push({
        step: 'boundaryTie',
        detail: 'tied at a tier boundary: flagged for a decision, placed out meanwhile',
      });
    steps.push({ step: 'naturalTier', detail: `${res.naturalTier} from rank, quota, bands and eligibility` });
    const order = g.tiering.overrideOrder;
    for (const v of us.adjustments.filter((x) => x.kind === 'veto' || x.kind === 'discipline')) {
      steps.push({
        step: v.kind === 'veto' ? 'veto' : 'downgrade',
        detail: `${v.ruleId}${v.recordId ? ` (${v.recordId})` : ''}: ${v.note} (${order})`,
      });
    }
    if (bits & B.downgradeAtBottom)
      steps.push({ step: 'downgrade', detail: 'already in the lowest tier: stays there' });
    if (bits & B.refilled) steps.push({ step: 'refill', detail: 'moved up into a place freed by an override (递补)' });
    if (bits & B.minCount) steps.push({ step: 'minCount', detail: 'moved down to fill a minimum count' });
    steps.push({
      step: 'tier',
      detail: `${res.tier}${tiers[res.tierIndex]?.name ? ` (${tiers[res.tierIndex]?.name ?? ''})` : ''}`,
    });
    return steps;
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
    const plan = (change.values ?? []).map((c) => this.checkChange(c));
    for (const { c, gi, g, j, lu } of plan) {
      const cells = open(gi, g);
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
      this.statics = this.buildStatics();
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
 * The measurement window as inclusive ISO dates, or undefined when every date counts. `start: 'MM-DD'`
 * is the 12 months from that day of year − 1 (or the calendar year for '01-01'). Pure date arithmetic.
 * @example measurementWindowOf({ year: 2019, measurementWindow: { start: '12-01' } }) // { from: '2018-12-01', to: '2019-11-30' }
 */
export function measurementWindowOf(
  s: Pick<Scheme, 'year' | 'measurementWindow'>,
): { from: string; to: string } | undefined {
  const w = s.measurementWindow;
  if (!w) return undefined;
  if (w.start !== undefined && s.year !== undefined) {
    const y = s.year;
    if (w.start === '01-01') return { from: `${y}-01-01`, to: `${y}-12-31` };
    const [mm, dd] = w.start.split('-').map(Number);
    const startThisYear = Date.UTC(y, (mm ?? 1) - 1, dd ?? 1);
    const to = new Date(startThisYear - 86_400_000).toISOString().slice(0, 10);
    return { from: `${String(y - 1).padStart(4, '0')}-${w.start}`, to };
  }
  if (w.from === undefined && w.to === undefined) return undefined;
  return { from: w.from ?? '0000-01-01', to: w.to ?? '9999-12-31' };
}

/** The date that places a ranking period in time: its `date`, else the first day of a `YYYY-MM` period. */
export function rankingDate(t: { period: string; date?: string | undefined }): string | undefined {
  if (t.date !== undefined) return t.date;
  return /^\d{4}-\d{2}$/.test(t.period) ? `${t.period}-01` : undefined;
}

interface PlaceHit {
  ruleId: string;
  ranking: string;
  period: string;
  subUnitId: string;
  place: number;
  size: number;
}

/** Per unit: its sub-units' places in the bottom of the rankings that `rankPlaces` rules read, inside the window. */
function rankPlacesByUnit(
  s: Scheme,
  d: Dataset,
  win: { from: string; to: string } | undefined,
): Map<string, PlaceHit[]> {
  const out = new Map<string, PlaceHit[]>();
  const rules = [...s.deductions].sort(byId);
  const tables = [...d.rankings].sort((a, b) =>
    a.ranking < b.ranking ? -1 : a.ranking > b.ranking ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
  );
  for (const rule of rules) {
    const a = rule.amount;
    if (a.kind !== 'rankPlaces') continue;
    for (const t of tables) {
      if (t.ranking !== a.ranking) continue;
      const date = rankingDate(t);
      if (win && date !== undefined && (date < win.from || date > win.to)) continue;
      const size = t.size ?? t.places.length;
      const places = [...t.places].sort((x, y) => (x.subUnitId < y.subUnitId ? -1 : x.subUnitId > y.subUnitId ? 1 : 0));
      for (const e of places) {
        // bottom k of `size` places: place ≥ size − k + 1 (ties at the boundary are in)
        if (e.place < size - a.bottom + 1) continue;
        const hit: PlaceHit = {
          ruleId: rule.id,
          ranking: t.ranking,
          period: t.period,
          subUnitId: e.subUnitId,
          place: e.place,
          size,
        };
        const list = out.get(e.unitId);
        if (list) list.push(hit);
        else out.set(e.unitId, [hit]);
      }
    }
  }
  return out;
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

/** The group's reported node fractions, allocated (all −1 = from the light) on first use. */
function fractionsOf(g: CGroup): Float64Array {
  if (!g.fractions) g.fractions = new Float64Array(g.lights.length).fill(-1);
  return g.fractions;
}

/** What of a unit's adjustments can change its group's ranking or trace (compared after an update). */
function staticKey(us: UnitStatic | undefined): string {
  if (!us) return '';
  return JSON.stringify([
    us.evaluation,
    us.bonus,
    us.potential,
    us.deductions,
    us.vetoes,
    us.bestAllowed,
    us.setAside,
    us.downgrade,
    us.hasRed,
    [...us.deductionRules].sort(),
    us.adjustments,
  ]);
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
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
