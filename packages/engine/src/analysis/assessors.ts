/**
 * R34 — assessors held to account (no 人情分、关系分、面子分, no 搞平衡): how each assessor (考核主体, the unit
 * that owns an indicator) scored, from the scores it gave. Pure: the server reads the year's scores, appeal
 * corrections and data changes and hands them in; the measures go back into the engine as dataset
 * `assessorMeasures`, which a deduction rule of kind `assessor` reads (compute.ts).
 *
 * Worked example (one assessor, four scores on 10-point indicators: 10, 10, 10, 8 → fractions 1, 1, 1, 0.8):
 *   fullMarkShare = 3 / 4 = 0.75
 *   distinctShare = |{1, 0.8}| / 4 = 0.5
 *   mean = 0.95, population sd = √((3 × 0.05² + 0.15²) / 4) = √(0.03 / 4) = 0.0866, cv = 0.0866 / 0.95 = 0.0912
 */
import { CELL_STATUSES, type Results } from '../results';
import { indicatorScores } from '../explain';
import { ASSESSOR_MEASURES, type AssessorMeasureName } from '../model';

/** One score an assessor gave: `points` earned of `max` on an indicator it owns, for a unit. */
export interface AssessorScore {
  assessorId: string;
  unitId: string;
  indicatorId: string;
  points: number;
  max: number;
}

/** Events per assessor counted by the server (appeals upheld on its indicators, data changed after its approval). */
export interface AssessorEvents {
  assessorId: string;
  /** Its scores corrected on appeal (accepted appeals on its indicators). */
  corrections?: number;
  /** Its approved data that differed from what was verified later (changed after approval). */
  dataDifferences?: number;
}

export interface AssessorStats {
  assessorId: string;
  /** Scores it gave (cells with max > 0). */
  scores: number;
  fullMarks: number;
  /** fullMarks / scores. */
  fullMarkShare: number;
  /** Distinct fractions (points / max, to 1e-9) / scores: 1/n when every score is the same. */
  distinctShare: number;
  /** Coefficient of variation of the fractions (population sd / mean); 0 when the mean is 0. */
  cv: number;
  /** Mean fraction of max. */
  mean: number;
  corrections: number;
  correctionShare: number;
  dataDifferences: number;
  dataDifferenceShare: number;
  /** Units it scored that other assessors scored too. */
  sharedUnits: number;
  /**
   * Mean over those shared units of (its mean fraction for the unit − the other assessors' mean fraction for the
   * unit): positive = it marks the same units higher than the others do. 0 without shared units.
   */
  sharedGap: number;
}

const key = (x: number) => Math.round(x * 1e9);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per assessor (sorted by id): spread, full-mark share, corrections, data differences and the shared-unit gap. */
export function assessorStats(
  scores: readonly AssessorScore[],
  events: readonly AssessorEvents[] = [],
): AssessorStats[] {
  const byAssessor = new Map<string, AssessorScore[]>();
  // per unit, per assessor: sum and count of fractions (for the shared-unit comparison)
  const byUnit = new Map<string, Map<string, { sum: number; n: number }>>();
  // Sorted first, so that the sums (and so every figure) do not depend on the order of the input rows.
  const sorted = [...scores].sort(
    (x, y) =>
      cmp(x.assessorId, y.assessorId) ||
      cmp(x.unitId, y.unitId) ||
      cmp(x.indicatorId, y.indicatorId) ||
      x.points / x.max - y.points / y.max,
  );
  for (const s of sorted) {
    if (!(s.max > 0) || !Number.isFinite(s.points)) continue;
    const list = byAssessor.get(s.assessorId);
    if (list) list.push(s);
    else byAssessor.set(s.assessorId, [s]);
    const f = s.points / s.max;
    let m = byUnit.get(s.unitId);
    if (!m) byUnit.set(s.unitId, (m = new Map()));
    const cell = m.get(s.assessorId);
    if (cell) {
      cell.sum += f;
      cell.n += 1;
    } else m.set(s.assessorId, { sum: f, n: 1 });
  }
  const ev = new Map<string, { corrections: number; dataDifferences: number }>();
  for (const e of events) {
    const prev = ev.get(e.assessorId) ?? { corrections: 0, dataDifferences: 0 };
    prev.corrections += e.corrections ?? 0;
    prev.dataDifferences += e.dataDifferences ?? 0;
    ev.set(e.assessorId, prev);
  }
  const ids = [...new Set([...byAssessor.keys(), ...ev.keys()])].sort(cmp);
  return ids.map((assessorId) => {
    const list = byAssessor.get(assessorId) ?? [];
    const n = list.length;
    const fractions = list.map((s) => s.points / s.max);
    // full marks: within 1e-9 of the maximum (scores are stored at full precision)
    const fullMarks = fractions.filter((f) => f >= 1 - 1e-9).length;
    const mean = n ? fractions.reduce((a, b) => a + b, 0) / n : 0;
    const variance = n ? fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / n : 0;
    const sd = Math.sqrt(variance);
    const distinct = new Set(fractions.map(key)).size;
    const e = ev.get(assessorId) ?? { corrections: 0, dataDifferences: 0 };
    let sharedUnits = 0;
    let gapSum = 0;
    for (const unitId of [...new Set(list.map((s) => s.unitId))].sort(cmp)) {
      const m = byUnit.get(unitId);
      const mine = m?.get(assessorId);
      if (!m || !mine) continue;
      let otherSum = 0;
      let otherN = 0;
      for (const [other, c] of m) {
        if (other === assessorId) continue;
        otherSum += c.sum;
        otherN += c.n;
      }
      if (otherN === 0) continue;
      sharedUnits += 1;
      gapSum += mine.sum / mine.n - otherSum / otherN;
    }
    return {
      assessorId,
      scores: n,
      fullMarks,
      fullMarkShare: n ? fullMarks / n : 0,
      distinctShare: n ? distinct / n : 0,
      cv: mean > 0 ? sd / mean : 0,
      mean,
      corrections: e.corrections,
      correctionShare: n ? e.corrections / n : 0,
      dataDifferences: e.dataDifferences,
      dataDifferenceShare: n ? e.dataDifferences / n : 0,
      sharedUnits,
      sharedGap: sharedUnits ? gapSum / sharedUnits : 0,
    };
  });
}

/**
 * The scores each assessor gave, read from computed results: every leaf indicator with an `assessorId`, every
 * unit it applies to (cells not applicable, excluded or blocked are left out; a missing value scored zero counts).
 */
export function assessorScoresOf(results: Results): AssessorScore[] {
  const out: AssessorScore[] = [];
  const skip = new Set((['excluded', 'blocked', 'not-applicable'] as const).map((s) => CELL_STATUSES.indexOf(s)));
  const groups = [...new Set(results.units.map((u) => u.groupId))].sort(cmp);
  for (const g of groups) {
    const cols = indicatorScores(results, g);
    const m = cols.indicators.length;
    cols.unitIds.forEach((unitId, i) => {
      cols.indicators.forEach((ind, j) => {
        if (!ind.assessorId || skip.has(cols.status[i * m + j] ?? 0)) return;
        out.push({
          assessorId: ind.assessorId,
          unitId,
          indicatorId: ind.id,
          points: cols.scores[i * m + j] ?? 0,
          max: ind.points,
        });
      });
    });
  }
  return out;
}

/** The measures as the dataset's `assessorMeasures` rows (what an `assessor` deduction rule reads). */
export function assessorMeasureRows(
  stats: readonly AssessorStats[],
): { unitId: string; measure: AssessorMeasureName | 'scores'; value: number }[] {
  return stats.flatMap((s) => [
    { unitId: s.assessorId, measure: 'scores' as const, value: s.scores },
    ...ASSESSOR_MEASURES.map((measure) => ({ unitId: s.assessorId, measure, value: s[measure] })),
  ]);
}
