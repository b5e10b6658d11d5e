import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
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
  /** Issue 15: the county's official identity on its documents (null: derived from the name, modules/counties). */
  issuingOrgan: text('issuing_organ'),
  docNumberPattern: text('doc_number_pattern'),
  signatureOrgan: text('signature_organ'),
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
    /** Issue 15: a retired group takes no units and no new scheme; its past years keep it. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
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
    /** Issue 15 (机构改革): the unit is in force from valid_from to valid_to (dates, null = open). */
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
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

// Issue 15: a merge, split or rename of units (机构改革): one row per (from, to) pair of one event, with what the
// successor takes over (indicators, reports, records, history). Owned by modules/units/succession.ts.
export const unitSuccessions = pgTable(
  'unit_successions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    eventId: uuid('event_id').notNull(),
    /** merge | split | rename */
    kind: text('kind').notNull(),
    fromUnitId: uuid('from_unit_id')
      .notNull()
      .references(() => units.id),
    toUnitId: uuid('to_unit_id')
      .notNull()
      .references(() => units.id),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    carries: jsonb('carries').$type<string[]>().notNull().default([]),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('unit_successions_tenant_from_to').on(t.tenantId, t.fromUnitId, t.toUnitId),
    index('unit_successions_tenant_event').on(t.tenantId, t.eventId),
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
    /** Issue 14: created by the system administrator, not yet confirmed by the security administrator (no sign-in). */
    awaitingConfirmation: boolean('awaiting_confirmation').notNull().default(false),
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

// Issue 14 (三员分立): what the system administrator asks for on a business account — creating it (a business role
// granted) or resetting its password — takes effect only when the security administrator confirms it.
// A reset carries the new password's hash until then. One pending request per account.
export const accountRequests = pgTable(
  'account_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind').notNull(), // 'create' | 'reset_password'
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: text('password_hash'),
    status: text('status').notNull().default('pending'), // 'pending' | 'confirmed' | 'rejected'
    requestedBy: uuid('requested_by').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('account_requests_one_pending')
      .on(t.userId)
      .where(sql`${t.status} = 'pending'`),
    index('account_requests_tenant_status').on(t.tenantId, t.status, t.requestedAt),
  ],
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

// =============================================================================================
// Issue 5 — through the year: self-reports, verification, lights, red-light follow-up,
// supervision items, city indicators, notifications. Owned by modules/reports, lights, redlights,
// supervision, city, notifications, signals.
// =============================================================================================

// A unit's report on one indicator at one process node (node_id '' = the year-end value). The unit fills
// value/progress/narrative; the assessor verifies (approve / return with reason / correct the value or score).
// The engine reads verified_value ?? value, and assessor_score for manual indicators.
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** Leaf indicator id in the year's scheme document. */
    indicatorId: text('indicator_id').notNull(),
    /** Process node id, or '' for the year-end value. */
    nodeId: text('node_id').notNull().default(''),
    /** draft | submitted | returned | approved */
    status: text('status').notNull().default('draft'),
    /** Progress against the node's target, percent. */
    progress: doublePrecision('progress'),
    /** The raw measure as the unit reported it. */
    value: doublePrecision('value'),
    /** Named inputs of a formula indicator. */
    inputs: jsonb('inputs'),
    grade: text('grade'),
    narrative: text('narrative'),
    /** The assessor's corrected value, when it differs from the unit's. */
    verifiedValue: doublePrecision('verified_value'),
    /** The assessor's score, for manual indicators (within the engine's bounds). */
    assessorScore: doublePrecision('assessor_score'),
    scoreReason: text('score_reason'),
    returnReason: text('return_reason'),
    /** The last return asked for evidence: the unit may attach files (even where the indicator takes none). */
    evidenceRequested: boolean('evidence_requested').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    /** Set when an approved report was changed afterwards (a fraud signal, flagged in the audit). */
    changedAfterApproval: boolean('changed_after_approval').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reports_cell').on(t.tenantId, t.year, t.unitId, t.indicatorId, t.nodeId),
    index('reports_tenant_year_indicator').on(t.tenantId, t.year, t.indicatorId),
  ],
);

// Evidence files of a report: stored outside the web root under a generated name, with a content hash.
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** The name the user gave the file (shown, never used as a path). */
    fileName: text('file_name').notNull(),
    /** Generated storage name under DATA_DIR/evidence. */
    storedName: text('stored_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_report').on(t.reportId), index('evidence_sha').on(t.tenantId, t.sha256)],
);

// The current light of a unit's indicator node (red / yellow / green), recomputed daily and on change.
export const lights = pgTable(
  'lights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    indicatorId: text('indicator_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** green | yellow | red */
    light: text('light').notNull(),
    /** Why, as a stable code (onTrack, dueSoon, lagging, missed, failed, …). */
    reason: text('reason').notNull(),
    due: text('due').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lights_cell').on(t.tenantId, t.year, t.unitId, t.indicatorId, t.nodeId),
    index('lights_tenant_year_light').on(t.tenantId, t.year, t.light),
  ],
);

// Every change of a light, kept (the red-light counts for any period read this).
export const lightHistory = pgTable(
  'light_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    indicatorId: text('indicator_id').notNull(),
    nodeId: text('node_id').notNull(),
    light: text('light').notNull(),
    previous: text('previous'),
    reason: text('reason').notNull(),
    /** The Asia/Shanghai day the change took effect. */
    day: text('day').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('light_history_cell').on(t.tenantId, t.year, t.unitId, t.indicatorId, t.nodeId)],
);

// R23: every red light (of a node, a city indicator or a supervision item) opens an item the unit must answer.
export const redLightItems = pgTable(
  'red_light_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** node | city | supervision */
    source: text('source').notNull(),
    indicatorId: text('indicator_id'),
    nodeId: text('node_id'),
    /** The city indicator node or supervision item that turned red. */
    sourceRef: uuid('source_ref'),
    title: text('title').notNull(),
    openedOn: text('opened_on').notNull(),
    /** The day the answer is due (Asia/Shanghai). */
    answerDue: text('answer_due').notNull(),
    explanation: text('explanation'),
    measures: text('measures'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by'),
    /** open | answered | returned | closed */
    status: text('status').notNull().default('open'),
    officeNote: text('office_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('red_light_items_tenant_year').on(t.tenantId, t.year, t.status)],
);

// 督查事项 (R5, R13): leader instructions and work-report targets, with owners, deadlines and progress.
export const supervisionItems = pgTable(
  'supervision_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** leaderInstruction | workReport | countyDecision | other */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** 批示/文件 reference and the leader who gave it. */
    source: text('source'),
    leader: text('leader'),
    content: text('content'),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id),
    /** Co-operating units (ids). */
    coUnitIds: jsonb('co_unit_ids').$type<string[]>().notNull().default([]),
    deadline: text('deadline').notNull(),
    /** ongoing | done | overdue | cancelled */
    status: text('status').notNull().default('ongoing'),
    progress: doublePrecision('progress').notNull().default(0),
    /** Linked indicator: the item's outcome flows into this indicator's value (R20). */
    indicatorId: text('indicator_id'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('supervision_items_tenant_year').on(t.tenantId, t.year)],
);

export const supervisionProgress = pgTable(
  'supervision_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisionItems.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    progress: doublePrecision('progress').notNull(),
    note: text('note').notNull(),
    reportedBy: uuid('reported_by'),
    createdAt: createdAt(),
  },
  (t) => [index('supervision_progress_item').on(t.itemId)],
);

// The city's indicators for the county (R8, R22), decomposed to responsible county units.
export const cityIndicators = pgTable(
  'city_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The city department that assesses it. */
    cityDepartment: text('city_department'),
    /** Points in the city's scheme. */
    points: doublePrecision('points'),
    leadUnitId: uuid('lead_unit_id').references(() => units.id),
    /** Responsible county units (lead first). */
    unitIds: jsonb('unit_ids').$type<string[]>().notNull().default([]),
    /** The county scheme's 'upper' indicator that takes this result. */
    indicatorId: text('indicator_id'),
    /** The city's final result: score out of max and/or rank. */
    resultScore: doublePrecision('result_score'),
    resultMax: doublePrecision('result_max'),
    resultRank: integer('result_rank'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('city_indicators_tenant_year_code').on(t.tenantId, t.year, t.code)],
);

export const cityIndicatorNodes = pgTable(
  'city_indicator_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    cityIndicatorId: uuid('city_indicator_id')
      .notNull()
      .references(() => cityIndicators.id),
    name: text('name').notNull(),
    due: text('due').notNull(),
    /** The city's light for this node once known: green | yellow | red. */
    light: text('light'),
    lightOn: text('light_on'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('city_indicator_nodes_indicator').on(t.cityIndicatorId)],
);

// In-app inbox; the daily digest marks what it sent.
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** nodeDue | returned | redLight | answerOverdue | … */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** A path in the web app. */
    link: text('link'),
    /** De-duplication key: one notification per user and key. */
    dedupeKey: text('dedupe_key'),
    readAt: timestamp('read_at', { withTimezone: true }),
    digestedAt: timestamp('digested_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user').on(t.userId, t.createdAt),
    uniqueIndex('notifications_user_dedupe').on(t.userId, t.dedupeKey),
  ],
);

// Each user's own notification settings: where the daily digest goes (users have no e-mail column).
export const notificationSettings = pgTable(
  'notification_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    email: text('email'),
    /** false: no daily digest at all (the inbox still fills). */
    digest: boolean('digest').notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('notification_settings_user').on(t.userId)],
);

// One daily digest per user and Asia/Shanghai day (the unique key makes a second run that day a no-op).
export const notificationDigests = pgTable(
  'notification_digests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    day: text('day').notNull(),
    /** sent (mailed) | recorded (no SMTP or no address) | failed (SMTP refused; kept in the inbox) */
    outcome: text('outcome').notNull(),
    email: text('email'),
    unread: integer('unread').notNull(),
    dueSoon: integer('due_soon').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notification_digests_user_day').on(t.userId, t.day)],
);

// Once-only scheduled jobs across instances: a run is claimed by inserting (job, day); the unique key decides.
export const schedulerRuns = pgTable(
  'scheduler_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    job: text('job').notNull(),
    /** The Asia/Shanghai day the run is for. */
    day: text('day').notNull(),
    instance: text('instance').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** ok | failed */
    outcome: text('outcome'),
    detail: jsonb('detail'),
  },
  (t) => [uniqueIndex('scheduler_runs_job_day').on(t.job, t.day)],
);

// =============================================================================================
// Issue 6 — comprehensive evaluation. Owned by modules/evaluation.
// =============================================================================================

export const evaluationCampaigns = pgTable(
  'evaluation_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** draft | open | closed */
    status: text('status').notNull().default('draft'),
    /** Rater groups, forms, rated units, validity rules (see modules/evaluation/config.ts). */
    config: jsonb('config').notNull(),
    /** The tally, written once at close. */
    tally: jsonb('tally'),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('evaluation_campaigns_tenant_year').on(t.tenantId, t.year)],
);

// One-time voting codes: only a hash is stored, and whether it was used. No link to the ballot.
export const votingCodes = pgTable(
  'voting_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id),
    raterGroup: text('rater_group').notNull(),
    /** For peer rater groups: the rater's own unit, which the ballot must not rate. */
    raterUnitId: uuid('rater_unit_id').references(() => units.id),
    codeHash: text('code_hash').notNull(),
    used: boolean('used').notNull().default(false),
  },
  (t) => [uniqueIndex('voting_codes_hash').on(t.codeHash), index('voting_codes_campaign').on(t.campaignId)],
);

// Anonymous ballots: no code, no user, no time. Ids are random; see modules/evaluation for the ordering.
export const ballots = pgTable(
  'ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id),
    raterGroup: text('rater_group').notNull(),
    /** unit id → mark (number, option name, or null for "don't know"). */
    marks: jsonb('marks').notNull(),
  },
  (t) => [index('ballots_campaign').on(t.campaignId, t.raterGroup)],
);

// Accepted ballots not yet revealed: sealed (AES-256-GCM, key outside the database), padded to one length per
// campaign, moved into `ballots` in shuffled batches of at least k per rater group (modules/evaluation/pool.ts).
export const ballotPool = pgTable(
  'ballot_pool',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id),
    raterGroup: text('rater_group').notNull(),
    /** Which key sealed it (a fingerprint, not the key): a missing key is reported, never a silent loss. */
    keyId: text('key_id').notNull(),
    /** base64url(iv ‖ ciphertext ‖ tag) of the padded marks. */
    sealed: text('sealed').notNull(),
  },
  (t) => [index('ballot_pool_campaign').on(t.campaignId, t.raterGroup)],
);

// =============================================================================================
// Issue 7 — year-end results. Owned by modules/results, appeals, rectification, dashboards.
// =============================================================================================

// The year's results on their way to publishing: computed (a preview) → approved by a leader → published.
export const resultReviews = pgTable(
  'result_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** computed | approved | published */
    status: text('status').notNull(),
    schemeVersionId: uuid('scheme_version_id').references(() => schemeVersions.id),
    /** Digest of the inputs the preview was computed from (approval is void when they change). */
    inputsDigest: text('inputs_digest').notNull(),
    preview: jsonb('preview').notNull(),
    blockers: jsonb('blockers').notNull().default([]),
    computedBy: uuid('computed_by'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvalNote: text('approval_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('result_reviews_tenant_year').on(t.tenantId, t.year)],
);

// Published results: immutable (a trigger refuses UPDATE and DELETE); a correction is a new snapshot.
export const resultSnapshots = pgTable(
  'result_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** 1 = first publication, 2… = corrections. */
    seq: integer('seq').notNull(),
    schemeVersionId: uuid('scheme_version_id').references(() => schemeVersions.id),
    engineVersion: text('engine_version').notNull(),
    inputs: jsonb('inputs').notNull(),
    results: jsonb('results').notNull(),
    /** SHA-256 over the canonical (scheme, inputs, engine version, results). */
    digest: text('digest').notNull(),
    /** Why a correction was made (null for the first publication). */
    reason: text('reason'),
    supersedesId: uuid('supersedes_id'),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('result_snapshots_tenant_year_seq').on(t.tenantId, t.year, t.seq)],
);

export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => resultSnapshots.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    indicatorId: text('indicator_id'),
    reason: text('reason').notNull(),
    request: text('request'),
    /** submitted | accepted | rejected */
    status: text('status').notNull().default('submitted'),
    answer: text('answer'),
    answeredBy: uuid('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    correctionSnapshotId: uuid('correction_snapshot_id'),
    /** The correction draft an accepted appeal went into (result_corrections). */
    correctionId: uuid('correction_id'),
    filedBy: uuid('filed_by'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('appeals_tenant_year').on(t.tenantId, t.year)],
);

// Issue 13 — results governance. A boundary tie flagged for a decision, decided by the leadership group: the
// order chosen among exactly these units at exactly this score (a recompute that changes the tie voids it).
export const tieDecisions = pgTable(
  'tie_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    groupId: text('group_id').notNull(),
    /** The contested tier's id. */
    tier: text('tier').notNull(),
    /** The ranked score the units were tied on. */
    score: doublePrecision('score').notNull(),
    /** Unit codes in the decided order (the first ones take the places). */
    unitOrder: jsonb('unit_order').notNull(),
    /** YYYY-MM-DD of the leadership group's meeting. */
    meetingDate: text('meeting_date').notNull(),
    /** The minutes' reference, e.g. 县考核领导小组2019年第1次会议纪要. */
    minutesRef: text('minutes_ref').notNull(),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('tie_decisions_tenant_year_group_tier').on(t.tenantId, t.year, t.groupId, t.tier)],
);

// A correction of published results waiting for the same approval as the original: draft → approved →
// published (a new snapshot), or discarded. At most one open (draft or approved) per year.
export const resultCorrections = pgTable(
  'result_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** draft | approved | published | discarded */
    status: text('status').notNull().default('draft'),
    reason: text('reason').notNull(),
    appealIds: jsonb('appeal_ids').notNull().default([]),
    /** The published snapshot it corrects (the latest when it was prepared). */
    baseSnapshotId: uuid('base_snapshot_id')
      .notNull()
      .references(() => resultSnapshots.id),
    schemeVersionId: uuid('scheme_version_id'),
    inputsDigest: text('inputs_digest').notNull(),
    preview: jsonb('preview').notNull(),
    /** Units whose score, rank or tier changes against the base snapshot. */
    changes: jsonb('changes').notNull().default([]),
    blockers: jsonb('blockers').notNull().default([]),
    preparedBy: uuid('prepared_by'),
    preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvalNote: text('approval_note'),
    /** The snapshot it was published as. */
    snapshotId: uuid('snapshot_id'),
    closedBy: uuid('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('result_corrections_tenant_year').on(t.tenantId, t.year),
    uniqueIndex('result_corrections_open')
      .on(t.tenantId, t.year)
      .where(sql`${t.status} IN ('draft', 'approved')`),
  ],
);

// 整改台账 (R27): findings from the results become items with measures, deadlines and verified closure.
export const rectifications = pgTable(
  'rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** lowestTier | redLight | lostPoints | veto | other */
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    finding: text('finding').notNull(),
    measures: text('measures'),
    deadline: text('deadline').notNull(),
    progress: doublePrecision('progress').notNull().default(0),
    progressNote: text('progress_note'),
    /** open | inProgress | submitted | closed */
    status: text('status').notNull().default('open'),
    verifiedBy: uuid('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifyNote: text('verify_note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('rectifications_tenant_year').on(t.tenantId, t.year, t.status)],
);

// Issue 7 (helper E): progress reports on a rectification item, kept (the ledger shows the history).
export const rectificationProgress = pgTable(
  'rectification_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    rectificationId: uuid('rectification_id')
      .notNull()
      .references(() => rectifications.id),
    /** progress | submitted | verified | returned */
    kind: text('kind').notNull(),
    progress: doublePrecision('progress'),
    note: text('note').notNull(),
    by: uuid('by'),
    createdAt: createdAt(),
  },
  (t) => [index('rectification_progress_item').on(t.rectificationId, t.createdAt)],
);

// Issue 7 (helper E): per county and year, the appeal window and the bonus coefficient per tier (results use).
export const yearendSettings = pgTable(
  'yearend_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** Days after publishing in which a unit may appeal (null = the module default, 7). */
    appealWindowDays: integer('appeal_window_days'),
    /** Bonus coefficient per tier id (null = the scheme's tier coefficients, else the module defaults). */
    tierCoefficients: jsonb('tier_coefficients').$type<Record<string, number>>(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('yearend_settings_tenant_year').on(t.tenantId, t.year)],
);

// Issue 7 (helper D): results of years before the county used the platform (e.g. 2017 on paper), so that
// 进位争先 (last year's rank) and consecutive-year consequences have their history. Published years come from
// result_snapshots; a row here is only read for a year without a snapshot.
export const resultHistory = pgTable(
  'result_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    rank: integer('rank'),
    /** Tier id as the scheme of that year named it. */
    tier: text('tier').notNull(),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('result_history_tenant_year_unit').on(t.tenantId, t.year, t.unitId)],
);

// Issue 20 R32: targets negotiated with the city (modules/negotiation).
export const targetNegotiations = pgTable(
  'target_negotiations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    cityIndicatorId: uuid('city_indicator_id')
      .notNull()
      .references(() => cityIndicators.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** The city's deadline for target negotiations ('YYYY-MM-DD', Asia/Shanghai). */
    deadline: date('deadline', { mode: 'string' }).notNull(),
    cityTarget: text('city_target').notNull(),
    proposedTarget: text('proposed_target').notNull(),
    /** Reason kinds (modules/negotiation/schemas REASON_KINDS). */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    reasonNote: text('reason_note').notNull(),
    /** open | accepted (the city took the proposal) | adjusted (a compromise) | kept (the city kept its target). */
    status: text('status').notNull().default('open'),
    finalTarget: text('final_target'),
    outcomeNote: text('outcome_note'),
    closedOn: date('closed_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('target_negotiations_indicator_unit').on(t.tenantId, t.cityIndicatorId, t.unitId),
    index('target_negotiations_tenant_year').on(t.tenantId, t.year),
  ],
);

export const negotiationContacts = pgTable(
  'negotiation_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    negotiationId: uuid('negotiation_id')
      .notNull()
      .references(() => targetNegotiations.id),
    contactOn: date('contact_on', { mode: 'string' }).notNull(),
    countyPerson: text('county_person').notNull(),
    cityPerson: text('city_person').notNull(),
    channel: text('channel'),
    summary: text('summary').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('negotiation_contacts_negotiation').on(t.negotiationId)],
);

// Issue 20 R33: tasks shared by several units, a lead and shares; disputes ruled by the office (modules/sharedtasks).
export const sharedTasks = pgTable(
  'shared_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** indicator (a scheme leaf id) | supervision (a supervision item id). */
    kind: text('kind').notNull(),
    refId: text('ref_id').notNull(),
    title: text('title').notNull(),
    leadUnitId: uuid('lead_unit_id')
      .notNull()
      .references(() => units.id),
    /** Each sharing unit and its share; shares sum to 1 (engine validateShares). */
    shares: jsonb('shares').$type<{ unitId: string; share: number }[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('shared_tasks_tenant_year_ref').on(t.tenantId, t.year, t.kind, t.refId)],
);

export const sharedTaskDisputes = pgTable(
  'shared_task_disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    taskId: uuid('task_id')
      .notNull()
      .references(() => sharedTasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    reason: text('reason').notNull(),
    proposal: text('proposal'),
    /** open | upheld | dismissed */
    status: text('status').notNull().default('open'),
    ruling: text('ruling'),
    ruledBy: uuid('ruled_by'),
    ruledAt: timestamp('ruled_at', { withTimezone: true }),
    filedBy: uuid('filed_by'),
    createdAt: createdAt(),
  },
  (t) => [index('shared_task_disputes_task').on(t.taskId)],
);

// Issue 20 R35: leadership teams and principal leaders per unit and year (modules/cadres); office and leaders only.
export const unitLeaders = pgTable(
  'unit_leaders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    post: text('post').notNull(),
    /** A principal leader (主要负责人, e.g. 党委书记, 镇长, 局长). */
    principal: boolean('principal').notNull().default(false),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('unit_leaders_tenant_year_unit').on(t.tenantId, t.year, t.unitId)],
);

// Issue 20 R31: the reports the office sent to the county committee (modules/committee), numbered per issuing year.
export const committeeReports = pgTable(
  'committee_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** The assessment year reported on. */
    year: integer('year').notNull(),
    /** month | quarter | half | year */
    period: text('period').notNull(),
    /** 1–12 (month), 1–4 (quarter), 1–2 (half), 1 (year). */
    periodIndex: integer('period_index').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** The year of the document number 〔issuedYear〕seq号. */
    issuedYear: integer('issued_year').notNull(),
    seq: integer('seq').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** The figures the report stated (the report's JSON as issued). */
    summary: jsonb('summary').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('committee_reports_number').on(t.tenantId, t.issuedYear, t.seq),
    index('committee_reports_tenant_year').on(t.tenantId, t.year),
  ],
);

// Issue 17: the periodic rankings a `rankPlaces` deduction reads (modules/rankings), one row per ranking and period.
export const rankingTables = pgTable(
  'ranking_tables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    /** The ranking id the year's scheme's `rankPlaces` rules name. */
    ranking: text('ranking').notNull(),
    /** A label, e.g. 2019-03. */
    period: text('period').notNull(),
    /** The day that places the period in the measurement window (null: from a YYYY-MM label). */
    periodDate: date('period_date', { mode: 'string' }),
    /** The number of places ranked. */
    size: integer('size').notNull(),
    /** The places entered: the sub-unit (a village, a township), the assessed unit it belongs to, its place. */
    places: jsonb('places').$type<{ subUnit: string; unitId: string; place: number }[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('ranking_tables_tenant_year_period').on(t.tenantId, t.year, t.ranking, t.period)],
);
