// A deduction rule's amount as the rules editor edits it (SCORING.md, engine model.ts `DeductionRuleSchema`): the
// kinds and assessor measures come from the engine's own enumerations (`@yardstick/engine/enums`, pure data); this
// module adds only what the editor needs on top — defaults for a new amount, the display unit of each measure, the
// conversion between the rule and the editor's fields, and the messages for a rule that could never apply.
import { ASSESSOR_MEASURES, DEDUCTION_AMOUNT_KINDS, type AssessorMeasureName } from '@yardstick/engine/enums';
import type { DeductionAmount } from '../model';

export { ASSESSOR_MEASURES, DEDUCTION_AMOUNT_KINDS, type AssessorMeasureName };
export type AmountKind = (typeof DEDUCTION_AMOUNT_KINDS)[number];
export type AssessorAmount = Extract<DeductionAmount, { kind: 'assessor' }>;
export type RankPlacesAmount = Extract<DeductionAmount, { kind: 'rankPlaces' }>;
export type MeasuredAmount = Extract<DeductionAmount, { kind: 'measured' }>;

/**
 * How each measure is shown and typed (analysis/assessors.ts): the shares and the shared-unit gap (a difference of
 * score rates) in percent, the coefficient of variation as it is; with the range a bound can sensibly take.
 */
export const MEASURE_DISPLAY: Record<AssessorMeasureName, { percent: boolean; min: number; max?: number }> = {
  fullMarkShare: { percent: true, min: 0, max: 100 },
  distinctShare: { percent: true, min: 0, max: 100 },
  cv: { percent: false, min: 0 },
  correctionShare: { percent: true, min: 0, max: 100 },
  dataDifferenceShare: { percent: true, min: 0, max: 100 },
  sharedGap: { percent: true, min: -100, max: 100 },
};

/** A new amount of the given kind, with the county's usual figures. */
export function defaultAmount(kind: AmountKind): DeductionAmount {
  switch (kind) {
    case 'perLevel':
      return { kind, levels: { provincial: 1.5, city: 1, county: 0.5 } };
    case 'fixed':
      return { kind, points: 1 };
    case 'fromRecord':
      return { kind, factor: 1 };
    case 'lights':
      return { kind, yellow: { every: 2, points: 1 }, red: { every: 1, points: 2 } };
    case 'rankPlaces':
      return { kind, ranking: '', bottom: 2, points: 0.5 };
    case 'assessor':
      return { kind, measure: ASSESSOR_MEASURES[0], above: 0.9, minScores: 5, points: 1 };
    case 'measured':
      // the indicator is the office's to choose (none yet: the rule says so); how the bands add up is shown in words
      return {
        kind,
        indicator: '',
        direction: 'below',
        mode: 'marginal',
        bands: [
          { from: 96, rate: 0.25 },
          { from: 90, rate: 0.5 },
        ],
        per: 1,
        count: 'proportional',
      };
  }
}

/** An `assessor` amount as the editor shows it: the bounds in the measure's display unit (90 for a 0.9 share). */
export interface AssessorFields {
  measure: AssessorMeasureName;
  above?: number | undefined;
  below?: number | undefined;
  minScores: number;
  points: number;
}

// Percent ↔ fraction without binary noise (0.07 × 100 is 7.000000000000001).
const clean = (x: number) => Math.round(x * 1e9) / 1e9;
const toShown = (m: AssessorMeasureName, v: number | undefined) =>
  v === undefined ? undefined : MEASURE_DISPLAY[m].percent ? clean(v * 100) : v;
const fromShown = (m: AssessorMeasureName, v: number | undefined) =>
  v === undefined ? undefined : MEASURE_DISPLAY[m].percent ? clean(v / 100) : v;

export function assessorFields(a: AssessorAmount): AssessorFields {
  return {
    measure: a.measure,
    above: toShown(a.measure, a.above),
    below: toShown(a.measure, a.below),
    minScores: a.minScores ?? 0,
    points: a.points,
  };
}

export function assessorAmount(f: AssessorFields): AssessorAmount {
  const a: AssessorAmount = { kind: 'assessor', measure: f.measure, minScores: f.minScores, points: f.points };
  const above = fromShown(f.measure, f.above);
  const below = fromShown(f.measure, f.below);
  if (above !== undefined) a.above = above;
  if (below !== undefined) a.below = below;
  return a;
}

/**
 * A different measure keeps the bounds as the user sees them when both are shown alike (share → share), and drops
 * them when the unit changes (a 90 % share is no CV of 90).
 */
export function withMeasure(f: AssessorFields, measure: AssessorMeasureName): AssessorFields {
  if (MEASURE_DISPLAY[measure].percent === MEASURE_DISPLAY[f.measure].percent) return { ...f, measure };
  return { ...f, measure, above: undefined, below: undefined };
}

/** Why an amount could never apply, or is out of range: i18n keys under `rules.amountIssues` with their values. */
export type AmountIssue =
  | { key: 'noBound' }
  | { key: 'emptyRange' }
  | { key: 'boundRange'; min: number; max: number }
  | { key: 'boundMin'; min: number }
  | { key: 'noRanking' }
  | { key: 'bottomPlaces' }
  | { key: 'noIndicator' };

export function amountIssues(a: DeductionAmount): AmountIssue[] {
  const out: AmountIssue[] = [];
  if (a.kind === 'assessor') {
    const f = assessorFields(a);
    const { min, max } = MEASURE_DISPLAY[f.measure];
    if (f.above === undefined && f.below === undefined) out.push({ key: 'noBound' });
    if (f.above !== undefined && f.below !== undefined && f.above >= f.below) out.push({ key: 'emptyRange' });
    const bounds = [f.above, f.below].filter((v): v is number => v !== undefined);
    if (bounds.some((v) => v < min || (max !== undefined && v > max)))
      out.push(max === undefined ? { key: 'boundMin', min } : { key: 'boundRange', min, max });
  }
  if (a.kind === 'rankPlaces') {
    if (!a.ranking.trim()) out.push({ key: 'noRanking' });
    if (!Number.isInteger(a.bottom) || a.bottom < 1) out.push({ key: 'bottomPlaces' });
  }
  if (a.kind === 'measured' && !a.indicator) out.push({ key: 'noIndicator' });
  return out;
}
