/**
 * A published snapshot carries its digest in three places: the snapshot row, the audit record written in the same
 * transaction (`results.publish` / `results.correct`, hash-chained and signed), and the bulletin printed from it.
 * Someone who rewrites a snapshot consistently (inputs, results and digest) makes the row agree with itself, but
 * not with the audit record nor with the paper: `results verify` compares all three.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog, resultSnapshots } from '../../db/schema';
import { verifySnapshot } from '../results/service';

export interface PublicationRecord {
  /** The audit record's id: the chain's head when the snapshot was published. */
  auditId: number;
  auditHash: string;
  /** The digest the audit record holds. */
  digest: string | null;
}

/** The audit record written when a snapshot was published (or null: pruned by retention, or never written). */
export async function publicationRecord(
  db: Database,
  tenantId: string,
  snapshotId: string,
): Promise<PublicationRecord | null> {
  const [row] = await db
    .select({ id: auditLog.id, hash: auditLog.hash, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        eq(auditLog.entityType, 'result_snapshot'),
        eq(auditLog.entityId, snapshotId),
        inArray(auditLog.action, ['results.publish', 'results.correct']),
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(1);
  if (!row) return null;
  const after = row.after as { digest?: unknown } | null;
  return { auditId: row.id, auditHash: row.hash, digest: typeof after?.digest === 'string' ? after.digest : null };
}

/** What a bulletin prints so that a reader can check it later (results verify, audit verify --anchor). */
export interface PrintedSeal {
  seq: number;
  digest: string;
  audit: { seq: number; hash: string } | null;
}

export async function publicationSeal(
  db: Database,
  tenantId: string,
  snapshot: { id: string; seq: number; digest: string },
): Promise<PrintedSeal> {
  const rec = await publicationRecord(db, tenantId, snapshot.id);
  return {
    seq: snapshot.seq,
    digest: snapshot.digest,
    audit: rec ? { seq: rec.auditId, hash: rec.auditHash } : null,
  };
}

/** The sentence the bulletin prints (附注); `readPrintedSeals` finds it again. */
export function sealText(s: PrintedSeal): string {
  const audit = s.audit ? `；发布时审计链头 ${s.audit.seq}:${s.audit.hash}` : '';
  return `（结果快照第 ${s.seq} 版 SHA-256：${s.digest}${audit}。可用 yardstick results verify 核验。）`;
}

/** The seals printed in a bulletin: a .docx (its word/document.xml), or any text holding the printed sentence. */
export function readPrintedSeals(file: string): PrintedSeal[] {
  const bytes = fs.readFileSync(file);
  const xml = bytes.subarray(0, 2).toString('latin1') === 'PK' ? zipEntry(bytes, 'word/document.xml') : null;
  const text = (xml ?? bytes.toString('utf8')).replace(/<[^>]+>/g, '');
  const seals: PrintedSeal[] = [];
  const re = /结果快照第\s*(\d+)\s*版\s*SHA-256[:：]\s*([0-9a-f]{64})(?:；发布时审计链头\s*(\d+):([0-9a-f]{64}))?/g;
  for (const m of text.matchAll(re)) {
    seals.push({
      seq: Number(m[1]),
      digest: m[2] ?? '',
      audit: m[3] && m[4] ? { seq: Number(m[3]), hash: m[4] } : null,
    });
  }
  return seals;
}

/** One entry of a zip archive (stored or deflated), found through the central directory. */
function zipEntry(zip: Buffer, name: string): string | null {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries && p + 46 <= zip.length; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) return null;
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      // A bulletin is small; cap what inflating may produce all the same.
      return (method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: 64 * 1024 * 1024 })).toString('utf8');
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}

export interface PublishedVerification {
  id: string;
  seq: number;
  /** The snapshot's stored digest matches its content. */
  selfConsistent: boolean;
  /** The engine run again on the stored inputs gives the stored results (same engine version only). */
  reproducible: boolean | null;
  /** The digest in the audit record written at publication equals the stored one (null: record pruned). */
  audit: 'ok' | 'differs' | 'missing' | 'pruned';
  auditDigest: string | null;
  /** Each printed digest given for this snapshot (bulletins, --digest). */
  printed: { source: string; ok: boolean }[];
  ok: boolean;
}

export interface YearVerification {
  snapshots: PublishedVerification[];
  /** Printed digests that match no snapshot of the year. */
  unmatched: { source: string; digest: string }[];
  ok: boolean;
}

/**
 * Verifies every published snapshot of a year: its own digest, the engine run again, the digest its audit record
 * holds, and each printed digest given (a bulletin's seal names its version; a bare digest must match one version).
 */
export async function verifyPublishedYear(
  db: Database,
  tenantId: string,
  year: number,
  printed: { source: string; seq: number | null; digest: string }[] = [],
): Promise<YearVerification> {
  const rows = await db
    .select({ id: resultSnapshots.id, seq: resultSnapshots.seq, publishedAt: resultSnapshots.publishedAt })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .orderBy(asc(resultSnapshots.seq));
  const [oldest] = await db.select({ at: auditLog.at }).from(auditLog).orderBy(asc(auditLog.id)).limit(1);
  const snapshots: PublishedVerification[] = [];
  const matched = new Set<number>();
  for (const r of rows) {
    const v = await verifySnapshot(db, tenantId, r.id);
    const rec = await publicationRecord(db, tenantId, r.id);
    let audit: PublishedVerification['audit'];
    if (rec) audit = rec.digest === v.storedDigest ? 'ok' : 'differs';
    // Retention pruning removes records older than the oldest kept one (archived); anything younger must be there.
    else audit = oldest && oldest.at.getTime() > r.publishedAt.getTime() ? 'pruned' : 'missing';
    const mine = printed
      .map((p, i) => ({ ...p, i }))
      .filter((p) => (p.seq === null ? p.digest === v.storedDigest : p.seq === r.seq));
    for (const p of mine) matched.add(p.i);
    const printedChecks = mine.map((p) => ({ source: p.source, ok: p.digest === v.storedDigest }));
    snapshots.push({
      id: r.id,
      seq: r.seq,
      selfConsistent: v.ok,
      reproducible: v.reproducible,
      audit,
      auditDigest: rec?.digest ?? null,
      printed: printedChecks,
      ok:
        v.ok && v.reproducible !== false && (audit === 'ok' || audit === 'pruned') && printedChecks.every((p) => p.ok),
    });
  }
  const unmatched = printed.filter((_, i) => !matched.has(i)).map((p) => ({ source: p.source, digest: p.digest }));
  return { snapshots, unmatched, ok: snapshots.every((s) => s.ok) && unmatched.length === 0 };
}
