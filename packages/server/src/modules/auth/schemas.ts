import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../../enums';
import { Password } from '../users/schemas';

export const Me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  tenantId: z.uuid(),
  tenantName: z.string(),
});
/** The session as the web sees it (login and GET /api/auth/me). */
export const MeResponse = z.object({
  user: Me,
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
  /** true: the UI must send the user to the password change before anything else. */
  mustChangePassword: z.boolean(),
  /** true: the role requires a second factor and none is enrolled yet. */
  mustEnrollTotp: z.boolean(),
});
export const SecurityStatus = z.object({
  totpEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  passwordChangedAt: z.string().nullable(),
  passwordMaxAgeDays: z.number().int(),
  lastLoginAt: z.string().nullable(),
});
export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: Password });
export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  tenant: z.string().trim().max(64).optional(),
  otp: z.string().trim().max(10).optional(),
});

export type Me = z.infer<typeof Me>;
export type MeResponse = z.infer<typeof MeResponse>;
export type SecurityStatus = z.infer<typeof SecurityStatus>;
export type LoginBody = z.input<typeof LoginBody>;
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

/** 启用双因素认证: the six-digit code from the authenticator app. */
export const TotpEnableBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
/** 关闭双因素认证: the account's password again. */
export const TotpDisableBody = z.object({ password: z.string().min(1).max(256) });
