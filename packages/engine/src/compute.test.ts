import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute, prepare } from './compute';
import { explainUnit } from './explain';
import type { DatasetInput, SchemeInput } from './model';
import { rerank } from './tiers';
import { oneGroup, units } from './testkit';

const byUnit = (r: ReturnType<typeof compute>) => new Map(r.units.map((u) => [u.unitId, u] as const));

describe('aggregation', () => {
  it('process vs year-end: 40% nodes + 60% year-end, red node scores zero', () => {
    const s = oneGroup([
      {
        id: 'a',
        points: 100,
        method: { kind: 'ratio', target: 100 },
        process: { share: 0.4, nodes: [{ id: 'q1' }, { id: 'q2' }] },
      },
    ]);
    const d: DatasetInput = {
      units: units(2),
      values: [
        {
          unitId: 'u1',
          indicatorId: 'a',
          value: 90,
          nodes: [
            { id: 'q1', light: 'green' },
            { id: 'q2', light: 'red' },
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
    const r = byUnit(compute(s, d));
    // u1: node part (1 + 0)/2 = 0.5 → 0.4 × 100 × 0.5 = 20; year-end 90 × 0.6 = 54; total 74
    expect(r.get('u1')?.indicatorTotal).toBe(74);
    // u2: yellow counts 1 by default → 40 + 60 = 100
    expect(r.get('u2')?.indicatorTotal).toBe(100);
  });

  it('block weights, exclude-and-renormalise, zero policy, totals on 100', () => {
    const s: SchemeInput = {
      id: 't',
      groups: [
        {
          id: 'g',
          blocks: [
            {
              id: 'dev',
              weight: 70,
              indicators: [
                { id: 'x', points: 20, method: { kind: 'ratio', target: 10 } },
                { id: 'y', points: 30, method: { kind: 'ratio', target: 10 }, missing: 'exclude' as const },
              ],
            },
            { id: 'party', weight: 30, indicators: [{ id: 'z', points: 50, method: { kind: 'binary' } }] },
          ],
        },
      ],
      tiering: { tiers: [{ id: 'all' }] },
    };
    const d: DatasetInput = {
      units: units(2),
      values: [
        { unitId: 'u1', indicatorId: 'x', value: 5 },
        { unitId: 'u1', indicatorId: 'y', value: 10 },
        { unitId: 'u1', indicatorId: 'z', value: 1 },
        { unitId: 'u2', indicatorId: 'x', value: 5 },
        { unitId: 'u2', indicatorId: 'z', value: 0 },
      ],
    };
    const r = byUnit(compute(s, d));
    // u1: dev earned 10 + 30 = 40 of 50 → 70 × 0.8 = 56; party 30 × 1 = 30 → 86 of 100
    expect(r.get('u1')?.indicatorTotal).toBe(86);
    // u2: y missing and excluded: dev earned 10 of 20 → 70 × 0.5 = 35; party 0 → 35
    expect(r.get('u2')?.indicatorTotal).toBe(35);
  });

  it('group totals other than 100 are normalised to 100', () => {
    const s = oneGroup([{ id: 'a', points: 80, method: { kind: 'ratio', target: 10 } }]);
    const r = byUnit(compute(s, { units: units(1), values: [{ unitId: 'u1', indicatorId: 'a', value: 5 }] }));
    // 40 of 80 → 50 on 100
    expect(r.get('u1')?.indicatorPoints).toBe(40);
    expect(r.get('u1')?.indicatorTotal).toBe(50);
  });

  it('missing data with the block policy stops publication', () => {
    const s = oneGroup([{ id: 'a', points: 100, method: { kind: 'ratio', target: 10 }, missing: 'block' }]);
    const r = compute(s, { units: units(2), values: [{ unitId: 'u1', indicatorId: 'a', value: 5 }] });
    expect(r.publishable).toBe(false);
    expect(byUnit(r).get('u2')?.status).toBe('blocked');
    expect(r.issues.find((i) => i.code === 'missing_data_blocks')?.path).toBe('units.u2');
  });

  it('zero or missing per-unit targets follow the missing policy', () => {
    const s = oneGroup([
      { id: 'a', points: 50, method: { kind: 'ratio' }, unitParams: { u1: { target: 10 } } },
      { id: 'b', points: 50, method: { kind: 'ratio', target: 10 } },
    ]);
    const r = compute(s, {
      units: units(2),
      values: [
        { unitId: 'u1', indicatorId: 'a', value: 5 },
        { unitId: 'u2', indicatorId: 'a', value: 5 },
        { unitId: 'u1', indicatorId: 'b', value: 10 },
        { unitId: 'u2', indicatorId: 'b', value: 10 },
      ],
    });
    // u1: 25 + 50 = 75; u2 has no target for a → zero → 0 + 50 = 50
    expect(byUnit(r).get('u1')?.indicatorTotal).toBe(75);
    expect(byUnit(r).get('u2')?.indicatorTotal).toBe(50);
    const a2 = explainUnit(r, 'u2').indicators.find((i) => i.indicatorId === 'a');
    expect([a2?.status, a2?.note]).toEqual(['missing-zero', 'noTarget']);
  });

  it('difficulty coefficient multiplies the score, capped at points', () => {
    const s = oneGroup([
      {
        id: 'a',
        points: 100,
        method: { kind: 'ratio', target: 100 },
        unitParams: { u1: { coefficient: 1.2 }, u2: { coefficient: 1.2 } },
      },
    ]);
    const r = byUnit(
      compute(s, {
        units: units(2),
        values: [
          { unitId: 'u1', indicatorId: 'a', value: 80 },
          { unitId: 'u2', indicatorId: 'a', value: 90 },
        ],
      }),
    );
    expect(r.get('u1')?.indicatorTotal).toBe(96); // 80 × 1.2
    expect(r.get('u2')?.indicatorTotal).toBe(100); // 108 → capped
  });

  it('formula then top-ratio', () => {
    const s = oneGroup([
      {
        id: 'inv',
        points: 100,
        params: { target: 8 },
        method: {
          kind: 'formula',
          expr: 'rate + clamp(1.5 * (growth - target), -5, 5)',
          inputs: ['rate', 'growth'],
          then: { kind: 'topRatio' },
        },
      },
    ]);
    const r = byUnit(
      compute(s, {
        units: units(2),
        values: [
          { unitId: 'u1', indicatorId: 'inv', inputs: { rate: 20, growth: 12 } }, // 20 + clamp(6) = 25
          { unitId: 'u2', indicatorId: 'inv', inputs: { rate: 20, growth: 6 } }, // 20 − 3 = 17
        ],
      }),
    );
    expect(r.get('u1')?.indicatorTotal).toBe(100);
    expect(r.get('u2')?.indicatorTotal).toBe(68); // 17/25 = 0.68
  });
});

describe('evaluation', () => {
  const base = (extra: Record<string, unknown>) =>
    oneGroup([{ id: 'a', points: 100, method: { kind: 'binary' } }], {
      group: { composite: { a: 0.7, b: 0.3 } },
      evaluation: {
        trimAbove: 5,
        raterGroups: [
          { id: 'lead', weight: 0.6, form: 'scale' },
          { id: 'peer', weight: 0.4, form: 'options', options: { 满意: 100, 基本满意: 70, 不满意: 30, 不了解: null } },
        ],
      },
      ...extra,
    });
  const vals = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ unitId: `u${i + 1}`, indicatorId: 'a', value: 1 }));
  it("trims highest and lowest above 5 raters, drops uniform ballots and don't-know", () => {
    const marks = [90, 80, 85, 70, 95, 60]; // 6 raters for u1
    const ballots = marks.map((m, i) => ({ id: `L${i}`, raterGroup: 'lead', marks: { u1: m, u2: 50 + i } }));
    ballots.push({ id: 'Lu', raterGroup: 'lead', marks: { u1: 100, u2: 100 } }); // uniform: invalid
    ballots.push({ id: 'P1', raterGroup: 'peer', marks: { u1: '满意', u2: '不了解' } as never });
    ballots.push({ id: 'P2', raterGroup: 'peer', marks: { u1: '基本满意', u2: '不满意' } as never });
    const r = byUnit(compute(base({}), { units: units(2), values: vals(2), ballots }));
    // lead u1: drop 95 and 60 → (90 + 80 + 85 + 70)/4 = 81.25; peer u1: (100 + 70)/2 = 85
    // evaluation = (0.6 × 81.25 + 0.4 × 85)/1 = 48.75 + 34 = 82.75
    expect(r.get('u1')?.evaluation).toBe(82.75);
    // composite = 0.7 × 100 + 0.3 × 82.75 = 70 + 24.825 = 94.825 → 94.83 (half-up)
    expect(r.get('u1')?.composite).toBe(94.83);
    // u2 lead: 50..55 six raters, trimmed → (51+52+53+54)/4 = 52.5; peer: only 不满意 30 (不了解 excluded)
    // 0.6 × 52.5 + 0.4 × 30 = 31.5 + 12 = 43.5
    expect(r.get('u2')?.evaluation).toBe(43.5);
  });
  it('ranking forms convert to points (−2% of base per place)', () => {
    const s = oneGroup([{ id: 'a', points: 100, method: { kind: 'binary' } }], {
      group: { composite: { a: 0.5, b: 0.5 } },
      evaluation: { raterGroups: [{ id: 'lead', weight: 1, form: 'ranking', rankStep: 2 }] },
    });
    const r = byUnit(
      compute(s, {
        units: units(3),
        values: vals(3),
        ballots: [
          { id: 'B1', raterGroup: 'lead', marks: { u1: 1, u2: 2, u3: 3 } },
          { id: 'B2', raterGroup: 'lead', marks: { u1: 2, u2: 1, u3: 3 } },
        ],
      }),
    );
    // u1: (100 + 98)/2 = 99; u2: 99; u3: 96
    expect([r.get('u1')?.evaluation, r.get('u2')?.evaluation, r.get('u3')?.evaluation]).toEqual([99, 99, 96]);
  });
});

describe('bonus, deductions, vetoes, discipline', () => {
  const s = oneGroup([{ id: 'a', points: 100, method: { kind: 'ratio', target: 100 } }], {
    bonus: {
      cap: 5,
      categories: [
        { id: 'comm', levels: { national: 3, provincial: 2, city: 1 } },
        { id: 'pot', levels: { major: 1, minor: 0.5 }, cap: 1, inTotalCap: false },
      ],
    },
    deductions: [
      {
        id: 'crit',
        amount: { kind: 'perLevel', levels: { provincial: 1.5, city: 1, county: 0.5 } },
        repeatMultiplier: 2,
        limit: 3,
      },
      { id: 'lights', amount: { kind: 'lights', yellow: { every: 2, points: 1 }, red: { every: 1, points: 2 } } },
    ],
    vetoes: [
      { id: 'clean', effect: { kind: 'lowestTier' } },
      { id: 'fixed', effect: { kind: 'fixedDeduction', points: 30 } },
    ],
  });
  const vals = [90, 80, 70, 60, 50].map((v, i) => ({ unitId: `u${i + 1}`, indicatorId: 'a', value: v }));
  it('highest level only per achievement, then the cap', () => {
    const r = byUnit(
      compute(s, {
        units: units(5),
        values: vals,
        bonuses: [
          { id: 'b1', unitId: 'u2', category: 'comm', level: 'provincial', achievement: 'x' },
          { id: 'b2', unitId: 'u2', category: 'comm', level: 'national', achievement: 'x' },
          { id: 'b3', unitId: 'u2', category: 'comm', level: 'national', achievement: 'y' },
          { id: 'b4', unitId: 'u3', category: 'comm', level: 'city' },
          { id: 'b5', unitId: 'u3', category: 'pot', level: 'major' },
          { id: 'b6', unitId: 'u3', category: 'pot', level: 'minor' },
        ],
      }),
    );
    // u2: x counts once at national 3, y 3 → 6 → cap 5
    expect(r.get('u2')?.bonus).toBe(5);
    expect(r.get('u2')?.composite).toBe(85);
    // u3: commendation 1; potential 1 + 0.5 = 1.5 → own cap 1 → bonus 2
    expect([r.get('u3')?.bonus, r.get('u3')?.potentialBonus]).toEqual([2, 1]);
  });
  it('criticism by level with doubling for a repeat and a rule limit; light deductions', () => {
    const r = byUnit(
      compute(s, {
        units: units(5),
        values: vals,
        deductions: [
          { id: 'd1', unitId: 'u1', rule: 'crit', level: 'city', category: 'env', date: '2019-03-01' },
          { id: 'd2', unitId: 'u1', rule: 'crit', level: 'county', category: 'env', date: '2019-05-01' },
          { id: 'd3', unitId: 'u4', rule: 'crit', level: 'provincial' },
          { id: 'd4', unitId: 'u4', rule: 'crit', level: 'provincial', repeat: true },
          { id: 'd5', unitId: 'u5', rule: 'lights', level: 'yellow', count: 3 },
          { id: 'd6', unitId: 'u5', rule: 'lights', level: 'red' },
        ],
      }),
    );
    // u1: 1 + 0.5 × 2 (repeat of env) = 2 → 90 − 2 = 88
    expect(r.get('u1')?.deductions).toBe(2);
    // u4: 1.5 + 3 = 4.5 → limit 3 → 60 − 3 = 57
    expect(r.get('u4')?.deductions).toBe(3);
    // u5: 3 yellows → floor(3/2) × 1 = 1; 1 red → 2; total 3
    expect(r.get('u5')?.deductions).toBe(3);
  });
  it('a vetoed unit that would have been first goes to the lowest tier; a fixed-deduction veto subtracts 30', () => {
    const r = byUnit(
      compute(s, {
        units: units(5),
        values: vals,
        vetoes: [
          { id: 'v1', unitId: 'u1', rule: 'clean' },
          { id: 'v2', unitId: 'u2', rule: 'fixed' },
        ],
      }),
    );
    expect([r.get('u1')?.rank, r.get('u1')?.tier]).toEqual([1, 'poor']);
    // u2: 80 − 30 = 50 → ties with u5 (50) for rank 4
    expect(r.get('u2')?.composite).toBe(50);
    expect(r.get('u2')?.rank).toBe(4);
    expect(r.get('u5')?.rank).toBe(4);
    expect(r.get('u1')?.award).toBe(false);
  });
  it("rank-change bonus from last year's rank (non-cumulative thresholds)", () => {
    const s2 = oneGroup([{ id: 'a', points: 100, method: { kind: 'ratio', target: 100 } }], {
      bonus: {
        rankChange: {
          rules: [
            { id: 'up5', places: 5, points: 0.5 },
            { id: 'down5', places: -5, points: -1 },
            { id: 'down10', places: -10, points: -2 },
          ],
        },
      },
    });
    const n = 12;
    const us = units(n).map((u, i) => ({ ...u, lastRank: i === 0 ? 12 : i === 11 ? 1 : i + 1 }));
    const values = us.map((u, i) => ({ unitId: u.id, indicatorId: 'a', value: 100 - i }));
    const r = byUnit(compute(s2, { units: us, values }));
    // u1: 12 → 1 (up 11 ≥ 5): +0.5 → 100.5 ; u12: 1 → 12 (down 11): −2 (only the highest threshold) → 89 − 2 = 87
    expect(r.get('u1')?.rankChange).toBe(0.5);
    expect(r.get('u1')?.composite).toBe(100.5);
    expect(r.get('u12')?.rankChange).toBe(-2);
    expect(r.get('u12')?.composite).toBe(87);
  });
});

describe('determinism, trace, incremental', () => {
  const example = JSON.parse(
    readFileSync(new URL('../../../docs/examples/county-small.json', import.meta.url), 'utf8'),
  ) as { scheme: unknown; dataset: DatasetInput };
  it('the documented example computes, publishable', () => {
    const r = compute(example.scheme as never, example.dataset);
    expect(r.publishable).toBe(true);
    expect(r.units.length).toBe(12);
  });
  it('is byte-identical whatever the order of input rows', () => {
    const a = JSON.stringify(compute(example.scheme as never, example.dataset));
    const d = example.dataset;
    const rev: DatasetInput = {
      ...d,
      units: [...d.units].reverse(),
      values: [...(d.values ?? [])].reverse(),
      ballots: [...(d.ballots ?? [])].reverse(),
      bonuses: [...(d.bonuses ?? [])].reverse(),
      deductions: [...(d.deductions ?? [])].reverse(),
    };
    expect(JSON.stringify(compute(example.scheme as never, rev))).toBe(a);
  });
  it('explains a unit: inputs, method, score, adjustments and tier steps', () => {
    const r = compute(example.scheme as never, example.dataset);
    const e = explainUnit(r, 't-west');
    expect(e.indicators.map((i) => i.indicatorId)).toEqual([
      'gdp',
      'invest',
      'safety',
      'instructions',
      'party-building',
    ]);
    expect(e.adjustments.some((a) => a.kind === 'veto' && a.ruleId === 'anti-gang')).toBe(true);
    expect(e.steps.map((s) => s.step)).toContain('veto');
    expect(e.steps[e.steps.length - 1]?.step).toBe('tier');
    const safety = e.indicators.find((i) => i.indicatorId === 'safety');
    // fire 2 + repeat 2 × 2 = 6 → 20 − 6 = 14
    expect(safety?.score).toBe(14);
  });
  it('incremental recompute equals a full compute with the changed value', () => {
    const p = prepare(example.scheme as never, example.dataset);
    const before = p.results();
    const after = p.recompute([{ unitId: 't-hill', indicatorId: 'instructions', value: 99 }]);
    const values = (example.dataset.values ?? []).map((v) =>
      v.unitId === 't-hill' && v.indicatorId === 'instructions' ? { ...v, value: 99 } : v,
    );
    const full = compute(example.scheme as never, { ...example.dataset, values });
    expect(JSON.stringify(after)).toBe(JSON.stringify(full));
    // the earlier results keep their own trace
    expect(explainUnit(before, 't-hill').indicators.find((i) => i.indicatorId === 'instructions')?.inputs.value).toBe(
      80,
    );
    expect(explainUnit(after, 't-hill').indicators.find((i) => i.indicatorId === 'instructions')?.inputs.value).toBe(
      99,
    );
  });
  it('rerank with the same composites reproduces ranks and tiers', () => {
    const r = compute(example.scheme as never, example.dataset);
    const rr = rerank(
      r,
      r.units.map((u) => u.compositeFull),
    );
    expect(Array.from(rr.ranks)).toEqual(r.units.map((u) => u.rank));
    expect(Array.from(rr.tiers)).toEqual(r.units.map((u) => u.tierIndex));
  });
  it('columnar values give the same results as rows', () => {
    const s = oneGroup([
      {
        id: 'a',
        points: 60,
        method: { kind: 'ratio', target: 100 },
        process: { share: 0.5, nodes: [{ id: 'n1' }, { id: 'n2' }] },
      },
      { id: 'b', points: 40, method: { kind: 'rank', step: 10 } },
    ]);
    const rows: DatasetInput = {
      units: units(3),
      values: [
        {
          unitId: 'u1',
          indicatorId: 'a',
          value: 80,
          nodes: [
            { id: 'n1', light: 'green' },
            { id: 'n2', light: 'red' },
          ],
        },
        {
          unitId: 'u2',
          indicatorId: 'a',
          value: 90,
          nodes: [
            { id: 'n1', light: 'yellow' },
            { id: 'n2', light: 'green' },
          ],
        },
        { unitId: 'u1', indicatorId: 'b', value: 3 },
        { unitId: 'u2', indicatorId: 'b', value: 5 },
        { unitId: 'u3', indicatorId: 'b', value: 4 },
      ],
    };
    const cols: DatasetInput = {
      units: units(3),
      columns: [
        {
          unitIds: ['u3', 'u1', 'u2'],
          indicatorIds: ['b', 'a'],
          value: [4, Number.NaN, 3, 80, 5, 90],
          nodeCount: 2,
          nodeLights: [0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 2, 1],
        },
      ],
    };
    expect(JSON.stringify(compute(s, cols))).toBe(JSON.stringify(compute(s, rows)));
  });
});
