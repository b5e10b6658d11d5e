import type { IndicatorInput } from '@yardstick/engine';

/** The per-unit parameters every scored indicator has a column for. */
export const FIXED_UNIT_PARAMS = ['target', 'baseline', 'coefficient'] as const;
const FIXED = new Set<string>(FIXED_UNIT_PARAMS);

/** One row of the per-unit grid: a unit's own target/baseline/coefficient and its named formula parameters. */
export interface UnitParamRow {
  unit: string;
  target?: number;
  baseline?: number;
  coefficient?: number;
  /** Every other per-unit parameter, keyed by the formula's parameter name. */
  rest: Record<string, number>;
}

/**
 * The named parameters a formula indicator gets a per-unit column for: the parameters it declares
 * (`params`, in declaration order), then any other name a unit already carries (e.g. imported), so no
 * stored value is hidden. Other methods have none.
 */
export function formulaParamNames(ind: Pick<IndicatorInput, 'method' | 'params' | 'unitParams'>): string[] {
  if (ind.method?.kind !== 'formula') return [];
  const names = Object.keys(ind.params ?? {}).filter((n) => !FIXED.has(n));
  for (const p of Object.values(ind.unitParams ?? {}))
    for (const n of Object.keys(p)) if (!FIXED.has(n) && !names.includes(n)) names.push(n);
  return names;
}

/** The grid rows of an indicator's `unitParams`. */
export function unitParamRows(ind: Pick<IndicatorInput, 'unitParams'>): UnitParamRow[] {
  return Object.entries(ind.unitParams ?? {}).map(([unit, p]) => ({
    unit,
    target: p.target,
    baseline: p.baseline,
    coefficient: p.coefficient,
    rest: Object.fromEntries(Object.entries(p).filter(([k]) => !FIXED.has(k))),
  }));
}

/** Writes the grid back into the indicator (the draft document); rows without a unit are dropped. */
export function writeUnitParams(ind: Pick<IndicatorInput, 'unitParams'>, rows: UnitParamRow[]): void {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    if (!r.unit) continue;
    const p: Record<string, number> = { ...r.rest };
    if (r.target !== undefined) p.target = r.target;
    if (r.baseline !== undefined) p.baseline = r.baseline;
    if (r.coefficient !== undefined) p.coefficient = r.coefficient;
    out[r.unit] = p;
  }
  ind.unitParams = out;
}

/** The patch of a row that sets (or, with undefined, clears) one named parameter. */
export function withNamedParam(row: UnitParamRow, name: string, value: number | undefined): Pick<UnitParamRow, 'rest'> {
  const rest = { ...row.rest };
  if (value === undefined || !Number.isFinite(value)) delete rest[name];
  else rest[name] = value;
  return { rest };
}

/** One declared formula parameter: its name and default value (`params`), which a unit's own value overrides. */
export interface DeclaredParam {
  name: string;
  value?: number;
}

/** A name the formula language reads as one identifier (the engine's formula lexer). */
export const PARAM_NAME = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/;

/** A fresh parameter name for a new row: p1, p2, … not yet declared. */
export function newParamName(ind: Pick<IndicatorInput, 'params'>): string {
  let n = 1;
  while (`p${n}` in (ind.params ?? {})) n++;
  return `p${n}`;
}

export function declaredParams(ind: Pick<IndicatorInput, 'params'>): DeclaredParam[] {
  return Object.entries(ind.params ?? {}).map(([name, value]) => ({ name, value }));
}

/**
 * Writes the declared parameters back (`params`); a name without a default is kept at 0 so it still
 * declares the name. A renamed parameter carries the units' values along; a removed one drops them.
 */
export function writeDeclaredParams(ind: Pick<IndicatorInput, 'params' | 'unitParams'>, rows: DeclaredParam[]): void {
  const before = Object.keys(ind.params ?? {});
  const params: Record<string, number> = {};
  for (const r of rows) {
    const name = r.name.trim();
    if (!PARAM_NAME.test(name) || FIXED.has(name) || name in params) continue;
    params[name] = r.value ?? 0;
  }
  const after = Object.keys(params);
  // a rename is the same row with a new name: same position, same count
  const renames = new Map<string, string>();
  if (before.length === after.length)
    before.forEach((b, i) => {
      const a = after[i];
      if (a !== undefined && a !== b) renames.set(b, a);
    });
  const removed = before.filter((b) => !(b in params) && !renames.has(b));
  if (ind.unitParams && (renames.size || removed.length)) {
    for (const [unit, p] of Object.entries(ind.unitParams)) {
      const next: Record<string, number> = {};
      for (const [k, v] of Object.entries(p)) if (!removed.includes(k)) next[renames.get(k) ?? k] = v;
      ind.unitParams[unit] = next;
    }
  }
  ind.params = params;
}
