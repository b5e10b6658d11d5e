/**
 * Dashboards (R30): the county picture for leaders and the office — tier distribution by group, ranking with its
 * trend over the published years, the indicator discrimination heat map, red lights by unit and month, the city
 * indicators, year over year — and a unit's own dashboard (its rank trend, its lights, its lost points).
 * Everything is read from published snapshots and the in-year tables; nothing here writes.
 */
import { diagnoseResults, roundHalfUp } from '@yardstick/engine';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators, lightHistory, lights } from '../../db/schema';
import type { Actor } from '../auth/actor';
import {
  groupName,
  loadPublished,
  tierName,
  tieringOf,
  unitDirectory,
  type PublishedYear,
} from '../feedback/published';
import { assessorNames } from '../results/documents';
import { listPublishedYears } from '../results/read';
import { getFeedback, groupIndicatorStats, resolveUnit, unitHistory } from '../feedback/service';

const month = (day: string) => day.slice(0, 7);

/** Red-light changes per unit and month of a year (light_history), optionally for one unit. */
export async function redLightsByMonth(db: Database, tenantId: string, year: number, unitId?: string) {
  const rows = await db
    .select({ unitId: lightHistory.unitId, day: lightHistory.day, light: lightHistory.light })
    .from(lightHistory)
    .where(
      and(
        eq(lightHistory.tenantId, tenantId),
        eq(lightHistory.year, year),
        inArray(lightHistory.light, ['red', 'yellow']),
        unitId ? eq(lightHistory.unitId, unitId) : undefined,
      ),
    );
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const cells = new Map<string, { red: number; yellow: number }>();
  for (const r of rows) {
    const k = `${r.unitId}|${month(r.day)}`;
    const c = cells.get(k) ?? { red: 0, yellow: 0 };
    if (r.light === 'red') c.red += 1;
    else c.yellow += 1;
    cells.set(k, c);
  }
  return { months, cells };
}

function tierDistribution(p: PublishedYear) {
  const { scheme, results } = p;
  return scheme.groups
    .filter((g) => results.units.some((u) => u.groupId === g.id))
    .map((g) => {
      const members = results.units.filter((u) => u.groupId === g.id);
      return {
        groupId: g.id,
        groupName: g.name ?? g.id,
        tiers: tieringOf(scheme, g.id).tiers.map((t) => ({
          tier: t.id,
          name: t.name ?? t.id,
          count: members.filter((u) => u.tier === t.id).length,
        })),
      };
    });
}

export async function countyDashboard(db: Database, actor: Actor, year: number) {
  const tenantId = actor.tenantId;
  const dir = await unitDirectory(db, tenantId);
  const published = await loadPublished(db, tenantId, year);
  const years = await listPublishedYears(db, tenantId);
  const earlier = new Map<number, PublishedYear>();
  for (const y of years) {
    const p = y === year ? published : await loadPublished(db, tenantId, y);
    if (p) earlier.set(y, p);
  }
  const name = (code: string) => dir.byCode.get(code)?.name ?? code;

  let results: {
    tierDistribution: ReturnType<typeof tierDistribution>;
    ranking: {
      groupId: string;
      groupName: string;
      units: {
        unitCode: string;
        unitName: string;
        rank: number;
        composite: number;
        tier: string;
        tierName: string;
        trend: { year: number; rank: number | null }[];
      }[];
    }[];
    heatmap: {
      groupId: string;
      groupName: string;
      units: { code: string; name: string }[];
      indicators: {
        id: string;
        name: string;
        points: number;
        fullMarkRate: number;
        sd: number;
        nonDiscriminating: boolean;
      }[];
      /** fraction of the indicator's points per [indicator][unit], null where it does not apply. */
      fractions: (number | null)[][];
    }[];
    headline: string;
    headlineEn: string;
  } | null = null;

  // The headline names the owning assessors by name ("县委办（9项）"), not by code (issue 18).
  const names = await assessorNames(db, actor.tenantId);
  if (published) {
    const { scheme } = published;
    const diag = diagnoseResults(published.results, scheme, { assessorNames: names });
    const groups = scheme.groups.filter((g) => published.results.units.some((u) => u.groupId === g.id));
    results = {
      tierDistribution: tierDistribution(published),
      ranking: groups.map((g) => ({
        groupId: g.id,
        groupName: groupName(scheme, g.id),
        units: published.results.units
          .filter((u) => u.groupId === g.id)
          .sort((a, b) => a.rank - b.rank || a.tierIndex - b.tierIndex || (a.unitId < b.unitId ? -1 : 1))
          .map((u) => ({
            unitCode: u.unitId,
            unitName: name(u.unitId),
            rank: u.rank,
            composite: u.composite,
            tier: u.tier,
            tierName: tierName(scheme, g.id, u.tier),
            trend: [...earlier.entries()].map(([y, p]) => ({
              year: y,
              rank: p.results.units.find((x) => x.unitId === u.unitId)?.rank ?? null,
            })),
          })),
      })),
      heatmap: groups.map((g) => {
        const stats = groupIndicatorStats(published.results, g.id);
        const members = published.results.units
          .filter((u) => u.groupId === g.id)
          .sort((a, b) => a.rank - b.rank || a.tierIndex - b.tierIndex || (a.unitId < b.unitId ? -1 : 1));
        const d = diag.groups.find((x) => x.groupId === g.id);
        return {
          groupId: g.id,
          groupName: groupName(scheme, g.id),
          units: members.map((u) => ({ code: u.unitId, name: name(u.unitId) })),
          indicators: stats.map((s) => {
            const di = d?.indicators.find((x) => x.indicatorId === s.id);
            return {
              id: s.id,
              name: s.name,
              points: s.points,
              fullMarkRate: roundHalfUp(di?.fullMarkRate ?? 0, 4),
              sd: roundHalfUp(di?.sd ?? 0, 4),
              nonDiscriminating: di?.nonDiscriminating ?? false,
            };
          }),
          fractions: stats.map((s) =>
            members.map((u) => {
              const v = s.scores.get(u.unitId);
              return v === undefined || s.points <= 0 ? null : roundHalfUp(v / s.points, 4);
            }),
          ),
        };
      }),
      headline: diag.headline.text.zh,
      headlineEn: diag.headline.text.en,
    };
  }

  // Red lights by unit and month (the year's light changes).
  const red = await redLightsByMonth(db, tenantId, year);
  const redUnits = dir.list
    .map((u) => ({
      unitId: u.id,
      unitCode: u.code,
      unitName: u.name,
      groupName: u.groupName,
      months: red.months.map((m) => red.cells.get(`${u.id}|${m}`)?.red ?? 0),
    }))
    .filter((u) => u.months.some((n) => n > 0));

  // The city's indicators for the county and their nodes' lights.
  const cis = await db
    .select()
    .from(cityIndicators)
    .where(and(eq(cityIndicators.tenantId, tenantId), eq(cityIndicators.year, year)))
    .orderBy(asc(cityIndicators.code));
  const nodes = cis.length
    ? await db
        .select({ cityIndicatorId: cityIndicatorNodes.cityIndicatorId, light: cityIndicatorNodes.light })
        .from(cityIndicatorNodes)
        .where(
          and(
            eq(cityIndicatorNodes.tenantId, tenantId),
            inArray(
              cityIndicatorNodes.cityIndicatorId,
              cis.map((c) => c.id),
            ),
          ),
        )
    : [];
  const city = cis.map((c) => {
    const mine = nodes.filter((n) => n.cityIndicatorId === c.id);
    return {
      code: c.code,
      name: c.name,
      points: c.points,
      resultScore: c.resultScore,
      resultMax: c.resultMax,
      resultRank: c.resultRank,
      leadUnitName: c.leadUnitId ? (dir.byId.get(c.leadUnitId)?.name ?? null) : null,
      nodes: {
        total: mine.length,
        red: mine.filter((n) => n.light === 'red').length,
        yellow: mine.filter((n) => n.light === 'yellow').length,
        green: mine.filter((n) => n.light === 'green').length,
      },
    };
  });

  // Year over year: every published year's picture in one row.
  const yearOverYear = [];
  for (const [y, p] of earlier) {
    const diag = diagnoseResults(p.results, p.scheme, { assessorNames: names });
    const comps = p.results.units.map((u) => u.composite);
    const reds = await db
      .select({ unitId: lights.unitId })
      .from(lights)
      .where(and(eq(lights.tenantId, tenantId), eq(lights.year, y), eq(lights.light, 'red')));
    yearOverYear.push({
      year: y,
      units: p.results.units.length,
      averageComposite: comps.length ? roundHalfUp(comps.reduce((a, b) => a + b, 0) / comps.length, 2) : 0,
      vetoed: p.results.units.filter((u) => u.vetoes.length > 0).length,
      downgraded: p.results.units.filter((u) => u.tier !== u.naturalTier && u.vetoes.length === 0).length,
      fullMarkIndicators: diag.headline.fullMarkIndicators,
      indicators: diag.headline.indicators,
      fullMarkShare: roundHalfUp(diag.headline.indicatorShare, 4),
      redLights: reds.length,
      redUnits: new Set(reds.map((r) => r.unitId)).size,
    });
  }

  return {
    year,
    published: published !== null,
    years,
    results,
    redLights: { months: red.months, units: redUnits },
    city,
    yearOverYear,
  };
}

/** A unit's own dashboard: its rank trend, its lights by month, its red lights now and where it lost points. */
export async function unitDashboard(db: Database, actor: Actor, year: number, unitId?: string) {
  const unit = await resolveUnit(db, actor, unitId);
  const history = await unitHistory(db, actor.tenantId, unit.code);
  const byMonth = await redLightsByMonth(db, actor.tenantId, year, unit.id);
  const current = await db
    .select({ light: lights.light })
    .from(lights)
    .where(and(eq(lights.tenantId, actor.tenantId), eq(lights.unitId, unit.id), eq(lights.year, year)));
  const published = await loadPublished(db, actor.tenantId, year);
  const feedback = published ? await getFeedback(db, actor, { year, unitId: unit.id }) : null;
  return {
    year,
    unit: { id: unit.id, code: unit.code, name: unit.name, groupName: unit.groupName },
    history,
    lights: {
      months: byMonth.months,
      red: byMonth.months.map((m) => byMonth.cells.get(`${unit.id}|${m}`)?.red ?? 0),
      yellow: byMonth.months.map((m) => byMonth.cells.get(`${unit.id}|${m}`)?.yellow ?? 0),
      now: {
        red: current.filter((c) => c.light === 'red').length,
        yellow: current.filter((c) => c.light === 'yellow').length,
        green: current.filter((c) => c.light === 'green').length,
      },
    },
    result: feedback
      ? {
          rank: feedback.result.rank,
          groupSize: feedback.result.groupSize,
          tierName: feedback.result.tierName,
          composite: feedback.result.composite,
        }
      : null,
    lostPoints: (feedback?.lostPoints ?? []).map((l) => ({
      id: l.id,
      name: l.name,
      points: l.points,
      score: l.score,
      lost: l.lost,
      average: l.average,
    })),
  };
}
