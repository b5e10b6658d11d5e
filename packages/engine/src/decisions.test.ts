import { describe, expect, it } from 'vitest';
import { compute } from './compute';
import { TieringSchema, type DatasetInput, type SchemeInput, type Tiering } from './model';
import { rankAndTier } from './tiers';

const tiering = (x: Record<string, unknown> = {}): Tiering =>
  TieringSchema.parse({
    tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
    ...x,
  });
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
const names = (t: Tiering, tiers: Int32Array): string[] => Array.from(tiers, (i) => t.tiers[i]?.id ?? '?');

describe('boundary-tie decisions', () => {
  // 7 units, quotas good 0.3 × 7 = 2.1 → 2, fair 0.4 × 7 = 2.8 → 3; u2 and u3 tie at 90 for the last good place.
  const scores = [95, 90, 90, 85, 80, 75, 70];
  const decision = { id: 'd1', groupId: 'g', tier: 'good', score: 90, order: ['u3', 'u2'] };

  it('a decision naming the units, tier and score fills the place in the decided order', () => {
    const t = tiering({ tiePolicy: 'flag' });
    const flagged = rankAndTier({ groupId: 'g', unitIds: ids(7), scores, tiering: t });
    expect(names(t, flagged.tiers)).toEqual(['good', 'fair', 'fair', 'fair', 'avg', 'avg', 'avg']);
    expect(flagged.ties[0]).toMatchObject({ resolution: 'flag', needsDecision: true, score: 90 });
    const r = rankAndTier({ groupId: 'g', unitIds: ids(7), scores, tiering: t, tieDecisions: [decision] });
    // u3 takes the good place, u2 goes on to fair (3 places: u2, u4, u5)
    expect(names(t, r.tiers)).toEqual(['good', 'fair', 'good', 'fair', 'fair', 'avg', 'avg']);
    expect(r.ties).toEqual([
      expect.objectContaining({ tier: 'good', resolution: 'decided', needsDecision: false, decisionId: 'd1' }),
    ]);
    expect(Array.from(r.ranks)).toEqual([1, 2, 2, 4, 5, 6, 7]); // the sport rank is unchanged
  });

  it('a decision that no longer matches (another score, other units) is ignored: flagged again', () => {
    const t = tiering({ tiePolicy: 'flag' });
    for (const d of [
      { ...decision, score: 89 },
      { ...decision, order: ['u3', 'u4'] },
      { ...decision, tier: 'fair' },
    ]) {
      const r = rankAndTier({ groupId: 'g', unitIds: ids(7), scores, tiering: t, tieDecisions: [d] });
      expect(r.ties[0]).toMatchObject({ resolution: 'flag', needsDecision: true });
      expect(r.ties[0]?.decisionId).toBeUndefined();
    }
  });

  it('through compute: the dataset carries the decision, the results report it', () => {
    const scheme: SchemeInput = {
      id: 's',
      year: 2019,
      groups: [
        {
          id: 'g',
          blocks: [{ id: 'b', indicators: [{ id: 'i', points: 100, method: { kind: 'ratio', target: 100 } }] }],
        },
      ],
      tiering: { tiers: [{ id: 'good', share: 0.34 }, { id: 'rest' }], tiePolicy: 'flag' },
    };
    const dataset: DatasetInput = {
      units: ['A', 'B', 'C'].map((id) => ({ id, group: 'g' })),
      values: [
        { unitId: 'A', indicatorId: 'i', value: 90 },
        { unitId: 'B', indicatorId: 'i', value: 90 },
        { unitId: 'C', indicatorId: 'i', value: 80 },
      ],
    };
    const before = compute(scheme, dataset);
    expect(before.groups[0]?.ties[0]).toMatchObject({ needsDecision: true, score: 90, unitIds: ['A', 'B'] });
    const after = compute(scheme, {
      ...dataset,
      tieDecisions: [
        { id: 'x', groupId: 'g', tier: 'good', score: 90, order: ['B', 'A'], ref: '纪要', date: '2019-01-10' },
      ],
    });
    expect(after.units.map((u) => [u.unitId, u.tier])).toEqual([
      ['A', 'rest'],
      ['B', 'good'],
      ['C', 'rest'],
    ]);
    expect(after.groups[0]?.ties[0]).toMatchObject({ resolution: 'decided', decisionId: 'x' });
    expect(after.issues.some((i) => i.message.includes('needs a decision'))).toBe(false);
  });
});
