/**
 * R34 — assessors held to account, for the office: per published year (kept across years, newest first) and per
 * assessor, the spread of its scores, its full-mark share, its scores corrected on appeal, its approved data
 * changed afterwards, how it marks units that other assessors also score — in a plain sentence — and what the
 * year's scheme rules (deduction rules of kind `assessor`) did to its own assessment.
 */
import { explainUnit, roundHalfUp, type AssessorStats, type Results, type Scheme } from '@yardstick/engine';
import type { Database } from '../../db/client';
import type { Actor } from '../auth/actor';
import { loadPublished } from '../feedback/published';
import { listPublishedYears } from '../results/read';
import { assessorNames } from '../results/documents';
import { statsOfYear } from './measures';
import { CONCERNS, type AccountabilityView, type AssessorRow } from './schemas';

export { CONCERNS };
export type Concern = (typeof CONCERNS)[number];
export const CONCERN_THRESHOLDS = {
  /** at least this many scores before the spread and full marks are judged */
  minScores: 5,
  fullMarkShare: 0.9,
  /** spread of its scores (coefficient of variation) at most this: it hardly tells units apart */
  cv: 0.02,
  /** marks shared units at least this much higher (fraction of the maximum) than the other assessors */
  sharedGap: 0.1,
} as const;

export function concernsOf(s: AssessorStats): Concern[] {
  const t = CONCERN_THRESHOLDS;
  const out: Concern[] = [];
  if (s.scores >= t.minScores && s.fullMarkShare >= t.fullMarkShare) out.push('fullMarks');
  if (s.scores >= t.minScores && s.cv <= t.cv) out.push('uniform');
  if (s.corrections > 0) out.push('corrected');
  if (s.dataDifferences > 0) out.push('dataChanged');
  if (s.sharedUnits >= 2 && s.sharedGap >= t.sharedGap) out.push('generous');
  return out;
}

const pct = (x: number) => `${roundHalfUp(x * 100, 1)}%`;

/** "县XX局给出的 12 项评分中 11 项为满分（91.7%），…" and its English. */
export function sentenceOf(name: string, s: AssessorStats): { zh: string; en: string } {
  const zh = [`${name}给出的 ${s.scores} 项评分中 ${s.fullMarks} 项为满分（${pct(s.fullMarkShare)}）`];
  const en = [`${name} gave ${s.scores} score(s), ${s.fullMarks} of them full marks (${pct(s.fullMarkShare)})`];
  if (s.scores > 0) {
    zh.push(`评分离散系数 ${roundHalfUp(s.cv, 3)}，不同分值占 ${pct(s.distinctShare)}`);
    en.push(`coefficient of variation ${roundHalfUp(s.cv, 3)}, distinct values ${pct(s.distinctShare)}`);
  }
  if (s.corrections > 0) {
    zh.push(`${s.corrections} 项评分经申诉更正`);
    en.push(`${s.corrections} corrected on appeal`);
  }
  if (s.dataDifferences > 0) {
    zh.push(`${s.dataDifferences} 项已审核数据事后被修改`);
    en.push(`${s.dataDifferences} approved value(s) changed afterwards`);
  }
  if (s.sharedUnits > 0) {
    const gap = roundHalfUp(s.sharedGap * 100, 1);
    zh.push(
      `对与其他考核主体共同评分的 ${s.sharedUnits} 个单位，平均得分率${gap >= 0 ? '高' : '低'}于其他考核主体 ${Math.abs(gap)} 个百分点`,
    );
    en.push(
      `on ${s.sharedUnits} unit(s) also scored by other assessors it marks ${Math.abs(gap)} percentage points ${gap >= 0 ? 'higher' : 'lower'} on average`,
    );
  }
  return { zh: `${zh.join('；')}。`, en: `${en.join('; ')}.` };
}

/** The year's `assessor` deduction rules and what each did to each unit's own assessment. */
function ruleHits(scheme: Scheme, results: Results, unitCode: string): AssessorRow['ruleHits'] {
  const rules = new Map(scheme.deductions.filter((r) => r.amount.kind === 'assessor').map((r) => [r.id, r]));
  if (rules.size === 0 || !results.units.some((u) => u.unitId === unitCode)) return [];
  return explainUnit(results, unitCode)
    .adjustments.filter((a) => a.kind === 'deduction' && rules.has(a.ruleId) && a.counted)
    .map((a) => ({
      ruleId: a.ruleId,
      ruleName: rules.get(a.ruleId)?.name ?? a.ruleId,
      points: -a.points,
      note: a.note,
    }));
}

const round4 = (x: number) => roundHalfUp(x, 4);

export async function assessorAccountability(
  db: Database,
  actor: Actor,
  query: { year?: number | undefined },
): Promise<AccountabilityView> {
  const names = await assessorNames(db, actor.tenantId);
  const all = await listPublishedYears(db, actor.tenantId);
  const years = [...(query.year !== undefined ? all.filter((y) => y === query.year) : all)].sort((a, b) => b - a);
  const out: AccountabilityView['years'] = [];
  for (const year of years) {
    const p = await loadPublished(db, actor.tenantId, year);
    if (!p) continue;
    const stats = await statsOfYear(db, actor.tenantId, year, p.scheme, p.results);
    out.push({
      year,
      snapshotSeq: p.snapshot.seq,
      assessors: stats.map((s) => {
        const name = names[s.assessorId] ?? s.assessorId;
        const sentence = sentenceOf(name, s);
        return {
          assessorId: s.assessorId,
          assessorName: name,
          scores: s.scores,
          fullMarks: s.fullMarks,
          fullMarkShare: round4(s.fullMarkShare),
          distinctShare: round4(s.distinctShare),
          cv: round4(s.cv),
          mean: round4(s.mean),
          corrections: s.corrections,
          dataDifferences: s.dataDifferences,
          sharedUnits: s.sharedUnits,
          sharedGap: round4(s.sharedGap),
          concerns: concernsOf(s),
          sentence: sentence.zh,
          sentenceEn: sentence.en,
          ruleHits: ruleHits(p.scheme, p.results, s.assessorId),
        };
      }),
    });
  }
  return { years: out, thresholds: CONCERN_THRESHOLDS };
}
