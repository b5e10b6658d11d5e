import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute } from '../compute';
import { SchemeSchema } from '../model';
import { sensitivityOfResults } from './from-results';
import { dataset, scheme, settingsArb, unitArb } from './property-schemes';

// PRODUCT §4.10 / issue "sensitivity describes other tiers than the ones published": the sensitivity's
// baseline runs the scheme's whole pipeline (eligibility, vetoes, discipline, tie policy, refill), so its
// base rank and tier equal compute's for every unit, whatever the scheme.
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
