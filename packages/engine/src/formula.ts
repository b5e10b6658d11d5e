/**
 * A safe expression language for formula indicators: numbers, named inputs and parameters,
 * + − × ÷ % ^, comparisons and logic (true = 1, false = 0), and the functions in {@link FORMULA_FUNCTIONS}.
 * Parsed once when the scheme is validated, evaluated by walking a compiled closure tree —
 * never `eval` or `Function`.
 *
 * @example
 * // an investment rate adjusted by 1.5 × (growth − target), clamped to ±5, times the unit's coefficient
 * parseFormula('(rate + clamp(1.5 * (growth - target), -5, 5)) * coefficient')
 */
import { roundHalfUp } from './round';

export const FORMULA_FUNCTIONS = {
  min: [1, Infinity],
  max: [1, Infinity],
  clamp: [3, 3],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  sqrt: [1, 1],
  if: [3, 3],
} as const satisfies Record<string, readonly [number, number]>;
export type FormulaFunction = keyof typeof FORMULA_FUNCTIONS;

const BINARY_OPS = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '^'] as const;
type BinaryOp = (typeof BINARY_OPS)[number];

export type FormulaAst =
  | { t: 'num'; v: number }
  | { t: 'var'; name: string; pos: number }
  | { t: 'neg'; a: FormulaAst }
  | { t: 'not'; a: FormulaAst }
  | { t: 'bin'; op: BinaryOp; a: FormulaAst; b: FormulaAst }
  | { t: 'call'; fn: FormulaFunction; args: FormulaAst[] };

export type FormulaParse =
  | { ok: true; ast: FormulaAst; names: string[] }
  | { ok: false; code: 'formula_syntax' | 'formula_arity' | 'formula_unknown_name'; message: string; position: number };

const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 8,
};

type Token =
  | { k: 'num'; v: number; pos: number }
  | { k: 'id'; v: string; pos: number }
  | { k: 'op'; v: string; pos: number }
  | { k: 'end'; pos: number };

class FormulaSyntaxError {
  constructor(
    readonly code: 'formula_syntax' | 'formula_arity' | 'formula_unknown_name',
    readonly message: string,
    readonly position: number,
  ) {}
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*/.exec(rest);
    if (ident) {
      out.push({ k: 'id', v: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (['<=', '>=', '==', '!=', '&&', '||'].includes(two)) {
      out.push({ k: 'op', v: two, pos: i });
      i += 2;
      continue;
    }
    const one = rest[0] ?? '';
    if ('+-*/%^()<>!,'.includes(one)) {
      out.push({ k: 'op', v: one, pos: i });
      i++;
      continue;
    }
    throw new FormulaSyntaxError('formula_syntax', `unexpected character '${one}' at ${i}`, i);
  }
  out.push({ k: 'end', pos: src.length });
  return out;
}

function isFunction(name: string): name is FormulaFunction {
  return Object.hasOwn(FORMULA_FUNCTIONS, name);
}

function isBinaryOp(v: string): v is BinaryOp {
  return (BINARY_OPS as readonly string[]).includes(v);
}

/** Parse an expression; errors carry a stable code and the character position. */
export function parseFormula(src: string): FormulaParse {
  try {
    const tokens = tokenize(src);
    let p = 0;
    const names = new Set<string>();
    const peek = (): Token => tokens[p] ?? { k: 'end', pos: src.length };
    const next = (): Token => {
      const t = peek();
      p++;
      return t;
    };
    const expectOp = (v: string): void => {
      const t = next();
      if (t.k !== 'op' || t.v !== v)
        throw new FormulaSyntaxError('formula_syntax', `expected '${v}' at ${t.pos}`, t.pos);
    };
    const primary = (): FormulaAst => {
      const t = next();
      if (t.k === 'num') return { t: 'num', v: t.v };
      if (t.k === 'id') {
        const la = peek();
        if (la.k === 'op' && la.v === '(') {
          if (!isFunction(t.v))
            throw new FormulaSyntaxError('formula_unknown_name', `unknown function '${t.v}' at ${t.pos}`, t.pos);
          next();
          const args: FormulaAst[] = [];
          const close = peek();
          if (!(close.k === 'op' && close.v === ')')) {
            for (;;) {
              args.push(expr(0));
              const sep = peek();
              if (sep.k === 'op' && sep.v === ',') {
                next();
                continue;
              }
              break;
            }
          }
          expectOp(')');
          const [lo, hi] = FORMULA_FUNCTIONS[t.v];
          if (args.length < lo || args.length > hi) {
            throw new FormulaSyntaxError(
              'formula_arity',
              `${t.v}() takes ${lo === hi ? lo : `${lo}${hi === Infinity ? ' or more' : `–${hi}`}`} arguments, got ${args.length} at ${t.pos}`,
              t.pos,
            );
          }
          return { t: 'call', fn: t.v, args };
        }
        names.add(t.v);
        return { t: 'var', name: t.v, pos: t.pos };
      }
      if (t.k === 'op' && t.v === '(') {
        const e = expr(0);
        expectOp(')');
        return e;
      }
      if (t.k === 'op' && t.v === '-') return { t: 'neg', a: expr(7) };
      if (t.k === 'op' && t.v === '+') return expr(7);
      if (t.k === 'op' && t.v === '!') return { t: 'not', a: expr(7) };
      throw new FormulaSyntaxError(
        'formula_syntax',
        t.k === 'end' ? 'unexpected end of formula' : `unexpected '${t.v}' at ${t.pos}`,
        t.pos,
      );
    };
    const expr = (minPrec: number): FormulaAst => {
      let left = primary();
      for (;;) {
        const t = peek();
        if (t.k !== 'op' || !isBinaryOp(t.v)) break;
        const prec = PRECEDENCE[t.v];
        if (prec <= minPrec) break;
        next();
        // '^' is right-associative: parse its right side at the same precedence.
        const right = expr(t.v === '^' ? prec - 1 : prec);
        left = { t: 'bin', op: t.v, a: left, b: right };
      }
      return left;
    };
    const ast = expr(0);
    const end = peek();
    if (end.k !== 'end')
      throw new FormulaSyntaxError(
        'formula_syntax',
        `unexpected '${end.k === 'num' ? end.v : end.v}' at ${end.pos}`,
        end.pos,
      );
    return { ok: true, ast, names: [...names].sort() };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { ok: false, code: e.code, message: e.message, position: e.position };
    throw e;
  }
}

export const FORMULA_EVAL_ERRORS = ['divisionByZero', 'missingName', 'notFinite'] as const;
export type FormulaEvalError = (typeof FORMULA_EVAL_ERRORS)[number];
export type FormulaEval =
  { ok: true; value: number } | { ok: false; error: FormulaEvalError; name?: string | undefined };

/** A compiled formula: reads variables from `vars` by the slot order given at compile time. */
export type CompiledFormula = (vars: ArrayLike<number>, state: { err: FormulaEvalError | null }) => number;

/** Compile an AST to a closure tree over variable slots; names not in `slots` are a compile error (validated earlier). */
export function compileFormula(ast: FormulaAst, slots: ReadonlyMap<string, number>): CompiledFormula {
  switch (ast.t) {
    case 'num': {
      const v = ast.v;
      return () => v;
    }
    case 'var': {
      const s = slots.get(ast.name);
      if (s === undefined) return (_v, st) => ((st.err = 'missingName'), 0);
      return (v) => v[s] ?? 0;
    }
    case 'neg': {
      const a = compileFormula(ast.a, slots);
      return (v, st) => -a(v, st);
    }
    case 'not': {
      const a = compileFormula(ast.a, slots);
      return (v, st) => (a(v, st) === 0 ? 1 : 0);
    }
    case 'bin': {
      const a = compileFormula(ast.a, slots);
      const b = compileFormula(ast.b, slots);
      switch (ast.op) {
        case '+':
          return (v, st) => a(v, st) + b(v, st);
        case '-':
          return (v, st) => a(v, st) - b(v, st);
        case '*':
          return (v, st) => a(v, st) * b(v, st);
        case '/':
          return (v, st) => {
            const d = b(v, st);
            if (d === 0) {
              st.err = 'divisionByZero';
              return 0;
            }
            return a(v, st) / d;
          };
        case '%':
          return (v, st) => {
            const d = b(v, st);
            if (d === 0) {
              st.err = 'divisionByZero';
              return 0;
            }
            return a(v, st) % d;
          };
        case '^':
          return (v, st) => a(v, st) ** b(v, st);
        case '<':
          return (v, st) => (a(v, st) < b(v, st) ? 1 : 0);
        case '<=':
          return (v, st) => (a(v, st) <= b(v, st) ? 1 : 0);
        case '>':
          return (v, st) => (a(v, st) > b(v, st) ? 1 : 0);
        case '>=':
          return (v, st) => (a(v, st) >= b(v, st) ? 1 : 0);
        case '==':
          return (v, st) => (a(v, st) === b(v, st) ? 1 : 0);
        case '!=':
          return (v, st) => (a(v, st) !== b(v, st) ? 1 : 0);
        case '&&':
          return (v, st) => (a(v, st) !== 0 && b(v, st) !== 0 ? 1 : 0);
        case '||':
          return (v, st) => (a(v, st) !== 0 || b(v, st) !== 0 ? 1 : 0);
      }
      break;
    }
    case 'call': {
      const args = ast.args.map((x) => compileFormula(x, slots));
      const [a0, a1, a2] = args;
      switch (ast.fn) {
        case 'min':
          return (v, st) => {
            let m = Infinity;
            for (const f of args) m = Math.min(m, f(v, st));
            return m;
          };
        case 'max':
          return (v, st) => {
            let m = -Infinity;
            for (const f of args) m = Math.max(m, f(v, st));
            return m;
          };
        case 'clamp':
          if (a0 && a1 && a2) return (v, st) => Math.min(Math.max(a0(v, st), a1(v, st)), a2(v, st));
          break;
        case 'abs':
          if (a0) return (v, st) => Math.abs(a0(v, st));
          break;
        case 'floor':
          if (a0) return (v, st) => Math.floor(a0(v, st));
          break;
        case 'ceil':
          if (a0) return (v, st) => Math.ceil(a0(v, st));
          break;
        case 'sqrt':
          if (a0) return (v, st) => Math.sqrt(a0(v, st));
          break;
        case 'round':
          if (a0) {
            return (v, st) => {
              const x = a0(v, st);
              const d = a1 ? a1(v, st) : 0;
              if (!Number.isFinite(x) || !Number.isInteger(d) || d < 0 || d > 10) {
                st.err = 'notFinite';
                return 0;
              }
              return roundHalfUp(x, d);
            };
          }
          break;
        case 'if':
          // Only the chosen branch is evaluated, so if(n > 0, x / n, 0) is safe.
          if (a0 && a1 && a2) return (v, st) => (a0(v, st) !== 0 ? a1(v, st) : a2(v, st));
          break;
      }
      break;
    }
  }
  return (_v, st) => ((st.err = 'notFinite'), 0);
}

/**
 * Evaluate once with named values (convenience; the engine compiles instead).
 * @example evaluateFormula(parse('clamp(1.5 * (g - t), -5, 5)'), { g: 12, t: 8 }) // { ok: true, value: 5 } (1.5 × 4 = 6 → 5)
 */
export function evaluateFormula(ast: FormulaAst, values: Readonly<Record<string, number>>): FormulaEval {
  const names = Object.keys(values).sort();
  const slots = new Map(names.map((n, i) => [n, i] as const));
  const vars = names.map((n) => values[n] ?? 0);
  const missing = collectNames(ast).find((n) => !slots.has(n));
  if (missing !== undefined) return { ok: false, error: 'missingName', name: missing };
  const state: { err: FormulaEvalError | null } = { err: null };
  const value = compileFormula(ast, slots)(vars, state);
  if (state.err) return { ok: false, error: state.err };
  if (!Number.isFinite(value)) return { ok: false, error: 'notFinite' };
  return { ok: true, value };
}

export function collectNames(ast: FormulaAst, out: string[] = []): string[] {
  switch (ast.t) {
    case 'var':
      if (!out.includes(ast.name)) out.push(ast.name);
      break;
    case 'neg':
    case 'not':
      collectNames(ast.a, out);
      break;
    case 'bin':
      collectNames(ast.a, out);
      collectNames(ast.b, out);
      break;
    case 'call':
      for (const a of ast.args) collectNames(a, out);
      break;
    case 'num':
      break;
  }
  return out;
}
