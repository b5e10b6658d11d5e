import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  randomUUID,
} from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { ballotPool, ballots, evaluationCampaigns } from '../../db/schema';
import { AppError } from '../../errors';
import { signingKey } from '../audit/checkpoints';
import type { StoredConfig } from './config';
import type { Mark } from '@yardstick/engine/ballot-rules';

/**
 * The mix (issue 14, docs/security.md "Ballot anonymity"). A ballot is accepted by sealing it into `ballot_pool` in
 * the transaction that consumes its code, so nothing accepted is lost; it reaches `ballots` only in a later
 * transaction that reveals a random batch of at least k ballots of its rater group in a random order under fresh
 * random ids. Whoever reads the database (rows, xmin, ctid, the WAL) sees a code consumed together with a sealed
 * blob of the same length as every other, and later k or more ballots appearing together: the link between the
 * two is the key, which is not in the database.
 */

export interface PoolKey {
  key: Buffer;
  /** A fingerprint stored with each sealed ballot, so a wrong or missing key is told, never a silent loss. */
  id: string;
}

export interface PoolOptions {
  key: () => PoolKey;
  k: number;
}

const INFO = 'yardstick ballot pool v1';

export function derivePoolKey(secret: Buffer | string): PoolKey {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), INFO, 32));
  const id = createHmac('sha256', key).update('key id').digest('hex').slice(0, 16);
  return { key, id };
}

/** BALLOT_POOL_KEY, else a key derived from the audit signing key (kept outside the database, see audit). */
export function poolOptions(config: Config): PoolOptions {
  let cached: PoolKey | null = null;
  return {
    k: config.ballotMixK,
    key: () => (cached ??= derivePoolKey(config.ballotPoolKey ?? signingKey(config))),
  };
}

/**
 * One padded length for every ballot of a campaign, whatever its marks: room for every unit of the county with the
 * longest mark any rater group allows. A sealed ballot's length then tells nothing about its marks or its form.
 */
export function paddedLength(unitCount: number, longestMark: number): number {
  const entry = 36 + 4 + Math.max(longestMark, 24); // "uuid":mark, — numbers are at most 24 characters as JSON
  return 256 * Math.ceil((2 + Math.max(unitCount, 1) * entry) / 256);
}

const aad = (campaignId: string, raterGroup: string) => Buffer.from(`${campaignId}\n${raterGroup}`);

export function seal(
  key: PoolKey,
  campaignId: string,
  raterGroup: string,
  marks: Record<string, Mark>,
  length: number,
): string {
  const json = Buffer.from(JSON.stringify(marks));
  // Never shorter than the campaign's length; a longer ballot (cannot happen for a valid form) rounds up.
  const padded = Buffer.alloc(Math.max(length, 256 * Math.ceil(json.length / 256)), 0x20);
  json.copy(padded);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(campaignId, raterGroup));
  const body = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function unseal(key: PoolKey, campaignId: string, raterGroup: string, sealed: string): Record<string, Mark> {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, 12));
  decipher.setAAD(aad(campaignId, raterGroup));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, Mark>;
}

/** Fisher–Yates with the CSPRNG. */
export function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = list[i] as T;
    list[i] = list[j] as T;
    list[j] = t;
  }
  return list;
}

export interface Unsealed {
  raterGroup: string;
  marks: Record<string, Mark>;
}

type PoolRow = typeof ballotPool.$inferSelect;

/** The campaign's peer rater groups: their ballots are revealed as fragments. */
export const peerGroups = (config: Pick<StoredConfig, 'raterGroups'>): ReadonlySet<string> =>
  new Set(config.raterGroups.filter((rg) => rg.peers).map((rg) => rg.id));

/**
 * A peer ballot is revealed as one row per rated unit. Whole, it would name its rater's unit: it rates every unit on
 * its form but its own. The tally and the engine work per unit (means, trimming and don't-know per unit; a ballot's
 * uniformity was refused when it was cast, and one mark is never uniform), so the scores are the same; what is lost
 * is only the bloc signal for identical peer ballots, and the group's ballot count comes from the used codes.
 */
export function fragments(list: Unsealed[], peers: ReadonlySet<string>): Unsealed[] {
  return list.flatMap((b) => {
    const units = Object.keys(b.marks);
    if (!peers.has(b.raterGroup) || units.length <= 1) return [b];
    return units.map((u) => ({ raterGroup: b.raterGroup, marks: { [u]: b.marks[u] ?? null } }));
  });
}

function openAll(key: PoolKey, rows: PoolRow[]): Unsealed[] {
  const foreign = rows.filter((r) => r.keyId !== key.id);
  if (foreign.length > 0) throw new AppError('EVALUATION_POOL_KEY', { count: foreign.length });
  return rows.map((r) => ({ raterGroup: r.raterGroup, marks: unseal(key, r.campaignId, r.raterGroup, r.sealed) }));
}

/**
 * Reveals part of one rater group's pool when it holds at least 2k ballots: a random choice of all but k of them,
 * written to `ballots` in a random order. Keeping k behind means the last batch, revealed at close, has k or more
 * too. Runs in its own transaction after the vote's; if it fails or the server dies, the ballots stay sealed in the
 * pool and the next vote or the close reveals them.
 */
export async function revealBatch(
  db: Database,
  pool: PoolOptions,
  campaignId: string,
  raterGroup: string,
): Promise<number> {
  const where = and(eq(ballotPool.campaignId, campaignId), eq(ballotPool.raterGroup, raterGroup));
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballotPool)
    .where(where);
  if ((pending?.n ?? 0) < 2 * pool.k) return 0;
  return db.transaction(async (tx) => {
    // Serialises revealing with itself and with the close (both lock the campaign row for update).
    const [campaign] = await tx
      .select({ config: evaluationCampaigns.config })
      .from(evaluationCampaigns)
      .where(eq(evaluationCampaigns.id, campaignId))
      .for('update');
    const rows = await tx.select().from(ballotPool).where(where);
    if (!campaign || rows.length < 2 * pool.k) return 0;
    const chosen = shuffle(rows).slice(0, rows.length - pool.k);
    await moveToBallots(tx, pool.key(), chosen, peerGroups(campaign.config as StoredConfig));
    return chosen.length;
  });
}

/** Deletes the chosen pool rows and writes their ballots in a random order under new random ids. */
async function moveToBallots(
  tx: Database,
  key: PoolKey,
  rows: PoolRow[],
  peers: ReadonlySet<string>,
): Promise<Unsealed[]> {
  if (rows.length === 0) return [];
  const opened = fragments(openAll(key, rows), peers);
  const first = rows[0] as PoolRow;
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.delete(ballotPool).where(
      inArray(
        ballotPool.id,
        rows.slice(i, i + 1000).map((r) => r.id),
      ),
    );
  }
  const out = shuffle(opened);
  for (let i = 0; i < out.length; i += 500) {
    await tx.insert(ballots).values(
      out.slice(i, i + 500).map((b) => ({
        id: randomUUID(),
        tenantId: first.tenantId,
        campaignId: first.campaignId,
        raterGroup: b.raterGroup,
        marks: b.marks,
      })),
    );
  }
  return out;
}

/** Inside the closing transaction: every ballot still sealed, opened (and removed from the pool). */
export async function drainPool(tx: Database, pool: PoolOptions, campaignId: string): Promise<Unsealed[]> {
  const rows = await tx.select().from(ballotPool).where(eq(ballotPool.campaignId, campaignId));
  if (rows.length === 0) return [];
  const opened = openAll(pool.key(), rows);
  await tx.delete(ballotPool).where(eq(ballotPool.campaignId, campaignId));
  return opened;
}

/** Ballots accepted but not yet revealed, per rater group (a count only). */
export async function pendingCount(db: Database, campaignId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballotPool)
    .where(eq(ballotPool.campaignId, campaignId));
  return r?.n ?? 0;
}
