import type { Role } from '../api/types';

/** One colour per role, the same in the header tag and the accounts table. */
export const ROLE_COLORS: Record<Role, string> = {
  office: 'blue',
  assessor: 'cyan',
  unit: 'green',
  leader: 'gold',
  sysadmin: 'purple',
  secadmin: 'magenta',
  auditor: 'geekblue',
};
