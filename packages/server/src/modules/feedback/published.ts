/**
 * The published years as the follow-up modules (feedback, appeals, rectification, results use, dashboards) read
 * them: the latest snapshot of a year, the scheme and dataset it froze, and the engine's results recomputed from
 * them (the trace is not stored, and a unit's explanation needs it). A snapshot never changes, so the computed
 * results are cached by snapshot id.
 */
import {
  compute,
  type Dataset,
  type Group,
  type Results,
  type Scheme,
  type Tier,
  type Tiering,
  validateDataset,
  validateScheme,
} from '@yardstick/engine';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultSnapshots, unitGroups, units } from '../../db/schema';
import { snapshotMeta } from '../results/read';

export interface PublishedYear {
  year: number;
  snapshot: { id: string; seq: number; digest: string; publishedAt: Date; reason: string | null };
  /** When the year was first published (seq 1): the appeal window runs from here. */
  firstPublishedAt: Date;
  scheme: Scheme;
  dataset: Dataset;
  results: Results;
}

const CACHE_MAX = 32;
const cache = new Map<string, { scheme: Scheme; dataset: Dataset; results: Results }>();

/** Reads `{ scheme, dataset }` from a snapshot's inputs (the format modules/results writes). */
function parseInputs(inputs: unknown): { scheme: Scheme; dataset: Dataset } | null {
  if (!inputs || typeof inputs !== 'object') return null;
  const raw = inputs as { scheme?: unknown; dataset?: unknown };
  const s = validateScheme(raw.scheme);
  if (!s.ok) return null;
  const d = validateDataset(raw.dataset, s.scheme);
  if (!d.ok) return null;
  return { scheme: s.scheme, dataset: d.dataset };
}

function computeCached(id: string, inputs: unknown): { scheme: Scheme; dataset: Dataset; results: Results } | null {
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const parsed = parseInputs(inputs);
  if (!parsed) return null;
  const value = { ...parsed, results: compute(parsed.scheme, parsed.dataset) };
  cache.set(id, value);
  if (cache.size > CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return value;
}

/** The latest snapshot of a published year, or null when the year is not published. */
export async function loadPublished(db: Database, tenantId: string, year: number): Promise<PublishedYear | null> {
  const rows = await db
    .select(snapshotMeta)
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(desc(resultSnapshots.seq));
  const latest = rows[0];
  const first = rows[rows.length - 1];
  if (!latest || !first) return null;
  let computed = cache.get(latest.id) ?? null;
  if (!computed) {
    const [row] = await db
      .select({ inputs: resultSnapshots.inputs })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.id, latest.id));
    computed = computeCached(latest.id, row?.inputs);
  }
  if (!computed) return null;
  return { year, snapshot: latest, firstPublishedAt: first.publishedAt, ...computed };
}

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  groupCode: string;
  groupName: string;
  sortOrder: number;
}

/** The county's units by id and by code (engine unit ids are unit codes). */
export async function unitDirectory(db: Database, tenantId: string) {
  const rows = await db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      groupCode: unitGroups.code,
      groupName: unitGroups.name,
      sortOrder: units.sortOrder,
    })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(eq(units.tenantId, tenantId))
    .orderBy(asc(unitGroups.sortOrder), asc(units.sortOrder), asc(units.code));
  const byId = new Map<string, UnitInfo>(rows.map((r) => [r.id, r]));
  const byCode = new Map<string, UnitInfo>(rows.map((r) => [r.code, r]));
  return { list: rows as UnitInfo[], byId, byCode };
}

export function groupOf(scheme: Scheme, groupId: string): Group | undefined {
  return scheme.groups.find((g) => g.id === groupId);
}

export function tieringOf(scheme: Scheme, groupId: string): Tiering {
  return groupOf(scheme, groupId)?.tiering ?? scheme.tiering;
}

export function tierOf(scheme: Scheme, groupId: string, tierId: string): Tier | undefined {
  return tieringOf(scheme, groupId).tiers.find((t) => t.id === tierId);
}

export function tierName(scheme: Scheme, groupId: string, tierId: string): string {
  return tierOf(scheme, groupId, tierId)?.name ?? tierId;
}

/** Block names of a group's tree. */
export function blockNames(scheme: Scheme, groupId: string): Map<string, string> {
  const g = groupOf(scheme, groupId);
  return new Map((g?.blocks ?? scheme.blocks).map((b) => [b.id, b.name ?? b.id]));
}

/** Group display name from the scheme. */
export function groupName(scheme: Scheme, groupId: string): string {
  return groupOf(scheme, groupId)?.name ?? groupId;
}

/** Every published year with its latest snapshot's seq and time (no computing), oldest first. */
export async function publishedYearList(db: Database, tenantId: string) {
  const rows = await db
    .select({ year: resultSnapshots.year, seq: resultSnapshots.seq, publishedAt: resultSnapshots.publishedAt })
    .from(resultSnapshots)
    .where(eq(resultSnapshots.tenantId, tenantId))
    .orderBy(asc(resultSnapshots.year), desc(resultSnapshots.seq));
  const seen = new Set<number>();
  return rows
    .filter((r) => (seen.has(r.year) ? false : (seen.add(r.year), true)))
    .map((r) => ({ year: r.year, seq: r.seq, publishedAt: r.publishedAt.toISOString() }));
}
