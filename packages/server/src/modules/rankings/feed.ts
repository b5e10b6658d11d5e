/**
 * Feeding the engine (issue 17): the year's ranking tables as the dataset's `rankings`, for the scheme's `rankPlaces`
 * rules. Called from the results' collect (modules/results/collect.ts). A rule whose ranking has no table for the
 * year is a blocker (never a silent 0); a year whose scheme reads no ranking is left as it was (its inputs digest
 * unchanged).
 */
import type { DatasetInput, RankingTable, Scheme } from '@yardstick/engine';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rankingTables, units } from '../../db/schema';
import { rankingRules } from './service';

/** What a missing ranking adds to the results' blockers (a Blocker of kind rankingMissing). */
export interface RankingMissing {
  kind: 'rankingMissing';
  detail: string;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sets `dataset.rankings` from the stored tables of the rankings the scheme reads; blocks on a ranking with none. */
export async function feedRankings(
  db: Database,
  tenantId: string,
  year: number,
  scheme: Scheme,
  dataset: DatasetInput,
  blockers: { push(b: RankingMissing): unknown },
): Promise<void> {
  const rules = rankingRules(scheme);
  if (rules.size === 0) return;
  const rows = await db
    .select({
      ranking: rankingTables.ranking,
      period: rankingTables.period,
      date: rankingTables.periodDate,
      size: rankingTables.size,
      places: rankingTables.places,
    })
    .from(rankingTables)
    .where(and(eq(rankingTables.tenantId, tenantId), eq(rankingTables.year, year)))
    .orderBy(asc(rankingTables.ranking), asc(rankingTables.period));
  const codes = new Map(
    (await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId))).map((u) => [
      u.id,
      u.code,
    ]),
  );
  // only the units the year assesses (the dataset's units, by code): a place of any other unit has no score to touch
  const assessed = new Set(dataset.units.map((u) => u.id));
  const tables: RankingTable[] = rows
    .filter((r) => rules.has(r.ranking))
    .map((r) => ({
      ranking: r.ranking,
      period: r.period,
      ...(r.date ? { date: r.date } : {}),
      size: r.size,
      places: r.places
        .flatMap((p) => {
          const code = codes.get(p.unitId);
          return code !== undefined && assessed.has(code)
            ? [{ subUnitId: p.subUnit, unitId: code, place: p.place }]
            : [];
        })
        .sort((a, b) => a.place - b.place || cmp(a.subUnitId, b.subUnitId)),
    }));
  for (const [ranking, list] of rules)
    if (!tables.some((t) => t.ranking === ranking))
      blockers.push({ kind: 'rankingMissing', detail: list.map((r) => r.name ?? r.id).join('、') });
  dataset.rankings = tables;
}
