import { describe, expect, it } from 'vitest';
import { compute } from '../compute';
import { type DatasetInput, type Scheme, type SchemeInput, SchemeSchema } from '../model';
import { diagnoseResults, groupMatrices, outcomesOf, sensitivityOfResults, whatIf } from './from-results';

// One group, one block of 100 points:
//   flat: binary, 40 points, owned by the party office; every unit has done it → 40 each.
//   q:    goalposts 0..100, 60 points → 60 × x / 100.
// Values q: u1 90 → 54, u2 60 → 36, u3 30 → 18, u4 75 → 45.
// Totals: u1 94, u2 76, u3 58, u4 85 → ranks u1 1, u4 2, u2 3, u3 4.
// Tiers 25% / 50% / rest: quotas round(1) = 1 and round(2) = 2 → u1 good; u4, u2 fair; u3 poor.
function schemeWith(hi: number): SchemeInput {
  return {
    id: `hi-${hi}`,
    groups: [{ id: 'g' }],
    blocks: [
      {
        id: 'b',
        indicators: [
          { id: 'flat', points: 40, method: { kind: 'binary' }, assessorId: 'party-office' },
          { id: 'q', points: 60, method: { kind: 'goalposts', lo: 0, hi }, assessorId: 'gov-office' },
        ],
      },
    ],
    tiering: { tiers: [{ id: 'good', share: 0.25 }, { id: 'fair', share: 0.5 }, { id: 'poor' }], tiePolicy: 'allIn' },
  };
}
const data: DatasetInput = {
  units: ['u1', 'u2', 'u3', 'u4'].map((id) => ({ id, group: 'g' })),
  values: [
    ...['u1', 'u2', 'u3', 'u4'].map((unitId) => ({ unitId, indicatorId: 'flat', value: 1 })),
    { unitId: 'u1', indicatorId: 'q', value: 90 },
    { unitId: 'u2', indicatorId: 'q', value: 60 },
    { unitId: 'u3', indicatorId: 'q', value: 30 },
    { unitId: 'u4', indicatorId: 'q', value: 75 },
  ],
};
const scheme: Scheme = SchemeSchema.parse(schemeWith(100));
const results = compute(scheme, data);

describe('analysis of computed results', () => {
  it('the engine agrees with the hand computation', () => {
    expect(results.units.map((u) => [u.unitId, u.composite, u.rank, u.tier])).toEqual([
      ['u1', 94, 1, 'good'],
      ['u2', 76, 3, 'fair'],
      ['u3', 58, 4, 'poor'],
      ['u4', 85, 2, 'fair'],
    ]);
  });

  it('groupMatrices reproduces every composite as base + scores · weights', () => {
    const [g] = groupMatrices(results, scheme);
    expect(g?.unitIds).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(g?.indicators.map((i) => [i.id, i.points, i.assessorId])).toEqual([
      ['flat', 40, 'party-office'],
      ['q', 60, 'gov-office'],
    ]);
    // Column-major: flat = 40 × 4, then q = 54, 36, 18, 45.
    expect(Array.from(g?.scores ?? [])).toEqual([40, 40, 40, 40, 54, 36, 18, 45]);
    // a = 1, indicator max 100, block weight = block points: one point of either indicator is one composite point.
    expect(Array.from(g?.weights ?? [])).toEqual([1, 1]);
    expect(Array.from(g?.base ?? []).map((b) => Math.abs(b) < 1e-9)).toEqual([true, true, true, true]);
  });

  it('diagnoseResults finds the full-marks indicator and names its owner', () => {
    const d = diagnoseResults(results, scheme);
    const flat = d.groups[0]?.indicators.find((i) => i.indicatorId === 'flat');
    expect(flat?.allFullMarks).toBe(true);
    expect(flat?.rankImpact).toBe(0);
    // q: removing it leaves everyone on 40 → all tied at rank 1: |Δ| = 0, 2, 3, 1 → mean 6/4 = 1.5.
    expect(d.groups[0]?.indicators.find((i) => i.indicatorId === 'q')?.rankImpact).toBe(1.5);
    // 1 of 2 indicators (50%), 40 of 100 points (40%).
    expect(d.headline.text.en).toBe(
      '1 of 2 indicators gave every unit full marks (50% of indicators, 40% of points); owners: party-office (1).',
    );
  });

  it('sensitivity through the scheme’s own tiering: spread 0 reproduces the published ranks and tiers', () => {
    const s = sensitivityOfResults(results, scheme, { runs: 20, spread: 0, seed: 3 });
    const published = new Map(results.units.map((u) => [u.unitId, u]));
    for (const u of s.units) {
      expect([u.p5Rank, u.medianRank, u.p95Rank]).toEqual(Array(3).fill(published.get(u.unitId)?.rank));
      expect(u.baseTier).toBe(published.get(u.unitId)?.tierIndex);
      expect(u.tierChangeShare).toBe(0);
    }
    expect(s.boundaries.map((b) => b.label)).toEqual(['good/fair', 'fair/poor']);
  });

  it('with one varying indicator no weight draw can change the order', () => {
    // The constant column adds the same amount to every unit whatever its weight.
    const s = sensitivityOfResults(results, scheme, { runs: 200, seed: 11 });
    expect(s.units.every((u) => u.tierChangeShare === 0 && u.minRank === u.maxRank)).toBe(true);
    expect(s.fragileBoundaries).toBe(0);
  });

  it('whatIf: a scheme against itself is all zeros; a lower goalpost raises every q score', () => {
    const same = whatIf(scheme, scheme, data);
    expect(same.summary).toMatchObject({ compared: 4, scoreChanged: 0, rankChanged: 0, tierChanged: 0 });
    // hi 80: q = 60 × min(1, x / 80): u1 60 (+6), u2 45 (+9), u3 22.5 (+4.5), u4 56.25 (+11.25); order unchanged.
    const c = whatIf(scheme, SchemeSchema.parse(schemeWith(80)), data);
    expect(c.units.map((u) => [u.unitId, u.scoreChange, u.placesGained, u.tierMove])).toEqual([
      ['u1', 6, 0, 'same'],
      ['u4', 11.25, 0, 'same'],
      ['u2', 9, 0, 'same'],
      ['u3', 4.5, 0, 'same'],
    ]);
    expect(c.labelA).toBe('hi-100');
    expect(outcomesOf(results).units).toHaveLength(4);
  });
});
