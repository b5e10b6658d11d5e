/**
 * Lights of a county-year: every process node of every unit, computed by rules.ts as of an Asia/Shanghai day,
 * kept current in `lights`, every change appended to `light_history`. A node turning red opens a red-light
 * item (redlights/service.ts) and tells the unit.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { lightHistory, lights, reports, tenants } from '../../db/schema';
import { notFound } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import type { Actor } from '../auth/actor';
import { currentYear, loadYearScheme, nodeCellsOf, type YearScheme } from '../reports/cells';
import { cellFilter, covers, scopeOf } from '../reports/scope';
import { openNodeRedLights } from '../redlights/service';
import { nodeLight, type Light, type LightReason, type ReportStatus } from './rules';

/**
 * The day lights are computed as of. A scheme may pin it (`meta.inYear.asOf`, used by the demo so that its 2019
 * stays "mid-year" whatever the clock says); an explicit day (the CLI's `jobs run --day`, the office's recompute)
 * wins over the pin.
 */
export function lightsDay(ys: YearScheme, day: string, explicit: boolean): string {
  if (explicit) return day;
  return ys.document.meta.inYear?.asOf ?? day;
}

export interface RecomputeResult {
  year: number;
  day: string;
  cells: number;
  changed: number;
  red: number;
  yellow: number;
  green: number;
  opened: number;
}

const key = (u: string, i: string, n: string) => `${u}\u0000${i}\u0000${n}`;

/**
 * Recomputes the lights of a county-year as of `day` (all units, or one unit); writes only the changes.
 * Runs inside the caller's transaction when given one.
 */
export async function recomputeLights(
  db: Database,
  tenantId: string,
  year: number,
  opts: { day: string; explicitDay?: boolean; unitId?: string; ys?: YearScheme } = { day: shanghaiDay() },
): Promise<RecomputeResult | null> {
  const ys = opts.ys ?? (await loadYearScheme(db, tenantId, year));
  if (!ys) return null;
  const day = lightsDay(ys, opts.day, opts.explicitDay ?? false);
  const cells = nodeCellsOf(ys, opts.unitId ? { unitIds: new Set([opts.unitId]) } : {});
  const where: SQL[] = [eq(reports.tenantId, tenantId), eq(reports.year, year)];
  const lwhere: SQL[] = [eq(lights.tenantId, tenantId), eq(lights.year, year)];
  if (opts.unitId) {
    where.push(eq(reports.unitId, opts.unitId));
    lwhere.push(eq(lights.unitId, opts.unitId));
  }
  const [reportRows, lightRows] = await Promise.all([
    db
      .select({
        unitId: reports.unitId,
        indicatorId: reports.indicatorId,
        nodeId: reports.nodeId,
        status: reports.status,
        progress: reports.progress,
      })
      .from(reports)
      .where(and(...where)),
    db
      .select({
        id: lights.id,
        unitId: lights.unitId,
        indicatorId: lights.indicatorId,
        nodeId: lights.nodeId,
        light: lights.light,
        reason: lights.reason,
        due: lights.due,
      })
      .from(lights)
      .where(and(...lwhere)),
  ]);
  const reportOf = new Map(reportRows.map((r) => [key(r.unitId, r.indicatorId, r.nodeId), r]));
  const current = new Map(lightRows.map((l) => [key(l.unitId, l.indicatorId, l.nodeId), l]));
  const result: RecomputeResult = {
    year,
    day,
    cells: cells.length,
    changed: 0,
    red: 0,
    yellow: 0,
    green: 0,
    opened: 0,
  };
  const inserts: (typeof lights.$inferInsert)[] = [];
  // changed rows, grouped by what they become: one UPDATE per (light, reason, due) rather than one per cell
  const updates = new Map<string, { set: { light: Light; reason: LightReason; due: string }; ids: string[] }>();
  const history: (typeof lightHistory.$inferInsert)[] = [];
  const turnedRed: typeof cells = [];
  const now = new Date();

  for (const cell of cells) {
    const k = key(cell.unit.id, cell.leaf.id, cell.nodeId);
    const r = reportOf.get(k);
    const idx = cell.leaf.nodes.findIndex((n) => n.id === cell.nodeId);
    const start = idx > 0 ? (cell.leaf.nodes[idx - 1]?.due ?? `${year}-01-01`) : `${year}-01-01`;
    const { light, reason } = nodeLight({
      today: day,
      due: cell.due,
      start,
      expected: cell.expected,
      warningDays: ys.settings.warningDays,
      status: (r?.status as ReportStatus | undefined) ?? 'none',
      progress: r?.progress ?? null,
    });
    result[light]++;
    const before = current.get(k);
    if (before && before.light === light && before.reason === reason && before.due === cell.due) continue;
    result.changed++;
    if (before) {
      const k2 = `${light}|${reason}|${cell.due}`;
      const u = updates.get(k2) ?? { set: { light, reason, due: cell.due }, ids: [] };
      u.ids.push(before.id);
      updates.set(k2, u);
    } else {
      inserts.push({
        tenantId,
        year,
        unitId: cell.unit.id,
        indicatorId: cell.leaf.id,
        nodeId: cell.nodeId,
        light,
        reason,
        due: cell.due,
        computedAt: now,
      });
    }
    if (!before || before.light !== light) {
      history.push({
        tenantId,
        year,
        unitId: cell.unit.id,
        indicatorId: cell.leaf.id,
        nodeId: cell.nodeId,
        light,
        previous: before?.light ?? null,
        reason,
        day,
      });
      if (light === 'red') turnedRed.push(cell);
    }
  }
  for (let i = 0; i < inserts.length; i += 500) await db.insert(lights).values(inserts.slice(i, i + 500));
  for (let i = 0; i < history.length; i += 500) await db.insert(lightHistory).values(history.slice(i, i + 500));
  for (const { set, ids } of updates.values()) {
    for (let i = 0; i < ids.length; i += 500)
      await db
        .update(lights)
        .set({ ...set, computedAt: now })
        .where(inArray(lights.id, ids.slice(i, i + 500)));
  }
  result.opened += await openNodeRedLights(db, ys, turnedRed, day);
  return result;
}

/** Every county's current year, recomputed as of `day` (the daily job). */
export async function recomputeAllCounties(
  db: Database,
  day: string,
  explicitDay: boolean,
): Promise<{ counties: number; changed: number; opened: number }> {
  const rows = await db.select({ id: tenants.id, year: tenants.currentYear }).from(tenants);
  let changed = 0;
  let opened = 0;
  for (const t of rows) {
    const r = await db.transaction((tx) => recomputeLights(tx, t.id, t.year, { day, explicitDay }));
    changed += r?.changed ?? 0;
    opened += r?.opened ?? 0;
  }
  return { counties: rows.length, changed, opened };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

export interface LightRow {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  nodeName: string;
  due: string;
  expected: number;
  light: Light;
  reason: LightReason;
  computedAt: string;
}

export interface LightsQuery {
  year?: number | undefined;
  unitId?: string | undefined;
  indicatorId?: string | undefined;
  light?: Light | undefined;
}

export async function listLights(db: Database, actor: Actor, q: LightsQuery) {
  const year = q.year ?? (await currentYear(db, actor.tenantId));
  const ys = await loadYearScheme(db, actor.tenantId, year);
  const empty = { year, items: [] as LightRow[], counts: { red: 0, yellow: 0, green: 0 } };
  if (!ys) return empty;
  const scope = await scopeOf(db, actor);
  if (scope.none) return empty;
  const filter = cellFilter(scope);
  if (q.unitId) {
    if (filter.unitIds && !filter.unitIds.has(q.unitId)) return empty;
    filter.unitIds = new Set([q.unitId]);
  }
  const cells = nodeCellsOf(ys, { ...filter, ...(q.indicatorId ? { indicatorId: q.indicatorId } : {}) });
  const where: SQL[] = [eq(lights.tenantId, actor.tenantId), eq(lights.year, year)];
  if (filter.unitIds) where.push(inArray(lights.unitId, [...filter.unitIds]));
  if (q.indicatorId) where.push(eq(lights.indicatorId, q.indicatorId));
  const rows = await db
    .select()
    .from(lights)
    .where(and(...where));
  const byCell = new Map(rows.map((l) => [key(l.unitId, l.indicatorId, l.nodeId), l]));
  const items: LightRow[] = [];
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const c of cells) {
    const l = byCell.get(key(c.unit.id, c.leaf.id, c.nodeId));
    if (!l) continue;
    const light = l.light as Light;
    if (q.light && light !== q.light) continue;
    counts[light]++;
    items.push({
      unitId: c.unit.id,
      unitCode: c.unit.code,
      unitName: c.unit.name,
      indicatorId: c.leaf.id,
      indicatorName: c.leaf.name,
      nodeId: c.nodeId,
      nodeName: c.nodeName,
      due: c.due,
      expected: c.expected,
      light,
      reason: l.reason as LightReason,
      computedAt: l.computedAt.toISOString(),
    });
  }
  return { year, items, counts };
}

export async function lightHistoryOf(
  db: Database,
  actor: Actor,
  q: { year?: number | undefined; unitId: string; indicatorId: string; nodeId: string },
) {
  const year = q.year ?? (await currentYear(db, actor.tenantId));
  const ys = await loadYearScheme(db, actor.tenantId, year);
  const scope = await scopeOf(db, actor);
  if (!ys || !covers(scope, q.unitId, ys.leaves.get(q.indicatorId))) throw notFound('红黄灯', 'Light');
  const rows = await db
    .select()
    .from(lightHistory)
    .where(
      and(
        eq(lightHistory.tenantId, actor.tenantId),
        eq(lightHistory.year, year),
        eq(lightHistory.unitId, q.unitId),
        eq(lightHistory.indicatorId, q.indicatorId),
        eq(lightHistory.nodeId, q.nodeId),
      ),
    )
    .orderBy(asc(lightHistory.at), asc(lightHistory.day));
  return {
    items: rows.map((h) => ({
      light: h.light as Light,
      previous: (h.previous as Light | null) ?? null,
      reason: h.reason as LightReason,
      day: h.day,
      at: h.at.toISOString(),
    })),
  };
}
