import { eq, or, sql, type Column, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { units } from '../../db/schema';

/** How other modules show a unit a row refers to. */
export type UnitRef = { id: string; code: string; name: string };

/** Matches no unit: stands in for a unit account without a unit, so its scope finds nothing. */
export const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/** The county's units by id. */
export async function unitRefs(db: Database, tenantId: string): Promise<Map<string, UnitRef>> {
  const rows = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(eq(units.tenantId, tenantId));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Rows the unit leads (`lead` is its id) or takes part in (its id is in the jsonb id list `others`). */
export function leadsOrTakesPart(lead: Column, others: Column, unitId: string): SQL | undefined {
  return or(eq(lead, unitId), sql`${others} @> ${JSON.stringify([unitId])}::jsonb`);
}
