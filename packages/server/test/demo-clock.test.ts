/**
 * Issue 18: the demo looks the same on any clock. The demo's 2019 is pinned to 2019-07-15 (the scheme's
 * `meta.inYear.asOf`); the daily jobs of a server started years later (here 2026-12-07) must run for the pinned day:
 * no flood of "红灯说明逾期未交" notices, no new red lights, and the 2019 preview stays valid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import type { DbHandle } from '../src/db/client';
import { notifications, redLightItems, resultReviews, supervisionItems, tenants } from '../src/db/schema';
import { collectInputs } from '../src/modules/results/collect';
import { runDailyJobs } from '../src/modules/scheduler/runner';
import { seedDemo } from '../src/seed/demo';
import { openTestDatabase, TEST_SIGNING_KEY } from './helpers';

let handle: DbHandle;
let tenantId = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-demo-clock-'));
const savedDataDir = process.env.DATA_DIR;
beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  handle = await openTestDatabase();
  const existing = await handle.db.select().from(tenants).where(eq(tenants.code, 'demo'));
  tenantId = existing[0]?.id ?? (await seedDemo(handle.db)).tenantId;
}, 400_000);
afterAll(async () => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const count = async (kind: string) =>
  (
    await handle.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.kind, kind)))
  ).length;

describe('the demo started on a clock far from its pinned day', () => {
  it('runs the daily jobs for 2019-07-15: no overdue flood, no new red lights, the preview stays valid', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUDIT_SIGNING_KEY: TEST_SIGNING_KEY });
    const reviewsBefore = await handle.db.select().from(resultReviews).where(eq(resultReviews.tenantId, tenantId));
    const digestsBefore = new Map<number, string>();
    for (const r of reviewsBefore) digestsBefore.set(r.year, r.inputsDigest);
    const overdueBefore = await count('answerOverdue');
    const supNoticesBefore = await count('supervisionOverdue');
    const redBefore = (await handle.db.select().from(redLightItems).where(eq(redLightItems.tenantId, tenantId))).length;
    const supBefore = await handle.db.select().from(supervisionItems).where(eq(supervisionItems.tenantId, tenantId));

    const now = new Date('2026-12-07T02:00:00Z');
    const runs = await runDailyJobs(handle.db, config, { day: '2026-12-07', now });
    expect(runs.filter((r) => r.outcome === 'failed')).toEqual([]);

    expect(await count('answerOverdue')).toBe(overdueBefore);
    expect(await count('supervisionOverdue')).toBe(supNoticesBefore);
    const redAfter = (await handle.db.select().from(redLightItems).where(eq(redLightItems.tenantId, tenantId))).length;
    expect(redAfter).toBe(redBefore);
    const supAfter = await handle.db.select().from(supervisionItems).where(eq(supervisionItems.tenantId, tenantId));
    expect(supAfter.map((s) => s.status).sort()).toEqual(supBefore.map((s) => s.status).sort());
    // Every computed preview (2019's in-year preview among them) still matches its inputs.
    expect(digestsBefore.size).toBeGreaterThan(0);
    for (const [year, digest] of digestsBefore) {
      expect((await collectInputs(handle.db, tenantId, year)).inputsDigest, `preview ${year}`).toBe(digest);
    }
  }, 120_000);

  it('still tells the office of answers that fall due: a day given by hand (2019-07-21) wins over the pin', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUDIT_SIGNING_KEY: TEST_SIGNING_KEY });
    const before = await count('answerOverdue');
    const runs = await runDailyJobs(handle.db, config, { day: '2019-07-21', now: new Date('2026-12-08T02:00:00Z') });
    expect(runs.find((r) => r.job === 'redlights-overdue')?.outcome).toBe('ok');
    // The red lights of 2019-07-15 were due 2019-07-20: those still open or returned are now flagged, once each.
    expect(await count('answerOverdue')).toBeGreaterThan(before);
  }, 120_000);
});
