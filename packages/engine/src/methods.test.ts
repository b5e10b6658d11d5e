import { describe, expect, it } from 'vitest';
import { MethodSchema, type Method } from './model';
import {
  binaryScore,
  deductionScore,
  goalpostsScore,
  gradeScore,
  manualScore,
  rankColumn,
  ratioScore,
  stepsScore,
  topRatioColumn,
  upperScore,
} from './methods';

function m<K extends Method['kind']>(x: { kind: K } & Record<string, unknown>): Extract<Method, { kind: K }> {
  return MethodSchema.parse(x) as Extract<Method, { kind: K }>;
}
const score = (r: { ok: boolean; score?: number }): number | undefined => (r.ok ? r.score : undefined);

describe('ratio', () => {
  const base = m({ kind: 'ratio', target: 100 });
  it('proportional, capped at full', () => {
    expect(score(ratioScore(base, 10, 85, 100))).toBeCloseTo(8.5, 12); // 10 × 85/100
    expect(score(ratioScore(base, 10, 120, 100))).toBe(10); // 1.2 capped at 1
  });
  it('uncapped (得分不封顶)', () => {
    expect(score(ratioScore(m({ kind: 'ratio', uncapped: true }), 10, 120, 100))).toBeCloseTo(12, 12); // 10 × 1.2
  });
  it('lower is better: target / actual', () => {
    const low = m({ kind: 'ratio', direction: 'lower' });
    expect(score(ratioScore(low, 10, 125, 100))).toBe(8); // 10 × 100/125
    expect(score(ratioScore(low, 10, 80, 100))).toBe(10); // 1.25 capped
    expect(score(ratioScore(low, 10, 0, 100))).toBe(10); // nothing at all is best
  });
  it('floor and zero below a threshold (inclusive vs exclusive)', () => {
    const f = m({ kind: 'ratio', floor: 0.6, zeroBelow: { value: 0.5 } });
    expect(score(ratioScore(f, 10, 55, 100))).toBe(6); // 0.55 ≥ 0.5, floored to 0.6 → 6
    expect(score(ratioScore(f, 10, 49, 100))).toBe(0); // below 0.5 → 0
    expect(score(ratioScore(f, 10, 50, 100))).toBe(6); // 达到 0.5 included
    const ex = m({ kind: 'ratio', zeroBelow: { value: 0.5, inclusive: false } });
    expect(score(ratioScore(ex, 10, 50, 100))).toBe(0); // 超过 0.5 required: 0.5 itself fails
  });
  it('full at target, ±k per percentage point', () => {
    const pp = m({ kind: 'ratio', mode: 'perPoint', perPointBelow: 0.5, perPointAbove: 0.1, cap: 1.2 });
    expect(score(ratioScore(pp, 10, 96, 100))).toBeCloseTo(8, 12); // 10 − 4 × 0.5
    expect(score(ratioScore(pp, 10, 105, 100))).toBeCloseTo(10.5, 12); // 10 + 5 × 0.1 (cap 12)
    expect(score(ratioScore(pp, 10, 70, 100))).toBe(0); // 10 − 30 × 0.5 < 0 → 0
  });
  it('baseline: progress from baseline to target', () => {
    // (actual − baseline)/(target − baseline) = (15 − 10)/(20 − 10) = 0.5 → 5
    expect(score(ratioScore(base, 10, 15, 20, 10))).toBe(5);
  });
  it('zero or missing target is explicit, never NaN', () => {
    expect(ratioScore(base, 10, 50, 0)).toEqual({ ok: false, reason: 'noTarget' });
    expect(ratioScore(base, 10, 50, undefined)).toEqual({ ok: false, reason: 'noTarget' });
  });
});

describe('steps, goalposts, binary, grade', () => {
  it('linear steps interpolate and are flat beyond the ends', () => {
    const s = m({
      kind: 'steps',
      points: [
        { at: 60, value: 0 },
        { at: 90, value: 0.8 },
        { at: 100, value: 1 },
      ],
    });
    expect(score(stepsScore(s, 10, 75))).toBeCloseTo(4, 12); // 0.8 × 15/30 = 0.4
    expect(score(stepsScore(s, 10, 95))).toBeCloseTo(9, 12); // 0.8 + 0.2 × 0.5 = 0.9
    expect(score(stepsScore(s, 10, 50))).toBe(0);
    expect(score(stepsScore(s, 10, 120))).toBe(10);
  });
  it('step bands with inclusive/exclusive bounds', () => {
    const s = m({
      kind: 'steps',
      mode: 'step',
      points: [
        { at: 80, value: 0.9 },
        { at: 90, value: 1, inclusive: false },
      ],
    });
    expect(score(stepsScore(s, 10, 90))).toBe(9); // 超过 90 needed for full
    expect(score(stepsScore(s, 10, 90.1))).toBe(10);
    expect(score(stepsScore(s, 10, 79))).toBe(0);
  });
  it('goalposts truncate to [0, 1]', () => {
    const g = m({ kind: 'goalposts', lo: 50, hi: 150 });
    expect(score(goalpostsScore(g, 20, 100))).toBe(10); // (100 − 50)/100 × 20
    expect(score(goalpostsScore(g, 20, 200))).toBe(20);
    const lo = m({ kind: 'goalposts', direction: 'lower', lo: 0, hi: 20 });
    expect(score(goalpostsScore(lo, 20, 5))).toBe(15); // (20 − 5)/20 × 20
  });
  it('binary and grade', () => {
    expect(score(binaryScore(m({ kind: 'binary', partial: 0.2 }), 5, 0))).toBe(1);
    expect(score(binaryScore(m({ kind: 'binary' }), 5, 1))).toBe(5);
    const gr = m({ kind: 'grade', grades: { A: 1, B: 0.8, C: 0.6, D: 0 } });
    expect(score(gradeScore(gr, 20, 'B'))).toBe(16);
    expect(gradeScore(gr, 20, 'E')).toEqual({ ok: false, reason: 'unknownGrade' });
    expect(gradeScore(gr, 20, undefined)).toEqual({ ok: false, reason: 'noData' });
  });
});

describe('group methods', () => {
  it('top-ratio: x / best', () => {
    const out = new Float64Array(3);
    topRatioColumn(m({ kind: 'topRatio' }), 10, [50, 100, 25], [1, 1, 1], out);
    expect(Array.from(out)).toEqual([5, 10, 2.5]);
    topRatioColumn(m({ kind: 'topRatio', direction: 'lower' }), 10, [4, 2, 8], [1, 1, 1], out);
    expect(Array.from(out)).toEqual([5, 10, 2.5]); // min/x = 2/4, 2/2, 2/8
    topRatioColumn(m({ kind: 'topRatio' }), 10, [0, 0, 0], [1, 1, 1], out);
    expect(Array.from(out)).toEqual([0, 0, 0]); // best ≤ 0: nobody earns anything
  });
  it('rank: 60/57/54/51/48 with step 5%, sport ties', () => {
    const out = new Float64Array(5);
    rankColumn(m({ kind: 'rank', step: 5 }), 60, [9, 8, 7, 6, 5], [1, 1, 1, 1, 1], out);
    expect(Array.from(out)).toEqual([60, 57, 54, 51, 48]);
    rankColumn(m({ kind: 'rank', step: 5 }), 60, [9, 8, 8, 6, 5], [1, 1, 1, 1, 1], out);
    expect(Array.from(out)).toEqual([60, 57, 57, 51, 48]); // ranks 1, 2, 2, 4, 5
  });
  it('rank: points step, floor, lower is better', () => {
    const out = new Float64Array(4);
    // −0.5 per place from 2, floor 50% = 1: 2, 1.5, 1, 1
    rankColumn(m({ kind: 'rank', step: 0.5, stepUnit: 'points', floor: 0.5 }), 2, [4, 3, 2, 1], [1, 1, 1, 1], out);
    expect(Array.from(out)).toEqual([2, 1.5, 1, 1]);
    // fewer violations rank first
    rankColumn(m({ kind: 'rank', step: 10, direction: 'lower' }), 10, [3, 0, 1, 5], [1, 1, 1, 1], out);
    expect(Array.from(out)).toEqual([8, 10, 9, 7]);
  });
});

describe('deduction, upper, manual', () => {
  it('per occurrence, item limits, repeats doubled, not below zero', () => {
    const d = m({
      kind: 'deduction',
      perOccurrence: 0.5,
      repeatMultiplier: 2,
      items: [{ id: 'fire', step: 2, limit: 5 }],
    });
    expect(score(deductionScore(d, 5, 3, undefined))).toBe(3.5); // 5 − 3 × 0.5
    // fire: 2 + 2 × 2 (repeat doubled) = 6 → item limit 5; other: 0.5 → 5.5 → indicator limit 5 → 0
    expect(
      score(
        deductionScore(d, 5, undefined, [
          { item: 'fire', count: 1, repeat: false },
          { item: 'fire', count: 1, repeat: true },
          { item: 'x', count: 1, repeat: false },
        ]),
      ),
    ).toBe(0);
    expect(
      score(
        deductionScore(d, 10, undefined, [
          { item: 'fire', count: 1, repeat: false },
          { item: 'fire', count: 1, repeat: true },
        ]),
      ),
    ).toBe(5); // 10 − min(6, 5)
    expect(deductionScore(d, 5, undefined, undefined)).toEqual({ ok: false, reason: 'noData' });
  });
  it('upper: city score or rank mapped', () => {
    expect(score(upperScore(m({ kind: 'upper', upperId: 'c' }), 10, { upperId: 'c', score: 85 }))).toBe(8.5);
    expect(
      score(
        upperScore(m({ kind: 'upper', upperId: 'c', basis: 'rank', rankFractions: [1, 0.9, 0.8] }), 10, {
          upperId: 'c',
          rank: 2,
        }),
      ),
    ).toBe(9);
    expect(
      score(
        upperScore(m({ kind: 'upper', upperId: 'c', basis: 'rank', rankFractions: [1, 0.9, 0.8] }), 10, {
          upperId: 'c',
          rank: 7,
        }),
      ),
    ).toBe(8);
    expect(upperScore(m({ kind: 'upper', upperId: 'c' }), 10, undefined)).toEqual({
      ok: false,
      reason: 'noUpperResult',
    });
  });
  it('manual: bounded, reason required', () => {
    expect(manualScore(0, 10, true, { score: 12, reason: 'x' })).toEqual({ ok: true, score: 10, clamped: true });
    expect(manualScore(0, 10, true, { score: 8, reason: '  ' })).toEqual({ ok: false, reason: 'noReason' });
    expect(manualScore(0, 10, false, { score: 8, reason: '' })).toEqual({ ok: true, score: 8, clamped: false });
  });
});
