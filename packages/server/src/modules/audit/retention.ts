import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { asc, gt, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditCheckpoints, auditLog } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../auth/actor';
import { signCheckpoint, verifyCheckpoints } from './checkpoints';
import { recordAudit, verifyAuditChain } from './service';

export const RETENTION_FLOOR_MONTHS = 6;
export const ARCHIVE_FORMAT = 'yardstick-audit-archive';

export interface PruneOptions {
  /** Records before this instant go (if they are older than the retention floor). */
  before: Date;
  /** Where the pruned records are archived first (gzipped JSON lines). */
  archiveFile: string;
  key: Buffer;
  retentionMonths: number;
  now?: Date;
  /** Who ran it, when not a signed-in user (the CLI passes the operating-system account). */
  operator?: string;
}

export interface PruneResult {
  pruned: number;
  lastPrunedId: number | null;
  archiveFile: string | null;
  archiveSha256: string | null;
}

/** The earliest instant a record may still be pruned at: `months` calendar months before `now`. */
export function retentionFloor(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - Math.max(months, RETENTION_FLOOR_MONTHS));
  return d;
}

/**
 * Retention pruning, the only way records leave the audit log. The chain must verify first; the pruned
 * records are archived to a file before anything is deleted; then, in one transaction, a signed checkpoint
 * anchors the last pruned record's hash, an `audit.prune` record names it, and the rows go (the database trigger
 * lets a delete through only for rows older than the cut-off this transaction declares). `verifyAuditChain`
 * accepts a chain that starts after such an anchor, and only when the prune record names it.
 */
export async function pruneAudit(db: Database, actor: Actor | null, opts: PruneOptions): Promise<PruneResult> {
  const now = opts.now ?? new Date();
  const floor = retentionFloor(now, opts.retentionMonths);
  if (opts.before.getTime() > floor.getTime()) {
    throw new AppError('AUDIT_RETENTION', {
      months: Math.max(opts.retentionMonths, RETENTION_FLOOR_MONTHS),
      earliest: floor.toISOString().slice(0, 10),
    });
  }
  const chain = await verifyAuditChain(db);
  if (!chain.ok) throw new AppError('AUDIT_CHAIN_BROKEN', { id: chain.firstBroken?.id });
  const marks = await verifyCheckpoints(db, opts.key);
  if (marks.firstBad) throw new AppError('AUDIT_CHAIN_BROKEN', { id: marks.firstBad.lastAuditId });

  // The prefix of the chain older than the cut-off: up to the first record at or after it.
  const [firstKept] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(gte(auditLog.at, opts.before))
    .orderBy(asc(auditLog.id))
    .limit(1);
  const [last] = await db
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .where(firstKept ? sql`${auditLog.id} < ${firstKept.id}` : sql`true`)
    .orderBy(sql`${auditLog.id} desc`)
    .limit(1);
  if (!last) return { pruned: 0, lastPrunedId: null, archiveFile: null, archiveSha256: null };

  const archive = await writeArchive(db, last.id, opts.archiveFile);
  return db.transaction(async (tx) => {
    await tx.insert(auditCheckpoints).values({
      lastAuditId: last.id,
      headHash: last.hash,
      signature: signCheckpoint(opts.key, last.id, last.hash),
    });
    await recordAudit(tx, actor, {
      action: 'audit.prune',
      entityType: 'audit_log',
      entityId: String(last.id),
      summary: `按保留期清理审计记录：${archive.count} 条（${opts.before.toISOString().slice(0, 10)} 之前，至第 ${last.id} 条），已归档至 ${path.basename(opts.archiveFile)}${opts.operator ? `（命令行，操作系统用户 ${opts.operator}）` : ''}`,
      after: {
        lastPrunedId: last.id,
        count: archive.count,
        before: opts.before.toISOString(),
        archiveSha256: archive.sha256,
      },
    });
    await tx.execute(sql`select set_config('yardstick.audit_prune_before', ${opts.before.toISOString()}, true)`);
    const deleted = await tx.delete(auditLog).where(lte(auditLog.id, last.id)).returning({ id: auditLog.id });
    if (deleted.length !== archive.count) throw new Error('audit prune: deleted rows differ from the archive');
    return {
      pruned: deleted.length,
      lastPrunedId: last.id,
      archiveFile: opts.archiveFile,
      archiveSha256: archive.sha256,
    };
  });
}

/** Archives records id ≤ lastId; only a complete file gets its final name. */
async function writeArchive(db: Database, lastId: number, file: string): Promise<{ count: number; sha256: string }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const hash = createHash('sha256');
  const write = (line: string) => {
    hash.update(line);
    gzip.write(line);
  };
  write(`${JSON.stringify({ format: ARCHIVE_FORMAT, lastId })}\n`);
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${gt(auditLog.id, after)} and ${lte(auditLog.id, lastId)}`)
      .orderBy(asc(auditLog.id))
      .limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) write(`${JSON.stringify(r)}\n`);
    count += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
  }
  gzip.end();
  await done;
  fs.renameSync(partial, file);
  return { count, sha256: hash.digest('hex') };
}
