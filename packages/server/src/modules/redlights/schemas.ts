import { z } from 'zod';
import { RED_STATUSES } from '../../enums';

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
