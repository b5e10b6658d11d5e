import { newWorkbook } from '../../lib/lazy';
import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { recordAudit } from './service';
import type { AuditQuery, AuditRecord } from './schemas';
import { containing, escapeLike } from '../../lib/like';

type Row = typeof auditLog.$inferSelect;

function present(r: Row): AuditRecord {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorName,
    actorRole: r.actorRole,
    ip: r.ip,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    summary: r.summary,
    before: r.before ?? null,
    after: r.after ?? null,
    hash: r.hash,
  };
}

/** Dates are Asia/Shanghai days: `to` includes the whole day. */
function where(actor: Actor, q: AuditQuery): SQL | undefined {
  const f: (SQL | undefined)[] = [eq(auditLog.tenantId, actor.tenantId)];
  if (q.action) f.push(like(auditLog.action, `${escapeLike(q.action)}%`));
  if (q.entityType) f.push(eq(auditLog.entityType, q.entityType));
  if (q.from) f.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) f.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  if (q.q) f.push(like(auditLog.summary, containing(q.q)));
  return and(...f);
}

export async function listAudit(db: Database, actor: Actor, q: AuditQuery) {
  const w = where(actor, q);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(w)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(auditLog).where(w),
  ]);
  return { items: rows.map(present), total: totals[0]?.n ?? 0 };
}

const MAX_EXPORT = 100_000;

/** The county's audit records as an Excel workbook; the export itself is audited. */
export async function exportAudit(db: Database, actor: Actor, q: AuditQuery): Promise<Buffer> {
  const rows = await db.select().from(auditLog).where(where(actor, q)).orderBy(desc(auditLog.id)).limit(MAX_EXPORT);
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('审计日志');
  ws.columns = [
    { header: '序号', key: 'id', width: 8 },
    { header: '时间（北京时间）', key: 'at', width: 20 },
    { header: '操作人', key: 'actor', width: 22 },
    { header: '角色', key: 'role', width: 10 },
    { header: 'IP', key: 'ip', width: 16 },
    { header: '操作', key: 'action', width: 22 },
    { header: '对象类型', key: 'entityType', width: 12 },
    { header: '对象', key: 'entityId', width: 38 },
    { header: '摘要', key: 'summary', width: 60 },
    { header: '哈希', key: 'hash', width: 66 },
  ];
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.getRow(1).font = { bold: true };
  const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });
  for (const r of rows) {
    ws.addRow({
      id: r.id,
      at: fmt.format(r.at),
      actor: r.actorName ?? '系统',
      role: r.actorRole ?? '',
      ip: r.ip ?? '',
      action: r.action,
      entityType: r.entityType ?? '',
      entityId: r.entityId ?? '',
      summary: r.summary,
      hash: r.hash,
    });
  }
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'audit.export',
      summary: `导出审计日志 ${rows.length} 条`,
      after: { filter: q, rows: rows.length },
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
