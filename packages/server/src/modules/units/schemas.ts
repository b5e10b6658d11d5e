import { z } from 'zod';
import { BoolQuery, listOf, optionalText, PageQuery, text } from '../../lib/schemas';

export const UNIT_KINDS = ['township', 'department'] as const;
export const UnitKind = z.enum(UNIT_KINDS);

export const Group = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  sortOrder: z.number().int(),
  unitCount: z.number().int(),
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
});
export type UpdateUnit = z.infer<typeof UpdateUnit>;

export const UnitList = listOf(Unit);
export const GroupList = listOf(Group);
