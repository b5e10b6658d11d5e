import type { Comparison, ReplayUnmatched } from '@yardstick/engine';

/**
 * GET /api/results/:year/whatif (views.ts whatIfLastYear). A pure type file: the web reads it through the contract
 * (packages/server/src/contract.ts), so it may import nothing but the engine's types.
 */
export interface WhatIfView {
  available: boolean;
  /** Why not: 'noScheme' (no published scheme last year) or 'engineRefused' (see `detail`). */
  reason: 'noScheme' | 'engineRefused' | null;
  /** The engine's own words when it refused (English, technical). */
  detail: string | null;
  lastYear: number;
  comparison: Comparison | null;
  /**
   * What last year's rules could not be applied to, matched by code (the web words it in the user's language):
   * this year's indicators last year lacked, last year's indicators with no data this year (excluded, weights
   * renormalised), units of groups last year lacked, rules/levels and rater groups last year lacked.
   */
  unmatched: ReplayUnmatched | null;
}
