/**
 * The one place appeals reach into modules/results: an accepted appeal publishes a correction snapshot through
 * `publishCorrection` (computed again from the database as it is now); the appeal id goes to its audit entry.
 */
import type { Database } from '../../db/client';
import type { Actor } from '../auth/actor';
import { publishCorrection } from '../results/service';

export async function publishCorrectionFor(
  db: Database,
  actor: Actor,
  input: { year: number; reason: string; appealId: string; at?: Date | undefined },
): Promise<{ id: string; seq: number }> {
  const snapshot = await publishCorrection(db, actor, input);
  return { id: snapshot.id, seq: snapshot.seq };
}
