import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { auditAnchorJob } from '../audit/anchors';
import { cityWarningJob } from '../city/warnings';
import { lightsJob, redLightOverdueJob } from '../lights/jobs';
import { digestJob } from '../notifications/digest';
import { supervisionOverdueJob } from '../supervision/overdue';

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

/** Every daily job, in the order they run. Modules add theirs here. */
export const DAILY_JOBS: DailyJob[] = [
  // --- issue 5 jobs: lights recompute (before the digest), red-light overdue flags ---
  lightsJob,
  redLightOverdueJob,
  supervisionOverdueJob,
  cityWarningJob,
  // --- issue 5 jobs: notifications digest (last) ---
  digestJob,
  // --- issue 14: sign the audit chain's head and export it as an anchor file (AUDIT_ANCHOR_DIR) ---
  auditAnchorJob,
];
