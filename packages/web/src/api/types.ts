import type { SchemeDocument } from '../scheme/model';

// Shapes from docs/api.md. Keep in step with the server's contract.

export type Role = 'office' | 'assessor' | 'unit' | 'leader' | 'sysadmin' | 'secadmin' | 'auditor';
export const ROLES: readonly Role[] = ['office', 'assessor', 'unit', 'leader', 'sysadmin', 'secadmin', 'auditor'];
/** Roles a `users:write` holder may grant; the admin roles need `users:assignRole`. */
export const BUSINESS_ROLES: readonly Role[] = ['office', 'assessor', 'unit', 'leader'];
/** Roles whose account is tied to a unit (the unit itself, or the assessor's owning department). */
export const ROLES_WITH_UNIT: readonly Role[] = ['unit', 'assessor'];

export type Permission =
  | 'overview:read'
  | 'units:read'
  | 'units:write'
  | 'users:read'
  | 'users:write'
  | 'users:assignRole'
  | 'audit:read'
  | 'schemes:read'
  | 'schemes:write'
  | 'records:read'
  | 'records:write'
  | 'reports:read'
  | 'reports:write'
  | 'reports:verify'
  | 'redlights:answer'
  | 'redlights:manage'
  | 'supervision:read'
  | 'supervision:write'
  | 'supervision:report'
  | 'city:read'
  | 'city:write'
  | 'signals:read'
  | 'evaluation:read'
  | 'evaluation:write'
  | 'results:read'
  | 'results:compute'
  | 'results:approve'
  | 'results:publish'
  | 'appeals:file'
  | 'appeals:answer'
  | 'rectification:read'
  | 'rectification:report'
  | 'rectification:manage'
  | 'dashboards:read'
  | 'results:use'
  | 'dashboards:county';

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
  /** An initial, reset or expired password: only the account page is open until it is changed. */
  mustChangePassword?: boolean;
  /** The role requires a second factor that is not enrolled yet. */
  mustEnrollTotp?: boolean;
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
  error: { code: ErrorCode; message: string; details?: ApiErrorDetail[]; rows?: ImportRowError[] };
}

/** One bad cell of a rejected Excel import (IMPORT_REJECTED). */
export interface ImportRowError {
  row: number;
  column?: string;
  message: string;
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
  /** Issue 15: a retired group takes no units and no new scheme. */
  retired: boolean;
  version: number;
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
  /** In force from / to (YYYY-MM-DD, null = open): a year counts the units in force on its 31 December. */
  validFrom: string | null;
  validTo: string | null;
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
  /** Default (server): the day after the last published year. */
  validFrom?: string | null;
  validTo?: string | null;
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
  /** Locked after too many failed sign-ins, until then (the sign-in answer itself never says so). */
  lockedUntil: string | null;
  /** Created by the system administrator, waiting for the security administrator's confirmation. */
  awaitingConfirmation: boolean;
  pendingRequest: 'create' | 'reset_password' | null;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
}

/** Issue 14: what the system administrator asked for on a business account, for the security administrator. */
export interface AccountRequest {
  id: string;
  kind: 'create' | 'reset_password';
  status: 'pending' | 'confirmed' | 'rejected';
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitName: string | null;
  requestedByName: string;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
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

export interface YearProgress {
  year: number;
  current: number;
  scheme: { published: number | null; draft: number | null };
  reports: { draft: number; submitted: number; returned: number; approved: number };
  lights: { green: number; yellow: number; red: number };
  redLightItems: { open: number; answered: number; closed: number };
  evaluation: { status: string; turnout: { used: number; total: number } | null } | null;
  results: { review: string | null; blockers: number | null; published: { seq: number; at: string } | null };
}

export interface Overview {
  tenant: { id: string; name: string };
  year: number;
  /** The year's pinned day (the demo's 2019: 2019-07-15), or null. */
  asOf: string | null;
  /** Null for the admin roles (三员), who do not assess. */
  progress: YearProgress | null;
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

// ---------------------------------------------------------------------------------------------
// Schemes (docs/schemes.md). The document's `engine` part is an engine SchemeInput
// (docs/engine-format.md); its shapes are in ../scheme/model.ts.
// ---------------------------------------------------------------------------------------------

export interface SchemeSummary {
  id: string;
  year: number;
  name: string;
  publishedVersion: number | null;
  draftVersion: number | null;
  indicatorCount: number;
  groupCount: number;
  updatedAt: string;
  version: number;
}

export type VersionStatus = 'draft' | 'published' | 'superseded';

export interface SchemeVersionInfo {
  no: number;
  status: VersionStatus;
  digest: string | null;
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  by: string | null;
  publishedBy?: string | null;
  version?: number;
  indicatorCount?: number;
}

export interface SchemeDetail extends SchemeSummary {
  versions: SchemeVersionInfo[];
}

export interface SchemeVersionDoc {
  schemeId?: string;
  year?: number;
  versionNo: number;
  status: VersionStatus;
  version: number;
  document: SchemeDocument;
  digest: string | null;
}

export interface SchemeIssue {
  path: string;
  code?: string;
  message: string;
  severity?: 'error' | 'warning';
  /** Where it is, for people: 乡镇 · 经济发展 · 一般公共预算收入. */
  label?: string;
}

export interface GroupBurden {
  groupId: string;
  groupName: string;
  units: number;
  indicators: number;
  featureIndicators: number;
  nodeReports: number;
  yearEndReports: number;
  reports: number;
  evidenceUploads: number;
  message: string;
}

export interface ValidationReport {
  errors: SchemeIssue[];
  warnings: SchemeIssue[];
  burden: GroupBurden[];
}

export interface DraftSaved extends SchemeVersionDoc {
  report?: ValidationReport;
}

export interface PreviewSample {
  unit?: string;
  actual?: number;
  value?: number;
  target?: number;
  baseline?: number;
  grade?: string;
  score?: number;
  reason?: string;
  inputs?: Record<string, number>;
  events?: { item?: string; count?: number; repeat?: boolean }[];
  upper?: { score?: number; max?: number; rank?: number };
}

export interface PreviewSampleResult {
  unit: string;
  score: number;
  points: number;
  status: string;
  raw: number | null;
  steps: string[];
}

export interface PreviewResponse {
  indicatorId: string;
  points: number;
  method: string;
  samples: PreviewSampleResult[];
}

export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface IndicatorChange {
  change: ChangeKind;
  groupId: string;
  groupName: string;
  blockId: string;
  blockName: string;
  indicatorId: string;
  name: string;
  points: number | null;
  fields: FieldChange[];
  sentence: string;
}

export interface RuleChange {
  area: string;
  change: ChangeKind;
  ref: string;
  fields: FieldChange[];
  sentence: string;
}

export interface DiffSide {
  schemeId: string;
  year: number;
  versionNo: number;
  digest: string | null;
}

export interface SchemeDiff {
  from: DiffSide;
  to: DiffSide;
  summary: { added: number; removed: number; changed: number; rules: number };
  indicators: IndicatorChange[];
  rules: RuleChange[];
  sentences: string[];
}

// ---------------------------------------------------------------------------------------------
// Records (加分、扣分、一票否决、违纪违法)
// ---------------------------------------------------------------------------------------------

export type RecordKind = 'bonus' | 'deduction' | 'veto' | 'discipline';
export const RECORD_KINDS: readonly RecordKind[] = ['bonus', 'deduction', 'veto', 'discipline'];
/** A level code of the record's rule (its category's own levels: national…county, major/notable …). */
export type RecordLevel = string;

/** GET /api/records/choices: what a record of the year may name (the year's scheme's rules and their levels). */
export interface RecordRuleChoice {
  id: string;
  name: string;
  /** level: the level gives the points; points: the record's own points; fixed: the rule's; none: a veto. */
  amountFrom: 'level' | 'points' | 'fixed' | 'none';
  levels: { id: string; name: { 'zh-CN': string; en: string }; points: number | null }[];
}
export interface RecordChoices {
  year: number;
  schemeVersionNo: number | null;
  published: boolean;
  bonus: RecordRuleChoice[];
  deduction: RecordRuleChoice[];
  veto: RecordRuleChoice[];
}

export interface UnitRecord {
  id: string;
  year: number;
  unitId: string;
  unitCode?: string;
  unitName?: string;
  kind: RecordKind;
  ruleId: string | null;
  level: RecordLevel | null;
  achievementKey: string | null;
  title: string;
  documentNo: string | null;
  issuedOn: string | null;
  amount: number | null;
  count: number;
  repeat: boolean;
  note: string | null;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface RecordCreate {
  year: number;
  unitId: string;
  kind: RecordKind;
  ruleId?: string | null;
  level?: RecordLevel | null;
  achievementKey?: string | null;
  title: string;
  documentNo?: string | null;
  issuedOn?: string | null;
  amount?: number | null;
  count?: number;
  repeat?: boolean;
  note?: string | null;
}

export type RecordPatch = Partial<Omit<RecordCreate, 'year'>> & { version: number };

export interface RecordQuery {
  year?: number;
  kind?: RecordKind;
  unitId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export type ExcelKind = 'groups' | 'units' | 'users' | 'indicators' | 'records';

/** Issue 15: a merge, split or rename of units (机构改革). */
export type SuccessionKind = 'merge' | 'split' | 'rename';
export type CarryItem = 'indicators' | 'reports' | 'records' | 'history';
export interface SuccessionCreate {
  kind: SuccessionKind;
  effectiveOn: string;
  pairs: { fromUnitId: string; toUnitId: string; carries: CarryItem[] }[];
  note?: string | null;
}
export interface Succession {
  id: string;
  eventId: string;
  kind: SuccessionKind;
  effectiveOn: string;
  from: { id: string; code: string; name: string };
  to: { id: string; code: string; name: string };
  carries: CarryItem[];
  note: string | null;
  createdAt: string;
}
export interface SuccessionResult {
  eventId: string;
  items: Succession[];
  moved: { reports: number; records: number };
  kept: number;
}

export interface ImportResult {
  imported: number;
  created: number;
  updated: number;
  /** Users import: the new accounts' one-time passwords, answered this once and never stored in clear. */
  passwords?: { username: string; password: string }[];
}
