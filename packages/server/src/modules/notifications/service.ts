import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { notifications, notificationSettings, users } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../auth/actor';
import type { Role } from '../auth/roles';

export type NotificationKind =
  | 'nodeDue'
  | 'returned'
  | 'approved'
  | 'redLight'
  | 'answerDue'
  | 'answerOverdue'
  | 'answerReturned'
  | 'supervisionDue'
  | 'cityDeadline'
  | 'evaluationOpen'
  | 'resultsPublished'
  | 'appealAnswered'
  | 'appealFiled'
  | 'rectificationDue'
  | 'supervisionOverdue'
  | 'supervisionProgress'
  | 'cityRedLight';

export interface NotificationInput {
  tenantId: string;
  /** Recipients: explicit users, every active account of a unit, and/or every active account with a role. */
  to: { userIds?: string[]; unitId?: string; role?: Role };
  kind: NotificationKind;
  title: string;
  body?: string;
  /** A path in the web app, e.g. `/reports?indicator=…`. */
  link?: string;
  /** One notification per user and key: sending the same key again does nothing. */
  dedupeKey?: string;
}

/** One inbox row of a notification for one user. */
const inboxRow = (tenantId: string, userId: string, n: Omit<NotificationInput, 'tenantId' | 'to'>) => ({
  tenantId,
  userId,
  kind: n.kind,
  title: n.title,
  body: n.body ?? null,
  link: n.link ?? null,
  dedupeKey: n.dedupeKey ?? null,
});

/** Puts a notification in the inbox of each recipient (inside the caller's transaction). Returns how many were new. */
export async function notify(tx: Database, n: NotificationInput): Promise<number> {
  const ids = new Set(n.to.userIds ?? []);
  const conds = [];
  if (n.to.unitId) conds.push(eq(users.unitId, n.to.unitId));
  if (n.to.role) conds.push(eq(users.role, n.to.role));
  for (const cond of conds) {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, n.tenantId), eq(users.active, true), cond));
    for (const r of rows) ids.add(r.id);
  }
  if (ids.size === 0) return 0;
  const inserted = await tx
    .insert(notifications)
    .values([...ids].map((userId) => inboxRow(n.tenantId, userId, n)))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

/**
 * Many notifications, each to every active account of its unit, in a few statements (the daily lights job may open
 * hundreds of red lights at once): one read of the units' accounts, then the inserts. Returns how many were new.
 */
export async function notifyUnits(
  tx: Database,
  tenantId: string,
  items: (Omit<NotificationInput, 'tenantId' | 'to'> & { unitId: string })[],
): Promise<number> {
  if (items.length === 0) return 0;
  const unitIds = [...new Set(items.map((n) => n.unitId))];
  const accounts = new Map<string, string[]>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await tx
      .select({ id: users.id, unitId: users.unitId })
      .from(users)
      .where(
        and(eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.unitId, unitIds.slice(i, i + 500))),
      );
    for (const r of rows) if (r.unitId) accounts.set(r.unitId, [...(accounts.get(r.unitId) ?? []), r.id]);
  }
  const rows = items.flatMap((n) => (accounts.get(n.unitId) ?? []).map((userId) => inboxRow(tenantId, userId, n)));
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const done = await tx
      .insert(notifications)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    inserted += done.length;
  }
  return inserted;
}

/** Unread count for the header badge. */
export async function unreadCount(db: Database, tenantId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), sql`${notifications.readAt} is null`),
    );
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// The inbox: every query is the actor's own (user id and tenant), never anyone else's.

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

const own = (actor: Actor): SQL | undefined =>
  and(eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId));

export async function listInbox(
  db: Database,
  actor: Actor,
  query: { page: number; pageSize: number; unread?: boolean },
): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const where = query.unread ? and(own(actor), isNull(notifications.readAt)) : own(actor);
  const [rows, totals, unread] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(notifications).where(where),
    unreadCount(db, actor.tenantId, actor.userId),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    total: totals[0]?.n ?? 0,
    unread,
  };
}

/** Marks one of the actor's notifications read; another user's answers 404 like a missing one. */
export async function markRead(db: Database, actor: Actor, id: string): Promise<void> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(own(actor), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  if (rows.length === 0) throw notFound('通知', 'Notification');
}

export async function markAllRead(db: Database, actor: Actor): Promise<{ updated: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(own(actor), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

export interface NotificationSettingsView {
  email: string | null;
  digest: boolean;
}

export async function getSettings(db: Database, actor: Actor): Promise<NotificationSettingsView> {
  const [row] = await db
    .select({ email: notificationSettings.email, digest: notificationSettings.digest })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.tenantId, actor.tenantId), eq(notificationSettings.userId, actor.userId)));
  return row ?? { email: null, digest: true };
}

/** The actor's own digest address and switch (not audited: a personal preference, not county data). */
export async function updateSettings(
  db: Database,
  actor: Actor,
  input: { email?: string | null; digest?: boolean },
): Promise<NotificationSettingsView> {
  const current = await getSettings(db, actor);
  const next = {
    email: input.email === undefined ? current.email : input.email,
    digest: input.digest ?? current.digest,
  };
  await db
    .insert(notificationSettings)
    .values({ tenantId: actor.tenantId, userId: actor.userId, ...next })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...next, updatedAt: new Date() } });
  return next;
}

/** Users of a tenant by id (for recipients that must stay inside one county). */
export async function activeUserIds(db: Database, tenantId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.id, ids)));
  return rows.map((r) => r.id);
}
