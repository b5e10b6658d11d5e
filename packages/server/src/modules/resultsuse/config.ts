/**
 * Defaults of the year-end follow-up (documented in docs/feedback-and-use.md). The office changes them per year
 * (table yearend_settings, PUT /api/yearend/settings); these apply where nothing is set.
 */

/** Days after the first publication in which a unit may appeal (Asia/Shanghai days, the publication day is day 0). */
export const DEFAULT_APPEAL_WINDOW_DAYS = 7;

/**
 * Bonus coefficient per tier (R26), used when neither the year's setting nor the scheme's tier names one.
 * Keyed by tier id as the demo schemes name them, and by the tier's Chinese name for other schemes.
 */
export const DEFAULT_TIER_COEFFICIENTS: Readonly<Record<string, number>> = {
  good: 1.2,
  fair: 1.1,
  average: 1.0,
  poor: 0.9,
  好: 1.2,
  较好: 1.1,
  一般: 1.0,
  较差: 0.9,
};

/** Coefficient when no rule names one (a tier the defaults do not know). */
export const FALLBACK_COEFFICIENT = 1.0;

/** Rectification findings: an indicator counts as a "biggest lost points" finding when the unit's shortfall
 * against its group's average is at least this share of the indicator's points. */
export const LOST_POINTS_FINDING_SHARE = 0.2;

/** Default deadline of generated rectification items: this many days after the year's first publication. */
export const RECTIFICATION_DEFAULT_DAYS = 90;
