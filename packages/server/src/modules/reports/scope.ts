/**
 * Data scope of the in-year work, in one place: a unit sees only its own unit's cells; an assessor only the
 * indicators whose `assessorId` is the code of its own unit; the office and leaders the whole county.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { units } from '../../db/schema';
import type { Actor } from '../auth/actor';
import type { LeafInfo } from './cells';

export interface Scope {
  /** Only this unit's cells (unit accounts). */
  unitId: string | null;
  /** Only indicators assessed by this unit code (assessor accounts). */
  assessor: string | null;
  /** Nothing at all (a unit/assessor account without a unit). */
  none: boolean;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export async function scopeOf(db: Database, actor: Actor): Promise<Scope> {
  if (actor.role === 'unit') return { unitId: actor.unitId ?? NO_UNIT, assessor: null, none: !actor.unitId };
  if (actor.role === 'assessor') {
    if (!actor.unitId) return { unitId: null, assessor: null, none: true };
    const [u] = await db
      .select({ code: units.code })
      .from(units)
      .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, actor.unitId)));
    return u ? { unitId: null, assessor: u.code, none: false } : { unitId: null, assessor: null, none: true };
  }
  return { unitId: null, assessor: null, none: false };
}

/** Whether the scope covers a cell of this unit and leaf. */
export function covers(scope: Scope, unitId: string, leaf: LeafInfo | undefined): boolean {
  if (scope.none || !leaf) return false;
  if (scope.unitId && scope.unitId !== unitId) return false;
  if (scope.assessor !== null && leaf.assessorId !== scope.assessor) return false;
  return true;
}

/** The cellsOf() filter of a scope. */
export function cellFilter(scope: Scope): { unitIds?: Set<string>; assessor?: string } {
  return {
    ...(scope.unitId ? { unitIds: new Set([scope.unitId]) } : {}),
    ...(scope.assessor !== null ? { assessor: scope.assessor } : {}),
  };
}
