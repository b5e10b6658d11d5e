import { z } from 'zod';
import { optionalText, text } from '../../lib/schemas';
import { UnitRef } from '../supervision/schemas';

const Year = z.coerce.number().int().min(2000).max(2100);
/** A calendar day the database can hold (zod accepts year 0000, PostgreSQL's date does not). */
const IsoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'i18n:date_range' });

export const Leader = z.object({
  id: z.uuid(),
  year: z.number().int(),
  unit: UnitRef,
  name: z.string(),
  post: z.string(),
  /** A principal leader (主要负责人). */
  principal: z.boolean(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type Leader = z.infer<typeof Leader>;

export const LeaderListQuery = z.object({ year: Year, unitId: z.uuid().optional() });
export const LeaderList = z.object({ items: z.array(Leader) });
export type LeaderList = z.infer<typeof LeaderList>;

export const CreateLeader = z.object({
  year: z.number().int().min(2000).max(2100),
  unitId: z.uuid(),
  name: text(50),
  post: text(50),
  principal: z.boolean().default(false),
  startedOn: IsoDate,
  endedOn: IsoDate.nullable().optional(),
  note: optionalText(500),
});
export type CreateLeader = z.infer<typeof CreateLeader>;

export const UpdateLeader = z.object({
  version: z.number().int().min(1),
  name: text(50).optional(),
  post: text(50).optional(),
  principal: z.boolean().optional(),
  startedOn: IsoDate.optional(),
  endedOn: IsoDate.nullable().optional(),
  note: optionalText(500),
});
export type UpdateLeader = z.infer<typeof UpdateLeader>;

export const DeleteLeaderQuery = z.object({ version: z.coerce.number().int().min(1) });

export const CadreFileQuery = z.object({ year: Year });

/** One unit's line in the organisation department's cadre file (R35). */
export const CadreFileUnit = z.object({
  unit: UnitRef,
  groupName: z.string(),
  rank: z.number().int(),
  composite: z.number(),
  tierName: z.string(),
  rankHistory: z.array(z.object({ year: z.number().int(), rank: z.number().int().nullable(), tierName: z.string() })),
  consequences: z.array(z.string()),
  leaders: z.array(Leader),
});
export type CadreFileUnit = z.infer<typeof CadreFileUnit>;

export const CadreFiles = z.object({
  year: z.number().int(),
  snapshotSeq: z.number().int(),
  units: z.array(CadreFileUnit),
});
export type CadreFiles = z.infer<typeof CadreFiles>;
