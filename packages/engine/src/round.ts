/**
 * Decimal rounding. Scores are binary doubles, but people read and check them as decimals: 1.005 must
 * round to 1.01 (binary 1.005 is 1.00499999…). We round the value's 15-significant-digit decimal
 * form, which removes float noise (59.74499999999999 is read as 59.745) and then rounds half up
 * (half away from zero for negatives, as 四舍五入 is taught). The fast path decides on the scaled
 * number and only falls back to the string when the value sits within noise of a half.
 */
import { EngineError } from './errors';
import type { RoundingRule } from './model';

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10] as const;

function pow10(decimals: number): number {
  const p = POW10[decimals];
  if (p === undefined || !Number.isInteger(decimals)) {
    throw new EngineError('INVALID_SCHEME', `decimals must be an integer in 0..10, got ${decimals}`);
  }
  return p;
}

/**
 * Round half up in decimal.
 * @example roundHalfUp(1.005, 2) // 1.01
 * @example roundHalfUp(2.675, 2) // 2.68 (binary 2.67499999… would give 2.67)
 * @example roundHalfUp(-1.005, 2) // -1.01
 */
export function roundHalfUp(x: number, decimals = 2): number {
  if (!Number.isFinite(x)) throw new EngineError('INVALID_DATASET', `cannot round a non-finite number (${x})`);
  const f = pow10(decimals);
  const sign = x < 0 ? -1 : 1;
  const s = Math.abs(x) * f;
  const fl = Math.floor(s);
  const diff = s - fl - 0.5;
  const tol = 1e-9 * (s > 1 ? s : 1);
  let n: number;
  if (diff > tol) n = fl + 1;
  else if (diff < -tol) n = fl;
  else n = halfUpFromString(Math.abs(x), decimals);
  const r = n / f;
  return sign < 0 && r !== 0 ? -r : r;
}

/** The scaled integer of |x| rounded half up at `decimals`, read from its 15-digit decimal form. */
function halfUpFromString(ax: number, decimals: number): number {
  const str = ax.toPrecision(15);
  if (str.includes('e')) return Math.floor(ax * pow10(decimals) + 0.5);
  const dot = str.indexOf('.');
  const intPart = dot < 0 ? str : str.slice(0, dot);
  const fracPart = dot < 0 ? '' : str.slice(dot + 1);
  const padded = fracPart.padEnd(decimals + 1, '0');
  const kept = Number(intPart + padded.slice(0, decimals));
  const next = padded.charCodeAt(decimals) - 48;
  return next >= 5 ? kept + 1 : kept;
}

/** Remove float noise before floor/ceil (0.29 × 100 = 28.999999999999996 is 29). */
export function cleanDecimal(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * A quota count from a real number of places under the scheme's rounding rule.
 * @example roundQuota(0.3 * 5, 'halfUp') // 2 (1.5 → 2)
 * @example roundQuota(0.3 * 5, 'floor')  // 1
 * @example roundQuota(0.3 * 5, 'ceil')   // 2
 */
export function roundQuota(x: number, rule: RoundingRule): number {
  const c = cleanDecimal(x);
  switch (rule) {
    case 'halfUp':
      return roundHalfUp(c, 0);
    case 'floor':
      return Math.floor(c);
    case 'ceil':
      return Math.ceil(c);
  }
}
