/**
 * Analysis of computed results: indicator diagnostics (§4.9), weight sensitivity (§4.10) and what-if
 * comparison. Everything works on dense typed-array matrices (`GroupMatrix`); `fromResult` helpers
 * build them from the core's compute output.
 */
export * from './errors';
export * from './prng';
export {
  type GroupMatrix,
  type IndicatorMeta,
  validateGroupMatrix,
  totalsInto,
  sportRanksInto,
  roundHalfUpTo,
} from './matrix';
export * from './diagnostics';
export * from './sensitivity';
export * from './whatif';
export * from './replay';
export * from './from-results';
export * from './assessors';
