/**
 * Units through the years (机构改革, docs/units.md): a unit is in force from valid_from to valid_to (dates,
 * null = open). A year's assessment counts the units in force at the year's end (31 December): a unit that
 * ended within the year — merged, split, renamed or abolished — is not ranked that year (its successor is),
 * and a unit added or retired later leaves every earlier year as it was.
 */
import { and, eq, gte, isNull, lte, max, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultSnapshots, units } from '../../db/schema';
import { shanghaiDay } from '../../lib/day';

export interface Validity {
  validFrom: string | null;
  validTo: string | null;
}

const yearEnd = (year: number) => `${year}-12-31`;

/** Whether a unit with this validity is assessed in `year`. */
export function countedIn(v: Validity, year: number): boolean {
  const end = yearEnd(year);
  return (v.validFrom === null || v.validFrom <= end) && (v.validTo === null || v.validTo >= end);
}

/** The same rule in SQL, over the `units` table. */
export function countedInSql(year: number): SQL | undefined {
  const end = yearEnd(year);
  return and(
    or(isNull(units.validFrom), lte(units.validFrom, end)),
    or(isNull(units.validTo), gte(units.validTo, end)),
  );
}

/**
 * Years whose results are published (a snapshot). Years before the platform (result_history) are fixed rows that
 * name their units, never recomputed, so a validity cannot change them.
 */
export async function publishedYears(db: Database, tenantId: string): Promise<number[]> {
  const snaps = await db
    .selectDistinct({ year: resultSnapshots.year })
    .from(resultSnapshots)
    .where(eq(resultSnapshots.tenantId, tenantId));
  return snaps.map((r) => r.year).sort((a, b) => a - b);
}

/** Where a new unit starts when nobody says: the first day after the last published year (null = open). */
export async function defaultValidFrom(db: Database, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select({ year: max(resultSnapshots.year) })
    .from(resultSnapshots)
    .where(eq(resultSnapshots.tenantId, tenantId));
  const last = row?.year ?? 0;
  return last > 0 ? `${last + 1}-01-01` : null;
}

/** The first published year whose assessed units would change from `before` to `after`, or null. */
export function changedPublishedYear(years: number[], before: Validity, after: Validity): number | null {
  return years.find((y) => countedIn(before, y) !== countedIn(after, y)) ?? null;
}

/** Today in the county (Asia/Shanghai). */
export const today = (): string => shanghaiDay();
