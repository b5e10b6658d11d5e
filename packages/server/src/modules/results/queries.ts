/**
 * The results module's data access for the year's review and its snapshots: one named function per query over
 * `result_reviews`, `result_snapshots` and the names they show. No state checks, audit records or answer shapes
 * here: `service.ts` runs the transactions (passing `tx` as `db`) and decides; `read.ts` reads published years for
 * other modules.
 */
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultReviews, resultSnapshots, schemes, units, users } from '../../db/schema';
import { snapshotMeta } from './read';

export type ReviewRow = typeof resultReviews.$inferSelect;

/** The county-year's review row (computed, approved or published preview), or null. */
export async function reviewRow(db: Database, tenantId: string, year: number): Promise<ReviewRow | null> {
  const [row] = await db
    .select()
    .from(resultReviews)
    .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, year)));
  return row ?? null;
}

/** The newest snapshot of the year (id, seq, digest, time, reason), or null when the year is not published. */
export async function latestSnapshotMeta(db: Database, tenantId: string, year: number) {
  const [row] = await db
    .select(snapshotMeta)
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq))
    .limit(1);
  return row ?? null;
}

/** A new review row; its id. */
export async function insertReview(
  db: Database,
  values: typeof resultReviews.$inferInsert,
): Promise<string | undefined> {
  const [created] = await db.insert(resultReviews).values(values).returning({ id: resultReviews.id });
  return created?.id;
}

/** Changes a review row. */
export async function updateReview(
  db: Database,
  id: string,
  set: Partial<typeof resultReviews.$inferInsert>,
): Promise<void> {
  await db.update(resultReviews).set(set).where(eq(resultReviews.id, id));
}

/** The review of a year marked published with its final preview, created when the year had none. */
export async function upsertPublishedReview(
  db: Database,
  values: typeof resultReviews.$inferInsert & { status: 'published' },
): Promise<void> {
  await db
    .insert(resultReviews)
    .values(values)
    .onConflictDoUpdate({
      target: [resultReviews.tenantId, resultReviews.year],
      set: { status: 'published', inputsDigest: values.inputsDigest, preview: values.preview, blockers: [] },
    });
}

/** Display names of the county's users by id (ids absent or null are left out). */
export async function userNames(db: Database, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The county's unit names by unit code. */
export async function unitNamesByCode(db: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.tenantId, tenantId));
  return new Map(rows.map((u) => [u.code, u.name]));
}

/** The year's snapshots without their content, newest first. */
export function snapshotInfoRows(db: Database, tenantId: string, year: number) {
  return db
    .select({
      id: resultSnapshots.id,
      seq: resultSnapshots.seq,
      digest: resultSnapshots.digest,
      engineVersion: resultSnapshots.engineVersion,
      schemeVersionId: resultSnapshots.schemeVersionId,
      reason: resultSnapshots.reason,
      supersedesId: resultSnapshots.supersedesId,
      publishedAt: resultSnapshots.publishedAt,
      publishedBy: resultSnapshots.publishedBy,
      approvedBy: resultSnapshots.approvedBy,
      approvedAt: resultSnapshots.approvedAt,
    })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq));
}

/** The highest snapshot number of the year (0 when none). */
export async function lastSnapshotSeq(db: Database, tenantId: string, year: number): Promise<number> {
  const [last] = await db
    .select({ seq: max(resultSnapshots.seq) })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)));
  return last?.seq ?? 0;
}

/** A new snapshot row; its id. */
export async function insertSnapshot(
  db: Database,
  values: typeof resultSnapshots.$inferInsert,
): Promise<string | undefined> {
  const [row] = await db.insert(resultSnapshots).values(values).returning({ id: resultSnapshots.id });
  return row?.id;
}

/** One snapshot of the county with its stored content. */
export async function snapshotById(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.id, id)));
  return row;
}

/** What the list of years is made of: the county's schemes, reviews and snapshots (years and states only). */
export function yearRows(db: Database, tenantId: string) {
  return Promise.all([
    db
      .select({ year: schemes.year, published: schemes.publishedVersion })
      .from(schemes)
      .where(eq(schemes.tenantId, tenantId)),
    db
      .select({ year: resultReviews.year, status: resultReviews.status })
      .from(resultReviews)
      .where(eq(resultReviews.tenantId, tenantId)),
    db
      .select({ year: resultSnapshots.year, seq: resultSnapshots.seq, at: resultSnapshots.publishedAt })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.tenantId, tenantId)),
  ]);
}
