/**
 * R22: warn the units that carry a city indicator `cityWarnDays` (CITY_WARN_DAYS, default 10) days before the
 * city's node deadline, once per node (dedupe key), while the city has not lit the node yet.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators } from '../../db/schema';
import { addDays, daysBetween } from '../../lib/day';
import { notify } from '../notifications/service';
import type { DailyJob } from '../scheduler/jobs';

export async function warnCityDeadlines(db: Database, day: string, warnDays: number): Promise<{ warned: number }> {
  const until = addDays(day, warnDays);
  const rows = await db
    .select({ ind: cityIndicators, node: cityIndicatorNodes })
    .from(cityIndicatorNodes)
    .innerJoin(cityIndicators, eq(cityIndicators.id, cityIndicatorNodes.cityIndicatorId))
    .where(and(isNull(cityIndicatorNodes.light), sql`${cityIndicatorNodes.due} between ${day} and ${until}`));
  let warned = 0;
  for (const { ind, node } of rows) {
    await db.transaction(async (tx) => {
      for (const unitId of ind.unitIds) {
        warned += await notify(tx, {
          tenantId: ind.tenantId,
          to: { unitId },
          kind: 'cityDeadline',
          title: `市考指标「${ind.name}」节点「${node.name}」将于 ${node.due} 到期（还有 ${daysBetween(day, node.due)} 天），请提前自查`,
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
  run: ({ db, config, day }) => warnCityDeadlines(db, day, config.cityWarnDays),
};
