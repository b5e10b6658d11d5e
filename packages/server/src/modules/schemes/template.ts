/**
 * Start a year from a template (issue 15): the product ships the demo county's 2019 scheme as a template, built
 * from code (the seed's catalogue), so a county created from zero on a database without the demo can use it. A
 * county gets a copy (never a reference): the office maps each template group onto one of its own groups or drops
 * it — a template group without a mapping is refused with the valid choices, never defaulted. What only fits the
 * demo county is left out of the copy: its units' feature indicators and per-unit targets; its assessor
 * departments are matched to the county's departments by name (or short name), and the ones it lacks are left
 * for the office to set (validation says which). The copy is the scheme's first draft; its note and the audit
 * log say which template it came from and how the groups were mapped.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { tenants, unitGroups, units } from '../../db/schema';
import { AppError, type ErrorDetail, type Locale } from '../../errors';
import { demoUnits } from '../../seed/demo-county';
import { demoScheme2019 } from '../../seed/schemes-2019';
import type { Actor } from '../auth/actor';
import { copyDocument, parseDocument, walkIndicators, type SchemeDocument } from './document';
import type { CreateFromTemplate, SchemeSummary, SchemeTemplate } from './schemas';
import { createPreparedScheme } from './service';

type Kind = 'township' | 'department';

interface TemplateDef {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  /** The year the template's dates belong to (node due dates move to the new year). */
  fromYear: number;
  /** The county name the template's texts carry, replaced by the adopting county's. */
  countyName: string;
  kinds: Record<string, Kind>;
  build: () => SchemeDocument;
  /** The template's assessor codes → the department's name and short name, for matching by name. */
  assessors: () => Map<string, { name: string; shortName: string | null }>;
}

const DEFS: TemplateDef[] = [
  {
    id: 'demo-2019',
    name: '示范方案（2019 年度，乡镇和县直部门）',
    nameEn: 'Sample scheme (2019; townships and county departments)',
    description:
      '四个考核类别（乡镇、党群部门、政府部门、垂管及其他），党建、经济发展、重点工作等板块，加分、扣分、一票否决、综合评价和按比例定档规则；不含各单位的特色指标和分单位目标',
    descriptionEn:
      'Four groups (townships, party, government, vertical), blocks for party building, development and key work, bonus, deduction, veto, evaluation and tier-by-share rules; without the units’ feature indicators and per-unit targets',
    fromYear: 2019,
    countyName: '示范县',
    kinds: { township: 'township', party: 'department', government: 'department', vertical: 'department' },
    build: () => parseDocument(demoScheme2019()),
    assessors: () => new Map(demoUnits().map((u) => [u.code, { name: u.name, shortName: u.shortName }])),
  },
];

let cache: Map<string, SchemeDocument> | null = null;
function templateDocument(def: TemplateDef): SchemeDocument {
  cache ??= new Map();
  let doc = cache.get(def.id);
  if (!doc) cache.set(def.id, (doc = def.build()));
  return structuredClone(doc);
}

const isFeature = (ind: { appliesTo?: string[] | undefined }) => (ind.appliesTo?.length ?? 0) > 0;

/** The templates the product ships, with their groups (what the office maps). */
export function listTemplates(locale: Locale): SchemeTemplate[] {
  return DEFS.map((def) => {
    const doc = templateDocument(def);
    const leaves = walkIndicators(doc.engine).filter((l) => l.isLeaf && !isFeature(l.indicator));
    return {
      id: def.id,
      name: locale === 'en' ? def.nameEn : def.name,
      description: locale === 'en' ? def.descriptionEn : def.description,
      fromYear: def.fromYear,
      hasEvaluation: doc.engine.evaluation !== undefined,
      groups: doc.engine.groups.map((g) => ({
        id: g.id,
        name: g.name ?? g.id,
        kind: def.kinds[g.id] ?? 'department',
        indicators: leaves.filter((l) => l.groupId === g.id).length,
      })),
    };
  });
}

const KIND_ZH: Record<Kind, string> = { township: '乡镇', department: '县直部门' };
const KIND_EN: Record<Kind, string> = { township: 'township', department: 'department' };

function detail(path: string, zh: string, en: string): ErrorDetail {
  return { path, message: zh, messages: { 'zh-CN': zh, en } };
}

interface CountyGroup {
  code: string;
  name: string;
  kind: Kind;
}

/** Checks the office's mapping: every template group mapped or dropped, onto a group of the county of its kind. */
function checkMapping(def: TemplateDef, doc: SchemeDocument, input: CreateFromTemplate, county: CountyGroup[]) {
  const details: ErrorDetail[] = [];
  const tplIds = new Set(doc.engine.groups.map((g) => g.id));
  const byCode = new Map(county.map((g) => [g.code, g]));
  const choices = (kind: Kind) => {
    const list = county.filter((g) => g.kind === kind);
    return {
      zh: [...list.map((g) => `${g.name}（${g.code}）`), '不使用'].join('、'),
      en: [...list.map((g) => `${g.name} (${g.code})`), 'null (drop it)'].join(', '),
    };
  };
  for (const key of Object.keys(input.groups)) {
    if (!tplIds.has(key)) {
      const ids = [...tplIds].join('、');
      details.push(
        detail(
          `groups.${key}`,
          `模板中没有考核类别“${key}”；模板的类别：${ids}`,
          `The template has no group "${key}"; its groups: ${[...tplIds].join(', ')}`,
        ),
      );
    }
  }
  const used = new Map<string, string>();
  for (const g of doc.engine.groups) {
    const kind = def.kinds[g.id] ?? 'department';
    const name = g.name ?? g.id;
    const c = choices(kind);
    if (!(g.id in input.groups)) {
      details.push(
        detail(
          `groups.${g.id}`,
          `请为模板类别“${name}”选择本县的考核类别，或选择不使用；可选：${c.zh}`,
          `Choose the county group the template group "${name}" becomes, or drop it; choices: ${c.en}`,
        ),
      );
      continue;
    }
    const target = input.groups[g.id];
    if (target === null || target === undefined) continue;
    const cg = byCode.get(target);
    if (!cg || cg.kind !== kind) {
      details.push(
        detail(
          `groups.${g.id}`,
          cg
            ? `本县考核类别“${cg.name}”是${KIND_ZH[cg.kind]}类别，不能对应模板的${KIND_ZH[kind]}类别“${name}”；可选：${c.zh}`
            : `“${target}”不是本县在用的考核类别；模板类别“${name}”可选：${c.zh}`,
          cg
            ? `The county group "${cg.name}" is a ${KIND_EN[cg.kind]} group and cannot take the ${KIND_EN[kind]} template group "${name}"; choices: ${c.en}`
            : `"${target}" is not a group of the county in use; choices for the template group "${name}": ${c.en}`,
        ),
      );
      continue;
    }
    const first = used.get(target);
    if (first !== undefined) {
      details.push(
        detail(
          `groups.${g.id}`,
          `模板类别“${first}”和“${name}”不能对应同一个本县类别“${cg.name}”`,
          `The template groups "${first}" and "${name}" cannot both become the county group "${cg.name}"`,
        ),
      );
      continue;
    }
    used.set(target, name);
  }
  if (doc.engine.evaluation && input.evaluation === undefined) {
    details.push(
      detail(
        'evaluation',
        '模板含综合评价（领导评价、部门互评等）：请选择保留（年终须组织评议）或不设（综合得分只计指标得分）',
        'The template has a comprehensive evaluation: choose keep (ballots at year end) or drop (the composite is the indicator score)',
      ),
    );
  }
  if (details.length === 0 && used.size === 0) {
    details.push(detail('groups', '至少要使用模板的一个考核类别', 'Use at least one of the template’s groups'));
  }
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', {}, details);
}

type Ind = SchemeDocument['engine']['groups'][number] extends { blocks?: (infer B)[] | undefined }
  ? B extends { indicators: (infer I)[] }
    ? I
    : never
  : never;

/** The county's copy of the template document: mapped groups only, no feature indicators, matched assessors. */
function adapt(
  def: TemplateDef,
  doc: SchemeDocument,
  mapping: Record<string, string | null>,
  county: CountyGroup[],
  departments: { code: string; name: string; shortName: string | null }[],
  countyName: string,
  evaluationChoice: 'keep' | 'drop' | undefined,
): { doc: SchemeDocument; matched: number; unmatched: number; dropped: number } {
  const byCode = new Map(county.map((g) => [g.code, g]));
  const tplAssessors = def.assessors();
  const deptBy = new Map<string, string>();
  for (const d of departments) {
    if (d.shortName && !deptBy.has(d.shortName)) deptBy.set(d.shortName, d.code);
  }
  for (const d of departments) deptBy.set(d.name, d.code);
  const assessorFor = (code: string | undefined): string | undefined => {
    if (!code) return undefined;
    const a = tplAssessors.get(code);
    if (!a) return undefined;
    return deptBy.get(a.name) ?? (a.shortName ? deptBy.get(a.shortName) : undefined);
  };
  let matched = 0;
  let unmatched = 0;
  let dropped = 0;
  const keep = new Set<string>();
  const visit = (list: Ind[]): Ind[] =>
    list.flatMap((ind) => {
      if (isFeature(ind)) {
        dropped += 1;
        return [];
      }
      const next: Ind = { ...ind, unitParams: {} };
      if (ind.children && ind.children.length > 0) next.children = visit(ind.children);
      if (ind.assessorId) {
        const a = assessorFor(ind.assessorId);
        if (a) {
          next.assessorId = a;
          matched += 1;
        } else {
          delete next.assessorId;
          unmatched += 1;
        }
      }
      keep.add(ind.id);
      return [next];
    });
  const groups = doc.engine.groups.flatMap((g) => {
    const target = mapping[g.id];
    const cg = target ? byCode.get(target) : undefined;
    if (!cg) return [];
    const blocks = (g.blocks ?? doc.engine.blocks)
      .map((b) => ({ ...b, indicators: visit(b.indicators) }))
      .filter((b) => b.indicators.length > 0);
    return [{ ...g, id: cg.code, name: cg.name, blocks }];
  });
  const indicators = Object.fromEntries(Object.entries(doc.meta.indicators).filter(([id]) => keep.has(id)));
  const { asOf: _asOf, ...inYear } = doc.meta.inYear ?? {};
  // A rule's data provider (数据提供单位) is the template county's department: this county's of the same name, else none.
  const withProvider = <T extends { provider?: string | undefined }>(r: T): T => {
    if (r.provider === undefined) return r;
    const { provider, ...rest } = r;
    const mine = assessorFor(provider);
    return (mine ? { ...rest, provider: mine } : rest) as T;
  };
  // Without the evaluation nothing may point at it: the composite is the indicator score, tie-breaks by raters go.
  // Roll-ups name the template county's units: none of them is this county's.
  const { evaluation, ranking, rollUps: _rollUps, ...engine } = doc.engine;
  const keepEvaluation = evaluationChoice !== 'drop';
  const out: SchemeDocument = {
    engine: {
      ...engine,
      ...(keepEvaluation && evaluation ? { evaluation } : {}),
      ranking: keepEvaluation
        ? ranking
        : { ...ranking, tieBreakers: ranking.tieBreakers.filter((b) => b.kind !== 'raterGroup') },
      blocks: [],
      groups: keepEvaluation ? groups : groups.map((g) => ({ ...g, composite: { a: 1, b: 0 } })),
      bonus: { ...engine.bonus, categories: engine.bonus.categories.map(withProvider) },
      deductions: engine.deductions.map(withProvider),
      vetoes: engine.vetoes.map(withProvider),
      rollUps: [],
    },
    meta: { indicators, ...(doc.meta.inYear ? { inYear } : {}) },
  };
  // The template's texts name its county (a data source 国家统计局示范县调查队 …): the copy names this one.
  const json = JSON.stringify(out).split(def.countyName).join(countyName);
  return { doc: parseDocument(JSON.parse(json)), matched, unmatched, dropped };
}

export async function createFromTemplate(
  db: Database,
  actor: Actor,
  input: CreateFromTemplate,
): Promise<SchemeSummary> {
  const def = DEFS.find((d) => d.id === input.templateId);
  if (!def) {
    const ids = DEFS.map((d) => d.id).join(', ');
    throw new AppError('VALIDATION_FAILED', {}, [
      detail(
        'templateId',
        `没有模板“${input.templateId}”；可选：${ids}`,
        `No template "${input.templateId}"; one of: ${ids}`,
      ),
    ]);
  }
  return createPreparedScheme(db, actor, input, async (tx) => {
    const [groupRows, deptRows, tenantRows] = await Promise.all([
      tx
        .select({
          code: unitGroups.code,
          name: unitGroups.name,
          kind: unitGroups.kind,
          retiredAt: unitGroups.retiredAt,
        })
        .from(unitGroups)
        .where(eq(unitGroups.tenantId, actor.tenantId))
        .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code)),
      tx
        .select({ code: units.code, name: units.name, shortName: units.shortName })
        .from(units)
        .where(and(eq(units.tenantId, actor.tenantId), eq(units.kind, 'department'), eq(units.active, true)))
        .orderBy(asc(units.code)),
      tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, actor.tenantId)),
    ]);
    const county: CountyGroup[] = groupRows
      .filter((g) => g.retiredAt === null)
      .map((g) => ({ code: g.code, name: g.name, kind: g.kind === 'township' ? 'township' : 'department' }));
    const source = copyDocument(templateDocument(def), def.fromYear, input.year);
    checkMapping(def, source, input, county);
    const adapted = adapt(
      def,
      source,
      input.groups,
      county,
      deptRows,
      tenantRows[0]?.name ?? def.countyName,
      input.evaluation,
    );
    const byCode = new Map(county.map((g) => [g.code, g]));
    const parts = source.engine.groups.map((g) => {
      const target = input.groups[g.id];
      const cg = target ? byCode.get(target) : undefined;
      return cg ? `${g.name ?? g.id}→${cg.name}（${cg.code}）` : `${g.name ?? g.id}→不使用`;
    });
    const note =
      `依据模板「${def.name}」新建：${parts.join('，')}；` +
      `考核主体按单位名称对应 ${adapted.matched} 项，${adapted.unmatched} 项待指定；未复制特色指标 ${adapted.dropped} 项` +
      (source.engine.evaluation
        ? input.evaluation === 'drop'
          ? '；不设综合评价（综合得分只计指标得分）'
          : '；保留综合评价'
        : '');
    return {
      document: adapted.doc,
      note,
      summary: `新建 ${input.year} 年度考核方案「${input.name}」，${note}`,
      after: {
        template: def.id,
        groups: input.groups,
        assessors: { matched: adapted.matched, unmatched: adapted.unmatched },
        featureIndicatorsLeftOut: adapted.dropped,
        evaluation: input.evaluation ?? null,
      },
    };
  });
}
