/**
 * The cadre file (R35, 与干部管理使用挂钩): per unit, its tier and rank this year, its rank history, the
 * consequences the results carry, and its leadership team and principal leaders in that year. Built from the
 * results-use view, so the export and the page say the same.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultHistory, unitLeaders } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { loadPublished, tierName } from '../feedback/published';
import { listPublishedYears } from '../results/read';
import type { ResultsUse } from '../resultsuse/view';
import { unitRefs } from '../units/refs';
import type { CadreFileUnit, Leader } from './schemas';

type LeaderRow = typeof unitLeaders.$inferSelect;

export function presentLeader(r: LeaderRow, unit: { id: string; code: string; name: string }): Leader {
  return {
    id: r.id,
    year: r.year,
    unit,
    name: r.name,
    post: r.post,
    principal: r.principal,
    startedOn: r.startedOn,
    endedOn: r.endedOn,
    note: r.note,
    version: r.version,
  };
}

/** Principal leaders first, then by start date and name. */
export const leaderOrder = (a: Leader, b: Leader) =>
  Number(b.principal) - Number(a.principal) ||
  (a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Rank and tier per unit id and year: published years up to `year`, and the pre-platform history table. */
async function rankHistory(db: Database, tenantId: string, year: number) {
  const out = new Map<string, Map<number, { rank: number | null; tierName: string }>>();
  const put = (unitId: string, y: number, rank: number | null, tier: string) => {
    const m = out.get(unitId) ?? new Map<number, { rank: number | null; tierName: string }>();
    if (!m.has(y)) m.set(y, { rank, tierName: tier });
    out.set(unitId, m);
  };
  const refs = await unitRefs(db, tenantId);
  const byCode = new Map([...refs.values()].map((u) => [u.code, u.id]));
  const current = await loadPublished(db, tenantId, year);
  for (const y of await listPublishedYears(db, tenantId)) {
    if (y > year) continue;
    const p = y === year ? current : await loadPublished(db, tenantId, y);
    for (const u of p?.results.units ?? []) {
      const id = byCode.get(u.unitId);
      if (id && p) put(id, y, u.rank, tierName(p.scheme, u.groupId, u.tier));
    }
  }
  const older = await db
    .select()
    .from(resultHistory)
    .where(and(eq(resultHistory.tenantId, tenantId), lte(resultHistory.year, year)))
    .orderBy(asc(resultHistory.year));
  const groupOf = new Map((current?.results.units ?? []).map((u) => [byCode.get(u.unitId), u.groupId]));
  for (const h of older) {
    const g = groupOf.get(h.unitId);
    put(h.unitId, h.year, h.rank, current && g ? tierName(current.scheme, g, h.tier) : h.tier);
  }
  return out;
}

export async function cadreRows(db: Database, actor: Actor, use: ResultsUse): Promise<CadreFileUnit[]> {
  const leaders = await db
    .select()
    .from(unitLeaders)
    .where(and(eq(unitLeaders.tenantId, actor.tenantId), eq(unitLeaders.year, use.year)));
  const refs = await unitRefs(db, actor.tenantId);
  const hist = await rankHistory(db, actor.tenantId, use.year);
  const eligible = new Set(use.awards.eligible.map((u) => u.unitId));
  const excluded = new Map(use.awards.excluded.map((u) => [u.unitId, u]));
  const lowest = new Set(use.accountability.lowestTier.map((u) => u.unitId));
  return use.coefficients.map((u) => {
    const consequences = [`奖金系数 ${u.coefficient}`];
    if (eligible.has(u.unitId)) consequences.push('具备评优资格');
    const ex = excluded.get(u.unitId);
    if (ex) consequences.push(`不具备评优资格（${ex.reason === 'vetoed' ? '一票否决' : '降档'}：${ex.detail}）`);
    if (lowest.has(u.unitId)) consequences.push('处于末档');
    for (const r of use.accountability.repeatedBottom.filter((x) => x.unitId === u.unitId)) {
      consequences.push(`${r.years.map((y) => `${y.year}年${y.tier}`).join('、')}：${r.action}`);
    }
    const unit = refs.get(u.unitId) ?? { id: u.unitId, code: u.unitCode, name: u.unitName };
    const mine = hist.get(u.unitId) ?? new Map<number, { rank: number | null; tierName: string }>();
    return {
      unit,
      groupName: u.groupName,
      rank: u.rank,
      composite: u.composite,
      tierName: u.tierName,
      rankHistory: [...mine.entries()].sort((a, b) => b[0] - a[0]).map(([year, h]) => ({ year, ...h })),
      consequences,
      leaders: leaders
        .filter((l) => l.unitId === u.unitId)
        .map((l) => presentLeader(l, unit))
        .sort(leaderOrder),
    };
  });
}

/** The posts of a leader list in one cell: "党委书记 张三（2018-01-01 起）". */
export function leaderCell(l: Leader): string {
  return `${l.post} ${l.name}（${l.startedOn} 至 ${l.endedOn ?? '今'}）`;
}
