import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPerFile, newPage, pickOption, PHONE, shot } from './browser';
import type { Page } from 'playwright-core';

/**
 * A county from zero (issue 15): a server of its own on an empty database with SEED_DEMO=false. The first-run page
 * creates the county and its three administrators; each signs in and must change the password first.
 */
const root = path.resolve(import.meta.dirname, '..');
const browser = browserPerFile();
const TOKEN = `e2e-setup-${Date.now().toString(36)}`;
const INITIAL = 'Initial#Qs2026';
const ADMINS = [
  { role: 'sysadmin', username: 'qingshan.sysadmin', name: '赵系统' },
  { role: 'secadmin', username: 'qingshan.secadmin', name: '钱安全' },
  { role: 'auditor', username: 'qingshan.auditor', name: '孙审计' },
] as const;

let child: ChildProcess;
let dataDir: string;
let baseUrl: string;
let output = '';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-e2e-county-'));
  const port = 4000 + Math.floor(Math.random() * 800);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    SETUP_TOKEN: TOKEN,
    LOGIN_RATE_LIMIT: '1000',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  child = spawn(process.execPath, [path.join(root, 'bin/yardstick.js'), 'serve'], { cwd: root, env });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok && output.includes('Yardstick')) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a county from zero', () => {
  it('the banner lists no demo account and says how to create the first county, with the setup token', () => {
    expect(output).not.toContain('Yardstick@2019');
    expect(output).not.toContain('演示账号');
    expect(output).toContain('yardstick county create');
    expect(output).toContain(TOKEN);
  });

  it('the sign-in page gives way to the first-run page, on a phone too', async () => {
    const phone = await newPage(browser(), PHONE);
    await phone.page.goto(baseUrl);
    await phone.page.getByTestId('setup-page').waitFor();
    expect(new URL(phone.page.url()).pathname).toBe('/setup');
    await shot(phone.page, 'county-setup-phone');
    await phone.context.close();
  });

  it('the first-run page creates the county and its three administrators (wrong token refused)', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('setup-page').waitFor();
    await page.getByTestId('setup-token').fill('wrong-token');
    await page.getByTestId('setup-name').fill('青山县');
    await page.getByTestId('setup-code').fill('qingshan');
    await page.getByTestId('setup-pattern').fill('青考核办〔{year}〕{n}号');
    for (const a of ADMINS) {
      // The usernames follow the code.
      expect(await page.getByTestId(`setup-${a.role}-username`).inputValue()).toBe(a.username);
      await page.getByTestId(`setup-${a.role}-name`).fill(a.name);
      await page.getByTestId(`setup-${a.role}-password`).fill(INITIAL);
      await page.getByTestId(`setup-${a.role}-confirm`).fill(INITIAL);
    }
    await shot(page, 'county-setup-desktop');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-error').waitFor();
    expect(await page.getByTestId('setup-error').innerText()).toContain('设置口令');
    await page.getByTestId('setup-token').fill(TOKEN);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-done').waitFor();
    const done = await page.getByTestId('setup-done').innerText();
    for (const a of ADMINS) expect(done).toContain(a.username);
    expect(done).toContain('中共青山县委考核工作领导小组办公室');
    await shot(page, 'county-setup-done');
    await page.getByTestId('setup-to-login').click();
    await page.getByTestId('login-form').waitFor();
    await context.close();
    // Closed for good.
    const again = await fetch(`${baseUrl}/api/setup/status`);
    expect(await again.json()).toEqual({ needsSetup: false });
  });

  it('each administrator signs in and must change the password first', async () => {
    for (const a of ADMINS) {
      const { context, page } = await newPage(browser());
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-username').fill(a.username);
      await page.getByTestId('login-password').fill(INITIAL);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('must-change').waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.getByTestId('current-password').fill(INITIAL);
      await page.getByTestId('new-password').fill('Changed#Qs2026x');
      await page.getByTestId('confirm-password').fill('Changed#Qs2026x');
      await page.getByTestId('change-password').click();
      await page.getByTestId('must-change').waitFor({ state: 'detached' });
      await context.close();
    }
  });

  it('the system administrator creates the office account, the security administrator confirms it, the office signs in', async () => {
    const CHANGED = 'Changed#Qs2026x';
    const signIn = async (page: Page, username: string, password: string) => {
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
    };
    const sys = await newPage(browser());
    await signIn(sys.page, 'qingshan.sysadmin', CHANGED);
    await sys.page.waitForURL((u) => u.pathname !== '/login');
    await sys.page.goto(`${baseUrl}/users`);
    await sys.page.getByTestId('users-page').waitFor();
    await sys.page.getByTestId('user-create').click();
    await sys.page.getByTestId('user-form-username').fill('qs.office');
    await sys.page.getByTestId('user-form-displayName').fill('周考核');
    await pickOption(sys.page, 'user-form-role', '考核办');
    await sys.page.getByTestId('user-form-password').fill('Office#Qs2026');
    await sys.page.getByTestId('user-form-ok').click();
    await sys.page.getByTestId('user-edit-qs.office').waitFor();
    await sys.context.close();

    const sec = await newPage(browser());
    await signIn(sec.page, 'qingshan.secadmin', CHANGED);
    await sec.page.waitForURL((u) => u.pathname !== '/login');
    await sec.page.goto(`${baseUrl}/account`);
    await sec.page.getByTestId('request-confirm-qs.office').click();
    await sec.page.getByTestId('request-confirm-qs.office').waitFor({ state: 'detached' });
    await sec.context.close();

    const office = await newPage(browser());
    await signIn(office.page, 'qs.office', 'Office#Qs2026');
    await office.page.getByTestId('must-change').waitFor();
    await office.page.getByTestId('current-password').fill('Office#Qs2026');
    await office.page.getByTestId('new-password').fill('Office#Qs2026b');
    await office.page.getByTestId('confirm-password').fill('Office#Qs2026b');
    await office.page.getByTestId('change-password').click();
    await office.page.getByTestId('must-change').waitFor({ state: 'detached' });
    await office.page.goto(baseUrl);
    await office.page.getByTestId('overview-page').waitFor();
    expect(await office.page.locator('body').innerText()).toContain('青山县');
    expect(await office.page.locator('body').innerText()).not.toContain('示范县');
    await shot(office.page, 'county-office-overview');
    await office.context.close();
  });
});
