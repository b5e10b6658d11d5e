// The server's contract as the web uses it (issue 16): every shape here is the server's own type, inferred from
// the zod schemas its routes declare (`@yardstick/server/contract`, imported with `import type`, so nothing of
// the server reaches the bundle). A changed response fails `tsc -p packages/web` until the web follows it.
// The run-time lists (roles, kinds, statuses) come from the server's pure `enums` module (docs/api.md).
import type * as C from '@yardstick/server/contract';
import * as enums from '@yardstick/server/enums';

export type Role = C.Role;
export type Permission = C.Permission;
export const ROLES: readonly Role[] = enums.ROLES;
/** Roles a `users:write` holder may grant; the admin roles need `users:assignRole`. */
export const BUSINESS_ROLES: readonly Role[] = enums.BUSINESS_ROLES;
/** Roles whose account is tied to a unit (the unit itself, or the assessor's owning department). */
export const ROLES_WITH_UNIT: readonly Role[] = enums.ROLES_WITH_UNIT;

export type UnitKind = C.UnitKind;

export type Me = C.Me;
export type Session = C.MeResponse;

export type ErrorBody = C.ErrorBody;
export type ApiErrorDetail = NonNullable<ErrorBody['error']['details']>[number];
/** A stable error code (packages/server/src/errors.ts); `NETWORK` and `HTTP_<status>` are the client's own. */
export type ErrorCode = string;
/** One bad cell of a rejected Excel import (IMPORT_REJECTED). */
export type ImportRowError = NonNullable<C.ImportErrorBody['error']['rows']>[number];

export interface ListResponse<T> {
  items: T[];
  total: number;
}

export type Group = C.Group;
export type Unit = C.Unit;
export type UnitCreate = C.CreateUnitInput;
export type UnitPatch = C.UpdateUnitInput;
/** Queries are typed by what the server makes of them (the schema's output: numbers, booleans), as the client writes them into the URL. */
export type UnitQuery = Partial<C.UnitListQuery>;
export type GroupCreate = C.CreateGroupInput;
export type GroupPatch = C.UpdateGroupInput;

export type User = C.User;
export type AccountRequest = C.AccountRequest;
export type UserCreate = C.CreateUserInput;
export type UserPatch = C.UpdateUserInput;
export type UserQuery = Partial<C.UserListQuery>;
export type ResetPasswordOutcome = C.ResetPasswordOutcome;

export type Overview = C.Overview;
export type YearProgress = C.YearProgress;
export type ActivityItem = Overview['recentActivity'][number];

// ---------------------------------------------------------------------------------------------
// Schemes (docs/schemes.md). The document's `engine` part is an engine SchemeInput
// (docs/engine-format.md); the editor's view of it is ../scheme/model.ts.
// ---------------------------------------------------------------------------------------------

export type SchemeSummary = C.SchemeSummary;
export type VersionStatus = C.VersionStatus;
export type SchemeVersionInfo = C.VersionInfo;
export type SchemeDetail = C.SchemeDetail;
export type SchemeVersionDoc = C.SchemeVersionView;
export type SchemeIssue = C.ReportIssue;
export type GroupBurden = C.GroupBurden;
export type ValidationReport = C.ValidationReport;
export type DraftSaved = C.DraftSaved;
export type PreviewSample = C.PreviewSampleInput;
export type PreviewResponse = C.PreviewResult;
export type PreviewSampleResult = PreviewResponse['samples'][number];
export type FieldChange = C.FieldChange;
export type IndicatorChange = C.IndicatorChange;
export type ChangeKind = IndicatorChange['change'];
export type RuleChange = C.RuleChange;
export type SchemeDiff = C.SchemeDiff;
export type DiffSide = SchemeDiff['from'];

// ---------------------------------------------------------------------------------------------
// Records (加分、扣分、一票否决、违纪违法)
// ---------------------------------------------------------------------------------------------

export type RecordKind = C.RecordKind;
export const RECORD_KINDS: readonly RecordKind[] = enums.RECORD_KINDS;
/** A level code of the record's rule (its category's own levels: national…county, major/notable …). */
export type RecordLevel = string;

/** GET /api/records/choices: what a record of the year may name (the year's scheme's rules and their levels). */
export type RecordChoices = C.RecordChoicesBody;
export type RecordRuleChoice = RecordChoices['bonus'][number];

export type UnitRecord = C.UnitRecord;
export type RecordCreate = C.CreateRecordInput;
export type RecordPatch = C.UpdateRecordInput;
export type RecordQuery = Partial<C.RecordListQuery>;

export type ExcelKind = C.ExcelKindName;

/** Issue 15: a merge, split or rename of units (机构改革). */
export type SuccessionKind = C.CreateSuccession['kind'];
export type CarryItem = C.CarryItem;
export type SuccessionCreate = C.CreateSuccessionInput;
export type Succession = C.Succession;
export type SuccessionResult = C.SuccessionResult;

export type ImportResult = C.ImportResult;
