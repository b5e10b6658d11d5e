import { z } from 'zod';
import { SCHEME_VERSION_STATUSES } from '../../enums';
import { text } from '../../lib/schemas';
import type { IndicatorInput } from '@yardstick/engine';
import type { IndicatorMetaInput, SchemeDocument } from './document';

/**
 * A stored scheme document as it is answered: checked against the document schema when it was saved (document.ts),
 * so a read passes it through unparsed (a 1,000-indicator scheme is not re-validated on every GET) — typed, for the
 * clients, as the document it is.
 */
const StoredDocument = z.record(z.string(), z.unknown()) as unknown as z.ZodType<SchemeDocument>;

export const VERSION_STATUSES = SCHEME_VERSION_STATUSES;
export const VersionStatus = z.enum(VERSION_STATUSES);
export type VersionStatus = z.infer<typeof VersionStatus>;

export const SchemeSummary = z.object({
  id: z.uuid(),
  year: z.number().int(),
  name: z.string(),
  publishedVersion: z.number().int().nullable(),
  draftVersion: z.number().int().nullable(),
  indicatorCount: z.number().int(),
  groupCount: z.number().int(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type SchemeSummary = z.infer<typeof SchemeSummary>;

export const VersionInfo = z.object({
  no: z.number().int(),
  status: VersionStatus,
  digest: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  /** Who created the version (a draft) and who published it. */
  by: z.string().nullable(),
  publishedBy: z.string().nullable(),
  version: z.number().int(),
  indicatorCount: z.number().int(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const SchemeDetail = SchemeSummary.extend({ versions: z.array(VersionInfo) });
export type SchemeDetail = z.infer<typeof SchemeDetail>;

export const ReportIssue = z.object({
  code: z.string(),
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  /** Where it is, for people: 乡镇 · 经济发展 · 一般公共预算收入. */
  label: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ReportIssue = z.infer<typeof ReportIssue>;

export const GroupBurden = z.object({
  groupId: z.string(),
  groupName: z.string(),
  units: z.number().int(),
  indicators: z.number().int(),
  featureIndicators: z.number().int(),
  /** Process-node reports a unit of the group files in the year. */
  nodeReports: z.number().int(),
  yearEndReports: z.number().int(),
  /** nodeReports + yearEndReports. */
  reports: z.number().int(),
  /** Uploads of required evidence (one per report of an indicator whose evidence is required). */
  evidenceUploads: z.number().int(),
  message: z.string(),
});
export type GroupBurden = z.infer<typeof GroupBurden>;

export const ValidationReport = z.object({
  errors: z.array(ReportIssue),
  warnings: z.array(ReportIssue),
  burden: z.array(GroupBurden),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const SchemeVersionView = z.object({
  schemeId: z.uuid(),
  year: z.number().int(),
  versionNo: z.number().int(),
  status: VersionStatus,
  version: z.number().int(),
  /** The scheme document (docs/schemes.md); normalised: engine defaults filled in. */
  document: StoredDocument,
  digest: z.string().nullable(),
});
export type SchemeVersionView = z.infer<typeof SchemeVersionView>;

export const DraftSaved = SchemeVersionView.extend({ report: ValidationReport });
export type DraftSaved = z.infer<typeof DraftSaved>;

export const SchemeList = z.object({ items: z.array(SchemeSummary) });

export const CreateScheme = z.object({
  year: z.number().int().min(2000).max(2100),
  name: text(100),
  copyFromYear: z.number().int().min(2000).max(2100).optional(),
});
export type CreateScheme = z.infer<typeof CreateScheme>;

/** Issue 15: a new year from a template; `groups` maps every template group to a county group code, or null (drop). */
export const CreateFromTemplate = z.object({
  templateId: z.string().trim().min(1).max(64),
  year: z.number().int().min(2000).max(2100),
  name: text(100),
  groups: z.record(z.string().min(1).max(64), z.string().trim().min(1).max(64).nullable()),
  /** A template with a comprehensive evaluation: keep it (ballots needed at year end) or drop it; no default. */
  evaluation: z.enum(['keep', 'drop']).optional(),
});
export type CreateFromTemplate = z.infer<typeof CreateFromTemplate>;

export const SchemeTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  fromYear: z.number().int(),
  /** Whether the template has a comprehensive evaluation (the office then chooses to keep or drop it). */
  hasEvaluation: z.boolean(),
  groups: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['township', 'department']),
      indicators: z.number().int(),
    }),
  ),
});
export type SchemeTemplate = z.infer<typeof SchemeTemplate>;
export const SchemeTemplateList = z.object({ items: z.array(SchemeTemplate) });

export const SaveDraft = z.object({
  version: z.number().int().min(1),
  /** Checked against the scheme document schema in the service (so every path is reported). */
  document: z.record(z.string(), z.unknown()),
  note: z.string().trim().max(500).optional(),
});
export type SaveDraft = z.infer<typeof SaveDraft>;

/** R25: the office's decision on each of last year's flagged indicators (docs/units.md, docs/schemes.md). */
export const ReviewDecisions = z.object({
  version: z.number().int().min(1),
  decisions: z
    .array(
      z.object({
        indicatorId: z.string().min(1).max(100),
        decision: z.enum(['keep', 'adjust', 'drop']),
        note: z.string().trim().max(200).optional(),
      }),
    )
    .min(1)
    .max(2000),
});
export type ReviewDecisions = z.infer<typeof ReviewDecisions>;

export const Publish = z.object({ version: z.number().int().min(1), note: z.string().trim().max(500).optional() });
export type Publish = z.infer<typeof Publish>;

export const VersionParams = z.object({ id: z.uuid(), no: z.coerce.number().int().min(1) });

const versionRef = z
  .string()
  .regex(/^[0-9a-fA-F-]{36}:\d+$/)
  .transform((v) => {
    const i = v.lastIndexOf(':');
    return { schemeId: v.slice(0, i), versionNo: Number(v.slice(i + 1)) };
  });
export const DiffQuery = z.object({ from: versionRef, to: versionRef });
export type DiffQuery = z.infer<typeof DiffQuery>;

export const FieldChange = z.object({
  field: z.string(),
  label: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const IndicatorChange = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  groupId: z.string(),
  groupName: z.string(),
  blockId: z.string(),
  blockName: z.string(),
  indicatorId: z.string(),
  name: z.string(),
  points: z.number().nullable(),
  fields: z.array(FieldChange),
  sentence: z.string(),
});
export type IndicatorChange = z.infer<typeof IndicatorChange>;

export const RuleChange = z.object({
  area: z.enum([
    'bonus',
    'deductions',
    'vetoes',
    'tiering',
    'composite',
    'evaluation',
    'discipline',
    'ranking',
    'blocks',
    'groups',
    'resultsUse',
    'rollUps',
    'general',
  ]),
  change: z.enum(['added', 'removed', 'changed']),
  ref: z.string(),
  fields: z.array(FieldChange),
  sentence: z.string(),
});
export type RuleChange = z.infer<typeof RuleChange>;

export const SchemeDiff = z.object({
  from: z.object({
    schemeId: z.uuid(),
    year: z.number().int(),
    versionNo: z.number().int(),
    digest: z.string().nullable(),
  }),
  to: z.object({
    schemeId: z.uuid(),
    year: z.number().int(),
    versionNo: z.number().int(),
    digest: z.string().nullable(),
  }),
  summary: z.object({
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    rules: z.number().int(),
  }),
  indicators: z.array(IndicatorChange),
  rules: z.array(RuleChange),
  sentences: z.array(z.string()),
});
export type SchemeDiff = z.infer<typeof SchemeDiff>;

export const PreviewSample = z
  .object({
    unit: z.string().trim().max(64).optional(),
    actual: z.number().finite().optional(),
    value: z.number().finite().optional(),
    target: z.number().finite().optional(),
    baseline: z.number().finite().optional(),
    grade: z.string().max(32).optional(),
    score: z.number().finite().optional(),
    reason: z.string().max(500).optional(),
    inputs: z.record(z.string(), z.number().finite()).optional(),
    events: z
      .array(
        z.object({
          item: z.string().optional(),
          count: z.number().int().min(0).default(1),
          repeat: z.boolean().default(false),
        }),
      )
      .max(50)
      .optional(),
    nodes: z
      .array(
        z.object({
          id: z.string().min(1),
          light: z.enum(['green', 'yellow', 'red']).optional(),
          fraction: z.number().min(0).max(1).optional(),
        }),
      )
      .max(60)
      .optional(),
    upper: z
      .object({
        score: z.number().finite().optional(),
        max: z.number().positive().optional(),
        rank: z.number().int().min(1).optional(),
      })
      .optional(),
  })
  .strict();
export type PreviewSample = z.infer<typeof PreviewSample>;

// Checked in the service so that every bad path is reported; typed for clients as what they send.
const CheckedLater = <I>() => z.record(z.string(), z.unknown()) as unknown as z.ZodType<Record<string, unknown>, I>;
export const PreviewRequest = z.object({
  /** An engine indicator (docs/engine-format.md); checked by the engine so every path is reported. */
  indicator: CheckedLater<IndicatorInput>(),
  meta: CheckedLater<IndicatorMetaInput>().optional(),
  samples: z.array(PreviewSample).min(1).max(50),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const PreviewResult = z.object({
  indicatorId: z.string(),
  points: z.number(),
  method: z.string(),
  samples: z.array(
    z.object({
      unit: z.string(),
      score: z.number(),
      points: z.number(),
      status: z.string(),
      raw: z.number().nullable(),
      steps: z.array(z.string()),
    }),
  ),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

/** 基于已发布版本新建草稿: an optional note on why. */
export const NewVersionBody = z.object({ note: z.string().trim().max(500).optional() }).optional();
