import type { IndicatorInput } from '@yardstick/engine';
import { describe, expect, it } from 'vitest';
import {
  declaredParams,
  formulaParamNames,
  unitParamRows,
  withNamedParam,
  writeDeclaredParams,
  writeUnitParams,
} from './unitParams';

const formula = (): IndicatorInput => ({
  id: 'invest',
  points: 200,
  method: { kind: 'formula', expr: 'actual / base * k', inputs: ['actual'] },
  params: { base: 100, k: 1 },
  unitParams: { T01: { target: 8, base: 120 } },
});

describe('the per-unit grid of a formula indicator', () => {
  it('gets a column per declared parameter, then any name a unit already carries', () => {
    expect(formulaParamNames(formula())).toEqual(['base', 'k']);
    const imported = { ...formula(), unitParams: { T01: { base: 1, extra: 2, coefficient: 1.1 } } };
    expect(formulaParamNames(imported)).toEqual(['base', 'k', 'extra']);
  });

  it('other methods, and the fixed target/baseline/coefficient, get no named column', () => {
    expect(formulaParamNames({ ...formula(), method: { kind: 'binary' } })).toEqual([]);
    expect(formulaParamNames({ ...formula(), params: { target: 1, k: 2 }, unitParams: {} })).toEqual(['k']);
    expect(formulaParamNames({})).toEqual([]);
  });

  it("writes a unit's named value into unitParams beside its target, and clears it", () => {
    const ind = formula();
    const rows = unitParamRows(ind);
    expect(rows).toEqual([
      { unit: 'T01', target: 8, baseline: undefined, coefficient: undefined, rest: { base: 120 } },
    ]);
    const row = rows[0];
    if (!row) throw new Error('no row');
    writeUnitParams(ind, [
      { ...row, ...withNamedParam(row, 'k', 1.5) },
      { unit: 'T02', rest: { base: 90 } },
      { unit: '', rest: { k: 3 } },
    ]);
    expect(ind.unitParams).toEqual({ T01: { target: 8, base: 120, k: 1.5 }, T02: { base: 90 } });
    const t01 = unitParamRows(ind)[0];
    if (!t01) throw new Error('no row');
    writeUnitParams(ind, [{ ...t01, ...withNamedParam(t01, 'base', undefined) }]);
    expect(ind.unitParams).toEqual({ T01: { target: 8, k: 1.5 } });
  });

  it('declares parameters with defaults; a rename carries the units along, a removal drops them', () => {
    const ind = formula();
    expect(declaredParams(ind)).toEqual([
      { name: 'base', value: 100 },
      { name: 'k', value: 1 },
    ]);
    writeDeclaredParams(ind, [
      { name: 'base2', value: 100 },
      { name: 'k', value: 1 },
    ]);
    expect(ind.params).toEqual({ base2: 100, k: 1 });
    expect(ind.unitParams).toEqual({ T01: { target: 8, base2: 120 } });
    writeDeclaredParams(ind, [{ name: 'k', value: 1 }]);
    expect(ind.unitParams).toEqual({ T01: { target: 8 } });
    // a new name without a default still declares it (0), blank and fixed names are not parameters
    writeDeclaredParams(ind, [{ name: 'k', value: 1 }, { name: 'w' }, { name: ' ' }, { name: 'target', value: 5 }]);
    expect(ind.params).toEqual({ k: 1, w: 0 });
  });
});
