import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, unitLeaders } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';
import { publishFollowupCounty, YEAR, type Followup } from './yearend-followup-fixture';

let ctx: TestContext;
let f: Followup;
let xz03: string;

beforeAll(async () => {
  ctx = await createTestContext();
  f = await publishFollowupCounty(ctx.handle.db, ctx.county);
  xz03 = f.units.XZ03 ?? '';
});
afterAll(() => ctx.close());

const leaders = async () =>
  ctx.handle.db.select().from(unitLeaders).where(eq(unitLeaders.tenantId, ctx.county.tenantId));
const auditCount = async (action: string) =>
  (
    await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, action)))
  ).length;
const add = (payload: Record<string, unknown>) =>
  ctx.injectAs('office', { method: 'POST', url: '/api/cadres', payload });

describe('leadership teams in cadre files (R35)', () => {
  it('the office records principal leaders and team members per year', async () => {
    for (const p of [
      { name: '张三', post: '党委书记', principal: true, startedOn: '2016-09-01' },
      { name: '李四', post: '镇长', principal: true, startedOn: '2017-01-10', endedOn: '2018-06-30' },
      { name: '钱七', post: '镇长', principal: true, startedOn: '2018-07-01' },
      { name: '王五', post: '副镇长', startedOn: '2018-03-01' },
      { name: '孙八', post: '副镇长', startedOn: '2018-03-01' },
    ]) {
      const res = await add({ year: YEAR, unitId: xz03, ...p });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('refuses overlapping dates in a principal post, an end before the start, a term outside the year: nothing written', async () => {
    const before = (await leaders()).length;
    const overlap = await add({
      year: YEAR,
      unitId: xz03,
      name: '赵六',
      post: '镇长',
      principal: true,
      startedOn: '2018-06-01',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.code).toBe('CADRE_TERM_OVERLAP');
    expect(overlap.json().error.message).toContain('任职时间重叠');
    expect(overlap.json().error.message).toContain('李四');
    const twice = await add({ year: YEAR, unitId: xz03, name: '王五', post: '副镇长', startedOn: '2018-05-01' });
    expect(twice.statusCode).toBe(409);
    const backwards = await add({
      year: YEAR,
      unitId: xz03,
      name: '周九',
      post: '人大主席',
      startedOn: '2018-05-01',
      endedOn: '2018-04-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('离任日期不能早于任职日期');
    const outside = await add({ year: YEAR, unitId: xz03, name: '吴十', post: '人大主席', startedOn: '2019-02-01' });
    expect(outside.statusCode).toBe(400);
    // Year 0000 passes a plain ISO-date check but not PostgreSQL's date type: a 400, not a 500.
    const yearZero = await add({ year: YEAR, unitId: xz03, name: '郑一', post: '纪委书记', startedOn: '0000-01-01' });
    expect(yearZero.statusCode).toBe(400);
    expect(JSON.stringify(yearZero.json())).toContain('日期须在 1900 年至 2199 年之间');
    expect((await leaders()).length).toBe(before);
  });

  it('only the office and leaders read them, and every read is audited', async () => {
    for (const role of ['unit', 'assessor', 'sysadmin', 'auditor'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: `/api/cadres?year=${YEAR}` });
      expect(res.statusCode, role).toBe(403);
    }
    const before = await auditCount('cadres.read');
    const a = await ctx.injectAs('leader', { method: 'GET', url: `/api/cadres?year=${YEAR}` });
    expect(a.statusCode).toBe(200);
    expect(a.json().items).toHaveLength(5);
    // Principal leaders first.
    expect(
      a
        .json()
        .items.slice(0, 3)
        .map((l: { name: string }) => l.name),
    ).toEqual(['张三', '李四', '钱七']);
    await ctx.injectAs('office', { method: 'GET', url: `/api/cadres?year=${YEAR}&unitId=${xz03}` });
    expect(await auditCount('cadres.read')).toBe(before + 2);
  });

  it('the cadre file lists tier, rank history and consequences with the leaders', async () => {
    const before = await auditCount('cadres.read');
    const res = await ctx.injectAs('leader', { method: 'GET', url: `/api/cadres/files?year=${YEAR}` });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().units.find((r: { unit: { id: string } }) => r.unit.id === xz03);
    expect(row.leaders.map((l: { name: string }) => l.name)).toContain('张三');
    // 2017 from the paper history (rank 3, poor), 2018 from the published results.
    expect(row.rankHistory.map((h: { year: number }) => h.year)).toEqual([YEAR, YEAR - 1]);
    expect(row.rankHistory[1]).toMatchObject({ rank: 3 });
    expect(row.consequences[0]).toMatch(/^奖金系数 /);
    expect(await auditCount('cadres.read')).toBe(before + 1);
  });

  it('the results-use export carries them for the organisation department, audited', async () => {
    const before = await auditCount('cadres.export');
    const res = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/results-use/export?year=${YEAR}&kind=cadres`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考核结果与干部档案');
    const text = JSON.stringify(ws?.getSheetValues());
    expect(text).toContain('党委书记 张三（2016-09-01 至 今）');
    expect(text).toContain('副镇长 王五');
    expect(await auditCount('cadres.export')).toBe(before + 1);
    const unit = await ctx.injectAs('unit', { method: 'GET', url: `/api/results-use/export?year=${YEAR}&kind=cadres` });
    expect(unit.statusCode).toBe(403);
  });
});
