/**
 * R34 — assessor measures on hand-computed sets, a property over random score sets, and the `assessor` deduction
 * rule that lets a scheme criticise, deduct from or downgrade an assessor unit's own assessment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute } from '../compute';
import type { DatasetInput } from '../model';
import { oneGroup, units } from '../testkit';
import { assessorMeasureRows, assessorScoresOf, assessorStats, type AssessorScore } from './assessors';

const s = (assessorId: string, unitId: string, indicatorId: string, points: number, max = 10): AssessorScore => ({
  assessorId,
  unitId,
  indicatorId,
  points,
  max,
});

describe('assessorStats (hand-computed)', () => {
  // A gives 10, 10, 10, 8 of 10 to u1..u4 on i1 → fractions 1, 1, 1, 0.8.
  // B gives 6 and 8 of 10 to u1 and u4 on i2 → fractions 0.6, 0.8.
  const scores = [
    s('A', 'u1', 'i1', 10),
    s('A', 'u2', 'i1', 10),
    s('A', 'u3', 'i1', 10),
    s('A', 'u4', 'i1', 8),
    s('B', 'u1', 'i2', 6),
    s('B', 'u4', 'i2', 8),
  ];
  const [a, b] = assessorStats(scores, [{ assessorId: 'A', corrections: 1, dataDifferences: 2 }]);

  it('full-mark share, distinct share and CV', () => {
    // A: 3 of 4 full → 0.75; distinct {1, 0.8} → 2 / 4 = 0.5;
    // mean 3.8 / 4 = 0.95; variance (3 × 0.05² + 0.15²) / 4 = (0.0075 + 0.0225) / 4 = 0.0075; sd 0.0866; cv 0.0912
    expect(a?.assessorId).toBe('A');
    expect(a?.scores).toBe(4);
    expect(a?.fullMarks).toBe(3);
    expect(a?.fullMarkShare).toBe(0.75);
    expect(a?.distinctShare).toBe(0.5);
    expect(a?.mean).toBeCloseTo(0.95, 12);
    expect(a?.cv).toBeCloseTo(Math.sqrt(0.0075) / 0.95, 12);
    // B: 0 full; distinct 2 / 2 = 1; mean 0.7, sd 0.1, cv 0.1 / 0.7
    expect(b?.fullMarkShare).toBe(0);
    expect(b?.distinctShare).toBe(1);
    expect(b?.cv).toBeCloseTo(0.1 / 0.7, 12);
  });

  it('corrections and data differences as shares of the scores given', () => {
    // A: 1 correction / 4 = 0.25; 2 data differences / 4 = 0.5. B: none.
    expect(a?.corrections).toBe(1);
    expect(a?.correctionShare).toBe(0.25);
    expect(a?.dataDifferences).toBe(2);
    expect(a?.dataDifferenceShare).toBe(0.5);
    expect(b?.correctionShare).toBe(0);
  });

  it('compares the units it shares with other assessors', () => {
    // Shared units u1 and u4. A − B on u1: 1 − 0.6 = 0.4; on u4: 0.8 − 0.8 = 0. Mean gap (0.4 + 0) / 2 = 0.2.
    expect(a?.sharedUnits).toBe(2);
    expect(a?.sharedGap).toBeCloseTo(0.2, 12);
    // B − A: −0.4 and 0 → −0.2
    expect(b?.sharedUnits).toBe(2);
    expect(b?.sharedGap).toBeCloseTo(-0.2, 12);
  });

  it('one score given: every measure defined, no NaN; events without scores still listed', () => {
    const [c, d] = assessorStats([s('C', 'u1', 'i', 0)], [{ assessorId: 'D', corrections: 1 }]);
    // C: one zero score → mean 0, cv 0 (not NaN), distinct 1/1
    expect(c).toMatchObject({ scores: 1, fullMarks: 0, cv: 0, distinctShare: 1, sharedUnits: 0, sharedGap: 0 });
    expect(d).toMatchObject({ assessorId: 'D', scores: 0, corrections: 1, correctionShare: 0, fullMarkShare: 0 });
  });

  it('the measure rows carry the number of scores and every measure', () => {
    const rows = assessorMeasureRows(a ? [a] : []);
    expect(rows.find((r) => r.measure === 'scores')?.value).toBe(4);
    expect(rows.find((r) => r.measure === 'fullMarkShare')?.value).toBe(0.75);
    expect(rows).toHaveLength(7);
  });
});

describe('assessorStats (properties)', () => {
  const arb = fc.array(
    fc.record({
      assessorId: fc.constantFrom('A', 'B', 'C'),
      unitId: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
      indicatorId: fc.constantFrom('i1', 'i2'),
      points: fc.integer({ min: 0, max: 10 }),
      max: fc.constant(10),
    }),
    { maxLength: 40 },
  );

  it('shares lie in [0, 1], cv ≥ 0, full marks ≤ scores, order of rows does not matter', () => {
    fc.assert(
      fc.property(arb, fc.integer(), (rows, seed) => {
        const st = assessorStats(rows);
        for (const x of st) {
          for (const v of [x.fullMarkShare, x.distinctShare]) expect(v >= 0 && v <= 1).toBe(true);
          expect(x.cv).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(x.cv)).toBe(true);
          expect(x.fullMarks).toBeLessThanOrEqual(x.scores);
          expect(Math.abs(x.sharedGap)).toBeLessThanOrEqual(1 + 1e-12);
        }
        // a rotation of the input gives the same figures
        const k = rows.length ? Math.abs(seed) % rows.length : 0;
        expect(assessorStats([...rows.slice(k), ...rows.slice(0, k)])).toEqual(st);
      }),
    );
  });

  it('an assessor that gives every unit full marks has full-mark share 1, cv 0 and one distinct value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (n) => {
        const rows = Array.from({ length: n }, (_, i) => s('A', `u${i}`, 'i', 10));
        const [x] = assessorStats(rows);
        expect(x?.fullMarkShare).toBe(1);
        expect(x?.cv).toBe(0);
        expect(x?.distinctShare).toBeCloseTo(1 / n, 12);
      }),
    );
  });
});

describe('the `assessor` deduction rule (a scheme holds its assessors to account)', () => {
  // u1 owns indicator i1 as its assessor and gives every unit full marks; u2 owns i2 and differentiates.
  const scheme = oneGroup(
    [
      { id: 'i1', points: 50, assessorId: 'u1', method: { kind: 'ratio', target: 100 } },
      { id: 'i2', points: 50, assessorId: 'u2', method: { kind: 'ratio', target: 100 } },
    ],
    {
      deductions: [
        {
          id: 'fullMarks',
          name: '考核主体满分率过高',
          amount: { kind: 'assessor', measure: 'fullMarkShare', above: 0.9, minScores: 3, points: 2 },
        },
      ],
    },
  );
  const dataset = (measures: DatasetInput['assessorMeasures']): DatasetInput => ({
    units: units(3),
    values: [
      { unitId: 'u1', indicatorId: 'i1', value: 100 },
      { unitId: 'u2', indicatorId: 'i1', value: 100 },
      { unitId: 'u3', indicatorId: 'i1', value: 100 },
      { unitId: 'u1', indicatorId: 'i2', value: 100 },
      { unitId: 'u2', indicatorId: 'i2', value: 80 },
      { unitId: 'u3', indicatorId: 'i2', value: 60 },
    ],
    ...(measures ? { assessorMeasures: measures } : {}),
  });

  it('reads the measures computed from the results and deducts from the flagged assessor only', () => {
    const first = compute(scheme, dataset([]));
    const stats = assessorStats(assessorScoresOf(first));
    // u1 as assessor: 3 of 3 full (1.0 > 0.9); u2: 1 of 3 (u1's 50 of 50) → 0.333
    expect(stats.map((x) => [x.assessorId, x.fullMarkShare])).toEqual([
      ['u1', 1],
      ['u2', 1 / 3],
    ]);
    const r = compute(scheme, dataset(assessorMeasureRows(stats)));
    const u1 = r.units.find((u) => u.unitId === 'u1');
    const u2 = r.units.find((u) => u.unitId === 'u2');
    // u1: 50 + 50 = 100 − 2 = 98; u2: 50 + 40 = 90, no deduction
    expect(u1?.composite).toBe(98);
    expect(u2?.composite).toBe(90);
    // without the measures nothing is deducted
    expect(first.units.find((u) => u.unitId === 'u1')?.composite).toBe(100);
  });

  it('below the threshold, or with too few scores, the unit is not judged', () => {
    const r = compute(
      scheme,
      dataset([
        { unitId: 'u1', measure: 'scores', value: 2 },
        { unitId: 'u1', measure: 'fullMarkShare', value: 1 },
        { unitId: 'u2', measure: 'scores', value: 3 },
        { unitId: 'u2', measure: 'fullMarkShare', value: 0.9 },
      ]),
    );
    expect(r.units.find((u) => u.unitId === 'u1')?.composite).toBe(100);
    expect(r.units.find((u) => u.unitId === 'u2')?.composite).toBe(90);
  });
});
