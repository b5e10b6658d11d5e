import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { reports, unitGroups, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { CreateUnit, Group, Unit, UnitListQuery, UpdateUnit } from './schemas';
import { containing } from '../../lib/like';
import { changedPublishedYear, defaultValidFrom, publishedYears, today, type Validity } from './validity';

type UnitRow = typeof units.$inferSelect & { groupName: string };

export function presentUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind === 'township' ? 'township' : 'department',
    groupId: row.groupId,
    groupName: row.groupName,
    active: row.active,
    validFrom: row.validFrom,
    validTo: row.validTo,
    sortOrder: row.sortOrder,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Data scope: a `unit` user sees only its own unit; everyone else sees the county's units. */
function scope(actor: Actor): SQL | undefined {
  const tenant = eq(units.tenantId, actor.tenantId);
  if (actor.role === 'unit') return and(tenant, eq(units.id, actor.unitId ?? '00000000-0000-0000-0000-000000000000'));
  return tenant;
}

const unitColumns = { unit: units, groupName: unitGroups.name };

export async function listUnits(db: Database, actor: Actor, query: UnitListQuery) {
  const filters: (SQL | undefined)[] = [scope(actor)];
  if (query.q) {
    const like = containing(query.q);
    filters.push(or(ilike(units.name, like), ilike(units.code, like), ilike(units.shortName, like)));
  }
  if (query.groupId) filters.push(eq(units.groupId, query.groupId));
  if (query.kind) filters.push(eq(units.kind, query.kind));
  if (query.active !== undefined) filters.push(eq(units.active, query.active));
  const where = and(...filters);
  const [rows, totals] = await Promise.all([
    db
      .select(unitColumns)
      .from(units)
      .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
      .where(where)
      .orderBy(asc(unitGroups.sortOrder), asc(units.sortOrder), asc(units.code))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(units).where(where),
  ]);
  return {
    items: rows.map((r) => presentUnit({ ...r.unit, groupName: r.groupName })),
    total: totals[0]?.n ?? 0,
  };
}

export async function getUnit(db: Database, actor: Actor, id: string): Promise<Unit> {
  const rows = await db
    .select(unitColumns)
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(and(scope(actor), eq(units.id, id)));
  const row = rows[0];
  if (!row) throw notFound('考核对象', 'Unit');
  return presentUnit({ ...row.unit, groupName: row.groupName });
}

/** The group a unit joins: the county's, not retired, of the unit's kind. */
async function requireGroup(db: Database, actor: Actor, groupId: string, kind?: string) {
  const rows = await db
    .select({ id: unitGroups.id, name: unitGroups.name, kind: unitGroups.kind, retiredAt: unitGroups.retiredAt })
    .from(unitGroups)
    .where(and(eq(unitGroups.tenantId, actor.tenantId), eq(unitGroups.id, groupId)));
  const g = rows[0];
  if (!g) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'groupId', message: 'i18n:group_not_found' }]);
  }
  if (g.retiredAt) throw new AppError('GROUP_RETIRED', { name: g.name }, [{ path: 'groupId', message: '' }]);
  if (kind && g.kind !== kind) {
    const township = g.kind === 'township';
    throw new AppError(
      'GROUP_KIND_MISMATCH',
      { name: g.name, kind: township ? '乡镇' : '县直部门', kindEn: township ? 'township' : 'department' },
      [{ path: 'groupId', message: '' }],
    );
  }
}

function checkOrder(v: Validity) {
  if (v.validFrom && v.validTo && v.validFrom > v.validTo) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'validTo', message: 'i18n:valid_to_before_from' }]);
  }
}

/** Refuses a validity change that would change who was assessed in a published year. */
async function guardPublished(db: Database, actor: Actor, name: string, before: Validity, after: Validity) {
  const year = changedPublishedYear(await publishedYears(db, actor.tenantId), before, after);
  if (year !== null) throw new AppError('UNIT_PUBLISHED_YEAR', { year, name });
}

/** Open reports (draft, submitted, returned) of a unit: retiring it would leave them with no one. */
export async function openReportCount(db: Database, tenantId: string, unitId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reports)
    .where(
      and(
        eq(reports.tenantId, tenantId),
        eq(reports.unitId, unitId),
        inArray(reports.status, ['draft', 'submitted', 'returned']),
      ),
    );
  return Number(row?.n ?? 0);
}

async function assertUnique(db: Database, actor: Actor, field: 'code' | 'name', value: string, exceptId?: string) {
  const column = field === 'code' ? units.code : units.name;
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), eq(column, value)));
  if (rows.some((r) => r.id !== exceptId)) {
    const params = {
      field: field === 'code' ? '单位编码' : '单位名称',
      fieldEn: field === 'code' ? 'Unit code' : 'Unit name',
      value,
    };
    throw new AppError('CONFLICT', params, [{ path: field, message: '' }]);
  }
}

export async function createUnit(db: Database, actor: Actor, input: CreateUnit): Promise<Unit> {
  return db.transaction(async (tx) => {
    await requireGroup(tx, actor, input.groupId, input.kind);
    await assertUnique(tx, actor, 'code', input.code);
    await assertUnique(tx, actor, 'name', input.name);
    const validity: Validity = {
      validFrom: input.validFrom === undefined ? await defaultValidFrom(tx, actor.tenantId) : input.validFrom,
      validTo: input.validTo ?? null,
    };
    checkOrder(validity);
    // A unit that did not exist is never counted in a published year.
    await guardPublished(tx, actor, input.name, { validFrom: '9999-12-31', validTo: null }, validity);
    const [row] = await tx
      .insert(units)
      .values({
        tenantId: actor.tenantId,
        code: input.code,
        name: input.name,
        shortName: input.shortName ?? null,
        kind: input.kind,
        groupId: input.groupId,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        sortOrder: input.sortOrder ?? 0,
        validFrom: validity.validFrom,
        validTo: validity.validTo,
        active: validity.validTo === null || validity.validTo >= today(),
      })
      .returning({ id: units.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getUnit(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'unit.create',
      entityType: 'unit',
      entityId: row.id,
      summary: `新增考核对象 ${created.name}（${created.code}）`,
      after: created,
    });
    return created;
  });
}

export async function updateUnit(db: Database, actor: Actor, id: string, input: UpdateUnit): Promise<Unit> {
  return db.transaction(async (tx) => {
    const before = await getUnit(tx, actor, id);
    if (input.groupId && input.groupId !== before.groupId) {
      await requireGroup(tx, actor, input.groupId, input.kind ?? before.kind);
    }
    if (input.name && input.name !== before.name) await assertUnique(tx, actor, 'name', input.name, id);
    const { version, ...changes } = input;
    // Retiring ends the unit today (unless an end is given); bringing it back opens it again.
    const retiring = input.active === false && before.active;
    const validity: Validity = {
      validFrom: input.validFrom === undefined ? before.validFrom : input.validFrom,
      validTo:
        input.validTo !== undefined
          ? input.validTo
          : retiring
            ? before.validTo !== null && before.validTo < today()
              ? before.validTo
              : today()
            : input.active === true && !before.active
              ? null
              : before.validTo,
    };
    checkOrder(validity);
    await guardPublished(tx, actor, before.name, before, validity);
    const active = input.active ?? (validity.validTo === null || validity.validTo >= today());
    if (retiring || (!active && before.active)) {
      const open = await openReportCount(tx, actor.tenantId, id);
      if (open > 0) throw new AppError('UNIT_OPEN_REPORTS', { name: before.name, count: open });
    }
    const updated = await tx
      .update(units)
      .set({ ...changes, ...validity, active, version: version + 1, updatedAt: new Date() })
      .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, id), eq(units.version, version)))
      .returning({ id: units.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getUnit(tx, actor, id);
    const action =
      input.active === false && before.active
        ? 'unit.deactivate'
        : input.active && !before.active
          ? 'unit.activate'
          : 'unit.update';
    const verb = { 'unit.deactivate': '停用', 'unit.activate': '启用', 'unit.update': '修改' }[action];
    await recordAudit(tx, actor, {
      action,
      entityType: 'unit',
      entityId: id,
      summary: `${verb}考核对象 ${after.name}（${after.code}）`,
      before,
      after,
    });
    return after;
  });
}

export async function listGroups(db: Database, actor: Actor, includeRetired = true): Promise<Group[]> {
  const rows = await db
    .select({ group: unitGroups, unitCount: count(units.id) })
    .from(unitGroups)
    .leftJoin(units, and(eq(units.groupId, unitGroups.id), eq(units.active, true)))
    .where(and(eq(unitGroups.tenantId, actor.tenantId), includeRetired ? undefined : isNull(unitGroups.retiredAt)))
    .groupBy(unitGroups.id)
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code));
  return rows.map((r) => ({
    id: r.group.id,
    code: r.group.code,
    name: r.group.name,
    kind: r.group.kind === 'township' ? 'township' : 'department',
    sortOrder: r.group.sortOrder,
    unitCount: Number(r.unitCount),
    retired: r.group.retiredAt !== null,
    version: r.group.version,
  }));
}
