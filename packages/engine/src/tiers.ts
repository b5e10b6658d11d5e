/**
 * Ranking (sport ranking with tie-breakers) and tiers (quotas, bands, eligibility, overrides,
 * boundary ties, refill) for one group. Works on plain arrays so sensitivity re-runs can call it
 * with perturbed scores.
 */
import { decideTie } from './decisions';
import { cleanDecimal, roundQuota } from './round';
import type { RoundingRule, Threshold, Tiering } from './model';
import {
  TIER_STEP_BITS as B,
  type QuotaReport,
  type RankTierInput,
  type RankTierOutput,
  type Results,
  type TieReport,
} from './results';
import { getTrace } from './trace';

/**
 * Places per tier for a group of n units: share → rounded share × n, count → that count (both → the
 * smaller), minCount raises a quota; the last tier, and tiers with neither share nor count, have no
 * quota (null). Cumulative quotas never exceed n; when they would, the later tiers give way.
 * @example computeQuotas({tiers:[{share:0.3},{share:0.4},{}], rounding:'halfUp'}, 7) // [2, 3, null] (2.1 → 2, 2.8 → 3)
 */
export function computeQuotas(tiering: Pick<Tiering, 'tiers' | 'rounding'>, n: number): (number | null)[] {
  const T = tiering.tiers.length;
  const q: (number | null)[] = tiering.tiers.map((t, i) => {
    if (i === T - 1) return null;
    let v: number | null = null;
    if (t.share !== undefined) v = roundQuota(t.share * n, tiering.rounding);
    if (t.count !== undefined) v = v === null ? t.count : Math.min(v, t.count);
    if (v !== null && t.minCount !== undefined) v = Math.max(v, t.minCount);
    return v;
  });
  return capQuotas(
    q,
    n,
    tiering.tiers.map((t) => t.minCount ?? 0),
  );
}

/** Keep Σ quotas ≤ n minus the minimum counts reserved by the quota-less tiers below. */
function capQuotas(q: (number | null)[], n: number, minCounts: readonly number[]): (number | null)[] {
  let reserved = 0;
  for (let i = 0; i < q.length; i++) if (q[i] === null) reserved += minCounts[i] ?? 0;
  let room = Math.max(0, n - reserved);
  return q.map((v) => {
    if (v === null) return null;
    const c = Math.min(v, room);
    room -= c;
    return c;
  });
}

/**
 * One county-wide share split across groups by largest remainder: the county total is rounded by
 * the scheme's rule, each group gets the floor of its exact share, and the leftover places go to the
 * largest fractional parts (ties: the larger group, then the earlier group).
 * @example splitQuotaLargestRemainder([7, 5, 3], 0.3, 'halfUp')
 * // total 0.3 × 15 = 4.5 → 5; exact 2.1, 1.5, 0.9 → floors 2, 1, 0 (3); leftover 2 → 0.9 and 0.5 → [2, 2, 1]
 */
export function splitQuotaLargestRemainder(sizes: readonly number[], share: number, rule: RoundingRule): number[] {
  const N = sizes.reduce((a, b) => a + b, 0);
  const total = roundQuota(share * N, rule);
  const exact = sizes.map((n) => cleanDecimal(share * n));
  const floors = exact.map((x) => Math.floor(x));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = sizes
    .map((n, g) => ({ g, frac: cleanDecimal((exact[g] ?? 0) - (floors[g] ?? 0)), n }))
    .sort((x, y) => y.frac - x.frac || y.n - x.n || x.g - y.g);
  const out = floors.slice();
  for (const { g, n } of order) {
    if (left <= 0) break;
    if ((out[g] ?? 0) < n) {
      out[g] = (out[g] ?? 0) + 1;
      left--;
    }
  }
  return out;
}

function meets(score: number, th: Threshold | undefined): boolean {
  if (th === undefined) return true;
  return th.inclusive ? score >= th.value : score > th.value;
}

/** Compare units a and b: negative when a ranks before b (score, then tie keys, higher first). */
function makeComparer(scores: ArrayLike<number>, keys: readonly ArrayLike<number>[]): (a: number, b: number) => number {
  return (a, b) => {
    const sa = scores[a] ?? 0;
    const sb = scores[b] ?? 0;
    if (sa !== sb) return sa > sb ? -1 : 1;
    for (const k of keys) {
      const ka = k[a] ?? 0;
      const kb = k[b] ?? 0;
      if (ka !== kb) return ka > kb ? -1 : 1;
    }
    return 0;
  };
}

/** Sport ranks (1, 2, 2, 4) and the rank order; fully tied units are ordered by unit id for stability. */
export function sportRank(
  unitIds: readonly string[],
  scores: ArrayLike<number>,
  keys: readonly ArrayLike<number>[] = [],
): { ranks: Int32Array; order: Int32Array } {
  const n = unitIds.length;
  const cmp = makeComparer(scores, keys);
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort(
    (a, b) =>
      cmp(a, b) || ((unitIds[a] ?? '') < (unitIds[b] ?? '') ? -1 : (unitIds[a] ?? '') > (unitIds[b] ?? '') ? 1 : 0),
  );
  const ranks = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const u = idx[p] ?? 0;
    const prev = p > 0 ? (idx[p - 1] ?? 0) : -1;
    ranks[u] = p > 0 && cmp(prev, u) === 0 ? (ranks[prev] ?? 0) : p + 1;
  }
  return { ranks, order: Int32Array.from(idx) };
}

interface AllocContext {
  n: number;
  T: number;
  order: Int32Array;
  /** Position of each unit in rank order. */
  pos: Int32Array;
  ranks: Int32Array;
  scores: ArrayLike<number>;
  tiering: Tiering;
  quotas: (number | null)[];
  boundaryKeys: readonly ArrayLike<number>[];
  unitIds: readonly string[];
  groupId: string;
  bits: Int32Array;
  ties: TieReport[];
  tieDecisions: RankTierInput['tieDecisions'];
}

/**
 * Fill tiers top-down in rank order. `canHold(u, t)` says whether u may be in tier t. A tied block
 * that does not fit the places left follows the tie policy. Without refill, a unit that may not hold
 * the tier it reached still uses up its place there (the place stays empty).
 */
function allocate(
  ctx: AllocContext,
  pool: readonly number[],
  canHold: (u: number, t: number) => boolean,
  record: boolean,
): Int32Array {
  const { T, ranks, tiering } = ctx;
  const tier = new Int32Array(ctx.n).fill(-1);
  let rest = pool.slice();
  for (let t = 0; t < T; t++) {
    const last = t === T - 1;
    let remaining = last ? Infinity : (ctx.quotas[t] ?? Infinity);
    const next: number[] = [];
    let i = 0;
    while (i < rest.length) {
      // the block of units tied with rest[i]
      let j = i + 1;
      const r = ranks[rest[i] ?? 0];
      while (j < rest.length && ranks[rest[j] ?? 0] === r) j++;
      const block = rest.slice(i, j);
      i = j;
      if (remaining <= 0 && !last) {
        for (const u of block) {
          next.push(u);
          if (record && ctx.quotas[t] !== null) ctx.bits[u] = (ctx.bits[u] ?? 0) | B.quotaFull;
        }
        continue;
      }
      const fit: number[] = [];
      for (const u of block) {
        if (last || canHold(u, t)) fit.push(u);
        else {
          next.push(u);
          if (!tiering.refill && remaining !== Infinity) remaining--;
        }
      }
      if (fit.length <= remaining) {
        for (const u of fit) tier[u] = t;
        remaining -= fit.length;
        continue;
      }
      // Boundary tie: more tied units than places.
      const places = remaining;
      const report: TieReport = {
        groupId: ctx.groupId,
        tier: tiering.tiers[t]?.id ?? String(t),
        places,
        unitIds: fit.map((u) => ctx.unitIds[u] ?? '').sort(),
        policy: tiering.tiePolicy,
        resolution: 'flag',
        needsDecision: false,
        score: ctx.scores[fit[0] ?? 0] ?? 0,
      };
      let inUnits: number[] = [];
      if (tiering.tiePolicy === 'allIn') {
        inUnits = fit;
        report.resolution = 'allIn';
      } else if (tiering.tiePolicy === 'allOut') {
        report.resolution = 'allOut';
      } else if (tiering.tiePolicy === 'tieBreak' && ctx.boundaryKeys.length > 0) {
        const sub = sportRank(
          fit.map((u) => ctx.unitIds[u] ?? ''),
          fit.map(() => 0),
          ctx.boundaryKeys.map((k) => fit.map((u) => k[u] ?? 0)),
        );
        // take units whose sub-rank block fits entirely
        const byRank = Array.from(sub.order);
        let k = 0;
        while (k < byRank.length) {
          let m = k + 1;
          while (m < byRank.length && sub.ranks[byRank[m] ?? 0] === sub.ranks[byRank[k] ?? 0]) m++;
          if (inUnits.length + (m - k) > places) break;
          for (let q = k; q < m; q++) inUnits.push(fit[byRank[q] ?? 0] ?? 0);
          k = m;
        }
        report.resolution = inUnits.length === places ? 'tieBreak' : 'flag';
        report.needsDecision = inUnits.length !== places;
      } else {
        report.resolution = 'flag';
        report.needsDecision = true;
      }
      const decided = report.needsDecision ? decideTie(ctx.tieDecisions, report, report.score ?? 0) : undefined;
      if (decided) {
        const ids = new Set(decided.inIds);
        inUnits = fit.filter((u) => ids.has(ctx.unitIds[u] ?? ''));
        Object.assign(report, { resolution: 'decided', needsDecision: false, decisionId: decided.decision.id });
      }
      const inSet = new Set(inUnits);
      for (const u of fit) {
        if (inSet.has(u)) {
          tier[u] = t;
          if (record) ctx.bits[u] = (ctx.bits[u] ?? 0) | B.tieIn;
        } else {
          next.push(u);
          if (record) ctx.bits[u] = (ctx.bits[u] ?? 0) | (report.resolution === 'flag' ? B.tieFlag : B.tieOut);
        }
      }
      remaining = 0;
      if (record) ctx.ties.push(report);
    }
    rest = next.sort((a, b) => (ctx.pos[a] ?? 0) - (ctx.pos[b] ?? 0));
  }
  return tier;
}

/**
 * Rank one group and assign tiers, following the scheme's tiering settings.
 *
 * Order of steps (recorded per unit in `stepBits`):
 * 1. sport rank on `scores`, then `tieKeys`;
 * 2. quotas (given, or from shares/counts and the group size; with overrides before quota the
 *    set-aside units do not count);
 * 3. natural tiers top-down in rank order, with score bands and eligibility; boundary ties by policy;
 * 4. overrides: veto caps (`bestAllowed`, `setAside`) and discipline downgrades — before the quota
 *    (as constraints of step 3) or after it (applied to the natural tiers);
 * 5. after-quota refill (递补) of freed places by the next eligible units, if the scheme refills;
 * 6. minimum counts of quota-less tiers, by moving the worst-ranked units above them down.
 */
export function rankAndTier(input: RankTierInput): RankTierOutput {
  const { unitIds, scores, tiering } = input;
  const n = unitIds.length;
  const T = tiering.tiers.length;
  const { ranks, order } = sportRank(unitIds, scores, input.tieKeys ?? []);
  const bits = new Int32Array(n);
  const ties: TieReport[] = [];
  const at = (a: ArrayLike<number> | undefined, i: number): number => (a ? (a[i] ?? 0) : 0);
  const before = tiering.overrideOrder === 'beforeQuota';
  const setAside = (u: number): boolean => at(input.setAside, u) === 1;
  const orderList = Array.from(order);
  const pool = before ? orderList.filter((u) => !setAside(u)) : orderList;
  const quotas = input.quotas ? input.quotas.slice() : computeQuotas(tiering, pool.length);
  const pos = new Int32Array(n);
  for (let p = 0; p < n; p++) pos[order[p] ?? 0] = p;
  const ctx: AllocContext = {
    n,
    T,
    order,
    pos,
    ranks,
    scores,
    tiering,
    quotas,
    boundaryKeys: input.boundaryKeys ?? [],
    unitIds,
    groupId: input.groupId,
    bits,
    ties,
    tieDecisions: input.tieDecisions,
  };
  const baseCan = (u: number, t: number): boolean => {
    const tier = tiering.tiers[t];
    if (!meets(scores[u] ?? 0, tier?.minScore)) return false;
    if (input.eligible && (input.eligible[u * T + t] ?? 1) === 0) return false;
    return true;
  };
  const markBase = (u: number, t: number): void => {
    const tier = tiering.tiers[t];
    if (!meets(scores[u] ?? 0, tier?.minScore)) bits[u] = (bits[u] ?? 0) | B.bandMiss;
    else if (input.eligible && (input.eligible[u * T + t] ?? 1) === 0) bits[u] = (bits[u] ?? 0) | B.ineligible;
  };
  const lastTier = T - 1;

  // Natural tiers: no overrides at all (reported as naturalTier).
  const natural = allocate(
    ctx,
    orderList.filter((u) => !before || !setAside(u)),
    baseCan,
    !before,
  );
  for (const u of orderList) if (natural[u] === -1) natural[u] = lastTier;
  for (const u of orderList) for (let t = 0; t < (natural[u] ?? 0); t++) markBase(u, t);

  const best = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    best[u] = Math.min(lastTier, at(input.bestAllowed, u));
    if (setAside(u)) best[u] = lastTier;
  }

  let final: Int32Array;
  if (before) {
    // constraints known up front: caps from vetoes, downgrades relative to the unconstrained tier
    const cap = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      const d = at(input.downgrade, u);
      const b = best[u] ?? 0;
      cap[u] = d > 0 ? Math.min(lastTier, Math.max(natural[u] ?? 0, b) + d) : b;
    }
    ctx.ties.length = 0;
    final = allocate(ctx, pool, (u, t) => t >= (cap[u] ?? 0) && baseCan(u, t), true);
    for (const u of orderList) {
      if (setAside(u)) final[u] = lastTier;
      if (final[u] === -1) final[u] = lastTier;
    }
  } else {
    final = natural.slice();
    // a downgraded or set-aside unit is never promoted back; a barred one only into tiers it may hold
    const frozen = new Uint8Array(n);
    for (let u = 0; u < n; u++) {
      let f = Math.max(natural[u] ?? 0, best[u] ?? 0);
      const d = at(input.downgrade, u);
      if (d > 0) f = Math.min(lastTier, f + d);
      if (d > 0 || setAside(u)) frozen[u] = 1;
      final[u] = f;
    }
    const canMove = (u: number, t: number): boolean =>
      (final[u] ?? 0) > t && frozen[u] !== 1 && t >= (best[u] ?? 0) && baseCan(u, t);
    if (tiering.refill) {
      // only places freed by overrides (and by the promotions they cause) are refilled,
      // never places a tie policy left empty
      const freed = new Int32Array(T);
      for (let u = 0; u < n; u++)
        if ((final[u] ?? 0) > (natural[u] ?? 0)) freed[natural[u] ?? 0] = (freed[natural[u] ?? 0] ?? 0) + 1;
      for (let t = 0; t < lastTier; t++) {
        const q = quotas[t];
        if (q === null || q === undefined) continue;
        let count = 0;
        for (let u = 0; u < n; u++) if (final[u] === t) count++;
        let vacancies = Math.min(q - count, freed[t] ?? 0);
        let k = 0;
        while (vacancies > 0 && k < orderList.length) {
          // next candidate block: units below t, free to move, eligible for t, tied by rank
          const u0 = orderList[k] ?? 0;
          k++;
          if (!canMove(u0, t)) continue;
          const block = [u0];
          while (k < orderList.length) {
            const v = orderList[k] ?? 0;
            if (ranks[v] !== ranks[u0]) break;
            k++;
            if (canMove(v, t)) block.push(v);
          }
          if (block.length <= vacancies || tiering.tiePolicy === 'allIn') {
            for (const v of block) {
              const from = final[v] ?? 0;
              if (from < T) freed[from] = (freed[from] ?? 0) + 1;
              final[v] = t;
              bits[v] = (bits[v] ?? 0) | B.refilled;
            }
            vacancies -= block.length;
          } else {
            const tie: TieReport = {
              groupId: input.groupId,
              tier: tiering.tiers[t]?.id ?? String(t),
              places: vacancies,
              unitIds: block.map((v) => unitIds[v] ?? '').sort(),
              policy: tiering.tiePolicy,
              resolution: tiering.tiePolicy === 'allOut' ? 'allOut' : 'flag',
              needsDecision: tiering.tiePolicy !== 'allOut',
              score: scores[u0] ?? 0,
            };
            const decided = tie.needsDecision ? decideTie(input.tieDecisions, tie, tie.score ?? 0) : undefined;
            if (decided) {
              Object.assign(tie, { resolution: 'decided', needsDecision: false, decisionId: decided.decision.id });
              for (const v of block) {
                if (!decided.inIds.includes(unitIds[v] ?? '')) continue;
                final[v] = t;
                bits[v] = (bits[v] ?? 0) | B.refilled;
              }
            }
            ties.push(tie);
            vacancies = 0;
          }
        }
      }
    }
  }

  // Minimum counts of quota-less tiers (e.g. at least one unit in the lowest tier).
  for (let t = 1; t < T; t++) {
    const min = tiering.tiers[t]?.minCount ?? 0;
    if (min === 0 || quotas[t] !== null) continue;
    let count = 0;
    for (let u = 0; u < n; u++) if (final[u] === t) count++;
    for (let p = orderList.length - 1; p >= 0 && count < min; p--) {
      const u = orderList[p] ?? 0;
      if ((final[u] ?? 0) < t) {
        final[u] = t;
        bits[u] = (bits[u] ?? 0) | B.minCount;
        count++;
      }
    }
  }

  for (let u = 0; u < n; u++) {
    if (setAside(u)) bits[u] = (bits[u] ?? 0) | B.setAside;
    if ((best[u] ?? 0) > 0 && !setAside(u)) bits[u] = (bits[u] ?? 0) | B.barred;
    const d = at(input.downgrade, u);
    if (d > 0) bits[u] = (bits[u] ?? 0) | ((natural[u] ?? 0) >= lastTier ? B.downgradeAtBottom : B.downgraded);
  }

  const tiers = Int32Array.from(final);
  // The tier a vetoed unit had before its veto: its tier in an allocation of the whole group without any
  // override and without veto-based eligibility (with overrides before the quota, set-aside units are left
  // out of `natural`; a noVeto rule would otherwise make "before" and "after" the same tier).
  const reportedNatural = (): Int32Array => {
    const out = Int32Array.from(natural);
    const vetoed = (u: number): boolean => at(input.vetoed, u) === 1 || setAside(u);
    if (!orderList.some(vetoed)) return out;
    const elig = input.eligibleWithoutVeto ?? input.eligible;
    const can = (u: number, t: number): boolean =>
      meets(scores[u] ?? 0, tiering.tiers[t]?.minScore) && (!elig || (elig[u * T + t] ?? 1) !== 0);
    const whole = allocate(
      {
        ...ctx,
        quotas: input.quotas ? input.quotas.slice() : computeQuotas(tiering, n),
        bits: new Int32Array(n),
        ties: [],
      },
      orderList,
      can,
      false,
    );
    for (const u of orderList) if (vetoed(u)) out[u] = (whole[u] ?? -1) === -1 ? lastTier : (whole[u] ?? lastTier);
    return out;
  };
  const quotaReport: QuotaReport[] = tiering.tiers.map((t, i) => ({
    tier: t.id,
    quota: quotas[i] ?? null,
    filled: tiers.reduce((a, v) => a + (v === i ? 1 : 0), 0),
  }));
  return {
    ranks,
    tiers,
    naturalTiers: reportedNatural(),
    quotas: quotaReport,
    ties,
    stepBits: bits,
    order: listOrder(order, ranks, tiers, ctx.boundaryKeys),
  };
}

/**
 * The order units are listed in: by sport rank; units sharing a rank (并列) by the tier they were placed in,
 * then by the boundary tie-breakers — so a tie decided at a tier boundary lists the unit placed higher first
 * while both keep the same printed rank.
 */
function listOrder(
  order: Int32Array,
  ranks: Int32Array,
  tiers: Int32Array,
  boundaryKeys: readonly ArrayLike<number>[],
): Int32Array {
  const pos = new Int32Array(order.length);
  for (let p = 0; p < order.length; p++) pos[order[p] ?? 0] = p;
  const list = Array.from(order);
  list.sort((a, b) => {
    const d = (ranks[a] ?? 0) - (ranks[b] ?? 0) || (tiers[a] ?? 0) - (tiers[b] ?? 0);
    if (d !== 0) return d;
    for (const k of boundaryKeys) {
      const ka = k[a] ?? 0;
      const kb = k[b] ?? 0;
      if (ka !== kb) return ka > kb ? -1 : 1;
    }
    return (pos[a] ?? 0) - (pos[b] ?? 0);
  });
  return Int32Array.from(list);
}

/**
 * Re-rank and re-tier every group from new composites (aligned with `results.units`), keeping the
 * overrides, eligibility and settings of the original run. For sensitivity re-runs: the scores are
 * rounded like the original run if the scheme ranks on rounded values.
 */
export function rerank(results: Results, composites: ArrayLike<number>): { ranks: Int32Array; tiers: Int32Array } {
  return getTrace(results).rerank(composites);
}
