import { msg, t, type Text } from '../messages';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
}

/** A name as compared: NFKC (full-width → half-width), no spaces, brackets of either width alike. */
const loose = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export type UnitLookup = (cell: string) => { id: string } | { error: Text };

/**
 * Resolves a cell of a unit-code column: the code itself (also typed in full-width or another case), or, as
 * offices often write, the unit's full name or short name when it names exactly one unit. Two or more units
 * answering to it is an error naming them; none is "no such unit".
 */
export function unitLookup(list: readonly UnitRef[]): UnitLookup {
  const byCode = new Map(list.map((u) => [u.code, u]));
  const byLooseCode = new Map<string, UnitRef[]>();
  const byName = new Map<string, UnitRef[]>();
  const push = (m: Map<string, UnitRef[]>, k: string, u: UnitRef) => {
    const l = m.get(k) ?? [];
    if (!l.includes(u)) l.push(u);
    m.set(k, l);
  };
  for (const u of list) {
    push(byLooseCode, loose(u.code), u);
    push(byName, loose(u.name), u);
    if (u.shortName) push(byName, loose(u.shortName), u);
  }
  return (cell) => {
    const exact = byCode.get(cell);
    if (exact) return { id: exact.id };
    const key = loose(cell);
    const code = byLooseCode.get(key) ?? [];
    if (code.length === 1 && code[0]) return { id: code[0].id };
    // A full name is unique in the county: it wins over short names that happen to equal it.
    const full = list.filter((u) => loose(u.name) === key);
    if (full.length === 1 && full[0]) return { id: full[0].id };
    const named = byName.get(key) ?? [];
    if (named.length === 1 && named[0]) return { id: named[0].id };
    if (named.length > 1) {
      const who = named.map((u) => `${u.code} ${u.name}`);
      return {
        error: t(
          `“${cell}”同时是 ${who.join('、')} 的名称或简称，请填写单位编码`,
          `"${cell}" is the name or short name of ${who.join(', ')}; write the unit code`,
        ),
      };
    }
    return { error: msg.unknownUnit(cell) };
  };
}
