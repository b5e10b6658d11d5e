/**
 * Corrections of published results (PRODUCT.md A5): nothing is republished on a decision alone. The office
 * prepares a correction DRAFT — the year computed again from the database as it is now (after it has corrected the
 * inputs an accepted appeal was about), with every unit whose score, rank or tier changes against the published
 * snapshot (before → after). A county leader approves the draft, as the original results (results:approve); the
 * office then publishes it as a new snapshot (seq + 1) that supersedes the last one, with the reason the bulletin
 * prints as 更正原因. Each step is audited; until the publication every published reading is unchanged.
 *
 * States: draft → approved → published, or discarded. One open (draft or approved) correction per year: a second
 * accepted appeal joins the open draft (its reason appended, computed again, any approval void). An approval is
 * void once the inputs move (the inputs digest), as for the original results.
 */
import type { Results } from '@yardstick/engine';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { appeals, resultCorrections, users } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { notify } from '../notifications/service';
import { collectInputs, ENGINE_VERSION, type Blocker } from './collect';
import { yearNames } from './decisions';
import { getPublished } from './read';
import { latestSnapshotMeta, reviewRow } from './queries';
import {
  computeCollected,
  plain,
  refuseUndecidedTies,
  writeSnapshot,
  type PreviewDoc,
  type PublishedSnapshot,
} from './service';

export const CORRECTION_STATUSES = ['draft', 'approved', 'published', 'discarded'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export interface UnitStanding {
  composite: number;
  rank: number;
  tier: string;
  tierName: string;
}

/** A unit whose score, rank or tier the correction changes (null: not in that version). */
export interface CorrectionChange {
  unitCode: string;
  unitName: string;
  groupId: string;
  groupName: string;
  before: UnitStanding | null;
  after: UnitStanding | null;
}

export interface CorrectionView {
  id: string;
  year: number;
  status: CorrectionStatus;
  reason: string;
  appealIds: string[];
  baseSnapshotId: string;
  baseSeq: number | null;
  preparedAt: string;
  preparedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  approvalNote: string | null;
  snapshotId: string | null;
  closedAt: string | null;
  changes: CorrectionChange[];
  blockers: Blocker[];
  /** The inputs moved since the draft was computed (refresh it; an approval of it is void). */
  inputsChanged: boolean;
  version: number;
}

/** Every unit whose composite, rank or tier differs between two results of the same year. */
export function correctionChanges(
  before: Results,
  after: Results,
  names: Awaited<ReturnType<typeof yearNames>>,
): CorrectionChange[] {
  const b = new Map(before.units.map((u) => [u.unitId, u]));
  const a = new Map(after.units.map((u) => [u.unitId, u]));
  const codes = [...new Set([...b.keys(), ...a.keys()])].sort();
  const standing = (u: Results['units'][number] | undefined): UnitStanding | null =>
    u ? { composite: u.composite, rank: u.rank, tier: u.tier, tierName: names.tierName(u.groupId, u.tier) } : null;
  return codes.flatMap((code) => {
    const x = b.get(code);
    const y = a.get(code);
    if (x && y && x.composite === y.composite && x.rank === y.rank && x.tier === y.tier) return [];
    const groupId = (y ?? x)?.groupId ?? '';
    return [
      {
        unitCode: code,
        unitName: names.unit(code),
        groupId,
        groupName: names.group(groupId),
        before: standing(x),
        after: standing(y),
      },
    ];
  });
}

type Row = typeof resultCorrections.$inferSelect;

async function present(db: Database, tenantId: string, rows: Row[]): Promise<CorrectionView[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => [r.preparedBy, r.approvedBy]).filter((x): x is string => !!x))];
  const people =
    ids.length === 0
      ? []
      : await db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  const nameOf = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? '系统') : null);
  const out: CorrectionView[] = [];
  for (const r of rows) {
    const open = r.status === 'draft' || r.status === 'approved';
    const current = open ? await collectInputs(db, tenantId, r.year) : null;
    const base = await latestSnapshotMeta(db, tenantId, r.year);
    out.push({
      id: r.id,
      year: r.year,
      status: r.status as CorrectionStatus,
      reason: r.reason,
      appealIds: r.appealIds as string[],
      baseSnapshotId: r.baseSnapshotId,
      baseSeq: base?.id === r.baseSnapshotId ? base.seq : null,
      preparedAt: r.preparedAt.toISOString(),
      preparedBy: nameOf(r.preparedBy),
      approvedAt: r.approvedAt?.toISOString() ?? null,
      approvedBy: nameOf(r.approvedBy),
      approvalNote: r.approvalNote,
      snapshotId: r.snapshotId,
      closedAt: r.closedAt?.toISOString() ?? null,
      changes: r.changes as CorrectionChange[],
      blockers: r.blockers as Blocker[],
      inputsChanged: current !== null && (current.inputsDigest !== r.inputsDigest || base?.id !== r.baseSnapshotId),
      version: r.version,
    });
  }
  return out;
}

const isReviewer = (actor: Actor) => actor.role === 'office' || actor.role === 'leader';

/** The year's corrections, newest first (office and leaders). */
export async function listCorrections(db: Database, actor: Actor, year: number): Promise<CorrectionView[]> {
  if (!isReviewer(actor)) return [];
  const rows = await db
    .select()
    .from(resultCorrections)
    .where(and(eq(resultCorrections.tenantId, actor.tenantId), eq(resultCorrections.year, year)))
    .orderBy(desc(resultCorrections.preparedAt));
  return present(db, actor.tenantId, rows);
}

async function correctionRow(db: Database, tenantId: string, year: number, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(resultCorrections)
    .where(
      and(eq(resultCorrections.tenantId, tenantId), eq(resultCorrections.year, year), eq(resultCorrections.id, id)),
    );
  if (!row) throw notFound('更正', 'Correction');
  return row;
}

async function viewOf(db: Database, tenantId: string, row: Row): Promise<CorrectionView> {
  const [v] = await present(db, tenantId, [row]);
  if (!v) throw new AppError('INTERNAL');
  return v;
}

/** The year computed from the database now, and what it changes against the latest snapshot. */
async function draftOf(db: Database, tenantId: string, year: number) {
  const c = await collectInputs(db, tenantId, year);
  const { results, blockers } = computeCollected(c);
  const published = await getPublished(db, tenantId, year);
  if (!published) throw new AppError('RESULTS_NOT_PUBLISHED', { year });
  const names = await yearNames(db, tenantId, year);
  const preview: PreviewDoc = plain({
    engineVersion: ENGINE_VERSION,
    schemeVersionNo: c.schemeVersionNo,
    dataset: c.dataset,
    results,
  });
  return {
    baseSnapshotId: published.snapshot.id,
    schemeVersionId: c.schemeVersionId,
    inputsDigest: c.inputsDigest,
    preview,
    changes: results ? correctionChanges(published.results, results, names) : [],
    blockers,
  };
}

export interface PrepareInput {
  year: number;
  /** Why the published results are corrected (the bulletin's 更正原因, the audit log, the units' notice). */
  reason: string;
  /** The accepted appeal that led to it, if any. */
  appealId?: string | null | undefined;
  /** When (default now; seeds pass the demo's day). Not reachable over HTTP. */
  at?: Date | undefined;
}

/**
 * Prepares (or adds to) the year's open correction draft. Publishes nothing. Works inside a caller's transaction
 * (pass `tx` as `db`): accepting an appeal calls it in the answer's transaction.
 */
export async function prepareCorrection(db: Database, actor: Actor, input: PrepareInput): Promise<CorrectionView> {
  const reason = input.reason.trim();
  if (reason.length === 0) throw new AppError('RESULTS_REASON_REQUIRED');
  const at = input.at ?? new Date();
  const draft = await draftOf(db, actor.tenantId, input.year);
  const row = await db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(resultCorrections)
      .where(
        and(
          eq(resultCorrections.tenantId, actor.tenantId),
          eq(resultCorrections.year, input.year),
          inArray(resultCorrections.status, ['draft', 'approved']),
        ),
      );
    const appealIds = [...((open?.appealIds as string[] | undefined) ?? [])];
    if (input.appealId && !appealIds.includes(input.appealId)) appealIds.push(input.appealId);
    const fields = {
      ...draft,
      status: 'draft',
      appealIds,
      preparedBy: actor.userId,
      preparedAt: at,
      approvedBy: null,
      approvedAt: null,
      approvalNote: null,
    };
    let saved: Row | undefined;
    if (open) {
      const merged = open.reason.includes(reason) ? open.reason : `${open.reason}；${reason}`;
      [saved] = await tx
        .update(resultCorrections)
        .set({ ...fields, reason: merged, version: open.version + 1 })
        .where(eq(resultCorrections.id, open.id))
        .returning();
    } else {
      [saved] = await tx
        .insert(resultCorrections)
        .values({ tenantId: actor.tenantId, year: input.year, reason, ...fields })
        .returning();
    }
    if (!saved) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, {
      action: 'results.correction.prepare',
      entityType: 'result_correction',
      entityId: saved.id,
      summary: `${open ? '更新' : '准备'} ${input.year} 年度考核结果更正草稿（待领导审定）：${saved.reason}；${
        draft.changes.length
      } 个单位的得分、名次或等次有变化`,
      after: {
        year: input.year,
        reason: saved.reason,
        appealIds,
        inputsDigest: draft.inputsDigest,
        baseSnapshotId: draft.baseSnapshotId,
        changes: draft.changes.map((c) => ({ unitCode: c.unitCode, before: c.before, after: c.after })),
      },
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { role: 'leader' },
      kind: 'resultsPublished',
      title: `${input.year} 年度考核结果更正草稿待审定`,
      body: saved.reason,
      link: `/results?year=${input.year}`,
      dedupeKey: `correction-draft-${saved.id}-${saved.version}`,
    });
    return saved;
  });
  return viewOf(db, actor.tenantId, row);
}

/** Computes an open draft again from the database as it is now (after more input corrections); any approval void. */
export async function refreshCorrection(
  db: Database,
  actor: Actor,
  year: number,
  id: string,
  input: { version: number },
): Promise<CorrectionView> {
  const draft = await draftOf(db, actor.tenantId, year);
  const row = await db.transaction(async (tx) => {
    const r = await correctionRow(tx, actor.tenantId, year, id);
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (r.status !== 'draft' && r.status !== 'approved')
      throw new AppError('CORRECTION_WRONG_STATE', { status: r.status });
    const [saved] = await tx
      .update(resultCorrections)
      .set({
        ...draft,
        status: 'draft',
        approvedBy: null,
        approvedAt: null,
        approvalNote: null,
        version: r.version + 1,
      })
      .where(eq(resultCorrections.id, r.id))
      .returning();
    if (!saved) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, {
      action: 'results.correction.refresh',
      entityType: 'result_correction',
      entityId: r.id,
      summary: `重新计算 ${year} 年度考核结果更正草稿：${draft.changes.length} 个单位有变化`,
      before: { inputsDigest: r.inputsDigest, status: r.status },
      after: { inputsDigest: draft.inputsDigest, changes: draft.changes.length },
    });
    return saved;
  });
  return viewOf(db, actor.tenantId, row);
}

/** A leader approves the draft (results:approve), as the original results: refused with blockers or moved inputs. */
export async function approveCorrection(
  db: Database,
  actor: Actor,
  year: number,
  id: string,
  input: { version: number; note?: string | null | undefined },
  at: Date = new Date(),
): Promise<CorrectionView> {
  const current = await collectInputs(db, actor.tenantId, year);
  const row = await db.transaction(async (tx) => {
    const r = await correctionRow(tx, actor.tenantId, year, id);
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (r.status !== 'draft') throw new AppError('CORRECTION_WRONG_STATE', { status: r.status });
    const blockers = r.blockers as Blocker[];
    await refuseUndecidedTies(tx, actor.tenantId, year, blockers, (r.preview as PreviewDoc).results);
    if (blockers.length > 0 || !(r.preview as PreviewDoc).results)
      throw new AppError('RESULTS_BLOCKED', { count: Math.max(1, blockers.length) });
    const base = await latestSnapshotMeta(tx, actor.tenantId, year);
    if (current.inputsDigest !== r.inputsDigest || base?.id !== r.baseSnapshotId)
      throw new AppError('RESULTS_INPUTS_CHANGED');
    const [saved] = await tx
      .update(resultCorrections)
      .set({
        status: 'approved',
        approvedBy: actor.userId,
        approvedAt: at,
        approvalNote: input.note ?? null,
        version: r.version + 1,
      })
      .where(eq(resultCorrections.id, r.id))
      .returning();
    if (!saved) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, {
      action: 'results.correction.approve',
      entityType: 'result_correction',
      entityId: r.id,
      summary: `审定 ${year} 年度考核结果更正：${r.reason}${input.note ? `（${input.note}）` : ''}`,
      after: { year, inputsDigest: r.inputsDigest, note: input.note ?? null, changes: (r.changes as unknown[]).length },
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { role: 'office' },
      kind: 'resultsPublished',
      title: `${year} 年度考核结果更正已经领导审定，可以发布`,
      link: `/results?year=${year}`,
      dedupeKey: `correction-approved-${r.id}-${r.version}`,
    });
    return saved;
  });
  return viewOf(db, actor.tenantId, row);
}

/**
 * The office publishes the approved correction: computed again from the database (refused when the inputs moved
 * since the approval), written as the next snapshot with the draft's reason and approval; the appeals behind it
 * keep the snapshot's id. One transaction.
 */
export async function publishCorrectionDraft(
  db: Database,
  actor: Actor,
  year: number,
  id: string,
  input: { version: number; at?: Date | undefined },
): Promise<PublishedSnapshot> {
  const c = await collectInputs(db, actor.tenantId, year);
  const { results, blockers } = computeCollected(c);
  return db.transaction(async (tx) => {
    const r = await correctionRow(tx, actor.tenantId, year, id);
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (r.status === 'draft') throw new AppError('CORRECTION_NOT_APPROVED');
    if (r.status !== 'approved' || !r.approvedAt) throw new AppError('CORRECTION_WRONG_STATE', { status: r.status });
    const base = await latestSnapshotMeta(tx, actor.tenantId, year);
    if (c.inputsDigest !== r.inputsDigest || base?.id !== r.baseSnapshotId)
      throw new AppError('RESULTS_INPUTS_CHANGED');
    if (blockers.length > 0 || !results) throw new AppError('RESULTS_BLOCKED', { count: Math.max(1, blockers.length) });
    const review = await reviewRow(tx, actor.tenantId, year);
    const appealIds = r.appealIds as string[];
    const snapshot = await writeSnapshot(tx, actor, c, results, {
      reason: r.reason,
      approvedBy: r.approvedBy,
      approvedAt: r.approvedAt,
      reviewId: review?.id ?? null,
      at: input.at,
      appealIds,
      correctionId: r.id,
    });
    const at = input.at ?? new Date();
    await tx
      .update(resultCorrections)
      .set({
        status: 'published',
        snapshotId: snapshot.id,
        closedBy: actor.userId,
        closedAt: at,
        version: r.version + 1,
      })
      .where(eq(resultCorrections.id, r.id));
    if (appealIds.length > 0)
      await tx
        .update(appeals)
        .set({ correctionSnapshotId: snapshot.id, updatedAt: at })
        .where(and(eq(appeals.tenantId, actor.tenantId), inArray(appeals.id, appealIds)));
    return snapshot;
  });
}

/** The office drops an open draft (nothing was published); audited. */
export async function discardCorrection(
  db: Database,
  actor: Actor,
  year: number,
  id: string,
  input: { version: number },
): Promise<CorrectionView> {
  const row = await db.transaction(async (tx) => {
    const r = await correctionRow(tx, actor.tenantId, year, id);
    if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (r.status !== 'draft' && r.status !== 'approved')
      throw new AppError('CORRECTION_WRONG_STATE', { status: r.status });
    const [saved] = await tx
      .update(resultCorrections)
      .set({ status: 'discarded', closedBy: actor.userId, closedAt: new Date(), version: r.version + 1 })
      .where(eq(resultCorrections.id, r.id))
      .returning();
    if (!saved) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, {
      action: 'results.correction.discard',
      entityType: 'result_correction',
      entityId: r.id,
      summary: `撤销 ${year} 年度考核结果更正草稿：${r.reason}`,
      before: { status: r.status },
      after: { status: 'discarded' },
    });
    return saved;
  });
  return viewOf(db, actor.tenantId, row);
}
