import type { Block, Indicator } from './model';

/** One flag as the editor shows it: its thresholds as plain numbers (an inclusive setting is kept as it was). */
export type Flag = NonNullable<Indicator['flags']>[number];
type Threshold = NonNullable<Flag['below']>;

export interface Option {
  value: string;
  label: string;
}

/** The number a threshold compares with (a bare number, or `{ value, inclusive }`). */
export function thresholdValue(t: Threshold | undefined): number | undefined {
  if (t === undefined) return undefined;
  return typeof t === 'number' ? t : t.value;
}

/** The threshold with a new number, keeping an explicit `inclusive`; undefined clears it. */
export function withThresholdValue(t: Threshold | undefined, value: number | undefined): Threshold | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return t !== undefined && typeof t === 'object' ? { ...t, value } : value;
}

/** The leaf indicators of a group's blocks (a flag may test any of them, an eligibility rule name one). */
export function leafIndicators(blocks: readonly Block[]): Indicator[] {
  const out: Indicator[] = [];
  const walk = (list: readonly Indicator[]) => {
    for (const ind of list) {
      if (ind.children?.length) walk(ind.children);
      else out.push(ind);
    }
  };
  for (const b of blocks) walk(b.indicators);
  return out;
}

export function leafOptions(leaves: readonly Indicator[]): Option[] {
  return leaves.map((ind) => ({ value: ind.id, label: ind.name || ind.id }));
}

/** The named inputs a flag may read on `source` (a formula's declared inputs; other methods have none). */
export function inputOptions(source: Indicator | undefined): string[] {
  return source?.method?.kind === 'formula' ? [...(source.method.inputs ?? [])] : [];
}

/** Every flag id declared on any indicator of the document's trees (what a 无标记 eligibility rule may name). */
export function flagOptions(blocks: readonly Block[]): Option[] {
  const seen = new Map<string, string>();
  const walk = (list: readonly Indicator[]) => {
    for (const ind of list) {
      for (const f of ind.flags ?? [])
        if (!seen.has(f.id)) seen.set(f.id, `${f.name || f.id}（${ind.name || ind.id}）`);
      if (ind.children) walk(ind.children);
    }
  };
  for (const b of blocks) walk(b.indicators);
  return [...seen].map(([value, label]) => ({ value, label }));
}
