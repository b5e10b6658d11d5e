import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  evidenceFiles,
  lightHistory,
  notifications,
  redLightItems,
  reports,
  supervisionItems,
  users,
} from '../src/db/schema';
import { hashPassword } from '../src/modules/auth/passwords';
import { cityUpperResults, redLightCounts } from '../src/modules/city/results';
import { warnCityDeadlines } from '../src/modules/city/warnings';
import { flagOverdueSupervision } from '../src/modules/supervision/overdue';
import { supervisionValues } from '../src/modules/supervision/values';
import { TEST_PASSWORD } from './factories';
import { publishTestScheme } from './supervision-fixture';
import { createTestContext, type Session, type TestContext } from './helpers';

type Json = Record<string, unknown>;

let ctx: TestContext;
let town2Session: Session;
const json = (payload: unknown) => ({ payload: payload as Json });

beforeAll(async () => {
  ctx = await createTestContext();
  await publishTestScheme(ctx.handle.db, ctx.county.tenantId);
  // A second unit account, for 二号乡 (town2).
  await ctx.handle.db.insert(users).values({
    tenantId: ctx.county.tenantId,
    username: `${ctx.county.code}.town2`,
    displayName: '二号乡填报员',
    role: 'unit',
    unitId: ctx.county.units.town2,
    passwordHash: await hashPassword(TEST_PASSWORD),
  });
  town2Session = await ctx.login(`${ctx.county.code}.town2`);
});
afterAll(() => ctx.close());

const asTown2 = (req: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: Json }) =>
  ctx.app.inject({ ...req, headers: { cookie: town2Session.cookie, 'x-csrf-token': town2Session.csrfToken } });

async function createItem(body: Json) {
  const res = await ctx.injectAs('office', { method: 'POST', url: '/api/supervision', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; status: string; indicatorName: string | null };
}

describe('supervision items', () => {
  let shared: { id: string; version: number };
  let deptOnly: { id: string };

  it('the office creates items; the owner unit is told', async () => {
    shared = await createItem({
      year: 2019,
      kind: 'leaderInstruction',
      title: '落实县委书记关于城区停车难问题的批示',
      source: '县委书记批示〔2019〕12号',
      leader: '县委书记',
      ownerUnitId: ctx.county.units.town1,
      coUnitIds: [ctx.county.units.town2],
      deadline: '2099-09-30',
      indicatorId: 't-done',
    });
    expect(shared).toMatchObject({ status: 'ongoing', indicatorName: '重点项目开工' });
    deptOnly = await createItem({
      year: 2019,
      kind: 'workReport',
      title: '政府工作报告：新增城镇就业 3000 人',
      ownerUnitId: ctx.county.units.dept2,
      deadline: '2099-12-31',
    });
    const inbox = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications' });
    expect(inbox.json().items.map((n: { title: string }) => n.title)).toContain(
      '新的督查事项：落实县委书记关于城区停车难问题的批示（2099-09-30 前办结）',
    );
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, shared.id), eq(auditLog.action, 'supervision.create')));
    expect(audit).toHaveLength(1);
  });

  it('a unit sees the items it owns or co-operates on, nothing else', async () => {
    const own = await ctx.injectAs('unit', { method: 'GET', url: '/api/supervision?year=2019' });
    expect(own.json().items.map((i: { id: string }) => i.id)).toEqual([shared.id]);
    const co = await asTown2({ method: 'GET', url: '/api/supervision?year=2019' });
    expect(co.json().items.map((i: { id: string }) => i.id)).toEqual([shared.id]);
    const hidden = await ctx.injectAs('unit', { method: 'GET', url: `/api/supervision/${deptOnly.id}` });
    expect(hidden.statusCode).toBe(404);
    const leader = await ctx.injectAs('leader', { method: 'GET', url: '/api/supervision?year=2019' });
    expect(leader.json().total).toBe(2);
    const assessor = await ctx.injectAs('assessor', { method: 'GET', url: '/api/supervision' });
    expect(assessor.statusCode).toBe(403);
  });

  it('only the owner unit reports progress; the office sees the timeline', async () => {
    const co = await asTown2({
      method: 'POST',
      url: `/api/supervision/${shared.id}/progress`,
      payload: { progress: 50, note: '配合单位也想报' },
    });
    expect(co.statusCode).toBe(403);
    expect(co.json().error.code).toBe('SUPERVISION_NOT_OWNER');
    const other = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/supervision/${deptOnly.id}/progress`,
      ...json({ progress: 10, note: 'x' }),
    });
    expect(other.statusCode).toBe(404);
    const ok = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/supervision/${shared.id}/progress`,
      ...json({ progress: 60, note: '已新建停车位 300 个' }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const detail = await ctx.injectAs('office', { method: 'GET', url: `/api/supervision/${shared.id}` });
    expect(detail.json()).toMatchObject({ progress: 60, status: 'ongoing', canReport: false });
    expect(detail.json().reports).toMatchObject([
      { progress: 60, note: '已新建停车位 300 个', unit: { code: 'XZ01' } },
    ]);
    const office = await ctx.injectAs('office', { method: 'GET', url: '/api/notifications' });
    expect(office.json().items[0].title).toContain('已新建停车位'.slice(0, 0) + '报送督查事项进展');
    shared.version = detail.json().version;
  });

  it('edits are versioned: a stale version is refused', async () => {
    const ok = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/supervision/${shared.id}`,
      ...json({ version: shared.version, deadline: '2099-10-31' }),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/supervision/${shared.id}`,
      ...json({ version: shared.version, title: '过期的修改' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('refuses an indicator that is not in the published scheme', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/supervision',
      ...json({
        year: 2019,
        kind: 'other',
        title: 'x',
        ownerUnitId: ctx.county.units.town1,
        deadline: '2099-01-01',
        indicatorId: 'nope',
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INDICATOR_NOT_IN_SCHEME');
  });

  it('linked items give the indicator values (binary: done → 1; other methods: mean progress)', async () => {
    const db = ctx.handle.db;
    const t = ctx.county.tenantId;
    // XZ01 t-done: the shared item at 60 % → not done → 0.
    // XZ02 t-rate: two items, 40 % and done (100 %) → (40 + 100) / 2 = 70; a cancelled one (0 %) is left out.
    // ZF01 g-done: one item done → 1.
    const base = { tenantId: t, year: 2019, kind: 'other', deadline: '2099-12-31' };
    await db.insert(supervisionItems).values([
      { ...base, title: 'a', ownerUnitId: ctx.county.units.town2, indicatorId: 't-rate', progress: 40 },
      { ...base, title: 'b', ownerUnitId: ctx.county.units.town2, indicatorId: 't-rate', progress: 80, status: 'done' },
      { ...base, title: 'c', ownerUnitId: ctx.county.units.town2, indicatorId: 't-rate', status: 'cancelled' },
      {
        ...base,
        title: 'd',
        ownerUnitId: ctx.county.units.dept1,
        indicatorId: 'g-done',
        progress: 100,
        status: 'done',
      },
    ]);
    const values = await supervisionValues(db, t, 2019);
    expect(values).toEqual([
      { unitId: 'XZ01', indicatorId: 't-done', value: 0 },
      { unitId: 'XZ02', indicatorId: 't-rate', value: 70 },
      { unitId: 'ZF01', indicatorId: 'g-done', value: 1 },
    ]);
    expect(await supervisionValues(db, t, 2018)).toEqual([]);
  });

  it('an overdue item is flagged once and opens one red-light item for its owner', async () => {
    const db = ctx.handle.db;
    const late = await createItem({
      year: 2019,
      kind: 'workReport',
      title: '完成农村公路提档升级 50 公里',
      ownerUnitId: ctx.county.units.town1,
      deadline: '2099-03-01',
    });
    expect((await flagOverdueSupervision(db, '2099-03-01')).overdue).toBe(0); // due day itself is not late
    // Stale: an item whose deadline passed more than 31 days before the run is left alone.
    const stale = await createItem({
      year: 2019,
      kind: 'other',
      title: '陈年事项',
      ownerUnitId: ctx.county.units.town1,
      deadline: '2099-01-30',
    });
    await flagOverdueSupervision(db, '2099-03-03');
    const [staleRow] = await db.select().from(supervisionItems).where(eq(supervisionItems.id, stale.id));
    expect(staleRow?.status).toBe('ongoing');
    const [lateRow] = await db.select().from(supervisionItems).where(eq(supervisionItems.id, late.id));
    expect(lateRow?.status).toBe('overdue');
    const again = await flagOverdueSupervision(db, '2099-03-04');
    expect(again).toEqual({ overdue: 0, redLights: 0 });
    const [row] = await db.select().from(supervisionItems).where(eq(supervisionItems.id, late.id));
    expect(row?.status).toBe('overdue');
    const red = await db.select().from(redLightItems).where(eq(redLightItems.sourceRef, late.id));
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({
      source: 'supervision',
      unitId: ctx.county.units.town1,
      openedOn: '2099-03-03',
      answerDue: '2099-03-08',
      status: 'open',
    });
    // The owner can still report on an overdue item; 100 % closes it.
    const done = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/supervision/${late.id}/progress`,
      ...json({ progress: 100, note: '已全部完工' }),
    });
    expect(done.json().status).toBe('done');
    const closed = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/supervision/${late.id}/progress`,
      ...json({ progress: 100, note: '再报一次' }),
    });
    expect(closed.json().error.code).toBe('SUPERVISION_CLOSED');
  });
});

describe('city indicators', () => {
  let cityId: string;
  let nodeIds: string[];

  it('the office records a city indicator with nodes; units see only what they carry', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/city/indicators',
      ...json({
        year: 2019,
        code: 'S-01',
        name: '规模以上工业增加值增速',
        cityDepartment: '市工信局',
        points: 5,
        leadUnitId: ctx.county.units.town1,
        unitIds: [ctx.county.units.dept1],
        indicatorId: 't-city',
        nodes: [
          { name: '一季度', due: '2019-04-20' },
          { name: '上半年', due: '2019-07-20' },
        ],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    cityId = created.id;
    nodeIds = created.nodes.map((n: { id: string }) => n.id);
    expect(created.units.map((u: { code: string }) => u.code)).toEqual(['XZ01', 'ZF01']);
    const own = await ctx.injectAs('unit', { method: 'GET', url: '/api/city/indicators?year=2019' });
    expect(own.json().items).toHaveLength(1);
    const none = await asTown2({ method: 'GET', url: '/api/city/indicators?year=2019' });
    expect(none.json().items).toHaveLength(0);
    const unitWrite = await ctx.injectAs('unit', {
      method: 'PATCH',
      url: `/api/city/nodes/${nodeIds[0]}`,
      ...json({ version: 1, light: 'green' }),
    });
    expect(unitWrite.statusCode).toBe(403);
  });

  it('warns the responsible units N days before the city deadline, once', async () => {
    const db = ctx.handle.db;
    expect((await warnCityDeadlines(db, '2019-04-09', 10)).warned).toBe(0); // 11 days before
    const first = await warnCityDeadlines(db, '2019-04-10', 10);
    expect(first.warned).toBeGreaterThanOrEqual(1);
    const again = await warnCityDeadlines(db, '2019-04-11', 10);
    expect(again.warned).toBe(0);
    const mine = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.kind, 'cityDeadline')));
    expect(mine.map((n) => n.title)).toContain(
      '市考指标「规模以上工业增加值增速」节点「一季度」将于 2019-04-20 到期（还有 10 天），请提前自查',
    );
  });

  it('a red light from the city opens red-light items for every responsible unit', async () => {
    const res = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/city/nodes/${nodeIds[0]}`,
      ...json({ version: 1, light: 'red', lightOn: '2019-04-25', note: '增速低于全市平均' }),
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = await ctx.handle.db
      .select()
      .from(redLightItems)
      .where(eq(redLightItems.sourceRef, nodeIds[0] ?? ''));
    expect(items.map((i) => i.unitId).sort()).toEqual([ctx.county.units.town1, ctx.county.units.dept1].sort());
    expect(items[0]).toMatchObject({ source: 'city', openedOn: '2019-04-25', answerDue: '2019-04-30' });
  });

  it('the city result becomes the engine upper input of the linked indicator', async () => {
    const get = await ctx.injectAs('office', { method: 'GET', url: '/api/city/indicators?year=2019' });
    const version = get.json().items[0].version;
    const res = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/city/indicators/${cityId}`,
      ...json({ version, resultScore: 4.2, resultMax: 5, resultRank: 3 }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await cityUpperResults(ctx.handle.db, ctx.county.tenantId, 2019)).toEqual([
      { upperId: 'C1', score: 4.2, max: 5, rank: 3 },
    ]);
  });

  it('counts red-lit indicators, nodes and units for a period (checked by hand)', async () => {
    const db = ctx.handle.db;
    const t = ctx.county.tenantId;
    const { town1, town2, dept1 } = ctx.county.units;
    // A second city indicator, carried by town2 only, red on 2019-05-15 (outside April).
    const second = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/city/indicators',
      ...json({
        year: 2019,
        code: 'S-02',
        name: '招商引资到位资金',
        unitIds: [town2],
        nodes: [{ name: '二季度', due: '2019-05-10' }],
      }),
    });
    const secondNode = second.json().nodes[0].id;
    await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/city/nodes/${secondNode}`,
      ...json({ version: 1, light: 'red', lightOn: '2019-05-15' }),
    });
    const h = (unitId: string, indicatorId: string, nodeId: string, light: string, day: string) => ({
      tenantId: t,
      year: 2019,
      unitId,
      indicatorId,
      nodeId,
      light,
      reason: 'missed',
      day,
    });
    await db.insert(lightHistory).values([
      h(town1, 't-rate', 'h1', 'red', '2019-04-05'),
      h(town1, 't-done', 'n1', 'red', '2019-04-28'),
      h(town2, 't-rate', 'h1', 'red', '2019-04-20'),
      h(town2, 't-rate', 'h1', 'red', '2019-04-26'), // the same node again: counted once
      h(dept1, 'g-rate', 'h1', 'yellow', '2019-04-10'), // not red
      h(dept1, 'g-rate', 'h1', 'red', '2019-06-01'), // after the period
    ]);
    const april = await redLightCounts(db, t, { from: '2019-04-01', to: '2019-04-30' });
    // City: S-01's first node (red 04-25) → 1 indicator, 1 node, units XZ01 + ZF01 = 2.
    expect(april.city).toMatchObject({ indicators: 1, indicatorUnits: 2, nodes: 1, nodeUnits: 2 });
    // County: indicators t-rate, t-done = 2; nodes XZ01/t-rate/h1, XZ01/t-done/n1, XZ02/t-rate/h1 = 3; units XZ01, XZ02 = 2.
    expect(april.county).toMatchObject({ indicators: 2, indicatorUnits: 2, nodes: 3, nodeUnits: 2 });
    expect(april.city.sentence['zh-CN']).toBe(
      '2019-04-01 至 2019-04-30，市对县考核中，1 项指标被亮红灯，涉及 2 个单位；1 个节点被亮红灯，涉及 2 个单位。',
    );
    const half = await redLightCounts(db, t, { from: '2019-01-01', to: '2019-06-30' });
    expect(half.city).toMatchObject({ indicators: 2, indicatorUnits: 3, nodes: 2 });
    expect(half.county).toMatchObject({ indicators: 3, nodes: 4, nodeUnits: 3 });
    const bad = await ctx.injectAs('leader', {
      method: 'GET',
      url: '/api/city/red-light-counts?from=2019-05-01&to=2019-04-01',
    });
    expect(bad.json().error.code).toBe('PERIOD_INVALID');
    const viaApi = await ctx.injectAs('leader', {
      method: 'GET',
      url: '/api/city/red-light-counts?from=2019-04-01&to=2019-04-30',
      headers: { 'accept-language': 'en' },
    });
    expect(viaApi.json().county.sentence.en).toBe(
      '2019-04-01 to 2019-04-30, in the county’s own process assessment, 2 indicator(s) red-lit, involving 2 unit(s); 3 node(s) red-lit, involving 2 unit(s).',
    );
  });
});

describe('fraud signals', () => {
  const year = 2020; // a year of its own: clean first, then crafted
  const r = (unitId: string, indicatorId: string, nodeId: string, value: number, extra: Json = {}) => ({
    tenantId: ctx.county.tenantId,
    year,
    unitId,
    indicatorId,
    nodeId,
    value,
    status: 'approved',
    ...extra,
  });

  it('finds nothing on clean data', async () => {
    await publishTestScheme(ctx.handle.db, ctx.county.tenantId, year);
    const { town1, town2, dept1, dept2 } = ctx.county.units;
    await ctx.handle.db
      .insert(reports)
      .values([
        ...[town1, town2, dept1, dept2].flatMap((u, i) => [
          r(u, 't-rate', 'h1', 40 + i),
          r(u, 't-rate', 'h2', 90 + i, { verifiedValue: 90 + i }),
        ]),
      ]);
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/signals?year=${year}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('detects each kind on crafted data, with a link to the record', async () => {
    const db = ctx.handle.db;
    const { town1, town2, dept1 } = ctx.county.units;
    const [down] = await db
      .insert(reports)
      .values(r(town1, 'x-count', '', 120, { verifiedValue: 95 }))
      .returning();
    const [late] = await db
      .insert(reports)
      .values(r(town2, 'x-count', '', 80, { changedAfterApproval: true }))
      .returning();
    // Outlier: three units go h1 → h2 by +100…+130 %, one by +900 %: median 1.25, MAD 0.15, z ≈ 34.8.
    const ids: string[] = [];
    for (const [i, u] of [town1, town2, dept1, ctx.county.units.dept2].entries()) {
      const rows = await db
        .insert(reports)
        .values([r(u, 'g-rate', 'h1', 10), r(u, 'g-rate', 'h2', i === 1 ? 100 : 20 + i)])
        .returning({ id: reports.id });
      ids.push(rows[1]?.id ?? '');
    }
    const ev = (reportId: string, unitId: string, sha: string, name: string) => ({
      tenantId: ctx.county.tenantId,
      reportId,
      unitId,
      fileName: name,
      storedName: `${name}.bin`,
      contentType: 'application/pdf',
      size: 10,
      sha256: sha,
    });
    if (!down || !late) throw new Error('no rows');
    await db
      .insert(evidenceFiles)
      .values([
        ev(down.id, town1, 'a'.repeat(64), '会议纪要.pdf'),
        ev(late.id, town2, 'a'.repeat(64), '二号乡会议纪要.pdf'),
        ev(down.id, town1, 'b'.repeat(64), '照片.pdf'),
      ]);
    const res = await ctx.injectAs('leader', { method: 'GET', url: `/api/signals?year=${year}` });
    const body = res.json();
    expect(body.counts).toEqual({ downwardCorrection: 1, changedAfterApproval: 1, sharedEvidence: 1, outlierJump: 1 });
    const byKind = Object.fromEntries(body.items.map((s: { kind: string }) => [s.kind, s]));
    expect(byKind.downwardCorrection).toMatchObject({ reportIds: [down.id], figures: { reported: 120, verified: 95 } });
    expect(byKind.downwardCorrection.link).toBe(`/reports?year=${year}&unitId=${town1}&indicatorId=x-count`);
    expect(byKind.changedAfterApproval.reportIds).toEqual([late.id]);
    expect(byKind.sharedEvidence.units.map((u: { code: string }) => u.code)).toEqual(['XZ01', 'XZ02']);
    expect(byKind.sharedEvidence.fileNames).toEqual(['二号乡会议纪要.pdf', '会议纪要.pdf'].sort());
    expect(byKind.outlierJump).toMatchObject({
      reportIds: [ids[1]],
      figures: { previous: 10, current: 100, change: 9 },
    });
    const unit = await ctx.injectAs('unit', { method: 'GET', url: `/api/signals?year=${year}` });
    expect(unit.statusCode).toBe(403);
  });
});
