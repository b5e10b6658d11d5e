import { roundHalfUp } from '../round';
import { AnalysisError } from './errors';

/** What the analysis needs to know about one indicator column of a group. */
export interface IndicatorMeta {
  readonly id: string;
  readonly name?: string;
  /** The block (e.g. party building, development) the indicator sits in; redundancy is looked for within a block. */
  readonly blockId?: string;
  /** The assessor (考核主体) that owns the indicator; named in the headline. */
  readonly assessorId?: string;
  /** Full marks of the indicator (its points in this group). */
  readonly points: number;
}

/**
 * One group's indicator scores as a dense column-major matrix, the shape every analysis works on.
 *
 * `total_i = base_i + Σ_j weights_j × scores[j·n + i]` is the ranking total. `weights_j` converts one point
 * of indicator j into points of the ranking total (group normalisation to 100 × the indicator share of the
 * composite), `base_i` carries what does not come from indicators (evaluation, bonus, deductions). With
 * both left out the total is the plain sum of indicator scores.
 */
export interface GroupMatrix {
  readonly groupId: string;
  readonly unitIds: readonly string[];
  readonly indicators: readonly IndicatorMeta[];
  /** Column-major: `scores[j * unitIds.length + i]` = points unit i earned on indicator j. */
  readonly scores: Float64Array;
  readonly weights?: Float64Array;
  readonly base?: Float64Array;
  /**
   * Same layout as `scores`: 0 where indicator j does not apply to unit i (a feature indicator of another unit).
   * Diagnostics describe an indicator over the units it applies to. Absent: it applies to every unit.
   */
  readonly applies?: Uint8Array;
}

/** Check shapes, finiteness and ids once at the edge; the hot paths then trust the arrays. */
export function validateGroupMatrix(g: GroupMatrix, path: string): void {
  const n = g.unitIds.length;
  const m = g.indicators.length;
  if (g.scores.length !== n * m) {
    throw new AnalysisError(
      'ANALYSIS_SHAPE_MISMATCH',
      `${path}.scores`,
      `length ${g.scores.length}, expected units × indicators = ${n} × ${m} = ${n * m}`,
    );
  }
  if (g.weights && g.weights.length !== m) {
    throw new AnalysisError('ANALYSIS_SHAPE_MISMATCH', `${path}.weights`, `length ${g.weights.length}, expected ${m}`);
  }
  if (g.applies && g.applies.length !== n * m) {
    throw new AnalysisError(
      'ANALYSIS_SHAPE_MISMATCH',
      `${path}.applies`,
      `length ${g.applies.length}, expected units × indicators = ${n * m}`,
    );
  }
  if (g.base && g.base.length !== n) {
    throw new AnalysisError('ANALYSIS_SHAPE_MISMATCH', `${path}.base`, `length ${g.base.length}, expected ${n}`);
  }
  checkFinite(g.scores, `${path}.scores`);
  if (g.weights) checkFinite(g.weights, `${path}.weights`);
  if (g.base) checkFinite(g.base, `${path}.base`);
  const seenUnits = new Set<string>();
  g.unitIds.forEach((id, i) => {
    if (seenUnits.has(id))
      throw new AnalysisError('ANALYSIS_DUPLICATE_ID', `${path}.unitIds[${i}]`, `duplicate unit id ${id}`);
    seenUnits.add(id);
  });
  const seenInd = new Set<string>();
  g.indicators.forEach((ind, j) => {
    if (seenInd.has(ind.id)) {
      throw new AnalysisError(
        'ANALYSIS_DUPLICATE_ID',
        `${path}.indicators[${j}].id`,
        `duplicate indicator id ${ind.id}`,
      );
    }
    seenInd.add(ind.id);
    if (!Number.isFinite(ind.points)) {
      throw new AnalysisError('ANALYSIS_NOT_FINITE', `${path}.indicators[${j}].points`, 'must be a finite number');
    }
  });
}

function checkFinite(a: Float64Array, path: string): void {
  for (let k = 0; k < a.length; k++) {
    if (!Number.isFinite(a[k] as number)) {
      throw new AnalysisError('ANALYSIS_NOT_FINITE', `${path}[${k}]`, 'must be a finite number');
    }
  }
}

/** `weights` with the default (every indicator counts its own points) filled in. */
export function weightsOf(g: GroupMatrix): Float64Array {
  return g.weights ?? new Float64Array(g.indicators.length).fill(1);
}

/**
 * Ranking totals `base + scores · weights`, summed column by column in indicator order (fixed order,
 * so the result never depends on the order of input rows). Writes into `out`.
 */
export function totalsInto(
  scores: Float64Array,
  n: number,
  weights: Float64Array,
  base: Float64Array | undefined,
  out: Float64Array,
): Float64Array {
  if (base) out.set(base);
  else out.fill(0);
  const m = weights.length;
  for (let j = 0; j < m; j++) {
    const w = weights[j] as number;
    if (w === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + w * (scores[off + i] as number);
  }
  return out;
}

/**
 * Round half up in decimal (1.005 → 1.01, −1.005 → −1.01), exactly as the core publishes scores, so
 * that the analysis ranks on the same keys as the published ranking.
 */
export function roundHalfUpTo(x: number, decimals: number): number {
  return roundHalfUp(x, decimals);
}

/** Round every key to the published precision (`decimals === null` keeps full precision). */
export function roundKeysInto(src: Float64Array, decimals: number | null, out: Float64Array): Float64Array {
  if (decimals === null) {
    out.set(src);
    return out;
  }
  for (let i = 0; i < src.length; i++) out[i] = roundHalfUpTo(src[i] as number, decimals);
  return out;
}

/**
 * Sport ranking (1, 2, 2, 4) of `keys`, higher is better: 1 + the number of keys strictly greater.
 * Also fills `order` (same length) with the unit indexes best first, ties by index. The keys are
 * sorted as a typed copy (native, no comparator), one binary search gives each rank, and a counting
 * sort by rank gives the order — the hot loops of sensitivity and rank impact allocate nothing.
 */
export function sportRanksInto(keys: Float64Array, order: Int32Array, out: Int32Array): Int32Array {
  const n = keys.length;
  const sorted = scratchOf(n);
  sorted.set(keys);
  sorted.sort();
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    // first index with sorted[idx] > k (ascending), so n − idx keys are greater
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= k) lo = mid + 1;
      else hi = mid;
    }
    out[i] = n - lo + 1;
  }
  // counting sort by rank (stable: ties stay in index order)
  const start = countsOf(n + 2);
  start.fill(0);
  for (let i = 0; i < n; i++) start[(out[i] as number) + 1] = (start[(out[i] as number) + 1] as number) + 1;
  for (let r = 1; r < n + 2; r++) start[r] = (start[r] as number) + (start[r - 1] as number);
  for (let i = 0; i < n; i++) {
    const r = out[i] as number;
    order[start[r] as number] = i;
    start[r] = (start[r] as number) + 1;
  }
  return out;
}

let counts = new Int32Array(0);
function countsOf(n: number): Int32Array {
  if (counts.length < n) counts = new Int32Array(n);
  return counts.subarray(0, n);
}

let scratch = new Float64Array(0);
/** A reused Float64Array view of length n (the hot loops rank thousands of times). */
function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch.subarray(0, n);
}

/** Mean and population standard deviation of a column slice. */
export function meanSd(a: Float64Array, off: number, n: number): { mean: number; sd: number } {
  if (n === 0) return { mean: 0, sd: 0 };
  let s = 0;
  for (let i = 0; i < n; i++) s += a[off + i] as number;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[off + i] as number) - mean;
    ss += d * d;
  }
  return { mean, sd: Math.sqrt(ss / n) };
}

/** Pearson correlation of two equally long slices; null when either is constant (undefined, not NaN). */
export function pearson(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number | null {
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[xo + i] as number;
    sy += y[yo + i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[xo + i] as number) - mx;
    const dy = (y[yo + i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A column whose spread is float noise relative to its level is constant for our purposes.
  if (sxx <= 1e-24 * (1 + mx * mx) * n || syy <= 1e-24 * (1 + my * my) * n) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** True when every value of the column slice is exactly equal. */
export function isConstant(a: Float64Array, off: number, n: number): boolean {
  if (n === 0) return true;
  const v = a[off] as number;
  for (let i = 1; i < n; i++) if ((a[off + i] as number) !== v) return false;
  return true;
}
