import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../src/db/lock';
import { AppError } from '../src/errors';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('health', () => {
  it('reports the database kind and the migration level', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.database).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(body.migration.applied).toBe(body.migration.latest);
  });

  it('answers unknown API URLs with a JSON 404, not a stack trace', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('input at the edge', () => {
  it('refuses a NUL character in any field with a clear message instead of failing in the database', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'of\u0000fice', password: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'username', message: '不能包含空字符（U+0000）' }]);
  });
});

describe('demo county', () => {
  it('seeds 示范县 once, with its groups, units and one working account per role', async () => {
    // Two at once (instances starting together) take turns: one creates, the other finds it.
    const [first, concurrent] = await Promise.all([seedDemoOnce(ctx.handle), seedDemoOnce(ctx.handle)]);
    expect(concurrent.tenantId).toBe(first.tenantId);
    const again = await seedDemoOnce(ctx.handle);
    expect(again).toEqual({ created: false, tenantId: first.tenantId });
    const s = await ctx.login('office', DEMO_PASSWORD);
    const overview = await ctx.app.inject({ method: 'GET', url: '/api/overview', headers: { cookie: s.cookie } });
    const o = overview.json();
    expect(o.tenant.name).toBe('示范县');
    expect(o.counts.townships).toBeGreaterThanOrEqual(15);
    expect(o.counts.townships).toBeLessThanOrEqual(20);
    expect(o.counts.departments).toBeGreaterThanOrEqual(35);
    expect(o.groups.map((g: { name: string }) => g.name)).toEqual(['乡镇', '党群部门', '政府部门', '垂管及其他']);
    for (const role of ['office', 'assessor', 'unit', 'leader', 'sysadmin', 'secadmin', 'auditor']) {
      expect(DEMO_ACCOUNTS.some((a) => a.username === role && a.role === role)).toBe(true);
      await ctx.login(role, DEMO_PASSWORD);
    }
  }, 180_000); // seeding the whole demo (twice at once) is slow on a busy machine: a limit, not a measurement
});

describe('data directory lock', () => {
  it('refuses a second holder while the first lives, and takes over a lock left by a dead process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-lock-'));
    const lock = acquireDataDirLock(dir);
    fs.writeFileSync(path.join(dir, 'yardstick.lock'), String(process.ppid)); // a live process that is not us
    expect(() => acquireDataDirLock(dir)).toThrow(AppError);
    try {
      acquireDataDirLock(dir);
    } catch (err) {
      expect((err as AppError).code).toBe('DATA_DIR_LOCKED');
      expect((err as AppError).localized('zh-CN')).toContain('正被进程');
    }
    fs.writeFileSync(path.join(dir, 'yardstick.lock'), '999999999'); // no such process
    const taken = acquireDataDirLock(dir);
    taken.release();
    lock.release();
    expect(fs.existsSync(path.join(dir, 'yardstick.lock'))).toBe(false);
  });
});
