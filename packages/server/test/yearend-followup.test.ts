import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, lightHistory, lights, notifications, rectifications, resultSnapshots } from '../src/db/schema';
import { addDays, shanghaiDay, startOfShanghaiDay } from '../src/lib/day';
import { appealWindowOf, createAppeal } from '../src/modules/appeals/service';
import { createTestContext, type TestContext } from './helpers';
import { correctScore, publishFollowupCounty, YEAR, type Followup } from './yearend-followup-fixture';

let ctx: TestContext;
let f: Followup;

beforeAll(async () => {
  ctx = await createTestContext();
  f = await publishFollowupCounty(ctx.handle.db, ctx.county);
  const db = ctx.handle.db;
  const t = ctx.county.tenantId;
  // Red lights: XZ01 on t-b (node n2), XZ03 on t-a (node n1); their history by month.
  await db.insert(lights).values([
    {
      tenantId: t,
      year: YEAR,
      unitId: f.units.XZ01 ?? '',
      indicatorId: 't-b',
      nodeId: 'n2',
      light: 'red',
      reason: 'missed',
      due: '2018-07-01',
    },
    {
      tenantId: t,
      year: YEAR,
      unitId: f.units.XZ03 ?? '',
      indicatorId: 't-a',
      nodeId: 'n1',
      light: 'red',
      reason: 'missed',
      due: '2018-07-10',
    },
  ]);
  await db.insert(lightHistory).values([
    {
      tenantId: t,
      year: YEAR,
      unitId: f.units.XZ01 ?? '',
      indicatorId: 't-b',
      nodeId: 'n2',
      light: 'red',
      reason: 'missed',
      day: '2018-07-02',
    },
    {
      tenantId: t,
      year: YEAR,
      unitId: f.units.XZ03 ?? '',
      indicatorId: 't-a',
      nodeId: 'n1',
      light: 'red',
      reason: 'missed',
      day: '2018-07-15',
    },
    {
      tenantId: t,
      year: YEAR,
      unitId: f.units.XZ03 ?? '',
      indicatorId: 't-a',
      nodeId: 'n1',
      light: 'red',
      reason: 'missed',
      day: '2018-08-01',
    },
  ]);
}, 60_000);
afterAll(() => ctx.close());

const get = (role: 'office' | 'unit' | 'leader', url: string) => ctx.injectAs(role, { method: 'GET', url });

describe('feedback: a unit against its group (hand-checked, see the fixture)', () => {
  it('the unit sees its own breakdown, group average and best, lost points, history and red lights', async () => {
    const res = await get('unit', `/api/feedback?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const fb = res.json();
    expect(fb.unit.code).toBe('XZ01');
    expect(fb.snapshot.seq).toBe(1);
    expect(fb.result).toMatchObject({ composite: 93, rank: 1, groupSize: 4, tier: 'good', tierName: '好' });
    // composites 93, 80, 78, 50: average 301/4 = 75.25, best 93
    expect(fb.group).toEqual({ average: 75.25, best: 93 });
    expect(fb.blocks).toEqual([{ id: 'dev', name: '发展', score: 93, max: 100, average: 75.25, best: 93 }]);
    const ind = Object.fromEntries(fb.indicators.map((i: { id: string }) => [i.id, i]));
    // t-a: 55, 50, 42, 30 → average 44.25, best 55; XZ01 lost 60 − 55 = 5
    expect(ind['t-a']).toMatchObject({ points: 60, score: 55, average: 44.25, best: 55, lost: 5, gapToBest: 0 });
    // t-b: 38, 30, 36, 20 → average 31, best 38; lost 40 − 38 = 2
    expect(ind['t-b']).toMatchObject({ points: 40, score: 38, average: 31, best: 38, lost: 2 });
    expect(fb.lostPoints.map((l: { id: string }) => l.id)).toEqual(['t-a', 't-b']);
    expect(fb.history).toEqual([
      expect.objectContaining({ year: YEAR, rank: 1, groupSize: 4, tier: 'good', tierName: '好' }),
    ]);
    expect(fb.redLights.current).toEqual([expect.objectContaining({ indicatorId: 't-b', nodeId: 'n2' })]);
    expect(fb.redLights.turnedRed).toBe(1);
  });

  it('the office reads any unit: XZ02 shows its veto and the tier it would have had', async () => {
    const res = await get('office', `/api/feedback?year=${YEAR}&unitId=${f.units.XZ02}`);
    expect(res.statusCode, res.body).toBe(200);
    const fb = res.json();
    expect(fb.result).toMatchObject({
      composite: 80,
      rank: 2,
      tier: 'average',
      naturalTier: 'fair',
      vetoes: ['clean'],
    });
    expect(fb.adjustments.some((a: { kind: string }) => a.kind === 'veto')).toBe(true);
    // biggest loss first: t-a 60 − 50 = 10, then t-b 40 − 30 = 10 with a bigger gap to the best (8 vs 5)
    expect(fb.lostPoints.map((l: { id: string; lost: number }) => [l.id, l.lost])).toEqual([
      ['t-b', 10],
      ['t-a', 10],
    ]);
  });

  it("a unit cannot read another unit's feedback (404), and an unpublished year says so", async () => {
    const other = await get('unit', `/api/feedback?year=${YEAR}&unitId=${f.units.XZ02}`);
    expect(other.statusCode).toBe(404);
    const none = await get('unit', `/api/feedback?year=2017`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('YEAR_NOT_PUBLISHED');
    const years = await get('unit', '/api/feedback/years');
    expect(years.json().years.map((y: { year: number }) => y.year)).toEqual([YEAR]);
  });
});

describe('appeal window (Asia/Shanghai days)', () => {
  it('the publication day is day 0; the window closes at midnight Beijing time after the last day', () => {
    // 2019-01-20 23:59:59 in Beijing is 15:59:59 UTC: still the 20th.
    const late = new Date('2019-01-20T15:59:59Z');
    expect(appealWindowOf(late, 7, new Date('2019-01-27T15:59:59Z'))).toMatchObject({
      opensOn: '2019-01-20',
      lastDay: '2019-01-27',
      open: true,
    });
    expect(appealWindowOf(late, 7, new Date('2019-01-27T16:00:00Z')).open).toBe(false);
    // One second later in UTC is already the 21st in Beijing: the window moves with it.
    const nextDay = new Date('2019-01-20T16:00:00Z');
    expect(appealWindowOf(nextDay, 7, new Date('2019-01-28T15:59:59Z'))).toMatchObject({
      lastDay: '2019-01-28',
      open: true,
    });
    // Before publication nothing is open; a 0-day window is the publication day only.
    expect(appealWindowOf(nextDay, 7, new Date('2019-01-20T15:00:00Z')).open).toBe(false);
    expect(appealWindowOf(nextDay, 0, new Date('2019-01-21T15:59:59Z')).open).toBe(true);
    expect(appealWindowOf(nextDay, 0, new Date('2019-01-21T16:00:00Z')).open).toBe(false);
  });

  it('filing is refused the first Beijing second after the last day, with the setting in force', async () => {
    const db = ctx.handle.db;
    const set = await ctx.injectAs('office', {
      method: 'PUT',
      url: '/api/yearend/settings',
      payload: { year: YEAR, version: 0, appealWindowDays: 3 },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ appealWindowDays: 3, version: 1 });
    const w = (await get('unit', `/api/appeals/window?year=${YEAR}`)).json();
    expect(w).toMatchObject({ published: true, days: 3, open: true });
    expect(w.lastDay).toBe(addDays(w.opensOn, 3));
    const end = startOfShanghaiDay(addDays(w.lastDay, 1));
    const input = { year: YEAR, indicatorId: 't-a', reason: '窗口边界测试', request: null };
    await expect(createAppeal(db, f.actors.unit, input, new Date(end.getTime()))).rejects.toMatchObject({
      code: 'APPEAL_WINDOW_CLOSED',
    });
    const ok = await createAppeal(db, f.actors.unit, input, new Date(end.getTime() - 1000));
    expect(ok.status).toBe('submitted');
    expect(shanghaiDay(new Date(end.getTime() - 1000))).toBe(w.lastDay);
    // Reject it so it does not block the flow below.
    const answered = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/appeals/${ok.id}/answer`,
      payload: { version: ok.version, decision: 'reject', answer: '经复核，评分无误' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'rejected', correctionSnapshotId: null });
  });
});

describe('appeals: filed by the unit, answered by the office; accepted → correction draft → approved → published', () => {
  it('accepting prepares a draft listing the changed units and publishes nothing; a leader approves, the office publishes seq 2', async () => {
    const db = ctx.handle.db;
    const filed = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/appeals',
      payload: {
        year: YEAR,
        indicatorId: 't-b',
        reason: '安全生产台账已于 12 月补齐，评分未计入',
        request: '请复核 t-b 得分',
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const appeal = filed.json();
    expect(appeal).toMatchObject({ unitCode: 'XZ01', indicatorName: '安全生产', status: 'submitted' });
    const dup = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/appeals',
      payload: { year: YEAR, indicatorId: 't-b', reason: '再次申诉' },
    });
    expect(dup.json().error.code).toBe('APPEAL_DUPLICATE');
    const bad = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/appeals',
      payload: { year: YEAR, indicatorId: 'g-a', reason: '不属于本类别的指标' },
    });
    expect(bad.statusCode).toBe(400);

    const [first] = await db
      .select()
      .from(resultSnapshots)
      .where(and(eq(resultSnapshots.tenantId, ctx.county.tenantId), eq(resultSnapshots.seq, 1)));
    // The office corrects the score the appeal is about, then accepts.
    await correctScore(db, ctx.county, f.units.XZ01 ?? '', 't-b', 40);
    const stale = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/appeals/${appeal.id}/answer`,
      payload: { version: appeal.version + 1, decision: 'accept', answer: 'x' },
    });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const accepted = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/appeals/${appeal.id}/answer`,
      payload: { version: appeal.version, decision: 'accept', answer: '经复核，台账齐全，t-b 更正为 40 分' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const done = accepted.json();
    expect(done.status).toBe('accepted');
    expect(done.correctionId).toBeTruthy();
    expect(done.correctionSnapshotId).toBeNull();

    // Nothing is republished on acceptance alone: one snapshot, the unit still reads it.
    const onlyFirst = await db
      .select({ seq: resultSnapshots.seq })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.tenantId, ctx.county.tenantId));
    expect(onlyFirst.map((x) => x.seq)).toEqual([1]);
    const fbBefore = (await get('unit', `/api/feedback?year=${YEAR}`)).json();
    expect(fbBefore.snapshot.seq).toBe(1);
    expect(fbBefore.result.composite).toBe(
      first
        ? (first.results as { results: { units: { unitId: string; composite: number }[] } }).results.units.find(
            (u) => u.unitId === 'XZ01',
          )?.composite
        : undefined,
    );

    // The draft lists every unit whose score, rank or tier changes: XZ01 55 + 40 = 95.
    const list = (await get('office', `/api/results/${YEAR}/corrections`)).json();
    expect(list.items).toHaveLength(1);
    const draft = list.items[0];
    expect(draft).toMatchObject({ id: done.correctionId, status: 'draft', appealIds: [appeal.id], baseSeq: 1 });
    const xz01 = draft.changes.find((c: { unitCode: string }) => c.unitCode === 'XZ01');
    expect(xz01?.after.composite).toBe(95);
    expect(xz01?.before.composite).not.toBe(95);
    expect(
      draft.changes.every(
        (c: { before: unknown; after: unknown }) => JSON.stringify(c.before) !== JSON.stringify(c.after),
      ),
    ).toBe(true);

    // The same approval as the original: the office cannot approve, a leader cannot publish, no publication before approval.
    const url = `/api/results/${YEAR}/corrections/${draft.id}`;
    expect(
      (await ctx.injectAs('office', { method: 'POST', url: `${url}/approve`, payload: { version: draft.version } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await ctx.injectAs('leader', { method: 'POST', url: `${url}/publish`, payload: { version: draft.version } }))
        .statusCode,
    ).toBe(403);
    const early = await ctx.injectAs('office', {
      method: 'POST',
      url: `${url}/publish`,
      payload: { version: draft.version },
    });
    expect(early.json().error.code).toBe('CORRECTION_NOT_APPROVED');
    const approved = await ctx.injectAs('leader', {
      method: 'POST',
      url: `${url}/approve`,
      payload: { version: draft.version, note: '同意更正' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvalNote: '同意更正' });
    expect((await get('unit', `/api/feedback?year=${YEAR}`)).json().snapshot.seq).toBe(1);
    const published = await ctx.injectAs('office', {
      method: 'POST',
      url: `${url}/publish`,
      payload: { version: approved.json().version },
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ seq: 2 });
    const after = (await get('office', `/api/appeals/${appeal.id}`)).json();
    expect(after.correctionSnapshotId).toBe(published.json().id);

    const snaps = await db
      .select()
      .from(resultSnapshots)
      .where(eq(resultSnapshots.tenantId, ctx.county.tenantId))
      .orderBy(asc(resultSnapshots.seq));
    expect(snaps.map((s) => s.seq)).toEqual([1, 2]);
    expect(snaps[1]?.id).toBe(after.correctionSnapshotId);
    expect(snaps[1]?.approvedAt).toBeTruthy();
    // The reason is a sentence for the bulletin (the unit and the answer), not an internal id: that is in the
    // correction's audit entry.
    expect(snaps[1]?.reason).toBe(
      `采纳${appeal.unitName}关于「${appeal.indicatorName}」的申诉：经复核，台账齐全，t-b 更正为 40 分`,
    );
    expect(snaps[1]?.reason).not.toContain(appeal.id);
    const [correctAudit] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'results.correct')));
    expect((correctAudit?.after as { appealIds?: string[] } | undefined)?.appealIds).toEqual([appeal.id]);
    const steps = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.entityId, draft.id)));
    expect(steps.map((x) => x.action).sort()).toEqual(['results.correction.approve', 'results.correction.prepare']);
    expect(snaps[0]?.digest).toBe(first?.digest);
    expect(snaps[0]?.results).toEqual(first?.results);

    // Feedback now reads the correction: 55 + 40 = 95.
    const fb = (await get('unit', `/api/feedback?year=${YEAR}`)).json();
    expect(fb.snapshot.seq).toBe(2);
    expect(fb.result.composite).toBe(95);
    // The unit is told; the audit has the answer.
    const inbox = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.kind, 'appealAnswered')));
    expect(inbox.length).toBe(2);
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.entityId, appeal.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['appeal.accept', 'appeal.file']);
    const again = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/appeals/${appeal.id}/answer`,
      payload: { version: done.version, decision: 'reject', answer: '重复处理' },
    });
    expect(again.json().error.code).toBe('APPEAL_ALREADY_ANSWERED');
  });

  it("a unit lists only its own appeals and cannot open another unit's", async () => {
    const mine = (await get('unit', `/api/appeals?year=${YEAR}`)).json();
    expect(mine.items.every((a: { unitCode: string }) => a.unitCode === 'XZ01')).toBe(true);
    const all = (await get('leader', `/api/appeals?year=${YEAR}`)).json();
    expect(all.total).toBe(mine.total);
    // An appeal of another unit (written directly: XZ02 has no account here).
    const [other] = await ctx.handle.db
      .insert((await import('../src/db/schema')).appeals)
      .values({
        tenantId: ctx.county.tenantId,
        year: YEAR,
        snapshotId: all.items[0].snapshotId,
        unitId: f.units.XZ02 ?? '',
        reason: '一票否决适用有误',
      })
      .returning();
    expect((await get('unit', `/api/appeals/${other?.id}`)).statusCode).toBe(404);
    expect((await get('office', `/api/appeals/${other?.id}`)).statusCode).toBe(200);
    expect((await get('unit', `/api/appeals?year=${YEAR}`)).json().total).toBe(mine.total);
  });
});

describe('rectification ledger', () => {
  it('findings: lowest tier, veto, red lights, biggest lost points; generating twice adds nothing twice', async () => {
    const preview = (await get('office', `/api/rectifications/findings?year=${YEAR}`)).json();
    const got = preview.items.map(
      (i: { unitCode: string; source: string; sourceRef: string }) => `${i.unitCode} ${i.source} ${i.sourceRef}`,
    );
    // XZ04: t-a 44.25 − 30 = 14.25 ≥ 0.2 × 60 (beats t-b 31 − 20 = 11); nobody else falls that far behind.
    expect(got).toEqual([
      'XZ01 redLight redlight:t-b',
      'XZ02 veto veto:clean',
      'XZ03 redLight redlight:t-a',
      'XZ04 lowestTier tier:poor',
      'XZ04 lostPoints lost:t-a',
    ]);
    const keys = preview.items.map((i: { key: string }) => i.key);
    const gen = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rectifications/generate',
      payload: { year: YEAR, deadline: '2019-04-30', keys },
    });
    expect(gen.json()).toEqual({ created: 5, skipped: 0 });
    const again = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rectifications/generate',
      payload: { year: YEAR, deadline: '2019-04-30', keys },
    });
    expect(again.json()).toEqual({ created: 0, skipped: 5 });
    const after = (await get('office', `/api/rectifications/findings?year=${YEAR}`)).json();
    expect(after.items.every((i: { exists: boolean }) => i.exists)).toBe(true);
    const rows = await ctx.handle.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.tenantId, ctx.county.tenantId));
    expect(rows).toHaveLength(5);
    const forged = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rectifications/generate',
      payload: { year: YEAR, deadline: '2019-04-30', keys: ['x|other|y'] },
    });
    expect(forged.statusCode).toBe(400);
  });

  it('the unit reports progress and submits; the office returns, then closes; overdue is visible', async () => {
    const mine = (await get('unit', `/api/rectifications?year=${YEAR}`)).json();
    expect(mine.items.map((i: { unitCode: string }) => i.unitCode)).toEqual(['XZ01']);
    const item = mine.items[0];
    const office = (await get('office', `/api/rectifications?year=${YEAR}`)).json();
    const foreign = office.items.find((i: { unitCode: string }) => i.unitCode === 'XZ02');
    expect((await get('unit', `/api/rectifications/${foreign.id}`)).statusCode).toBe(404);
    const meddle = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/rectifications/${foreign.id}/progress`,
      payload: { version: foreign.version, progress: 50, note: '越权' },
    });
    expect(meddle.statusCode).toBe(404);

    const post = (role: 'unit' | 'office', path: string, payload: object) =>
      ctx.injectAs(role, { method: 'POST', url: `/api/rectifications/${item.id}/${path}`, payload });
    let r = await post('unit', 'progress', { version: 1, progress: 40, note: '已排查节点延误原因' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'inProgress', progress: 40, version: 2 });
    r = await post('unit', 'progress', { version: 2, progress: 100, note: '完成', submit: true });
    expect(r.statusCode).toBe(400);
    r = await post('unit', 'progress', {
      version: 2,
      progress: 100,
      note: '完成',
      measures: '建立周调度机制',
      submit: true,
    });
    expect(r.json()).toMatchObject({ status: 'submitted', measures: '建立周调度机制' });
    r = await post('office', 'verify', { version: 3, decision: 'return', note: '佐证不足' });
    expect(r.json()).toMatchObject({ status: 'inProgress', verifyNote: '佐证不足' });
    // The office moves the deadline into the past: the item shows as overdue until it is closed.
    const patch = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/rectifications/${item.id}`,
      payload: { version: 4, deadline: '2019-01-31' },
    });
    expect(patch.json()).toMatchObject({ overdue: true, version: 5 });
    const overdue = (await get('office', `/api/rectifications?year=${YEAR}&overdue=true`)).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(item.id);
    r = await post('unit', 'progress', { version: 5, progress: 100, note: '补充佐证', submit: true });
    r = await post('office', 'verify', { version: 6, decision: 'close', note: '核验通过' });
    expect(r.json()).toMatchObject({ status: 'closed', overdue: false });
    expect(r.json().history.map((h: { kind: string }) => h.kind)).toEqual([
      'progress',
      'submitted',
      'returned',
      'submitted',
      'verified',
    ]);
    const late = await post('unit', 'progress', { version: 7, progress: 100, note: '再报' });
    expect(late.json().error.code).toBe('RECTIFICATION_STATE');
  });
});

describe('rectification: an item by hand', () => {
  it('the office adds an item (source other) for a unit; the unit sees it; a bad unit is refused', async () => {
    const created = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rectifications',
      payload: { year: YEAR, unitId: f.units.XZ01, finding: '领导点评：招商引资项目落地偏慢', deadline: '2019-06-30' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ source: 'other', status: 'open', unitCode: 'XZ01', version: 1 });
    const mine = (await get('unit', `/api/rectifications?year=${YEAR}`)).json();
    expect(mine.items.map((i: { source: string }) => i.source).sort()).toEqual(['other', 'redLight']);
    const bad = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rectifications',
      payload: { year: YEAR, unitId: randomUUID(), finding: 'x', deadline: '2019-06-30' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('results use (R26, R25)', () => {
  it('coefficients by tier (defaults, then the setting), awards without vetoed/downgraded, accountability', async () => {
    let use = (await get('leader', `/api/results-use?year=${YEAR}`)).json();
    const coef = Object.fromEntries(
      use.coefficients.map((c: { unitCode: string; coefficient: number }) => [c.unitCode, c.coefficient]),
    );
    // 2018 after the correction: XZ01 好, XZ02 一般 (veto), XZ03 一般, XZ04 较差; ZF01 较好 (discipline), ZF02 较好.
    // The default table (resultsuse/config.ts DEFAULT_TIERS, PRODUCT §4.11): 1.2 / 1.0 / 0.5 / 0.
    expect(coef).toEqual({ XZ01: 1.2, XZ02: 0.5, XZ03: 0.5, XZ04: 0, ZF01: 1, ZF02: 1 });
    expect(use.awards.eligible.map((u: { unitCode: string }) => u.unitCode)).toEqual(['XZ01', 'ZF02']);
    expect(use.awards.excluded.map((u: { unitCode: string; reason: string }) => [u.unitCode, u.reason])).toEqual([
      ['XZ02', 'vetoed'],
      ['ZF01', 'downgraded'],
    ]);
    expect(use.accountability.lowestTier.map((u: { unitCode: string }) => u.unitCode)).toEqual(['XZ04']);
    // XZ03 was 较差 in 2017 but 一般 in 2018: only XZ04 is bottom two years running.
    expect(use.accountability.repeatedBottom).toEqual([
      expect.objectContaining({
        unitCode: 'XZ04',
        ruleId: 'bottom-twice',
        years: [
          { year: 2018, tier: '较差' },
          { year: 2017, tier: '较差' },
        ],
      }),
    ]);
    const nd = use.accountability.nonDiscriminating.map((i: { indicatorId: string; assessorName: string }) => [
      i.indicatorId,
      i.assessorName,
    ]);
    expect(nd).toContainEqual(['g-a', '县政府办公室']);
    const ga = use.accountability.nonDiscriminating.find((i: { indicatorId: string }) => i.indicatorId === 'g-a');
    expect(ga).toMatchObject({ groupName: '政府部门', fullMarkRate: 1 });
    expect(ga.reasons).toContain('ALL_FULL_MARKS');
    // g-b (60/40 vs 30/40) is not a full-mark indicator.
    const gb = use.accountability.nonDiscriminating.find((i: { indicatorId: string }) => i.indicatorId === 'g-b');
    expect(gb?.reasons ?? []).not.toContain('ALL_FULL_MARKS');

    const settings = (await get('office', `/api/yearend/settings?year=${YEAR}`)).json();
    const set = await ctx.injectAs('office', {
      method: 'PUT',
      url: '/api/yearend/settings',
      payload: { year: YEAR, version: settings.version, tierCoefficients: { poor: 0.5 } },
    });
    expect(set.statusCode, set.body).toBe(200);
    use = (await get('office', `/api/results-use?year=${YEAR}`)).json();
    expect(use.coefficients.find((c: { unitCode: string }) => c.unitCode === 'XZ04')).toMatchObject({
      coefficient: 0.5,
      source: 'setting',
    });

    const xlsx = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/results-use/export?year=${YEAR}&kind=awards`,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const eligible = wb.getWorksheet('评优资格');
    expect(eligible?.getRow(1).getCell(3).value).toBe('单位名称');
    expect([eligible?.getRow(2).getCell(2).value, eligible?.getRow(3).getCell(2).value]).toEqual(['XZ01', 'ZF02']);
    expect(wb.getWorksheet('不具备评优资格')?.getRow(2).getCell(7).value).toBe('一票否决');
    expect((await get('unit', `/api/results-use?year=${YEAR}`)).statusCode).toBe(403);
  });
});

describe('dashboards', () => {
  it('county: tier distribution, heat map fractions, red lights by month; units only their own', async () => {
    const res = await get('leader', `/api/dashboards/county?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const town = d.results.tierDistribution.find((g: { groupId: string }) => g.groupId === 'township');
    expect(town.tiers.map((t: { count: number }) => t.count)).toEqual([1, 0, 2, 1]);
    const heat = d.results.heatmap.find((g: { groupId: string }) => g.groupId === 'township');
    expect(heat.units.map((u: { code: string }) => u.code)).toEqual(['XZ01', 'XZ02', 'XZ03', 'XZ04']);
    // t-a: 55/60, 50/60, 42/60, 30/60
    expect(heat.fractions[0]).toEqual([0.9167, 0.8333, 0.7, 0.5]);
    const gov = d.results.heatmap.find((g: { groupId: string }) => g.groupId === 'government');
    expect(gov.indicators.find((i: { id: string }) => i.id === 'g-a').nonDiscriminating).toBe(true);
    // The headline names g-a's owner by name, never by its code (issue 18: not "ZF01（1项）").
    expect(d.results.headline).toContain('涉及考核主体');
    expect(d.results.headline).not.toContain('ZF01（');
    const reds = Object.fromEntries(
      d.redLights.units.map((u: { unitCode: string; months: number[] }) => [u.unitCode, u.months]),
    );
    expect(reds.XZ01?.[6]).toBe(1);
    expect([reds.XZ03?.[6], reds.XZ03?.[7]]).toEqual([1, 1]);
    expect(Object.keys(reds).sort()).toEqual(['XZ01', 'XZ03']);
    expect(d.yearOverYear).toEqual([expect.objectContaining({ year: YEAR, units: 6, vetoed: 1 })]);
    const rank = d.results.ranking.find((g: { groupId: string }) => g.groupId === 'township');
    expect(rank.units[0]).toMatchObject({ unitCode: 'XZ01', rank: 1, trend: [{ year: YEAR, rank: 1 }] });

    expect((await get('unit', `/api/dashboards/county?year=${YEAR}`)).statusCode).toBe(403);
    const own = (await get('unit', `/api/dashboards/unit?year=${YEAR}`)).json();
    expect(own.unit.code).toBe('XZ01');
    expect(own.lights.red[6]).toBe(1);
    expect(own.result).toMatchObject({ rank: 1, groupSize: 4 });
    expect((await get('unit', `/api/dashboards/unit?year=${YEAR}&unitId=${f.units.XZ03}`)).statusCode).toBe(404);
    const other = (await get('office', `/api/dashboards/unit?year=${YEAR}&unitId=${f.units.XZ03}`)).json();
    expect(other.lights.red.slice(6, 8)).toEqual([1, 1]);
  });
});
