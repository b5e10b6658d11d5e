/**
 * R5/R20: supervision items linked to an indicator give that indicator's value for the owner unit, so the unit
 * does not report the same work twice. Mapping (docs/supervision-city.md):
 * - the linked indicator scores by `binary` (完成/未完成): value 1 when every linked item of the unit is done, else 0;
 * - any other method: value = the items' progress in percent (done counts 100), the mean when several are linked.
 * Cancelled items do not count; co-operating units get no value (the owner answers for the item).
 */
import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Value } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { supervisionItems, units } from '../../db/schema';
import { loadYearScheme, methodOf } from '../reports/cells';

export async function supervisionValues(db: Database, tenantId: string, year: number): Promise<Value[]> {
  const rows = await db
    .select({
      indicatorId: supervisionItems.indicatorId,
      status: supervisionItems.status,
      progress: supervisionItems.progress,
      unitId: supervisionItems.ownerUnitId,
      unitCode: units.code,
    })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.ownerUnitId))
    .where(
      and(
        eq(supervisionItems.tenantId, tenantId),
        eq(supervisionItems.year, year),
        isNotNull(supervisionItems.indicatorId),
        ne(supervisionItems.status, 'cancelled'),
      ),
    )
    .orderBy(asc(units.code), asc(supervisionItems.indicatorId));
  if (rows.length === 0) return [];
  const ys = await loadYearScheme(db, tenantId, year);
  const cells = new Map<string, { unitCode: string; indicatorId: string; binary: boolean; parts: number[] }>();
  for (const r of rows) {
    if (!r.indicatorId) continue;
    const leaf = ys?.leaves.get(r.indicatorId);
    const unit = ys?.units.find((u) => u.id === r.unitId);
    const binary = !!leaf && !!unit && methodOf(leaf, unit)?.kind === 'binary';
    const key = `${r.unitCode}|${r.indicatorId}`;
    const cell = cells.get(key) ?? { unitCode: r.unitCode, indicatorId: r.indicatorId, binary, parts: [] };
    cell.parts.push(r.status === 'done' ? 100 : Math.max(0, Math.min(100, r.progress)));
    cells.set(key, cell);
  }
  return [...cells.values()].map((c) => ({
    unitId: c.unitCode,
    indicatorId: c.indicatorId,
    value: c.binary
      ? c.parts.every((p) => p >= 100)
        ? 1
        : 0
      : Math.round((c.parts.reduce((a, b) => a + b, 0) / c.parts.length) * 100) / 100,
  }));
}
