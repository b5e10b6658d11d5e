/**
 * Random schemes and data for property tests (not exported from the package): the settings that change how a
 * group is ranked and tiered (tie policy, override order, refill, rounding, eligibility, ranking on rounded or
 * full precision, feature indicators) and units with values, red lights, vetoes and discipline cases. Used by
 * the sensitivity baseline and the point-scale default (scale.property.test.ts).
 */
import fc from 'fast-check';
import type { DatasetInput, SchemeInput } from '../model';

export const settingsArb = fc.record({
  tiePolicy: fc.constantFrom('tieBreak', 'allIn', 'allOut', 'flag'),
  overrideOrder: fc.constantFrom('beforeQuota', 'afterQuota'),
  refill: fc.boolean(),
  rounding: fc.constantFrom('halfUp', 'floor', 'ceil'),
  noRed: fc.boolean(),
  minFraction: fc.boolean(),
  rankOn: fc.constantFrom('rounded', 'full'),
  feature: fc.boolean(),
});

export const unitArb = fc.record({
  a: fc.integer({ min: 0, max: 12 }).map((x) => x * 10),
  b: fc.integer({ min: 0, max: 4 }).map((x) => x * 25),
  f: fc.integer({ min: 0, max: 2 }),
  red: fc.boolean(),
  veto: fc.constantFrom(0, 0, 0, 1, 2, 3),
  discipline: fc.boolean(),
});

export type Settings = typeof settingsArb extends fc.Arbitrary<infer T> ? T : never;
export type UnitRow = typeof unitArb extends fc.Arbitrary<infer T> ? T : never;

export function scheme(st: Settings, n: number): SchemeInput {
  const features = st.feature
    ? Array.from({ length: n }, (_, i) => ({
        id: `f${i}`,
        points: 10,
        method: { kind: 'ratio', target: 2 },
        appliesTo: [`u${i}`],
      }))
    : [];
  return {
    id: 'p',
    groups: [
      {
        id: 'g',
        blocks: [
          {
            id: 'A',
            indicators: [
              {
                id: 'a',
                points: 60,
                key: true,
                method: { kind: 'ratio', target: 100 },
                process: { share: 0.25, nodes: [{ id: 'q1' }, { id: 'q2' }] },
              },
              { id: 'b', points: 30, method: { kind: 'goalposts', lo: 0, hi: 100 } },
            ],
          },
          ...(st.feature ? [{ id: 'F', indicators: features }] : []),
        ],
      },
    ],
    vetoes: [
      { id: 'bar', effect: { kind: 'barTopTiers', n: 1 } },
      { id: 'low', effect: { kind: 'lowestTier' } },
      { id: 'fixed', effect: { kind: 'fixedDeduction', points: 5 } },
    ],
    ranking: { on: st.rankOn },
    tiering: {
      tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
      tiePolicy: st.tiePolicy,
      tieBreakers: [{ kind: 'keyWork' }],
      overrideOrder: st.overrideOrder,
      refill: st.refill,
      rounding: st.rounding,
      eligibility: [
        ...(st.noRed ? [{ id: 'e1', tier: 'good', kind: 'noRedLight' }] : []),
        ...(st.minFraction ? [{ id: 'e2', tier: 'fair', kind: 'minIndicatorFraction', ref: 'b', min: 0.5 }] : []),
      ],
    },
  } as unknown as SchemeInput;
}

export function dataset(rows: UnitRow[], feature: boolean): DatasetInput {
  const rules = ['', 'bar', 'low', 'fixed'];
  return {
    units: rows.map((_, i) => ({ id: `u${i}`, group: 'g' })),
    values: rows.flatMap((r, i) => [
      {
        unitId: `u${i}`,
        indicatorId: 'a',
        value: r.a,
        nodes: [
          { id: 'q1', light: 'green' as const },
          { id: 'q2', light: r.red ? ('red' as const) : ('green' as const) },
        ],
      },
      { unitId: `u${i}`, indicatorId: 'b', value: r.b },
      ...(feature ? [{ unitId: `u${i}`, indicatorId: `f${i}`, value: r.f }] : []),
    ]),
    vetoes: rows.flatMap((r, i) => (r.veto === 0 ? [] : [{ id: `v${i}`, unitId: `u${i}`, rule: rules[r.veto] ?? '' }])),
    discipline: rows.flatMap((r, i) => (r.discipline ? [{ id: `d${i}`, unitId: `u${i}` }] : [])),
  } as unknown as DatasetInput;
}
