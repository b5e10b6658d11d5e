import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { notifications, users } from '../../db/schema';
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
  | 'rectificationDue';

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
    .values(
      [...ids].map((userId) => ({
        tenantId: n.tenantId,
        userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? null,
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
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
