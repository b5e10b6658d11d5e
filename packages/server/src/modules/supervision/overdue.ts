/**
 * Daily: supervision items whose deadline has passed without being done turn `overdue`; each opens a red-light item
 * for its owner unit (source 'supervision') and tells the owner unit and the office. Idempotent per item.
 * Catch-up window: only deadlines in the last OVERDUE_CATCH_UP_DAYS days are flagged, so a missed run or two is
 * caught up, while stale data (a past year's items entered afterwards, the 2019 demo seen years later) is left for
 * the office to close by hand instead of raising dozens of red lights at once.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { supervisionItems, tenants } from '../../db/schema';
import { recordAudit } from '../audit/service';
import { systemActor } from '../auth/actor';
import { dayResolver, isExplicitDay } from '../lights/clock';
import { notify } from '../notifications/service';
import { addDays } from '../../lib/day';
import type { DailyJob } from '../scheduler/job';
import { answerDaysOf, openRedLightItem } from './redlight';

export const OVERDUE_CATCH_UP_DAYS = 31;

export async function flagOverdueSupervision(
  db: Database,
  day: string,
  explicitDay = false,
): Promise<{ overdue: number; redLights: number }> {
  let overdue = 0;
  let redLights = 0;
  // Every ongoing item, each judged by its county-year's day (a pinned year by its pinned day, lights/clock.ts).
  const ongoing = await db
    .select({ item: supervisionItems, tenantName: tenants.name })
    .from(supervisionItems)
    .innerJoin(tenants, eq(tenants.id, supervisionItems.tenantId))
    .where(eq(supervisionItems.status, 'ongoing'));
  const dayOf = dayResolver(db, day, explicitDay);
  const answerDays = new Map<string, number>();
  for (const { item, tenantName } of ongoing) {
    const itemDay = await dayOf(item.tenantId, item.year);
    if (!(item.deadline < itemDay && item.deadline >= addDays(itemDay, -OVERDUE_CATCH_UP_DAYS))) continue;
    const key = `${item.tenantId}|${item.year}`;
    if (!answerDays.has(key)) answerDays.set(key, await answerDaysOf(db, item.tenantId, item.year));
    await db.transaction(async (tx) => {
      const moved = await tx
        .update(supervisionItems)
        .set({ status: 'overdue', version: item.version + 1, updatedAt: new Date() })
        .where(and(eq(supervisionItems.id, item.id), eq(supervisionItems.status, 'ongoing')))
        .returning({ id: supervisionItems.id });
      if (moved.length === 0) return; // changed meanwhile
      overdue += 1;
      await recordAudit(tx, systemActor(item.tenantId, tenantName), {
        action: 'supervision.overdue',
        entityType: 'supervision_item',
        entityId: item.id,
        summary: `督查事项「${item.title}」已过办结时限（${item.deadline}），标记为逾期`,
        before: { status: 'ongoing' },
        after: { status: 'overdue' },
      });
      const opened = await openRedLightItem(tx, {
        tenantId: item.tenantId,
        year: item.year,
        unitId: item.ownerUnitId,
        source: 'supervision',
        sourceRef: item.id,
        indicatorId: item.indicatorId,
        title: `督查事项逾期未办结：${item.title}`,
        day: itemDay,
        answerDays: answerDays.get(key) ?? 5,
      });
      if (opened) redLights += 1;
      await notify(tx, {
        tenantId: item.tenantId,
        to: { unitId: item.ownerUnitId },
        kind: 'supervisionOverdue',
        title: `督查事项逾期：${item.title}（时限 ${item.deadline}），请说明原因并提出整改措施`,
        link: `/supervision/${item.id}`,
        dedupeKey: `supervision:overdue:${item.id}`,
      });
      await notify(tx, {
        tenantId: item.tenantId,
        to: { role: 'office' },
        kind: 'supervisionOverdue',
        title: `督查事项逾期：${item.title}`,
        link: `/supervision/${item.id}`,
        dedupeKey: `supervision:overdue:${item.id}`,
      });
    });
  }
  return { overdue, redLights };
}

export const supervisionOverdueJob: DailyJob = {
  name: 'supervision.overdue',
  run: ({ db, day, now }) => flagOverdueSupervision(db, day, isExplicitDay(day, now)),
};
