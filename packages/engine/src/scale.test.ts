import { describe, expect, it } from 'vitest';
import { compute } from './compute';
import { explainUnit } from './explain';
import type { DatasetInput, SchemeInput } from './model';
import { groupScale, onScale } from './scale';
import { thousandPoints } from './testkit';
import { validateScheme } from './validate';

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

/**
 * Three townships on the 1,000-point scheme above, with a rank-change rule (down 2 places: −10) and a band (好 needs
 * 900). Hand-computed, every figure as printed:
 *
 * | unit | gdp (300, target 100) | inv (300, target 50) | pb (200) | indicators | evaluation (200) | bonus (cap 30) | deductions | composite |
 * |---|---|---|---|---|---|---|---|---|
 * | u1 | 95 → 285 | 50 → 300 | A → 200 | 785 | 90 → 180 | 20 + 10 + 5 = 35 → 30 | — | 995 |
 * | u2 | 100 → 300 | 40 → 240 | B → 160 | 700 | 80 → 160 | — | veto −30, safety 3 × 20 = 60 → limit 50 | 780, then rank change −10 → 770 |
 * | u3 | 80 → 240 | 45 → 270 | A → 200 | 710 | 85 → 170 | — | — | 880 |
 *
 * u2 was first last year and is third before the rank change: moved −2 → −10. Ranks u1, u3, u2; quotas 30% / 40% of
 * 3 → 1, 1: u1 好 (995 ≥ 900), u3 较好, u2 一般.
 */
function townships(): DatasetInput {
  return {
    units: [
      { id: 'u1', group: 'g', lastRank: 2 },
      { id: 'u2', group: 'g', lastRank: 1 },
      { id: 'u3', group: 'g', lastRank: 3 },
    ],
    values: [
      { unitId: 'u1', indicatorId: 'gdp', value: 95 },
      { unitId: 'u1', indicatorId: 'inv', value: 50 },
      { unitId: 'u1', indicatorId: 'pb', grade: 'A' },
      { unitId: 'u2', indicatorId: 'gdp', value: 100 },
      { unitId: 'u2', indicatorId: 'inv', value: 40 },
      { unitId: 'u2', indicatorId: 'pb', grade: 'B' },
      { unitId: 'u3', indicatorId: 'gdp', value: 80 },
      { unitId: 'u3', indicatorId: 'inv', value: 45 },
      { unitId: 'u3', indicatorId: 'pb', grade: 'A' },
    ],
    ballots: [
      { id: 'b1', raterGroup: 'leaders', marks: { u1: 90, u2: 80, u3: 85 } },
      { id: 'b2', raterGroup: 'leaders', marks: { u1: 90, u2: 80, u3: 85 } },
    ],
    bonuses: [
      { id: 'h1', unitId: 'u1', category: 'honour', level: 'national' },
      { id: 'h2', unitId: 'u1', category: 'honour', level: 'provincial' },
      { id: 'h3', unitId: 'u1', category: 'honour', level: 'city' },
    ],
    deductions: [{ id: 'd1', unitId: 'u2', rule: 'safety', count: 3 }],
    vetoes: [{ id: 'v1', unitId: 'u2', rule: 'accident' }],
  };
}

const withRules = (s: SchemeInput): SchemeInput => ({
  ...s,
  bonus: { ...s.bonus, rankChange: { rules: [{ id: 'down2', places: -2, points: -10 }] } },
  tiering: {
    tiers: [{ id: 'good', share: 0.3, minScore: 900 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
  },
});

describe('computing on a 1,000-point scale', () => {
  it('everything as printed: a 200-point evaluation, a −30 veto, a bonus cap of 30, rank change −10, a band of 900', () => {
    const r = compute(withRules(thousandPoints()), townships());
    const row = (id: string) => {
      const u = r.units.find((x) => x.unitId === id);
      if (!u) throw new Error(id);
      return [
        u.indicatorPoints,
        u.indicatorMax,
        u.indicatorTotal,
        u.evaluation,
        u.bonus,
        u.deductions,
        u.rankChange,
        u.composite,
        u.rank,
        u.tier,
      ];
    };
    expect(row('u1')).toEqual([785, 800, 785, 180, 30, 0, 0, 995, 1, 'good']);
    expect(row('u2')).toEqual([700, 800, 700, 160, 0, 80, -10, 770, 3, 'avg']);
    expect(row('u3')).toEqual([710, 800, 710, 170, 0, 0, 0, 880, 2, 'fair']);
    expect(r.issues).toEqual([]);
    const steps = explainUnit(r, 'u2').steps.map((x) => x.detail);
    expect(steps).toContain('700 of 800 → 700 on 800');
    expect(steps).toContain(
      '700 + evaluation 160 of 200 + bonus 0 + rank change -10 − deductions 80 = 770 → 770 (full marks 1000)',
    );
    const veto = explainUnit(r, 'u2').adjustments.find((x) => x.kind === 'veto');
    expect(veto?.points).toBe(-30); // adjustments are signed: −30 on the 1,000 scale, not −3
  });

  it('the 好 band of 900 is on the scale: without the bonus u1 would still pass, at 895 it would not', () => {
    const d = townships();
    d.bonuses = [];
    d.values = (d.values ?? []).map((v) => (v.unitId === 'u1' && v.indicatorId === 'gdp' ? { ...v, value: 90 } : v));
    // u1 without bonus, gdp 90: 270 + 300 + 200 = 770, + 180 = 950 ≥ 900 → 好. gdp 85 and pb B: 255 + 300 + 160 = 715,
    // + 180 = 895 < 900: still first, but 好 stays empty (u3's 880 misses the band too) → 较好; u3 then 一般
    const r = compute(withRules(thousandPoints()), d);
    expect(r.units.find((u) => u.unitId === 'u1')?.composite).toBe(950);
    d.values = (d.values ?? []).map((v) =>
      v.unitId === 'u1' && v.indicatorId === 'gdp'
        ? { ...v, value: 85 }
        : v.unitId === 'u1' && v.indicatorId === 'pb'
          ? { ...v, grade: 'B' }
          : v,
    );
    const r2 = compute(withRules(thousandPoints()), d);
    const u1 = r2.units.find((u) => u.unitId === 'u1');
    expect([u1?.composite, u1?.rank, u1?.tier]).toEqual([895, 1, 'fair']);
    expect(r2.units.find((u) => u.unitId === 'u3')?.tier).toBe('avg');
  });

  it('weighted a/b instead of evaluation points: b × total is the evaluation (0.2 × 1000 = 200), the same results', () => {
    const s = thousandPoints({ scale: { total: 1000, mode: 'points' } });
    const g0 = s.groups[0] as Record<string, unknown>;
    const weighted = withRules({ ...s, groups: [{ ...g0, composite: { a: 0.8, b: 0.2 } }] } as SchemeInput);
    const a = compute(weighted, townships());
    const b = compute(withRules(thousandPoints()), townships());
    expect(a.units.map((u) => [u.composite, u.evaluation])).toEqual(b.units.map((u) => [u.composite, u.evaluation]));
  });

  it('normalised to 1,000 with a 0.8 / 0.2: each part rescaled to 1,000 and weighted — the same composites here', () => {
    // u1: indicators 785 / 800 × 1000 = 981.25, evaluation 90 → 900; 0.8 × 981.25 + 0.2 × 900 + 30 = 995
    const s = thousandPoints({ scale: { total: 1000, mode: 'normalised' } });
    const g0 = s.groups[0] as Record<string, unknown>;
    const r = compute(
      withRules({ ...s, groups: [{ ...g0, composite: { a: 0.8, b: 0.2 } }] } as SchemeInput),
      townships(),
    );
    const u1 = r.units.find((u) => u.unitId === 'u1');
    expect([u1?.indicatorTotal, u1?.evaluation, u1?.composite]).toEqual([981.25, 900, 995]);
    expect(r.units.map((u) => u.composite)).toEqual([995, 770, 880]);
  });

  it('what ÷10 used to give: the same scheme without a scale is normalised to 100 and the −30 veto weighs ten times more', () => {
    const s = withRules(thousandPoints());
    delete s.scale;
    const g0 = s.groups[0] as Record<string, unknown>;
    const r = compute({ ...s, groups: [{ ...g0, composite: { a: 0.8, b: 0.2 } }] } as SchemeInput, townships());
    // u2: 700 / 800 × 100 = 87.5; 0.8 × 87.5 + 0.2 × 80 = 86; − 30 − 50 (the 1,000-point figures read on 100) − 10 = −4
    expect(r.units.find((u) => u.unitId === 'u2')?.composite).toBe(-4);
  });

  it('a block with nothing available for a unit: its points are put on the indicators’ 800 as excluded data is', () => {
    const s = thousandPoints();
    const g = s.groups[0] as { blocks: { indicators: { missing?: string }[] }[] };
    for (const ind of g.blocks[1]?.indicators ?? []) ind.missing = 'exclude';
    const d = townships();
    d.values = (d.values ?? []).filter((v) => !(v.unitId === 'u1' && v.indicatorId === 'pb'));
    const r = compute(s, d);
    const u1 = r.units.find((u) => u.unitId === 'u1');
    // 585 of 600 → 585 × 800 / 600 = 780; + 180 + 30 = 990
    expect([u1?.indicatorPoints, u1?.indicatorMax, u1?.indicatorTotal, u1?.composite]).toEqual([585, 600, 780, 990]);
  });
});
