import type { DiagnosticsResult, SensitivityResult, UnitExplanation } from '@yardstick/engine';
import { z } from 'zod';
import type { WhatIfView } from './whatif-view';
import { Year } from '../records/schemas';
import { BLOCKER_KINDS } from '../../enums';

export const YearParams = z.object({ year: Year });
export const SnapshotParams = z.object({ year: Year, id: z.uuid() });
export const UnitParams = z.object({ year: Year, unitCode: z.string().trim().min(1).max(64) });

export const SourceQuery = z.object({ source: z.enum(['preview', 'published']).default('published') });
/** The diagnostics' thresholds (docs/scoring.md §11); each defaults to the engine's documented default. */
export const DiagnosticsQuery = SourceQuery.extend({
  fullMarkThreshold: z.coerce.number().min(0).max(1).optional(),
  distinctShareThreshold: z.coerce.number().min(0).max(1).optional(),
  cvThreshold: z.coerce.number().min(0).max(10).optional(),
  minUnits: z.coerce.number().int().min(1).max(1000).optional(),
});
export const SensitivityQuery = SourceQuery.extend({
  runs: z.coerce.number().int().min(10).max(5000).default(500),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
  spread: z.coerce.number().min(0).max(0.9).default(0.25),
});

export const ApproveBody = z.object({
  version: z.number().int().min(1),
  note: z.string().trim().max(500).nullable().optional(),
});
export const PublishBody = z.object({ version: z.number().int().min(1) });
export const CorrectionBody = z.object({
  reason: z.string().trim().min(1, { message: 'i18n:blank' }).max(500),
});
export const CorrectionParams = z.object({ year: Year, id: z.uuid() });
export const VersionBody = z.object({ version: z.number().int().min(1) });

/** The leadership group's decision of a boundary tie (modules/results/decisions.ts). */
export const TieDecisionBody = z.object({
  groupId: z.string().trim().min(1).max(64),
  tier: z.string().trim().min(1).max(64),
  /** Every tied unit's code, in the order decided (the first ones take the contested places). */
  order: z.array(z.string().trim().min(1).max(64)).min(2).max(200),
  meetingDate: z.iso.date(),
  minutesRef: z.string().trim().min(1, { message: 'i18n:blank' }).max(200),
  note: z.string().trim().max(500).nullable().optional(),
});

export const TieDecisionView = z.object({
  id: z.uuid(),
  groupId: z.string(),
  groupName: z.string(),
  tier: z.string(),
  tierName: z.string(),
  score: z.number(),
  order: z.array(z.object({ unitCode: z.string(), unitName: z.string() })),
  meetingDate: z.string(),
  minutesRef: z.string(),
  note: z.string().nullable(),
  decidedAt: z.string(),
  status: z.enum(['applied', 'stale']),
  version: z.number().int(),
});

export const Blocker = z.object({
  kind: z.enum(BLOCKER_KINDS),
  unitCode: z.string().optional(),
  unitName: z.string().optional(),
  indicatorId: z.string().optional(),
  indicatorName: z.string().optional(),
  nodeId: z.string().optional(),
  status: z.string().optional(),
  groupId: z.string().optional(),
  detail: z.string().optional(),
  /** recordUnmatched: the record (unit, rule/category, level, date, document) and what the scheme lacks. */
  record: z
    .object({
      id: z.string(),
      kind: z.string(),
      ruleId: z.string().nullable(),
      level: z.string().nullable(),
      issuedOn: z.string().nullable(),
      documentNo: z.string().nullable(),
      title: z.string(),
      problem: z.object({ 'zh-CN': z.string(), en: z.string() }),
    })
    .optional(),
});

export const SnapshotInfo = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  digest: z.string(),
  engineVersion: z.string(),
  schemeVersionId: z.string().nullable(),
  reason: z.string().nullable(),
  supersedesId: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});

/** The blockers counted by unit and by indicator, the most first, with whom to chase (the unit, the assessor). */
export const BlockerSummary = z.object({
  units: z.number().int(),
  indicators: z.number().int(),
  byUnit: z.array(z.object({ unitCode: z.string(), unitName: z.string(), count: z.number().int() })),
  byIndicator: z.array(
    z.object({
      indicatorId: z.string(),
      indicatorName: z.string(),
      ownerCode: z.string().nullable(),
      ownerName: z.string().nullable(),
      count: z.number().int(),
    }),
  ),
});

export const ReviewView = z.object({
  year: z.number().int(),
  status: z.enum(['none', 'computed', 'approved', 'published']),
  published: z.boolean(),
  review: z
    .object({
      id: z.uuid(),
      status: z.string(),
      inputsDigest: z.string(),
      schemeVersionNo: z.number().int().nullable(),
      computedAt: z.string(),
      computedBy: z.string().nullable(),
      approvedAt: z.string().nullable(),
      approvedBy: z.string().nullable(),
      approvalNote: z.string().nullable(),
      version: z.number().int(),
      publishable: z.boolean(),
      inputsChanged: z.boolean(),
      blockerCount: z.number().int(),
      blockerCounts: z.record(z.string(), z.number().int()),
    })
    .nullable(),
  blockers: z.array(Blocker),
  blockerSummary: BlockerSummary,
  snapshots: z.array(SnapshotInfo),
  tieDecisions: z.array(TieDecisionView),
});

const UnitStanding = z.object({ composite: z.number(), rank: z.number(), tier: z.string(), tierName: z.string() });
export const Correction = z.object({
  id: z.uuid(),
  year: z.number().int(),
  status: z.enum(['draft', 'approved', 'published', 'discarded']),
  reason: z.string(),
  appealIds: z.array(z.string()),
  baseSnapshotId: z.uuid(),
  baseSeq: z.number().int().nullable(),
  preparedAt: z.string(),
  preparedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvalNote: z.string().nullable(),
  snapshotId: z.string().nullable(),
  closedAt: z.string().nullable(),
  changes: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      groupId: z.string(),
      groupName: z.string(),
      before: UnitStanding.nullable(),
      after: UnitStanding.nullable(),
    }),
  ),
  blockers: z.array(Blocker),
  inputsChanged: z.boolean(),
  version: z.number().int(),
});
export const CorrectionList = z.object({ items: z.array(Correction) });

export const YearSummary = z.object({
  year: z.number().int(),
  schemePublished: z.boolean(),
  status: z.enum(['none', 'computed', 'approved', 'published']),
  publishedSeq: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
});
export const YearList = z.object({ items: z.array(YearSummary) });

export const ComputeOutcome = z.object({
  year: z.number().int(),
  status: z.enum(['none', 'computed', 'approved', 'published']),
  inputsDigest: z.string(),
  publishable: z.boolean(),
  blockers: z.array(Blocker),
  unitCount: z.number().int(),
});

export const PublishedSnapshot = z.object({
  id: z.uuid(),
  year: z.number().int(),
  seq: z.number().int(),
  digest: z.string(),
  reason: z.string().nullable(),
  supersedesId: z.string().nullable(),
});

export const Verification = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  ok: z.boolean(),
  storedDigest: z.string(),
  computedDigest: z.string(),
  reproducible: z.boolean().nullable(),
});

const RankingRow = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  rank: z.number(),
  indicatorTotal: z.number(),
  evaluation: z.number().nullable(),
  bonus: z.number(),
  deductions: z.number(),
  rankChange: z.number(),
  composite: z.number(),
  tier: z.string(),
  tierName: z.string(),
  tierIndex: z.number(),
  naturalTier: z.string(),
  naturalTierName: z.string(),
  overridden: z.boolean(),
  vetoes: z.array(z.string()),
  vetoNames: z.array(z.string()),
  downgraded: z.boolean(),
  flags: z.array(z.string()),
  tie: z.boolean(),
  award: z.boolean(),
  consequences: z.array(z.string()),
  coefficient: z.number().nullable(),
  status: z.string(),
});

export const RankingView = z.object({
  year: z.number().int(),
  source: z.enum(['preview', 'published']),
  snapshot: z.object({ id: z.string(), seq: z.number().int(), digest: z.string(), publishedAt: z.string() }).nullable(),
  publishable: z.boolean(),
  tiers: z.array(z.object({ id: z.string(), name: z.string() })),
  groups: z.array(
    z.object({
      groupId: z.string(),
      name: z.string(),
      unitCount: z.number().int(),
      quotas: z.array(
        z.object({ tier: z.string(), tierName: z.string(), quota: z.number().nullable(), filled: z.number() }),
      ),
      ties: z.array(
        z.object({
          tier: z.string(),
          tierName: z.string(),
          places: z.number(),
          unitCodes: z.array(z.string()),
          policy: z.string(),
          resolution: z.string(),
          needsDecision: z.boolean(),
          score: z.number().nullable(),
          decision: z
            .object({
              id: z.string(),
              order: z.array(z.string()),
              date: z.string().nullable(),
              ref: z.string().nullable(),
            })
            .nullable(),
        }),
      ),
      rows: z.array(RankingRow),
    }),
  ),
});

/**
 * Engine analysis output (diagnostics, sensitivity, what-if, explanations): documented in docs/results.md. Typed where it is made (the engine's DiagnosticsResult, SensitivityResult, UnitExplanation; views.ts WhatIfView);
 * not re-validated on the way out (large, and the engine's own schema-free output), but documented as an object.
 */
export const EngineOutput = z.any().meta({ type: 'object', description: 'engine output (docs/results.md)' });
/** One engine output, typed for the clients as what the engine makes (still passed through unparsed). */
function engineOutput<T>(description: string): z.ZodType<T> {
  return z.any().meta({ type: 'object', description }) as unknown as z.ZodType<T>;
}
export const DiagnosticsOutput = engineOutput<DiagnosticsResult>('诊断分析（docs/results.md）');
export const SensitivityOutput = engineOutput<SensitivityResult>('敏感性分析（docs/results.md）');
export const WhatIfOutput = engineOutput<WhatIfView>('按去年方案重算（docs/results.md）');
export const UnitExplanationOutput = engineOutput<UnitExplanation>('单位得分说明（docs/results.md）');
