import { auditAnchorJob } from '../audit/anchors';
import { cityWarningJob } from '../city/warnings';
import { lightsJob, redLightOverdueJob } from '../lights/jobs';
import { digestJob } from '../notifications/digest';
import { supervisionOverdueJob } from '../supervision/overdue';
import type { DailyJob } from './job';

export type { DailyJob, JobContext } from './job';

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
