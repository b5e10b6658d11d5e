import {
  DIFFICULTY_APPLIES,
  groupScale,
  IndicatorFlagSchema,
  MethodSchema,
  MISSING_POLICIES,
  METHOD_KINDS,
  SCALE_MODES,
  type Indicator,
  type MethodKind,
  type ScaleMode,
} from '@yardstick/engine';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import { unitGroups, units } from '../../../db/schema';
import { localizeIssue } from '../../../plugins/zod-i18n';
import { canonicalJson } from '../../audit/service';
import type { Actor } from '../../auth/actor';
import {
  CATEGORY_NAMES,
  EVIDENCE_RULES,
  INDICATOR_CATEGORIES,
  parseDocument,
  POLICY_SOURCE_NAMES,
  POLICY_SOURCES,
  walkIndicators,
  type EvidenceRule,
  type IndicatorCategory,
  type IndicatorMeta,
  type PolicySource,
  type SchemeDocument,
} from '../../schemes/document';
import { getDraftDocument, getSchemeByYear, getVersion, saveDraft, validateScheme } from '../../schemes/service';
import { msg, t, type Text } from '../messages';
import {
  checkRequired,
  readSheet,
  type CellValue,
  type Column,
  type IssueList,
  type ParsedRow,
  type SheetSpec,
} from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';

type Key =
  | 'group'
  | 'blockId'
  | 'block'
  | 'blockWeight'
  | 'id'
  | 'parent'
  | 'name'
  | 'points'
  | 'method'
  | 'params'
  | 'assessor'
  | 'category'
  | 'policySource'
  | 'key'
  | 'dataSource'
  | 'evidence'
  | 'nodes'
  | 'description'
  | 'target'
  | 'methodText'
  | 'scaleTotal'
  | 'scaleMode'
  | 'scaleEvaluation'
  | 'other';

/** The point scale's modes as the workbook and the editor name them (docs/scoring.md §2a). */
export const SCALE_MODE_NAMES: Record<ScaleMode, string> = { points: '按方案分值', normalised: '折算到满分' };
const scaleModeByName = new Map<string, ScaleMode>(
  SCALE_MODES.flatMap((m) => [
    [SCALE_MODE_NAMES[m], m],
    [m, m],
  ]),
);

export const METHOD_NAMES: Record<MethodKind, string> = {
  ratio: '完成率',
  steps: '阶梯',
  goalposts: '固定标尺',
  topRatio: '比最优',
  rank: '位次',
  deduction: '扣分制',
  grade: '等次',
  binary: '完成与否',
  marginal: '分段扣分',
  upper: '市考折算',
  manual: '人工评分',
  formula: '公式计算',
};
const methodByName = new Map<string, MethodKind>(
  METHOD_KINDS.flatMap((k) => [
    [METHOD_NAMES[k], k],
    [k, k],
  ]),
);
const EVIDENCE_NAMES: Record<EvidenceRule, string> = { none: '不需要', optional: '可选', required: '必须' };
const evidenceByName = new Map<string, EvidenceRule>(EVIDENCE_RULES.map((r) => [EVIDENCE_NAMES[r], r]));
const categoryByName = new Map<string, IndicatorCategory>(
  INDICATOR_CATEGORIES.map((c) => [CATEGORY_NAMES[c]['zh-CN'], c]),
);
const sourceByName = new Map<string, PolicySource>(POLICY_SOURCES.map((s) => [POLICY_SOURCE_NAMES[s]['zh-CN'], s]));
const ID = /^[A-Za-z0-9_.-]+$/;
/** Share of the process part for an indicator that gets nodes from a file and had none (PRODUCT §4.2: e.g. 40/60). */
const DEFAULT_PROCESS_SHARE = 0.4;

/**
 * What an indicator row's 其他设置 (JSON) carries: the indicator's fields that have no column of their own (per-unit
 * parameters have their own workbook). Written when they differ from the default, so a plain row stays blank.
 */
const OTHER_NAMES = {
  missing: '缺数处理',
  params: '公式参数',
  difficultyApplies: '难度系数作用于',
  appliesTo: '特色指标适用单位',
  flags: '资格标记',
  source: '政策来源原文',
  process: '过程分占比与节点权重',
} as const;
const OtherSettings = z
  .object({
    missing: z.enum(MISSING_POLICIES),
    params: z.record(z.string(), z.number()),
    difficultyApplies: z.enum(DIFFICULTY_APPLIES),
    appliesTo: z.array(z.string().min(1)),
    flags: z.array(IndicatorFlagSchema),
    source: z.string(),
    process: z
      .object({
        share: z.number().min(0).max(1),
        greenFraction: z.number().min(0).max(1),
        yellowFraction: z.number().min(0).max(1),
        redFraction: z.number().min(0).max(1),
        missingFraction: z.number().min(0).max(1),
        weights: z.record(z.string(), z.number().min(0)),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
type OtherSettings = z.output<typeof OtherSettings>;

/** An indicator's 其他设置 as exported: only what differs from what a row without it would get. */
function otherOf(ind: Indicator, meta: IndicatorMeta | undefined): string | null {
  const o: OtherSettings = {};
  if (ind.missing !== 'zero') o.missing = ind.missing;
  if (Object.keys(ind.params).length > 0) o.params = ind.params;
  if (ind.difficultyApplies !== 'score') o.difficultyApplies = ind.difficultyApplies;
  if (ind.appliesTo) o.appliesTo = ind.appliesTo;
  if (ind.flags.length > 0) o.flags = ind.flags;
  // the engine's source follows the policy source unless the draft worded it otherwise
  if (ind.source !== undefined && ind.source !== meta?.policySource) o.source = ind.source;
  const p = ind.process;
  if (p) {
    const proc: NonNullable<OtherSettings['process']> = {};
    if (p.share !== DEFAULT_PROCESS_SHARE) proc.share = p.share;
    if (p.greenFraction !== 1) proc.greenFraction = p.greenFraction;
    if (p.yellowFraction !== 1) proc.yellowFraction = p.yellowFraction;
    if (p.redFraction !== 0) proc.redFraction = p.redFraction;
    if (p.missingFraction !== 0) proc.missingFraction = p.missingFraction;
    const weights = Object.fromEntries(p.nodes.filter((n) => n.weight !== 1).map((n) => [n.id, n.weight]));
    if (Object.keys(weights).length > 0) proc.weights = weights;
    if (Object.keys(proc).length > 0) o.process = proc;
  }
  return Object.keys(o).length === 0 ? null : JSON.stringify(o);
}

/** A row's 其他设置 read, or the message saying what is wrong with it. */
function parseOther(raw: string | null): { value: OtherSettings } | { error: Text } {
  if (raw === null) return { value: {} };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { error: t('不是有效的 JSON 对象', 'is not a valid JSON object') };
  }
  const r = OtherSettings.safeParse(v);
  if (r.success) return { value: r.data };
  const first = r.error.issues[0];
  if (first?.code === 'unrecognized_keys')
    return {
      error: t(
        `不能写 ${first.keys.join('、')}；可写：${Object.keys(OTHER_NAMES).join('、')}`,
        `cannot carry ${first.keys.join(', ')}; valid: ${Object.keys(OTHER_NAMES).join(', ')}`,
      ),
    };
  const where = first && first.path.length > 0 ? `${first.path.join('.')}：` : '';
  return {
    error: t(
      `${where}${first ? localizeIssue(first as never, 'zh-CN') : ''}`,
      `${where}${first ? localizeIssue(first as never, 'en') : ''}`,
    ),
  };
}

function columns(groupNames: string[], unitCodes: string[]): Column<Key>[] {
  return [
    {
      key: 'group',
      header: '组别',
      headerEn: 'group',
      type: 'text',
      required: true,
      width: 12,
      options: groupNames,
      lenient: true,
      help: '考核类别名称或编码；文件中出现的组别，其指标树整体替换为文件内容',
    },
    {
      key: 'blockId',
      header: '板块编号',
      headerEn: 'block id',
      type: 'text',
      width: 12,
      maxLength: 64,
      help: '可留空：按板块名称沿用已有板块，或自动编号',
    },
    {
      key: 'block',
      header: '板块',
      headerEn: 'block',
      type: 'text',
      required: true,
      width: 14,
      maxLength: 64,
      help: '板块名称，如 党的建设、经济发展',
    },
    {
      key: 'blockWeight',
      header: '板块权重',
      headerEn: 'block weight',
      type: 'number',
      width: 10,
      // The scheme format's limit (engine model: weight ≥ 0, no upper bound): schemes total 1,000 or 1,750 points.
      min: 0,
      help: '可留空（按分值）；同一板块各行填写相同的值',
    },
    {
      key: 'id',
      header: '指标编号',
      headerEn: 'indicator id',
      type: 'text',
      locked: true,
      required: true,
      width: 14,
      maxLength: 64,
      help: '字母、数字、下划线、点或短横线，组内唯一',
    },
    {
      key: 'parent',
      header: '上级指标',
      headerEn: 'parent',
      type: 'text',
      width: 12,
      maxLength: 64,
      help: '子指标填上级指标的编号；一级指标留空',
    },
    {
      key: 'name',
      header: '指标名称',
      headerEn: 'name',
      type: 'text',
      required: true,
      width: 30,
      maxLength: 200,
      help: '指标名称',
    },
    {
      key: 'points',
      header: '分值',
      headerEn: 'points',
      type: 'number',
      required: true,
      width: 8,
      // The scheme format's limit (engine model: points ≥ 0, no upper bound), e.g. a 1,750-point scheme.
      min: 0,
      help: '满分；有子指标时为子指标分值之和',
    },
    {
      key: 'method',
      header: '评分方法',
      headerEn: 'method',
      type: 'text',
      width: 12,
      options: Object.values(METHOD_NAMES),
      lenient: true,
      help: '末级指标必填；有子指标的指标留空',
    },
    {
      key: 'params',
      header: '方法参数',
      headerEn: 'method parameters',
      type: 'text',
      width: 36,
      maxLength: 4000,
      help: 'JSON，如 {"target": 8}；或 键=值，用分号分隔，如 target=8; cap=1.2',
    },
    {
      key: 'assessor',
      header: '考核主体',
      headerEn: 'assessor',
      type: 'text',
      width: 12,
      options: unitCodes,
      lenient: true,
      help: '考核主体单位的编码，如 ZF01',
    },
    {
      key: 'category',
      header: '指标类别',
      headerEn: 'category',
      type: 'text',
      width: 16,
      options: [...categoryByName.keys()],
      help: '政府部门工作指标、党建指标、重点工作或专项工作',
    },
    {
      key: 'policySource',
      header: '政策来源',
      headerEn: 'policy source',
      type: 'text',
      width: 16,
      options: [...sourceByName.keys()],
      help: '中央部署、市委重点工作、市委全会目标、政府工作报告、领导批示或县委县政府部署',
    },
    {
      key: 'key',
      header: '重点工作',
      headerEn: 'key work',
      type: 'text',
      width: 10,
      options: ['是', '否'],
      help: '是 或 否；留空为 否',
    },
    {
      key: 'dataSource',
      header: '数据来源',
      headerEn: 'data source',
      type: 'text',
      width: 20,
      maxLength: 500,
      help: '如 县统计局年报',
    },
    {
      key: 'evidence',
      header: '佐证要求',
      headerEn: 'evidence',
      type: 'text',
      width: 16,
      maxLength: 200,
      help: '不需要、可选 或 必须，可加文件类型，如 必须:pdf,jpg',
    },
    {
      key: 'nodes',
      header: '过程节点',
      headerEn: 'process nodes',
      type: 'text',
      width: 36,
      maxLength: 2000,
      help: '编号:截止日期:预期进度[:名称]，用分号分隔，如 n1:2019-03-31:25;n2:2019-06-30:50:半年',
    },
    {
      key: 'description',
      header: '说明',
      headerEn: 'description',
      type: 'text',
      width: 40,
      maxLength: 2000,
      help: '考核内容',
    },
    {
      key: 'target',
      header: '目标任务',
      headerEn: 'target',
      type: 'text',
      width: 30,
      maxLength: 1000,
      help: '考核目标（文字），如 全年完成 8% 的增长；留空则保留方案中已有的',
    },
    {
      key: 'methodText',
      header: '评分办法',
      headerEn: 'scoring text',
      type: 'text',
      width: 36,
      maxLength: 2000,
      help: '方案印发的评分办法原文；留空则保留方案中已有的',
    },
    // The group's point scale (满分, docs/scoring.md §2a): like the block weight, the same on every row of the group.
    {
      key: 'scaleTotal',
      header: '满分',
      headerEn: 'full marks',
      type: 'number',
      width: 8,
      min: 0,
      help: '本组别满分，如 1000；同一组别各行填写相同的值；整列留空为百分制折算（不改变已有设置）',
    },
    {
      key: 'scaleMode',
      header: '计分方式',
      headerEn: 'scoring on the scale',
      type: 'text',
      width: 12,
      options: Object.values(SCALE_MODE_NAMES),
      lenient: true,
      help: '按方案分值（按印发的分值计分，指标分值与综合评价分值之和须等于满分）或 折算到满分；填写满分时留空为 按方案分值',
    },
    {
      key: 'scaleEvaluation',
      header: '综合评价分值',
      headerEn: 'evaluation points',
      type: 'number',
      width: 10,
      min: 0,
      help: '按方案分值时综合评价占的分值，如 200；留空则为 满分 × 综合评价权重',
    },
    {
      key: 'other',
      header: '其他设置',
      headerEn: 'other settings',
      type: 'text',
      width: 40,
      maxLength: 30000,
      help: `前面各列之外的设置，JSON 格式，由导出文件写出：${Object.keys(OTHER_NAMES).join('、')}；写出的项以文件为准，未写的项保留方案中的设置`,
    },
  ];
}

const spec = (groupNames: string[], unitCodes: string[], year: number): SheetSpec<Key> => ({
  sheet: `${year}年指标`,
  title: `${year} 年度考核方案指标`,
  columns: columns(groupNames, unitCodes),
  notes: [
    `6. 导入写入 ${year} 年度方案的草稿：文件中出现的组别，其板块和指标整体替换为文件内容；其他组别和加分、扣分、否决、定档等规则不变。`,
    `7. 每行一个指标，上级指标须在同一组别中。“其他设置”列（JSON）写出各列之外的设置：${Object.entries(OTHER_NAMES)
      .map(([k, v]) => `${k}（${v}）`)
      .join(
        '、',
      )}；写出的项以文件为准，未写的项按指标编号保留方案中的设置。各单位的目标值、难度系数等在另一个工作簿“单位参数”中导出导入。`,
    '8. 满分、计分方式、综合评价分值是组别的设置，同一组别各行填写相同的值；加分、扣分、一票否决的分值均按此满分填写（如千分制方案的一票否决扣 30 分即填 30）。',
  ],
});

async function countyLists(db: Database, actor: Actor) {
  const [groups, unitRows] = await Promise.all([
    db
      .select({ code: unitGroups.code, name: unitGroups.name })
      .from(unitGroups)
      .where(eq(unitGroups.tenantId, actor.tenantId))
      .orderBy(asc(unitGroups.sortOrder)),
    db.select({ code: units.code }).from(units).where(eq(units.tenantId, actor.tenantId)).orderBy(asc(units.code)),
  ]);
  return { groups, unitCodes: unitRows.map((u) => u.code) };
}

/** The year's draft, or the version in force when there is no draft (export only). */
export async function currentDocument(db: Database, actor: Actor, year: number): Promise<SchemeDocument> {
  const scheme = await getSchemeByYear(db, actor, year);
  if (scheme.draftVersion !== null) return (await getDraftDocument(db, actor, scheme.id)).document;
  const no = scheme.publishedVersion;
  if (no === null) throw new Error('scheme without versions');
  return parseDocument((await getVersion(db, actor, scheme.id, no)).document);
}

function paramsText(method: Indicator['method']): string | null {
  if (!method) return null;
  const { kind: _kind, ...rest } = method;
  return Object.keys(rest).length === 0 ? null : JSON.stringify(rest);
}

function nodesText(meta: IndicatorMeta | undefined): string | null {
  if (!meta?.nodes || meta.nodes.length === 0) return null;
  return meta.nodes.map((n) => `${n.id}:${n.due}:${n.expected}${n.name ? `:${n.name}` : ''}`).join(';');
}

function evidenceText(meta: IndicatorMeta | undefined): string | null {
  if (!meta?.evidence) return null;
  const name = EVIDENCE_NAMES[meta.evidence.rule];
  return meta.evidence.fileTypes.length > 0 ? `${name}:${meta.evidence.fileTypes.join(',')}` : name;
}

/** `{"target": 8}` or `target=8; cap=1.2` → an object; null with a message when unreadable. */
export function parseParams(raw: string): { value: Record<string, unknown> } | { error: Text } {
  const s = raw.trim();
  if (s.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(s);
      if (v && typeof v === 'object' && !Array.isArray(v)) return { value: v as Record<string, unknown> };
    } catch {
      // fall through to the message below
    }
    return { error: t('不是有效的 JSON 对象', 'is not a valid JSON object') };
  }
  const out: Record<string, unknown> = {};
  for (const part of s.split(/[;；\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*[=＝]\s*(.*?)\s*$/.exec(part);
    if (!m || m[1] === undefined || m[2] === undefined) {
      return { error: t(`“${part.trim()}”应写成 键=值`, `"${part.trim()}" should read key=value`) };
    }
    const v = m[2];
    let value: unknown = v;
    if (/^[+-]?\d+(\.\d+)?$/.test(v)) value = Number(v);
    else if (v === 'true' || v === 'false') value = v === 'true';
    else if (v.startsWith('{') || v.startsWith('[')) {
      try {
        value = JSON.parse(v);
      } catch {
        return { error: t(`“${m[1]}”的值不是有效的 JSON`, `the value of "${m[1]}" is not valid JSON`) };
      }
    }
    out[m[1]] = value;
  }
  return { value: out };
}

type NodeMetaIn = { id: string; name: string; due: string; expected: number };
function parseNodes(raw: string): { value: NodeMetaIn[] } | { error: Text } {
  const out: NodeMetaIn[] = [];
  for (const part of raw.split(/[;；\n]/)) {
    if (part.trim() === '') continue;
    const [id, due, expected, ...name] = part.split(/[:：]/).map((p) => p.trim());
    const bad = t(
      `“${part.trim()}”应写成 编号:截止日期:预期进度，如 n1:2019-03-31:25`,
      `"${part.trim()}" should read id:due date:expected progress, e.g. n1:2019-03-31:25`,
    );
    if (!id || !ID.test(id) || !due || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return { error: bad };
    const exp = expected === undefined || expected === '' ? 100 : Number(expected.replace('%', ''));
    if (!Number.isFinite(exp) || exp < 0 || exp > 100) return { error: bad };
    const d = new Date(`${due}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== due) return { error: bad };
    out.push({ id, due, expected: exp, name: name.join(':') });
  }
  return { value: out };
}

const text = (v: CellValue) => (v === null ? null : String(v));

/** Comparable form of one indicator (its own fields, not its children) and its meta. */
const fingerprint = (ind: Indicator, meta: IndicatorMeta | undefined, blockId: string, parent: string) =>
  canonicalJson({ ...ind, children: (ind.children ?? []).map((c) => c.id), meta: meta ?? null, blockId, parent });

function fingerprints(doc: SchemeDocument, groups?: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  const parentOf = new Map<string, string>();
  for (const ref of walkIndicators(doc.engine)) {
    for (const c of ref.indicator.children ?? []) parentOf.set(`${ref.groupId}/${c.id}`, ref.indicator.id);
    if (groups && !groups.has(ref.groupId)) continue;
    const key = `${ref.groupId}/${ref.indicator.id}`;
    out.set(
      key,
      fingerprint(ref.indicator, doc.meta.indicators[ref.indicator.id], ref.blockId, parentOf.get(key) ?? ''),
    );
  }
  return out;
}

/** One row of the file, checked and turned into an indicator of group `gi` (the draft's group index). */
interface RowInd {
  row: number;
  gi: number;
  blockId: string;
  blockName: string;
  blockWeight: number | null;
  scale: { total: number | null; mode: ScaleMode | null; evaluation: number | null };
  parent: string | null;
  ind: Indicator;
  meta: IndicatorMeta;
}

/** What reading the rows needs: the draft, the county's lists and the sheet's columns. */
interface ImportContext {
  doc: SchemeDocument;
  cols: Record<Key, Column<Key>>;
  groupIndex: Map<string, number>;
  units: Set<string>;
  previous: Map<string, { ind: Indicator; blockId: string }>;
  issues: IssueList;
}

/** Each row checked cell by cell (issues added) and turned into an indicator; rows with issues are left out. */
function parseRows(rows: ParsedRow<Key>[], c: ImportContext): RowInd[] {
  const { doc, cols, groupIndex, units, previous, issues } = c;
  const parsed: RowInd[] = [];
  const seen = new Map<string, number>();
  const blockIds = new Map<string, string>();
  /** b1, b2 … not yet used in the group, for a block named in the file without an id. */
  const freshBlockId = (gi: number, existing: readonly { id: string }[]) => {
    const used = new Set([
      ...existing.map((b) => b.id),
      ...[...blockIds].filter(([k]) => k.startsWith(`${gi}/`)).map(([, id]) => id),
    ]);
    let n = 1;
    while (used.has(`b${n}`)) n++;
    return `b${n}`;
  };
  for (const { row, values: v } of rows) {
    const before = issues.total;
    const groupText = text(v.group);
    const gi = groupText === null ? undefined : groupIndex.get(groupText);
    if (groupText !== null && gi === undefined) issues.add(row, cols.group, msg.unknownGroup(groupText));
    const id = text(v.id);
    if (id !== null && !ID.test(id)) issues.add(row, cols.id, msg.codeFormat());
    if (id !== null && gi !== undefined) {
      const first = seen.get(`${gi}/${id}`);
      if (first !== undefined) issues.add(row, cols.id, msg.duplicate(id, first));
      else seen.set(`${gi}/${id}`, row);
    }
    const kindText = text(v.method);
    const kind = kindText === null ? null : methodByName.get(kindText);
    if (kindText !== null && !kind) issues.add(row, cols.method, msg.oneOf(Object.values(METHOD_NAMES)));
    let method: Indicator['method'];
    const paramsRaw = text(v.params);
    if (kind) {
      const params = paramsRaw === null ? { value: {} } : parseParams(paramsRaw);
      if ('error' in params) issues.add(row, cols.params, params.error);
      else {
        const m = MethodSchema.safeParse({ ...params.value, kind });
        if (m.success) method = m.data;
        else {
          const first = m.error.issues[0];
          const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
          const describe = (locale: 'zh-CN' | 'en') => (first ? localizeIssue(first as never, locale) : '');
          issues.add(row, cols.params, t(`${where}${describe('zh-CN')}`, `${where}${describe('en')}`));
        }
      }
    } else if (paramsRaw !== null && kindText === null) {
      issues.add(row, cols.method, t('填写了方法参数，请同时选择评分方法', 'parameters given; choose the method too'));
    }
    const assessor = text(v.assessor);
    if (assessor !== null && !units.has(assessor)) issues.add(row, cols.assessor, msg.unknownUnit(assessor));
    const nodesRaw = text(v.nodes);
    const nodes = nodesRaw === null ? { value: [] } : parseNodes(nodesRaw);
    if ('error' in nodes) issues.add(row, cols.nodes, nodes.error);
    const evidenceRaw = text(v.evidence);
    let evidence: IndicatorMeta['evidence'];
    if (evidenceRaw !== null) {
      const [ruleName = '', types = ''] = evidenceRaw.split(/[:：]/, 2).map((s) => s.trim());
      const rule = evidenceByName.get(ruleName);
      if (!rule) issues.add(row, cols.evidence, msg.oneOf(Object.values(EVIDENCE_NAMES)));
      else evidence = { rule, fileTypes: types.split(/[,，、\s]+/).filter((s) => s !== '') };
    }
    const scaleModeText = text(v.scaleMode);
    const scaleMode = scaleModeText === null ? null : (scaleModeByName.get(scaleModeText) ?? null);
    if (scaleModeText !== null && scaleMode === null)
      issues.add(row, cols.scaleMode, msg.oneOf(Object.values(SCALE_MODE_NAMES)));
    const blockName = text(v.block);
    const blockIdText = text(v.blockId);
    if (blockIdText !== null && !ID.test(blockIdText)) issues.add(row, cols.blockId, msg.codeFormat());
    const parent = text(v.parent);
    const otherRead = parseOther(text(v.other));
    if ('error' in otherRead) issues.add(row, cols.other, otherRead.error);
    const other = 'value' in otherRead ? otherRead.value : {};
    if (issues.total > before || gi === undefined || id === null || blockName === null) continue;
    const group = doc.engine.groups[gi];
    if (!group) continue;
    // Keep a block's id: given, else the block of that name in the draft, else one made up per name.
    const nameKey = `${gi}/${blockName}`;
    const blockId =
      blockIdText ??
      blockIds.get(nameKey) ??
      (group.blocks ?? doc.engine.blocks).find((b) => b.name === blockName)?.id ??
      freshBlockId(gi, group.blocks ?? []);
    blockIds.set(nameKey, blockId);
    const prev = previous.get(`${group.id}/${id}`)?.ind;
    const prevMeta = doc.meta.indicators[id];
    const nodeList = 'value' in nodes ? nodes.value : [];
    const process =
      nodeList.length === 0
        ? undefined
        : {
            share: other.process?.share ?? prev?.process?.share ?? DEFAULT_PROCESS_SHARE,
            greenFraction: other.process?.greenFraction ?? prev?.process?.greenFraction ?? 1,
            yellowFraction: other.process?.yellowFraction ?? prev?.process?.yellowFraction ?? 1,
            redFraction: other.process?.redFraction ?? prev?.process?.redFraction ?? 0,
            missingFraction: other.process?.missingFraction ?? prev?.process?.missingFraction ?? 0,
            nodes: nodeList.map((n) => ({
              id: n.id,
              weight: other.process?.weights?.[n.id] ?? prev?.process?.nodes.find((p) => p.id === n.id)?.weight ?? 1,
            })),
          };
    const policySource = v.policySource === null ? undefined : sourceByName.get(String(v.policySource));
    const ind: Indicator = {
      // 其他设置 first; what the row does not carry is kept from the draft's indicator of the same id.
      missing: other.missing ?? prev?.missing ?? 'zero',
      params: other.params ?? prev?.params ?? {},
      unitParams: prev?.unitParams ?? {},
      difficultyApplies: other.difficultyApplies ?? prev?.difficultyApplies ?? 'score',
      flags: (other.flags as Indicator['flags'] | undefined) ?? prev?.flags ?? [],
      ...(other.appliesTo ? { appliesTo: other.appliesTo } : prev?.appliesTo ? { appliesTo: prev.appliesTo } : {}),
      id,
      name: text(v.name) ?? id,
      points: typeof v.points === 'number' ? v.points : 0,
      ...(method ? { method } : {}),
      ...(process ? { process } : {}),
      key: v.key === '是',
      ...(assessor !== null ? { assessorId: assessor } : {}),
      // The engine's `source` follows the policy source; a draft's own wording is kept while they agree.
      ...(other.source !== undefined
        ? { source: other.source }
        : policySource
          ? { source: prevMeta?.policySource === policySource && prev?.source ? prev.source : policySource }
          : prev?.source
            ? { source: prev.source }
            : {}),
    };
    const category = v.category === null ? undefined : categoryByName.get(String(v.category));
    const description = text(v.description);
    const target = text(v.target);
    const methodText = text(v.methodText);
    const dataSource = text(v.dataSource);
    const meta: IndicatorMeta = {
      // a blank keeps the draft's text (files made before these columns existed carry none)
      ...(target !== null ? { target } : prevMeta?.target !== undefined ? { target: prevMeta.target } : {}),
      ...(methodText !== null
        ? { methodText }
        : prevMeta?.methodText !== undefined
          ? { methodText: prevMeta.methodText }
          : {}),
      ...(category ? { category } : {}),
      ...(policySource ? { policySource } : {}),
      ...(description !== null ? { description } : {}),
      ...(dataSource !== null ? { dataSource } : {}),
      ...(evidence ? { evidence } : {}),
      ...(nodeList.length > 0 ? { nodes: nodeList } : {}),
    };
    const weight = typeof v.blockWeight === 'number' ? v.blockWeight : null;
    const scale = {
      total: typeof v.scaleTotal === 'number' ? v.scaleTotal : null,
      mode: scaleMode,
      evaluation: typeof v.scaleEvaluation === 'number' ? v.scaleEvaluation : null,
    };
    parsed.push({ row, gi, blockId, blockName, blockWeight: weight, scale, parent, ind, meta });
  }

  return parsed;
}

/** Children under their parents (same group), in file order; a parent elsewhere or a loop is an issue. */
function buildTrees(parsed: RowInd[], cols: Record<Key, Column<Key>>, issues: IssueList): Map<string, RowInd> {
  const byKey = new Map(parsed.map((p) => [`${p.gi}/${p.ind.id}`, p]));
  const childrenOf = new Map<string, Indicator[]>();
  for (const p of parsed) {
    if (p.parent === null) continue;
    const parent = byKey.get(`${p.gi}/${p.parent}`);
    if (!parent || parent === p) {
      issues.add(p.row, cols.parent, t(`上级指标“${p.parent}”不在同一组别中`, `no parent "${p.parent}" in this group`));
      continue;
    }
    // A child's chain of parents must end at a top-level indicator (no cycles).
    const chain = new Set<string>([p.ind.id]);
    let up: RowInd | undefined = parent;
    while (up && up.parent !== null && !chain.has(up.ind.id)) {
      chain.add(up.ind.id);
      up = byKey.get(`${p.gi}/${up.parent}`);
    }
    if (up && chain.has(up.ind.id)) {
      issues.add(p.row, cols.parent, t('上级指标形成了循环', 'the parents form a loop'));
      continue;
    }
    const list = childrenOf.get(`${p.gi}/${p.parent}`) ?? [];
    list.push(p.ind);
    childrenOf.set(`${p.gi}/${p.parent}`, list);
  }
  for (const p of parsed) {
    const kids = childrenOf.get(`${p.gi}/${p.ind.id}`);
    if (kids) {
      p.ind.children = kids;
      if (p.ind.method) {
        issues.add(p.row, cols.method, t('有子指标的指标不填评分方法', 'an indicator with children has no method'));
      }
    } else if (!p.ind.method) {
      issues.add(p.row, cols.method, t('末级指标须选择评分方法', 'a leaf indicator needs a method'));
    }
  }
  return byKey;
}

type FileScale = { total: number; mode: ScaleMode; evaluationPoints?: number };

/**
 * Each file group's point scale from its rows (the same on every row, else an issue); a group whose rows leave the
 * three columns blank keeps its scale. A full-marks figure without a mode is a scheme scored as printed ('points').
 */
function fileScales(parsed: RowInd[], cols: Record<Key, Column<Key>>, issues: IssueList): Map<number, FileScale> {
  const seen = new Map<number, { row: number; scale: RowInd['scale'] }>();
  for (const p of parsed) {
    const given = p.scale.total !== null || p.scale.mode !== null || p.scale.evaluation !== null;
    if (!given) continue;
    const first = seen.get(p.gi);
    if (!first) {
      seen.set(p.gi, { row: p.row, scale: p.scale });
      continue;
    }
    const differ = (a: unknown, b: unknown) => a !== null && b !== null && a !== b;
    const same = t(
      `同一组别各行须填写相同的值（见第 ${first.row} 行）`,
      `must be the same on every row of the group (see row ${first.row})`,
    );
    if (differ(p.scale.total, first.scale.total)) issues.add(p.row, cols.scaleTotal, same);
    if (differ(p.scale.mode, first.scale.mode)) issues.add(p.row, cols.scaleMode, same);
    if (differ(p.scale.evaluation, first.scale.evaluation)) issues.add(p.row, cols.scaleEvaluation, same);
    first.scale = {
      total: first.scale.total ?? p.scale.total,
      mode: first.scale.mode ?? p.scale.mode,
      evaluation: first.scale.evaluation ?? p.scale.evaluation,
    };
  }
  const out = new Map<number, FileScale>();
  for (const [gi, { row, scale }] of seen) {
    if (scale.total === null) {
      issues.add(row, cols.scaleTotal, t('填写了计分方式或综合评价分值，请同时填写满分', 'give the full marks too'));
      continue;
    }
    out.set(gi, {
      total: scale.total,
      mode: scale.mode ?? 'points',
      ...(scale.evaluation !== null ? { evaluationPoints: scale.evaluation } : {}),
    });
  }
  return out;
}

/**
 * The file's scales into the engine: the scheme's `scale` (from the first such group when the draft has none), and a
 * group's own `scale` only for what differs from it — so an exported workbook re-imports to the same document.
 */
function applyScales(engine: SchemeDocument['engine'], scales: Map<number, FileScale>): SchemeDocument['engine'] {
  if (scales.size === 0) return engine;
  const first = [...scales.entries()].sort(([a], [b]) => a - b)[0]?.[1];
  const scheme = engine.scale ?? first;
  if (!scheme) return engine;
  const groups = engine.groups.map((g, gi) => {
    const want = scales.get(gi);
    // A group not in the file keeps its scale: normalised to 100 when the scheme had none before.
    if (!want) return engine.scale || g.scale ? g : { ...g, scale: { total: 100, mode: 'normalised' as const } };
    const own: NonNullable<typeof g.scale> = {};
    if (want.total !== scheme.total) own.total = want.total;
    if (want.mode !== scheme.mode) own.mode = want.mode;
    if (want.evaluationPoints !== scheme.evaluationPoints)
      own.evaluationPoints = want.evaluationPoints ?? g.composite.b * want.total;
    const { scale: _old, ...rest } = g;
    return Object.keys(own).length > 0 ? { ...rest, scale: own } : rest;
  });
  return { ...engine, scale: scheme, groups };
}

/** The draft with the file's groups replaced by the parsed trees, and the indicators' meta to match. */
function assemble(doc: SchemeDocument, parsed: RowInd[], byKey: Map<string, RowInd>) {
  const replaced = new Set(parsed.map((p) => p.gi));
  const groups = doc.engine.groups.map((g, gi) => {
    if (!replaced.has(gi)) return g;
    const blocks: { id: string; name: string; weight?: number; indicators: Indicator[] }[] = [];
    for (const p of parsed) {
      if (p.gi !== gi) continue;
      let block = blocks.find((b) => b.id === p.blockId);
      if (!block) {
        const old = (g.blocks ?? []).find((b) => b.id === p.blockId);
        const weight = p.blockWeight ?? old?.weight;
        block = { id: p.blockId, name: p.blockName, ...(weight !== undefined ? { weight } : {}), indicators: [] };
        blocks.push(block);
      }
      if (p.parent === null) block.indicators.push(p.ind);
    }
    return { ...g, blocks };
  });
  const engine = { ...doc.engine, groups };
  const meta: SchemeDocument['meta'] = { indicators: {} };
  for (const ref of walkIndicators(engine)) {
    const id = ref.indicator.id;
    const fromFile = byKey.get(`${ref.groupIndex}/${id}`);
    const had = doc.meta.indicators[id];
    const m = fromFile ? fromFile.meta : had;
    // An indicator without meta (a parent, typically) gets none, unless the draft had an entry for it.
    if (m && (Object.keys(m).length > 0 || had !== undefined)) meta.indicators[id] = m;
  }
  return { engine, meta, replaced };
}

/** Indicators created, updated, unchanged and removed in the replaced groups. */
function changes(doc: SchemeDocument, next: SchemeDocument, replaced: Set<number>) {
  const groupIds = new Set([...replaced].map((gi) => doc.engine.groups[gi]?.id ?? ''));
  const before = fingerprints(doc, groupIds);
  const after = fingerprints(next, groupIds);
  let created = 0;
  let updated = 0;
  for (const [k, f] of after) {
    const b = before.get(k);
    if (b === undefined) created++;
    else if (b !== f) updated++;
  }
  const removed = [...before.keys()].filter((k) => !after.has(k)).length;
  const unchanged = after.size - created - updated;
  return { created, updated, unchanged, removed };
}

export const indicatorsKind: ExcelKind = {
  kind: 'indicators',
  fileName: '考核指标',
  async spec(db, actor, { year }) {
    const { groups, unitCodes } = await countyLists(db, actor);
    return spec(
      groups.map((g) => g.name),
      unitCodes,
      year,
    );
  },

  async exportRows(db, actor, { year }) {
    const doc = await currentDocument(db, actor, year);
    const rows: Record<Key, CellValue>[] = [];
    const parentOf = new Map<string, string>();
    const weightOf = new Map<string, number | undefined>();
    for (const g of doc.engine.groups) {
      for (const b of g.blocks ?? doc.engine.blocks) weightOf.set(`${g.id}/${b.id}`, g.blockWeights[b.id] ?? b.weight);
    }
    // A group's scale when the scheme or the group declares one (blank: normalised to 100, the default).
    const scaleOf = (gi: number) => {
      const g = doc.engine.groups[gi];
      if (!doc.engine.scale && !g?.scale) return { scaleTotal: null, scaleMode: null, scaleEvaluation: null };
      const r = groupScale(doc.engine, g);
      return {
        scaleTotal: r.total,
        scaleMode: SCALE_MODE_NAMES[r.mode],
        scaleEvaluation: g?.scale?.evaluationPoints ?? doc.engine.scale?.evaluationPoints ?? null,
      };
    };
    for (const ref of walkIndicators(doc.engine)) {
      const ind = ref.indicator;
      for (const c of ind.children ?? []) parentOf.set(`${ref.groupId}/${c.id}`, ind.id);
      const meta = doc.meta.indicators[ind.id];
      rows.push({
        group: ref.groupName,
        blockId: ref.blockId,
        block: ref.blockName,
        blockWeight: weightOf.get(`${ref.groupId}/${ref.blockId}`) ?? null,
        id: ind.id,
        parent: parentOf.get(`${ref.groupId}/${ind.id}`) ?? null,
        name: ind.name ?? null,
        points: ind.points,
        method: ind.method ? METHOD_NAMES[ind.method.kind] : null,
        params: paramsText(ind.method),
        assessor: ind.assessorId ?? null,
        category: meta?.category ? CATEGORY_NAMES[meta.category]['zh-CN'] : null,
        policySource: meta?.policySource ? POLICY_SOURCE_NAMES[meta.policySource]['zh-CN'] : null,
        key: ind.key ? '是' : '否',
        dataSource: meta?.dataSource ?? null,
        evidence: evidenceText(meta),
        nodes: nodesText(meta),
        description: meta?.description ?? null,
        target: meta?.target ?? null,
        methodText: meta?.methodText ?? null,
        ...scaleOf(ref.groupIndex),
        other: otherOf(ind, meta),
      });
    }
    return rows;
  },

  async importRows(tx, actor, wb, issues, { year }): Promise<ImportOutcome> {
    const { groups: countyGroups, unitCodes } = await countyLists(tx, actor);
    const sheet = spec(
      countyGroups.map((g) => g.name),
      unitCodes,
      year,
    );
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const scheme = await getSchemeByYear(tx, actor, year);
    const draft = await getDraftDocument(tx, actor, scheme.id);
    const doc = draft.document;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);

    const groupIndex = new Map<string, number>();
    doc.engine.groups.forEach((g, i) => {
      groupIndex.set(g.id, i);
      if (g.name) groupIndex.set(g.name, i);
    });
    for (const cg of countyGroups) {
      const i = groupIndex.get(cg.code);
      if (i !== undefined) groupIndex.set(cg.name, i);
    }
    const units = new Set(unitCodes);
    const previous = new Map<string, { ind: Indicator; blockId: string }>();
    for (const ref of walkIndicators(doc.engine)) {
      const k = `${ref.groupId}/${ref.indicator.id}`;
      if (!previous.has(k)) previous.set(k, { ind: ref.indicator, blockId: ref.blockId });
    }

    const parsed = parseRows(rows, { doc, cols, groupIndex, units, previous, issues });
    const byKey = buildTrees(parsed, cols, issues);
    const scales = fileScales(parsed, cols, issues);
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    const assembled = assemble(doc, parsed, byKey);
    const { meta, replaced } = assembled;
    const engine = applyScales(assembled.engine, scales);
    let next: SchemeDocument;
    try {
      next = parseDocument({ ...doc, engine, meta });
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      for (const i of err.issues.slice(0, 20)) {
        const where = String(i.path[0] ?? '');
        issues.add(
          parsed[0]?.row ?? 2,
          null,
          t(`${where}：${localizeIssue(i as never, 'zh-CN')}`, `${where}: ${localizeIssue(i as never, 'en')}`),
        );
      }
      return { created: 0, updated: 0, unchanged: 0 };
    }

    const { created, updated, unchanged, removed } = changes(doc, next, replaced);
    const metaChanged = canonicalJson(doc.meta) !== canonicalJson(next.meta);
    const engineChanged = canonicalJson(doc.engine) !== canonicalJson(next.engine);
    // The draft may hold errors (saving a draft does not require a valid scheme); say how many, as the editor does.
    const report =
      created + updated + removed > 0 || metaChanged || engineChanged
        ? (await saveDraft(tx, actor, scheme.id, { version: draft.version, document: next, note: 'Excel 导入指标' }))
            .report
        : await validateScheme(tx, actor, scheme.id);
    return {
      created,
      updated,
      unchanged,
      removed,
      validation: { errors: report.errors.length, warnings: report.warnings.length },
    };
  },
};
