// The shape of a daily job, apart from the list of jobs (jobs.ts), so job modules do not import the list that
// imports them.
import type { Config } from '../../config';
import type { Database } from '../../db/client';

export interface JobContext {
  db: Database;
  config: Config;
  /** The Asia/Shanghai day the run is for (lib/day.ts). */
  day: string;
  now: Date;
}

/** A job that runs once a day across all instances and all counties (the scheduler claims the day in the DB). */
export interface DailyJob {
  name: string;
  /** Returns a small summary kept with the run (counts, not data). */
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}
