/**
 * The contract between the server and the web (issue 16): every request and response shape, as the types
 * inferred from the zod schemas the routes declare. The web imports these with `import type` (erased at build,
 * no bundle cost) through `@yardstick/server/contract`; a shape changed here and not in the web fails
 * `tsc -p packages/web`. Run-time lists (roles, statuses, kinds) are in `./enums.ts`, which the web may bundle.
 *
 * `X` is what the server answers (zod output); `XInput` is what a client sends (zod input: before defaults and
 * transforms). Names that two modules share carry their module's name (`AuditVerification`, `ResultsVerification`).
 * Only pure files may be reachable from here (zod, the engine's types, other schema files): the web type-checks
 * them with browser types. docs/api.md "The contract" says how to add a module.
 */
import type { z } from 'zod';
import type { ExcelKindName } from './modules/excel/kinds/kind';
import type * as common from './lib/schemas';
import type * as schemeDocument from './modules/schemes/document';
import type * as auth from './modules/auth/schemas';
import type * as overview from './modules/overview/schemas';
import type * as units from './modules/units/schemas';
import type * as users from './modules/users/schemas';
import type * as audit from './modules/audit/schemas';
import type * as schemes from './modules/schemes/schemas';
import type * as records from './modules/records/schemas';
import type * as excel from './modules/excel/schemas';
import type * as reports from './modules/reports/schemas';
import type * as lights from './modules/lights/schemas';
import type * as redlights from './modules/redlights/schemas';
import type * as notifications from './modules/notifications/schemas';
import type * as supervision from './modules/supervision/schemas';
import type * as city from './modules/city/schemas';
import type * as signals from './modules/signals/schemas';
import type * as evaluation from './modules/evaluation/schemas';
import type * as results from './modules/results/schemas';
import type * as feedback from './modules/feedback/schemas';
import type * as appeals from './modules/appeals/schemas';
import type * as rectification from './modules/rectification/schemas';
import type * as dashboards from './modules/dashboards/schemas';
import type * as counties from './modules/counties/schemas';
import type * as resultsuse from './modules/resultsuse/schemas';
import type * as negotiation from './modules/negotiation/schemas';
import type * as sharedtasks from './modules/sharedtasks/schemas';
import type * as cadres from './modules/cadres/schemas';
import type * as committee from './modules/committee/schemas';
import type * as accountability from './modules/accountability/schemas';
import type * as rankings from './modules/rankings/schemas';

// auth
export type ChangePasswordBody = z.output<typeof auth.ChangePasswordBody>;
export type ChangePasswordBodyInput = z.input<typeof auth.ChangePasswordBody>;
export type LoginBody = z.output<typeof auth.LoginBody>;
export type LoginBodyInput = z.input<typeof auth.LoginBody>;
export type Me = z.output<typeof auth.Me>;
export type MeInput = z.input<typeof auth.Me>;
export type MeResponse = z.output<typeof auth.MeResponse>;
export type MeResponseInput = z.input<typeof auth.MeResponse>;
export type SecurityStatus = z.output<typeof auth.SecurityStatus>;
export type SecurityStatusInput = z.input<typeof auth.SecurityStatus>;
export type TotpEnrolment = z.output<typeof auth.TotpEnrolment>;
export type TotpEnrolmentInput = z.input<typeof auth.TotpEnrolment>;

// overview
export type Overview = z.output<typeof overview.Overview>;
export type OverviewInput = z.input<typeof overview.Overview>;
export type YearProgress = z.output<typeof overview.YearProgress>;
export type YearProgressInput = z.input<typeof overview.YearProgress>;

// units
export type CarryItem = z.output<typeof units.CarryItem>;
export type CarryItemInput = z.input<typeof units.CarryItem>;
export type CreateGroup = z.output<typeof units.CreateGroup>;
export type CreateGroupInput = z.input<typeof units.CreateGroup>;
export type CreateSuccession = z.output<typeof units.CreateSuccession>;
export type CreateSuccessionInput = z.input<typeof units.CreateSuccession>;
export type CreateUnit = z.output<typeof units.CreateUnit>;
export type CreateUnitInput = z.input<typeof units.CreateUnit>;
export type Day = z.output<typeof units.Day>;
export type DayInput = z.input<typeof units.Day>;
export type Group = z.output<typeof units.Group>;
export type GroupInput = z.input<typeof units.Group>;
export type GroupList = z.output<typeof units.GroupList>;
export type GroupListInput = z.input<typeof units.GroupList>;
export type GroupListQuery = z.output<typeof units.GroupListQuery>;
export type GroupListQueryInput = z.input<typeof units.GroupListQuery>;
export type ReorderGroups = z.output<typeof units.ReorderGroups>;
export type ReorderGroupsInput = z.input<typeof units.ReorderGroups>;
export type Succession = z.output<typeof units.Succession>;
export type SuccessionInput = z.input<typeof units.Succession>;
export type SuccessionList = z.output<typeof units.SuccessionList>;
export type SuccessionListInput = z.input<typeof units.SuccessionList>;
export type SuccessionPair = z.output<typeof units.SuccessionPair>;
export type SuccessionPairInput = z.input<typeof units.SuccessionPair>;
export type SuccessionResult = z.output<typeof units.SuccessionResult>;
export type SuccessionResultInput = z.input<typeof units.SuccessionResult>;
export type Unit = z.output<typeof units.Unit>;
export type UnitInput = z.input<typeof units.Unit>;
export type UnitKind = z.output<typeof units.UnitKind>;
export type UnitKindInput = z.input<typeof units.UnitKind>;
export type UnitList = z.output<typeof units.UnitList>;
export type UnitListInput = z.input<typeof units.UnitList>;
export type UnitListQuery = z.output<typeof units.UnitListQuery>;
export type UnitListQueryInput = z.input<typeof units.UnitListQuery>;
export type UpdateGroup = z.output<typeof units.UpdateGroup>;
export type UpdateGroupInput = z.input<typeof units.UpdateGroup>;
export type UpdateUnit = z.output<typeof units.UpdateUnit>;
export type UpdateUnitInput = z.input<typeof units.UpdateUnit>;

// users
export type AccountRequest = z.output<typeof users.AccountRequest>;
export type AccountRequestInput = z.input<typeof users.AccountRequest>;
export type AccountRequestList = z.output<typeof users.AccountRequestList>;
export type AccountRequestListInput = z.input<typeof users.AccountRequestList>;
export type AccountRequestQuery = z.output<typeof users.AccountRequestQuery>;
export type AccountRequestQueryInput = z.input<typeof users.AccountRequestQuery>;
export type CreateUser = z.output<typeof users.CreateUser>;
export type CreateUserInput = z.input<typeof users.CreateUser>;
export type Password = z.output<typeof users.Password>;
export type PasswordInput = z.input<typeof users.Password>;
export type RejectRequest = z.output<typeof users.RejectRequest>;
export type RejectRequestInput = z.input<typeof users.RejectRequest>;
export type ResetPassword = z.output<typeof users.ResetPassword>;
export type ResetPasswordInput = z.input<typeof users.ResetPassword>;
export type ResetPasswordOutcome = z.output<typeof users.ResetPasswordOutcome>;
export type ResetPasswordOutcomeInput = z.input<typeof users.ResetPasswordOutcome>;
export type RoleSchema = z.output<typeof users.RoleSchema>;
export type RoleSchemaInput = z.input<typeof users.RoleSchema>;
export type UpdateUser = z.output<typeof users.UpdateUser>;
export type UpdateUserInput = z.input<typeof users.UpdateUser>;
export type User = z.output<typeof users.User>;
export type UserInput = z.input<typeof users.User>;
export type UserList = z.output<typeof users.UserList>;
export type UserListInput = z.input<typeof users.UserList>;
export type UserListQuery = z.output<typeof users.UserListQuery>;
export type UserListQueryInput = z.input<typeof users.UserListQuery>;
export type Username = z.output<typeof users.Username>;
export type UsernameInput = z.input<typeof users.Username>;

// audit
export type AuditList = z.output<typeof audit.AuditList>;
export type AuditListInput = z.input<typeof audit.AuditList>;
export type AuditQuery = z.output<typeof audit.AuditQuery>;
export type AuditQueryInput = z.input<typeof audit.AuditQuery>;
export type AuditRecord = z.output<typeof audit.AuditRecord>;
export type AuditRecordInput = z.input<typeof audit.AuditRecord>;
export type AuditVerification = z.output<typeof audit.Verification>;
export type AuditVerificationInput = z.input<typeof audit.Verification>;

// schemes
export type CreateFromTemplate = z.output<typeof schemes.CreateFromTemplate>;
export type CreateFromTemplateInput = z.input<typeof schemes.CreateFromTemplate>;
export type CreateScheme = z.output<typeof schemes.CreateScheme>;
export type CreateSchemeInput = z.input<typeof schemes.CreateScheme>;
export type DiffQuery = z.output<typeof schemes.DiffQuery>;
export type DiffQueryInput = z.input<typeof schemes.DiffQuery>;
export type DraftSaved = WithDocument<z.output<typeof schemes.DraftSaved>>;
export type DraftSavedInput = z.input<typeof schemes.DraftSaved>;
export type FieldChange = z.output<typeof schemes.FieldChange>;
export type FieldChangeInput = z.input<typeof schemes.FieldChange>;
export type GroupBurden = z.output<typeof schemes.GroupBurden>;
export type GroupBurdenInput = z.input<typeof schemes.GroupBurden>;
export type IndicatorChange = z.output<typeof schemes.IndicatorChange>;
export type IndicatorChangeInput = z.input<typeof schemes.IndicatorChange>;
export type PreviewRequest = z.output<typeof schemes.PreviewRequest>;
export type PreviewRequestInput = z.input<typeof schemes.PreviewRequest>;
export type PreviewResult = z.output<typeof schemes.PreviewResult>;
export type PreviewResultInput = z.input<typeof schemes.PreviewResult>;
export type PreviewSample = z.output<typeof schemes.PreviewSample>;
export type PreviewSampleInput = z.input<typeof schemes.PreviewSample>;
export type Publish = z.output<typeof schemes.Publish>;
export type PublishInput = z.input<typeof schemes.Publish>;
export type ReportIssue = z.output<typeof schemes.ReportIssue>;
export type ReportIssueInput = z.input<typeof schemes.ReportIssue>;
export type ReviewDecisions = z.output<typeof schemes.ReviewDecisions>;
export type ReviewDecisionsInput = z.input<typeof schemes.ReviewDecisions>;
export type RuleChange = z.output<typeof schemes.RuleChange>;
export type RuleChangeInput = z.input<typeof schemes.RuleChange>;
export type SaveDraft = z.output<typeof schemes.SaveDraft>;
export type SaveDraftInput = z.input<typeof schemes.SaveDraft>;
export type SchemeDetail = z.output<typeof schemes.SchemeDetail>;
export type SchemeDetailInput = z.input<typeof schemes.SchemeDetail>;
export type SchemeDiff = z.output<typeof schemes.SchemeDiff>;
export type SchemeDiffInput = z.input<typeof schemes.SchemeDiff>;
export type SchemeList = z.output<typeof schemes.SchemeList>;
export type SchemeListInput = z.input<typeof schemes.SchemeList>;
export type SchemeSummary = z.output<typeof schemes.SchemeSummary>;
export type SchemeSummaryInput = z.input<typeof schemes.SchemeSummary>;
export type SchemeTemplate = z.output<typeof schemes.SchemeTemplate>;
export type SchemeTemplateInput = z.input<typeof schemes.SchemeTemplate>;
export type SchemeTemplateList = z.output<typeof schemes.SchemeTemplateList>;
export type SchemeTemplateListInput = z.input<typeof schemes.SchemeTemplateList>;
/**
 * The scheme document (schemes/document.ts). The routes' schemas leave `document` open (the document parser checks
 * it on the way in, and answers it normalised); here it carries its real type.
 */
export type SchemeDocument = z.output<typeof schemeDocument.SchemeDocument>;
export type SchemeDocumentInput = z.input<typeof schemeDocument.SchemeDocument>;
type WithDocument<T> = Omit<T, 'document'> & { document: SchemeDocument };
export type SchemeVersionView = WithDocument<z.output<typeof schemes.SchemeVersionView>>;
export type SchemeVersionViewInput = z.input<typeof schemes.SchemeVersionView>;
export type ValidationReport = z.output<typeof schemes.ValidationReport>;
export type ValidationReportInput = z.input<typeof schemes.ValidationReport>;
export type VersionInfo = z.output<typeof schemes.VersionInfo>;
export type VersionInfoInput = z.input<typeof schemes.VersionInfo>;
export type VersionParams = z.output<typeof schemes.VersionParams>;
export type VersionParamsInput = z.input<typeof schemes.VersionParams>;
export type VersionStatus = z.output<typeof schemes.VersionStatus>;
export type VersionStatusInput = z.input<typeof schemes.VersionStatus>;

// records
export type CreateRecord = z.output<typeof records.CreateRecord>;
export type CreateRecordInput = z.input<typeof records.CreateRecord>;
export type DeleteRecordQuery = z.output<typeof records.DeleteRecordQuery>;
export type DeleteRecordQueryInput = z.input<typeof records.DeleteRecordQuery>;
export type IsoDate = z.output<typeof records.IsoDate>;
export type IsoDateInput = z.input<typeof records.IsoDate>;
export type RecordChoicesBody = z.output<typeof records.RecordChoicesBody>;
export type RecordChoicesBodyInput = z.input<typeof records.RecordChoicesBody>;
export type RecordChoicesQuery = z.output<typeof records.RecordChoicesQuery>;
export type RecordChoicesQueryInput = z.input<typeof records.RecordChoicesQuery>;
export type RecordKindSchema = z.output<typeof records.RecordKindSchema>;
export type RecordKindSchemaInput = z.input<typeof records.RecordKindSchema>;
export type RecordLevelSchema = z.output<typeof records.RecordLevelSchema>;
export type RecordLevelSchemaInput = z.input<typeof records.RecordLevelSchema>;
export type RecordList = z.output<typeof records.RecordList>;
export type RecordListInput = z.input<typeof records.RecordList>;
export type RecordListQuery = z.output<typeof records.RecordListQuery>;
export type RecordListQueryInput = z.input<typeof records.RecordListQuery>;
export type UnitRecord = z.output<typeof records.UnitRecord>;
export type UnitRecordInput = z.input<typeof records.UnitRecord>;
export type UpdateRecord = z.output<typeof records.UpdateRecord>;
export type UpdateRecordInput = z.input<typeof records.UpdateRecord>;
export type Year = z.output<typeof records.Year>;
export type YearInput = z.input<typeof records.Year>;

// excel
export type { ExcelKindName };
export type ExcelQuery = z.output<typeof excel.ExcelQuery>;
export type ExcelQueryInput = z.input<typeof excel.ExcelQuery>;
export type ImportErrorBody = z.output<typeof excel.ImportErrorBody>;
export type ImportErrorBodyInput = z.input<typeof excel.ImportErrorBody>;
export type ImportResult = z.output<typeof excel.ImportResult>;
export type ImportResultInput = z.input<typeof excel.ImportResult>;

// reports
export type BulkReviewBody = z.output<typeof reports.BulkReviewBody>;
export type BulkReviewBodyInput = z.input<typeof reports.BulkReviewBody>;
export type BulkReviewResult = z.output<typeof reports.BulkReviewResult>;
export type BulkReviewResultInput = z.input<typeof reports.BulkReviewResult>;
export type Evidence = z.output<typeof reports.Evidence>;
export type EvidenceInput = z.input<typeof reports.Evidence>;
export type EvidenceUpload = z.output<typeof reports.EvidenceUpload>;
export type EvidenceUploadInput = z.input<typeof reports.EvidenceUpload>;
export type GridQuery = z.output<typeof reports.GridQuery>;
export type GridQueryInput = z.input<typeof reports.GridQuery>;
export type Report = z.output<typeof reports.Report>;
export type ReportInput = z.input<typeof reports.Report>;
export type ReportCell = z.output<typeof reports.ReportCell>;
export type ReportCellInput = z.input<typeof reports.ReportCell>;
export type ReportExcelQuery = z.output<typeof reports.ReportExcelQuery>;
export type ReportExcelQueryInput = z.input<typeof reports.ReportExcelQuery>;
export type ReportGrid = z.output<typeof reports.ReportGrid>;
export type ReportGridInput = z.input<typeof reports.ReportGrid>;
export type ReportImportResult = z.output<typeof reports.ReportImportResult>;
export type ReportImportResultInput = z.input<typeof reports.ReportImportResult>;
export type ReportStatus = z.output<typeof reports.ReportStatus>;
export type ReportStatusInput = z.input<typeof reports.ReportStatus>;
export type ReviewReportBody = z.output<typeof reports.ReviewReportBody>;
export type ReviewReportBodyInput = z.input<typeof reports.ReviewReportBody>;
export type SaveReportBody = z.output<typeof reports.SaveReportBody>;
export type SaveReportBodyInput = z.input<typeof reports.SaveReportBody>;
export type TodoList = z.output<typeof reports.TodoList>;
export type TodoListInput = z.input<typeof reports.TodoList>;

// lights
export type LightColour = z.output<typeof lights.LightColour>;
export type LightColourInput = z.input<typeof lights.LightColour>;
export type LightHistory = z.output<typeof lights.LightHistory>;
export type LightHistoryInput = z.input<typeof lights.LightHistory>;
export type LightList = z.output<typeof lights.LightList>;
export type LightListInput = z.input<typeof lights.LightList>;
export type LightReasonCode = z.output<typeof lights.LightReasonCode>;
export type LightReasonCodeInput = z.input<typeof lights.LightReasonCode>;
export type LightRow = z.output<typeof lights.LightRow>;
export type LightRowInput = z.input<typeof lights.LightRow>;
export type RecomputeResult = z.output<typeof lights.RecomputeResult>;
export type RecomputeResultInput = z.input<typeof lights.RecomputeResult>;

// redlights
export type RedItem = z.output<typeof redlights.RedItem>;
export type RedItemInput = z.input<typeof redlights.RedItem>;
export type RedItemList = z.output<typeof redlights.RedItemList>;
export type RedItemListInput = z.input<typeof redlights.RedItemList>;
export type RedStatus = z.output<typeof redlights.RedStatus>;
export type RedStatusInput = z.input<typeof redlights.RedStatus>;

// notifications
export type Inbox = z.output<typeof notifications.Inbox>;
export type InboxInput = z.input<typeof notifications.Inbox>;
export type InboxItem = z.output<typeof notifications.InboxItem>;
export type InboxItemInput = z.input<typeof notifications.InboxItem>;
export type InboxQuery = z.output<typeof notifications.InboxQuery>;
export type InboxQueryInput = z.input<typeof notifications.InboxQuery>;
export type MarkedAll = z.output<typeof notifications.MarkedAll>;
export type MarkedAllInput = z.input<typeof notifications.MarkedAll>;
export type NotificationSettings = z.output<typeof notifications.NotificationSettings>;
export type NotificationSettingsInput = z.input<typeof notifications.NotificationSettings>;
export type UnreadCount = z.output<typeof notifications.UnreadCount>;
export type UnreadCountInput = z.input<typeof notifications.UnreadCount>;
export type UpdateNotificationSettings = z.output<typeof notifications.UpdateNotificationSettings>;
export type UpdateNotificationSettingsInput = z.input<typeof notifications.UpdateNotificationSettings>;

// supervision
export type CreateProgress = z.output<typeof supervision.CreateProgress>;
export type CreateProgressInput = z.input<typeof supervision.CreateProgress>;
export type CreateSupervision = z.output<typeof supervision.CreateSupervision>;
export type CreateSupervisionInput = z.input<typeof supervision.CreateSupervision>;
export type ProgressReport = z.output<typeof supervision.ProgressReport>;
export type ProgressReportInput = z.input<typeof supervision.ProgressReport>;
export type SupervisionDetail = z.output<typeof supervision.SupervisionDetail>;
export type SupervisionDetailInput = z.input<typeof supervision.SupervisionDetail>;
export type SupervisionItem = z.output<typeof supervision.SupervisionItem>;
export type SupervisionItemInput = z.input<typeof supervision.SupervisionItem>;
export type SupervisionList = z.output<typeof supervision.SupervisionList>;
export type SupervisionListInput = z.input<typeof supervision.SupervisionList>;
export type SupervisionListQuery = z.output<typeof supervision.SupervisionListQuery>;
export type SupervisionListQueryInput = z.input<typeof supervision.SupervisionListQuery>;
export type UnitRef = z.output<typeof supervision.UnitRef>;
export type UnitRefInput = z.input<typeof supervision.UnitRef>;
export type UpdateSupervision = z.output<typeof supervision.UpdateSupervision>;
export type UpdateSupervisionInput = z.input<typeof supervision.UpdateSupervision>;

// city
export type CityIndicator = z.output<typeof city.CityIndicator>;
export type CityIndicatorInput = z.input<typeof city.CityIndicator>;
export type CityList = z.output<typeof city.CityList>;
export type CityListInput = z.input<typeof city.CityList>;
export type CityListQuery = z.output<typeof city.CityListQuery>;
export type CityListQueryInput = z.input<typeof city.CityListQuery>;
export type CityNode = z.output<typeof city.CityNode>;
export type CityNodeInput = z.input<typeof city.CityNode>;
export type CreateCityIndicator = z.output<typeof city.CreateCityIndicator>;
export type CreateCityIndicatorInput = z.input<typeof city.CreateCityIndicator>;
export type CreateCityNode = z.output<typeof city.CreateCityNode>;
export type CreateCityNodeInput = z.input<typeof city.CreateCityNode>;
export type PeriodQuery = z.output<typeof city.PeriodQuery>;
export type PeriodQueryInput = z.input<typeof city.PeriodQuery>;
export type RedLightCounts = z.output<typeof city.RedLightCounts>;
export type RedLightCountsInput = z.input<typeof city.RedLightCounts>;
export type UpdateCityIndicator = z.output<typeof city.UpdateCityIndicator>;
export type UpdateCityIndicatorInput = z.input<typeof city.UpdateCityIndicator>;
export type UpdateCityNode = z.output<typeof city.UpdateCityNode>;
export type UpdateCityNodeInput = z.input<typeof city.UpdateCityNode>;

// signals
export type Signal = z.output<typeof signals.Signal>;
export type SignalInput = z.input<typeof signals.Signal>;
export type SignalList = z.output<typeof signals.SignalList>;
export type SignalListInput = z.input<typeof signals.SignalList>;
export type SignalQuery = z.output<typeof signals.SignalQuery>;
export type SignalQueryInput = z.input<typeof signals.SignalQuery>;

// evaluation
export type BallotForm = z.output<typeof evaluation.BallotForm>;
export type BallotFormInput = z.input<typeof evaluation.BallotForm>;
export type CampaignConfigOut = z.output<typeof evaluation.CampaignConfigOut>;
export type CampaignConfigOutInput = z.input<typeof evaluation.CampaignConfigOut>;
export type CampaignDetail = z.output<typeof evaluation.CampaignDetail>;
export type CampaignDetailInput = z.input<typeof evaluation.CampaignDetail>;
export type CampaignList = z.output<typeof evaluation.CampaignList>;
export type CampaignListInput = z.input<typeof evaluation.CampaignList>;
export type CampaignListQuery = z.output<typeof evaluation.CampaignListQuery>;
export type CampaignListQueryInput = z.input<typeof evaluation.CampaignListQuery>;
export type CampaignStatus = z.output<typeof evaluation.CampaignStatus>;
export type CampaignStatusInput = z.input<typeof evaluation.CampaignStatus>;
export type CampaignSummary = z.output<typeof evaluation.CampaignSummary>;
export type CampaignSummaryInput = z.input<typeof evaluation.CampaignSummary>;
export type Cast = z.output<typeof evaluation.Cast>;
export type CastInput = z.input<typeof evaluation.Cast>;
export type CastBallot = z.output<typeof evaluation.CastBallot>;
export type CastBallotInput = z.input<typeof evaluation.CastBallot>;
export type CodeBody = z.output<typeof evaluation.CodeBody>;
export type CodeBodyInput = z.input<typeof evaluation.CodeBody>;
export type CodesSheet = z.output<typeof evaluation.CodesSheet>;
export type CodesSheetInput = z.input<typeof evaluation.CodesSheet>;
export type CreateCampaign = z.output<typeof evaluation.CreateCampaign>;
export type CreateCampaignInput = z.input<typeof evaluation.CreateCampaign>;
export type GenerateCodes = z.output<typeof evaluation.GenerateCodes>;
export type GenerateCodesInput = z.input<typeof evaluation.GenerateCodes>;
export type IssuedCode = z.output<typeof evaluation.IssuedCode>;
export type IssuedCodeInput = z.input<typeof evaluation.IssuedCode>;
export type IssuedCodes = z.output<typeof evaluation.IssuedCodes>;
export type IssuedCodesInput = z.input<typeof evaluation.IssuedCodes>;
export type TallyOut = z.output<typeof evaluation.TallyOut>;
export type TallyOutInput = z.input<typeof evaluation.TallyOut>;
export type TurnoutOut = z.output<typeof evaluation.TurnoutOut>;
export type TurnoutOutInput = z.input<typeof evaluation.TurnoutOut>;
export type UpdateCampaign = z.output<typeof evaluation.UpdateCampaign>;
export type UpdateCampaignInput = z.input<typeof evaluation.UpdateCampaign>;
export type EvaluationVersionBody = z.output<typeof evaluation.VersionBody>;
export type EvaluationVersionBodyInput = z.input<typeof evaluation.VersionBody>;

// results
export type ApproveBody = z.output<typeof results.ApproveBody>;
export type ApproveBodyInput = z.input<typeof results.ApproveBody>;
export type Blocker = z.output<typeof results.Blocker>;
export type BlockerInput = z.input<typeof results.Blocker>;
export type ComputeOutcome = z.output<typeof results.ComputeOutcome>;
export type ComputeOutcomeInput = z.input<typeof results.ComputeOutcome>;
export type Correction = z.output<typeof results.Correction>;
export type CorrectionInput = z.input<typeof results.Correction>;
export type CorrectionBody = z.output<typeof results.CorrectionBody>;
export type CorrectionBodyInput = z.input<typeof results.CorrectionBody>;
export type CorrectionList = z.output<typeof results.CorrectionList>;
export type CorrectionListInput = z.input<typeof results.CorrectionList>;
export type CorrectionParams = z.output<typeof results.CorrectionParams>;
export type CorrectionParamsInput = z.input<typeof results.CorrectionParams>;
export type DiagnosticsQuery = z.output<typeof results.DiagnosticsQuery>;
export type DiagnosticsQueryInput = z.input<typeof results.DiagnosticsQuery>;
export type EngineOutput = z.output<typeof results.EngineOutput>;
export type EngineOutputInput = z.input<typeof results.EngineOutput>;
export type PublishBody = z.output<typeof results.PublishBody>;
export type PublishBodyInput = z.input<typeof results.PublishBody>;
export type PublishedSnapshot = z.output<typeof results.PublishedSnapshot>;
export type PublishedSnapshotInput = z.input<typeof results.PublishedSnapshot>;
export type RankingView = z.output<typeof results.RankingView>;
export type RankingViewInput = z.input<typeof results.RankingView>;
export type ReviewView = z.output<typeof results.ReviewView>;
export type ReviewViewInput = z.input<typeof results.ReviewView>;
export type SensitivityQuery = z.output<typeof results.SensitivityQuery>;
export type SensitivityQueryInput = z.input<typeof results.SensitivityQuery>;
export type SnapshotInfo = z.output<typeof results.SnapshotInfo>;
export type SnapshotInfoInput = z.input<typeof results.SnapshotInfo>;
export type SnapshotParams = z.output<typeof results.SnapshotParams>;
export type SnapshotParamsInput = z.input<typeof results.SnapshotParams>;
export type SourceQuery = z.output<typeof results.SourceQuery>;
export type SourceQueryInput = z.input<typeof results.SourceQuery>;
export type TieDecisionBody = z.output<typeof results.TieDecisionBody>;
export type TieDecisionBodyInput = z.input<typeof results.TieDecisionBody>;
export type TieDecisionView = z.output<typeof results.TieDecisionView>;
export type TieDecisionViewInput = z.input<typeof results.TieDecisionView>;
export type UnitParams = z.output<typeof results.UnitParams>;
export type UnitParamsInput = z.input<typeof results.UnitParams>;
export type ResultsVerification = z.output<typeof results.Verification>;
export type ResultsVerificationInput = z.input<typeof results.Verification>;
export type ResultsVersionBody = z.output<typeof results.VersionBody>;
export type ResultsVersionBodyInput = z.input<typeof results.VersionBody>;
export type YearList = z.output<typeof results.YearList>;
export type YearListInput = z.input<typeof results.YearList>;
export type YearParams = z.output<typeof results.YearParams>;
export type YearParamsInput = z.input<typeof results.YearParams>;
export type YearSummary = z.output<typeof results.YearSummary>;
export type YearSummaryInput = z.input<typeof results.YearSummary>;

// feedback
export type Feedback = z.output<typeof feedback.Feedback>;
export type FeedbackInput = z.input<typeof feedback.Feedback>;
export type FeedbackQuery = z.output<typeof feedback.FeedbackQuery>;
export type FeedbackQueryInput = z.input<typeof feedback.FeedbackQuery>;
export type HistoryEntry = z.output<typeof feedback.HistoryEntry>;
export type HistoryEntryInput = z.input<typeof feedback.HistoryEntry>;
export type PublishedYears = z.output<typeof feedback.PublishedYears>;
export type PublishedYearsInput = z.input<typeof feedback.PublishedYears>;
export type RedLights = z.output<typeof feedback.RedLights>;
export type RedLightsInput = z.input<typeof feedback.RedLights>;
export type SnapshotRef = z.output<typeof feedback.SnapshotRef>;
export type SnapshotRefInput = z.input<typeof feedback.SnapshotRef>;

// appeals
export type AnswerAppeal = z.output<typeof appeals.AnswerAppeal>;
export type AnswerAppealInput = z.input<typeof appeals.AnswerAppeal>;
export type Appeal = z.output<typeof appeals.Appeal>;
export type AppealInput = z.input<typeof appeals.Appeal>;
export type AppealList = z.output<typeof appeals.AppealList>;
export type AppealListInput = z.input<typeof appeals.AppealList>;
export type AppealListQuery = z.output<typeof appeals.AppealListQuery>;
export type AppealListQueryInput = z.input<typeof appeals.AppealListQuery>;
export type AppealWindow = z.output<typeof appeals.AppealWindow>;
export type AppealWindowInput = z.input<typeof appeals.AppealWindow>;
export type CreateAppeal = z.output<typeof appeals.CreateAppeal>;
export type CreateAppealInput = z.input<typeof appeals.CreateAppeal>;
export type WindowQuery = z.output<typeof appeals.WindowQuery>;
export type WindowQueryInput = z.input<typeof appeals.WindowQuery>;

// rectification
export type CreateRectification = z.output<typeof rectification.CreateRectification>;
export type CreateRectificationInput = z.input<typeof rectification.CreateRectification>;
export type Finding = z.output<typeof rectification.Finding>;
export type FindingInput = z.input<typeof rectification.Finding>;
export type FindingList = z.output<typeof rectification.FindingList>;
export type FindingListInput = z.input<typeof rectification.FindingList>;
export type FindingsQuery = z.output<typeof rectification.FindingsQuery>;
export type FindingsQueryInput = z.input<typeof rectification.FindingsQuery>;
export type GenerateRectifications = z.output<typeof rectification.GenerateRectifications>;
export type GenerateRectificationsInput = z.input<typeof rectification.GenerateRectifications>;
export type GenerateResult = z.output<typeof rectification.GenerateResult>;
export type GenerateResultInput = z.input<typeof rectification.GenerateResult>;
export type ProgressEntry = z.output<typeof rectification.ProgressEntry>;
export type ProgressEntryInput = z.input<typeof rectification.ProgressEntry>;
export type Rectification = z.output<typeof rectification.Rectification>;
export type RectificationInput = z.input<typeof rectification.Rectification>;
export type RectificationDetail = z.output<typeof rectification.RectificationDetail>;
export type RectificationDetailInput = z.input<typeof rectification.RectificationDetail>;
export type RectificationList = z.output<typeof rectification.RectificationList>;
export type RectificationListInput = z.input<typeof rectification.RectificationList>;
export type RectificationListQuery = z.output<typeof rectification.RectificationListQuery>;
export type RectificationListQueryInput = z.input<typeof rectification.RectificationListQuery>;
export type ReportProgress = z.output<typeof rectification.ReportProgress>;
export type ReportProgressInput = z.input<typeof rectification.ReportProgress>;
export type UpdateRectification = z.output<typeof rectification.UpdateRectification>;
export type UpdateRectificationInput = z.input<typeof rectification.UpdateRectification>;
export type VerifyRectification = z.output<typeof rectification.VerifyRectification>;
export type VerifyRectificationInput = z.input<typeof rectification.VerifyRectification>;

// dashboards
export type CountyDashboard = z.output<typeof dashboards.CountyDashboard>;
export type CountyDashboardInput = z.input<typeof dashboards.CountyDashboard>;
export type CountyQuery = z.output<typeof dashboards.CountyQuery>;
export type CountyQueryInput = z.input<typeof dashboards.CountyQuery>;
export type UnitDashboard = z.output<typeof dashboards.UnitDashboard>;
export type UnitDashboardInput = z.input<typeof dashboards.UnitDashboard>;
export type UnitQuery = z.output<typeof dashboards.UnitQuery>;
export type UnitQueryInput = z.input<typeof dashboards.UnitQuery>;

// counties
export type AdminAccount = z.output<typeof counties.AdminAccount>;
export type AdminAccountInput = z.input<typeof counties.AdminAccount>;
export type CountyCode = z.output<typeof counties.CountyCode>;
export type CountyCodeInput = z.input<typeof counties.CountyCode>;
export type CountyIdentityInput = z.output<typeof counties.CountyIdentityInput>;
export type CountyIdentityInputInput = z.input<typeof counties.CountyIdentityInput>;
export type CreatedCounty = z.output<typeof counties.CreatedCounty>;
export type CreatedCountyInput = z.input<typeof counties.CreatedCounty>;
export type DocNumberPattern = z.output<typeof counties.DocNumberPattern>;
export type DocNumberPatternInput = z.input<typeof counties.DocNumberPattern>;
export type SetupCountyBody = z.output<typeof counties.SetupCountyBody>;
export type SetupCountyBodyInput = z.input<typeof counties.SetupCountyBody>;
export type SetupStatus = z.output<typeof counties.SetupStatus>;
export type SetupStatusInput = z.input<typeof counties.SetupStatus>;

// negotiation (issue 20, R32)
export type Negotiation = z.output<typeof negotiation.Negotiation>;
export type NegotiationList = z.output<typeof negotiation.NegotiationList>;
export type NegotiationListQueryInput = z.input<typeof negotiation.NegotiationListQuery>;
export type CreateNegotiationInput = z.input<typeof negotiation.CreateNegotiation>;
export type UpdateNegotiationInput = z.input<typeof negotiation.UpdateNegotiation>;
export type AddNegotiationContactInput = z.input<typeof negotiation.AddContact>;
export type NegotiationOutcomeInput = z.input<typeof negotiation.RecordOutcome>;

// shared tasks (issue 20, R33)
export type SharedTask = z.output<typeof sharedtasks.SharedTask>;
export type SharedTaskList = z.output<typeof sharedtasks.SharedTaskList>;
export type SharedTaskDispute = z.output<typeof sharedtasks.SharedTaskDispute>;
export type CreateSharedTaskInput = z.input<typeof sharedtasks.CreateSharedTask>;
export type UpdateSharedTaskInput = z.input<typeof sharedtasks.UpdateSharedTask>;
export type FileDisputeInput = z.input<typeof sharedtasks.FileDispute>;
export type RuleDisputeInput = z.input<typeof sharedtasks.RuleDispute>;
export type ApportionInput = z.input<typeof sharedtasks.Apportion>;
export type ApportionResult = z.output<typeof sharedtasks.ApportionResult>;

// cadres (issue 20, R35)
export type Leader = z.output<typeof cadres.Leader>;
export type LeaderList = z.output<typeof cadres.LeaderList>;
export type CreateLeaderInput = z.input<typeof cadres.CreateLeader>;
export type UpdateLeaderInput = z.input<typeof cadres.UpdateLeader>;
export type CadreFiles = z.output<typeof cadres.CadreFiles>;
export type CadreFileUnit = z.output<typeof cadres.CadreFileUnit>;

// committee (issue 20, R31: reports to the county committee)
export type CommitteeReport = z.output<typeof committee.CommitteeReport>;
export type CommitteeReportInfo = z.output<typeof committee.CommitteeReportInfo>;
export type CommitteeReportList = z.output<typeof committee.CommitteeReportList>;
export type CommitteePeriodQuery = z.output<typeof committee.PeriodQuery>;
export type CommitteePeriodQueryInput = z.input<typeof committee.PeriodQuery>;

// accountability (issue 20, R34: assessors held to account)
export type AccountabilityView = z.output<typeof accountability.AccountabilityView>;
export type AssessorRow = z.output<typeof accountability.AssessorRow>;

// results use
export type ResultsUse = z.output<typeof resultsuse.ResultsUseBody>;
export type ResultsUseQuery = z.output<typeof resultsuse.UseQuery>;
export type YearSettings = z.output<typeof resultsuse.YearSettings>;
export type UpdateYearSettingsInput = z.input<typeof resultsuse.UpdateSettings>;

// results: the what-if view is a TypeScript interface (engine output, not re-validated on the way out)
export type { WhatIfView } from './modules/results/whatif-view';

// shared
export type ErrorBody = z.output<typeof common.ErrorBody>;
export type { Light, Permission, RecordKind, Role } from './enums';

// rankings a rankPlaces rule reads (issue 17)
export type RankingsYear = z.output<typeof rankings.RankingsYear>;
export type RankingTableView = z.output<typeof rankings.RankingTable>;
export type CreateRankingTableInput = z.input<typeof rankings.CreateRankingTable>;
export type UpdateRankingTableInput = z.input<typeof rankings.UpdateRankingTable>;

// Every operation by `METHOD /api/path` with its params, query, body and answer (generated: src/api-routes.ts).
export type { ApiRoutes } from './api-routes';
