import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog, tenants, units, users } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { getUnit, listGroups } from '../units/service';
import { yearProgress } from './progress';

type OverviewData = Awaited<ReturnType<typeof readOverview>>;

/**
 * The landing page is what everyone opens first, and at the year-end peak it is most of the reads. Its figures are
 * kept per county, role and unit for up to OVERVIEW_TTL_MS, and dropped as soon as anything is written: every write
 * appends to the audit log, so a new head of the log means the figures may have changed. Writes that are not audited
 * (the daily lights job) show within the TTL.
 */
const OVERVIEW_TTL_MS = 30_000;
const MAX_ENTRIES = 2_000;
const cache = new WeakMap<Database, Map<string, { at: number; head: number; data: OverviewData }>>();

export async function getOverview(db: Database, actor: Actor): Promise<OverviewData> {
  const [head] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) }).from(auditLog);
  const key = `${actor.tenantId}|${actor.role}|${actor.unitId ?? ''}`;
  let entries = cache.get(db);
  if (!entries) cache.set(db, (entries = new Map()));
  const hit = entries.get(key);
  const now = Date.now();
  if (hit && hit.head === head?.id && now - hit.at < OVERVIEW_TTL_MS) return hit.data;
  const data = await readOverview(db, actor);
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { at: now, head: head?.id ?? 0, data });
  return data;
}

/** The landing page's figures, all read from the database; what a role may not see stays empty. */
async function readOverview(db: Database, actor: Actor) {
  const [tenantRows, unitCounts, userCounts, groups] = await Promise.all([
    db.select().from(tenants).where(eq(tenants.id, actor.tenantId)),
    db
      .select({ kind: units.kind, n: count() })
      .from(units)
      .where(and(eq(units.tenantId, actor.tenantId), eq(units.active, true)))
      .groupBy(units.kind),
    db
      .select({ total: count(), active: sql<number>`count(*) filter (where ${users.active})`.mapWith(Number) })
      .from(users)
      .where(eq(users.tenantId, actor.tenantId)),
    listGroups(db, actor),
  ]);
  const tenant = tenantRows[0];
  const townships = unitCounts.find((r) => r.kind === 'township')?.n ?? 0;
  const departments = unitCounts.find((r) => r.kind === 'department')?.n ?? 0;
  const seesActivity = actor.role === 'office' || actor.role === 'leader';
  const activity = seesActivity
    ? await db
        .select({ at: auditLog.at, actor: auditLog.actorName, action: auditLog.action, summary: auditLog.summary })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, actor.tenantId), sql`${auditLog.action} not like 'auth.%'`))
        .orderBy(desc(auditLog.id))
        .limit(8)
    : [];
  const year = tenant?.currentYear ?? new Date().getFullYear();
  // The admin roles (三员) see the system, not the assessment.
  const assesses =
    actor.role === 'office' || actor.role === 'leader' || actor.role === 'assessor' || actor.role === 'unit';
  return {
    tenant: { id: actor.tenantId, name: tenant?.name ?? actor.tenantName },
    year,
    progress: assesses ? await yearProgress(db, actor, year) : null,
    counts: {
      units: townships + departments,
      townships,
      departments,
      groups: groups.length,
      users: userCounts[0]?.total ?? 0,
      activeUsers: userCounts[0]?.active ?? 0,
    },
    groups,
    myUnit: actor.role === 'unit' && actor.unitId ? await getUnit(db, actor, actor.unitId) : null,
    recentActivity: activity.map((a) => ({
      at: a.at.toISOString(),
      actor: a.actor ?? '系统',
      action: a.action,
      summary: a.summary,
    })),
  };
}
