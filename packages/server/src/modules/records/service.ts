import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { parseDocument } from '../schemes/document';
import { schemes, schemeVersions, unitRecords, units } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { Scheme } from '@yardstick/engine';
import { choicesOf, matchRecord, type RecordFields, type RuleChoice } from './match';
import {
  RECORD_KIND_NAMES,
  RECORD_KINDS,
  type CreateRecord,
  type RecordChoicesBody,
  type RecordKind,
  type RecordListQuery,
  type UnitRecord,
  type UpdateRecord,
} from './schemas';
import { containing } from '../../lib/like';

type RecordRow = typeof unitRecords.$inferSelect & { unitCode: string; unitName: string };

// The columns are plain text; only the API and the import write them, always from these lists.
const asKind = (v: string): RecordKind => RECORD_KINDS.find((k) => k === v) ?? 'bonus';

export function presentRecord(row: RecordRow): UnitRecord {
  return {
    id: row.id,
    year: row.year,
    unitId: row.unitId,
    unitCode: row.unitCode,
    unitName: row.unitName,
    kind: asKind(row.kind),
    ruleId: row.ruleId,
    level: row.level,
    achievementKey: row.achievementKey,
    title: row.title,
    documentNo: row.documentNo,
    issuedOn: row.issuedOn,
    amount: row.amount,
    count: row.count,
    repeat: row.repeat,
    note: row.note,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Data scope: the county's records; a `unit` user (should the role ever be granted records:read) only its own
 * unit's. The join on units keeps another county's unit out even if a record pointed at it.
 */
function scope(actor: Actor): SQL | undefined {
  const tenant = and(eq(unitRecords.tenantId, actor.tenantId), eq(units.tenantId, actor.tenantId));
  if (actor.role === 'unit') {
    return and(tenant, eq(unitRecords.unitId, actor.unitId ?? '00000000-0000-0000-0000-000000000000'));
  }
  return tenant;
}

const columns = { record: unitRecords, unitCode: units.code, unitName: units.name };

/**
 * 数据提供单位 (issue 17): a department's account enters the records of the rules whose data its unit supplies
 * (`provider` in the year's scheme) — nothing else. `null` for everyone else (the office's records:write).
 */
export interface Provided {
  code: string;
  year: number;
  rules: Record<'bonus' | 'deduction' | 'veto', Set<string>>;
  /** The provided rules' names, for messages. */
  names: string[];
}

/** The rules of the year's scheme that the actor's unit provides the data of (none without a scheme). */
export async function providedRules(db: Database, actor: Actor, year: number): Promise<Provided> {
  const code = await actorUnitCode(db, actor);
  if (code === null) throw new AppError('FORBIDDEN');
  const found = await schemeForRecords(db, actor.tenantId, year);
  const names: string[] = [];
  const of = (list: { id: string; name?: string | undefined; provider?: string | undefined }[]) => {
    const mine = list.filter((r) => r.provider === code);
    names.push(...mine.map((r) => r.name ?? r.id));
    return new Set(mine.map((r) => r.id));
  };
  return {
    code,
    year,
    names,
    rules: found
      ? {
          bonus: of(found.scheme.bonus.categories),
          deduction: of(found.scheme.deductions),
          veto: of(found.scheme.vetoes),
        }
      : { bonus: new Set(), deduction: new Set(), veto: new Set() },
  };
}

async function actorUnitCode(db: Database, actor: Actor): Promise<string | null> {
  if (actor.role !== 'assessor' || !actor.unitId) return null;
  const [u] = await db
    .select({ code: units.code })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, actor.unitId)));
  return u?.code ?? null;
}

const isProvided = (p: Provided, kind: string, ruleId: string | null | undefined) =>
  ruleId != null && (kind === 'bonus' || kind === 'deduction' || kind === 'veto') && p.rules[kind].has(ruleId);

/** A provider may write only a record of a rule it provides; the message lists those it does. */
function requireProvided(p: Provided, kind: string, ruleId: string | null | undefined): void {
  if (isProvided(p, kind, ruleId)) return;
  throw new AppError('RECORD_NOT_PROVIDED', { year: p.year, rule: ruleId ?? '', rules: p.names.join('、') || '无' });
}

/** The SQL filter of a provider's records: its rules of the year, by kind. */
function providedFilter(p: Provided): SQL {
  const parts = (['bonus', 'deduction', 'veto'] as const)
    .filter((k) => p.rules[k].size > 0)
    .map((k) => and(eq(unitRecords.kind, k), inArray(unitRecords.ruleId, [...p.rules[k]])));
  return and(eq(unitRecords.year, p.year), parts.length > 0 ? or(...parts) : sql`false`) as SQL;
}

export async function listRecords(db: Database, actor: Actor, query: RecordListQuery, provided?: Provided) {
  const filters: (SQL | undefined)[] = [scope(actor)];
  if (provided) filters.push(providedFilter(provided));
  if (query.year !== undefined) filters.push(eq(unitRecords.year, query.year));
  if (query.kind) filters.push(eq(unitRecords.kind, query.kind));
  if (query.unitId) filters.push(eq(unitRecords.unitId, query.unitId));
  if (query.q) {
    const like = containing(query.q);
    filters.push(or(ilike(unitRecords.title, like), ilike(unitRecords.documentNo, like), ilike(units.name, like)));
  }
  const where = and(...filters);
  const [rows, totals] = await Promise.all([
    db
      .select(columns)
      .from(unitRecords)
      .innerJoin(units, eq(units.id, unitRecords.unitId))
      .where(where)
      .orderBy(desc(unitRecords.year), asc(units.code), asc(unitRecords.kind), asc(unitRecords.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(unitRecords).innerJoin(units, eq(units.id, unitRecords.unitId)).where(where),
  ]);
  return {
    items: rows.map((r) => presentRecord({ ...r.record, unitCode: r.unitCode, unitName: r.unitName })),
    total: totals[0]?.n ?? 0,
  };
}

export async function getRecord(db: Database, actor: Actor, id: string, provider = false): Promise<UnitRecord> {
  const rows = await db
    .select(columns)
    .from(unitRecords)
    .innerJoin(units, eq(units.id, unitRecords.unitId))
    .where(and(scope(actor), eq(unitRecords.id, id)));
  const row = rows[0];
  if (!row) throw notFound('记录', 'Record');
  // a provider sees only the records of its own rules: any other answers like a missing one
  if (provider && !isProvided(await providedRules(db, actor, row.record.year), row.record.kind, row.record.ruleId))
    throw notFound('记录', 'Record');
  return presentRecord({ ...row.record, unitCode: row.unitCode, unitName: row.unitName });
}

/** The unit must be one of the county's units; another county's unit answers like a missing one. */
async function requireUnit(db: Database, actor: Actor, unitId: string) {
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, unitId)));
  if (!rows[0]) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_not_found' }]);
}

/**
 * The scheme a record of the year is checked against: the published version, else the draft being prepared (the
 * compute checks again against the published one, so a record the draft allowed but publication dropped blocks).
 */
export async function schemeForRecords(
  db: Database,
  tenantId: string,
  year: number,
): Promise<{ scheme: Scheme; versionNo: number; published: boolean } | null> {
  const [s] = await db
    .select({ id: schemes.id, published: schemes.publishedVersion, draft: schemes.draftVersion })
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.year, year)));
  const versionNo = s?.published ?? s?.draft ?? null;
  if (!s || versionNo === null) return null;
  const [v] = await db
    .select({ document: schemeVersions.document })
    .from(schemeVersions)
    .where(and(eq(schemeVersions.schemeId, s.id), eq(schemeVersions.versionNo, versionNo)));
  if (!v) return null;
  return { scheme: parseDocument(v.document).engine, versionNo, published: s.published !== null };
}

/** The rules, categories and levels a record of the year may name (what the form and the template offer). */
export async function recordChoices(
  db: Database,
  actor: Actor,
  year: number,
  provided?: Provided,
): Promise<RecordChoicesBody> {
  const found = await schemeForRecords(db, actor.tenantId, year);
  if (!found) return { year, schemeVersionNo: null, published: false, bonus: [], deduction: [], veto: [] };
  const all = choicesOf(found.scheme);
  // a provider is offered only its own rules
  const choices = provided
    ? {
        bonus: all.bonus.filter((r) => r.provider === provided.code),
        deduction: all.deduction.filter((r) => r.provider === provided.code),
        veto: all.veto.filter((r) => r.provider === provided.code),
      }
    : all;
  const codes = [
    ...new Set([...choices.bonus, ...choices.deduction, ...choices.veto].flatMap((r) => r.provider ?? [])),
  ];
  const names = new Map(
    codes.length === 0
      ? []
      : (
          await db
            .select({ code: units.code, name: units.name, shortName: units.shortName })
            .from(units)
            .where(and(eq(units.tenantId, actor.tenantId), inArray(units.code, codes)))
        ).map((u) => [u.code, u.shortName ?? u.name]),
  );
  const named = (rules: RuleChoice[]) =>
    rules.map((r) => ({
      ...r,
      provider: r.provider ? { code: r.provider, name: names.get(r.provider) ?? r.provider } : null,
    }));
  return {
    year,
    schemeVersionNo: found.versionNo,
    published: found.published,
    bonus: named(choices.bonus),
    deduction: named(choices.deduction),
    veto: named(choices.veto),
  };
}

/** Refuses (400) a record that names a rule, category or level the year's scheme lacks, listing the valid ones. */
async function requireMatch(db: Database, actor: Actor, year: number, fields: RecordFields): Promise<void> {
  const found = await schemeForRecords(db, actor.tenantId, year);
  if (!found) throw new AppError('RECORD_NO_SCHEME', { year }, [{ path: 'ruleId', message: '' }]);
  const misses = matchRecord(found.scheme, fields);
  if (misses.length === 0) return;
  throw new AppError(
    'RECORD_NOT_IN_SCHEME',
    { year, zh: misses.map((m) => m.message['zh-CN']).join('；'), en: misses.map((m) => m.message.en).join('; ') },
    misses.map((m) => ({ path: m.field, message: '', messages: m.message })),
  );
}

const describe = (r: Pick<UnitRecord, 'kind' | 'title' | 'unitName' | 'year'>) =>
  `${r.year} 年 ${r.unitName} ${RECORD_KIND_NAMES[r.kind]['zh-CN']}「${r.title}」`;

export async function createRecord(
  db: Database,
  actor: Actor,
  input: CreateRecord,
  provider = false,
): Promise<UnitRecord> {
  return db.transaction(async (tx) => {
    if (provider) requireProvided(await providedRules(tx, actor, input.year), input.kind, input.ruleId);
    await requireUnit(tx, actor, input.unitId);
    await requireMatch(tx, actor, input.year, {
      kind: input.kind,
      ruleId: input.ruleId ?? null,
      level: input.level ?? null,
      amount: input.amount ?? null,
      count: input.count ?? 1,
      repeat: input.repeat ?? false,
    });
    const [row] = await tx
      .insert(unitRecords)
      .values({
        tenantId: actor.tenantId,
        year: input.year,
        unitId: input.unitId,
        kind: input.kind,
        ruleId: input.ruleId ?? null,
        level: input.level ?? null,
        achievementKey: input.achievementKey ?? null,
        title: input.title,
        documentNo: input.documentNo ?? null,
        issuedOn: input.issuedOn ?? null,
        amount: input.amount ?? null,
        count: input.count ?? 1,
        repeat: input.repeat ?? false,
        note: input.note ?? null,
        createdBy: actor.userId,
      })
      .returning({ id: unitRecords.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getRecord(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'record.create',
      entityType: 'unit_record',
      entityId: row.id,
      summary: `新增记录：${describe(created)}`,
      after: created,
    });
    return created;
  });
}

export async function updateRecord(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateRecord,
  provider = false,
): Promise<UnitRecord> {
  return db.transaction(async (tx) => {
    const before = await getRecord(tx, actor, id, provider);
    if (input.unitId) await requireUnit(tx, actor, input.unitId);
    const pick = <K extends keyof UpdateRecord & keyof UnitRecord>(k: K) =>
      input[k] === undefined ? before[k] : input[k];
    // a provider cannot move a record to a rule it does not provide
    if (provider)
      requireProvided(await providedRules(tx, actor, before.year), input.kind ?? before.kind, pick('ruleId'));
    await requireMatch(tx, actor, before.year, {
      kind: input.kind ?? before.kind,
      ruleId: pick('ruleId') ?? null,
      level: pick('level') ?? null,
      amount: pick('amount') ?? null,
      count: pick('count') ?? 1,
      repeat: pick('repeat') ?? false,
    });
    const { version, ...changes } = input;
    const updated = await tx
      .update(unitRecords)
      .set({ ...changes, version: version + 1, updatedAt: new Date() })
      .where(and(eq(unitRecords.tenantId, actor.tenantId), eq(unitRecords.id, id), eq(unitRecords.version, version)))
      .returning({ id: unitRecords.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getRecord(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'record.update',
      entityType: 'unit_record',
      entityId: id,
      summary: `修改记录：${describe(after)}`,
      before,
      after,
    });
    return after;
  });
}

/** Deletes a record; with `version`, only if nobody changed it since it was read. */
export async function deleteRecord(
  db: Database,
  actor: Actor,
  id: string,
  version?: number,
  provider = false,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getRecord(tx, actor, id, provider);
    if (version !== undefined && version !== before.version) throw new AppError('VERSION_CONFLICT');
    await tx.delete(unitRecords).where(and(eq(unitRecords.tenantId, actor.tenantId), eq(unitRecords.id, id)));
    await recordAudit(tx, actor, {
      action: 'record.delete',
      entityType: 'unit_record',
      entityId: id,
      summary: `删除记录：${describe(before)}`,
      before,
    });
  });
}
