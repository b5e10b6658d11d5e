import { z } from 'zod';
import { RECTIFICATION_SOURCES, RECTIFICATION_STATUSES } from '../../enums';
import { IsoDate, isCalendarDate, Year } from '../records/schemas';
import { text } from '../../lib/schemas';

export { RECTIFICATION_SOURCES, RECTIFICATION_STATUSES };

export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

const Day = IsoDate.refine(isCalendarDate, { message: 'i18n:date' });

export const ProgressEntry = z.object({
  id: z.uuid(),
  kind: z.string(),
  progress: z.number().nullable(),
  note: z.string(),
  createdAt: z.string(),
});

export const Rectification = z.object({
  id: z.uuid(),
  year: z.number().int(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  source: z.enum(RECTIFICATION_SOURCES),
  sourceRef: z.string().nullable(),
  finding: z.string(),
  measures: z.string().nullable(),
  deadline: z.string(),
  progress: z.number(),
  progressNote: z.string().nullable(),
  status: z.enum(RECTIFICATION_STATUSES),
  /** Past its deadline and not closed (Asia/Shanghai today). */
  overdue: z.boolean(),
  verifyNote: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rectification = z.infer<typeof Rectification>;

export const RectificationDetail = Rectification.extend({ history: z.array(ProgressEntry) });
export type RectificationDetail = z.infer<typeof RectificationDetail>;

export const RectificationList = z.object({
  items: z.array(Rectification),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
});

export const RectificationListQuery = z.object({
  year: Year.optional(),
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  unitId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type RectificationListQuery = z.infer<typeof RectificationListQuery>;

export const FindingsQuery = z.object({ year: Year });

export const Finding = z.object({
  key: z.string(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  source: z.enum(RECTIFICATION_SOURCES),
  sourceRef: z.string(),
  finding: z.string(),
  /** Already in the ledger (a second generation skips it). */
  exists: z.boolean(),
});
export type Finding = z.infer<typeof Finding>;
export const FindingList = z.object({ year: z.number().int(), defaultDeadline: z.string(), items: z.array(Finding) });

export const GenerateRectifications = z.object({
  year: Year,
  deadline: Day,
  /** The findings the office confirmed (keys from the findings list). */
  keys: z.array(z.string().max(200)).min(1).max(5000),
});
export type GenerateRectifications = z.infer<typeof GenerateRectifications>;
export const GenerateResult = z.object({ created: z.number().int(), skipped: z.number().int() });

/** An item the office records by hand (source 'other'): a finding the generator does not know. */
export const CreateRectification = z.object({
  year: Year,
  unitId: z.uuid(),
  finding: text(2000),
  measures: text(4000).optional(),
  deadline: Day,
});
export type CreateRectification = z.infer<typeof CreateRectification>;

export const UpdateRectification = z.object({
  version: z.number().int().min(1),
  finding: text(2000).optional(),
  measures: text(4000).nullable().optional(),
  deadline: Day.optional(),
});
export type UpdateRectification = z.infer<typeof UpdateRectification>;

export const ReportProgress = z.object({
  version: z.number().int().min(1),
  progress: z.number().min(0).max(100),
  note: text(2000),
  measures: text(4000).optional(),
  /** Done: hand the item to the office for verification. */
  submit: z.boolean().default(false),
});
export type ReportProgress = z.infer<typeof ReportProgress>;

export const VerifyRectification = z.object({
  version: z.number().int().min(1),
  decision: z.enum(['close', 'return']),
  note: text(2000),
});
export type VerifyRectification = z.infer<typeof VerifyRectification>;
