import { z } from 'zod';
import { CARRY_ITEMS, SUCCESSION_KINDS, UNIT_KINDS } from '../../enums';
import { BoolQuery, listOf, optionalText, PageQuery, text } from '../../lib/schemas';

export { CARRY_ITEMS, SUCCESSION_KINDS, UNIT_KINDS };

export const UnitKind = z.enum(UNIT_KINDS);

export const Group = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  sortOrder: z.number().int(),
  unitCount: z.number().int(),
  /** Issue 15: a retired group takes no units and no new scheme. */
  retired: z.boolean(),
  version: z.number().int(),
});
export type Group = z.infer<typeof Group>;

export const Unit = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: UnitKind,
  groupId: z.uuid(),
  groupName: z.string(),
  active: z.boolean(),
  /** In force from / to (YYYY-MM-DD, null = open): a year counts the units in force on its 31 December. */
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  sortOrder: z.number().int(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;

const code = text(32).regex(/^[A-Za-z0-9_-]+$/, { message: 'i18n:code_format' });
const phone = optionalText(32).refine((v) => v == null || /^[0-9+\- ]{3,32}$/.test(v), {
  message: 'i18n:phone_format',
});

/** A calendar day, YYYY-MM-DD. */
export const Day = z.iso.date();
const optionalDay = Day.nullable().optional();

export const UnitListQuery = z.object({
  ...PageQuery,
  groupId: z.uuid().optional(),
  kind: UnitKind.optional(),
  active: BoolQuery.optional(),
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

export const CreateUnit = z.object({
  code,
  name: text(64),
  shortName: optionalText(32),
  kind: UnitKind,
  groupId: z.uuid(),
  contactName: optionalText(32),
  contactPhone: phone,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  /** Default: the day after the last published year (so published years never change), or open. */
  validFrom: optionalDay,
  validTo: optionalDay,
});
export type CreateUnit = z.infer<typeof CreateUnit>;

export const UpdateUnit = z.object({
  version: z.number().int().min(1),
  name: text(64).optional(),
  shortName: optionalText(32),
  kind: UnitKind.optional(),
  groupId: z.uuid().optional(),
  contactName: optionalText(32),
  contactPhone: phone,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
  validFrom: optionalDay,
  validTo: optionalDay,
});
export type UpdateUnit = z.infer<typeof UpdateUnit>;

export const UnitList = listOf(Unit);
export const GroupList = listOf(Group);

export const GroupListQuery = z.object({ includeRetired: BoolQuery.optional() });

export const CreateGroup = z.object({
  code,
  name: text(32),
  kind: UnitKind,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type CreateGroup = z.infer<typeof CreateGroup>;

export const UpdateGroup = z.object({
  version: z.number().int().min(1),
  name: text(32).optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  /** true retires the group (refused while it has active units), false brings it back. */
  retired: z.boolean().optional(),
});
export type UpdateGroup = z.infer<typeof UpdateGroup>;

/** The county's groups in their new order (every listed id a group of the county). */
export const ReorderGroups = z.object({ ids: z.array(z.uuid()).min(1).max(500) });
export type ReorderGroups = z.infer<typeof ReorderGroups>;

export const CarryItem = z.enum(CARRY_ITEMS);

export const SuccessionPair = z.object({
  fromUnitId: z.uuid(),
  toUnitId: z.uuid(),
  /** What the successor takes over from this predecessor. */
  carries: z.array(CarryItem).max(4).default([]),
});

export const CreateSuccession = z.object({
  kind: z.enum(SUCCESSION_KINDS),
  /** The day the successor takes over (the predecessors end the day before). */
  effectiveOn: Day,
  pairs: z.array(SuccessionPair).min(1).max(50),
  note: optionalText(500),
});
export type CreateSuccession = z.infer<typeof CreateSuccession>;

export const Succession = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  kind: z.enum(SUCCESSION_KINDS),
  effectiveOn: z.string(),
  from: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  to: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  carries: z.array(CarryItem),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Succession = z.infer<typeof Succession>;
export const SuccessionList = listOf(Succession);

export const SuccessionResult = z.object({
  eventId: z.uuid(),
  items: z.array(Succession),
  /** Rows handed to the successors. */
  moved: z.object({ reports: z.number().int(), records: z.number().int() }),
  /** Reports left with the predecessor because the successor already had one for the same cell. */
  kept: z.number().int(),
});
