/**
 * A readable diff between two scheme documents (two versions of a year, or two years): indicators added,
 * removed and changed field by field with their group and block, and rule changes — as data and as
 * sentences in the caller's language.
 */
import type { Locale } from '../../errors';
import { canonicalJson } from '../audit/service';
import {
  CATEGORY_NAMES,
  copyDocument,
  POLICY_SOURCE_NAMES,
  walkIndicators,
  type LeafRef,
  type SchemeDocument,
} from './document';
import type { FieldChange, IndicatorChange, RuleChange } from './schemas';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isKeyed(v: unknown): v is { id: string }[] {
  return Array.isArray(v) && v.every((x) => isObject(x) && typeof x.id === 'string');
}

/**
 * Field-by-field changes between two values: objects by key, arrays of objects with an id by that id, anything
 * else (and anything present on one side only) as one change.
 */
export function diffValues(
  a: unknown,
  b: unknown,
  path: string,
  locale: Locale,
  out: FieldChange[] = [],
): FieldChange[] {
  if (canonicalJson(a) === canonicalJson(b)) return out;
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffValues(a[k], b[k], join(k), locale, out);
    return out;
  }
  if (isKeyed(a) && isKeyed(b) && (a.length > 0 || b.length > 0)) {
    const ma = new Map(a.map((x) => [x.id, x]));
    const mb = new Map(b.map((x) => [x.id, x]));
    for (const id of new Set([...ma.keys(), ...mb.keys()]))
      diffValues(ma.get(id), mb.get(id), `${path}[${id}]`, locale, out);
    return out;
  }
  out.push({ field: path, label: fieldLabel(path, locale), before: a ?? null, after: b ?? null });
  return out;
}

const FIELD_LABELS: Record<string, [string, string]> = {
  name: ['名称', 'name'],
  points: ['分值', 'points'],
  block: ['所属板块', 'block'],
  parent: ['上级指标', 'parent'],
  key: ['重点工作', 'key work'],
  assessorId: ['考核主体', 'assessor'],
  source: ['政策来源', 'policy source'],
  missing: ['缺数处理', 'missing data'],
  appliesTo: ['适用单位', 'applies to'],
  'method.kind': ['评分方法', 'method'],
  'method.target': ['目标值', 'target'],
  'method.direction': ['方向', 'direction'],
  'method.baseline': ['基数', 'baseline'],
  'method.floor': ['保底比例', 'floor'],
  'method.cap': ['封顶比例', 'cap'],
  'method.mode': ['计分方式', 'mode'],
  'method.step': ['每名次扣减', 'step per place'],
  'method.perOccurrence': ['每次扣分', 'points per occurrence'],
  'method.grades': ['等次', 'grades'],
  'method.lo': ['下限', 'lower bound'],
  'method.hi': ['上限', 'upper bound'],
  'method.bands': ['分段扣分标准', 'bands'],
  'method.per': ['每多少个单位', 'per units'],
  'method.count': ['不足一个单位的计法', 'part of a unit'],
  'method.bonusRate': ['每单位加分', 'bonus per unit'],
  'method.bonusLimit': ['加分上限', 'bonus limit'],
  'method.uncapped': ['得分不封顶', 'uncapped'],
  'process.share': ['过程考核占比', 'process share'],
  'meta.category': ['指标类别', 'category'],
  'meta.policySource': ['政策来源', 'policy source'],
  'meta.description': ['考核内容', 'description'],
  'meta.target': ['目标任务', 'target (text)'],
  'meta.dataSource': ['数据来源', 'data source'],
  'meta.methodText': ['评分办法', 'scoring text'],
  'meta.evidence.rule': ['佐证材料要求', 'evidence rule'],
  'meta.evidence.fileTypes': ['佐证材料类型', 'evidence file types'],
  cap: ['上限', 'cap'],
  'levels.national': ['国家级', 'national'],
  'levels.provincial': ['省级', 'provincial'],
  'levels.city': ['市级', 'city'],
  'levels.county': ['县级', 'county'],
  inTotalCap: ['计入总上限', 'in total cap'],
  provider: ['数据提供单位', 'data provider'],
  'effect.kind': ['否决后果', 'effect'],
  'effect.points': ['扣分', 'points'],
  'effect.n': ['不得进入前几档', 'barred tiers'],
  a: ['指标考核权重', 'indicator weight'],
  b: ['综合评价权重', 'evaluation weight'],
  weight: ['权重', 'weight'],
  share: ['比例', 'share'],
  rounding: ['名额取整', 'quota rounding'],
  tiePolicy: ['并列处理', 'tie policy'],
  overrideOrder: ['否决与降档的时机', 'override order'],
  refill: ['递补', 'refill'],
  steps: ['降档数', 'tiers down'],
  limit: ['限扣', 'limit'],
  trimAbove: ['去掉最高最低分的人数门槛', 'trim above'],
};

const METHOD_NAMES: Record<string, [string, string]> = {
  ratio: ['完成率法', 'completion rate'],
  steps: ['阶梯计分', 'steps'],
  goalposts: ['固定标尺', 'goalposts'],
  topRatio: ['与最优值比', 'share of the best'],
  rank: ['位次法', 'rank'],
  deduction: ['扣分制', 'deduction'],
  grade: ['等次评定', 'grade'],
  binary: ['完成/未完成', 'done / not done'],
  marginal: ['按实测值分段扣分', 'marginal rates'],
  upper: ['按市考结果折算', 'city result'],
  manual: ['人工评分', 'manual'],
  formula: ['公式计算', 'formula'],
};

/** Method settings whose values are words of the scheme format: shown by name, never as the code. */
const VALUE_NAMES: Record<string, Record<string, [string, string]>> = {
  'method.direction': {
    higher: ['越高越好', 'higher is better'],
    lower: ['越低越好', 'lower is better'],
    below: ['低于门槛扣分', 'below thresholds loses'],
    above: ['高于门槛扣分', 'above thresholds loses'],
  },
  'method.mode': {
    proportional: ['按比例', 'proportional'],
    perPoint: ['每个百分点增减', 'per percentage point'],
    linear: ['线性插值', 'interpolated'],
    step: ['按所达档位', 'stepped'],
    marginal: ['各段按各自标准累计', 'each band at its own rate'],
    flat: ['按所达最低一段的标准全程计算', 'the deepest band’s rate on the whole distance'],
  },
  'method.combine': {
    max: ['按较大倍数计一次', 'the larger multiplier, once'],
    product: ['两个倍数相乘', 'both multipliers'],
  },
  'method.count': {
    proportional: ['按比例', 'in proportion'],
    whole: ['不足一个单位不计', 'whole units only'],
    started: ['不足一个单位按一个计', 'a started unit counts'],
  },
};

const SEGMENTS: Record<string, [string, string]> = {
  meta: ['', ''],
  method: ['评分方法', 'method'],
  process: ['过程考核', 'process'],
  nodes: ['过程节点', 'node'],
  due: ['完成时限', 'due'],
  expected: ['预期进度', 'expected progress'],
  evidence: ['佐证材料', 'evidence'],
  rules: ['规则', 'rule'],
  rankChange: ['进位争先', 'rank change'],
  raterGroups: ['评议主体', 'rater group'],
  tiers: ['档次', 'tier'],
  eligibility: ['评优资格条件', 'eligibility'],
  levels: ['级别', 'level'],
  amount: ['扣分标准', 'amount'],
  unitParams: ['单位参数', 'unit parameters'],
  options: ['选项', 'options'],
  consecutive: ['连续年度后果', 'consecutive years'],
  tieBreakers: ['并列排序依据', 'tie-breakers'],
  points: ['分值', 'points'],
  places: ['名次变化', 'places'],
  coefficient: ['结果运用系数', 'coefficient'],
  award: ['评先资格', 'award'],
  minCount: ['最少个数', 'minimum count'],
  kind: ['类型', 'kind'],
  measurementWindow: ['考核周期', 'measurement window'],
  levelNames: ['级别名称', 'level names'],
  periods: ['重要时段', 'named periods'],
  periodMultiplier: ['时段内倍数', 'multiplier in a period'],
  repeatMultiplier: ['重复发生倍数', 'repeat multiplier'],
  combine: ['重复且在时段内', 'repeat inside a period'],
  from: ['开始日期', 'from'],
  to: ['结束日期', 'to'],
  start: ['起始日', 'first day'],
  indicator: ['读取指标', 'indicator'],
  input: ['输入项', 'input'],
  direction: ['方向', 'direction'],
  mode: ['计算方式', 'mode'],
  bands: ['分段扣分标准', 'bands'],
  per: ['每多少个单位', 'per units'],
  count: ['不足一个单位的计法', 'part of a unit'],
  target: ['目标值', 'target'],
  name: ['名称', 'name'],
  id: ['编号', 'id'],
};

function fieldLabel(path: string, locale: Locale): string {
  const i = locale === 'en' ? 1 : 0;
  const direct = FIELD_LABELS[path];
  if (direct) return direct[i];
  // e.g. meta.nodes[q1].due → 过程节点 q1 · 完成时限; raterGroups[leaders].weight → 评议主体 leaders · 权重
  const parts: string[] = [];
  for (const seg of path.split('.')) {
    const m = /^([^[]*)((?:\[[^\]]+\])*)$/.exec(seg);
    const name = m?.[1] ?? seg;
    const ids = (m?.[2] ?? '').replace(/[[\]]+/g, ' ').trim();
    const known = SEGMENTS[name] ?? FIELD_LABELS[name];
    const text = known ? known[i] : name;
    const piece = [text, ids].filter(Boolean).join(' ');
    if (piece) parts.push(piece);
  }
  return parts.join(' · ') || path;
}

function show(v: unknown, path: string, locale: Locale): string {
  const en = locale === 'en';
  if (v === undefined || v === null || v === '') return en ? '(none)' : '（无）';
  if (typeof v === 'boolean') return en ? (v ? 'yes' : 'no') : v ? '是' : '否';
  if (typeof v === 'string') {
    if (path.endsWith('method.kind')) return METHOD_NAMES[v]?.[en ? 1 : 0] ?? v;
    // a formula's `then` (method.then.mode) and a deduction's amount read as a method's own setting
    const named = VALUE_NAMES[`method.${path.split('.').pop() ?? ''}`]?.[v];
    if (named) return named[en ? 1 : 0];
    if (path === 'meta.category' && v in CATEGORY_NAMES)
      return CATEGORY_NAMES[v as keyof typeof CATEGORY_NAMES][locale];
    if (path === 'meta.policySource' && v in POLICY_SOURCE_NAMES)
      return POLICY_SOURCE_NAMES[v as keyof typeof POLICY_SOURCE_NAMES][locale];
    return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  }
  if (typeof v === 'number') return String(v);
  const s = canonicalJson(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function describe(fields: FieldChange[], locale: Locale): string {
  return fields
    .map((f) => `${f.label} ${show(f.before, f.field, locale)} → ${show(f.after, f.field, locale)}`)
    .join(locale === 'en' ? '; ' : '；');
}

interface Entry {
  ref: LeafRef;
  fields: Record<string, unknown>;
  points: number;
}

function indicatorEntries(doc: SchemeDocument): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const ref of walkIndicators(doc.engine)) {
    const g = doc.engine.groups[ref.groupIndex];
    const ov = g?.overrides[ref.indicator.id];
    const { children: _children, id: _id, ...own } = ref.indicator;
    const fields = {
      ...own,
      method: ov?.method ?? own.method,
      points: ov?.points ?? own.points,
      block: ref.blockName,
      parent: ref.parents.join(' / ') || undefined,
      meta: ref.isLeaf ? doc.meta.indicators[ref.indicator.id] : undefined,
    };
    out.set(`${ref.groupId}::${ref.indicator.id}`, { ref, fields, points: fields.points });
  }
  return out;
}

export interface DocumentDiff {
  summary: { added: number; removed: number; changed: number; rules: number };
  indicators: IndicatorChange[];
  rules: RuleChange[];
  sentences: string[];
}

export function diffDocuments(original: SchemeDocument, to: SchemeDocument, locale: Locale = 'zh-CN'): DocumentDiff {
  // Between years, node dates that moved with the year are not changes.
  const fy = original.engine.year;
  const ty = to.engine.year;
  const from = fy !== undefined && ty !== undefined && fy !== ty ? copyDocument(original, fy, ty) : original;
  const en = locale === 'en';
  const a = indicatorEntries(from);
  const b = indicatorEntries(to);
  const indicators: IndicatorChange[] = [];
  const where = (r: LeafRef) => `${r.groupName} · ${r.blockName}`;
  const pts = (n: number) => (en ? `${n} points` : `${n} 分`);
  const base = (change: IndicatorChange['change'], e: Entry) => ({
    change,
    groupId: e.ref.groupId,
    groupName: e.ref.groupName,
    blockId: e.ref.blockId,
    blockName: e.ref.blockName,
    indicatorId: e.ref.indicator.id,
    name: e.ref.indicator.name ?? e.ref.indicator.id,
    points: e.points,
  });
  for (const [k, e] of b) {
    const old = a.get(k);
    const name = e.ref.indicator.name ?? e.ref.indicator.id;
    if (!old) {
      indicators.push({
        ...base('added', e),
        fields: [],
        sentence: en
          ? `${where(e.ref)}: added "${name}" (${pts(e.points)})`
          : `${where(e.ref)}：新增指标“${name}”（${pts(e.points)}）`,
      });
      continue;
    }
    const fields = diffValues(old.fields, e.fields, '', locale);
    if (fields.length === 0) continue;
    indicators.push({
      ...base('changed', e),
      fields,
      sentence: en
        ? `${where(e.ref)}: changed "${name}": ${describe(fields, locale)}`
        : `${where(e.ref)}：修改指标“${name}”：${describe(fields, locale)}`,
    });
  }
  for (const [k, e] of a) {
    if (b.has(k)) continue;
    const name = e.ref.indicator.name ?? e.ref.indicator.id;
    indicators.push({
      ...base('removed', e),
      fields: [],
      sentence: en
        ? `${where(e.ref)}: removed "${name}" (${pts(e.points)})`
        : `${where(e.ref)}：删除指标“${name}”（${pts(e.points)}）`,
    });
  }

  const rules: RuleChange[] = [];
  const AREA_NAMES: Record<RuleChange['area'], [string, string]> = {
    bonus: ['加分规则', 'bonus'],
    deductions: ['扣分规则', 'deduction rule'],
    vetoes: ['一票否决事项', 'veto item'],
    tiering: ['档次设置', 'tiers'],
    composite: ['综合得分权重', 'composite weights'],
    evaluation: ['综合评价', 'evaluation'],
    discipline: ['违纪违法降档', 'discipline downgrade'],
    ranking: ['排名规则', 'ranking'],
    blocks: ['指标板块', 'block'],
    groups: ['考核类别', 'group'],
    resultsUse: ['结果运用', 'results use'],
    rollUps: ['数据归并', 'roll-up'],
    general: ['方案设置', 'scheme settings'],
  };
  const areaName = (area: RuleChange['area']) => AREA_NAMES[area][en ? 1 : 0];
  const ruleDiff = (area: RuleChange['area'], ref: string, x: unknown, y: unknown, display = ref) => {
    if (x === undefined && y === undefined) return;
    const title = display ? `${areaName(area)}“${display}”` : areaName(area);
    const titleEn = display ? `${areaName(area)} "${display}"` : areaName(area);
    if (x === undefined) {
      rules.push({
        area,
        change: 'added',
        ref,
        fields: diffValues(undefined, y, '', locale),
        sentence: en ? `Added ${titleEn}` : `新增${title}`,
      });
      return;
    }
    if (y === undefined) {
      rules.push({
        area,
        change: 'removed',
        ref,
        fields: diffValues(x, undefined, '', locale),
        sentence: en ? `Removed ${titleEn}` : `删除${title}`,
      });
      return;
    }
    const fields = diffValues(x, y, '', locale);
    if (fields.length === 0) return;
    rules.push({
      area,
      change: 'changed',
      ref,
      fields,
      sentence: en ? `Changed ${titleEn}: ${describe(fields, locale)}` : `修改${title}：${describe(fields, locale)}`,
    });
  };
  const byId = <T extends { id: string; name?: string | undefined }>(area: RuleChange['area'], xs: T[], ys: T[]) => {
    const mx = new Map(xs.map((x) => [x.id, x]));
    const my = new Map(ys.map((y) => [y.id, y]));
    for (const id of new Set([...mx.keys(), ...my.keys()])) {
      const item = my.get(id) ?? mx.get(id);
      ruleDiff(area, id, mx.get(id), my.get(id), item?.name ?? id);
    }
  };
  const fe = from.engine;
  const te = to.engine;
  ruleDiff(
    'general',
    'settings',
    { name: fe.name, decimals: fe.decimals, roundIndicatorScores: fe.roundIndicatorScores },
    { name: te.name, decimals: te.decimals, roundIndicatorScores: te.roundIndicatorScores },
    '',
  );
  byId(
    'groups',
    fe.groups.map((g) => ({ id: g.id, name: g.name })),
    te.groups.map((g) => ({ id: g.id, name: g.name })),
  );
  for (const g of te.groups) {
    const og = fe.groups.find((x) => x.id === g.id);
    if (!og) continue;
    const gName = g.name ?? g.id;
    ruleDiff('composite', g.id, og.composite, g.composite, gName);
    const blocksOf = (s: SchemeDocument['engine'], grp: typeof g) =>
      (grp.blocks ?? s.blocks).map((bl) => ({
        id: bl.id,
        name: `${gName} · ${bl.name ?? bl.id}`,
        weight: grp.blockWeights[bl.id] ?? bl.weight,
      }));
    byId('blocks', blocksOf(fe, og), blocksOf(te, g));
    ruleDiff('tiering', `${g.id}.tiering`, og.tiering, g.tiering, gName);
  }
  ruleDiff(
    'bonus',
    'bonus',
    { cap: fe.bonus.cap, rankChange: fe.bonus.rankChange },
    { cap: te.bonus.cap, rankChange: te.bonus.rankChange },
    '',
  );
  byId('bonus', fe.bonus.categories, te.bonus.categories);
  byId('deductions', fe.deductions, te.deductions);
  byId('deductions', fe.deductionCaps, te.deductionCaps);
  byId('vetoes', fe.vetoes, te.vetoes);
  byId('rollUps', fe.rollUps, te.rollUps);
  ruleDiff('discipline', 'discipline', fe.discipline, te.discipline, '');
  ruleDiff('tiering', 'tiering', fe.tiering, te.tiering, '');
  ruleDiff('evaluation', 'evaluation', fe.evaluation, te.evaluation, '');
  ruleDiff('ranking', 'ranking', fe.ranking, te.ranking, '');
  ruleDiff('resultsUse', 'resultsUse', fe.resultsUse, te.resultsUse, '');

  const count = (c: IndicatorChange['change']) => indicators.filter((i) => i.change === c).length;
  return {
    summary: { added: count('added'), removed: count('removed'), changed: count('changed'), rules: rules.length },
    indicators,
    rules,
    sentences: [...indicators.map((i) => i.sentence), ...rules.map((r) => r.sentence)],
  };
}
