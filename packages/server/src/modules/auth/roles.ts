/**
 * The role table of PRODUCT §1, as data. Routes declare one permission each; the guard checks it here.
 * 三员分立: sysadmin (accounts), secadmin (roles and security), auditor (audit log) share no permission,
 * and none of them assesses.
 */
export const ROLES = ['office', 'assessor', 'unit', 'leader', 'sysadmin', 'secadmin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly Role[];
export const BUSINESS_ROLES = ['office', 'assessor', 'unit', 'leader'] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'overview:read',
  'units:read',
  'units:write',
  'users:read',
  'users:write',
  'users:assignRole',
  'audit:read',
  'schemes:read',
  'schemes:write',
  'records:read',
  'records:write',
  // issue 17: a department enters the records of the rules whose data it supplies (数据提供单位)
  'records:provide',
  // Issue 5: through the year. Data scope (own unit, own indicators) is enforced in the services.
  'reports:read',
  'reports:write',
  'reports:verify',
  'redlights:answer',
  'redlights:manage',
  'supervision:read',
  'supervision:write',
  'supervision:report',
  'city:read',
  'city:write',
  'signals:read',
  // Issue 6: comprehensive evaluation (voting itself is public, by one-time code).
  'evaluation:read',
  'evaluation:write',
  // Issue 7: year-end.
  'results:read',
  'results:compute',
  'results:approve',
  'results:publish',
  'appeals:file',
  'appeals:answer',
  'rectification:read',
  'rectification:report',
  'rectification:manage',
  'dashboards:read',
  // Issue 7 (helper E): results use exports (R26), office and leaders only.
  'results:use',
  // Issue 7 (helper E): the county dashboard (every unit's standing); units see their own dashboard only.
  'dashboards:county',
  // Issue 20: negotiations with the city (R32, read under city:read), shared tasks (R33), cadre files (R35).
  'negotiation:write',
  'shares:read',
  'shares:manage',
  'shares:dispute',
  'cadres:read',
  'cadres:write',
  // Issue 20: reports to the county committee (R31: office writes, leaders read), assessors held to account (R34).
  'committee:read',
  'committee:write',
  'accountability:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Route-level access: a permission, or `public` (no session), or `authenticated` (any signed-in user). */
export type RouteAccess = Permission | 'public' | 'authenticated';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  office: [
    'overview:read',
    'units:read',
    'units:write',
    'schemes:read',
    'schemes:write',
    'records:read',
    'records:write',
    'reports:read',
    'reports:verify',
    'redlights:manage',
    'supervision:read',
    'supervision:write',
    'city:read',
    'city:write',
    'signals:read',
    'evaluation:read',
    'evaluation:write',
    'results:read',
    'results:compute',
    'results:publish',
    'appeals:answer',
    'rectification:read',
    'rectification:manage',
    'dashboards:read',
    'results:use',
    'dashboards:county',
    'shares:read',
    'shares:manage',
    'cadres:read',
    'cadres:write',
    'committee:read',
    'committee:write',
    'accountability:read',
  ],
  assessor: [
    'overview:read',
    'units:read',
    'schemes:read',
    'records:provide',
    'reports:read',
    'reports:verify',
    'city:read',
    'shares:read',
  ],
  unit: [
    'overview:read',
    'units:read',
    'schemes:read',
    'reports:read',
    'reports:write',
    'redlights:answer',
    'supervision:read',
    'supervision:report',
    'city:read',
    'results:read',
    'appeals:file',
    'rectification:read',
    'rectification:report',
    'dashboards:read',
    'negotiation:write',
    'shares:read',
    'shares:dispute',
  ],
  leader: [
    'overview:read',
    'units:read',
    'schemes:read',
    'records:read',
    'reports:read',
    'supervision:read',
    'city:read',
    'signals:read',
    'evaluation:read',
    'results:read',
    'results:approve',
    'rectification:read',
    'dashboards:read',
    'results:use',
    'dashboards:county',
    'shares:read',
    'cadres:read',
    'committee:read',
  ],
  sysadmin: ['overview:read', 'units:read', 'users:read', 'users:write'],
  // secadmin reads units only to name the unit of a unit/assessor account when assigning that role.
  secadmin: ['overview:read', 'units:read', 'users:read', 'users:assignRole'],
  auditor: ['overview:read', 'audit:read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const ROLE_NAMES: Record<Role, { 'zh-CN': string; en: string }> = {
  office: { 'zh-CN': '考核办', en: 'Assessment office' },
  assessor: { 'zh-CN': '考核主体', en: 'Assessor' },
  unit: { 'zh-CN': '被考核单位', en: 'Assessed unit' },
  leader: { 'zh-CN': '县领导', en: 'County leader' },
  sysadmin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  secadmin: { 'zh-CN': '安全管理员', en: 'Security administrator' },
  auditor: { 'zh-CN': '审计管理员', en: 'Audit administrator' },
};

/** Roles that must use a TOTP second factor when MFA_REQUIRED is on. */
export const MFA_ROLES = ['office', 'sysadmin', 'secadmin', 'auditor'] as const satisfies readonly Role[];
export const mfaApplies = (role: Role) => (MFA_ROLES as readonly Role[]).includes(role);
