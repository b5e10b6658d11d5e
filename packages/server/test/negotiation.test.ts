import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, negotiationContacts, targetNegotiations } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';

type Json = Record<string, unknown>;
let ctx: TestContext;
let carried: string;
let notCarried: string;

async function cityIndicator(code: string, unitIds: string[]) {
  const res = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/city/indicators',
    payload: { year: 2019, code, name: `市考指标${code}`, cityDepartment: '市发改委', unitIds },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const body = (cityIndicatorId: string, deadline = '2099-12-31'): Json => ({
  cityIndicatorId,
  deadline,
  cityTarget: '新增规上工业企业 12 家',
  proposedTarget: '新增规上工业企业 6 家',
  reasons: ['reform', 'tooHigh'],
  reasonNote: '机构改革后工业园区管理职能已划转至县开发区管委会，本镇只剩 2 家培育对象',
});

beforeAll(async () => {
  ctx = await createTestContext();
  carried = await cityIndicator('C1', [ctx.county.units.town1]);
  notCarried = await cityIndicator('C2', [ctx.county.units.dept1]);
});
afterAll(() => ctx.close());

const count = async (table: typeof targetNegotiations | typeof negotiationContacts) =>
  (await ctx.handle.db.select().from(table).where(eq(table.tenantId, ctx.county.tenantId))).length;

describe('targets negotiated with the city (R32)', () => {
  let id: string;
  let version: number;

  it('the responsible unit records the city target, its proposal and the reasons', async () => {
    const res = await ctx.injectAs('unit', { method: 'POST', url: '/api/negotiations', payload: body(carried) });
    expect(res.statusCode, res.body).toBe(201);
    const n = res.json();
    expect(n).toMatchObject({
      status: 'open',
      overdue: false,
      unit: { id: ctx.county.units.town1 },
      cityIndicator: { code: 'C1', cityDepartment: '市发改委' },
      reasons: ['reform', 'tooHigh'],
    });
    id = n.id;
    version = n.version;
  });

  it('refuses a second record for the same indicator, an indicator the unit does not carry, and a past deadline', async () => {
    const before = await count(targetNegotiations);
    const dup = await ctx.injectAs('unit', { method: 'POST', url: '/api/negotiations', payload: body(carried) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('NEGOTIATION_DUPLICATE');
    const other = await ctx.injectAs('unit', { method: 'POST', url: '/api/negotiations', payload: body(notCarried) });
    expect(other.statusCode).toBe(404);
    const late = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/negotiations',
      payload: body(carried, '2001-03-31'),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('已过截止日期');
    expect(await count(targetNegotiations)).toBe(before);
  });

  it('records contacts with the city counterpart; a future date is refused with a Chinese message', async () => {
    const future = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/negotiations/${id}/contacts`,
      payload: { contactOn: '2098-01-01', countyPerson: '张镇长', cityPerson: '市发改委李科长', summary: '电话沟通' },
    });
    expect(future.statusCode).toBe(400);
    expect(JSON.stringify(future.json())).toContain('沟通日期不能晚于今天');
    const ok = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/negotiations/${id}/contacts`,
      payload: {
        contactOn: '2019-02-20',
        countyPerson: '张镇长',
        cityPerson: '市发改委李科长',
        channel: '当面',
        summary: '说明职能划转情况，市里同意研究',
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().contacts).toHaveLength(1);
    version = ok.json().version;
  });

  it('past the deadline nothing more is written, and the office sees the negotiation as overdue', async () => {
    await ctx.handle.db.update(targetNegotiations).set({ deadline: '2019-03-31' }).where(eq(targetNegotiations.id, id));
    const before = await count(negotiationContacts);
    const late = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/negotiations/${id}/contacts`,
      payload: { contactOn: '2019-03-01', countyPerson: '张镇长', cityPerson: '李科长', summary: '再次沟通' },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('NEGOTIATION_PAST_DEADLINE');
    expect(late.json().error.message).toContain('2019-03-31');
    expect(await count(negotiationContacts)).toBe(before);
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/negotiations?year=2019&filter=overdue' });
    expect(list.statusCode).toBe(200);
    expect(list.json().counts).toMatchObject({ open: 1, overdue: 1, closed: 0 });
    expect(list.json().items.map((n: { id: string }) => n.id)).toEqual([id]);
  });

  it('the office exports an evidence pack for the city; the export is audited; a unit cannot export', async () => {
    const denied = await ctx.injectAs('unit', { method: 'GET', url: `/api/negotiations/${id}/evidence.xlsx` });
    expect(denied.statusCode).toBe(403);
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/negotiations/${id}/evidence.xlsx` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['情况说明', '沟通记录', '市考节点与亮灯']);
    const text = JSON.stringify(wb.getWorksheet('情况说明')?.getSheetValues());
    expect(text).toContain('新增规上工业企业 6 家');
    expect(text).toContain('机构改革职能划转');
    expect(JSON.stringify(wb.getWorksheet('沟通记录')?.getSheetValues())).toContain('市发改委李科长');
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'negotiation.evidence_export')));
    expect(audit).toHaveLength(1);
  });

  it('the unit records the outcome; after it the negotiation is closed', async () => {
    const res = await ctx.injectAs('unit', {
      method: 'POST',
      url: `/api/negotiations/${id}/outcome`,
      payload: { version, status: 'adjusted', finalTarget: '新增规上工业企业 8 家', outcomeNote: '市发改委同意下调' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'adjusted', overdue: false, finalTarget: '新增规上工业企业 8 家' });
    const edit = await ctx.injectAs('unit', {
      method: 'PATCH',
      url: `/api/negotiations/${id}`,
      payload: { version: res.json().version, proposedTarget: '5 家' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('NEGOTIATION_CLOSED');
    const list = await ctx.injectAs('leader', { method: 'GET', url: '/api/negotiations?year=2019' });
    expect(list.json().counts).toMatchObject({ open: 0, overdue: 0, closed: 1 });
  });
});
