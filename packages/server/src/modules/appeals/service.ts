/**
 * Appeals (申诉): within the window after a year's first publication a unit appeals its result (a reason, the
 * indicator concerned if any, what it asks for); the office accepts or rejects with a written answer. An accepted
 * appeal prepares a correction DRAFT (modules/results/corrections.ts; its reason is a sentence naming the unit)
 * listing every unit whose score, rank or tier changes — nothing is republished on acceptance alone. A leader
 * approves the draft and the office publishes it as a new snapshot; the appeal keeps the draft's id and, once
 * published, the snapshot's. Every step is audited.
 */
import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { appeals, units } from '../../db/schema';
import { addDays, shanghaiDay } from '../../lib/day';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { groupIndicatorStats, requirePublished } from '../feedback/service';
import { loadPublished, unitDirectory } from '../feedback/published';
import { notify } from '../notifications/service';
import { getYearSettings } from '../resultsuse/settings';
import { prepareCorrectionFor } from './correction';
import {
  APPEAL_STATUSES,
  type Appeal,
  type AnswerAppeal,
  type AppealListQuery,
  type AppealStatus,
  type AppealWindow,
  type CreateAppeal,
} from './schemas';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/**
 * The appeal window as Asia/Shanghai days: the publication day is day 0 and the last day is day `days`
 * (published 2019-01-20 at any hour, 7 days → appeals up to and including 2019-01-27, Beijing time).
 */
export function appealWindowOf(firstPublishedAt: Date, days: number, now: Date) {
  const opensOn = shanghaiDay(firstPublishedAt);
  const lastDay = addDays(opensOn, days);
  const today = shanghaiDay(now);
  return { opensOn, lastDay, today, open: today >= opensOn && today <= lastDay };
}

export async function getAppealWindow(
  db: Database,
  actor: Actor,
  year: number,
  now: Date = new Date(),
): Promise<AppealWindow> {
  const settings = await getYearSettings(db, actor.tenantId, year);
  const published = await loadPublished(db, actor.tenantId, year);
  if (!published) {
    return {
      year,
      published: false,
      days: settings.appealWindowDays,
      opensOn: null,
      lastDay: null,
      open: false,
      today: shanghaiDay(now),
    };
  }
  const w = appealWindowOf(published.firstPublishedAt, settings.appealWindowDays, now);
  return { year, published: true, days: settings.appealWindowDays, ...w };
}

const asStatus = (v: string): AppealStatus => APPEAL_STATUSES.find((s) => s === v) ?? 'submitted';

type Row = typeof appeals.$inferSelect & { unitCode: string; unitName: string };

function present(row: Row, indicatorNames: Map<string, string>): Appeal {
  return {
    id: row.id,
    year: row.year,
    snapshotId: row.snapshotId,
    unitId: row.unitId,
    unitCode: row.unitCode,
    unitName: row.unitName,
    indicatorId: row.indicatorId,
    indicatorName: row.indicatorId ? (indicatorNames.get(row.indicatorId) ?? row.indicatorId) : null,
    reason: row.reason,
    request: row.request,
    status: asStatus(row.status),
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    correctionSnapshotId: row.correctionSnapshotId,
    correctionId: row.correctionId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Data scope: a unit account sees its own unit's appeals only. */
function scope(actor: Actor): SQL | undefined {
  const tenant = and(eq(appeals.tenantId, actor.tenantId), eq(units.tenantId, actor.tenantId));
  return actor.role === 'unit' ? and(tenant, eq(appeals.unitId, actor.unitId ?? NO_UNIT)) : tenant;
}

/** Indicator names of the years in question (from the published schemes). */
async function indicatorNamesFor(db: Database, tenantId: string, years: Iterable<number>) {
  const names = new Map<string, string>();
  for (const year of new Set(years)) {
    const p = await loadPublished(db, tenantId, year);
    if (!p) continue;
    for (const g of p.scheme.groups) {
      for (const s of groupIndicatorStats(p.results, g.id)) names.set(s.id, s.name);
    }
  }
  return names;
}

const columns = { appeal: appeals, unitCode: units.code, unitName: units.name };

async function selectAppeals(db: Database, where: SQL | undefined) {
  const rows = await db
    .select(columns)
    .from(appeals)
    .innerJoin(units, eq(units.id, appeals.unitId))
    .where(where)
    .orderBy(desc(appeals.createdAt));
  return rows.map((r) => ({ ...r.appeal, unitCode: r.unitCode, unitName: r.unitName }));
}

export async function listAppeals(db: Database, actor: Actor, query: AppealListQuery) {
  const filters: (SQL | undefined)[] = [scope(actor)];
  if (query.year !== undefined) filters.push(eq(appeals.year, query.year));
  if (query.status) filters.push(eq(appeals.status, query.status));
  if (query.unitId) filters.push(eq(appeals.unitId, query.unitId));
  const rows = await selectAppeals(db, and(...filters));
  const names = await indicatorNamesFor(
    db,
    actor.tenantId,
    rows.map((r) => r.year),
  );
  return { items: rows.map((r) => present(r, names)), total: rows.length };
}

export async function getAppeal(db: Database, actor: Actor, id: string): Promise<Appeal> {
  const [row] = await selectAppeals(db, and(scope(actor), eq(appeals.id, id)));
  if (!row) throw notFound('申诉', 'Appeal');
  return present(row, await indicatorNamesFor(db, actor.tenantId, [row.year]));
}

export async function createAppeal(
  db: Database,
  actor: Actor,
  input: CreateAppeal,
  now: Date = new Date(),
): Promise<Appeal> {
  if (actor.role !== 'unit' || !actor.unitId) throw new AppError('FORBIDDEN');
  const unitId = actor.unitId;
  const published = await requirePublished(db, actor.tenantId, input.year);
  const settings = await getYearSettings(db, actor.tenantId, input.year);
  const w = appealWindowOf(published.firstPublishedAt, settings.appealWindowDays, now);
  if (!w.open) throw new AppError('APPEAL_WINDOW_CLOSED', { lastDay: w.lastDay, days: settings.appealWindowDays });
  const dir = await unitDirectory(db, actor.tenantId);
  const unit = dir.byId.get(unitId);
  const result = unit ? published.results.units.find((u) => u.unitId === unit.code) : undefined;
  if (!unit || !result) throw notFound('该单位本年度结果', "This unit's result of the year");
  const indicatorId = input.indicatorId ?? null;
  if (indicatorId !== null) {
    // An indicator the unit is assessed on: of its group, and not another unit's feature indicator (特色指标).
    const stat = groupIndicatorStats(published.results, result.groupId).find((s) => s.id === indicatorId);
    if (!stat?.scores.has(unit.code)) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'indicatorId', message: 'i18n:not_in_scheme' }]);
    }
  }
  return db.transaction(async (tx) => {
    const pending = await tx
      .select({ id: appeals.id })
      .from(appeals)
      .where(
        and(
          eq(appeals.tenantId, actor.tenantId),
          eq(appeals.year, input.year),
          eq(appeals.unitId, unitId),
          eq(appeals.status, 'submitted'),
          indicatorId === null ? isNull(appeals.indicatorId) : eq(appeals.indicatorId, indicatorId),
        ),
      );
    if (pending.length > 0) throw new AppError('APPEAL_DUPLICATE');
    const [row] = await tx
      .insert(appeals)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        snapshotId: published.snapshot.id,
        unitId,
        indicatorId,
        reason: input.reason,
        request: input.request ?? null,
        filedBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: appeals.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getAppeal(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'appeal.file',
      entityType: 'appeal',
      entityId: row.id,
      summary: `${unit.name} 对 ${input.year} 年度考核结果提出申诉${created.indicatorName ? `（${created.indicatorName}）` : ''}`,
      after: created,
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { role: 'office' },
      kind: 'appealFiled',
      title: `${unit.name} 对 ${input.year} 年度考核结果提出申诉${created.indicatorName ? `（${created.indicatorName}）` : ''}`,
      body: input.reason,
      link: `/appeals?year=${input.year}`,
      dedupeKey: `appealFiled:${row.id}`,
    });
    return created;
  });
}

/**
 * The office's answer. Accepting prepares the year's correction draft from the current inputs (the office corrects
 * the data the appeal was about first: a report, a record …, or refreshes the draft after) in the same
 * transaction; the published snapshot stays as it is until a leader approves the draft and the office publishes it.
 */
export async function answerAppeal(
  db: Database,
  actor: Actor,
  id: string,
  input: AnswerAppeal,
  /** When it is answered (and the draft prepared); the routes use the clock, the demo seed its days. */
  now: Date = new Date(),
): Promise<Appeal> {
  return db.transaction(async (tx) => {
    const before = await getAppeal(tx, actor, id);
    if (before.status !== 'submitted') throw new AppError('APPEAL_ALREADY_ANSWERED');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    let correctionId: string | null = null;
    let changes = 0;
    if (input.decision === 'accept') {
      const correction = await prepareCorrectionFor(tx, actor, {
        year: before.year,
        // A sentence for the bulletin and the units; the appeal id stays in the audit entry and the appeal row.
        reason: `采纳${before.unitName}${before.indicatorName ? `关于「${before.indicatorName}」的` : ''}申诉：${input.answer.trim()}`,
        appealId: before.id,
        at: now,
      });
      correctionId = correction.id;
      changes = correction.changes;
    }
    const updated = await tx
      .update(appeals)
      .set({
        status: input.decision === 'accept' ? 'accepted' : 'rejected',
        answer: input.answer,
        answeredBy: actor.userId,
        answeredAt: now,
        correctionId,
        version: input.version + 1,
        updatedAt: now,
      })
      .where(and(eq(appeals.tenantId, actor.tenantId), eq(appeals.id, id), eq(appeals.version, input.version)))
      .returning({ id: appeals.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getAppeal(tx, actor, id);
    const verdict = input.decision === 'accept' ? '采纳' : '不予采纳';
    await recordAudit(tx, actor, {
      action: input.decision === 'accept' ? 'appeal.accept' : 'appeal.reject',
      entityType: 'appeal',
      entityId: id,
      summary: `答复 ${before.unitName} 的 ${before.year} 年度申诉：${verdict}${
        correctionId ? `，已生成更正草稿（${changes} 个单位有变化），待领导审定后发布` : ''
      }`,
      before,
      after,
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { unitId: before.unitId },
      kind: 'appealAnswered',
      title: `${before.year} 年度考核结果申诉已答复：${verdict}`,
      body: input.answer,
      link: `/feedback?year=${before.year}`,
      dedupeKey: `appeal:${id}`,
    });
    return after;
  });
}
