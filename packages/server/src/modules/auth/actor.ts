import type { Role } from './roles';

/** Who is acting: carried from the session into every service call (and into the audit log). */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  unitId: string | null;
  unitName: string | null;
  ip: string | null;
  /** A reset or expired password: until it is changed, only sign-out and the password change are allowed. */
  mustChangePassword: boolean;
  /** The role must use a second factor and the account has not enrolled one yet. */
  mustEnrollTotp: boolean;
}

/** The CLI and the seeder act as the system, not as a user. */
export function systemActor(tenantId: string, tenantName = ''): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: '系统',
    role: 'sysadmin',
    tenantId,
    tenantName,
    unitId: null,
    unitName: null,
    ip: null,
    mustChangePassword: false,
    mustEnrollTotp: false,
  };
}
