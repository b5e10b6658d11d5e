import type { Locale } from '../../errors';

/** A message in both languages: import problems are found once and shown in the caller's language. */
export type Text = Record<Locale, string>;

/** One bad cell (or row, or file-level problem at row 1) of an imported sheet. */
export interface CellIssue {
  /** Row number as Excel shows it (the header is row 1). */
  row: number;
  /** The column's header, as in the file (Chinese), or '' for the whole row. */
  column: string;
  /** The column's English name, for English messages. */
  columnEn: string;
  message: Text;
}

export const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

/** "第 5 行「单位类型」：只能填写 乡镇 或 县直部门" / "Row 5, 单位类型 (unit type): only 乡镇 or 县直部门". */
export function formatIssue(issue: CellIssue, locale: Locale): string {
  if (locale === 'en') {
    const where = issue.column
      ? `Row ${issue.row}, column 「${issue.column}」 (${issue.columnEn})`
      : `Row ${issue.row}`;
    return `${where}: ${issue.message.en}`;
  }
  const where = issue.column ? `第 ${issue.row} 行「${issue.column}」` : `第 ${issue.row} 行`;
  return `${where}：${issue.message['zh-CN']}`;
}

export function issuePath(issue: CellIssue, locale: Locale): string {
  const row = locale === 'en' ? `Row ${issue.row}` : `第 ${issue.row} 行`;
  return issue.column ? `${row} · ${issue.column}` : row;
}

const list = (options: readonly string[], locale: Locale) =>
  locale === 'en' ? options.join(', ') : options.join('、');

/** The messages of the import, in one place so their wording stays consistent. */
export const msg = {
  blank: () => t('不能为空', 'must not be blank'),
  formula: (formula: string) =>
    t(
      `是公式（=${formula}），导入时不计算公式，请改为直接填写数值（复制后“选择性粘贴 → 数值”）`,
      `holds a formula (=${formula}); formulas are never evaluated on import, type the value instead (Paste Special → Values)`,
    ),
  errorValue: (value: string) =>
    t(`是错误值 ${value}，请填写正确的值`, `holds the error value ${value}; enter a proper value`),
  merged: (range: string) =>
    t(
      `位于合并单元格 ${range} 中，请取消合并并在每一行分别填写`,
      `is part of the merged cells ${range}; unmerge them and fill in every row`,
    ),
  tooLong: (max: number) => t(`不能超过 ${max} 个字符`, `must be at most ${max} characters`),
  integer: () => t('须为整数', 'must be a whole number'),
  number: () => t('须为数字', 'must be a number'),
  range: (min: number, max: number) =>
    max === Infinity
      ? t(`须不小于 ${min}`, `must be at least ${min}`)
      : min === -Infinity
        ? t(`须不大于 ${max}`, `must be at most ${max}`)
        : t(`须在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`),
  date: () => t('不是有效日期，请填写如 2019-03-31 的日期', 'is not a valid date; write it like 2019-03-31'),
  oneOf: (options: readonly string[]) => {
    const zh = options.length === 2 ? `${options[0]} 或 ${options[1]}` : list(options, 'zh-CN');
    const en = options.length === 2 ? `${options[0]} or ${options[1]}` : list(options, 'en');
    return t(`只能填写 ${zh}`, `only ${en}`);
  },
  codeFormat: () => t('只能包含字母、数字、下划线和短横线', 'letters, digits, underscores and hyphens only'),
  usernameFormat: () =>
    t(
      '须为 3–32 位小写字母、数字、下划线、点或短横线',
      '3–32 lower-case letters, digits, underscores, dots or hyphens',
    ),
  phoneFormat: () => t('电话号码格式不正确', 'not a valid phone number'),
  duplicate: (value: string, firstRow: number) =>
    t(`“${value}”与第 ${firstRow} 行重复`, `"${value}" repeats row ${firstRow}`),
  taken: (value: string, owner: string) => t(`“${value}”已被 ${owner} 使用`, `"${value}" is already used by ${owner}`),
  unknownGroup: (value: string) =>
    t(`考核类别“${value}”不存在，请从下拉列表中选择`, `no group "${value}"; pick one from the list`),
  groupKind: (group: string, kind: string) =>
    t(`考核类别“${group}”只能包含${kind}`, `the group "${group}" holds ${kind} units only`),
  unknownUnit: (code: string) =>
    t(`单位编码“${code}”不存在，请先导入考核对象`, `no unit with the code "${code}"; import the units first`),
  missingColumn: () =>
    t(
      '缺少此列，请使用下载的模板，不要修改表头',
      'this column is missing; use the downloaded template and keep its headers',
    ),
  duplicateColumn: () => t('此列出现了不止一次', 'this column appears more than once'),
  unitRequired: () => t('该角色必须填写所属单位编码', 'this role must name its unit'),
  unitNotAllowed: (role: string) =>
    t(`${role}不属于任何单位，请留空`, `a ${role} account belongs to no unit; leave it blank`),
  adminRole: () =>
    t(
      '管理员账号（系统、安全、审计管理员）不能通过导入创建或修改（三员分立）',
      'administrator accounts cannot be created or changed by import (separation of duties)',
    ),
  roleChange: (from: string, to: string) =>
    t(
      `角色由“${from}”改为“${to}”须由安全管理员在账号管理中操作`,
      `changing the role from "${from}" to "${to}" is the security administrator's task (Accounts page)`,
    ),
  unknownRecord: (year: number) =>
    t(
      `记录编号不存在或不属于 ${year} 年，新记录请留空此列`,
      `no record with this id in ${year}; leave it blank for a new record`,
    ),
  more: (n: number) =>
    t(`另有 ${n} 处错误未列出，请先改正以上错误`, `${n} more problems not listed; fix the ones above first`),
};
