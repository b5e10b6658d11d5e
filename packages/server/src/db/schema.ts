import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Every table holding county data carries tenant_id (the county), so one PostgreSQL can serve a province.
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  currentYear: integer('current_year').notNull(),
  createdAt: createdAt(),
});

export const unitGroups = pgTable(
  'unit_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('unit_groups_tenant_code').on(t.tenantId, t.code)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => unitGroups.id),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('units_tenant_code').on(t.tenantId, t.code),
    uniqueIndex('units_tenant_name').on(t.tenantId, t.name),
    index('units_tenant_group').on(t.tenantId, t.groupId),
  ],
);

// Reference table of the product's fixed roles (PRODUCT §1); their permissions live in code (auth/roles.ts).
export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  isAdmin: boolean('is_admin').notNull().default(false),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role')
      .notNull()
      .references(() => roles.code),
    unitId: uuid('unit_id').references(() => units.id),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** TOTP second factor: the base32 secret (set at enrolment) and whether it is required at sign-in. */
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** The last time step accepted, so a code cannot be replayed within its window. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_tenant_username').on(t.tenantId, t.username), index('users_username').on(t.username)],
);

// Sessions live in the database so several stateless app instances can share them.
// The id is the SHA-256 of the cookie token: a leaked table does not yield usable cookies.
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

// Append-only (enforced by a trigger in the migrations) and hash-chained: see modules/audit.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: uuid('tenant_id'),
    at: timestamp('at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    ip: text('ip'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    summary: text('summary').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_tenant_at').on(t.tenantId, t.at)],
);

// A year's assessment scheme (考核方案). Its content lives in versions: a draft is edited, publishing locks it,
// a later change is a new version. One scheme per county and year.
export const schemes = pgTable(
  'schemes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** The version that is in force (the latest published one), if any. */
    publishedVersion: integer('published_version'),
    /** The version being edited, if any (always above publishedVersion). */
    draftVersion: integer('draft_version'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('schemes_tenant_year').on(t.tenantId, t.year)],
);

export const schemeVersions = pgTable(
  'scheme_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => schemes.id),
    versionNo: integer('version_no').notNull(),
    /** draft → published → superseded; published and superseded documents never change. */
    status: text('status').notNull(),
    document: jsonb('document').notNull(),
    /** SHA-256 of the canonical document, fixed at publishing. */
    digest: text('digest'),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Optimistic versioning of the draft's document. */
    version: integer('version').notNull().default(1),
    /** Leaf indicators and groups, counted when the document is written, so lists need not read documents. */
    indicatorCount: integer('indicator_count'),
    groupCount: integer('group_count'),
  },
  (t) => [
    uniqueIndex('scheme_versions_scheme_no').on(t.schemeId, t.versionNo),
    index('scheme_versions_tenant').on(t.tenantId),
  ],
);

// Facts about a unit in a year that the scheme's rules act on: commendations (加分, R6/R16), criticisms and
// other deductions (R28), one-vote-veto items (R14), discipline cases (R7).
export const unitRecords = pgTable(
  'unit_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** bonus | deduction | veto | discipline */
    kind: text('kind').notNull(),
    /** The scheme rule it counts under (bonus category, deduction rule or veto item id). */
    ruleId: text('rule_id'),
    /** national | provincial | city | county (commendations and criticisms). */
    level: text('level'),
    /** Same achievement key = one achievement: only its highest level counts. */
    achievementKey: text('achievement_key'),
    title: text('title').notNull(),
    /** 文号 of the formal document that proves it. */
    documentNo: text('document_no'),
    issuedOn: text('issued_on'),
    /** Points, when the rule takes them from the record. */
    amount: doublePrecision('amount'),
    count: integer('count').notNull().default(1),
    repeat: boolean('repeat').notNull().default(false),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('unit_records_tenant_year').on(t.tenantId, t.year, t.kind)],
);

// The last password hashes of each account, so a change cannot reuse one of the last five (等保 identity rules).
export const passwordHistory = pgTable(
  'password_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('password_history_user').on(t.userId, t.createdAt)],
);

// Signed checkpoints of the audit chain: the head hash at a moment, signed with a key kept outside the database,
// so rewriting the whole chain (and every hash after an edit) is still detected.
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  lastAuditId: bigint('last_audit_id', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  signature: text('signature').notNull(),
});
