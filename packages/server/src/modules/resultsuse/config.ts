/**
 * Defaults of the year-end follow-up (documented in docs/feedback-and-use.md). The office changes them per year
 * (table yearend_settings, PUT /api/yearend/settings); these apply where nothing is set.
 */

/** Days after the first publication in which a unit may appeal (Asia/Shanghai days, the publication day is day 0). */
export const DEFAULT_APPEAL_WINDOW_DAYS = 7;

/**
 * The default tier table, written once (issue 16): a new scheme starts with it (schemes/service.ts), and its
 * coefficients are the results-use default where neither the year's setting nor the scheme's tier names one.
 * PRODUCT §4.8 and §4.11: 好 at most 30 %, bonus coefficients 1.2 / 1.0 / 0.5 / 0. A county's scheme states its own
 * (the demo's 一般 is 0.6, a county choice written in its scheme, seed/schemes-build.ts).
 */
export const DEFAULT_TIERS = [
  { id: 'good', name: '好', share: 0.3, coefficient: 1.2, award: true },
  { id: 'fair', name: '较好', share: 0.4, coefficient: 1 },
  { id: 'average', name: '一般', share: 0.25, coefficient: 0.5 },
  { id: 'poor', name: '较差', coefficient: 0 },
] as const;

/**
 * Bonus coefficient per tier (R26), used when neither the year's setting nor the scheme's tier names one: the
 * default table's, keyed by tier id and by the tier's Chinese name (for schemes with other ids).
 */
export const DEFAULT_TIER_COEFFICIENTS: Readonly<Record<string, number>> = Object.fromEntries(
  DEFAULT_TIERS.flatMap((t) => [
    [t.id, t.coefficient],
    [t.name, t.coefficient],
  ]),
);

/** Coefficient when no rule names one (a tier the defaults do not know). */
export const FALLBACK_COEFFICIENT = 1.0;

/** Rectification findings: an indicator counts as a "biggest lost points" finding when the unit's shortfall
 * against its group's average is at least this share of the indicator's points. */
export const LOST_POINTS_FINDING_SHARE = 0.2;

/** Default deadline of generated rectification items: this many days after the year's first publication. */
export const RECTIFICATION_DEFAULT_DAYS = 90;
