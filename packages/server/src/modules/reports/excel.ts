/**
 * Excel bulk entry of one indicator (one node or the year-end value) by its assessor: a template lists the units
 * assessed on it with their current figures; the upload sets each unit's verified value (or score) and approves
 * it. All or nothing: any bad row rejects the whole file (excel/workbook.ts IssueList, ImportRejectedError).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { reports } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { t } from '../excel/messages';
import {
  checkRequired,
  ImportRejectedError,
  IssueList,
  loadWorkbook,
  readSheet,
  writeWorkbook,
  type SheetSpec,
} from '../excel/workbook';
import { recomputeLights } from '../lights/service';
import { cellsOf, currentYear, loadYearScheme, YEAR_END } from './cells';
import { cellFilter, scopeOf } from './scope';
import { cellInfo } from './service';

type Key = 'unitCode' | 'unitName' | 'value' | 'score' | 'reason';

function specOf(manual: boolean, title: string): SheetSpec<Key> {
  return {
    sheet: '填报',
    title,
    columns: [
      {
        key: 'unitCode',
        header: '单位编码',
        headerEn: 'Unit code',
        type: 'text',
        required: true,
        width: 12,
        help: '考核对象编码，勿改',
      },
      {
        key: 'unitName',
        header: '单位名称',
        headerEn: 'Unit name',
        type: 'text',
        width: 20,
        informational: true,
        help: '仅供参考',
      },
      manual
        ? {
            key: 'score',
            header: '评分',
            headerEn: 'Score',
            type: 'number',
            width: 10,
            help: '手工评分（在方案规定的上下限内）',
          }
        : {
            key: 'value',
            header: '完成值',
            headerEn: 'Value',
            type: 'number',
            width: 12,
            help: '核定的完成值（节点填进度%）',
          },
      {
        key: 'reason',
        header: '说明',
        headerEn: 'Reason',
        type: 'text',
        width: 40,
        maxLength: 500,
        help: '评分理由；修改已审核通过的数据时必填',
      },
    ],
  };
}

async function context(
  db: Database,
  actor: Actor,
  q: { year?: number | undefined; indicatorId: string; nodeId: string },
) {
  const year = q.year ?? (await currentYear(db, actor.tenantId));
  const ys = await loadYearScheme(db, actor.tenantId, year);
  if (!ys) throw new AppError('NO_PUBLISHED_SCHEME', { year });
  const scope = await scopeOf(db, actor);
  const leaf = ys.leaves.get(q.indicatorId);
  if (scope.none || !leaf || (scope.assessor !== null && leaf.assessorId !== scope.assessor)) {
    throw notFound('指标', 'Indicator');
  }
  const all = cellsOf(ys, { ...cellFilter(scope), indicatorId: q.indicatorId }).filter((c) => c.nodeId === q.nodeId);
  // A7: an assessor's own unit is verified by the office, so it is neither in the assessor's template nor importable.
  const ownCodes = new Set(
    actor.role === 'assessor' ? all.filter((c) => cellInfo(c).officeReview).map((c) => c.unit.code) : [],
  );
  const cells = all.filter((c) => !ownCodes.has(c.unit.code));
  if (cells.length === 0) throw notFound('填报项', 'Report cell');
  const manual = q.nodeId === YEAR_END && cells.some((c) => cellInfo(c).methodKind === 'manual');
  const nodeName = q.nodeId === YEAR_END ? '年终' : (cells[0]?.nodeName ?? q.nodeId);
  const spec = specOf(manual, `${leaf.name}（${nodeName}）`);
  return { ys, leaf, cells, ownCodes, manual, spec, nodeName };
}

export async function reportTemplate(
  db: Database,
  actor: Actor,
  q: { year?: number | undefined; indicatorId: string; nodeId: string },
) {
  const { ys, cells, spec, leaf, nodeName } = await context(db, actor, q);
  const rows = await db
    .select()
    .from(reports)
    .where(and(eq(reports.tenantId, ys.tenantId), eq(reports.year, ys.year), eq(reports.indicatorId, leaf.id)));
  const byUnit = new Map(rows.filter((r) => r.nodeId === q.nodeId).map((r) => [r.unitId, r]));
  const body = await writeWorkbook(
    spec,
    cells.map((c) => {
      const r = byUnit.get(c.unit.id);
      const value = q.nodeId === YEAR_END ? (r?.verifiedValue ?? r?.value ?? null) : (r?.progress ?? null);
      return { unitCode: c.unit.code, unitName: c.unit.name, value, score: r?.assessorScore ?? null, reason: null };
    }),
  );
  return { fileName: `${ys.year}-${leaf.name}-${nodeName}.xlsx`, body };
}

export async function importReports(
  db: Database,
  actor: Actor,
  q: { year?: number | undefined; indicatorId: string; nodeId: string },
  file: Buffer,
) {
  const wb = await loadWorkbook(file);
  const { ys, cells, ownCodes, spec, manual, leaf } = await context(db, actor, q);
  const issues = new IssueList();
  const parsed = readSheet(wb, spec, issues);
  checkRequired(parsed, spec, issues);
  const col = (k: Key) => spec.columns.find((c) => c.key === k) ?? null;
  const byCode = new Map(cells.map((c) => [c.unit.code, c]));
  const seen = new Map<string, number>();
  return db.transaction(async (tx) => {
    const existing = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.tenantId, ys.tenantId), eq(reports.year, ys.year), eq(reports.indicatorId, leaf.id)))
      .for('update');
    const byUnit = new Map(existing.filter((r) => r.nodeId === q.nodeId).map((r) => [r.unitId, r]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const now = new Date();
    for (const p of parsed) {
      const code = String(p.values.unitCode ?? '').trim();
      const cell = byCode.get(code);
      if (!cell && ownCodes.has(code)) {
        issues.add(
          p.row,
          col('unitCode'),
          t('本单位的报送由考核办审核，不能在此录入', "your own unit's report is verified by the office, not here"),
        );
        continue;
      }
      if (!cell) {
        issues.add(
          p.row,
          col('unitCode'),
          t(`单位编码“${code}”不是该指标的考核对象`, `"${code}" is not assessed on this indicator`),
        );
        continue;
      }
      const first = seen.get(code);
      if (first !== undefined) {
        issues.add(p.row, col('unitCode'), t(`与第 ${first} 行重复`, `duplicates row ${first}`));
        continue;
      }
      seen.set(code, p.row);
      const num = manual ? p.values.score : p.values.value;
      if (num === null || typeof num !== 'number') continue; // blank: leave the unit as it is
      const reason = typeof p.values.reason === 'string' ? p.values.reason.trim() : '';
      const info = cellInfo(cell);
      if (manual) {
        const min = info.scoreMin ?? 0;
        const max = info.scoreMax ?? leaf.indicator.points;
        if (num < min || num > max) {
          issues.add(p.row, col('score'), t(`须在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`));
          continue;
        }
        if (!reason) {
          issues.add(p.row, col('reason'), t('评分须说明理由', 'a score needs a reason'));
          continue;
        }
      } else if (q.nodeId !== YEAR_END && (num < 0 || num > 100)) {
        issues.add(p.row, col('value'), t('进度须在 0 到 100 之间', 'progress must be between 0 and 100'));
        continue;
      }
      const r = byUnit.get(cell.unit.id);
      const wasFinal = r?.status === 'approved' || r?.status === 'failed';
      const current = manual ? r?.assessorScore : q.nodeId === YEAR_END ? (r?.verifiedValue ?? r?.value) : r?.progress;
      if (r && r.status === 'approved' && current === num) {
        unchanged++;
        continue;
      }
      if (wasFinal && !reason) {
        issues.add(
          p.row,
          col('reason'),
          t('修改已审核通过的数据须说明理由', 'changing an approved figure needs a reason'),
        );
        continue;
      }
      if (!issues.empty) continue; // keep checking, write nothing once a row failed
      const fields: Partial<typeof reports.$inferInsert> = manual
        ? { assessorScore: num, scoreReason: reason }
        : q.nodeId === YEAR_END
          ? r && r.value !== null
            ? { verifiedValue: num === r.value ? null : num }
            : { value: num }
          : { progress: num };
      if (r) {
        await tx
          .update(reports)
          .set({
            ...fields,
            status: 'approved',
            reviewedAt: now,
            reviewedBy: actor.userId,
            ...(wasFinal ? { changedAfterApproval: true } : {}),
            version: r.version + 1,
            updatedAt: now,
          })
          .where(eq(reports.id, r.id));
        updated++;
      } else {
        await tx.insert(reports).values({
          tenantId: ys.tenantId,
          year: ys.year,
          unitId: cell.unit.id,
          indicatorId: leaf.id,
          nodeId: q.nodeId,
          ...fields,
          narrative: reason || null,
          status: 'approved',
          reviewedAt: now,
          reviewedBy: actor.userId,
        });
        created++;
      }
      await recordAudit(tx, actor, {
        action: wasFinal ? 'report.change_after_approval' : 'report.excel',
        entityType: 'report',
        entityId: r?.id,
        summary: `${wasFinal ? '【审核通过后修改】' : ''}Excel 录入 ${cell.unit.name} ${leaf.name}：${num}${reason ? `，说明：${reason}` : ''}`,
        before: r
          ? {
              status: r.status,
              value: r.value,
              verifiedValue: r.verifiedValue,
              progress: r.progress,
              assessorScore: r.assessorScore,
            }
          : undefined,
        after: { status: 'approved', ...fields },
      });
    }
    if (!issues.empty) throw new ImportRejectedError(issues.final(), issues.total, issues.refusedRows);
    if (q.nodeId !== YEAR_END) await recomputeLights(tx, ys.tenantId, ys.year, { day: shanghaiDay(), ys });
    return { imported: created + updated + unchanged, created, updated, unchanged };
  });
}
