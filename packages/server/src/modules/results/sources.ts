/**
 * Where the year's inputs come from, one function per source. Each is a thin adapter over the module that owns
 * the data (reports and lights: modules/reports; supervision and city results: modules/supervision, city;
 * ballots: modules/evaluation). Collectors return engine rows keyed by unit code.
 */
import type { Ballot, Tally, Value } from '@yardstick/engine';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { reports, units } from '../../db/schema';
import { indicatorInputs as reportValues, type MissingCell } from '../reports/values';

export type { MissingCell };

export interface IndicatorInputs {
  values: Value[];
  missing: MissingCell[];
}

export interface EvaluationInputs {
  status: 'none' | 'open' | 'closed';
  ballots: Ballot[];
  tallies: Tally[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Indicator values from approved reports and node lights: modules/reports `indicatorInputs`. A deduction
 * indicator's occurrences may carry repeats (the engine's `events`): an approved year-end report that keeps them
 * in `inputs.events` gives them to the engine as they are (reports' reader sees only the count).
 */
export async function indicatorInputs(db: Database, tenantId: string, year: number): Promise<IndicatorInputs> {
  const [base, withEvents] = await Promise.all([
    reportValues(db, tenantId, year),
    db
      .select({ unitCode: units.code, indicatorId: reports.indicatorId, inputs: reports.inputs })
      .from(reports)
      .innerJoin(units, eq(units.id, reports.unitId))
      .where(
        and(
          eq(reports.tenantId, tenantId),
          eq(reports.year, year),
          eq(reports.nodeId, ''),
          eq(reports.status, 'approved'),
          sql`${reports.inputs} ? 'events'`,
        ),
      ),
  ]);
  const events = new Map<string, Value['events']>();
  for (const r of withEvents) {
    const e = (r.inputs as { events?: unknown } | null)?.events;
    if (Array.isArray(e)) events.set(`${r.unitCode}|${r.indicatorId}`, e as Value['events']);
  }
  const values = base.values.map((v) => {
    const e = events.get(`${v.unitId}|${v.indicatorId}`);
    if (!e) return v;
    const { value: _value, ...rest } = v;
    return { ...rest, events: e };
  });
  values.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.indicatorId, b.indicatorId));
  return { values, missing: base.missing };
}

/** Values of indicators linked to supervision items (R5, R20): modules/supervision. */
export { supervisionValues } from '../supervision/values';
/** The city's results for the county's `upper` indicators: modules/city. */
export { cityUpperResults } from '../city/results';
/** Ballots and tallies of the year's comprehensive evaluation: modules/evaluation. */
export { evaluationInputs } from '../evaluation/inputs';
