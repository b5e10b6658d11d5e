// The levels a bonus category or per-level deduction prices, beyond the four every county has (国家级 … 县级): the
// scheme's own levels (省部级, 中央部委 …), each a generated code, the name people read (levelNames) and its points.
import { LEVELS } from './shared';

export interface ExtraLevel {
  code: string;
  name: string;
  points: number;
}

const STANDARD = new Set<string>(LEVELS);

/** The levels beyond the standard four, in the order they were added. */
export function extraLevels(levels: Record<string, number> = {}, names: Record<string, string> = {}): ExtraLevel[] {
  return Object.entries(levels)
    .filter(([code]) => !STANDARD.has(code))
    .map(([code, points]) => ({ code, name: names[code] ?? '', points }));
}

/** The rule's levels and names with these extra levels (the standard four kept as they are). */
export function withExtraLevels(
  levels: Record<string, number> = {},
  names: Record<string, string> = {},
  extras: readonly ExtraLevel[],
): { levels: Record<string, number>; levelNames?: Record<string, string> } {
  const out: Record<string, number> = {};
  const outNames: Record<string, string> = {};
  for (const [code, points] of Object.entries(levels)) if (STANDARD.has(code)) out[code] = points;
  for (const [code, name] of Object.entries(names)) if (STANDARD.has(code) && code in out) outNames[code] = name;
  for (const x of extras) {
    out[x.code] = x.points;
    if (x.name.trim()) outNames[x.code] = x.name.trim();
  }
  return Object.keys(outNames).length > 0 ? { levels: out, levelNames: outNames } : { levels: out };
}

/** A code for a new level that the rule does not use yet (level1, level2 …): people see only its name. */
export function newLevelCode(levels: Record<string, number> = {}): string {
  let n = 1;
  while (`level${n}` in levels) n++;
  return `level${n}`;
}
