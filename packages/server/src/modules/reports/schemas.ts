import { z } from 'zod';
import { REPORT_STATUSES } from '../../enums';
import { optionalText } from '../../lib/schemas';
import { LightColour, LightReasonCode } from '../lights/schemas';

export { REPORT_STATUSES };
export const ReportStatus = z.enum(REPORT_STATUSES);

const Year = z.coerce.number().int().min(2000).max(2100).optional();
const NodeId = z.string().max(64);

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

export const SaveReportBody = z.object({
  year: z.number().int().min(2000).max(2100).optional(),
  indicatorId: z.string().min(1).max(64),
  nodeId: NodeId,
  progress: z.number().min(0).max(100).nullable().optional(),
  value: z.number().finite().nullable().optional(),
  inputs: z.record(z.string().max(64), z.number().finite()).nullable().optional(),
  grade: z.string().max(32).nullable().optional(),
  narrative: optionalText(2000),
  version: z.number().int().min(1).optional(),
});
export type SaveReportBody = z.input<typeof SaveReportBody>;

export const ReviewReportBody = z.object({
  action: z.enum(['approve', 'return', 'fail', 'correct']),
  version: z.number().int().min(1),
  reason: optionalText(1000),
  /** With `return`: ask the unit for evidence (it may then attach files and must before it resubmits). */
  requestEvidence: z.boolean().optional(),
  verifiedValue: z.number().finite().nullable().optional(),
  assessorScore: z.number().finite().nullable().optional(),
  scoreReason: optionalText(1000),
});
export type ReviewReportBody = z.input<typeof ReviewReportBody>;

export const BulkReviewBody = z.object({
  action: z.enum(['approve', 'return']),
  reason: optionalText(1000),
  items: z
    .array(z.object({ id: z.uuid(), version: z.number().int().min(1) }))
    .min(1)
    .max(500),
});
export type BulkReviewBody = z.input<typeof BulkReviewBody>;

export const GridQuery = z.object({
  year: Year,
  indicatorId: z.string().max(64).optional(),
  nodeId: NodeId.optional(),
  unitId: z.uuid().optional(),
  status: z.enum(['none', ...REPORT_STATUSES]).optional(),
  light: LightColour.optional(),
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(2000).default(200),
});
export type GridQuery = z.input<typeof GridQuery>;

export const ReportExcelQuery = z.object({
  year: Year,
  indicatorId: z.string().min(1).max(64),
  nodeId: NodeId.default(''),
});

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

export const Evidence = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Report = z.object({
  id: z.string(),
  year: z.number().int(),
  status: ReportStatus,
  progress: z.number().nullable(),
  value: z.number().nullable(),
  inputs: z.record(z.string(), z.number()).nullable(),
  grade: z.string().nullable(),
  narrative: z.string().nullable(),
  verifiedValue: z.number().nullable(),
  assessorScore: z.number().nullable(),
  scoreReason: z.string().nullable(),
  returnReason: z.string().nullable(),
  evidenceRequested: z.boolean(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  changedAfterApproval: z.boolean(),
  version: z.number().int(),
  evidence: z.array(Evidence),
});
export type Report = z.infer<typeof Report>;

/** One cell of the year: a unit × an indicator × a node (or the year-end value, node ''). */
export const ReportCell = z.object({
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  indicatorId: z.string(),
  indicatorName: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  due: z.string(),
  expected: z.number(),
  methodKind: z.string().nullable(),
  /** Formula inputs to fill; grade letters to choose from; manual score bounds. */
  inputNames: z.array(z.string()),
  grades: z.array(z.string()),
  scoreMin: z.number().nullable(),
  scoreMax: z.number().nullable(),
  evidenceRule: z.enum(['none', 'optional', 'required']),
  fileTypes: z.array(z.string()),
  assessorId: z.string().nullable(),
  /** The unit is the indicator's own assessor: the office verifies this report, not the assessor (A7). */
  officeReview: z.boolean(),
  report: Report.nullable(),
  light: LightColour.nullable(),
  lightReason: LightReasonCode.nullable(),
});
export type ReportCell = z.infer<typeof ReportCell>;

export const TodoList = z.object({ year: z.number().int(), today: z.string(), items: z.array(ReportCell) });
export type TodoList = z.infer<typeof TodoList>;

export const ReportGrid = z.object({
  year: z.number().int(),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  indicators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nodes: z.array(z.object({ id: z.string(), name: z.string(), due: z.string() })),
    }),
  ),
  items: z.array(ReportCell),
});
export type ReportGrid = z.infer<typeof ReportGrid>;

export const BulkReviewResult = z.object({ done: z.number().int() });
export type BulkReviewResult = z.infer<typeof BulkReviewResult>;

export const ReportImportResult = z.object({
  imported: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ReportImportResult = z.infer<typeof ReportImportResult>;

/** The multipart body of an evidence upload: one part named `file`. */
export const EvidenceUpload = z.object({ file: z.string().meta({ format: 'binary' }) });

/** 本单位待填报事项: the year (the current year when left out). */
export const TodoQuery = z.object({ year: Year });
/** 提交填报: the version read, so a submission never overwrites a change it did not see. */
export const SubmitReportBody = z.object({ version: z.number().int().min(1) });
