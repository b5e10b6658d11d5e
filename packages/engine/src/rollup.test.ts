/**
 * 数据归并 — sub-unit roll-up (issue 17, SCORING.md "Sub-unit roll-up"): a development park's figures counted in the
 * town it lies in, before the town is scored. Expectations worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { compute, prepare } from './compute';
import { explainUnit } from './explain';
import type { DatasetInput, SchemeInput } from './model';
import { validateDataset, validateScheme } from './validate';

// Townships A and B and the park P (its own group, assessed on the same gdp): gdp (10 points, share of the best)
// and tax (10 points, a formula on the input `tax` against a target of 100).
const tree = [
  {
    id: 'econ',
    indicators: [
      { id: 'gdp', points: 10, method: { kind: 'topRatio' } },
      {
        id: 'tax',
        points: 10,
        method: { kind: 'formula', expr: 'tax', inputs: ['tax'], then: { kind: 'ratio', target: 100 } },
      },
    ],
  },
];
const scheme = (rollUps: unknown[] = [], missing?: string): SchemeInput =>
  ({
    id: 's',
    blocks: missing
      ? [{ ...tree[0], indicators: tree[0]?.indicators.map((i) => (i.id === 'gdp' ? { ...i, missing } : i)) }]
      : tree,
    groups: [{ id: 'town' }, { id: 'park' }],
    rollUps,
    tiering: { tiers: [{ id: 'all' }] },
  }) as SchemeInput;
const PARK = { id: 'p-in-a', name: '经济开发区计入甲镇', from: 'P', into: 'A', indicators: ['gdp', 'tax'] };

const data = (aGdp: number | null = 80): DatasetInput => ({
  units: [
    { id: 'A', group: 'town' },
    { id: 'B', group: 'town' },
    { id: 'P', group: 'park' },
  ],
  values: [
    ...(aGdp === null ? [] : [{ unitId: 'A', indicatorId: 'gdp', value: aGdp }]),
    { unitId: 'B', indicatorId: 'gdp', value: 100 },
    { unitId: 'P', indicatorId: 'gdp', value: 40 },
    { unitId: 'A', indicatorId: 'tax', inputs: { tax: 50 } },
    { unitId: 'B', indicatorId: 'tax', inputs: { tax: 90 } },
    { unitId: 'P', indicatorId: 'tax', inputs: { tax: 30 } },
  ],
});
const score = (r: ReturnType<typeof compute>, unit: string, ind: string) =>
  explainUnit(r, unit).indicators.find((i) => i.indicatorId === ind)?.score;

describe('数据归并: a sub-unit’s figures counted in its unit', () => {
  it('adds the park’s gdp and tax to the town’s before scoring; the park keeps its own score', () => {
    // Without: gdp best 100 → A 80/100 × 10 = 8, B 10; tax A 50 → 5, B 90 → 9.
    const plain = compute(scheme(), data());
    expect([score(plain, 'A', 'gdp'), score(plain, 'B', 'gdp'), score(plain, 'A', 'tax')]).toEqual([8, 10, 5]);
    // With: A's gdp 80 + 40 = 120, the best → A 10, B 100/120 × 10 = 8.33; A's tax 50 + 30 = 80 → 8.
    const rolled = compute(scheme([PARK]), data());
    expect(score(rolled, 'A', 'gdp')).toBe(10);
    expect(score(rolled, 'B', 'gdp')).toBe(8.33);
    expect(score(rolled, 'A', 'tax')).toBe(8);
    // 18 of 20 points, normalised to 100 (the scheme declares no scale)
    expect(rolled.units.find((u) => u.unitId === 'A')?.indicatorTotal).toBeCloseTo(90, 9);
    // P, alone in its group, is the best of it on its own 40: 10 points, and its tax 30 → 3.
    expect([score(rolled, 'P', 'gdp'), score(rolled, 'P', 'tax')]).toEqual([10, 3]);
  });

  it('the trace shows the town’s own figure and each part counted in it', () => {
    const a = explainUnit(compute(scheme([PARK]), data()), 'A').indicators.find((i) => i.indicatorId === 'gdp');
    expect(a?.inputs.value).toBe(120);
    expect(a?.rollUp).toEqual({ own: 80, parts: [{ unitId: 'P', value: 40 }] });
    const b = explainUnit(compute(scheme([PARK]), data()), 'B').indicators.find((i) => i.indicatorId === 'gdp');
    expect(b?.rollUp).toBeUndefined();
  });

  it('a town without its own figure stays missing: the park’s figure alone never scores it', () => {
    const r = compute(scheme([PARK], 'zero'), data(null));
    const a = explainUnit(r, 'A').indicators.find((i) => i.indicatorId === 'gdp');
    expect(a?.status).toBe('missing-zero');
    expect(a?.score).toBe(0);
    expect(a?.rollUp).toEqual({ own: null, parts: [{ unitId: 'P', value: 40 }] });
  });

  it('an update of the park’s or the town’s figure gives what a fresh computation gives', () => {
    const p = prepare(scheme([PARK]), data());
    const first = p.results();
    const afterPark = p.update({ values: [{ unitId: 'P', indicatorId: 'gdp', value: 70 }] });
    // the earlier result's trace still shows the figures it was computed from
    const gdpOf = (r: ReturnType<typeof compute>) =>
      explainUnit(r, 'A').indicators.find((i) => i.indicatorId === 'gdp')?.rollUp;
    expect(gdpOf(first)).toEqual({ own: 80, parts: [{ unitId: 'P', value: 40 }] });
    expect(gdpOf(afterPark)).toEqual({ own: 80, parts: [{ unitId: 'P', value: 70 }] });
    // A 80 + 70 = 150, the best: 10; B 100/150 × 10 = 6.67
    expect(score(afterPark, 'A', 'gdp')).toBe(10);
    expect(score(afterPark, 'B', 'gdp')).toBe(6.67);
    const afterTown = p.update({ values: [{ unitId: 'A', indicatorId: 'gdp', value: 20 }] });
    // A 20 + 70 = 90; best B 100 → A 9, B 10
    expect(score(afterTown, 'A', 'gdp')).toBe(9);
    const fresh = compute(scheme([PARK]), {
      ...data(20),
      values: data(20).values?.map((v) => (v.unitId === 'P' && v.indicatorId === 'gdp' ? { ...v, value: 70 } : v)),
    });
    expect(afterTown.units).toEqual(fresh.units);
    // both in one change, in either order
    const both = prepare(scheme([PARK]), data()).update({
      values: [
        { unitId: 'A', indicatorId: 'gdp', value: 20 },
        { unitId: 'P', indicatorId: 'gdp', value: 70 },
      ],
    });
    expect(both.units).toEqual(fresh.units);
    const missing = p.update({ values: [{ unitId: 'A', indicatorId: 'gdp', value: undefined }] });
    expect(explainUnit(missing, 'A').indicators.find((i) => i.indicatorId === 'gdp')?.status).not.toBe('ok');
  });

  it('refuses what would count a figure twice or nowhere', () => {
    const issues = (rollUps: unknown[]) => {
      const v = validateScheme(scheme(rollUps));
      return (v.ok ? v.warnings : v.issues)
        .filter((i) => i.path.startsWith('rollUps'))
        .map((i) => `${i.code} ${i.path}`);
    };
    expect(issues([{ ...PARK, into: 'P' }])).toEqual(['invalid_value rollUps[0].into']);
    expect(issues([{ ...PARK, indicators: ['gpd'] }])).toEqual(['unknown_reference rollUps[0].indicators[0]']);
    // a chain: P → A and A → B
    expect(issues([PARK, { id: 'a-in-b', from: 'A', into: 'B', indicators: ['gdp'] }])).toEqual([
      'invalid_value rollUps[1].from',
    ]);
    // one figure into two units
    expect(issues([PARK, { id: 'p-in-b', from: 'P', into: 'B', indicators: ['gdp'] }])).toEqual([
      'invalid_value rollUps[1].indicators[0]',
    ]);
    const s = validateScheme(scheme([{ ...PARK, from: 'Q' }]));
    expect(s.ok).toBe(true);
    const d = validateDataset(data(), s.ok ? s.scheme : undefined);
    expect(d.ok).toBe(false);
    expect(d.ok ? [] : d.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['unknown_unit rollUps[0].from']);
    expect(() => compute(scheme([{ ...PARK, from: 'Q' }]), data())).toThrow(/rollUps\[0\]\.from/);
  });
});
