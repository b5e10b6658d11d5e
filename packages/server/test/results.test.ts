import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  notifications,
  reports,
  resultSnapshots,
  schemes,
  schemeVersions,
  unitRecords,
  units,
} from '../src/db/schema';
import { getPublished, explainPublished, listPublishedYears } from '../src/modules/results/read';
import { verifySnapshot } from '../src/modules/results/service';
import { shanghaiDay } from '../src/lib/day';
import { createTestContext, type TestContext } from './helpers';

/**
 * A whole year from database rows to a published snapshot and its bulletin, on a small county computed by hand:
 * four townships, two indicators (60 + 40 points), one commendation, one veto, a public survey (evaluation).
 */
const YEAR = 2019;
let ctx: TestContext;
let tenantId: string;
const unitIds: Record<string, string> = {};

const SCHEME = {
  engine: {
    id: 'small-2019',
    name: '测试县2019年度实绩考核方案',
    year: YEAR,
    groups: [
      {
        id: 'township',
        name: '乡镇',
        composite: { a: 0.8, b: 0.2 },
        blocks: [
          {
            id: 'work',
            name: '重点工作',
            indicators: [
              {
                id: 'i1',
                name: '项目投资完成率',
                points: 60,
                method: { kind: 'ratio', target: 100 },
                assessorId: 'ZF02',
              },
              { id: 'i2', name: '河长制工作', points: 40, method: { kind: 'binary' }, assessorId: 'ZF01' },
            ],
          },
        ],
      },
    ],
    bonus: { categories: [{ id: 'commendation', levels: { provincial: 2, city: 1 }, cap: 5 }] },
    vetoes: [{ id: 'poverty', name: '脱贫攻坚', effect: { kind: 'lowestTier' } }],
    evaluation: {
      raterGroups: [
        {
          id: 'public',
          name: '群众满意度',
          weight: 1,
          form: 'options',
          options: { 满意: 100, 基本满意: 60, 不满意: 0 },
        },
      ],
    },
    tiering: {
      tiers: [
        { id: 'good', name: '好', share: 0.25 },
        { id: 'fair', name: '较好', share: 0.5 },
        { id: 'poor', name: '一般' },
      ],
      overrideOrder: 'afterQuota',
      refill: true,
    },
  },
  meta: { indicators: {} },
};

/** Year-end values: i1 completion %, i2 done (1) / not done (0). */
const VALUES: Record<string, { i1: number; i2: number }> = {
  XZ01: { i1: 90, i2: 1 },
  XZ02: { i1: 100, i2: 0 },
  XZ03: { i1: 80, i2: 1 },
  XZ04: { i1: 100, i2: 1 },
};
/** Public survey counts (满意 / 基本满意 / 不满意). */
const SURVEY: Record<string, Record<string, number>> = {
  XZ01: { 满意: 8, 基本满意: 2 },
  XZ02: { 满意: 5, 基本满意: 5 },
  XZ03: { 满意: 2, 基本满意: 6, 不满意: 2 },
  XZ04: { 满意: 10 },
};

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  tenantId = ctx.county.tenantId;
  await db.insert(units).values([
    { tenantId, code: 'XZ03', name: '三号镇', kind: 'township', groupId: ctx.county.groups.township, sortOrder: 3 },
    { tenantId, code: 'XZ04', name: '四号乡', kind: 'township', groupId: ctx.county.groups.township, sortOrder: 4 },
  ]);
  for (const u of await db.select().from(units).where(eq(units.tenantId, tenantId))) unitIds[u.code] = u.id;
  const [s] = await db
    .insert(schemes)
    .values({ tenantId, year: YEAR, name: SCHEME.engine.name, publishedVersion: 1 })
    .returning();
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({
    tenantId,
    schemeId: s.id,
    versionNo: 1,
    status: 'published',
    document: SCHEME,
    publishedAt: new Date(),
  });
}, 60_000);
/** The Asia/Shanghai year of a snapshot's publication. */
async function issuedYear(seq: number): Promise<string> {
  const [row] = await ctx.handle.db
    .select({ at: resultSnapshots.publishedAt })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, YEAR), eq(resultSnapshots.seq, seq)));
  if (!row) throw new Error(`no snapshot ${seq}`);
  return shanghaiDay(row.at).slice(0, 4);
}

afterAll(() => ctx.close());

const office = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.injectAs('office', { method, url, payload });
const leader = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.injectAs('leader', { method, url, payload });
const unit = (method: 'GET' | 'POST', url: string, payload?: object) => ctx.injectAs('unit', { method, url, payload });

async function compute() {
  const res = await office('POST', `/api/results/${YEAR}/compute`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { publishable: boolean; blockers: { kind: string; unitCode?: string; indicatorId?: string }[] };
}

async function reviewVersion(): Promise<number> {
  const res = await office('GET', `/api/results/${YEAR}`);
  return (res.json() as { review: { version: number } }).review.version;
}

async function approveReport(code: string, indicatorId: string, value: number) {
  await ctx.handle.db
    .insert(reports)
    .values({ tenantId, year: YEAR, unitId: unitIds[code] ?? '', indicatorId, nodeId: '', status: 'approved', value })
    .onConflictDoUpdate({
      target: [reports.tenantId, reports.year, reports.unitId, reports.indicatorId, reports.nodeId],
      set: { value, status: 'approved' },
    });
}

describe('a whole year, from database rows to the published snapshot and its bulletin', () => {
  it('lists every incomplete input as a blocker, never a silent zero', async () => {
    const none = await office('GET', `/api/results/${YEAR}`);
    expect(none.json().status).toBe('none');
    let r = await compute();
    expect(r.publishable).toBe(false);
    expect(r.blockers.filter((b) => b.kind === 'missingReport')).toHaveLength(8);
    expect(r.blockers.map((b) => b.kind)).toContain('evaluationMissing');
    // Read by whom to chase: every unit misses two reports, each indicator four, owned by its assessor.
    const summary = (await office('GET', `/api/results/${YEAR}`)).json().blockerSummary;
    expect(summary).toMatchObject({ units: 4, indicators: 2 });
    expect(summary.byUnit.map((u: { count: number }) => u.count)).toEqual([2, 2, 2, 2]);
    expect(summary.byUnit[0]).toMatchObject({ unitCode: 'XZ01', unitName: expect.not.stringMatching(/^XZ01$/) });
    expect(summary.byIndicator).toEqual([
      { indicatorId: 'i1', indicatorName: expect.any(String), ownerCode: 'ZF02', ownerName: '县财政局', count: 4 },
      { indicatorId: 'i2', indicatorName: '河长制工作', ownerCode: 'ZF01', ownerName: '县政府办公室', count: 4 },
    ]);

    // Everything reported and approved but XZ02's 河长制 item.
    for (const [code, v] of Object.entries(VALUES)) {
      await approveReport(code, 'i1', v.i1);
      if (code !== 'XZ02') await approveReport(code, 'i2', v.i2);
    }
    r = await compute();
    expect(r.blockers.filter((b) => b.kind === 'missingReport')).toEqual([
      { kind: 'missingReport', unitCode: 'XZ02', indicatorId: 'i2', nodeId: '', status: 'none' },
    ]);
    // The review page names the unit and the indicator, not only their codes.
    const [xz02] = await ctx.handle.db
      .select()
      .from(units)
      .where(eq(units.id, unitIds.XZ02 ?? ''));
    const shown = (await office('GET', `/api/results/${YEAR}`)).json() as { blockers: Record<string, string>[] };
    expect(shown.blockers.find((b) => b.kind === 'missingReport')).toMatchObject({
      unitCode: 'XZ02',
      unitName: xz02?.name,
      indicatorName: '河长制工作',
    });

    // The evaluation: a public survey entered as counts; open → blocker, closed → ballots in.
    const created = await office('POST', '/api/evaluation/campaigns', {
      year: YEAR,
      name: '2019年度群众满意度测评',
      settings: {
        raterGroups: [{ id: 'public' }],
        surveyTallies: Object.entries(SURVEY).map(([unitCode, counts]) => ({ raterGroup: 'public', unitCode, counts })),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json() as { id: string; version: number };
    const opened = await office('POST', `/api/evaluation/campaigns/${campaign.id}/open`, { version: campaign.version });
    expect(opened.statusCode, opened.body).toBe(200);
    r = await compute();
    expect(r.blockers.map((b) => b.kind)).toContain('evaluationOpen');
    const closed = await office('POST', `/api/evaluation/campaigns/${campaign.id}/close`, {
      version: (opened.json() as { version: number }).version,
    });
    expect(closed.statusCode, closed.body).toBe(200);

    await approveReport('XZ02', 'i2', VALUES.XZ02?.i2 ?? 0);
    // Records: a provincial commendation for XZ03, a poverty-alleviation veto on XZ04.
    await ctx.handle.db.insert(unitRecords).values([
      {
        tenantId,
        year: YEAR,
        unitId: unitIds.XZ03 ?? '',
        kind: 'bonus',
        ruleId: 'commendation',
        level: 'provincial',
        title: '省级文明乡镇',
        issuedOn: '2019-10-01',
      },
      { tenantId, year: YEAR, unitId: unitIds.XZ04 ?? '', kind: 'veto', ruleId: 'poverty', title: '脱贫攻坚一票否决' },
    ]);
    r = await compute();
    expect(r.blockers).toEqual([]);
    expect(r.publishable).toBe(true);
  });

  it('ranks and tiers exactly as computed by hand, with the veto visible', async () => {
    const res = await office('GET', `/api/results/${YEAR}/ranking?source=preview`);
    expect(res.statusCode, res.body).toBe(200);
    const [g] = res.json().groups as {
      rows: {
        unitCode: string;
        rank: number;
        indicatorTotal: number;
        evaluation: number;
        bonus: number;
        composite: number;
        tier: string;
        naturalTier: string;
        overridden: boolean;
        vetoNames: string[];
      }[];
    }[];
    if (!g) throw new Error('no group');
    // Indicator totals (points sum to 100): i1 = 60 × value/100, i2 = 40 × done.
    //   XZ01 54 + 40 = 94; XZ02 60 + 0 = 60; XZ03 48 + 40 = 88; XZ04 60 + 40 = 100.
    // Evaluation = mean of the survey answers' points (don't-know none), on 100:
    //   XZ01 (8×100 + 2×60)/10 = 92; XZ02 (5×100 + 5×60)/10 = 80; XZ03 (2×100 + 6×60 + 2×0)/10 = 56; XZ04 100.
    // Composite = 0.8 × indicators + 0.2 × evaluation + bonus:
    //   XZ01 75.2 + 18.4 = 93.6; XZ02 48 + 16 = 64; XZ03 70.4 + 11.2 + 2 = 83.6; XZ04 80 + 20 = 100.
    // Quotas of 4 units: 好 25% → 1, 较好 50% → 2, 一般 the rest. Natural: XZ04 好, XZ01 较好, XZ03 较好, XZ02 一般.
    // The veto (lowest tier, after the quota, places refilled): XZ04 → 一般; XZ01 moves up to 好; XZ03 and XZ02 较好.
    expect(
      g.rows.map((x) => [x.unitCode, x.rank, x.indicatorTotal, x.evaluation, x.bonus, x.composite, x.tier]),
    ).toEqual([
      ['XZ04', 1, 100, 100, 0, 100, 'poor'],
      ['XZ01', 2, 94, 92, 0, 93.6, 'good'],
      ['XZ03', 3, 88, 56, 2, 83.6, 'fair'],
      ['XZ02', 4, 60, 80, 0, 64, 'fair'],
    ]);
    const xz04 = g.rows[0];
    expect(xz04?.naturalTier).toBe('good');
    expect(xz04?.overridden).toBe(true);
    expect(xz04?.vetoNames).toEqual(['脱贫攻坚']);
  });

  it('review analysis: diagnostics headline, sensitivity, explanation', async () => {
    const d = await office('GET', `/api/results/${YEAR}/diagnostics?source=preview`);
    expect(d.statusCode).toBe(200);
    // Neither indicator gave every unit full marks (XZ01/XZ03 below 100% on i1, XZ02 not done on i2).
    expect(d.json().headline.fullMarkIndicators).toBe(0);
    const s = await leader('GET', `/api/results/${YEAR}/sensitivity?source=preview&runs=50`);
    expect(s.statusCode).toBe(200);
    expect(s.json().units).toHaveLength(4);
    const x = await office('GET', `/api/results/${YEAR}/units/XZ03?source=preview`);
    expect(x.json().adjustments).toContainEqual(expect.objectContaining({ kind: 'bonus', points: 2, counted: true }));
  });

  it('a unit never sees the preview; the office cannot approve; a leader cannot publish', async () => {
    expect((await unit('GET', `/api/results/${YEAR}/ranking?source=preview`)).statusCode).toBe(404);
    expect((await unit('GET', `/api/results/${YEAR}/units/XZ01?source=preview`)).statusCode).toBe(404);
    expect((await unit('GET', `/api/results/${YEAR}/bulletin.docx?source=preview`)).statusCode).toBe(404);
    const view = await unit('GET', `/api/results/${YEAR}`);
    expect(view.json()).toMatchObject({ status: 'none', review: null, blockers: [] });
    expect((await office('POST', `/api/results/${YEAR}/approve`, { version: 1 })).statusCode).toBe(403);
    expect((await leader('POST', `/api/results/${YEAR}/publish`, { version: 1 })).statusCode).toBe(403);
    expect((await unit('POST', `/api/results/${YEAR}/compute`)).statusCode).toBe(403);
  });

  it('publishing needs an approval, and the approval is void once the inputs change', async () => {
    const notApproved = await office('POST', `/api/results/${YEAR}/publish`, { version: await reviewVersion() });
    expect(notApproved.json().error.code).toBe('RESULTS_NOT_APPROVED');
    const ok = await leader('POST', `/api/results/${YEAR}/approve`, {
      version: await reviewVersion(),
      note: '经领导小组审定',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().review).toMatchObject({ status: 'approved', approvalNote: '经领导小组审定' });

    // An assessor corrects a value after the approval: the approval no longer covers the inputs.
    await approveReport('XZ01', 'i1', 91);
    const refused = await office('POST', `/api/results/${YEAR}/publish`, { version: await reviewVersion() });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RESULTS_INPUTS_CHANGED');
    expect((await office('GET', `/api/results/${YEAR}`)).json().review.inputsChanged).toBe(true);
    expect(await listPublishedYears(ctx.handle.db, tenantId)).toEqual([]);

    // Back to the approved figure: compute again, approve again, publish.
    await approveReport('XZ01', 'i1', 90);
    await compute();
    await leader('POST', `/api/results/${YEAR}/approve`, { version: await reviewVersion(), note: '同意发布' });
    const published = await office('POST', `/api/results/${YEAR}/publish`, { version: await reviewVersion() });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ year: YEAR, seq: 1, reason: null, supersedesId: null });
    const again = await office('POST', `/api/results/${YEAR}/publish`, { version: await reviewVersion() });
    expect(again.json().error.code).toBe('RESULTS_ALREADY_PUBLISHED');

    // The units are told; the audit log has it.
    const inbox = await ctx.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.kind, 'resultsPublished')));
    expect(inbox.map((n) => n.title)).toContain(`${YEAR} 年度考核结果已发布`);
    const audits = await ctx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['results.compute', 'results.approve', 'results.publish']),
    );
  });

  it('read.ts: the published year, its scheme and dataset, one unit explanation', async () => {
    expect(await listPublishedYears(ctx.handle.db, tenantId)).toEqual([YEAR]);
    const p = await getPublished(ctx.handle.db, tenantId, YEAR);
    expect(p?.snapshot.seq).toBe(1);
    expect(p?.scheme.id).toBe('small-2019');
    expect(p?.dataset.units.map((u) => u.id)).toEqual(['XZ01', 'XZ02', 'XZ03', 'XZ04']);
    expect(p?.results.units.find((u) => u.unitId === 'XZ03')?.composite).toBe(83.6);
    const x = await explainPublished(ctx.handle.db, tenantId, YEAR, 'XZ04');
    expect(x?.unit.vetoes).toEqual(['poverty']);
    expect(x?.indicators.map((i) => i.indicatorId)).toEqual(['i1', 'i2']);
    expect(await explainPublished(ctx.handle.db, tenantId, YEAR, 'NOPE')).toBeNull();
  });

  it('a unit reads the published ranking and its own explanation, not another unit’s', async () => {
    expect((await unit('GET', `/api/results/${YEAR}/ranking`)).statusCode).toBe(200);
    const own = await unit('GET', `/api/results/${YEAR}/units/XZ01`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().unit.composite).toBe(93.6);
    expect((await unit('GET', `/api/results/${YEAR}/units/XZ02`)).statusCode).toBe(404);
    expect((await unit('GET', `/api/results/${YEAR}/diagnostics`)).statusCode).toBe(404);
  });

  it('the bulletin opens and has the GB/T 9704 layout; the workbook has every group', async () => {
    const res = await office('GET', `/api/results/${YEAR}/bulletin.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`关于${YEAR}年度全县实绩考核结果的通报`);
    // The number carries the year the bulletin is issued (the publication day's year, Beijing time).
    expect(text).toContain(`县考核办〔${await issuedYear(1)}〕1号`);
    expect(text).toContain('好等次（1个）：一号镇。');
    expect(text).toContain('较好等次（2个）：三号镇、二号乡。');
    expect(text).toContain('一般等次（1个）：四号乡。');
    expect(text).toContain('四号乡因脱贫攻坚被一票否决');
    expect(text).toContain('其中0项指标所有被考核单位均为满分');
    // 成文日期 in Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.1), and 印发 in the 版记.
    expect(text).toMatch(/[^\d]\d{4}年[1-9]\d?月[1-9]\d?日[^印]/);
    expect(text).toMatch(/\d{4}年[1-9]\d?月[1-9]\d?日印发/);
    // 附件说明 under the body and the 附件 itself: the results table.
    expect(text).toContain(`附件：${YEAR}年度实绩考核结果一览表`);
    expect(text).toContain('名次单位综合得分等次');
    expect(text).not.toMatch(/[\u4e00-\u9fff] | [\u4e00-\u9fff]/);
    // A4 210 × 297 mm; margins 37 / 35 / 28 / 26 mm (1 mm = 56.69 twips); 22 lines of 28 characters.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
    // 28 characters a line: 16 pt condensed by 0.25 pt (5 twips) in 156 mm.
    expect(xml).toContain('<w:spacing w:val="-5"/>');
    // Title 方正小标宋简体 size 2 = 22 pt (44 half-points); body 仿宋_GB2312 size 3 = 16 pt; headings 黑体 and 楷体.
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<w:[^>]*\/>)*<w:sz w:val="44"\/>/);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="楷体_GB2312"');
    expect(xml).toContain('<w:color w:val="FF0000"/>');
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    expect(styles).toContain('<w:sz w:val="32"/>');
    expect(styles).toMatch(/<w:spacing w:line="579" w:lineRule="exact"\/>/);
    // Page numbers "— 1 —" in 宋体 size 4 (14 pt), odd right / even left.
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => f.startsWith('word/footer'))
        .map((f) => zip.file(f)?.async('string') ?? ''),
    );
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('— ');
    }
    const settings = (await zip.file('word/settings.xml')?.async('string')) ?? '';
    expect(settings).toContain('<w:evenAndOddHeaders/>');

    const xlsx = await office('GET', `/api/results/${YEAR}/results.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '乡镇']);
    const sheet = wb.getWorksheet('乡镇');
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      1,
      'XZ04',
      '四号乡',
      100,
      100,
      0,
      0,
      0,
      100,
      '一般',
      expect.stringContaining('一票否决：脱贫攻坚'),
    ]);
    // Scores in the published decimals (not General), printed one page wide with the header on every page.
    expect(sheet?.getCell('I2').numFmt).toBe('0.00');
    expect(sheet?.getCell('D2').numFmt).toBe('0.00');
    expect(sheet?.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    });
    expect(sheet?.headerFooter.oddFooter).toContain('&P');
    expect(wb.getWorksheet('汇总')?.pageSetup).toMatchObject({ fitToWidth: 1, fitToHeight: 0 });
  });

  it('the snapshot is immutable: the trigger refuses edits, and a direct edit is caught by the digest', async () => {
    const db = ctx.handle.db;
    const [snap] = await db.select().from(resultSnapshots).where(eq(resultSnapshots.tenantId, tenantId));
    if (!snap) throw new Error('no snapshot');
    expect(await verifySnapshot(db, tenantId, snap.id)).toMatchObject({ ok: true, reproducible: true });
    await expect(
      db.update(resultSnapshots).set({ reason: 'x' }).where(eq(resultSnapshots.id, snap.id)),
    ).rejects.toThrow();
    await expect(db.delete(resultSnapshots).where(eq(resultSnapshots.id, snap.id))).rejects.toThrow();
    const api = await office('GET', `/api/results/${YEAR}/snapshots/${snap.id}/verify`);
    expect(api.json()).toMatchObject({ ok: true });
  });

  it('a correction is a draft approved like the original, then a new snapshot with its reason, audited', async () => {
    // The appeal found XZ02's 河长制 item was in fact done: the assessor corrects the report.
    await approveReport('XZ02', 'i2', 1);
    const noReason = await office('POST', `/api/results/${YEAR}/corrections`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const res = await office('POST', `/api/results/${YEAR}/corrections`, { reason: '二号乡河长制工作经复核已完成' });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    expect(draft).toMatchObject({ status: 'draft', baseSeq: 1, reason: '二号乡河长制工作经复核已完成' });
    // XZ02 moves from 64 (0.8 × 60 + 0.2 × 80) to 96 (0.8 × 100 + 16); nothing is published yet.
    expect(draft.changes.find((c: { unitCode: string }) => c.unitCode === 'XZ02')).toMatchObject({
      before: { composite: 64 },
      after: { composite: 96 },
    });
    expect((await getPublished(ctx.handle.db, tenantId, YEAR))?.snapshot.seq).toBe(1);
    const approved = await leader('POST', `/api/results/${YEAR}/corrections/${draft.id}/approve`, {
      version: draft.version,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const pub = await office('POST', `/api/results/${YEAR}/corrections/${draft.id}/publish`, {
      version: approved.json().version,
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const first = await getPublished(ctx.handle.db, tenantId, YEAR);
    expect(first?.snapshot.seq).toBe(2);
    expect(first?.snapshot.reason).toBe('二号乡河长制工作经复核已完成');
    // XZ02: indicators 60 + 40 = 100 → 0.8 × 100 + 0.2 × 80 = 96.
    expect(first?.results.units.find((u) => u.unitId === 'XZ02')?.composite).toBe(96);
    const snaps = await ctx.handle.db
      .select({ id: resultSnapshots.id, seq: resultSnapshots.seq, supersedesId: resultSnapshots.supersedesId })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.tenantId, tenantId));
    const s1 = snaps.find((s) => s.seq === 1);
    expect(snaps.find((s) => s.seq === 2)?.supersedesId).toBe(s1?.id);
    const view = await office('GET', `/api/results/${YEAR}`);
    expect(view.json().snapshots.map((s: { seq: number }) => s.seq)).toEqual([2, 1]);
    const audits = await ctx.handle.db
      .select({ action: auditLog.action, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, 'results.correct')));
    expect(audits[0]?.summary).toContain('二号乡河长制工作经复核已完成');
    const docx = await office('GET', `/api/results/${YEAR}/bulletin.docx`);
    const text = (
      (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? ''
    ).replace(/<[^>]+>/g, '');
    expect(text).toContain('更正通报');
    expect(text).toContain(`县考核办〔${await issuedYear(2)}〕2号`);
  });

  it('a direct edit with the trigger disabled is detected by the digest', async () => {
    const db = ctx.handle.db;
    const p = await getPublished(db, tenantId, YEAR);
    if (!p) throw new Error('not published');
    await db.execute(sql`ALTER TABLE result_snapshots DISABLE TRIGGER result_snapshots_no_update`);
    try {
      await db.execute(
        sql`UPDATE result_snapshots SET results = jsonb_set(results, '{results,units,0,composite}', '99.99') WHERE id = ${p.snapshot.id}`,
      );
    } finally {
      await db.execute(sql`ALTER TABLE result_snapshots ENABLE TRIGGER result_snapshots_no_update`);
    }
    const v = await verifySnapshot(db, tenantId, p.snapshot.id);
    expect(v.ok).toBe(false);
    expect(v.computedDigest).not.toBe(v.storedDigest);
    expect(v.reproducible).toBe(false);
  });
});
