import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { supervisionItems, supervisionProgress, units, users } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { yearToday } from '../lights/clock';
import { containing } from '../../lib/like';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { notify } from '../notifications/service';
import { loadYearScheme, requireSchemeLeaf } from '../reports/cells';
import { leadsOrTakesPart, NO_UNIT, unitRefs, type UnitRef } from '../units/refs';
import {
  SUPERVISION_KIND_NAMES,
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
  type CreateProgress,
  type CreateSupervision,
  type SupervisionDetail,
  type SupervisionItem,
  type SupervisionKind,
  type SupervisionListQuery,
  type SupervisionStatus,
  type UpdateSupervision,
} from './schemas';

type Row = typeof supervisionItems.$inferSelect;

const asKind = (v: string): SupervisionKind => SUPERVISION_KINDS.find((k) => k === v) ?? 'other';
const asStatus = (v: string): SupervisionStatus => SUPERVISION_STATUSES.find((s) => s === v) ?? 'ongoing';

/**
 * Data scope: office and leaders see the county's items; a unit sees the items it owns and those it co-operates
 * on (co_unit_ids contains its id); nobody else has supervision:read.
 */
function scope(actor: Actor): SQL | undefined {
  const tenant = eq(supervisionItems.tenantId, actor.tenantId);
  if (actor.role !== 'unit') return tenant;
  return and(tenant, ownsOrCoOperates(actor.unitId ?? NO_UNIT));
}

const ownsOrCoOperates = (unitId: string) =>
  leadsOrTakesPart(supervisionItems.ownerUnitId, supervisionItems.coUnitIds, unitId);

/** Indicator names of the years' published schemes (null when the year has none). */
async function indicatorNames(db: Database, tenantId: string, years: number[]) {
  const out = new Map<string, string>();
  for (const y of [...new Set(years)]) {
    const ys = await loadYearScheme(db, tenantId, y);
    for (const leaf of ys?.leaves.values() ?? []) out.set(`${y}|${leaf.id}`, leaf.name);
  }
  return out;
}

const unknownUnit = (id: string): UnitRef => ({ id, code: '?', name: '?' });

function present(actor: Actor, row: Row, unitsById: Map<string, UnitRef>, names: Map<string, string>): SupervisionItem {
  const status = asStatus(row.status);
  return {
    id: row.id,
    year: row.year,
    kind: asKind(row.kind),
    title: row.title,
    source: row.source,
    leader: row.leader,
    content: row.content,
    owner: unitsById.get(row.ownerUnitId) ?? unknownUnit(row.ownerUnitId),
    coUnits: row.coUnitIds.map((id) => unitsById.get(id) ?? unknownUnit(id)),
    deadline: row.deadline,
    status,
    progress: row.progress,
    indicatorId: row.indicatorId,
    indicatorName: row.indicatorId ? (names.get(`${row.year}|${row.indicatorId}`) ?? null) : null,
    canReport:
      actor.role === 'unit' && actor.unitId === row.ownerUnitId && (status === 'ongoing' || status === 'overdue'),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listSupervision(db: Database, actor: Actor, query: SupervisionListQuery) {
  const base: (SQL | undefined)[] = [scope(actor)];
  if (query.year !== undefined) base.push(eq(supervisionItems.year, query.year));
  if (query.kind) base.push(eq(supervisionItems.kind, query.kind));
  if (query.unitId) base.push(ownsOrCoOperates(query.unitId));
  if (query.q) {
    const like = containing(query.q);
    base.push(
      or(
        ilike(supervisionItems.title, like),
        ilike(supervisionItems.source, like),
        ilike(supervisionItems.leader, like),
      ),
    );
  }
  const where = and(...base, query.status ? eq(supervisionItems.status, query.status) : undefined);
  const [rows, totals, byStatus, unitsById] = await Promise.all([
    db
      .select()
      .from(supervisionItems)
      .where(where)
      .orderBy(asc(supervisionItems.deadline), asc(supervisionItems.title), asc(supervisionItems.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(supervisionItems).where(where),
    db
      .select({ status: supervisionItems.status, n: count() })
      .from(supervisionItems)
      .where(and(...base))
      .groupBy(supervisionItems.status),
    unitRefs(db, actor.tenantId),
  ]);
  const names = await indicatorNames(
    db,
    actor.tenantId,
    rows.filter((r) => r.indicatorId).map((r) => r.year),
  );
  const counts = { ongoing: 0, done: 0, overdue: 0, cancelled: 0 };
  for (const s of byStatus) counts[asStatus(s.status)] += s.n;
  return { items: rows.map((r) => present(actor, r, unitsById, names)), total: totals[0]?.n ?? 0, counts };
}

async function findRow(db: Database, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(supervisionItems)
    .where(and(scope(actor), eq(supervisionItems.id, id)));
  if (!row) throw notFound('督查事项', 'Supervision item');
  return row;
}

export async function getSupervision(db: Database, actor: Actor, id: string): Promise<SupervisionDetail> {
  const row = await findRow(db, actor, id);
  const [unitsById, names, reports] = await Promise.all([
    unitRefs(db, actor.tenantId),
    indicatorNames(db, actor.tenantId, row.indicatorId ? [row.year] : []),
    db
      .select({ p: supervisionProgress, by: users.displayName })
      .from(supervisionProgress)
      .leftJoin(users, eq(users.id, supervisionProgress.reportedBy))
      .where(and(eq(supervisionProgress.tenantId, actor.tenantId), eq(supervisionProgress.itemId, id)))
      .orderBy(desc(supervisionProgress.createdAt), desc(supervisionProgress.id)),
  ]);
  return {
    ...present(actor, row, unitsById, names),
    reports: reports.map(({ p, by }) => ({
      id: p.id,
      unit: unitsById.get(p.unitId) ?? unknownUnit(p.unitId),
      progress: p.progress,
      note: p.note,
      reportedBy: by,
      createdAt: p.createdAt.toISOString(),
    })),
  };
}

/** Owner and co-operating units are the county's; the owner is not also a co-operating unit. */
async function checkUnits(db: Database, actor: Actor, ownerUnitId: string, coUnitIds: string[]) {
  const ids = [...new Set([ownerUnitId, ...coUnitIds])];
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), inArray(units.id, ids)));
  const found = new Set(rows.map((r) => r.id));
  const details = [];
  if (!found.has(ownerUnitId)) details.push({ path: 'ownerUnitId', message: 'i18n:unit_not_found' });
  coUnitIds.forEach((id, i) => {
    if (!found.has(id)) details.push({ path: `coUnitIds[${i}]`, message: 'i18n:unit_not_found' });
  });
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', {}, details);
  return [...new Set(coUnitIds)].filter((id) => id !== ownerUnitId);
}

const describe = (d: Pick<SupervisionItem, 'year' | 'kind' | 'title' | 'owner'>) =>
  `${d.year} 年${SUPERVISION_KIND_NAMES[d.kind]['zh-CN']}「${d.title}」（牵头：${d.owner.name}）`;

export async function createSupervision(
  db: Database,
  actor: Actor,
  input: CreateSupervision,
): Promise<SupervisionDetail> {
  return db.transaction(async (tx) => {
    const coUnitIds = await checkUnits(tx, actor, input.ownerUnitId, input.coUnitIds ?? []);
    // A linked indicator's value flows into that cell (R20).
    await requireSchemeLeaf(tx, actor.tenantId, input.year, input.indicatorId);
    const [row] = await tx
      .insert(supervisionItems)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        kind: input.kind,
        title: input.title,
        source: input.source ?? null,
        leader: input.leader ?? null,
        content: input.content ?? null,
        ownerUnitId: input.ownerUnitId,
        coUnitIds,
        deadline: input.deadline,
        indicatorId: input.indicatorId ?? null,
        status: input.deadline < (await yearToday(tx, actor.tenantId, input.year)) ? 'overdue' : 'ongoing',
        createdBy: actor.userId,
      })
      .returning({ id: supervisionItems.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getSupervision(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'supervision.create',
      entityType: 'supervision_item',
      entityId: row.id,
      summary: `新增督查事项：${describe(created)}`,
      after: created,
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { unitId: input.ownerUnitId },
      kind: 'supervisionDue',
      title: `新的督查事项：${input.title}（${input.deadline} 前办结）`,
      link: `/supervision/${row.id}`,
      dedupeKey: `supervision:new:${row.id}`,
    });
    for (const co of coUnitIds) {
      await notify(tx, {
        tenantId: actor.tenantId,
        to: { unitId: co },
        kind: 'supervisionDue',
        title: `请配合办理督查事项：${input.title}`,
        link: `/supervision/${row.id}`,
        dedupeKey: `supervision:co:${row.id}`,
      });
    }
    return created;
  });
}

export async function updateSupervision(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateSupervision,
): Promise<SupervisionDetail> {
  return db.transaction(async (tx) => {
    const row = await findRow(tx, actor, id);
    const before = await getSupervision(tx, actor, id);
    const { version, coUnitIds, ...changes } = input;
    const owner = changes.ownerUnitId ?? row.ownerUnitId;
    const cos = await checkUnits(tx, actor, owner, coUnitIds ?? row.coUnitIds);
    if (changes.indicatorId !== undefined) await requireSchemeLeaf(tx, actor.tenantId, row.year, changes.indicatorId);
    const set: Partial<typeof supervisionItems.$inferInsert> = { ...changes, coUnitIds: cos };
    if (changes.status === 'done') set.progress = 100;
    const updated = await tx
      .update(supervisionItems)
      .set({ ...set, version: version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(supervisionItems.tenantId, actor.tenantId),
          eq(supervisionItems.id, id),
          eq(supervisionItems.version, version),
        ),
      )
      .returning({ id: supervisionItems.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getSupervision(tx, actor, id);
    const { reports: _b, ...b } = before;
    const { reports: _a, ...a } = after;
    await recordAudit(tx, actor, {
      action: 'supervision.update',
      entityType: 'supervision_item',
      entityId: id,
      summary: `修改督查事项：${describe(after)}${before.status !== after.status ? `，状态 ${before.status} → ${after.status}` : ''}`,
      before: b,
      after: a,
    });
    return after;
  });
}

/**
 * The owner unit reports progress (append-only timeline). 100 % marks the item done; the office can reopen it.
 * Co-operating units see the item but report through the owner.
 */
export async function reportProgress(
  db: Database,
  actor: Actor,
  id: string,
  input: CreateProgress,
): Promise<SupervisionDetail> {
  return db.transaction(async (tx) => {
    const row = await findRow(tx, actor, id);
    if (actor.role !== 'unit' || actor.unitId !== row.ownerUnitId) throw new AppError('SUPERVISION_NOT_OWNER');
    if (row.status === 'done' || row.status === 'cancelled') throw new AppError('SUPERVISION_CLOSED');
    const [p] = await tx
      .insert(supervisionProgress)
      .values({
        tenantId: actor.tenantId,
        itemId: id,
        unitId: row.ownerUnitId,
        progress: input.progress,
        note: input.note,
        reportedBy: actor.userId,
      })
      .returning({ id: supervisionProgress.id });
    const status = input.progress >= 100 ? 'done' : row.status;
    await tx
      .update(supervisionItems)
      .set({ progress: input.progress, status, version: row.version + 1, updatedAt: new Date() })
      .where(eq(supervisionItems.id, id));
    await recordAudit(tx, actor, {
      action: 'supervision.progress',
      entityType: 'supervision_item',
      entityId: id,
      summary: `报送督查事项进展：「${row.title}」${row.progress}% → ${input.progress}%${status === 'done' ? '（办结）' : ''}`,
      before: { progress: row.progress, status: row.status },
      after: { progress: input.progress, status, note: input.note, reportId: p?.id },
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { role: 'office' },
      kind: 'supervisionProgress',
      title: `${actor.unitName ?? ''}报送督查事项进展：${row.title}（${input.progress}%）`,
      link: `/supervision/${id}`,
      dedupeKey: `supervision:progress:${p?.id ?? ''}`,
    });
    return getSupervision(tx, actor, id);
  });
}
