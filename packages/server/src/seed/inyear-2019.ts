/**
 * The demo county's 2019, mid-way (docs/in-year.md "Demo"): the demo's "today" for lights is pinned to
 * DEMO_AS_OF (2019-07-15, the 2019 scheme's `meta.inYear.asOf`) so the demo is the same on every machine,
 * whatever the real date. Reports in every state (draft, submitted, returned, approved, approved-then-changed,
 * failed), real red and yellow lights from the light rules, red-light items answered, returned, closed and
 * unanswered (overdue), and a few small generated evidence files (PDF/PNG) in the evidence directory.
 * Deterministic (mulberry32 keyed by unit|indicator|node), idempotent (skips when 2019 reports exist).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '@yardstick/engine';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { evidenceFiles, redLightItems, reports } from '../db/schema';
import { recordAudit } from '../modules/audit/service';
import { systemActor } from '../modules/auth/actor';
import { recomputeLights } from '../modules/lights/service';
import { cellsOf, loadYearScheme, YEAR_END } from '../modules/reports/cells';
import { evidenceDir } from '../modules/reports/evidence';
import { daysBetween } from '../lib/day';
import { STRENGTH_2018 } from './dataset-2018';

export const DEMO_IN_YEAR = 2019;
/** The demo's "today" for 2019 lights. */
export const DEMO_AS_OF = '2019-07-15';
/** An earlier look, so every light has a history. */
const EARLIER = '2019-06-20';

function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
const draw = (...key: string[]) => mulberry32(hash(`inyear-2019|${key.join('|')}`)).next();

/** A minimal valid one-page PDF with a line of text. */
function tinyPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 12 Tf 20 70 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 1×1 PNG. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export async function seedInYear2019(db: Database, tenantId: string): Promise<void> {
  const done = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.tenantId, tenantId), eq(reports.year, DEMO_IN_YEAR)))
    .limit(1);
  if (done[0]) return;
  const ys = await loadYearScheme(db, tenantId, DEMO_IN_YEAR);
  if (!ys) return;
  const actor = systemActor(tenantId, '示范县');
  const evDir = evidenceDir(loadConfig(), tenantId);

  await db.transaction(async (tx) => {
    await recomputeLights(tx, tenantId, DEMO_IN_YEAR, { day: EARLIER, explicitDay: true, ys });
    const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
    const rows: (typeof reports.$inferInsert)[] = [];
    const evidence: { idx: number; name: string; data: Buffer; type: string }[] = [];
    let changedOne = false;
    for (const c of cellsOf(ys)) {
      const strength = STRENGTH_2018[c.unit.code] ?? 0.5;
      const u = draw(c.unit.code, c.leaf.id, c.nodeId);
      const weak = strength < 0.3;
      const base = {
        tenantId,
        year: DEMO_IN_YEAR,
        unitId: c.unit.id,
        indicatorId: c.leaf.id,
        nodeId: c.nodeId,
      };
      if (c.nodeId === YEAR_END) {
        // Mid-year: a few units have started their year-end drafts.
        if (strength > 0.85 && u < 0.25) {
          rows.push({ ...base, status: 'draft', narrative: '年终数据整理中', updatedAt: at('2019-07-10') });
        }
        continue;
      }
      const passed = c.due <= DEMO_AS_OF;
      const soon = !passed && c.due <= '2019-07-22';
      if (!passed && !soon) {
        // The node in progress: some units have reported part of the way; those behind the pro-rata pace of the
        // node's period show yellow (lagging), the others stay green.
        const idx = c.leaf.nodes.findIndex((n) => n.id === c.nodeId);
        const start = idx > 0 ? c.leaf.nodes[idx - 1]?.due : undefined;
        if (!start || start > DEMO_AS_OF || u > 0.35) continue;
        const expectedNow = (c.expected * daysBetween(start, DEMO_AS_OF)) / daysBetween(start, c.due);
        const pace = weak ? 0.3 + 1.2 * u : 0.6 + 2.5 * u;
        rows.push({
          ...base,
          status: 'draft',
          progress: Math.round(expectedNow * pace),
          narrative: `${c.leaf.name}：${c.nodeName}节点推进中`,
          updatedAt: at('2019-07-12'),
        });
        continue;
      }
      // The weak units miss some nodes altogether (red) and lag on others.
      if (weak && u < 0.55) continue;
      const progress = Math.min(100, Math.round(c.expected * (weak ? 0.7 + 0.4 * u : 0.95 + 0.2 * u)));
      const narrative = `${c.leaf.name}：${c.nodeName}节点完成${progress}%`;
      let status: string;
      if (soon) status = u < 0.4 ? 'submitted' : u < 0.6 ? 'draft' : 'none';
      else if (u < 0.62) status = 'approved';
      else if (u < 0.8) status = 'submitted';
      else if (u < 0.88) status = 'returned';
      else if (u < 0.94) status = 'draft';
      else status = strength < 0.6 ? 'failed' : 'approved';
      if (status === 'none') continue;
      const submitted = status !== 'draft';
      const reviewed = status === 'approved' || status === 'returned' || status === 'failed';
      const row: typeof reports.$inferInsert = {
        ...base,
        status,
        progress,
        narrative,
        submittedAt: submitted ? at(c.due <= DEMO_AS_OF ? c.due : '2019-07-12') : null,
        reviewedAt: reviewed ? at(DEMO_AS_OF) : null,
        returnReason: status === 'returned' ? '佐证材料不足，请补充会议纪要或现场照片' : null,
        version: submitted ? (reviewed ? 3 : 2) : 1,
      };
      if (status === 'approved' && !changedOne && c.leaf.meta.evidence?.rule !== 'none' && strength > 0.7) {
        // The one change after approval: a corrected figure, flagged (a fraud signal to look at).
        changedOne = true;
        row.changedAfterApproval = true;
        row.progress = Math.max(0, progress - 10);
        row.version = 4;
      }
      rows.push(row);
      const rule = c.leaf.meta.evidence?.rule ?? 'none';
      if (rule !== 'none' && submitted && evidence.length < 12 && u < 0.5) {
        const png = evidence.length % 3 === 2;
        evidence.push({
          idx: rows.length - 1,
          name: png ? `${c.unit.name}-现场照片.png` : `${c.unit.name}-${c.leaf.name}-佐证.pdf`,
          data: png ? TINY_PNG : tinyPdf(`Evidence ${c.unit.code} ${c.leaf.id} ${c.nodeId}`),
          type: png ? 'image/png' : 'application/pdf',
        });
      }
    }
    const inserted: { id: string; unitId: string; changedAfterApproval: boolean }[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      inserted.push(
        ...(await tx
          .insert(reports)
          .values(rows.slice(i, i + 500))
          .returning({ id: reports.id, unitId: reports.unitId, changedAfterApproval: reports.changedAfterApproval })),
      );
    }
    if (evidence.length > 0) fs.mkdirSync(evDir, { recursive: true });
    for (const e of evidence) {
      const r = inserted[e.idx];
      if (!r) continue;
      const storedName = randomUUID();
      fs.writeFileSync(path.join(evDir, storedName), e.data);
      await tx.insert(evidenceFiles).values({
        tenantId,
        reportId: r.id,
        unitId: r.unitId,
        fileName: e.name,
        storedName,
        contentType: e.type,
        size: e.data.length,
        sha256: createHash('sha256').update(e.data).digest('hex'),
      });
    }
    const changed = inserted.find((r) => r.changedAfterApproval);
    if (changed) {
      await recordAudit(tx, actor, {
        action: 'report.change_after_approval',
        entityType: 'report',
        entityId: changed.id,
        summary: '【审核通过后修改】演示数据：核定进度下调 10 个百分点，理由：复核发现统计口径有误',
      });
    }
    await recordAudit(tx, actor, {
      action: 'system.seed_in_year',
      entityType: 'tenant',
      entityId: tenantId,
      summary: `初始化示范县 2019 年过程考核演示数据（截至 ${DEMO_AS_OF}）：${rows.length} 条填报、${evidence.length} 个佐证材料`,
    });
    await recomputeLights(tx, tenantId, DEMO_IN_YEAR, { day: DEMO_AS_OF, explicitDay: true, ys });

    // Red-light items: some answered, one returned, one closed; the rest stay open (overdue by the demo day).
    const items = await tx.select().from(redLightItems).where(eq(redLightItems.tenantId, tenantId));
    items.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.unitId < b.unitId ? -1 : 1));
    for (const [i, item] of items.entries()) {
      const pick = i % 4;
      if (pick === 3) continue; // unanswered
      await tx
        .update(redLightItems)
        .set({
          explanation: '受汛期影响，项目施工推迟约三周；已协调施工单位增加班组。',
          measures: '1. 倒排工期，每周调度；2. 分管领导包抓；3. 8 月底前补齐进度。',
          answeredAt: at(i % 8 === 0 ? '2019-07-14' : '2019-07-12'),
          status: pick === 0 ? 'answered' : pick === 1 ? 'closed' : 'returned',
          officeNote: pick === 2 ? '整改措施不具体，请明确时间节点和责任人' : pick === 1 ? '已核实' : null,
          closedAt: pick === 1 ? at(DEMO_AS_OF) : null,
          version: 2,
        })
        .where(eq(redLightItems.id, item.id));
    }
  });
}
