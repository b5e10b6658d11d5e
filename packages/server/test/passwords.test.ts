import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema';
import { TEST_PASSWORD } from './factories';
import { createTestContext, type Session, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const as = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
const change = (s: Session, currentPassword: string, newPassword: string) =>
  as(s, 'POST', '/api/auth/password', { currentPassword, newPassword });

describe('password change', () => {
  it('an account created by the administrator must change its password before anything else', async () => {
    const username = `${ctx.county.code}.new`;
    const created = await ctx.injectAs('sysadmin', {
      method: 'POST',
      url: '/api/users',
      payload: { username, displayName: '新账号', role: 'leader', password: 'Initial#Pass1' },
    });
    expect(created.statusCode).toBe(201);
    // A business role granted by the system administrator takes effect once the security administrator confirms.
    const pending = await ctx.injectAs('secadmin', { method: 'GET', url: '/api/account-requests?status=pending' });
    const request = pending.json().items.find((r: { username: string }) => r.username === username);
    const confirmed = await ctx.injectAs('secadmin', {
      method: 'POST',
      url: `/api/account-requests/${request.id}/confirm`,
    });
    expect(confirmed.statusCode).toBe(200);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'Initial#Pass1' },
    });
    expect(login.json().mustChangePassword).toBe(true);
    const s = await ctx.login(username, 'Initial#Pass1');
    const blocked = await as(s, 'GET', '/api/overview');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await as(s, 'GET', '/api/auth/me')).statusCode).toBe(200);

    const wrong = await change(s, 'not-it', 'Changed#Pass2');
    expect(wrong.json().error.details).toEqual([{ path: 'currentPassword', message: '当前密码不正确' }]);
    const same = await change(s, 'Initial#Pass1', 'Initial#Pass1');
    expect(same.json().error.details).toEqual([
      { path: 'newPassword', message: '新密码不能与最近 5 次使用过的密码相同' },
    ]);
    const weak = await change(s, 'Initial#Pass1', 'short');
    expect(weak.json().error.details[0].path).toBe('newPassword');

    const other = await ctx.login(username, 'Initial#Pass1');
    expect((await change(s, 'Initial#Pass1', 'Changed#Pass2')).statusCode).toBe(204);
    expect((await as(s, 'GET', '/api/overview')).statusCode).toBe(200);
    // The change ends the account's other sessions, not the one that made it.
    expect((await as(other, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses any of the last five passwords and accepts one older than that', async () => {
    const username = ctx.county.usernames.leader;
    let s = await ctx.login(username);
    const passwords = [TEST_PASSWORD, 'Second#Pass2', 'Third#Pass33', 'Fourth#Pass4', 'Fifth#Pass55', 'Sixth#Pass66'];
    for (let i = 1; i < passwords.length; i++) {
      expect((await change(s, passwords[i - 1] ?? '', passwords[i] ?? '')).statusCode).toBe(204);
    }
    s = await ctx.login(username, 'Sixth#Pass66');
    // Within the rate limit (10 a minute): the oldest of the five, a middle one, and the current one.
    for (const old of ['Second#Pass2', 'Fourth#Pass4', 'Sixth#Pass66']) {
      const res = await change(s, 'Sixth#Pass66', old);
      expect(res.statusCode, old).toBe(400);
    }
    // The first password has dropped out of the last five: it may be used again.
    expect((await change(s, 'Sixth#Pass66', TEST_PASSWORD)).statusCode).toBe(204);
  });

  it('with an expiry set, an old password must be changed', async () => {
    const expiring = await createTestContext({ passwordMaxAgeDays: 90 });
    try {
      const username = expiring.county.usernames.office;
      await expiring.handle.db
        .update(users)
        .set({ passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) })
        .where(eq(users.username, username));
      const login = await expiring.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: TEST_PASSWORD },
      });
      expect(login.json().mustChangePassword).toBe(true);
      const fresh = expiring.county.usernames.leader;
      await expiring.handle.db.update(users).set({ passwordChangedAt: new Date() }).where(eq(users.username, fresh));
      const ok = await expiring.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: fresh, password: TEST_PASSWORD },
      });
      expect(ok.json().mustChangePassword).toBe(false);
    } finally {
      await expiring.close();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED after 20 sign-in attempts a minute from one client', async () => {
    const own = await createTestContext();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await own.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'x' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().error.code).toBe('RATE_LIMITED');
      }
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes[20]).toBe(429);
    } finally {
      await own.close();
    }
  });
});
