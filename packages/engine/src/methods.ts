/**
 * Indicator scoring methods (PRODUCT §4.1). Each returns points in [0, points] (unless the method is
 * uncapped) or a failure reason; none returns NaN. Methods that look at the whole group (topRatio,
 * rank) take the column of raw values.
 */
import type {
  BinaryMethod,
  DeductionMethod,
  GoalpostsMethod,
  GradeMethod,
  MarginalMethod,
  RankMethod,
  RatioMethod,
  StepsMethod,
  Threshold,
  TopRatioMethod,
  UpperMethod,
  UpperResult,
  Value,
} from './model';
import { cleanDecimal } from './round';

/** Why a cell could not be scored; the indicator's missing-data policy then applies. */
export const CELL_REASONS = [
  'none',
  'noData',
  'noTarget',
  'formulaError',
  'missingInput',
  'noReason',
  'unknownGrade',
  'noUpperResult',
  'notApplicable',
] as const;
export type CellReason = (typeof CELL_REASONS)[number];
export const REASON: { readonly [K in CellReason]: number } = Object.fromEntries(
  CELL_REASONS.map((r, i) => [r, i]),
) as {
  readonly [K in CellReason]: number;
};

export type CellScore = { ok: true; score: number } | { ok: false; reason: CellReason };

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

export function meets(x: number, th: Threshold | undefined): boolean {
  if (th === undefined) return true;
  return th.inclusive ? x >= th.value : x > th.value;
}

/**
 * 完成率. proportional: points × clamp(ratio, floor, cap), zero when the ratio misses `zeroBelow`;
 * perPoint: full at target, + perPointAbove / − perPointBelow per percentage point of the ratio.
 * Lower-is-better uses target / actual (an actual of 0 or less earns the cap).
 * @example ratioScore({direction:'higher', mode:'proportional', floor:0, cap:1, ...}, 10, 85, 100) // 8.5
 * @example perPoint, perPointBelow 0.5: actual 96 of 100 → 10 − 4 × 0.5 = 8
 */
export function ratioScore(
  m: RatioMethod,
  points: number,
  actual: number,
  target: number | undefined,
  baseline?: number,
): CellScore {
  if (!ratioTargetOk(m, target, baseline)) return { ok: false, reason: 'noTarget' };
  return { ok: true, score: ratioPoints(m, points, actual, target ?? 0, baseline) };
}

/** Whether a ratio can be formed: a positive target and, with a baseline, a non-zero span. */
export function ratioTargetOk(m: RatioMethod, target: number | undefined, baseline?: number): boolean {
  if (target === undefined || !(target > 0)) return false;
  const b = baseline ?? m.baseline;
  return b === undefined || (m.direction === 'higher' ? target - b : b - target) !== 0;
}

/** {@link ratioScore} as a number, for the hot path; the caller has checked {@link ratioTargetOk}. */
export function ratioPoints(m: RatioMethod, points: number, actual: number, target: number, baseline?: number): number {
  const b = baseline ?? m.baseline;
  const maxRatio = m.uncapped ? Infinity : m.cap;
  let ratio: number;
  if (b !== undefined) {
    const span = m.direction === 'higher' ? target - b : b - target;
    ratio = m.direction === 'higher' ? (actual - b) / span : (b - actual) / span;
  } else if (m.direction === 'higher') {
    ratio = actual / target;
  } else {
    ratio = actual <= 0 ? m.cap : target / actual;
  }
  if (m.zeroBelow && !meets(ratio, m.zeroBelow)) return 0;
  if (m.mode === 'perPoint') {
    const pp = (ratio - 1) * 100;
    const raw = pp >= 0 ? points + pp * m.perPointAbove : points + pp * m.perPointBelow;
    return clamp(raw, points * m.floor, points * maxRatio);
  }
  return points * clamp(ratio, m.floor, maxRatio);
}

/**
 * 阶梯. linear: interpolate between breakpoints (flat beyond the ends); step: the value of the highest
 * breakpoint reached (0 when none is).
 * @example steps [{at:60,value:0},{at:100,value:1}], x = 80, points 10 → 10 × 0.5 = 5
 */
export function stepsScore(m: StepsMethod, points: number, x: number): CellScore {
  return { ok: true, score: stepsPoints(m, points, x) };
}

/** {@link stepsScore} as a number (it cannot fail). */
export function stepsPoints(m: StepsMethod, points: number, x: number): number {
  const pts = m.points;
  if (m.mode === 'step') {
    let v = 0;
    for (const p of pts) if (p.inclusive ? x >= p.at : x > p.at) v = p.value;
    return points * clamp(v, 0, 1);
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first === undefined || last === undefined) return 0;
  if (x <= first.at) return points * clamp(first.value, 0, 1);
  if (x >= last.at) return points * clamp(last.value, 0, 1);
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const c = pts[i];
    if (a === undefined || c === undefined) continue;
    if (x <= c.at) {
      const f = c.at === a.at ? c.value : a.value + ((x - a.at) * (c.value - a.value)) / (c.at - a.at);
      return points * clamp(f, 0, 1);
    }
  }
  return points * clamp(last.value, 0, 1);
}

/** Goalposts: (x − lo)/(hi − lo) truncated to [0, 1]; lower-is-better (hi − x)/(hi − lo). */
export function goalpostsScore(m: GoalpostsMethod, points: number, x: number): CellScore {
  return { ok: true, score: goalpostsPoints(m, points, x) };
}

/** {@link goalpostsScore} as a number (it cannot fail). */
export function goalpostsPoints(m: GoalpostsMethod, points: number, x: number): number {
  const f = m.direction === 'higher' ? (x - m.lo) / (m.hi - m.lo) : (m.hi - x) / (m.hi - m.lo);
  return points * clamp(f, 0, 1);
}

/**
 * Share of the best unit. higher: x / max (0 for everyone when the best is ≤ 0);
 * lower: min / x (an x ≤ 0 is the best possible and scores full; with min ≤ 0, others score 0).
 * `has[i]` = 1 when unit i has a value; units without one get nothing here.
 */
export function topRatioColumn(
  m: TopRatioMethod,
  points: number,
  xs: ArrayLike<number>,
  has: ArrayLike<number>,
  out: Float64Array,
): void {
  let best = m.direction === 'higher' ? -Infinity : Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (has[i] !== 1) continue;
    const x = xs[i] ?? 0;
    if (m.direction === 'higher' ? x > best : x < best) best = x;
  }
  for (let i = 0; i < xs.length; i++) {
    if (has[i] !== 1) {
      out[i] = 0;
      continue;
    }
    const x = xs[i] ?? 0;
    let f: number;
    if (m.direction === 'higher') f = best > 0 ? x / best : 0;
    else f = x <= 0 ? 1 : best <= 0 ? 0 : best / x;
    out[i] = points * clamp(f, 0, 1);
  }
}

/**
 * 位次法 with sport ranking among units with a value (ties share the better place).
 * percent: points × max(floor, 1 − step% × (rank − 1)); points: max(floor × points, points − step × (rank − 1)).
 * @example 5 units, points 60, step 5% → 60, 57, 54, 51, 48
 */
export function rankColumn(
  m: RankMethod,
  points: number,
  xs: ArrayLike<number>,
  has: ArrayLike<number>,
  out: Float64Array,
  ranksOut?: Int32Array,
): void {
  // Sport rank = 1 + the number of units strictly better: a native sort of the values and a binary
  // search per unit, instead of a comparator sort over indexes.
  let cnt = 0;
  for (let i = 0; i < xs.length; i++) if (has[i] === 1) cnt++;
  const sorted = new Float64Array(cnt);
  cnt = 0;
  for (let i = 0; i < xs.length; i++) if (has[i] === 1) sorted[cnt++] = xs[i] ?? 0;
  sorted.sort();
  const higher = m.direction === 'higher';
  out.fill(0);
  for (let i = 0; i < xs.length; i++) {
    if (has[i] !== 1) continue;
    const x = xs[i] ?? 0;
    // higher: better = values > x = cnt − upperBound(x); lower: better = values < x = lowerBound(x)
    let lo = 0;
    let hi = cnt;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = sorted[mid] as number;
      if (higher ? v <= x : v < x) lo = mid + 1;
      else hi = mid;
    }
    const rank = (higher ? cnt - lo : lo) + 1;
    if (ranksOut) ranksOut[i] = rank;
    const raw = m.stepUnit === 'percent' ? points * (1 - (m.step / 100) * (rank - 1)) : points - m.step * (rank - 1);
    out[i] = clamp(raw, points * m.floor, points);
  }
}

/**
 * 扣分制: max(0, points − min(limit, Σ penalties)); per item: step × count (× repeatMultiplier for
 * repeats), capped by the item's limit. A bare value is a count at `perOccurrence`.
 * @example perOccurrence 0.5, value 3, points 5 → 5 − 1.5 = 3.5
 */
export function deductionScore(
  m: DeductionMethod,
  points: number,
  value: number | undefined,
  events: Value['events'],
): CellScore & { penalty?: number } {
  const penalty = deductionPenalty(m, value, events);
  if (penalty === undefined) return { ok: false, reason: 'noData' };
  const limit = m.limit ?? points;
  const taken = Math.min(penalty, limit);
  return { ok: true, score: Math.max(0, points - taken), penalty: taken };
}

/** Σ penalties of a deduction cell before the indicator's limit; undefined when there is no data. */
export function deductionPenalty(
  m: DeductionMethod,
  value: number | undefined,
  events: Value['events'],
): number | undefined {
  let penalty = 0;
  if (events && events.length > 0) {
    const byItem = new Map<string, number>();
    for (const e of events) {
      const key = e.item ?? '';
      const item = m.items.find((it) => it.id === key);
      const step = item ? item.step : m.perOccurrence;
      const p = step * e.count * (e.repeat ? m.repeatMultiplier : 1);
      byItem.set(key, (byItem.get(key) ?? 0) + p);
    }
    for (const key of [...byItem.keys()].sort()) {
      const item = m.items.find((it) => it.id === key);
      const p = byItem.get(key) ?? 0;
      penalty += item?.limit !== undefined ? Math.min(p, item.limit) : p;
    }
  } else if (value !== undefined) {
    penalty = Math.max(0, value) * m.perOccurrence;
  } else {
    return undefined;
  }
  return penalty;
}

/** One band of a marginal score: how far the value went past `from` (towards `to`), counted in units of `per`. */
export interface MarginalBand {
  from: number;
  /** The next band's threshold (undefined: open-ended); in 'flat' mode the whole distance from the first threshold. */
  to: number | undefined;
  distance: number;
  units: number;
  rate: number;
  lost: number;
}

export interface MarginalBreakdown {
  bands: MarginalBand[];
  lost: number;
  /** Distance on the good side of the first threshold, its counted units and the points they add. */
  bonusUnits: number;
  bonus: number;
  score: number;
}

function countUnits(distance: number, per: number, count: MarginalMethod['count']): number {
  const u = cleanDecimal(distance / per);
  return count === 'whole' ? Math.floor(u) : count === 'started' ? Math.ceil(u) : u;
}

/**
 * 按实测值分段扣分, step by step (the preview and the trace say each band in words).
 * @example below, marginal, bands 96 → 0.25, 90 → 0.5, points 5, x = 88: 6 × 0.25 + 2 × 0.5 = 2.5 lost → 2.5
 * @example the same in 'flat' mode: 8 × 0.5 = 4 lost → 1
 */
export function marginalBreakdown(m: MarginalMethod, points: number, x: number): MarginalBreakdown {
  const { bands, lost } = marginalLoss(m, x);
  const first = m.bands[0];
  const sign = m.direction === 'below' ? 1 : -1;
  let bonusUnits = 0;
  let bonus = 0;
  if (m.bonusRate > 0 && first) {
    const good = Math.max(0, cleanDecimal(-sign * (first.from - x)));
    bonusUnits = countUnits(good, m.per, m.count);
    bonus = Math.min(bonusUnits * m.bonusRate, m.bonusLimit ?? Infinity);
  }
  const raw = points - lost + bonus;
  const score = m.uncapped ? Math.max(0, raw) : clamp(raw, 0, points);
  return { bands, lost, bonusUnits, bonus, score };
}

/** What a marginal method's or a measured deduction's thresholds take for value `x`, band by band. */
export type MarginalBands = Pick<MarginalMethod, 'direction' | 'mode' | 'bands' | 'per' | 'count'>;

export function marginalLoss(m: MarginalBands, x: number): { bands: MarginalBand[]; lost: number } {
  const sign = m.direction === 'below' ? 1 : -1;
  // how far x is past threshold t in the penalised direction (0 when it is not), up to `span` beyond it; one
  // subtraction, then float noise removed (never a difference of two cleaned values: 99.0000000003 would be 100 units)
  const past = (t: number, span = Infinity): number => cleanDecimal(Math.max(0, Math.min(sign * (t - x), span)));
  const bands: MarginalBand[] = [];
  let lost = 0;
  const first = m.bands[0];
  if (m.mode === 'marginal') {
    for (let i = 0; i < m.bands.length; i++) {
      const b = m.bands[i];
      if (!b) continue;
      const next = m.bands[i + 1]?.from;
      const distance = past(b.from, next === undefined ? Infinity : sign * (b.from - next));
      if (distance <= 0) continue;
      const units = countUnits(distance, m.per, m.count);
      bands.push({ from: b.from, to: next, distance, units, rate: b.rate, lost: units * b.rate });
      lost += units * b.rate;
    }
  } else if (first) {
    let deepest: (typeof m.bands)[number] | undefined;
    for (const b of m.bands) if (past(b.from) > 0) deepest = b;
    if (deepest) {
      const distance = past(first.from);
      const units = countUnits(distance, m.per, m.count);
      bands.push({ from: first.from, to: undefined, distance, units, rate: deepest.rate, lost: units * deepest.rate });
      lost = units * deepest.rate;
    }
  }
  return { bands, lost };
}

/** {@link marginalBreakdown}'s score, for the hot path. */
export function marginalPoints(m: MarginalMethod, points: number, x: number): number {
  return marginalBreakdown(m, points, x).score;
}

/** 等次: A/B/C/D → configured fraction of points. */
export function gradeScore(m: GradeMethod, points: number, grade: string | undefined): CellScore {
  if (grade === undefined) return { ok: false, reason: 'noData' };
  const f = m.grades[grade];
  if (f === undefined) return { ok: false, reason: 'unknownGrade' };
  return { ok: true, score: points * f };
}

/** 完成/未完成: a non-zero value is done (full points), zero is not done (`partial` of points). */
export function binaryScore(m: BinaryMethod, points: number, x: number): CellScore {
  return { ok: true, score: x !== 0 ? points : points * m.partial };
}

/**
 * 按市考结果折算: score basis → points × score / max (max defaults to 100); rank basis → points ×
 * rankFractions[rank − 1] (the last fraction beyond the list), or 1 − 0.1 × (rank − 1) floored at 0 without a list.
 */
export function upperScore(m: UpperMethod, points: number, r: UpperResult | undefined): CellScore {
  if (r === undefined) return { ok: false, reason: 'noUpperResult' };
  if (m.basis === 'score') {
    if (r.score === undefined) return { ok: false, reason: 'noUpperResult' };
    return { ok: true, score: points * clamp(r.score / (r.max ?? 100), 0, 1) };
  }
  if (r.rank === undefined) return { ok: false, reason: 'noUpperResult' };
  const fr = m.rankFractions;
  const f = fr ? (fr[Math.min(r.rank, fr.length) - 1] ?? 0) : 1 - 0.1 * (r.rank - 1);
  return { ok: true, score: points * clamp(f, 0, 1) };
}

/** An assessor's score, clamped to [min, max]; without a reason (when required) it is not accepted. */
export function manualScore(
  min: number,
  max: number,
  requireReason: boolean,
  manual: Value['manual'],
): CellScore & { clamped?: boolean } {
  if (manual === undefined) return { ok: false, reason: 'noData' };
  if (requireReason && manual.reason.trim() === '') return { ok: false, reason: 'noReason' };
  const s = clamp(manual.score, min, max);
  return { ok: true, score: s, clamped: s !== manual.score };
}
