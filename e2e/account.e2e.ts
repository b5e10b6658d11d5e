import { describe, expect, inject, it } from 'vitest';
import { base32Decode, hotp, totpStep } from '../packages/server/src/modules/auth/totp';
import { apiSession } from './api';
import { browserPerFile, newPage, shot, signIn } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

// This file changes a password and turns on two-factor sign-in: on accounts of its own (unique names, created by the
// system administrator), never on the demo accounts other files sign in with.
const suffix = Date.now().toString(36);
const TOWN_USER = `e2e.town.${suffix}`;
const LEADER_USER = `e2e.leader.${suffix}`;
const LEADER_PASSWORD = 'Leader#Own2019';

/** The security administrator confirms the pending request on an account (issue 14: two people, 三员分立). */
async function confirmAccountRequest(userId: string): Promise<void> {
  const secadmin = await apiSession(baseUrl, 'secadmin');
  const list = (await (await secadmin('GET', '/account-requests?status=pending')).json()) as {
    items: { id: string; userId: string }[];
  };
  const request = list.items.find((r) => r.userId === userId);
  expect(request).toBeTruthy();
  expect((await secadmin('POST', `/account-requests/${request?.id ?? ''}/confirm`, {})).status).toBe(200);
}

/** Creates a business account as the system administrator, confirmed by the security administrator; returns its id. */
async function createAccount(username: string, displayName: string, role: string, unitId?: string): Promise<string> {
  const admin = await apiSession(baseUrl, 'sysadmin');
  const res = await admin('POST', '/users', {
    username,
    displayName,
    role,
    ...(unitId ? { unitId } : {}),
    password: 'First#Pass2019',
  });
  expect(res.status).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  await confirmAccountRequest(id);
  return id;
}

describe('a reset password', () => {
  it('must be changed before anything else, then the app opens', async () => {
    const office = await apiSession(baseUrl, 'office');
    const units = (await (await office('GET', '/units?q=XZ04')).json()) as { items: { id: string; code: string }[] };
    const townId = await createAccount(
      TOWN_USER,
      '南湖镇测试员',
      'unit',
      units.items.find((u) => u.code === 'XZ04')?.id,
    );
    const admin = await apiSession(baseUrl, 'sysadmin');
    expect((await admin('POST', `/users/${townId}/reset-password`, { password: 'Reset#Pass2019' })).status).toBe(202);
    await confirmAccountRequest(townId);

    const { context, page } = await newPage(browser());
    await signIn(page, TOWN_USER, 'Reset#Pass2019');
    await page.getByTestId('must-change').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    // Any other page leads back here until the password is changed.
    await page.goto(`${baseUrl}/units`);
    await page.getByTestId('must-change').waitFor();
    await shot(page, 'account-must-change');
    await page.getByTestId('current-password').fill('Reset#Pass2019');
    await page.getByTestId('new-password').fill('Nanhu#Town2019');
    await page.getByTestId('confirm-password').fill('Nanhu#Town2019');
    await page.getByTestId('change-password').click();
    await page.getByTestId('must-change').waitFor({ state: 'detached' });
    await page.goto(baseUrl);
    await page.getByTestId('overview-page').waitFor();
    await context.close();
  });
});

describe('two-factor authentication', () => {
  it('a leader enrols an authenticator, and the next sign-in asks for its code', async () => {
    await createAccount(LEADER_USER, '县领导测试', 'leader');
    // The first password is a one-time one: the leader sets their own before the test starts.
    const first = await apiSession(baseUrl, LEADER_USER, 'First#Pass2019');
    const changed = await first('POST', '/auth/password', {
      currentPassword: 'First#Pass2019',
      newPassword: LEADER_PASSWORD,
    });
    expect(changed.status).toBe(204);

    const { context, page } = await newPage(browser());
    await signIn(page, LEADER_USER, LEADER_PASSWORD);
    await page.getByTestId('overview-page').waitFor();
    await page.goto(`${baseUrl}/account`);
    await page.getByTestId('totp-start').click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, 'account-totp');
    await page.getByTestId('totp-code').fill(hotp(base32Decode(secret), totpStep(Date.now())));
    await page.getByRole('button', { name: '验证并启用' }).click();
    await expect.poll(() => page.getByTestId('totp-status').textContent()).toBe('已启用');
    await context.close();

    const second = await newPage(browser());
    await signIn(second.page, LEADER_USER, LEADER_PASSWORD);
    await second.page.getByTestId('login-otp').waitFor();
    // The enrolment used the current step; the next step's code is new and within the allowed drift.
    await second.page.getByTestId('login-otp').fill(hotp(base32Decode(secret), totpStep(Date.now()) + 1));
    await second.page.getByTestId('login-submit').click();
    await second.page.getByTestId('overview-page').waitFor();
    await second.context.close();
  });
});

describe('the auditor', () => {
  it('finds the password reset in the audit log and verifies the chain', async () => {
    const { context, page } = await newPage(browser());
    await signIn(page, 'auditor');
    await page.getByTestId('overview-page').waitFor();
    await page.getByTestId('menu-audit').click();
    // the confirmed reset (the request before it reads 申请重置账号 … 待安全管理员确认)
    await page.getByTestId('audit-table').getByText(`重置账号 ${TOWN_USER} 的密码（`).waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').getByText('审计链完整').waitFor();
    await shot(page, 'audit');
    await context.close();
  });
});
