/**
 * The engine's per-unit values of a county-year, from APPROVED reports only (contract for the year-end module):
 * value = verifiedValue ?? value, inputs, grade, manual {score, reason} from the assessor's score, and process
 * nodes [{id, light}] from the `lights` table. `missing` lists every cell without an approved report.
 */
import { and, eq } from 'drizzle-orm';
import type { Value } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { lights, reports } from '../../db/schema';
import { cellsOf, loadYearScheme, methodOf, YEAR_END } from './cells';

export interface MissingCell {
  unitCode: string;
  indicatorId: string;
  /** Node id, '' for the year-end value. */
  nodeId: string;
  /** The report's status, or 'none' when the unit has not started one. */
  status: 'none' | 'draft' | 'submitted' | 'returned';
}

const finiteOrUndefined = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? x : undefined;

function numericInputs(raw: unknown): Record<string, number> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const n = finiteOrUndefined(v);
    if (n !== undefined) out[k] = n;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function indicatorInputs(
  db: Database,
  tenantId: string,
  year: number,
): Promise<{ values: Value[]; missing: MissingCell[] }> {
  const ys = await loadYearScheme(db, tenantId, year);
  if (!ys) return { values: [], missing: [] };
  const [reportRows, lightRows] = await Promise.all([
    db
      .select()
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, year))),
    db
      .select({
        unitId: lights.unitId,
        indicatorId: lights.indicatorId,
        nodeId: lights.nodeId,
        light: lights.light,
      })
      .from(lights)
      .where(and(eq(lights.tenantId, tenantId), eq(lights.year, year))),
  ]);
  const key = (u: string, i: string, n: string) => `${u}\u0000${i}\u0000${n}`;
  const byCell = new Map(reportRows.map((r) => [key(r.unitId, r.indicatorId, r.nodeId), r]));
  const lightOf = new Map(lightRows.map((l) => [key(l.unitId, l.indicatorId, l.nodeId), l.light]));

  const values: Value[] = [];
  const missing: MissingCell[] = [];
  const rows = new Map<string, Value>();
  const rowFor = (unitCode: string, indicatorId: string) => {
    const k = `${unitCode}\u0000${indicatorId}`;
    let v = rows.get(k);
    if (!v) {
      v = { unitId: unitCode, indicatorId };
      rows.set(k, v);
      values.push(v);
    }
    return v;
  };

  for (const cell of cellsOf(ys)) {
    const r = byCell.get(key(cell.unit.id, cell.leaf.id, cell.nodeId));
    // A node the assessor marked failed is decided (red), not missing.
    if (!r || (r.status !== 'approved' && r.status !== 'failed')) {
      missing.push({
        unitCode: cell.unit.code,
        indicatorId: cell.leaf.id,
        nodeId: cell.nodeId,
        status: (r?.status as MissingCell['status'] | undefined) ?? 'none',
      });
    }
    if (cell.nodeId !== YEAR_END) {
      const light = lightOf.get(key(cell.unit.id, cell.leaf.id, cell.nodeId));
      if (cell.leaf.indicator.process && (light === 'green' || light === 'yellow' || light === 'red')) {
        const v = rowFor(cell.unit.code, cell.leaf.id);
        (v.nodes ??= []).push({ id: cell.nodeId, light });
      }
      continue;
    }
    if (!r || r.status !== 'approved') continue;
    const v = rowFor(cell.unit.code, cell.leaf.id);
    const method = methodOf(cell.leaf, cell.unit);
    const value = r.verifiedValue ?? r.value;
    if (method?.kind === 'deduction') {
      // A deduction indicator's value is the number of occurrences.
      if (value !== null && value > 0) v.events = [{ count: Math.round(value), repeat: false }];
      else v.value = 0;
    } else if (value !== null) {
      v.value = value;
    }
    const inputs = numericInputs(r.inputs);
    if (inputs) v.inputs = inputs;
    if (r.grade) v.grade = r.grade;
    if (r.assessorScore !== null) v.manual = { score: r.assessorScore, reason: r.scoreReason ?? '' };
  }
  return { values, missing };
}
