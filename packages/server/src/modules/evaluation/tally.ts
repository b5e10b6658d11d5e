import { compute, type Ballot as EngineBallot, type Scheme, type Tally as EngineTally } from '@yardstick/engine';
import type { CampaignConfig, CountyUnit, RaterGroupConfig } from './config';
import type { Mark } from '@yardstick/engine/ballot-rules';

/**
 * The tally of a closed campaign, computed once at close. Per unit and rater group it follows the engine's §4.5
 * step by step (don't-know excluded, uniform ballots invalid, highest and lowest dropped above `trimAbove`,
 * marks scaled to 100, mean per group); the weighted evaluation score is the engine's own (compute() on the
 * year's scheme with these ballots), so the tally and the year-end results cannot disagree.
 */

export interface StoredBallot {
  id: string;
  raterGroup: string;
  /** unit id → mark */
  marks: Record<string, Mark>;
}

export interface TallyGroupCell {
  raterGroup: string;
  /** Marks counted (after don't-know and invalid ballots are left out), before trimming. */
  valid: number;
  dontKnow: number;
  /** The marks dropped by trimming (on 100), lowest then highest; empty when not trimmed. */
  trimmed: number[];
  used: number;
  /** Mean on 100 of the marks used; null without any. */
  mean: number | null;
  weight: number;
}

export interface TallyUnit {
  unitCode: string;
  unitName: string;
  groupCode: string;
  groups: TallyGroupCell[];
  /** Weighted evaluation on 100 (the engine's), null when no valid mark. */
  evaluation: number | null;
}

export type Anomaly =
  | { kind: 'identical_ballots'; raterGroup: string; count: number }
  | { kind: 'group_divergence'; raterGroup: string; unitCode: string; mean: number; others: number; gap: number }
  | { kind: 'invalid_share'; raterGroup: string; invalid: number; ballots: number };

export interface TallyResult {
  ballots: { raterGroup: string; name: string; ballots: number; invalid: number; survey: number }[];
  units: TallyUnit[];
  anomalies: Anomaly[];
  /** How the evaluation score was obtained: 'engine' (compute()) or 'tally' (the engine refused the scheme). */
  scoredBy: 'engine' | 'tally';
}

/** Identical ballots from this many raters of one group are flagged as a bloc. */
export const BLOC_SIZE = 3;
/** A rater group whose mean for a unit lies this many points (on 100) from the other groups' is flagged. */
export const DIVERGENCE_POINTS = 20;

function scaleMaxOf(rg: RaterGroupConfig): number {
  if (rg.form === 'scale') return rg.max;
  if (rg.form === 'ranking') return rg.rankBase;
  return Math.max(0, ...rg.options.map((o) => o.points ?? 0));
}

/** The points of one mark as the engine computes them (null: not a vote). */
function markPoints(rg: RaterGroupConfig, m: Mark): number | null {
  if (m === null) return null;
  if (rg.form === 'options')
    return typeof m === 'string' ? (rg.options.find((o) => o.label === m)?.points ?? null) : null;
  if (typeof m !== 'number') return null;
  if (rg.form === 'scale') return m >= rg.min && m <= rg.max ? m : null;
  const raw =
    rg.rankStepUnit === 'percent'
      ? rg.rankBase * (1 - (rg.rankStep / 100) * (m - 1))
      : rg.rankBase - rg.rankStep * (m - 1);
  return Math.max(raw, rg.rankBase * rg.rankFloor);
}

/** Ballots and survey counts as the engine reads them: marks keyed by unit code. */
export function toEngineInputs(
  ballots: readonly StoredBallot[],
  config: CampaignConfig,
  unitsById: ReadonlyMap<string, { code: string }>,
): { ballots: EngineBallot[]; tallies: EngineTally[] } {
  const out: EngineBallot[] = [];
  for (const b of [...ballots].sort((a, c) => (a.id < c.id ? -1 : 1))) {
    const marks: EngineBallot['marks'] = {};
    for (const [unitId, m] of Object.entries(b.marks)) {
      const u = unitsById.get(unitId);
      if (u) marks[u.code] = m;
    }
    out.push({ id: b.id, raterGroup: b.raterGroup, marks });
  }
  const tallies = config.surveyTallies.map((t) => ({ raterGroup: t.raterGroup, unitId: t.unitCode, counts: t.counts }));
  return { ballots: out, tallies };
}

export function computeTally(
  config: CampaignConfig,
  ballots: readonly StoredBallot[],
  units: readonly CountyUnit[],
  scheme: Scheme | null,
  /**
   * Ballots cast per rater group where the stored rows are not whole ballots: a peer ballot is stored as one row
   * per rated unit (pool.ts `fragments`), so its group's count is the number of codes used.
   */
  castCounts: Readonly<Record<string, number>> = {},
): TallyResult {
  const unitsById = new Map(units.map((u) => [u.id, u] as const));
  const codeIndex = new Map(units.map((u, i) => [u.code, i] as const));
  const R = config.raterGroups.length;
  const marks: number[][] = Array.from({ length: units.length * R }, () => []);
  const dontKnow = new Array<number>(units.length * R).fill(0);
  const summary: TallyResult['ballots'] = [];
  const anomalies: Anomaly[] = [];
  const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : 1));

  config.raterGroups.forEach((rg, ri) => {
    const scaleMax = scaleMaxOf(rg);
    const rated = (u: CountyUnit) => !rg.schemeUnitGroups || rg.schemeUnitGroups.includes(u.groupCode);
    let count = 0;
    let invalid = 0;
    const identical = new Map<string, number>();
    for (const b of sorted) {
      if (b.raterGroup !== rg.id) continue;
      count++;
      const pts: [number, number][] = [];
      const dk: number[] = [];
      for (const unitId of Object.keys(b.marks).sort()) {
        const u = unitsById.get(unitId);
        const ui = u ? codeIndex.get(u.code) : undefined;
        if (!u || ui === undefined || !rated(u)) continue;
        const p = markPoints(rg, b.marks[unitId] ?? null);
        if (p === null) dk.push(ui);
        else pts.push([ui, p]);
      }
      if (config.invalidateUniform && pts.length >= 2 && pts.every(([, p]) => p === pts[0]?.[1])) {
        invalid++;
        continue;
      }
      for (const ui of dk) dontKnow[ui * R + ri] = (dontKnow[ui * R + ri] ?? 0) + 1;
      for (const [ui, p] of pts) marks[ui * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
      if (pts.length >= 2) {
        const key = JSON.stringify(
          Object.keys(b.marks)
            .sort()
            .map((k) => [k, b.marks[k]]),
        );
        identical.set(key, (identical.get(key) ?? 0) + 1);
      }
    }
    let survey = 0;
    for (const t of config.surveyTallies) {
      if (t.raterGroup !== rg.id) continue;
      const ui = codeIndex.get(t.unitCode);
      const u = ui === undefined ? undefined : units[ui];
      if (ui === undefined || !u || !rated(u)) continue;
      for (const opt of Object.keys(t.counts).sort()) {
        const c = t.counts[opt] ?? 0;
        survey += c;
        const p = rg.options.find((o) => o.label === opt)?.points;
        if (p === null || p === undefined) {
          dontKnow[ui * R + ri] = (dontKnow[ui * R + ri] ?? 0) + c;
          continue;
        }
        for (let k = 0; k < c; k++) marks[ui * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
      }
    }
    count = castCounts[rg.id] ?? count;
    summary.push({ raterGroup: rg.id, name: rg.name, ballots: count, invalid, survey });
    for (const n of [...identical.values()].sort((a, b) => b - a)) {
      if (n >= BLOC_SIZE) anomalies.push({ kind: 'identical_ballots', raterGroup: rg.id, count: n });
    }
    if (count >= 5 && invalid / count > 0.2)
      anomalies.push({ kind: 'invalid_share', raterGroup: rg.id, invalid, ballots: count });
  });

  const tallyUnits: TallyUnit[] = units.map((u, ui) => {
    let wsum = 0;
    let acc = 0;
    const groups = config.raterGroups.map((rg, ri): TallyGroupCell => {
      const list = (marks[ui * R + ri] ?? []).slice().sort((a, b) => a - b);
      const valid = list.length;
      const trim = config.trimAbove !== null && valid > config.trimAbove;
      const used = trim ? list.slice(1, -1) : list;
      const trimmed = trim ? [list[0] ?? 0, list[list.length - 1] ?? 0] : [];
      let mean: number | null = null;
      if (used.length > 0) {
        mean = used.reduce((a, x) => a + x, 0) / used.length;
        wsum += rg.weight;
        acc += rg.weight * mean;
      }
      return {
        raterGroup: rg.id,
        valid,
        dontKnow: dontKnow[ui * R + ri] ?? 0,
        trimmed,
        used: used.length,
        mean,
        weight: rg.weight,
      };
    });
    return {
      unitCode: u.code,
      unitName: u.name,
      groupCode: u.groupCode,
      groups,
      evaluation: wsum > 0 ? acc / wsum : null,
    };
  });

  // A rater group far from the others for a unit (only where at least two groups rated it).
  for (const tu of tallyUnits) {
    const rated = tu.groups.filter((g) => g.mean !== null);
    if (rated.length < 2) continue;
    for (const g of rated) {
      const others = rated.filter((o) => o !== g);
      const w = others.reduce((a, o) => a + o.weight, 0);
      const om =
        w > 0
          ? others.reduce((a, o) => a + o.weight * (o.mean ?? 0), 0) / w
          : others.reduce((a, o) => a + (o.mean ?? 0), 0) / others.length;
      const gap = (g.mean ?? 0) - om;
      if (Math.abs(gap) >= DIVERGENCE_POINTS) {
        anomalies.push({
          kind: 'group_divergence',
          raterGroup: g.raterGroup,
          unitCode: tu.unitCode,
          mean: g.mean ?? 0,
          others: om,
          gap,
        });
      }
    }
  }

  // The weighted score from the engine itself, when the scheme computes.
  let scoredBy: TallyResult['scoredBy'] = 'tally';
  if (scheme?.evaluation) {
    try {
      const inputs = toEngineInputs(ballots, config, unitsById);
      const active = units.filter((u) => u.active && scheme.groups.some((g) => g.id === u.groupCode));
      const results = compute(scheme, {
        units: active.map((u) => ({ id: u.code, name: u.name, group: u.groupCode })),
        ...inputs,
      });
      const byCode = new Map(results.units.map((r) => [r.unitId, r] as const));
      for (const tu of tallyUnits) {
        const r = byCode.get(tu.unitCode);
        if (!r) continue;
        tu.evaluation = r.evaluation;
      }
      scoredBy = 'engine';
    } catch {
      // The engine refuses a scheme or dataset it finds inconsistent; the tally's own means stand.
    }
  }
  return { ballots: summary, units: tallyUnits, anomalies, scoredBy };
}
