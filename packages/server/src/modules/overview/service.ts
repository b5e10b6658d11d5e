import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog, tenants, units, users } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { pinnedDay } from '../lights/clock';
import { getUnit, listGroups } from '../units/service';
import { yearProgress } from './progress';
import { cachedUntilWrite } from '../../lib/read-cache';

/** The landing page is what everyone opens first; see lib/read-cache.ts for how long its figures are kept. */
export function getOverview(db: Database, actor: Actor) {
  return cachedUntilWrite(db, `overview|${actor.tenantId}|${actor.role}|${actor.unitId ?? ''}`, 30_000, () =>
    readOverview(db, actor),
  );
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
    asOf: await pinnedDay(db, actor.tenantId, year),
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
