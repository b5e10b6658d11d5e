import { explainAll } from '@yardstick/engine';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reports, resultReviews, resultSnapshots, units, unitSuccessions } from '../src/db/schema';
import { unitHistory } from '../src/modules/feedback/service';
import { collectInputs } from '../src/modules/results/collect';
import { computeCollected, plain, snapshotDigest } from '../src/modules/results/service';
import { createTestContext, type TestContext } from './helpers';
import { publishYear as publishScheme } from './inyear-fixture';
import { followupDoc, publishFollowupCounty, type Followup } from './yearend-followup-fixture';

let ctx: TestContext;
let f: Followup;
beforeAll(async () => {
  ctx = await createTestContext();
  f = await publishFollowupCounty(ctx.handle.db, ctx.county);
}, 120_000);
afterAll(() => ctx.close());

const db = () => ctx.handle.db;
const tenantId = () => ctx.county.tenantId;

/** The 2018 snapshot's digest recomputed from today's inputs (as a re-publication would compute it). */
async function recomputed2018() {
  const [snap] = await db()
    .select()
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId()), eq(resultSnapshots.year, 2018)))
    .orderBy(desc(resultSnapshots.seq));
  if (!snap) throw new Error('no snapshot');
  const c = await collectInputs(db(), tenantId(), 2018);
  const { results } = computeCollected(c);
  if (!results || !c.document) throw new Error(`blocked: ${JSON.stringify(c.blockers)}`);
  const digest = snapshotDigest({
    tenantId: snap.tenantId,
    year: snap.year,
    seq: snap.seq,
    schemeVersionId: snap.schemeVersionId,
    engineVersion: snap.engineVersion,
    inputs: plain({ schemeVersionNo: c.schemeVersionNo, scheme: c.document.engine, dataset: c.dataset }),
    results: plain({ results, explanations: explainAll(results) }),
  });
  return { stored: snap.digest, digest, inputsDigest: c.inputsDigest, blockers: c.blockers };
}

const post = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', {
    method: 'POST',
    url: '/api/unit-successions',
    headers: { 'accept-language': lang },
    payload,
  });
const unitByCode = async (code: string) => {
  const [u] = await db()
    .select()
    .from(units)
    .where(and(eq(units.tenantId, tenantId()), eq(units.code, code)));
  if (!u) throw new Error(code);
  return u;
};
const successionCount = async () =>
  (await db().select().from(unitSuccessions).where(eq(unitSuccessions.tenantId, tenantId()))).length;

describe('published years never change', () => {
  it('recomputing 2018 after adding and retiring units gives the same inputs and snapshot digests', async () => {
    const before = await recomputed2018();
    expect(before.digest).toBe(before.stored);
    const [review] = await db()
      .select()
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, tenantId()), eq(resultReviews.year, 2018)));
    expect(before.inputsDigest).toBe(review?.inputsDigest);

    // A unit added today starts after the last published year.
    const added = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: { code: 'XZ05', name: '五号镇', kind: 'township', groupId: ctx.county.groups.township },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ validFrom: '2019-01-01', validTo: null, active: true });
    // A unit retired today is still one of 2018's.
    const xz02 = await unitByCode('XZ02');
    const retired = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${xz02.id}`,
      payload: { version: xz02.version, active: false },
    });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().validTo).not.toBeNull();

    const after = await recomputed2018();
    expect(after.blockers).toEqual([]);
    expect(after.inputsDigest).toBe(before.inputsDigest);
    expect(after.digest).toBe(before.stored);
  });

  it('refuses a validity that would change a published year, and a unit started inside one', async () => {
    const zf02 = await unitByCode('ZF02');
    const res = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${zf02.id}`,
      payload: { version: zf02.version, validFrom: '2019-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('这样修改会改变已公布的 2018 年度考核对象（县财政局）；已公布的年度不能改变');
    expect((await unitByCode('ZF02')).validFrom).toBeNull();
    // in force at 2018's end either way: allowed
    const ok = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${zf02.id}`,
      payload: { version: zf02.version, validFrom: '2018-06-01' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const created = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: {
        code: 'ZF09',
        name: '县九局',
        kind: 'department',
        groupId: ctx.county.groups.department,
        validFrom: '2018-01-01',
      },
    });
    expect(created.statusCode).toBe(409);
  });
});

describe('retiring a unit with open reports', () => {
  it('is refused with the count, and nothing changes', async () => {
    const xz01 = await unitByCode('XZ01');
    await db().insert(reports).values({
      tenantId: tenantId(),
      year: 2019,
      unitId: xz01.id,
      indicatorId: 't-a',
      nodeId: '',
      status: 'submitted',
    });
    const res = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${xz01.id}`,
      payload: { version: xz01.version, active: false },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('UNIT_OPEN_REPORTS');
    expect(res.json().error.message).toContain('考核对象“一号镇”还有 1 份未办结的报送');
    const now = await unitByCode('XZ01');
    expect(now).toMatchObject({ active: true, validTo: null, version: xz01.version });
  });
});

describe('successions (机构改革)', () => {
  it('refuses bad shapes in the caller language', async () => {
    const xz03 = await unitByCode('XZ03');
    const xz05 = await unitByCode('XZ05');
    const one = await post({
      kind: 'merge',
      effectiveOn: '2019-07-01',
      pairs: [{ fromUnitId: xz03.id, toUnitId: xz05.id, carries: [] }],
    });
    expect(one.statusCode).toBe(400);
    expect(one.json().error.details).toEqual([
      { path: 'pairs', message: '合并须有两个及以上被合并单位，分设和更名须有一个原单位' },
    ]);
    const self = await post(
      { kind: 'rename', effectiveOn: '2019-07-01', pairs: [{ fromUnitId: xz03.id, toUnitId: xz03.id }] },
      'en',
    );
    expect(self.json().error.details).toEqual([{ path: 'pairs', message: 'A unit cannot succeed itself' }]);
    expect(await successionCount()).toBe(0);
  });

  it('refuses a succession dated inside a published year', async () => {
    const zf01 = await unitByCode('ZF01');
    const zf02 = await unitByCode('ZF02');
    const res = await post({
      kind: 'rename',
      effectiveOn: '2018-06-01',
      pairs: [{ fromUnitId: zf01.id, toUnitId: zf02.id, carries: [] }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('UNIT_PUBLISHED_YEAR');
    expect(await successionCount()).toBe(0);
  });

  it('merges two units mid-year: they end the day before, the successor takes reports and the rank history', async () => {
    const [xz03, xz04, xz05] = await Promise.all([unitByCode('XZ03'), unitByCode('XZ04'), unitByCode('XZ05')]);
    await db().insert(reports).values({
      tenantId: tenantId(),
      year: 2019,
      unitId: xz04.id,
      indicatorId: 't-b',
      nodeId: '',
      status: 'draft',
    });
    // XZ04's open report is not carried: refused, nothing written.
    const refused = await post({
      kind: 'merge',
      effectiveOn: '2019-07-01',
      pairs: [
        { fromUnitId: xz03.id, toUnitId: xz05.id, carries: [] },
        { fromUnitId: xz04.id, toUnitId: xz05.id, carries: ['history'] },
      ],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('UNIT_OPEN_REPORTS');
    expect(await successionCount()).toBe(0);

    const res = await post({
      kind: 'merge',
      effectiveOn: '2019-07-01',
      note: '乡镇区划调整',
      pairs: [
        { fromUnitId: xz03.id, toUnitId: xz05.id, carries: [] },
        { fromUnitId: xz04.id, toUnitId: xz05.id, carries: ['history', 'reports', 'records'] },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ moved: { reports: 1, records: 0 }, kept: 0 });
    expect(res.json().items).toHaveLength(2);
    expect(await unitByCode('XZ03')).toMatchObject({ validTo: '2019-06-30', active: false });
    expect(await unitByCode('XZ04')).toMatchObject({ validTo: '2019-06-30', active: false });
    const [moved] = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId()), eq(reports.indicatorId, 't-b'), eq(reports.year, 2019)));
    expect(moved?.unitId).toBe(xz05.id);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId()), eq(auditLog.action, 'unit.succession')));
    expect(audit[0]?.summary).toBe('机构调整（合并）：三号镇、四号乡 → 五号镇，自 2019-07-01 起');
    const list = await ctx.injectAs('leader', { method: 'GET', url: '/api/unit-successions' });
    expect(list.json().total).toBe(2);

    // The feedback's rank history of XZ05 continues XZ04's: 2017 (history) and 2018 (published, rank 4).
    const history = await unitHistory(db(), tenantId(), 'XZ05');
    expect(history.map((h) => [h.year, h.rank, h.tier])).toEqual([
      [2017, 4, 'poor'],
      [2018, 4, 'poor'],
    ]);
    // 2019's assessment: the merged units are gone, XZ05 carries XZ04's last rank and tiers.
    await publishScheme(db(), tenantId(), followupDoc(2019));
    const c = await collectInputs(db(), tenantId(), 2019);
    const codes = c.dataset.units.map((u) => u.id);
    expect(codes).toContain('XZ05');
    expect(codes).not.toContain('XZ03');
    expect(codes).not.toContain('XZ04');
    expect(c.dataset.units.find((u) => u.id === 'XZ05')).toMatchObject({
      lastRank: 4,
      history: [
        { year: 2018, tier: 'poor' },
        { year: 2017, tier: 'poor' },
      ],
    });
    // and 2018 is still what was published
    const again = await recomputed2018();
    expect(again.digest).toBe(again.stored);
  });

  it('refuses a cycle and a unit succeeded twice; nothing is written', async () => {
    const [xz04, xz05, xz01] = await Promise.all([unitByCode('XZ04'), unitByCode('XZ05'), unitByCode('XZ01')]);
    const n = await successionCount();
    const cycle = await post({
      kind: 'rename',
      effectiveOn: '2019-09-01',
      pairs: [{ fromUnitId: xz05.id, toUnitId: xz04.id, carries: ['history'] }],
    });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error.message).toBe('机构调整形成循环：五号镇 → 四号乡 → 五号镇；一个单位不能（间接）承接自己');
    const twice = await post({
      kind: 'rename',
      effectiveOn: '2019-09-01',
      pairs: [{ fromUnitId: xz04.id, toUnitId: xz01.id, carries: [] }],
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('SUCCESSION_OVERLAP');
    expect(twice.json().error.message).toBe(
      '机构调整与单位的存续期重叠：“四号乡”已于 2019-07-01 调整（被合并、分设或更名），不能再次调整',
    );
    // a successor that starts after the day
    const zf01 = await unitByCode('ZF01');
    const late = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: {
        code: 'ZF10',
        name: '县十局',
        kind: 'department',
        groupId: ctx.county.groups.department,
        validFrom: '2020-01-01',
      },
    });
    expect(late.statusCode, late.body).toBe(201);
    const overlap = await post(
      { kind: 'rename', effectiveOn: '2019-10-01', pairs: [{ fromUnitId: zf01.id, toUnitId: late.json().id }] },
      'en',
    );
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.message).toContain('The succession overlaps in time');
    expect(await successionCount()).toBe(n);
    expect(f.units.XZ01).toBe(xz01.id);
  });
});
