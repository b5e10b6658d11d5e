import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupMatrices } from './analysis/from-results';
import { dataset, scheme, settingsArb, unitArb } from './analysis/property-schemes';
import { compute } from './compute';
import { explainAll } from './explain';
import { SchemeSchema, type DatasetInput, type SchemeInput } from './model';
import { thousandPoints } from './testkit';

/**
 * docs/scoring.md §2a: a scheme without `scale` is normalised to 100; writing that default out — on the scheme,
 * or on the group — computes exactly the same, byte for byte, results and trace, over the random schemes of the
 * sensitivity property test with an evaluation weighted in (b 0 or 0.3, random ballots) and random bonuses.
 */
const extrasArb = fc.record({
  b: fc.constantFrom(0, 0.3),
  marks: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 14, maxLength: 14 }),
  bonus: fc.array(fc.constantFrom(0, 0, 1, 2), { minLength: 14, maxLength: 14 }),
});

function withExtras(s: SchemeInput, b: number): SchemeInput {
  const [g] = s.groups;
  return {
    ...s,
    groups: [{ ...g, id: 'g', composite: { a: 1 - b, b } }],
    evaluation: { raterGroups: [{ id: 'r', weight: 1, form: 'scale' }], invalidateUniform: false },
    bonus: { categories: [{ id: 'c', levels: { city: 1, province: 2 }, cap: 3 }], cap: 4 },
  } as SchemeInput;
}

function dataWithExtras(d: DatasetInput, marks: number[], bonus: number[]): DatasetInput {
  const ids = d.units.map((u) => u.id);
  return {
    ...d,
    ballots: [
      { id: 'x1', raterGroup: 'r', marks: Object.fromEntries(ids.map((id, i) => [id, marks[i] ?? 0])) },
      { id: 'x2', raterGroup: 'r', marks: Object.fromEntries(ids.map((id, i) => [id, 100 - (marks[i] ?? 0)])) },
    ],
    bonuses: ids.flatMap((id, i) =>
      (bonus[i] ?? 0) === 0
        ? []
        : [{ id: `b${i}`, unitId: id, category: 'c', level: bonus[i] === 1 ? 'city' : 'province' }],
    ),
  };
}

describe('the explicit default scale', () => {
  it('computes exactly as a scheme without it (scheme-level and group-level), over random schemes', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(unitArb, { minLength: 1, maxLength: 14 }), extrasArb, (st, rows, ex) => {
        const base = withExtras(scheme(st, rows.length), ex.b);
        const d = dataWithExtras(dataset(rows, st.feature), ex.marks, ex.bonus);
        const without = compute(base, d);
        const onScheme = compute({ ...base, scale: { total: 100, mode: 'normalised' } }, d);
        const g0 = base.groups[0] as Record<string, unknown>;
        const onGroup = compute(
          { ...base, groups: [{ ...g0, scale: { total: 100, mode: 'normalised' } }] } as SchemeInput,
          d,
        );
        const a = JSON.stringify([without, explainAll(without)]);
        expect(JSON.stringify([onScheme, explainAll(onScheme)])).toBe(a);
        expect(JSON.stringify([onGroup, explainAll(onGroup)])).toBe(a);
      }),
      { numRuns: 150 },
    );
  });
});

describe('sensitivity weights on a scale', () => {
  it('one point of an indicator is one composite point on a points scale, a × 100 / 800 normalised', () => {
    const points = thousandPoints();
    const d: DatasetInput = { units: [{ id: 'u1', group: 'g' }], values: [] };
    const [m] = groupMatrices(compute(points, d), SchemeSchema.parse(points));
    expect(Array.from(m?.weights ?? [])).toEqual([1, 1, 1]);
    const normal = { ...points } as SchemeInput;
    delete normal.scale;
    const g0 = normal.groups[0] as Record<string, unknown>;
    const weighted = { ...normal, groups: [{ ...g0, composite: { a: 0.8, b: 0.2 } }] } as SchemeInput;
    const [w] = groupMatrices(compute(weighted, d), SchemeSchema.parse(weighted));
    // 0.8 × 100 × 600 / (800 × 600) = 0.1 for the economy block's items, 0.8 × 100 × 200 / (800 × 200) = 0.1 for party building
    expect(Array.from(w?.weights ?? []).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([0.1, 0.1, 0.1]);
  });
});
