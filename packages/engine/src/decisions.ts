/**
 * Boundary-tie decisions (PRODUCT.md A5). Under the `flag` tie policy (or a `tieBreak` whose keys are equal too)
 * a tied block that does not fit the places left is placed out of the contested tier and reported with
 * `needsDecision`. The leadership group's decision is an input of the year (`dataset.tieDecisions`): the order
 * it chose among exactly those units, at exactly that score, for that tier of that group. The first `places`
 * units of the order take the places (resolution `decided`); the others go on as before.
 *
 * A decision names what it decided, so a recompute that changes the tie (other units, another score, another
 * tier) leaves it unmatched: the tie is flagged again and the decision is void (the server reports it stale).
 *
 * @example
 * // 好 has 1 place left; A and B are tied at 92.5; the group decided B before A:
 * // { id: 'd1', groupId: 'township', tier: 'good', score: 92.5, order: ['B', 'A'] } → B 好, A in the next tier.
 */
import { z } from 'zod';

export const TieDecisionSchema = z
  .object({
    id: z.string().min(1),
    groupId: z.string().min(1),
    /** The contested tier (its id). */
    tier: z.string().min(1),
    /** The score the units were tied on (the ranked score). */
    score: z.number(),
    /** Every tied unit, in the order decided (the first ones take the places). */
    order: z.array(z.string().min(1)).min(2),
    /** For the trace and the bulletin: the meeting's date (YYYY-MM-DD) and the minutes' reference. */
    date: z.string().optional(),
    ref: z.string().optional(),
  })
  .strict();
export type TieDecision = z.output<typeof TieDecisionSchema>;

/**
 * The decision for a tie, if one names exactly its group, tier, score and units; with the ids of the units
 * that take the `places` (in the decided order).
 */
export function decideTie(
  decisions: readonly TieDecision[] | undefined,
  tie: { groupId: string; tier: string; places: number; unitIds: readonly string[] },
  score: number,
): { decision: TieDecision; inIds: string[] } | undefined {
  if (!decisions || decisions.length === 0) return undefined;
  const tied = [...tie.unitIds].sort().join('\u0000');
  const decision = decisions.find(
    (d) =>
      d.groupId === tie.groupId &&
      d.tier === tie.tier &&
      Math.abs(d.score - score) < 1e-9 &&
      [...d.order].sort().join('\u0000') === tied,
  );
  if (!decision) return undefined;
  return { decision, inIds: decision.order.slice(0, Math.max(0, tie.places)) };
}
