/**
 * Runs DAILY_JOBS once per Asia/Shanghai day across all instances: a job's run is claimed by inserting its
 * (job, day) row in `scheduler_runs`; the unique key makes every other instance skip it. A failed run stays
 * failed for that day (its error is kept in `detail`); the next day runs again. `serve` checks every few
 * minutes (first check at start); `yardstick jobs run [--day D]` runs a day by hand.
 */
import os from 'node:os';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { schedulerRuns } from '../../db/schema';
import { shanghaiDay } from '../../lib/day';
import { DAILY_JOBS, type DailyJob } from './jobs';

export interface JobRun {
  job: string;
  day: string;
  outcome: 'ok' | 'failed' | 'skipped';
  detail?: Record<string, unknown>;
}

export const INSTANCE = `${os.hostname()}:${process.pid}`;

export async function runDailyJobs(
  db: Database,
  config: Config,
  opts: { day?: string; now?: Date; instance?: string; jobs?: readonly DailyJob[] } = {},
): Promise<JobRun[]> {
  const now = opts.now ?? new Date();
  const day = opts.day ?? shanghaiDay(now);
  const out: JobRun[] = [];
  for (const job of opts.jobs ?? DAILY_JOBS) {
    const claimed = await db
      .insert(schedulerRuns)
      .values({ job: job.name, day, instance: opts.instance ?? INSTANCE })
      .onConflictDoNothing()
      .returning({ id: schedulerRuns.id });
    const run = claimed[0];
    if (!run) {
      out.push({ job: job.name, day, outcome: 'skipped' });
      continue;
    }
    try {
      const detail = await job.run({ db, config, day, now });
      await db
        .update(schedulerRuns)
        .set({ outcome: 'ok', finishedAt: new Date(), detail })
        .where(eq(schedulerRuns.id, run.id));
      out.push({ job: job.name, day, outcome: 'ok', detail });
    } catch (err) {
      const detail = { error: err instanceof Error ? err.message : String(err) };
      await db
        .update(schedulerRuns)
        .set({ outcome: 'failed', finishedAt: new Date(), detail })
        .where(eq(schedulerRuns.id, run.id));
      out.push({ job: job.name, day, outcome: 'failed', detail });
    }
  }
  return out;
}

/** Checks every `everyMs` (default 5 minutes, first check now) whether today's jobs ran; returns a stop function. */
export function startScheduler(
  db: Database,
  config: Config,
  log: { error(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void },
  everyMs = 5 * 60_000,
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runDailyJobs(db, config)
      .then((runs) => {
        const ran = runs.filter((r) => r.outcome !== 'skipped');
        if (ran.length > 0) log.info({ runs: ran }, 'daily jobs ran');
        for (const r of ran) if (r.outcome === 'failed') log.error({ run: r }, 'daily job failed');
      })
      .catch((err: unknown) => log.error({ err }, 'scheduler check failed'))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
