import { z } from 'zod';
import { RED_STATUSES } from '../../enums';
import { optionalText, text } from '../../lib/schemas';

export { RED_STATUSES };
export const RedStatus = z.enum(RED_STATUSES);

/** A red-light item (R23): the unit's explanation and measures, the office's verdict. */
export const RedItem = z.object({
  id: z.string(),
  year: z.number().int(),
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  source: z.string(),
  indicatorId: z.string().nullable(),
  nodeId: z.string().nullable(),
  title: z.string(),
  openedOn: z.string(),
  answerDue: z.string(),
  explanation: z.string().nullable(),
  measures: z.string().nullable(),
  answeredAt: z.string().nullable(),
  status: RedStatus,
  officeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Unanswered (open or returned) after the answer-due day. */
  overdue: z.boolean(),
  /** Answered after the answer-due day. */
  answeredLate: z.boolean(),
  version: z.number().int(),
});
export type RedItem = z.infer<typeof RedItem>;

export const RedItemList = z.object({
  year: z.number().int(),
  items: z.array(RedItem),
  counts: z.object({
    open: z.number().int(),
    answered: z.number().int(),
    returned: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
    answeredLate: z.number().int(),
  }),
});
export type RedItemList = z.infer<typeof RedItemList>;

/** 红灯说明事项 list: by year, status, overdue or unit. */
export const RedItemQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(RED_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  unitId: z.uuid().optional(),
});
/** The unit's explanation and measures, on the version it read. */
export const RedAnswerBody = z.object({
  explanation: text(4000),
  measures: text(4000),
  version: z.number().int().min(1),
});
/** The office returns an answer (a reason is required) or closes the item. */
export const RedReviewBody = z.object({
  action: z.enum(['return', 'close']),
  note: optionalText(2000),
  version: z.number().int().min(1),
});
