/**
 * Anchors: the audit chain's head (sequence number, hash, time; signed) kept outside the database — printed by
 * `yardstick audit anchor`, exported daily to AUDIT_ANCHOR_DIR, printed in each bulletin. The chain only ever grows,
 * so a head once anchored must stay in it with the same hash: `audit verify --anchor` finds rows deleted after the
 * last checkpoint, or a chain rewritten with recomputed hashes, that the checkpoints in the database cannot show.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog } from '../../db/schema';
import type { DailyJob } from '../scheduler/job';
import { signingKey, writeCheckpoint } from './checkpoints';

export const ANCHOR_FORMAT = 'yardstick-audit-anchor';

export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  /** The head record's id (its sequence number in the chain). */
  seq: number;
  hash: string;
  /** The head record's time. */
  at: string;
  exportedAt: string;
  /** HMAC-SHA256 with the checkpoint key over `anchor:seq:hash:at`. */
  signature: string;
}

/** What a person copies: `seq:hash` (also what the bulletin prints). */
export const anchorValue = (a: { seq: number; hash: string }) => `${a.seq}:${a.hash}`;

export const signAnchor = (key: Buffer, seq: number, hash: string, at: string) =>
  createHmac('sha256', key).update(`anchor:${seq}:${hash}:${at}`).digest('hex');

/** Signs the head with a checkpoint and returns it as an anchor; null on an empty log. */
export async function currentAnchor(db: Database, key: Buffer, now: Date = new Date()): Promise<AuditAnchor | null> {
  await writeCheckpoint(db, key);
  const [head] = await db
    .select({ id: auditLog.id, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!head) return null;
  const at = head.at.toISOString();
  return {
    format: ANCHOR_FORMAT,
    seq: head.id,
    hash: head.hash,
    at,
    exportedAt: now.toISOString(),
    signature: signAnchor(key, head.id, head.hash, at),
  };
}

/** Writes the current anchor to `dir` (a complete file or none); returns the file, or null on an empty log. */
export async function exportAnchorFile(
  db: Database,
  key: Buffer,
  dir: string,
  opts: { now?: Date; name?: string } = {},
): Promise<{ file: string; anchor: AuditAnchor } | null> {
  const anchor = await currentAnchor(db, key, opts.now);
  if (!anchor) return null;
  fs.mkdirSync(dir, { recursive: true });
  const stamp = anchor.exportedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, opts.name ?? `audit-anchor-${stamp}-${anchor.seq}.json`);
  fs.writeFileSync(`${file}.partial`, `${JSON.stringify(anchor, null, 2)}\n`, { mode: 0o644 });
  fs.renameSync(`${file}.partial`, file);
  return { file, anchor };
}

export interface ParsedAnchor {
  seq: number;
  hash: string;
  at?: string;
  signature?: string;
  source: string;
}

/** An anchor file (JSON as exported), or the value `seq:hash` as printed. */
export function parseAnchor(input: string): ParsedAnchor {
  const text =
    fs.existsSync(input) && fs.statSync(input).isFile() ? fs.readFileSync(input, 'utf8').trim() : input.trim();
  const source = text === input.trim() ? 'value' : input;
  const compact = /^#?(\d+)[:：]([0-9a-f]{64})$/i.exec(text);
  if (compact) return { seq: Number(compact[1]), hash: (compact[2] ?? '').toLowerCase(), source };
  let json: Partial<AuditAnchor>;
  try {
    json = JSON.parse(text) as Partial<AuditAnchor>;
  } catch {
    throw new Error(`无法识别的锚点 / not an anchor (a file or "seq:hash"): ${input}`);
  }
  if (json.format !== ANCHOR_FORMAT || typeof json.seq !== 'number' || typeof json.hash !== 'string')
    throw new Error(`无法识别的锚点文件 / not an audit anchor file: ${input}`);
  return {
    seq: json.seq,
    hash: json.hash,
    ...(json.at ? { at: json.at } : {}),
    ...(json.signature ? { signature: json.signature } : {}),
    source,
  };
}

export interface AnchorVerification {
  ok: boolean;
  seq: number;
  reason: 'record_missing' | 'hash_differs' | 'bad_signature' | null;
  /** The anchored record was removed by retention pruning (archived): nothing left to compare. */
  pruned: boolean;
}

/**
 * The anchored head must still be in the chain with the same hash (the chain itself is checked by
 * verifyAuditChain: with an intact chain, every record up to the anchor is then the one anchored). A signed anchor
 * file must carry a valid signature.
 */
export async function verifyAnchor(
  db: Database,
  anchor: ParsedAnchor,
  key: Buffer | null,
): Promise<AnchorVerification> {
  const base = { seq: anchor.seq, pruned: false };
  if (anchor.signature && anchor.at && key) {
    const expected = Buffer.from(signAnchor(key, anchor.seq, anchor.hash, anchor.at));
    const got = Buffer.from(anchor.signature);
    if (expected.length !== got.length || !timingSafeEqual(expected, got))
      return { ok: false, reason: 'bad_signature', ...base };
  }
  const [rec] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, anchor.seq));
  if (rec)
    return rec.hash === anchor.hash
      ? { ok: true, reason: null, ...base }
      : { ok: false, reason: 'hash_differs', ...base };
  // Pruned by retention: older than the first kept record, and an audit.prune record covers it.
  const [first] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id)).limit(1);
  if (first && anchor.seq < first.id) {
    const pruned = (await db.execute(
      sql`select 1 from audit_log where action = 'audit.prune' and (after->>'lastPrunedId')::bigint >= ${anchor.seq} limit 1`,
    )) as unknown as { rows: unknown[] };
    if (pruned.rows.length > 0) return { ok: true, reason: null, seq: anchor.seq, pruned: true };
  }
  return { ok: false, reason: 'record_missing', ...base };
}

/** The anchor file in `dir` with the highest sequence number (the newest head), or null. */
export function newestAnchorFile(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  let best: { file: string; seq: number } | null = null;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const a = parseAnchor(file);
      if (!best || a.seq > best.seq) best = { file, seq: a.seq };
    } catch {
      /* not an anchor */
    }
  }
  return best?.file ?? null;
}

/** Daily: sign the head and export it to AUDIT_ANCHOR_DIR (copy that directory off the machine). */
export const auditAnchorJob: DailyJob = {
  name: 'audit-anchor',
  async run({ db, config, day, now }) {
    const r = await exportAnchorFile(db, signingKey(config), config.auditAnchorDir, {
      now,
      name: `audit-anchor-${day}.json`,
    });
    return r ? { seq: r.anchor.seq, file: path.basename(r.file) } : { seq: null };
  },
};
