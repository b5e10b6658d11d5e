import { describe, expect, it } from 'vitest';
import { compute } from './compute';
import type { SchemeInput } from './model';
import { oneGroup, units } from './testkit';

// The bulletin says "X因…被一票否决，等次由“较好”调整为“一般”": the tier before a veto is the tier the unit had
// before it — not the tier the veto's own eligibility rule (noVeto) already gave it.
describe('the tier before an override', () => {
  const scheme = (overrideOrder: 'afterQuota' | 'beforeQuota', effect: Record<string, unknown>): SchemeInput =>
    oneGroup([{ id: 'a', points: 100, method: { kind: 'ratio', target: 100 } }], {
      vetoes: [{ id: 'poverty', name: '脱贫攻坚', effect }],
      tiering: {
        tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'average', share: 0.25 }, { id: 'poor' }],
        eligibility: [{ id: 'no-veto', tier: 'fair', kind: 'noVeto' }],
        overrideOrder,
      },
    });
  // 10 units scoring 100, 99, …, 91: quotas 好 3, 较好 4, 一般 3 (2.5 → 3), 较差 0
  const data = {
    units: units(10),
    values: Array.from({ length: 10 }, (_, i) => ({ unitId: `u${i + 1}`, indicatorId: 'a', value: 100 - i })),
    vetoes: [{ id: 'v1', unitId: 'u5', rule: 'poverty' }],
  };
  for (const order of ['afterQuota', 'beforeQuota'] as const) {
    it(`barred from the top two tiers (${order}): u5, fifth, had 较好 and is now 一般`, () => {
      const r = compute(scheme(order, { kind: 'barTopTiers', n: 2 }), data);
      const u5 = r.units.find((u) => u.unitId === 'u5');
      expect(u5?.naturalTier).toBe('fair');
      expect(u5?.tier).toBe('average');
      // nobody else's reported tier changes
      expect(r.units.filter((u) => u.unitId !== 'u5' && u.naturalTier !== u.tier).map((u) => u.unitId)).toEqual([]);
    });
    it(`lowest tier (${order}): u5 had 较好 and is now 较差`, () => {
      const r = compute(scheme(order, { kind: 'lowestTier' }), data);
      const u5 = r.units.find((u) => u.unitId === 'u5');
      expect(u5?.naturalTier).toBe('fair');
      expect(u5?.tier).toBe('poor');
    });
  }
});
