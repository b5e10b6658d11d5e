import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lights, redLightItems, reports } from '../src/db/schema';
import { createTestContext, type TestContext } from './helpers';

/** The landing page's year progress: figures read from the stages' tables, scoped by role. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const { tenantId, units } = ctx.county;
  const cell = (unitId: string, indicatorId: string, nodeId: string) => ({
    tenantId,
    year: 2019,
    unitId,
    indicatorId,
    nodeId,
  });
  await ctx.handle.db.insert(reports).values([
    { ...cell(units.town1, 'i1', 'q1'), status: 'approved', progress: 100 },
    { ...cell(units.town1, 'i2', 'q1'), status: 'submitted', progress: 80 },
    { ...cell(units.town2, 'i1', 'q1'), status: 'submitted', progress: 60 },
    { ...cell(units.town2, 'i2', 'q1'), status: 'returned', progress: 10 },
    { ...cell(units.town1, 'i1', 'q1'), year: 2018, status: 'approved', progress: 100 },
  ]);
  await ctx.handle.db.insert(lights).values([
    { ...cell(units.town1, 'i1', 'q1'), light: 'green', reason: 'done', due: '2019-03-31' },
    { ...cell(units.town1, 'i2', 'q1'), light: 'yellow', reason: 'lagging', due: '2019-03-31' },
    { ...cell(units.town2, 'i1', 'q1'), light: 'red', reason: 'missed', due: '2019-03-31' },
    { ...cell(units.town2, 'i2', 'q1'), light: 'red', reason: 'missed', due: '2019-03-31' },
  ]);
  await ctx.handle.db.insert(redLightItems).values([
    {
      tenantId,
      year: 2019,
      unitId: units.town2,
      source: 'node',
      title: '一季度未完成',
      openedOn: '2019-04-01',
      answerDue: '2019-04-06',
    },
  ]);
});
afterAll(() => ctx.close());

const progressOf = async (role: 'office' | 'unit' | 'leader' | 'auditor') =>
  (await ctx.injectAs(role, { method: 'GET', url: '/api/overview' })).json().progress;

describe('overview: where the year stands', () => {
  it('the office sees the county: lights, reports waiting for review, open red-light items', async () => {
    const p = await progressOf('office');
    expect(p.year).toBe(2019);
    expect(p.lights).toEqual({ green: 1, yellow: 1, red: 2 });
    expect(p.reports).toEqual({ draft: 0, submitted: 2, returned: 1, approved: 1 });
    expect(p.redLightItems).toEqual({ open: 1, answered: 0, closed: 0 });
    // No published scheme in this county: the year is at its first stage.
    expect(p.scheme.published).toBeNull();
    expect(p.current).toBe(0);
    expect(p.results).toEqual({ review: null, blockers: null, published: null });
  });

  it("a unit sees only its own unit's figures", async () => {
    const p = await progressOf('unit');
    // The unit account belongs to town1.
    expect(p.lights).toEqual({ green: 1, yellow: 1, red: 0 });
    expect(p.reports).toEqual({ draft: 0, submitted: 1, returned: 0, approved: 1 });
    expect(p.redLightItems.open).toBe(0);
  });

  it('the admin roles (三员) get no assessment figures', async () => {
    expect(await progressOf('auditor')).toBeNull();
  });

  it('is kept between reads, and fresh again after any write (every write is audited)', async () => {
    const before = (await ctx.injectAs('office', { method: 'GET', url: '/api/overview' })).json();
    const created = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: { code: 'OV9', name: '概览缓存测试镇', kind: 'township', groupId: ctx.county.groups.township },
    });
    expect(created.statusCode).toBe(201);
    const after = (await ctx.injectAs('office', { method: 'GET', url: '/api/overview' })).json();
    expect(after.counts.townships).toBe(before.counts.townships + 1);
  });
});
