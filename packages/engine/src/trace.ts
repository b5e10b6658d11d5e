/**
 * The trace behind a Results object. It stays columnar (typed arrays inside the prepared model) and
 * is attached to the results out of band, so results serialise as a compact summary while
 * `explainUnit` can still expand any unit on demand.
 */
import { EngineError } from './errors';
import type { IndicatorScores, Results, UnitExplanation } from './results';

export interface TraceHandle {
  explain(unitId: string): UnitExplanation;
  indicatorScores(groupId: string): IndicatorScores;
  rerank(composites: ArrayLike<number>): { ranks: Int32Array; tiers: Int32Array };
}

const registry = new WeakMap<Results, TraceHandle>();

export function attachTrace(results: Results, handle: TraceHandle): void {
  registry.set(results, handle);
}

export function getTrace(results: Results): TraceHandle {
  const h = registry.get(results);
  if (!h)
    throw new EngineError(
      'NOT_COMPUTED',
      'these results carry no trace (were they produced by compute() in this process?)',
    );
  return h;
}
