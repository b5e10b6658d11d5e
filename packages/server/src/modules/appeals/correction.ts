/**
 * The one place appeals reach into modules/results: an accepted appeal prepares (or joins) the year's correction
 * DRAFT (`prepareCorrection`, computed again from the database as it is now). Nothing is republished here: a
 * leader approves the draft and the office publishes it (modules/results/corrections.ts).
 */
import type { Database } from '../../db/client';
import type { Actor } from '../auth/actor';
import { prepareCorrection } from '../results/corrections';

export async function prepareCorrectionFor(
  db: Database,
  actor: Actor,
  input: { year: number; reason: string; appealId: string; at?: Date | undefined },
): Promise<{ id: string; changes: number }> {
  const draft = await prepareCorrection(db, actor, input);
  return { id: draft.id, changes: draft.changes.length };
}
