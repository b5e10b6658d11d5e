import { z } from 'zod';
import { Year } from '../records/schemas';

export const FeedbackQuery = z.object({
  year: Year,
  /** Office and leaders name the unit; a unit account always gets its own. */
  unitId: z.uuid().optional(),
});
export type FeedbackQuery = z.infer<typeof FeedbackQuery>;

export const SnapshotRef = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  publishedAt: z.string(),
  reason: z.string().nullable(),
});

export const HistoryEntry = z.object({
  year: z.number().int(),
  rank: z.number().int().nullable(),
  groupSize: z.number().int().nullable(),
  composite: z.number().nullable(),
  tier: z.string(),
  tierName: z.string(),
  tierIndex: z.number().int().nullable(),
  tierCount: z.number().int().nullable(),
  /** 'platform': a published year; 'history': a year before the platform (result_history). */
  source: z.enum(['platform', 'history']),
});

export const RedLights = z.object({
  current: z.array(
    z.object({ indicatorId: z.string(), nodeId: z.string(), light: z.string(), reason: z.string(), due: z.string() }),
  ),
  items: z.array(
    z.object({
      id: z.uuid(),
      source: z.string(),
      indicatorId: z.string().nullable(),
      title: z.string(),
      openedOn: z.string(),
      status: z.string(),
    }),
  ),
  turnedRed: z.number().int(),
});

const IndicatorRow = z.object({
  id: z.string(),
  name: z.string(),
  blockId: z.string(),
  blockName: z.string(),
  points: z.number(),
  score: z.number(),
  average: z.number(),
  best: z.number(),
  lost: z.number(),
  gapToBest: z.number(),
  status: z.string(),
  method: z.string(),
  raw: z.number().nullable(),
  note: z.string().nullable(),
});

export const Feedback = z.object({
  year: z.number().int(),
  snapshot: SnapshotRef,
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), groupId: z.string(), groupName: z.string() }),
  result: z.object({
    composite: z.number(),
    indicatorTotal: z.number(),
    evaluation: z.number().nullable(),
    bonus: z.number(),
    deductions: z.number(),
    rankChange: z.number(),
    rank: z.number().int(),
    groupSize: z.number().int(),
    tier: z.string(),
    tierName: z.string(),
    naturalTier: z.string(),
    naturalTierName: z.string(),
    vetoes: z.array(z.string()),
    flags: z.array(z.string()),
    consequences: z.array(z.string()),
    award: z.boolean(),
  }),
  group: z.object({ average: z.number(), best: z.number() }),
  blocks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      score: z.number(),
      max: z.number(),
      average: z.number(),
      best: z.number(),
    }),
  ),
  indicators: z.array(IndicatorRow),
  lostPoints: z.array(IndicatorRow),
  adjustments: z.array(
    z.object({
      kind: z.string(),
      ruleId: z.string(),
      ruleName: z.string().nullable(),
      recordId: z.string().nullable(),
      recordTitle: z.string().nullable(),
      level: z.string().nullable(),
      points: z.number(),
      counted: z.boolean(),
      /** The engine's note (English), a fallback. */
      note: z.string(),
      /** The scheme's own name of the record's level (levelNames: 省部级), when it gives one. */
      levelName: z.string().nullable(),
      /**
       * What the line is, for wording it: record | cap | lights | veto | discipline | outside | measured (a measured
       * value against thresholds) | rankPlace (a sub-unit's place in another ranking) | assessor (the unit's own
       * scoring as an assessor) | note.
       */
      detail: z.object({
        type: z.enum([
          'record',
          'cap',
          'lights',
          'veto',
          'discipline',
          'outside',
          'measured',
          'rankPlace',
          'assessor',
          'note',
        ]),
        count: z.number().optional(),
        scope: z.enum(['category', 'bonus', 'limit', 'shared']).optional(),
        limit: z.number().optional(),
        from: z.number().optional(),
        to: z.number().optional(),
        color: z.enum(['yellow', 'red']).optional(),
        every: z.number().optional(),
        per: z.number().optional(),
        effect: z.enum(['lowestTier', 'barTopTiers', 'fixedDeduction']).optional(),
        n: z.number().optional(),
        points: z.number().optional(),
        steps: z.number().optional(),
        first: z.boolean().optional(),
        /** measured: the indicator's name, the value read, its direction and each band's units at its rate. */
        indicator: z.string().optional(),
        value: z.number().optional(),
        direction: z.enum(['below', 'above']).optional(),
        bands: z
          .array(
            z.object({
              from: z.number(),
              to: z.number().nullable(),
              units: z.number(),
              rate: z.number(),
              lost: z.number(),
            }),
          )
          .optional(),
        /** rankPlace: the sub-unit, its place of the ranking's size in the period, the bottom places the rule reads. */
        subUnit: z.string().optional(),
        place: z.number().optional(),
        size: z.number().optional(),
        period: z.string().optional(),
        bottom: z.number().optional(),
        /** assessor: the measure, its value, the rule's bounds and the number of scores the unit gave. */
        measure: z.string().optional(),
        above: z.number().optional(),
        below: z.number().optional(),
        given: z.number().optional(),
      }),
    }),
  ),
  steps: z.array(z.object({ step: z.string(), detail: z.string() })),
  history: z.array(HistoryEntry),
  redLights: RedLights,
});
export type Feedback = z.infer<typeof Feedback>;

export const PublishedYears = z.object({
  years: z.array(z.object({ year: z.number().int(), seq: z.number().int(), publishedAt: z.string() })),
});
