import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { notify } from '../notifications/service';
import { loadYearScheme, requireSchemeLeaf } from '../reports/cells';
import { answerDaysOf, openRedLightItem } from '../supervision/redlight';
import { leadsOrTakesPart, NO_UNIT, unitRefs, type UnitRef } from '../units/refs';
import {
  CITY_LIGHTS,
  type CityIndicator,
  type CityLight,
  type CityNode,
  type CreateCityIndicator,
  type CreateCityNode,
  type UpdateCityIndicator,
  type UpdateCityNode,
} from './schemas';

type Row = typeof cityIndicators.$inferSelect;
type NodeRow = typeof cityIndicatorNodes.$inferSelect;
const asLight = (v: string | null): CityLight | null => CITY_LIGHTS.find((l) => l === v) ?? null;

/** A unit sees the city indicators it leads or carries; office, assessors and leaders see them all. */
function scope(actor: Actor): SQL | undefined {
  const tenant = eq(cityIndicators.tenantId, actor.tenantId);
  if (actor.role !== 'unit') return tenant;
  return and(tenant, leadsOrTakesPart(cityIndicators.leadUnitId, cityIndicators.unitIds, actor.unitId ?? NO_UNIT));
}

const presentNode = (n: NodeRow): CityNode => ({
  id: n.id,
  name: n.name,
  due: n.due,
  light: asLight(n.light),
  lightOn: n.lightOn,
  note: n.note,
  version: n.version,
});

function present(
  row: Row,
  nodes: NodeRow[],
  unitsById: Map<string, UnitRef>,
  names: Map<string, string>,
): CityIndicator {
  const ref = (id: string) => unitsById.get(id) ?? { id, code: '?', name: '?' };
  return {
    id: row.id,
    year: row.year,
    code: row.code,
    name: row.name,
    cityDepartment: row.cityDepartment,
    points: row.points,
    leadUnit: row.leadUnitId ? ref(row.leadUnitId) : null,
    units: row.unitIds.map(ref),
    indicatorId: row.indicatorId,
    indicatorName: row.indicatorId ? (names.get(row.indicatorId) ?? null) : null,
    resultScore: row.resultScore,
    resultMax: row.resultMax,
    resultRank: row.resultRank,
    version: row.version,
    nodes: nodes
      .filter((n) => n.cityIndicatorId === row.id)
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.name < b.name ? -1 : 1))
      .map(presentNode),
  };
}

async function names(db: Database, tenantId: string, year: number) {
  const ys = await loadYearScheme(db, tenantId, year);
  return new Map([...(ys?.leaves.values() ?? [])].map((l) => [l.id, l.name]));
}

async function load(db: Database, actor: Actor, where: SQL | undefined): Promise<CityIndicator[]> {
  const rows = await db
    .select()
    .from(cityIndicators)
    .where(and(scope(actor), where))
    .orderBy(asc(cityIndicators.year), asc(cityIndicators.code));
  if (rows.length === 0) return [];
  const nodes = await db
    .select()
    .from(cityIndicatorNodes)
    .where(
      and(
        eq(cityIndicatorNodes.tenantId, actor.tenantId),
        inArray(
          cityIndicatorNodes.cityIndicatorId,
          rows.map((r) => r.id),
        ),
      ),
    );
  const unitsById = await unitRefs(db, actor.tenantId);
  const byYear = new Map<number, Map<string, string>>();
  for (const y of new Set(rows.map((r) => r.year))) byYear.set(y, await names(db, actor.tenantId, y));
  return rows.map((r) => present(r, nodes, unitsById, byYear.get(r.year) ?? new Map()));
}

export async function listCity(db: Database, actor: Actor, year: number): Promise<CityIndicator[]> {
  return load(db, actor, eq(cityIndicators.year, year));
}

export async function getCity(db: Database, actor: Actor, id: string): Promise<CityIndicator> {
  const [one] = await load(db, actor, eq(cityIndicators.id, id));
  if (!one) throw notFound('市考指标', 'City indicator');
  return one;
}

async function checkUnits(db: Database, actor: Actor, ids: string[], path: string) {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), inArray(units.id, ids)));
  const found = new Set(rows.map((r) => r.id));
  const details = ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: ids.length === 1 ? path : `${path}[${i}]`, message: 'i18n:unit_not_found' }],
  );
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', {}, details);
}

/** Lead unit first, no duplicates. */
const unitList = (lead: string | null | undefined, ids: string[]) => [...new Set([...(lead ? [lead] : []), ...ids])];

export async function createCity(db: Database, actor: Actor, input: CreateCityIndicator): Promise<CityIndicator> {
  return db.transaction(async (tx) => {
    const all = unitList(input.leadUnitId, input.unitIds);
    await checkUnits(tx, actor, all, 'unitIds');
    // The linked county indicator is normally one scored by `upper`.
    await requireSchemeLeaf(tx, actor.tenantId, input.year, input.indicatorId);
    const [dup] = await tx
      .select({ id: cityIndicators.id })
      .from(cityIndicators)
      .where(
        and(
          eq(cityIndicators.tenantId, actor.tenantId),
          eq(cityIndicators.year, input.year),
          eq(cityIndicators.code, input.code),
        ),
      );
    if (dup) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'code', message: `${input.code} 已存在 / exists` }]);
    const [row] = await tx
      .insert(cityIndicators)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        code: input.code,
        name: input.name,
        cityDepartment: input.cityDepartment ?? null,
        points: input.points ?? null,
        leadUnitId: input.leadUnitId ?? null,
        unitIds: all,
        indicatorId: input.indicatorId ?? null,
      })
      .returning({ id: cityIndicators.id });
    if (!row) throw new AppError('INTERNAL');
    if (input.nodes.length > 0) {
      await tx
        .insert(cityIndicatorNodes)
        .values(
          input.nodes.map((n) => ({ tenantId: actor.tenantId, cityIndicatorId: row.id, name: n.name, due: n.due })),
        );
    }
    const created = await getCity(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'city.create',
      entityType: 'city_indicator',
      entityId: row.id,
      summary: `新增市考指标：${input.year} 年 ${input.code} ${input.name}`,
      after: created,
    });
    for (const u of all) {
      await notify(tx, {
        tenantId: actor.tenantId,
        to: { unitId: u },
        kind: 'cityDeadline',
        title: `本单位承接市考指标：${input.name}`,
        link: '/city',
        dedupeKey: `city:assigned:${row.id}`,
      });
    }
    return created;
  });
}

export async function updateCity(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateCityIndicator,
): Promise<CityIndicator> {
  return db.transaction(async (tx) => {
    const before = await getCity(tx, actor, id);
    const { version, unitIds, leadUnitId, ...changes } = input;
    const lead = leadUnitId === undefined ? (before.leadUnit?.id ?? null) : leadUnitId;
    const all = unitList(lead, unitIds ?? before.units.map((u) => u.id));
    await checkUnits(tx, actor, all, 'unitIds');
    if (changes.indicatorId !== undefined)
      await requireSchemeLeaf(tx, actor.tenantId, before.year, changes.indicatorId);
    const updated = await tx
      .update(cityIndicators)
      .set({ ...changes, leadUnitId: lead, unitIds: all, version: version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(cityIndicators.tenantId, actor.tenantId),
          eq(cityIndicators.id, id),
          eq(cityIndicators.version, version),
        ),
      )
      .returning({ id: cityIndicators.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getCity(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'city.update',
      entityType: 'city_indicator',
      entityId: id,
      summary: `修改市考指标：${after.year} 年 ${after.code} ${after.name}`,
      before,
      after,
    });
    return after;
  });
}

export async function addCityNode(
  db: Database,
  actor: Actor,
  id: string,
  input: CreateCityNode,
): Promise<CityIndicator> {
  return db.transaction(async (tx) => {
    const ind = await getCity(tx, actor, id);
    await tx.insert(cityIndicatorNodes).values({ tenantId: actor.tenantId, cityIndicatorId: id, ...input });
    const after = await getCity(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'city.node_create',
      entityType: 'city_indicator',
      entityId: id,
      summary: `市考指标 ${ind.code} ${ind.name} 新增节点「${input.name}」（${input.due}）`,
      after: input,
    });
    return after;
  });
}

/**
 * Edits a node, including the city's light for it. A red light opens a red-light item for every responsible unit
 * (R23, source 'city') and tells them.
 */
export async function updateCityNode(
  db: Database,
  actor: Actor,
  nodeId: string,
  input: UpdateCityNode,
): Promise<CityIndicator> {
  return db.transaction(async (tx) => {
    const [node] = await tx
      .select()
      .from(cityIndicatorNodes)
      .where(and(eq(cityIndicatorNodes.tenantId, actor.tenantId), eq(cityIndicatorNodes.id, nodeId)));
    if (!node) throw notFound('市考节点', 'City node');
    const ind = await getCity(tx, actor, node.cityIndicatorId);
    const { version, ...changes } = input;
    const set: Partial<typeof cityIndicatorNodes.$inferInsert> = { ...changes };
    if (changes.light !== undefined) {
      set.lightOn = changes.light === null ? null : (changes.lightOn ?? node.lightOn ?? shanghaiDay());
    }
    const updated = await tx
      .update(cityIndicatorNodes)
      .set({ ...set, version: version + 1 })
      .where(and(eq(cityIndicatorNodes.id, nodeId), eq(cityIndicatorNodes.version, version)))
      .returning();
    const after = updated[0];
    if (!after) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, actor, {
      action: 'city.node_update',
      entityType: 'city_indicator_node',
      entityId: nodeId,
      summary: `市考指标 ${ind.code} ${ind.name} 节点「${after.name}」${
        node.light !== after.light ? `亮灯 ${node.light ?? '无'} → ${after.light ?? '无'}` : '已修改'
      }`,
      before: presentNode(node),
      after: presentNode(after),
    });
    if (after.light === 'red' && node.light !== 'red') {
      const day = after.lightOn ?? shanghaiDay();
      const answerDays = await answerDaysOf(tx, actor.tenantId, ind.year);
      for (const u of ind.units) {
        await openRedLightItem(tx, {
          tenantId: actor.tenantId,
          year: ind.year,
          unitId: u.id,
          source: 'city',
          sourceRef: nodeId,
          indicatorId: ind.indicatorId,
          title: `市考指标「${ind.name}」节点「${after.name}」被市里亮红灯`,
          day,
          answerDays,
        });
        await notify(tx, {
          tenantId: actor.tenantId,
          to: { unitId: u.id },
          kind: 'cityRedLight',
          title: `市考指标「${ind.name}」节点「${after.name}」被亮红灯，请说明原因并提出整改措施`,
          link: '/city',
          dedupeKey: `city:red:${nodeId}`,
        });
      }
    }
    return getCity(tx, actor, node.cityIndicatorId);
  });
}
