/**
 * R22: warn the units that carry a city indicator `cityWarnDays` (CITY_WARN_DAYS, default 10) days before the
 * city's node deadline, once per node (dedupe key), while the city has not lit the node yet.
 */
import { eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators } from '../../db/schema';
import { addDays, daysBetween } from '../../lib/day';
import { dayResolver, isExplicitDay } from '../lights/clock';
import { notify } from '../notifications/service';
import type { DailyJob } from '../scheduler/job';

export async function warnCityDeadlines(
  db: Database,
  day: string,
  warnDays: number,
  explicitDay = false,
): Promise<{ warned: number }> {
  // Each node is judged by its county-year's day (a pinned year by its pinned day, lights/clock.ts).
  const rows = await db
    .select({ ind: cityIndicators, node: cityIndicatorNodes })
    .from(cityIndicatorNodes)
    .innerJoin(cityIndicators, eq(cityIndicators.id, cityIndicatorNodes.cityIndicatorId))
    .where(isNull(cityIndicatorNodes.light));
  const dayOf = dayResolver(db, day, explicitDay);
  let warned = 0;
  for (const { ind, node } of rows) {
    const today = await dayOf(ind.tenantId, ind.year);
    if (node.due < today || node.due > addDays(today, warnDays)) continue;
    await db.transaction(async (tx) => {
      for (const unitId of ind.unitIds) {
        warned += await notify(tx, {
          tenantId: ind.tenantId,
          to: { unitId },
          kind: 'cityDeadline',
          title: `市考指标「${ind.name}」节点「${node.name}」将于 ${node.due} 到期（还有 ${daysBetween(today, node.due)} 天），请提前自查`,
          link: '/city',
          dedupeKey: `city:warn:${node.id}`,
        });
      }
    });
  }
  return { warned };
}

export const cityWarningJob: DailyJob = {
  name: 'city.deadlineWarnings',
  run: ({ db, config, day, now }) => warnCityDeadlines(db, day, config.cityWarnDays, isExplicitDay(day, now)),
};
