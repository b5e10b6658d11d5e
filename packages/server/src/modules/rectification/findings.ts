/**
 * Findings of a published year that call for rectification (R27): the units in the lowest tier, vetoes, red-lit
 * indicators (process nodes) and each unit's biggest shortfall against its group's average. Each finding has a
 * stable key (unit, source, reference) so that generating twice adds nothing twice.
 */
import { roundHalfUp } from '@yardstick/engine';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { lights } from '../../db/schema';
import { groupIndicatorStats } from '../feedback/service';
import { groupName, tierName, tieringOf, unitDirectory, type PublishedYear } from '../feedback/published';
import { LOST_POINTS_FINDING_SHARE } from '../resultsuse/config';
import type { RectificationSource } from './schemas';

export interface RawFinding {
  key: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  source: RectificationSource;
  sourceRef: string;
  finding: string;
}

export const findingKey = (unitId: string, source: string, sourceRef: string) => `${unitId}|${source}|${sourceRef}`;

export async function findingsOf(db: Database, tenantId: string, published: PublishedYear): Promise<RawFinding[]> {
  const { results, scheme, year } = published;
  const d = results.decimals;
  const dir = await unitDirectory(db, tenantId);
  const out: RawFinding[] = [];
  const add = (unitCode: string, source: RectificationSource, sourceRef: string, finding: string) => {
    const unit = dir.byCode.get(unitCode);
    if (!unit) return;
    out.push({
      key: findingKey(unit.id, source, sourceRef),
      unitId: unit.id,
      unitCode,
      unitName: unit.name,
      source,
      sourceRef,
      finding,
    });
  };
  const vetoNames = new Map(scheme.vetoes.map((v) => [v.id, v.name ?? v.id]));

  const groups = new Map<string, typeof results.units>();
  for (const u of results.units) groups.set(u.groupId, [...(groups.get(u.groupId) ?? []), u]);

  for (const [groupId, members] of groups) {
    const lowest = tieringOf(scheme, groupId).tiers.length - 1;
    const stats = groupIndicatorStats(results, groupId);
    for (const u of members) {
      if (u.tierIndex === lowest) {
        add(
          u.unitId,
          'lowestTier',
          `tier:${u.tier}`,
          `${year} 年度考核为「${tierName(scheme, groupId, u.tier)}」档次（${groupName(scheme, groupId)}第 ${u.rank} 名，共 ${members.length} 个单位）：须查找差距、制定整改措施。`,
        );
      }
      for (const v of u.vetoes) {
        add(
          u.unitId,
          'veto',
          `veto:${v}`,
          `${year} 年度被一票否决（${vetoNames.get(v) ?? v}）：须深刻剖析原因并整改到位。`,
        );
      }
      // The single biggest shortfall against the group's average, when it is a real one.
      let worst: { id: string; name: string; score: number; avg: number; points: number; gap: number } | null = null;
      for (const s of stats) {
        const score = s.scores.get(u.unitId);
        if (score === undefined || s.points <= 0) continue;
        const gap = s.average - score;
        if (gap < LOST_POINTS_FINDING_SHARE * s.points) continue;
        if (!worst || gap > worst.gap || (gap === worst.gap && s.id < worst.id)) {
          worst = { id: s.id, name: s.name, score, avg: s.average, points: s.points, gap };
        }
      }
      if (worst) {
        add(
          u.unitId,
          'lostPoints',
          `lost:${worst.id}`,
          `「${worst.name}」得 ${roundHalfUp(worst.score, d)} 分（满分 ${worst.points}，本类别平均 ${roundHalfUp(worst.avg, d)}），失分较多：须分析原因、补齐短板。`,
        );
      }
    }
  }

  // Red-lit process nodes of the year, one finding per unit and indicator.
  const names = new Map<string, string>();
  for (const g of scheme.groups) for (const s of groupIndicatorStats(results, g.id)) names.set(s.id, s.name);
  const reds = await db
    .select({ unitId: lights.unitId, indicatorId: lights.indicatorId, nodeId: lights.nodeId })
    .from(lights)
    .where(and(eq(lights.tenantId, tenantId), eq(lights.year, year), eq(lights.light, 'red')))
    .orderBy(asc(lights.unitId), asc(lights.indicatorId), asc(lights.nodeId));
  const byCell = new Map<string, { unitId: string; indicatorId: string; nodes: string[] }>();
  for (const r of reds) {
    const k = `${r.unitId}|${r.indicatorId}`;
    const cell = byCell.get(k) ?? { unitId: r.unitId, indicatorId: r.indicatorId, nodes: [] };
    cell.nodes.push(r.nodeId);
    byCell.set(k, cell);
  }
  for (const cell of byCell.values()) {
    const unit = dir.byId.get(cell.unitId);
    if (!unit) continue;
    add(
      unit.code,
      'redLight',
      `redlight:${cell.indicatorId}`,
      `「${names.get(cell.indicatorId) ?? cell.indicatorId}」过程考核亮红灯（${cell.nodes.length} 个节点：${cell.nodes.join('、')}）：须说明原因、落实整改。`,
    );
  }

  const order: Record<RectificationSource, number> = { lowestTier: 0, veto: 1, redLight: 2, lostPoints: 3, other: 4 };
  const sortKey = new Map(dir.list.map((u, i) => [u.id, i]));
  return out.sort(
    (a, b) =>
      (sortKey.get(a.unitId) ?? 0) - (sortKey.get(b.unitId) ?? 0) ||
      order[a.source] - order[b.source] ||
      (a.sourceRef < b.sourceRef ? -1 : a.sourceRef > b.sourceRef ? 1 : 0),
  );
}
