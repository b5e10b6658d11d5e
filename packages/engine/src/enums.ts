/**
 * Enumerations of the scheme format that the web's scheme editor offers as choices, each written once. Pure data
 * with no imports (no zod): the web bundles this file as it is (`@yardstick/engine/enums`), while `model.ts`
 * builds its schemas from these lists and re-exports them.
 */

/** R34: what an `assessor` deduction rule may test about a unit in its role as an assessor (analysis/assessors.ts). */
export const ASSESSOR_MEASURES = [
  'fullMarkShare',
  'distinctShare',
  'cv',
  'correctionShare',
  'dataDifferenceShare',
  'sharedGap',
] as const;
export type AssessorMeasureName = (typeof ASSESSOR_MEASURES)[number];

/** How a deduction rule's amount is reckoned (model.ts `DeductionRuleSchema`, SCORING.md). */
export const DEDUCTION_AMOUNT_KINDS = [
  'perLevel',
  'fixed',
  'fromRecord',
  'lights',
  'rankPlaces',
  'assessor',
  'measured',
] as const;

/** What an eligibility rule (评等资格) requires of a unit placed in a tier or better. */
export const ELIGIBILITY_KINDS = ['noRedLight', 'noVeto', 'noFlag', 'noDeduction', 'minIndicatorFraction'] as const;
