/**
 * 按实测值分段扣分 (SCORING "Measured-value adjustments", issue 17): points lost per unit of the measured value beyond
 * thresholds, each band's rate on its own stretch ('marginal') or the deepest band's rate on the whole distance
 * ('flat'); whole or started units; a bonus beyond the first threshold. Expectations worked by hand in the comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute, explainUnit, prepare } from './index';
import { marginalBreakdown, marginalPoints } from './methods';
import { MarginalMethodSchema, type MarginalMethod } from './model';
import { oneGroup, units } from './testkit';
import { validateScheme } from './validate';

const mm = (x: Record<string, unknown>): MarginalMethod => MarginalMethodSchema.parse({ kind: 'marginal', ...x });
// "低于96%的，每低1个百分点扣0.25分；低于90%的，每低1个百分点扣0.5分" on a 5-point item.
const safety = (mode: 'marginal' | 'flat', extra: Record<string, unknown> = {}) =>
  mm({
    direction: 'below',
    mode,
    bands: [
      { from: 96, rate: 0.25 },
      { from: 90, rate: 0.5 },
    ],
    ...extra,
  });

describe('marginal rates below thresholds', () => {
  it('each rate on its own stretch', () => {
    const m = safety('marginal');
    expect(marginalPoints(m, 5, 97)).toBe(5); // above the first threshold: full
    expect(marginalPoints(m, 5, 96)).toBe(5); // at it: nothing below it
    expect(marginalPoints(m, 5, 95.3)).toBeCloseTo(4.825, 12); // 0.7 × 0.25 = 0.175
    expect(marginalPoints(m, 5, 90)).toBeCloseTo(3.5, 12); // 6 × 0.25 = 1.5
    expect(marginalPoints(m, 5, 88)).toBeCloseTo(2.5, 12); // 6 × 0.25 + 2 × 0.5 = 2.5
    expect(marginalPoints(m, 5, 70)).toBe(0); // 1.5 + 20 × 0.5 = 11.5 > 5: not below 0 (扣完为止)
    const b = marginalBreakdown(m, 5, 88);
    expect(b.bands.map((x) => [x.from, x.to, x.distance, x.lost])).toEqual([
      [96, 90, 6, 1.5],
      [90, undefined, 2, 1],
    ]);
  });

  it("'flat': the deepest band's rate on the whole distance from the first threshold", () => {
    const m = safety('flat');
    expect(marginalPoints(m, 5, 92)).toBeCloseTo(4, 12); // 4 × 0.25
    expect(marginalPoints(m, 5, 88)).toBeCloseTo(1, 12); // 8 × 0.5
    expect(marginalPoints(m, 5, 96)).toBe(5);
  });

  it('whole units (不足1个百分点不扣) and started units (不足1个百分点按1个百分点计)', () => {
    expect(marginalPoints(safety('marginal', { count: 'whole' }), 5, 95.3)).toBe(5); // 0.7 → 0 units
    expect(marginalPoints(safety('marginal', { count: 'started' }), 5, 95.3)).toBeCloseTo(4.75, 12); // 0.7 → 1 unit
    // "每低2个百分点扣1分" below 96 on 5 points, at 93 (3 below): 1.5, 1 or 2 units
    const two = (count: string) =>
      mm({ direction: 'below', mode: 'marginal', bands: [{ from: 96, rate: 1 }], per: 2, count });
    expect(marginalPoints(two('proportional'), 5, 93)).toBeCloseTo(3.5, 12);
    expect(marginalPoints(two('whole'), 5, 93)).toBe(4);
    expect(marginalPoints(two('started'), 5, 93)).toBe(3);
    // float noise is not a started unit: 96 − 95 is exactly 1 unit, 0.29 ÷ 0.01 is 29
    expect(marginalPoints(two('started'), 5, 94)).toBe(4);
    const hundredths = mm({
      direction: 'below',
      mode: 'marginal',
      bands: [{ from: 1, rate: 0.1 }],
      per: 0.01,
      count: 'started',
    });
    expect(marginalPoints(hundredths, 5, 0.71)).toBeCloseTo(5 - 2.9, 12); // 0.29 → 29 units × 0.1
    // a stretch between thresholds is one subtraction: 130 − 31 is 99 units even when x is −8/3 (found by the property)
    const three = mm({
      direction: 'below',
      mode: 'marginal',
      bands: [
        { from: 131, rate: 1 },
        { from: 130, rate: 1 },
        { from: 31, rate: 1 },
      ],
      count: 'started',
    });
    expect(marginalBreakdown(three, 200, -8 / 3).bands.map((b) => b.units)).toEqual([1, 99, 34]);
  });

  it('above thresholds: an accident rate over 2‰ loses 1 per point, over 5‰ 2 per point', () => {
    const m = mm({
      direction: 'above',
      mode: 'marginal',
      bands: [
        { from: 2, rate: 1 },
        { from: 5, rate: 2 },
      ],
    });
    expect(marginalPoints(m, 10, 1.5)).toBe(10);
    expect(marginalPoints(m, 10, 4)).toBe(8); // 2 × 1
    expect(marginalPoints(m, 10, 6)).toBe(5); // 3 × 1 + 1 × 2
  });

  it('a bonus beyond the first threshold, up to its limit, when uncapped', () => {
    const m = mm({
      direction: 'below',
      mode: 'marginal',
      bands: [{ from: 100, rate: 0.5 }],
      bonusRate: 0.1,
      bonusLimit: 1,
      uncapped: true,
    });
    expect(marginalPoints(m, 10, 105)).toBeCloseTo(10.5, 12); // 5 × 0.1
    expect(marginalPoints(m, 10, 130)).toBe(11); // 3.0 limited to 1
    expect(marginalPoints(m, 10, 96)).toBe(8); // 4 × 0.5
  });
});

describe('property: a marginal score', () => {
  const bandsArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 4 })
    .chain((ts) =>
      fc.tuple(
        fc.constant([...ts].sort((a, b) => b - a)),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: ts.length, maxLength: ts.length }),
      ),
    );
  it('stays within [0, points], never rises further below, and loses no more marginally than flat with rising rates', () => {
    fc.assert(
      fc.property(
        bandsArb,
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: -100, max: 300 }),
        fc.integer({ min: 0, max: 50 }),
        fc.constantFrom('proportional', 'whole', 'started'),
        ([ts, rates], points, x10, step10, count) => {
          const bands = ts.map((from, i) => ({ from, rate: (rates[i] ?? 0) / 20 }));
          const m = mm({ direction: 'below', mode: 'marginal', bands, count });
          const x = x10 / 1.5;
          const s = marginalPoints(m, points, x);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(points);
          expect(marginalPoints(m, points, x - step10 / 3)).toBeLessThanOrEqual(s + 1e-9);
          const rising = [...bands]
            .sort((a, b) => b.from - a.from)
            .map((b, i, all) => ({
              from: b.from,
              rate: Math.max(...all.slice(0, i + 1).map((c) => c.rate)),
            }));
          // (started units count per band: two half stretches are two units, so that comparison holds without them)
          if (count === 'started') return;
          const lostMarginal = marginalBreakdown({ ...m, bands: rising }, points, x).lost;
          const lostFlat = marginalBreakdown({ ...m, bands: rising, mode: 'flat' }, points, x).lost;
          expect(lostMarginal).toBeLessThanOrEqual(lostFlat + 1e-9);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('in a scheme', () => {
  // 安全生产 (20 points, marginal as above) and 经济发展 (80 points, completion against 100).
  const scheme = (method: Record<string, unknown>) =>
    oneGroup([
      { id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } },
      { id: 'safe', points: 20, method },
    ]);
  const marginal = {
    kind: 'marginal',
    direction: 'below',
    mode: 'marginal',
    bands: [
      { from: 96, rate: 0.25 },
      { from: 90, rate: 0.5 },
    ],
  };
  const data = (safe: Record<string, unknown>[]) => ({
    units: units(3),
    values: [
      ...['u1', 'u2', 'u3'].map((u) => ({ unitId: u, indicatorId: 'econ', value: 100 })),
      ...safe.map((v, i) => ({ unitId: `u${i + 1}`, indicatorId: 'safe', ...v })),
    ],
  });

  it('scores the value as reported, rounded half up where the scheme publishes', () => {
    const r = compute(scheme(marginal), data([{ value: 97 }, { value: 95.3 }, { value: 88 }]));
    const c = (id: string) => r.units.find((u) => u.unitId === id)?.composite;
    // u1 80 + 20; u2 80 + 20 − 0.175 = 99.825 → 99.83; u3 80 + 20 − 2.5 = 97.5
    expect(c('u1')).toBe(100);
    expect(c('u2')).toBe(99.83);
    expect(c('u3')).toBe(97.5);
    expect(r.units.find((u) => u.unitId === 'u3')?.rank).toBe(3);
    const ex = explainUnit(r, 'u3');
    const safe = ex.indicators.find((i) => i.indicatorId === 'safe');
    expect(safe?.method).toBe('marginal');
    expect(safe?.raw).toBe(88);
    expect(safe?.score).toBeCloseTo(17.5, 12);
  });

  it('scores a formula’s result: 合格率 = passed ÷ checked × 100', () => {
    const formula = { kind: 'formula', expr: 'passed / checked * 100', inputs: ['passed', 'checked'], then: marginal };
    const r = compute(
      scheme(formula),
      data([
        { inputs: { passed: 97, checked: 100 } },
        { inputs: { passed: 47, checked: 50 } },
        { inputs: { passed: 44, checked: 50 } },
      ]),
    );
    const c = (id: string) => r.units.find((u) => u.unitId === id)?.composite;
    // u2 94% → 2 × 0.25 = 0.5 lost; u3 88% → 2.5 lost
    expect(c('u1')).toBe(100);
    expect(c('u2')).toBe(99.5);
    expect(c('u3')).toBe(97.5);
  });

  it('a penalty per point below a reference given as data: the province’s average as a parameter, or each unit’s own figure', () => {
    const grain = {
      id: 'safe',
      points: 20,
      params: { provAvg: 95.3 },
      method: {
        kind: 'formula',
        expr: 'actual - provAvg',
        inputs: ['actual'],
        then: { kind: 'marginal', direction: 'below', mode: 'marginal', bands: [{ from: 0, rate: 1 }] },
      },
    };
    const r = compute(
      oneGroup([{ id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } }, grain]),
      data([{ inputs: { actual: 97 } }, { inputs: { actual: 93.3 } }, { inputs: { actual: 95.3 } }]),
    );
    const c = (id: string) => r.units.find((u) => u.unitId === id)?.composite;
    // u1 above the average: 100; u2 2 points below: 98; u3 on it: 100
    expect([c('u1'), c('u2'), c('u3')]).toEqual([100, 98, 100]);
    const own = {
      ...grain,
      params: {},
      method: { ...grain.method, expr: 'actual - lastYear', inputs: ['actual', 'lastYear'] },
    };
    const r2 = compute(
      oneGroup([{ id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } }, own]),
      data([
        { inputs: { actual: 90, lastYear: 92.5 } },
        { inputs: { actual: 90, lastYear: 90 } },
        { inputs: { actual: 91, lastYear: 90 } },
      ]),
    );
    // u1 2.5 below its own last year: 97.5
    expect(r2.units.map((u) => u.composite)).toEqual([97.5, 100, 100]);
  });

  it('refuses thresholds out of order, a bonus it could never pay, and a missing mode', () => {
    const wrongOrder = validateScheme(
      scheme({
        ...marginal,
        bands: [
          { from: 90, rate: 0.5 },
          { from: 96, rate: 0.25 },
        ],
      }),
    );
    expect(wrongOrder.ok).toBe(false);
    if (!wrongOrder.ok)
      expect(wrongOrder.issues.map((i) => i.path)).toContain('groups[0].blocks[0].indicators[1].method.bands[1].from');
    const bonus = validateScheme(scheme({ ...marginal, bonusRate: 0.1 }));
    expect(bonus.ok).toBe(false);
    if (!bonus.ok) expect(bonus.issues.map((i) => i.message).join(' ')).toContain('uncapped');
    const { mode: _mode, ...noMode } = marginal;
    const missing = validateScheme(scheme(noMode));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues.map((i) => i.path).join(' ')).toContain('mode');
    expect(validateScheme(scheme(marginal)).ok).toBe(true);
  });
});

describe('a measured deduction rule (按实测值扣分, outside the indicators’ points)', () => {
  // 经济发展 80 (completion against 100) and 安全生产 20 (completion against 100); the rule reads 安全生产's value:
  // below 96 0.25 per point, below 90 0.5 per point, 本项限扣 2.
  const rule = (extra: Record<string, unknown> = {}) => ({
    id: 'safety-rate',
    amount: {
      kind: 'measured',
      indicator: 'safe',
      direction: 'below',
      mode: 'marginal',
      bands: [
        { from: 96, rate: 0.25 },
        { from: 90, rate: 0.5 },
      ],
      ...extra,
    },
    limit: 2,
  });
  const scheme = (r: unknown) =>
    oneGroup(
      [
        { id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } },
        { id: 'safe', points: 20, method: { kind: 'ratio', target: 100 } },
      ],
      { deductions: [r] },
    );
  const data = (safe: number[]) => ({
    units: units(3),
    values: [
      ...['u1', 'u2', 'u3'].map((u) => ({ unitId: u, indicatorId: 'econ', value: 100 })),
      ...safe.map((v, i) => ({ unitId: `u${i + 1}`, indicatorId: 'safe', value: v })),
    ],
  });
  const of = (r: ReturnType<typeof compute>, id: string) => r.units.find((u) => u.unitId === id);

  it('takes what the thresholds say from the unit, within the rule’s limit', () => {
    const r = compute(scheme(rule()), data([97, 95.3, 88]));
    // u1 80 + 19.4, nothing lost: 99.4; u2 80 + 19.06 − 0.7 × 0.25 = 98.885 → 98.89; u3 80 + 17.6 − min(2.5, 2) = 95.6
    expect(of(r, 'u1')?.deductions).toBe(0);
    expect(of(r, 'u1')?.composite).toBe(99.4);
    expect(of(r, 'u2')?.deductions).toBe(0.18); // published at 2 decimals
    expect(of(r, 'u2')?.composite).toBe(98.89);
    expect(of(r, 'u3')?.deductions).toBe(2);
    expect(of(r, 'u3')?.composite).toBe(95.6);
    const trace = explainUnit(r, 'u3').adjustments.filter((a) => a.ruleId === 'safety-rate');
    expect(trace.map((a) => a.points)).toEqual([-2.5, 0.5]); // the rule's 2.5, then its limit gives 0.5 back
  });

  it('an incremental change of the value it reads is a new deduction, as a full computation gives', () => {
    const p = prepare(scheme(rule()), data([97, 95.3, 88]));
    const after = p.recompute([{ unitId: 'u1', indicatorId: 'safe', value: 92 }]);
    const full = compute(scheme(rule()), data([92, 95.3, 88]));
    // u1: 4 × 0.25 = 1 lost; 80 + 18.4 − 1 = 97.4
    expect(of(after, 'u1')?.deductions).toBe(1);
    expect(of(after, 'u1')?.composite).toBe(97.4);
    expect(JSON.stringify(after.units)).toBe(JSON.stringify(full.units));
  });

  it('reads a named formula input, and refuses a leaf or input that does not exist, listing the valid ones', () => {
    const withInput = oneGroup(
      [
        { id: 'econ', points: 80, method: { kind: 'ratio', target: 100 } },
        {
          id: 'safe',
          points: 20,
          method: { kind: 'formula', expr: 'ok / n * 100', inputs: ['ok', 'n'], then: { kind: 'ratio', target: 100 } },
        },
      ],
      { deductions: [rule({ input: 'ok' })] },
    );
    const r = compute(withInput, {
      units: units(1),
      values: [
        { unitId: 'u1', indicatorId: 'econ', value: 100 },
        { unitId: 'u1', indicatorId: 'safe', inputs: { ok: 93, n: 100 } },
      ],
    });
    expect(of(r, 'u1')?.deductions).toBeCloseTo(0.75, 12); // input 93: 3 × 0.25
    const noLeaf = validateScheme(scheme(rule({ indicator: 'safty' })));
    expect(noLeaf.ok).toBe(false);
    if (!noLeaf.ok) expect(noLeaf.issues[0]?.message).toContain('leaf indicators: econ, safe');
    const noInput = validateScheme(scheme(rule({ input: 'ok' })));
    expect(noInput.ok).toBe(false);
    if (!noInput.ok) expect(noInput.issues[0]?.message).toContain('only a formula declares them');
    const order = validateScheme(scheme(rule({ direction: 'above' })));
    expect(order.ok).toBe(false);
    if (!order.ok) expect(order.issues[0]?.message).toContain('thresholds must go up');
  });
});
