/**
 * Leadership teams and principal leaders per unit and year (R35), for the organisation department's cadre files.
 * Only the office and leaders read them (cadres:read), and every read writes an audit entry.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { unitLeaders, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { resultsUse } from '../resultsuse/service';
import { unitRefs } from '../units/refs';
import { cadreRows, leaderOrder, presentLeader } from './files';
import type { CadreFiles, CreateLeader, Leader, LeaderList, UpdateLeader } from './schemas';

const OPEN_END = '9999-12-31';

export async function listLeaders(db: Database, actor: Actor, year: number, unitId?: string): Promise<LeaderList> {
  const rows = await db
    .select()
    .from(unitLeaders)
    .where(
      and(
        eq(unitLeaders.tenantId, actor.tenantId),
        eq(unitLeaders.year, year),
        unitId ? eq(unitLeaders.unitId, unitId) : undefined,
      ),
    )
    .orderBy(asc(unitLeaders.unitId), asc(unitLeaders.startedOn));
  const refs = await unitRefs(db, actor.tenantId);
  const items = rows
    .map((r) => presentLeader(r, refs.get(r.unitId) ?? { id: r.unitId, code: '?', name: '?' }))
    .sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0) || leaderOrder(a, b));
  // Personnel data: every read is on the record (who read which unit's leaders, when).
  await recordAudit(db, actor, {
    action: 'cadres.read',
    entityType: 'unit_leaders',
    ...(unitId ? { entityId: unitId } : {}),
    summary: `查阅 ${year} 年${unitId ? ` ${refs.get(unitId)?.name ?? ''} ` : '各单位'}领导班子信息（${items.length} 条）`,
  });
  return { items };
}

async function getLeader(db: Database, actor: Actor, id: string): Promise<Leader> {
  const [r] = await db
    .select()
    .from(unitLeaders)
    .where(and(eq(unitLeaders.tenantId, actor.tenantId), eq(unitLeaders.id, id)));
  if (!r) throw notFound('领导班子成员', 'Leader');
  const refs = await unitRefs(db, actor.tenantId);
  return presentLeader(r, refs.get(r.unitId) ?? { id: r.unitId, code: '?', name: '?' });
}

/**
 * A term lies in its year and ends after it starts; a post is held by one person at a time when it is a principal
 * post, and nobody holds the same post twice at once. Anything else is refused with nothing written.
 */
async function checkTerm(
  db: Database,
  actor: Actor,
  t: {
    id?: string;
    year: number;
    unitId: string;
    name: string;
    post: string;
    principal: boolean;
    startedOn: string;
    endedOn: string | null;
  },
) {
  const bad = (path: string, zh: string, en: string) =>
    new AppError('VALIDATION_FAILED', {}, [{ path, message: '', messages: { 'zh-CN': zh, en } }]);
  if (t.endedOn !== null && t.endedOn < t.startedOn) {
    throw bad('endedOn', '离任日期不能早于任职日期', 'The end date cannot be before the start date');
  }
  if (t.startedOn > `${t.year}-12-31` || (t.endedOn !== null && t.endedOn < `${t.year}-01-01`)) {
    throw bad('startedOn', `任职时间须与 ${t.year} 年有交集`, `The term must overlap the year ${t.year}`);
  }
  const [unit] = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, t.unitId)));
  if (!unit) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_not_found' }]);
  const others = await db
    .select()
    .from(unitLeaders)
    .where(
      and(
        eq(unitLeaders.tenantId, actor.tenantId),
        eq(unitLeaders.year, t.year),
        eq(unitLeaders.unitId, t.unitId),
        eq(unitLeaders.post, t.post),
        t.id ? ne(unitLeaders.id, t.id) : undefined,
      ),
    );
  const end = t.endedOn ?? OPEN_END;
  for (const o of others) {
    const overlaps = o.startedOn <= end && t.startedOn <= (o.endedOn ?? OPEN_END);
    if (overlaps && (t.principal || o.principal || o.name === t.name)) {
      throw new AppError('CADRE_TERM_OVERLAP', {
        unit: unit.name,
        post: t.post,
        name: o.name,
        from: o.startedOn,
        to: o.endedOn ?? '今',
      });
    }
  }
}

const describe = (l: Leader) =>
  `${l.year} 年 ${l.unit.name} ${l.post} ${l.name}（${l.startedOn} 至 ${l.endedOn ?? '今'}）`;

export async function createLeader(db: Database, actor: Actor, input: CreateLeader): Promise<Leader> {
  return db.transaction(async (tx) => {
    const endedOn = input.endedOn ?? null;
    await checkTerm(tx, actor, { ...input, endedOn });
    const [row] = await tx
      .insert(unitLeaders)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        unitId: input.unitId,
        name: input.name,
        post: input.post,
        principal: input.principal,
        startedOn: input.startedOn,
        endedOn,
        note: input.note ?? null,
        createdBy: actor.userId,
      })
      .returning({ id: unitLeaders.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getLeader(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'cadres.create',
      entityType: 'unit_leader',
      entityId: row.id,
      summary: `登记领导班子成员：${describe(created)}`,
      after: created,
    });
    return created;
  });
}

export async function updateLeader(db: Database, actor: Actor, id: string, input: UpdateLeader): Promise<Leader> {
  return db.transaction(async (tx) => {
    const before = await getLeader(tx, actor, id);
    const { version, ...changes } = input;
    const next = {
      id,
      year: before.year,
      unitId: before.unit.id,
      name: changes.name ?? before.name,
      post: changes.post ?? before.post,
      principal: changes.principal ?? before.principal,
      startedOn: changes.startedOn ?? before.startedOn,
      endedOn: changes.endedOn === undefined ? before.endedOn : changes.endedOn,
    };
    await checkTerm(tx, actor, next);
    const updated = await tx
      .update(unitLeaders)
      .set({ ...changes, version: version + 1, updatedAt: new Date() })
      .where(and(eq(unitLeaders.tenantId, actor.tenantId), eq(unitLeaders.id, id), eq(unitLeaders.version, version)))
      .returning({ id: unitLeaders.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getLeader(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'cadres.update',
      entityType: 'unit_leader',
      entityId: id,
      summary: `修改领导班子成员：${describe(after)}`,
      before,
      after,
    });
    return after;
  });
}

export async function deleteLeader(db: Database, actor: Actor, id: string, version: number): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getLeader(tx, actor, id);
    const gone = await tx
      .delete(unitLeaders)
      .where(and(eq(unitLeaders.tenantId, actor.tenantId), eq(unitLeaders.id, id), eq(unitLeaders.version, version)))
      .returning({ id: unitLeaders.id });
    if (gone.length === 0) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, actor, {
      action: 'cadres.delete',
      entityType: 'unit_leader',
      entityId: id,
      summary: `删除领导班子成员：${describe(before)}`,
      before,
    });
  });
}

/** The cadre file of a published year: tier, rank history, consequences and leaders per unit. Audited. */
export async function cadreFiles(db: Database, actor: Actor, year: number): Promise<CadreFiles> {
  const use = await resultsUse(db, actor, year);
  const rows = await cadreRows(db, actor, use);
  await recordAudit(db, actor, {
    action: 'cadres.read',
    entityType: 'unit_leaders',
    summary: `查阅 ${year} 年考核结果与干部档案（${rows.length} 个单位、${rows.reduce((a, r) => a + r.leaders.length, 0)} 名领导班子成员）`,
  });
  return { year, snapshotSeq: use.snapshotSeq, units: rows };
}
