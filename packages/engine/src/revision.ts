/**
 * The scoring rules' revision. Bump it whenever a change of rules gives other results for the same scheme
 * and data, so that a snapshot published under the old rules is not reported as "reproducible" (or as
 * differing) by today's engine: `results verify` only recomputes snapshots of the same engine version.
 *
 * 2 — feature indicators weigh their own points per unit; a vetoed unit's reported natural tier is its tier
 *     before the veto; tied units listed in tier order (docs/scoring.md §2, §5, §6).
 */
export const SCORING_REVISION = 2;
