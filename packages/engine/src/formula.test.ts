import { describe, expect, it } from 'vitest';
import { evaluateFormula, parseFormula } from './formula';

function ev(src: string, vars: Record<string, number> = {}): number {
  const p = parseFormula(src);
  if (!p.ok) throw new Error(p.message);
  const r = evaluateFormula(p.ast, vars);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('formula parser', () => {
  it('arithmetic with precedence and right-associative power', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('2 ^ 3 ^ 2')).toBe(512); // 2^(3^2)
    expect(ev('-2 ^ 2')).toBe(-4);
    expect(ev('10 % 4')).toBe(2);
  });
  it('functions and comparisons', () => {
    expect(ev('min(3, 1, 2) + max(4, 5)')).toBe(6);
    expect(ev('clamp(1.5 * (g - t), -5, 5)', { g: 12, t: 8 })).toBe(5); // 1.5 × 4 = 6 → 5
    expect(ev('clamp(1.5 * (g - t), -5, 5)', { g: 7, t: 8 })).toBe(-1.5);
    expect(ev('abs(-3) + round(2.345, 2)')).toBe(5.35);
    expect(ev('3 * bad >= valid', { bad: 10, valid: 30 })).toBe(1); // exact count comparison
    expect(ev('if(3 * bad >= valid, 130, 200)', { bad: 9, valid: 30 })).toBe(200);
    expect(ev('a > 1 && !(b < 0) || 0', { a: 2, b: 1 })).toBe(1);
  });
  it('the SCORING.md investment example', () => {
    // (rate + clamp(1.5 × (growth − target), −5, 5)) × coefficient = (20 + clamp(1.5 × 2, −5, 5)) × 1.2 = 23 × 1.2 = 27.6
    expect(
      ev('(rate + clamp(1.5 * (growth - target), -5, 5)) * coefficient', {
        rate: 20,
        growth: 10,
        target: 8,
        coefficient: 1.2,
      }),
    ).toBeCloseTo(27.6, 12);
  });
  it('errors carry a code and position', () => {
    const a = parseFormula('1 +');
    expect(a.ok ? null : a.code).toBe('formula_syntax');
    const b = parseFormula('foo(1)');
    expect(b.ok ? null : b.code).toBe('formula_unknown_name');
    const c = parseFormula('clamp(1, 2)');
    expect(c.ok ? null : c.code).toBe('formula_arity');
    const d = parseFormula('1 $ 2');
    expect(d.ok ? null : d.position).toBe(2);
  });
  it('division by zero is an error result, not Infinity or NaN', () => {
    const p = parseFormula('a / b');
    if (!p.ok) throw new Error('parse');
    expect(evaluateFormula(p.ast, { a: 1, b: 0 })).toEqual({ ok: false, error: 'divisionByZero' });
    const q = parseFormula('if(b > 0, a / b, 0)');
    if (!q.ok) throw new Error('parse');
    expect(evaluateFormula(q.ast, { a: 1, b: 0 })).toEqual({ ok: true, value: 0 });
  });
  it('never executes code', () => {
    expect(parseFormula('constructor.constructor("x")()').ok).toBe(false);
    expect(parseFormula('process').ok).toBe(true); // just an unknown variable name, rejected at validation
  });
});
