import { z } from 'zod';
import { SUPERVISION_KINDS, SUPERVISION_STATUSES } from '../../enums';
import { listOf, optionalText, PageQuery, text } from '../../lib/schemas';

export { SUPERVISION_KINDS, SUPERVISION_STATUSES };

export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export const SUPERVISION_KIND_NAMES: Record<SupervisionKind, { 'zh-CN': string; en: string }> = {
  leaderInstruction: { 'zh-CN': '领导批示', en: 'Leader instruction' },
  workReport: { 'zh-CN': '政府工作报告目标', en: 'Work-report target' },
  countyDecision: { 'zh-CN': '县委县政府决策部署', en: 'County decision' },
  other: { 'zh-CN': '其他督查事项', en: 'Other' },
};

const Year = z.coerce.number().int().min(2000).max(2100);
const IsoDate = z.iso.date();
const IndicatorId = z
  .string()
  .trim()
  .max(64)
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const UnitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const SupervisionItem = z.object({
  id: z.uuid(),
  year: z.number().int(),
  kind: z.enum(SUPERVISION_KINDS),
  title: z.string(),
  source: z.string().nullable(),
  leader: z.string().nullable(),
  content: z.string().nullable(),
  owner: UnitRef,
  coUnits: z.array(UnitRef),
  deadline: z.string(),
  status: z.enum(SUPERVISION_STATUSES),
  progress: z.number(),
  indicatorId: z.string().nullable(),
  indicatorName: z.string().nullable(),
  /** Whether the caller may report progress (the owner unit's accounts, while the item is open). */
  canReport: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SupervisionItem = z.infer<typeof SupervisionItem>;

export const ProgressReport = z.object({
  id: z.uuid(),
  unit: UnitRef,
  progress: z.number(),
  note: z.string(),
  reportedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type ProgressReport = z.infer<typeof ProgressReport>;

export const SupervisionDetail = SupervisionItem.extend({ reports: z.array(ProgressReport) });
export type SupervisionDetail = z.infer<typeof SupervisionDetail>;

export const SupervisionListQuery = z.object({
  ...PageQuery,
  year: Year.optional(),
  status: z.enum(SUPERVISION_STATUSES).optional(),
  kind: z.enum(SUPERVISION_KINDS).optional(),
  unitId: z.uuid().optional(),
});
export type SupervisionListQuery = z.infer<typeof SupervisionListQuery>;

export const SupervisionList = listOf(SupervisionItem).extend({
  counts: z.object({ ongoing: z.number(), done: z.number(), overdue: z.number(), cancelled: z.number() }),
});

const fields = {
  source: optionalText(200),
  leader: optionalText(64),
  content: optionalText(4000),
  coUnitIds: z.array(z.uuid()).max(50).optional(),
  indicatorId: IndicatorId,
};

export const CreateSupervision = z.object({
  year: Year,
  kind: z.enum(SUPERVISION_KINDS),
  title: text(200),
  ownerUnitId: z.uuid(),
  deadline: IsoDate,
  ...fields,
});
export type CreateSupervision = z.infer<typeof CreateSupervision>;

export const UpdateSupervision = z.object({
  version: z.number().int().min(1),
  kind: z.enum(SUPERVISION_KINDS).optional(),
  title: text(200).optional(),
  ownerUnitId: z.uuid().optional(),
  deadline: IsoDate.optional(),
  status: z.enum(SUPERVISION_STATUSES).optional(),
  ...fields,
});
export type UpdateSupervision = z.infer<typeof UpdateSupervision>;

export const CreateProgress = z.object({
  progress: z.number().finite().min(0).max(100),
  note: text(2000),
});
export type CreateProgress = z.infer<typeof CreateProgress>;
