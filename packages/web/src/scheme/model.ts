// The scheme document as the editor sees it (docs/schemes.md, docs/engine-format.md).
// Mirrors the engine's input shapes (packages/engine/src/model.ts) loosely: the server validates,
// the editor only needs to read and write the fields it offers.

export const METHOD_KINDS = [
  'ratio',
  'steps',
  'goalposts',
  'topRatio',
  'rank',
  'deduction',
  'grade',
  'binary',
  'upper',
  'manual',
  'formula',
] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];
/** The methods a formula's result may be handed to. */
export const BASE_METHOD_KINDS = ['ratio', 'steps', 'goalposts', 'topRatio', 'rank', 'binary'] as const;

export type Threshold = number | { value: number; inclusive?: boolean };

export interface Method {
  kind: MethodKind;
  direction?: 'higher' | 'lower';
  target?: number;
  baseline?: number;
  mode?: string;
  perPointAbove?: number;
  perPointBelow?: number;
  floor?: number;
  cap?: number;
  zeroBelow?: Threshold;
  uncapped?: boolean;
  points?: { at: number; value: number; inclusive?: boolean }[];
  lo?: number;
  hi?: number;
  step?: number;
  stepUnit?: 'percent' | 'points';
  perOccurrence?: number;
  items?: { id: string; step: number; limit?: number }[];
  repeatMultiplier?: number;
  limit?: number;
  grades?: Record<string, number>;
  partial?: number;
  upperId?: string;
  basis?: 'score' | 'rank';
  rankFractions?: number[];
  unitIds?: string[];
  min?: number;
  max?: number;
  requireReason?: boolean;
  expr?: string;
  inputs?: string[];
  then?: Method;
}

export interface ProcessInput {
  share: number;
  nodes: { id: string; weight?: number }[];
  greenFraction?: number;
  yellowFraction?: number;
  redFraction?: number;
  missingFraction?: number;
}

export interface Indicator {
  id: string;
  name?: string;
  points: number;
  method?: Method;
  children?: Indicator[];
  missing?: 'zero' | 'exclude' | 'block';
  process?: ProcessInput;
  key?: boolean;
  assessorId?: string;
  source?: string;
  params?: Record<string, number>;
  unitParams?: Record<string, Record<string, number>>;
  difficultyApplies?: 'score' | 'raw';
  appliesTo?: string[];
  flags?: unknown[];
}

export interface Block {
  id: string;
  name?: string;
  weight?: number;
  indicators: Indicator[];
}

export interface Tier {
  id: string;
  name?: string;
  share?: number;
  count?: number;
  minCount?: number;
  minScore?: Threshold;
  coefficient?: number;
  award?: boolean;
}

export interface EligibilityRule {
  id: string;
  tier: string;
  kind: 'noRedLight' | 'noVeto' | 'noFlag' | 'noDeduction' | 'minIndicatorFraction';
  ref?: string;
  min?: number;
}

export interface Tiering {
  tiers: Tier[];
  rounding?: 'halfUp' | 'floor' | 'ceil';
  quotaScope?: 'group' | 'county';
  tiePolicy?: 'tieBreak' | 'allIn' | 'allOut' | 'flag';
  tieBreakers?: { kind: string; id?: string }[];
  eligibility?: EligibilityRule[];
  overrideOrder?: 'beforeQuota' | 'afterQuota';
  refill?: boolean;
}

export interface Group {
  id: string;
  name?: string;
  blocks?: Block[];
  blockWeights?: Record<string, number>;
  overrides?: Record<string, unknown>;
  exclude?: string[];
  composite?: { a: number; b: number };
  tiering?: Tiering;
}

export interface BonusCategory {
  id: string;
  name?: string;
  levels?: Record<string, number>;
  cap?: number;
  inTotalCap?: boolean;
  highestOnly?: boolean;
}

export interface RankChangeRule {
  id: string;
  places: number;
  points: number;
}

export type DeductionAmount =
  | { kind: 'perLevel'; levels: Record<string, number> }
  | { kind: 'fixed'; points: number }
  | { kind: 'fromRecord'; factor?: number }
  | {
      kind: 'lights';
      yellow?: { every: number; points: number };
      red?: { every: number; points: number };
    };

export interface DeductionRule {
  id: string;
  name?: string;
  amount: DeductionAmount;
  repeatMultiplier?: number;
  limit?: number;
}

export type VetoEffect =
  { kind: 'lowestTier' } | { kind: 'barTopTiers'; n: number } | { kind: 'fixedDeduction'; points: number };

export interface VetoRule {
  id: string;
  name?: string;
  effect: VetoEffect;
}

export interface RaterGroup {
  id: string;
  name?: string;
  weight: number;
  form: 'scale' | 'options' | 'ranking';
  min?: number;
  max?: number;
  options?: Record<string, number | null>;
  rankBase?: number;
  rankStep?: number;
  rankStepUnit?: 'percent' | 'points';
  rankFloor?: number;
  unitGroups?: string[];
}

export interface EngineScheme {
  id: string;
  name?: string;
  year?: number;
  version?: string | number;
  decimals?: number;
  roundIndicatorScores?: boolean;
  blocks?: Block[];
  groups: Group[];
  bonus?: {
    categories?: BonusCategory[];
    cap?: number;
    rankChange?: { source?: 'preliminary' | 'dataset'; rules: RankChangeRule[] };
  };
  deductions?: DeductionRule[];
  deductionCaps?: { id: string; rules: string[]; limit: number }[];
  vetoes?: VetoRule[];
  discipline?: { steps?: number };
  evaluation?: { raterGroups: RaterGroup[]; trimAbove?: number; invalidateUniform?: boolean };
  ranking?: { on?: 'rounded' | 'full'; tieBreakers?: { kind: string; id?: string }[] };
  tiering: Tiering;
  resultsUse?: { consecutive?: { id: string; tiers: string[]; years: number; action: string }[] };
}

export const CATEGORIES = ['government', 'party', 'key', 'special'] as const;
export type Category = (typeof CATEGORIES)[number];
export const POLICY_SOURCES = [
  'central',
  'cityKey',
  'cityPlenary',
  'workReport',
  'leaderInstruction',
  'county',
] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];
export const EVIDENCE_RULES = ['none', 'optional', 'required'] as const;

export interface NodeMeta {
  id: string;
  name: string;
  due: string;
  expected: number;
}

export interface IndicatorMeta {
  category?: Category;
  policySource?: PolicySource;
  description?: string;
  target?: string;
  dataSource?: string;
  methodText?: string;
  evidence?: { rule: 'none' | 'optional' | 'required'; fileTypes: string[] };
  nodes?: NodeMeta[];
}

/** R25: last year's full-mark / non-discriminating indicators the office keeps, adjusts or drops (server: ReviewMeta). */
export type ReviewDecision = 'keep' | 'adjust' | 'drop';
export interface ReviewItem {
  groupId: string;
  indicatorId: string;
  name: string;
  fullMarkRate: number;
  reasons: string[];
  decision?: ReviewDecision | null;
  note?: string;
}

export interface SchemeDocument {
  engine: EngineScheme;
  meta?: {
    indicators?: Record<string, IndicatorMeta>;
    review?: { fromYear: number; items: ReviewItem[] };
  };
}

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

export function sumPoints(list: Indicator[]): number {
  return list.reduce((s, i) => s + (Number(i.points) || 0), 0);
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
    const pts = Number(i.points) || 0;
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
