import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerRuns } from '../src/db/schema';
import { DAILY_JOBS } from '../src/modules/scheduler/jobs';
import { runDailyJobs } from '../src/modules/scheduler/runner';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('daily job runner', () => {
  it('two runners racing the same day: the job runs once, the other instance skips it', async () => {
    let runs = 0;
    const job = {
      name: `race-${Date.now()}`,
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 20));
        return { runs };
      },
    };
    const [a, b] = await Promise.all([
      runDailyJobs(ctx.handle.db, ctx.config, { day: '2019-07-15', instance: 'a', jobs: [job] }),
      runDailyJobs(ctx.handle.db, ctx.config, { day: '2019-07-15', instance: 'b', jobs: [job] }),
    ]);
    expect(runs).toBe(1);
    expect([a[0]?.outcome, b[0]?.outcome].sort()).toEqual(['ok', 'skipped']);
    const rows = await ctx.handle.db.select().from(schedulerRuns).where(eq(schedulerRuns.job, job.name));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ day: '2019-07-15', outcome: 'ok' });
    // The next day runs again.
    await runDailyJobs(ctx.handle.db, ctx.config, { day: '2019-07-16', jobs: [job] });
    expect(runs).toBe(2);
  });

  it('a failing job is recorded as failed with its message and does not stop the others', async () => {
    const bad = { name: `bad-${Date.now()}`, run: () => Promise.reject(new Error('boom')) };
    const good = { name: `good-${Date.now()}`, run: () => Promise.resolve({ fine: true }) };
    const out = await runDailyJobs(ctx.handle.db, ctx.config, { day: '2019-07-15', jobs: [bad, good] });
    expect(out.map((r) => r.outcome)).toEqual(['failed', 'ok']);
    const [row] = await ctx.handle.db.select().from(schedulerRuns).where(eq(schedulerRuns.job, bad.name));
    expect(row?.detail).toEqual({ error: 'boom' });
  });

  it('the lights job and the red-light overdue flags are registered, lights first', () => {
    const names = DAILY_JOBS.map((j) => j.name);
    expect(names).toContain('lights');
    expect(names.indexOf('lights')).toBeLessThan(names.indexOf('redlights-overdue'));
  });
});
