import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const newUser = (over: object = {}) => ({
  username: `${ctx.county.code}.zs`,
  displayName: '张三',
  role: 'unit',
  unitId: ctx.county.units.town2,
  password: 'Strong#Pass2019',
  ...over,
});

describe('users (三员分立)', () => {
  it('the system administrator creates a business account that can sign in', async () => {
    const res = await ctx.injectAs('sysadmin', { method: 'POST', url: '/api/users', payload: newUser() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: `${ctx.county.code}.zs`,
      role: 'unit',
      unitName: '二号乡',
      active: true,
    });
    const session = await ctx.login(`${ctx.county.code}.zs`, 'Strong#Pass2019');
    expect(session.csrfToken).toBeTruthy();
  });

  it('enforces the password policy and the unit rule with clear messages', async () => {
    const weak = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: `${ctx.county.code}.weak`, password: 'password' }),
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details).toEqual([
      { path: 'password', message: '密码至少 10 位，且须包含小写字母、大写字母、数字、符号中的至少三类' },
    ]);
    const noUnit = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: `${ctx.county.code}.nounit`, unitId: null }),
    });
    expect(noUnit.json().error.details).toEqual([{ path: 'unitId', message: '该角色必须指定所属单位' }]);
  });

  it('refuses a duplicate username', async () => {
    const res = await ctx.injectAs('sysadmin', { method: 'POST', url: '/api/users', payload: newUser() });
    expect(res.statusCode).toBe(409);
  });

  it('the system administrator cannot create admin accounts or change roles', async () => {
    const admin = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: `${ctx.county.code}.sneaky`, role: 'auditor', unitId: null }),
    });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.code).toBe('ROLE_NOT_ALLOWED');
    const change = await ctx.injectAs('sysadmin', {
      method: 'PATCH',
      url: `/api/users/${ctx.county.userIds.leader}`,
      payload: { version: 1, role: 'office' },
    });
    expect(change.statusCode).toBe(403);
  });

  it('the security administrator changes roles but cannot edit profiles; changing a role ends its sessions', async () => {
    const target = ctx.county.userIds.leader;
    const s = await ctx.login(ctx.county.usernames.leader);
    const profile = await ctx.injectAs('secadmin', {
      method: 'PATCH',
      url: `/api/users/${target}`,
      payload: { version: 1, displayName: '改名' },
    });
    expect(profile.statusCode).toBe(403);
    const role = await ctx.injectAs('secadmin', {
      method: 'PATCH',
      url: `/api/users/${target}`,
      payload: { version: 1, role: 'office' },
    });
    expect(role.statusCode).toBe(200);
    expect(role.json()).toMatchObject({ role: 'office', version: 2 });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('nobody changes their own role or disables themselves', async () => {
    const res = await ctx.injectAs('secadmin', {
      method: 'PATCH',
      url: `/api/users/${ctx.county.userIds.secadmin}`,
      payload: { version: 1, role: 'office' },
    });
    expect(res.statusCode).toBe(403);
  });

  it("resetting a password ends the account's sessions and the new password works", async () => {
    const target = ctx.county.userIds.assessor;
    const s = await ctx.login(ctx.county.usernames.assessor);
    const res = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: `/api/users/${target}/reset-password`,
      payload: { password: 'Another#Pass2019' },
    });
    expect(res.statusCode).toBe(204);
    const old = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(old.statusCode).toBe(401);
    await ctx.login(ctx.county.usernames.assessor, 'Another#Pass2019');
  });

  it('lists and filters accounts', async () => {
    const res = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/users?role=unit' });
    expect(res.json().items.every((u: { role: string }) => u.role === 'unit')).toBe(true);
    expect(res.json().items[0]).not.toHaveProperty('passwordHash');
  });
});
