import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute } from '../compute';
import { type DatasetInput, type SchemeInput, SchemeSchema } from '../model';
import { sensitivityOfResults } from './from-results';

// PRODUCT §4.10 / issue "sensitivity describes other tiers than the ones published": the sensitivity's
// baseline runs the scheme's whole pipeline (eligibility, vetoes, discipline, tie policy, refill), so its
// base rank and tier equal compute's for every unit, whatever the scheme.
const settingsArb = fc.record({
  tiePolicy: fc.constantFrom('tieBreak', 'allIn', 'allOut', 'flag'),
  overrideOrder: fc.constantFrom('beforeQuota', 'afterQuota'),
  refill: fc.boolean(),
  rounding: fc.constantFrom('halfUp', 'floor', 'ceil'),
  noRed: fc.boolean(),
  minFraction: fc.boolean(),
  rankOn: fc.constantFrom('rounded', 'full'),
  feature: fc.boolean(),
});

const unitArb = fc.record({
  a: fc.integer({ min: 0, max: 12 }).map((x) => x * 10),
  b: fc.integer({ min: 0, max: 4 }).map((x) => x * 25),
  f: fc.integer({ min: 0, max: 2 }),
  red: fc.boolean(),
  veto: fc.constantFrom(0, 0, 0, 1, 2, 3),
  discipline: fc.boolean(),
});

type Settings = typeof settingsArb extends fc.Arbitrary<infer T> ? T : never;
type UnitRow = typeof unitArb extends fc.Arbitrary<infer T> ? T : never;

function scheme(st: Settings, n: number): SchemeInput {
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

function dataset(rows: UnitRow[], feature: boolean): DatasetInput {
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

describe('sensitivity baseline', () => {
  it('equals compute: base rank and tier of every unit, over random schemes and data', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(unitArb, { minLength: 1, maxLength: 14 }), (st, rows) => {
        const s = scheme(st, rows.length);
        const d = dataset(rows, st.feature);
        const r = compute(s, d);
        const sens = sensitivityOfResults(r, SchemeSchema.parse(s), { runs: 3, seed: 7, spread: 0 });
        for (const u of r.units) {
          const x = sens.units.find((v) => v.unitId === u.unitId);
          expect(x?.baseTier, `tier of ${u.unitId}`).toBe(u.tierIndex);
          expect(x?.baseRank, `rank of ${u.unitId}`).toBe(u.rank);
          // spread 0: every draw reproduces the baseline
          expect(x?.tierChangeShare).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
