import type { RoundingRule, Tiering } from './model';
import type { RankTierInput, RankTierOutput, Results } from './results';

export function computeQuotas(_tiering: Tiering, _n: number): (number | null)[] {
  throw new Error('not implemented yet');
}
export function splitQuotaLargestRemainder(_total: number, _sizes: readonly number[], _share: number, _rule: RoundingRule): number[] {
  throw new Error('not implemented yet');
}
export function rankAndTier(_input: RankTierInput): RankTierOutput {
  throw new Error('not implemented yet');
}
/** Re-rank and re-tier every group from new composites (aligned with results.units), keeping overrides. */
export function rerank(_results: Results, _composites: ArrayLike<number>): { ranks: Int32Array; tiers: Int32Array } {
  throw new Error('not implemented yet');
}
