/**
 * The light of one process node (docs/in-year.md "Light rules"). Pure: days are Asia/Shanghai 'YYYY-MM-DD'
 * strings (lib/day.ts), so the caller decides what "today" is.
 *
 * | light  | reason    | when                                                                                  |
 * |--------|-----------|---------------------------------------------------------------------------------------|
 * | red    | failed    | the assessor marked the node failed (status `failed`), whatever the day               |
 * | green  | done      | due day passed (or today) and a submitted/approved report reached the expected progress |
 * | red    | missed    | the due day passed without a submitted/approved report at the expected progress       |
 * | green  | onTrack   | not yet due, a submitted/approved report already reached the expected progress        |
 * | yellow | dueSoon   | due within the warning window (0 … warningDays days left) and not on track            |
 * | yellow | lagging   | not yet in the window, but the reported progress is behind the pro-rata expectation   |
 * | green  | notDue    | not yet in the window and not lagging                                                 |
 */
import { daysBetween } from '../../lib/day';

export type Light = 'green' | 'yellow' | 'red';
export type LightReason = 'failed' | 'done' | 'missed' | 'onTrack' | 'dueSoon' | 'lagging' | 'notDue';
export type ReportStatus = 'none' | 'draft' | 'submitted' | 'returned' | 'approved' | 'failed';

export interface NodeLightInput {
  /** Today (Asia/Shanghai). */
  today: string;
  /** The node's due day: the node is met if the report is in by the end of this day. */
  due: string;
  /** The day the node's period began (previous node's due day, or 1 January), for the pro-rata expectation. */
  start: string;
  /** Expected progress at the node, percent. */
  expected: number;
  warningDays: number;
  status: ReportStatus;
  /** The reported progress, percent (null when none). */
  progress: number | null;
}

export interface NodeLight {
  light: Light;
  reason: LightReason;
}

/** A report counts toward the node once submitted (the unit is not held up by the assessor's queue). */
export function onTrack(i: Pick<NodeLightInput, 'status' | 'progress' | 'expected'>): boolean {
  return (i.status === 'submitted' || i.status === 'approved') && i.progress !== null && i.progress >= i.expected;
}

export function nodeLight(i: NodeLightInput): NodeLight {
  if (i.status === 'failed') return { light: 'red', reason: 'failed' };
  const left = daysBetween(i.today, i.due);
  const met = onTrack(i);
  if (left < 0) return met ? { light: 'green', reason: 'done' } : { light: 'red', reason: 'missed' };
  if (met) return { light: 'green', reason: left === 0 ? 'done' : 'onTrack' };
  if (left <= i.warningDays) return { light: 'yellow', reason: 'dueSoon' };
  // Lagging: a reported progress below what the node's period so far would expect (linear from `start`).
  if (i.progress !== null && i.status !== 'none') {
    const span = daysBetween(i.start, i.due);
    const elapsed = daysBetween(i.start, i.today);
    if (span > 0 && elapsed > 0) {
      const expectedNow = (i.expected * Math.min(elapsed, span)) / span;
      if (i.progress < expectedNow) return { light: 'yellow', reason: 'lagging' };
    }
  }
  return { light: 'green', reason: 'notDue' };
}
