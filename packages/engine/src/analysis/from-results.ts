/**
 * Adapters from the core's results to the analysis matrices, and the scheme-level helpers built on them:
 * `diagnoseResults`, `sensitivityOfResults` and `whatIf` (the same data under two schemes).
 */
import { compute, type ComputeOptions } from '../compute';
import { indicatorScores } from '../explain';
import type { Dataset, DatasetInput, Scheme, SchemeInput } from '../model';
import { CELL_STATUSES, type Results, type UnitResult } from '../results';
import { groupScale } from '../scale';
import { rerank } from '../tiers';
import { type DiagnosticsOptions, type DiagnosticsResult, diagnose } from './diagnostics';
import type { GroupMatrix, IndicatorMeta } from './matrix';
import {
  type SchemeTierer,
  type SensitivityOptions,
  type SensitivityResult,
  type TierOutcome,
  sensitivity,
} from './sensitivity';
import { type CompareOptions, type Comparison, type OutcomeSet, compareOutcomes } from './whatif';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One dense matrix per group from computed results: the points each unit earned on each leaf indicator
 * at full precision (process and year-end combined), read column-wise from the trace
 * (`indicatorScores`, no per-unit explanation is built), with
 *
 *   weights_j = a × S / indicatorMax × blockWeight_b / blockPoints_b     (one point of j in composite points)
 *
 * (S, a: the group's scale — 100 and the composite's a by default; on a 'points' scale the indicators' points
 * and 1, docs/scoring.md §2a)
 *   base_i    = compositeFull_i − Σ_j weights_j × score_ij                 (evaluation, bonus, deductions …)
 *
 * so that `base + scores · weights` reproduces each unit's full-precision composite and a weight change
 * moves the composite as the scheme would. Cells the scheme excluded for a unit (missing data with
 * renormalisation, not applicable) enter as 0; for those units the renormalised block weights make the
 * perturbation an approximation.
 *
 * Units are in the results' order (by unit id), indicators in scoring order, groups in scheme order.
 */
export function groupMatrices(results: Results, scheme: Scheme): GroupMatrix[] {
  const byGroup = new Map<string, UnitResult[]>();
  for (const u of results.units) {
    const list = byGroup.get(u.groupId);
    if (list) list.push(u);
    else byGroup.set(u.groupId, [u]);
  }
  const order = new Map(scheme.groups.map((g, k) => [g.id, k]));
  const groupIds = [...byGroup.keys()].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || cmp(a, b));
  return groupIds.map((groupId) => {
    const units = byGroup.get(groupId) ?? [];
    const group = scheme.groups.find((g) => g.id === groupId);
    const scale = groupScale(scheme, group);
    const a = scale.weights.a;
    const cols = indicatorScores(results, groupId);
    const metas: IndicatorMeta[] = cols.indicators.map((e) => {
      const meta: { -readonly [K in keyof IndicatorMeta]: IndicatorMeta[K] } = {
        id: e.id,
        points: e.points,
        blockId: e.blockId,
      };
      if (e.name !== undefined) meta.name = e.name;
      if (e.assessorId !== undefined) meta.assessorId = e.assessorId;
      return meta;
    });
    const blockPoints = new Map<string, number>();
    for (const e of cols.indicators) blockPoints.set(e.blockId, (blockPoints.get(e.blockId) ?? 0) + e.points);
    const n = units.length;
    const m = metas.length;
    // The trace's unit order is the results' order within the group; map by id to be safe.
    const row = new Map(cols.unitIds.map((id, i) => [id, i] as const));
    const scores = new Float64Array(n * m);
    // Which cells the indicator applies to (a feature indicator: its own unit only), for the diagnostics.
    const applies = new Uint8Array(n * m).fill(1);
    const notApplicable = CELL_STATUSES.indexOf('not-applicable');
    units.forEach((u, i) => {
      const r = row.get(u.unitId);
      if (r === undefined) return;
      const src = r * m;
      for (let j = 0; j < m; j++) {
        scores[j * n + i] = cols.scores[src + j] as number;
        if (cols.status[src + j] === notApplicable) applies[j * n + i] = 0;
      }
    });
    const blockMax = new Map<string, number>();
    const indicatorMax = units[0]?.indicatorMax ?? 0;
    for (const u of units) for (const b of u.blocks) if (!blockMax.has(b.id)) blockMax.set(b.id, b.max);
    const weights = new Float64Array(m);
    metas.forEach((meta, j) => {
      const bp = blockPoints.get(meta.blockId ?? '') ?? 0;
      const bm = blockMax.get(meta.blockId ?? '') ?? bp;
      weights[j] = indicatorMax > 0 && bp > 0 ? (a * scale.indicators * bm) / (indicatorMax * bp) : 0;
    });
    const base = new Float64Array(n);
    units.forEach((u, i) => {
      let s = 0;
      for (let j = 0; j < m; j++) s += (weights[j] as number) * (scores[j * n + i] as number);
      base[i] = u.compositeFull - s;
    });
    return { groupId, unitIds: units.map((u) => u.unitId), indicators: metas, scores, weights, base, applies };
  });
}

/**
 * The scheme's own ranking and tiering (quotas, county-wide splits, ties, eligibility, vetoes, downgrades,
 * refill) as a sensitivity tierer: perturbed totals are written into a composite vector aligned with
 * `results.units` and handed to the core's `rerank`.
 */
export function schemeTierer(results: Results, groups: readonly GroupMatrix[]): SchemeTierer {
  const index = new Map(results.units.map((u, k) => [u.unitId, k]));
  const composites = Float64Array.from(results.units, (u) => u.compositeFull);
  const slots = groups.map((g) => Int32Array.from(g.unitIds, (id) => index.get(id) ?? -1));
  const outs: { ranks: Int32Array; tiers: Int32Array }[] = groups.map((g) => ({
    ranks: new Int32Array(g.unitIds.length),
    tiers: new Int32Array(g.unitIds.length),
  }));
  return (totals) => {
    slots.forEach((slot, gi) => {
      const t = totals[gi];
      if (!t) return;
      for (let i = 0; i < slot.length; i++) {
        const k = slot[i] as number;
        if (k >= 0) composites[k] = t[i] as number;
      }
    });
    const all = rerank(results, composites);
    slots.forEach((slot, gi) => {
      const out = outs[gi];
      if (!out) return;
      for (let i = 0; i < slot.length; i++) {
        const k = slot[i] as number;
        out.ranks[i] = k >= 0 ? (all.ranks[k] as number) : 0;
        out.tiers[i] = k >= 0 ? (all.tiers[k] as number) : 0;
      }
    });
    return outs as readonly TierOutcome[];
  };
}

/** Tier names of a group, best first (the group's own tiering, else the scheme's). */
export function tierNamesOf(scheme: Scheme, groupId: string): string[] {
  const tiering = scheme.groups.find((g) => g.id === groupId)?.tiering ?? scheme.tiering;
  return tiering.tiers.map((t) => t.name ?? t.id);
}

/** Diagnostics of computed results, every group. */
export function diagnoseResults(results: Results, scheme: Scheme, options?: DiagnosticsOptions): DiagnosticsResult {
  // Rank impact ranks as the scheme does: on the published (rounded) composite unless it ranks on full precision.
  const decimals = scheme.ranking.on === 'full' ? null : results.decimals;
  return diagnose(groupMatrices(results, scheme), { decimals, ...options });
}

/** Weight sensitivity of computed results, ranked and tiered by the scheme's own rules. */
export function sensitivityOfResults(
  results: Results,
  scheme: Scheme,
  options?: SensitivityOptions,
): SensitivityResult {
  const groups = groupMatrices(results, scheme);
  const compositeOf = new Map(results.units.map((u) => [u.unitId, u.compositeFull] as const));
  return sensitivity(
    {
      groups: groups.map((g) => ({
        ...g,
        tierNames: tierNamesOf(scheme, g.groupId),
        // the baseline is the computed composites themselves, so base ranks and tiers are the published ones
        totals: Float64Array.from(g.unitIds, (id) => compositeOf.get(id) ?? 0),
      })),
      tierer: schemeTierer(results, groups),
    },
    { decimals: results.decimals, ...options },
  );
}

/** The published outcome of every unit, for `compareOutcomes`. */
export function outcomesOf(results: Results, label?: string): OutcomeSet {
  return {
    label: label ?? results.schemeId,
    units: results.units.map((u) => ({
      unitId: u.unitId,
      groupId: u.groupId,
      score: u.composite,
      rank: u.rank,
      tier: u.tierIndex,
      tierName: u.tier,
    })),
  };
}

/**
 * What-if: the same dataset under two schemes (e.g. this year's data under last year's rules).
 * @example whatIf(scheme2018, scheme2019, data2019).summary.tierChanged // units whose tier the new rules change
 */
export function whatIf(
  schemeA: Scheme | SchemeInput,
  schemeB: Scheme | SchemeInput,
  dataset: Dataset | DatasetInput,
  options: CompareOptions & { readonly compute?: ComputeOptions } = {},
): Comparison {
  const a = compute(schemeA, dataset, options.compute);
  const b = compute(schemeB, dataset, options.compute);
  return compareOutcomes(outcomesOf(a), outcomesOf(b), {
    decimals: options.decimals ?? Math.max(a.decimals, b.decimals),
  });
}
