import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOutcomes, type OutcomeSet } from './whatif';

describe('compareOutcomes', () => {
  it('reports each unit’s change and a summary (hand-checked)', () => {
    // A: u1 90.5 rank 1 好, u2 88 rank 2 较好, u3 70 rank 3 一般
    // B: u1 87 rank 2 较好, u2 89.25 rank 1 好, u3 70 rank 3 一般
    // u1: 87 − 90.5 = −3.5, places 1 − 2 = −1, tier 0 → 1 'down'
    // u2: 89.25 − 88 = +1.25, places +1, tier 1 → 0 'up'; u3 unchanged.
    // Summary: 2 score changes, 2 rank changes, mean |rank change| 2/3 = 0.67, tiers 1 up 1 down,
    // mean score change (−3.5 + 1.25 + 0) / 3 = −0.75, mean |change| 4.75 / 3 = 1.58.
    const a: OutcomeSet = {
      label: '2018 方案',
      units: [
        { unitId: 'u1', groupId: 't', score: 90.5, rank: 1, tier: 0, tierName: '好' },
        { unitId: 'u2', groupId: 't', score: 88, rank: 2, tier: 1, tierName: '较好' },
        { unitId: 'u3', groupId: 't', score: 70, rank: 3, tier: 2, tierName: '一般' },
        { unitId: 'gone', groupId: 't', score: 1, rank: 4, tier: 2 },
      ],
    };
    const b: OutcomeSet = {
      label: '2019 方案',
      units: [
        { unitId: 'u2', groupId: 't', score: 89.25, rank: 1, tier: 0, tierName: '好' },
        { unitId: 'u1', groupId: 't', score: 87, rank: 2, tier: 1, tierName: '较好' },
        { unitId: 'u3', groupId: 't', score: 70, rank: 3, tier: 2, tierName: '一般' },
        { unitId: 'new', groupId: 't', score: 1, rank: 4, tier: 2 },
      ],
    };
    const c = compareOutcomes(a, b);
    expect(c.units.map((u) => [u.unitId, u.scoreChange, u.placesGained, u.tierMove])).toEqual([
      ['u1', -3.5, -1, 'down'],
      ['u2', 1.25, 1, 'up'],
      ['u3', 0, 0, 'same'],
    ]);
    expect(c.onlyInA).toEqual(['gone']);
    expect(c.onlyInB).toEqual(['new']);
    expect(c.summary).toMatchObject({
      compared: 3,
      scoreChanged: 2,
      rankChanged: 2,
      tierChanged: 2,
      tierUp: 1,
      tierDown: 1,
      meanScoreChange: -0.75,
      meanAbsScoreChange: 1.58,
      maxAbsScoreChange: 3.5,
      meanAbsRankChange: 0.67,
      maxAbsRankChange: 1,
    });
    expect(c.text.zh).toBe(
      '与「2018 方案」相比，按「2019 方案」计算的 3 个单位中，2 个得分变化，2 个名次变化（平均变动 0.67 位，最多 1 位），2 个档次变化（上升 1 个，下降 1 个）。',
    );
  });

  it('rounds score changes in decimal so printed scores subtract to the printed change', () => {
    // 0.3 − 0.1 is 0.19999999999999998 in binary; the change printed is 0.2.
    const c = compareOutcomes(
      { units: [{ unitId: 'u', groupId: 'g', score: 0.1, rank: 1, tier: 0 }] },
      { units: [{ unitId: 'u', groupId: 'g', score: 0.3, rank: 1, tier: 0 }] },
    );
    expect(c.units[0]?.scoreChange).toBe(0.2);
  });

  it('rejects duplicates and bad ranks with typed errors', () => {
    const u = { unitId: 'u', groupId: 'g', score: 1, rank: 1, tier: 0 };
    expect(() => compareOutcomes({ units: [u, u] }, { units: [] })).toThrowError(
      expect.objectContaining({ code: 'ANALYSIS_DUPLICATE_ID' }),
    );
    expect(() => compareOutcomes({ units: [{ ...u, rank: 0 }] }, { units: [] })).toThrowError(/a\.units\[0\]\.rank/);
  });

  it('property: a result compared with itself is all zeros', () => {
    const arbUnits = fc.uniqueArray(
      fc.record({
        unitId: fc.string({ minLength: 1, maxLength: 6 }),
        groupId: fc.constantFrom('t', 'p', 'g'),
        score: fc.double({ min: -50, max: 150, noNaN: true }),
        rank: fc.integer({ min: 1, max: 40 }),
        tier: fc.integer({ min: 0, max: 3 }),
      }),
      { selector: (u) => u.unitId, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbUnits, (units) => {
        const c = compareOutcomes({ units }, { units: [...units].reverse() });
        expect(c.onlyInA).toEqual([]);
        expect(c.onlyInB).toEqual([]);
        for (const u of c.units) {
          expect(u.scoreChange).toBe(0);
          expect(u.placesGained).toBe(0);
          expect(u.tierSteps).toBe(0);
          expect(u.tierMove).toBe('same');
        }
        expect(c.summary).toMatchObject({
          scoreChanged: 0,
          rankChanged: 0,
          tierChanged: 0,
          meanAbsScoreChange: 0,
          maxAbsRankChange: 0,
        });
      }),
    );
  });
});
