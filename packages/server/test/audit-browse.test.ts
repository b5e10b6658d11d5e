import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/units',
    payload: { code: 'AU1', name: '审计浏览镇', kind: 'township', groupId: ctx.county.groups.township },
  });
});
afterAll(() => ctx.close());

describe('the auditor', () => {
  it("browses the county's audit log, newest first, with filters", async () => {
    const all = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit' });
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { action: string; summary: string; id: number }[];
    expect(items.some((i) => i.action === 'unit.create' && i.summary.includes('审计浏览镇'))).toBe(true);
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    const units = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit?action=unit.' });
    expect(units.json().items.every((i: { action: string }) => i.action.startsWith('unit.'))).toBe(true);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const dated = await ctx.injectAs('auditor', { method: 'GET', url: `/api/audit?from=${today}&to=${today}` });
    expect(dated.json().total).toBe(all.json().total);
    const before = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit?to=2019-01-01' });
    expect(before.json().total).toBe(0);
  });

  it('exports it as an Excel workbook, and the export is itself audited', async () => {
    const res = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit/export' });
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志');
    expect(ws?.getRow(1).getCell(9).value).toBe('摘要');
    expect((ws?.rowCount ?? 0) > 1).toBe(true);
    const after = await ctx.injectAs('auditor', { method: 'GET', url: '/api/audit?action=audit.export' });
    expect(after.json().total).toBe(1);
  });

  it('verifies the chain and signs a checkpoint; a forged checkpoint is detected', async () => {
    const res = await ctx.injectAs('auditor', { method: 'POST', url: '/api/audit/verify' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checkpoints.ok).toBe(true);
    if (!process.env.TEST_DATABASE_URL) expect(res.json().chain.ok).toBe(true);
    const cps = await ctx.handle.db.select().from(auditCheckpoints);
    expect(cps.length).toBeGreaterThan(0);
    await ctx.handle.db.execute(
      sql`update audit_checkpoints set signature = ${'0'.repeat(64)} where id = ${cps[0]?.id ?? ''}`,
    );
    const bad = await ctx.injectAs('auditor', { method: 'POST', url: '/api/audit/verify' });
    expect(bad.json().checkpoints).toMatchObject({ ok: false, firstBad: { reason: 'bad_signature' } });
    await ctx.handle.db.execute(sql`delete from audit_checkpoints`);
  });

  it('nobody else reads the audit log', async () => {
    for (const role of ['office', 'leader', 'sysadmin', 'secadmin', 'unit', 'assessor'] as const) {
      expect((await ctx.injectAs(role, { method: 'GET', url: '/api/audit' })).statusCode, role).toBe(403);
    }
  });
});
