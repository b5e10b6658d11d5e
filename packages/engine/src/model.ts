/**
 * The scheme (考核方案) and the dataset as data: zod schemas and the types inferred from them.
 * Every parameter of the scoring method lives here, so last year's rules can be replayed on this
 * year's data. Names follow the glossary in PRODUCT.md §3.
 */
import { z } from 'zod';
import { TieDecisionSchema } from './decisions';
import { ASSESSOR_MEASURES, ELIGIBILITY_KINDS } from './enums';

export { ASSESSOR_MEASURES, DEDUCTION_AMOUNT_KINDS, ELIGIBILITY_KINDS, type AssessorMeasureName } from './enums';

// ---------------------------------------------------------------------------------------------
// Shared small pieces
// ---------------------------------------------------------------------------------------------

export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const MISSING_POLICIES = ['zero', 'exclude', 'block'] as const;
/** What happens when a unit has no data for an indicator: score 0, drop it and renormalise, or block publication. */
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

export const ROUNDING_RULES = ['halfUp', 'floor', 'ceil'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

export const TIE_POLICIES = ['tieBreak', 'allIn', 'allOut', 'flag'] as const;
export type TiePolicy = (typeof TIE_POLICIES)[number];

export const OVERRIDE_ORDERS = ['beforeQuota', 'afterQuota'] as const;
export type OverrideOrder = (typeof OVERRIDE_ORDERS)[number];

export const METHOD_KINDS = [
  'ratio',
  'steps',
  'goalposts',
  'topRatio',
  'rank',
  'deduction',
  'grade',
  'binary',
  'marginal',
  'upper',
  'manual',
  'formula',
] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

const id = z.string().min(1, { message: 'must not be empty' });
const finite = z.number().finite();
const nonNeg = finite.min(0);
const positive = finite.gt(0);
/** A calendar date, `YYYY-MM-DD` (compared as text, which orders ISO dates correctly). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine((d) => isCalendarDate(d), { message: 'must be a real calendar date' });

/** Whether `YYYY-MM-DD` names a real day (no 2019-02-30). Pure arithmetic, no clock. */
export function isCalendarDate(d: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const day = Number(m[3]);
  if (mo < 1 || mo > 12 || day < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const len = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 31;
  return day <= len;
}
const fraction = finite.min(0).max(1);

/**
 * A threshold with an explicit bound: "以上/以下/达到" include it (default), "超过/低于/不足" exclude it.
 * A bare number means an inclusive bound.
 */
export const ThresholdSchema = z.union([
  finite.transform((value) => ({ value, inclusive: true })),
  z.object({ value: finite, inclusive: z.boolean().default(true) }).strict(),
]);
export type Threshold = z.output<typeof ThresholdSchema>;

// ---------------------------------------------------------------------------------------------
// Scoring methods (§4.1). Each scores one unit × indicator in [0, points] unless `uncapped`.
// ---------------------------------------------------------------------------------------------

/** 完成率: actual/target (higher) or target/actual (lower), with baseline, floor, cap, zero-below, or ±k per point. */
export const RatioMethodSchema = z
  .object({
    kind: z.literal('ratio'),
    direction: z.enum(DIRECTIONS).default('higher'),
    /** Default target; a unit's own target in `unitParams[unitId].target` wins. */
    target: positive.optional(),
    /** Progress measured from a baseline: (actual − baseline) / (target − baseline). */
    baseline: finite.optional(),
    /** 'proportional': points × ratio; 'perPoint': full at target, ±k points per percentage point. */
    mode: z.enum(['proportional', 'perPoint']).default('proportional'),
    /** perPoint mode: points gained per percentage point above target (0 = capped at full). */
    perPointAbove: nonNeg.default(0),
    /** perPoint mode: points lost per percentage point below target (e.g. 0.5, or 1 per 2% = 0.5). */
    perPointBelow: nonNeg.default(1),
    /** Lowest credited ratio (e.g. 0.6 gives at least 60% of points once the threshold is met). */
    floor: fraction.default(0),
    /** Highest credited ratio (1 = capped at full points); ignored when uncapped. */
    cap: positive.default(1),
    /** Ratio below this threshold scores zero (e.g. {value: 0.6} = below 60% → 0). */
    zeroBelow: ThresholdSchema.optional(),
    /** 得分不封顶: no cap at `points` for this indicator. */
    uncapped: z.boolean().default(false),
  })
  .strict();

/** 阶梯: breakpoints (x → fraction of points). 'linear' interpolates; 'step' takes the highest reached band. */
export const StepsMethodSchema = z
  .object({
    kind: z.literal('steps'),
    mode: z.enum(['linear', 'step']).default('linear'),
    points: z
      .array(z.object({ at: finite, value: finite, inclusive: z.boolean().default(true) }).strict())
      .min(1, { message: 'must have at least 1 breakpoint' }),
  })
  .strict();

/** Fixed goalposts: (x − lo) / (hi − lo), truncated to [0, 1]; the same ruler every year. */
export const GoalpostsMethodSchema = z
  .object({ kind: z.literal('goalposts'), direction: z.enum(DIRECTIONS).default('higher'), lo: finite, hi: finite })
  .strict();

/** Share of the best unit in the group: x / max (higher) or min / x (lower). */
export const TopRatioMethodSchema = z
  .object({ kind: z.literal('topRatio'), direction: z.enum(DIRECTIONS).default('higher') })
  .strict();

/** 位次法: first place full, minus a step per place (percent of base or points), floored; sport ranking for ties. */
export const RankMethodSchema = z
  .object({
    kind: z.literal('rank'),
    direction: z.enum(DIRECTIONS).default('higher'),
    step: nonNeg,
    stepUnit: z.enum(['percent', 'points']).default('percent'),
    /** Lowest score as a fraction of points. */
    floor: fraction.default(0),
  })
  .strict();

/** 扣分制: points − Σ penalties, not below zero; items with own step and limit; repeats multiplied. */
export const DeductionMethodSchema = z
  .object({
    kind: z.literal('deduction'),
    /** Penalty per occurrence when the data gives a bare count. */
    perOccurrence: nonNeg.default(1),
    items: z.array(z.object({ id, step: nonNeg, limit: nonNeg.optional() }).strict()).default([]),
    /** Penalties of a repeated occurrence are multiplied (2 = doubled). */
    repeatMultiplier: positive.default(1),
    /** Overall limit of the penalty (defaults to the indicator's points). */
    limit: nonNeg.optional(),
  })
  .strict();

/** 等次: a grade letter mapped to a fraction of points. */
export const GradeMethodSchema = z
  .object({ kind: z.literal('grade'), grades: z.record(z.string().min(1), fraction) })
  .strict();

/** 完成/未完成: done → full, not done → `partial` of points. */
export const BinaryMethodSchema = z.object({ kind: z.literal('binary'), partial: fraction.default(0) }).strict();

/** Which side of the thresholds a marginal method penalises: a rate under 96% ('below'), an accident rate over 2‰ ('above'). */
export const MARGINAL_DIRECTIONS = ['below', 'above'] as const;
/**
 * How a marginal method's bands combine: 'marginal' — each band's rate applies to the stretch between its threshold
 * and the next (like tax brackets); 'flat' — the deepest band reached applies its rate to the whole distance from the
 * first threshold. Schemes word this differently, so the office states it; there is no default.
 */
export const MARGINAL_MODES = ['marginal', 'flat'] as const;
/** How a part of `per` counts: in proportion, only whole units (不足…不扣), or a started unit as a whole one (不足…按…计). */
export const MARGINAL_COUNTS = ['proportional', 'whole', 'started'] as const;

/**
 * 按实测值分段扣分 (SCORING "Measured-value adjustments"): full points up to the first threshold, then `rate` points
 * lost per `per` units of the measured value beyond each threshold ("低于96%的每低1个百分点扣0.25分，低于90%的每低1个
 * 百分点扣0.5分"); optionally `bonusRate` points gained per `per` units on the good side of the first threshold, up to
 * `bonusLimit`. Without `uncapped` the score stays within [0, points]. Reads the indicator's value (or a formula's).
 */
/** The thresholds, rates and counting of a marginal method or a measured deduction rule (see MarginalMethodSchema). */
const marginalBandFields = {
  direction: z.enum(MARGINAL_DIRECTIONS),
  mode: z.enum(MARGINAL_MODES),
  /** Thresholds in the penalised direction (below: descending 96, 90; above: ascending), each with its rate. */
  bands: z.array(z.object({ from: finite, rate: nonNeg }).strict()).min(1, { message: 'must have at least 1 band' }),
  /** The measured units one rate applies to ("每低2个百分点扣1分": per 2, rate 1). */
  per: positive.default(1),
  count: z.enum(MARGINAL_COUNTS).default('proportional'),
};

export const MarginalMethodSchema = z
  .object({
    kind: z.literal('marginal'),
    ...marginalBandFields,
    /** Points gained per `per` units beyond the first threshold on the good side (0: full points at most). */
    bonusRate: nonNeg.default(0),
    /** The most the bonus adds (default: unlimited within the cap). */
    bonusLimit: nonNeg.optional(),
    /** 得分不封顶: a bonus may take the score above `points`. */
    uncapped: z.boolean().default(false),
  })
  .strict();

/** 按市考结果折算: the city's score (fraction of its max) or the county's rank in the city's table. */
export const UpperMethodSchema = z
  .object({
    kind: z.literal('upper'),
    upperId: id,
    basis: z.enum(['score', 'rank']).default('score'),
    /** basis 'rank': fraction of points for rank 1, 2, …; ranks beyond the list get the last value. */
    rankFractions: z.array(fraction).min(1).optional(),
    /** Only these units carry the city indicator; others are not assessed on it. */
    unitIds: z.array(id).optional(),
  })
  .strict();

/** An assessor's score within bounds, with a written reason. */
export const ManualMethodSchema = z
  .object({
    kind: z.literal('manual'),
    min: finite.default(0),
    /** Defaults to the indicator's points. */
    max: finite.optional(),
    requireReason: z.boolean().default(true),
  })
  .strict();

/** The scoring methods a formula's result may be handed to. */
export const BaseMethodSchema = z.discriminatedUnion('kind', [
  RatioMethodSchema,
  StepsMethodSchema,
  GoalpostsMethodSchema,
  TopRatioMethodSchema,
  RankMethodSchema,
  BinaryMethodSchema,
  MarginalMethodSchema,
]);

/**
 * A raw measure computed from named inputs and parameters by a safe expression, then scored by
 * `then` (or, without `then`, the result is the score in points, clamped to [0, points]).
 */
export const FormulaMethodSchema = z
  .object({
    kind: z.literal('formula'),
    expr: z.string().min(1, { message: 'must not be empty' }),
    /** Names of the inputs the dataset supplies in `values[].inputs`. */
    inputs: z.array(z.string().min(1)).default([]),
    then: BaseMethodSchema.optional(),
  })
  .strict();

export const MethodSchema = z.discriminatedUnion('kind', [
  RatioMethodSchema,
  StepsMethodSchema,
  GoalpostsMethodSchema,
  TopRatioMethodSchema,
  RankMethodSchema,
  DeductionMethodSchema,
  GradeMethodSchema,
  BinaryMethodSchema,
  MarginalMethodSchema,
  UpperMethodSchema,
  ManualMethodSchema,
  FormulaMethodSchema,
]);
export type Method = z.output<typeof MethodSchema>;
export type MethodInput = z.input<typeof MethodSchema>;
export type RatioMethod = z.output<typeof RatioMethodSchema>;
export type StepsMethod = z.output<typeof StepsMethodSchema>;
export type GoalpostsMethod = z.output<typeof GoalpostsMethodSchema>;
export type TopRatioMethod = z.output<typeof TopRatioMethodSchema>;
export type RankMethod = z.output<typeof RankMethodSchema>;
export type DeductionMethod = z.output<typeof DeductionMethodSchema>;
export type GradeMethod = z.output<typeof GradeMethodSchema>;
export type BinaryMethod = z.output<typeof BinaryMethodSchema>;
export type MarginalMethod = z.output<typeof MarginalMethodSchema>;
export type UpperMethod = z.output<typeof UpperMethodSchema>;
export type ManualMethod = z.output<typeof ManualMethodSchema>;
export type FormulaMethod = z.output<typeof FormulaMethodSchema>;
export type BaseMethod = z.output<typeof BaseMethodSchema>;

// ---------------------------------------------------------------------------------------------
// Indicator tree
// ---------------------------------------------------------------------------------------------

/** Process assessment (过程考核): nodes through the year. */
export const ProcessSchema = z
  .object({
    /** Share of the node part: processShare × node part + (1 − processShare) × year-end part. */
    share: fraction,
    nodes: z.array(z.object({ id, weight: positive.default(1) }).strict()).min(1),
    /** Fraction of a node's credit by light when the node has no explicit fraction. */
    greenFraction: fraction.default(1),
    yellowFraction: fraction.default(1),
    /** A red node scores this (zero by default), whatever fraction was reported. */
    redFraction: fraction.default(0),
    /** A node with no report scores this. */
    missingFraction: fraction.default(0),
  })
  .strict();
export type Process = z.output<typeof ProcessSchema>;

/** A flag on a unit that does not change its score (e.g. growth below 42% → not commendable for this item). */
export const IndicatorFlagSchema = z
  .object({
    id,
    /** What the office calls it (e.g. 覆盖率低于 42%), shown instead of the id. */
    name: z.string().optional(),
    /** Raised when the measure is below (or above) the threshold. */
    below: ThresholdSchema.optional(),
    above: ThresholdSchema.optional(),
    /**
     * Whose measure the flag tests: another indicator's raw measure (e.g. "not commendable for item X when input Y
     * is below 42%"); default the flagged indicator itself. It must be scored for the same units.
     */
    indicator: id.optional(),
    /** A named input of that indicator's value row (`values[].inputs`, a formula's input) instead of its measure. */
    input: z.string().min(1).optional(),
  })
  .strict();

export const DIFFICULTY_APPLIES = ['score', 'raw'] as const;

export interface IndicatorInput {
  id: string;
  name?: string | undefined;
  points: number;
  method?: MethodInput | undefined;
  children?: IndicatorInput[] | undefined;
  missing?: MissingPolicy | undefined;
  process?: z.input<typeof ProcessSchema> | undefined;
  key?: boolean | undefined;
  assessorId?: string | undefined;
  source?: string | undefined;
  params?: Record<string, number> | undefined;
  unitParams?: Record<string, Record<string, number>> | undefined;
  difficultyApplies?: (typeof DIFFICULTY_APPLIES)[number] | undefined;
  appliesTo?: string[] | undefined;
  flags?: z.input<typeof IndicatorFlagSchema>[] | undefined;
}
export interface Indicator {
  id: string;
  name?: string | undefined;
  /** 分值: full marks. For a parent, the sum of its children's points. */
  points: number;
  /** Required on leaves; a parent scores the sum of its children. */
  method?: Method | undefined;
  /** Sub-indicators. */
  children?: Indicator[] | undefined;
  missing: MissingPolicy;
  process?: Process | undefined;
  /** Key work (重点工作) vs routine; usable as a tie-breaker. */
  key: boolean;
  assessorId?: string | undefined;
  /** Policy source (R11), carried through for reports. */
  source?: string | undefined;
  /** Named parameters for formulas and methods. */
  params: Record<string, number>;
  /** Per-unit parameters (target, baseline, coefficient 难度系数, any formula parameter). */
  unitParams: Record<string, Record<string, number>>;
  /** The difficulty coefficient multiplies the score (default) or the raw value. */
  difficultyApplies: (typeof DIFFICULTY_APPLIES)[number];
  /** Only these units are assessed on it (特色指标); others are not applicable (excluded, renormalised). */
  appliesTo?: string[] | undefined;
  flags: z.output<typeof IndicatorFlagSchema>[];
}

export const IndicatorSchema: z.ZodType<Indicator, IndicatorInput> = z.lazy(() =>
  z
    .object({
      id,
      name: z.string().optional(),
      points: nonNeg,
      method: MethodSchema.optional(),
      children: z.array(IndicatorSchema).optional(),
      missing: z.enum(MISSING_POLICIES).default('zero'),
      process: ProcessSchema.optional(),
      key: z.boolean().default(false),
      assessorId: z.string().optional(),
      source: z.string().optional(),
      params: z.record(z.string(), finite).default({}),
      unitParams: z.record(z.string(), z.record(z.string(), finite)).default({}),
      difficultyApplies: z.enum(DIFFICULTY_APPLIES).default('score'),
      appliesTo: z.array(id).optional(),
      flags: z.array(IndicatorFlagSchema).default([]),
    })
    .strict(),
);

export const BlockSchema = z
  .object({
    id,
    name: z.string().optional(),
    /** Block weight in the group (e.g. party building 30 / development 70); defaults to its points. */
    weight: nonNeg.optional(),
    indicators: z.array(IndicatorSchema),
  })
  .strict();
export type Block = z.output<typeof BlockSchema>;

/** Per-group change to a shared indicator: another method or points (the same indicator scored differently per group). */
export const IndicatorOverrideSchema = z
  .object({
    method: MethodSchema.optional(),
    points: nonNeg.optional(),
    missing: z.enum(MISSING_POLICIES).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Tiers
// ---------------------------------------------------------------------------------------------

export const TierSchema = z
  .object({
    id,
    name: z.string().optional(),
    /** Largest share of the group (e.g. 0.3 for 好 ≤ 30%). */
    share: fraction.optional(),
    /** Fixed count (一等奖 1, 二等奖 1 …). */
    count: z.number().int().min(0).optional(),
    /** At least this many units (e.g. at least 1 in the lowest tier). */
    minCount: z.number().int().min(0).optional(),
    /** Score band: a unit needs this composite to be in the tier. */
    minScore: ThresholdSchema.optional(),
    /** Results use: coefficient for bonuses (e.g. 1.2 / 1.0 / 0.5 / 0). */
    coefficient: finite.optional(),
    /** Units in this tier are eligible for awards. */
    award: z.boolean().default(false),
  })
  .strict();
export type Tier = z.output<typeof TierSchema>;

export const TIE_BREAKER_KINDS = [
  'indicatorTotal',
  'evaluation',
  'raterGroup',
  'block',
  'indicator',
  'keyWork',
] as const;
export const TieBreakerSchema = z
  .object({
    kind: z.enum(TIE_BREAKER_KINDS),
    /** Block, indicator or rater group id, for those kinds. */
    id: z.string().optional(),
  })
  .strict();
export type TieBreaker = z.output<typeof TieBreakerSchema>;

export const EligibilityRuleSchema = z
  .object({
    id,
    /** The tier the rule guards (and with it every better tier). */
    tier: id,
    kind: z.enum(ELIGIBILITY_KINDS),
    /** Flag id (noFlag), deduction rule id (noDeduction) or indicator id (minIndicatorFraction). */
    ref: z.string().optional(),
    min: fraction.optional(),
  })
  .strict();
export type EligibilityRule = z.output<typeof EligibilityRuleSchema>;

export const TieringSchema = z
  .object({
    /** Best first; the last tier takes every unit not placed above it. */
    tiers: z.array(TierSchema).min(1),
    rounding: z.enum(ROUNDING_RULES).default('halfUp'),
    /** 'group': quotas per group; 'county': one county-wide quota split across groups by largest remainder. */
    quotaScope: z.enum(['group', 'county']).default('group'),
    tiePolicy: z.enum(TIE_POLICIES).default('flag'),
    /** Tie-breakers for boundary ties under the 'tieBreak' policy (defaults to the ranking's). */
    tieBreakers: z.array(TieBreakerSchema).optional(),
    eligibility: z.array(EligibilityRuleSchema).default([]),
    overrideOrder: z.enum(OVERRIDE_ORDERS).default('afterQuota'),
    /** 递补: places freed by ineligible or overridden units go to the next units in rank order. */
    refill: z.boolean().default(true),
  })
  .strict();
export type Tiering = z.output<typeof TieringSchema>;

// ---------------------------------------------------------------------------------------------
// Bonus, deductions, vetoes, discipline
// ---------------------------------------------------------------------------------------------

export const BonusCategorySchema = z
  .object({
    id,
    name: z.string().optional(),
    /** Points by level, e.g. { national: 3, provincial: 2, city: 1 }. Records may instead carry points. */
    levels: z.record(z.string().min(1), nonNeg).default({}),
    /** The scheme's own names of its level codes (省部级, 中央部委); a code without one shows the product's name. */
    levelNames: z.record(z.string().min(1), z.string().min(1)).optional(),
    /**
     * The department that supplies this rule's data (数据提供单位, e.g. 县应急局 for safety incidents): a unit id of
     * the county, like an indicator's `assessorId`. Named for the office and the records it enters; not used in scoring.
     */
    provider: z.string().min(1).max(64).optional(),
    /** Cap of this category per unit. */
    cap: nonNeg.optional(),
    /** Counts towards the overall bonus cap (potential performance 潜绩 usually does not). */
    inTotalCap: z.boolean().default(true),
    /** One achievement counts once, at its highest level. */
    highestOnly: z.boolean().default(true),
  })
  .strict();

export const RankChangeSchema = z
  .object({
    /** 'preliminary': this year's rank before the rank-change adjustment vs last year's; 'dataset': both ranks given (e.g. the province's table). */
    source: z.enum(['preliminary', 'dataset']).default('preliminary'),
    /** Evaluated top to bottom; only the first match applies (non-cumulative). Positive places = moved up. */
    rules: z
      .array(
        z
          .object({
            id,
            /** Moved up at least (positive) or down at least (negative) this many places. */
            places: z
              .number()
              .int()
              .refine((v) => v !== 0, { message: 'must not be 0' }),
            points: finite,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const BonusSchema = z
  .object({
    categories: z.array(BonusCategorySchema).default([]),
    /** Overall cap of categories with inTotalCap (e.g. 5). */
    cap: nonNeg.optional(),
    rankChange: RankChangeSchema.optional(),
  })
  .strict();

// ASSESSOR_MEASURES and DEDUCTION_AMOUNT_KINDS live in enums.ts (pure, bundled by the web's scheme editor).
export const DeductionRuleSchema = z
  .object({
    id,
    name: z.string().optional(),
    /**
     * The department that supplies this rule's data (数据提供单位, e.g. 县应急局 for safety incidents): a unit id of
     * the county, like an indicator's `assessorId`. Named for the office and the records it enters; not used in scoring.
     */
    provider: z.string().min(1).max(64).optional(),
    amount: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('perLevel'),
          levels: z.record(z.string().min(1), nonNeg),
          levelNames: z.record(z.string().min(1), z.string().min(1)).optional(),
        })
        .strict(),
      z.object({ kind: z.literal('fixed'), points: nonNeg }).strict(),
      /** The record's own points × factor (e.g. 25% of the province's deduction). */
      z.object({ kind: z.literal('fromRecord'), factor: nonNeg.default(1) }).strict(),
      /** From the unit's process-node lights: `points` per `every` lights of the colour (two yellows −1, a red −2). */
      z
        .object({
          kind: z.literal('lights'),
          yellow: z
            .object({ every: z.number().int().min(1), points: nonNeg })
            .strict()
            .optional(),
          red: z
            .object({ every: z.number().int().min(1), points: nonNeg })
            .strict()
            .optional(),
        })
        .strict(),
      /**
       * From sub-units' places in another ranking (dataset `rankings`): `points` per sub-unit per period
       * in the bottom `bottom` places of ranking `ranking` (a county loses 0.5 per township per month in
       * the bottom two of the city's monthly ranking).
       */
      z
        .object({ kind: z.literal('rankPlaces'), ranking: id, bottom: z.number().int().min(1), points: nonNeg })
        .strict(),
      /**
       * 按实测值扣分 outside the indicators' points: the points a unit loses for the measured value of leaf indicator
       * `indicator` (its reported value, or its named formula input `input`) beyond the thresholds, as a marginal
       * method counts them (below 96% 0.25 per point, below 90% 0.5 per point). A unit without the value loses
       * nothing here: the indicator's own missing-data policy and the blockers report the gap.
       */
      z
        .object({
          kind: z.literal('measured'),
          indicator: id,
          input: z.string().min(1).optional(),
          ...marginalBandFields,
        })
        .strict(),
      /**
       * R34: the unit in its role as an assessor (考核主体) is flagged when its measure (dataset `assessorMeasures`)
       * is above `above` and/or below `below`, and loses `points` (0: a criticism 通报批评 only, still a deduction
       * rule it incurred, so an eligibility rule `noDeduction` on it bars the top tiers — a downgrade). A unit with
       * fewer than `minScores` scores given is not judged.
       */
      z
        .object({
          kind: z.literal('assessor'),
          measure: z.enum(ASSESSOR_MEASURES),
          above: finite.optional(),
          below: finite.optional(),
          minScores: z.number().int().min(0).default(0),
          points: nonNeg,
        })
        .strict(),
    ]),
    /** A recurrence (a later record of the same category within the window, or one marked repeat) is multiplied. */
    repeatMultiplier: positive.default(1),
    /** A record dated inside one of the scheme's named `periods` (major-event security periods) is multiplied. */
    periodMultiplier: positive.default(1),
    /** Which named periods the period multiplier applies to (default: all of the scheme's periods). */
    periods: z.array(id).optional(),
    /** When a record is both a recurrence and inside a period: 'max' multiplies once by the larger, 'product' by both. */
    combine: z.enum(['max', 'product']).default('max'),
    /** 本项限扣: the most this rule takes from one unit. */
    limit: nonNeg.optional(),
  })
  .strict();
export type DeductionRule = z.output<typeof DeductionRuleSchema>;

export const VETO_EFFECT_KINDS = ['lowestTier', 'barTopTiers', 'fixedDeduction'] as const;
export const VetoRuleSchema = z
  .object({
    id,
    name: z.string().optional(),
    /**
     * The department that supplies this rule's data (数据提供单位, e.g. 县应急局 for safety incidents): a unit id of
     * the county, like an indicator's `assessorId`. Named for the office and the records it enters; not used in scoring.
     */
    provider: z.string().min(1).max(64).optional(),
    effect: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('lowestTier') }).strict(),
      z.object({ kind: z.literal('barTopTiers'), n: z.number().int().min(1) }).strict(),
      z.object({ kind: z.literal('fixedDeduction'), points: nonNeg }).strict(),
    ]),
  })
  .strict();
export type VetoRule = z.output<typeof VetoRuleSchema>;

// ---------------------------------------------------------------------------------------------
// Comprehensive evaluation
// ---------------------------------------------------------------------------------------------

export const RATER_FORMS = ['scale', 'options', 'ranking'] as const;
export const RaterGroupSchema = z
  .object({
    id,
    name: z.string().optional(),
    weight: nonNeg,
    /** scale: numeric marks in [min, max]; options: named answers → points (null = don't know); ranking: places → points. */
    form: z.enum(RATER_FORMS),
    min: finite.default(0),
    max: positive.default(100),
    /** options form, e.g. { 满意: 100, 基本满意: 70, 不满意: 30, 不了解: null }. */
    options: z.record(z.string().min(1), finite.min(0).nullable()).optional(),
    /** ranking form: first place = base, minus step per place (percent of base or points), floored at `floor` of base. */
    rankBase: positive.default(100),
    rankStep: nonNeg.default(2),
    rankStepUnit: z.enum(['percent', 'points']).default('percent'),
    rankFloor: fraction.default(0),
    /** Unit groups this rater group rates (default: all). */
    unitGroups: z.array(id).optional(),
  })
  .strict();
export type RaterGroup = z.output<typeof RaterGroupSchema>;

export const EvaluationSchema = z
  .object({
    raterGroups: z.array(RaterGroupSchema).min(1),
    /** With more raters than this, drop the highest and the lowest rating (e.g. 5). */
    trimAbove: z.number().int().min(0).optional(),
    /** Ballots giving every rated unit the same mark are invalid. */
    invalidateUniform: z.boolean().default(true),
  })
  .strict();
export type Evaluation = z.output<typeof EvaluationSchema>;

// ---------------------------------------------------------------------------------------------
// Point scale (满分)
// ---------------------------------------------------------------------------------------------

/**
 * How results are put on the scheme's scale: `'points'` — in the scheme's own points, as printed (a
 * 1,000-point scheme's indicators, its 200-point evaluation, a −30 veto, added as they are);
 * `'normalised'` — the indicator total rescaled to `total` and weighted with the evaluation by the group's
 * composite a/b (the rule before native scales: a scheme without `scale` is normalised to 100).
 */
export const SCALE_MODES = ['points', 'normalised'] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

/**
 * The scheme's point scale (满分 1000 分). Bonus, deductions, vetoes, rank change and tier bands are always in
 * the scale's points; see docs/scoring.md §2a and `scale.ts`.
 */
export const PointScaleSchema = z
  .object({
    /** 满分: what a unit scores at most before bonus and deductions (100, 1000, 1750). */
    total: positive,
    mode: z.enum(SCALE_MODES),
    /** 'points': the comprehensive evaluation's points (综合评价 200 of 1000); default b × total. */
    evaluationPoints: nonNeg.optional(),
  })
  .strict();
export type PointScale = z.output<typeof PointScaleSchema>;

/** A group's change to the scheme's scale (e.g. departments 500 points, townships 1,000). */
export const GroupScaleSchema = z
  .object({ total: positive.optional(), mode: z.enum(SCALE_MODES).optional(), evaluationPoints: nonNeg.optional() })
  .strict();

// ---------------------------------------------------------------------------------------------
// Groups and scheme
// ---------------------------------------------------------------------------------------------

/**
 * 数据归并: before scoring, unit `into`'s measured value of each listed leaf indicator becomes its own value plus
 * unit `from`'s (and a formula's named inputs likewise, input by input). Both are units of the dataset whose groups
 * score the indicator; `from` keeps its own score when it is assessed itself. `into` must report its own figure: a
 * missing own value stays missing (the sub-unit's figure alone never scores the unit). No chains: a unit that
 * receives figures gives none, and a unit gives an indicator's figure to one unit only.
 */
export const RollUpSchema = z
  .object({
    id,
    name: z.string().optional(),
    /** The sub-unit whose figures are counted (a unit id of the dataset). */
    from: id,
    /** The unit they are counted in. */
    into: id,
    /** Leaf indicators whose figures add up (amounts: output, investment, tax — never rates). */
    indicators: z.array(id).min(1),
  })
  .strict();
export type RollUp = z.output<typeof RollUpSchema>;

export const GroupSchema = z
  .object({
    id,
    name: z.string().optional(),
    /** Own indicator tree; when absent the scheme's shared `blocks` are used. */
    blocks: z.array(BlockSchema).optional(),
    /** Block weight overrides for the shared tree. */
    blockWeights: z.record(z.string(), nonNeg).default({}),
    /** Per-group change of a shared indicator's method, points or missing policy. */
    overrides: z.record(z.string(), IndicatorOverrideSchema).default({}),
    /** Shared indicators this group does not use. */
    exclude: z.array(id).default([]),
    /** Composite = a × indicator total + b × evaluation + bonus − deductions (a + b = 1); on a 'points' scale b × total is the evaluation's default points. */
    composite: z.object({ a: fraction, b: fraction }).strict().default({ a: 1, b: 0 }),
    /** This group's own scale, over the scheme's `scale` field by field. */
    scale: GroupScaleSchema.optional(),
    /** Group-specific tiering (only with quotaScope 'group'). */
    tiering: TieringSchema.optional(),
  })
  .strict();
export type Group = z.output<typeof GroupSchema>;

export const SchemeSchema = z
  .object({
    id,
    name: z.string().optional(),
    year: z.number().int().optional(),
    version: z.union([z.string(), z.number()]).optional(),
    /** Published decimals (default 2); rounding is half-up in decimal. */
    decimals: z.number().int().min(0).max(8).default(2),
    /** Round every indicator score to `decimals` before summing (some schemes publish them). */
    roundIndicatorScores: z.boolean().default(false),
    /** 满分: the scale results are entered and published in; without it, totals are normalised to 100. */
    scale: PointScaleSchema.optional(),
    /** Shared indicator tree for groups without their own. */
    blocks: z.array(BlockSchema).default([]),
    groups: z.array(GroupSchema).min(1),
    bonus: BonusSchema.default({ categories: [] }),
    /**
     * The measurement window (考核周期) when it is not the calendar year: either explicit dates
     * (`from`, `to`, inclusive) or `start: 'MM-DD'`, the first day of a 12-month window ending in the
     * scheme's `year` (`'12-01'` → 1 Dec of year − 1 to 30 Nov of year). Dated records outside it do not count.
     */
    measurementWindow: z
      .object({
        from: isoDate.optional(),
        to: isoDate.optional(),
        start: z
          .string()
          .regex(/^\d{2}-\d{2}$/, { message: 'must be MM-DD' })
          .optional(),
      })
      .strict()
      .optional(),
    /** Named date windows (e.g. major-event security periods) that deduction rules may multiply inside. */
    periods: z.array(z.object({ id, name: z.string().optional(), from: isoDate, to: isoDate }).strict()).default([]),
    /**
     * 数据归并 (sub-unit roll-up): unit `from`'s figures on `indicators` count in unit `into` as well (a development
     * park's output in the town it lies in). See `RollUpSchema`.
     */
    rollUps: z.array(RollUpSchema).default([]),
    deductions: z.array(DeductionRuleSchema).default([]),
    /** Shared caps over several deduction rules (本项限扣 across sub-rules). */
    deductionCaps: z.array(z.object({ id, rules: z.array(id).min(1), limit: nonNeg }).strict()).default([]),
    vetoes: z.array(VetoRuleSchema).default([]),
    /** A discipline case (违纪违法) moves the unit down this many tiers (R7: one). */
    discipline: z
      .object({ steps: z.number().int().min(1).default(1) })
      .strict()
      .default({ steps: 1 }),
    evaluation: EvaluationSchema.optional(),
    ranking: z
      .object({
        on: z.enum(['rounded', 'full']).default('rounded'),
        tieBreakers: z.array(TieBreakerSchema).default([]),
      })
      .strict()
      .default({ on: 'rounded', tieBreakers: [] }),
    tiering: TieringSchema,
    resultsUse: z
      .object({
        /** e.g. bottom tier two years running → talk with the leaders. */
        consecutive: z
          .array(
            z
              .object({ id, tiers: z.array(id).min(1), years: z.number().int().min(2), action: z.string().min(1) })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ consecutive: [] }),
  })
  .strict();
export type Scheme = z.output<typeof SchemeSchema>;
export type SchemeInput = z.input<typeof SchemeSchema>;

// ---------------------------------------------------------------------------------------------
// Dataset
// ---------------------------------------------------------------------------------------------

export const UnitSchema = z
  .object({
    id,
    name: z.string().optional(),
    group: id,
    /** Last year's rank in its group (for 进位争先). */
    lastRank: z.number().int().min(1).optional(),
    /** This year's rank in an external table, with rankChange.source 'dataset'. */
    currentRank: z.number().int().min(1).optional(),
    /** Earlier years' tiers, most recent first, for consecutive-year consequences. */
    history: z.array(z.object({ year: z.number().int(), tier: id }).strict()).default([]),
  })
  .strict();
export type Unit = z.output<typeof UnitSchema>;

export const NodeValueSchema = z
  .object({
    id,
    light: z.enum(LIGHTS).optional(),
    /** Share of the node's credit earned, 0–1; defaults from the light. */
    fraction: fraction.optional(),
  })
  .strict();
export type NodeValue = z.output<typeof NodeValueSchema>;

export const ValueSchema = z
  .object({
    unitId: id,
    indicatorId: id,
    /** The raw measure: actual, count of occurrences, 1/0 done, … */
    value: finite.optional(),
    /** Named inputs of a formula indicator. */
    inputs: z.record(z.string(), finite).optional(),
    grade: z.string().optional(),
    manual: z
      .object({ score: finite, reason: z.string().default('') })
      .strict()
      .optional(),
    /** Deduction method: occurrences by item. */
    events: z
      .array(
        z
          .object({
            item: z.string().optional(),
            count: z.number().int().min(0).default(1),
            repeat: z.boolean().default(false),
          })
          .strict(),
      )
      .optional(),
    nodes: z.array(NodeValueSchema).optional(),
  })
  .strict();
export type Value = z.output<typeof ValueSchema>;
export type ValueInput = z.input<typeof ValueSchema>;

export const RecordBaseShape = { id, unitId: id } as const;

export const BonusRecordSchema = z
  .object({
    ...RecordBaseShape,
    category: id,
    level: z.string().optional(),
    /** Explicit points (instead of the level table). */
    points: nonNeg.optional(),
    /** Same achievement key → only the highest level counts. Defaults to the record id. */
    achievement: z.string().optional(),
    /** Date of the evidence (YYYY-MM-DD with a measurement window); outside the window it does not count. */
    date: z.string().optional(),
  })
  .strict();
export type BonusRecord = z.output<typeof BonusRecordSchema>;

export const DeductionRecordSchema = z
  .object({
    ...RecordBaseShape,
    rule: id,
    level: z.string().optional(),
    points: nonNeg.optional(),
    count: z.number().int().min(1).default(1),
    /** Records of the same category after the first (by date, then id) are repeats. */
    category: z.string().optional(),
    date: z.string().optional(),
    repeat: z.boolean().default(false),
  })
  .strict();
export type DeductionRecord = z.output<typeof DeductionRecordSchema>;

export const VetoRecordSchema = z
  .object({ ...RecordBaseShape, rule: id, note: z.string().optional(), date: z.string().optional() })
  .strict();
export type VetoRecord = z.output<typeof VetoRecordSchema>;

export const DisciplineRecordSchema = z
  .object({ ...RecordBaseShape, note: z.string().optional(), date: z.string().optional() })
  .strict();

/**
 * One period of an external ranking of sub-units (e.g. the city's monthly ranking of townships): each
 * place names the sub-unit and the assessed unit it belongs to. `period` is a label; `'YYYY-MM'` (or an
 * explicit `date`) places it in time for the measurement window. `size` is the number of places ranked
 * (default: the number of entries given).
 */
export const RankingTableSchema = z
  .object({
    ranking: id,
    period: z.string().min(1),
    date: isoDate.optional(),
    size: z.number().int().min(1).optional(),
    places: z.array(z.object({ subUnitId: id, unitId: id, place: z.number().int().min(1) }).strict()),
  })
  .strict();
export type RankingTable = z.output<typeof RankingTableSchema>;
export type DisciplineRecord = z.output<typeof DisciplineRecordSchema>;

/** One anonymous ballot: unit id → mark (number for scale/ranking, option name for options; null = don't know). */
export const BallotSchema = z
  .object({ id, raterGroup: id, marks: z.record(z.string(), z.union([finite, z.string(), z.null()])) })
  .strict();
export type Ballot = z.output<typeof BallotSchema>;

/** Aggregated counts per option (options form), when individual ballots are not kept. */
export const TallySchema = z
  .object({ raterGroup: id, unitId: id, counts: z.record(z.string(), z.number().int().min(0)) })
  .strict();
export type Tally = z.output<typeof TallySchema>;

/** The city's result for one city indicator (score out of max, and/or rank). */
export const UpperResultSchema = z
  .object({ upperId: id, score: finite.optional(), max: positive.optional(), rank: z.number().int().min(1).optional() })
  .strict();
export type UpperResult = z.output<typeof UpperResultSchema>;

export const DatasetSchema = z
  .object({
    units: z.array(UnitSchema),
    values: z.array(ValueSchema).default([]),
    bonuses: z.array(BonusRecordSchema).default([]),
    deductions: z.array(DeductionRecordSchema).default([]),
    vetoes: z.array(VetoRecordSchema).default([]),
    discipline: z.array(DisciplineRecordSchema).default([]),
    ballots: z.array(BallotSchema).default([]),
    tallies: z.array(TallySchema).default([]),
    upper: z.array(UpperResultSchema).default([]),
    /** External rankings of sub-units, for `rankPlaces` deduction rules. */
    rankings: z.array(RankingTableSchema).default([]),
    /** The leadership group's decisions of flagged boundary ties (decisions.ts). */
    tieDecisions: z.array(TieDecisionSchema).default([]),
    /** R34: each assessor unit's measures of the year (analysis/assessors.ts), for `assessor` deduction rules. */
    assessorMeasures: z
      .array(
        z.object({ unitId: id, measure: z.enum([...ASSESSOR_MEASURES, 'scores'] as const), value: finite }).strict(),
      )
      .default([]),
  })
  .strict();
export type Dataset = z.output<typeof DatasetSchema> & { columns?: DatasetColumns[] | undefined };
export type DatasetInput = z.input<typeof DatasetSchema> & { columns?: DatasetColumns[] | undefined };

export const NODE_LIGHT_CODES = { none: 0, green: 1, yellow: 2, red: 3 } as const;

/**
 * Columnar values, for bulk data (the benchmark, bulk imports): a dense block of units × indicators,
 * row-major (`value[u * indicatorIds.length + j]`). NaN in `value` means no data for that cell (not an error).
 * Nodes, if given: `nodeLights[(u * indicatorIds.length + j) * nodeCount + k]` with codes
 * {@link NODE_LIGHT_CODES}, node k being the indicator's k-th node in scheme order; `nodeFractions` likewise
 * (NaN = derive from the light). Columns only carry `value` and nodes; other inputs need the row form.
 */
export interface DatasetColumns {
  unitIds: readonly string[];
  indicatorIds: readonly string[];
  value: ArrayLike<number>;
  nodeCount?: number | undefined;
  nodeLights?: ArrayLike<number> | undefined;
  nodeFractions?: ArrayLike<number> | undefined;
}

// ---------------------------------------------------------------------------------------------
// Issues (validation and data problems)
// ---------------------------------------------------------------------------------------------

export const ISSUE_CODES = [
  'invalid_type',
  'required',
  'too_small',
  'too_big',
  'invalid_value',
  'unknown_key',
  'invalid_format',
  'duplicate_id',
  'unknown_reference',
  'sum_mismatch',
  'weights_sum',
  'method_required',
  'method_on_parent',
  'formula_syntax',
  'formula_unknown_name',
  'formula_arity',
  'quota_overflow',
  'shape_mismatch',
  'missing_reason',
  'out_of_bounds',
  'missing_data_blocks',
  'unknown_unit',
  'unknown_indicator',
  'duplicate_value',
  'not_applicable',
  'self_rating',
  'scale_mismatch',
  'over_scale',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A problem found in a scheme or dataset; `message` is English, the server localises by `code`. */
export interface Issue {
  code: IssueCode;
  /** e.g. `groups[2].blocks[0].indicators[5].method.target` */
  path: string;
  message: string;
  severity: Severity;
  /** Values for the localised message (e.g. { min: 0 }). */
  params?: Record<string, string | number> | undefined;
}
