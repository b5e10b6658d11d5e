/**
 * The periodic rankings a `rankPlaces` deduction reads (issue 17), entered by the office as the year's data: a
 * table per ranking and period. A ranking must be one the year's scheme's `rankPlaces` rules name (refused with the
 * valid list otherwise); each place names a sub-unit, the assessed unit it belongs to (in force that year) and a
 * place within the table's size, no place or sub-unit twice. Writes are audited; a published year is frozen unless
 * a correction is open (a change after publication is published as a correction, docs/results.md).
 */
import type { Scheme } from '@yardstick/engine';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rankingTables, resultCorrections, resultSnapshots, units } from '../../db/schema';
import { AppError, notFound, type ErrorDetail } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { schemeForRecords } from '../records/service';
import { countedIn } from '../units/validity';
import type { CreateRankingTable, RankingPlaceInput, RankingTable, RankingsYear, UpdateRankingTable } from './schemas';

type Row = typeof rankingTables.$inferSelect;
type UnitRow = { id: string; code: string; name: string; validFrom: string | null; validTo: string | null };

/** The `rankPlaces` rules of a scheme, by the ranking they read (in the scheme's order). */
export function rankingRules(
  scheme: Scheme,
): Map<string, { id: string; name: string | null; bottom: number; points: number }[]> {
  const out = new Map<string, { id: string; name: string | null; bottom: number; points: number }[]>();
  for (const r of scheme.deductions) {
    if (r.amount.kind !== 'rankPlaces') continue;
    const list = out.get(r.amount.ranking) ?? [];
    list.push({ id: r.id, name: r.name ?? null, bottom: r.amount.bottom, points: r.amount.points });
    out.set(r.amount.ranking, list);
  }
  return out;
}

export async function countyUnits(db: Database, tenantId: string): Promise<UnitRow[]> {
  return db
    .select({ id: units.id, code: units.code, name: units.name, validFrom: units.validFrom, validTo: units.validTo })
    .from(units)
    .where(eq(units.tenantId, tenantId))
    .orderBy(asc(units.code));
}

function present(row: Row, byId: Map<string, UnitRow>): RankingTable {
  const ref = (id: string) => {
    const u = byId.get(id);
    return u ? { id: u.id, code: u.code, name: u.name } : { id, code: '?', name: '?' };
  };
  return {
    id: row.id,
    year: row.year,
    ranking: row.ranking,
    period: row.period,
    date: row.periodDate,
    size: row.size,
    places: [...row.places]
      .sort((a, b) => a.place - b.place || a.subUnit.localeCompare(b.subUnit))
      .map((p) => ({ subUnit: p.subUnit, unit: ref(p.unitId), place: p.place })),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The year's results are published and no correction is open: its rankings are frozen. */
export async function rankingsFrozen(db: Database, tenantId: string, year: number): Promise<boolean> {
  const [snap] = await db
    .select({ id: resultSnapshots.id })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .limit(1);
  if (!snap) return false;
  const [open] = await db
    .select({ id: resultCorrections.id })
    .from(resultCorrections)
    .where(
      and(
        eq(resultCorrections.tenantId, tenantId),
        eq(resultCorrections.year, year),
        inArray(resultCorrections.status, ['draft', 'approved']),
      ),
    )
    .limit(1);
  return !open;
}

async function tablesOf(db: Database, tenantId: string, year: number): Promise<Row[]> {
  return db
    .select()
    .from(rankingTables)
    .where(and(eq(rankingTables.tenantId, tenantId), eq(rankingTables.year, year)))
    .orderBy(asc(rankingTables.ranking), asc(rankingTables.period));
}

export async function listRankings(db: Database, actor: Actor, year: number): Promise<RankingsYear> {
  const [found, unitRows, rows, frozen] = await Promise.all([
    schemeForRecords(db, actor.tenantId, year),
    countyUnits(db, actor.tenantId),
    tablesOf(db, actor.tenantId, year),
    rankingsFrozen(db, actor.tenantId, year),
  ]);
  const byId = new Map(unitRows.map((u) => [u.id, u]));
  const rules = found ? rankingRules(found.scheme) : new Map<string, never[]>();
  return {
    year,
    schemeVersionNo: found?.versionNo ?? null,
    frozen,
    rankings: [...rules.entries()].map(([ranking, list]) => ({
      ranking,
      rules: list,
      tables: rows.filter((r) => r.ranking === ranking).map((r) => present(r, byId)),
    })),
    unused: rows.filter((r) => !rules.has(r.ranking)).map((r) => present(r, byId)),
    units: unitRows.filter((u) => countedIn(u, year)).map((u) => ({ id: u.id, code: u.code, name: u.name })),
  };
}

async function getRow(db: Database, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(rankingTables)
    .where(and(eq(rankingTables.tenantId, actor.tenantId), eq(rankingTables.id, id)));
  if (!row) throw notFound('排名数据', 'Ranking table');
  return row;
}

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Refuses a ranking the year's scheme does not read, listing the ones it does. */
async function requireRanking(db: Database, tenantId: string, year: number, ranking: string): Promise<void> {
  const found = await schemeForRecords(db, tenantId, year);
  const valid = found ? [...rankingRules(found.scheme).keys()] : [];
  if (valid.includes(ranking)) return;
  const zh = valid.length > 0 ? `可填写：${valid.join('、')}` : '方案中没有按其他排名名次扣分的规则';
  const en =
    valid.length > 0 ? `valid: ${valid.join(', ')}` : 'the scheme has no deduction by places in another ranking';
  throw new AppError('RANKING_NOT_IN_SCHEME', { year, ranking, zh, en }, [
    { path: 'ranking', message: '', messages: both(zh, en) },
  ]);
}

export async function requireOpen(db: Database, tenantId: string, year: number): Promise<void> {
  if (await rankingsFrozen(db, tenantId, year)) throw new AppError('RANKINGS_YEAR_PUBLISHED', { year });
}

/**
 * The problems of a table's places, each in both languages with its path: a unit that is not the county's or not
 * in force that year, a place beyond the size, a place or a sub-unit entered twice.
 */
export function placeProblems(
  year: number,
  size: number,
  places: readonly Pick<RankingPlaceInput, 'subUnit' | 'unitId' | 'place'>[],
  unitsById: Map<string, UnitRow>,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seenPlace = new Map<number, string>();
  const seenSub = new Set<string>();
  places.forEach((p, i) => {
    const path = `places[${i}]`;
    const u = unitsById.get(p.unitId);
    if (!u)
      out.push({ path: `${path}.unitId`, message: '', messages: both('所属单位不存在', 'no such unit in the county') });
    else if (!countedIn(u, year))
      out.push({
        path: `${path}.unitId`,
        message: '',
        messages: both(`${u.name} 不是 ${year} 年的考核对象`, `${u.name} is not assessed in ${year}`),
      });
    if (p.place > size)
      out.push({
        path: `${path}.place`,
        message: '',
        messages: both(
          `${p.subUnit} 的名次 ${p.place} 大于参与排名数 ${size}`,
          `${p.subUnit}: place ${p.place} is beyond the size ${size}`,
        ),
      });
    const other = seenPlace.get(p.place);
    if (other !== undefined)
      out.push({
        path: `${path}.place`,
        message: '',
        messages: both(
          `第 ${p.place} 名重复（${other}、${p.subUnit}）`,
          `place ${p.place} is given twice (${other}, ${p.subUnit})`,
        ),
      });
    else seenPlace.set(p.place, p.subUnit);
    const key = p.subUnit.normalize('NFKC').replace(/\s+/g, '');
    if (seenSub.has(key))
      out.push({
        path: `${path}.subUnit`,
        message: '',
        messages: both(`${p.subUnit} 在本期出现了两次`, `${p.subUnit} is ranked twice in this period`),
      });
    seenSub.add(key);
  });
  return out;
}

async function requirePlaces(
  db: Database,
  tenantId: string,
  year: number,
  input: Pick<CreateRankingTable, 'size' | 'places'>,
): Promise<void> {
  const byId = new Map((await countyUnits(db, tenantId)).map((u) => [u.id, u]));
  const problems = placeProblems(year, input.size, input.places, byId);
  if (problems.length === 0) return;
  throw new AppError(
    'RANKING_INVALID',
    {
      zh: problems.map((p) => p.messages?.['zh-CN'] ?? '').join('；'),
      en: problems.map((p) => p.messages?.en ?? '').join('; '),
    },
    problems,
  );
}

async function requireFreePeriod(
  db: Database,
  actor: Actor,
  year: number,
  ranking: string,
  period: string,
  id?: string,
) {
  const [other] = await db
    .select({ id: rankingTables.id })
    .from(rankingTables)
    .where(
      and(
        eq(rankingTables.tenantId, actor.tenantId),
        eq(rankingTables.year, year),
        eq(rankingTables.ranking, ranking),
        eq(rankingTables.period, period),
      ),
    );
  if (other && other.id !== id) throw new AppError('RANKING_PERIOD_EXISTS', { period });
}

const describeTable = (t: Pick<RankingTable, 'year' | 'ranking' | 'period' | 'places'>) =>
  `${t.year} 年排名 ${t.ranking} ${t.period}（${t.places.length} 个名次）`;

const storedPlaces = (places: RankingPlaceInput[]) =>
  places.map((p) => ({ subUnit: p.subUnit, unitId: p.unitId, place: p.place }));

export async function createRankingTable(db: Database, actor: Actor, input: CreateRankingTable): Promise<RankingTable> {
  return db.transaction(async (tx) => {
    await requireOpen(tx, actor.tenantId, input.year);
    await requireRanking(tx, actor.tenantId, input.year, input.ranking);
    await requirePlaces(tx, actor.tenantId, input.year, input);
    await requireFreePeriod(tx, actor, input.year, input.ranking, input.period);
    const [row] = await tx
      .insert(rankingTables)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        ranking: input.ranking,
        period: input.period,
        periodDate: input.date ?? null,
        size: input.size,
        places: storedPlaces(input.places),
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    const byId = new Map((await countyUnits(tx, actor.tenantId)).map((u) => [u.id, u]));
    const created = present(row, byId);
    await recordAudit(tx, actor, {
      action: 'ranking.create',
      entityType: 'ranking_table',
      entityId: row.id,
      summary: `录入排名数据：${describeTable(created)}`,
      after: created,
    });
    return created;
  });
}

export async function updateRankingTable(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateRankingTable,
): Promise<RankingTable> {
  return db.transaction(async (tx) => {
    const row = await getRow(tx, actor, id);
    await requireOpen(tx, actor.tenantId, row.year);
    await requireRanking(tx, actor.tenantId, row.year, row.ranking);
    await requirePlaces(tx, actor.tenantId, row.year, input);
    await requireFreePeriod(tx, actor, row.year, row.ranking, input.period, id);
    const byId = new Map((await countyUnits(tx, actor.tenantId)).map((u) => [u.id, u]));
    const before = present(row, byId);
    const [next] = await tx
      .update(rankingTables)
      .set({
        period: input.period,
        periodDate: input.date ?? null,
        size: input.size,
        places: storedPlaces(input.places),
        version: input.version + 1,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(rankingTables.tenantId, actor.tenantId),
          eq(rankingTables.id, id),
          eq(rankingTables.version, input.version),
        ),
      )
      .returning();
    if (!next) throw new AppError('VERSION_CONFLICT');
    const after = present(next, byId);
    await recordAudit(tx, actor, {
      action: 'ranking.update',
      entityType: 'ranking_table',
      entityId: id,
      summary: `修改排名数据：${describeTable(after)}`,
      before,
      after,
    });
    return after;
  });
}

export async function deleteRankingTable(db: Database, actor: Actor, id: string, version?: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getRow(tx, actor, id);
    if (version !== undefined && version !== row.version) throw new AppError('VERSION_CONFLICT');
    await requireOpen(tx, actor.tenantId, row.year);
    const byId = new Map((await countyUnits(tx, actor.tenantId)).map((u) => [u.id, u]));
    const before = present(row, byId);
    await tx.delete(rankingTables).where(and(eq(rankingTables.tenantId, actor.tenantId), eq(rankingTables.id, id)));
    await recordAudit(tx, actor, {
      action: 'ranking.delete',
      entityType: 'ranking_table',
      entityId: id,
      summary: `删除排名数据：${describeTable(before)}`,
      before,
    });
  });
}

/**
 * Writes a whole year's tables read from a workbook (modules/excel/kinds/rankings.ts): each (ranking, period)
 * given replaces that period's stored places; periods the file does not name are kept. Checked like the API.
 * Counts are of places (the workbook's rows), by whether their period is new, changed or the same.
 */
export async function replacePeriods(
  tx: Database,
  actor: Actor,
  year: number,
  tables: { ranking: string; period: string; date: string | null; size: number; places: RankingPlaceInput[] }[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = await tablesOf(tx, actor.tenantId, year);
  const key = (r: { ranking: string; period: string }) => `${r.ranking}\u0000${r.period}`;
  const byKey = new Map(existing.map((r) => [key(r), r]));
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const t of tables) {
    const row = byKey.get(key(t));
    const places = storedPlaces(t.places).sort((a, b) => a.place - b.place);
    if (!row) {
      await tx.insert(rankingTables).values({
        tenantId: actor.tenantId,
        year,
        ranking: t.ranking,
        period: t.period,
        periodDate: t.date,
        size: t.size,
        places,
        createdBy: actor.userId,
      });
      created += places.length;
      continue;
    }
    const canon = (ps: { subUnit: string; unitId: string; place: number }[]) =>
      JSON.stringify(
        [...ps]
          .sort((a, b) => a.place - b.place || a.subUnit.localeCompare(b.subUnit))
          .map((p) => [p.subUnit, p.unitId, p.place]),
      );
    if (row.size === t.size && row.periodDate === t.date && canon(row.places) === canon(places)) {
      unchanged += places.length;
      continue;
    }
    await tx
      .update(rankingTables)
      .set({ periodDate: t.date, size: t.size, places, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(rankingTables.tenantId, actor.tenantId), eq(rankingTables.id, row.id)));
    updated += places.length;
  }
  return { created, updated, unchanged };
}
