import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { explainUnit } from '@yardstick/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  rankingTables,
  resultCorrections,
  resultSnapshots,
  schemes,
  schemeVersions,
  units,
} from '../src/db/schema';
import { collectInputs } from '../src/modules/results/collect';
import { computeCollected } from '../src/modules/results/service';
import { createCounty, type County } from './factories';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';
import { recordsScheme } from './records-fixture';

/**
 * Issue 17: the periodic rankings a `rankPlaces` rule reads, entered by the office and fed to the engine. The
 * scheme: the records fixture plus "0.5 per sub-unit per month in the bottom two of the city's monthly ranking".
 */
let ctx: TestContext;
let u: County['units'];
let retired: string;
const RULE = { id: 'township-bottom', name: '市月度排名后两名扣分', ranking: 'city-township-monthly' };

async function publish(db: TestContext['handle']['db'], tenantId: string, year: number) {
  const doc = recordsScheme(year);
  const engine = {
    ...doc.engine,
    deductions: [
      ...doc.engine.deductions,
      { id: RULE.id, name: RULE.name, amount: { kind: 'rankPlaces', ranking: RULE.ranking, bottom: 2, points: 0.5 } },
    ],
  };
  const [s] = await db.insert(schemes).values({ tenantId, year, name: engine.name, publishedVersion: 1 }).returning();
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({
    tenantId,
    schemeId: s.id,
    versionNo: 1,
    status: 'published',
    document: { ...doc, engine },
    publishedAt: new Date(),
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  u = ctx.county.units;
  await publish(ctx.handle.db, ctx.county.tenantId, 2019);
  const [row] = await ctx.handle.db
    .insert(units)
    .values({
      tenantId: ctx.county.tenantId,
      code: 'XZ09',
      name: '已撤并镇',
      kind: 'township',
      groupId: ctx.county.groups.township,
      validTo: '2018-12-31',
    })
    .returning({ id: units.id });
  if (!row) throw new Error('no unit');
  retired = row.id;
});
afterAll(() => ctx.close());

const post = (payload: object, as: 'office' | 'leader' = 'office', county?: County) =>
  ctx.injectAs(as, { method: 'POST', url: '/api/rankings', payload }, county);

/** A month of the city's ranking of 4 sub-units: XZ01's two villages at the bottom (places 3 and 4). */
const month = (period: string) => ({
  year: 2019,
  ranking: RULE.ranking,
  period,
  size: 4,
  places: [
    { subUnit: '东岭村', unitId: u.town2, place: 1 },
    { subUnit: '青石村', unitId: u.town1, place: 3 },
    { subUnit: '白沙村', unitId: u.town1, place: 4 },
  ],
});

const stored = () => ctx.handle.db.select().from(rankingTables).where(eq(rankingTables.tenantId, ctx.county.tenantId));

describe('rankings a rankPlaces rule reads (issue 17)', () => {
  it('lists the rankings the year scheme reads, with its rules and the units in force', async () => {
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/rankings?year=2019' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rankings).toEqual([
      {
        ranking: RULE.ranking,
        rules: [{ id: RULE.id, name: RULE.name, bottom: 2, points: 0.5 }],
        tables: [],
      },
    ]);
    expect(body.frozen).toBe(false);
    expect(body.units.map((x: { code: string }) => x.code)).toEqual(['XZ01', 'XZ02', 'ZF01', 'ZF02']);
  });

  it('a rankPlaces rule with no table is a blocker of the results, naming the rule', async () => {
    const c = await collectInputs(ctx.handle.db, ctx.county.tenantId, 2019);
    expect(c.blockers).toContainEqual({ kind: 'rankingMissing', detail: RULE.name });
  });

  it('refuses an unknown ranking, listing the valid ids, and writes nothing', async () => {
    const res = await post({ ...month('2019-01'), ranking: 'city-monthly' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('RANKING_NOT_IN_SCHEME');
    expect(res.json().error.message).toContain('可填写：city-township-monthly');
    expect(await stored()).toHaveLength(0);
  });

  it('refuses a unit not in force that year, a duplicate place, a place beyond the size, a sub-unit twice', async () => {
    const notInForce = await post({
      ...month('2019-01'),
      places: [{ subUnit: '旧村', unitId: retired, place: 1 }],
    });
    expect(notInForce.statusCode).toBe(400);
    expect(notInForce.json().error.code).toBe('RANKING_INVALID');
    expect(notInForce.json().error.message).toContain('已撤并镇 不是 2019 年的考核对象');

    const dupPlace = await post({
      ...month('2019-01'),
      places: [
        { subUnit: '青石村', unitId: u.town1, place: 3 },
        { subUnit: '白沙村', unitId: u.town1, place: 3 },
      ],
    });
    expect(dupPlace.statusCode).toBe(400);
    expect(dupPlace.json().error.message).toContain('第 3 名重复');

    const beyond = await post({ ...month('2019-01'), size: 3 });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.message).toContain('白沙村 的名次 4 大于参与排名数 3');

    const twice = await post({
      ...month('2019-01'),
      places: [
        { subUnit: '青石村', unitId: u.town1, place: 1 },
        { subUnit: '青石村', unitId: u.town1, place: 2 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toContain('青石村 在本期出现了两次');

    const english = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/rankings',
      payload: { ...month('2019-01'), size: 3 },
      headers: { 'accept-language': 'en' },
    });
    expect(english.json().error.message).toContain('place 4 is beyond the size 3');
    expect(await stored()).toHaveLength(0);
  });

  it('the office enters three months (audited); a period twice is refused; leaders read but cannot write', async () => {
    for (const m of ['2019-01', '2019-02', '2019-03']) {
      const res = await post(month(m));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().places[0]).toMatchObject({ subUnit: '东岭村', unit: { code: 'XZ02' }, place: 1 });
    }
    const again = await post(month('2019-02'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RANKING_PERIOD_EXISTS');
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'ranking.create')));
    expect(audit).toHaveLength(3);

    expect((await post(month('2019-04'), 'leader')).statusCode).toBe(403);
    const read = await ctx.injectAs('leader', { method: 'GET', url: '/api/rankings?year=2019' });
    expect(read.json().rankings[0].tables.map((t: { period: string }) => t.period)).toEqual([
      '2019-01',
      '2019-02',
      '2019-03',
    ]);
    expect((await ctx.injectAs('unit', { method: 'GET', url: '/api/rankings?year=2019' })).statusCode).toBe(403);
  });

  it('compute: two villages of XZ01 in the bottom 2 for 3 months at 0.5 each → −3.0 for XZ01, nothing for XZ02', async () => {
    const c = await collectInputs(ctx.handle.db, ctx.county.tenantId, 2019);
    expect(c.blockers.filter((b) => b.kind === 'rankingMissing')).toEqual([]);
    expect(c.dataset.rankings).toHaveLength(3);
    const { results } = computeCollected(c);
    const byUnit = new Map(results?.units.map((x) => [x.unitId, x]));
    expect(byUnit.get('XZ01')?.deductions).toBeCloseTo(3.0, 10);
    expect(byUnit.get('XZ02')?.deductions).toBe(0);
    // the place-1 sub-unit of XZ02 is not in the bottom two: 2 hits × 3 months, each −0.5, in XZ01's trace
    if (!results) throw new Error('no results');
    const hits = explainUnit(results, 'XZ01').adjustments.filter((a) => a.ruleId === RULE.id);
    expect(hits.map((h) => h.points)).toEqual(Array(6).fill(-0.5));
    expect(hits.map((h) => h.recordId)).toContain(`${RULE.ranking}/2019-02/白沙村`);
  });

  it('a change replaces the period (versioned); a stale version is refused', async () => {
    const [row] = (await stored()).filter((r) => r.period === '2019-03');
    if (!row) throw new Error('no row');
    const put = (version: number) =>
      ctx.injectAs('office', {
        method: 'PUT',
        url: `/api/rankings/${row.id}`,
        payload: { ...month('2019-03'), version, places: [{ subUnit: '青石村', unitId: u.town1, place: 4 }] },
      });
    const ok = await put(row.version);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().places).toHaveLength(1);
    expect((await put(row.version)).statusCode).toBe(409);
    const c = await collectInputs(ctx.handle.db, ctx.county.tenantId, 2019);
    const { results } = computeCollected(c);
    expect(results?.units.find((x) => x.unitId === 'XZ01')?.deductions).toBeCloseTo(2.5, 10);
  });

  it('another county neither sees, changes nor borrows the units of these tables', async () => {
    const b = await createCounty(ctx.handle.db, '乙县');
    await publish(ctx.handle.db, b.tenantId, 2019);
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/rankings?year=2019' }, b);
    expect(list.json().rankings[0].tables).toEqual([]);
    expect(list.body).not.toContain(u.town1);
    const [row] = await stored();
    if (!row) throw new Error('no row');
    const put = await ctx.injectAs(
      'office',
      { method: 'PUT', url: `/api/rankings/${row.id}`, payload: { ...month('2019-01'), version: row.version } },
      b,
    );
    expect(put.statusCode).toBe(404);
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/rankings/${row.id}` }, b);
    expect(del.statusCode).toBe(404);
    const borrow = await post(month('2019-01'), 'office', b);
    expect(borrow.statusCode).toBe(400);
    expect(borrow.json().error.message).toContain('所属单位不存在');
    expect(await stored()).toHaveLength(3);
  });

  it('a published year is frozen, unless a correction is open', async () => {
    const db = ctx.handle.db;
    const [snap] = await db
      .insert(resultSnapshots)
      .values({
        tenantId: ctx.county.tenantId,
        year: 2019,
        seq: 1,
        engineVersion: 'test',
        inputs: {},
        results: {},
        digest: randomUUID(),
      })
      .returning({ id: resultSnapshots.id });
    if (!snap) throw new Error('no snapshot');
    const refused = await post(month('2019-04'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RANKINGS_YEAR_PUBLISHED');
    const [row] = await stored();
    if (!row) throw new Error('no row');
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/rankings/${row.id}` });
    expect(del.statusCode).toBe(409);
    expect((await ctx.injectAs('office', { method: 'GET', url: '/api/rankings?year=2019' })).json().frozen).toBe(true);
    await db.insert(resultCorrections).values({
      tenantId: ctx.county.tenantId,
      year: 2019,
      reason: '申诉成立，更正排名',
      baseSnapshotId: snap.id,
      inputsDigest: 'x',
      preview: {},
    });
    expect((await post(month('2019-04'))).statusCode).toBe(201);
  });
});

describe('rankings in Excel (one row per place)', () => {
  const HEADER = ['排名', '期次', '日期', '参与排名数', '排名对象', '所属单位', '单位名称', '名次'];
  const SHEET = '2019年排名数据';

  it('explains bad rows row by row (unknown ranking with the valid ids, unit not in force, place > size, a place twice) and writes nothing', async () => {
    const before = (await stored()).length;
    const file = await buildXlsx(SHEET, HEADER, [
      ['city-monthly', '2019-05', null, 4, '东岭村', 'XZ02', null, 1],
      [RULE.ranking, '2019-05', null, 4, '旧村', 'XZ09', null, 2],
      [RULE.ranking, '2019-05', null, 4, '青石村', '一号镇', null, 5],
      [RULE.ranking, '2019-05', null, 4, '白沙村', 'XZ01', null, 3],
      [RULE.ranking, '2019-05', null, 4, '红岩村', 'XZ01', null, 3],
    ]);
    const res = await postXlsx(ctx, 'office', 'rankings', file, { year: 2019 });
    expect(res.statusCode).toBe(400);
    const rows = res.json().error.rows as { row: number; column: string; message: string }[];
    expect(rows).toEqual([
      { row: 2, column: '排名', message: expect.stringContaining(`只能填写 ${RULE.ranking}`) },
      { row: 3, column: '所属单位', message: expect.stringContaining('已撤并镇 不是 2019 年的考核对象') },
      { row: 4, column: '名次', message: expect.stringContaining('名次 5 大于参与排名数 4') },
      { row: 6, column: '名次', message: expect.stringContaining('“3”与第 5 行重复') },
    ]);
    expect((await stored()).length).toBe(before);
  });

  it('imports periods (a ranking by its rule name, a unit by its name), exports them, and the export re-imports unchanged', async () => {
    const file = await buildXlsx(SHEET, HEADER, [
      [RULE.name, '2019-05', null, 18, '青石村', '一号镇', null, 17],
      [RULE.ranking, '2019-05', null, 18, '白沙村', 'XZ01', null, 18],
      [RULE.ranking, '2019年二季度', '2019-06-30', 18, '东岭村', 'XZ02', null, 18],
    ]);
    const res = await postXlsx(ctx, 'office', 'rankings', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'rankings', year: 2019, imported: 3, created: 3, updated: 0 });
    const list = (await ctx.injectAs('office', { method: 'GET', url: '/api/rankings?year=2019' })).json();
    const may = list.rankings[0].tables.find((x: { period: string }) => x.period === '2019-05');
    expect(may).toMatchObject({ size: 18, date: null });
    expect(may.places.map((p: { subUnit: string; place: number }) => `${p.subUnit}${p.place}`)).toEqual([
      '青石村17',
      '白沙村18',
    ]);
    const exported = await getXlsx(ctx, 'office', '/api/excel/rankings?year=2019');
    const sheet = (await readXlsx(exported)).values(SHEET);
    expect(sheet[0]).toEqual(HEADER);
    expect(sheet.find((r) => r[1] === '2019年二季度')).toEqual([
      RULE.ranking,
      '2019年二季度',
      '2019-06-30',
      18,
      '东岭村',
      'XZ02',
      '二号乡',
      18,
    ]);
    const again = await postXlsx(ctx, 'office', 'rankings', exported, { year: 2019 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: sheet.length - 1 });
  });
});
