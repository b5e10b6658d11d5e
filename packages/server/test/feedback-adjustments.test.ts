import { compute, explainUnit, validateDataset, validateScheme } from '@yardstick/engine';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client';
import { describeAdjustments } from '../src/modules/feedback/adjustments';

/**
 * A unit's feedback words each bonus and deduction line in its language (issue 18): the engine's notes are English,
 * so the lines a measured deduction, a place in another ranking, the unit's own scoring as an assessor and a level of
 * the scheme's own produce are given in structured form here. No record is a stored one (ids are not UUIDs), so the
 * database is never read.
 */
const schemeInput = {
  id: 's',
  groups: [
    {
      id: 'g',
      blocks: [
        {
          id: 'b',
          indicators: [
            { id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } },
            { id: 'safe', name: '安全生产合格率', points: 20, method: { kind: 'ratio', target: 100 } },
          ],
        },
      ],
    },
  ],
  deductions: [
    {
      id: 'rate',
      name: '合格率低于门槛',
      amount: {
        kind: 'measured',
        indicator: 'safe',
        direction: 'below',
        mode: 'marginal',
        bands: [
          { from: 96, rate: 0.25 },
          { from: 90, rate: 0.5 },
        ],
      },
    },
    { id: 'bottom', amount: { kind: 'rankPlaces', ranking: 'city', bottom: 2, points: 0.5 } },
    { id: 'marks', amount: { kind: 'assessor', measure: 'fullMarkShare', above: 0.9, points: 1 } },
    { id: 'ministry', amount: { kind: 'perLevel', levels: { level1: 2 }, levelNames: { level1: '中央部委通报' } } },
  ],
  tiering: { tiers: [{ id: 'all' }] },
};
const datasetInput = {
  units: [{ id: 'u1', group: 'g' }],
  values: [
    { unitId: 'u1', indicatorId: 'econ', value: 100 },
    { unitId: 'u1', indicatorId: 'safe', value: 88 },
  ],
  rankings: [
    { ranking: 'city', period: '2019-03', size: 18, places: [{ subUnitId: '东关村', unitId: 'u1', place: 17 }] },
  ],
  assessorMeasures: [
    { unitId: 'u1', measure: 'fullMarkShare', value: 11 / 12 },
    { unitId: 'u1', measure: 'scores', value: 12 },
  ],
  deductions: [{ id: 'r1', unitId: 'u1', rule: 'ministry', level: 'level1' }],
};

describe('feedback lines of the newer deduction kinds', () => {
  it('gives the measured value and its bands, the place in the ranking, the assessor measure and the level’s own name', async () => {
    const vs = validateScheme(schemeInput);
    if (!vs.ok) throw new Error(JSON.stringify(vs.issues));
    const vd = validateDataset(datasetInput, vs.scheme);
    if (!vd.ok) throw new Error(JSON.stringify(vd.issues));
    const results = compute(vs.scheme, vd.dataset);
    const lines = await describeAdjustments(
      {} as Database,
      't',
      vs.scheme,
      vd.dataset,
      explainUnit(results, 'u1').adjustments,
    );
    const by = (rule: string) => lines.find((l) => l.ruleId === rule);
    expect(by('rate')).toMatchObject({
      ruleName: '合格率低于门槛',
      points: -2.5,
      detail: {
        type: 'measured',
        indicator: '安全生产合格率',
        value: 88,
        direction: 'below',
        bands: [
          { from: 96, to: 90, units: 6, rate: 0.25, lost: 1.5 },
          { from: 90, to: null, units: 2, rate: 0.5, lost: 1 },
        ],
      },
    });
    expect(by('bottom')).toMatchObject({
      points: -0.5,
      detail: { type: 'rankPlace', subUnit: '东关村', place: 17, size: 18, period: '2019-03', bottom: 2 },
    });
    expect(by('marks')?.detail).toMatchObject({ type: 'assessor', measure: 'fullMarkShare', above: 0.9, given: 12 });
    expect((by('marks')?.detail as { value: number }).value).toBeCloseTo(11 / 12, 3);
    expect(by('ministry')).toMatchObject({ level: 'level1', levelName: '中央部委通报', detail: { type: 'record' } });
  });
});
