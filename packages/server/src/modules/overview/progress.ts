import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  evaluationCampaigns,
  lights,
  redLightItems,
  reports,
  resultReviews,
  resultSnapshots,
  schemes,
  votingCodes,
} from '../../db/schema';
import type { Actor } from '../auth/actor';

export const YEAR_STEPS = ['scheme', 'process', 'evaluation', 'yearEnd', 'publish'] as const;
export type YearStep = (typeof YEAR_STEPS)[number];

/**
 * Where the year stands, for the landing page: one figure per stage of the assessment year, read from the
 * stages' own tables. A unit sees its own reports and lights; evaluation turnout and the results' review state are
 * for the office and leaders (no partial results anywhere).
 */
export async function yearProgress(db: Database, actor: Actor, year: number) {
  const t = actor.tenantId;
  const own = actor.role === 'unit' && actor.unitId ? actor.unitId : null;
  const countyView = actor.role === 'office' || actor.role === 'leader';
  const [schemeRow] = await db
    .select({ published: schemes.publishedVersion, draft: schemes.draftVersion })
    .from(schemes)
    .where(and(eq(schemes.tenantId, t), eq(schemes.year, year)));
  const reportWhere = and(eq(reports.tenantId, t), eq(reports.year, year), own ? eq(reports.unitId, own) : undefined);
  const lightWhere = and(eq(lights.tenantId, t), eq(lights.year, year), own ? eq(lights.unitId, own) : undefined);
  const itemWhere = and(
    eq(redLightItems.tenantId, t),
    eq(redLightItems.year, year),
    own ? eq(redLightItems.unitId, own) : undefined,
  );
  const [reportCounts, lightCounts, items, campaign, review, snapshot] = await Promise.all([
    db
      .select({ status: reports.status, n: sql<number>`count(*)::int` })
      .from(reports)
      .where(reportWhere)
      .groupBy(reports.status),
    db
      .select({ light: lights.light, n: sql<number>`count(*)::int` })
      .from(lights)
      .where(lightWhere)
      .groupBy(lights.light),
    db
      .select({ status: redLightItems.status, n: sql<number>`count(*)::int` })
      .from(redLightItems)
      .where(itemWhere)
      .groupBy(redLightItems.status),
    db
      .select({ id: evaluationCampaigns.id, status: evaluationCampaigns.status })
      .from(evaluationCampaigns)
      .where(and(eq(evaluationCampaigns.tenantId, t), eq(evaluationCampaigns.year, year)))
      .orderBy(desc(evaluationCampaigns.createdAt))
      .limit(1),
    db
      .select({
        status: resultReviews.status,
        blockers: sql<number>`jsonb_array_length(${resultReviews.blockers})::int`,
      })
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, t), eq(resultReviews.year, year))),
    db
      .select({ seq: resultSnapshots.seq, at: resultSnapshots.publishedAt })
      .from(resultSnapshots)
      .where(and(eq(resultSnapshots.tenantId, t), eq(resultSnapshots.year, year)))
      .orderBy(desc(resultSnapshots.seq))
      .limit(1),
  ]);
  const by = <K extends string>(rows: { n: number }[], key: (r: never) => K) =>
    Object.fromEntries(rows.map((r) => [key(r as never), r.n])) as Partial<Record<K, number>>;
  const reportsBy = by(reportCounts, (r: { status: string }) => r.status);
  const lightsBy = by(lightCounts, (r: { light: string }) => r.light);
  const itemsBy = by(items, (r: { status: string }) => r.status);

  let turnout: { used: number; total: number } | null = null;
  const c = campaign[0];
  if (c && countyView) {
    const [row] = await db
      .select({
        used: sql<number>`count(*) filter (where ${votingCodes.used})::int`,
        total: sql<number>`count(*)::int`,
      })
      .from(votingCodes)
      .where(eq(votingCodes.campaignId, c.id));
    turnout = { used: row?.used ?? 0, total: row?.total ?? 0 };
  }

  const snap = snapshot[0];
  const rev = review[0];
  const done: Record<YearStep, boolean> = {
    scheme: (schemeRow?.published ?? null) !== null,
    process: (lightsBy.green ?? 0) + (lightsBy.yellow ?? 0) + (lightsBy.red ?? 0) > 0 && (reportsBy.approved ?? 0) > 0,
    evaluation: c?.status === 'closed',
    yearEnd: rev?.status === 'approved' || rev?.status === 'published' || snap !== undefined,
    publish: snap !== undefined,
  };
  const current = YEAR_STEPS.findIndex((s) => !done[s]);
  return {
    year,
    /** Index of the first stage not finished (-1: all finished). */
    current,
    scheme: { published: schemeRow?.published ?? null, draft: schemeRow?.draft ?? null },
    reports: {
      draft: reportsBy.draft ?? 0,
      submitted: reportsBy.submitted ?? 0,
      returned: reportsBy.returned ?? 0,
      approved: reportsBy.approved ?? 0,
    },
    lights: { green: lightsBy.green ?? 0, yellow: lightsBy.yellow ?? 0, red: lightsBy.red ?? 0 },
    redLightItems: {
      open: (itemsBy.open ?? 0) + (itemsBy.returned ?? 0),
      answered: itemsBy.answered ?? 0,
      closed: itemsBy.closed ?? 0,
    },
    evaluation: c ? { status: c.status, turnout } : null,
    results: countyView
      ? {
          review: rev?.status ?? null,
          blockers: rev?.blockers ?? null,
          published: snap ? { seq: snap.seq, at: snap.at.toISOString() } : null,
        }
      : { review: null, blockers: null, published: snap ? { seq: snap.seq, at: snap.at.toISOString() } : null },
  };
}
