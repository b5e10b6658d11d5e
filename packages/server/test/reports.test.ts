import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { auditLog, evidenceFiles, lightHistory, notifications, redLightItems, users } from '../src/db/schema';
import { systemActor } from '../src/modules/auth/actor';
import { hashPassword } from '../src/modules/auth/passwords';
import { recomputeLights } from '../src/modules/lights/service';
import { listRedItems } from '../src/modules/redlights/service';
import { indicatorInputs } from '../src/modules/reports/values';
import { createCounty, TEST_PASSWORD, type County } from './factories';
import { createTestContext, type TestContext } from './helpers';
import { publishYear } from './inyear-fixture';
import { lyingBomb } from './zip-fixtures';

let ctx: TestContext;
let other: County;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-reports-'));
beforeAll(async () => {
  ctx = await createTestContext({ dataDir, evidenceMaxMb: 0.01 });
  await publishYear(ctx.handle.db, ctx.county.tenantId);
  other = await createCounty(ctx.handle.db, '邻县');
  await publishYear(ctx.handle.db, other.tenantId);
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function multipart(fileName: string, data: Buffer) {
  const boundary = '----ysboundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const save = (body: Json, county = ctx.county) =>
  ctx.injectAs('unit', { method: 'PUT', url: '/api/reports', payload: body }, county);
const submit = (id: string, version: number) =>
  ctx.injectAs('unit', { method: 'POST', url: `/api/reports/${id}/submit`, payload: { version } });
const review = (id: string, body: Json, role: 'assessor' | 'office' = 'assessor') =>
  ctx.injectAs(role, { method: 'POST', url: `/api/reports/${id}/review`, payload: body });
const upload = (id: string, name: string, data: Buffer) =>
  ctx.injectAs('unit', { method: 'POST', url: `/api/reports/${id}/evidence`, ...multipart(name, data) });

describe('the unit: to-do list, drafts, submission', () => {
  it('lists only its own cells: nodes by due day, then year-end values', async () => {
    const res = await ctx.injectAs('unit', { method: 'GET', url: '/api/reports/todo?year=2019' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Json[];
    expect(new Set(items.map((i) => i.unitCode))).toEqual(new Set(['XZ01']));
    expect(items.map((i) => `${String(i.indicatorId)}/${String(i.nodeId)}`)).toEqual([
      't-rev/h1',
      't-node/q3',
      't-rev/h2',
      't-manual/',
      't-node/',
      't-party/',
      't-rev/',
    ]);
    expect(items[0]).toMatchObject({ due: '2019-06-30', expected: 50, evidenceRule: 'none', report: null });
  });

  it('saves a draft, refuses a stale version with a clear 409, submits, and a submitted report is locked', async () => {
    const created = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h1', progress: 40, narrative: '一季度' });
    expect(created.statusCode, created.body).toBe(200);
    const r = created.json().report as { id: string; version: number; status: string };
    expect(r.status).toBe('draft');
    const again = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h1', progress: 55, version: r.version });
    expect(again.json().report.version).toBe(2);
    const stale = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h1', progress: 60, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', message: '该记录已被他人修改，请刷新后重试' });
    const sub = await submit(r.id, 2);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().report).toMatchObject({ status: 'submitted', progress: 55, version: 3 });
    const locked = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h1', progress: 70, version: 3 });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('REPORT_NOT_EDITABLE');
  });

  it('a node report needs its progress; a year-end value its value', async () => {
    const d = await save({ year: 2019, indicatorId: 't-rev', nodeId: '', narrative: '全年' });
    const res = await submit(d.json().report.id, d.json().report.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REPORT_INCOMPLETE');
  });

  it('a unit cannot report for a cell it is not assessed on, nor see another unit’s report', async () => {
    const res = await save({ year: 2019, indicatorId: 'g-rev', nodeId: 'h1', progress: 10 });
    expect(res.statusCode).toBe(404);
    // The other county's unit account reports on its own cell …
    const theirs = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h2', progress: 10 }, other);
    expect(theirs.statusCode).toBe(200);
    const id = theirs.json().report.id as string;
    // … which is invisible to this county's unit, assessor and office.
    for (const role of ['unit', 'assessor', 'office'] as const) {
      expect((await ctx.injectAs(role, { method: 'GET', url: `/api/reports/${id}` })).statusCode).toBe(404);
    }
  });
});

describe('evidence files', () => {
  let partyId = '';
  let partyVersion = 0;
  beforeAll(async () => {
    const d = await save({ year: 2019, indicatorId: 't-party', nodeId: '', grade: 'A', narrative: '党建台账' });
    partyId = d.json().report.id;
    partyVersion = d.json().report.version;
  });

  it('required evidence blocks submission until a file is there', async () => {
    const res = await submit(partyId, partyVersion);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('EVIDENCE_REQUIRED');
  });

  it('refuses a file whose content is not an accepted type, whatever its name says', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const res = await upload(partyId, '党建台账.pdf', exe);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('EVIDENCE_TYPE');
    // A real PNG named .pdf: the name lies about the content.
    const png = await upload(partyId, 'scan.pdf', PNG);
    expect(png.statusCode).toBe(400);
    // Plain text called .pdf.
    const txt = await upload(partyId, 'notes.pdf', Buffer.from('just some text, not a pdf at all'));
    expect(txt.json().error.code).toBe('EVIDENCE_TYPE');
  });

  it('refuses an empty file and one over the size limit', async () => {
    const empty = await upload(partyId, 'empty.pdf', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('EVIDENCE_EMPTY');
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024, 32)]);
    const res = await upload(partyId, 'big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('EVIDENCE_TOO_LARGE');
  });

  it('stores an accepted file under a generated name (never the user’s path), hashed; downloads are scoped', async () => {
    const res = await upload(partyId, '../../etc/passwd/..\\台账.pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json() as { id: string; fileName: string; sha256: string };
    expect(e.fileName).toBe('台账.pdf');
    const [row] = await ctx.handle.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, e.id));
    expect(row?.storedName).toMatch(/^[0-9a-f-]{36}$/);
    const stored = path.join(dataDir, 'evidence', ctx.county.tenantId, row?.storedName ?? '');
    expect(fs.readFileSync(stored).equals(PDF)).toBe(true);
    expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(dataDir, 'etc'))).toBe(false);

    const dl = await ctx.injectAs('assessor', { method: 'GET', url: `/api/evidence/${e.id}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toContain('attachment');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    // Another county's unit and an assessor of other indicators (ZF02 in the other county) see nothing.
    expect((await ctx.injectAs('unit', { method: 'GET', url: `/api/evidence/${e.id}` }, other)).statusCode).toBe(404);

    const fresh = await ctx.injectAs('unit', { method: 'GET', url: `/api/reports/${partyId}` });
    const sub = await submit(partyId, fresh.json().report.version);
    expect(sub.statusCode, sub.body).toBe(200);
  });

  it('an indicator without evidence takes no files', async () => {
    const d = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h2', progress: 10 });
    const res = await upload(d.json().report.id, 'a.pdf', PDF);
    expect(res.json().error.code).toBe('EVIDENCE_NOT_ALLOWED');
  });
});

describe('verification by the assessor', () => {
  it('the assessor (ZF01) sees only its indicators; the office all', async () => {
    const a = await ctx.injectAs('assessor', { method: 'GET', url: '/api/reports/grid?year=2019' });
    expect(a.statusCode, a.body).toBe(200);
    const ids = new Set((a.json().items as Json[]).map((i) => i.indicatorId));
    expect(ids).toEqual(new Set(['t-party', 't-manual', 't-node', 'g-party', 'g-manual', 'g-node']));
    const o = await ctx.injectAs('office', { method: 'GET', url: '/api/reports/grid?year=2019&indicatorId=t-rev' });
    expect((o.json().items as Json[]).length).toBe(6); // 2 towns × (h1, h2, year-end)
    const ta = await ctx.injectAs('assessor', { method: 'GET', url: '/api/reports/grid?year=2019&indicatorId=t-rev' });
    expect(ta.json().items).toEqual([]);
    // And a report of an indicator it does not assess is not found for it.
    const grid = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=t-rev&nodeId=h1&unitId=' + ctx.county.units.town1,
    });
    const revId = grid.json().items[0].report.id as string;
    expect((await review(revId, { action: 'approve', version: 3 })).statusCode).toBe(404);
  });

  it('return needs a reason; the unit resubmits; approve; a change after approval needs a reason and is flagged', async () => {
    const grid = await ctx.injectAs('assessor', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=t-party',
    });
    const item = (grid.json().items as { unitCode: string; report: { id: string; version: number } | null }[]).find(
      (i) => i.unitCode === 'XZ01',
    );
    const id = item?.report?.id ?? '';
    let version = item?.report?.version ?? 0;
    const noReason = await review(id, { action: 'return', version });
    expect(noReason.json().error.code).toBe('REASON_REQUIRED');
    const ret = await review(id, { action: 'return', version, reason: '台账不全' });
    expect(ret.json().report).toMatchObject({ status: 'returned', returnReason: '台账不全' });
    version = ret.json().report.version;
    const resub = await submit(id, version);
    expect(resub.statusCode, resub.body).toBe(200);
    version = resub.json().report.version;
    const ok = await review(id, { action: 'approve', version });
    expect(ok.json().report.status).toBe('approved');
    version = ok.json().report.version;
    const change = await review(id, { action: 'correct', version, verifiedValue: 1 });
    expect(change.json().error.code).toBe('REASON_REQUIRED');
    const changed = await review(id, { action: 'correct', version, verifiedValue: 1, reason: '复核更正' });
    expect(changed.json().report).toMatchObject({ status: 'approved', changedAfterApproval: true, verifiedValue: 1 });
    const audits = await ctx.handle.db
      .select({ action: auditLog.action, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id)));
    const actions = audits.map((x) => x.action);
    for (const a of [
      'report.create',
      'report.submit',
      'report.return',
      'report.resubmit',
      'report.approve',
      'report.change_after_approval',
    ]) {
      expect(actions).toContain(a);
    }
    expect(audits.find((x) => x.action === 'report.change_after_approval')?.summary).toContain('审核通过后修改');
  });

  it('scores a manual indicator within the method bounds only', async () => {
    const d = await save({ year: 2019, indicatorId: 't-manual', nodeId: '', narrative: '完成全部任务' });
    const s = await submit(d.json().report.id, d.json().report.version);
    const id = s.json().report.id as string;
    const v = s.json().report.version as number;
    const high = await review(id, { action: 'approve', version: v, assessorScore: 10.5, scoreReason: '好' });
    expect(high.json().error).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', message: '评分须在 0 到 10 之间' });
    const noScore = await review(id, { action: 'approve', version: v });
    expect(noScore.json().error.code).toBe('REPORT_INCOMPLETE');
    const ok = await review(id, { action: 'approve', version: v, assessorScore: 9, scoreReason: '成效明显' });
    expect(ok.json().report).toMatchObject({ status: 'approved', assessorScore: 9 });
  });

  it('two concurrent edits of one score: one wins, the other gets VERSION_CONFLICT — no lost update', async () => {
    const grid = await ctx.injectAs('assessor', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=t-manual',
    });
    const r = (grid.json().items as { unitCode: string; report: { id: string; version: number } }[]).find(
      (i) => i.unitCode === 'XZ01',
    )?.report;
    const [a, b] = await Promise.all([
      review(r?.id ?? '', {
        action: 'correct',
        version: r?.version ?? 0,
        assessorScore: 7,
        scoreReason: '甲',
        reason: '复核甲',
      }),
      review(
        r?.id ?? '',
        { action: 'correct', version: r?.version ?? 0, assessorScore: 8, scoreReason: '乙', reason: '复核乙' },
        'office',
      ),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.code).toBe('VERSION_CONFLICT');
    const winner = a.statusCode === 200 ? a : b;
    const now = await ctx.injectAs('office', { method: 'GET', url: `/api/reports/${r?.id ?? ''}` });
    expect(now.json().report.assessorScore).toBe(winner.json().report.assessorScore);
  });

  it('bulk approve is all or nothing', async () => {
    const d1 = await save({ year: 2019, indicatorId: 't-node', nodeId: 'q3', progress: 100 });
    const s1 = await submit(d1.json().report.id, d1.json().report.version);
    const good = { id: s1.json().report.id as string, version: s1.json().report.version as number };
    const bad = { id: good.id, version: 999 };
    const res = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/reports/bulk-review',
      payload: { action: 'approve', items: [good, bad] },
    });
    expect(res.statusCode).toBe(409);
    const still = await ctx.injectAs('assessor', { method: 'GET', url: `/api/reports/${good.id}` });
    expect(still.json().report.status).toBe('submitted');
    const ok = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/reports/bulk-review',
      payload: { action: 'approve', items: [good] },
    });
    expect(ok.json()).toEqual({ done: 1 });
  });

  it('an assessor never verifies its own unit (A7): 403 OWN_UNIT_REVIEW, marked in its grid; the office verifies', async () => {
    // ZF01 is the assessor of g-node and is itself assessed on it (government group). In the other county, so
    // that its lights and red-light items stay out of the tests below.
    const username = `${other.code}.zf01`;
    await ctx.handle.db.insert(users).values({
      tenantId: other.tenantId,
      username,
      displayName: '县政府办公室填报员',
      role: 'unit',
      unitId: other.units.dept1,
      passwordHash: await hashPassword(TEST_PASSWORD),
    });
    const zf01 = await ctx.login(username);
    const asZf01 = (request: InjectOptions) =>
      ctx.app.inject({ ...request, headers: { cookie: zf01.cookie, 'x-csrf-token': zf01.csrfToken } });
    const d = await asZf01({
      method: 'PUT',
      url: '/api/reports',
      payload: { year: 2019, indicatorId: 'g-node', nodeId: 'q3', progress: 100 },
    });
    expect(d.statusCode, d.body).toBe(200);
    const s = await asZf01({
      method: 'POST',
      url: `/api/reports/${d.json().report.id as string}/submit`,
      payload: { version: d.json().report.version as number },
    });
    expect(s.statusCode, s.body).toBe(200);
    const own = { id: s.json().report.id as string, version: s.json().report.version as number };

    const as = (role: 'assessor' | 'office', request: InjectOptions) => ctx.injectAs(role, request, other);
    const grid = await as('assessor', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=g-node&nodeId=q3',
    });
    const marks = (grid.json().items as { unitCode: string; officeReview: boolean }[]).map((i) => [
      i.unitCode,
      i.officeReview,
    ]);
    expect(marks).toEqual([
      ['ZF01', true],
      ['ZF02', false],
    ]);

    for (const body of [
      { action: 'approve', version: own.version },
      { action: 'return', version: own.version, reason: '退回' },
      { action: 'fail', version: own.version, reason: '未完成' },
      { action: 'correct', version: own.version, verifiedValue: 100, reason: '改' },
    ]) {
      const res = await as('assessor', { method: 'POST', url: `/api/reports/${own.id}/review`, payload: body });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'OWN_UNIT_REVIEW',
        message: '不能审核本单位的报送：本单位的报送由考核办审核',
      });
    }
    const bulk = await as('assessor', {
      method: 'POST',
      url: '/api/reports/bulk-review',
      payload: { action: 'approve', items: [own] },
    });
    expect(bulk.statusCode).toBe(403);
    expect(bulk.json().error.code).toBe('OWN_UNIT_REVIEW');

    // Nor by Excel: its own unit is not in the template, and a row for it is refused.
    const tpl = await as('assessor', {
      method: 'GET',
      url: '/api/reports/excel/template?year=2019&indicatorId=g-node&nodeId=q3',
    });
    expect(tpl.statusCode, tpl.body).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报');
    expect(ws?.getRow(2).getCell(1).value).toBe('ZF02');
    expect(ws?.getRow(3).getCell(1).value ?? null).toBe(null);
    const [row2, row3] = [ws?.getRow(2), ws?.getRow(3)];
    if (row2 && row3) {
      row2.getCell(3).value = 100;
      row3.getCell(1).value = 'ZF01';
      row3.getCell(3).value = 100;
    }
    const imp = await as('assessor', {
      method: 'POST',
      url: '/api/reports/excel?year=2019&indicatorId=g-node&nodeId=q3',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(imp.statusCode).toBe(400);
    expect(JSON.stringify(imp.json().error.rows)).toContain('本单位的报送由考核办审核');

    const still = await as('office', { method: 'GET', url: `/api/reports/${own.id}` });
    expect(still.json().report.status).toBe('submitted');
    const byOffice = await as('office', {
      method: 'POST',
      url: `/api/reports/${own.id}/review`,
      payload: { action: 'approve', version: own.version },
    });
    expect(byOffice.statusCode, byOffice.body).toBe(200);
    expect(byOffice.json().report.status).toBe('approved');
  });
});

describe('lights, red-light items and the engine inputs', () => {
  it('a missed node turns red, opens a red-light item, the unit answers, the office closes', async () => {
    const db = ctx.handle.db;
    const r = await db.transaction((tx) =>
      recomputeLights(tx, ctx.county.tenantId, 2019, { day: '2019-10-01', explicitDay: true }),
    );
    expect(r?.opened).toBeGreaterThan(0);
    const lights = await ctx.injectAs('unit', { method: 'GET', url: '/api/lights?year=2019' });
    const mine = lights.json().items as {
      unitCode: string;
      indicatorId: string;
      nodeId: string;
      light: string;
      reason: string;
    }[];
    expect(new Set(mine.map((l) => l.unitCode))).toEqual(new Set(['XZ01']));
    // XZ01 submitted 55% on h1 (expected 50) → green; q3 approved 100% → green.
    expect(mine.find((l) => l.indicatorId === 't-rev' && l.nodeId === 'h1')?.light).toBe('green');
    const office = await ctx.injectAs('office', { method: 'GET', url: '/api/lights?year=2019&light=red' });
    const reds = office.json().items as { unitCode: string; indicatorId: string; nodeId: string }[];
    expect(reds.some((l) => l.unitCode === 'XZ02' && l.indicatorId === 't-rev' && l.nodeId === 'h1')).toBe(true);
    const hist = await db.select().from(lightHistory).where(eq(lightHistory.tenantId, ctx.county.tenantId));
    expect(hist.some((h) => h.light === 'red' && h.day === '2019-10-01')).toBe(true);

    const items = await db.select().from(redLightItems).where(eq(redLightItems.tenantId, ctx.county.tenantId));
    expect(items.every((i) => i.answerDue === '2019-10-06')).toBe(true);
    expect(items).toHaveLength(r?.opened ?? -1);
    // each item is told to every active account of its unit, once (the openings are written in a batch)
    const told = await db.select().from(notifications).where(eq(notifications.tenantId, ctx.county.tenantId));
    const accounts = await db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.county.tenantId), eq(users.active, true)));
    expect(items.filter((i) => accounts.some((u) => u.unitId === i.unitId)).length).toBeGreaterThan(0);
    for (const item of items) {
      const to = told.filter((n) => n.dedupeKey === `redlight:${item.id}`);
      const expected = accounts.filter((u) => u.unitId === item.unitId).map((u) => u.id);
      expect(to.map((n) => n.userId).sort()).toEqual(expected.sort());
      expect(to.every((n) => n.kind === 'redLight' && n.title === `红灯：${item.title}`)).toBe(true);
    }
    // The unit account (XZ01) has no red light, so it sees no item; XZ02's items are not its business.
    const unitList = await ctx.injectAs('unit', { method: 'GET', url: '/api/redlights?year=2019' });
    expect(unitList.json().items).toEqual([]);
    const officeList = await ctx.injectAs('office', { method: 'GET', url: '/api/redlights?year=2019' });
    const first = (officeList.json().items as { id: string; version: number; overdue: boolean }[])[0];
    // The scheme pins its day at 2019-07-15: as of then the answer (due 2019-10-06) is not overdue …
    expect(first?.overdue).toBe(false);
    // … as of 2019-10-07 it is, and counted.
    const officeActor = { ...systemActor(ctx.county.tenantId), role: 'office' as const };
    const later = await listRedItems(ctx.handle.db, officeActor, { year: 2019 }, '2019-10-07');
    expect(later.items.find((i) => i.id === first?.id)?.overdue).toBe(true);
    expect(later.counts.overdue).toBe(later.items.length);
    const notOwner = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/redlights/${first?.id ?? ''}/answer`,
      payload: { explanation: 'x', measures: 'y', version: first?.version ?? 1 },
    });
    expect(notOwner.statusCode).toBe(404);
    const close = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/redlights/${first?.id ?? ''}/review`,
      payload: { action: 'close', version: first?.version ?? 1 },
    });
    expect(close.json().error.code).toBe('REDLIGHT_NOT_EDITABLE');
    // Recomputing the same day changes nothing and opens nothing new.
    const again = await db.transaction((tx) =>
      recomputeLights(tx, ctx.county.tenantId, 2019, { day: '2019-10-01', explicitDay: true }),
    );
    expect(again).toMatchObject({ changed: 0, opened: 0 });
  });

  it('indicatorInputs: approved reports only, verified value first, manual scores, node lights; the rest missing', async () => {
    const { values, missing } = await indicatorInputs(ctx.handle.db, ctx.county.tenantId, 2019);
    const party = values.find((v) => v.unitId === 'XZ01' && v.indicatorId === 't-party');
    expect(party).toMatchObject({ grade: 'A', value: 1 });
    const manual = values.find((v) => v.unitId === 'XZ01' && v.indicatorId === 't-manual');
    expect(manual?.manual?.score).toBeGreaterThanOrEqual(7);
    const rev = values.find((v) => v.unitId === 'XZ01' && v.indicatorId === 't-rev');
    expect(rev?.nodes).toEqual([
      { id: 'h1', light: 'green' },
      { id: 'h2', light: 'yellow' }, // 10% reported on 1 October: behind the pro-rata expectation (lagging)
    ]);
    expect(rev?.value).toBeUndefined(); // the year-end report is a draft
    expect(missing).toContainEqual({ unitCode: 'XZ01', indicatorId: 't-rev', nodeId: '', status: 'draft' });
    expect(missing).toContainEqual({ unitCode: 'XZ02', indicatorId: 't-party', nodeId: '', status: 'none' });
    expect(missing.some((m) => m.unitCode === 'XZ01' && m.indicatorId === 't-party')).toBe(false);
  });
});

describe('Excel bulk entry of one indicator', () => {
  it('template lists the units; an upload approves the figures; a bad row rejects the whole file', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const tpl = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/reports/excel/template?year=2019&indicatorId=t-rev&nodeId=',
    });
    expect(tpl.statusCode, tpl.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报');
    expect(ws?.getRow(2).getCell(1).value).toBe('XZ01');
    expect(ws?.getRow(3).getCell(1).value).toBe('XZ02');
    const upload = async (rows: [string, number | null][]) => {
      rows.forEach(([code, v], i) => {
        const row = ws?.getRow(i + 2);
        if (row) {
          row.getCell(1).value = code;
          row.getCell(3).value = v;
        }
      });
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      return ctx.injectAs('office', {
        method: 'POST',
        url: '/api/reports/excel?year=2019&indicatorId=t-rev&nodeId=',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        payload: buf,
      });
    };
    const bad = await upload([
      ['XZ01', 95],
      ['ZZ99', 80],
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('IMPORT_REJECTED');
    expect(JSON.stringify(bad.json().error.rows)).toContain('ZZ99');
    const before = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=t-rev&nodeId=&status=approved',
    });
    expect(before.json().items).toEqual([]);
    const ok = await upload([
      ['XZ01', 95],
      ['XZ02', 80],
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ imported: 2 });
    const after = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/reports/grid?year=2019&indicatorId=t-rev&nodeId=&status=approved',
    });
    const figures = (
      after.json().items as { unitCode: string; report: { value: number | null; verifiedValue: number | null } }[]
    ).map((i) => [i.unitCode, i.report.verifiedValue ?? i.report.value]);
    expect(figures).toEqual([
      ['XZ01', 95],
      ['XZ02', 80],
    ]);
  });
  it('a zip bomb (declares 1,000 bytes, inflates to 300 MB) is refused at once, with a clear message', async () => {
    const bomb = await lyingBomb(300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const rss = process.memoryUsage().rss;
    const res = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/reports/excel?year=2019&indicatorId=g-party&nodeId=',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: bomb,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE');
    expect(res.json().error.message).toContain('解压后超过 64 MB');
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });
});
