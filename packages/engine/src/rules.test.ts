/**
 * Rules from published schemes that the core expresses as configuration (SCORING.md "What real
 * published schemes also need"): measurement windows, period and recurrence multipliers, deductions
 * from sub-units' places in another ranking. Expectations are computed by hand in the comments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute, measurementWindowOf, prepare } from './compute';
import { EngineError } from './errors';
import { explainUnit } from './explain';
import type { DatasetInput, SchemeInput } from './model';
import { validateDataset, validateScheme } from './validate';
import { oneGroup, units } from './testkit';

// Every unit earns the full 100 indicator points (binary, done), so composite = 100 + bonus − deductions.
const FULL = [{ id: 'done', points: 100, method: { kind: 'binary' } }];
const doneValues = (n: number): DatasetInput['values'] =>
  Array.from({ length: n }, (_, i) => ({ unitId: `u${i + 1}`, indicatorId: 'done', value: 1 }));
const composite = (r: ReturnType<typeof compute>, id: string): number | undefined =>
  r.units.find((u) => u.unitId === id)?.composite;

describe('measurement window (考核周期 1 Dec – 30 Nov)', () => {
  const scheme = oneGroup(FULL, {
    year: 2019,
    measurementWindow: { start: '12-01' },
    deductions: [{ id: 'crit', amount: { kind: 'fixed', points: 1 }, repeatMultiplier: 2 }],
    bonus: { categories: [{ id: 'award', levels: { city: 1 } }] },
    vetoes: [{ id: 'safety', effect: { kind: 'fixedDeduction', points: 30 } }],
  });

  it('start 12-01 in 2019 is 2018-12-01 … 2019-11-30; 01-01 is the calendar year', () => {
    expect(measurementWindowOf({ year: 2019, measurementWindow: { start: '12-01' } })).toEqual({
      from: '2018-12-01',
      to: '2019-11-30',
    });
    expect(measurementWindowOf({ year: 2020, measurementWindow: { start: '03-01' } })).toEqual({
      from: '2019-03-01',
      to: '2020-02-29', // 2020 is a leap year
    });
    expect(measurementWindowOf({ year: 2019, measurementWindow: { start: '01-01' } })).toEqual({
      from: '2019-01-01',
      to: '2019-12-31',
    });
    expect(measurementWindowOf({ year: 2019 })).toBeUndefined();
  });

  it('records dated outside the window do not count; December counts for the next year', () => {
    const d: DatasetInput = {
      units: units(2),
      values: doneValues(2),
      deductions: [
        // u1: 2018-12-05 is inside the 2019 window (December counts for the next year) → −1
        { id: 'c1', unitId: 'u1', rule: 'crit', category: 'env', date: '2018-12-05' },
        // u1: 2019-12-02 belongs to the 2020 window → not counted, and not a first occurrence either
        { id: 'c2', unitId: 'u1', rule: 'crit', category: 'env', date: '2019-12-02' },
        // u2: 2018-11-30 belongs to the 2018 window → not counted
        { id: 'c3', unitId: 'u2', rule: 'crit', category: 'env', date: '2018-11-30' },
        // u2: 2019-11-30, the last day, is inside → −1 (first of its category in the window, no doubling)
        { id: 'c4', unitId: 'u2', rule: 'crit', category: 'env', date: '2019-11-30' },
      ],
      // u1: an award dated 2019-12-10 carries into the next year → no bonus
      bonuses: [{ id: 'b1', unitId: 'u1', category: 'award', level: 'city', date: '2019-12-10' }],
      // u2: a veto dated before the window → not applied
      vetoes: [{ id: 'v1', unitId: 'u2', rule: 'safety', date: '2018-06-01' }],
    };
    const r = compute(scheme, d);
    // u1: 100 − 1 = 99; u2: 100 − 1 = 99 (the veto's −30 is outside the window)
    expect(composite(r, 'u1')).toBe(99);
    expect(composite(r, 'u2')).toBe(99);
    const adj = explainUnit(r, 'u1').adjustments;
    expect(adj.find((a) => a.recordId === 'c2')).toMatchObject({ counted: false, points: 0 });
    expect(adj.find((a) => a.recordId === 'c2')?.note).toContain(
      'outside the measurement window 2018-12-01 – 2019-11-30',
    );
    expect(adj.find((a) => a.recordId === 'b1')).toMatchObject({ kind: 'bonus', counted: false, points: 0 });
    expect(explainUnit(r, 'u2').adjustments.find((a) => a.recordId === 'v1')).toMatchObject({ counted: false });
    expect(r.units.find((u) => u.unitId === 'u2')?.vetoes).toEqual([]);
  });

  it('explicit from/to dates work the same way; undated records always count', () => {
    const s = { ...scheme, measurementWindow: { from: '2019-01-01', to: '2019-06-30' } } as SchemeInput;
    const d: DatasetInput = {
      units: units(1),
      values: doneValues(1),
      deductions: [
        { id: 'c1', unitId: 'u1', rule: 'crit', date: '2019-07-01' }, // outside → 0
        { id: 'c2', unitId: 'u1', rule: 'crit' }, // undated → −1
      ],
    };
    // 100 − 1 = 99
    expect(composite(compute(s, d), 'u1')).toBe(99);
  });

  it('validation names the offending path', () => {
    const bad = (w: unknown, extra: Record<string, unknown> = {}) => {
      const v = validateScheme({ ...oneGroup(FULL), measurementWindow: w, ...extra });
      return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(bad({ start: '12-01' })).toContain('year: is required by measurementWindow.start');
    expect(bad({ start: '02-29' }, { year: 2019 })).toContain(
      'measurementWindow.start: must be a day of every year (MM-DD, not 02-29)',
    );
    expect(bad({ start: '12-01', from: '2019-01-01' }, { year: 2019 })).toContain(
      'measurementWindow.start: give either start or from/to, not both',
    );
    expect(bad({ from: '2019-06-01', to: '2019-01-01' })).toContain(
      'measurementWindow.to: must not be before from (2019-06-01)',
    );
    expect(bad({ from: '2019-02-30', to: '2019-12-31' })).toContain(
      'measurementWindow.from: must be a real calendar date',
    );
    const ds = validateDataset(
      { units: units(1), deductions: [{ id: 'c', unitId: 'u1', rule: 'crit', date: '1 Dec 2018' }] },
      (() => {
        const v = validateScheme(scheme);
        if (!v.ok) throw new Error('scheme should be valid');
        return v.scheme;
      })(),
    );
    expect(ds.ok ? [] : ds.issues.map((i) => `${i.path}: ${i.message}`)).toContain(
      'deductions[0].date: must be a date YYYY-MM-DD',
    );
  });
});

describe('period and recurrence multipliers (重大活动安保期间、同类问题再次发生加倍扣分)', () => {
  const base = {
    year: 2019,
    periods: [
      { id: 'two-sessions', name: '全国两会', from: '2019-03-01', to: '2019-03-15' },
      { id: 'national-day', name: '国庆安保', from: '2019-09-25', to: '2019-10-08' },
    ],
  };
  const rule = (extra: Record<string, unknown>) =>
    oneGroup(FULL, {
      ...base,
      deductions: [{ id: 'acc', amount: { kind: 'perLevel', levels: { general: 1, major: 3 } }, ...extra }],
    });
  const data: DatasetInput = {
    units: units(1),
    values: doneValues(1),
    deductions: [
      // by date: d1 (Feb, first 'fire'), d2 (Mar 10, inside two-sessions, second 'fire' → recurrence), d3 (Oct 1,
      // inside national-day, first 'road'), d4 (Nov, second 'road' → recurrence)
      { id: 'd1', unitId: 'u1', rule: 'acc', level: 'general', category: 'fire', date: '2019-02-10' },
      { id: 'd2', unitId: 'u1', rule: 'acc', level: 'general', category: 'fire', date: '2019-03-10' },
      { id: 'd3', unitId: 'u1', rule: 'acc', level: 'major', category: 'road', date: '2019-10-01' },
      { id: 'd4', unitId: 'u1', rule: 'acc', level: 'general', category: 'road', date: '2019-11-20' },
    ],
  };

  it("'max' (default): a record doubles once even when it is both a recurrence and inside a period", () => {
    const r = compute(rule({ repeatMultiplier: 2, periodMultiplier: 2 }), data);
    // d1 1 × 1 = 1; d2 1 × max(2, 2) = 2; d3 3 × 2 (period) = 6; d4 1 × 2 (repeat) = 2 → 11 → 100 − 11 = 89
    expect(composite(r, 'u1')).toBe(89);
    const notes = explainUnit(r, 'u1').adjustments.map((a) => [a.recordId, a.points, a.note]);
    expect(notes).toEqual([
      ['d1', -1, 'general'],
      ['d2', -2, 'general × 2 (repeat, in period two-sessions, max)'],
      ['d3', -6, 'major × 2 (in period national-day)'],
      ['d4', -2, 'general × 2 (repeat)'],
    ]);
  });

  it("'product': both multipliers apply", () => {
    const r = compute(rule({ repeatMultiplier: 2, periodMultiplier: 2, combine: 'product' }), data);
    // d1 1; d2 1 × 2 × 2 = 4; d3 3 × 2 = 6; d4 1 × 2 = 2 → 13 → 87
    expect(composite(r, 'u1')).toBe(87);
  });

  it('a rule may name the periods it doubles in, and a rule limit still caps the total', () => {
    const r = compute(rule({ periodMultiplier: 3, periods: ['national-day'], limit: 8 }), data);
    // no repeat multiplier: d1 1; d2 1 (two-sessions is not this rule's period); d3 3 × 3 = 9; d4 1 → 12,
    // limited to 8 → 92
    expect(composite(r, 'u1')).toBe(92);
  });

  it('validation: unknown periods, inverted periods, a multiplier without periods', () => {
    const v = validateScheme(
      oneGroup(FULL, {
        periods: [
          { id: 'p', from: '2019-05-01', to: '2019-04-01' },
          { id: 'p', from: '2019-06-01', to: '2019-06-02' },
        ],
        deductions: [{ id: 'acc', amount: { kind: 'fixed', points: 1 }, periods: ['nope'], periodMultiplier: 2 }],
      }),
    );
    const msgs = v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
    expect(msgs).toContain('periods[0].to: must not be before from (2019-05-01)');
    expect(msgs).toContain("periods[1].id: duplicate period id 'p'");
    expect(msgs).toContain("deductions[0].periods[0]: no period 'nope'");
    const w = validateScheme(
      oneGroup(FULL, { deductions: [{ id: 'acc', amount: { kind: 'fixed', points: 1 }, periodMultiplier: 2 }] }),
    );
    expect(w.ok && w.warnings.map((i) => `${i.path}: ${i.message}`)).toContain(
      'deductions[0].periodMultiplier: has no effect: the scheme has no periods',
    );
  });
});

describe("deductions from sub-units' places in another ranking (乡镇月度排名后两位)", () => {
  // Two counties; the city ranks 6 townships every month. The county loses 0.5 per township per month
  // in the bottom two places.
  const scheme = oneGroup(FULL, {
    year: 2019,
    measurementWindow: { start: '12-01' },
    deductions: [
      {
        id: 'township-bottom',
        amount: { kind: 'rankPlaces', ranking: 'city-township-monthly', bottom: 2, points: 0.5 },
        limit: 5,
      },
    ],
  });
  const month = (period: string, places: [string, string, number][]) => ({
    ranking: 'city-township-monthly',
    period,
    size: 6,
    places: places.map(([subUnitId, unitId, place]) => ({ subUnitId, unitId, place })),
  });
  const data: DatasetInput = {
    units: units(2),
    values: doneValues(2),
    rankings: [
      // 2018-12 counts for 2019: places 5 and 6 are the bottom two → t2 (u1) and t6 (u2)
      month('2018-12', [
        ['t1', 'u1', 1],
        ['t2', 'u1', 6],
        ['t3', 'u1', 3],
        ['t4', 'u2', 2],
        ['t5', 'u2', 4],
        ['t6', 'u2', 5],
      ]),
      // 2019-05: a tie at 5 → both tied townships are in the bottom two, plus 6 → u1: t1, t3; u2: t4
      month('2019-05', [
        ['t1', 'u1', 5],
        ['t2', 'u1', 2],
        ['t3', 'u1', 5],
        ['t4', 'u2', 6],
        ['t5', 'u2', 1],
        ['t6', 'u2', 3],
      ]),
      // 2019-12 belongs to the 2020 window → ignored
      month('2019-12', [
        ['t1', 'u1', 6],
        ['t2', 'u1', 5],
        ['t3', 'u1', 1],
        ['t4', 'u2', 2],
        ['t5', 'u2', 3],
        ['t6', 'u2', 4],
      ]),
    ],
  };

  it('0.5 per township per month in the bottom two, inside the window', () => {
    const r = compute(scheme, data);
    // u1: t2 (2018-12) + t1, t3 (2019-05) = 3 × 0.5 = 1.5 → 98.5
    // u2: t6 (2018-12) + t4 (2019-05) = 2 × 0.5 = 1 → 99
    expect(composite(r, 'u1')).toBe(98.5);
    expect(composite(r, 'u2')).toBe(99);
    const adj = explainUnit(r, 'u1').adjustments;
    expect(adj.map((a) => a.recordId)).toEqual([
      'city-township-monthly/2018-12/t2',
      'city-township-monthly/2019-05/t1',
      'city-township-monthly/2019-05/t3',
    ]);
    expect(adj[0]?.note).toBe('t2 place 6 of 6 in city-township-monthly 2018-12 (bottom 2): −0.5');
  });

  it('the rule limit caps it (本项限扣)', () => {
    const many = {
      ...data,
      rankings: Array.from({ length: 12 }, (_, m) =>
        month(`2019-${String(m + 1).padStart(2, '0')}`, [
          ['t1', 'u1', 5],
          ['t2', 'u1', 6],
          ['t4', 'u2', 1],
          ['t5', 'u2', 2],
          ['t6', 'u2', 3],
          ['t3', 'u1', 4],
        ]),
      ),
    };
    // u1: Jan–Nov inside the window (Dec 2019 is not): 11 months × 2 townships × 0.5 = 11, limited to 5 → 95
    expect(composite(compute(scheme, many), 'u1')).toBe(95);
  });

  it('validation: unknown units, places beyond the size, a township ranked twice', () => {
    const v = validateScheme(scheme);
    if (!v.ok) throw new Error('scheme should be valid');
    const ds = validateDataset(
      {
        units: units(1),
        rankings: [
          {
            ranking: 'city-township-monthly',
            period: '2019-01',
            size: 3,
            places: [
              { subUnitId: 't1', unitId: 'nobody', place: 1 },
              { subUnitId: 't2', unitId: 'u1', place: 4 },
              { subUnitId: 't2', unitId: 'u1', place: 2 },
            ],
          },
        ],
      },
      v.scheme,
    );
    const msgs = ds.ok ? [] : ds.issues.map((i) => `${i.path}: ${i.message}`);
    expect(msgs).toEqual([
      "rankings[0].places[0].unitId: no unit 'nobody'",
      'rankings[0].places[1].place: must be ≤ size (3)',
      "rankings[0].places[2].subUnitId: 't2' is ranked twice in this period",
    ]);
    expect(() =>
      compute(scheme, {
        units: units(1),
        rankings: [{ ranking: 'x', period: 'p', places: [{ subUnitId: 's', unitId: 'zz', place: 1 }] }],
      }),
    ).toThrow(EngineError);
  });
});

describe('incremental update: node lights and records, not only values', () => {
  // One indicator, 100 points, ratio to 100, 40% process over two nodes; a red light costs 2 points.
  const scheme = oneGroup(
    [
      {
        id: 'a',
        points: 100,
        method: { kind: 'ratio', target: 100 },
        process: { share: 0.4, nodes: [{ id: 'q1' }, { id: 'q2' }] },
      },
    ],
    {
      deductions: [
        { id: 'lights', amount: { kind: 'lights', red: { every: 1, points: 2 } } },
        { id: 'crit', amount: { kind: 'fixed', points: 1 } },
      ],
    },
  );
  const data: DatasetInput = {
    units: units(2),
    values: [
      {
        unitId: 'u1',
        indicatorId: 'a',
        value: 90,
        nodes: [
          { id: 'q1', light: 'green' },
          { id: 'q2', light: 'green' },
        ],
      },
      {
        unitId: 'u2',
        indicatorId: 'a',
        value: 100,
        nodes: [
          { id: 'q1', light: 'green' },
          { id: 'q2', light: 'yellow' },
        ],
      },
    ],
  };

  it('a node turning red rescoring the cell and the light deduction; the value stays', () => {
    const p = prepare(scheme, data);
    const r0 = p.results();
    // u1: 0.4 × 100 × (1 + 1)/2 = 40, + 0.6 × 90 = 54 → 94; u2: 40 + 60 = 100 (yellow counts 1)
    expect(composite(r0, 'u1')).toBe(94);
    expect(composite(r0, 'u2')).toBe(100);
    const r1 = p.recompute([{ unitId: 'u1', indicatorId: 'a', nodes: [{ id: 'q2', light: 'red' }] }]);
    // u1: nodes (1 + 0)/2 → 20, year-end still 54 → 74, red light −2 → 72
    expect(composite(r1, 'u1')).toBe(72);
    expect(r1.units.find((u) => u.unitId === 'u1')?.deductions).toBe(2);
    // the earlier results keep their own trace
    expect(explainUnit(r0, 'u1').indicators[0]?.process?.nodes[1]?.light).toBe('green');
    expect(explainUnit(r0, 'u1').adjustments).toEqual([]);
    expect(explainUnit(r1, 'u1').indicators[0]?.process?.nodes[1]?.light).toBe('red');
    // back to green with a reported fraction of 0.5: nodes (1 + 0.5)/2 → 30 + 54 = 84, no red → no deduction
    const r2 = p.recompute([{ unitId: 'u1', indicatorId: 'a', nodes: [{ id: 'q2', light: 'green', fraction: 0.5 }] }]);
    expect(composite(r2, 'u1')).toBe(84);
    // the same as computing the changed dataset from scratch
    const changed: DatasetInput = {
      ...data,
      values: [
        {
          unitId: 'u1',
          indicatorId: 'a',
          value: 90,
          nodes: [
            { id: 'q1', light: 'green' },
            { id: 'q2', light: 'green', fraction: 0.5 },
          ],
        },
        ...(data.values ?? []).slice(1),
      ],
    };
    expect(JSON.stringify(r2)).toBe(JSON.stringify(compute(scheme, changed)));
  });

  it('replaced record lists re-rank only what they change, and agree with a full compute', () => {
    const p = prepare(scheme, data);
    p.results();
    const deductions = [{ id: 'c1', unitId: 'u2', rule: 'crit' }];
    const r = p.update({ deductions });
    // u2: 100 − 1 = 99, still first (u1 94)
    expect(composite(r, 'u2')).toBe(99);
    expect(JSON.stringify(r)).toBe(JSON.stringify(compute(scheme, { ...data, deductions })));
    // removing it again restores the original
    expect(composite(p.update({ deductions: [] }), 'u2')).toBe(100);
  });

  it('a bad change is refused with a typed error and changes nothing', () => {
    const p = prepare(scheme, data);
    const before = JSON.stringify(p.results());
    expect(() => p.recompute([{ unitId: 'u1', indicatorId: 'a', nodes: [{ id: 'q9', light: 'red' }] }])).toThrow(
      /no such process node/,
    );
    expect(() => p.update({ deductions: [{ id: 'c1', unitId: 'nobody', rule: 'crit' }] })).toThrow(EngineError);
    expect(JSON.stringify(p.results())).toBe(before);
  });
});

describe('the documented example docs/examples/county-window-2019.json', () => {
  it('computes as worked out by hand', () => {
    const ex = JSON.parse(
      readFileSync(new URL('../../../docs/examples/county-window-2019.json', import.meta.url), 'utf8'),
    ) as { scheme: SchemeInput; dataset: DatasetInput };
    const r = compute(ex.scheme, ex.dataset);
    // c-a: a1 (2018-12-03, in the 2019 window, first 'fire') 1; a2 (2019-03-05, a recurrence inside
    //      two-sessions) 1 × max(2, 2) = 2 → 3 → 97
    // c-b: b1 dated 2019-12-01 is in the 2020 window → 0; townships tb1 (6th) and tb2 (5th) of 6 in
    //      2019-01 → 2 × 0.5 = 1 → 99
    // c-c: tc1 6th in 2019-12 is outside the window → 0 → 100
    // ranks c-c 1, c-b 2, c-a 3; quotas 0.3 × 3 = 0.9 → 1 good, 0.4 × 3 = 1.2 → 1 fair, rest 一般
    expect(r.units.map((u) => [u.unitId, u.composite, u.rank, u.tier])).toEqual([
      ['c-a', 97, 3, 'poor'],
      ['c-b', 99, 2, 'fair'],
      ['c-c', 100, 1, 'good'],
    ]);
    expect(r.publishable).toBe(true);
  });
});

describe('rankPlaces without any table of its ranking', () => {
  it('is a dataset warning, and deducts nothing', () => {
    const v = validateScheme(
      oneGroup(FULL, {
        deductions: [{ id: 'tb', amount: { kind: 'rankPlaces', ranking: 'city-monthly', bottom: 2, points: 0.5 } }],
      }),
    );
    if (!v.ok) throw new Error('scheme should be valid');
    const ds = validateDataset({ units: units(1), values: doneValues(1) }, v.scheme);
    expect(ds.ok && ds.warnings.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "rankings: no period of ranking 'city-monthly' (read by scheme deductions[0]): nothing is deducted",
    ]);
    // 100 − 0 = 100
    expect(composite(compute(v.scheme, { units: units(1), values: doneValues(1) }), 'u1')).toBe(100);
  });
});
