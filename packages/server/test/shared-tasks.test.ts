import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sharedTaskDisputes, sharedTasks, unitRecords } from '../src/db/schema';
import { publishRecordsScheme } from './records-fixture';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
let u: TestContext['county']['units'];

beforeAll(async () => {
  ctx = await createTestContext();
  u = ctx.county.units;
  await publishRecordsScheme(ctx.handle.db, ctx.county.tenantId, 2019);
});
afterAll(() => ctx.close());

const tasks = async () => ctx.handle.db.select().from(sharedTasks).where(eq(sharedTasks.tenantId, ctx.county.tenantId));

const create = (payload: Record<string, unknown>) =>
  ctx.injectAs('office', { method: 'POST', url: '/api/shared-tasks', payload });

describe('shared tasks without buck-passing (R33)', () => {
  let taskId: string;

  it('refuses shares that do not sum to 1 and a lead outside the sharing units, in Chinese, writing nothing', async () => {
    const base = { year: 2019, kind: 'indicator', refId: 'i1', title: '河长制工作（三单位共担）' };
    const sum = await create({
      ...base,
      leadUnitId: u.town1,
      shares: [
        { unitId: u.town1, share: 0.5 },
        { unitId: u.town2, share: 0.4 },
      ],
    });
    expect(sum.statusCode).toBe(400);
    expect(sum.json().error.code).toBe('SHARES_INVALID');
    expect(sum.json().error.message).toContain('各单位份额之和须等于 1（100%），现为 90%');
    const lead = await create({
      ...base,
      leadUnitId: u.dept2,
      shares: [
        { unitId: u.town1, share: 0.5 },
        { unitId: u.town2, share: 0.5 },
      ],
    });
    expect(lead.statusCode).toBe(400);
    expect(lead.json().error.message).toContain('牵头单位须是共担单位之一');
    const unknown = await create({
      ...base,
      refId: 'no-such',
      leadUnitId: u.town1,
      shares: [
        { unitId: u.town1, share: 0.5 },
        { unitId: u.town2, share: 0.5 },
      ],
    });
    expect(unknown.statusCode).toBe(400);
    expect(await tasks()).toHaveLength(0);
  });

  it('the office names a lead and the shares', async () => {
    const res = await create({
      year: 2019,
      kind: 'indicator',
      refId: 'i1',
      title: '河长制工作（三单位共担）',
      leadUnitId: u.town1,
      shares: [
        { unitId: u.town1, share: 0.5 },
        { unitId: u.town2, share: 0.3 },
        { unitId: u.dept1, share: 0.2 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ refName: '河长制工作', lead: { id: u.town1 } });
    taskId = res.json().id;
  });

  it('a sharing unit disputes its assignment; the office rules; the ruling changes the shares and is audited', async () => {
    const seen = await ctx.injectAs('unit', { method: 'GET', url: '/api/shared-tasks?year=2019' });
    expect(seen.json().items.map((t: { id: string }) => t.id)).toEqual([taskId]);
    const filed = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/shared-tasks/${taskId}/disputes`,
      payload: { reason: '河道保洁已由二号乡负责，本乡份额过高', proposal: '一号乡 40%、二号乡 40%' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const disputeId = filed.json().disputes[0].id as string;

    // A ruling with bad shares writes nothing: the dispute stays open, the shares unchanged.
    const bad = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/shared-task-disputes/${disputeId}/ruling`,
      payload: {
        decision: 'upheld',
        ruling: '调整份额',
        shares: [
          { unitId: u.town1, share: 0.4 },
          { unitId: u.town2, share: 0.4 },
          { unitId: u.dept1, share: 0.3 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    const [d0] = await ctx.handle.db.select().from(sharedTaskDisputes).where(eq(sharedTaskDisputes.id, disputeId));
    expect(d0?.status).toBe('open');

    const ruled = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/shared-task-disputes/${disputeId}/ruling`,
      payload: {
        decision: 'upheld',
        ruling: '经核实，河道保洁由二号乡负责，份额调整为 40%、40%、20%',
        shares: [
          { unitId: u.town1, share: 0.4 },
          { unitId: u.town2, share: 0.4 },
          { unitId: u.dept1, share: 0.2 },
        ],
      },
    });
    expect(ruled.statusCode, ruled.body).toBe(200);
    expect(ruled.json().shares.map((s: { share: number }) => s.share)).toEqual([0.4, 0.4, 0.2]);
    expect(ruled.json().disputes[0]).toMatchObject({ status: 'upheld' });
    const again = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/shared-task-disputes/${disputeId}/ruling`,
      payload: { decision: 'dismissed', ruling: '再裁' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISPUTE_STATE');
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'sharedtask.ruling')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain('异议成立');
  });

  it('a deduction of the whole task is split by share into one record per unit, conserving the total', async () => {
    // 2.5 points: 250 hundredths × 0.4 = 100, × 0.4 = 100, × 0.2 = 50 → 1.00, 1.00, 0.50.
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/shared-tasks/${taskId}/apportion`,
      payload: { ruleId: 'city-red', title: '河长制市考节点被亮红灯', amount: 2.5, issuedOn: '2019-07-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().parts.map((p: { amount: number }) => p.amount)).toEqual([1, 1, 0.5]);
    const recs = await ctx.handle.db
      .select()
      .from(unitRecords)
      .where(and(eq(unitRecords.tenantId, ctx.county.tenantId), like(unitRecords.note, `shared-task:${taskId}`)));
    expect(recs.map((r) => r.amount).sort()).toEqual([0.5, 1, 1]);
    expect(recs.every((r) => r.kind === 'deduction' && r.ruleId === 'city-red')).toBe(true);
  });

  it('an apportioned record must match the scheme (an unknown rule writes no record)', async () => {
    const before = await ctx.handle.db.select().from(unitRecords).where(eq(unitRecords.tenantId, ctx.county.tenantId));
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/shared-tasks/${taskId}/apportion`,
      payload: { ruleId: 'no-rule', title: '未知规则', amount: 1 },
    });
    expect(res.statusCode).toBe(400);
    const after = await ctx.handle.db.select().from(unitRecords).where(eq(unitRecords.tenantId, ctx.county.tenantId));
    expect(after).toHaveLength(before.length);
  });
});
