/**
 * Year-end results: compute a county-year from the database (a preview with its blockers), leadership approval,
 * publishing an immutable snapshot, corrections as new snapshots, and digest verification.
 *
 * States of a year's review row: computed → approved → published. Computing again resets it to computed (and
 * voids the approval); an approval is also void when the inputs changed since (the inputs digest moved).
 */
import { compute, explainAll, type Dataset, type Results } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { canonicalJson, recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { loadYearScheme } from '../reports/cells';
import { notify } from '../notifications/service';
import { collectInputs, ENGINE_VERSION, sha256, type Blocker, type Collected } from './collect';
import { listTieDecisions, undecidedTies, type TieDecisionView } from './decisions';
import {
  insertReview,
  insertSnapshot,
  lastSnapshotSeq,
  latestSnapshotMeta,
  reviewRow,
  snapshotById,
  snapshotInfoRows,
  unitNamesByCode,
  updateReview,
  upsertPublishedReview,
  userNames,
  yearRows,
} from './queries';
import type { PreviewDoc, SnapshotInputs, SnapshotResults } from './snapshot';

export type { PreviewDoc, SnapshotInputs, SnapshotResults } from './snapshot';
import type { z } from 'zod';
import type { BlockerSummary as BlockerSummarySchema } from './schemas';

export type ReviewStatus = 'none' | 'computed' | 'approved' | 'published';

/** Blockers the computed results add: engine errors, blocked units, ties waiting for a decision. */
function resultBlockers(results: Results): Blocker[] {
  const out: Blocker[] = [];
  for (const i of results.issues)
    if (i.severity === 'error') out.push({ kind: 'engineError', detail: `${i.path}: ${i.message}` });
  for (const u of results.units)
    if (u.status === 'blocked') out.push({ kind: 'unitBlocked', unitCode: u.unitId, groupId: u.groupId });
  for (const g of results.groups)
    for (const t of g.ties)
      if (t.needsDecision)
        out.push({ kind: 'tieNeedsDecision', groupId: g.groupId, detail: `${t.tier}: ${t.unitIds.join(', ')}` });
  return out;
}

/** Runs the engine over collected inputs; a scheme the engine refuses is a blocker, not a 500. */
export function computeCollected(c: Collected): { results: Results | null; blockers: Blocker[] } {
  if (!c.document) return { results: null, blockers: c.blockers };
  try {
    const results = compute(c.document.engine, c.dataset);
    return { results, blockers: [...c.blockers, ...resultBlockers(results)] };
  } catch (err) {
    return {
      results: null,
      blockers: [...c.blockers, { kind: 'engineError', detail: err instanceof Error ? err.message : String(err) }],
    };
  }
}

/** JSON as stored in jsonb (drops undefined, turns typed arrays into what JSON makes of them). */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** SHA-256 over the canonical JSON of everything a snapshot fixes. */
export function snapshotDigest(s: {
  tenantId: string;
  year: number;
  seq: number;
  schemeVersionId: string | null;
  engineVersion: string;
  inputs: unknown;
  results: unknown;
}): string {
  return sha256(
    canonicalJson({
      tenantId: s.tenantId,
      year: s.year,
      seq: s.seq,
      schemeVersionId: s.schemeVersionId,
      engineVersion: s.engineVersion,
      inputs: s.inputs,
      results: s.results,
    }),
  );
}

const isOfficeOrLeader = (actor: Actor) => actor.role === 'office' || actor.role === 'leader';

// ---------------------------------------------------------------------------------------------------------------
// Compute
// ---------------------------------------------------------------------------------------------------------------

export interface ComputeOutcome {
  year: number;
  status: ReviewStatus;
  inputsDigest: string;
  publishable: boolean;
  blockers: Blocker[];
  unitCount: number;
}

/** Computes the year from the database and stores it as the year's preview (status computed). */
export async function computeYear(
  db: Database,
  actor: Actor,
  year: number,
  /** When it is computed (default now; the demo seed passes its day). Not reachable over HTTP. */
  at: Date = new Date(),
): Promise<ComputeOutcome> {
  const collected = await collectInputs(db, actor.tenantId, year);
  const { results, blockers } = computeCollected(collected);
  const preview: PreviewDoc = plain({
    engineVersion: ENGINE_VERSION,
    schemeVersionNo: collected.schemeVersionNo,
    dataset: collected.dataset,
    results,
  });
  await db.transaction(async (tx) => {
    const existing = await reviewRow(tx, actor.tenantId, year);
    const fields = {
      status: 'computed',
      schemeVersionId: collected.schemeVersionId,
      inputsDigest: collected.inputsDigest,
      preview,
      blockers,
      computedBy: actor.userId,
      computedAt: at,
      approvedBy: null,
      approvedAt: null,
      approvalNote: null,
    };
    let id = existing?.id;
    if (existing) await updateReview(tx, existing.id, { ...fields, version: existing.version + 1 });
    else id = await insertReview(tx, { tenantId: actor.tenantId, year, ...fields });
    await recordAudit(tx, actor, {
      action: 'results.compute',
      entityType: 'result_review',
      ...(id ? { entityId: id } : {}),
      summary: `计算 ${year} 年度考核结果（预览）：${results?.units.length ?? 0} 个单位，${blockers.length} 项阻断问题`,
      after: { year, inputsDigest: collected.inputsDigest, blockers: blockers.length },
    });
  });
  return {
    year,
    status: 'computed',
    inputsDigest: collected.inputsDigest,
    publishable: blockers.length === 0 && results !== null,
    blockers,
    unitCount: results?.units.length ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Review state
// ---------------------------------------------------------------------------------------------------------------

export interface SnapshotInfo {
  id: string;
  seq: number;
  digest: string;
  engineVersion: string;
  schemeVersionId: string | null;
  reason: string | null;
  supersedesId: string | null;
  publishedAt: string;
  publishedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface ReviewView {
  year: number;
  status: ReviewStatus;
  published: boolean;
  review: {
    id: string;
    status: string;
    inputsDigest: string;
    schemeVersionNo: number | null;
    computedAt: string;
    computedBy: string | null;
    approvedAt: string | null;
    approvedBy: string | null;
    approvalNote: string | null;
    version: number;
    publishable: boolean;
    /** The inputs changed since the preview was computed (an approval of it is void). */
    inputsChanged: boolean;
    blockerCount: number;
    blockerCounts: Record<string, number>;
  } | null;
  /** Blockers of the preview (at most 500; blockerCount has them all). */
  blockers: Blocker[];
  /** All the blockers counted by unit and by indicator (the longest lists first), with whom to chase. */
  blockerSummary: BlockerSummary;
  snapshots: SnapshotInfo[];
  /** The leadership group's decisions of boundary ties recorded for the year (decisions.ts). */
  tieDecisions: TieDecisionView[];
}

export async function listSnapshots(db: Database, tenantId: string, year: number): Promise<SnapshotInfo[]> {
  const rows = await snapshotInfoRows(db, tenantId, year);
  const names = await userNames(
    db,
    tenantId,
    rows.flatMap((r) => [r.publishedBy, r.approvedBy]),
  );
  return rows.map((r) => ({
    ...r,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: r.publishedBy ? (names.get(r.publishedBy) ?? '系统') : null,
    approvedBy: r.approvedBy ? (names.get(r.approvedBy) ?? '系统') : null,
    approvedAt: r.approvedAt ? r.approvedAt.toISOString() : null,
  }));
}

/** The year's review as the office and leaders see it (a unit sees only whether the year is published). */
export async function getReview(db: Database, actor: Actor, year: number): Promise<ReviewView> {
  const snapshots = await listSnapshots(db, actor.tenantId, year);
  if (!isOfficeOrLeader(actor)) {
    return {
      year,
      status: snapshots.length > 0 ? 'published' : 'none',
      published: snapshots.length > 0,
      review: null,
      blockers: [],
      blockerSummary: EMPTY_SUMMARY,
      snapshots,
      tieDecisions: [],
    };
  }
  const row = await reviewRow(db, actor.tenantId, year);
  if (!row)
    return {
      year,
      status: 'none',
      published: snapshots.length > 0,
      review: null,
      blockers: [],
      blockerSummary: EMPTY_SUMMARY,
      snapshots,
      tieDecisions: await listTieDecisions(db, actor.tenantId, year, null),
    };
  const blockers = (row.blockers ?? []) as Blocker[];
  const preview = row.preview as PreviewDoc;
  const current = await collectInputs(db, actor.tenantId, year);
  const names = await userNames(db, actor.tenantId, [row.computedBy, row.approvedBy]);
  const counts: Record<string, number> = {};
  for (const b of blockers) counts[b.kind] = (counts[b.kind] ?? 0) + 1;
  return {
    year,
    status: row.status as ReviewStatus,
    published: snapshots.length > 0,
    review: {
      id: row.id,
      status: row.status,
      inputsDigest: row.inputsDigest,
      schemeVersionNo: preview.schemeVersionNo,
      computedAt: row.computedAt.toISOString(),
      computedBy: row.computedBy ? (names.get(row.computedBy) ?? '系统') : null,
      approvedAt: row.approvedAt ? row.approvedAt.toISOString() : null,
      approvedBy: row.approvedBy ? (names.get(row.approvedBy) ?? '系统') : null,
      approvalNote: row.approvalNote,
      version: row.version,
      publishable: blockers.length === 0 && preview.results !== null,
      inputsChanged: current.inputsDigest !== row.inputsDigest,
      blockerCount: blockers.length,
      blockerCounts: counts,
    },
    blockers: await namedBlockers(db, actor.tenantId, year, blockers.slice(0, 500)),
    blockerSummary: await summariseBlockers(db, actor.tenantId, year, blockers),
    snapshots,
    tieDecisions: await listTieDecisions(db, actor.tenantId, year, preview.results),
  };
}

export type BlockerSummary = z.infer<typeof BlockerSummarySchema>;
const EMPTY_SUMMARY: BlockerSummary = { units: 0, indicators: 0, byUnit: [], byIndicator: [] };
/** Rows listed per summary; the totals count them all. */
const SUMMARY_ROWS = 20;

/**
 * A year with thousands of blockers is read by whom to chase: counted by unit (the unit reports) and by indicator
 * (its assessor verifies), the longest lists first, names not codes.
 */
async function summariseBlockers(
  db: Database,
  tenantId: string,
  year: number,
  list: readonly Blocker[],
): Promise<BlockerSummary> {
  if (list.length === 0) return EMPTY_SUMMARY;
  const byUnit = new Map<string, number>();
  const byIndicator = new Map<string, number>();
  for (const b of list) {
    if (b.unitCode) byUnit.set(b.unitCode, (byUnit.get(b.unitCode) ?? 0) + 1);
    if (b.indicatorId) byIndicator.set(b.indicatorId, (byIndicator.get(b.indicatorId) ?? 0) + 1);
  }
  const ys = await loadYearScheme(db, tenantId, year);
  const unitNames = await unitNamesByCode(db, tenantId);
  const most = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SUMMARY_ROWS);
  return {
    units: byUnit.size,
    indicators: byIndicator.size,
    byUnit: most(byUnit).map(([code, count]) => ({ unitCode: code, unitName: unitNames.get(code) ?? code, count })),
    byIndicator: most(byIndicator).map(([id, count]) => {
      const leaf = ys?.leaves.get(id);
      const owner = leaf?.assessorId ?? null;
      return {
        indicatorId: id,
        indicatorName: leaf?.name ?? id,
        ownerCode: owner,
        ownerName: owner ? (unitNames.get(owner) ?? owner) : null,
        count,
      };
    }),
  };
}

/** Blockers as people read them: unit and indicator names next to the codes. */
async function namedBlockers(db: Database, tenantId: string, year: number, list: Blocker[]) {
  if (list.length === 0) return list;
  const ys = await loadYearScheme(db, tenantId, year);
  const unitNames = new Map((ys?.units ?? []).map((u) => [u.code, u.name]));
  return list.map((b) => ({
    ...b,
    ...(b.unitCode && unitNames.has(b.unitCode) ? { unitName: unitNames.get(b.unitCode) } : {}),
    ...(b.indicatorId && ys?.leaves.has(b.indicatorId) ? { indicatorName: ys.leaves.get(b.indicatorId)?.name } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Approve
// ---------------------------------------------------------------------------------------------------------------

/** A boundary tie flagged for a decision refuses approval, naming the ties (decisions.ts records the decision). */
export async function refuseUndecidedTies(
  db: Database,
  tenantId: string,
  year: number,
  blockers: readonly Blocker[],
  results: Results | null,
): Promise<void> {
  if (!blockers.some((b) => b.kind === 'tieNeedsDecision')) return;
  const ties = await undecidedTies(db, tenantId, year, results);
  throw new AppError('RESULTS_TIE_UNDECIDED', { count: ties.length, ties: ties.join('；') });
}

export async function approveYear(
  db: Database,
  actor: Actor,
  year: number,
  input: { note?: string | null | undefined; version: number },
  /** When it is approved (default now; the demo seed approves 2018 on its real day). Not reachable over HTTP. */
  at: Date = new Date(),
): Promise<ReviewView> {
  const current = await collectInputs(db, actor.tenantId, year);
  await db.transaction(async (tx) => {
    const row = await reviewRow(tx, actor.tenantId, year);
    if (!row) throw new AppError('RESULTS_NOT_COMPUTED', { year });
    if (row.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (row.status === 'published' || row.status === 'approved')
      throw new AppError('RESULTS_WRONG_STATE', { year, status: row.status });
    const blockers = (row.blockers ?? []) as Blocker[];
    await refuseUndecidedTies(tx, actor.tenantId, year, blockers, (row.preview as PreviewDoc).results);
    if (blockers.length > 0) throw new AppError('RESULTS_BLOCKED', { count: blockers.length });
    if (current.inputsDigest !== row.inputsDigest) throw new AppError('RESULTS_INPUTS_CHANGED');
    await updateReview(tx, row.id, {
      status: 'approved',
      approvedBy: actor.userId,
      approvedAt: at,
      approvalNote: input.note ?? null,
      version: row.version + 1,
    });
    await recordAudit(tx, actor, {
      action: 'results.approve',
      entityType: 'result_review',
      entityId: row.id,
      summary: `审定 ${year} 年度考核结果${input.note ? `：${input.note}` : ''}`,
      after: { year, inputsDigest: row.inputsDigest, note: input.note ?? null },
    });
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { role: 'office' },
      kind: 'resultsPublished',
      title: `${year} 年度考核结果已经领导审定，可以发布`,
      link: `/results?year=${year}`,
      dedupeKey: `results-approved-${year}-${row.inputsDigest.slice(0, 16)}`,
    });
  });
  return getReview(db, actor, year);
}

// ---------------------------------------------------------------------------------------------------------------
// Publish and correct
// ---------------------------------------------------------------------------------------------------------------

export interface PublishedSnapshot {
  id: string;
  year: number;
  seq: number;
  digest: string;
  reason: string | null;
  supersedesId: string | null;
}

/**
 * Writes one snapshot, updates the review, audits and notifies — inside the caller's transaction. Test hook:
 * `YS_PUBLISH_PAUSE_MS` holds the transaction open after the snapshot row is written (the crash test kills the
 * process there).
 */
export async function writeSnapshot(
  tx: Database,
  actor: Actor,
  c: Collected,
  results: Results,
  opts: {
    reason: string | null;
    approvedBy: string | null;
    approvedAt: Date | null;
    reviewId: string | null;
    /** When it is published (default now). */
    at?: Date | undefined;
    /** The accepted appeals behind a correction and its draft (audit only). */
    appealIds?: readonly string[] | undefined;
    correctionId?: string | null | undefined;
  },
): Promise<PublishedSnapshot> {
  if (!c.document) throw new AppError('RESULTS_BLOCKED', { count: 1 });
  const last = await lastSnapshotSeq(tx, actor.tenantId, c.year);
  const prev = await latestSnapshotMeta(tx, actor.tenantId, c.year);
  const seq = last + 1;
  const inputs: SnapshotInputs = plain({
    schemeVersionNo: c.schemeVersionNo,
    scheme: c.document.engine,
    dataset: c.dataset,
  });
  const stored: SnapshotResults = plain({ results, explanations: explainAll(results) });
  const digest = snapshotDigest({
    tenantId: actor.tenantId,
    year: c.year,
    seq,
    schemeVersionId: c.schemeVersionId,
    engineVersion: ENGINE_VERSION,
    inputs,
    results: stored,
  });
  const snapshotId = await insertSnapshot(tx, {
    tenantId: actor.tenantId,
    year: c.year,
    seq,
    schemeVersionId: c.schemeVersionId,
    engineVersion: ENGINE_VERSION,
    inputs,
    results: stored,
    digest,
    reason: opts.reason,
    supersedesId: prev?.id ?? null,
    approvedBy: opts.approvedBy,
    approvedAt: opts.approvedAt,
    publishedBy: actor.userId,
    ...(opts.at ? { publishedAt: opts.at } : {}),
  });
  if (!snapshotId) throw new Error('snapshot not written');
  const pause = Number(process.env.YS_PUBLISH_PAUSE_MS ?? 0);
  if (pause > 0) {
    // The crash test waits for this line, then kills the process inside the open transaction.
    process.stderr.write('publish: snapshot row written, transaction open\n');
    await new Promise((r) => setTimeout(r, pause));
  }
  const preview: PreviewDoc = plain({
    engineVersion: ENGINE_VERSION,
    schemeVersionNo: c.schemeVersionNo,
    dataset: c.dataset,
    results,
  });
  if (opts.reviewId) {
    await updateReview(tx, opts.reviewId, { status: 'published', inputsDigest: c.inputsDigest, preview, blockers: [] });
  } else {
    await upsertPublishedReview(tx, {
      tenantId: actor.tenantId,
      year: c.year,
      status: 'published',
      schemeVersionId: c.schemeVersionId,
      inputsDigest: c.inputsDigest,
      preview,
      blockers: [],
      computedBy: actor.userId,
    });
  }
  const correction = seq > 1;
  await recordAudit(tx, actor, {
    action: correction ? 'results.correct' : 'results.publish',
    entityType: 'result_snapshot',
    entityId: snapshotId,
    summary: correction
      ? `发布 ${c.year} 年度考核结果更正（第 ${seq} 版）：${opts.reason ?? ''}`
      : `发布 ${c.year} 年度考核结果：${results.units.length} 个单位`,
    after: {
      year: c.year,
      seq,
      digest,
      reason: opts.reason,
      supersedesId: prev?.id ?? null,
      appealIds: opts.appealIds ?? [],
      correctionId: opts.correctionId ?? null,
      approvedBy: opts.approvedBy,
    },
  });
  await notify(tx, {
    tenantId: actor.tenantId,
    to: { role: 'unit' },
    kind: 'resultsPublished',
    title: correction ? `${c.year} 年度考核结果已更正（第 ${seq} 版）` : `${c.year} 年度考核结果已发布`,
    ...(correction && opts.reason ? { body: `更正原因：${opts.reason}` } : {}),
    link: `/results?year=${c.year}`,
    dedupeKey: `results-published-${c.year}-${seq}`,
  });
  return { id: snapshotId, year: c.year, seq, digest, reason: opts.reason, supersedesId: prev?.id ?? null };
}

/** Publishes the approved preview: one transaction, refused when the approval is void (inputs changed). */
export async function publishYear(
  db: Database,
  actor: Actor,
  year: number,
  input: { version: number; at?: Date | undefined },
): Promise<PublishedSnapshot> {
  const c = await collectInputs(db, actor.tenantId, year);
  const { results, blockers } = computeCollected(c);
  return db.transaction(async (tx) => {
    const row = await reviewRow(tx, actor.tenantId, year);
    if (!row) throw new AppError('RESULTS_NOT_COMPUTED', { year });
    if (row.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (await latestSnapshotMeta(tx, actor.tenantId, year)) throw new AppError('RESULTS_ALREADY_PUBLISHED', { year });
    if (row.status !== 'approved' || !row.approvedAt) throw new AppError('RESULTS_NOT_APPROVED', { year });
    if (c.inputsDigest !== row.inputsDigest) throw new AppError('RESULTS_INPUTS_CHANGED');
    if (blockers.length > 0 || !results) throw new AppError('RESULTS_BLOCKED', { count: Math.max(1, blockers.length) });
    await updateReview(tx, row.id, { version: row.version + 1 });
    return writeSnapshot(tx, actor, c, results, {
      reason: null,
      approvedBy: row.approvedBy,
      approvedAt: row.approvedAt,
      reviewId: row.id,
      at: input.at,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Verify
// ---------------------------------------------------------------------------------------------------------------

export interface SnapshotVerification {
  id: string;
  seq: number;
  ok: boolean;
  storedDigest: string;
  computedDigest: string;
  /** The engine run again on the snapshot's inputs gives the stored results (same engine version only). */
  reproducible: boolean | null;
}

/** Recomputes a snapshot's digest from its stored content (a direct edit of the row shows up here). */
export async function verifySnapshot(db: Database, tenantId: string, id: string): Promise<SnapshotVerification> {
  const row = await snapshotById(db, tenantId, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: '结果快照', entityEn: 'Result snapshot' });
  const computedDigest = snapshotDigest({
    tenantId: row.tenantId,
    year: row.year,
    seq: row.seq,
    schemeVersionId: row.schemeVersionId,
    engineVersion: row.engineVersion,
    inputs: row.inputs,
    results: row.results,
  });
  let reproducible: boolean | null = null;
  if (row.engineVersion === ENGINE_VERSION) {
    try {
      const inputs = row.inputs as SnapshotInputs;
      const again = plain(compute(inputs.scheme, inputs.dataset as Dataset));
      reproducible = canonicalJson(again) === canonicalJson((row.results as SnapshotResults).results);
    } catch {
      reproducible = false;
    }
  }
  return {
    id: row.id,
    seq: row.seq,
    ok: computedDigest === row.digest,
    storedDigest: row.digest,
    computedDigest,
    reproducible,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Years
// ---------------------------------------------------------------------------------------------------------------

export interface YearSummary {
  year: number;
  schemePublished: boolean;
  status: ReviewStatus;
  publishedSeq: number | null;
  publishedAt: string | null;
}

/** Every year with a scheme or results, newest first; a unit sees only whether a year is published. */
export async function listYears(db: Database, actor: Actor): Promise<YearSummary[]> {
  const [schemeRows, reviewRows, snapRows] = await yearRows(db, actor.tenantId);
  const years = new Set([...schemeRows.map((r) => r.year), ...snapRows.map((r) => r.year)]);
  return [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const snaps = snapRows.filter((s) => s.year === year).sort((a, b) => b.seq - a.seq);
      const last = snaps[0];
      const review = reviewRows.find((r) => r.year === year);
      const status: ReviewStatus = last
        ? 'published'
        : isOfficeOrLeader(actor) && review
          ? (review.status as ReviewStatus)
          : 'none';
      return {
        year,
        schemePublished: schemeRows.some((s) => s.year === year && s.published !== null),
        status,
        publishedSeq: last?.seq ?? null,
        publishedAt: last ? last.at.toISOString() : null,
      };
    });
}
