/**
 * The one place appeals reach into modules/results: an accepted appeal publishes a correction snapshot through
 * `publishCorrection` (computed again from the database as it is now), with the appeal id in its reason.
 */
import type { Database } from '../../db/client';
import type { Actor } from '../auth/actor';
import { publishCorrection } from '../results/service';

export async function publishCorrectionFor(
  db: Database,
  actor: Actor,
  input: { year: number; reason: string; appealId: string },
): Promise<{ id: string; seq: number }> {
  const snapshot = await publishCorrection(db, actor, input);
  return { id: snapshot.id, seq: snapshot.seq };
}
