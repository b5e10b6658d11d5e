import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { UpperResult } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators, lightHistory } from '../../db/schema';
import { AppError } from '../../errors';
import { loadYearScheme } from '../reports/cells';

/**
 * The engine's `upper` inputs from the city's final results (R8). A city indicator linked to a county leaf whose
 * method is `upper` gives `{ upperId: method.upperId, score, max, rank }`; linked to any other leaf, the leaf id
 * is the upperId. Indicators without a linked leaf or without any result are left out. Several city indicators
 * feeding one upperId: scores and maxima add up, the rank is the worst (largest).
 */
export async function cityUpperResults(db: Database, tenantId: string, year: number): Promise<UpperResult[]> {
  const rows = await db
    .select()
    .from(cityIndicators)
    .where(
      and(eq(cityIndicators.tenantId, tenantId), eq(cityIndicators.year, year), isNotNull(cityIndicators.indicatorId)),
    )
    .orderBy(cityIndicators.code);
  const withResult = rows.filter((r) => r.resultScore !== null || r.resultRank !== null);
  if (withResult.length === 0) return [];
  const ys = await loadYearScheme(db, tenantId, year);
  const out = new Map<string, UpperResult>();
  for (const r of withResult) {
    if (!r.indicatorId) continue;
    const leaf = ys?.leaves.get(r.indicatorId);
    const upper = [leaf?.indicator.method, ...(leaf ? leaf.methodByGroup.values() : [])].find(
      (m) => m?.kind === 'upper',
    );
    const upperId = upper?.kind === 'upper' ? upper.upperId : r.indicatorId;
    const prev = out.get(upperId);
    const next: UpperResult = { upperId };
    const score = (prev?.score ?? 0) + (r.resultScore ?? 0);
    if (r.resultScore !== null || prev?.score !== undefined) next.score = score;
    const max = (prev?.max ?? 0) + (r.resultMax ?? 0);
    if (max > 0) next.max = max;
    const rank = Math.max(prev?.rank ?? 0, r.resultRank ?? 0);
    if (rank > 0) next.rank = rank;
    out.set(upperId, next);
  }
  return [...out.values()].sort((a, b) => (a.upperId < b.upperId ? -1 : 1));
}

export interface RedLightPicture {
  /** Indicators with at least one red node in the period. */
  indicators: number;
  /** Units involved in those indicators (city: every responsible unit; county: the units whose node was red). */
  indicatorUnits: number;
  /** Red nodes (city: the city's nodes; county: unit × indicator × node cells). */
  nodes: number;
  /** Units involved in those nodes. */
  nodeUnits: number;
  sentence: { 'zh-CN': string; en: string };
}

function sentence(from: string, to: string, who: { zh: string; en: string }, p: Omit<RedLightPicture, 'sentence'>) {
  return {
    'zh-CN': `${from} 至 ${to}，${who.zh}${p.indicators} 项指标被亮红灯，涉及 ${p.indicatorUnits} 个单位；${p.nodes} 个节点被亮红灯，涉及 ${p.nodeUnits} 个单位。`,
    en: `${from} to ${to}, ${who.en}${p.indicators} indicator(s) red-lit, involving ${p.indicatorUnits} unit(s); ${p.nodes} node(s) red-lit, involving ${p.nodeUnits} unit(s).`,
  };
}

/**
 * "X 项指标被亮红灯，涉及 Y 个单位；Z 个节点被亮红灯，涉及 W 个单位" for the period [from, to] (Asia/Shanghai days,
 * both ends included), twice: for the city's assessment of the county (city nodes lit red on a day in the period)
 * and for the county's own process nodes (light_history entries turning red on a day in the period).
 */
export async function redLightCounts(
  db: Database,
  tenantId: string,
  period: { from: string; to: string },
): Promise<{ from: string; to: string; city: RedLightPicture; county: RedLightPicture }> {
  const { from, to } = period;
  if (from > to) throw new AppError('PERIOD_INVALID');
  const cityRows = await db
    .select({ indicatorId: cityIndicators.id, unitIds: cityIndicators.unitIds, nodeId: cityIndicatorNodes.id })
    .from(cityIndicatorNodes)
    .innerJoin(cityIndicators, eq(cityIndicators.id, cityIndicatorNodes.cityIndicatorId))
    .where(
      and(
        eq(cityIndicators.tenantId, tenantId),
        eq(cityIndicatorNodes.light, 'red'),
        sql`coalesce(${cityIndicatorNodes.lightOn}, ${cityIndicatorNodes.due}) between ${from} and ${to}`,
      ),
    );
  const cityUnits = new Set(cityRows.flatMap((r) => r.unitIds));
  const city = {
    indicators: new Set(cityRows.map((r) => r.indicatorId)).size,
    indicatorUnits: cityUnits.size,
    nodes: new Set(cityRows.map((r) => r.nodeId)).size,
    nodeUnits: cityUnits.size,
  };
  const countyRows = await db
    .selectDistinct({
      unitId: lightHistory.unitId,
      indicatorId: lightHistory.indicatorId,
      nodeId: lightHistory.nodeId,
    })
    .from(lightHistory)
    .where(
      and(
        eq(lightHistory.tenantId, tenantId),
        eq(lightHistory.light, 'red'),
        sql`${lightHistory.day} between ${from} and ${to}`,
      ),
    );
  const countyUnits = new Set(countyRows.map((r) => r.unitId)).size;
  const county = {
    indicators: new Set(countyRows.map((r) => r.indicatorId)).size,
    indicatorUnits: countyUnits,
    nodes: countyRows.length,
    nodeUnits: countyUnits,
  };
  return {
    from,
    to,
    city: {
      ...city,
      sentence: sentence(from, to, { zh: '市对县考核中，', en: 'in the city’s assessment of the county, ' }, city),
    },
    county: {
      ...county,
      sentence: sentence(from, to, { zh: '县内过程考核中，', en: 'in the county’s own process assessment, ' }, county),
    },
  };
}
