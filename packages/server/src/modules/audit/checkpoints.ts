import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { auditCheckpoints, auditLog } from '../../db/schema';

/**
 * The signing key lives outside the database: someone who can rewrite the audit table (and recompute every
 * hash after an edit) still cannot forge a checkpoint. Several instances must share AUDIT_SIGNING_KEY.
 */
export function signingKey(config: Config): Buffer {
  if (config.auditSigningKey) return Buffer.from(config.auditSigningKey);
  const file = path.join(config.dataDir, 'audit-signing.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim());
}

export const signCheckpoint = (key: Buffer, lastAuditId: number, headHash: string) =>
  createHmac('sha256', key).update(`${lastAuditId}:${headHash}`).digest('hex');
const sign = signCheckpoint;

/** Signs the current head of the chain; nothing is written when the head is already signed. */
export async function writeCheckpoint(db: Database, key: Buffer): Promise<{ lastAuditId: number } | null> {
  const [head] = await db
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!head) return null;
  const [last] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.lastAuditId)).limit(1);
  if (last && last.lastAuditId === head.id) return { lastAuditId: head.id };
  await db
    .insert(auditCheckpoints)
    .values({ lastAuditId: head.id, headHash: head.hash, signature: sign(key, head.id, head.hash) });
  return { lastAuditId: head.id };
}

export interface CheckpointVerification {
  checked: number;
  firstBad: { lastAuditId: number; reason: 'bad_signature' | 'hash_differs' | 'record_missing' } | null;
}

/** Each checkpoint must carry a valid signature and still match the record it signed. */
export async function verifyCheckpoints(db: Database, key: Buffer): Promise<CheckpointVerification> {
  const rows = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.lastAuditId));
  // Checkpoints before the first kept record signed records that retention pruning removed (audit/retention.ts).
  const [first] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id)).limit(1);
  const firstKept = first?.id ?? Number.POSITIVE_INFINITY;
  let checked = 0;
  for (const c of rows) {
    const expected = Buffer.from(sign(key, c.lastAuditId, c.headHash));
    const got = Buffer.from(c.signature);
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
      return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'bad_signature' } };
    }
    if (c.lastAuditId < firstKept) {
      checked++;
      continue;
    }
    const [rec] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, c.lastAuditId));
    if (!rec) return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'record_missing' } };
    if (rec.hash !== c.headHash) return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'hash_differs' } };
    checked++;
  }
  return { checked, firstBad: null };
}
