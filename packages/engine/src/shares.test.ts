import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from './errors';
import { splitByShare, validateShares } from './shares';

describe('validateShares', () => {
  it('accepts shares that sum to 1, float noise included', () => {
    expect(
      validateShares([
        { unitId: 'a', share: 0.5 },
        { unitId: 'b', share: 0.5 },
      ]),
    ).toEqual([]);
    // 0.1 + 0.2 + 0.7 = 1.0000000000000002 in binary
    const noisy = [
      { unitId: 'a', share: 0.1 },
      { unitId: 'b', share: 0.2 },
      { unitId: 'c', share: 0.7 },
    ];
    expect(validateShares(noisy)).toEqual([]);
  });

  it('names what is wrong: the sum, a share out of (0, 1], a unit twice, a single unit', () => {
    const codes = (s: Parameters<typeof validateShares>[0]) => validateShares(s).map((i) => i.code);
    expect(
      codes([
        { unitId: 'a', share: 0.6 },
        { unitId: 'b', share: 0.3 },
      ]),
    ).toEqual(['sum_mismatch']);
    expect(
      codes([
        { unitId: 'a', share: 1.2 },
        { unitId: 'b', share: -0.2 },
      ]),
    ).toEqual(['out_of_bounds', 'out_of_bounds']);
    expect(
      codes([
        { unitId: 'a', share: 0.5 },
        { unitId: 'a', share: 0.5 },
      ]),
    ).toEqual(['duplicate_id']);
    expect(codes([{ unitId: 'a', share: 1 }])).toEqual(['too_small']);
  });
});

describe('splitByShare (hand-computed, docs/scoring.md §4a)', () => {
  it('a 3-point deduction split 50/30/20: 1.50, 0.90, 0.60', () => {
    // 300 hundredths × 0.5 = 150, × 0.3 = 90, × 0.2 = 60; nothing left over.
    expect(
      splitByShare(3, [
        { unitId: 'lead', share: 0.5 },
        { unitId: 'b', share: 0.3 },
        { unitId: 'c', share: 0.2 },
      ]),
    ).toEqual([
      { unitId: 'lead', amount: 1.5 },
      { unitId: 'b', amount: 0.9 },
      { unitId: 'c', amount: 0.6 },
    ]);
  });

  it('1 point in thirds: 0.34, 0.33, 0.33 — the leftover hundredth goes to the first unit id', () => {
    // 100 × 1/3 = 33.33… each: floors 33 + 33 + 33 = 99, one hundredth left; remainders and shares tie → id 'a'.
    const third = 1 / 3;
    expect(
      splitByShare(1, [
        { unitId: 'c', share: third },
        { unitId: 'a', share: third },
        { unitId: 'b', share: third },
      ]),
    ).toEqual([
      { unitId: 'c', amount: 0.33 },
      { unitId: 'a', amount: 0.34 },
      { unitId: 'b', amount: 0.33 },
    ]);
  });

  it('2.05 points split 0.7/0.3: 1.44 and 0.61 (largest remainder, tie to the larger share)', () => {
    // 205 × 0.7 = 143.5 → 143 (rest .5); 205 × 0.3 = 61.5 → 61 (rest .5); one hundredth left, the rests tie,
    // so it goes to the larger share: 144 and 61 hundredths.
    expect(
      splitByShare(2.05, [
        { unitId: 'x', share: 0.7 },
        { unitId: 'y', share: 0.3 },
      ]),
    ).toEqual([
      { unitId: 'x', amount: 1.44 },
      { unitId: 'y', amount: 0.61 },
    ]);
  });

  it('refuses shares that do not sum to 1 (a typed error, never a silent rescale)', () => {
    expect(() =>
      splitByShare(1, [
        { unitId: 'a', share: 0.5 },
        { unitId: 'b', share: 0.4 },
      ]),
    ).toThrow(EngineError);
  });
});

/** Random shares that sum to 1: integer weights normalised, the last one takes the rest. */
const sharesArb = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 12 }).map((ws) => {
  const total = ws.reduce((a, b) => a + b, 0);
  const shares = ws.map((w, i) => ({ unitId: `u${String(i).padStart(2, '0')}`, share: w / total }));
  return shares;
});

describe('splitByShare properties', () => {
  it('the parts sum to the amount exactly (in hundredths), each within a hundredth of its exact share', () => {
    fc.assert(
      fc.property(sharesArb, fc.integer({ min: 0, max: 100_000 }), (shares, hundredths) => {
        fc.pre(validateShares(shares).length === 0);
        const amount = hundredths / 100;
        const parts = splitByShare(amount, shares);
        const sum = parts.reduce((a, p) => a + Math.round(p.amount * 100), 0);
        expect(sum).toBe(hundredths);
        parts.forEach((p, i) => {
          const share = shares[i]?.share ?? 0;
          expect(Math.abs(p.amount * 100 - hundredths * share)).toBeLessThan(1 + 1e-6);
        });
      }),
    );
  });

  it('the order of the units does not change any unit’s part', () => {
    fc.assert(
      fc.property(sharesArb, fc.integer({ min: 0, max: 100_000 }), (shares, hundredths) => {
        fc.pre(validateShares(shares).length === 0);
        const a = new Map(splitByShare(hundredths / 100, shares).map((p) => [p.unitId, p.amount]));
        const b = new Map(splitByShare(hundredths / 100, [...shares].reverse()).map((p) => [p.unitId, p.amount]));
        expect(b).toEqual(a);
      }),
    );
  });
});
