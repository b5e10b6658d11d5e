/**
 * A record must name what the year's scheme has (issue 13 item 3, PRODUCT A4): a bonus names one of the scheme's
 * bonus categories and, where the category scores by level, one of that category's own levels (a potential-
 * performance category's 'major'/'notable' as much as national…city); a deduction names a deduction rule and what
 * that rule reads (a level of its table, the record's points, or a light colour); a veto names a veto item; a
 * discipline case names nothing. One matcher serves the three doors — the API, the Excel import and the compute —
 * so that what is refused at entry is exactly what blocks publication when it reaches the compute anyway.
 */
import type { Scheme } from '@yardstick/engine';
import type { Locale } from '../../errors';
import type { RecordKind } from './schemas';

export type Text = Record<Locale, string>;

/**
 * Names of the level codes schemes use. The scheme stores only codes (and their points); these are how the UI,
 * Excel and the messages show them. A code not listed here is shown as it is.
 */
export const LEVEL_NAMES: Readonly<Record<string, Text>> = {
  national: { 'zh-CN': '国家级', en: 'National' },
  provincial: { 'zh-CN': '省级', en: 'Provincial' },
  city: { 'zh-CN': '市级', en: 'City' },
  county: { 'zh-CN': '县级', en: 'County' },
  township: { 'zh-CN': '乡镇级', en: 'Township' },
  major: { 'zh-CN': '重大', en: 'Major' },
  notable: { 'zh-CN': '显著', en: 'Notable' },
  yellow: { 'zh-CN': '黄灯', en: 'Yellow light' },
  red: { 'zh-CN': '红灯', en: 'Red light' },
};

export const levelName = (code: string): Text => LEVEL_NAMES[code] ?? { 'zh-CN': code, en: code };

/**
 * What a rule reads from a record: 'level' (a level of `levels`, the level gives the points), 'points' (the
 * record's own points), 'fixed' (the rule's own points: neither), 'none' (a veto: neither).
 */
export type AmountFrom = 'level' | 'points' | 'fixed' | 'none';

export interface LevelChoice {
  id: string;
  name: Text;
  /** Points the level gives (null for light colours, counted per the rule's table). */
  points: number | null;
}

export interface RuleChoice {
  id: string;
  name: string;
  amountFrom: AmountFrom;
  levels: LevelChoice[];
  /** The department that supplies the rule's data (its unit code), when the scheme names one. */
  provider: string | null;
}

export interface RecordChoices {
  bonus: RuleChoice[];
  deduction: RuleChoice[];
  veto: RuleChoice[];
}

/** A rule's levels with their names: the scheme's own name of a code (levelNames) first, else the product's. */
const levelsOf = (table: Record<string, number>, names?: Record<string, string>): LevelChoice[] =>
  Object.entries(table).map(([id, points]) => {
    const own = names?.[id];
    return { id, name: own ? { 'zh-CN': own, en: own } : levelName(id), points };
  });

/** The rules, categories and levels a record of the scheme's year may name, by kind. */
export function choicesOf(scheme: Scheme): RecordChoices {
  return {
    bonus: scheme.bonus.categories.map((c) => {
      const levels = levelsOf(c.levels, c.levelNames);
      const amountFrom = levels.length > 0 ? 'level' : 'points';
      return { id: c.id, name: c.name ?? c.id, amountFrom, levels, provider: c.provider ?? null };
    }),
    // A rankPlaces rule reads the dataset's rankings, never a record: it is not offered.
    deduction: scheme.deductions.flatMap((d): RuleChoice[] => {
      const base = { id: d.id, name: d.name ?? d.id, provider: d.provider ?? null };
      switch (d.amount.kind) {
        case 'perLevel':
          return [{ ...base, amountFrom: 'level', levels: levelsOf(d.amount.levels, d.amount.levelNames) }];
        case 'lights':
          return [
            {
              ...base,
              amountFrom: 'level',
              levels: ['yellow', 'red'].map((id) => ({ id, name: levelName(id), points: null })),
            },
          ];
        case 'fromRecord':
          return [{ ...base, amountFrom: 'points', levels: [] }];
        case 'fixed':
          return [{ ...base, amountFrom: 'fixed', levels: [] }];
        default:
          return [];
      }
    }),
    veto: scheme.vetoes.map((v) => ({
      id: v.id,
      name: v.name ?? v.id,
      amountFrom: 'none',
      levels: [],
      provider: v.provider ?? null,
    })),
  };
}

export interface RecordFields {
  kind: RecordKind;
  ruleId: string | null;
  level: string | null;
  amount: number | null;
  count?: number;
  repeat?: boolean;
}

export type MismatchField = 'ruleId' | 'level' | 'amount' | 'count' | 'repeat';

export interface Mismatch {
  field: MismatchField;
  message: Text;
}

const KIND_TEXT: Record<RecordKind, Text> = {
  bonus: { 'zh-CN': '加分类别', en: 'bonus category' },
  deduction: { 'zh-CN': '扣分规则', en: 'deduction rule' },
  veto: { 'zh-CN': '一票否决事项', en: 'veto item' },
  discipline: { 'zh-CN': '违纪违法', en: 'discipline case' },
};

const ruleList = (rules: RuleChoice[], locale: Locale) =>
  rules.length === 0
    ? locale === 'en'
      ? '(none in the scheme)'
      : '（方案中没有）'
    : rules
        .map((r) => (r.name === r.id ? r.id : locale === 'en' ? `${r.id} (${r.name})` : `${r.id}（${r.name}）`))
        .join(locale === 'en' ? ', ' : '、');

const levelList = (levels: LevelChoice[], locale: Locale) =>
  levels
    .map((l) => {
      const pts = l.points === null ? '' : locale === 'en' ? `, ${l.points} pts` : `，${l.points} 分`;
      return locale === 'en' ? `${l.id} (${l.name.en}${pts})` : `${l.id}（${l.name['zh-CN']}${pts}）`;
    })
    .join(locale === 'en' ? ', ' : '、');

const both = (f: (l: Locale) => string): Text => ({ 'zh-CN': f('zh-CN'), en: f('en') });

/**
 * Where the record does not fit the scheme, one mismatch per field, each naming the valid choices. `strict` also
 * refuses what the rule would ignore (points typed where the level gives them, a level on a veto, a count on a
 * bonus): entry is strict; the compute (strict = false) blocks only what it cannot score.
 */
export function matchRecord(scheme: Scheme, r: RecordFields, strict = true): Mismatch[] {
  const out: Mismatch[] = [];
  const choices = choicesOf(scheme);
  const year = scheme.year === undefined ? '' : `${scheme.year}`;
  const ignored = (field: MismatchField, zh: string, en: string) => {
    if (strict) out.push({ field, message: { 'zh-CN': zh, en } });
  };
  if (r.kind === 'discipline') {
    if (r.ruleId !== null) ignored('ruleId', '违纪违法记录不填写规则编号', 'a discipline case names no rule');
    if (r.level !== null) ignored('level', '违纪违法记录不填写级别', 'a discipline case has no level');
    if (r.amount !== null)
      ignored('amount', '违纪违法记录不填写分值（按方案降档）', 'a discipline case has no points (it moves the tier)');
  } else {
    const rules = choices[r.kind];
    const what = KIND_TEXT[r.kind];
    const rule = r.ruleId === null ? undefined : rules.find((x) => x.id === r.ruleId);
    if (!rule) {
      const head = both((l) =>
        r.ruleId === null
          ? l === 'en'
            ? `name a ${what.en} of the ${year} scheme`
            : `须填写 ${year} 年考核方案中的${what['zh-CN']}`
          : l === 'en'
            ? `the ${year} scheme has no ${what.en} "${r.ruleId}"`
            : `${year} 年考核方案中没有${what['zh-CN']}“${r.ruleId}”`,
      );
      out.push({
        field: 'ruleId',
        message: both((l) =>
          l === 'en'
            ? `${head.en}; choose one of: ${ruleList(rules, l)}`
            : `${head['zh-CN']}，可选：${ruleList(rules, l)}`,
        ),
      });
      return out;
    }
    if (rule.amountFrom === 'level') {
      const level = r.level === null ? undefined : rule.levels.find((x) => x.id === r.level);
      if (!level)
        out.push({
          field: 'level',
          message: both((l) => {
            const head =
              r.level === null
                ? l === 'en'
                  ? `"${rule.id}" scores by level: give one`
                  : `“${rule.name}”按级别计分，须填写级别`
                : l === 'en'
                  ? `"${rule.id}" has no level "${r.level}"`
                  : `“${rule.name}”没有级别“${r.level}”`;
            return l === 'en'
              ? `${head}; choose one of: ${levelList(rule.levels, l)}`
              : `${head}，可选：${levelList(rule.levels, l)}`;
          }),
        });
      if (r.amount !== null)
        ignored(
          'amount',
          `“${rule.name}”的分值由级别决定，不能另填分值`,
          `"${rule.id}" takes its points from the level; leave the points empty`,
        );
    } else {
      if (r.level !== null)
        ignored('level', `“${rule.name}”不分级别，不能填写级别`, `"${rule.id}" has no levels; leave the level empty`);
      if (rule.amountFrom === 'points') {
        if (r.amount === null || r.amount < 0)
          out.push({
            field: 'amount',
            message: {
              'zh-CN': `“${rule.name}”按记录的分值计分，须填写不小于 0 的分值`,
              en: `"${rule.id}" takes the record's points: give points of at least 0`,
            },
          });
      } else if (r.amount !== null)
        ignored(
          'amount',
          rule.amountFrom === 'fixed'
            ? `“${rule.name}”按方案规定的固定分值扣分，不能另填分值`
            : `${what['zh-CN']}不填写分值（效果由方案规定）`,
          rule.amountFrom === 'fixed'
            ? `"${rule.id}" deducts the scheme's fixed points; leave the points empty`
            : `a ${what.en} has no points (the scheme sets its effect)`,
        );
    }
  }
  if (r.kind !== 'deduction') {
    if (r.count !== undefined && r.count !== 1)
      ignored('count', '只有扣分记录按次数计算', 'only deductions count occurrences');
    if (r.repeat) ignored('repeat', '只有扣分记录区分重复发生', 'only deductions can be repeats');
  }
  return out;
}
