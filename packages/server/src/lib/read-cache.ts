import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';

/**
 * Figures that many people read at once (the landing page, dashboards, a unit's feedback) are kept in memory until
 * the next write, for at most `ttlMs`. Every write appends to the audit log in its own transaction, so a new head of
 * the log means the figures may have changed; writes that are not audited (the daily lights job) show within the TTL.
 * Per process: with several instances each keeps its own copy, and each sees every write through the shared log.
 */
const stores = new WeakMap<Database, Map<string, { at: number; head: number; value: unknown }>>();
const MAX_ENTRIES = 5_000;

export async function auditHead(db: Database): Promise<number> {
  const [row] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) }).from(auditLog);
  return row?.id ?? 0;
}

export async function cachedUntilWrite<T>(
  db: Database,
  key: string,
  ttlMs: number,
  read: () => Promise<T>,
): Promise<T> {
  const head = await auditHead(db);
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new Map()));
  const hit = store.get(key);
  const now = Date.now();
  if (hit && hit.head === head && now - hit.at < ttlMs) return hit.value as T;
  const value = await read();
  if (store.size >= MAX_ENTRIES) store.clear();
  store.set(key, { at: now, head, value });
  return value;
}

/** A key for what one actor asked: the answer may depend on the county, the role, the actor's unit and the query. */
export function actorKey(
  name: string,
  actor: { tenantId: string; role: string; unitId: string | null },
  query: unknown,
): string {
  return `${name}|${actor.tenantId}|${actor.role}|${actor.unitId ?? ''}|${JSON.stringify(query ?? null)}`;
}

/** How long a hot read is kept at most when nothing audited is written. */
export const HOT_READ_TTL_MS = 30_000;
