/**
 * Opening a red-light item (R23) for a supervision item or a city node. The red-light module (helper A) owns the
 * table and its follow-up; this writes the same columns it does, once per (source, sourceRef, unit).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { redLightItems } from '../../db/schema';
import { addDays } from '../../lib/day';
import { DEFAULT_IN_YEAR, loadYearScheme } from '../reports/cells';

export async function answerDaysOf(db: Database, tenantId: string, year: number): Promise<number> {
  const ys = await loadYearScheme(db, tenantId, year);
  return ys?.settings.answerDays ?? DEFAULT_IN_YEAR.answerDays;
}

/** Returns true when a new item was opened (an existing one for the same source and unit is left alone). */
export async function openRedLightItem(
  tx: Database,
  input: {
    tenantId: string;
    year: number;
    unitId: string;
    source: 'supervision' | 'city';
    sourceRef: string;
    title: string;
    day: string;
    answerDays: number;
    indicatorId?: string | null;
  },
): Promise<boolean> {
  const existing = await tx
    .select({ id: redLightItems.id })
    .from(redLightItems)
    .where(
      and(
        eq(redLightItems.tenantId, input.tenantId),
        eq(redLightItems.source, input.source),
        eq(redLightItems.sourceRef, input.sourceRef),
        eq(redLightItems.unitId, input.unitId),
      ),
    );
  if (existing[0]) return false;
  await tx.insert(redLightItems).values({
    tenantId: input.tenantId,
    year: input.year,
    unitId: input.unitId,
    source: input.source,
    sourceRef: input.sourceRef,
    indicatorId: input.indicatorId ?? null,
    title: input.title,
    openedOn: input.day,
    answerDue: addDays(input.day, input.answerDays),
  });
  return true;
}
