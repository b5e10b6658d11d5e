/**
 * 考核规则: everything of the year's draft that is not an indicator (issue 17) — bonus categories, deduction rules,
 * one-vote vetoes, shared deduction caps, named periods, roll-ups (数据归并), each group's composite weights and tiering, and the
 * scheme's settings (decimals, scale, measurement window, overall bonus cap and rank change, discipline,
 * evaluation, ranking, tiering, results use) — one row per rule. The common fields have columns of their own;
 * what a rule has beyond them is written in 其他设置 as JSON, so every field of the format goes out and comes back.
 *
 * On import a rule category (加分类别, 扣分规则 …) that has rows in the file is replaced by them (a rule the
 * file no longer lists is removed); categories without rows keep theirs, and so do settings and groups the file
 * does not name. The whole scheme is checked against the engine's format first; a refused file names the row and
 * the column. Saved through the scheme service (validated, versioned, audited).
 */
import {
  DEDUCTION_AMOUNT_KINDS,
  SchemeSchema,
  VETO_EFFECT_KINDS,
  type DeductionRule,
  type Scheme,
  type VetoRule,
} from '@yardstick/engine';
import { asc, eq } from 'drizzle-orm';
import { units } from '../../../db/schema';
import { localizeIssue } from '../../../plugins/zod-i18n';
import { LEVEL_NAMES } from '../../records/match';
import type { SchemeDocument } from '../../schemes/document';
import { getDraftDocument, getSchemeByYear, saveDraft } from '../../schemes/service';
import { msg, t, type Text } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';
import { currentDocument } from './indicators';
import { unitLookup } from './unitref';

type Key =
  | 'area'
  | 'id'
  | 'name'
  | 'provider'
  | 'how'
  | 'points'
  | 'levels'
  | 'limit'
  | 'from'
  | 'to'
  | 'refs'
  | 'fromUnit'
  | 'intoUnit'
  | 'other';

/** The rule categories, in the order the sheet lists them. */
const AREAS = {
  bonus: '加分类别',
  deduction: '扣分规则',
  veto: '一票否决',
  cap: '共同限扣',
  period: '重要时段',
  rollUp: '数据归并',
  group: '组别设置',
  setting: '方案设置',
} as const;
type Area = keyof typeof AREAS;
/** The columns each kind of row reads (规则名称 of a group or setting is written for reading and accepted back). */
const USED: Record<Area, readonly Key[]> = {
  bonus: ['area', 'id', 'name', 'provider', 'levels', 'limit', 'other'],
  deduction: ['area', 'id', 'name', 'provider', 'how', 'points', 'levels', 'limit', 'refs', 'other'],
  veto: ['area', 'id', 'name', 'provider', 'how', 'points', 'other'],
  cap: ['area', 'id', 'limit', 'refs', 'other'],
  period: ['area', 'id', 'name', 'from', 'to', 'other'],
  rollUp: ['area', 'id', 'name', 'refs', 'fromUnit', 'intoUnit', 'other'],
  group: ['area', 'id', 'name', 'other'],
  setting: ['area', 'id', 'name', 'other'],
};
const AREA_OF = new Map<string, Area>(Object.entries(AREAS).map(([k, v]) => [v, k as Area]));

/** Scheme settings a 方案设置 row may carry (its 规则编号), with the name written beside them. */
const SETTINGS = {
  decimals: '计分精度（小数位数）',
  roundIndicatorScores: '指标得分先取整再合计',
  scale: '满分与计分方式',
  measurementWindow: '考核周期',
  bonus: '加分总上限与进位加分',
  discipline: '违纪违法降等',
  evaluation: '综合评价',
  ranking: '排名规则',
  tiering: '等次评定',
  resultsUse: '结果运用',
} as const;
type Setting = keyof typeof SETTINGS;
const OPTIONAL_SETTINGS: readonly Setting[] = ['scale', 'measurementWindow', 'evaluation'];
/** What a 组别设置 row may carry (the rest of a group is its indicators: the indicators workbook). */
const GROUP_FIELDS = ['composite', 'tiering'] as const;

const AMOUNT_NAMES: Record<DeductionRule['amount']['kind'], string> = {
  perLevel: '按级别',
  fixed: '固定分值',
  fromRecord: '按记录分值折算',
  lights: '按亮灯',
  rankPlaces: '按下级单位排名',
  assessor: '按考核主体评分情况',
  measured: '按实测值分段扣分',
};
const EFFECT_NAMES: Record<VetoRule['effect']['kind'], string> = {
  lowestTier: '直接定为最低等次',
  barTopTiers: '不得评为前 n 个等次',
  fixedDeduction: '扣固定分值',
};
const HOW_OPTIONS = [
  ...DEDUCTION_AMOUNT_KINDS.map((k) => AMOUNT_NAMES[k]),
  ...VETO_EFFECT_KINDS.map((k) => EFFECT_NAMES[k]),
];

function spec(year: number): SheetSpec<Key> {
  const columns: Column<Key>[] = [
    {
      key: 'area',
      header: '规则类别',
      headerEn: 'category',
      type: 'text',
      required: true,
      width: 12,
      options: Object.values(AREAS),
      help: `${Object.values(AREAS).join('、')}`,
    },
    {
      key: 'id',
      header: '规则编号',
      headerEn: 'id',
      type: 'text',
      required: true,
      width: 18,
      nfkc: true,
      help: '规则的编号（字母、数字、- 或 _）；组别设置填组别编号，方案设置填设置项（见说明）',
    },
    { key: 'name', header: '规则名称', headerEn: 'name', type: 'text', width: 24, maxLength: 200, help: '规则的名称' },
    {
      key: 'provider',
      header: '数据提供单位',
      headerEn: 'data provider',
      type: 'text',
      width: 16,
      nfkc: true,
      help: '加分类别、扣分规则、一票否决：提供该项数据的部门（单位编码或名称），可不填',
    },
    {
      key: 'how',
      header: '计分方式',
      headerEn: 'how',
      type: 'text',
      width: 18,
      options: HOW_OPTIONS,
      help: `扣分规则：${DEDUCTION_AMOUNT_KINDS.map((k) => AMOUNT_NAMES[k]).join('、')}；一票否决：${VETO_EFFECT_KINDS.map((k) => EFFECT_NAMES[k]).join('、')}`,
    },
    {
      key: 'points',
      header: '分值',
      headerEn: 'points',
      type: 'number',
      width: 10,
      min: 0,
      help: '扣分规则（固定分值、按下级单位排名、按考核主体评分情况）每次扣的分；一票否决“扣固定分值”扣的分',
    },
    {
      key: 'levels',
      header: '级别分值',
      headerEn: 'points by level',
      type: 'text',
      width: 28,
      maxLength: 1000,
      help: '加分类别、按级别扣分：每个级别的分值，写成 级别=分值，用分号分隔，如 国家级=3; 省级=2; 市级=1',
    },
    {
      key: 'limit',
      header: '上限',
      headerEn: 'cap',
      type: 'number',
      width: 10,
      min: 0,
      help: '加分类别：每个单位本类最多加的分；扣分规则：本项限扣；共同限扣：几项规则合计最多扣的分',
    },
    { key: 'from', header: '开始日期', headerEn: 'from', type: 'date', width: 12, help: '重要时段的第一天' },
    { key: 'to', header: '结束日期', headerEn: 'to', type: 'date', width: 12, help: '重要时段的最后一天' },
    {
      key: 'refs',
      header: '涉及编号',
      headerEn: 'rules, periods or indicators',
      type: 'text',
      width: 22,
      nfkc: true,
      maxLength: 2000,
      help: '共同限扣：合计限扣的扣分规则编号；扣分规则：时段内倍数所适用的重要时段编号（不填即全部时段）；数据归并：计入的指标编号；用分号分隔',
    },
    {
      key: 'fromUnit',
      header: '下属单位',
      headerEn: 'sub-unit',
      type: 'text',
      width: 14,
      nfkc: true,
      help: '数据归并：数据计入所在单位的下属单位（单位编码或名称），如开发区',
    },
    {
      key: 'intoUnit',
      header: '计入单位',
      headerEn: 'counted in',
      type: 'text',
      width: 14,
      nfkc: true,
      help: '数据归并：数据计入的单位（单位编码或名称），如开发区所在的镇',
    },
    {
      key: 'other',
      header: '其他设置',
      headerEn: 'other settings',
      type: 'text',
      width: 48,
      maxLength: 30000,
      help: '前面各列之外的设置，JSON 格式，由导出文件写出，一般不需要改动（方案设置：该设置项的完整取值）',
    },
  ];
  return {
    sheet: `${year}年考核规则`,
    title: `${year} 年度考核方案 · 考核规则`,
    columns,
    notes: [
      '每行是一条规则：加分类别、扣分规则、一票否决、共同限扣、重要时段、数据归并，以及各组别的综合得分权重和等次设置、方案的总体设置。',
      '加分类别、扣分规则、一票否决、共同限扣、重要时段、数据归并：文件中出现的类别以文件为准（文件中没有的该类规则将被删除）；文件中没有任何一行的类别保持不变。',
      '方案设置和组别设置：文件中写出的行以文件为准；没有写出的设置项和组别保持不变（不会被删除）。',
      `方案设置的规则编号：${Object.entries(SETTINGS)
        .map(([k, v]) => `${k}（${v}）`)
        .join(
          '、',
        )}；其取值写在“其他设置”中（JSON），可选的设置（scale、measurementWindow、evaluation）写 null 即删除。`,
      '例：scale 写 {"total":1000,"mode":"points","evaluationPoints":200}（千分制，按方案分值）；measurementWindow 写 {"start":"12-01"}（上年12月1日至当年11月30日）或 {"from":"2018-12-01","to":"2019-11-30"}；decimals 写 2。',
      `组别设置：规则编号填组别编号，“其他设置”写 composite（综合得分权重 a、b）和 tiering（本组等次）。`,
      '级别分值中的级别可写名称（国家级、省级……或方案自定义的级别名称）或级别代码。',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const json = (v: Record<string, unknown>): string | null => (Object.keys(v).length === 0 ? null : JSON.stringify(v));

/** A level's name as the sheet writes it: the scheme's own name, else the product's, else the code. */
function levelsText(levels: Record<string, number>, names: Record<string, string> | undefined): string | null {
  // the highest level first, as schemes print them
  const entries = Object.entries(levels).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (entries.length === 0) return null;
  return entries.map(([code, p]) => `${names?.[code] ?? LEVEL_NAMES[code]?.['zh-CN'] ?? code}=${p}`).join('; ');
}

type Row = Record<Key, CellValue>;
const blank = (area: Area, id: string): Row => ({
  area: AREAS[area],
  id,
  name: null,
  provider: null,
  how: null,
  points: null,
  levels: null,
  limit: null,
  from: null,
  to: null,
  refs: null,
  fromUnit: null,
  intoUnit: null,
  other: null,
});

function rowsOf(engine: Scheme): Row[] {
  const rows: Row[] = [];
  for (const c of engine.bonus.categories) {
    const { id, name, provider, levels, cap, ...rest } = c;
    rows.push({
      ...blank('bonus', id),
      name: name ?? null,
      provider: provider ?? null,
      levels: levelsText(levels, c.levelNames),
      limit: cap ?? null,
      other: json(rest),
    });
  }
  for (const d of engine.deductions) {
    const { id, name, provider, limit, amount, periods, ...rest } = d;
    const { kind, ...amountRest } = amount;
    const points = 'points' in amountRest && kind !== 'lights' ? amountRest.points : null;
    const levels = kind === 'perLevel' ? levelsText(amount.levels, amount.levelNames) : null;
    const other: Record<string, unknown> = { ...rest };
    // an empty list (no period) is not a blank cell (every period): it stays in 其他设置
    if (periods && periods.length === 0) other.periods = [];
    const restOfAmount: Record<string, unknown> = { ...amountRest };
    if (points !== null) delete restOfAmount.points;
    if (levels !== null) delete restOfAmount.levels;
    if (Object.keys(restOfAmount).length > 0) other.amount = restOfAmount;
    rows.push({
      ...blank('deduction', id),
      name: name ?? null,
      provider: provider ?? null,
      how: AMOUNT_NAMES[kind],
      points: typeof points === 'number' ? points : null,
      levels,
      limit: limit ?? null,
      refs: periods && periods.length > 0 ? periods.join('; ') : null,
      other: json(other),
    });
  }
  for (const v of engine.vetoes) {
    const { id, name, provider, effect } = v;
    const { kind, ...effectRest } = effect;
    const points = effect.kind === 'fixedDeduction' ? effect.points : null;
    const restOfEffect: Record<string, unknown> = { ...effectRest };
    delete restOfEffect.points;
    rows.push({
      ...blank('veto', id),
      name: name ?? null,
      provider: provider ?? null,
      how: EFFECT_NAMES[kind],
      points,
      other: json(Object.keys(restOfEffect).length > 0 ? { effect: restOfEffect } : {}),
    });
  }
  for (const c of engine.deductionCaps) rows.push({ ...blank('cap', c.id), limit: c.limit, refs: c.rules.join('; ') });
  for (const p of engine.periods) rows.push({ ...blank('period', p.id), name: p.name ?? null, from: p.from, to: p.to });
  for (const r of engine.rollUps)
    rows.push({
      ...blank('rollUp', r.id),
      name: r.name ?? null,
      refs: r.indicators.join('; '),
      fromUnit: r.from,
      intoUnit: r.into,
    });
  for (const g of engine.groups) {
    const fields: Record<string, unknown> = { composite: g.composite };
    if (g.tiering) fields.tiering = g.tiering;
    rows.push({ ...blank('group', g.id), name: g.name ?? null, other: JSON.stringify(fields) });
  }
  for (const key of Object.keys(SETTINGS) as Setting[]) {
    let value: unknown = engine[key];
    if (key === 'bonus') {
      const { categories: _categories, ...rest } = engine.bonus;
      value = rest;
    }
    if (value === undefined) continue;
    if (key === 'evaluation' && engine.evaluation) value = withOptionsInOrder(engine.evaluation);
    rows.push({ ...blank('setting', key), name: SETTINGS[key], other: JSON.stringify(value) });
  }
  return rows;
}

/** The evaluation with each rater group's options best first, "don't know" last (jsonb keeps no key order). */
function withOptionsInOrder(e: NonNullable<Scheme['evaluation']>): NonNullable<Scheme['evaluation']> {
  return {
    ...e,
    raterGroups: e.raterGroups.map((g) =>
      g.options
        ? {
            ...g,
            options: Object.fromEntries(
              Object.entries(g.options).sort(
                ([, a], [, b]) => (b ?? Number.NEGATIVE_INFINITY) - (a ?? Number.NEGATIVE_INFINITY),
              ),
            ),
          }
        : g,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

const text = (v: CellValue) => (v === null ? null : String(v).trim() || null);
const splitList = (raw: string) =>
  raw
    .split(/[;；,，、\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `国家级=3; provincial=2` → codes and points; names are matched to the scheme's own level names, then the product's. */
function parseLevels(
  raw: string,
  names: Record<string, string> | undefined,
): { value: Record<string, number> } | { error: Text } {
  const byName = new Map<string, string>();
  for (const [code, n] of Object.entries(LEVEL_NAMES)) byName.set(n['zh-CN'], code);
  for (const [code, n] of Object.entries(names ?? {})) byName.set(n, code);
  const out: Record<string, number> = {};
  for (const part of raw.split(/[;；\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([^=＝]+?)\s*[=＝]\s*([+-]?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m || m[1] === undefined || m[2] === undefined)
      return {
        error: t(
          `“${part.trim()}”应写成 级别=分值，如 国家级=3`,
          `"${part.trim()}" should read level=points, e.g. national=3`,
        ),
      };
    out[byName.get(m[1]) ?? m[1]] = Number(m[2]);
  }
  return { value: out };
}

function parseJson(raw: string | null): { value: unknown } | { error: Text } {
  if (raw === null) return { value: undefined };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { error: t('不是有效的 JSON', 'is not valid JSON') };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Which column a path inside one rule belongs to, for the message. */
function columnOf(area: Area, path: readonly PropertyKey[]): Key {
  const [first, second] = path;
  if (area === 'setting' || area === 'group') return 'other';
  if (area === 'rollUp' && first === 'from') return 'fromUnit';
  if (area === 'rollUp' && first === 'into') return 'intoUnit';
  if (first === 'id') return 'id';
  if (first === 'name') return 'name';
  if (first === 'provider') return 'provider';
  if (first === 'cap' || first === 'limit') return 'limit';
  if (first === 'levels') return 'levels';
  if (first === 'from') return 'from';
  if (first === 'to') return 'to';
  if (first === 'rules' || first === 'periods' || first === 'indicators') return 'refs';
  if (first === 'amount' || first === 'effect') {
    if (second === 'kind') return 'how';
    if (second === 'points') return 'points';
    if (second === 'levels') return 'levels';
  }
  return 'other';
}

export const rulesKind: ExcelKind = {
  kind: 'rules',
  fileName: '考核规则',
  spec(_db, _actor, { year }) {
    return Promise.resolve(spec(year));
  },

  async exportRows(db, actor, { year }) {
    const doc = await currentDocument(db, actor, year);
    return rowsOf(doc.engine);
  },

  async importRows(tx, actor, wb, issues, { year }): Promise<ImportOutcome> {
    const sheet = spec(year);
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const scheme = await getSchemeByYear(tx, actor, year);
    const draft = await getDraftDocument(tx, actor, scheme.id);
    const doc: SchemeDocument = draft.document;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const countyUnits = await tx
      .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName })
      .from(units)
      .where(eq(units.tenantId, actor.tenantId))
      .orderBy(asc(units.code));
    const lookup = unitLookup(countyUnits);
    const codeOf = new Map(countyUnits.map((u) => [u.id, u.code]));

    const engine: Scheme = structuredClone(doc.engine);
    const lists: Record<'bonus' | 'deduction' | 'veto' | 'cap' | 'period' | 'rollUp', Record<string, unknown>[]> = {
      bonus: [],
      deduction: [],
      veto: [],
      cap: [],
      period: [],
      rollUp: [],
    };
    // where each rule of the assembled scheme came from: a path prefix → the sheet row
    const origin = new Map<string, { row: number; area: Area }>();
    const seen = new Map<string, number>();
    const groupIds = engine.groups.map((g) => g.id);

    for (const r of rows) {
      const v = r.values;
      const areaName = text(v.area);
      const id = text(v.id);
      if (!areaName || !id) continue;
      const area = AREA_OF.get(areaName);
      if (!area) continue; // the dropdown check has said so
      const key = `${area}\u0000${id}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.add(
          r.row,
          cols.id,
          t(`${areaName}“${id}”已在第 ${earlier} 行出现`, `${areaName} "${id}" is given on row ${earlier} already`),
        );
        continue;
      }
      seen.set(key, r.row);
      // a cell this kind of rule has no use for is refused, never dropped unseen
      const unused = sheet.columns.filter((c) => v[c.key] !== null && !USED[area].includes(c.key));
      if (unused.length > 0) {
        for (const c of unused)
          issues.add(
            r.row,
            c,
            t(`${areaName}不使用「${c.header}」，请清空该格`, `a ${area} row takes no ${c.headerEn}`),
          );
        continue;
      }
      const other = parseJson(text(v.other));
      if ('error' in other) {
        issues.add(r.row, cols.other, other.error);
        continue;
      }
      const extra = other.value;
      if ((area !== 'setting' || id === 'bonus') && extra !== undefined && !isObject(extra)) {
        issues.add(r.row, cols.other, t('应为 JSON 对象（{…}）', 'must be a JSON object ({…})'));
        continue;
      }
      const o: Record<string, unknown> = isObject(extra) ? { ...extra } : {};
      const name = text(v.name);
      const unitCode = (cell: string, col: Column<Key>, what: Text): string | undefined => {
        const hit = lookup(cell);
        if ('error' in hit) {
          const none = hit.error['zh-CN'] === msg.unknownUnit(cell)['zh-CN'];
          issues.add(
            r.row,
            col,
            none
              ? t(`本县没有单位“${cell}”，${what['zh-CN']}`, `the county has no unit "${cell}"; ${what.en}`)
              : hit.error,
          );
          return undefined;
        }
        return codeOf.get(hit.id);
      };
      let provider: string | undefined;
      const providerCell = text(v.provider);
      if (providerCell !== null) {
        provider = unitCode(
          providerCell,
          cols.provider,
          t('请填写提供数据的部门的单位编码或名称', "give the providing department's code or name"),
        );
        if (provider === undefined) continue;
      }
      const how = text(v.how);
      const levelsCell = text(v.levels);
      const refs = text(v.refs);
      const withName = (x: Record<string, unknown>) => {
        if (name !== null) x.name = name;
        if (provider !== undefined) x.provider = provider;
        return x;
      };

      if (area === 'bonus') {
        const levelNames = isObject(o.levelNames) ? (o.levelNames as Record<string, string>) : undefined;
        const levels = levelsCell === null ? { value: {} } : parseLevels(levelsCell, levelNames);
        if ('error' in levels) {
          issues.add(r.row, cols.levels, levels.error);
          continue;
        }
        const rule = withName({ ...o, id, levels: levels.value });
        if (typeof v.limit === 'number') rule.cap = v.limit;
        origin.set(`bonus.categories.${lists.bonus.length}`, { row: r.row, area });
        lists.bonus.push(rule);
      } else if (area === 'deduction') {
        const kind = DEDUCTION_AMOUNT_KINDS.find((k) => AMOUNT_NAMES[k] === how);
        if (!kind) {
          issues.add(
            r.row,
            cols.how,
            t(
              `扣分规则须选择计分方式：${DEDUCTION_AMOUNT_KINDS.map((k) => AMOUNT_NAMES[k]).join('、')}`,
              `a deduction rule needs one of: ${DEDUCTION_AMOUNT_KINDS.join(', ')}`,
            ),
          );
          continue;
        }
        const amount: Record<string, unknown> = { ...(isObject(o.amount) ? o.amount : {}), kind };
        if (typeof v.points === 'number') amount.points = v.points;
        if (levelsCell !== null) {
          const levelNames = isObject(amount.levelNames) ? (amount.levelNames as Record<string, string>) : undefined;
          const levels = parseLevels(levelsCell, levelNames);
          if ('error' in levels) {
            issues.add(r.row, cols.levels, levels.error);
            continue;
          }
          amount.levels = levels.value;
        }
        const rule = withName({ ...o, id, amount });
        if (typeof v.limit === 'number') rule.limit = v.limit;
        if (refs !== null) rule.periods = splitList(refs);
        origin.set(`deductions.${lists.deduction.length}`, { row: r.row, area });
        lists.deduction.push(rule);
      } else if (area === 'veto') {
        const kind = VETO_EFFECT_KINDS.find((k) => EFFECT_NAMES[k] === how);
        if (!kind) {
          issues.add(
            r.row,
            cols.how,
            t(
              `一票否决须选择否决效果：${VETO_EFFECT_KINDS.map((k) => EFFECT_NAMES[k]).join('、')}`,
              `a veto needs one of: ${VETO_EFFECT_KINDS.join(', ')}`,
            ),
          );
          continue;
        }
        const effect: Record<string, unknown> = { ...(isObject(o.effect) ? o.effect : {}), kind };
        if (typeof v.points === 'number') effect.points = v.points;
        origin.set(`vetoes.${lists.veto.length}`, { row: r.row, area });
        lists.veto.push(withName({ ...o, id, effect }));
      } else if (area === 'cap') {
        const rule: Record<string, unknown> = { ...o, id, rules: refs === null ? [] : splitList(refs) };
        if (typeof v.limit === 'number') rule.limit = v.limit;
        origin.set(`deductionCaps.${lists.cap.length}`, { row: r.row, area });
        lists.cap.push(rule);
      } else if (area === 'period') {
        const p: Record<string, unknown> = { ...o, id, from: v.from, to: v.to };
        if (name !== null) p.name = name;
        origin.set(`periods.${lists.period.length}`, { row: r.row, area });
        lists.period.push(p);
      } else if (area === 'rollUp') {
        const ends: Record<string, string | undefined> = {};
        let bad = false;
        for (const [key, col] of [
          ['from', cols.fromUnit],
          ['into', cols.intoUnit],
        ] as const) {
          const cell = text(v[key === 'from' ? 'fromUnit' : 'intoUnit']);
          if (cell === null) {
            issues.add(r.row, col, t('数据归并须填写下属单位和计入单位', 'a roll-up needs both units'));
            bad = true;
            continue;
          }
          ends[key] = unitCode(cell, col, t('请填写单位编码或名称', 'give a unit code or name'));
          if (ends[key] === undefined) bad = true;
        }
        if (bad) continue;
        const rollUp: Record<string, unknown> = { ...o, id, ...ends, indicators: refs === null ? [] : splitList(refs) };
        if (name !== null) rollUp.name = name;
        origin.set(`rollUps.${lists.rollUp.length}`, { row: r.row, area });
        lists.rollUp.push(rollUp);
      } else if (area === 'group') {
        const gi = groupIds.indexOf(id);
        if (gi < 0) {
          issues.add(
            r.row,
            cols.id,
            t(
              `${year} 年度方案中没有组别“${id}”，可选：${groupIds.join('、')}`,
              `the ${year} scheme has no group "${id}"; valid: ${groupIds.join(', ')}`,
            ),
          );
          continue;
        }
        const unknown = Object.keys(o).filter((k) => !(GROUP_FIELDS as readonly string[]).includes(k));
        if (unknown.length > 0) {
          issues.add(
            r.row,
            cols.other,
            t(
              `组别设置只能写 ${GROUP_FIELDS.join('、')}（指标在指标表中），不能写 ${unknown.join('、')}`,
              `a group row takes only ${GROUP_FIELDS.join(', ')} (indicators are in the indicators workbook), not ${unknown.join(', ')}`,
            ),
          );
          continue;
        }
        const g = engine.groups[gi] as unknown as Record<string, unknown>;
        if ('composite' in o) g.composite = o.composite;
        if ('tiering' in o) {
          if (o.tiering === null) delete g.tiering;
          else g.tiering = o.tiering;
        }
        origin.set(`groups.${gi}`, { row: r.row, area });
      } else {
        const setting = (Object.keys(SETTINGS) as Setting[]).find((k) => k === id);
        if (!setting) {
          issues.add(
            r.row,
            cols.id,
            t(
              `“${id}”不是方案设置项，可选：${Object.keys(SETTINGS).join('、')}`,
              `"${id}" is no scheme setting; valid: ${Object.keys(SETTINGS).join(', ')}`,
            ),
          );
          continue;
        }
        if (extra === undefined) {
          issues.add(
            r.row,
            cols.other,
            t('请在“其他设置”中填写该设置的取值', 'give the setting\u2019s value in 其他设置'),
          );
          continue;
        }
        const target = engine as unknown as Record<string, unknown>;
        if (setting === 'bonus') {
          if ('categories' in o) {
            issues.add(
              r.row,
              cols.other,
              t('加分类别请逐行填写（规则类别“加分类别”）', 'bonus categories go on 加分类别 rows'),
            );
            continue;
          }
          target.bonus = { ...o, categories: engine.bonus.categories };
        } else if (extra === null) {
          if (!OPTIONAL_SETTINGS.includes(setting)) {
            issues.add(r.row, cols.other, t('该设置不能删除', 'this setting cannot be removed'));
            continue;
          }
          delete target[setting];
        } else target[setting] = extra;
        origin.set(setting, { row: r.row, area });
      }
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    // the file's lists replace the draft's, category by category
    const present = (a: Area) => [...seen.keys()].some((k) => k.startsWith(`${a}\u0000`));
    const next = engine as unknown as Record<string, unknown>;
    if (present('bonus')) next.bonus = { ...(next.bonus as object), categories: lists.bonus };
    if (present('deduction')) next.deductions = lists.deduction;
    if (present('veto')) next.vetoes = lists.veto;
    if (present('cap')) next.deductionCaps = lists.cap;
    if (present('period')) next.periods = lists.period;
    if (present('rollUp')) next.rollUps = lists.rollUp;

    const parsed = SchemeSchema.safeParse(next);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const p = i.path.map(String);
        // the longest prefix of the path that a row produced
        let hit: { row: number; area: Area } | undefined;
        let depth = 0;
        for (let n = Math.min(p.length, 3); n >= 1 && !hit; n--) {
          hit = origin.get(p.slice(0, n).join('.'));
          depth = n;
        }
        const inner = i.path.slice(depth);
        const col = hit ? cols[columnOf(hit.area, inner)] : null;
        const where = inner.length > 0 ? `${inner.join('.')}：` : '';
        issues.add(
          hit?.row ?? 0,
          col,
          t(`${where}${localizeIssue(i as never, 'zh-CN')}`, `${where}${localizeIssue(i as never, 'en')}`),
        );
      }
      return { created: 0, updated: 0, unchanged: 0 };
    }
    const after = parsed.data;

    let created = 0;
    let updated = 0;
    let unchanged = 0;
    let removed = 0;
    const compare = (before: readonly { id: string }[], now: readonly { id: string }[]) => {
      const old = new Map(before.map((x) => [x.id, same(x)]));
      for (const x of now) {
        const was = old.get(x.id);
        if (was === undefined) created++;
        else if (was === same(x)) unchanged++;
        else updated++;
        old.delete(x.id);
      }
      removed += old.size;
    };
    const b = doc.engine;
    if (present('bonus')) compare(b.bonus.categories, after.bonus.categories);
    if (present('deduction')) compare(b.deductions, after.deductions);
    if (present('veto')) compare(b.vetoes, after.vetoes);
    if (present('cap')) compare(b.deductionCaps, after.deductionCaps);
    if (present('period')) compare(b.periods, after.periods);
    if (present('rollUp')) compare(b.rollUps, after.rollUps);
    for (const [path, o] of origin) {
      if (o.area === 'group') {
        const gi = Number(path.split('.')[1]);
        const pick = (s: Scheme) => same([s.groups[gi]?.composite, s.groups[gi]?.tiering]);
        if (pick(b) === pick(after)) unchanged++;
        else updated++;
      } else if (o.area === 'setting') {
        const k = path as Setting;
        const pick = (s: Scheme) =>
          same(k === 'bonus' ? { ...s.bonus, categories: undefined } : (s as Record<string, unknown>)[k]);
        if (pick(b) === pick(after)) unchanged++;
        else updated++;
      }
    }
    if (same(b) === same(after)) return { created, updated, unchanged, removed };
    const saved = await saveDraft(tx, actor, scheme.id, {
      version: draft.version,
      document: { ...doc, engine: after },
      note: 'Excel 导入考核规则',
    });
    return {
      created,
      updated,
      unchanged,
      removed,
      validation: { errors: saved.report.errors.length, warnings: saved.report.warnings.length },
    };
  },
};

/** Comparable text of a value, whatever order its objects' keys were written in (jsonb reorders them). */
const same = (v: unknown) => JSON.stringify(canonical(v));

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .filter((k) => v[k] !== undefined)
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}
