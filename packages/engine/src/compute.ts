import type { Dataset, Scheme } from './model';
import type { Results } from './results';

export interface ComputeOptions {
  /** Skip zod validation when the caller already validated (benchmarks, re-runs). */
  trusted?: boolean | undefined;
}

/** One changed cell for incremental recompute. */
export interface ValueChange {
  unitId: string;
  indicatorId: string;
  /** New raw value (undefined = now missing). */
  value?: number | undefined;
}

/** A compiled model: typed arrays for one scheme × dataset, recomputable after a change. */
export interface Prepared {
  readonly scheme: Scheme;
  results(): Results;
  recompute(changes: readonly ValueChange[]): Results;
}

export function prepare(_scheme: Scheme, _dataset: Dataset, _options?: ComputeOptions): Prepared {
  throw new Error('not implemented yet');
}

export function compute(scheme: Scheme, dataset: Dataset, options?: ComputeOptions): Results {
  return prepare(scheme, dataset, options).results();
}
