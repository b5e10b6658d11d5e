import { describe, expect, it } from 'vitest';
import { compute } from './compute';
import type { DatasetInput, SchemeInput } from './model';
import { validateScheme } from './validate';

// SCORING "Feature indicators (特色指标) weigh what their points say for the unit they apply to".
// One group; block A: `a` (95 points, every unit); block F: f1, f2, f3 (5 points, one unit each).
function featureScheme(fWeight?: number): SchemeInput {
  const direct = (id: string, unit: string) => ({
    id,
    points: 5,
    method: { kind: 'ratio', target: 5 },
    appliesTo: [unit],
  });
  return {
    id: 'feature',
    groups: [
      {
        id: 'g',
        blocks: [
          { id: 'A', indicators: [{ id: 'a', points: 95, method: { kind: 'ratio', target: 95 } }] },
          {
            id: 'F',
            ...(fWeight === undefined ? {} : { weight: fWeight }),
            indicators: [direct('f1', 'u1'), direct('f2', 'u2'), direct('f3', 'u3')],
          },
        ],
      },
    ],
    tiering: { tiers: [{ id: 'good', share: 0.34 }, { id: 'rest' }] },
  } as unknown as SchemeInput;
}

const data: DatasetInput = {
  units: [
    { id: 'u1', group: 'g' },
    { id: 'u2', group: 'g' },
    { id: 'u3', group: 'g' },
  ],
  values: [
    { unitId: 'u1', indicatorId: 'a', value: 95 },
    { unitId: 'u1', indicatorId: 'f1', value: 0 },
    { unitId: 'u2', indicatorId: 'a', value: 85 },
    { unitId: 'u2', indicatorId: 'f2', value: 5 },
    { unitId: 'u3', indicatorId: 'a', value: 90 },
    { unitId: 'u3', indicatorId: 'f3', value: 2.5 },
  ],
};

describe('feature indicators', () => {
  it('a unit is scored out of the points of the indicators that apply to it (95 + 0, 85 + 5, 90 + 2.5)', () => {
    const r = compute(featureScheme(), data);
    const by = new Map(r.units.map((u) => [u.unitId, u] as const));
    expect(by.get('u1')?.indicatorTotal).toBe(95);
    expect(by.get('u2')?.indicatorTotal).toBe(90);
    expect(by.get('u3')?.indicatorTotal).toBe(92.5);
    expect(by.get('u1')?.rank).toBe(1);
    expect(by.get('u3')?.rank).toBe(2);
    expect(by.get('u2')?.rank).toBe(3);
    // each unit's block F is worth its own 5 points, never the 15 of all three feature items
    expect(by.get('u1')?.blocks.find((b) => b.id === 'F')?.max).toBe(5);
    expect(by.get('u1')?.indicatorMax).toBe(100);
  });

  it('an explicit block weight is the block maximum for each unit: weight 5 gives the same totals', () => {
    const r = compute(featureScheme(5), data);
    expect(r.units.map((u) => u.indicatorTotal)).toEqual([95, 90, 92.5]);
  });

  it('validation does not warn "points sum to 115" when every unit is scored out of 100', () => {
    const v = validateScheme(featureScheme());
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.warnings.filter((w) => w.code === 'sum_mismatch')).toEqual([]);
  });

  it('validation warns, naming the units, when a unit is scored out of other than 100', () => {
    const s = featureScheme() as unknown as { groups: { blocks: { indicators: { appliesTo?: string[] }[] }[] }[] };
    const f3 = s.groups[0]?.blocks[1]?.indicators[2];
    if (f3) f3.appliesTo = ['u1'];
    const v = validateScheme(s);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const w = v.warnings.filter((x) => x.code === 'sum_mismatch');
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toContain('u1');
    expect(w[0]?.message).toContain('105');
  });
});

describe('tiering settings the engine does not use', () => {
  it('warns when the last tier (which takes the rest) is given a share', () => {
    const v = validateScheme({
      id: 's',
      groups: [{ id: 'g', blocks: [{ id: 'b', indicators: [{ id: 'a', points: 100, method: { kind: 'binary' } }] }] }],
      tiering: {
        tiers: [
          { id: 'good', share: 0.3 },
          { id: 'rest', share: 0.2 },
        ],
      },
    });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const w = v.warnings.find((x) => x.path === 'tiering.tiers[1].share');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('not used');
  });
});
