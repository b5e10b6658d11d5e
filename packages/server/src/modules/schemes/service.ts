/**
 * Schemes: who sees which scheme and version, the drafts' life (save, new version, publish) in transactions with
 * their audit records, and the answers' shapes. The queries are in `queries.ts`.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client';
import { AppError, notFound, type Locale } from '../../errors';
import { canonicalJson, recordAudit } from '../audit/service';
import { systemActor, type Actor } from '../auth/actor';
import { can } from '../auth/roles';
import { diffDocuments } from './diff';
import { copyDocument, leafCount, parseDocument, type SchemeDocument } from './document';
import type {
  CreateScheme,
  DiffQuery,
  DraftSaved,
  Publish,
  SchemeDetail,
  SchemeDiff,
  SchemeSummary,
  SchemeVersionView,
  ValidationReport,
  VersionInfo,
  VersionStatus,
} from './schemas';
import { lastYearReview } from './review-items';
import { validateDocument, type CountyContext } from './validation';
import { DEFAULT_TIERS } from '../resultsuse/config';
import {
  countyGroupsAndUnits,
  insertSchemeRow,
  insertVersion,
  schemeById,
  schemeIdOfYear,
  schemeOfYear,
  schemesOfTenant,
  storedDocumentCounts,
  supersedeVersion,
  updateDraftVersion,
  updateSchemeRow,
  userNames,
  versionByNo,
  versionInfosOf,
  versionKey,
  type DocumentCounts,
  type SchemeRow,
  type VersionRow,
} from './queries';

export { storedDocumentCounts, type DocumentCounts } from './queries';

/** SHA-256 of the canonical JSON of a document: what publishing fixes and the audit log records. */
export function documentDigest(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

function asStatus(s: string): VersionStatus {
  return s === 'published' || s === 'superseded' ? s : 'draft';
}

/** The version people see first: the draft being edited, else the one in force. */
function currentNo(s: SchemeRow): number | null {
  return s.draftVersion ?? s.publishedVersion;
}

export function documentCounts(doc: SchemeDocument | null): DocumentCounts {
  return { indicatorCount: doc ? leafCount(doc) : 0, groupCount: doc ? doc.engine.groups.length : 0 };
}

function presentSummary(s: SchemeRow, c: DocumentCounts): SchemeSummary {
  return {
    id: s.id,
    year: s.year,
    name: s.name,
    publishedVersion: s.publishedVersion,
    draftVersion: s.draftVersion,
    indicatorCount: c.indicatorCount,
    groupCount: c.groupCount,
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
  };
}

function presentVersion(s: SchemeRow, v: VersionRow): SchemeVersionView {
  return {
    schemeId: s.id,
    year: s.year,
    versionNo: v.versionNo,
    status: asStatus(v.status),
    version: v.version,
    // parsed when saved (storedDocument parses again where the engine needs the types)
    document: v.document as SchemeDocument,
    digest: v.digest,
  };
}

/** Stored documents were parsed before saving; parsing again only restores the types. */
function storedDocument(v: VersionRow): SchemeDocument {
  return parseDocument(v.document, `versions[${v.versionNo}].document`);
}

/**
 * Data scope: the county's schemes only; drafts are the office's work in progress, so readers without
 * `schemes:write` see published (and superseded) versions only, and a scheme never published not at all.
 */
const SYSTEM_USER_ID = systemActor('').userId;

function seesDrafts(actor: Actor): boolean {
  // The CLI and the seeder act as the system on the office's behalf.
  return can(actor.role, 'schemes:write') || actor.userId === SYSTEM_USER_ID;
}

function asSeenBy(actor: Actor, s: SchemeRow): SchemeRow | null {
  if (seesDrafts(actor)) return s;
  return s.publishedVersion === null ? null : { ...s, draftVersion: null };
}

async function requireScheme(db: Database, actor: Actor, id: string): Promise<SchemeRow> {
  const found = await schemeById(db, actor.tenantId, id);
  const row = found ? asSeenBy(actor, found) : null;
  if (!row) throw notFound('考核方案', 'Scheme');
  return row;
}

/** The scheme row, locked until the transaction ends: writers of one scheme queue instead of colliding. */
async function lockScheme(tx: Database, actor: Actor, id: string): Promise<SchemeRow> {
  const found = await schemeById(tx, actor.tenantId, id, true);
  const row = found ? asSeenBy(actor, found) : null;
  if (!row) throw notFound('考核方案', 'Scheme');
  return row;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

async function findVersion(db: Database, actor: Actor, schemeId: string, no: number): Promise<VersionRow | null> {
  const row = await versionByNo(db, actor.tenantId, schemeId, no);
  if (!row || (row.status === 'draft' && !seesDrafts(actor))) return null;
  return row;
}

async function requireVersion(db: Database, actor: Actor, schemeId: string, no: number): Promise<VersionRow> {
  const v = await findVersion(db, actor, schemeId, no);
  if (!v) throw notFound('方案版本', 'Scheme version');
  return v;
}

/** Groups and units of the county: what validation checks codes against. */
export async function loadCountyContext(db: Database, actor: Actor): Promise<CountyContext> {
  const [groupRows, unitRows] = await countyGroupsAndUnits(db, actor.tenantId);
  const groupCode = new Map(groupRows.map((g) => [g.id, g.code]));
  return {
    groups: groupRows.map((g) => ({ code: g.code, name: g.name, retired: g.retiredAt !== null })),
    units: unitRows.map((u) => ({
      code: u.code,
      name: u.name,
      kind: u.kind === 'township' ? 'township' : 'department',
      groupCode: groupCode.get(u.groupId) ?? '',
      active: u.active,
    })),
  };
}

/** The county's schemes, newest first: two queries (the schemes, then the counts of their current versions). */
export async function listSchemes(db: Database, actor: Actor): Promise<SchemeSummary[]> {
  const rows = await schemesOfTenant(db, actor.tenantId);
  const seen = rows.map((row) => asSeenBy(actor, row)).filter((s): s is SchemeRow => s !== null);
  const current = seen.flatMap((s) => {
    const no = currentNo(s);
    return no === null ? [] : [{ schemeId: s.id, versionNo: no }];
  });
  // A reader's current version is the published one (asSeenBy), never a draft.
  const counts = await storedDocumentCounts(db, actor.tenantId, current);
  return seen.map((s) => {
    const no = currentNo(s);
    return presentSummary(s, (no === null ? undefined : counts.get(versionKey(s.id, no))) ?? documentCounts(null));
  });
}

export async function getScheme(db: Database, actor: Actor, id: string): Promise<SchemeDetail> {
  const s = await requireScheme(db, actor, id);
  const all = await versionInfosOf(db, actor.tenantId, id);
  const versions = all.filter((v) => v.status !== 'draft' || seesDrafts(actor));
  const userIds = [...new Set(versions.flatMap((v) => [v.createdBy, v.publishedBy]).filter((x): x is string => !!x))];
  const names = new Map<string, string>();
  const [users_, counts] = await Promise.all([
    userNames(db, actor.tenantId, userIds),
    storedDocumentCounts(
      db,
      actor.tenantId,
      versions.map((v) => ({ schemeId: id, versionNo: v.versionNo })),
    ),
  ]);
  for (const r of users_) names.set(r.id, r.displayName);
  const nameOf = (uid: string | null) => (uid ? (names.get(uid) ?? '系统') : null);
  const countsOf = (no: number) => counts.get(versionKey(id, no)) ?? documentCounts(null);
  const current = versions.find((v) => v.versionNo === currentNo(s));
  const infos: VersionInfo[] = versions.map((v) => ({
    no: v.versionNo,
    status: asStatus(v.status),
    digest: v.digest,
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
    by: nameOf(v.createdBy),
    publishedBy: nameOf(v.publishedBy),
    version: v.version,
    indicatorCount: countsOf(v.versionNo).indicatorCount,
  }));
  return {
    ...presentSummary(s, current ? countsOf(current.versionNo) : documentCounts(null)),
    versions: infos,
  };
}

/** The county's scheme of a year (for Excel import/export and the records module). */
export async function getSchemeByYear(db: Database, actor: Actor, year: number): Promise<SchemeDetail> {
  const id = await schemeIdOfYear(db, actor.tenantId, year);
  if (!id) throw notFound(`${year} 年度考核方案`, `Scheme of ${year}`);
  return getScheme(db, actor, id);
}

export async function getVersion(db: Database, actor: Actor, schemeId: string, no: number): Promise<SchemeVersionView> {
  const s = await requireScheme(db, actor, schemeId);
  return presentVersion(s, await requireVersion(db, actor, schemeId, no));
}

/** The draft being edited, typed: `409 SCHEME_LOCKED` when the scheme has none. */
export async function getDraftDocument(
  db: Database,
  actor: Actor,
  schemeId: string,
): Promise<{ schemeId: string; year: number; versionNo: number; version: number; document: SchemeDocument }> {
  const s = await requireScheme(db, actor, schemeId);
  if (s.draftVersion === null) throw new AppError('SCHEME_LOCKED');
  const v = await requireVersion(db, actor, schemeId, s.draftVersion);
  return { schemeId, year: s.year, versionNo: v.versionNo, version: v.version, document: storedDocument(v) };
}

/** The conventions of docs/schemes.md that the server keeps, whatever the client sent. */
function stamp(doc: SchemeDocument, year: number, versionNo: number, name: string): SchemeDocument {
  return {
    ...doc,
    engine: { ...doc.engine, id: `scheme-${year}`, year, version: versionNo, name: doc.engine.name ?? name },
  };
}

/** What the audit log keeps of a version: not the whole document, its size and digest. */
function auditSummary(versionNo: number, doc: SchemeDocument, version?: number, status?: string) {
  return {
    versionNo,
    ...(status ? { status } : {}),
    ...(version ? { version } : {}),
    groups: doc.engine.groups.length,
    indicators: leafCount(doc),
    digest: documentDigest(doc),
  };
}

/** A new scheme's tiers: the one default table (resultsuse/config.ts), copied so the draft may change it. */
function defaultTiering() {
  return { tiers: DEFAULT_TIERS.map((t) => ({ ...t })) };
}

const yearTaken = (year: number) =>
  new AppError('CONFLICT', { field: '年度', fieldEn: 'Year', value: year }, [{ path: 'year', message: '' }]);

export async function createScheme(db: Database, actor: Actor, input: CreateScheme): Promise<SchemeSummary> {
  try {
    return await insertScheme(db, actor, input);
  } catch (err) {
    // Two offices creating the same year at once: the unique index decides, the loser hears why.
    if (isUniqueViolation(err)) throw yearTaken(input.year);
    throw err;
  }
}

async function insertScheme(db: Database, actor: Actor, input: CreateScheme): Promise<SchemeSummary> {
  return db.transaction(async (tx) => {
    if (await schemeIdOfYear(tx, actor.tenantId, input.year)) throw yearTaken(input.year);
    let doc: SchemeDocument;
    let copiedFrom: { schemeId: string; versionNo: number } | null = null;
    if (input.copyFromYear !== undefined) {
      const from = await schemeOfYear(tx, actor.tenantId, input.copyFromYear);
      const no = from ? currentNo(from) : null;
      if (!from || no === null) {
        throw notFound(`${input.copyFromYear} 年度考核方案`, `Scheme of ${input.copyFromYear}`);
      }
      const v = await requireVersion(tx, actor, from.id, no);
      const copied = copyDocument(storedDocument(v), from.year, input.year);
      // R25: last year's full-mark and non-discriminating indicators, for the office to keep, adjust or drop.
      const { review: _old, ...meta } = copied.meta;
      const review = await lastYearReview(tx, actor.tenantId, from.year);
      // The copy takes the new year's name; everything else is last year's until edited.
      doc = {
        ...copied,
        engine: { ...copied.engine, name: input.name },
        meta: review && review.items.length > 0 ? { ...meta, review } : meta,
      };
      copiedFrom = { schemeId: from.id, versionNo: no };
    } else {
      const county = await loadCountyContext(tx, actor);
      doc = parseDocument({
        engine: {
          id: `scheme-${input.year}`,
          // the county's groups in use (a retired group is refused in a scheme)
          groups: county.groups.filter((g) => !g.retired).map((g) => ({ id: g.code, name: g.name, blocks: [] })),
          tiering: defaultTiering(),
        },
        meta: { indicators: {} },
      });
    }
    doc = stamp(doc, input.year, 1, input.name);
    const row = await insertSchemeRow(tx, {
      tenantId: actor.tenantId,
      year: input.year,
      name: input.name,
      draftVersion: 1,
    });
    if (!row) throw new AppError('INTERNAL');
    await insertVersion(tx, {
      tenantId: actor.tenantId,
      schemeId: row.id,
      versionNo: 1,
      status: 'draft',
      document: doc,
      ...documentCounts(doc),
      note: copiedFrom ? `复制自 ${input.copyFromYear ?? ''} 年度方案第 ${copiedFrom.versionNo} 版` : null,
      createdBy: actor.userId,
    });
    const summary = presentSummary(row, documentCounts(doc));
    await recordAudit(tx, actor, {
      action: 'scheme.create',
      entityType: 'scheme',
      entityId: row.id,
      summary: copiedFrom
        ? `新建 ${input.year} 年度考核方案「${input.name}」，复制自 ${input.copyFromYear ?? ''} 年度`
        : `新建 ${input.year} 年度考核方案「${input.name}」`,
      after: { ...summary, copiedFrom, draft: auditSummary(1, doc) },
    });
    return summary;
  });
}

/**
 * A new year's scheme whose first draft another module prepared (the template copy, template.ts): the same
 * year check, row, first version and `scheme.create` audit entry as `createScheme`, in one transaction.
 */
export async function createPreparedScheme(
  db: Database,
  actor: Actor,
  input: { year: number; name: string },
  prepare: (tx: Database) => Promise<{ document: SchemeDocument; note: string; summary: string; after: object }>,
): Promise<SchemeSummary> {
  try {
    return await db.transaction(async (tx) => {
      if (await schemeIdOfYear(tx, actor.tenantId, input.year)) throw yearTaken(input.year);
      const prepared = await prepare(tx);
      const doc = stamp(
        { ...prepared.document, engine: { ...prepared.document.engine, name: input.name } },
        input.year,
        1,
        input.name,
      );
      const row = await insertSchemeRow(tx, {
        tenantId: actor.tenantId,
        year: input.year,
        name: input.name,
        draftVersion: 1,
      });
      if (!row) throw new AppError('INTERNAL');
      await insertVersion(tx, {
        tenantId: actor.tenantId,
        schemeId: row.id,
        versionNo: 1,
        status: 'draft',
        document: doc,
        ...documentCounts(doc),
        note: prepared.note.slice(0, 500),
        createdBy: actor.userId,
      });
      const summary = presentSummary(row, documentCounts(doc));
      await recordAudit(tx, actor, {
        action: 'scheme.create',
        entityType: 'scheme',
        entityId: row.id,
        summary: prepared.summary,
        after: { ...summary, ...prepared.after, draft: auditSummary(1, doc) },
      });
      return summary;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw yearTaken(input.year);
    throw err;
  }
}

export async function validateScheme(
  db: Database,
  actor: Actor,
  schemeId: string,
  locale: Locale = 'zh-CN',
): Promise<ValidationReport> {
  const s = await requireScheme(db, actor, schemeId);
  const no = currentNo(s);
  if (no === null) throw new AppError('SCHEME_LOCKED');
  const v = await requireVersion(db, actor, schemeId, no);
  return validateDocument(storedDocument(v), await loadCountyContext(db, actor), locale, s.year);
}

export async function saveDraft(
  db: Database,
  actor: Actor,
  schemeId: string,
  input: { version: number; document: unknown; note?: string | undefined },
  locale: Locale = 'zh-CN',
): Promise<DraftSaved> {
  const parsed = parseDocument(input.document);
  return db.transaction(async (tx) => {
    const s = await lockScheme(tx, actor, schemeId);
    if (s.draftVersion === null) throw new AppError('SCHEME_LOCKED');
    const before = await requireVersion(tx, actor, schemeId, s.draftVersion);
    const doc = stamp(parsed, s.year, s.draftVersion, s.name);
    const row = await updateDraftVersion(tx, before.id, input.version, {
      document: doc,
      ...documentCounts(doc),
      version: input.version + 1,
      ...(input.note !== undefined ? { note: input.note || null } : {}),
    });
    if (!row) throw new AppError('VERSION_CONFLICT');
    const sRow = await updateSchemeRow(tx, s.id, { version: s.version + 1, updatedAt: new Date() });
    await recordAudit(tx, actor, {
      action: 'scheme.save_draft',
      entityType: 'scheme',
      entityId: s.id,
      summary: `保存 ${s.year} 年度考核方案草稿（第 ${s.draftVersion} 版）`,
      before: auditSummary(before.versionNo, storedDocument(before), before.version),
      after: auditSummary(row.versionNo, doc, row.version),
    });
    const report = validateDocument(doc, await loadCountyContext(tx, actor), locale, s.year);
    return { ...presentVersion(sRow ?? s, row), report };
  });
}

export async function startNewVersion(
  db: Database,
  actor: Actor,
  schemeId: string,
  note?: string,
): Promise<SchemeVersionView> {
  return db.transaction(async (tx) => {
    const s = await lockScheme(tx, actor, schemeId);
    if (s.draftVersion !== null) throw new AppError('SCHEME_DRAFT_EXISTS', { versionNo: s.draftVersion });
    if (s.publishedVersion === null) throw new AppError('SCHEME_LOCKED');
    const published = await requireVersion(tx, actor, schemeId, s.publishedVersion);
    const no = s.publishedVersion + 1;
    const doc = stamp(storedDocument(published), s.year, no, s.name);
    const row = await insertVersion(tx, {
      tenantId: actor.tenantId,
      schemeId,
      versionNo: no,
      status: 'draft',
      document: doc,
      ...documentCounts(doc),
      note: note ?? null,
      createdBy: actor.userId,
    });
    if (!row) throw new AppError('INTERNAL');
    const sRow = await updateSchemeRow(
      tx,
      s.id,
      { draftVersion: no, version: s.version + 1, updatedAt: new Date() },
      s.version,
    );
    if (!sRow) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, actor, {
      action: 'scheme.new_version',
      entityType: 'scheme',
      entityId: s.id,
      summary: `${s.year} 年度考核方案新建第 ${no} 版草稿（基于已发布的第 ${s.publishedVersion} 版）`,
      before: auditSummary(published.versionNo, storedDocument(published), undefined, 'published'),
      after: auditSummary(no, doc, row.version, 'draft'),
    });
    return presentVersion(sRow, row);
  });
}

export async function publishScheme(
  db: Database,
  actor: Actor,
  schemeId: string,
  input: Publish,
  locale: Locale = 'zh-CN',
): Promise<SchemeVersionView> {
  return db.transaction(async (tx) => {
    const s = await lockScheme(tx, actor, schemeId);
    if (s.draftVersion === null) throw new AppError('SCHEME_LOCKED');
    const draft = await requireVersion(tx, actor, schemeId, s.draftVersion);
    if (draft.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const doc = storedDocument(draft);
    const report = validateDocument(doc, await loadCountyContext(tx, actor), locale, s.year);
    if (report.errors.length > 0) {
      throw new AppError(
        'SCHEME_INVALID',
        { count: report.errors.length },
        report.errors.map((e) => ({ path: e.path, message: e.label ? `${e.label}：${e.message}` : e.message })),
      );
    }
    const digest = documentDigest(doc);
    if (s.publishedVersion !== null) await supersedeVersion(tx, schemeId, s.publishedVersion);
    const now = new Date();
    const row = await updateDraftVersion(tx, draft.id, input.version, {
      status: 'published',
      digest,
      publishedBy: actor.userId,
      publishedAt: now,
      version: draft.version + 1,
      ...(input.note ? { note: input.note } : {}),
    });
    if (!row) throw new AppError('VERSION_CONFLICT');
    const sRow = await updateSchemeRow(tx, s.id, {
      publishedVersion: draft.versionNo,
      draftVersion: null,
      version: s.version + 1,
      updatedAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'scheme.publish',
      entityType: 'scheme',
      entityId: s.id,
      summary: `发布 ${s.year} 年度考核方案第 ${draft.versionNo} 版${s.publishedVersion !== null ? `（第 ${s.publishedVersion} 版废止）` : ''}`,
      before: { publishedVersion: s.publishedVersion, draftVersion: s.draftVersion },
      after: { ...auditSummary(draft.versionNo, doc, row.version, 'published'), warnings: report.warnings.length },
    });
    return presentVersion(sRow ?? s, row);
  });
}

export async function diffVersions(
  db: Database,
  actor: Actor,
  q: DiffQuery,
  locale: Locale = 'zh-CN',
): Promise<SchemeDiff> {
  const [fs, ts] = await Promise.all([
    requireScheme(db, actor, q.from.schemeId),
    requireScheme(db, actor, q.to.schemeId),
  ]);
  const [fv, tv] = await Promise.all([
    requireVersion(db, actor, fs.id, q.from.versionNo),
    requireVersion(db, actor, ts.id, q.to.versionNo),
  ]);
  const d = diffDocuments(storedDocument(fv), storedDocument(tv), locale);
  return {
    from: { schemeId: fs.id, year: fs.year, versionNo: fv.versionNo, digest: fv.digest },
    to: { schemeId: ts.id, year: ts.year, versionNo: tv.versionNo, digest: tv.digest },
    ...d,
  };
}
