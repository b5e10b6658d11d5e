/** Stable codes for everything the analysis module can reject. Derived from one list. */
export const ANALYSIS_ERROR_CODES = [
  'ANALYSIS_SHAPE_MISMATCH',
  'ANALYSIS_NOT_FINITE',
  'ANALYSIS_DUPLICATE_ID',
  'ANALYSIS_INVALID_OPTION',
  'ANALYSIS_UNKNOWN_UNIT',
] as const;
export type AnalysisErrorCode = (typeof ANALYSIS_ERROR_CODES)[number];

/**
 * A typed error with a stable code and the path of the offending input
 * (e.g. `groups[1].scores[4]`), so the server can map it to a 4xx and a zh-CN/en message.
 */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
  constructor(
    readonly code: AnalysisErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
