/**
 * Weight sensitivity (PRODUCT §4.10, SCORING "Sensitivity"): draw every indicator weight uniformly in
 * w × (1 ± spread), renormalise so the group's weights keep their sum, recompute totals → ranks → tiers,
 * N times with a recorded seed. Reported per unit: median rank, 5th–95th percentile rank and the share of
 * draws in which its tier changes; per group: how often each tier boundary moves (fragile boundaries).
 *
 * The indicator score matrix is fixed (weights scale scores, they do not rescore), so each draw is one
 * matrix-vector product plus a sort per group: 1,000 draws on 150 units × 100 indicators take milliseconds.
 */
import { AnalysisError } from './errors';
import { mulberry32 } from './prng';
import {
  type GroupMatrix,
  roundHalfUpTo,
  roundKeysInto,
  sportRanksInto,
  totalsInto,
  validateGroupMatrix,
  weightsOf,
} from './matrix';

/** Ranks and tiers for one group's units, computed from their (unrounded) ranking totals. */
export interface TierOutcome {
  /** Rank per unit, 1 = best, in the group's unit order. */
  readonly ranks: ArrayLike<number>;
  /** Tier index per unit, 0 = best tier, in the group's unit order. */
  readonly tiers: ArrayLike<number>;
}
/**
 * The scheme's ranking and tiering of every group at once (county-wide quotas couple the groups), from
 * the units' ranking totals, one array per group in the input's group order. The arrays are reused
 * between calls: copy them to keep them.
 */
export type SchemeTierer = (totals: readonly Float64Array[]) => readonly TierOutcome[];

export interface SensitivityGroup extends GroupMatrix {
  /**
   * Tier shares, best first (e.g. [0.3, 0.4, 0.2, 0.1] for 好/较好/一般/较差), for the built-in tierer:
   * sport ranking on the total rounded to `decimals`, quotas filled tier after tier with ties at a
   * tier's last place all in (see `quotaTierer`). Ignored when the input has a `tierer` (the scheme's
   * own ranking and tiering, with vetoes, eligibility and tie policy: see `schemeTierer`).
   */
  readonly tierShares?: readonly number[];
  /** Tier names, best first; with a custom `tierer` they fix the group's number of tiers. */
  readonly tierNames?: readonly string[];
  /**
   * The units' exact baseline totals (e.g. the computed full-precision composites). When given, the
   * baseline is these totals and a draw adds only the change its weights make, so the baseline (and a
   * draw with spread 0) equals the computed ranking exactly, without floating-point noise from the matrix.
   */
  readonly totals?: Float64Array;
}

export interface SensitivityInput {
  readonly groups: readonly SensitivityGroup[];
  /** Replaces the built-in per-group quota tiering; every group then needs `tierNames`. */
  readonly tierer?: SchemeTierer;
}

export interface SensitivityOptions {
  /** Number of draws. Default 1,000. */
  readonly runs?: number;
  /** Seed of the PRNG (recorded in the result as the unsigned 32-bit value used). Default 1. */
  readonly seed?: number;
  /** Relative half-width of the uniform weight perturbation. Default 0.25 (±25%). */
  readonly spread?: number;
  /** Decimals of the published total the built-in tierer ranks on; null = full precision. Default 2. */
  readonly decimals?: number | null;
  /** A boundary that moves in more than this share of draws is fragile. Default 0.05. */
  readonly fragileThreshold?: number;
}

export interface UnitSensitivity {
  readonly groupId: string;
  readonly unitId: string;
  readonly baseTotal: number;
  readonly baseRank: number;
  readonly baseTier: number;
  /** Nearest-rank percentiles over the draws (the median is the lower median for an even run count). */
  readonly medianRank: number;
  readonly p5Rank: number;
  readonly p95Rank: number;
  readonly minRank: number;
  readonly maxRank: number;
  /** Share of draws in which the unit's tier differs from its baseline tier. */
  readonly tierChangeShare: number;
  /** Share of draws in each tier, best first. */
  readonly tierShares: readonly number[];
}

export interface BoundarySensitivity {
  readonly groupId: string;
  /** The boundary between tier `upperTier` and tier `upperTier + 1`. */
  readonly upperTier: number;
  readonly label: string;
  /** Share of draws in which at least one unit is on the other side of this boundary than in the baseline. */
  readonly crossingShare: number;
  readonly fragile: boolean;
  /** Baseline total of the last unit above the boundary minus that of the first unit below; null when a side is empty. */
  readonly baselineGap: number | null;
  /** Units that crossed the boundary in some draw, most often first. */
  readonly units: readonly { readonly unitId: string; readonly baseTier: number; readonly share: number }[];
}

export interface SensitivityResult {
  readonly seed: number;
  readonly runs: number;
  readonly spread: number;
  readonly units: readonly UnitSensitivity[];
  readonly boundaries: readonly BoundarySensitivity[];
  readonly fragileBoundaries: number;
}

interface GroupState {
  readonly index: number;
  readonly g: SensitivityGroup;
  readonly n: number;
  readonly w0: Float64Array;
  readonly w0Sum: number;
  readonly w: Float64Array;
  readonly totals: Float64Array;
  readonly tierCount: number;
  readonly baseTotals: Float64Array;
  readonly baseRank: Int32Array;
  readonly baseTier: Int32Array;
  /** ranks[i * runs + r]: rank of unit i in draw r, sorted per unit at the end. */
  readonly ranks: Int32Array;
  readonly tierChanges: Int32Array;
  readonly tierCounts: Int32Array;
  /** crossings[i * (T − 1) + k]: draws in which unit i is on the other side of boundary k. */
  readonly crossings: Int32Array;
  readonly boundaryMoves: Int32Array;
}

/** Ranks and tiers for one group from its totals (the built-in tierer works group by group). */
export type GroupTierer = (totals: Float64Array) => TierOutcome;

/**
 * Quota tiering by shares, best first, as the core's 'allIn' tie policy does it: each tier but the last
 * gets round-half-up(n × share) places (capped so they never exceed n), tiers fill one after another in
 * sport-rank order, and units tied at a tier's last place all come in (the next tier then starts later).
 * @example shares [0.3, 0.4, 0.3] for 10 units → quotas 3, 4; ranks 1, 2, 3, 3, 5, 6, 7, 7, 9, 10:
 *   tier 0 = rank ≤ 3 (4 units, the tie at 3 all in), tier 1 = rank ≤ 4 + 4 = 8 (4 units), tier 2 the rest.
 */
export function quotaTierer(n: number, shares: readonly number[], decimals: number | null): GroupTierer {
  const T = shares.length;
  const quotas = new Int32Array(Math.max(0, T - 1));
  let room = n;
  for (let k = 0; k < T - 1; k++) {
    const q = Math.min(room, roundHalfUpTo(n * (shares[k] ?? 0), 0));
    quotas[k] = q;
    room -= q;
  }
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  const ranks = new Int32Array(n);
  const tiers = new Int32Array(n);
  return (totals) => {
    sportRanksInto(roundKeysInto(totals, decimals, keys), order, ranks);
    tiers.fill(T - 1);
    // Walk units in rank order; `end` is the number of units placed in the tiers above.
    let p = 0;
    let end = 0;
    for (let k = 0; k < T - 1; k++) {
      const cutoff = end + (quotas[k] as number);
      while (p < n && (ranks[order[p] as number] as number) <= cutoff) {
        tiers[order[p] as number] = k;
        p++;
      }
      end = p;
    }
    return { ranks, tiers };
  };
}

/** out = totals + Σ_j (w_j − w0_j) × scores_j: the baseline moved only by the weights' change. */
function changeInto(
  scores: Float64Array,
  n: number,
  w: Float64Array,
  w0: Float64Array,
  totals: Float64Array,
  out: Float64Array,
): void {
  out.set(totals);
  for (let j = 0; j < w.length; j++) {
    const d = (w[j] as number) - (w0[j] as number);
    if (d === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + d * (scores[off + i] as number);
  }
}

/** Call the tierer and check its answer: a rank in 1..n and a tier index in 0..T−1 for every unit. */
function runTierer(
  tierer: SchemeTierer,
  totals: readonly Float64Array[],
  states: readonly GroupState[],
): readonly TierOutcome[] {
  const outs = tierer(totals);
  if (outs.length !== states.length) {
    throw new AnalysisError(
      'ANALYSIS_SHAPE_MISMATCH',
      'tierer',
      `returned ${outs.length} groups, expected ${states.length}`,
    );
  }
  for (const s of states) {
    const out = outs[s.index] as TierOutcome;
    const T = s.tierCount;
    if (out.ranks.length !== s.n || out.tiers.length !== s.n) {
      throw new AnalysisError(
        'ANALYSIS_SHAPE_MISMATCH',
        `tierer[${s.index}]`,
        `returned ${out.ranks.length} ranks and ${out.tiers.length} tiers, expected ${s.n}`,
      );
    }
    for (let i = 0; i < s.n; i++) {
      const t = out.tiers[i] as number;
      const rk = out.ranks[i] as number;
      if (!(Number.isInteger(t) && t >= 0 && t < T) || !(Number.isInteger(rk) && rk >= 1 && rk <= s.n)) {
        throw new AnalysisError(
          'ANALYSIS_SHAPE_MISMATCH',
          `tierer[${s.index}]`,
          `unit ${i}: rank ${rk}, tier ${t}; expected rank 1..${s.n}, tier 0..${T - 1}`,
        );
      }
    }
  }
  return outs;
}

function checkOptions(o: SensitivityOptions): Required<SensitivityOptions> {
  const runs = o.runs ?? 1000;
  const seed = o.seed ?? 1;
  const spread = o.spread ?? 0.25;
  const decimals = o.decimals === undefined ? 2 : o.decimals;
  const fragileThreshold = o.fragileThreshold ?? 0.05;
  if (!Number.isInteger(runs) || runs < 1 || runs > 1_000_000) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.runs', 'must be an integer in [1, 1000000]');
  }
  if (!Number.isFinite(seed))
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.seed', 'must be a finite number');
  if (!Number.isFinite(spread) || spread < 0 || spread > 1) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.spread', 'must be in [0, 1]');
  }
  if (decimals !== null && (!Number.isInteger(decimals) || decimals < 0 || decimals > 10)) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.decimals', 'must be an integer in [0, 10] or null');
  }
  if (!Number.isFinite(fragileThreshold) || fragileThreshold < 0 || fragileThreshold > 1) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.fragileThreshold', 'must be in [0, 1]');
  }
  return { runs, seed, spread, decimals, fragileThreshold };
}

/**
 * Monte Carlo weight sensitivity. Deterministic for a seed: the draws are taken group by group in the
 * order given, each group's indicators in their order.
 *
 * @example with spread 0 every draw reproduces the baseline: each unit's 5–95% interval is its rank and
 *   its tier-change share is 0.
 */
export function sensitivity(input: SensitivityInput, options: SensitivityOptions = {}): SensitivityResult {
  const o = checkOptions(options);
  const R = o.runs;
  const groups = input.groups;
  const seen = new Set<string>();
  groups.forEach((g, gi) => {
    validateGroupMatrix(g, `groups[${gi}]`);
    if (seen.has(g.groupId))
      throw new AnalysisError('ANALYSIS_DUPLICATE_ID', `groups[${gi}].groupId`, `duplicate group id ${g.groupId}`);
    seen.add(g.groupId);
  });
  const tierCounts: number[] = groups.map((g, gi) => {
    if (input.tierer) {
      if (!g.tierNames || g.tierNames.length === 0) {
        throw new AnalysisError('ANALYSIS_INVALID_OPTION', `groups[${gi}].tierNames`, 'required with a custom tierer');
      }
      return g.tierNames.length;
    }
    const shares = g.tierShares ?? [1];
    if (shares.length === 0 || shares.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new AnalysisError(
        'ANALYSIS_INVALID_OPTION',
        `groups[${gi}].tierShares`,
        'must be a non-empty list of shares ≥ 0',
      );
    }
    return shares.length;
  });
  let tierer: SchemeTierer;
  if (input.tierer) tierer = input.tierer;
  else {
    const perGroup = groups.map((g) => quotaTierer(g.unitIds.length, g.tierShares ?? [1], o.decimals));
    tierer = (totals) => perGroup.map((t, gi) => t(totals[gi] ?? new Float64Array(0)));
  }

  const states: GroupState[] = groups.map((g, gi) => {
    const n = g.unitIds.length;
    const T = tierCounts[gi] ?? 1;
    const w0 = weightsOf(g);
    let w0Sum = 0;
    for (let j = 0; j < w0.length; j++) w0Sum += w0[j] as number;
    return {
      index: gi,
      g,
      n,
      w0,
      w0Sum,
      w: new Float64Array(w0.length),
      totals: new Float64Array(n),
      tierCount: T,
      baseTotals: g.totals ? Float64Array.from(g.totals) : totalsInto(g.scores, n, w0, g.base, new Float64Array(n)),
      baseRank: new Int32Array(n),
      baseTier: new Int32Array(n),
      ranks: new Int32Array(n * R),
      tierChanges: new Int32Array(n),
      tierCounts: new Int32Array(n * T),
      crossings: new Int32Array(n * Math.max(0, T - 1)),
      boundaryMoves: new Int32Array(Math.max(0, T - 1)),
    };
  });

  // Baseline through the same tierer, so spread 0 reproduces it exactly.
  const baseOut = runTierer(
    tierer,
    states.map((s) => new Float64Array(s.baseTotals)),
    states,
  );
  states.forEach((s, gi) => {
    const out = baseOut[gi] as TierOutcome;
    for (let i = 0; i < s.n; i++) {
      s.baseRank[i] = out.ranks[i] as number;
      s.baseTier[i] = out.tiers[i] as number;
    }
  });

  const rng = mulberry32(o.seed);
  const allTotals = states.map((s) => s.totals);
  let moved = new Uint8Array(8);
  for (let r = 0; r < R; r++) {
    for (const s of states) {
      const { w, w0, n } = s;
      let sum = 0;
      for (let j = 0; j < w.length; j++) {
        const v = (w0[j] as number) * (1 + o.spread * (2 * rng.next() - 1));
        w[j] = v;
        sum += v;
      }
      // Renormalise to the original sum; with spread 0 the factor is exactly 1 and the draw is the baseline.
      if (sum !== 0 && s.w0Sum !== 0) {
        const f = s.w0Sum / sum;
        for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) * f;
      }
      if (s.g.totals) changeInto(s.g.scores, n, w, w0, s.baseTotals, s.totals);
      else totalsInto(s.g.scores, n, w, s.g.base, s.totals);
    }
    const outs = runTierer(tierer, allTotals, states);
    for (const s of states) {
      const out = outs[s.index] as TierOutcome;
      const n = s.n;
      const T = s.tierCount;
      const B = T - 1;
      if (moved.length < B) moved = new Uint8Array(B);
      moved.fill(0, 0, B);
      for (let i = 0; i < n; i++) {
        s.ranks[i * R + r] = out.ranks[i] as number;
        const t = out.tiers[i] as number;
        const bt = s.baseTier[i] as number;
        s.tierCounts[i * T + t] = (s.tierCounts[i * T + t] as number) + 1;
        if (t !== bt) {
          s.tierChanges[i] = (s.tierChanges[i] as number) + 1;
          // Crossed every boundary between its baseline tier and this draw's tier.
          const lo = Math.min(t, bt);
          const hi = Math.max(t, bt);
          for (let k = lo; k < hi; k++) {
            s.crossings[i * B + k] = (s.crossings[i * B + k] as number) + 1;
            moved[k] = 1;
          }
        }
      }
      for (let k = 0; k < B; k++) if (moved[k]) s.boundaryMoves[k] = (s.boundaryMoves[k] as number) + 1;
    }
  }

  const units: UnitSensitivity[] = [];
  const boundaries: BoundarySensitivity[] = [];
  const at = (p: number): number => Math.min(R - 1, Math.max(0, Math.ceil(p * R) - 1));
  for (const s of states) {
    const { n, g } = s;
    const T = s.tierCount;
    for (let i = 0; i < n; i++) {
      const mine = s.ranks.subarray(i * R, (i + 1) * R);
      mine.sort();
      const shares: number[] = [];
      for (let t = 0; t < T; t++) shares.push((s.tierCounts[i * T + t] as number) / R);
      units.push({
        groupId: g.groupId,
        unitId: g.unitIds[i] ?? '',
        baseTotal: s.baseTotals[i] as number,
        baseRank: s.baseRank[i] as number,
        baseTier: s.baseTier[i] as number,
        medianRank: mine[at(0.5)] as number,
        p5Rank: mine[at(0.05)] as number,
        p95Rank: mine[at(0.95)] as number,
        minRank: mine[0] as number,
        maxRank: mine[R - 1] as number,
        tierChangeShare: (s.tierChanges[i] as number) / R,
        tierShares: shares,
      });
    }
    const B = T - 1;
    for (let k = 0; k < B; k++) {
      let lowAbove = Number.POSITIVE_INFINITY;
      let highBelow = Number.NEGATIVE_INFINITY;
      const crossers: { unitId: string; baseTier: number; share: number }[] = [];
      for (let i = 0; i < n; i++) {
        const bt = s.baseTier[i] as number;
        const tot = s.baseTotals[i] as number;
        if (bt <= k) lowAbove = Math.min(lowAbove, tot);
        else highBelow = Math.max(highBelow, tot);
        const c = s.crossings[i * B + k] as number;
        if (c) crossers.push({ unitId: g.unitIds[i] ?? '', baseTier: bt, share: c / R });
      }
      crossers.sort((a, b) => b.share - a.share || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
      const crossingShare = (s.boundaryMoves[k] as number) / R;
      const up = g.tierNames?.[k] ?? String(k);
      const down = g.tierNames?.[k + 1] ?? String(k + 1);
      boundaries.push({
        groupId: g.groupId,
        upperTier: k,
        label: `${up}/${down}`,
        crossingShare,
        fragile: crossingShare > o.fragileThreshold,
        baselineGap: Number.isFinite(lowAbove) && Number.isFinite(highBelow) ? lowAbove - highBelow : null,
        units: crossers,
      });
    }
  }
  return {
    seed: rng.seed,
    runs: R,
    spread: o.spread,
    units,
    boundaries,
    fragileBoundaries: boundaries.filter((b) => b.fragile).length,
  };
}
