import { and, eq, asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema';
import { createCounty, type County } from './factories';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
let other: County;
beforeAll(async () => {
  ctx = await createTestContext();
  other = await createCounty(ctx.handle.db, '邻县');
});
afterAll(() => ctx.close());

const create = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', { method: 'POST', url: '/api/records', headers: { 'accept-language': lang }, payload });

const commendation = () => ({
  year: 2019,
  unitId: ctx.county.units.town1,
  kind: 'bonus',
  ruleId: 'commendation',
  level: 'provincial',
  achievementKey: 'rural-revival',
  title: '省级乡村振兴示范镇',
  documentNo: '豫政〔2019〕12号',
  issuedOn: '2019-05-20',
});

describe('records', () => {
  it('creates a record with its unit, lists it by year and kind, and audits it', async () => {
    const res = await create(commendation());
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({
      unitCode: 'XZ01',
      unitName: '一号镇',
      kind: 'bonus',
      level: 'provincial',
      count: 1,
      repeat: false,
      amount: null,
      version: 1,
    });
    await create({
      year: 2019,
      unitId: ctx.county.units.dept1,
      kind: 'veto',
      ruleId: 'clean-gov',
      title: '违反廉洁纪律',
    });
    await create({ year: 2018, unitId: ctx.county.units.town2, kind: 'deduction', title: '2018 年通报批评' });
    const y2019 = await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' });
    expect(y2019.json().total).toBe(2);
    const vetoes = await ctx.injectAs('leader', { method: 'GET', url: '/api/records?year=2019&kind=veto' });
    expect(vetoes.json().items.map((r: { title: string }) => r.title)).toEqual(['违反廉洁纪律']);
    const byUnit = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/records?unitId=${ctx.county.units.town2}`,
    });
    expect(byUnit.json().items.map((r: { year: number }) => r.year)).toEqual([2018]);
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, rec.id), eq(auditLog.action, 'record.create')));
    expect(audit[0]?.summary).toBe('新增记录：2019 年 一号镇 加分「省级乡村振兴示范镇」');
  });

  it('validates kind, level, year, date and the unit, field by field', async () => {
    const res = await create({
      year: 1999,
      unitId: ctx.county.units.town1,
      kind: 'praise',
      level: 'township',
      title: ' ',
      issuedOn: '2019-02-30',
      count: 0,
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['count', 'issuedOn', 'kind', 'level', 'title', 'year']);
    const foreign = await create({ ...commendation(), unitId: other.units.town1 });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details).toEqual([{ path: 'unitId', message: '单位不存在' }]);
  });

  it('edits with optimistic versioning and deletes, each audited', async () => {
    const rec = (await create({ ...commendation(), title: '待修改' })).json();
    const ok = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${rec.id}`,
      payload: { version: 1, level: 'national', amount: 3, note: '升为国家级' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ level: 'national', amount: 3, version: 2 });
    const stale = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${rec.id}`,
      payload: { version: 1, title: '覆盖' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const staleDelete = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}?version=1` });
    expect(staleDelete.statusCode).toBe(409);
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}?version=2` });
    expect(del.statusCode).toBe(204);
    const gone = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}` });
    expect(gone.statusCode).toBe(404);
    const actions = (
      await ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, rec.id)).orderBy(asc(auditLog.id))
    ).map((a) => a.action);
    expect(actions).toEqual(['record.create', 'record.update', 'record.delete']);
  });

  it("keeps to the county: another county's records are invisible and untouchable (404)", async () => {
    const theirs = await ctx.injectAs(
      'office',
      {
        method: 'POST',
        url: '/api/records',
        payload: { year: 2019, unitId: other.units.town1, kind: 'bonus', title: '邻县表彰' },
      },
      other,
    );
    expect(theirs.statusCode).toBe(201);
    const mine = await ctx.injectAs('office', { method: 'GET', url: '/api/records?pageSize=500' });
    expect(mine.json().items.map((r: { id: string }) => r.id)).not.toContain(theirs.json().id);
    const patch = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${theirs.json().id}`,
      payload: { version: 1, title: '越权' },
    });
    expect(patch.statusCode).toBe(404);
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${theirs.json().id}` });
    expect(del.statusCode).toBe(404);
  });

  it('only the office writes; the leader reads; others are refused', async () => {
    const leader = await ctx.injectAs('leader', { method: 'POST', url: '/api/records', payload: commendation() });
    expect(leader.statusCode).toBe(403);
    for (const role of ['unit', 'assessor', 'sysadmin'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: '/api/records' });
      expect(res.statusCode, role).toBe(403);
    }
  });
});
