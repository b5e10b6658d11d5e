import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The security administrator confirms the pending request on an account (三员分立: the second person). */
async function confirmFor(userId: string) {
  const list = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/account-requests?status=pending' });
  const request = list.json().items.find((r: { userId: string }) => r.userId === userId);
  expect(request, `a pending request on ${userId}`).toBeTruthy();
  const res = await ctx.injectAs('secadmin', { method: 'POST', url: `/api/account-requests/${request.id}/confirm` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const newUser = (over: object = {}) => ({
  username: `${ctx.county.code}.zs`,
  displayName: '张三',
  role: 'unit',
  unitId: ctx.county.units.town2,
  password: 'Strong#Pass2019',
  ...over,
});

describe('users (三员分立)', () => {
  it('the system administrator creates a business account; it signs in once the security administrator confirms', async () => {
    const res = await ctx.injectAs('sysadmin', { method: 'POST', url: '/api/users', payload: newUser() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: `${ctx.county.code}.zs`,
      role: 'unit',
      unitName: '二号乡',
      active: true,
      awaitingConfirmation: true,
      pendingRequest: 'create',
    });
    // Not yet: the answer is the ordinary refusal.
    const early = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: `${ctx.county.code}.zs`, password: 'Strong#Pass2019' },
    });
    expect(early.statusCode).toBe(401);
    expect(early.json().error.code).toBe('INVALID_CREDENTIALS');
    const decided = await confirmFor(res.json().id);
    expect(decided).toMatchObject({ kind: 'create', status: 'confirmed', username: `${ctx.county.code}.zs` });
    expect(decided.decidedByName).toContain(ctx.county.usernames.secadmin);
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

  it("a business account's password reset waits for the security administrator; then it ends the sessions", async () => {
    const target = ctx.county.userIds.assessor;
    const s = await ctx.login(ctx.county.usernames.assessor);
    const res = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: `/api/users/${target}/reset-password`,
      payload: { password: 'Another#Pass2019' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'pending' });
    // Nothing has changed yet: the old password and session still work, the new password does not.
    const still = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(still.statusCode).toBe(200);
    await expect(ctx.login(ctx.county.usernames.assessor, 'Another#Pass2019')).rejects.toThrow(/401/);
    const listed = await ctx.injectAs('sysadmin', { method: 'GET', url: '/api/users?role=assessor' });
    expect(listed.json().items.find((u: { id: string }) => u.id === target)).toMatchObject({
      pendingRequest: 'reset_password',
    });
    // One request per account at a time.
    const again = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: `/api/users/${target}/reset-password`,
      payload: { password: 'Third#Pass2019' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ACCOUNT_REQUEST_PENDING');
    await confirmFor(target);
    const old = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(old.statusCode).toBe(401);
    await ctx.login(ctx.county.usernames.assessor, 'Another#Pass2019');
  });

  it('the system administrator cannot confirm; a rejection changes nothing; a decision is final', async () => {
    const target = ctx.county.userIds.office;
    const res = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: `/api/users/${target}/reset-password`,
      payload: { password: 'Sneaky#Pass2019' },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().requestId;
    const self = await ctx.injectAs('sysadmin', { method: 'POST', url: `/api/account-requests/${id}/confirm` });
    expect(self.statusCode).toBe(403);
    const rejected = await ctx.injectAs('secadmin', {
      method: 'POST',
      url: `/api/account-requests/${id}/reject`,
      payload: { note: '未经本人申请' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', note: '未经本人申请' });
    await expect(ctx.login(ctx.county.usernames.office, 'Sneaky#Pass2019')).rejects.toThrow(/401/);
    await ctx.login(ctx.county.usernames.office);
    const twice = await ctx.injectAs('secadmin', { method: 'POST', url: `/api/account-requests/${id}/confirm` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ACCOUNT_REQUEST_DECIDED');
    // Another county's security administrator does not see it at all.
    const unknown = await ctx.injectAs('secadmin', {
      method: 'POST',
      url: '/api/account-requests/00000000-0000-4000-8000-000000000000/confirm',
    });
    expect(unknown.statusCode).toBe(404);
    // Every step is in the audit log.
    const audit = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit?pageSize=200' });
    const actions = audit.json().items.map((a: { action: string }) => a.action);
    for (const a of ['user.reset_password_requested', 'user.reset_password_rejected', 'user.create_confirmed']) {
      expect(actions).toContain(a);
    }
  });

  it('a rejected new account stays unable to sign in and is disabled', async () => {
    const res = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username: `${ctx.county.code}.ls`, role: 'leader', unitId: null }),
    });
    expect(res.statusCode).toBe(201);
    const list = await ctx.injectAs('sysadmin', { method: 'GET', url: '/api/account-requests?status=pending' });
    const request = list.json().items.find((r: { userId: string }) => r.userId === res.json().id);
    expect(request).toMatchObject({
      kind: 'create',
      role: 'leader',
      requestedByName: expect.stringContaining('sysadmin'),
    });
    await ctx.injectAs('secadmin', { method: 'POST', url: `/api/account-requests/${request.id}/reject`, payload: {} });
    const users = await ctx.injectAs('sysadmin', { method: 'GET', url: '/api/users?role=leader' });
    expect(users.json().items.find((u: { id: string }) => u.id === res.json().id)).toMatchObject({
      active: false,
      awaitingConfirmation: true,
      pendingRequest: null,
    });
    await expect(ctx.login(`${ctx.county.code}.ls`, 'Strong#Pass2019')).rejects.toThrow(/401/);
  });

  it('a rejected new account can be requested again under the same username; confirmed, it signs in', async () => {
    const username = `${ctx.county.code}.ww`;
    const first = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username, displayName: '王五', role: 'leader', unitId: null }),
    });
    expect(first.statusCode).toBe(201);
    const pending = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/account-requests?status=pending' });
    const request = pending.json().items.find((r: { userId: string }) => r.userId === first.json().id);
    await ctx.injectAs('secadmin', {
      method: 'POST',
      url: `/api/account-requests/${request.id}/reject`,
      payload: { note: '姓名有误' },
    });
    // The system administrator corrects the request and sends it again: the same account, a new request.
    const again = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: newUser({ username, displayName: '王武', role: 'leader', unitId: null, password: 'Second#Pass2019' }),
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({
      id: first.json().id,
      displayName: '王武',
      active: true,
      awaitingConfirmation: true,
      pendingRequest: 'create',
    });
    // Still waiting: the account cannot sign in yet; pending again twice is a conflict.
    await expect(ctx.login(username, 'Second#Pass2019')).rejects.toThrow(/40[13]/);
    const dup = await ctx.injectAs('sysadmin', { method: 'POST', url: '/api/users', payload: newUser({ username }) });
    expect(dup.statusCode).toBe(409);
    await confirmFor(first.json().id);
    await ctx.login(username, 'Second#Pass2019');
    // The rejected request stays in the history beside the confirmed one.
    const all = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/account-requests' });
    const mine = all.json().items.filter((r: { userId: string }) => r.userId === first.json().id);
    expect(mine.map((r: { status: string }) => r.status).sort()).toEqual(['confirmed', 'rejected']);
    const audit = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit?pageSize=200' });
    expect(
      audit
        .json()
        .items.some(
          (a: { action: string; summary: string }) => a.action === 'user.create' && a.summary.includes('重新提交'),
        ),
    ).toBe(true);
  });

  it('lists and filters accounts', async () => {
    const res = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/users?role=unit' });
    expect(res.json().items.every((u: { role: string }) => u.role === 'unit')).toBe(true);
    expect(res.json().items[0]).not.toHaveProperty('passwordHash');
  });
});
