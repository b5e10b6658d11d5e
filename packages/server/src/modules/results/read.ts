/**
 * Published results, read by tenant (contract for the feedback, appeals, rectification and dashboard modules):
 * always the latest snapshot of a year (a correction supersedes the first publication). No actor: callers
 * apply their own scope (a unit sees its own explanation only).
 */
import type { Dataset, Results, Scheme, UnitExplanation } from '@yardstick/engine';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultSnapshots } from '../../db/schema';
import type { SnapshotInputs, SnapshotResults } from './service';

export interface PublishedYear {
  snapshot: { id: string; seq: number; digest: string; publishedAt: string; reason: string | null };
  scheme: Scheme;
  dataset: Dataset;
  results: Results;
}

/** The columns that identify a published snapshot (without its inputs and results). */
export const snapshotMeta = {
  id: resultSnapshots.id,
  seq: resultSnapshots.seq,
  digest: resultSnapshots.digest,
  publishedAt: resultSnapshots.publishedAt,
  reason: resultSnapshots.reason,
};

/**
 * Published snapshots never change (a trigger refuses it), and the feedback, dashboards and ranking read the same
 * one over and over: each is parsed once and kept, frozen so that no caller can change the shared copy.
 */
const parsed = new Map<string, PublishedYear>();
const MAX_PARSED = 32;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** The year's latest published snapshot with its scheme, dataset and engine results; null when not published. */
export async function getPublished(db: Database, tenantId: string, year: number): Promise<PublishedYear | null> {
  const [meta] = await db
    .select(snapshotMeta)
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq))
    .limit(1);
  if (!meta) return null;
  const hit = parsed.get(meta.id);
  if (hit) return hit;
  const [row] = await db
    .select({ inputs: resultSnapshots.inputs, results: resultSnapshots.results })
    .from(resultSnapshots)
    .where(eq(resultSnapshots.id, meta.id));
  if (!row) return null;
  const inputs = row.inputs as SnapshotInputs;
  const year_: PublishedYear = deepFreeze({
    snapshot: {
      id: meta.id,
      seq: meta.seq,
      digest: meta.digest,
      publishedAt: meta.publishedAt.toISOString(),
      reason: meta.reason,
    },
    scheme: inputs.scheme,
    // Stored exactly as the engine read it (defaults are filled when it is computed again).
    dataset: inputs.dataset as Dataset,
    results: (row.results as SnapshotResults).results,
  });
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(meta.id, year_);
  return year_;
}

/** Years with published results, oldest first. */
export async function listPublishedYears(db: Database, tenantId: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: resultSnapshots.year })
    .from(resultSnapshots)
    .where(eq(resultSnapshots.tenantId, tenantId))
    .orderBy(asc(resultSnapshots.year));
  return rows.map((r) => r.year);
}

/** One unit's explanation (trace) in the year's latest snapshot; null when not published or no such unit. */
export async function explainPublished(
  db: Database,
  tenantId: string,
  year: number,
  unitCode: string,
): Promise<UnitExplanation | null> {
  const [row] = await db
    .select({
      seq: resultSnapshots.seq,
      explanation: sqlExplanation(unitCode),
    })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq))
    .limit(1);
  return (row?.explanation as UnitExplanation | null | undefined) ?? null;
}

/** Picks one unit's explanation inside the jsonb, so the whole snapshot does not leave the database. */
function sqlExplanation(unitCode: string) {
  return sql<unknown>`(select e from jsonb_array_elements(${resultSnapshots.results}->'explanations') e where e->'unit'->>'unitId' = ${unitCode} limit 1)`;
}
