/**
 * What-if / compare (PRODUCT §5 "Year-end: … what-if against last year's rules"): the same units under two
 * results — the same data under two schemes, or two runs — with each unit's change in score, rank and tier.
 * Pure: it compares two outcome sets; producing them (compute under scheme A and scheme B) is the caller's.
 */
import { AnalysisError } from './errors';
import { roundHalfUpTo } from './matrix';

/** One unit's published outcome: the minimum a comparison needs. */
export interface UnitOutcome {
  readonly unitId: string;
  readonly groupId: string;
  /** The published (ranking) score. */
  readonly score: number;
  /** Rank in its group, 1 = best. */
  readonly rank: number;
  /** Tier index, 0 = best. */
  readonly tier: number;
  /** Tier name for display (e.g. 好). */
  readonly tierName?: string;
}

export interface OutcomeSet {
  /** A label for the sentences, e.g. "2018 scheme". */
  readonly label?: string;
  readonly units: readonly UnitOutcome[];
}

export type TierMove = 'up' | 'down' | 'same';

export interface UnitChange {
  readonly unitId: string;
  readonly groupId: string;
  /** True when the unit sits in another group under B (ranks are then not comparable). */
  readonly groupChanged: boolean;
  readonly groupIdB: string;
  readonly scoreA: number;
  readonly scoreB: number;
  /** scoreB − scoreA, rounded half-up to `decimals`. */
  readonly scoreChange: number;
  readonly rankA: number;
  readonly rankB: number;
  /** rankA − rankB: positive = moved up under B. */
  readonly placesGained: number;
  readonly tierA: number;
  readonly tierB: number;
  readonly tierNameA?: string;
  readonly tierNameB?: string;
  /** tierA − tierB: positive = a better tier under B. */
  readonly tierSteps: number;
  readonly tierMove: TierMove;
}

export interface ComparisonSummary {
  /** null for all groups together. */
  readonly groupId: string | null;
  readonly compared: number;
  readonly scoreChanged: number;
  readonly rankChanged: number;
  readonly tierChanged: number;
  readonly tierUp: number;
  readonly tierDown: number;
  readonly meanScoreChange: number;
  readonly meanAbsScoreChange: number;
  readonly maxAbsScoreChange: number;
  readonly meanAbsRankChange: number;
  readonly maxAbsRankChange: number;
}

export interface Comparison {
  readonly labelA: string;
  readonly labelB: string;
  readonly decimals: number;
  /** Sorted by group, then rank under A, then unit id. */
  readonly units: readonly UnitChange[];
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
  readonly summary: ComparisonSummary;
  readonly groups: readonly ComparisonSummary[];
  readonly text: { readonly zh: string; readonly en: string };
}

export interface CompareOptions {
  /** Decimals of the published score; score changes are rounded to it. Default 2. */
  readonly decimals?: number;
}

function indexUnits(set: OutcomeSet, side: 'a' | 'b'): Map<string, UnitOutcome> {
  const map = new Map<string, UnitOutcome>();
  set.units.forEach((u, i) => {
    const path = `${side}.units[${i}]`;
    if (map.has(u.unitId))
      throw new AnalysisError('ANALYSIS_DUPLICATE_ID', `${path}.unitId`, `duplicate unit id ${u.unitId}`);
    if (!Number.isFinite(u.score))
      throw new AnalysisError('ANALYSIS_NOT_FINITE', `${path}.score`, 'must be a finite number');
    if (!Number.isInteger(u.rank) || u.rank < 1)
      throw new AnalysisError('ANALYSIS_NOT_FINITE', `${path}.rank`, 'must be an integer ≥ 1');
    if (!Number.isInteger(u.tier) || u.tier < 0)
      throw new AnalysisError('ANALYSIS_NOT_FINITE', `${path}.tier`, 'must be an integer ≥ 0');
    map.set(u.unitId, u);
  });
  return map;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compare two outcome sets unit by unit.
 *
 * @example A: u1 90.5 rank 1 tier 0, u2 88 rank 2 tier 1; B: u1 87 rank 2 tier 1, u2 89.25 rank 1 tier 0 →
 *   u1: scoreChange −3.5, placesGained −1, tierMove 'down'; u2: +1.25, +1, 'up';
 *   summary: 2 compared, 2 tier changes (1 up, 1 down), mean |rank change| 1.
 */
export function compareOutcomes(a: OutcomeSet, b: OutcomeSet, options: CompareOptions = {}): Comparison {
  const decimals = options.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new AnalysisError('ANALYSIS_INVALID_OPTION', 'options.decimals', 'must be an integer in [0, 10]');
  }
  const ma = indexUnits(a, 'a');
  const mb = indexUnits(b, 'b');
  const units: UnitChange[] = [];
  const onlyInA: string[] = [];
  for (const [id, ua] of ma) {
    const ub = mb.get(id);
    if (!ub) {
      onlyInA.push(id);
      continue;
    }
    const tierSteps = ua.tier - ub.tier;
    units.push({
      unitId: id,
      groupId: ua.groupId,
      groupChanged: ua.groupId !== ub.groupId,
      groupIdB: ub.groupId,
      scoreA: ua.score,
      scoreB: ub.score,
      // Round the difference so that printed scores subtract to the printed change (and x − x is 0).
      scoreChange: roundHalfUpTo(ub.score - ua.score, decimals),
      rankA: ua.rank,
      rankB: ub.rank,
      placesGained: ua.rank - ub.rank,
      tierA: ua.tier,
      tierB: ub.tier,
      ...(ua.tierName !== undefined ? { tierNameA: ua.tierName } : {}),
      ...(ub.tierName !== undefined ? { tierNameB: ub.tierName } : {}),
      tierSteps,
      tierMove: tierSteps > 0 ? 'up' : tierSteps < 0 ? 'down' : 'same',
    });
  }
  const onlyInB = [...mb.keys()].filter((id) => !ma.has(id));
  onlyInA.sort(cmp);
  onlyInB.sort(cmp);
  units.sort((x, y) => cmp(x.groupId, y.groupId) || x.rankA - y.rankA || cmp(x.unitId, y.unitId));

  const groupIds = [...new Set(units.map((u) => u.groupId))].sort(cmp);
  const summary = summarise(null, units, decimals);
  const groups = groupIds.map((g) =>
    summarise(
      g,
      units.filter((u) => u.groupId === g),
      decimals,
    ),
  );
  const labelA = a.label ?? 'A';
  const labelB = b.label ?? 'B';
  return {
    labelA,
    labelB,
    decimals,
    units,
    onlyInA,
    onlyInB,
    summary,
    groups,
    text: sentences(labelA, labelB, summary),
  };
}

function summarise(groupId: string | null, units: readonly UnitChange[], decimals: number): ComparisonSummary {
  let scoreChanged = 0;
  let rankChanged = 0;
  let tierUp = 0;
  let tierDown = 0;
  let sum = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let sumRank = 0;
  let maxRank = 0;
  for (const u of units) {
    if (u.scoreChange !== 0) scoreChanged++;
    if (u.placesGained !== 0) rankChanged++;
    if (u.tierMove === 'up') tierUp++;
    if (u.tierMove === 'down') tierDown++;
    sum += u.scoreChange;
    sumAbs += Math.abs(u.scoreChange);
    maxAbs = Math.max(maxAbs, Math.abs(u.scoreChange));
    sumRank += Math.abs(u.placesGained);
    maxRank = Math.max(maxRank, Math.abs(u.placesGained));
  }
  const n = units.length;
  return {
    groupId,
    compared: n,
    scoreChanged,
    rankChanged,
    tierChanged: tierUp + tierDown,
    tierUp,
    tierDown,
    meanScoreChange: n ? roundHalfUpTo(sum / n, decimals) : 0,
    meanAbsScoreChange: n ? roundHalfUpTo(sumAbs / n, decimals) : 0,
    maxAbsScoreChange: maxAbs,
    meanAbsRankChange: n ? roundHalfUpTo(sumRank / n, 2) : 0,
    maxAbsRankChange: maxRank,
  };
}

function sentences(labelA: string, labelB: string, s: ComparisonSummary): { zh: string; en: string } {
  const zh =
    `与「${labelA}」相比，按「${labelB}」计算的 ${s.compared} 个单位中，${s.scoreChanged} 个得分变化，` +
    `${s.rankChanged} 个名次变化（平均变动 ${s.meanAbsRankChange} 位，最多 ${s.maxAbsRankChange} 位），` +
    `${s.tierChanged} 个档次变化（上升 ${s.tierUp} 个，下降 ${s.tierDown} 个）。`;
  const en =
    `Under "${labelB}" compared with "${labelA}", of ${s.compared} units ${s.scoreChanged} change score, ` +
    `${s.rankChanged} change rank (mean ${s.meanAbsRankChange} places, at most ${s.maxAbsRankChange}), ` +
    `${s.tierChanged} change tier (${s.tierUp} up, ${s.tierDown} down).`;
  return { zh, en };
}
