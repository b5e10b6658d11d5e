import { z } from 'zod';
import { RECORD_KINDS } from '../../enums';
import { listOf, optionalText, PageQuery, text } from '../../lib/schemas';

export { RECORD_KINDS };

export type RecordKind = (typeof RECORD_KINDS)[number];
export const RecordKindSchema = z.enum(RECORD_KINDS);

/**
 * A level code of the rule the record names (its bonus category's or deduction rule's own levels: national…county,
 * a potential-performance category's major/notable, a light colour …). Which codes are valid is the year's
 * scheme's to say (./match.ts), not a fixed list.
 */
export const RecordLevelSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => /^[A-Za-z0-9_.-]+$/.test(v), { message: 'i18n:code_format' });
export type RecordLevel = string;

/** Chinese names, as shown in the UI and written in Excel files. */
export const RECORD_KIND_NAMES: Record<RecordKind, { 'zh-CN': string; en: string }> = {
  bonus: { 'zh-CN': '加分', en: 'Bonus' },
  deduction: { 'zh-CN': '扣分', en: 'Deduction' },
  veto: { 'zh-CN': '一票否决', en: 'Veto' },
  discipline: { 'zh-CN': '违纪违法', en: 'Discipline case' },
};

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const Year = z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR);

/** 'YYYY-MM-DD' and a real calendar date. */
export const IsoDate = z.iso.date();

export function isCalendarDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const ruleId = optionalText(64).refine((v) => v == null || /^[A-Za-z0-9_.-]+$/.test(v), {
  message: 'i18n:code_format',
});

export const UnitRecord = z.object({
  id: z.uuid(),
  year: z.number().int(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  kind: RecordKindSchema,
  ruleId: z.string().nullable(),
  level: z.string().nullable(),
  achievementKey: z.string().nullable(),
  title: z.string(),
  documentNo: z.string().nullable(),
  issuedOn: z.string().nullable(),
  amount: z.number().nullable(),
  count: z.number().int(),
  repeat: z.boolean(),
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UnitRecord = z.infer<typeof UnitRecord>;

export const RecordListQuery = z.object({
  ...PageQuery,
  year: Year.optional(),
  kind: RecordKindSchema.optional(),
  unitId: z.uuid().optional(),
});
export type RecordListQuery = z.infer<typeof RecordListQuery>;
/** A data-providing department's list: always of one year (its rules are the year's scheme's). */
export const ProvidedRecordListQuery = RecordListQuery.extend({ year: Year });

const fields = {
  ruleId,
  level: RecordLevelSchema.nullable().optional(),
  achievementKey: optionalText(64),
  documentNo: optionalText(64),
  issuedOn: IsoDate.nullable().optional(),
  amount: z.number().finite().min(-1000).max(1000).nullable().optional(),
  count: z.number().int().min(1).max(10_000).optional(),
  repeat: z.boolean().optional(),
  note: optionalText(500),
};

export const CreateRecord = z.object({
  year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
  unitId: z.uuid(),
  kind: RecordKindSchema,
  title: text(200),
  ...fields,
});
export type CreateRecord = z.infer<typeof CreateRecord>;

export const UpdateRecord = z.object({
  version: z.number().int().min(1),
  unitId: z.uuid().optional(),
  kind: RecordKindSchema.optional(),
  title: text(200).optional(),
  ...fields,
});
export type UpdateRecord = z.infer<typeof UpdateRecord>;

export const DeleteRecordQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const RecordList = listOf(UnitRecord);

const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
const RuleChoiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** level: the level gives the points; points: the record's own points; fixed: the rule's; none: a veto. */
  amountFrom: z.enum(['level', 'points', 'fixed', 'none']),
  levels: z.array(z.object({ id: z.string(), name: LocalText, points: z.number().nullable() })),
  /** 数据提供单位: the department that supplies the rule's data, when the scheme names one. */
  provider: z.object({ code: z.string(), name: z.string() }).nullable(),
});

export const RecordChoicesQuery = z.object({ year: Year });
export const RecordChoicesBody = z.object({
  year: z.number().int(),
  /** The scheme version the choices come from (published, else the draft being edited); null = no scheme. */
  schemeVersionNo: z.number().int().nullable(),
  published: z.boolean(),
  bonus: z.array(RuleChoiceSchema),
  deduction: z.array(RuleChoiceSchema),
  veto: z.array(RuleChoiceSchema),
});
export type RecordChoicesBody = z.infer<typeof RecordChoicesBody>;
