import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, totpStep } from '../src/modules/auth/totp';
import { TEST_PASSWORD } from './factories';
import { createTestContext, type Session, type TestContext } from './helpers';

const codeAt = (secret: string, offsetSteps = 0) => hotp(base32Decode(secret), totpStep(Date.now()) + offsetSteps);
const post = (ctx: TestContext, s: Session, url: string, payload?: object) =>
  ctx.app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
const login = (ctx: TestContext, username: string, otp?: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD, ...(otp ? { otp } : {}) },
  });

describe('TOTP second factor (optional)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('enrols, then asks for a code at sign-in, refuses a wrong or replayed code', async () => {
    const username = ctx.county.usernames.leader;
    const s = await ctx.login(username);
    const setup = await post(ctx, s, '/api/auth/totp/setup');
    const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await post(ctx, s, '/api/auth/totp/enable', { code: '000000' })).json().error.code).toBe('OTP_INVALID');
    expect((await post(ctx, s, '/api/auth/totp/enable', { code: codeAt(secret) })).statusCode).toBe(204);

    expect((await login(ctx, username)).json().error.code).toBe('OTP_REQUIRED');
    const wrong = await login(ctx, username, codeAt(secret, 5));
    expect(wrong.json().error).toEqual({ code: 'OTP_INVALID', message: '动态验证码不正确或已使用' });
    // The enrolment used the current step; the next step's code (one step of drift) signs in once.
    const next = codeAt(secret, 1);
    expect((await login(ctx, username, next)).statusCode).toBe(200);
    expect((await login(ctx, username, next)).json().error.code).toBe('OTP_INVALID');

    const status = await ctx.app.inject({ method: 'GET', url: '/api/auth/security', headers: { cookie: s.cookie } });
    expect(status.json()).toMatchObject({ totpEnabled: true, mfaRequired: false });
  });

  it('the security administrator resets a lost second factor', async () => {
    const username = ctx.county.usernames.assessor;
    const s = await ctx.login(username);
    const { secret } = (await post(ctx, s, '/api/auth/totp/setup')).json() as { secret: string };
    await post(ctx, s, '/api/auth/totp/enable', { code: codeAt(secret) });
    expect((await login(ctx, username)).json().error.code).toBe('OTP_REQUIRED');
    const reset = await ctx.injectAs('secadmin', {
      method: 'POST',
      url: `/api/users/${ctx.county.userIds.assessor}/reset-totp`,
    });
    expect(reset.statusCode).toBe(204);
    expect((await login(ctx, username)).statusCode).toBe(200);
  });

  it('can be turned off with the password when the role does not require it', async () => {
    const username = ctx.county.usernames.unit;
    const s = await ctx.login(username);
    const { secret } = (await post(ctx, s, '/api/auth/totp/setup')).json() as { secret: string };
    await post(ctx, s, '/api/auth/totp/enable', { code: codeAt(secret) });
    expect((await post(ctx, s, '/api/auth/totp/disable', { password: 'nope' })).statusCode).toBe(400);
    expect((await post(ctx, s, '/api/auth/totp/disable', { password: TEST_PASSWORD })).statusCode).toBe(204);
    expect((await login(ctx, username)).statusCode).toBe(200);
  });
});

describe('TOTP required for office and admin roles (MFA_REQUIRED)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ mfaRequired: true });
  });
  afterAll(() => ctx.close());

  it('office must enrol before doing anything; other roles are not asked', async () => {
    const res = await login(ctx, ctx.county.usernames.office);
    expect(res.json().mustEnrollTotp).toBe(true);
    const s = await ctx.login(ctx.county.usernames.office);
    const blocked = await ctx.app.inject({ method: 'GET', url: '/api/overview', headers: { cookie: s.cookie } });
    expect(blocked.json().error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const { secret } = (await post(ctx, s, '/api/auth/totp/setup')).json() as { secret: string };
    await post(ctx, s, '/api/auth/totp/enable', { code: codeAt(secret) });
    // The same session now has a second factor on record.
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/overview', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    expect((await post(ctx, s, '/api/auth/totp/disable', { password: TEST_PASSWORD })).json().error.code).toBe(
      'TOTP_REQUIRED_FOR_ROLE',
    );
    expect((await login(ctx, ctx.county.usernames.leader)).json().mustEnrollTotp).toBe(false);
  });
});
