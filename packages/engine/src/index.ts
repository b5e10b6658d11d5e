/**
 * @yardstick/engine — the scoring engine: scheme model, indicator scoring, aggregation, ranking,
 * tiers and trace. Pure: no I/O, no clock, no unseeded randomness.
 */
export * from './model';
export * from './results';
export { EngineError, ENGINE_ERROR_CODES, type EngineErrorCode } from './errors';
export { roundHalfUp, roundQuota } from './round';
export { groupScale, evaluationPointsOf, onScale, DEFAULT_SCALE, type ResolvedScale } from './scale';
export { validateScheme, validateDataset, type SchemeValidation, type DatasetValidation } from './validate';
export {
  compute,
  prepare,
  measurementWindowOf,
  rankingDate,
  type Prepared,
  type ComputeOptions,
  type ValueChange,
  type DatasetChange,
} from './compute';
export { explainUnit, explainAll, indicatorScores } from './explain';
export {
  marginalBreakdown,
  marginalLoss,
  type MarginalBreakdown,
  type MarginalBand,
  type MarginalBands,
} from './methods';
export { rankAndTier, rerank, computeQuotas, splitQuotaLargestRemainder } from './tiers';
export { TieDecisionSchema, decideTie, type TieDecision } from './decisions';
export { parseFormula, evaluateFormula, type FormulaAst } from './formula';
export { validateShares, splitByShare, SHARE_SUM_TOLERANCE, type UnitShare } from './shares';
export * from './analysis';
export { SCORING_REVISION } from './revision';
