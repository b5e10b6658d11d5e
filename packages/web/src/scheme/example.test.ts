import { describe, expect, it } from 'vitest';
import { workedExample } from './example';
import type { MethodView } from './model';

const m = (x: object) => x as MethodView;

describe('the preview starts from a worked example of the indicator itself', () => {
  it('a ratio: one unit on its own target, one at 80% of it', () => {
    expect(workedExample(m({ kind: 'ratio', target: 120 }))).toEqual([{ actual: 120 }, { actual: 96 }]);
    expect(workedExample(m({ kind: 'ratio' }))).toEqual([{ actual: 100 }, { actual: 80 }]);
  });

  it('goalposts from their good end, steps from the highest breakpoint', () => {
    expect(workedExample(m({ kind: 'goalposts', direction: 'lower', lo: 2, hi: 10 }))[0]).toEqual({ value: 2 });
    expect(workedExample(m({ kind: 'goalposts', direction: 'higher', lo: 2, hi: 10 }))[0]).toEqual({ value: 10 });
    const steps = m({
      kind: 'steps',
      points: [
        { at: 60, value: 0.5 },
        { at: 90, value: 1 },
      ],
    });
    expect(workedExample(steps)).toEqual([{ value: 90 }, { value: 72 }]);
  });

  it('marginal rates: one unit at the first threshold, one 2 past the last', () => {
    const bands = [
      { from: 96, rate: 0.25 },
      { from: 90, rate: 0.5 },
    ];
    expect(workedExample(m({ kind: 'marginal', direction: 'below', bands }))).toEqual([{ value: 96 }, { value: 88 }]);
    const above = [
      { from: 2, rate: 1 },
      { from: 5, rate: 2 },
    ];
    expect(workedExample(m({ kind: 'marginal', direction: 'above', bands: above }))).toEqual([
      { value: 2 },
      { value: 7 },
    ]);
    expect(workedExample(m({ kind: 'marginal', bands: [] }))).toEqual([{}, {}]);
  });

  it('grades, done or not, deductions and rankings; a manual mark is left to the office', () => {
    expect(workedExample(m({ kind: 'grade', grades: { 好: 1, 较好: 0.8, 一般: 0.6 } }))).toEqual([
      { grade: '好' },
      { grade: '较好' },
    ]);
    expect(workedExample(m({ kind: 'binary' }))).toEqual([{ done: true }, { done: false }]);
    expect(workedExample(m({ kind: 'deduction' }))).toEqual([{ value: 0 }, { value: 2 }]);
    expect(workedExample(m({ kind: 'rank', target: 50 }))).toHaveLength(3);
    expect(workedExample(m({ kind: 'manual' }))).toEqual([{}, {}]);
    expect(workedExample(undefined)).toEqual([{}, {}]);
  });
});
