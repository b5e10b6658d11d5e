import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from './errors';
import type { IndicatorMeta } from './matrix';
import { mulberry32 } from './prng';
import { quotaTierer, type SensitivityGroup, sensitivity } from './sensitivity';

function group(groupId: string, rows: number[][], extra: Partial<SensitivityGroup> = {}): SensitivityGroup {
  const n = rows.length;
  const m = rows[0]?.length ?? 0;
  const scores = new Float64Array(n * m);
  rows.forEach((row, i) => row.forEach((v, j) => (scores[j * n + i] = v)));
  const indicators: IndicatorMeta[] = Array.from({ length: m }, (_, j) => ({ id: `i${j}`, points: 10 }));
  return { groupId, unitIds: rows.map((_, i) => `u${i + 1}`), indicators, scores, ...extra };
}

describe('mulberry32', () => {
  it('is deterministic for a seed and records it', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(a.seed).toBe(42);
    // The reference mulberry32 sequence for seed 42.
    expect(a.next()).toBe(0.6011037519201636);
    expect(a.next()).toBe(0.44829055899754167);
    b.next();
    b.next();
    expect(b.next()).toBe(a.next());
    expect(mulberry32(-1).seed).toBe(4294967295);
  });
});

describe('quotaTierer', () => {
  it("quotas round half up and fill tier after tier, ties at a tier's last place all in", () => {
    // 10 units, shares 30/40/30 → quotas 3 and 4, the last tier takes the rest.
    // Totals: 95, 90, 85, 85, 80, 75, 70, 70, 60, 50 → sport ranks 1, 2, 3, 3, 5, 6, 7, 7, 9, 10.
    // Tier 0: rank ≤ 3 → 4 units (the tie at 3 all in). Tier 1: 4 places after those 4, rank ≤ 8 → ranks
    // 5, 6, 7, 7. Tier 2: ranks 9, 10.
    const t = quotaTierer(10, [0.3, 0.4, 0.3], 2);
    const out = t(new Float64Array([95, 90, 85, 85, 80, 75, 70, 70, 60, 50]));
    expect(Array.from(out.ranks)).toEqual([1, 2, 3, 3, 5, 6, 7, 7, 9, 10]);
    expect(Array.from(out.tiers)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    // 5 units at 30%: 1.5 → 2 places (half up).
    expect(Array.from(quotaTierer(5, [0.3, 0.7], null)(new Float64Array([5, 4, 3, 2, 1])).tiers)).toEqual([
      0, 0, 1, 1, 1,
    ]);
    // A tie that runs over pushes the next tier back: 6 units, quotas 2 (33%) and 2 (33%).
    // Totals 9, 8, 8, 8, 5, 4 → ranks 1, 2, 2, 2, 5, 6. Tier 0: rank ≤ 2 → 4 units. Tier 1: rank ≤ 4 + 2 = 6
    // → ranks 5, 6. Tier 2 is empty (cumulative cut-offs would have put rank 5 and 6 in tier 1 and 2).
    expect(Array.from(quotaTierer(6, [0.33, 0.33, 0.34], 2)(new Float64Array([9, 8, 8, 8, 5, 4])).tiers)).toEqual([
      0, 0, 0, 0, 1, 1,
    ]);
  });
});

describe('sensitivity — hand-checked cases', () => {
  it('a unit that leads on every indicator never moves', () => {
    // u1 = (10, 10), u2 = (5, 5): whatever positive weights, u1 is ahead.
    const r = sensitivity(
      {
        groups: [
          group(
            'g',
            [
              [10, 10],
              [5, 5],
            ],
            { tierShares: [0.5, 0.5] },
          ),
        ],
      },
      { runs: 200, seed: 7 },
    );
    expect(r.units.map((u) => [u.medianRank, u.p5Rank, u.p95Rank, u.tierChangeShare])).toEqual([
      [1, 1, 1, 0],
      [2, 2, 2, 0],
    ]);
    expect(r.boundaries[0]?.crossingShare).toBe(0);
    expect(r.boundaries[0]?.fragile).toBe(false);
    // Baseline totals 20 and 10: the gap at the boundary is 10.
    expect(r.boundaries[0]?.baselineGap).toBe(10);
  });

  it('two units that each lead one equally weighted indicator swap about half the time', () => {
    // u1 = (10, 0), u2 = (0, 9.99): u1 leads iff 10·w1 > 9.99·w2 (before rounding), i.e. almost exactly
    // when its indicator's factor is the larger one, P ≈ 0.5. One place in the top tier: each unit's
    // tier changes in ≈ 50% of draws, and the boundary is fragile.
    const r = sensitivity(
      {
        groups: [
          group(
            'g',
            [
              [10, 0],
              [0, 9.99],
            ],
            { tierShares: [0.5, 0.5], tierNames: ['好', '一般'] },
          ),
        ],
      },
      { runs: 4000, seed: 1 },
    );
    for (const u of r.units) {
      expect(u.tierChangeShare).toBeGreaterThan(0.45);
      expect(u.tierChangeShare).toBeLessThan(0.55);
      expect(u.p5Rank).toBe(1);
      expect(u.p95Rank).toBe(2);
    }
    expect(r.boundaries[0]?.label).toBe('好/一般');
    expect(r.boundaries[0]?.fragile).toBe(true);
    expect(r.boundaries[0]?.units.map((u) => u.unitId).sort()).toEqual(['u1', 'u2']);
    expect(r.fragileBoundaries).toBe(1);
  });

  it('renormalises: the perturbed weights keep their sum', () => {
    // With a single indicator every draw renormalises its weight back to 1, so nothing changes at any spread.
    const r = sensitivity(
      { groups: [group('g', [[3], [2], [1]], { tierShares: [0.34, 0.66] })] },
      { runs: 50, spread: 1 },
    );
    expect(r.units.every((u) => u.tierChangeShare === 0 && u.minRank === u.maxRank)).toBe(true);
  });

  it('uses a custom scheme tierer and checks what it returns', () => {
    const calls: number[] = [];
    const tierer = (totals: readonly Float64Array[]) =>
      totals.map((t) => {
        calls.push(t.length);
        const ranks = Int32Array.from(t, (v) => 1 + [...t].filter((x) => x > v).length);
        return { ranks, tiers: Int32Array.from(ranks, (r) => (r === 1 ? 0 : 1)) };
      });
    const r = sensitivity(
      {
        groups: [
          group(
            'g',
            [
              [2, 1],
              [1, 2],
              [0, 0],
            ],
            { tierNames: ['A', 'B'] },
          ),
        ],
        tierer,
      },
      { runs: 10 },
    );
    expect(calls).toHaveLength(11); // baseline + 10 draws
    expect(r.units).toHaveLength(3);
    expect(() => sensitivity({ groups: [group('g', [[1]])], tierer }, { runs: 1 })).toThrowError(/tierNames/);
    const bad = () => [{ ranks: new Int32Array([1]), tiers: new Int32Array([5]) }];
    expect(() =>
      sensitivity({ groups: [group('g', [[1]], { tierNames: ['A'] })], tierer: bad }, { runs: 1 }),
    ).toThrowError(AnalysisError);
  });

  it('rejects bad options with stable codes', () => {
    const g = group('g', [[1]]);
    for (const o of [{ runs: 0 }, { runs: 1.5 }, { spread: -0.1 }, { seed: Number.NaN }, { decimals: 11 }]) {
      expect(() => sensitivity({ groups: [g] }, o)).toThrowError(
        expect.objectContaining({ code: 'ANALYSIS_INVALID_OPTION' }),
      );
    }
  });
});

/** Random groups: 1–3 groups of 1–15 units × 1–6 indicators, scores on a 0.5 grid, random weights. */
const arbInput = fc.array(
  fc.record({ n: fc.integer({ min: 1, max: 15 }), m: fc.integer({ min: 1, max: 6 }) }).chain(({ n, m }) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      cells: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n * m, maxLength: n * m }),
      weights: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: m, maxLength: m }),
      shares: fc.constantFrom([1], [0.3, 0.7], [0.3, 0.4, 0.2, 0.1], [0.2, 0.2, 0.6]),
    }),
  ),
  { minLength: 1, maxLength: 3 },
);

function toGroups(
  specs: { n: number; m: number; cells: number[]; weights: number[]; shares: readonly number[] }[],
): SensitivityGroup[] {
  return specs.map((s, gi) => ({
    groupId: `g${gi}`,
    unitIds: Array.from({ length: s.n }, (_, i) => `u${gi}-${i}`),
    indicators: Array.from({ length: s.m }, (_, j) => ({ id: `i${j}`, points: 10 })),
    scores: Float64Array.from(s.cells, (v) => v / 2),
    weights: Float64Array.from(s.weights, (w) => w / 4),
    tierShares: s.shares,
  }));
}

describe('sensitivity — properties', () => {
  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(arbInput, fc.integer(), (specs, seed) => {
        const groups = toGroups(specs);
        const a = sensitivity({ groups }, { runs: 30, seed });
        const b = sensitivity({ groups }, { runs: 30, seed });
        expect(b).toEqual(a);
        expect(a.seed).toBe(seed >>> 0);
      }),
      { numRuns: 50 },
    );
  });

  it('with spread 0 every interval collapses to the baseline rank and no tier changes', () => {
    fc.assert(
      fc.property(arbInput, fc.integer(), (specs, seed) => {
        const r = sensitivity({ groups: toGroups(specs) }, { runs: 20, seed, spread: 0 });
        for (const u of r.units) {
          expect(u.p5Rank).toBe(u.baseRank);
          expect(u.medianRank).toBe(u.baseRank);
          expect(u.p95Rank).toBe(u.baseRank);
          expect(u.tierChangeShare).toBe(0);
          expect(u.tierShares[u.baseTier]).toBe(1);
        }
        for (const b of r.boundaries) expect(b.crossingShare).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('intervals are ordered and shares are shares', () => {
    fc.assert(
      fc.property(arbInput, fc.integer(), (specs, seed) => {
        const r = sensitivity({ groups: toGroups(specs) }, { runs: 25, seed });
        for (const u of r.units) {
          expect(u.minRank).toBeLessThanOrEqual(u.p5Rank);
          expect(u.p5Rank).toBeLessThanOrEqual(u.medianRank);
          expect(u.medianRank).toBeLessThanOrEqual(u.p95Rank);
          expect(u.p95Rank).toBeLessThanOrEqual(u.maxRank);
          expect(u.tierChangeShare).toBeGreaterThanOrEqual(0);
          expect(u.tierChangeShare).toBeLessThanOrEqual(1);
          expect(u.tierShares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        }
      }),
      { numRuns: 60 },
    );
  });
});
