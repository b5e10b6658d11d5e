import { describe, expect, it } from 'vitest';
import { effectivePoints, sumPoints, unitTotals, type Indicator } from './model';

const leaf = (id: string, points: number, appliesTo?: string[]): Indicator =>
  ({ id, points, method: { kind: 'binary' }, ...(appliesTo ? { appliesTo } : {}) }) as unknown as Indicator;
const parent = (id: string, points: number, children: Indicator[]): Indicator =>
  ({ id, points, children }) as unknown as Indicator;

describe('scheme totals follow the tree as the engine scores it', () => {
  it('a parent is worth its children, whatever its own points say (the editor showed 9 分 beside 合计 185)', () => {
    const p = parent('p', 10, [leaf('a', 4), leaf('b', 5)]);
    expect(effectivePoints(p)).toBe(9);
    expect(sumPoints([p, leaf('c', 90)])).toBe(99);
    expect(unitTotals([p, leaf('c', 90)])).toEqual({ common: 99, feature: null });
  });

  it('nested parents add up all the way down; feature indicators count for their own units only', () => {
    const tree = [
      parent('p', 50, [parent('q', 30, [leaf('a', 12), leaf('b', 13)]), leaf('c', 20)]),
      leaf('f', 5, ['u1']),
    ];
    expect(effectivePoints(tree[0] as Indicator)).toBe(45);
    expect(unitTotals(tree)).toEqual({ common: 45, feature: [5, 5] });
  });
});
