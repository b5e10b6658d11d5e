import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema';
import { passwordProblems } from '../src/modules/auth/passwords';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

const HEADER = ['用户名', '姓名', '角色', '所属单位编码', '所属单位名称', '状态'];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const userCount = async () =>
  (await ctx.handle.db.select({ id: users.id }).from(users).where(eq(users.tenantId, ctx.county.tenantId))).length;

describe('users in Excel', () => {
  it('exports business accounts only, with Chinese role names, and re-imports unchanged', async () => {
    const file = await getXlsx(ctx, 'sysadmin', '/api/excel/users');
    const rows = (await readXlsx(file)).values('账号');
    expect(rows[0]).toEqual(HEADER);
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['县领导', '考核主体', '考核办', '被考核单位'].sort());
    expect(rows.find((r) => r[2] === '被考核单位')).toEqual([
      ctx.county.usernames.unit,
      'unit 用户',
      '被考核单位',
      'XZ01',
      '一号镇',
      '启用',
    ]);
    const res = await postXlsx(ctx, 'sysadmin', 'users', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 4, created: 0, updated: 0, unchanged: 4, passwords: [] });
  });

  it('creates accounts with one-time passwords returned once; they must be changed at first login', async () => {
    const file = await buildXlsx('账号', HEADER, [
      [`${ctx.county.code}.zhang`, '张三', '被考核单位', 'XZ02', null, null],
      [`${ctx.county.code}.li`, '李四', '县领导', null, null, '启用'],
    ]);
    // The preview counts the two accounts but makes none, so it has no passwords to show.
    const before = await userCount();
    const preview = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/excel/users?dryRun=true',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: file,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, created: 2, updated: 0 });
    expect(preview.json().passwords).toBeUndefined();
    expect(await userCount()).toBe(before);
    const res = await postXlsx(ctx, 'sysadmin', 'users', file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, updated: 0 });
    expect(body.passwords.map((p: { username: string }) => p.username)).toEqual([
      `${ctx.county.code}.li`,
      `${ctx.county.code}.zhang`,
    ]);
    for (const p of body.passwords) expect(passwordProblems(p.password)).toEqual([]);
    // Issue 14: imported business accounts sign in once the security administrator confirms them.
    const pending = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/account-requests?status=pending' });
    const mine = pending.json().items.filter((r: { username: string }) => r.username.startsWith(`${ctx.county.code}.`));
    expect(mine.map((r: { username: string }) => r.username).sort()).toEqual([
      `${ctx.county.code}.li`,
      `${ctx.county.code}.zhang`,
    ]);
    for (const r of mine) {
      const ok = await ctx.injectAs('secadmin', { method: 'POST', url: `/api/account-requests/${r.id}/confirm` });
      expect(ok.statusCode).toBe(200);
    }
    const session = await ctx.login(`${ctx.county.code}.zhang`, body.passwords[1].password);
    expect(session.csrfToken).toBeTruthy();
    const rows = await ctx.handle.db
      .select()
      .from(users)
      .where(eq(users.username, `${ctx.county.code}.zhang`));
    expect(rows[0]?.mustChangePassword).toBe(true);
  });

  it('refuses admin accounts, role changes by the system administrator, unknown units, and writes nothing', async () => {
    const before = await userCount();
    const file = await buildXlsx('账号', HEADER, [
      [ctx.county.usernames.secadmin, '安全', '考核办', null, null, null],
      [ctx.county.usernames.unit, 'unit 用户', '县领导', 'XZ01', null, null],
      [`${ctx.county.code}.wang`, '王五', '考核主体', 'ZZ99', null, null],
      [`${ctx.county.code}.zhao`, '赵六', '县领导', 'XZ01', null, null],
      [`${ctx.county.code}.qian`, '钱七', '被考核单位', null, null, null],
      ['X', '短', '系统管理员', null, null, null],
      [`${ctx.county.code}.wang`, '王五', '考核办', null, null, null],
    ]);
    const res = await postXlsx(ctx, 'sysadmin', 'users', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 2 行「用户名」：管理员账号（系统、安全、审计管理员）不能通过导入创建或修改（三员分立）',
      '第 3 行「角色」：角色由“被考核单位”改为“县领导”须由安全管理员在账号管理中操作',
      '第 3 行「所属单位编码」：县领导不属于任何单位，请留空',
      '第 4 行「所属单位编码」：单位编码“ZZ99”不存在，请先导入考核对象',
      '第 5 行「所属单位编码」：县领导不属于任何单位，请留空',
      '第 6 行「所属单位编码」：该角色必须填写所属单位编码',
      '第 7 行「用户名」：须为 3–32 位小写字母、数字、下划线、点或短横线',
      '第 7 行「角色」：只能填写 考核办、考核主体、被考核单位、县领导',
      `第 8 行「用户名」：“${ctx.county.code}.wang”与第 4 行重复`,
    ]);
    expect(await userCount()).toBe(before);
  });

  it('deactivating an account by file ends its sessions', async () => {
    await ctx.injectAs('leader', { method: 'GET', url: '/api/auth/me' });
    const file = await buildXlsx('账号', HEADER, [
      [ctx.county.usernames.leader, 'leader 用户', '县领导', null, null, '停用'],
    ]);
    const res = await postXlsx(ctx, 'sysadmin', 'users', file);
    expect(res.json()).toMatchObject({ updated: 1 });
    const after = await ctx.injectAs('leader', { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
  });
});
