/**
 * The enumerations the server and the web share at run time, each written once (issue 16: one contract).
 * Pure data, no imports but the pure role table: the web bundles this file (`@yardstick/server/enums`), so it
 * must never import zod, node modules or anything with side effects. The zod schemas build their enums from
 * these lists; the web's pickers and filters iterate them.
 */
export { ADMIN_ROLES, BUSINESS_ROLES, PERMISSIONS, ROLES, type Permission, type Role } from './modules/auth/roles';

/** Roles whose account is tied to a unit (the unit itself, or the assessor's owning department). */
export const ROLES_WITH_UNIT = ['unit', 'assessor'] as const;

export const UNIT_KINDS = ['township', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const SUCCESSION_KINDS = ['merge', 'split', 'rename'] as const;
export const CARRY_ITEMS = ['indicators', 'reports', 'records', 'history'] as const;

export const ACCOUNT_REQUEST_KINDS = ['create', 'reset_password'] as const;
export const ACCOUNT_REQUEST_STATUSES = ['pending', 'confirmed', 'rejected'] as const;

export const SCHEME_VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;

/** A scheme indicator's kind of work, policy source (R11) and evidence rule (schemes/document.ts). */
export const INDICATOR_CATEGORIES = ['government', 'party', 'key', 'special'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

export const POLICY_SOURCES = [
  'central',
  'cityKey',
  'cityPlenary',
  'workReport',
  'leaderInstruction',
  'county',
] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

export const EVIDENCE_RULES = ['none', 'optional', 'required'] as const;
export type EvidenceRule = (typeof EVIDENCE_RULES)[number];

export const RECORD_KINDS = ['bonus', 'deduction', 'veto', 'discipline'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'failed'] as const;
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_REASONS = ['failed', 'done', 'missed', 'onTrack', 'dueSoon', 'lagging', 'notDue'] as const;
export const RED_STATUSES = ['open', 'answered', 'returned', 'closed'] as const;

export const SUPERVISION_KINDS = ['leaderInstruction', 'workReport', 'countyDecision', 'other'] as const;
export const SUPERVISION_STATUSES = ['ongoing', 'done', 'overdue', 'cancelled'] as const;
export const SIGNAL_KINDS = ['downwardCorrection', 'changedAfterApproval', 'sharedEvidence', 'outlierJump'] as const;

export const APPEAL_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export const RECTIFICATION_SOURCES = ['lowestTier', 'veto', 'redLight', 'lostPoints', 'other'] as const;
export const RECTIFICATION_STATUSES = ['open', 'inProgress', 'submitted', 'closed'] as const;

/** Results use (R25): the accountability list names the owners of full-mark indicators, or of every flagged one. */
export const ACCOUNTABILITY_SCOPES = ['fullMarks', 'flagged'] as const;

/** What stops a year's results from being computed or published (results/collect.ts). */
export const BLOCKER_KINDS = [
  'schemeNotPublished',
  'noUnits',
  'missingReport',
  'evaluationOpen',
  'evaluationMissing',
  'upperMissing',
  'engineError',
  'unitBlocked',
  'tieNeedsDecision',
  'recordUnmatched',
  // issue 17: a `rankPlaces` rule whose ranking has no period entered for the year (modules/rankings/feed.ts)
  'rankingMissing',
] as const;
