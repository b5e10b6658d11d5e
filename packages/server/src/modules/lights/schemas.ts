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
