import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemes, schemeVersions } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';
import { recordsScheme } from './records-fixture';

/**
 * 数据提供单位 (issue 17): the department a rule names as its data provider keeps that rule's records itself — it
 * lists, creates, changes and deletes those and nothing else; the office keeps every record. The test county's
 * assessor account belongs to ZF01 (县政府办公室): it provides 通报批评扣分 (criticism); 弄虚作假 (fraud) is ZF02's.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const base = recordsScheme(2019);
  const doc = {
    ...base,
    engine: {
      ...base.engine,
      deductions: base.engine.deductions.map((d): object => (d.id === 'criticism' ? { ...d, provider: 'ZF01' } : d)),
    },
  };
  const tenantId = ctx.county.tenantId;
  const [s] = await ctx.handle.db
    .insert(schemes)
    .values({ tenantId, year: 2019, name: doc.engine.name, publishedVersion: 1 })
    .returning();
  if (!s) throw new Error('no scheme');
  await ctx.handle.db
    .insert(schemeVersions)
    .values({ tenantId, schemeId: s.id, versionNo: 1, status: 'published', document: doc, publishedAt: new Date() });
});
afterAll(() => ctx.close());

const record = (ruleId: string, title: string) => ({
  year: 2019,
  unitId: ctx.county.units.town1,
  kind: 'deduction',
  ruleId,
  ...(ruleId === 'criticism' ? { level: 'city' } : {}),
  title,
  issuedOn: '2019-06-01',
});

describe('records kept by the department that provides their data', () => {
  it('the provider is offered its own rules, creates their records and lists only those', async () => {
    const choices = await ctx.injectAs('assessor', { method: 'GET', url: '/api/records/provided/choices?year=2019' });
    expect(choices.statusCode, choices.body).toBe(200);
    const c = choices.json();
    expect([...c.bonus, ...c.deduction, ...c.veto].map((r: { id: string }) => r.id)).toEqual(['criticism']);

    const mine = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/records/provided',
      payload: record('criticism', '市级通报批评：秸秆焚烧'),
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const office = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/records',
      payload: record('fraud', '统计数据弄虚作假'),
    });
    expect(office.statusCode, office.body).toBe(201);

    const list = await ctx.injectAs('assessor', { method: 'GET', url: '/api/records/provided?year=2019' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((r: { title: string }) => r.title)).toEqual(['市级通报批评：秸秆焚烧']);
    // the office still sees every record
    const all = await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' });
    expect(all.json().total).toBe(2);
  });

  it('refuses a rule it does not provide, naming the ones it does; another rule’s record answers as missing', async () => {
    const res = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/records/provided',
      payload: record('fraud', '弄虚作假'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('RECORD_NOT_PROVIDED');
    expect(res.json().error.message).toBe(
      '本单位不是“fraud”的数据提供单位，只能录入 2019 年方案中由本单位提供数据的规则（通报批评扣分）的记录',
    );
    const all = (await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' })).json();
    const fraud = all.items.find((r: { ruleId: string }) => r.ruleId === 'fraud');
    const mine = all.items.find((r: { ruleId: string }) => r.ruleId === 'criticism');
    const patchFraud = await ctx.injectAs('assessor', {
      method: 'PATCH',
      url: `/api/records/provided/${fraud.id}`,
      payload: { version: fraud.version, title: '改' },
    });
    expect(patchFraud.statusCode).toBe(404);
    const delFraud = await ctx.injectAs('assessor', { method: 'DELETE', url: `/api/records/provided/${fraud.id}` });
    expect(delFraud.statusCode).toBe(404);
    // its own record cannot be moved to a rule it does not provide
    const move = await ctx.injectAs('assessor', {
      method: 'PATCH',
      url: `/api/records/provided/${mine.id}`,
      payload: { version: mine.version, ruleId: 'fraud', level: null },
    });
    expect(move.statusCode).toBe(403);
    const edit = await ctx.injectAs('assessor', {
      method: 'PATCH',
      url: `/api/records/provided/${mine.id}`,
      payload: { version: mine.version, title: '市级通报批评：秸秆焚烧（复查）' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const del = await ctx.injectAs('assessor', {
      method: 'DELETE',
      url: `/api/records/provided/${mine.id}?version=${edit.json().version}`,
    });
    expect(del.statusCode).toBe(204);
    const after = (await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' })).json();
    expect(after.items.map((r: { ruleId: string }) => r.ruleId)).toEqual(['fraud']);
  });

  it('only a department account provides; the office’s list stays the office’s', async () => {
    for (const role of ['unit', 'leader', 'office'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: '/api/records/provided?year=2019' });
      expect(res.statusCode, role).toBe(403);
    }
    expect((await ctx.injectAs('assessor', { method: 'GET', url: '/api/records?year=2019' })).statusCode).toBe(403);
    expect(
      (await ctx.injectAs('assessor', { method: 'POST', url: '/api/records', payload: record('criticism', 'x') }))
        .statusCode,
    ).toBe(403);
  });
});
