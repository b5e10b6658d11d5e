import JSZip from 'jszip';
import type { InjectOptions } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, committeeReports, redLightItems, supervisionItems, tenants } from '../src/db/schema';
import { periodRange, reportNumberPattern } from '../src/modules/committee/service';
import { DEMO_PASSWORD, DEMO_TENANT } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { createTestContext, type Session, type TestContext } from './helpers';

/**
 * R31: the office's 考核工作情况报告 to the county committee — as JSON for the leaders' page and as a Word document in
 * the bulletin's layout with the county's own names — for the demo county and for a county created from zero.
 */
let ctx: TestContext;
let demoId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  demoId = t.id;
}, 180_000);
afterAll(() => ctx.close());

async function docXml(body: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string')) ?? '';
  // The text of the runs, in order (runs split words; the tests read sentences).
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describe('periods', () => {
  it('month, quarter, half-year and year ranges, with leap years; an index out of range is refused', () => {
    expect(periodRange(2019, 'month', 2)).toEqual({ from: '2019-02-01', to: '2019-02-28', label: '2月' });
    expect(periodRange(2020, 'month', 2).to).toBe('2020-02-29');
    expect(periodRange(2019, 'quarter', 2)).toEqual({ from: '2019-04-01', to: '2019-06-30', label: '第二季度' });
    expect(periodRange(2019, 'half', 1)).toEqual({ from: '2019-01-01', to: '2019-06-30', label: '上半年' });
    expect(periodRange(2019, 'year', 1)).toEqual({ from: '2019-01-01', to: '2019-12-31', label: '全年' });
    expect(() => periodRange(2019, 'quarter', 5)).toThrow();
  });

  it('reports to the committee have their own number series (报〔…〕)', () => {
    expect(reportNumberPattern('县考核办〔{year}〕{n}号')).toBe('县考核办报〔{year}〕{n}号');
    expect(reportNumberPattern('青考核办报〔{year}〕{n}号')).toBe('青考核办报〔{year}〕{n}号');
  });
});

describe('the demo county', () => {
  let office: Session;
  let leader: Session;
  const as = (s: Session, req: InjectOptions) =>
    ctx.app.inject({ ...req, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  beforeAll(async () => {
    office = await ctx.login('office', DEMO_PASSWORD);
    leader = await ctx.login('leader', DEMO_PASSWORD);
  });

  it('the first half of 2019: red-lit city indicators with their units, county red nodes, overdue items, turnout', async () => {
    const res = await as(leader, { method: 'GET', url: '/api/committee/report?year=2019&period=half&index=1' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.label).toBe('2019年上半年');
    expect(r.county.issuingOrgan).toBe(DEMO_TENANT.issuingOrgan);
    // The demo's city nodes lit red in the first half (supervision-demo: 2 indicators).
    expect(r.redLights.city.indicators).toBe(2);
    expect(r.redLights.cityItems.length).toBeGreaterThanOrEqual(2);
    for (const c of r.redLights.cityItems) expect(c.units.length).toBeGreaterThan(0);
    expect(r.redLights.county.nodes).toBeGreaterThan(0);
    expect(r.redLights.countyItems[0].units.length).toBeGreaterThan(0);
    expect(r.laggards.length).toBeGreaterThan(0);
    expect(r.overdueSupervision.length).toBeGreaterThan(0);
    expect(r.stages.steps.map((s: { step: string }) => s.step)).toEqual([
      'scheme',
      'process',
      'evaluation',
      'yearEnd',
      'publish',
    ]);
    expect(r.table.length).toBeGreaterThanOrEqual(r.laggards.length);
  });

  it('the office generates the Word report: numbered, registered, audited, with every section and the county’s names', async () => {
    const before = await ctx.handle.db.select().from(committeeReports).where(eq(committeeReports.tenantId, demoId));
    const issued = await as(office, {
      method: 'POST',
      url: '/api/committee/reports',
      payload: { year: 2019, period: 'quarter', index: 2 },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    // The demo's 2019 lives on its pinned day: the report is issued then, numbered in 2019.
    expect(issued.json()).toMatchObject({ issuedOn: '2019-07-15', label: '2019年第二季度' });
    expect(issued.json().docNumber).toMatch(/^县考核办报〔2019〕\d+号$/);
    // Leaders download what was issued, as it was issued.
    const res = await as(leader, { method: 'GET', url: `/api/committee/reports/${issued.json().id}/docx` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const text = await docXml(res.rawPayload);
    expect(text).toContain(DEMO_TENANT.issuingOrgan);
    expect(text).toContain(DEMO_TENANT.signatureOrgan);
    expect(text).toContain(issued.json().docNumber);
    expect(text).toContain('关于2019年第二季度全县实绩考核工作情况的报告');
    expect(text).toContain('县委：');
    for (const h of [
      '一、考核工作总体进展',
      '二、指标和节点亮灯情况',
      '三、工作进度滞后的单位',
      '四、红灯答复和督查事项逾期情况',
      '五、综合评价参评情况',
      '特此报告。',
      '附件：2019年第二季度各单位考核工作情况统计表',
      '序号',
    ])
      expect(text).toContain(h);
    expect(text).toContain('市对县考核中');
    expect(text).not.toContain('undefined');
    const after = await ctx.handle.db.select().from(committeeReports).where(eq(committeeReports.tenantId, demoId));
    expect(after.length).toBe(before.length + 1);
    const list = await as(leader, { method: 'GET', url: '/api/committee/reports?year=2019' });
    expect(list.json().items[0]).toMatchObject({ period: 'quarter', index: 2, label: '2019年第二季度' });
    // The demo's own reports to the committee: the first quarter and the first half of 2019.
    expect(list.json().items.map((i: { label: string; issuedOn: string }) => [i.label, i.issuedOn])).toEqual(
      expect.arrayContaining([
        ['2019年第一季度', '2019-04-10'],
        ['2019年上半年', '2019-07-15'],
      ]),
    );
    const audit = await ctx.handle.db.select().from(auditLog).where(eq(auditLog.action, 'committee.report'));
    expect(audit.length).toBeGreaterThan(0);
  });

  it('leaders read but do not issue; units and assessors neither', async () => {
    const res = await as(leader, {
      method: 'POST',
      url: '/api/committee/reports',
      payload: { year: 2019, period: 'month', index: 3 },
    });
    expect(res.statusCode).toBe(403);
    const unit = await ctx.injectAs('unit', {
      method: 'GET',
      url: '/api/committee/report?year=2019&period=month&index=1',
    });
    expect(unit.statusCode).toBe(403);
  });
});

describe('a county created from zero', () => {
  it('its own names and number series, its own overdue items, nothing of the demo', async () => {
    const db = ctx.handle.db;
    const c = ctx.county;
    await db
      .update(tenants)
      .set({
        name: '青山县',
        issuingOrgan: '青山县考核工作领导小组办公室',
        docNumberPattern: '青考核办〔{year}〕{n}号',
        signatureOrgan: '中共青山县委考核工作领导小组办公室',
      })
      .where(eq(tenants.id, c.tenantId));
    await db.insert(redLightItems).values({
      tenantId: c.tenantId,
      year: 2019,
      unitId: c.units.town2,
      source: 'node',
      indicatorId: 'x',
      nodeId: 'n1',
      title: '招商引资一季度节点红灯',
      openedOn: '2019-03-31',
      answerDue: '2019-04-05',
    });
    await db.insert(supervisionItems).values({
      tenantId: c.tenantId,
      year: 2019,
      kind: 'leaderInstruction',
      title: '农村人居环境整治',
      ownerUnitId: c.units.dept2,
      deadline: '2019-05-31',
      status: 'overdue',
      progress: 40,
    });
    const json = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/committee/report?year=2019&period=half&index=1',
    });
    expect(json.statusCode, json.body).toBe(200);
    const r = json.json();
    expect(r.overdueAnswers.map((a: { unitName: string }) => a.unitName)).toEqual(['二号乡']);
    expect(r.overdueSupervision.map((a: { unitName: string }) => a.unitName)).toEqual(['县财政局']);
    expect(r.laggards.map((a: { unitName: string }) => a.unitName).sort()).toEqual(['二号乡', '县财政局']);
    expect(r.redLights.city.indicators).toBe(0);
    expect(r.evaluation).toBeNull();

    const issued = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/committee/reports',
      payload: { year: 2019, period: 'half', index: 1 },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/committee/reports/${issued.json().id}/docx` });
    expect(res.statusCode, res.body).toBe(200);
    const text = await docXml(res.rawPayload);
    expect(text).toContain('青山县考核工作领导小组办公室');
    expect(text).toContain('中共青山县委考核工作领导小组办公室');
    expect(text).toMatch(/青考核办报〔\d{4}〕1号/);
    expect(text).toContain('二号乡“招商引资一季度节点红灯”');
    expect(text).toContain('县财政局“农村人居环境整治”');
    expect(text).toContain('本期市对县考核指标未被亮红灯。');
    expect(text).not.toContain('示范县');
    // The second report of the year takes the next number.
    const again = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/committee/reports',
      payload: { year: 2019, period: 'month', index: 6 },
    });
    expect(again.json().docNumber).toMatch(/^青考核办报〔\d{4}〕2号$/);
    // The demo county's office does not find this county's report (404, as if it did not exist).
    const demoOffice = await ctx.login('office', DEMO_PASSWORD);
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/committee/reports/${again.json().id}/docx`,
      headers: { cookie: demoOffice.cookie, 'x-csrf-token': demoOffice.csrfToken },
    });
    expect(other.statusCode).toBe(404);
  });

  it('an index beyond the period is refused with its own code', async () => {
    const res = await ctx.injectAs('office', {
      method: 'GET',
      url: '/api/committee/report?year=2019&period=quarter&index=5',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('COMMITTEE_PERIOD_INVALID');
  });
});
