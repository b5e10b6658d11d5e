/**
 * Unit groups are the county's data (issue 15, PRODUCT A3): the office creates, renames, reorders and retires
 * them. A group's code is what scheme documents name, so it never changes; a retired group takes no units and
 * no new scheme, and is refused while it still has active units.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { unitGroups, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { CreateGroup, Group, ReorderGroups, UpdateGroup } from './schemas';
import { listGroups } from './service';

export async function getGroup(db: Database, actor: Actor, id: string): Promise<Group> {
  const found = (await listGroups(db, actor)).find((g) => g.id === id);
  if (!found) throw notFound('考核类别', 'Group');
  return found;
}

async function assertFree(db: Database, actor: Actor, field: 'code' | 'name', value: string, exceptId?: string) {
  const column = field === 'code' ? unitGroups.code : unitGroups.name;
  const rows = await db
    .select({ id: unitGroups.id })
    .from(unitGroups)
    .where(and(eq(unitGroups.tenantId, actor.tenantId), eq(column, value)));
  if (rows.some((r) => r.id !== exceptId)) {
    const params =
      field === 'code'
        ? { field: '类别编码', fieldEn: 'Group code', value }
        : { field: '类别名称', fieldEn: 'Group name', value };
    throw new AppError('CONFLICT', params, [{ path: field, message: '' }]);
  }
}

/** Inserts groups (used by the API and the Excel imports); checks are the caller's. */
export async function insertGroups(
  tx: Database,
  tenantId: string,
  rows: { code: string; name: string; kind: string; sortOrder?: number | null }[],
): Promise<{ id: string; code: string; name: string; kind: string }[]> {
  if (rows.length === 0) return [];
  const [last] = await tx
    .select({ max: sql<number | null>`max(${unitGroups.sortOrder})` })
    .from(unitGroups)
    .where(eq(unitGroups.tenantId, tenantId));
  let next = Number(last?.max ?? 0);
  return tx
    .insert(unitGroups)
    .values(
      rows.map((r) => ({
        tenantId,
        code: r.code,
        name: r.name,
        kind: r.kind,
        sortOrder: r.sortOrder ?? (next += 10),
      })),
    )
    .returning({ id: unitGroups.id, code: unitGroups.code, name: unitGroups.name, kind: unitGroups.kind });
}

export async function createGroup(db: Database, actor: Actor, input: CreateGroup): Promise<Group> {
  return db.transaction(async (tx) => {
    await assertFree(tx, actor, 'code', input.code);
    await assertFree(tx, actor, 'name', input.name);
    const [row] = await insertGroups(tx, actor.tenantId, [input]);
    if (!row) throw new AppError('INTERNAL');
    const created = await getGroup(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'group.create',
      entityType: 'unit_group',
      entityId: row.id,
      summary: `新增考核类别 ${created.name}（${created.code}）`,
      after: created,
    });
    return created;
  });
}

export async function updateGroup(db: Database, actor: Actor, id: string, input: UpdateGroup): Promise<Group> {
  return db.transaction(async (tx) => {
    const before = await getGroup(tx, actor, id);
    if (input.name && input.name !== before.name) await assertFree(tx, actor, 'name', input.name, id);
    if (input.retired === true && !before.retired) {
      const active = await tx
        .select({ code: units.code, name: units.name })
        .from(units)
        .where(and(eq(units.tenantId, actor.tenantId), eq(units.groupId, id), eq(units.active, true)))
        .orderBy(asc(units.sortOrder), asc(units.code));
      if (active.length > 0) {
        const names = active.slice(0, 5).map((u) => u.name);
        throw new AppError('GROUP_HAS_UNITS', {
          name: before.name,
          count: active.length,
          units: `${names.join('、')}${active.length > 5 ? ' …' : ''}`,
        });
      }
    }
    const retiredAt =
      input.retired === undefined ? undefined : input.retired ? (before.retired ? undefined : new Date()) : null;
    const updated = await tx
      .update(unitGroups)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
        ...(retiredAt !== undefined ? { retiredAt } : {}),
        version: input.version + 1,
      })
      .where(and(eq(unitGroups.tenantId, actor.tenantId), eq(unitGroups.id, id), eq(unitGroups.version, input.version)))
      .returning({ id: unitGroups.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getGroup(tx, actor, id);
    const action =
      after.retired && !before.retired
        ? 'group.retire'
        : !after.retired && before.retired
          ? 'group.restore'
          : 'group.update';
    const verb = { 'group.retire': '停用', 'group.restore': '恢复', 'group.update': '修改' }[action];
    await recordAudit(tx, actor, {
      action,
      entityType: 'unit_group',
      entityId: id,
      summary: `${verb}考核类别 ${after.name}（${after.code}）`,
      before,
      after,
    });
    return after;
  });
}

/** Puts the listed groups in this order (the others keep theirs, after them). */
export async function reorderGroups(db: Database, actor: Actor, input: ReorderGroups): Promise<Group[]> {
  return db.transaction(async (tx) => {
    const ids = [...new Set(input.ids)];
    const found = await tx
      .select({ id: unitGroups.id })
      .from(unitGroups)
      .where(and(eq(unitGroups.tenantId, actor.tenantId), inArray(unitGroups.id, ids)));
    if (found.length !== ids.length) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'ids', message: 'i18n:group_not_found' }]);
    }
    const before = await listGroups(tx, actor);
    const rest = before.filter((g) => !ids.includes(g.id)).map((g) => g.id);
    const order = [...ids, ...rest];
    for (const [i, gid] of order.entries()) {
      await tx
        .update(unitGroups)
        .set({ sortOrder: (i + 1) * 10, version: sql`${unitGroups.version} + 1` })
        .where(and(eq(unitGroups.tenantId, actor.tenantId), eq(unitGroups.id, gid)));
    }
    const after = await listGroups(tx, actor);
    await recordAudit(tx, actor, {
      action: 'group.reorder',
      entityType: 'unit_group',
      summary: `调整考核类别顺序：${after.map((g) => g.name).join('、')}`,
      before: before.map((g) => g.code),
      after: after.map((g) => g.code),
    });
    return after;
  });
}

/** Codes of the county's retired groups. */
export async function retiredGroupCodes(db: Database, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .select({ code: unitGroups.code })
    .from(unitGroups)
    .where(and(eq(unitGroups.tenantId, tenantId), isNotNull(unitGroups.retiredAt)));
  return new Set(rows.map((r) => r.code));
}
