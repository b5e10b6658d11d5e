import { z } from 'zod';
import { LIGHT_REASONS, LIGHTS } from '../../enums';

/** Light colours and reasons (lights/rules.ts decides them; the lists are in enums.ts). */
export const LightColour = z.enum(LIGHTS);
export const LightReasonCode = z.enum(LIGHT_REASONS);

export const LightRow = z.object({
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  indicatorId: z.string(),
  indicatorName: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  due: z.string(),
  expected: z.number(),
  light: LightColour,
  reason: LightReasonCode,
  computedAt: z.string(),
});
export type LightRow = z.infer<typeof LightRow>;

export const LightList = z.object({
  year: z.number().int(),
  items: z.array(LightRow),
  counts: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
});
export type LightList = z.infer<typeof LightList>;

export const LightHistory = z.object({
  items: z.array(
    z.object({
      light: LightColour,
      previous: LightColour.nullable(),
      reason: LightReasonCode,
      day: z.string(),
      at: z.string(),
    }),
  ),
});
export type LightHistory = z.infer<typeof LightHistory>;

export const RecomputeResult = z.object({
  year: z.number().int(),
  day: z.string(),
  cells: z.number().int(),
  changed: z.number().int(),
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  opened: z.number().int(),
});
export type RecomputeResult = z.infer<typeof RecomputeResult>;

const Year = z.coerce.number().int().min(2000).max(2100).optional();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** 红黄绿灯 list: the year (current when left out), narrowed by unit, indicator or colour. */
export const LightListQuery = z.object({
  year: Year,
  unitId: z.uuid().optional(),
  indicatorId: z.string().max(64).optional(),
  light: LightColour.optional(),
});
/** One unit's lights of one indicator node, through the year. */
export const LightHistoryQuery = z.object({
  year: Year,
  unitId: z.uuid(),
  indicatorId: z.string().min(1).max(64),
  nodeId: z.string().min(1).max(64),
});
/** 重算灯色: the year and the day to judge by (the current year and today when left out). */
export const RecomputeBody = z.object({ year: z.number().int().min(2000).max(2100).optional(), day: Day.optional() });
