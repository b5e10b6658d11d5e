import { z } from 'zod';
import { ACCOUNTABILITY_SCOPES } from '../../enums';
import { Year } from '../records/schemas';

export { ACCOUNTABILITY_SCOPES };

export const SettingsQuery = z.object({ year: Year });

export const YearSettings = z.object({
  year: z.number().int(),
  /** The window in force (the setting, or the default). */
  appealWindowDays: z.number().int(),
  /** What the office set (null = default). */
  appealWindowDaysSet: z.number().int().nullable(),
  tierCoefficients: z.record(z.string(), z.number()).nullable(),
  version: z.number().int(),
});
export type YearSettings = z.infer<typeof YearSettings>;

export const UpdateSettings = z.object({
  year: Year,
  version: z.number().int().min(0),
  // Days from the first publication. Up to 9999 so that the office can reopen a past year's appeals (the e2e
  // opens the demo's 2018, published 2019-01-15, this way); the usual value is 7.
  appealWindowDays: z.number().int().min(0).max(9999).nullable().optional(),
  tierCoefficients: z.record(z.string().min(1).max(64), z.number().min(0).max(10)).nullable().optional(),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

const UnitRef = {
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  rank: z.number().int(),
  composite: z.number(),
  tier: z.string(),
  tierName: z.string(),
  tierIndex: z.number().int(),
};
/** accountability: 'fullMarks' (default) lists the owners of indicators that gave every unit full marks; 'flagged' every flagged one. */
export const UseQuery = z.object({ year: Year, accountability: z.enum(ACCOUNTABILITY_SCOPES).default('fullMarks') });

export const ResultsUseBody = z.object({
  year: z.number().int(),
  snapshotSeq: z.number().int(),
  coefficients: z.array(
    z.object({ ...UnitRef, coefficient: z.number(), source: z.enum(['setting', 'scheme', 'default']) }),
  ),
  awards: z.object({
    eligible: z.array(z.object(UnitRef)),
    excluded: z.array(z.object({ ...UnitRef, reason: z.enum(['vetoed', 'downgraded']), detail: z.string() })),
  }),
  accountability: z.object({
    lowestTier: z.array(z.object(UnitRef)),
    repeatedBottom: z.array(
      z.object({
        ...UnitRef,
        ruleId: z.string(),
        action: z.string(),
        years: z.array(z.object({ year: z.number().int(), tier: z.string() })),
      }),
    ),
    nonDiscriminating: z.array(
      z.object({
        groupId: z.string(),
        groupName: z.string(),
        indicatorId: z.string(),
        indicatorName: z.string(),
        assessorId: z.string().nullable(),
        assessorName: z.string().nullable(),
        fullMarkRate: z.number(),
        severity: z.string(),
        reasons: z.array(z.string()),
      }),
    ),
    scope: z.enum(ACCOUNTABILITY_SCOPES),
    flaggedCount: z.number().int(),
    fullMarksCount: z.number().int(),
    headline: z.string(),
    headlineEn: z.string(),
  }),
});
export type ResultsUseBody = z.infer<typeof ResultsUseBody>;

export const EXPORT_KINDS = ['coefficients', 'awards', 'accountability', 'cadres'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
/** 导出结果运用: which list (bonus coefficients, award eligibility, accountability, cadre files). */
export const UseExportQuery = UseQuery.extend({ kind: z.enum(EXPORT_KINDS) });
