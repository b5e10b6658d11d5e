/**
 * The engine explains bonus, deductions, vetoes and discipline with short English notes ("provincial: +2",
 * "category cap 5: 6 → 5"). Feedback shows them to units in their language, so each adjustment is given here
 * in structured form: the scheme's name of the rule or category, the record's level and title, and what kind
 * of line it is (a record, a cap with its numbers, a veto's effect …). The web app words it; `note` stays as the
 * engine's fallback.
 */
import type { AdjustmentExplanation, Dataset, Scheme } from '@yardstick/engine';
import { marginalLoss, roundHalfUp } from '@yardstick/engine';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { unitRecords } from '../../db/schema';

export type AdjustmentDetail =
  | { type: 'record'; count?: number }
  | { type: 'cap'; scope: 'category' | 'bonus' | 'limit' | 'shared'; limit: number; from: number; to: number }
  | { type: 'lights'; color: 'yellow' | 'red'; count: number; every: number; per: number }
  | { type: 'veto'; effect: 'lowestTier' | 'barTopTiers' | 'fixedDeduction'; n?: number; points?: number }
  | { type: 'discipline'; steps: number; first: boolean }
  | { type: 'outside' }
  | {
      type: 'measured';
      indicator: string;
      value: number;
      direction: 'below' | 'above';
      bands: { from: number; to: number | null; units: number; rate: number; lost: number }[];
    }
  | { type: 'rankPlace'; subUnit: string; place: number; size: number; period: string; bottom: number }
  | { type: 'assessor'; measure: string; value: number; above?: number; below?: number; given: number }
  | { type: 'note' };

export interface AdjustmentLine {
  kind: string;
  ruleId: string;
  /** The scheme's name of the bonus category, deduction rule or veto (null when it has none). */
  ruleName: string | null;
  recordId: string | null;
  /** The unit record's title (奖惩事项), when the line comes from one. */
  recordTitle: string | null;
  /** The record's level id (national, provincial …), as the scheme's level table names it. */
  level: string | null;
  /** The scheme's own name of that level (levelNames), when it gives one. */
  levelName: string | null;
  points: number;
  counted: boolean;
  note: string;
  detail: AdjustmentDetail;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function describeAdjustments(
  db: Database,
  tenantId: string,
  scheme: Scheme,
  dataset: Dataset,
  adjustments: AdjustmentExplanation[],
): Promise<AdjustmentLine[]> {
  const d = scheme.decimals;
  const r = (v: number) => roundHalfUp(v, d);
  const recordIds = [...new Set(adjustments.flatMap((a) => (a.recordId && UUID.test(a.recordId) ? [a.recordId] : [])))];
  const titles = new Map<string, string>();
  if (recordIds.length > 0) {
    const rows = await db
      .select({ id: unitRecords.id, title: unitRecords.title })
      .from(unitRecords)
      .where(and(eq(unitRecords.tenantId, tenantId), inArray(unitRecords.id, recordIds)));
    for (const row of rows) titles.set(row.id, row.title);
  }
  const categories = new Map(scheme.bonus.categories.map((c) => [c.id, c]));
  const rules = new Map(scheme.deductions.map((x) => [x.id, x]));
  const caps = new Map(scheme.deductionCaps.map((x) => [x.id, x]));
  const vetoes = new Map(scheme.vetoes.map((x) => [x.id, x]));
  const bonusRecords = new Map(dataset.bonuses.map((x) => [x.id, x]));
  const leafNames = new Map<string, string>();
  const walk = (inds: Scheme['blocks'][number]['indicators']) => {
    for (const i of inds) {
      if (i.name && !leafNames.has(i.id)) leafNames.set(i.id, i.name);
      walk(i.children ?? []);
    }
  };
  for (const b of scheme.blocks) walk(b.indicators);
  for (const g of scheme.groups) for (const b of g.blocks ?? []) walk(b.indicators);
  const deductionRecords = new Map(dataset.deductions.map((x) => [x.id, x]));

  return adjustments.map((a) => {
    let ruleName: string | null = null;
    let level: string | null = null;
    let levelName: string | null = null;
    let detail: AdjustmentDetail = { type: 'note' };
    if (a.kind === 'bonus' || a.kind === 'potential') {
      const cat = categories.get(a.ruleId);
      ruleName = cat?.name ?? null;
      if (!a.counted) detail = { type: 'outside' };
      else if (a.recordId) {
        level = bonusRecords.get(a.recordId)?.level ?? null;
        levelName = level ? (cat?.levelNames?.[level] ?? null) : null;
        detail = { type: 'record' };
      } else if (a.ruleId === 'bonus.cap' && scheme.bonus.cap !== undefined) {
        const limit = scheme.bonus.cap;
        detail = { type: 'cap', scope: 'bonus', limit, from: r(limit - a.points), to: limit };
      } else if (cat?.cap !== undefined) {
        detail = { type: 'cap', scope: 'category', limit: cat.cap, from: r(cat.cap - a.points), to: cat.cap };
      }
    } else if (a.kind === 'deduction') {
      const rule = rules.get(a.ruleId);
      const cap = caps.get(a.ruleId);
      ruleName = rule?.name ?? null;
      if (!a.counted) detail = { type: 'outside' };
      else if (a.recordId && deductionRecords.has(a.recordId)) {
        const rec = deductionRecords.get(a.recordId);
        level = rec?.level ?? null;
        levelName = level && rule?.amount.kind === 'perLevel' ? (rule.amount.levelNames?.[level] ?? null) : null;
        detail = { type: 'record', ...(rec && rec.count > 1 ? { count: rec.count } : {}) };
      } else if (rule?.amount.kind === 'lights' && !a.recordId && a.points <= 0) {
        const m = /^(\d+) (yellow|red) light/.exec(a.note);
        const color = m?.[2] === 'red' ? 'red' : 'yellow';
        const amount = rule.amount[color];
        if (m && amount)
          detail = { type: 'lights', color, count: Number(m[1]), every: amount.every, per: amount.points };
      } else if (rule?.amount.kind === 'measured' && a.points < 0) {
        // "safe 88: 6 × 2.5 beyond 96 + …": the value read, and its bands again from the rule
        const m = /^\S+ (-?[\d.]+(?:e[-+]?\d+)?):/.exec(a.note);
        if (m) {
          const value = Number(m[1]);
          const amount = rule.amount;
          detail = {
            type: 'measured',
            indicator: leafNames.get(amount.indicator) ?? amount.indicator,
            value,
            direction: amount.direction,
            bands: marginalLoss(amount, value).bands.map((b) => ({
              from: b.from,
              to: b.to ?? null,
              units: r(b.units),
              rate: b.rate,
              lost: r(b.lost),
            })),
          };
        }
      } else if (rule?.amount.kind === 'rankPlaces' && a.recordId && a.points < 0) {
        // recordId `ranking/period/subUnit`, note "<sub-unit> place 17 of 18 in …"
        const [, period = '', ...sub] = a.recordId.split('/');
        const m = / place (\d+) of (\d+) in /.exec(a.note);
        if (m)
          detail = {
            type: 'rankPlace',
            subUnit: sub.join('/'),
            place: Number(m[1]),
            size: Number(m[2]),
            period,
            bottom: rule.amount.bottom,
          };
      } else if (rule?.amount.kind === 'assessor' && !a.recordId && a.points <= 0) {
        const m = /^as an assessor: (\w+) (-?[\d.]+(?:e[-+]?\d+)?).*\((\d+) score/.exec(a.note);
        if (m) {
          const amount = rule.amount;
          detail = {
            type: 'assessor',
            measure: m[1] ?? amount.measure,
            value: Number(m[2]),
            ...(amount.above !== undefined ? { above: amount.above } : {}),
            ...(amount.below !== undefined ? { below: amount.below } : {}),
            given: Number(m[3]),
          };
        }
      } else if (rule?.limit !== undefined && !a.recordId && a.points > 0) {
        detail = { type: 'cap', scope: 'limit', limit: rule.limit, from: r(rule.limit + a.points), to: rule.limit };
      } else if (cap) {
        ruleName = cap.rules.map((id) => rules.get(id)?.name ?? id).join('、');
        detail = { type: 'cap', scope: 'shared', limit: cap.limit, from: r(cap.limit + a.points), to: cap.limit };
      }
    } else if (a.kind === 'veto') {
      const veto = vetoes.get(a.ruleId);
      ruleName = veto?.name ?? null;
      if (!a.counted) detail = { type: 'outside' };
      else if (veto) {
        const e = veto.effect;
        detail =
          e.kind === 'barTopTiers'
            ? { type: 'veto', effect: e.kind, n: e.n }
            : e.kind === 'fixedDeduction'
              ? { type: 'veto', effect: e.kind, points: e.points }
              : { type: 'veto', effect: e.kind };
      }
    } else if (a.kind === 'discipline') {
      detail = a.note.startsWith('dated ')
        ? { type: 'outside' }
        : { type: 'discipline', steps: scheme.discipline.steps, first: a.counted };
    }
    return {
      kind: a.kind,
      ruleId: a.ruleId,
      ruleName,
      recordId: a.recordId ?? null,
      recordTitle: a.recordId ? (titles.get(a.recordId) ?? null) : null,
      level,
      levelName,
      points: r(a.points),
      counted: a.counted,
      note: a.note,
      detail,
    };
  });
}
