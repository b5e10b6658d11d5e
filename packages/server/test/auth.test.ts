import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../src/db/schema';
import { hashToken } from '../src/modules/auth/service';
import { TEST_PASSWORD } from './factories';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const login = (username: string, password: string, lang = 'zh-CN') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'accept-language': lang },
    payload: { username, password },
  });

describe('login', () => {
  it('sets an HttpOnly SameSite session cookie and returns the user, permissions and a CSRF token', async () => {
    const res = await login(ctx.county.usernames.office, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'ys_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user).toMatchObject({ username: ctx.county.usernames.office, role: 'office', tenantName: '测试县' });
    expect(body.permissions).toContain('units:write');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // The database stores a hash of the token, never the token itself.
    const stored = await ctx.handle.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashToken(cookie?.value ?? '')));
    expect(stored).toHaveLength(1);
  });

  it('gives a fresh session at every login', async () => {
    const a = await login(ctx.county.usernames.leader, TEST_PASSWORD);
    const b = await login(ctx.county.usernames.leader, TEST_PASSWORD);
    expect(a.cookies[0]?.value).not.toBe(b.cookies[0]?.value);
  });

  it("refuses a wrong password in the caller's language, and an unknown user the same way", async () => {
    const zh = await login(ctx.county.usernames.leader, 'wrong-Password1');
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const en = await login('nobody-here', 'wrong-Password1', 'en-US');
    expect(en.statusCode).toBe(401);
    expect(en.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('rejects a malformed body with a validation error, not a 500', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 42 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('locks the account after five failures, and a correct password is refused while locked', async () => {
    const username = ctx.county.usernames.auditor;
    for (let i = 0; i < 5; i++) expect((await login(username, 'wrong-Password1')).statusCode).toBe(401);
    const locked = await login(username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    // The lock is timed: once it has passed, the right password works again.
    await ctx.handle.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.username, username));
    expect((await login(username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a disabled account', async () => {
    await ctx.handle.db.update(users).set({ active: false }).where(eq(users.username, ctx.county.usernames.secadmin));
    const res = await login(ctx.county.usernames.secadmin, TEST_PASSWORD);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
    await ctx.handle.db.update(users).set({ active: true }).where(eq(users.username, ctx.county.usernames.secadmin));
  });
});

describe('session', () => {
  it('me answers the signed-in user; logout ends the session on the server', async () => {
    const s = await ctx.login(ctx.county.usernames.unit);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.json().user).toMatchObject({ role: 'unit', unitName: '一号镇' });
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('expires after the idle timeout', async () => {
    const s = await ctx.login(ctx.county.usernames.leader);
    const id = hashToken(s.cookie.replace('ys_session=', ''));
    const idle = ctx.config.session.idleMinutes * 60_000;
    await ctx.handle.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - idle - 1000) })
      .where(eq(sessions.id, id));
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('expires at the absolute timeout even when active', async () => {
    const s = await ctx.login(ctx.county.usernames.leader);
    const id = hashToken(s.cookie.replace('ys_session=', ''));
    await ctx.handle.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, id));
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('requires the CSRF token on every state-changing request', async () => {
    const s = await ctx.login(ctx.county.usernames.office);
    const payload = { code: 'CSRF1', name: '跨站测试镇', kind: 'township', groupId: ctx.county.groups.township };
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: s.cookie }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('CSRF_INVALID');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) },
      payload,
    });
    expect(wrong.json().error.code).toBe('CSRF_INVALID');
    const right = await ctx.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      payload,
    });
    expect(right.statusCode).toBe(201);
  });

  it('sends security headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
