// The scheme document as the editor sees it (docs/schemes.md, docs/engine-format.md): the engine's input shapes
// (`@yardstick/engine`, what a scheme may say before the engine fills in its defaults) and the server's document
// meta (`@yardstick/server/contract`), imported as types only. The server validates; the editor reads and writes.
import type {
  Block as EngineBlock,
  IndicatorInput,
  MethodInput,
  MethodKind as EngineMethodKind,
  SchemeInput,
} from '@yardstick/engine';
import type { SchemeDocumentInput } from '@yardstick/server/contract';
import {
  EVIDENCE_RULES,
  INDICATOR_CATEGORIES,
  POLICY_SOURCES,
  type IndicatorCategory,
  type PolicySource,
} from '@yardstick/server/enums';

export type MethodKind = EngineMethodKind;
/** The engine's methods in the order the editor offers them (every kind, checked against the engine's list). */
export const METHOD_KINDS = [
  'ratio',
  'steps',
  'goalposts',
  'topRatio',
  'rank',
  'deduction',
  'grade',
  'binary',
  'marginal',
  'upper',
  'manual',
  'formula',
] as const satisfies readonly MethodKind[];
// A kind the engine adds and the editor does not offer fails here.
const _everyKind: Exclude<MethodKind, (typeof METHOD_KINDS)[number]> extends never ? true : never = true;
void _everyKind;
/** The methods a formula's result may be handed to. */
export const BASE_METHOD_KINDS = [
  'ratio',
  'steps',
  'goalposts',
  'topRatio',
  'rank',
  'binary',
  'marginal',
] as const satisfies readonly MethodKind[];

export type EngineScheme = SchemeInput;
export type Method = MethodInput;
type KeysOf<U> = U extends unknown ? keyof U : never;
type FieldOf<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
/**
 * Every method's fields at once, all optional: the method form (and the preview) read the fields of whichever kind
 * they show. Derived from the engine's union, so a renamed or retyped field fails the build here.
 */
export type MethodView = { kind: MethodKind } & { [K in Exclude<KeysOf<Method>, 'kind'>]?: FieldOf<Method, K> };
/** The method as the form reads it (a widening: every method is a MethodView). */
export const methodView = (m: Method | undefined): MethodView | undefined => m;
export type Indicator = IndicatorInput;
export type Group = SchemeInput['groups'][number];
export type Block = NonNullable<Group['blocks']>[number];
export type Tiering = SchemeInput['tiering'];
export type Tier = Tiering['tiers'][number];
export type Threshold = NonNullable<Tier['minScore']>;
export type EligibilityRule = NonNullable<Tiering['eligibility']>[number];
export type ProcessInput = NonNullable<Indicator['process']>;
type Bonus = NonNullable<SchemeInput['bonus']>;
export type BonusCategory = NonNullable<Bonus['categories']>[number];
export type RankChangeRule = NonNullable<Bonus['rankChange']>['rules'][number];
export type DeductionRule = NonNullable<SchemeInput['deductions']>[number];
export type DeductionAmount = DeductionRule['amount'];
export type VetoRule = NonNullable<SchemeInput['vetoes']>[number];
export type VetoEffect = VetoRule['effect'];
export type RaterGroup = NonNullable<SchemeInput['evaluation']>['raterGroups'][number];
/** The engine's normalised block (defaults filled), where the editor reads a computed document. */
export type NormalisedBlock = EngineBlock;

export const CATEGORIES = INDICATOR_CATEGORIES;
export type Category = IndicatorCategory;
export { EVIDENCE_RULES, POLICY_SOURCES, type PolicySource };

export type SchemeDocument = SchemeDocumentInput;
type Meta = NonNullable<SchemeDocument['meta']>;
export type IndicatorMeta = NonNullable<Meta['indicators']>[string];
export type NodeMeta = NonNullable<IndicatorMeta['nodes']>[number];
/** R25: last year's full-mark / non-discriminating indicators the office keeps, adjusts or drops (server: ReviewMeta). */
export type ReviewItem = NonNullable<Meta['review']>['items'][number];
export type ReviewDecision = NonNullable<ReviewItem['decision']>;

/** The four unit groups, in the order the tabs show them. */
export const GROUP_ORDER = ['township', 'party', 'government', 'vertical'];

// ---------------------------------------------------------------------------------------------
// Locating things in the tree. A location is [groupIndex, blockIndex, ...indicator indexes].
// ---------------------------------------------------------------------------------------------

export type Loc = { group: number; block: number; path: number[] };

export function locKey(loc: Loc): string {
  return `${loc.group}:${loc.block}${loc.path.map((i) => '/' + i).join('')}`;
}

export function parseLocKey(key: string): Loc {
  const [head, ...rest] = key.split('/');
  const [g, b] = (head ?? '0:0').split(':');
  return { group: Number(g), block: Number(b), path: rest.map(Number) };
}

export function groupBlocks(doc: SchemeDocument, g: number): Block[] {
  const group = doc.engine.groups[g];
  return group?.blocks ?? doc.engine.blocks ?? [];
}

export function getIndicator(doc: SchemeDocument, loc: Loc): Indicator | undefined {
  const block = groupBlocks(doc, loc.group)[loc.block];
  if (!block) return undefined;
  let list = block.indicators;
  let ind: Indicator | undefined;
  for (const i of loc.path) {
    ind = list[i];
    if (!ind) return undefined;
    list = ind.children ?? [];
  }
  return ind;
}

/** The list that holds the indicator at `loc` (its siblings), and its index there. */
export function parentList(doc: SchemeDocument, loc: Loc): { list: Indicator[]; index: number } | undefined {
  const block = groupBlocks(doc, loc.group)[loc.block];
  if (!block || loc.path.length === 0) return undefined;
  let list = block.indicators;
  for (const i of loc.path.slice(0, -1)) {
    const ind = list[i];
    if (!ind) return undefined;
    ind.children ??= [];
    list = ind.children;
  }
  return { list, index: loc.path[loc.path.length - 1] ?? 0 };
}

/** Every indicator id in the document (for unique new ids). */
export function allIndicatorIds(doc: SchemeDocument): Set<string> {
  const ids = new Set<string>();
  const walk = (list: Indicator[]) => {
    for (const ind of list) {
      ids.add(ind.id);
      if (ind.children) walk(ind.children);
    }
  };
  for (const b of doc.engine.blocks ?? []) walk(b.indicators);
  for (const g of doc.engine.groups) for (const b of g.blocks ?? []) walk(b.indicators);
  return ids;
}

export function uniqueId(taken: Set<string>, prefix: string): string {
  let n = taken.size + 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export function countLeaves(list: Indicator[]): number {
  let n = 0;
  for (const ind of list) n += ind.children?.length ? countLeaves(ind.children) : 1;
  return n;
}

/**
 * What an indicator is worth as the engine scores it: a leaf its points, a parent the sum of its children's (its own
 * `points` only draws a validation warning when they disagree), so totals follow every edit of a child.
 */
export function effectivePoints(ind: Indicator): number {
  return ind.children?.length ? sumPoints(ind.children) : Number(ind.points) || 0;
}

export function sumPoints(list: Indicator[]): number {
  return list.reduce((s, i) => s + effectivePoints(i), 0);
}

/**
 * What a unit is scored out of (the engine's rule, docs/scoring.md "Feature indicators"): the common
 * indicators' points plus the unit's own feature indicators (`appliesTo`); other units' feature items
 * never count for it. `feature` is the range of the feature points over the units named.
 */
export function unitTotals(list: Indicator[]): { common: number; feature: [number, number] | null } {
  let common = 0;
  const own = new Map<string, number>();
  for (const i of list) {
    const pts = effectivePoints(i);
    if (!i.appliesTo || i.appliesTo.length === 0) common += pts;
    else for (const u of i.appliesTo) own.set(u, (own.get(u) ?? 0) + pts);
  }
  if (own.size === 0) return { common, feature: null };
  const v = [...own.values()];
  return { common, feature: [Math.min(...v), Math.max(...v)] };
}

/**
 * Finds the indicator a validation path points at, e.g. `engine.groups[2].blocks[0].indicators[5].method.target`
 * or `groups[2].blocks[0].indicators[5].children[1]`, or `meta.indicators.<id>.dataSource`.
 */
export function locFromPath(doc: SchemeDocument, path: string): Loc | undefined {
  const metaHit = /(?:^|\.)meta\.indicators\.([^.[\]]+)/.exec(path) ?? /^indicators\.([^.[\]]+)/.exec(path);
  if (metaHit?.[1]) return findById(doc, metaHit[1]);
  const g = /groups\[(\d+)\]/.exec(path);
  const b = /blocks\[(\d+)\]/.exec(path);
  if (!g || !b) {
    const idHit = /indicator[s]?[:\s]+["“]?([A-Za-z0-9_.-]+)/.exec(path);
    return idHit?.[1] ? findById(doc, idHit[1]) : undefined;
  }
  const steps = [...path.matchAll(/(?:indicators|children)\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (steps.length === 0) return undefined;
  const loc = { group: Number(g[1]), block: Number(b[1]), path: steps };
  return getIndicator(doc, loc) ? loc : undefined;
}

export function findById(doc: SchemeDocument, id: string): Loc | undefined {
  for (let gi = 0; gi < doc.engine.groups.length; gi++) {
    const blocks = groupBlocks(doc, gi);
    for (let bi = 0; bi < blocks.length; bi++) {
      const found = findIn(blocks[bi]?.indicators ?? [], id, []);
      if (found) return { group: gi, block: bi, path: found };
    }
  }
  return undefined;
}

function findIn(list: Indicator[], id: string, prefix: number[]): number[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const ind = list[i];
    if (!ind) continue;
    if (ind.id === id) return [...prefix, i];
    if (ind.children) {
      const hit = findIn(ind.children, id, [...prefix, i]);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** A fresh method of this kind with the engine's defaults spelled out, so the form shows them. */
export function defaultMethod(kind: MethodKind): Method {
  switch (kind) {
    case 'ratio':
      return { kind, direction: 'higher', mode: 'proportional', floor: 0, cap: 1, uncapped: false };
    case 'steps':
      return {
        kind,
        mode: 'linear',
        points: [
          { at: 0, value: 0 },
          { at: 100, value: 1 },
        ],
      };
    case 'goalposts':
      return { kind, direction: 'higher', lo: 0, hi: 100 };
    case 'topRatio':
      return { kind, direction: 'higher' };
    case 'rank':
      return { kind, direction: 'higher', step: 2, stepUnit: 'percent', floor: 0 };
    case 'deduction':
      return { kind, perOccurrence: 1, items: [], repeatMultiplier: 1 };
    case 'grade':
      return { kind, grades: { A: 1, B: 0.8, C: 0.6, D: 0 } };
    case 'binary':
      return { kind, partial: 0 };
    case 'marginal':
      // the bands' combination is the office's choice (the engine has no default): shown in the form, changeable
      return {
        kind,
        direction: 'below',
        mode: 'marginal',
        bands: [
          { from: 96, rate: 0.25 },
          { from: 90, rate: 0.5 },
        ],
        per: 1,
        count: 'proportional',
        bonusRate: 0,
        uncapped: false,
      };
    case 'upper':
      return { kind, upperId: 'city', basis: 'score' };
    case 'manual':
      return { kind, min: 0, requireReason: true };
    case 'formula':
      return { kind, expr: 'a / b * 100', inputs: ['a', 'b'] };
  }
}

/** Deep copy of a JSON document. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Drops undefined, null and '' members (and empty objects left behind), so the saved document stays tidy. */
export function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => prune(x) as unknown) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined || x === null || x === '') continue;
      out[k] = prune(x);
    }
    return out as T;
  }
  return v;
}
