/**
 * Indicator diagnostics (PRODUCT §4.9, SCORING "Indicator diagnostics"): does an indicator tell the
 * units apart, and does it change anything? Pure functions over a group's dense score matrix.
 *
 * Every statistic that is undefined for the data (a correlation with a constant column, a CV on a scale
 * that is not positive, anything on fewer than two units) is `null`, never NaN.
 */
import { AnalysisError } from './errors';
import {
  type GroupMatrix,
  type IndicatorMeta,
  isConstant,
  meanSd,
  pearson,
  roundHalfUpTo,
  roundKeysInto,
  sportRanksInto,
  totalsInto,
  validateGroupMatrix,
  weightsOf,
} from './matrix';

/**
 * The thresholds of the flags (docs/scoring.md §11). An indicator is flagged — severity first — when
 *   severe: every unit it applies to has full marks, or every unit has the same score;
 *   high:   its full-mark rate is at least `fullMarkThreshold`;
 *   medium: its share of distinct values is below `distinctShareThreshold` AND its CV is below `cvThreshold`.
 * Nothing else flags: poor discrimination, no entropy information and no rank impact are notes, shown but not
 * counted (a 2-point indicator with CV 0.7 need not move a rank to tell units apart). An indicator that applies to
 * fewer than `minUnits` units is not judged at all.
 */
export interface DiagnosticsOptions {
  /** Full-mark rate at or above which an indicator is flagged (high). Default 0.8. */
  readonly fullMarkThreshold?: number;
  /** Share of distinct values below which — together with a low CV — an indicator is flagged (medium). Default 0.5. */
  readonly distinctShareThreshold?: number;
  /** Coefficient of variation below which — together with few distinct values — it is flagged (medium). Default 0.10. */
  readonly cvThreshold?: number;
  /** Discrimination index below which the note POOR_DISCRIMINATION is added. Default 0.2 (≥ 0.4 is very good). */
  readonly discriminationThreshold?: number;
  /** An indicator that applies to fewer units than this is not judged (note TOO_FEW_UNITS). Default 2 (a feature indicator of one unit). */
  readonly minUnits?: number;
  /**
   * A unit "meets" an indicator, for the discrimination index, when it scores at least this share of
   * the indicator's points. Default 1: meeting means full marks.
   */
  readonly meetShare?: number;
  /** Share of units in each extreme group of the discrimination index. Default 0.27. */
  readonly extremeShare?: number;
  /** Correlation above which two indicators of one block are reported as redundant. Default 0.9. */
  readonly redundancyThreshold?: number;
  /** Decimals the ranking total is published with; ranks for rank impact use it. null = full precision. Default 2. */
  readonly decimals?: number | null;
  /** Absolute tolerance for "at full marks" and for two scores being the same value. Default 1e-9. */
  readonly tolerance?: number;
  /** Display names of assessors for the headline sentences (id → name). */
  readonly assessorNames?: Readonly<Record<string, string>>;
}

type Resolved = Required<Omit<DiagnosticsOptions, 'assessorNames' | 'decimals'>> & {
  readonly decimals: number | null;
  readonly assessorNames: Readonly<Record<string, string>>;
};

export const DEFAULT_DIAGNOSTICS_OPTIONS = {
  fullMarkThreshold: 0.8,
  distinctShareThreshold: 0.5,
  cvThreshold: 0.1,
  discriminationThreshold: 0.2,
  minUnits: 2,
  meetShare: 1,
  extremeShare: 0.27,
  redundancyThreshold: 0.9,
  decimals: 2,
  tolerance: 1e-9,
} as const;

/** Why an indicator is flagged as not discriminating (the first five) or noted (the rest). The type derives from it. */
export const NON_DISCRIMINATION_REASONS = [
  'CONSTANT',
  'ALL_FULL_MARKS',
  'HIGH_FULL_MARK_RATE',
  'FEW_DISTINCT_VALUES',
  'LOW_CV',
  'NO_ENTROPY_INFORMATION',
  'POOR_DISCRIMINATION',
  'NO_RANK_IMPACT',
  'TOO_FEW_UNITS',
] as const;
export type NonDiscriminationCode = (typeof NON_DISCRIMINATION_REASONS)[number];
/** Codes that are notes: reported in `notes`, never a flag. */
export const NOTE_REASONS: readonly NonDiscriminationCode[] = [
  'NO_ENTROPY_INFORMATION',
  'POOR_DISCRIMINATION',
  'NO_RANK_IMPACT',
  'TOO_FEW_UNITS',
];

export const REASON_TEXT: Readonly<Record<NonDiscriminationCode, { readonly zh: string; readonly en: string }>> = {
  CONSTANT: { zh: '所有单位得分相同', en: 'every unit has the same score' },
  ALL_FULL_MARKS: { zh: '所有单位均为满分', en: 'every unit has full marks' },
  HIGH_FULL_MARK_RATE: { zh: '满分率过高', en: 'full-mark rate at or above the threshold' },
  FEW_DISTINCT_VALUES: { zh: '得分取值过少', en: 'few distinct scores' },
  LOW_CV: { zh: '变异系数过小', en: 'coefficient of variation below the threshold' },
  NO_ENTROPY_INFORMATION: { zh: '熵权信息量为零', en: 'no entropy-weight information' },
  POOR_DISCRIMINATION: { zh: '区分度差', en: 'poor discrimination between top and bottom units' },
  NO_RANK_IMPACT: { zh: '去掉该指标排名不变', en: 'removing it changes no rank' },
  TOO_FEW_UNITS: { zh: '适用单位过少，不作判断', en: 'applies to too few units to judge' },
};

export interface NonDiscriminationReason {
  readonly code: NonDiscriminationCode;
  /** The measured value that triggered the flag. */
  readonly value: number;
  /** The threshold it was compared with. */
  readonly threshold: number;
}

/** severe: every unit full marks / the same score; high: full-mark rate ≥ threshold; medium: few distinct values and low CV. */
export type DiagnosticSeverity = 'none' | 'medium' | 'high' | 'severe';
export const SEVERITY_ORDER: readonly DiagnosticSeverity[] = ['severe', 'high', 'medium', 'none'];

export interface IndicatorDiagnostics {
  readonly groupId: string;
  readonly indicatorId: string;
  readonly name?: string;
  readonly blockId?: string;
  readonly assessorId?: string;
  readonly points: number;
  /** Units the indicator applies to (the statistics below describe these). */
  readonly units: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly fullMarkCount: number;
  /** Share of units at the indicator's points (0 when the group is empty). */
  readonly fullMarkRate: number;
  /** True when there is at least one unit and every unit has full marks. */
  readonly allFullMarks: boolean;
  /** True when every unit has the same score. */
  readonly constant: boolean;
  readonly distinctCount: number;
  readonly distinctShare: number;
  /** sd / mean; null unless every score ≥ 0 and the mean > 0. */
  readonly cv: number | null;
  /** Entropy-weight information d_j = 1 − e_j in [0, 1]; null when a score is negative. */
  readonly entropyInformation: number | null;
  /** Share meeting the indicator in the top 27% by total minus that in the bottom 27%; null with < 2 units. */
  readonly discriminationIndex: number | null;
  /** Pearson r of the indicator with the total without it; null when either is constant. */
  readonly itemTotalCorrelation: number | null;
  /** Mean |rank change| over the group's units when the indicator's weight is set to zero. */
  readonly rankImpact: number;
  /** Units whose rank changes when the indicator's weight is set to zero. */
  readonly rankChanges: number;
  /** cov(w_j·x_j, total) / var(total): the indicator's share of the variance of the total; null when the total is constant. */
  readonly varianceShare: number | null;
  readonly nonDiscriminating: boolean;
  readonly severity: DiagnosticSeverity;
  /** The flags (what makes it non-discriminating). */
  readonly reasons: readonly NonDiscriminationReason[];
  /** Observations that do not flag (poor discrimination, no rank impact, too few units …). */
  readonly notes: readonly NonDiscriminationReason[];
}

/** One flagged indicator in the severity-first list an office reads. */
export interface FlagItem {
  readonly groupId: string;
  readonly indicatorId: string;
  readonly name?: string;
  readonly assessorId?: string;
  readonly points: number;
  readonly severity: Exclude<DiagnosticSeverity, 'none'>;
  readonly fullMarkRate: number;
  readonly distinctShare: number;
  readonly cv: number | null;
  readonly reasons: readonly NonDiscriminationCode[];
}

export interface SeverityCounts {
  readonly severe: number;
  readonly high: number;
  readonly medium: number;
  /** Indicator × group pairs judged. */
  readonly indicators: number;
}

export interface RedundancyPair {
  readonly groupId: string;
  readonly blockId: string | null;
  readonly indicatorA: string;
  readonly indicatorB: string;
  readonly correlation: number;
}

export interface HeadlineAssessor {
  readonly assessorId: string | null;
  readonly name: string;
  readonly count: number;
  readonly indicatorIds: readonly string[];
}

/**
 * "N of M indicators gave every unit full marks (P% of indicators, W% of points)" with the owners.
 * An indicator counts once per group it is used in (a group's indicators are its own set).
 */
export interface Headline {
  /** `null` for the whole scheme, otherwise the group. */
  readonly groupId: string | null;
  readonly fullMarkIndicators: number;
  readonly indicators: number;
  /** N / M in [0, 1] (0 when M = 0). */
  readonly indicatorShare: number;
  readonly fullMarkPoints: number;
  readonly totalPoints: number;
  /** Points of the full-mark indicators / all points, in [0, 1] (0 when there are no points). */
  readonly pointsShare: number;
  readonly assessors: readonly HeadlineAssessor[];
  readonly items: readonly {
    readonly groupId: string;
    readonly indicatorId: string;
    readonly name?: string;
    readonly assessorId?: string;
  }[];
  readonly text: { readonly zh: string; readonly en: string };
}

export interface GroupDiagnostics {
  readonly groupId: string;
  readonly units: number;
  readonly indicators: readonly IndicatorDiagnostics[];
  readonly flagged: number;
  readonly counts: SeverityCounts;
  readonly redundancy: readonly RedundancyPair[];
  readonly headline: Headline;
}

export interface DiagnosticsResult {
  readonly groups: readonly GroupDiagnostics[];
  readonly headline: Headline;
  /** Every flagged indicator of every group, severity first (then full-mark rate, group order, indicator id). */
  readonly flags: readonly FlagItem[];
  readonly counts: SeverityCounts;
  readonly options: Omit<Resolved, 'assessorNames'>;
}

function resolve(o: DiagnosticsOptions): Resolved {
  const r: Resolved = {
    ...DEFAULT_DIAGNOSTICS_OPTIONS,
    ...o,
    decimals: o.decimals === undefined ? DEFAULT_DIAGNOSTICS_OPTIONS.decimals : o.decimals,
    assessorNames: o.assessorNames ?? {},
  };
  const unitShare = (k: keyof Resolved, v: number, lo: number, hi: number, loOpen = false): void => {
    if (!Number.isFinite(v) || v > hi || (loOpen ? v <= lo : v < lo)) {
      throw new AnalysisError(
        'ANALYSIS_INVALID_OPTION',
        `options.${String(k)}`,
        `must be in ${loOpen ? '(' : '['}${lo}, ${hi}]`,
      );
    }
  };
  unitShare('fullMarkThreshold', r.fullMarkThreshold, 0, 1);
  unitShare('distinctShareThreshold', r.distinctShareThreshold, 0, 1);
  unitShare('cvThreshold', r.cvThreshold, 0, Number.MAX_VALUE);
  unitShare('discriminationThreshold', r.discriminationThreshold, -1, 1);
  if (!Number.isInteger(r.minUnits) || r.minUnits < 1 || r.minUnits > 1000) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.minUnits', 'must be an integer in [1, 1000]');
  }
  unitShare('meetShare', r.meetShare, 0, 1, true);
  unitShare('extremeShare', r.extremeShare, 0, 0.5, true);
  unitShare('redundancyThreshold', r.redundancyThreshold, -1, 1);
  unitShare('tolerance', r.tolerance, 0, 1);
  if (r.decimals !== null && (!Number.isInteger(r.decimals) || r.decimals < 0 || r.decimals > 10)) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.decimals', 'must be an integer in [0, 10] or null');
  }
  return r;
}

/**
 * Entropy-weight information of one non-negative column: p_i = x_i / Σx, e = −(1/ln n) Σ p ln p
 * (0·ln 0 = 0), d = 1 − e.
 *
 * @example column (1, 1, 2): Σ = 4, p = (¼, ¼, ½), Σ p ln p = 2·¼·ln¼ + ½·ln½ = −1.0397,
 *   e = 1.0397 / ln 3 = 0.9464, d = 0.0536.
 * Returns exactly 0 for a constant column (including all zeros, the 0/0 case) and for a single unit
 * (ln 1 = 0: one unit cannot be told apart from anyone); null when a value is negative (p is not a share).
 */
export function entropyInformation(x: Float64Array, off = 0, n = x.length - off): number | null {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[off + i] as number;
    if (v < 0) return null;
    sum += v;
  }
  if (n < 2 || sum === 0 || isConstant(x, off, n)) return 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const v = x[off + i] as number;
    const p = v / sum;
    // p can underflow to 0 for a denormal v: 0·ln 0 = 0, not 0·(−∞) = NaN.
    if (p > 0) h -= p * Math.log(p);
  }
  const d = 1 - h / Math.log(n);
  // Rounding can leave −1e-16 for a nearly uniform column; information is never negative.
  return d < 0 ? 0 : d > 1 ? 1 : d;
}

/**
 * Diagnose every indicator of every group, the redundancy pairs and the full-marks headline.
 *
 * @example a group of 3 units with indicators A (10, 10, 10 of 10 points) and B (2, 4, 6 of 10):
 *   A has full-mark rate 1, is constant, entropy information 0, rank impact 0 → flagged CONSTANT,
 *   ALL_FULL_MARKS …; headline zh "共 2 项指标中有 1 项所有单位均为满分，占指标总数 50%，占分值 50%".
 */
export function diagnose(groups: readonly GroupMatrix[], options: DiagnosticsOptions = {}): DiagnosticsResult {
  const o = resolve(options);
  groups.forEach((g, k) => validateGroupMatrix(g, `groups[${k}]`));
  const seen = new Set<string>();
  groups.forEach((g, k) => {
    if (seen.has(g.groupId))
      throw new AnalysisError('ANALYSIS_DUPLICATE_ID', `groups[${k}].groupId`, `duplicate group id ${g.groupId}`);
    seen.add(g.groupId);
  });
  const out = groups.map((g) => diagnoseGroup(g, o));
  const all = out.flatMap((g) => g.indicators);
  const { assessorNames, ...rest } = o;
  const rankOf = (s: DiagnosticSeverity) => SEVERITY_ORDER.indexOf(s);
  const flags: FlagItem[] = all
    .filter((d) => d.severity !== 'none')
    .map((d, k) => ({ d, k }))
    .sort((a, b) => rankOf(a.d.severity) - rankOf(b.d.severity) || b.d.fullMarkRate - a.d.fullMarkRate || a.k - b.k)
    .map(({ d }) => ({
      groupId: d.groupId,
      indicatorId: d.indicatorId,
      ...(d.name !== undefined ? { name: d.name } : {}),
      ...(d.assessorId !== undefined ? { assessorId: d.assessorId } : {}),
      points: d.points,
      severity: d.severity as FlagItem['severity'],
      fullMarkRate: d.fullMarkRate,
      distinctShare: d.distinctShare,
      cv: d.cv,
      reasons: d.reasons.map((r) => r.code),
    }));
  return {
    groups: out,
    headline: headlineOf(null, all, assessorNames),
    flags,
    counts: countsOf(all),
    options: rest,
  };
}

function countsOf(diags: readonly IndicatorDiagnostics[]): SeverityCounts {
  let severe = 0;
  let high = 0;
  let medium = 0;
  for (const d of diags) {
    if (d.severity === 'severe') severe++;
    else if (d.severity === 'high') high++;
    else if (d.severity === 'medium') medium++;
  }
  return { severe, high, medium, indicators: diags.length };
}

/** Diagnose one group (validated by the caller through `diagnose`). */
function diagnoseGroup(g: GroupMatrix, o: Resolved): GroupDiagnostics {
  const n = g.unitIds.length;
  const m = g.indicators.length;
  const w = weightsOf(g);
  const x = g.scores;
  const total = totalsInto(x, n, w, g.base, new Float64Array(n));
  const totalStats = meanSd(total, 0, n);
  const varTotal = totalStats.sd * totalStats.sd;

  // Extreme groups for the discrimination index: by total, ties broken by unit id so that the
  // result does not depend on the order of input rows.
  const byTotal = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (total[b] as number) - (total[a] as number) || cmpStr(g.unitIds[a] ?? '', g.unitIds[b] ?? ''),
  );
  const k = n < 2 ? 0 : Math.max(1, Math.round(o.extremeShare * n));
  const top = byTotal.slice(0, k);
  const bottom = byTotal.slice(n - k);

  // Baseline ranks on the published total; scratch reused across indicators.
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  const baseRank = sportRanksInto(roundKeysInto(total, o.decimals, keys), order, new Int32Array(n));
  const reduced = new Float64Array(n);
  const rank = new Int32Array(n);
  const sorted = new Float64Array(n);
  const col = new Float64Array(n);

  const indicators: IndicatorDiagnostics[] = [];
  for (let j = 0; j < m; j++) {
    const meta = g.indicators[j] as IndicatorMeta;
    const off = j * n;
    const wj = w[j] as number;
    // The indicator is described over the units it applies to (a feature indicator: its own units only).
    let na = 0;
    for (let i = 0; i < n; i++) if (!g.applies || g.applies[off + i]) col[na++] = x[off + i] as number;
    const { mean, sd } = meanSd(col, 0, na);
    // Distinct values and full marks are counted on the scores as published (rounded to `decimals`):
    // 0.123 and 0.124 both print as 0.12, and 0.4996 prints as full marks of 0.5.
    const view = sorted.subarray(0, na);
    if (o.decimals === null) view.set(col.subarray(0, na));
    else for (let i = 0; i < na; i++) view[i] = roundHalfUpTo(col[i] as number, o.decimals);
    let full = 0;
    const fullAt = meta.points - o.tolerance;
    for (let i = 0; i < na; i++) if ((view[i] as number) >= fullAt) full++;
    view.sort();
    const min = na ? (view[0] as number) : 0;
    const max = na ? (view[na - 1] as number) : 0;
    let distinct = na ? 1 : 0;
    for (let i = 1; i < na; i++) if ((view[i] as number) - (view[i - 1] as number) > o.tolerance) distinct++;
    const constant = na > 0 && isConstant(col, 0, na);
    const fullMarkRate = na ? full / na : 0;
    const distinctShare = na ? distinct / na : 0;
    const cv = na > 0 && min >= 0 && mean > 0 ? sd / mean : null;
    const entropy = na > 0 ? entropyInformation(col, 0, na) : null;

    let di: number | null = null;
    if (k > 0) {
      const meetAt = o.meetShare * meta.points - o.tolerance;
      let t = 0;
      let b = 0;
      for (const i of top) if ((x[off + i] as number) >= meetAt) t++;
      for (const i of bottom) if ((x[off + i] as number) >= meetAt) b++;
      di = (t - b) / k;
    }

    for (let i = 0; i < n; i++) reduced[i] = (total[i] as number) - wj * (x[off + i] as number);
    const itc = pearson(x, off, reduced, 0, n);

    // Setting the weight of a constant column to zero moves every total by the same amount, which
    // cannot change the order; computing it would only expose rounding at the published decimals.
    let rankImpact = 0;
    let rankChanges = 0;
    if (!constant && wj !== 0 && n > 1) {
      sportRanksInto(roundKeysInto(reduced, o.decimals, keys), order, rank);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.abs((rank[i] as number) - (baseRank[i] as number));
        s += d;
        if (d) rankChanges++;
      }
      rankImpact = s / n;
    }

    let varianceShare: number | null = null;
    if (n > 1 && varTotal > 1e-24 * (1 + totalStats.mean * totalStats.mean)) {
      let c = 0;
      for (let i = 0; i < n; i++) c += ((x[off + i] as number) - mean) * ((total[i] as number) - totalStats.mean);
      varianceShare = (wj * c) / n / varTotal;
    }

    const reasons: NonDiscriminationReason[] = [];
    const notes: NonDiscriminationReason[] = [];
    if (na > 0 && na < o.minUnits) notes.push({ code: 'TOO_FEW_UNITS', value: na, threshold: o.minUnits });
    else if (na > 0) {
      if (constant) reasons.push({ code: 'CONSTANT', value: distinct, threshold: 1 });
      if (full === na) reasons.push({ code: 'ALL_FULL_MARKS', value: 1, threshold: 1 });
      else if (fullMarkRate >= o.fullMarkThreshold) {
        reasons.push({ code: 'HIGH_FULL_MARK_RATE', value: fullMarkRate, threshold: o.fullMarkThreshold });
      }
      // Few distinct values alone is no fault (a yes/no indicator has two), nor is a low CV alone (scores close
      // to full marks but all different): only both together say the indicator hardly separates anyone.
      const fewDistinct = distinctShare < o.distinctShareThreshold;
      const lowCv = cv !== null && cv < o.cvThreshold;
      if ((fewDistinct && lowCv) || constant) {
        if (fewDistinct)
          reasons.push({ code: 'FEW_DISTINCT_VALUES', value: distinctShare, threshold: o.distinctShareThreshold });
        if (lowCv && cv !== null) reasons.push({ code: 'LOW_CV', value: cv, threshold: o.cvThreshold });
      }
      if (entropy === 0) notes.push({ code: 'NO_ENTROPY_INFORMATION', value: 0, threshold: 0 });
      if (di !== null && di < o.discriminationThreshold) {
        notes.push({ code: 'POOR_DISCRIMINATION', value: di, threshold: o.discriminationThreshold });
      }
      if (n > 1 && rankImpact === 0) notes.push({ code: 'NO_RANK_IMPACT', value: 0, threshold: 0 });
    }
    indicators.push({
      groupId: g.groupId,
      indicatorId: meta.id,
      ...(meta.name !== undefined ? { name: meta.name } : {}),
      ...(meta.blockId !== undefined ? { blockId: meta.blockId } : {}),
      ...(meta.assessorId !== undefined ? { assessorId: meta.assessorId } : {}),
      points: meta.points,
      units: na,
      mean,
      sd,
      min,
      max,
      fullMarkCount: full,
      fullMarkRate,
      allFullMarks: na >= o.minUnits && full === na,
      constant,
      distinctCount: distinct,
      distinctShare,
      cv,
      entropyInformation: entropy,
      discriminationIndex: di,
      itemTotalCorrelation: itc,
      rankImpact,
      rankChanges,
      varianceShare,
      nonDiscriminating: reasons.length > 0,
      severity: severityOf(reasons),
      reasons,
      notes,
    });
  }

  return {
    groupId: g.groupId,
    units: n,
    indicators,
    flagged: indicators.filter((d) => d.nonDiscriminating).length,
    counts: countsOf(indicators),
    redundancy: redundancyPairs(g, o.redundancyThreshold),
    headline: headlineOf(g.groupId, indicators, o.assessorNames),
  };
}

/** severe: every unit full marks or the same score; high: full-mark rate ≥ threshold; medium: few values and low CV. */
function severityOf(reasons: readonly NonDiscriminationReason[]): DiagnosticSeverity {
  if (reasons.length === 0) return 'none';
  const has = (c: NonDiscriminationCode): boolean => reasons.some((r) => r.code === c);
  if (has('CONSTANT') || has('ALL_FULL_MARKS')) return 'severe';
  if (has('HIGH_FULL_MARK_RATE')) return 'high';
  return 'medium';
}

/**
 * Pairs of indicators within one block whose scores correlate above the threshold (r > 0.9 by default).
 * Columns are standardised once, so each pair is one dot product. Indicators without a block form one block.
 */
export function redundancyPairs(g: GroupMatrix, threshold = 0.9): RedundancyPair[] {
  const n = g.unitIds.length;
  const m = g.indicators.length;
  if (n < 2) return [];
  const z = new Float64Array(n * m);
  const usable = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const off = j * n;
    const { mean, sd } = meanSd(g.scores, off, n);
    if (!(sd > 1e-12 * (1 + Math.abs(mean)))) continue;
    usable[j] = 1;
    const inv = 1 / (sd * Math.sqrt(n));
    for (let i = 0; i < n; i++) z[off + i] = ((g.scores[off + i] as number) - mean) * inv;
  }
  const blocks = new Map<string | null, number[]>();
  for (let j = 0; j < m; j++) {
    if (!usable[j]) continue;
    const b = g.indicators[j]?.blockId ?? null;
    const list = blocks.get(b);
    if (list) list.push(j);
    else blocks.set(b, [j]);
  }
  const pairs: RedundancyPair[] = [];
  for (const [blockId, cols] of blocks) {
    for (let a = 0; a < cols.length; a++) {
      const ja = cols[a] as number;
      const oa = ja * n;
      for (let b = a + 1; b < cols.length; b++) {
        const jb = cols[b] as number;
        const ob = jb * n;
        let r = 0;
        for (let i = 0; i < n; i++) r += (z[oa + i] as number) * (z[ob + i] as number);
        r = Math.max(-1, Math.min(1, r));
        if (r > threshold) {
          pairs.push({
            groupId: g.groupId,
            blockId,
            indicatorA: g.indicators[ja]?.id ?? '',
            indicatorB: g.indicators[jb]?.id ?? '',
            correlation: r,
          });
        }
      }
    }
  }
  return pairs;
}

function pct(share: number): string {
  return String(roundHalfUpTo(share * 100, 1));
}

/** Build the headline from already computed diagnostics (one group, or all groups with groupId null). */
export function headlineOf(
  groupId: string | null,
  diags: readonly IndicatorDiagnostics[],
  assessorNames: Readonly<Record<string, string>> = {},
): Headline {
  const full = diags.filter((d) => d.allFullMarks);
  const M = diags.length;
  const N = full.length;
  const totalPoints = diags.reduce((s, d) => s + d.points, 0);
  const fullMarkPoints = full.reduce((s, d) => s + d.points, 0);
  const indicatorShare = M ? N / M : 0;
  const pointsShare = totalPoints > 0 ? fullMarkPoints / totalPoints : 0;
  const byAssessor = new Map<string | null, string[]>();
  for (const d of full) {
    const a = d.assessorId ?? null;
    const list = byAssessor.get(a);
    const label = groupId === null ? `${d.groupId}/${d.indicatorId}` : d.indicatorId;
    if (list) list.push(label);
    else byAssessor.set(a, [label]);
  }
  const assessors: HeadlineAssessor[] = [...byAssessor.entries()]
    .map(([assessorId, ids]) => ({
      assessorId,
      name: assessorId === null ? '' : (assessorNames[assessorId] ?? assessorId),
      count: ids.length,
      indicatorIds: ids,
    }))
    .sort((a, b) => b.count - a.count || cmpStr(a.assessorId ?? '\uffff', b.assessorId ?? '\uffff'));
  const zhOwners = assessors
    .map((a) => `${a.assessorId === null ? '未指定考核主体' : a.name}（${a.count}项）`)
    .join('、');
  const enOwners = assessors.map((a) => `${a.assessorId === null ? 'no assessor' : a.name} (${a.count})`).join(', ');
  const zh =
    `共 ${M} 项指标中有 ${N} 项所有单位均为满分，占指标总数 ${pct(indicatorShare)}%，占分值 ${pct(pointsShare)}%` +
    (N ? `；涉及考核主体：${zhOwners}。` : '。');
  const en =
    `${N} of ${M} indicators gave every unit full marks (${pct(indicatorShare)}% of indicators, ${pct(pointsShare)}% of points)` +
    (N ? `; owners: ${enOwners}.` : '.');
  return {
    groupId,
    fullMarkIndicators: N,
    indicators: M,
    indicatorShare,
    fullMarkPoints,
    totalPoints,
    pointsShare,
    assessors,
    items: full.map((d) => ({
      groupId: d.groupId,
      indicatorId: d.indicatorId,
      ...(d.name !== undefined ? { name: d.name } : {}),
      ...(d.assessorId !== undefined ? { assessorId: d.assessorId } : {}),
    })),
    text: { zh, en },
  };
}

/** Code-point order: locale-independent, so output is the same on every machine. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
