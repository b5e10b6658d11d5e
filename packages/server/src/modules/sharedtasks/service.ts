/**
 * Shared tasks without buck-passing (R33, 不能相互推诿扯皮): an indicator or supervision item carried by several
 * units names a lead unit and each unit's share (shares sum to 1). A score or deduction of the whole task is split
 * by share into one record per unit (engine splitByShare), so the year's computation charges each unit its part.
 * A unit may dispute its assignment; the office rules; the ruling (and any new shares) is recorded and audited.
 */
import { splitByShare, validateShares } from '@yardstick/engine';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sharedTaskDisputes, sharedTasks, supervisionItems, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { createRecord } from '../records/service';
import { loadYearScheme } from '../reports/cells';
import { unitRefs, type UnitRef } from '../units/refs';
import {
  DISPUTE_STATUSES,
  type Apportion,
  type ApportionResult,
  type CreateSharedTask,
  type FileDispute,
  type RuleDispute,
  type SharedTask,
  type SharedTaskList,
  type SharesInput,
  type UpdateSharedTask,
} from './schemas';

type Row = typeof sharedTasks.$inferSelect;
type DisputeRow = typeof sharedTaskDisputes.$inferSelect;

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

async function refNames(db: Database, tenantId: string, rows: Row[]) {
  const names = new Map<string, string>();
  for (const year of new Set(rows.filter((r) => r.kind === 'indicator').map((r) => r.year))) {
    const ys = await loadYearScheme(db, tenantId, year);
    for (const leaf of ys?.leaves.values() ?? []) names.set(`indicator:${year}:${leaf.id}`, leaf.name);
  }
  const itemIds = rows.filter((r) => r.kind === 'supervision').map((r) => r.refId);
  if (itemIds.length > 0) {
    const items = await db
      .select({ id: supervisionItems.id, title: supervisionItems.title, year: supervisionItems.year })
      .from(supervisionItems)
      .where(and(eq(supervisionItems.tenantId, tenantId), inArray(supervisionItems.id, itemIds)));
    for (const i of items) names.set(`supervision:${i.year}:${i.id}`, i.title);
  }
  return names;
}

function present(row: Row, disputes: DisputeRow[], refs: Map<string, UnitRef>, names: Map<string, string>): SharedTask {
  const ref = (id: string) => refs.get(id) ?? { id, code: '?', name: '?' };
  return {
    id: row.id,
    year: row.year,
    kind: row.kind === 'supervision' ? 'supervision' : 'indicator',
    refId: row.refId,
    refName: names.get(`${row.kind}:${row.year}:${row.refId}`) ?? null,
    title: row.title,
    lead: ref(row.leadUnitId),
    shares: row.shares.map((s) => ({ unit: ref(s.unitId), share: s.share, lead: s.unitId === row.leadUnitId })),
    version: row.version,
    disputes: disputes
      .filter((d) => d.taskId === row.id)
      .map((d) => ({
        id: d.id,
        unit: ref(d.unitId),
        reason: d.reason,
        proposal: d.proposal,
        status: DISPUTE_STATUSES.find((s) => s === d.status) ?? 'open',
        ruling: d.ruling,
        ruledAt: d.ruledAt ? d.ruledAt.toISOString() : null,
        createdAt: d.createdAt.toISOString(),
      })),
  };
}

/** A unit sees the tasks it shares; office, assessors and leaders see all. */
async function load(db: Database, actor: Actor, where: { year?: number; id?: string }): Promise<SharedTask[]> {
  const rows = (
    await db
      .select()
      .from(sharedTasks)
      .where(
        and(
          eq(sharedTasks.tenantId, actor.tenantId),
          where.year !== undefined ? eq(sharedTasks.year, where.year) : undefined,
          where.id !== undefined ? eq(sharedTasks.id, where.id) : undefined,
        ),
      )
      .orderBy(asc(sharedTasks.year), asc(sharedTasks.title), asc(sharedTasks.id))
  ).filter((r) => actor.role !== 'unit' || r.shares.some((s) => s.unitId === actor.unitId));
  if (rows.length === 0) return [];
  const disputes = await db
    .select()
    .from(sharedTaskDisputes)
    .where(
      and(
        eq(sharedTaskDisputes.tenantId, actor.tenantId),
        inArray(
          sharedTaskDisputes.taskId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(sharedTaskDisputes.createdAt));
  const refs = await unitRefs(db, actor.tenantId);
  const names = await refNames(db, actor.tenantId, rows);
  return rows.map((r) => present(r, disputes, refs, names));
}

export async function listSharedTasks(db: Database, actor: Actor, year: number): Promise<SharedTaskList> {
  const items = await load(db, actor, { year });
  return { items, openDisputes: items.flatMap((t) => t.disputes).filter((d) => d.status === 'open').length };
}

export async function getSharedTask(db: Database, actor: Actor, id: string): Promise<SharedTask> {
  const [one] = await load(db, actor, { id });
  if (!one) throw notFound('共担任务', 'Shared task');
  return one;
}

/** Shares sum to 1, each in (0, 1], distinct units of this county, the lead among them; else nothing is written. */
async function checkShares(db: Database, actor: Actor, lead: string, shares: SharesInput) {
  const issues = validateShares(shares);
  if (issues.length > 0) {
    const sum = shares.reduce((a, s) => a + s.share, 0);
    const zh = issues
      .map((i) =>
        i.code === 'sum_mismatch'
          ? `各单位份额之和须等于 1（100%），现为 ${pct(sum)}`
          : i.code === 'out_of_bounds'
            ? `每个单位的份额须大于 0 且不超过 1（${i.path}）`
            : i.code === 'duplicate_id'
              ? '同一单位不能重复列出'
              : '共担任务至少要有两个单位',
      )
      .join('；');
    throw new AppError(
      'SHARES_INVALID',
      { zh, en: issues.map((i) => i.message).join('; ') },
      issues.map((i) => ({ path: i.path, message: i.message })),
    );
  }
  if (!shares.some((s) => s.unitId === lead)) {
    throw new AppError(
      'SHARES_INVALID',
      { zh: '牵头单位须是共担单位之一', en: 'the lead unit must be one of the sharing units' },
      [{ path: 'leadUnitId', message: 'lead not among the sharing units' }],
    );
  }
  const ids = shares.map((s) => s.unitId);
  const found = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), inArray(units.id, ids)));
  if (found.length !== new Set(ids).size) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'shares', message: 'i18n:unit_not_found' }]);
  }
}

async function checkRef(db: Database, actor: Actor, year: number, kind: string, refId: string) {
  if (kind === 'indicator') {
    const ys = await loadYearScheme(db, actor.tenantId, year);
    if (!ys?.leaves.has(refId)) throw new AppError('INDICATOR_NOT_IN_SCHEME', { id: refId, year });
    return;
  }
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [item] = uuid.test(refId)
    ? await db
        .select({ id: supervisionItems.id })
        .from(supervisionItems)
        .where(and(eq(supervisionItems.tenantId, actor.tenantId), eq(supervisionItems.id, refId)))
    : [];
  if (!item) throw notFound('督查事项', 'Supervision item');
}

const shareText = (t: SharedTask) =>
  t.shares.map((s) => `${s.unit.name}${s.lead ? '（牵头）' : ''} ${pct(s.share)}`).join('、');

export async function createSharedTask(db: Database, actor: Actor, input: CreateSharedTask): Promise<SharedTask> {
  return db.transaction(async (tx) => {
    await checkShares(tx, actor, input.leadUnitId, input.shares);
    await checkRef(tx, actor, input.year, input.kind, input.refId);
    const [dup] = await tx
      .select({ id: sharedTasks.id })
      .from(sharedTasks)
      .where(
        and(
          eq(sharedTasks.tenantId, actor.tenantId),
          eq(sharedTasks.year, input.year),
          eq(sharedTasks.kind, input.kind),
          eq(sharedTasks.refId, input.refId),
        ),
      );
    if (dup) throw new AppError('CONFLICT', { field: '共担任务', fieldEn: 'Shared task', value: input.refId });
    const [row] = await tx
      .insert(sharedTasks)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        kind: input.kind,
        refId: input.refId,
        title: input.title,
        leadUnitId: input.leadUnitId,
        shares: input.shares,
        createdBy: actor.userId,
      })
      .returning({ id: sharedTasks.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getSharedTask(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'sharedtask.create',
      entityType: 'shared_task',
      entityId: row.id,
      summary: `设定共担任务「${created.title}」：${shareText(created)}`,
      after: created,
    });
    return created;
  });
}

async function applyAssignment(
  tx: Database,
  actor: Actor,
  before: SharedTask,
  version: number,
  set: { title?: string | undefined; leadUnitId?: string | undefined; shares?: SharesInput | undefined },
) {
  const lead = set.leadUnitId ?? before.lead.id;
  const shares = set.shares ?? before.shares.map((s) => ({ unitId: s.unit.id, share: s.share }));
  await checkShares(tx, actor, lead, shares);
  const updated = await tx
    .update(sharedTasks)
    .set({
      ...(set.title !== undefined ? { title: set.title } : {}),
      leadUnitId: lead,
      shares,
      version: version + 1,
      updatedAt: new Date(),
    })
    .where(
      and(eq(sharedTasks.tenantId, actor.tenantId), eq(sharedTasks.id, before.id), eq(sharedTasks.version, version)),
    )
    .returning({ id: sharedTasks.id });
  if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
}

export async function updateSharedTask(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateSharedTask,
): Promise<SharedTask> {
  return db.transaction(async (tx) => {
    const before = await getSharedTask(tx, actor, id);
    await applyAssignment(tx, actor, before, input.version, input);
    const after = await getSharedTask(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'sharedtask.update',
      entityType: 'shared_task',
      entityId: id,
      summary: `修改共担任务「${after.title}」：${shareText(before)} → ${shareText(after)}`,
      before,
      after,
    });
    return after;
  });
}

/** A sharing unit disputes its assignment (lead or share). */
export async function fileDispute(db: Database, actor: Actor, id: string, input: FileDispute): Promise<SharedTask> {
  if (actor.role !== 'unit' || !actor.unitId) throw new AppError('FORBIDDEN');
  const unitId = actor.unitId;
  return db.transaction(async (tx) => {
    const task = await getSharedTask(tx, actor, id);
    if (task.disputes.some((d) => d.unit.id === unitId && d.status === 'open')) {
      throw new AppError('CONFLICT', { field: '异议', fieldEn: 'Dispute', value: task.title });
    }
    const [row] = await tx
      .insert(sharedTaskDisputes)
      .values({
        tenantId: actor.tenantId,
        taskId: id,
        unitId,
        reason: input.reason,
        proposal: input.proposal ?? null,
        filedBy: actor.userId,
      })
      .returning({ id: sharedTaskDisputes.id });
    await recordAudit(tx, actor, {
      action: 'sharedtask.dispute',
      entityType: 'shared_task_dispute',
      ...(row ? { entityId: row.id } : {}),
      summary: `${actor.unitName ?? ''}对共担任务「${task.title}」的分工提出异议：${input.reason}`,
      after: input,
    });
    return getSharedTask(tx, actor, id);
  });
}

/** The office rules on a dispute; an upheld dispute may carry the new lead and shares, applied in the same step. */
export async function ruleDispute(db: Database, actor: Actor, disputeId: string, input: RuleDispute) {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(sharedTaskDisputes)
      .where(and(eq(sharedTaskDisputes.tenantId, actor.tenantId), eq(sharedTaskDisputes.id, disputeId)));
    if (!d) throw notFound('异议', 'Dispute');
    if (d.status !== 'open') throw new AppError('DISPUTE_STATE');
    const before = await getSharedTask(tx, actor, d.taskId);
    const reassign = input.decision === 'upheld' && (input.shares !== undefined || input.leadUnitId !== undefined);
    if (input.decision === 'dismissed' && (input.shares !== undefined || input.leadUnitId !== undefined)) {
      throw new AppError('VALIDATION_FAILED', {}, [
        {
          path: 'shares',
          message: '',
          messages: {
            'zh-CN': '驳回异议时不能同时修改分工；如需调整，请维持异议',
            en: 'A dismissed dispute cannot change the assignment',
          },
        },
      ]);
    }
    if (reassign) {
      await applyAssignment(tx, actor, before, before.version, { leadUnitId: input.leadUnitId, shares: input.shares });
    }
    await tx
      .update(sharedTaskDisputes)
      .set({ status: input.decision, ruling: input.ruling, ruledBy: actor.userId, ruledAt: new Date() })
      .where(eq(sharedTaskDisputes.id, disputeId));
    const after = await getSharedTask(tx, actor, d.taskId);
    await recordAudit(tx, actor, {
      action: 'sharedtask.ruling',
      entityType: 'shared_task_dispute',
      entityId: disputeId,
      summary: `裁定共担任务「${after.title}」的分工异议：${input.decision === 'upheld' ? '异议成立' : '驳回异议'}。${input.ruling}${
        reassign ? `；分工调整为 ${shareText(after)}` : ''
      }`,
      before,
      after,
    });
    return after;
  });
}

/**
 * A score or deduction of the whole task, split by share (largest remainder in hundredths, docs/scoring.md §4a)
 * into one record per sharing unit; the records then count in the year's computation like any other.
 */
export async function apportion(db: Database, actor: Actor, id: string, input: Apportion): Promise<ApportionResult> {
  return db.transaction(async (tx) => {
    const task = await getSharedTask(tx, actor, id);
    const parts = splitByShare(
      input.amount,
      task.shares.map((s) => ({ unitId: s.unit.id, share: s.share })),
    );
    const out: ApportionResult['parts'] = [];
    for (const [i, p] of parts.entries()) {
      const s = task.shares[i];
      if (!s || p.amount === 0) continue;
      const rec = await createRecord(tx, actor, {
        year: task.year,
        unitId: p.unitId,
        kind: input.kind,
        title: `${input.title}（共担任务「${task.title}」${input.amount} 分按份额 ${pct(s.share)} 分摊）`,
        ruleId: input.ruleId,
        amount: p.amount,
        issuedOn: input.issuedOn ?? null,
        documentNo: input.documentNo ?? null,
        note: `shared-task:${task.id}`,
      });
      out.push({ unit: s.unit, share: s.share, amount: p.amount, recordId: rec.id });
    }
    await recordAudit(tx, actor, {
      action: 'sharedtask.apportion',
      entityType: 'shared_task',
      entityId: id,
      summary: `共担任务「${task.title}」${input.kind === 'bonus' ? '加分' : '扣分'} ${input.amount} 分按份额分摊：${out
        .map((p) => `${p.unit.name} ${p.amount}`)
        .join('、')}`,
      after: { input, parts: out.map((p) => ({ unitId: p.unit.id, amount: p.amount, recordId: p.recordId })) },
    });
    return { taskId: id, amount: input.amount, parts: out };
  });
}
