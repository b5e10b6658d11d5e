/**
 * The scheme document (docs/schemes.md): the engine's scheme plus what people and the in-year work need
 * (IndicatorMeta). Shape only; the rules that teach (R19 …) live in validation.ts.
 */
import { SchemeSchema, type Indicator, type Scheme } from '@yardstick/engine';
import { z } from 'zod';
import {
  EVIDENCE_RULES,
  INDICATOR_CATEGORIES,
  POLICY_SOURCES,
  type EvidenceRule,
  type IndicatorCategory,
  type PolicySource,
} from '../../enums';

export { EVIDENCE_RULES, INDICATOR_CATEGORIES, POLICY_SOURCES };
export type { EvidenceRule, IndicatorCategory, PolicySource };

export const CATEGORY_NAMES: Record<IndicatorCategory, { 'zh-CN': string; en: string }> = {
  government: { 'zh-CN': '政府部门工作指标', en: 'Government work' },
  party: { 'zh-CN': '党建指标', en: 'Party building' },
  key: { 'zh-CN': '重点工作', en: 'Key work' },
  special: { 'zh-CN': '专项工作', en: 'Special work' },
};

export const POLICY_SOURCE_NAMES: Record<PolicySource, { 'zh-CN': string; en: string }> = {
  central: { 'zh-CN': '中央部署', en: 'Central deployment' },
  cityKey: { 'zh-CN': '市委重点工作', en: 'City key work' },
  cityPlenary: { 'zh-CN': '市委全会目标', en: 'City plenary target' },
  workReport: { 'zh-CN': '政府工作报告', en: 'Government work report' },
  leaderInstruction: { 'zh-CN': '领导批示', en: 'Leader instruction' },
  county: { 'zh-CN': '县委县政府部署', en: 'County deployment' },
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const NodeMeta = z
  .object({
    id: z.string().min(1),
    name: z.string().max(200).default(''),
    due: z.string().regex(DATE, { message: 'must be a date YYYY-MM-DD' }),
    /** Expected progress at the node, percent. */
    expected: z.number().min(0).max(100).default(100),
  })
  .strict();
export type NodeMeta = z.output<typeof NodeMeta>;

export const EvidenceMeta = z
  .object({
    rule: z.enum(EVIDENCE_RULES),
    fileTypes: z.array(z.string().min(1).max(16)).max(20).default([]),
  })
  .strict();
export type EvidenceMeta = z.output<typeof EvidenceMeta>;

/** What the engine does not need but people and the in-year work do. Optional here; validation asks for them. */
export const IndicatorMeta = z
  .object({
    category: z.enum(INDICATOR_CATEGORIES).optional(),
    policySource: z.enum(POLICY_SOURCES).optional(),
    description: z.string().max(2000).optional(),
    target: z.string().max(1000).optional(),
    dataSource: z.string().max(500).optional(),
    methodText: z.string().max(2000).optional(),
    evidence: EvidenceMeta.optional(),
    nodes: z.array(NodeMeta).max(60).optional(),
  })
  .strict();
export type IndicatorMeta = z.output<typeof IndicatorMeta>;
export type IndicatorMetaInput = z.input<typeof IndicatorMeta>;

/** In-year settings (docs/in-year.md): yellow-light warning window and red-light answer deadline, in days. */
export const InYearMeta = z
  .object({
    warningDays: z.number().int().min(0).max(60).optional(),
    answerDays: z.number().int().min(1).max(60).optional(),
    /** Pins the day lights are computed as of (the demo's "mid-2019"); an explicit day still wins. */
    asOf: z.string().regex(DATE, { message: 'must be a date YYYY-MM-DD' }).optional(),
  })
  .strict();

/**
 * R25 (issue 15): a scheme copied from a published year lists that year's full-mark and non-discriminating
 * indicators; the office keeps, adjusts or drops each. Kept in the document, so every later version carries it.
 */
export const REVIEW_DECISIONS = ['keep', 'adjust', 'drop'] as const;
export const ReviewMeta = z
  .object({
    fromYear: z.number().int(),
    items: z
      .array(
        z
          .object({
            groupId: z.string(),
            indicatorId: z.string(),
            name: z.string().max(200),
            fullMarkRate: z.number(),
            reasons: z.array(z.string()).max(20),
            decision: z.enum(REVIEW_DECISIONS).nullable().default(null),
            note: z.string().max(500).optional(),
          })
          .strict(),
      )
      .max(5000),
  })
  .strict();
export type ReviewMeta = z.output<typeof ReviewMeta>;

export const DocumentMeta = z
  .object({
    indicators: z.record(z.string(), IndicatorMeta).default({}),
    inYear: InYearMeta.optional(),
    review: ReviewMeta.optional(),
  })
  .strict()
  .default({ indicators: {} });

export const SchemeDocument = z.object({ engine: SchemeSchema, meta: DocumentMeta }).strict();
export type SchemeDocument = z.output<typeof SchemeDocument>;
export type SchemeDocumentInput = z.input<typeof SchemeDocument>;
export type { Indicator, Scheme };

/** `['engine', 'groups', 0, 'id']` → `engine.groups[0].id` (the engine's path style). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/**
 * Parses (and normalises: defaults filled in) a document. A malformed one throws a ZodError whose paths read
 * `document.engine.groups[0]…`; the error handler answers 400 VALIDATION_FAILED, localised per request.
 */
export function parseDocument(input: unknown, prefix = 'document'): SchemeDocument {
  const r = SchemeDocument.safeParse(input);
  if (r.success) return r.data;
  throw new z.ZodError(r.error.issues.map((i) => ({ ...i, path: [formatPath([prefix, ...i.path])] })));
}

export interface LeafRef {
  groupIndex: number;
  groupId: string;
  groupName: string;
  blockId: string;
  blockName: string;
  indicator: Indicator;
  /** Parent indicators' names, outermost first. */
  parents: string[];
  /** Document path, e.g. `engine.groups[0].blocks[1].indicators[3]`. */
  path: string;
  isLeaf: boolean;
}

/** Every indicator of every group (own blocks, or the shared tree), parents before their children. */
export function walkIndicators(engine: Scheme): LeafRef[] {
  const out: LeafRef[] = [];
  engine.groups.forEach((g, gi) => {
    const own = g.blocks !== undefined;
    const blocks = g.blocks ?? engine.blocks;
    blocks.forEach((b, bi) => {
      const base = own ? `engine.groups[${gi}].blocks[${bi}]` : `engine.blocks[${bi}]`;
      const visit = (ind: Indicator, path: string, parents: string[]) => {
        if (g.exclude.includes(ind.id)) return;
        const isLeaf = !ind.children || ind.children.length === 0;
        out.push({
          groupIndex: gi,
          groupId: g.id,
          groupName: g.name ?? g.id,
          blockId: b.id,
          blockName: b.name ?? b.id,
          indicator: ind,
          parents,
          path,
          isLeaf,
        });
        (ind.children ?? []).forEach((c, ci) => visit(c, `${path}.children[${ci}]`, [...parents, ind.name ?? ind.id]));
      };
      b.indicators.forEach((ind, ii) => visit(ind, `${base}.indicators[${ii}]`, []));
    });
  });
  return out;
}

export function leafCount(doc: SchemeDocument): number {
  return walkIndicators(doc.engine).filter((l) => l.isLeaf).length;
}

/** Shifts a YYYY-MM-DD date by whole years (29 Feb → 28 Feb). */
function shiftDate(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  let rest = date.slice(4);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (rest === '-02-29' && !leap) rest = '-02-28';
  return `${String(y).padStart(4, '0')}${rest}`;
}

/** A copy of another year's document: process-node due dates move with the year. */
export function copyDocument(doc: SchemeDocument, fromYear: number, toYear: number): SchemeDocument {
  const years = toYear - fromYear;
  const indicators: SchemeDocument['meta']['indicators'] = {};
  for (const [id, m] of Object.entries(doc.meta.indicators)) {
    indicators[id] = m.nodes ? { ...m, nodes: m.nodes.map((n) => ({ ...n, due: shiftDate(n.due, years) })) } : m;
  }
  return structuredClone({ ...doc, meta: { ...doc.meta, indicators } });
}
