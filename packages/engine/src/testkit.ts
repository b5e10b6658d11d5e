/** Small builders for tests (not exported from the package). */
import type { DatasetInput, SchemeInput } from './model';

export const FOUR_TIERS = {
  tiers: [{ id: 'good', share: 0.3 }, { id: 'fair', share: 0.4 }, { id: 'avg' }, { id: 'poor' }],
};

/** A one-group scheme with the given indicators (points should sum to 100 to avoid the warning). */
export function oneGroup(indicators: unknown[], extra: Record<string, unknown> = {}): SchemeInput {
  return {
    id: 'test',
    groups: [{ id: 'g', blocks: [{ id: 'b', indicators }], ...((extra.group as object | undefined) ?? {}) }],
    tiering: FOUR_TIERS,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'group')),
  } as unknown as SchemeInput;
}

export function units(n: number, group = 'g'): DatasetInput['units'] {
  return Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}`, group }));
}

/**
 * A 1,000-point scheme as printed: 经济发展 600 (two items of 300), 党的建设 200 (one item), 综合评价 200,
 * a bonus capped at 30, a −30 veto, a deduction rule limited to 50.
 */
export function thousandPoints(extra: Partial<SchemeInput> = {}): SchemeInput {
  return {
    id: 'k',
    scale: { total: 1000, mode: 'points', evaluationPoints: 200 },
    groups: [
      {
        id: 'g',
        name: '乡镇',
        blocks: [
          {
            id: 'econ',
            indicators: [
              { id: 'gdp', points: 300, method: { kind: 'ratio', target: 100 } },
              { id: 'inv', points: 300, method: { kind: 'ratio', target: 50 } },
            ],
          },
          { id: 'party', indicators: [{ id: 'pb', points: 200, method: { kind: 'grade', grades: { A: 1, B: 0.8 } } }] },
        ],
      },
    ],
    bonus: { categories: [{ id: 'honour', levels: { national: 20, provincial: 10, city: 5 } }], cap: 30 },
    deductions: [{ id: 'safety', amount: { kind: 'fixed', points: 20 }, limit: 50 }],
    vetoes: [{ id: 'accident', effect: { kind: 'fixedDeduction', points: 30 } }],
    evaluation: { raterGroups: [{ id: 'leaders', weight: 1, form: 'scale', min: 0, max: 100 }] },
    tiering: FOUR_TIERS,
    ...extra,
  } as SchemeInput;
}
