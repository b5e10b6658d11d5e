import { z } from 'zod';
import { BoolQuery, listOf, PageQuery, text } from '../../lib/schemas';
import { ROLES } from '../auth/roles';
import { passwordProblems } from '../auth/passwords';

export const RoleSchema = z.enum(ROLES);

export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const Password = z
  .string()
  .max(128)
  .refine((p) => passwordProblems(p).length === 0, { message: 'i18n:password_policy' });

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, { message: 'i18n:username_format' });

export const UserListQuery = z.object({
  ...PageQuery,
  role: RoleSchema.optional(),
  active: BoolQuery.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const CreateUser = z.object({
  username: Username,
  displayName: text(32),
  role: RoleSchema,
  unitId: z.uuid().nullable().optional(),
  password: Password,
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.object({
  version: z.number().int().min(1),
  displayName: text(32).optional(),
  role: RoleSchema.optional(),
  unitId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUser>;

export const ResetPassword = z.object({ password: Password });

export const UserList = listOf(User);
