import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, schemes, tenants } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';

/**
 * Issue 15: a year started from the template the product ships (the demo's 2019 scheme, built from code): on a
 * database where the demo was never seeded, copied into the county with its groups mapped by the office.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const post = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', {
    method: 'POST',
    url: '/api/schemes/from-template',
    headers: { 'accept-language': lang },
    payload,
  });
const schemeCount = async () =>
  (await ctx.handle.db.select().from(schemes).where(eq(schemes.tenantId, ctx.county.tenantId))).length;

type Doc = {
  engine: {
    name: string;
    groups: { id: string; name: string; blocks: { id: string; indicators: Ind[] }[] }[];
    bonus: { categories: unknown[] };
    deductions: { id: string; provider?: string }[];
  };
  meta: { indicators: Record<string, { nodes?: { due: string }[]; dataSource?: string }>; inYear?: object };
};
type Ind = { id: string; assessorId?: string; appliesTo?: string[]; unitParams: object; children?: Ind[] };
const leaves = (list: Ind[]): Ind[] => list.flatMap((i) => (i.children?.length ? leaves(i.children) : [i]));

describe('schemes from a template', () => {
  it('the database holds no demo county: the template comes with the product', async () => {
    // Each file has an embedded database of its own; on the shared PostgreSQL test database other files seed the demo,
    // so the absence is proven on the embedded run (CI runs both) and the rest holds on either.
    const demo = await ctx.handle.db.select().from(tenants).where(eq(tenants.code, 'demo'));
    if (!process.env.TEST_DATABASE_URL) expect(demo).toEqual([]);
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/schemes/templates' });
    expect(res.statusCode, res.body).toBe(200);
    const [tpl] = res.json().items as {
      id: string;
      groups: { id: string; name: string; kind: string; indicators: number }[];
    }[];
    expect(tpl?.id).toBe('demo-2019');
    expect(tpl?.groups.map((g) => [g.id, g.kind])).toEqual([
      ['township', 'township'],
      ['party', 'department'],
      ['government', 'department'],
      ['vertical', 'department'],
    ]);
    expect(tpl?.groups.every((g) => g.indicators > 10)).toBe(true);
  });

  it('only the office may use templates', async () => {
    for (const role of ['assessor', 'leader', 'unit', 'sysadmin'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: '/api/schemes/templates' });
      expect(res.statusCode, role).toBe(403);
    }
  });

  it('refuses a template group without a mapping, listing the choices; nothing is written', async () => {
    const res = await post({
      templateId: 'demo-2019',
      year: 2020,
      name: '测试县2020年度方案',
      groups: { township: 'township', party: null, vertical: null },
      evaluation: 'keep',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      {
        path: 'groups.government',
        message: '请为模板类别“政府部门”选择本县的考核类别，或选择不使用；可选：政府部门（government）、不使用',
      },
    ]);
    const en = await post(
      {
        templateId: 'demo-2019',
        year: 2020,
        name: 'x',
        groups: { township: 'government', party: 'nowhere', government: null, vertical: null, devzone: null },
        evaluation: 'keep',
      },
      'en',
    );
    expect(en.statusCode).toBe(400);
    const messages = (en.json().error.details as { path: string; message: string }[]).map((d) => d.message);
    expect(messages).toEqual([
      'The template has no group "devzone"; its groups: township, party, government, vertical',
      'The county group "政府部门" is a department group and cannot take the township template group "乡镇"; choices: 乡镇 (township), null (drop it)',
      '"nowhere" is not a group of the county in use; choices for the template group "党群部门": 政府部门 (government), null (drop it)',
    ]);
    const twice = await post({
      templateId: 'demo-2019',
      year: 2020,
      name: 'x',
      groups: { township: null, party: 'government', government: 'government', vertical: null },
      evaluation: 'drop',
    });
    expect(twice.json().error.details).toEqual([
      { path: 'groups.government', message: '模板类别“党群部门”和“政府部门”不能对应同一个本县类别“政府部门”' },
    ]);
    const none = await post({
      templateId: 'demo-2019',
      year: 2020,
      name: 'x',
      groups: { township: null, party: null, government: null, vertical: null },
      evaluation: 'drop',
    });
    expect(none.json().error.details).toEqual([{ path: 'groups', message: '至少要使用模板的一个考核类别' }]);
    const unknown = await post({ templateId: 'nope', year: 2020, name: 'x', groups: {} });
    expect(unknown.json().error.details[0].message).toBe('没有模板“nope”；可选：demo-2019');
    // The template's comprehensive evaluation is kept or dropped by the office's choice, never by default.
    const undecided = await post({
      templateId: 'demo-2019',
      year: 2020,
      name: 'x',
      groups: { township: 'township', party: null, government: null, vertical: null },
    });
    expect(undecided.json().error.details).toEqual([
      {
        path: 'evaluation',
        message: '模板含综合评价（领导评价、部门互评等）：请选择保留（年终须组织评议）或不设（综合得分只计指标得分）',
      },
    ]);
    expect(await schemeCount()).toBe(0);
  });

  it('copies the template into the county with its own groups; recorded in the history and the audit log', async () => {
    const res = await post({
      templateId: 'demo-2019',
      year: 2021,
      name: '测试县2021年度实绩考核方案',
      groups: { township: 'township', party: null, government: 'government', vertical: null },
      evaluation: 'keep',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
    expect(detail.draftVersion).toBe(1);
    expect(detail.versions[0].note).toMatch(
      /^依据模板「示范方案（2019 年度，乡镇和县直部门）」新建：乡镇→乡镇（township），党群部门→不使用，政府部门→政府部门（government），垂管及其他→不使用；考核主体按单位名称对应 \d+ 项，\d+ 项待指定；未复制特色指标 \d+ 项；保留综合评价$/,
    );
    const doc = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json()
      .document as Doc;
    expect(doc.engine.name).toBe('测试县2021年度实绩考核方案');
    expect(doc.engine.groups.map((g) => [g.id, g.name])).toEqual([
      ['township', '乡镇'],
      ['government', '政府部门'],
    ]);
    expect(doc.engine.bonus.categories.length).toBeGreaterThan(0);
    const all = doc.engine.groups.flatMap((g) => g.blocks.flatMap((b) => leaves(b.indicators)));
    expect(all.length).toBeGreaterThan(40);
    // Nothing of the demo's units: no feature indicators, no per-unit targets, assessors only the county's.
    expect(all.filter((i) => i.appliesTo?.length)).toEqual([]);
    expect(all.filter((i) => Object.keys(i.unitParams).length > 0)).toEqual([]);
    const assessors = new Set(all.flatMap((i) => (i.assessorId ? [i.assessorId] : [])));
    expect([...assessors]).toEqual(['ZF02']); // 县财政局 by its name; the demo's ZF02 was 发改局
    expect(all.filter((i) => !i.assessorId).length).toBeGreaterThan(0);
    // Node dates move to the new year; the demo's "as of" day does not come along; no 示范县 in the texts.
    const nodes = Object.values(doc.meta.indicators).flatMap((m) => m.nodes ?? []);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.due.startsWith('2021-'))).toBe(true);
    expect(JSON.stringify(doc.meta.inYear ?? {})).not.toContain('asOf');
    expect(JSON.stringify(doc)).not.toContain('示范县');
    expect(JSON.stringify(doc)).toContain('国家统计局测试县调查队');
    // Validation names the indicators whose assessor the office still has to set.
    const report = (await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/validate` })).json();
    expect(report.errors.some((e: { code: string }) => e.code === 'not_assessable')).toBe(true);
    expect(report.errors.filter((e: { code: string }) => e.code === 'unknown_group')).toEqual([]);
    // a rule's data provider is this county's department of the same name, or none (never the demo's code)
    expect(report.errors.filter((e: { code: string }) => e.code === 'unknown_provider')).toEqual([]);
    expect(doc.engine.deductions.find((d) => d.id === 'city-red')?.provider).toBeUndefined();
    const [entry] = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'scheme.create')));
    expect(entry?.summary).toContain('依据模板');
    expect(entry?.after).toMatchObject({ template: 'demo-2019', groups: { township: 'township', party: null } });
  });

  it('trimmed to indicators the county owns, the copy publishes with the template’s rules', async () => {
    const list = (await ctx.injectAs('office', { method: 'GET', url: '/api/schemes' })).json().items as {
      id: string;
      year: number;
    }[];
    const id = list.find((x) => x.year === 2021)?.id ?? '';
    const v = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json();
    const doc = v.document as Doc & { engine: Record<string, unknown> };
    // Each group keeps its indicators that have an assessor of the county (the rest are the office's to set).
    const owned = (list: Ind[]): Ind[] =>
      list.flatMap((i) =>
        i.children?.length
          ? owned(i.children).length > 0
            ? [{ ...i, children: owned(i.children) }]
            : []
          : i.assessorId
            ? [i]
            : [],
      );
    for (const g of doc.engine.groups) {
      g.blocks = g.blocks.map((b) => ({ ...b, indicators: owned(b.indicators) })).filter((b) => b.indicators.length);
    }
    const saved = await ctx.injectAs('office', {
      method: 'PUT',
      url: `/api/schemes/${id}/draft`,
      payload: { version: v.version, document: doc },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const errors = (saved.json().report.errors as { code: string; message: string }[]).filter(
      (e) => e.code !== 'meta_unused',
    );
    expect(errors).toEqual([]);
    const published = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/publish`,
      payload: { version: saved.json().version },
    });
    expect(published.statusCode, published.body).toBe(200);
  });

  it('without the evaluation: the composite is the indicator score and nothing points at the raters', async () => {
    const res = await post({
      templateId: 'demo-2019',
      year: 2022,
      name: '测试县2022年度实绩考核方案',
      groups: { township: 'township', party: null, government: null, vertical: null },
      evaluation: 'drop',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const v = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json();
    const engine = v.document.engine as Record<string, unknown> & {
      groups: { composite: unknown }[];
      ranking: { tieBreakers: { kind: string }[] };
    };
    expect(engine.evaluation).toBeUndefined();
    expect(engine.groups.map((g) => g.composite)).toEqual([{ a: 1, b: 0 }]);
    expect(engine.ranking.tieBreakers.map((b) => b.kind)).toEqual(['keyWork']);
    const report = (await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/validate` })).json();
    expect(report.errors.filter((e: { path: string }) => /evaluation|ranking/.test(e.path))).toEqual([]);
    const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
    expect(detail.versions[0].note).toContain('不设综合评价（综合得分只计指标得分）');
  });

  it('a year that has a scheme is refused', async () => {
    const res = await post({
      templateId: 'demo-2019',
      year: 2021,
      name: 'again',
      groups: { township: 'township', party: null, government: null, vertical: null },
      evaluation: 'keep',
    });
    expect(res.statusCode).toBe(409);
    expect(await schemeCount()).toBe(2);
  });
});
