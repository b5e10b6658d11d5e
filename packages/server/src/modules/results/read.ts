/**
 * Published results, read by tenant (contract for the feedback, appeals, rectification and dashboard modules):
 * always the latest snapshot of a year (a correction supersedes the first publication). No actor: callers
 * apply their own scope (a unit sees its own explanation only).
 */
import type { Dataset, Results, Scheme, UnitExplanation } from '@yardstick/engine';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultSnapshots } from '../../db/schema';
import type { SnapshotInputs, SnapshotResults } from './snapshot';

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

/** The year's latest published snapshot with its scheme, dataset and engine results; null when not published. */
export async function getPublished(db: Database, tenantId: string, year: number): Promise<PublishedYear | null> {
  const [row] = await db
    .select({
      ...snapshotMeta,
      inputs: resultSnapshots.inputs,
      results: resultSnapshots.results,
    })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq))
    .limit(1);
  if (!row) return null;
  const inputs = row.inputs as SnapshotInputs;
  return {
    snapshot: {
      id: row.id,
      seq: row.seq,
      digest: row.digest,
      publishedAt: row.publishedAt.toISOString(),
      reason: row.reason,
    },
    scheme: inputs.scheme,
    // Stored exactly as the engine read it (defaults are filled when it is computed again).
    dataset: inputs.dataset as Dataset,
    results: (row.results as SnapshotResults).results,
  };
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
