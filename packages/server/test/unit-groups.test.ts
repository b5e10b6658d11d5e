import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, unitGroups } from '../src/db/schema';
import type { Actor } from '../src/modules/auth/actor';
import type { SchemeDocument } from '../src/modules/schemes/document';
import { loadCountyContext } from '../src/modules/schemes/service';
import { validateDocument } from '../src/modules/schemes/validation';
import { buildXlsx, getXlsx, postXlsx, readXlsx, UNIT_HEADER, XLSX_MIME } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type G = {
  id: string;
  code: string;
  name: string;
  sortOrder: number;
  retired: boolean;
  version: number;
  unitCount: number;
};
const groups = async (): Promise<G[]> =>
  (await ctx.injectAs('office', { method: 'GET', url: '/api/groups' })).json().items as G[];
const createGroup = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', { method: 'POST', url: '/api/groups', headers: { 'accept-language': lang }, payload });
const patchGroup = (id: string, payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', { method: 'PATCH', url: `/api/groups/${id}`, headers: { 'accept-language': lang }, payload });
const audits = async (action: string) =>
  ctx.handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, action)));

/** Which group codes a scheme's validation refuses, and why. */
async function groupIssues(codes: string[]) {
  const actor = { tenantId: ctx.county.tenantId, role: 'office' } as Actor;
  const county = await loadCountyContext(ctx.handle.db, actor);
  const doc = {
    engine: {
      id: 's',
      groups: codes.map((id) => ({ id, name: id, blocks: [] })),
      tiering: { tiers: [{ id: 'all', name: '全部' }] },
    },
    meta: { indicators: {} },
  } as unknown as SchemeDocument;
  return validateDocument(doc, county, 'zh-CN', 2019)
    .errors.filter((e) => e.code === 'unknown_group' || e.code === 'retired_group')
    .map((e) => [e.code, e.message]);
}

describe('unit groups are the county data', () => {
  it('creates a group (audited); a scheme may then use its code', async () => {
    expect(await groupIssues(['devzone'])).toEqual([
      ['unknown_group', '考核类别“devzone”不是本县的考核类别（应为：township, government）'],
    ]);
    const res = await createGroup({ code: 'devzone', name: '开发区', kind: 'department' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'devzone', name: '开发区', retired: false, unitCount: 0, version: 1 });
    expect((await groups()).map((g) => g.code)).toEqual(['township', 'government', 'devzone']);
    expect(await groupIssues(['devzone'])).toEqual([]);
    expect(await audits('group.create')).toHaveLength(1);
  });

  it('refuses a duplicate code or name, in the caller language, and writes nothing', async () => {
    const before = (await groups()).length;
    const dup = await createGroup({ code: 'devzone', name: '另一个', kind: 'department' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('类别编码“devzone”已被使用');
    const dupName = await createGroup({ code: 'other', name: '乡镇', kind: 'township' }, 'en');
    expect(dupName.json().error.message).toBe('Group name "乡镇" is already taken');
    const bad = await createGroup({ code: 'bad code', name: ' ', kind: 'city' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['code', 'kind', 'name']);
    expect((await groups()).length).toBe(before);
  });

  it('renames and reorders groups (audited)', async () => {
    const dev = (await groups()).find((g) => g.code === 'devzone');
    if (!dev) throw new Error('no devzone');
    const renamed = await patchGroup(dev.id, { version: dev.version, name: '开发区管委会' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '开发区管委会', code: 'devzone', version: dev.version + 1 });
    const stale = await patchGroup(dev.id, { version: dev.version, name: '旧版本' });
    expect(stale.statusCode).toBe(409);
    const order = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/groups/reorder',
      payload: { ids: [dev.id, ctx.county.groups.department] },
    });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json().items.map((g: G) => g.code)).toEqual(['devzone', 'government', 'township']);
    const unknown = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/groups/reorder',
      payload: { ids: ['00000000-0000-0000-0000-000000000001'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect((await audits('group.reorder')).length).toBe(1);
    const forbidden = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/groups',
      payload: { code: 'x', name: 'x', kind: 'township' },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses to retire a group that still has active units, naming them; nothing is written', async () => {
    const res = await patchGroup(ctx.county.groups.township, { version: 1, retired: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('GROUP_HAS_UNITS');
    expect(res.json().error.message).toBe(
      '考核类别“乡镇”还有 2 个启用的考核对象（一号镇、二号乡），不能停用；请先把它们调整到其他类别或停用',
    );
    const en = await patchGroup(ctx.county.groups.township, { version: 1, retired: true }, 'en');
    expect(en.json().error.message).toContain('still has 2 active unit(s)');
    const [row] = await ctx.handle.db.select().from(unitGroups).where(eq(unitGroups.id, ctx.county.groups.township));
    expect(row?.retiredAt).toBeNull();
    expect(await audits('group.retire')).toHaveLength(0);
  });

  it('retires an empty group: it takes no units and no new scheme; it can be restored', async () => {
    const dev = (await groups()).find((g) => g.code === 'devzone');
    if (!dev) throw new Error('no devzone');
    const res = await patchGroup(dev.id, { version: dev.version, retired: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().retired).toBe(true);
    expect(await audits('group.retire')).toHaveLength(1);
    const active = await ctx.injectAs('office', { method: 'GET', url: '/api/groups?includeRetired=false' });
    expect(active.json().items.map((g: G) => g.code)).not.toContain('devzone');
    const unit = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: { code: 'KF01', name: '开发区办', kind: 'department', groupId: dev.id },
    });
    expect(unit.statusCode).toBe(409);
    expect(unit.json().error.message).toBe('考核类别“开发区管委会”已停用，不能再加入考核对象');
    expect(await groupIssues(['devzone'])).toEqual([
      ['retired_group', '考核类别“devzone”已停用，不能用于新的考核方案'],
    ]);
    const back = await patchGroup(dev.id, { version: dev.version + 1, retired: false });
    expect(back.json().retired).toBe(false);
  });

  it('a unit joins only a group of its own kind', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: { code: 'XZ09', name: '九号镇', kind: 'township', groupId: ctx.county.groups.department },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('GROUP_KIND_MISMATCH');
  });
});

const GROUP_HEADER = ['类别编码', '类别名称', '单位类型', '排序', '状态'];

describe('groups in Excel', () => {
  it('exports the groups and the file re-imports unchanged', async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/groups');
    const { values } = await readXlsx(file);
    expect(values('考核类别')[0]).toEqual(GROUP_HEADER);
    expect(values('考核类别').map((r) => r[0])).toEqual(['类别编码', 'devzone', 'government', 'township']);
    const res = await postXlsx(ctx, 'office', 'groups', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'groups', imported: 3, created: 0, updated: 0, unchanged: 3 });
    const tpl = await ctx.injectAs('office', { method: 'GET', url: '/api/excel/groups/template' });
    expect(tpl.headers['content-type']).toBe(XLSX_MIME);
  });

  it('imports new groups and renames one; row errors write nothing', async () => {
    const bad = await buildXlsx('考核类别', GROUP_HEADER, [
      ['party', '党群部门', '县直部门', 5, null],
      ['party', '党群部门2', '县直部门', 6, null],
      ['township', '乡镇', '乡镇', null, '停用'],
      ['government', '政府部门', '乡镇', null, null],
    ]);
    const before = (await groups()).length;
    const res = await postXlsx(ctx, 'office', 'groups', bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows).toEqual([
      { row: 3, column: '类别编码', message: '第 3 行「类别编码」：“party”与第 2 行重复' },
      {
        row: 4,
        column: '状态',
        message: '第 4 行「状态」：该类别还有 2 个启用的考核对象，不能停用；请先把它们调整到其他类别或停用',
      },
      { row: 5, column: '单位类型', message: '第 5 行「单位类型」：已有类别的单位类型为“县直部门”，不能修改' },
    ]);
    expect((await groups()).length).toBe(before);

    const good = await buildXlsx('考核类别', GROUP_HEADER, [
      ['party', '党群部门', '县直部门', 5, null],
      ['vertical', '垂管及其他', '县直部门', null, '启用'],
      ['government', '政府工作部门', '县直部门', null, null],
    ]);
    const ok = await postXlsx(ctx, 'office', 'groups', good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    const after = await groups();
    expect(after.find((g) => g.code === 'government')?.name).toBe('政府工作部门');
    expect(after.find((g) => g.code === 'party')?.sortOrder).toBe(5);
    expect(after.at(-1)?.code).toBe('vertical');
  });

  it('a units file naming a new group is refused unless the office confirms creating it', async () => {
    const file = await buildXlsx('考核对象', UNIT_HEADER, [
      ['KF01', '开发区管委会办公室', null, '县直部门', '功能区', null, null, null, null],
      ['KF02', '开发区财政局', null, '县直部门', '功能区', null, null, null, null],
    ]);
    const refused = await postXlsx(ctx, 'office', 'units', file);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.rows[0].message).toContain('考核类别“功能区”不存在');
    expect(refused.json().error.rows[0].message).toContain('--create-groups');
    expect((await groups()).some((g) => g.name === '功能区')).toBe(false);
    const confirmed = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/excel/units?createGroups=true',
      headers: { 'content-type': XLSX_MIME },
      payload: file,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ created: 2 });
    const made = (await groups()).find((g) => g.name === '功能区');
    expect(made).toMatchObject({ code: 'G01', unitCount: 2, retired: false });
  });
  it('a units file cannot put a unit into a retired group', async () => {
    const vertical = (await groups()).find((g) => g.code === 'vertical');
    if (!vertical) throw new Error('no vertical group');
    const off = await patchGroup(vertical.id, { version: vertical.version, retired: true });
    expect(off.statusCode, off.body).toBe(200);
    const file = await buildXlsx('考核对象', UNIT_HEADER, [
      ['CG01', '县气象局', null, '县直部门', '垂管及其他', null, null, null, null],
    ]);
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows).toEqual([
      { row: 2, column: '考核类别', message: '第 2 行「考核类别」：考核类别“垂管及其他”已停用，不能再加入考核对象' },
    ]);
  });
});
