import { describe, expect, it } from 'vitest';
import type { SchemeInput } from './model';
import { groupScale, onScale } from './scale';
import { FOUR_TIERS } from './testkit';
import { validateScheme } from './validate';

/**
 * A 1,000-point scheme as printed: 经济发展 600 (two items of 300), 党的建设 200 (one item), 综合评价 200,
 * a bonus capped at 30, a −30 veto, a deduction rule limited to 50.
 */
export function thousandPoints(extra: Partial<SchemeInput> = {}): SchemeInput {
  return {
    id: 'k',
    scale: { total: 1000, mode: 'points', evaluationPoints: 200 },
    groups: [
      {
        id: 'g',
        name: '乡镇',
        blocks: [
          {
            id: 'econ',
            indicators: [
              { id: 'gdp', points: 300, method: { kind: 'ratio', target: 100 } },
              { id: 'inv', points: 300, method: { kind: 'ratio', target: 50 } },
            ],
          },
          { id: 'party', indicators: [{ id: 'pb', points: 200, method: { kind: 'grade', grades: { A: 1, B: 0.8 } } }] },
        ],
      },
    ],
    bonus: { categories: [{ id: 'honour', levels: { national: 20, provincial: 10, city: 5 } }], cap: 30 },
    deductions: [{ id: 'safety', amount: { kind: 'fixed', points: 20 }, limit: 50 }],
    vetoes: [{ id: 'accident', effect: { kind: 'fixedDeduction', points: 30 } }],
    evaluation: { raterGroups: [{ id: 'leaders', weight: 1, form: 'scale', min: 0, max: 100 }] },
    tiering: FOUR_TIERS,
    ...extra,
  } as SchemeInput;
}

const issuesOf = (input: SchemeInput) => {
  const r = validateScheme(input);
  return r.ok ? r.warnings : r.issues;
};

describe('groupScale', () => {
  it('without a scale: normalised to 100, weighted by a/b (today)', () => {
    expect(groupScale({}, { composite: { a: 0.7, b: 0.3 } })).toEqual({
      mode: 'normalised',
      total: 100,
      indicators: 100,
      evaluation: 100,
      weights: { a: 0.7, b: 0.3 },
    });
  });
  it("a 'points' scale: the indicators are worth the total less the evaluation's points", () => {
    const s = { scale: { total: 1000, mode: 'points' as const, evaluationPoints: 200 } };
    expect(groupScale(s, { composite: { a: 1, b: 0 } })).toEqual({
      mode: 'points',
      total: 1000,
      indicators: 800,
      evaluation: 200,
      weights: { a: 1, b: 1 },
    });
    // the evaluation's points from b × total when not given; a group's own total over the scheme's
    expect(groupScale({ scale: { total: 1000, mode: 'points' } }, { composite: { a: 0.75, b: 0.25 } })).toMatchObject({
      indicators: 750,
      evaluation: 250,
    });
    expect(groupScale(s, { composite: { a: 1, b: 0 }, scale: { total: 500, evaluationPoints: 100 } })).toMatchObject({
      total: 500,
      indicators: 400,
      evaluation: 100,
    });
    // no evaluation points: published on 100, not counted
    expect(groupScale({ scale: { total: 1000, mode: 'points' } }, { composite: { a: 1, b: 0 } })).toMatchObject({
      indicators: 1000,
      evaluation: 100,
      weights: { a: 1, b: 0 },
    });
  });
  it('onScale is exact when the points already add up', () => {
    expect(onScale(763.25, 800, 800)).toBe(763.25);
    expect(onScale(45, 90, 100)).toBe(50);
    expect(onScale(5, 0, 100)).toBe(0);
  });
});

describe('validating a scale', () => {
  it('a 1,000-point scheme that adds up is valid, with no warning', () => {
    expect(issuesOf(thousandPoints())).toEqual([]);
  });
  it('points that do not add up to the scale: an error naming the group and the figures', () => {
    const s = thousandPoints({ scale: { total: 1000, mode: 'points', evaluationPoints: 150 } });
    const r = validateScheme(s);
    expect(r.ok).toBe(false);
    const found = issuesOf(s).filter((i) => i.code === 'scale_mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      path: 'groups[0]',
      severity: 'error',
      message: "indicator points of group '乡镇' sum to 800, not 850 (full marks 1000, 150 of them the evaluation)",
      params: { group: '乡镇', sum: 800, expected: 850, total: 1000, evaluation: 150 },
    });
  });
  it('normalising to the scale instead: a warning, as for 100 before', () => {
    const s = thousandPoints({ scale: { total: 1000, mode: 'normalised' } });
    const found = issuesOf(s);
    expect(validateScheme(s).ok).toBe(true);
    expect(found.map((i) => [i.code, i.severity, i.message])).toEqual([
      ['sum_mismatch', 'warning', 'indicator points sum to 800, not 1000 (totals are normalised to 1000)'],
    ]);
  });
  it('feature indicators: the units whose points do not add up are named', () => {
    const s = thousandPoints();
    const g = s.groups[0] as { blocks: { indicators: unknown[] }[] };
    g.blocks[1]?.indicators.push({ id: 'own', points: 50, appliesTo: ['u1'], method: { kind: 'binary' } });
    const found = issuesOf(s).filter((i) => i.code === 'scale_mismatch');
    expect(found.map((i) => i.message)).toEqual([
      "indicator points of group '乡镇' sum to 850 for u1, not 800 (full marks 1000, 200 of them the evaluation)",
    ]);
  });
  it('caps larger than the scale are refused; a band above it warns', () => {
    const s = thousandPoints({
      bonus: { categories: [{ id: 'honour', cap: 1200 }], cap: 1001 },
      deductions: [{ id: 'safety', amount: { kind: 'fixed', points: 20 }, limit: 5000 }],
      deductionCaps: [{ id: 'all', rules: ['safety'], limit: 2000 }],
      vetoes: [{ id: 'accident', effect: { kind: 'fixedDeduction', points: 1500 } }],
      tiering: { tiers: [{ id: 'good', minScore: 1010 }, { id: 'rest' }] },
    });
    const found = issuesOf(s).filter((i) => i.code === 'over_scale');
    expect(found.map((i) => `${i.severity} ${i.path}: ${i.message}`)).toEqual([
      "error bonus.cap: the bonus cap 1001 is larger than the scheme's full marks 1000",
      "error bonus.categories[0].cap: the category cap 1200 is larger than the scheme's full marks 1000",
      "error deductions[0].limit: the deduction limit 5000 is larger than the scheme's full marks 1000",
      "error deductionCaps[0].limit: the shared deduction limit 2000 is larger than the scheme's full marks 1000",
      "error vetoes[0].effect.points: the veto's deduction 1500 is larger than the scheme's full marks 1000",
      'warning tiering.tiers[0].minScore: the band 1010 is above full marks 1000: only a bonus can reach it',
    ]);
    // the same caps on the 1,000 scale are fine; on a scheme without a scale (100) a cap of 150 is not
    expect(issuesOf(thousandPoints({ bonus: { categories: [], cap: 150 } })).map((i) => i.code)).toEqual([]);
    const hundred = thousandPoints({ bonus: { categories: [], cap: 150 } });
    delete hundred.scale;
    expect(issuesOf(hundred).filter((i) => i.code === 'over_scale')).toHaveLength(1);
  });
  it('evaluation points: within the scale, agreeing with b, backed by an evaluation', () => {
    const g = (composite: { a: number; b: number }) =>
      [{ ...thousandPoints().groups[0], composite }] as SchemeInput['groups'];
    expect(
      issuesOf(thousandPoints({ groups: g({ a: 0.7, b: 0.3 }) }) as SchemeInput)
        .filter((i) => i.code === 'invalid_value')
        .map((i) => `${i.path}: ${i.message}`),
    ).toEqual([
      'groups[0].composite.b: b = 0.3 makes the evaluation 300 of 1000 points, but the scale gives it 200: set one of them',
    ]);
    // b = 0.2 agrees with 200 of 1000
    expect(issuesOf(thousandPoints({ groups: g({ a: 0.8, b: 0.2 }) }) as SchemeInput)).toEqual([]);
    const noEval = thousandPoints();
    delete noEval.evaluation;
    expect(issuesOf(noEval).map((i) => `${i.code} ${i.path}`)).toEqual(['required evaluation']);
    expect(
      issuesOf(thousandPoints({ scale: { total: 1000, mode: 'points', evaluationPoints: 1200 } })).map(
        (i) => `${i.code} ${i.path}`,
      ),
    ).toEqual(['scale_mismatch groups[0]', 'over_scale scale.evaluationPoints']);
  });
  it('a group on its own scale is checked against it', () => {
    const base = thousandPoints();
    const g0 = base.groups[0] as Record<string, unknown>;
    const s = { ...base, groups: [{ ...g0, scale: { total: 900, evaluationPoints: 100 } }] } as SchemeInput;
    expect(issuesOf(s)).toEqual([]);
    const bad = { ...base, groups: [{ ...g0, scale: { total: 900 } }] } as SchemeInput;
    expect(issuesOf(bad).map((i) => i.message)).toEqual([
      "indicator points of group '乡镇' sum to 800, not 700 (full marks 900, 200 of them the evaluation)",
    ]);
  });
});
