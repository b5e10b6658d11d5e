/**
 * 整改台账 (R27): findings from a published year become rectification items (the office reviews the generated
 * list and confirms it), each with measures, a deadline, the unit's progress reports and the office's verified
 * closure (or return). Overdue items are flagged against the Asia/Shanghai day. Audited, versioned.
 */
import { and, asc, desc, eq, lt, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rectificationProgress, rectifications, unitGroups, units } from '../../db/schema';
import { addDays, shanghaiDay } from '../../lib/day';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { requirePublished } from '../feedback/service';
import { notify } from '../notifications/service';
import { RECTIFICATION_DEFAULT_DAYS } from '../resultsuse/config';
import { findingKey, findingsOf } from './findings';
import {
  RECTIFICATION_SOURCES,
  RECTIFICATION_STATUSES,
  type Finding,
  type CreateRectification,
  type GenerateRectifications,
  type Rectification,
  type RectificationDetail,
  type RectificationListQuery,
  type ReportProgress,
  type UpdateRectification,
  type VerifyRectification,
} from './schemas';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export const STATUS_NAMES: Record<(typeof RECTIFICATION_STATUSES)[number], string> = {
  open: '待整改',
  inProgress: '整改中',
  submitted: '待核验',
  closed: '已销号',
};

type Row = typeof rectifications.$inferSelect & { unitCode: string; unitName: string };

function present(row: Row, today: string): Rectification {
  const status = RECTIFICATION_STATUSES.find((s) => s === row.status) ?? 'open';
  return {
    id: row.id,
    year: row.year,
    unitId: row.unitId,
    unitCode: row.unitCode,
    unitName: row.unitName,
    source: RECTIFICATION_SOURCES.find((s) => s === row.source) ?? 'other',
    sourceRef: row.sourceRef,
    finding: row.finding,
    measures: row.measures,
    deadline: row.deadline,
    progress: row.progress,
    progressNote: row.progressNote,
    status,
    overdue: status !== 'closed' && row.deadline < today,
    verifyNote: row.verifyNote,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function scope(actor: Actor): SQL | undefined {
  const tenant = and(eq(rectifications.tenantId, actor.tenantId), eq(units.tenantId, actor.tenantId));
  return actor.role === 'unit' ? and(tenant, eq(rectifications.unitId, actor.unitId ?? NO_UNIT)) : tenant;
}

const columns = { item: rectifications, unitCode: units.code, unitName: units.name };

export async function listRectifications(
  db: Database,
  actor: Actor,
  query: RectificationListQuery,
  now: Date = new Date(),
) {
  const today = shanghaiDay(now);
  const filters: (SQL | undefined)[] = [scope(actor)];
  if (query.year !== undefined) filters.push(eq(rectifications.year, query.year));
  if (query.unitId) filters.push(eq(rectifications.unitId, query.unitId));
  const base = and(...filters);
  const list: (SQL | undefined)[] = [base];
  if (query.status) list.push(eq(rectifications.status, query.status));
  if (query.overdue === true) list.push(lt(rectifications.deadline, today), ne(rectifications.status, 'closed'));
  const rows = await db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(and(...list))
    .orderBy(
      desc(rectifications.year),
      asc(unitGroups.sortOrder),
      asc(units.sortOrder),
      asc(units.code),
      asc(rectifications.source),
      asc(rectifications.createdAt),
    );
  const all = await db
    .select({ status: rectifications.status, deadline: rectifications.deadline })
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(base);
  const counts: Record<string, number> = { open: 0, inProgress: 0, submitted: 0, closed: 0, overdue: 0 };
  for (const r of all) {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    if (r.status !== 'closed' && r.deadline < today) counts.overdue = (counts.overdue ?? 0) + 1;
  }
  return {
    items: rows.map((r) => present({ ...r.item, unitCode: r.unitCode, unitName: r.unitName }, today)),
    total: rows.length,
    counts,
  };
}

export async function getRectification(
  db: Database,
  actor: Actor,
  id: string,
  now: Date = new Date(),
): Promise<RectificationDetail> {
  const [row] = await db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(and(scope(actor), eq(rectifications.id, id)));
  if (!row) throw notFound('整改事项', 'Rectification item');
  const history = await db
    .select()
    .from(rectificationProgress)
    .where(and(eq(rectificationProgress.tenantId, actor.tenantId), eq(rectificationProgress.rectificationId, id)))
    .orderBy(asc(rectificationProgress.createdAt), asc(rectificationProgress.id));
  return {
    ...present({ ...row.item, unitCode: row.unitCode, unitName: row.unitName }, shanghaiDay(now)),
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind,
      progress: h.progress,
      note: h.note,
      createdAt: h.createdAt.toISOString(),
    })),
  };
}

/** The findings of a published year, each marked when the ledger already holds it. */
export async function previewFindings(db: Database, actor: Actor, year: number) {
  const published = await requirePublished(db, actor.tenantId, year);
  const raw = await findingsOf(db, actor.tenantId, published);
  const existing = await db
    .select({ unitId: rectifications.unitId, source: rectifications.source, sourceRef: rectifications.sourceRef })
    .from(rectifications)
    .where(and(eq(rectifications.tenantId, actor.tenantId), eq(rectifications.year, year)));
  const have = new Set(existing.map((e) => findingKey(e.unitId, e.source, e.sourceRef ?? '')));
  const items: Finding[] = raw.map((f) => ({ ...f, exists: have.has(f.key) }));
  const defaultDeadline = addDays(shanghaiDay(published.firstPublishedAt), RECTIFICATION_DEFAULT_DAYS);
  return { year, defaultDeadline, items };
}

/**
 * Creates the confirmed findings as items. Findings are recomputed here (the client sends only keys); those
 * already in the ledger are skipped, so a second generation adds nothing twice.
 */
export async function generateRectifications(
  db: Database,
  actor: Actor,
  input: GenerateRectifications,
  /** When the items are created (default now; the demo seed passes its day — the routes never do). */
  now: Date = new Date(),
) {
  const preview = await previewFindings(db, actor, input.year);
  const wanted = new Set(input.keys);
  const unknown = input.keys.filter((k) => !preview.items.some((f) => f.key === k));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'keys', message: 'i18n:unknown_finding' }]);
  }
  const chosen = preview.items.filter((f) => wanted.has(f.key));
  const fresh = chosen.filter((f) => !f.exists);
  return db.transaction(async (tx) => {
    // Re-check inside the transaction: two offices confirming at once must not both insert.
    const existing = await tx
      .select({ unitId: rectifications.unitId, source: rectifications.source, sourceRef: rectifications.sourceRef })
      .from(rectifications)
      .where(and(eq(rectifications.tenantId, actor.tenantId), eq(rectifications.year, input.year)));
    const have = new Set(existing.map((e) => findingKey(e.unitId, e.source, e.sourceRef ?? '')));
    const rows = fresh.filter((f) => !have.has(f.key));
    if (rows.length > 0) {
      await tx.insert(rectifications).values(
        rows.map((f) => ({
          tenantId: actor.tenantId,
          year: input.year,
          unitId: f.unitId,
          source: f.source,
          sourceRef: f.sourceRef,
          finding: f.finding,
          deadline: input.deadline,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })),
      );
      for (const unitId of new Set(rows.map((r) => r.unitId))) {
        const n = rows.filter((r) => r.unitId === unitId).length;
        await notify(tx, {
          tenantId: actor.tenantId,
          to: { unitId },
          kind: 'rectificationDue',
          title: `${input.year} 年度考核反馈 ${n} 项整改事项，请于 ${input.deadline} 前完成`,
          link: '/rectification',
        });
      }
    }
    await recordAudit(tx, actor, {
      action: 'rectification.generate',
      entityType: 'rectification',
      entityId: `${input.year}`,
      summary: `由 ${input.year} 年度考核结果生成整改事项 ${rows.length} 项（已存在跳过 ${chosen.length - rows.length} 项），整改期限 ${input.deadline}`,
      after: { created: rows.map((r) => r.key), deadline: input.deadline },
    });
    return { created: rows.length, skipped: chosen.length - rows.length };
  });
}

/** The office records an item by hand (source 'other') for a unit of the county. */
export async function createRectification(
  db: Database,
  actor: Actor,
  input: CreateRectification,
  now: Date = new Date(),
): Promise<RectificationDetail> {
  return db.transaction(async (tx) => {
    const [unit] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, input.unitId)));
    if (!unit) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_not_found' }]);
    const [row] = await tx
      .insert(rectifications)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        unitId: input.unitId,
        source: 'other',
        finding: input.finding,
        measures: input.measures ?? null,
        deadline: input.deadline,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: rectifications.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getRectification(tx, actor, row.id);
    const { history: _h, ...after } = created;
    await recordAudit(tx, actor, {
      action: 'rectification.create',
      entityType: 'rectification',
      entityId: row.id,
      summary: `${created.unitName} ${input.year} 年度整改事项：新增（${input.finding.slice(0, 40)}）`,
      after,
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { unitId: input.unitId },
      kind: 'rectificationDue',
      title: `${input.year} 年度考核反馈整改事项 1 项，请于 ${input.deadline} 前完成`,
      link: '/rectification',
    });
    return created;
  });
}

async function change(
  db: Database,
  actor: Actor,
  id: string,
  version: number,
  now: Date,
  apply: (before: RectificationDetail) => {
    set: Partial<typeof rectifications.$inferInsert>;
    log?: { kind: string; progress: number | null; note: string };
    action: string;
    summary: string;
  },
): Promise<RectificationDetail> {
  return db.transaction(async (tx) => {
    const before = await getRectification(tx, actor, id);
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    const { set, log, action, summary } = apply(before);
    const updated = await tx
      .update(rectifications)
      .set({ ...set, version: version + 1, updatedAt: now })
      .where(
        and(
          eq(rectifications.tenantId, actor.tenantId),
          eq(rectifications.id, id),
          eq(rectifications.version, version),
        ),
      )
      .returning({ id: rectifications.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    if (log) {
      await tx.insert(rectificationProgress).values({
        tenantId: actor.tenantId,
        rectificationId: id,
        kind: log.kind,
        progress: log.progress,
        note: log.note,
        by: actor.userId,
        createdAt: now,
      });
    }
    const after = await getRectification(tx, actor, id);
    const { history: _h1, ...b } = before;
    const { history: _h2, ...a } = after;
    await recordAudit(tx, actor, {
      action,
      entityType: 'rectification',
      entityId: id,
      summary: `${before.unitName} ${before.year} 年度整改事项：${summary}`,
      before: b,
      after: a,
    });
    return after;
  });
}

/** The office edits the finding, measures or deadline of an item not yet closed. */
export function updateRectification(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateRectification,
  now: Date = new Date(),
) {
  return change(db, actor, id, input.version, now, (before) => {
    if (before.status === 'closed') throw new AppError('RECTIFICATION_STATE', { status: STATUS_NAMES.closed });
    const set: Partial<typeof rectifications.$inferInsert> = {};
    if (input.finding !== undefined) set.finding = input.finding;
    if (input.measures !== undefined) set.measures = input.measures;
    if (input.deadline !== undefined) set.deadline = input.deadline;
    return {
      set,
      action: 'rectification.update',
      summary: `修改${input.deadline ? `（期限 ${input.deadline}）` : ''}`,
    };
  });
}

/** The unit reports progress (and its measures); `submit` hands the item to the office for verification. */
export function reportProgress(db: Database, actor: Actor, id: string, input: ReportProgress, now: Date = new Date()) {
  return change(db, actor, id, input.version, now, (before) => {
    if (actor.role !== 'unit' || before.unitId !== actor.unitId) throw new AppError('FORBIDDEN');
    if (before.status === 'closed' || before.status === 'submitted') {
      throw new AppError('RECTIFICATION_STATE', { status: STATUS_NAMES[before.status] });
    }
    const measures = input.measures ?? before.measures;
    if (input.submit && !measures) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'measures', message: 'i18n:required' }]);
    }
    return {
      set: {
        progress: input.submit ? 100 : input.progress,
        progressNote: input.note,
        measures,
        status: input.submit ? 'submitted' : 'inProgress',
      },
      log: {
        kind: input.submit ? 'submitted' : 'progress',
        progress: input.submit ? 100 : input.progress,
        note: input.note,
      },
      action: input.submit ? 'rectification.submit' : 'rectification.progress',
      summary: input.submit ? '报送整改完成，申请销号' : `报送进展 ${input.progress}%`,
    };
  });
}

/** The office verifies a submitted item: closes it (销号) or returns it with a note. */
export function verifyRectification(
  db: Database,
  actor: Actor,
  id: string,
  input: VerifyRectification,
  now: Date = new Date(),
) {
  return change(db, actor, id, input.version, now, (before) => {
    if (before.status !== 'submitted')
      throw new AppError('RECTIFICATION_STATE', { status: STATUS_NAMES[before.status] });
    const close = input.decision === 'close';
    return {
      set: close
        ? { status: 'closed', verifiedBy: actor.userId, verifiedAt: now, verifyNote: input.note }
        : { status: 'inProgress', verifyNote: input.note },
      log: { kind: close ? 'verified' : 'returned', progress: null, note: input.note },
      action: close ? 'rectification.close' : 'rectification.return',
      summary: close ? '核验通过，销号' : '核验未通过，退回继续整改',
    };
  });
}
