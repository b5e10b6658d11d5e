import { z } from 'zod';

const PERIOD_VALUES = ['month', 'quarter', 'half', 'year'] as const;

export const PeriodQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  period: z.enum(PERIOD_VALUES),
  /** 1–12 for a month, 1–4 for a quarter, 1–2 for a half-year, 1 for the year. */
  index: z.coerce.number().int().min(1).max(12).default(1),
});
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const ListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

const RedPicture = z.object({
  indicators: z.number().int(),
  indicatorUnits: z.number().int(),
  nodes: z.number().int(),
  nodeUnits: z.number().int(),
  sentence: z.string(),
  sentenceEn: z.string(),
});

const Counts = { redNodes: z.number().int(), cityRedNodes: z.number().int(), overdueAnswers: z.number().int() };

export const CommitteeReport = z.object({
  year: z.number().int(),
  period: z.enum(PERIOD_VALUES),
  index: z.number().int(),
  /** 2019年第二季度 */
  label: z.string(),
  from: z.string(),
  to: z.string(),
  /** The day the figures stand on: the period's end, or the county-year's today while the period runs. */
  asOf: z.string(),
  county: z.object({
    name: z.string(),
    issuingOrgan: z.string(),
    docNumberPattern: z.string(),
    signatureOrgan: z.string(),
  }),
  stages: z.object({
    /** Index of the first stage not finished (-1: all finished). */
    current: z.number().int(),
    steps: z.array(
      z.object({ step: z.enum(['scheme', 'process', 'evaluation', 'yearEnd', 'publish']), done: z.boolean() }),
    ),
    schemePublished: z.number().int().nullable(),
    reports: z.object({
      draft: z.number().int(),
      submitted: z.number().int(),
      returned: z.number().int(),
      approved: z.number().int(),
    }),
    lights: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
    redLightItems: z.object({ open: z.number().int(), answered: z.number().int(), closed: z.number().int() }),
    resultsPublished: z.boolean(),
  }),
  redLights: z.object({
    city: RedPicture,
    county: RedPicture,
    cityItems: z.array(
      z.object({
        code: z.string(),
        indicatorName: z.string(),
        nodeName: z.string(),
        day: z.string(),
        units: z.array(z.string()),
      }),
    ),
    countyItems: z.array(
      z.object({
        indicatorId: z.string(),
        indicatorName: z.string(),
        nodes: z.number().int(),
        units: z.array(z.string()),
      }),
    ),
  }),
  laggards: z.array(
    z.object({ unitName: z.string(), groupName: z.string(), ...Counts, overdueSupervision: z.number().int() }),
  ),
  overdueAnswers: z.array(
    z.object({
      unitName: z.string(),
      title: z.string(),
      source: z.string(),
      answerDue: z.string(),
      status: z.string(),
    }),
  ),
  overdueSupervision: z.array(
    z.object({
      unitName: z.string(),
      title: z.string(),
      deadline: z.string(),
      progress: z.number(),
      status: z.string(),
    }),
  ),
  evaluation: z.object({ status: z.string(), used: z.number().int(), total: z.number().int() }).nullable(),
  /** The attachment: every unit with something to report. */
  table: z.array(
    z.object({ unitName: z.string(), groupName: z.string(), ...Counts, overdueSupervision: z.number().int() }),
  ),
});
export type CommitteeReport = z.infer<typeof CommitteeReport>;

export const CommitteeReportInfo = z.object({
  id: z.string(),
  year: z.number().int(),
  period: z.enum(PERIOD_VALUES),
  index: z.number().int(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
  issuedOn: z.string(),
  seq: z.number().int(),
  docNumber: z.string(),
});
export type CommitteeReportInfo = z.infer<typeof CommitteeReportInfo>;
export const CommitteeReportList = z.object({ items: z.array(CommitteeReportInfo) });
