import { describe, expect, it } from 'vitest';
import { TieringSchema, type Tiering } from './model';
import { computeQuotas, rankAndTier, splitQuotaLargestRemainder, sportRank } from './tiers';

const tiering = (x: Record<string, unknown> = {}): Tiering =>
  TieringSchema.parse({
    tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
    ...x,
  });
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
const names = (t: Tiering, tiers: Int32Array): string[] => Array.from(tiers, (i) => t.tiers[i]?.id ?? '?');

describe('sport ranking', () => {
  it('1, 2, 2, 4 and tie-breakers', () => {
    expect(Array.from(sportRank(ids(4), [90, 85, 85, 80]).ranks)).toEqual([1, 2, 2, 4]);
    // key-work score breaks the tie: u3 has more
    expect(Array.from(sportRank(ids(4), [90, 85, 85, 80], [[0, 10, 12, 0]]).ranks)).toEqual([1, 3, 2, 4]);
  });
  it('all units equal share rank 1', () => {
    expect(Array.from(sportRank(ids(3), [70, 70, 70]).ranks)).toEqual([1, 1, 1]);
  });
});

describe('quotas for groups of 1–7', () => {
  // good 30%, fair 40% of n = 1..7
  // good exact: 0.3 0.6 0.9 1.2 1.5 1.8 2.1 ; fair exact: 0.4 0.8 1.2 1.6 2.0 2.4 2.8
  const table = (rounding: string): (number | null)[][] =>
    [1, 2, 3, 4, 5, 6, 7].map((n) => computeQuotas(tiering({ rounding }), n).slice(0, 2));
  it('half-up', () => {
    // good 0,1,1,1,2,2,2 ; fair 0,1,1,2,2,2,3
    expect(table('halfUp')).toEqual([
      [0, 0],
      [1, 1],
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
      [2, 3],
    ]);
  });
  it('floor', () => {
    // good 0,0,0,1,1,1,2 ; fair 0,0,1,1,2,2,2
    expect(table('floor')).toEqual([
      [0, 0],
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 2],
      [1, 2],
      [2, 2],
    ]);
  });
  it('ceil (capped so the quotas never exceed the group)', () => {
    // good 1,1,1,2,2,2,3 ; fair 1,1,2,2,2,3,3 → n = 1: good 1 leaves 0 for fair; n = 2: 1 + 1
    expect(table('ceil')).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
      [2, 3],
      [3, 3],
    ]);
  });
  it('fixed counts and minimum counts', () => {
    const t = TieringSchema.parse({
      tiers: [{ id: 'first', count: 1 }, { id: 'second', count: 1 }, { id: 'third', count: 2 }, { id: 'none' }],
    });
    expect(computeQuotas(t, 7)).toEqual([1, 1, 2, null]);
    expect(computeQuotas(t, 3)).toEqual([1, 1, 1, null]); // third gets what is left
    const m = TieringSchema.parse({ tiers: [{ id: 'good', share: 0.1, minCount: 1 }, { id: 'avg' }] });
    expect(computeQuotas(m, 5)).toEqual([1, null]); // 0.5 → 1 anyway; minCount 1
    expect(
      computeQuotas(
        TieringSchema.parse({ tiers: [{ id: 'good', share: 0.1, minCount: 1 }, { id: 'avg' }], rounding: 'floor' }),
        5,
      ),
    ).toEqual([1, null]);
  });
});

describe('largest remainder across groups', () => {
  it('splits a county-wide quota', () => {
    // N = 15, 0.3 × 15 = 4.5 → 5 (half-up); exact 2.1, 1.5, 0.9 → floors 2, 1, 0; 2 left → 0.9 then 0.5
    expect(splitQuotaLargestRemainder([7, 5, 3], 0.3, 'halfUp')).toEqual([2, 2, 1]);
    // floor: 4.5 → 4; 1 left → 0.9
    expect(splitQuotaLargestRemainder([7, 5, 3], 0.3, 'floor')).toEqual([2, 1, 1]);
    // equal remainders: the larger group first
    expect(splitQuotaLargestRemainder([5, 5, 10], 0.1, 'halfUp')).toEqual([1, 0, 1]); // 2 → 0.5, 0.5, 1.0: floors 0,0,1; 1 left → g0 (tie, earlier)
  });
});

describe('rankAndTier', () => {
  it('all units equal: everything ties at the first boundary', () => {
    const t = tiering({ tiePolicy: 'flag' });
    const r = rankAndTier({ groupId: 'g', unitIds: ids(5), scores: [80, 80, 80, 80, 80], tiering: t });
    // good quota 2 for 5 tied units → flagged, none in; fair quota 2 → flagged again; all in avg
    expect(names(t, r.tiers)).toEqual(['avg', 'avg', 'avg', 'avg', 'avg']);
    expect(r.ties.map((x) => [x.tier, x.places, x.unitIds.length, x.needsDecision])).toEqual([
      ['good', 2, 5, true],
      ['fair', 2, 5, true],
    ]);
  });
  it('ties at a boundary under each policy', () => {
    // 7 units, quotas good 2, fair 3; u2 and u3 tie at the good boundary
    const scores = [95, 90, 90, 85, 80, 75, 70];
    const run = (tiePolicy: string, extra: Record<string, unknown> = {}) => {
      const t = tiering({ tiePolicy });
      return { t, r: rankAndTier({ groupId: 'g', unitIds: ids(7), scores, tiering: t, ...extra }) };
    };
    let { t, r } = run('allIn'); // both in: 3 good; fair still 3
    expect(names(t, r.tiers)).toEqual(['good', 'good', 'good', 'fair', 'fair', 'fair', 'avg']);
    ({ t, r } = run('allOut')); // both out: 1 good; fair takes u2 u3 u4
    expect(names(t, r.tiers)).toEqual(['good', 'fair', 'fair', 'fair', 'avg', 'avg', 'avg']);
    ({ t, r } = run('flag'));
    expect(names(t, r.tiers)).toEqual(['good', 'fair', 'fair', 'fair', 'avg', 'avg', 'avg']);
    expect(r.ties[0]?.needsDecision).toBe(true);
    ({ t, r } = run('tieBreak', { boundaryKeys: [[0, 1, 2, 0, 0, 0, 0]] })); // u3 wins the boundary key
    expect(names(t, r.tiers)).toEqual(['good', 'fair', 'good', 'fair', 'fair', 'avg', 'avg']);
    expect(r.ties[0]?.resolution).toBe('tieBreak');
    expect(r.ranks[1]).toBe(2); // ranks themselves stay shared
    expect(r.ranks[2]).toBe(2);
    // …and the list agrees with the tiers: u3 (placed in good by the tie-breaker) before u2 (fair)
    expect(Array.from(r.order)).toEqual([0, 2, 1, 3, 4, 5, 6]);
  });
  it('a vetoed unit that would have been first (lowest tier), after quota with refill', () => {
    const t = tiering();
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      setAside: [1, 0, 0, 0, 0],
      tiering: t,
    });
    // quotas good 2 (1.5 → 2), fair 2; natural: u1 u2 good, u3 u4 fair, u5 avg
    // u1 → poor; refill: u3 up to good, u5 up to fair
    expect(names(t, r.naturalTiers)).toEqual(['good', 'good', 'fair', 'fair', 'avg']);
    expect(names(t, r.tiers)).toEqual(['poor', 'good', 'good', 'fair', 'fair']);
    expect(r.ranks[0]).toBe(1); // the rank is not changed by the veto
  });
  it('same veto without refill leaves the place empty', () => {
    const t = tiering({ refill: false });
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      setAside: [1, 0, 0, 0, 0],
      tiering: t,
    });
    expect(names(t, r.tiers)).toEqual(['poor', 'good', 'fair', 'fair', 'avg']);
  });
  it('veto before quota: set-aside units do not count towards the quota base', () => {
    const t = tiering({ overrideOrder: 'beforeQuota' });
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      setAside: [1, 0, 0, 0, 0],
      tiering: t,
    });
    // pool of 4: good 1.2 → 1, fair 1.6 → 2
    expect(names(t, r.tiers)).toEqual(['poor', 'good', 'fair', 'fair', 'avg']);
    expect(r.quotas.map((q) => q.quota)).toEqual([1, 2, null, null]);
    // the tier u1 had before the veto is the one the whole group without overrides gives it (good), not poor
    expect(names(t, r.naturalTiers)[0]).toBe('good');
  });
  it('veto before quota: a set-aside unit ranked second had "fair" before it (quotas of the whole group)', () => {
    const t = tiering({ overrideOrder: 'beforeQuota' });
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      setAside: [0, 0, 1, 0, 0],
      tiering: t,
    });
    // whole group of 5: good 2, fair 2 → u3 (third) was fair
    expect(names(t, r.naturalTiers)[2]).toBe('fair');
    expect(names(t, r.tiers)[2]).toBe('poor');
  });
  it('barred from the top tier', () => {
    const t = tiering();
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      bestAllowed: [1, 0, 0, 0, 0],
      tiering: t,
    });
    // u1 → fair; u3 refills good; fair now u1 u4; u5 refills nothing (fair full: u1, u4)
    expect(names(t, r.tiers)).toEqual(['fair', 'good', 'good', 'fair', 'avg']);
  });
  it('downgrade of a unit already in the lowest tier stays there', () => {
    const t = tiering();
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(3),
      scores: [90, 80, 10],
      downgrade: [0, 0, 1],
      tiering: TieringSchema.parse({ tiers: [{ id: 'good', share: 0.3 }, { id: 'poor' }] }),
    });
    expect(Array.from(r.tiers)).toEqual([0, 1, 1]);
    expect(r.stepBits[2] ?? 0).toBeGreaterThan(0);
    expect(t.tiers.length).toBe(4);
  });
  it('downgrade moves one tier and is not undone by refill', () => {
    const t = tiering();
    const r = rankAndTier({
      groupId: 'g',
      unitIds: ids(5),
      scores: [99, 90, 80, 70, 60],
      downgrade: [1, 0, 0, 0, 0],
      tiering: t,
    });
    // natural u1 good → fair; u3 refills good; fair: u1 + u4 (u3 left) = 2
    expect(names(t, r.tiers)).toEqual(['fair', 'good', 'good', 'fair', 'avg']);
  });
  it('eligibility: no red light for good; the next unit takes the place', () => {
    const t = tiering();
    const T = 4;
    const eligible = new Uint8Array(5 * T).fill(1);
    eligible[0 * T + 0] = 0; // u1 may not be good
    const r = rankAndTier({ groupId: 'g', unitIds: ids(5), scores: [99, 90, 80, 70, 60], eligible, tiering: t });
    expect(names(t, r.tiers)).toEqual(['fair', 'good', 'good', 'fair', 'avg']);
  });
  it('score bands without quotas', () => {
    const t = TieringSchema.parse({
      tiers: [{ id: 'A', minScore: 90 }, { id: 'B', minScore: { value: 80, inclusive: false } }, { id: 'C' }],
    });
    const r = rankAndTier({ groupId: 'g', unitIds: ids(4), scores: [95, 90, 80, 81], tiering: t });
    expect(names(t, r.tiers)).toEqual(['A', 'A', 'C', 'B']); // 80 is not 超过 80
  });
  it('minimum count in the lowest tier', () => {
    const t = TieringSchema.parse({ tiers: [{ id: 'good', share: 0.3 }, { id: 'avg' }, { id: 'poor', minCount: 1 }] });
    const r = rankAndTier({ groupId: 'g', unitIds: ids(4), scores: [90, 80, 70, 60], tiering: t });
    expect(names(t, r.tiers)).toEqual(['good', 'avg', 'avg', 'poor']);
  });
  it('small groups: 1, 2 and 3 units', () => {
    const t = tiering();
    // n = 1: good 0.3 → 0, fair 0.4 → 0: the unit is 'avg' (first tier without a quota)
    expect(names(t, rankAndTier({ groupId: 'g', unitIds: ids(1), scores: [99], tiering: t }).tiers)).toEqual(['avg']);
    // n = 2: good 0.6 → 1, fair 0.8 → 1
    expect(names(t, rankAndTier({ groupId: 'g', unitIds: ids(2), scores: [99, 50], tiering: t }).tiers)).toEqual([
      'good',
      'fair',
    ]);
    // n = 3: good 0.9 → 1, fair 1.2 → 1
    expect(names(t, rankAndTier({ groupId: 'g', unitIds: ids(3), scores: [99, 50, 40], tiering: t }).tiers)).toEqual([
      'good',
      'fair',
      'avg',
    ]);
    // n = 0
    expect(rankAndTier({ groupId: 'g', unitIds: [], scores: [], tiering: t }).tiers.length).toBe(0);
  });
});
