import { z } from 'zod';
import { APPEAL_STATUSES } from '../../enums';
import { optionalText, text } from '../../lib/schemas';
import { Year } from '../records/schemas';

export { APPEAL_STATUSES };

export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const Appeal = z.object({
  id: z.uuid(),
  year: z.number().int(),
  snapshotId: z.uuid(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  indicatorId: z.string().nullable(),
  indicatorName: z.string().nullable(),
  reason: z.string(),
  request: z.string().nullable(),
  status: z.enum(APPEAL_STATUSES),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** The correction snapshot that put an accepted appeal right (once published). */
  correctionSnapshotId: z.uuid().nullable(),
  /** The correction draft an accepted appeal went into (approved by a leader, then published). */
  correctionId: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Appeal = z.infer<typeof Appeal>;

export const AppealList = z.object({ items: z.array(Appeal), total: z.number().int() });

export const AppealListQuery = z.object({
  year: Year.optional(),
  status: z.enum(APPEAL_STATUSES).optional(),
  unitId: z.uuid().optional(),
});
export type AppealListQuery = z.infer<typeof AppealListQuery>;

export const CreateAppeal = z.object({
  year: Year,
  indicatorId: optionalText(64),
  reason: text(2000),
  request: optionalText(2000),
});
export type CreateAppeal = z.infer<typeof CreateAppeal>;

export const AnswerAppeal = z.object({
  version: z.number().int().min(1),
  decision: z.enum(['accept', 'reject']),
  answer: text(2000),
});
export type AnswerAppeal = z.infer<typeof AnswerAppeal>;

export const WindowQuery = z.object({ year: Year });
export const AppealWindow = z.object({
  year: z.number().int(),
  published: z.boolean(),
  days: z.number().int(),
  /** Asia/Shanghai day of the first publication (day 0) and the last day an appeal is accepted. */
  opensOn: z.string().nullable(),
  lastDay: z.string().nullable(),
  open: z.boolean(),
  today: z.string(),
});
export type AppealWindow = z.infer<typeof AppealWindow>;
