import { describe, expect, it } from 'vitest';
import { validateDataset, validateScheme } from './validate';
import { oneGroup, units } from './testkit';

const paths = (r: ReturnType<typeof validateScheme>): string[] =>
  r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);

describe('validateScheme', () => {
  it('accepts a good scheme and warns when points do not sum to 100', () => {
    const r = validateScheme(oneGroup([{ id: 'a', points: 90, method: { kind: 'binary' } }]));
    expect(r.ok).toBe(true);
    expect(r.ok ? r.warnings.map((w) => w.code) : []).toEqual(['sum_mismatch']);
  });
  it('names the path of a bad parameter', () => {
    const r = validateScheme(oneGroup([{ id: 'a', points: 100, method: { kind: 'ratio', target: 0 } }]));
    expect(paths(r)).toContain('groups[0].blocks[0].indicators[0].method.target: must be > 0');
    expect(r.ok ? '' : r.issues[0]?.code).toBe('too_small');
  });
  it('unknown method kind, unknown field, missing field', () => {
    expect(paths(validateScheme(oneGroup([{ id: 'a', points: 100, method: { kind: 'magic' } }])))[0]).toMatch(
      /^groups\[0\]\.blocks\[0\]\.indicators\[0\]\.method\.kind: is not a known kind: must be one of ratio, steps/,
    );
    expect(
      paths(validateScheme(oneGroup([{ id: 'a', points: 100, method: { kind: 'binary' }, colour: 'red' }]))),
    ).toContain('groups[0].blocks[0].indicators[0].colour: is not a known field');
    expect(paths(validateScheme(oneGroup([{ id: 'a', method: { kind: 'binary' } }])))).toContain(
      'groups[0].blocks[0].indicators[0].points: is required',
    );
  });
  it('cross-references: duplicate ids, composite weights, formulas, tiers', () => {
    const bad = oneGroup(
      [
        { id: 'a', points: 50, method: { kind: 'binary' } },
        { id: 'a', points: 30, method: { kind: 'formula', expr: 'x + ', inputs: ['x'] } },
        { id: 'c', points: 20, method: { kind: 'formula', expr: 'x * k', inputs: ['x'] }, children: undefined },
      ],
      {
        group: { composite: { a: 0.7, b: 0.2 } },
        tiering: {
          tiers: [{ id: 'g', share: 0.7 }, { id: 'h', share: 0.5 }, { id: 'z' }],
          eligibility: [{ id: 'e', tier: 'nope', kind: 'noRedLight' }],
        },
      },
    );
    const p = paths(validateScheme(bad));
    expect(p).toContain("groups[0].blocks[0].indicators[1].id: duplicate indicator id 'a' in group 'g'");
    expect(p.some((x) => x.startsWith('groups[0].blocks[0].indicators[1].method.expr: unexpected end'))).toBe(true);
    expect(p).toContain(
      "groups[0].blocks[0].indicators[2].method.expr: unknown name 'k' (declare it in inputs or params)",
    );
    expect(p).toContain('groups[0].composite: a + b must be 1 (is 0.8999999999999999)');
    expect(p).toContain('tiering.tiers: tier shares sum to 1.2, more than 1');
    expect(p).toContain("tiering.eligibility[0].tier: no tier 'nope'");
  });
  it('a leaf without a method', () => {
    expect(paths(validateScheme(oneGroup([{ id: 'a', points: 100 }])))).toContain(
      'groups[0].blocks[0].indicators[0].method: is required on a leaf indicator',
    );
  });
});

describe('validateDataset', () => {
  const scheme = (() => {
    const r = validateScheme(
      oneGroup([
        { id: 'a', points: 50, method: { kind: 'manual' } },
        { id: 'b', points: 50, method: { kind: 'grade', grades: { A: 1, B: 0.5 } } },
      ]),
    );
    if (!r.ok) throw new Error('scheme');
    return r.scheme;
  })();
  it('names unknown units, indicators and grades by path', () => {
    const r = validateDataset(
      {
        units: units(1),
        values: [
          { unitId: 'u9', indicatorId: 'a', value: 1 },
          { unitId: 'u1', indicatorId: 'zz', value: 1 },
          { unitId: 'u1', indicatorId: 'b', grade: 'E' },
        ],
      },
      scheme,
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'unknown_unit values[0].unitId',
      'unknown_indicator values[1].indicatorId',
      'invalid_value values[2].grade',
    ]);
  });
  it('a manual score without a reason is a warning; shape errors name the path', () => {
    const ok = validateDataset(
      { units: units(1), values: [{ unitId: 'u1', indicatorId: 'a', manual: { score: 5, reason: '' } }] },
      scheme,
    );
    expect(ok.ok ? ok.warnings.map((w) => `${w.code} ${w.path}`) : []).toEqual([
      'missing_reason values[0].manual.reason',
    ]);
    const bad = validateDataset({ units: [{ id: 'u1' }] });
    expect(bad.ok ? [] : bad.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['units[0].group: is required']);
  });
  it('columnar shapes are checked', () => {
    const r = validateDataset(
      { units: units(1), columns: [{ unitIds: ['u1'], indicatorIds: ['a', 'b'], value: [1] }] },
      scheme,
    );
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['columns[0].value']);
  });
});
