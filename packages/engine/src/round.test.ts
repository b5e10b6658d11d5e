import { describe, expect, it } from 'vitest';
import { roundHalfUp, roundQuota } from './round';

describe('roundHalfUp', () => {
  it('rounds the decimal, not the binary value', () => {
    // 1.005 is stored as 1.00499999999999989…; read as the decimal 1.005 → 1.01
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(1.0049, 2)).toBe(1);
    // 0.7 × 85.35 = 59.745 exactly in decimal; float gives 59.74499999999999
    expect(roundHalfUp(0.7 * 85.35, 2)).toBe(59.75);
  });
  it('handles negatives half away from zero, integers and other decimals', () => {
    expect(roundHalfUp(-1.005, 2)).toBe(-1.01);
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
    expect(roundHalfUp(123.4565, 3)).toBe(123.457);
    expect(roundHalfUp(0, 2)).toBe(0);
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true);
  });
  it('rejects non-finite input with a typed error', () => {
    expect(() => roundHalfUp(Number.NaN)).toThrow(/non-finite/);
  });
});

describe('roundQuota', () => {
  // share 0.3 × n for n = 1..7: 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1
  const exact = [1, 2, 3, 4, 5, 6, 7].map((n) => 0.3 * n);
  it('half-up', () => expect(exact.map((x) => roundQuota(x, 'halfUp'))).toEqual([0, 1, 1, 1, 2, 2, 2]));
  it('floor', () => expect(exact.map((x) => roundQuota(x, 'floor'))).toEqual([0, 0, 0, 1, 1, 1, 2]));
  it('ceil', () => expect(exact.map((x) => roundQuota(x, 'ceil'))).toEqual([1, 1, 1, 2, 2, 2, 3]));
  it('removes float noise before floor/ceil', () => {
    // 0.29 × 100 = 28.999999999999996 in binary; it is 29
    expect(roundQuota(0.29 * 100, 'floor')).toBe(29);
    // 0.7 × 10 = 7.000000000000001 in binary; it is 7
    expect(roundQuota(0.7 * 10, 'ceil')).toBe(7);
  });
});
