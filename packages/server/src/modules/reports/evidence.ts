/**
 * Evidence files: checked by their content (file-type sniffing, never the name), size-limited, stored under
 * `${DATA_DIR}/evidence/<tenant>/<generated uuid>` (the user's file name is shown, never used as a path),
 * with a SHA-256 of the content. Downloads go through an access-checked route.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { evidenceFiles, reports } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { loadYearScheme } from './cells';
import { covers, scopeOf } from './scope';
import { loadReport, type EvidenceView } from './service';

const SAME_TYPE: Record<string, string> = { jpeg: 'jpg' };
const norm = (ext: string) => SAME_TYPE[ext.toLowerCase()] ?? ext.toLowerCase();

/** The name as shown: no directories, no control characters, at most 200 characters. */
export function displayName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const safe = clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
  return safe.slice(-200);
}

export function evidenceDir(config: Pick<Config, 'dataDir'>, tenantId: string): string {
  return path.join(config.dataDir, 'evidence', tenantId);
}

export async function uploadEvidence(
  db: Database,
  config: Pick<Config, 'dataDir' | 'evidenceMaxMb'>,
  actor: Actor,
  reportId: string,
  file: { fileName: string; data: Buffer },
): Promise<EvidenceView> {
  if (file.data.length === 0) throw new AppError('EVIDENCE_EMPTY');
  if (file.data.length > config.evidenceMaxMb * 1024 * 1024) {
    throw new AppError('EVIDENCE_TOO_LARGE', { max: config.evidenceMaxMb });
  }
  const { fileTypeFromBuffer } = await import('file-type'); // on first use: a start does not need it
  const detected = await fileTypeFromBuffer(file.data);
  const name = displayName(file.fileName);
  return db.transaction(async (tx) => {
    const { row, view } = await loadReport(tx, actor, reportId, true);
    if (actor.role !== 'unit') throw notFound('填报', 'Report');
    if (row.status !== 'draft' && row.status !== 'returned') {
      throw new AppError('REPORT_NOT_EDITABLE', { status: row.status });
    }
    // A return that asked for evidence opens the upload even where the indicator takes none.
    if (view.evidenceRule === 'none' && !(row.status === 'returned' && row.evidenceRequested)) {
      throw new AppError('EVIDENCE_NOT_ALLOWED');
    }
    const allowed = view.fileTypes.map(norm);
    const ext = detected ? norm(detected.ext) : null;
    const claimed = name.includes('.') ? norm(name.split('.').pop() ?? '') : null;
    // The content decides; a name claiming another accepted type (a PNG called .pdf) is refused too.
    if (!ext || !allowed.includes(ext) || (claimed !== null && allowed.includes(claimed) && claimed !== ext)) {
      throw new AppError('EVIDENCE_TYPE', {
        detected: detected ? detected.ext : undefined,
        allowed: allowed.join(', '),
      });
    }
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    const storedName = randomUUID();
    const dir = evidenceDir(config, actor.tenantId);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, storedName);
    fs.writeFileSync(target, file.data, { flag: 'wx', mode: 0o640 });
    try {
      const [e] = await tx
        .insert(evidenceFiles)
        .values({
          tenantId: actor.tenantId,
          reportId: row.id,
          unitId: row.unitId,
          fileName: name,
          storedName,
          contentType: detected?.mime ?? 'application/octet-stream',
          size: file.data.length,
          sha256,
          uploadedBy: actor.userId,
        })
        .returning();
      if (!e) throw new AppError('INTERNAL');
      await tx
        .update(reports)
        .set({ version: row.version + 1, updatedAt: new Date() })
        .where(eq(reports.id, row.id));
      const out: EvidenceView = {
        id: e.id,
        fileName: e.fileName,
        contentType: e.contentType,
        size: e.size,
        sha256: e.sha256,
        createdAt: e.createdAt.toISOString(),
      };
      await recordAudit(tx, actor, {
        action: 'evidence.upload',
        entityType: 'report',
        entityId: row.id,
        summary: `上传佐证材料「${name}」（${e.size} 字节，${ext}）：${view.unitName} ${view.indicatorName}`,
        after: out,
      });
      return out;
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw err;
    }
  });
}

async function loadEvidence(db: Database, actor: Actor, id: string) {
  const [e] = await db
    .select({ file: evidenceFiles, report: reports })
    .from(evidenceFiles)
    .innerJoin(reports, eq(reports.id, evidenceFiles.reportId))
    .where(and(eq(evidenceFiles.tenantId, actor.tenantId), eq(evidenceFiles.id, id)));
  if (!e) throw notFound('佐证材料', 'Evidence file');
  const ys = await loadYearScheme(db, actor.tenantId, e.report.year);
  const scope = await scopeOf(db, actor);
  if (!ys || !covers(scope, e.report.unitId, ys.leaves.get(e.report.indicatorId))) {
    throw notFound('佐证材料', 'Evidence file');
  }
  return e;
}

/** Removes a file from a draft/returned report. The stored bytes stay (the audit log names their hash). */
export async function deleteEvidence(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const e = await loadEvidence(tx, actor, id);
    if (actor.role !== 'unit') throw notFound('佐证材料', 'Evidence file');
    if (e.report.status !== 'draft' && e.report.status !== 'returned') {
      throw new AppError('REPORT_NOT_EDITABLE', { status: e.report.status });
    }
    await tx.delete(evidenceFiles).where(eq(evidenceFiles.id, id));
    await tx
      .update(reports)
      .set({ version: e.report.version + 1, updatedAt: new Date() })
      .where(eq(reports.id, e.report.id));
    await recordAudit(tx, actor, {
      action: 'evidence.delete',
      entityType: 'report',
      entityId: e.report.id,
      summary: `删除佐证材料「${e.file.fileName}」`,
      before: { id, fileName: e.file.fileName, sha256: e.file.sha256, size: e.file.size },
    });
  });
}

/** The file to send: its stored path, the name to show, its sniffed content type. */
export async function evidenceForDownload(db: Database, config: Pick<Config, 'dataDir'>, actor: Actor, id: string) {
  const e = await loadEvidence(db, actor, id);
  const file = path.join(evidenceDir(config, actor.tenantId), path.basename(e.file.storedName));
  if (!fs.existsSync(file)) throw notFound('佐证材料', 'Evidence file');
  return { path: file, fileName: e.file.fileName, contentType: e.file.contentType, size: e.file.size };
}
