/**
 * The schemes module's data access: one named function per query over `schemes`, `scheme_versions` and the
 * county tables validation reads. No access checks, presenters or audit records here: `service.ts` decides
 * who sees what, runs the transactions (passing `tx` as `db`) and shapes the answers.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { schemes, schemeVersions, unitGroups, units, users } from '../../db/schema';

export type SchemeRow = typeof schemes.$inferSelect;
export type VersionRow = typeof schemeVersions.$inferSelect;

export const schemeColumns = {
  id: schemes.id,
  tenantId: schemes.tenantId,
  year: schemes.year,
  name: schemes.name,
  publishedVersion: schemes.publishedVersion,
  draftVersion: schemes.draftVersion,
  version: schemes.version,
  createdAt: schemes.createdAt,
  updatedAt: schemes.updatedAt,
};

export const versionColumns = {
  id: schemeVersions.id,
  tenantId: schemeVersions.tenantId,
  schemeId: schemeVersions.schemeId,
  versionNo: schemeVersions.versionNo,
  status: schemeVersions.status,
  document: schemeVersions.document,
  digest: schemeVersions.digest,
  note: schemeVersions.note,
  createdBy: schemeVersions.createdBy,
  createdAt: schemeVersions.createdAt,
  publishedBy: schemeVersions.publishedBy,
  publishedAt: schemeVersions.publishedAt,
  version: schemeVersions.version,
  indicatorCount: schemeVersions.indicatorCount,
  groupCount: schemeVersions.groupCount,
};

/** What a summary counts of a document: its leaf indicators (as `walkIndicators` walks them) and its groups. */
export interface DocumentCounts {
  indicatorCount: number;
  groupCount: number;
}

export const versionKey = (schemeId: string, versionNo: number) => `${schemeId}:${versionNo}`;

/**
 * `documentCounts` of stored versions, counted in the database in one query (no document leaves it): every
 * group's indicators — its own blocks, else the scheme's shared blocks — walked through `children` with the
 * group's `exclude` cutting whole subtrees, leaves being indicators without children. Keyed by
 * `versionKey(schemeId, versionNo)`; versions not found are missing.
 */
export async function storedDocumentCounts(
  db: Database,
  tenantId: string,
  versions: readonly { schemeId: string; versionNo: number }[],
): Promise<Map<string, DocumentCounts>> {
  const out = new Map<string, DocumentCounts>();
  if (versions.length === 0) return out;
  // Counts stored when the version was written; only rows written before they were stored are counted here.
  const wantedKeys = new Set(versions.map((v) => versionKey(v.schemeId, v.versionNo)));
  const stored = await db
    .select({
      schemeId: schemeVersions.schemeId,
      versionNo: schemeVersions.versionNo,
      indicatorCount: schemeVersions.indicatorCount,
      groupCount: schemeVersions.groupCount,
    })
    .from(schemeVersions)
    .where(
      and(
        eq(schemeVersions.tenantId, tenantId),
        inArray(schemeVersions.schemeId, [...new Set(versions.map((v) => v.schemeId))]),
      ),
    );
  for (const r of stored) {
    const key = versionKey(r.schemeId, r.versionNo);
    if (wantedKeys.has(key) && r.indicatorCount !== null && r.groupCount !== null) {
      out.set(key, { indicatorCount: r.indicatorCount, groupCount: r.groupCount });
    }
  }
  const missing = versions.filter((v) => !out.has(versionKey(v.schemeId, v.versionNo)));
  if (missing.length > 0) for (const [k, c] of await countInDatabase(db, tenantId, missing)) out.set(k, c);
  return out;
}

/** The same counts walked in SQL over the stored documents (slow on large documents: a fallback only). */
async function countInDatabase(
  db: Database,
  tenantId: string,
  versions: readonly { schemeId: string; versionNo: number }[],
): Promise<Map<string, DocumentCounts>> {
  const out = new Map<string, DocumentCounts>();
  const wanted = sql.join(
    versions.map((v) => sql`(${v.schemeId}::uuid, ${v.versionNo}::int)`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    with recursive cur as (
      select v.scheme_id, v.version_no, v.document -> 'engine' as e
      from scheme_versions v
      where v.tenant_id = ${tenantId} and (v.scheme_id, v.version_no) in (${wanted})
    ),
    grp as (
      select c.scheme_id, c.version_no, coalesce(g.value -> 'exclude', '[]'::jsonb) as excl,
             case when jsonb_typeof(g.value -> 'blocks') = 'array' then g.value -> 'blocks' else c.e -> 'blocks' end
               as blocks
      from cur c cross join lateral jsonb_array_elements(c.e -> 'groups') g
    ),
    node as (
      select grp.scheme_id, grp.version_no, grp.excl, i.value as ind
      from grp
      cross join lateral jsonb_array_elements(grp.blocks) b
      cross join lateral jsonb_array_elements(b.value -> 'indicators') i
      where not grp.excl @> jsonb_build_array(i.value -> 'id')
      union all
      select n.scheme_id, n.version_no, n.excl, ch.value
      from node n
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(n.ind -> 'children') = 'array' then n.ind -> 'children' else '[]'::jsonb end
      ) ch
      where not n.excl @> jsonb_build_array(ch.value -> 'id')
    ),
    leaves as (
      select scheme_id, version_no, count(*)::int as n
      from node
      where coalesce(jsonb_array_length(
        case when jsonb_typeof(ind -> 'children') = 'array' then ind -> 'children' end
      ), 0) = 0
      group by scheme_id, version_no
    )
    select c.scheme_id::text as scheme_id, c.version_no,
           coalesce(l.n, 0) as indicators,
           coalesce(jsonb_array_length(
             case when jsonb_typeof(c.e -> 'groups') = 'array' then c.e -> 'groups' end
           ), 0) as groups
    from cur c left join leaves l on l.scheme_id = c.scheme_id and l.version_no = c.version_no
  `)) as unknown as { rows: { scheme_id: string; version_no: number; indicators: number; groups: number }[] };
  for (const r of result.rows) {
    out.set(versionKey(r.scheme_id, Number(r.version_no)), {
      indicatorCount: Number(r.indicators),
      groupCount: Number(r.groups),
    });
  }
  return out;
}

/** A scheme of the county by id; `forUpdate` locks the row until the transaction ends. */
export async function schemeById(
  db: Database,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<SchemeRow | undefined> {
  const q = db
    .select(schemeColumns)
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.id, id)));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0];
}

/** The county's scheme of a year. */
export async function schemeOfYear(db: Database, tenantId: string, year: number): Promise<SchemeRow | undefined> {
  const rows = await db
    .select(schemeColumns)
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.year, year)));
  return rows[0];
}

/** The id of the county's scheme of a year, if there is one. */
export async function schemeIdOfYear(db: Database, tenantId: string, year: number): Promise<string | undefined> {
  const rows = await db
    .select({ id: schemes.id })
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.year, year)));
  return rows[0]?.id;
}

/** The county's schemes, newest year first. */
export function schemesOfTenant(db: Database, tenantId: string): Promise<SchemeRow[]> {
  return db.select(schemeColumns).from(schemes).where(eq(schemes.tenantId, tenantId)).orderBy(desc(schemes.year));
}

/** One stored version of a scheme. */
export async function versionByNo(
  db: Database,
  tenantId: string,
  schemeId: string,
  no: number,
): Promise<VersionRow | undefined> {
  const rows = await db
    .select(versionColumns)
    .from(schemeVersions)
    .where(
      and(
        eq(schemeVersions.tenantId, tenantId),
        eq(schemeVersions.schemeId, schemeId),
        eq(schemeVersions.versionNo, no),
      ),
    );
  return rows[0];
}

const { document: _document, ...versionInfoColumns } = versionColumns;

/** A scheme's versions without their documents, newest first. */
export function versionInfosOf(db: Database, tenantId: string, schemeId: string) {
  return db
    .select(versionInfoColumns)
    .from(schemeVersions)
    .where(and(eq(schemeVersions.tenantId, tenantId), eq(schemeVersions.schemeId, schemeId)))
    .orderBy(desc(schemeVersions.versionNo));
}

/** Display names of the county's users by id (the authors and publishers of versions). */
export async function userNames(
  db: Database,
  tenantId: string,
  userIds: readonly string[],
): Promise<{ id: string; displayName: string }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...userIds])));
}

/** The county's unit groups and units, in their display order: what validation checks codes against. */
export function countyGroupsAndUnits(db: Database, tenantId: string) {
  return Promise.all([
    db
      .select({ id: unitGroups.id, code: unitGroups.code, name: unitGroups.name, retiredAt: unitGroups.retiredAt })
      .from(unitGroups)
      .where(eq(unitGroups.tenantId, tenantId))
      .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code)),
    db
      .select({ code: units.code, name: units.name, kind: units.kind, groupId: units.groupId, active: units.active })
      .from(units)
      .where(eq(units.tenantId, tenantId))
      .orderBy(asc(units.sortOrder), asc(units.code)),
  ]);
}

/** A new scheme row (its first version is inserted apart). */
export async function insertSchemeRow(
  db: Database,
  values: { tenantId: string; year: number; name: string; draftVersion: number },
): Promise<SchemeRow | undefined> {
  const [row] = await db.insert(schemes).values(values).returning(schemeColumns);
  return row;
}

/** A new stored version. */
export async function insertVersion(
  db: Database,
  values: typeof schemeVersions.$inferInsert,
): Promise<VersionRow | undefined> {
  const [row] = await db.insert(schemeVersions).values(values).returning(versionColumns);
  return row;
}

/**
 * Changes a version that is still a draft at the expected optimistic version; undefined when it is not (a
 * concurrent save or publish won).
 */
export async function updateDraftVersion(
  db: Database,
  versionId: string,
  expectedVersion: number,
  set: Partial<typeof schemeVersions.$inferInsert>,
): Promise<VersionRow | undefined> {
  const [row] = await db
    .update(schemeVersions)
    .set(set)
    .where(
      and(
        eq(schemeVersions.id, versionId),
        eq(schemeVersions.status, 'draft'),
        eq(schemeVersions.version, expectedVersion),
      ),
    )
    .returning(versionColumns);
  return row;
}

/** The published version of a scheme becomes superseded (a newer one is being published). */
export async function supersedeVersion(db: Database, schemeId: string, versionNo: number): Promise<void> {
  await db
    .update(schemeVersions)
    .set({ status: 'superseded' })
    .where(
      and(
        eq(schemeVersions.schemeId, schemeId),
        eq(schemeVersions.versionNo, versionNo),
        eq(schemeVersions.status, 'published'),
      ),
    );
}

/** Changes a scheme row; with `expectedVersion`, only when the row is still at that optimistic version. */
export async function updateSchemeRow(
  db: Database,
  id: string,
  set: Partial<typeof schemes.$inferInsert>,
  expectedVersion?: number,
): Promise<SchemeRow | undefined> {
  const [row] = await db
    .update(schemes)
    .set(set)
    .where(
      expectedVersion === undefined
        ? eq(schemes.id, id)
        : and(eq(schemes.id, id), eq(schemes.version, expectedVersion)),
    )
    .returning(schemeColumns);
  return row;
}
