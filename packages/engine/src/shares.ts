/**
 * Shared tasks (R33, 不能相互推诿扯皮): an indicator or supervision item carried by several units names each
 * unit's share. A score or deduction that belongs to the task is split by share, in hundredths, so that the
 * parts add up to the whole exactly (docs/scoring.md §4a).
 */
import { EngineError } from './errors';
import type { Issue } from './model';
import { roundHalfUp } from './round';

export interface UnitShare {
  unitId: string;
  /** In (0, 1]; a task's shares sum to 1. */
  share: number;
}

/** How far a sum of shares may stray from 1 (float noise of e.g. 0.1 + 0.2 + 0.7), and no further. */
export const SHARE_SUM_TOLERANCE = 1e-9;

/**
 * The problems of a task's shares: none when there are at least two distinct units, every share is in (0, 1]
 * and the shares sum to 1 (within {@link SHARE_SUM_TOLERANCE}).
 * @example validateShares([{ unitId: 'a', share: 0.6 }, { unitId: 'b', share: 0.3 }]) // [sum_mismatch: 0.9]
 */
export function validateShares(shares: readonly UnitShare[]): Issue[] {
  const issues: Issue[] = [];
  if (shares.length < 2) {
    issues.push({
      code: 'too_small',
      path: 'shares',
      message: 'a shared task needs at least two units',
      severity: 'error',
      params: { min: 2 },
    });
  }
  const seen = new Set<string>();
  shares.forEach((s, i) => {
    if (seen.has(s.unitId)) {
      issues.push({
        code: 'duplicate_id',
        path: `shares[${i}].unitId`,
        message: `unit ${s.unitId} appears twice`,
        severity: 'error',
      });
    }
    seen.add(s.unitId);
    if (!Number.isFinite(s.share) || s.share <= 0 || s.share > 1) {
      issues.push({
        code: 'out_of_bounds',
        path: `shares[${i}].share`,
        message: `share must be in (0, 1], got ${s.share}`,
        severity: 'error',
      });
    }
  });
  const sum = shares.reduce((a, s) => a + s.share, 0);
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
    issues.push({
      code: 'sum_mismatch',
      path: 'shares',
      message: `shares sum to ${roundHalfUp(sum, 6)}, not 1`,
      severity: 'error',
      params: { sum: roundHalfUp(sum, 6) },
    });
  }
  return issues;
}

/**
 * Splits `amount` (a score or a deduction of the shared task) by share. The amount is taken in hundredths
 * (rounded half up); each unit gets the floor of its exact part, and the hundredths left over go one each to
 * the largest remainders (ties: the larger share, then the unit id), so the parts always sum to the amount.
 * Order of the input does not change any unit's part.
 * @example splitByShare(3, [{ unitId: 'lead', share: 0.5 }, { unitId: 'b', share: 0.3 }, { unitId: 'c', share: 0.2 }])
 *   // lead 1.5, b 0.9, c 0.6
 * @example splitByShare(1, three units of 1/3 each) // 0.34, 0.33, 0.33 (the extra hundredth to the first id)
 */
export function splitByShare(amount: number, shares: readonly UnitShare[]): { unitId: string; amount: number }[] {
  const issues = validateShares(shares);
  if (issues.length > 0) throw new EngineError('INVALID_DATASET', issues.map((i) => i.message).join('; '), issues);
  if (!Number.isFinite(amount) || amount < 0)
    throw new EngineError('INVALID_DATASET', `amount must be ≥ 0, got ${amount}`);
  const total = Math.round(roundHalfUp(amount, 2) * 100);
  const parts = shares.map((s) => {
    const exact = total * s.share;
    // Float noise (0.29 × 100 = 28.999…) must not lose a hundredth.
    const base = Math.floor(exact + 1e-9);
    return { unitId: s.unitId, share: s.share, base, rest: Math.max(0, exact - base) };
  });
  let left = total - parts.reduce((a, p) => a + p.base, 0);
  const order = [...parts].sort(
    (a, b) => b.rest - a.rest || b.share - a.share || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0),
  );
  for (const p of order) {
    if (left <= 0) break;
    p.base += 1;
    left -= 1;
  }
  return parts.map((p) => ({ unitId: p.unitId, amount: p.base / 100 }));
}
