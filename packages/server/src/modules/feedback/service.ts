/**
 * Unit feedback (R27): for a published year, a unit's score breakdown by block and indicator against its group's
 * average and best, where it lost points (from the engine's trace), its rank and tier over all published years,
 * and its red lights. A unit sees only its own unit; the office and leaders any unit.
 */
import { CELL_STATUSES, explainUnit, indicatorScores, roundHalfUp, type Results } from '@yardstick/engine';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { lightHistory, lights, redLightItems, resultHistory, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { historyLines } from '../units/succession';
import { describeAdjustments } from './adjustments';
import type { Actor } from '../auth/actor';
import {
  blockNames,
  groupName,
  loadPublished,
  tierName,
  tieringOf,
  unitDirectory,
  type PublishedYear,
  type UnitInfo,
} from './published';
import { listPublishedYears } from '../results/read';
import type { Feedback, FeedbackQuery } from './schemas';

const NOT_APPLICABLE = CELL_STATUSES.indexOf('not-applicable');

export interface IndicatorStats {
  id: string;
  name: string;
  blockId: string;
  points: number;
  assessorId: string | null;
  /** Mean over the group's units the indicator applies to, and the best score. */
  average: number;
  best: number;
  /** Score per unit code (absent where the indicator does not apply). */
  scores: Map<string, number>;
}

/**
 * Per leaf indicator of a group: the average and best score over the units it applies to (full precision,
 * read column-wise from the trace).
 */
export function groupIndicatorStats(results: Results, groupId: string): IndicatorStats[] {
  const cols = indicatorScores(results, groupId);
  const L = cols.indicatorIds.length;
  return cols.indicators.map((ind, j) => {
    let sum = 0;
    let n = 0;
    let best = -Infinity;
    const scores = new Map<string, number>();
    cols.unitIds.forEach((unitId, i) => {
      if (cols.status[i * L + j] === NOT_APPLICABLE) return;
      const s = cols.scores[i * L + j] ?? 0;
      scores.set(unitId, s);
      sum += s;
      n += 1;
      if (s > best) best = s;
    });
    return {
      id: ind.id,
      name: ind.name ?? ind.id,
      blockId: ind.blockId,
      points: ind.points,
      assessorId: ind.assessorId ?? null,
      average: n > 0 ? sum / n : 0,
      best: n > 0 ? best : 0,
      scores,
    };
  });
}

/** The unit a caller may look at: a unit account only its own; others any unit of the county. */
export async function resolveUnit(db: Database, actor: Actor, unitId: string | undefined): Promise<UnitInfo> {
  const dir = await unitDirectory(db, actor.tenantId);
  if (actor.role === 'unit') {
    if (!actor.unitId) throw new AppError('FORBIDDEN');
    // Asking for another unit answers like a missing one.
    if (unitId && unitId !== actor.unitId) throw notFound('考核对象', 'Unit');
    const own = dir.byId.get(actor.unitId);
    if (!own) throw notFound('考核对象', 'Unit');
    return own;
  }
  if (!unitId) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:required' }]);
  const unit = dir.byId.get(unitId);
  if (!unit) throw notFound('考核对象', 'Unit');
  return unit;
}

export async function requirePublished(db: Database, tenantId: string, year: number): Promise<PublishedYear> {
  const published = await loadPublished(db, tenantId, year);
  if (!published) throw new AppError('YEAR_NOT_PUBLISHED', { year });
  return published;
}

const r2 = (v: number, d: number) => roundHalfUp(v, d);

export interface UnitHistoryEntry {
  year: number;
  rank: number | null;
  groupSize: number | null;
  /** null for a year before the platform (only rank and tier were recorded). */
  composite: number | null;
  tier: string;
  tierName: string;
  tierIndex: number | null;
  tierCount: number | null;
  /** 'platform': a published year; 'history': a year before the platform, from `result_history`. */
  source: 'platform' | 'history';
}

/**
 * Rank and tier of one unit over every published year and the years before the platform (`result_history`,
 * the ranks and tiers modules/results reads as the dataset's history), oldest first. A year before the platform
 * names its tier with the tiering of the unit's group in the nearest published year (tier ids are kept across
 * years), and its group size is the number of units of the unit's group with a rank or tier that year.
 */
export async function unitHistory(db: Database, tenantId: string, unitCode: string): Promise<UnitHistoryEntry[]> {
  const years = await listPublishedYears(db, tenantId);
  const out: UnitHistoryEntry[] = [];
  const schemes: { year: number; scheme: PublishedYear['scheme']; groupId: string }[] = [];
  // The unit's own years, then its predecessors' (a succession carrying 'history', docs/units.md).
  const line = [unitCode, ...((await historyLines(db, tenantId)).get(unitCode) ?? [])];
  for (const year of years) {
    const p = await loadPublished(db, tenantId, year);
    const u = line.map((c) => p?.results.units.find((x) => x.unitId === c)).find((x) => x !== undefined);
    if (!p || !u) continue;
    schemes.push({ year, scheme: p.scheme, groupId: u.groupId });
    out.push({
      year,
      rank: u.rank,
      groupSize: p.results.units.filter((x) => x.groupId === u.groupId).length,
      composite: u.composite,
      tier: u.tier,
      tierName: tierName(p.scheme, u.groupId, u.tier),
      tierIndex: u.tierIndex,
      tierCount: tieringOf(p.scheme, u.groupId).tiers.length,
      source: 'platform',
    });
  }
  const [me] = await db
    .select({ id: units.id, groupId: units.groupId })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.code, unitCode)));
  if (me) {
    const published = new Set(years);
    const lineIds = (
      await db
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.tenantId, tenantId), inArray(units.code, line)))
    ).map((r) => r.id);
    const rows = await db
      .select({
        year: resultHistory.year,
        unitId: resultHistory.unitId,
        rank: resultHistory.rank,
        tier: resultHistory.tier,
      })
      .from(resultHistory)
      .innerJoin(units, eq(units.id, resultHistory.unitId))
      .where(and(eq(resultHistory.tenantId, tenantId), or(eq(units.groupId, me.groupId), inArray(units.id, lineIds))));
    for (const h of rows) {
      if (!lineIds.includes(h.unitId) || published.has(h.year)) continue;
      // a year the unit itself has wins over a predecessor's
      if (h.unitId !== me.id && rows.some((x) => x.year === h.year && x.unitId === me.id)) continue;
      if (out.some((x) => x.year === h.year)) continue;
      // The nearest published year's tiering (a later one first: the tiers the unit was compared with next).
      const ref = schemes.find((x) => x.year > h.year) ?? [...schemes].reverse().find((x) => x.year < h.year) ?? null;
      const tiers = ref ? tieringOf(ref.scheme, ref.groupId).tiers : [];
      const index = tiers.findIndex((t) => t.id === h.tier);
      out.push({
        year: h.year,
        rank: h.rank,
        groupSize: rows.filter((x) => x.year === h.year).length,
        composite: null,
        tier: h.tier,
        tierName: ref ? tierName(ref.scheme, ref.groupId, h.tier) : h.tier,
        tierIndex: index >= 0 ? index : null,
        tierCount: tiers.length > 0 ? tiers.length : null,
        source: 'history',
      });
    }
  }
  return out.sort((a, b) => a.year - b.year);
}

/** A unit's lights of a year: the red ones now, the red-light items (R23) and how often a light turned red. */
export async function unitRedLights(db: Database, tenantId: string, unitId: string, year: number) {
  const [current, items, history] = await Promise.all([
    db
      .select({
        indicatorId: lights.indicatorId,
        nodeId: lights.nodeId,
        light: lights.light,
        reason: lights.reason,
        due: lights.due,
      })
      .from(lights)
      .where(
        and(eq(lights.tenantId, tenantId), eq(lights.unitId, unitId), eq(lights.year, year), eq(lights.light, 'red')),
      )
      .orderBy(asc(lights.due), asc(lights.indicatorId), asc(lights.nodeId)),
    db
      .select({
        id: redLightItems.id,
        source: redLightItems.source,
        indicatorId: redLightItems.indicatorId,
        title: redLightItems.title,
        openedOn: redLightItems.openedOn,
        status: redLightItems.status,
      })
      .from(redLightItems)
      .where(and(eq(redLightItems.tenantId, tenantId), eq(redLightItems.unitId, unitId), eq(redLightItems.year, year)))
      .orderBy(asc(redLightItems.openedOn)),
    db
      .select({ day: lightHistory.day })
      .from(lightHistory)
      .where(
        and(
          eq(lightHistory.tenantId, tenantId),
          eq(lightHistory.unitId, unitId),
          eq(lightHistory.year, year),
          eq(lightHistory.light, 'red'),
        ),
      ),
  ]);
  return { current, items, turnedRed: history.length };
}

export async function getFeedback(db: Database, actor: Actor, query: FeedbackQuery): Promise<Feedback> {
  const unit = await resolveUnit(db, actor, query.unitId);
  const published = await requirePublished(db, actor.tenantId, query.year);
  const { results, scheme, snapshot } = published;
  const d = results.decimals;
  const result = results.units.find((u) => u.unitId === unit.code);
  if (!result) throw notFound('该单位本年度结果', "This unit's result of the year");
  const peers = results.units.filter((u) => u.groupId === result.groupId);
  const explanation = explainUnit(results, unit.code);
  const stats = groupIndicatorStats(results, result.groupId);
  const statById = new Map(stats.map((s) => [s.id, s]));
  const names = blockNames(scheme, result.groupId);

  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const blocks = result.blocks.map((b) => {
    const peerScores = peers.map((p) => p.blocks.find((x) => x.id === b.id)?.score ?? 0);
    return {
      id: b.id,
      name: names.get(b.id) ?? b.id,
      score: b.score,
      max: b.max,
      average: r2(mean(peerScores), d),
      best: r2(Math.max(...peerScores), d),
    };
  });

  // Only the indicators the unit is assessed on: another unit's feature indicator (特色指标) is not applicable
  // here and is neither in the breakdown nor lost points.
  const indicators = explanation.indicators
    .filter((i) => i.status !== 'not-applicable' && statById.get(i.indicatorId)?.scores.has(unit.code) === true)
    .map((i) => {
      const s = statById.get(i.indicatorId);
      const score = r2(i.score, d);
      return {
        id: i.indicatorId,
        name: i.name ?? s?.name ?? i.indicatorId,
        blockId: i.blockId,
        blockName: names.get(i.blockId) ?? i.blockId,
        points: i.points,
        score,
        average: r2(s?.average ?? 0, d),
        best: r2(s?.best ?? 0, d),
        lost: r2(Math.max(0, i.points - i.score), d),
        gapToBest: r2(Math.max(0, (s?.best ?? 0) - i.score), d),
        status: i.status,
        method: i.method,
        raw: i.raw,
        note: i.note ?? null,
      };
    });

  const lostPoints = indicators
    .filter((i) => i.lost > 0)
    .sort((a, b) => b.lost - a.lost || b.gapToBest - a.gapToBest || (a.id < b.id ? -1 : 1))
    .slice(0, 10);

  const adjustments = await describeAdjustments(
    db,
    actor.tenantId,
    scheme,
    published.dataset,
    explanation.adjustments.filter((a) => a.counted || a.kind === 'veto' || a.kind === 'discipline'),
  );

  const history = await unitHistory(db, actor.tenantId, unit.code);
  const redLights = await unitRedLights(db, actor.tenantId, unit.id, query.year);

  const composites = peers.map((p) => p.composite);
  return {
    year: query.year,
    snapshot: {
      id: snapshot.id,
      seq: snapshot.seq,
      publishedAt: snapshot.publishedAt.toISOString(),
      reason: snapshot.reason,
    },
    unit: {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      groupId: result.groupId,
      groupName: groupName(scheme, result.groupId),
    },
    result: {
      composite: result.composite,
      indicatorTotal: result.indicatorTotal,
      evaluation: result.evaluation,
      bonus: result.bonus,
      deductions: result.deductions,
      rankChange: result.rankChange,
      rank: result.rank,
      groupSize: peers.length,
      tier: result.tier,
      tierName: tierName(scheme, result.groupId, result.tier),
      naturalTier: result.naturalTier,
      naturalTierName: tierName(scheme, result.groupId, result.naturalTier),
      vetoes: result.vetoes,
      flags: result.flags,
      consequences: result.consequences,
      award: result.award,
    },
    group: { average: r2(mean(composites), d), best: r2(Math.max(...composites), d) },
    blocks,
    indicators,
    lostPoints,
    adjustments,
    steps: explanation.steps,
    history,
    redLights,
  };
}
