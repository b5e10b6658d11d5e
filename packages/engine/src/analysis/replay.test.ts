import { describe, expect, it } from 'vitest';
import { compute } from '../compute';
import { SchemeSchema, type DatasetInput, type Dataset } from '../model';
import { validateDataset } from '../validate';
import { replayOn } from './replay';

/**
 * Last year's scheme A: group g with a (60 points, completion ratio against 100) and b (40, done / not done), a
 * commendation bonus by national/provincial and the veto clean-gov. This year's data knows a and c (a new
 * indicator), a potential-performance bonus, and units of a group A lacks.
 */
const A = SchemeSchema.parse({
  id: 'a',
  year: 2018,
  groups: [
    {
      id: 'g',
      blocks: [
        {
          id: 'work',
          indicators: [
            { id: 'a', name: '项目投资', points: 60, method: { kind: 'ratio', target: 100 } },
            { id: 'b', name: '河长制', points: 40, method: { kind: 'binary' } },
          ],
        },
      ],
    },
  ],
  bonus: { categories: [{ id: 'commendation', levels: { national: 3, provincial: 2 } }] },
  vetoes: [{ id: 'clean-gov', effect: { kind: 'lowestTier' } }],
  tiering: { tiers: [{ id: 'good', share: 0.5 }, { id: 'poor' }] },
});
const B = SchemeSchema.parse({
  id: 'b',
  year: 2019,
  groups: [
    {
      id: 'g',
      blocks: [
        {
          id: 'work',
          indicators: [
            { id: 'a', name: '项目投资', points: 50, method: { kind: 'ratio', target: 100 } },
            { id: 'c', name: '数字乡村', points: 50, method: { kind: 'binary' } },
          ],
        },
      ],
    },
    { id: 'new', blocks: [{ id: 'w', indicators: [{ id: 'c', points: 100, method: { kind: 'binary' } }] }] },
  ],
  bonus: {
    categories: [
      { id: 'commendation', levels: { national: 3, provincial: 2, city: 1 } },
      { id: 'potential', levels: { major: 1 } },
    ],
  },
  tiering: { tiers: [{ id: 'good', share: 0.5 }, { id: 'poor' }] },
});
const data: DatasetInput = {
  units: [
    { id: 'u1', group: 'g' },
    { id: 'u2', group: 'g' },
    { id: 'n1', name: '新设单位', group: 'new' },
  ],
  values: [
    { unitId: 'u1', indicatorId: 'a', value: 100 },
    { unitId: 'u2', indicatorId: 'a', value: 50 },
    { unitId: 'u1', indicatorId: 'c', value: 1 },
    { unitId: 'u2', indicatorId: 'c', value: 0 },
    { unitId: 'n1', indicatorId: 'c', value: 1 },
  ],
  bonuses: [
    { id: 'r1', unitId: 'u2', category: 'commendation', level: 'provincial' },
    { id: 'r2', unitId: 'u2', category: 'commendation', level: 'city' },
    { id: 'r3', unitId: 'u1', category: 'potential', level: 'major' },
  ],
};

describe('replayOn: last year’s rules on this year’s data, matched by code', () => {
  it('this year’s data is invalid under last year’s scheme as it is (the what-if used to fail here)', () => {
    expect(validateDataset(data, A).ok).toBe(false);
  });

  it('scores what matches, renormalises what has no data, and lists everything left out', () => {
    const r = replayOn(A, data, B);
    expect(r.unmatched).toEqual({
      indicators: [{ groupId: 'g', id: 'c', name: '数字乡村' }],
      unusedIndicators: [{ groupId: 'g', id: 'b', name: '河长制' }],
      units: [{ groupId: 'new', id: 'n1', name: '新设单位' }],
      rules: [
        { groupId: null, id: 'commendation/city' },
        { groupId: null, id: 'potential' },
      ],
      raterGroups: [],
    });
    const v = validateDataset(r.dataset, r.scheme);
    expect(v.ok, JSON.stringify(v.ok ? [] : v.issues)).toBe(true);
    const res = compute(r.scheme, r.dataset as Dataset);
    const by = Object.fromEntries(res.units.map((u) => [u.unitId, u]));
    // a alone (b excluded, renormalised to 100): u1 60/60 → 100; u2 30/60 → 50, + provincial commendation 2 = 52.
    expect(by.u1?.composite).toBe(100);
    expect(by.u2?.composite).toBe(52);
    expect(res.units.map((u) => u.unitId).sort()).toEqual(['u1', 'u2']);
  });
});
