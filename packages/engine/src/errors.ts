/** Typed engine errors with stable codes (the server maps code → HTTP status and a zh-CN/en message). */
import type { Issue } from './model';

export const ENGINE_ERROR_CODES = [
  'INVALID_SCHEME',
  'INVALID_DATASET',
  'UNKNOWN_UNIT',
  'UNKNOWN_INDICATOR',
  'UNKNOWN_GROUP',
  'FORMULA_ERROR',
  'NOT_COMPUTED',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
  }
}
