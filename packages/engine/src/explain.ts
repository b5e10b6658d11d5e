import type { Results, UnitExplanation } from './results';

export function explainUnit(_results: Results, _unitId: string): UnitExplanation {
  throw new Error('not implemented yet');
}
export function explainAll(results: Results): UnitExplanation[] {
  return results.units.map((u) => explainUnit(results, u.unitId));
}
