/**
 * A group's point scale (满分), resolved from the scheme's `scale` and the group's own (docs/scoring.md §2a).
 * Pure arithmetic: compute, validation and the analysis adapters read the same numbers from here.
 */
import type { PointScale, ScaleMode } from './model';

/** What a group's scale is read from: its scheme's `scale` (parsed or as written — the editor passes its input). */
export interface ScaleSource {
  scale?: PointScale | undefined;
}
/** A group as parsed or as written: its composite weights (default a 1, b 0) and its own scale. */
export interface GroupScaleSource {
  composite?: { a: number; b: number } | undefined;
  scale?:
    { total?: number | undefined; mode?: ScaleMode | undefined; evaluationPoints?: number | undefined } | undefined;
}

export interface ResolvedScale {
  mode: ScaleMode;
  /** 满分 of the group: indicators and evaluation together, before bonus and deductions. */
  total: number;
  /**
   * What the indicator total is put on: `total` when normalised; the indicators' own points (`total` −
   * `evaluation`) on a 'points' scale — every unit's indicator points must add up to it (validation).
   */
  indicators: number;
  /**
   * What the evaluation is put on: `total` when normalised (then weighted by b); its points on a 'points'
   * scale; 100 when a 'points' scale gives it no points (published, not counted).
   */
  evaluation: number;
  /** The composite's weights of the indicator total and of the evaluation: a and b when normalised, else 1 and 1 (0 without evaluation points). */
  weights: { a: number; b: number };
}

/** A scheme without `scale`: normalised to 100, today's rule. */
export const DEFAULT_SCALE = { total: 100, mode: 'normalised' } as const;

/**
 * The scale a group is scored on: the group's `scale` over the scheme's, field by field, over {@link DEFAULT_SCALE}.
 * @example groupScale({ scale: { total: 1000, mode: 'points', evaluationPoints: 200 } }, group)
 *   // { mode: 'points', total: 1000, indicators: 800, evaluation: 200, weights: { a: 1, b: 1 } }
 * @example groupScale({}, { composite: { a: 0.7, b: 0.3 } })
 *   // { mode: 'normalised', total: 100, indicators: 100, evaluation: 100, weights: { a: 0.7, b: 0.3 } }
 */
export function groupScale(scheme: ScaleSource, group: GroupScaleSource | undefined): ResolvedScale {
  const total = group?.scale?.total ?? scheme.scale?.total ?? DEFAULT_SCALE.total;
  const mode = group?.scale?.mode ?? scheme.scale?.mode ?? DEFAULT_SCALE.mode;
  const { a, b } = group?.composite ?? { a: 1, b: 0 };
  if (mode === 'normalised') return { mode, total, indicators: total, evaluation: total, weights: { a, b } };
  const evaluationPoints = evaluationPointsOf(scheme, group, total);
  return {
    mode,
    total,
    indicators: total - evaluationPoints,
    evaluation: evaluationPoints > 0 ? evaluationPoints : 100,
    weights: { a: 1, b: evaluationPoints > 0 ? 1 : 0 },
  };
}

/** On a 'points' scale: the evaluation's points — the group's, else the scheme's `evaluationPoints`, else b × total. */
export function evaluationPointsOf(scheme: ScaleSource, group: GroupScaleSource | undefined, total: number): number {
  return group?.scale?.evaluationPoints ?? scheme.scale?.evaluationPoints ?? (group?.composite?.b ?? 0) * total;
}

/**
 * `x` out of `max` put on `to` points: exactly `x` when `max` is `to` already (no float noise on a scheme
 * whose points add up to its scale), else `x × to / max`; 0 when there is nothing to put.
 * @example onScale(760, 800, 800) // 760
 * @example onScale(45, 90, 100) // 50
 */
export function onScale(x: number, max: number, to: number): number {
  return max > 0 ? (max === to ? x : (x * to) / max) : 0;
}
