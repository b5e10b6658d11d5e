import { z } from 'zod';
import type { Locale } from '../errors';

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

/** Our own messages for refinements, keyed so they can be translated: `message: 'i18n:code_format'`. */
const CUSTOM: Record<string, Record<Locale, string>> = {
  code_format: { 'zh-CN': '只能包含字母、数字、下划线和短横线', en: 'Letters, digits, underscores and hyphens only' },
  username_format: {
    'zh-CN': '3–32 位小写字母、数字、下划线、点或短横线',
    en: '3–32 lower-case letters, digits, underscores, dots or hyphens',
  },
  phone_format: { 'zh-CN': '电话号码格式不正确', en: 'Not a valid phone number' },
  county_code_format: {
    'zh-CN': '2–23 位小写字母、数字或短横线，以字母开头（如 qingshan）',
    en: '2–23 lower-case letters, digits or hyphens, starting with a letter (e.g. qingshan)',
  },
  doc_number_pattern: {
    'zh-CN': '文号格式须包含 {n}（序号），可含 {year}（年份）',
    en: 'The pattern must contain {n} (the number) and may contain {year}',
  },
  password_policy: {
    'zh-CN': '密码至少 10 位，且须包含小写字母、大写字母、数字、符号中的至少三类',
    en: 'At least 10 characters and three of: lower case, upper case, digit, symbol',
  },
  unit_required: { 'zh-CN': '该角色必须指定所属单位', en: 'This role must belong to a unit' },
  unit_not_allowed: { 'zh-CN': '该角色不属于任何单位', en: 'This role does not belong to a unit' },
  blank: { 'zh-CN': '不能为空', en: 'Must not be blank' },
  nul_char: { 'zh-CN': '不能包含空字符（U+0000）', en: 'Must not contain the NUL character (U+0000)' },
  lone_surrogate: {
    'zh-CN': '不能包含无效的 Unicode 字符（孤立的代理项，如 \\ud800）',
    en: 'Must not contain invalid Unicode (a lone surrogate such as \\ud800)',
  },
  out_of_range: {
    'zh-CN': '数值超出允许范围（整数须在 -2147483648 到 2147483647 之间）',
    en: 'A number is out of range (integers must lie between -2147483648 and 2147483647)',
  },
  malformed_value: { 'zh-CN': '数据格式不正确或数值超出范围', en: 'A value is malformed or out of range' },
  multipart_truncated: {
    'zh-CN': '上传的文件不完整（传输中断或格式错误），请重新上传',
    en: 'The upload is incomplete (interrupted or malformed); upload the file again',
  },
  current_password_wrong: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  password_reused: {
    'zh-CN': '新密码不能与最近 5 次使用过的密码相同',
    en: 'The new password must differ from the last 5 passwords',
  },
  group_not_found: { 'zh-CN': '考核类别不存在', en: 'No such group' },
  unit_not_found: { 'zh-CN': '单位不存在', en: 'No such unit' },
  // issue 20: a day the database's date type can hold
  date_range: { 'zh-CN': '日期须在 1900 年至 2199 年之间', en: 'The date must be between 1900 and 2199' },
  valid_to_before_from: { 'zh-CN': '截止日期不能早于起始日期', en: 'The end date cannot be before the start date' },
  succession_from_count: {
    'zh-CN': '合并须有两个及以上被合并单位，分设和更名须有一个原单位',
    en: 'A merge takes two or more units; a split or a rename takes one',
  },
  succession_to_count: {
    'zh-CN': '分设须有两个及以上承接单位，合并和更名须有一个承接单位',
    en: 'A split gives two or more units; a merge or a rename gives one',
  },
  succession_same_unit: { 'zh-CN': '原单位和承接单位不能相同', en: 'A unit cannot succeed itself' },
  succession_carry_twice: {
    'zh-CN': '同一原单位的同一项内容只能由一个承接单位接收',
    en: 'Each item of a unit can go to one successor only',
  },
  review_none: {
    'zh-CN': '本方案不是从已公布年度复制的，没有需要审视的指标',
    en: 'This scheme was not copied from a published year; there is nothing to review',
  },
  review_unknown: { 'zh-CN': '不是需要审视的指标', en: 'Not an indicator under review' },
  succession_history_twice: {
    'zh-CN': '一个承接单位只能延续一个原单位的排名历史',
    en: 'A successor continues the rank history of one unit only',
  },
};

/** Translates an `i18n:key` message (used by services for field errors); other text passes through. */
export function localizeText(message: string, locale: Locale): string {
  const custom = message.startsWith('i18n:') ? CUSTOM[message.slice(5)] : undefined;
  return custom ? custom[locale] : message;
}

type IssueLike = Parameters<typeof zh>[0] & { message?: string };

export function localizeIssue(issue: IssueLike, locale: Locale): string {
  const key = typeof issue.message === 'string' && issue.message.startsWith('i18n:') ? issue.message.slice(5) : null;
  const custom = key ? CUSTOM[key] : undefined;
  if (custom) return custom[locale];
  const localized = (locale === 'en' ? en : zh)(issue);
  if (typeof localized === 'string') return localized;
  if (localized && typeof localized === 'object' && 'message' in localized) return String(localized.message);
  return issue.message ?? (locale === 'en' ? 'Invalid value' : '无效的值');
}
