/**
 * What the review pages and the documents show: rankings and tiers per group (with every override, eligibility
 * note, veto, downgrade and boundary tie), diagnostics, sensitivity and the what-if against last year's scheme.
 * Everything is read from the stored preview or the published snapshot and run again through the engine (the
 * engine's trace is not stored as such; the computation is deterministic and quick).
 */
import {
  compareOutcomes,
  compute,
  diagnoseResults,
  outcomesOf,
  replayOn,
  sensitivityOfResults,
  type Dataset,
  type DatasetInput,
  type DiagnosticsOptions,
  type DiagnosticsResult,
  type Results,
  type Scheme,
  type SensitivityResult,
} from '@yardstick/engine';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultReviews, resultSnapshots, units } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../auth/actor';
import { publishedScheme } from './collect';
import type { PreviewDoc, SnapshotInputs } from './snapshot';
import type { WhatIfView } from './whatif-view';

export type Source = 'preview' | 'published';

export interface Computed {
  source: Source;
  year: number;
  scheme: Scheme;
  dataset: DatasetInput;
  results: Results;
  /** Snapshot id and seq when published. */
  snapshot: { id: string; seq: number; digest: string; publishedAt: string } | null;
  key: string;
}

const cache = new Map<string, Results>();
function computeCached(key: string, scheme: Scheme, dataset: DatasetInput): Results {
  const hit = cache.get(key);
  if (hit) return hit;
  const r = compute(scheme, dataset as Dataset);
  cache.set(key, r);
  if (cache.size > 16) cache.delete(cache.keys().next().value as string);
  return r;
}

/** A published snapshot's inputs by digest (immutable: frozen, so a reader that changed them would fail loudly). */
const snapshotInputs = new Map<string, SnapshotInputs>();
function remember(key: string, inputs: SnapshotInputs): void {
  snapshotInputs.set(key, inputs);
  if (snapshotInputs.size > 16) snapshotInputs.delete(snapshotInputs.keys().next().value as string);
}
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) frozen(v);
  }
  return value;
}

const seesPreview = (actor: Actor) => actor.role === 'office' || actor.role === 'leader';

/**
 * The year's results as the actor may see them: the preview (office and leaders only) or the latest published
 * snapshot. A unit asking for the preview gets 404, as if there were none.
 */
export async function loadComputed(db: Database, actor: Actor, year: number, source: Source): Promise<Computed> {
  if (source === 'preview') {
    if (!seesPreview(actor)) throw notFound(`${year} 年度结果预览`, `Preview of ${year}`);
    const [row] = await db
      .select({ preview: resultReviews.preview, digest: resultReviews.inputsDigest })
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, actor.tenantId), eq(resultReviews.year, year)));
    const preview = row?.preview as PreviewDoc | undefined;
    const scheme = await publishedScheme(db, actor.tenantId, year);
    if (!row || !preview?.results || !scheme) throw notFound(`${year} 年度结果预览`, `Preview of ${year}`);
    const key = `p:${actor.tenantId}:${row.digest}`;
    return {
      source,
      year,
      scheme: scheme.document.engine,
      dataset: preview.dataset,
      results: computeCached(key, scheme.document.engine, preview.dataset),
      snapshot: null,
      key,
    };
  }
  // The head of the year's snapshots first (a small row); the inputs (the year's whole dataset, the largest jsonb
  // the server reads) only when this digest is not in memory yet: published inputs never change.
  const [snap] = await db
    .select({
      id: resultSnapshots.id,
      seq: resultSnapshots.seq,
      digest: resultSnapshots.digest,
      publishedAt: resultSnapshots.publishedAt,
    })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, actor.tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq))
    .limit(1);
  if (!snap) throw notFound(`${year} 年度已发布结果`, `Published results of ${year}`);
  const key = `s:${snap.digest}`;
  const cached = snapshotInputs.get(key);
  const inputs =
    cached ??
    frozen(
      (
        await db
          .select({ inputs: resultSnapshots.inputs })
          .from(resultSnapshots)
          .where(and(eq(resultSnapshots.tenantId, actor.tenantId), eq(resultSnapshots.id, snap.id)))
      )[0]?.inputs as SnapshotInputs,
    );
  if (!inputs) throw notFound(`${year} 年度已发布结果`, `Published results of ${year}`);
  if (!cached) remember(key, inputs);
  return {
    source,
    year,
    scheme: inputs.scheme,
    dataset: inputs.dataset,
    results: computeCached(key, inputs.scheme, inputs.dataset),
    snapshot: { id: snap.id, seq: snap.seq, digest: snap.digest, publishedAt: snap.publishedAt.toISOString() },
    key,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------------------------

export interface RankingRow {
  unitCode: string;
  unitName: string;
  rank: number;
  indicatorTotal: number;
  evaluation: number | null;
  bonus: number;
  deductions: number;
  rankChange: number;
  composite: number;
  tier: string;
  tierName: string;
  tierIndex: number;
  naturalTier: string;
  naturalTierName: string;
  /** Tier differs from the natural one (veto, discipline downgrade, eligibility, tie decision). */
  overridden: boolean;
  vetoes: string[];
  vetoNames: string[];
  downgraded: boolean;
  flags: string[];
  /** Part of a boundary tie (any policy). */
  tie: boolean;
  award: boolean;
  consequences: string[];
  coefficient: number | null;
  status: string;
}

export interface RankingGroup {
  groupId: string;
  name: string;
  unitCount: number;
  quotas: { tier: string; tierName: string; quota: number | null; filled: number }[];
  ties: {
    tier: string;
    tierName: string;
    places: number;
    unitCodes: string[];
    policy: string;
    resolution: string;
    needsDecision: boolean;
    /** The score the units are tied on. */
    score: number | null;
    /** The leadership group's decision that filled the places (from the dataset, so a snapshot keeps it). */
    decision: { id: string; order: string[]; date: string | null; ref: string | null } | null;
  }[];
  rows: RankingRow[];
}

export interface RankingView {
  year: number;
  source: Source;
  snapshot: Computed['snapshot'];
  publishable: boolean;
  tiers: { id: string; name: string }[];
  groups: RankingGroup[];
}

export function tierNameOf(scheme: Scheme, groupId: string, tierId: string): string {
  const tiering = scheme.groups.find((g) => g.id === groupId)?.tiering ?? scheme.tiering;
  const t = tiering.tiers.find((x) => x.id === tierId);
  return t?.name ?? tierId;
}

export function rankingOf(c: Computed, unitNames: Map<string, string>): RankingView {
  const { scheme, results } = c;
  const byId = new Map(results.units.map((u) => [u.unitId, u]));
  const discipline = new Set(((c.dataset.discipline ?? []) as { unitId: string }[]).map((d) => d.unitId));
  const vetoName = new Map(scheme.vetoes.map((v) => [v.id, v.name ?? v.id]));
  const nameOf = (code: string) => unitNames.get(code) ?? c.dataset.units.find((u) => u.id === code)?.name ?? code;
  const decisions = new Map((c.dataset.tieDecisions ?? []).map((d) => [d.id, d]));
  const decisionOf = (id: string | undefined) => {
    const d = id ? decisions.get(id) : undefined;
    return d ? { id: d.id, order: d.order, date: d.date ?? null, ref: d.ref ?? null } : null;
  };
  return {
    year: c.year,
    source: c.source,
    snapshot: c.snapshot,
    publishable: results.publishable,
    tiers: scheme.tiering.tiers.map((t) => ({ id: t.id, name: t.name ?? t.id })),
    groups: results.groups.map((g) => {
      const tied = new Set(g.ties.flatMap((t) => t.unitIds));
      return {
        groupId: g.groupId,
        name: scheme.groups.find((x) => x.id === g.groupId)?.name ?? g.groupId,
        unitCount: g.unitCount,
        quotas: g.quotas.map((q) => ({ ...q, tierName: tierNameOf(scheme, g.groupId, q.tier) })),
        ties: g.ties.map((t) => ({
          tier: t.tier,
          tierName: tierNameOf(scheme, g.groupId, t.tier),
          places: t.places,
          unitCodes: t.unitIds,
          policy: t.policy,
          resolution: t.resolution,
          needsDecision: t.needsDecision,
          score: t.score ?? null,
          decision: decisionOf(t.decisionId),
        })),
        rows: g.order.flatMap((id) => {
          const u = byId.get(id);
          if (!u) return [];
          return [
            {
              unitCode: u.unitId,
              unitName: nameOf(u.unitId),
              rank: u.rank,
              indicatorTotal: u.indicatorTotal,
              evaluation: u.evaluation,
              bonus: u.bonus,
              deductions: u.deductions,
              rankChange: u.rankChange,
              composite: u.composite,
              tier: u.tier,
              tierName: tierNameOf(scheme, g.groupId, u.tier),
              tierIndex: u.tierIndex,
              naturalTier: u.naturalTier,
              naturalTierName: tierNameOf(scheme, g.groupId, u.naturalTier),
              overridden: u.tier !== u.naturalTier,
              vetoes: u.vetoes,
              vetoNames: u.vetoes.map((v) => vetoName.get(v) ?? v),
              downgraded: discipline.has(u.unitId),
              flags: u.flags,
              tie: tied.has(u.unitId),
              award: u.award,
              consequences: u.consequences,
              coefficient: u.coefficient,
              status: u.status,
            },
          ];
        }),
      };
    }),
  };
}

export async function unitNameMap(db: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.tenantId, tenantId));
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------------------------

const diagCache = new Map<string, DiagnosticsResult>();
/** Diagnostics with the office's thresholds (undefined = the engine's documented default). */
export function diagnosticsOf(
  c: Computed,
  assessorNames: Record<string, string>,
  thresholds: Pick<
    DiagnosticsOptions,
    'fullMarkThreshold' | 'distinctShareThreshold' | 'cvThreshold' | 'minUnits'
  > = {},
): DiagnosticsResult {
  const set = Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== undefined));
  const key = `${c.key}|${JSON.stringify(set)}`;
  const hit = diagCache.get(key);
  if (hit) return hit;
  const d = diagnoseResults(c.results, c.scheme, { assessorNames, ...set });
  diagCache.set(key, d);
  if (diagCache.size > 16) diagCache.delete(diagCache.keys().next().value as string);
  return d;
}

export function sensitivityOf(c: Computed, runs: number, seed: number, spread: number): SensitivityResult {
  return sensitivityOfResults(c.results, c.scheme, { runs, seed, spread });
}

export type { WhatIfView };

/**
 * This year's data under last year's published scheme (A) against this year's scheme (B). Indicators, groups and
 * rules are matched by code (engine `replayOn`): what matches is scored by last year's rules, the rest is listed.
 */
export async function whatIfLastYear(db: Database, tenantId: string, c: Computed): Promise<WhatIfView> {
  const lastYear = c.year - 1;
  const last = await publishedScheme(db, tenantId, lastYear);
  if (!last) return { available: false, reason: 'noScheme', detail: null, lastYear, comparison: null, unmatched: null };
  const replay = replayOn(last.document.engine, c.dataset, c.scheme);
  try {
    const a = compute(replay.scheme, replay.dataset as Dataset);
    const comparison = compareOutcomes(outcomesOf(a, `${lastYear}`), outcomesOf(c.results, `${c.year}`), {
      decimals: Math.max(a.decimals, c.results.decimals),
    });
    return { available: true, reason: null, detail: null, lastYear, comparison, unmatched: replay.unmatched };
  } catch (err) {
    return {
      available: false,
      reason: 'engineRefused',
      detail: err instanceof Error ? err.message : String(err),
      lastYear,
      comparison: null,
      unmatched: replay.unmatched,
    };
  }
}
