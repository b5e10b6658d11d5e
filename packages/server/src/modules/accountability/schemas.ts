import { z } from 'zod';

/** What the office should look at without any rule (accountability/service.ts concernsOf, docs/accountability.md). */
export const CONCERNS = ['fullMarks', 'uniform', 'corrected', 'dataChanged', 'generous'] as const;

export const AccountabilityQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const AssessorRow = z.object({
  /** The assessor's unit code (the engine's unit id). */
  assessorId: z.string(),
  assessorName: z.string(),
  scores: z.number().int(),
  fullMarks: z.number().int(),
  fullMarkShare: z.number(),
  distinctShare: z.number(),
  cv: z.number(),
  mean: z.number(),
  corrections: z.number().int(),
  dataDifferences: z.number().int(),
  sharedUnits: z.number().int(),
  sharedGap: z.number(),
  concerns: z.array(z.enum(CONCERNS)),
  sentence: z.string(),
  sentenceEn: z.string(),
  /** What the year's `assessor` deduction rules did to this unit's own assessment. */
  ruleHits: z.array(z.object({ ruleId: z.string(), ruleName: z.string(), points: z.number(), note: z.string() })),
});
export type AssessorRow = z.infer<typeof AssessorRow>;

export const AccountabilityView = z.object({
  years: z.array(z.object({ year: z.number().int(), snapshotSeq: z.number().int(), assessors: z.array(AssessorRow) })),
  thresholds: z.object({
    minScores: z.number(),
    fullMarkShare: z.number(),
    cv: z.number(),
    sharedGap: z.number(),
  }),
});
export type AccountabilityView = z.infer<typeof AccountabilityView>;
