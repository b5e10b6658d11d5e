/**
 * Validation that teaches (R19, R9): the engine's own checks, then the rules people need before publishing —
 * every indicator quantifiable, assessable and verifiable (errors); sums, comparability, overlap, routine
 * share and node dates (warnings); and the reporting burden per group. Pure: the county is passed in.
 */
import { groupScale, validateScheme, type Indicator, type Issue as EngineIssue } from '@yardstick/engine';
import type { Locale } from '../../errors';
import { walkIndicators, type LeafRef, type SchemeDocument } from './document';
import type { GroupBurden, ReportIssue, ValidationReport } from './schemas';
import { bigramSimilarity, similarNamePairs } from './similarity';

export { bigramSimilarity, similarNamePairs } from './similarity';

export interface CountyContext {
  /** The county's groups; a retired one is refused in a scheme (issue 15). */
  groups: { code: string; name: string; retired?: boolean }[];
  units: { code: string; name: string; kind: 'township' | 'department'; groupCode: string; active: boolean }[];
}

type Params = Record<string, string | number>;
type Text = (p: Params) => string;

/** Our rules: stable code → message in each language. */
const RULES = {
  not_quantifiable_target: {
    'zh-CN': () => '不可量化：按完成率计分须设定目标值（统一目标或各单位目标）',
    en: () => 'Not quantifiable: a completion-rate method needs a target (one for all, or per unit)',
  },
  not_quantifiable_units: {
    'zh-CN': (p) => `不可量化：以下单位没有目标值：${p.units}`,
    en: (p) => `Not quantifiable: no target for ${p.units}`,
  },
  not_quantifiable_text: {
    'zh-CN': () => '不可量化：“完成/未完成”和人工评分须写明目标任务（什么算完成、按什么标准打分）',
    en: () => 'Not quantifiable: done/not-done and manual scoring need the target in words (what counts as done)',
  },
  not_quantifiable_grades: {
    'zh-CN': () => '不可量化：等次评分须列出各等次及其得分比例',
    en: () => 'Not quantifiable: a grade method needs its grades and their fractions',
  },
  not_assessable: {
    'zh-CN': () => '不可考核：须指定考核主体（负责打分的部门）',
    en: () => 'Not assessable: set the assessor (the department that scores it)',
  },
  unknown_assessor: {
    'zh-CN': (p) => `考核主体“${p.code}”不是本县的部门`,
    en: (p) => `Assessor "${p.code}" is not a department of this county`,
  },
  unknown_provider: {
    'zh-CN': (p) => `数据提供单位“${p.code}”不是本县在用的部门`,
    en: (p) => `Data provider "${p.code}" is not an active department of this county`,
  },
  not_verifiable_source: {
    'zh-CN': () => '不可查验：须写明数据来源',
    en: () => 'Not verifiable: give the data source',
  },
  not_verifiable_evidence: {
    'zh-CN': () => '不可查验：须设定佐证材料要求（无需、可选或必须）',
    en: () => 'Not verifiable: set the evidence rule (none, optional or required)',
  },
  unknown_rollup_unit: {
    'zh-CN': (p) => `数据归并的单位“${p.code}”不是本方案考核类别中在用的单位`,
    en: (p) => `Roll-up unit "${p.code}" is no active unit of a group of this scheme`,
  },
  rollup_not_scored: {
    'zh-CN': (p) => `单位“${p.code}”所在的考核类别不考核指标“${p.id}”，无法归并该项数据`,
    en: (p) => `The group of "${p.code}" does not score "${p.id}": its figure cannot be rolled up`,
  },
  unknown_group: {
    'zh-CN': (p) => `考核类别“${p.code}”不是本县的考核类别（应为：${p.known}）`,
    en: (p) => `"${p.code}" is not a unit group of this county (use one of ${p.known})`,
  },
  review_undecided: {
    'zh-CN': (p) =>
      `${p.year} 年度“${p.name}”满分率 ${p.rate}%（无区分度），请决定保留、调整或删除（R25：满分指标要取消或调整）`,
    en: (p) =>
      `"${p.name}" gave ${p.rate}% full marks in ${p.year} (not discriminating): keep, adjust or drop it (R25)`,
  },
  retired_group: {
    'zh-CN': (p) => `考核类别“${p.code}”已停用，不能用于新的考核方案`,
    en: (p) => `Group "${p.code}" is retired and cannot be used in a new scheme`,
  },
  unknown_unit: {
    'zh-CN': (p) => `单位编码“${p.code}”不是本考核类别的单位`,
    en: (p) => `"${p.code}" is not a unit of this group`,
  },
  node_due_missing: {
    'zh-CN': (p) => `过程节点“${p.node}”没有设定完成时限`,
    en: (p) => `Process node "${p.node}" has no due date`,
  },
  node_unknown: {
    'zh-CN': (p) => `节点“${p.node}”不在评分方法的过程节点中，不会计分`,
    en: (p) => `Node "${p.node}" is not a process node of the method and will not be scored`,
  },
  node_outside_year: {
    'zh-CN': (p) => `节点“${p.node}”的时限 ${p.due} 不在 ${p.year} 年度内`,
    en: (p) => `Node "${p.node}" falls due on ${p.due}, outside ${p.year}`,
  },
  points_sum: {
    'zh-CN': (p) =>
      `本类别指标分值合计 ${p.sum} 分，通常应为 ${p.total ?? 100} 分（不同总分会折算为${(p.total ?? 100) === 100 ? '百分制' : ` ${p.total} 分制`}）`,
    en: (p) =>
      `Indicator points of this group sum to ${p.sum}, normally ${p.total ?? 100} (totals are normalised to ${p.total ?? 100})`,
  },
  not_comparable: {
    'zh-CN': (p) => `同一指标“${p.name}”在本类别内对不同单位采用了不同评分方法（${p.methods}），结果不可比较`,
    en: (p) => `The same indicator "${p.name}" is scored by different methods for units of this group (${p.methods})`,
  },
  overlap_name: {
    'zh-CN': (p) => `与“${p.other}”名称相近（相似度 ${p.similarity}%），可能重复考核`,
    en: (p) => `Name close to "${p.other}" (${p.similarity}% similar): possibly assessed twice`,
  },
  overlap_source: {
    'zh-CN': (p) => `与“${p.other}”使用同一数据来源“${p.source}”，可能重复考核`,
    en: (p) => `Same data source "${p.source}" as "${p.other}": possibly assessed twice`,
  },
  meta_unused: {
    'zh-CN': (p) => `“${p.id}”的指标说明（数据来源、节点等）没有对应的末级指标，不会使用`,
    en: (p) => `The details of "${p.id}" (data source, nodes …) belong to no leaf indicator and are unused`,
  },
  routine_share: {
    'zh-CN': (p) => `常规工作指标占本类别分值的 ${p.share}%（超过 50%），请突出重点工作`,
    en: (p) => `Routine indicators carry ${p.share}% of this group's points (over 50%); keep the focus on key work`,
  },
} satisfies Record<string, Record<Locale, Text>>;
export type RuleCode = keyof typeof RULES;
export const RULE_CODES = Object.keys(RULES) as RuleCode[];

/** The engine's codes in Chinese (its messages are English; we keep them for English callers). */
const ENGINE_ZH: Record<string, Text> = {
  invalid_type: () => '类型不正确',
  required: () => '缺少必填项',
  too_small: (p) => `取值须不小于 ${p.min ?? ''}`,
  too_big: (p) => `取值须不大于 ${p.max ?? ''}`,
  invalid_value: (p) => (p.values ? `取值无效（可选：${p.values}）` : '取值无效'),
  unknown_key: () => '不是可识别的字段',
  invalid_format: () => '格式不正确',
  duplicate_id: (p) => `编号“${p.id ?? ''}”重复`,
  unknown_reference: (p) =>
    p.known === undefined ? '引用的对象不存在' : `引用的“${p.id ?? ''}”不存在（可选：${p.known || '无'}）`,
  sum_mismatch: (p) => `下级指标分值合计 ${p.sum ?? ''}，与本指标分值不一致`,
  weights_sum: () => '权重之和不符合要求（综合评分权重 a + b 须为 1，评议权重之和须大于 0）',
  method_required: () => '末级指标必须设置评分方法',
  method_on_parent: () => '上级指标按下级指标得分合计，不应设置评分方法',
  formula_syntax: () => '计算公式有语法错误',
  formula_unknown_name: (p) => `计算公式中的名称“${p.name ?? ''}”未定义（请在输入项或参数中声明）`,
  formula_arity: () => '计算公式中函数的参数个数不正确',
  quota_overflow: () => '各档次比例之和超过 100%',
  scale_mismatch: (p) =>
    `考核类别“${p.group ?? ''}”${p.units ? `（${p.units}）` : ''}指标分值合计 ${p.sum ?? ''} 分，与满分不符：满分 ${p.total ?? ''} 分${Number(p.evaluation ?? 0) > 0 ? `，其中综合评价 ${p.evaluation} 分` : ''}，指标应合计 ${p.expected ?? ''} 分`,
};
const ENGINE_ZH_BY_MESSAGE: [RegExp, string][] = [
  [/has no indicators/, '该考核类别还没有任何指标'],
  [/weighs the evaluation/, '该类别综合评价权重大于 0，但方案未设置综合评价'],
  [/ascending order/, '分段点须按从小到大排列'],
  [/must differ from lo/, '上限须不同于下限'],
  [/cannot be counted in itself/, '下属单位与计入单位不能是同一个单位'],
  [/roll-ups do not chain/, '该单位本身接收其他单位的数据，不能再计入别的单位（数据归并不层层传递）'],
  [/a figure counts in one unit only/, '同一单位的同一项指标只能计入一个单位'],
  [/thresholds must go down/, '分段扣分的门槛须从高到低排列（低于门槛扣分）'],
  [/thresholds must go up/, '分段扣分的门槛须从低到高排列（高于门槛扣分）'],
  [
    /a bonus above full points needs uncapped/,
    '设置了超过门槛的加分，须同时选择“得分不封顶”，否则满分封顶，加分不起作用',
  ],
  [/a bonus limit needs a bonus rate/, '设置了加分上限，但没有设置每单位加分'],
  [/takes every unit not placed above it/, '最后一个档次自动容纳其余所有单位，为它设置的比例或名额不起作用，请删除'],
  [/fixed counts are per group/, '固定名额按类别计算；全县统一比例时请使用比例'],
  [/gives the evaluation .* points but the scheme has none/, '该类别满分中含综合评价分值，但方案未设置综合评价'],
  [/but the scale gives it/, '综合评价权重 b 与满分设置中的综合评价分值不一致，请只保留其中一个'],
];

/** What an `over_scale` issue is about, by the end of its path. */
const OVER_SCALE_ZH: [RegExp, string][] = [
  [/^bonus\.cap$/, '加分总上限'],
  [/^bonus\.categories\[\d+\]\.cap$/, '加分类别上限'],
  [/^bonus\.rankChange\.rules\[\d+\]\.points$/, '进位争先分值'],
  [/^deductions\[\d+\]\.limit$/, '本项限扣分值'],
  [/^deductionCaps\[\d+\]\.limit$/, '合并限扣分值'],
  [/^vetoes\[\d+\]\.effect\.points$/, '一票否决扣分'],
  [/evaluationPoints$|composite\.b$/, '综合评价分值'],
];

function overScaleZh(i: EngineIssue): string {
  const p = i.params ?? {};
  if (/minScore$/.test(i.path)) return `档次分数线 ${p.value ?? ''} 分高于满分 ${p.max ?? ''} 分，只有加分才能达到`;
  const what = OVER_SCALE_ZH.find(([re]) => re.test(i.path))?.[1] ?? '';
  return `${what}${p.value ?? ''} 分超过满分 ${p.max ?? ''} 分`;
}

export function engineMessage(i: EngineIssue, locale: Locale): string {
  if (locale === 'en') return i.message;
  if (i.code === 'over_scale') return overScaleZh(i);
  for (const [re, zh] of ENGINE_ZH_BY_MESSAGE) if (re.test(i.message)) return zh;
  const f = ENGINE_ZH[i.code];
  return f ? f(i.params ?? {}) : i.message;
}

/** Name normalised for overlap checks: no spaces or punctuation. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

export const OVERLAP_THRESHOLD = 0.8;

const NEEDS_YEAR_END_REPORT = new Set([
  'ratio',
  'steps',
  'goalposts',
  'topRatio',
  'rank',
  'grade',
  'binary',
  'marginal',
  'manual',
  'formula',
]);

function label(ref: LeafRef): string {
  return [ref.groupName, ref.blockName, ...ref.parents, ref.indicator.name ?? ref.indicator.id].join(' · ');
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function validateDocument(
  doc: SchemeDocument,
  county: CountyContext,
  locale: Locale,
  year: number,
): ValidationReport {
  const errors: ReportIssue[] = [];
  const warnings: ReportIssue[] = [];
  const refs = walkIndicators(doc.engine);
  // The indicator a path is in: the longest indicator path equal to it or followed by '.' in it (the first
  // such indicator when groups share a tree).
  const refByPath = new Map<string, LeafRef>();
  for (const r of refs) if (!refByPath.has(r.path)) refByPath.set(r.path, r);
  const refOf = (path: string): LeafRef | undefined => {
    for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
      const r = refByPath.get(end === path.length ? path : path.slice(0, end));
      if (r) return r;
    }
    return undefined;
  };
  const labelOf = (path: string) => {
    const r = refOf(path);
    if (r) return label(r);
    const g = /^engine\.groups\[(\d+)\]/.exec(path);
    const group = g ? doc.engine.groups[Number(g[1])] : undefined;
    return group ? (group.name ?? group.id) : undefined;
  };
  const push = (severity: 'error' | 'warning', code: RuleCode, path: string, params: Params = {}, where?: string) => {
    const item: ReportIssue = { code, path, message: RULES[code][locale](params), severity, params };
    const l = where ?? labelOf(path);
    if (l) item.label = l;
    (severity === 'error' ? errors : warnings).push(item);
  };

  // 1. The engine's own validation (shape already passed; cross-references, sums, formulas, tiers).
  const engine = validateScheme(doc.engine);
  const engineIssues = engine.ok ? engine.warnings : engine.issues;
  for (const i of engineIssues) {
    // Ours say the same with more to teach: ratio targets (R19) and group sums (points_sum).
    if (i.code === 'required' && i.path.endsWith('.method.target')) continue;
    if (i.code === 'sum_mismatch' && /^groups\[\d+\]$/.test(i.path)) continue;
    const path = `engine.${i.path}`;
    const item: ReportIssue = { code: i.code, path, message: engineMessage(i, locale), severity: i.severity };
    if (i.params) item.params = i.params;
    const l = labelOf(path);
    if (l) item.label = l;
    (i.severity === 'error' ? errors : warnings).push(item);
  }

  // 2. Groups are the county's unit groups.
  const groupCodes = new Set(county.groups.filter((g) => !g.retired).map((g) => g.code));
  const retired = new Set(county.groups.filter((g) => g.retired).map((g) => g.code));
  doc.engine.groups.forEach((g, gi) => {
    if (retired.has(g.id)) push('error', 'retired_group', `engine.groups[${gi}].id`, { code: g.id });
    else if (!groupCodes.has(g.id))
      push('error', 'unknown_group', `engine.groups[${gi}].id`, { code: g.id, known: [...groupCodes].join(', ') });
  });
  const departments = new Set(county.units.filter((u) => u.kind === 'department' && u.active).map((u) => u.code));
  const activeUnitsOf = new Map<string, string[]>();
  for (const u of county.units) {
    if (!u.active) continue;
    const list = activeUnitsOf.get(u.groupCode);
    if (list) list.push(u.code);
    else activeUnitsOf.set(u.groupCode, [u.code]);
  }
  const unitsOfGroup = (code: string): string[] => activeUnitsOf.get(code) ?? [];
  const unitSets = new Map<string, Set<string>>();
  const unitSetOf = (code: string) => {
    let set = unitSets.get(code);
    if (!set) unitSets.set(code, (set = new Set(unitsOfGroup(code))));
    return set;
  };

  // 3. Per indicator: R19 and references.
  const metas = doc.meta.indicators;
  // An indicator's parent: the first walked indicator listing it among its children.
  const parentOf = new Map<Indicator, Indicator>();
  for (const ref of refs) {
    if (ref.isLeaf) continue;
    for (const c of ref.indicator.children ?? []) if (!parentOf.has(c)) parentOf.set(c, ref.indicator);
  }
  const keyOf = new Map<Indicator, boolean>();
  for (const ref of refs) {
    const parent = parentOf.get(ref.indicator);
    keyOf.set(ref.indicator, ref.indicator.key || (parent ? (keyOf.get(parent) ?? false) : false));
  }
  for (const ref of refs) {
    const ind = ref.indicator;
    const p = ref.path;
    const inGroup = unitSetOf(ref.groupId);
    const checkUnit = (code: string, path: string) => {
      if (groupCodes.has(ref.groupId) && !inGroup.has(code)) push('error', 'unknown_unit', path, { code });
    };
    (ind.appliesTo ?? []).forEach((c, i) => checkUnit(c, `${p}.appliesTo[${i}]`));
    if (ind.method?.kind === 'upper')
      (ind.method.unitIds ?? []).forEach((c, i) => checkUnit(c, `${p}.method.unitIds[${i}]`));
    for (const c of Object.keys(ind.unitParams)) checkUnit(c, `${p}.unitParams.${c}`);
    if (!ref.isLeaf) continue;
    const meta = metas[ind.id] ?? {};
    const metaPath = `meta.indicators.${ind.id}`;
    const override = doc.engine.groups[ref.groupIndex]?.overrides[ind.id];
    const method = override?.method ?? ind.method;
    if (method) {
      if (method.kind === 'ratio' && method.target === undefined) {
        const applicable = ind.appliesTo ?? [...inGroup];
        const withTarget = new Set(
          Object.entries(ind.unitParams)
            .filter(([, v]) => v.target !== undefined)
            .map(([k]) => k),
        );
        if (withTarget.size === 0) push('error', 'not_quantifiable_target', `${p}.method.target`);
        else {
          const missing = applicable.filter((u) => !withTarget.has(u));
          if (missing.length > 0)
            push('error', 'not_quantifiable_units', `${p}.unitParams`, { units: missing.join('、') });
        }
      }
      if ((method.kind === 'binary' || method.kind === 'manual') && !meta.target?.trim())
        push('error', 'not_quantifiable_text', `${metaPath}.target`, {}, label(ref));
      if (method.kind === 'grade' && Object.keys(method.grades).length === 0)
        push('error', 'not_quantifiable_grades', `${p}.method.grades`);
    }
    if (!ind.assessorId?.trim()) push('error', 'not_assessable', `${p}.assessorId`);
    else if (!departments.has(ind.assessorId))
      push('error', 'unknown_assessor', `${p}.assessorId`, { code: ind.assessorId });
    if (!meta.dataSource?.trim()) push('error', 'not_verifiable_source', `${metaPath}.dataSource`, {}, label(ref));
    if (!meta.evidence) push('error', 'not_verifiable_evidence', `${metaPath}.evidence`, {}, label(ref));
    const engineNodes = ind.process?.nodes.map((n) => n.id) ?? [];
    const metaNodes = meta.nodes ?? [];
    for (const n of engineNodes) {
      if (!metaNodes.some((m) => m.id === n))
        push('error', 'node_due_missing', `${metaPath}.nodes`, { node: n }, label(ref));
    }
    metaNodes.forEach((n, ni) => {
      if (!engineNodes.includes(n.id))
        push('warning', 'node_unknown', `${metaPath}.nodes[${ni}].id`, { node: n.name || n.id }, label(ref));
      if (Number(n.due.slice(0, 4)) !== year)
        push(
          'warning',
          'node_outside_year',
          `${metaPath}.nodes[${ni}].due`,
          { node: n.name || n.id, due: n.due, year },
          label(ref),
        );
    });
  }

  // A rule's data provider (数据提供单位) is a department of the county, like an assessor.
  const rules: [string, { provider?: string | undefined }[]][] = [
    ['bonus.categories', doc.engine.bonus?.categories ?? []],
    ['deductions', doc.engine.deductions ?? []],
    ['vetoes', doc.engine.vetoes ?? []],
  ];
  for (const [at, list] of rules) {
    list.forEach((r, i) => {
      if (r.provider !== undefined && !departments.has(r.provider))
        push('error', 'unknown_provider', `engine.${at}[${i}].provider`, { code: r.provider });
    });
  }

  // 数据归并: both units are active units of the scheme's groups, and each one's group scores what is rolled up.
  const groupOfUnit = new Map(county.units.filter((u) => u.active).map((u) => [u.code, u.groupCode]));
  const schemeGroups = new Set(doc.engine.groups.map((g) => g.id));
  const allLeaves = new Set(refs.filter((r) => r.isLeaf).map((r) => r.indicator.id));
  const leavesOfGroup = (code: string) =>
    new Set(refs.filter((r) => r.isLeaf && r.groupId === code).map((r) => r.indicator.id));
  (doc.engine.rollUps ?? []).forEach((r, i) => {
    for (const side of ['from', 'into'] as const) {
      const group = groupOfUnit.get(r[side]);
      if (group === undefined || !schemeGroups.has(group)) {
        push('error', 'unknown_rollup_unit', `engine.rollUps[${i}].${side}`, { code: r[side] });
        continue;
      }
      const scored = leavesOfGroup(group);
      r.indicators.forEach((id, k) => {
        // an indicator no group scores is the engine's unknown_reference already
        if (!scored.has(id) && allLeaves.has(id))
          push('error', 'rollup_not_scored', `engine.rollUps[${i}].indicators[${k}]`, { code: r[side], id });
      });
    }
  });

  const leafIds = new Set(refs.filter((r) => r.isLeaf).map((r) => r.indicator.id));
  for (const id of Object.keys(metas)) {
    if (!leafIds.has(id)) push('warning', 'meta_unused', `meta.indicators.${id}`, { id });
  }

  // 4. Per group: sums, comparability, overlap, routine share, burden.
  const burden: GroupBurden[] = [];
  doc.engine.groups.forEach((g, gi) => {
    const gPath = `engine.groups[${gi}]`;
    const leaves = refs.filter((r) => r.groupIndex === gi && r.isLeaf);
    const pointsOf = (r: LeafRef) => g.overrides[r.indicator.id]?.points ?? r.indicator.points;
    const methodOf = (r: LeafRef) => (g.overrides[r.indicator.id]?.method ?? r.indicator.method)?.kind ?? '';
    const common = leaves.filter((r) => !r.indicator.appliesTo);
    const commonSum = common.reduce((a, r) => a + pointsOf(r), 0);
    // What a unit is scored on: the common indicators plus its own feature indicators (特色指标).
    const groupUnits = unitsOfGroup(g.id);
    // Each unit's feature points, added in leaf order (as a sum over the leaves that apply to it would be).
    const featureSum = new Map<string, number>();
    for (const r of leaves) {
      if (!r.indicator.appliesTo) continue;
      for (const u of new Set(r.indicator.appliesTo)) featureSum.set(u, (featureSum.get(u) ?? 0) + pointsOf(r));
    }
    const totals = (groupUnits.length > 0 ? groupUnits : ['']).map((u) => commonSum + (featureSum.get(u) ?? 0));
    // On a 'points' scale the engine's scale_mismatch (an error) says it; normalised, the scale's total is the norm.
    const scale = groupScale(doc.engine, g);
    const off = [...new Set(totals.map(round1))].filter((t) => Math.abs(t - scale.total) > 1e-9);
    if (scale.mode === 'normalised' && leaves.length > 0 && off.length > 0)
      push('warning', 'points_sum', gPath, {
        sum: off.join(locale === 'en' ? ', ' : '、'),
        ...(scale.total !== 100 ? { total: scale.total } : {}),
      });
    const sum = commonSum;

    const norm = leaves.map((r) => normaliseName(r.indicator.name ?? r.indicator.id));
    // Only the pairs with equal or similar names can warn (similarNamePairs finds them through an index of
    // bigrams); they are taken in the order of a check of every pair, so the warnings come in that order.
    const reported = new Set<string>();
    const sameName = new Map<string, LeafRef[]>();
    leaves.forEach((r, k) => {
      const key = norm[k] ?? '';
      const list = sameName.get(key);
      if (list) list.push(r);
      else sameName.set(key, [r]);
    });
    for (const [i, j] of similarNamePairs(norm, OVERLAP_THRESHOLD)) {
      const a = leaves[i];
      const b = leaves[j];
      const na = norm[i] ?? '';
      const nb = norm[j] ?? '';
      if (!a || !b || na === '' || nb === '') continue;
      if (na === nb && methodOf(a) !== methodOf(b)) {
        if (!reported.has(na)) {
          const methods = [...new Set((sameName.get(na) ?? []).map(methodOf))].join(' / ');
          push('warning', 'not_comparable', `${b.path}.method`, {
            name: b.indicator.name ?? b.indicator.id,
            methods,
          });
          reported.add(na);
        }
        continue;
      }
      // Feature indicators (特色指标) of different units may share a name on purpose.
      if (a.indicator.appliesTo && b.indicator.appliesTo) continue;
      const sim = bigramSimilarity(na, nb);
      if (sim >= OVERLAP_THRESHOLD)
        push('warning', 'overlap_name', `${b.path}.name`, {
          other: a.indicator.name ?? a.indicator.id,
          similarity: Math.round(sim * 100),
        });
    }
    const bySource = new Map<string, LeafRef>();
    for (const r of leaves) {
      const src = metas[r.indicator.id]?.dataSource?.trim();
      if (!src) continue;
      const key = normaliseName(src);
      const first = bySource.get(key);
      if (first) {
        push(
          'warning',
          'overlap_source',
          `meta.indicators.${r.indicator.id}.dataSource`,
          { other: first.indicator.name ?? first.indicator.id, source: src },
          label(r),
        );
      } else bySource.set(key, r);
    }
    const routine = common.filter((r) => !keyOf.get(r.indicator)).reduce((a, r) => a + pointsOf(r), 0);
    if (sum > 0 && routine / sum > 0.5)
      push('warning', 'routine_share', gPath, { share: round1((routine / sum) * 100) });

    let nodeReports = 0;
    let yearEnd = 0;
    let evidence = 0;
    for (const r of common) {
      const nodes = r.indicator.process?.nodes.length ?? 0;
      const ye = NEEDS_YEAR_END_REPORT.has(methodOf(r)) ? 1 : 0;
      nodeReports += nodes;
      yearEnd += ye;
      if (metas[r.indicator.id]?.evidence?.rule === 'required') evidence += nodes + ye;
    }
    const name = county.groups.find((c) => c.code === g.id)?.name ?? g.name ?? g.id;
    const unitsN = unitsOfGroup(g.id).length;
    const reports = nodeReports + yearEnd;
    burden.push({
      groupId: g.id,
      groupName: name,
      units: unitsN,
      indicators: common.length,
      featureIndicators: leaves.length - common.length,
      nodeReports,
      yearEndReports: yearEnd,
      reports,
      evidenceUploads: evidence,
      message:
        locale === 'en'
          ? `${name}: each unit files ${reports} reports a year (${nodeReports} at process nodes, ${yearEnd} at year end) and uploads evidence ${evidence} times; ${unitsN} units, ${reports * unitsN} reports in all`
          : `${name}：每个单位全年报送 ${reports} 次（过程节点 ${nodeReports} 次、年终 ${yearEnd} 次），上传佐证材料 ${evidence} 次；共 ${unitsN} 个单位，合计 ${reports * unitsN} 次`,
    });
  });
  // R25: last year's flagged indicators the office has not decided on yet (a copied scheme, meta.review).
  doc.meta.review?.items.forEach((it, i) => {
    if (it.decision !== null) return;
    push('warning', 'review_undecided', `meta.review.items[${i}]`, {
      year: doc.meta.review?.fromYear ?? '',
      name: it.name,
      rate: round1(it.fullMarkRate * 100),
    });
  });
  return { errors, warnings, burden };
}
