/** The engine's output: per-unit results, per-group quota and tie reports, and (hidden) the columnar trace. */
import type { TieDecision } from './decisions';
import type { Issue, Tiering } from './model';

export const UNIT_STATUSES = ['ok', 'blocked'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface UnitResult {
  unitId: string;
  groupId: string;
  /** 'blocked' when an indicator with missing policy 'block' has no data: the unit cannot be published. */
  status: UnitStatus;
  /** Indicator points earned (block weights and renormalisation applied), on the group's own scale. */
  indicatorPoints: number;
  /** The group's full scale (Σ block weights). */
  indicatorMax: number;
  /** Indicator total on the group's scale (docs/scoring.md §2a): normalised to 100 by default; on a 'points' scale the indicators' own points. */
  indicatorTotal: number;
  /** Evaluation on what it is worth — 100 by default, the scale's total when normalised, its points on a 'points' scale — or null when the scheme has none or the unit received no valid vote. */
  evaluation: number | null;
  /** Commendation bonus after category and total caps (includes potential performance). */
  bonus: number;
  /** Potential-performance part of `bonus`. */
  potentialBonus: number;
  /** 进位争先: signed adjustment for rank change. */
  rankChange: number;
  /** Deductions (positive number) after limits and shared caps, including veto fixed deductions. */
  deductions: number;
  /** Published composite (rounded to the scheme's decimals). */
  composite: number;
  /** Composite at full precision. */
  compositeFull: number;
  /** Rank before the rank-change adjustment (used for 进位争先). */
  preliminaryRank: number;
  /** Sport rank within the group (1, 2, 2, 4) after tie-breakers. */
  rank: number;
  /** Final tier id and its index (0 = best). */
  tier: string;
  tierIndex: number;
  /** Tier from rank, quota and bands before any override. */
  naturalTier: string;
  /** Veto rule ids that hit the unit. */
  vetoes: string[];
  /** Raised indicator flags and eligibility notes (e.g. `growth-low`), sorted. */
  flags: string[];
  /** Results use. */
  coefficient: number | null;
  award: boolean;
  consequences: string[];
  /** Per block: points earned and the block's weight. */
  blocks: { id: string; score: number; max: number }[];
}

/**
 * One group's leaf-indicator scores as columns, straight from the trace (no per-unit objects):
 * `scores[i * indicatorIds.length + j]` is unit i's points on indicator j at full precision (process
 * and year-end combined, difficulty and caps applied; 0 where the cell was excluded or not applicable —
 * `status` tells which). Units are in results order (by id), indicators in scoring order (blocks by id,
 * indicators by id within a block).
 */
export interface IndicatorScores {
  groupId: string;
  unitIds: string[];
  indicatorIds: string[];
  indicators: { id: string; name?: string; blockId: string; points: number; assessorId?: string }[];
  scores: Float64Array;
  /** Cell status codes, same layout: index into {@link CELL_STATUSES}. */
  status: Uint8Array;
}

/** Cell statuses of the trace, in code order. */
export const CELL_STATUSES = ['ok', 'missing-zero', 'excluded', 'blocked', 'not-applicable'] as const;

export interface TieReport {
  groupId: string;
  /** The tier whose last places are contested. */
  tier: string;
  /** Places left in that tier when the tied units were reached. */
  places: number;
  unitIds: string[];
  policy: string;
  /** What was done: tie-breakers decided it, all in, all out, flagged (placed out pending a decision), or decided. */
  resolution: 'tieBreak' | 'allIn' | 'allOut' | 'flag' | 'decided';
  needsDecision: boolean;
  /** The score the units are tied on (the ranked score). */
  score?: number | undefined;
  /** The leadership group's decision that filled the places (`dataset.tieDecisions`, see decisions.ts). */
  decisionId?: string | undefined;
}

export interface QuotaReport {
  tier: string;
  /** Places by proportion/count after rounding (null = no quota: band-only or remainder tier). */
  quota: number | null;
  filled: number;
}

export interface GroupResult {
  groupId: string;
  unitCount: number;
  quotas: QuotaReport[];
  ties: TieReport[];
  /** Unit ids in rank order (ties by id). */
  order: string[];
}

export interface Results {
  schemeId: string;
  decimals: number;
  /** False when a blocking issue (missing data under the 'block' policy, …) stops publication. */
  publishable: boolean;
  issues: Issue[];
  /** Sorted by unit id. */
  units: UnitResult[];
  groups: GroupResult[];
  /** The pipeline's steps in the order they ran (part of the trace). */
  steps: readonly string[];
}

/** Everything a unit needs to see where it lost each point, or the office to answer an appeal. */
export interface IndicatorExplanation {
  indicatorId: string;
  name?: string | undefined;
  blockId: string;
  /** Parent chain for sub-indicators. */
  path: string[];
  points: number;
  method: string;
  params: Record<string, unknown>;
  inputs: Record<string, unknown>;
  /** ok | missing-zero | excluded | blocked | not-applicable | error */
  status: string;
  /** Raw measure actually scored (after formula / difficulty), null if none. */
  raw: number | null;
  score: number;
  /** Year-end and node parts when the indicator has process nodes. */
  process?:
    | {
        share: number;
        nodePart: number;
        yearEndPart: number;
        /**
         * Per node: its light and the fraction of the node it scored — the unit's reported fraction
         * (`fractionFrom: 'reported'`), or the light's value in the scheme's table (`'light'`: a red node
         * with no fraction scores the red light's value, 0 by default).
         */
        nodes: { id: string; light: string; fraction: number; fractionFrom: 'reported' | 'light' }[];
      }
    | undefined;
  /**
   * 数据归并: the unit's own measured value and each sub-unit's figure counted in it (`inputs.value` is their sum;
   * a missing own value leaves the indicator missing whatever the parts).
   */
  rollUp?: { own: number | null; parts: { unitId: string; value: number | null }[] } | undefined;
  note?: string | undefined;
}

export interface AdjustmentExplanation {
  kind: 'bonus' | 'potential' | 'rankChange' | 'deduction' | 'veto' | 'discipline';
  ruleId: string;
  recordId?: string | undefined;
  points: number;
  counted: boolean;
  note: string;
}

export interface StepExplanation {
  step: string;
  detail: string;
}

export interface UnitExplanation {
  unit: UnitResult;
  indicators: IndicatorExplanation[];
  adjustments: AdjustmentExplanation[];
  evaluation: { raterGroup: string; valid: number; used: number; mean: number | null; weight: number }[];
  steps: StepExplanation[];
}

/** Low-level ranking/tiering input for one group (used by compute and by sensitivity re-runs). */
export interface RankTierInput {
  groupId: string;
  unitIds: readonly string[];
  /** The score ranked on (already rounded if the scheme ranks on rounded values). Higher is better. */
  scores: ArrayLike<number>;
  /** Tie-breaker keys in order, each aligned with unitIds, higher is better. */
  tieKeys?: readonly ArrayLike<number>[] | undefined;
  /** Extra keys (higher is better) that decide boundary ties under the 'tieBreak' policy. */
  boundaryKeys?: readonly ArrayLike<number>[] | undefined;
  /** Per unit: best tier index it may hold after overrides (0 = any). */
  bestAllowed?: ArrayLike<number> | undefined;
  /** Per unit: tiers to move down after placement (discipline). */
  downgrade?: ArrayLike<number> | undefined;
  /** Per unit: 1 = set aside in the lowest tier before quotas (veto lowestTier under beforeQuota). */
  setAside?: ArrayLike<number> | undefined;
  /** Per unit × tier (row-major): 1 = eligible (bands are checked from scores). Default all eligible. */
  eligible?: ArrayLike<number> | undefined;
  /** Per unit: 1 = the unit has a veto (for reporting the tier it had before the veto). */
  vetoed?: ArrayLike<number> | undefined;
  /** `eligible` without the rules that follow from a veto (`noVeto`): the tier a vetoed unit had before it. */
  eligibleWithoutVeto?: ArrayLike<number> | undefined;
  /** Quotas per tier decided elsewhere (county-wide split); otherwise from tiering and the group size. */
  quotas?: readonly (number | null)[] | undefined;
  tiering: Tiering;
  /** Decisions of boundary ties flagged for one (decisions.ts). */
  tieDecisions?: readonly TieDecision[] | undefined;
}

export interface RankTierOutput {
  /** Sport ranks aligned with unitIds. */
  ranks: Int32Array;
  /** Final tier index aligned with unitIds. */
  tiers: Int32Array;
  /**
   * Tier before overrides. For a vetoed unit: its tier in an allocation of the whole group without any
   * override and without the eligibility rules that follow from a veto (what the bulletin calls the tier
   * "before" the veto).
   */
  naturalTiers: Int32Array;
  quotas: QuotaReport[];
  ties: TieReport[];
  /** Per unit: bit flags of what moved it (see TIER_STEP_BITS). */
  stepBits: Int32Array;
  /** Unit indexes in rank order. */
  order: Int32Array;
}

export const TIER_STEP_BITS = {
  bandMiss: 1,
  ineligible: 2,
  quotaFull: 4,
  tieIn: 8,
  tieOut: 16,
  tieFlag: 32,
  barred: 64,
  setAside: 128,
  downgraded: 256,
  downgradeAtBottom: 512,
  refilled: 1024,
  minCount: 2048,
} as const;
