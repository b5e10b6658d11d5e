import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { auditCheckpoints, auditLog } from '../../db/schema';

export const DATA_DIR_KEY_FILE = 'audit-signing.key';

export interface SigningKeySource {
  key: Buffer;
  /** Where it came from: the environment, a file outside DATA_DIR, or the convenience file inside DATA_DIR. */
  source: 'env' | 'file' | 'data-dir';
  file: string | null;
  /** Said at every start when the key sits inside DATA_DIR (outside production). */
  warning: string | null;
}

function inside(dir: string, file: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(dir), real(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Where the key file goes in production when none is configured: the service account's config dir, not DATA_DIR. */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'yardstick', DATA_DIR_KEY_FILE);
}

const ALTERNATIVE_ZH =
  '请改用环境变量 AUDIT_SIGNING_KEY（密钥管理系统），或 AUDIT_SIGNING_KEY_FILE 指向 DATA_DIR 之外的文件（见 docs/operations.md）';
const ALTERNATIVE_EN =
  'use AUDIT_SIGNING_KEY from the environment (a secret store), or AUDIT_SIGNING_KEY_FILE naming a file outside DATA_DIR (docs/operations.md)';

function readOrCreate(file: string): Buffer {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 32)
    throw new Error(
      `审计签名密钥文件 ${file} 过短（至少 32 个字符）/ audit signing key in ${file} is shorter than 32 characters`,
    );
  return Buffer.from(key);
}

/**
 * The signing key lives outside the database: someone who can rewrite the audit table (and recompute every
 * hash after an edit) still cannot forge a checkpoint — unless the key sits beside the database. So a key inside
 * DATA_DIR (where PGlite keeps the database, and what a copy of the data directory carries) is refused in
 * production and warned about at every start otherwise. Several instances must share AUDIT_SIGNING_KEY.
 */
export function resolveSigningKey(config: Config, env: NodeJS.ProcessEnv = process.env): SigningKeySource {
  if (config.auditSigningKey)
    return { key: Buffer.from(config.auditSigningKey), source: 'env', file: null, warning: null };
  const legacy = path.join(config.dataDir, DATA_DIR_KEY_FILE);
  const configured = config.auditSigningKeyFile;
  const file = configured ?? (config.isProduction && !fs.existsSync(legacy) ? defaultKeyFile(env) : legacy);
  if (inside(config.dataDir, file)) {
    if (config.isProduction) {
      throw new Error(
        `审计签名密钥 ${file} 位于数据目录 DATA_DIR 内，生产模式下拒绝使用：能改写数据库的人也能拿到它并重签审计链。${ALTERNATIVE_ZH}；` +
          `已有的密钥可移出后继续使用（原检查点仍有效）。\n` +
          `The audit signing key ${file} is inside DATA_DIR, refused in production: whoever can rewrite the database could ` +
          `take it and re-sign the chain. ${ALTERNATIVE_EN}; an existing key may be moved there and kept (its checkpoints stay valid).`,
      );
    }
    return {
      key: readOrCreate(file),
      source: 'data-dir',
      file,
      warning:
        `警告：审计签名密钥保存在数据目录内（${file}），生产模式下将被拒绝。${ALTERNATIVE_ZH}。\n` +
        `Warning: the audit signing key is kept inside DATA_DIR (${file}) and would be refused in production; ${ALTERNATIVE_EN}.`,
    };
  }
  return { key: readOrCreate(file), source: 'file', file, warning: null };
}

export function signingKey(config: Config): Buffer {
  return resolveSigningKey(config).key;
}

export const signCheckpoint = (key: Buffer, lastAuditId: number, headHash: string) =>
  createHmac('sha256', key).update(`${lastAuditId}:${headHash}`).digest('hex');
const sign = signCheckpoint;

/** Signs the current head of the chain; nothing is written when the head is already signed. */
export async function writeCheckpoint(db: Database, key: Buffer): Promise<{ lastAuditId: number } | null> {
  const [head] = await db
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!head) return null;
  const [last] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.lastAuditId)).limit(1);
  if (last && last.lastAuditId === head.id) return { lastAuditId: head.id };
  await db
    .insert(auditCheckpoints)
    .values({ lastAuditId: head.id, headHash: head.hash, signature: sign(key, head.id, head.hash) });
  return { lastAuditId: head.id };
}

export interface CheckpointVerification {
  checked: number;
  firstBad: { lastAuditId: number; reason: 'bad_signature' | 'hash_differs' | 'record_missing' } | null;
}

/** Each checkpoint must carry a valid signature and still match the record it signed. */
export async function verifyCheckpoints(db: Database, key: Buffer): Promise<CheckpointVerification> {
  const rows = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.lastAuditId));
  // Checkpoints before the first kept record signed records that retention pruning removed (audit/retention.ts).
  const [first] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id)).limit(1);
  const firstKept = first?.id ?? Number.POSITIVE_INFINITY;
  let checked = 0;
  for (const c of rows) {
    const expected = Buffer.from(sign(key, c.lastAuditId, c.headHash));
    const got = Buffer.from(c.signature);
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
      return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'bad_signature' } };
    }
    if (c.lastAuditId < firstKept) {
      checked++;
      continue;
    }
    const [rec] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, c.lastAuditId));
    if (!rec) return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'record_missing' } };
    if (rec.hash !== c.headHash) return { checked, firstBad: { lastAuditId: c.lastAuditId, reason: 'hash_differs' } };
    checked++;
  }
  return { checked, firstBad: null };
}

export interface CheckpointPolicy {
  maxHours: number;
  /** 0: no limit on the number of unsigned records. */
  maxRecords: number;
}

export interface FreshnessVerification {
  ok: boolean;
  reason: 'no_checkpoint' | 'too_many_records' | 'too_old' | null;
  /** The newest checkpoint still matching a record of the chain (or signing a pruned one). */
  newest: { lastAuditId: number; at: string } | null;
  /** Records after the newest checkpoint: nothing vouches for them but the anchors kept outside the database. */
  unsigned: number;
  oldestUnsignedAt: string | null;
}

/**
 * The newest signed checkpoint must cover the chain up to at most `maxRecords` records and `maxHours` hours behind
 * its head. Someone who rewrites the chain and recomputes its hashes must drop the checkpoints (they no longer
 * match); an empty checkpoint table on a non-empty log, or one far behind the head, is therefore a failure.
 */
export async function verifyCheckpointFreshness(
  db: Database,
  policy: CheckpointPolicy,
  now: Date = new Date(),
): Promise<FreshnessVerification> {
  const [newest] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.lastAuditId)).limit(1);
  const after = newest?.lastAuditId ?? 0;
  const r = (await db.execute(
    sql`select count(*)::int as n, min(at) as oldest from audit_log where id > ${after}`,
  )) as unknown as { rows: { n: number | string; oldest: string | Date | null }[] };
  const unsigned = Number(r.rows[0]?.n ?? 0);
  const oldestRaw = r.rows[0]?.oldest ?? null;
  const oldest = oldestRaw === null ? null : new Date(oldestRaw);
  const base = {
    newest: newest ? { lastAuditId: newest.lastAuditId, at: newest.at.toISOString() } : null,
    unsigned,
    oldestUnsignedAt: oldest ? oldest.toISOString() : null,
  };
  if (!newest && unsigned > 0) return { ok: false, reason: 'no_checkpoint', ...base };
  if (policy.maxRecords > 0 && unsigned > policy.maxRecords) return { ok: false, reason: 'too_many_records', ...base };
  if (oldest && now.getTime() - oldest.getTime() > policy.maxHours * 3_600_000)
    return { ok: false, reason: 'too_old', ...base };
  return { ok: true, reason: null, ...base };
}
