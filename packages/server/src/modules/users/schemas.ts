import { z } from 'zod';
import { ACCOUNT_REQUEST_KINDS, ACCOUNT_REQUEST_STATUSES } from '../../enums';
import { BoolQuery, listOf, optionalText, PageQuery, text } from '../../lib/schemas';
import { ROLES } from '../auth/roles';
import { passwordProblems } from '../auth/password-policy';

export const RoleSchema = z.enum(ROLES);

export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  active: z.boolean(),
  /** Issue 14: the real sign-in state, which the sign-in answer itself never reveals. */
  lockedUntil: z.string().nullable(),
  /** Created by the system administrator and not yet confirmed by the security administrator: cannot sign in. */
  awaitingConfirmation: z.boolean(),
  /** What is waiting for the security administrator on this account, if anything. */
  pendingRequest: z.enum(['create', 'reset_password']).nullable(),
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

export const REQUEST_KINDS = ACCOUNT_REQUEST_KINDS;
export const REQUEST_STATUSES = ACCOUNT_REQUEST_STATUSES;

export const AccountRequest = z.object({
  id: z.uuid(),
  kind: z.enum(REQUEST_KINDS),
  status: z.enum(REQUEST_STATUSES),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unitName: z.string().nullable(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type AccountRequest = z.infer<typeof AccountRequest>;
export const AccountRequestList = listOf(AccountRequest);

export const AccountRequestQuery = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  page: PageQuery.page,
  pageSize: PageQuery.pageSize,
});
export type AccountRequestQuery = z.infer<typeof AccountRequestQuery>;

export const RejectRequest = z.object({ note: optionalText(200) });

/** A reset of a business account's password waits for the security administrator; an admin's own is immediate. */
export const ResetPasswordOutcome = z.object({ status: z.literal('pending'), requestId: z.uuid() });
