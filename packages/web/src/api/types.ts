// Shapes from docs/api.md. Keep in step with the server's contract.

export type Role = 'office' | 'assessor' | 'unit' | 'leader' | 'sysadmin' | 'secadmin' | 'auditor';
export const ROLES: readonly Role[] = ['office', 'assessor', 'unit', 'leader', 'sysadmin', 'secadmin', 'auditor'];
/** Roles a `users:write` holder may grant; the admin roles need `users:assignRole`. */
export const BUSINESS_ROLES: readonly Role[] = ['office', 'assessor', 'unit', 'leader'];
/** Roles whose account is tied to a unit (the unit itself, or the assessor's owning department). */
export const ROLES_WITH_UNIT: readonly Role[] = ['unit', 'assessor'];

export type Permission =
  'overview:read' | 'units:read' | 'units:write' | 'users:read' | 'users:write' | 'users:assignRole' | 'audit:read';

export type UnitKind = 'township' | 'department';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  tenantId: string;
  tenantName: string;
}

export interface Session {
  user: Me;
  permissions: string[];
  csrfToken: string;
}

export interface ApiErrorDetail {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'FORBIDDEN'
  | 'CSRF_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | (string & {});

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ApiErrorDetail[] };
}

export interface ListResponse<T> {
  items: T[];
  total: number;
}

export interface Group {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  sortOrder: number;
  unitCount: number;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  groupId: string;
  groupName: string;
  active: boolean;
  sortOrder: number;
  contactName: string | null;
  contactPhone: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UnitCreate {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  groupId: string;
  contactName?: string;
  contactPhone?: string;
  sortOrder?: number;
}

export interface UnitPatch {
  version: number;
  name?: string;
  /** null clears an optional text field (the contract lists these as optional strings; Unit holds them as string|null). */
  shortName?: string | null;
  groupId?: string;
  kind?: UnitKind;
  contactName?: string | null;
  contactPhone?: string | null;
  sortOrder?: number;
  active?: boolean;
}

export interface UnitQuery {
  q?: string;
  groupId?: string;
  kind?: UnitKind;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  active: boolean;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
}

export interface UserCreate {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string;
  password: string;
}

export interface UserPatch {
  version: number;
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  active?: boolean;
}

export interface UserQuery {
  q?: string;
  role?: Role;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export interface ActivityItem {
  at: string;
  actor: string;
  action: string;
  summary: string;
}

export interface Overview {
  tenant: { id: string; name: string };
  year: number;
  counts: {
    units: number;
    townships: number;
    departments: number;
    groups: number;
    users: number;
    activeUsers: number;
  };
  groups: Group[];
  myUnit: Unit | null;
  recentActivity: ActivityItem[];
}

export interface Health {
  status: string;
  database: string;
  version: string;
}
