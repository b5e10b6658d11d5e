/**
 * Compiling a scheme × dataset into the typed arrays the pipeline scores: inputs normalised (validated,
 * unless trusted), the indicator tree walked into leaves per group, units placed in their groups.
 *
 * Implements docs/scoring.md §1 "Indicator scores" as far as it is fixed before any value is read (the
 * tree block → indicator → leaf; a group's own `blocks`, `exclude` and `overrides` of method, points or
 * missing policy; formulas parsed and compiled once; process nodes and their light tables; `appliesTo`
 * and `upper.unitIds`), §2 "Blocks, groups, normalisation" (each block's weight for a group) and
 * §8 "Determinism" (units, blocks and indicators in id order). /work/shared/docs/SCORING.md: "Scoring
 * functions (per indicator)", "Process vs year-end".
 */
import { EngineError } from './errors';
import { compileFormula, parseFormula, type CompiledFormula } from './formula';
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
  type Process,
  type Scheme,
  type SchemeInput,
  type Tiering,
  type UpperResult,
  type Value,
} from './model';
import type { AdjustmentExplanation, RankTierInput, RankTierOutput, UnitResult } from './results';
import { validateDataset, validateScheme } from './validate';

export interface ComputeOptions {
  /** Skip zod validation when the caller already validated (benchmarks, re-runs). */
  trusted?: boolean | undefined;
}

/** Cell status codes (the index into `CELL_STATUSES`); the scoring loop copies them into module constants. */
export const CELL_STATUS = { ok: 0, zero: 1, excluded: 2, blocked: 3, notApplicable: 4 } as const;

export interface CLeaf {
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

export interface CBlock {
  id: string;
  name: string | undefined;
  /** The scheme's block weight for this group; undefined = the points of the indicators applying to each unit. */
  weight: number | undefined;
  full: number;
  leaves: number[];
}

export interface CGroup {
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

export interface GroupOut {
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

/** A unit's parts that its indicator values do not change: evaluation, bonus, deductions, vetoes, discipline. */
export interface UnitStatic {
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

/** The compiled units and groups of a model, read by the statics, results and trace views. */
export interface CompiledModel {
  readonly scheme: Scheme;
  readonly unitIds: string[];
  readonly unitIndex: Map<string, number>;
  readonly unitGroup: Int32Array;
  readonly unitLocal: Int32Array;
  readonly groups: CGroup[];
  /** 数据归并: the receiving cells (`unit\u0000indicator`), with their own value and the parts added to them. */
  readonly rolls: ReadonlyMap<string, RollCell>;
}

/** A cell that receives sub-units' figures (数据归并): its own value and inputs, and each giver's. */
export interface RollCell {
  unitId: string;
  indicatorId: string;
  gi: number;
  cell: number;
  own: number | undefined;
  ownInputs: Record<string, number> | undefined;
  parts: Map<string, { value: number | undefined; inputs: Record<string, number> | undefined }>;
}

const EMPTY_TABLE = new Float64Array(256);

export function normaliseInputs(
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

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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
        uncapped: (scorer?.kind === 'ratio' || scorer?.kind === 'marginal') && scorer.uncapped,
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

/**
 * The scheme's groups compiled, and the dataset's units (in id order) placed in their groups, with every
 * group's cell arrays allocated; `maxN` is the largest group (for the scoring loop's scratch arrays).
 */
export function compileModel(s: Scheme, d: Dataset): Omit<CompiledModel, 'scheme' | 'rolls'> & { maxN: number } {
  const upperById = new Map(d.upper.map((u) => [u.upperId, u] as const));
  const tables = new Map<string, Float64Array>();
  const groups = s.groups.map((_, gi) => compileGroup(s, gi, upperById, tables));
  const groupIdx = new Map(s.groups.map((g, i) => [g.id, i] as const));
  const units = [...d.units].sort(byId);
  const unitIds = units.map((u) => u.id);
  const unitIndex = new Map(unitIds.map((id, i) => [id, i] as const));
  const unitGroup = new Int32Array(units.length);
  const unitLocal = new Int32Array(units.length);
  units.forEach((u, i) => {
    const gi = groupIdx.get(u.group);
    if (gi === undefined) throw new EngineError('UNKNOWN_UNIT', `unit '${u.id}' is in unknown group '${u.group}'`);
    const g = groups[gi];
    if (!g) throw new EngineError('UNKNOWN_UNIT', `unit '${u.id}' is in unknown group '${u.group}'`);
    unitGroup[i] = gi;
    unitLocal[i] = g.units.length;
    g.units.push(i);
  });
  let maxN = 0;
  for (const g of groups) {
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
  return { groups, unitIds, unitIndex, unitGroup, unitLocal, maxN };
}

/** The group's reported node fractions, allocated (all −1 = from the light) on first use. */
export function fractionsOf(g: CGroup): Float64Array {
  if (!g.fractions) g.fractions = new Float64Array(g.lights.length).fill(-1);
  return g.fractions;
}
