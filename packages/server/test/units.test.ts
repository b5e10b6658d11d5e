import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const create = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', { method: 'POST', url: '/api/units', headers: { 'accept-language': lang }, payload });

describe('units', () => {
  it("lists the county's units in group order, with search and filters", async () => {
    const all = await ctx.injectAs('office', { method: 'GET', url: '/api/units' });
    expect(all.json().total).toBe(4);
    expect(all.json().items.map((u: { code: string }) => u.code)).toEqual(['XZ01', 'XZ02', 'ZF01', 'ZF02']);
    const search = await ctx.injectAs('office', { method: 'GET', url: `/api/units?q=${encodeURIComponent('财政')}` });
    expect(search.json().items.map((u: { name: string }) => u.name)).toEqual(['县财政局']);
    const towns = await ctx.injectAs('office', { method: 'GET', url: '/api/units?kind=township' });
    expect(towns.json().total).toBe(2);
    const groups = await ctx.injectAs('office', { method: 'GET', url: '/api/groups' });
    expect(groups.json().items.map((g: { name: string; unitCount: number }) => [g.name, g.unitCount])).toEqual([
      ['乡镇', 2],
      ['政府部门', 2],
    ]);
  });

  it('creates a unit, records it in the audit log, and lists it', async () => {
    const res = await create({
      code: 'XZ03',
      name: '三号镇',
      kind: 'township',
      groupId: ctx.county.groups.township,
      contactName: '张三',
      contactPhone: '0371-12345678',
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({ code: 'XZ03', name: '三号镇', groupName: '乡镇', active: true, version: 1 });
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, unit.id), eq(auditLog.action, 'unit.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain('三号镇');
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/units?q=XZ03' });
    expect(list.json().items).toHaveLength(1);
  });

  it("explains each bad field in the user's language and writes nothing", async () => {
    const res = await create({ code: 'bad code!', name: '   ', kind: 'city', groupId: 'nope', contactPhone: 'abc' });
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path).sort()).toEqual(['code', 'contactPhone', 'groupId', 'kind', 'name']);
    expect(details.find((d) => d.path === 'name')?.message).toBe('不能为空');
    expect(details.find((d) => d.path === 'code')?.message).toBe('只能包含字母、数字、下划线和短横线');
    const en = await create(
      { code: 'ok', name: 'x', kind: 'township', groupId: ctx.county.groups.township, contactPhone: 'abc' },
      'en',
    );
    expect(en.json().error.details).toEqual([{ path: 'contactPhone', message: 'Not a valid phone number' }]);
    const count = await ctx.injectAs('office', { method: 'GET', url: '/api/units?q=ok' });
    expect(count.json().total).toBe(0);
  });

  it('refuses a duplicate code or name with a conflict naming the value', async () => {
    const dup = await create({ code: 'XZ01', name: '新名字', kind: 'township', groupId: ctx.county.groups.township });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('单位编码“XZ01”已被使用');
    expect(dup.json().error.details).toEqual([{ path: 'code', message: '单位编码“XZ01”已被使用' }]);
    const dupName = await create({
      code: 'XZ99',
      name: '一号镇',
      kind: 'township',
      groupId: ctx.county.groups.township,
    });
    expect(dupName.json().error.message).toBe('单位名称“一号镇”已被使用');
  });

  it('refuses a group of another county', async () => {
    const res = await create({
      code: 'XZ77',
      name: '七号镇',
      kind: 'township',
      groupId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('groupId');
  });

  it('edits with optimistic versioning: a stale version is refused and nothing is lost', async () => {
    const id = ctx.county.units.town2;
    const first = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${id}`,
      payload: { version: 1, contactName: '李四' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${id}`,
      payload: { version: 1, contactName: '王五' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const now = await ctx.injectAs('office', { method: 'GET', url: `/api/units/${id}` });
    expect(now.json().contactName).toBe('李四');
  });

  it('deactivates and reactivates, each audited', async () => {
    const id = ctx.county.units.dept2;
    const off = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${id}`,
      payload: { version: 1, active: false },
    });
    expect(off.json().active).toBe(false);
    const active = await ctx.injectAs('office', { method: 'GET', url: '/api/units?active=true' });
    expect(active.json().items.map((u: { id: string }) => u.id)).not.toContain(id);
    const on = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${id}`,
      payload: { version: 2, active: true },
    });
    expect(on.json().active).toBe(true);
    const actions = (
      await ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(asc(auditLog.id))
    ).map((a) => a.action);
    expect(actions).toEqual(['unit.deactivate', 'unit.activate']);
  });

  it('shows real figures on the overview', async () => {
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/overview' });
    const o = res.json();
    expect(o.tenant.name).toBe('测试县');
    expect(o.counts.townships + o.counts.departments).toBe(o.counts.units);
    expect(o.counts.users).toBe(7);
    expect(o.recentActivity.length).toBeGreaterThan(0);
    const unitView = await ctx.injectAs('unit', { method: 'GET', url: '/api/overview' });
    expect(unitView.json().myUnit.name).toBe('一号镇');
    expect(unitView.json().recentActivity).toEqual([]);
  });
});
