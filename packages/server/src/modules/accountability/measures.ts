/**
 * R34 — the assessors' measures of a year, read from the database and the engine's results: the scores each
 * assessor (the unit owning an indicator) gave, the accepted appeals on its indicators and its approved data
 * changed afterwards. Computing lives in the engine (analysis/assessors.ts); this file only reads.
 */
import {
  assessorMeasureRows,
  assessorScoresOf,
  assessorStats,
  compute,
  type AssessorEvents,
  type AssessorStats,
  type Dataset,
  type DatasetInput,
  type Results,
  type Scheme,
} from '@yardstick/engine';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { appeals, reports } from '../../db/schema';

type Ind = { id: string; assessorId?: string | undefined; children?: Ind[] | undefined };

/** Indicator id → owning assessor (unit code), over the whole tree of every group. */
export function indicatorOwners(scheme: Scheme): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (list: readonly Ind[], owner: string | undefined) => {
    for (const i of list) {
      const who = i.assessorId ?? owner;
      if (who) out.set(i.id, who);
      walk(i.children ?? [], who);
    }
  };
  for (const b of [...scheme.blocks, ...scheme.groups.flatMap((g) => g.blocks ?? [])]) walk(b.indicators, undefined);
  return out;
}

/** Accepted appeals and data changed after approval, per assessor, for a county-year. */
export async function assessorEvents(
  db: Database,
  tenantId: string,
  year: number,
  owners: Map<string, string>,
): Promise<AssessorEvents[]> {
  const [upheld, changed] = await Promise.all([
    db
      .select({ indicatorId: appeals.indicatorId, n: sql<number>`count(*)::int` })
      .from(appeals)
      .where(and(eq(appeals.tenantId, tenantId), eq(appeals.year, year), eq(appeals.status, 'accepted')))
      .groupBy(appeals.indicatorId),
    db
      .select({ indicatorId: reports.indicatorId, n: sql<number>`count(*)::int` })
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, year), eq(reports.changedAfterApproval, true)))
      .groupBy(reports.indicatorId),
  ]);
  const by = new Map<string, { corrections: number; dataDifferences: number }>();
  const bump = (indicatorId: string | null, key: 'corrections' | 'dataDifferences', n: number) => {
    const owner = indicatorId ? owners.get(indicatorId) : undefined;
    if (!owner) return;
    const e = by.get(owner) ?? { corrections: 0, dataDifferences: 0 };
    e[key] += n;
    by.set(owner, e);
  };
  for (const r of upheld) bump(r.indicatorId, 'corrections', r.n);
  for (const r of changed) bump(r.indicatorId, 'dataDifferences', r.n);
  return [...by.entries()].map(([assessorId, e]) => ({ assessorId, ...e }));
}

/** The year's assessor statistics from its computed results. */
export async function statsOfYear(
  db: Database,
  tenantId: string,
  year: number,
  scheme: Scheme,
  results: Results,
): Promise<AssessorStats[]> {
  const owners = indicatorOwners(scheme);
  return assessorStats(assessorScoresOf(results), await assessorEvents(db, tenantId, year, owners));
}

/**
 * The dataset's `assessorMeasures` for a year being computed, when a scheme rule reads them: a first pass of the
 * engine gives the indicator scores (which no deduction changes), the measures are taken from it. A first pass
 * that fails leaves them out (the real compute then reports the same problem).
 */
export async function assessorMeasuresFor(
  db: Database,
  tenantId: string,
  year: number,
  scheme: Scheme,
  dataset: DatasetInput,
): Promise<NonNullable<DatasetInput['assessorMeasures']>> {
  let results: Results;
  try {
    results = compute(scheme, { ...dataset, assessorMeasures: [] } as Dataset);
  } catch {
    return [];
  }
  return assessorMeasureRows(await statsOfYear(db, tenantId, year, scheme, results));
}
