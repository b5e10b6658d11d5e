/**
 * R23 red-light follow-up: a node turning red opens an item the unit answers (explanation + rectification
 * measures) within the scheme's deadline; the office returns the answer or closes the item as verified.
 * Overdue = still unanswered (open/returned) after its answer-due day; answers given late are flagged too.
 */
import { and, asc, desc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { redLightItems, tenants, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { addDays, shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { dayResolver, yearToday } from '../lights/clock';
import { notify, notifyUnits } from '../notifications/service';
import { type Cell, type YearScheme } from '../reports/cells';
import { scopeOf } from '../reports/scope';
import { RED_STATUSES } from './schemas';

export { RED_STATUSES };
export type RedStatus = (typeof RED_STATUSES)[number];

const STATUS_ZH: Record<RedStatus, string> = {
  open: '待说明',
  answered: '已说明',
  returned: '已退回',
  closed: '已办结',
};

/**
 * Opens an item for each node that turned red, unless one is still open for it, and tells each unit (in a few
 * statements: the daily job may turn hundreds of nodes red at once). Returns how many were opened.
 */
export async function openNodeRedLights(db: Database, ys: YearScheme, cells: Cell[], day: string): Promise<number> {
  if (cells.length === 0) return 0;
  const key = (unitId: string, indicatorId: string | null, nodeId: string | null) =>
    `${unitId}|${indicatorId ?? ''}|${nodeId ?? ''}`;
  const open = await db
    .select({ unitId: redLightItems.unitId, indicatorId: redLightItems.indicatorId, nodeId: redLightItems.nodeId })
    .from(redLightItems)
    .where(
      and(
        eq(redLightItems.tenantId, ys.tenantId),
        eq(redLightItems.year, ys.year),
        eq(redLightItems.source, 'node'),
        ne(redLightItems.status, 'closed'),
      ),
    );
  const taken = new Set(open.map((r) => key(r.unitId, r.indicatorId, r.nodeId)));
  const answerDue = addDays(day, ys.settings.answerDays);
  const fresh: (typeof redLightItems.$inferInsert)[] = [];
  for (const cell of cells) {
    const k = key(cell.unit.id, cell.leaf.id, cell.nodeId);
    if (taken.has(k)) continue;
    taken.add(k);
    fresh.push({
      tenantId: ys.tenantId,
      year: ys.year,
      unitId: cell.unit.id,
      source: 'node',
      indicatorId: cell.leaf.id,
      nodeId: cell.nodeId,
      title: `${cell.leaf.name}「${cell.nodeName}」（${cell.due}）亮红灯`,
      openedOn: day,
      answerDue,
    });
  }
  const opened: { id: string; unitId: string; title: string }[] = [];
  for (let i = 0; i < fresh.length; i += 500) {
    opened.push(
      ...(await db
        .insert(redLightItems)
        .values(fresh.slice(i, i + 500))
        .returning({ id: redLightItems.id, unitId: redLightItems.unitId, title: redLightItems.title })),
    );
  }
  await notifyUnits(
    db,
    ys.tenantId,
    opened.map((row) => ({
      unitId: row.unitId,
      kind: 'redLight' as const,
      title: `红灯：${row.title}`,
      body: `请于 ${answerDue} 前提交情况说明和整改措施。`,
      link: `/redlights?item=${row.id}`,
      dedupeKey: `redlight:${row.id}`,
    })),
  );
  return opened.length;
}

export interface RedItemView {
  id: string;
  year: number;
  unitId: string;
  unitCode: string;
  unitName: string;
  source: string;
  indicatorId: string | null;
  nodeId: string | null;
  title: string;
  openedOn: string;
  answerDue: string;
  explanation: string | null;
  measures: string | null;
  answeredAt: string | null;
  status: RedStatus;
  officeNote: string | null;
  closedAt: string | null;
  /** Unanswered (open or returned) after the answer-due day. */
  overdue: boolean;
  /** Answered after the answer-due day. */
  answeredLate: boolean;
  version: number;
}

type ItemRow = typeof redLightItems.$inferSelect & { unitCode: string; unitName: string };

function present(r: ItemRow, today: string): RedItemView {
  const status = (RED_STATUSES as readonly string[]).includes(r.status) ? (r.status as RedStatus) : 'open';
  return {
    id: r.id,
    year: r.year,
    unitId: r.unitId,
    unitCode: r.unitCode,
    unitName: r.unitName,
    source: r.source,
    indicatorId: r.indicatorId,
    nodeId: r.nodeId,
    title: r.title,
    openedOn: r.openedOn,
    answerDue: r.answerDue,
    explanation: r.explanation,
    measures: r.measures,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    status,
    officeNote: r.officeNote,
    closedAt: r.closedAt?.toISOString() ?? null,
    overdue: (status === 'open' || status === 'returned') && today > r.answerDue,
    // A pinned year (the demo's 2019) counts an answer given on a later clock as given on its pinned day.
    answeredLate:
      r.answeredAt !== null && (shanghaiDay(r.answeredAt) < today ? shanghaiDay(r.answeredAt) : today) > r.answerDue,
    version: r.version,
  };
}

async function scopeWhere(db: Database, actor: Actor): Promise<SQL | null> {
  const scope = await scopeOf(db, actor);
  if (scope.none) return null;
  const tenant = eq(redLightItems.tenantId, actor.tenantId);
  // The unit answers and the office verifies (leaders read): an assessor account has no part in it.
  if (actor.role === 'assessor') return null;
  return scope.unitId ? (and(tenant, eq(redLightItems.unitId, scope.unitId)) ?? tenant) : tenant;
}

const columns = { item: redLightItems, unitCode: units.code, unitName: units.name };

export async function listRedItems(
  db: Database,
  actor: Actor,
  q: {
    year?: number | undefined;
    status?: RedStatus | undefined;
    overdue?: boolean | undefined;
    unitId?: string | undefined;
  },
  today?: string,
) {
  const where = await scopeWhere(db, actor);
  const [t] = await db.select({ y: tenants.currentYear }).from(tenants).where(eq(tenants.id, actor.tenantId));
  const year = q.year ?? t?.y ?? 0;
  // A scheme that pins its day (the demo's mid-2019) is read as of that day.
  if (today === undefined) today = await yearToday(db, actor.tenantId, year);
  const counts = { open: 0, answered: 0, returned: 0, closed: 0, overdue: 0, answeredLate: 0 };
  if (!where) return { year, items: [] as RedItemView[], counts };
  const filters: SQL[] = [where, eq(redLightItems.year, year)];
  if (q.unitId) filters.push(eq(redLightItems.unitId, q.unitId));
  const rows = await db
    .select(columns)
    .from(redLightItems)
    .innerJoin(units, eq(units.id, redLightItems.unitId))
    .where(and(...filters))
    .orderBy(desc(redLightItems.openedOn), asc(units.code));
  const all = rows.map((r) => present({ ...r.item, unitCode: r.unitCode, unitName: r.unitName }, today));
  for (const i of all) {
    counts[i.status]++;
    if (i.overdue) counts.overdue++;
    if (i.answeredLate) counts.answeredLate++;
  }
  const items = all.filter(
    (i) => (!q.status || i.status === q.status) && (q.overdue === undefined || i.overdue === q.overdue),
  );
  return { year, items, counts };
}

async function getItem(db: Database, actor: Actor, id: string, lock = false): Promise<RedItemView> {
  const where = await scopeWhere(db, actor);
  if (!where) throw notFound('红灯说明', 'Red-light item');
  const query = db
    .select(columns)
    .from(redLightItems)
    .innerJoin(units, eq(units.id, redLightItems.unitId))
    .where(and(where, eq(redLightItems.id, id)));
  const rows = lock ? await query.for('update', { of: redLightItems }) : await query;
  const r = rows[0];
  if (!r) throw notFound('红灯说明', 'Red-light item');
  return present(
    { ...r.item, unitCode: r.unitCode, unitName: r.unitName },
    await yearToday(db, r.item.tenantId, r.item.year),
  );
}

export async function answerRedItem(
  db: Database,
  actor: Actor,
  id: string,
  input: { explanation: string; measures: string; version: number },
): Promise<RedItemView> {
  return db.transaction(async (tx) => {
    const before = await getItem(tx, actor, id, true);
    if (before.status !== 'open' && before.status !== 'returned') {
      throw new AppError('REDLIGHT_NOT_EDITABLE', { status: STATUS_ZH[before.status] });
    }
    const updated = await tx
      .update(redLightItems)
      .set({
        explanation: input.explanation,
        measures: input.measures,
        answeredAt: new Date(),
        answeredBy: actor.userId,
        status: 'answered',
        version: input.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(redLightItems.id, id), eq(redLightItems.version, input.version)))
      .returning({ id: redLightItems.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getItem(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'redlight.answer',
      entityType: 'red_light_item',
      entityId: id,
      summary: `${after.unitName} 提交红灯说明：${after.title}${after.answeredLate ? '（逾期说明）' : ''}`,
      before,
      after,
    });
    return after;
  });
}

export async function reviewRedItem(
  db: Database,
  actor: Actor,
  id: string,
  input: { action: 'return' | 'close'; note?: string | null | undefined; version: number },
): Promise<RedItemView> {
  return db.transaction(async (tx) => {
    const before = await getItem(tx, actor, id, true);
    if (before.status !== 'answered') throw new AppError('REDLIGHT_NOT_EDITABLE', { status: STATUS_ZH[before.status] });
    if (input.action === 'return' && !input.note) throw new AppError('REASON_REQUIRED');
    const now = new Date();
    const updated = await tx
      .update(redLightItems)
      .set({
        status: input.action === 'return' ? 'returned' : 'closed',
        officeNote: input.note ?? null,
        ...(input.action === 'close' ? { closedAt: now, closedBy: actor.userId } : {}),
        version: input.version + 1,
        updatedAt: now,
      })
      .where(and(eq(redLightItems.id, id), eq(redLightItems.version, input.version)))
      .returning({ id: redLightItems.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getItem(tx, actor, id);
    await recordAudit(tx, actor, {
      action: input.action === 'return' ? 'redlight.return' : 'redlight.close',
      entityType: 'red_light_item',
      entityId: id,
      summary: `${input.action === 'return' ? '退回' : '核实办结'}红灯说明：${after.unitName} ${after.title}${input.note ? `（${input.note}）` : ''}`,
      before,
      after,
    });
    if (input.action === 'return') {
      await notify(tx, {
        tenantId: actor.tenantId,
        to: { unitId: after.unitId },
        kind: 'answerReturned',
        title: `红灯说明被退回：${after.title}`,
        body: input.note ?? undefined,
        link: `/redlights?item=${id}`,
        dedupeKey: `redlight-return:${id}:${after.version}`,
      });
    }
    return after;
  });
}

/** The daily job's part: tell the office of every overdue answer (once per item). */
/**
 * How far back the overdue job looks: an answer due within the last week is flagged (a missed run or a few days
 * of downtime are caught up); older ones were flagged when they fell due, or belong to data entered afterwards
 * (the demo's history as of its pinned day) and stay in the office's list (overdue filter) without a notice each.
 */
export const ANSWER_OVERDUE_CATCH_UP_DAYS = 7;

export async function flagOverdueAnswers(
  db: Database,
  day: string,
  explicitDay = false,
): Promise<{ overdue: number; notified: number }> {
  const dayOf = dayResolver(db, day, explicitDay);
  const rows = await db
    .select({ item: redLightItems, unitName: units.name })
    .from(redLightItems)
    .innerJoin(units, eq(units.id, redLightItems.unitId))
    .where(inArray(redLightItems.status, ['open', 'returned']));
  let overdue = 0;
  let notified = 0;
  for (const { item, unitName } of rows) {
    const today = await dayOf(item.tenantId, item.year);
    if (!(today > item.answerDue && item.answerDue >= addDays(today, -ANSWER_OVERDUE_CATCH_UP_DAYS))) continue;
    overdue++;
    notified += await notify(db, {
      tenantId: item.tenantId,
      to: { role: 'office' },
      kind: 'answerOverdue',
      title: `红灯说明逾期未交：${unitName} ${item.title}`,
      body: `应于 ${item.answerDue} 前说明。`,
      link: `/redlights?item=${item.id}`,
      dedupeKey: `redlight-overdue:${item.id}`,
    });
  }
  return { overdue, notified };
}
