import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditCheckpoints, auditLog } from '../../db/schema';
import type { Actor } from '../auth/actor';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** JSON with sorted keys, so the hash does not depend on how jsonb orders an object's keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  tenantId: string | null;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export function auditHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/**
 * Appends one record to the hash chain. Call it inside the transaction that makes the change, so the
 * change and its record commit together or not at all — and call it last: the chain's lock is held until commit.
 * The lock, the read of the previous hash and the insert are one database call (`audit_append`, migration 0011);
 * the database computes the hash from the canonical JSON built here, the same way `verifyAuditChain` checks it.
 */
export async function recordAudit(tx: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  const fields: HashedFields = {
    tenantId: actor?.tenantId ?? null,
    at: new Date().toISOString(),
    actorId: actor?.userId ?? null,
    actorName: actor ? `${actor.displayName}(${actor.username})` : null,
    actorRole: actor?.role ?? null,
    ip: actor?.ip ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    summary: entry.summary,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  // jsonb round trip: what is stored (and later verified) is the JSON of the values, not the JS objects.
  const before = fields.before === null ? null : JSON.stringify(fields.before);
  const after = fields.after === null ? null : JSON.stringify(fields.after);
  fields.before = before === null ? null : (JSON.parse(before) as unknown);
  fields.after = after === null ? null : (JSON.parse(after) as unknown);
  await tx.execute(
    sql`select audit_append(${fields.tenantId}::uuid, ${fields.at}::timestamptz, ${fields.actorId}::uuid,
        ${fields.actorName}, ${fields.actorRole}, ${fields.ip}, ${fields.action}, ${fields.entityType},
        ${fields.entityId}, ${fields.summary}, ${before}::jsonb, ${after}::jsonb, ${canonicalJson(fields)})`,
  );
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' } | null;
  /** When retention pruning removed the chain's start: the last pruned record, anchored by a signed checkpoint. */
  anchoredAfter?: number;
}

/**
 * Where the chain may start: the genesis hash, or — after retention pruning — the hash of the last pruned
 * record, as signed in a checkpoint and named by an `audit.prune` record still in the chain. Deleting the
 * oldest records any other way leaves the first kept record pointing at nothing known: a broken link.
 */
async function chainStart(
  db: Database,
  first: { id: number; prevHash: string },
): Promise<{ hash: string; anchor?: number }> {
  if (first.prevHash === GENESIS_HASH) return { hash: GENESIS_HASH };
  const [anchor] = await db
    .select()
    .from(auditCheckpoints)
    .where(lt(auditCheckpoints.lastAuditId, first.id))
    .orderBy(desc(auditCheckpoints.lastAuditId))
    .limit(1);
  if (!anchor || anchor.headHash !== first.prevHash) return { hash: GENESIS_HASH };
  const named = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'audit.prune'), eq(auditLog.entityId, String(anchor.lastAuditId))))
    .limit(1);
  return named.length > 0 ? { hash: anchor.headHash, anchor: anchor.lastAuditId } : { hash: GENESIS_HASH };
}

/** Walks the whole chain in id order and reports the first record whose link or content does not match. */
export async function verifyAuditChain(db: Database, batchSize = 1000): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  let anchoredAfter: number | undefined;
  const [first] = await db
    .select({ id: auditLog.id, prevHash: auditLog.prevHash })
    .from(auditLog)
    .orderBy(asc(auditLog.id))
    .limit(1);
  if (first) {
    const start = await chainStart(db, first);
    prev = start.hash;
    anchoredAfter = start.anchor;
  }
  const anchored = anchoredAfter === undefined ? {} : { anchoredAfter };
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, checked, firstBroken: null, ...anchored };
    for (const r of rows) {
      if (r.prevHash !== prev)
        return { ok: false, checked, firstBroken: { id: r.id, reason: 'prev_hash_mismatch' }, ...anchored };
      const expected = auditHash(prev, {
        tenantId: r.tenantId,
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorName: r.actorName,
        actorRole: r.actorRole,
        ip: r.ip,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        summary: r.summary,
        before: r.before,
        after: r.after,
      });
      if (expected !== r.hash)
        return { ok: false, checked, firstBroken: { id: r.id, reason: 'hash_mismatch' }, ...anchored };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
