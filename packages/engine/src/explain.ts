import type { IndicatorScores, Results, UnitExplanation } from './results';
import { getTrace } from './trace';

/**
 * Expand one unit's trace: every indicator's inputs, method, parameters and score; every bonus,
 * deduction and override with its rule id; the ordered steps that set its rank and tier.
 */
export function explainUnit(results: Results, unitId: string): UnitExplanation {
  return getTrace(results).explain(unitId);
}

/** Every unit's explanation (for storing the full trace next to the results). */
export function explainAll(results: Results): UnitExplanation[] {
  return results.units.map((u) => explainUnit(results, u.unitId));
}

/**
 * One group's leaf-indicator scores as a units × indicators Float64Array (full precision), without
 * expanding any unit's explanation — what diagnostics and sensitivity need.
 * @example indicatorScores(results, 'township').scores[i * L + j] // unit i, indicator j
 */
export function indicatorScores(results: Results, groupId: string): IndicatorScores {
  return getTrace(results).indicatorScores(groupId);
}
