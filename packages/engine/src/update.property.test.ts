/**
 * Property: an incremental `update` (values, node lights, replaced record lists) gives byte-identical
 * results to a full `compute` of the changed dataset, whatever the sequence of changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute, prepare, type DatasetChange } from './compute';
import type { DatasetInput, Light, SchemeInput } from './model';

const NODES = ['q1', 'q2', 'q3'] as const;
const UNITS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'] as const;
const GROUP = (u: string): string => (['u1', 'u2', 'u3'].includes(u) ? 'a' : 'b');

const scheme: SchemeInput = {
  id: 'upd',
  year: 2019,
  measurementWindow: { start: '12-01' },
  periods: [{ id: 'p', from: '2019-03-01', to: '2019-03-31' }],
  groups: [{ id: 'a' }, { id: 'b' }],
  blocks: [
    {
      id: 'blk',
      indicators: [
        {
          id: 'x',
          points: 60,
          method: { kind: 'ratio', target: 100 },
          process: { share: 0.5, nodes: NODES.map((id) => ({ id })), yellowFraction: 0.5 },
        },
        { id: 'r', points: 40, method: { kind: 'rank', step: 10 } },
      ],
    },
  ],
  deductions: [
    { id: 'lights', amount: { kind: 'lights', yellow: { every: 2, points: 1 }, red: { every: 1, points: 2 } } },
    { id: 'crit', amount: { kind: 'fixed', points: 1.5 }, repeatMultiplier: 2, periodMultiplier: 2 },
  ],
  vetoes: [{ id: 'v', effect: { kind: 'lowestTier' } }],
  tiering: {
    tiers: [{ id: 'good', share: 0.34 }, { id: 'fair', share: 0.34 }, { id: 'poor' }],
    quotaScope: 'county',
    tiePolicy: 'allIn',
    eligibility: [{ id: 'nr', tier: 'good', kind: 'noRedLight' }],
  },
};

type Cell = { value: number | undefined; lights: Light[] };
const light = fc.constantFrom<Light>('green', 'yellow', 'red');
const cellArb = fc.record({
  value: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
  lights: fc.array(light, { minLength: 3, maxLength: 3 }),
});
const dedArb = fc.array(
  fc.record({
    unit: fc.constantFrom(...UNITS),
    date: fc.constantFrom('2018-11-20', '2018-12-10', '2019-03-05', '2019-06-01', '2019-12-01'),
    category: fc.constantFrom('fire', 'road'),
  }),
  { maxLength: 6 },
);
const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant('cell' as const),
    unit: fc.constantFrom(...UNITS),
    cell: cellArb,
    lightsOnly: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('rank' as const),
    unit: fc.constantFrom(...UNITS),
    value: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({ kind: fc.constant('deductions' as const), list: dedArb }),
  fc.record({ kind: fc.constant('vetoes' as const), units: fc.subarray([...UNITS], { maxLength: 2 }) }),
);

function dataset(cells: Map<string, Cell>, ranks: Map<string, number>, extra: Partial<DatasetInput>): DatasetInput {
  return {
    units: UNITS.map((id) => ({ id, group: GROUP(id) })),
    values: UNITS.flatMap((u) => {
      const c = cells.get(u);
      return [
        {
          unitId: u,
          indicatorId: 'x',
          ...(c?.value !== undefined ? { value: c.value } : {}),
          nodes: NODES.map((id, k) => ({ id, light: c?.lights[k] ?? 'green' })),
        },
        { unitId: u, indicatorId: 'r', value: ranks.get(u) ?? 5 },
      ];
    }),
    ...extra,
  };
}

describe('incremental update equals a full compute', () => {
  it('for any sequence of value, light and record changes', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 6, maxLength: 6 }),
        fc.array(stepArb, { maxLength: 6 }),
        (init, steps) => {
          const cells = new Map<string, Cell>(UNITS.map((u, i) => [u, init[i] ?? { value: 50, lights: [] }]));
          const ranks = new Map<string, number>();
          let extra: Partial<DatasetInput> = {};
          const p = prepare(scheme, dataset(cells, ranks, extra));
          for (const st of steps) {
            let change: DatasetChange;
            if (st.kind === 'cell') {
              const before = cells.get(st.unit);
              const nodes = NODES.map((id, k) => ({ id, light: st.cell.lights[k] ?? 'green' }));
              if (st.lightsOnly) {
                cells.set(st.unit, { value: before?.value, lights: st.cell.lights });
                change = { values: [{ unitId: st.unit, indicatorId: 'x', nodes }] };
              } else {
                cells.set(st.unit, st.cell);
                change = { values: [{ unitId: st.unit, indicatorId: 'x', value: st.cell.value, nodes }] };
              }
            } else if (st.kind === 'rank') {
              ranks.set(st.unit, st.value);
              change = { values: [{ unitId: st.unit, indicatorId: 'r', value: st.value }] };
            } else if (st.kind === 'deductions') {
              const deductions = st.list.map((d, i) => ({
                id: `d${i}`,
                unitId: d.unit,
                rule: 'crit',
                date: d.date,
                category: d.category,
              }));
              extra = { ...extra, deductions };
              change = { deductions };
            } else {
              const vetoes = st.units.map((u, i) => ({ id: `v${i}`, unitId: u, rule: 'v' }));
              extra = { ...extra, vetoes };
              change = { vetoes };
            }
            const got = JSON.stringify(p.update(change));
            const want = JSON.stringify(compute(scheme, dataset(cells, ranks, extra)));
            expect(got).toBe(want);
          }
        },
      ),
      { numRuns: 150, seed: 20191201 },
    );
  });
});
