/**
 * Flags on any input (issue 17): a flag on indicator X may test another indicator's measure or a named input of a
 * formula's value row, and an eligibility rule that names a flag, deduction rule or indicator the scheme lacks is an
 * error (it would bar no one). Expectations worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { compute } from './compute';
import type { DatasetInput, SchemeInput } from './model';
import { validateScheme } from './validate';
import { oneGroup, units } from './testkit';

// 经济发展 x (60 points, completion against 100) and 覆盖率 y (40 points, done ÷ total × 100 against 100).
// "Not commendable (好) when y's coverage is below 42%": the flag lives on x and reads y.
const indicators = (flags: unknown[]) => [
  { id: 'x', points: 60, method: { kind: 'ratio', target: 100 }, flags },
  {
    id: 'y',
    points: 40,
    method: {
      kind: 'formula',
      expr: 'done / total * 100',
      inputs: ['done', 'total'],
      then: { kind: 'ratio', target: 100 },
    },
  },
];
const scheme = (flags: unknown[], ref = 'coverLow'): SchemeInput =>
  oneGroup(indicators(flags), {
    tiering: {
      tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
      eligibility: [{ id: 'e1', tier: 'good', kind: 'noFlag', ref }],
    },
  });

// Ten units; x falls from 100 (u1) to 91 (u10); y is 80 of 100 for every unit but u1, whose inputs the tests set.
const values = (u1Done: number, u1Total: number): DatasetInput['values'] =>
  Array.from({ length: 10 }, (_, i) => {
    const u = `u${i + 1}`;
    return [
      { unitId: u, indicatorId: 'x', value: 100 - i },
      i === 0
        ? { unitId: u, indicatorId: 'y', inputs: { done: u1Done, total: u1Total } }
        : { unitId: u, indicatorId: 'y', inputs: { done: 80, total: 100 } },
    ];
  }).flat();
const data = (u1Done: number, u1Total: number): DatasetInput => ({ units: units(10), values: values(u1Done, u1Total) });
const unit = (r: ReturnType<typeof compute>, id: string) => r.units.find((u) => u.unitId === id);

describe('a flag on one indicator that reads another indicator or a named input', () => {
  it("reads another indicator's measure or input: u1 leads on points, its 41 done bars it from 好", () => {
    // u1: x 100 → 60, y 41/50 = 82% → 40 × 0.82 = 32.8; total 92.8. Others: y 80% → 32, uk = 60 × (101 − k)/100 + 32:
    // u2 91.4, u3 90.8, u4 90.2, u5 89.6 … 好 takes 30% of 10 = 3 places.
    // A flag on x testing y's measure (82) below 42 is not raised: u1, u2, u3 are 好.
    const notRaised = compute(scheme([{ id: 'coverLow', indicator: 'y', below: { value: 42 } }]), data(41, 50));
    expect(unit(notRaised, 'u1')?.composite).toBeCloseTo(92.8, 9);
    expect(unit(notRaised, 'u1')?.tier).toBe('good');
    // Testing y's input 'done' (41 < 42) raises it: u1 keeps rank 1 and its points but not 好; the place goes to the
    // next unit in rank order (递补 by default): u2, u3, u4 are 好.
    const raised = compute(
      scheme([{ id: 'coverLow', indicator: 'y', input: 'done', below: { value: 42 } }]),
      data(41, 50),
    );
    const u1 = unit(raised, 'u1');
    expect(u1?.composite).toBeCloseTo(92.8, 9);
    expect(u1?.rank).toBe(1);
    expect(u1?.flags).toContain('coverLow');
    expect(u1?.tier).toBe('fair');
    expect(['u2', 'u3', 'u4'].map((id) => unit(raised, id)?.tier)).toEqual(['good', 'good', 'good']);
    expect(unit(raised, 'u2')?.flags ?? []).not.toContain('coverLow'); // 80 ≥ 42
  });

  it('raises nothing when the source has no data (its own missing-data rules and the blockers report it)', () => {
    const d = data(41, 50);
    d.values = (d.values ?? []).filter((v) => !(v.unitId === 'u1' && v.indicatorId === 'y'));
    const r = compute(scheme([{ id: 'coverLow', indicator: 'y', input: 'done', below: { value: 42 } }]), d);
    expect(unit(r, 'u1')?.flags ?? []).not.toContain('coverLow');
  });

  it('the flagged indicator itself stays the default source', () => {
    // x below 95: u7 (94) … u10 (91) raised; u1 … u6 not.
    const r = compute(scheme([{ id: 'coverLow', below: { value: 95 } }]), data(80, 100));
    const raised = r.units.filter((u) => u.flags.includes('coverLow')).map((u) => u.unitId);
    expect(raised.sort()).toEqual(['u10', 'u7', 'u8', 'u9']);
  });
});

describe('validation: flags and eligibility name only what the scheme has', () => {
  const errors = (s: SchemeInput) => {
    const v = validateScheme(s);
    return v.ok ? [] : v.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
  };

  it('accepts a flag on another leaf and a declared formula input', () => {
    expect(errors(scheme([{ id: 'coverLow', indicator: 'y', input: 'done', below: { value: 42 } }]))).toEqual([]);
  });

  it('refuses an unknown source indicator, an undeclared input and an input of a non-formula indicator', () => {
    expect(errors(scheme([{ id: 'coverLow', indicator: 'z', below: { value: 42 } }]))).toEqual([
      "groups[0].blocks[0].indicators[0].flags[0].indicator: no leaf indicator 'z' in group 'g' (leaf indicators: x, y)",
    ]);
    expect(errors(scheme([{ id: 'coverLow', indicator: 'y', input: 'count', below: { value: 42 } }]))).toEqual([
      "groups[0].blocks[0].indicators[0].flags[0].input: 'count' is not an input of 'y' (inputs: done, total)",
    ]);
    expect(errors(scheme([{ id: 'coverLow', input: 'done', below: { value: 42 } }]))).toEqual([
      "groups[0].blocks[0].indicators[0].flags[0].input: 'x' has no named inputs (only a formula declares them)",
    ]);
    expect(errors(scheme([{ id: 'coverLow', indicator: 'y' }]))).toEqual([
      'groups[0].blocks[0].indicators[0].flags[0].below: a flag needs a threshold (below or above)',
    ]);
  });

  it('refuses an eligibility rule naming a flag, deduction rule or indicator that does not exist, listing the valid ones', () => {
    const flags = [{ id: 'coverLow', indicator: 'y', below: { value: 42 } }];
    expect(errors(scheme(flags, 'coverlow'))).toEqual([
      "tiering.eligibility[0].ref: no flag 'coverlow' (valid: coverLow)",
    ]);
    const s = scheme(flags);
    (s.tiering as { eligibility: unknown[] }).eligibility = [
      { id: 'e2', tier: 'good', kind: 'noDeduction', ref: 'crit' },
      { id: 'e3', tier: 'good', kind: 'minIndicatorFraction', ref: 'w', min: 0.5 },
    ];
    expect(errors(s)).toEqual([
      "tiering.eligibility[0].ref: no deduction rule 'crit' (the scheme has none)",
      "tiering.eligibility[1].ref: no leaf indicator 'w' (valid: x, y)",
    ]);
  });
});
