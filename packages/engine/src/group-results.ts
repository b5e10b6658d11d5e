/**
 * One group's unit results as published (rounded to the scheme's decimals), with the issues the group
 * raises: units blocked by missing data, units without a valid evaluation vote, ties that need a decision.
 * Cached on the group until the group is recomputed.
 *
 * Implements the output side of docs/scoring.md §5 "Composite and ranking" and §6 "Tiers" (a unit's
 * composite, ranks, tier, coefficient, award, and the results-use consequences of consecutive tiers), and
 * §1's `block` missing policy (publication blocked). /work/shared/docs/SCORING.md: "Grades and quotas",
 * "Numbers, rounding and determinism".
 */
import { CELL_STATUS, type CGroup, type CompiledModel, type UnitStatic } from './compile';
import type { Dataset, Issue } from './model';
import type { UnitResult } from './results';
import { roundHalfUp } from './round';
import { groupScale, onScale } from './scale';

const ST_BLOCKED: number = CELL_STATUS.blocked;

/** What the results view reads of a model besides its compiled units: each unit's dataset record. */
export interface ResultsSource extends CompiledModel {
  unitRecord(u: number): Dataset['units'][number] | undefined;
}

export function groupView(
  m: ResultsSource,
  statics: UnitStatic[],
  g: CGroup,
): { units: UnitResult[]; issues: Issue[] } {
  if (g.view) return g.view;
  const s = m.scheme;
  const dec = s.decimals;
  // §2a: the evaluation is published on what it is worth (the scale when normalised, its points otherwise)
  const scale = groupScale(s, g.group);
  const o = g.out;
  const units: UnitResult[] = [];
  const issues: Issue[] = [];
  if (!o) return { units, issues };
  const tiers = g.tiering.tiers;
  const B = g.blocks.length;
  for (let lu = 0; lu < g.n; lu++) {
    const u = g.units[lu] ?? 0;
    const us = statics[u];
    if (!us) continue;
    const ti = o.rt.tiers[lu] ?? tiers.length - 1;
    const tier = tiers[ti];
    const unitId = m.unitIds[u] ?? '';
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
    const rec = m.unitRecord(u);
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
      evaluation: us.evaluation === null ? null : roundHalfUp(onScale(us.evaluation, 100, scale.evaluation), dec),
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
    if (us.evaluation === null && scale.weights.b > 0) {
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
