import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import type { DiagnosticsResult } from '@yardstick/engine';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase, type DbHandle } from '../src/db/client';
import { tenants, users } from '../src/db/schema';
import { countyIdentity, documentNumber, identityOf } from '../src/modules/counties/service';
import { buildBulletin } from '../src/modules/results/bulletin';
import type { RankingView } from '../src/modules/results/views';
import { DEMO_PASSWORD, DEMO_TENANT } from '../src/seed/demo-county';
import { bannerLines } from '../src/commands/banner';
import { hashPassword } from '../src/modules/auth/passwords';
import { TEST_SIGNING_KEY } from './helpers';
import { TEMPLATE_FILE } from './paths';

const root = path.resolve(import.meta.dirname, '../../..');
const TOKEN = 'setup-token-for-tests-123';
const ADMIN_PASSWORD = 'Qingshan@2026x';

/** The first-run API needs an empty database: always its own PGlite (a shared PostgreSQL holds other files' counties). */
async function emptyDatabase(): Promise<DbHandle> {
  return openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
}

const setupBody = (over: Record<string, unknown> = {}) => ({
  token: TOKEN,
  code: 'qingshan',
  name: '青山县',
  docNumberPattern: '青考核办〔{year}〕{n}号',
  sysadmin: { username: 'qs.sys', displayName: '系统管理员', password: ADMIN_PASSWORD },
  secadmin: { username: 'qs.sec', displayName: '安全管理员', password: ADMIN_PASSWORD },
  auditor: { username: 'qs.audit', displayName: '审计管理员', password: ADMIN_PASSWORD },
  ...over,
});

describe('first run: GET /api/setup/status and POST /api/setup/county', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    handle = await emptyDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUDIT_SIGNING_KEY: TEST_SIGNING_KEY });
    app = await buildApp({ handle, config, logger: false, setupToken: TOKEN });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });
  const post = (payload: Record<string, unknown>, lang = 'zh-CN') =>
    app.inject({ method: 'POST', url: '/api/setup/county', payload, headers: { 'accept-language': lang } });
  const countyCount = async () => (await handle.db.select().from(tenants)).length;

  it('an empty database needs setup', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/setup/status' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ needsSetup: true });
  });

  it('refuses a missing or wrong token, a pattern without {n} and a weak password; nothing is written', async () => {
    const wrong = await post(setupBody({ token: 'guess' }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('SETUP_TOKEN_INVALID');
    const missing = await post({ ...setupBody(), token: undefined });
    expect(missing.statusCode).toBe(400);
    const pattern = await post(setupBody({ docNumberPattern: '青考核办〔{year}〕号' }), 'en');
    expect(pattern.statusCode).toBe(400);
    expect(pattern.body).toContain('{n}');
    const weak = await post(setupBody({ auditor: { username: 'qs.audit', displayName: '审计', password: 'short' } }));
    expect(weak.statusCode).toBe(400);
    const same = await post(
      setupBody({ secadmin: { username: 'qs.sys', displayName: 'x', password: ADMIN_PASSWORD } }),
    );
    expect(same.statusCode).toBe(409);
    expect(await countyCount()).toBe(0);
  });

  it('creates the county, its identity and the three administrators once; 409 for ever after', async () => {
    const res = await post(setupBody());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      code: 'qingshan',
      name: '青山县',
      issuingOrgan: '中共青山县委考核工作领导小组办公室',
      docNumberPattern: '青考核办〔{year}〕{n}号',
      signatureOrgan: '中共青山县委考核工作领导小组办公室',
    });
    expect(body.admins.map((a: { role: string }) => a.role)).toEqual(['sysadmin', 'secadmin', 'auditor']);
    expect((await app.inject({ method: 'GET', url: '/api/setup/status' })).json()).toEqual({ needsSetup: false });
    const again = await post(setupBody({ code: 'other' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_DONE');
    // Even with the right token and a fresh code: the page is closed once a county exists.
    expect(await countyCount()).toBe(1);
    const rows = await handle.db.select().from(users);
    expect(rows.map((u) => [u.username, u.role, u.mustChangePassword]).sort()).toEqual([
      ['qs.audit', 'auditor', true],
      ['qs.sec', 'secadmin', true],
      ['qs.sys', 'sysadmin', true],
    ]);
  });

  it('each administrator must change the password at the first sign-in before anything else', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'qs.sys', password: ADMIN_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    expect(login.json().user.tenantName).toBe('青山县');
    const cookie = `ys_session=${login.cookies.find((c) => c.name === 'ys_session')?.value}`;
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
    const blocked = await app.inject({ method: 'GET', url: '/api/users', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'Changed@Qingshan9' },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    const relogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'qs.sys', password: 'Changed@Qingshan9' },
    });
    expect(relogin.json().mustChangePassword).toBe(false);
  });

  it("the county's bulletin carries its own red header, number and signature (not 示范县)", async () => {
    const [row] = await handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, 'qingshan'));
    const identity = await identityOf(handle.db, row?.id ?? '');
    const docx = await buildBulletin({
      year: 2026,
      countyName: identity.name,
      identity,
      schemeName: '青山县2026年度实绩考核方案',
      ranking: {
        year: 2026,
        source: 'published',
        snapshot: null,
        publishable: true,
        tiers: [],
        groups: [],
      } as RankingView,
      diagnostics: {
        headline: { indicators: 0, fullMarkIndicators: 0, indicatorShare: 0, pointsShare: 0, assessors: [], items: [] },
        groups: [],
      } as unknown as DiagnosticsResult,
      redLights: null,
      cityRedLights: null,
      docNo: 3,
      day: '2027-01-15',
      preview: false,
      correction: null,
    });
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string');
    expect(xml).toContain('中共青山县委考核工作领导小组办公室');
    expect(xml).toContain('青考核办〔2027〕3号');
    expect(xml).not.toContain('示范县');
    expect(xml).not.toContain('县考核办〔');
  });
});

describe('the start-up banner', () => {
  it('on an empty database: how to create the first county, with the setup token; no demo password', async () => {
    const handle = await emptyDatabase();
    try {
      const lines = (await bannerLines(handle.db, 'http://localhost:3000', 'tok-123')).join('\n');
      expect(lines).toContain('yardstick county create');
      expect(lines).toContain('http://localhost:3000');
      expect(lines).toContain('tok-123');
      expect(lines).not.toContain(DEMO_PASSWORD);
    } finally {
      await handle.close();
    }
  });

  it('lists only demo accounts that exist, with the demo password only while they still have it', async () => {
    const handle = await emptyDatabase();
    try {
      const [demo] = await handle.db
        .insert(tenants)
        .values({ code: DEMO_TENANT.code, name: DEMO_TENANT.name, currentYear: 2019 })
        .returning();
      const [other] = await handle.db
        .insert(tenants)
        .values({ code: 'hexi', name: '河西县', currentYear: 2026 })
        .returning();
      const tenantId = demo?.id ?? '';
      await handle.db.insert(users).values([
        {
          tenantId,
          username: 'office',
          displayName: '李明',
          role: 'office',
          passwordHash: await hashPassword(DEMO_PASSWORD),
        },
        {
          tenantId,
          username: 'sysadmin',
          displayName: '赵磊',
          role: 'sysadmin',
          passwordHash: await hashPassword('Changed@Demo99'),
        },
        {
          tenantId: other?.id ?? '',
          username: 'leader',
          displayName: 'x',
          role: 'leader',
          passwordHash: await hashPassword(DEMO_PASSWORD),
        },
      ]);
      const lines = await bannerLines(handle.db, 'http://localhost:3000', null);
      const text = lines.join('\n');
      expect(text).toContain('河西县(hexi)');
      const demoLines = lines.filter((l) => /^ {4}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
      expect(demoLines).toEqual(['office']);
      expect(text).toContain(`password ${DEMO_PASSWORD}`);
      expect(text).toMatch(/changed password: sysadmin$/m);
      expect(text).not.toMatch(/^ {4}(unit|leader|assessor)\b/m);
      // Every demo account changed: the password is not printed at all.
      await handle.db
        .update(users)
        .set({ passwordHash: await hashPassword('Changed@Demo98') })
        .where(eq(users.username, 'office'));
      expect((await bannerLines(handle.db, 'http://localhost:3000', null)).join('\n')).not.toContain(DEMO_PASSWORD);
    } finally {
      await handle.close();
    }
  });
});

describe('identity helpers', () => {
  it("the demo county's seeded identity is the look its documents always had", () => {
    expect(countyIdentity({ name: DEMO_TENANT.name })).toEqual({
      issuingOrgan: DEMO_TENANT.issuingOrgan,
      docNumberPattern: DEMO_TENANT.docNumberPattern,
      signatureOrgan: DEMO_TENANT.signatureOrgan,
    });
    expect(documentNumber(DEMO_TENANT.docNumberPattern, 2019, 1)).toBe('县考核办〔2019〕1号');
    expect(documentNumber('青考核办〔{n}〕号', 2019, 12)).toBe('青考核办〔12〕号');
  });
});

// Each command starts node, tsx and an embedded PostgreSQL: slow on a loaded machine.
describe('yardstick county create and users --tenant (CLI, its own embedded database)', { timeout: 300_000 }, () => {
  let dir: string;
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...env } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/yardstick.js'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...env, DATA_DIR: dir, LOG_LEVEL: 'silent' },
    });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-county-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('with no county, users commands say how to create one', () => {
    const r = run('users', 'list');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('yardstick county create');
  });

  it('creates a county with its identity and three administrators with one-time passwords', () => {
    const r = run(
      'county',
      'create',
      '--code',
      'qingshan',
      '--name',
      '青山县',
      '--doc-number-pattern',
      '青考核办〔{year}〕{n}号',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('中共青山县委考核工作领导小组办公室');
    expect(r.stdout).toContain('青考核办〔{year}〕{n}号');
    for (const u of ['qingshan.sysadmin', 'qingshan.secadmin', 'qingshan.auditor']) {
      const line = r.stdout.split('\n').find((l) => l.includes(u));
      // username, then a generated password that meets the policy
      expect(line?.trim().split(/\s+/)[1]).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{16}$/);
    }
  });

  it('refuses a duplicate code and a pattern without {n}, writing nothing', () => {
    const dup = run('county', 'create', '--code', 'qingshan', '--name', '另一个县');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('县区编码 qingshan 已存在');
    expect(dup.stderr).toContain('already exists');
    const bad = run(
      'county',
      'create',
      '--code',
      'hexi',
      '--name',
      '河西县',
      '--doc-number-pattern',
      '河考核办〔{year}〕号',
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('{n}');
    const list = run('county', 'list');
    expect(list.stdout).toContain('qingshan');
    expect(list.stdout).not.toContain('hexi');
    expect(list.stdout).not.toContain('另一个县');
  });

  it('users create / list / reset-password work for the only county without --tenant', () => {
    const c = run(
      'users',
      'create',
      '--username',
      'office1',
      '--display-name',
      '李四',
      '--role',
      'office',
      '--password',
      'Office@Qingshan1',
    );
    expect(c.status, c.stderr).toBe(0);
    const list = run('users', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('office1');
    expect(list.stdout).toContain('qingshan.sysadmin');
    const reset = run('users', 'reset-password', 'office1', '--password', 'Office@Qingshan2');
    expect(reset.status, reset.stderr).toBe(0);
  });

  it('with several counties, --tenant is required (the codes are listed) and works for each', () => {
    expect(run('county', 'create', '--code', 'hexi', '--name', '河西县').status).toBe(0);
    const refused = run('users', 'list');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('hexi, qingshan');
    const c = run(
      'users',
      'create',
      '--tenant',
      'hexi',
      '--username',
      'office1',
      '--display-name',
      '王五',
      '--role',
      'office',
      '--password',
      'Office@Hexi0001',
    );
    expect(c.status, c.stderr).toBe(0);
    const hexi = run('users', 'list', '--tenant', 'hexi');
    expect(hexi.stdout).toContain('hexi.sysadmin');
    expect(hexi.stdout).not.toContain('qingshan.');
  });
});
