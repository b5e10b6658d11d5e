/**
 * Feedback, dashboards, rectification findings and appeals on a small county with per-unit feature indicators
 * (特色指标, `appliesTo` one unit), a capped bonus category, a year before the platform (result_history) and an
 * appeal that notifies the office.
 *
 * Township group (3 units), one block 发展:
 *
 *   unit   t-a (/60)  f-1 (/10, XZ01 only)  f-2 (/10, XZ02 only)
 *   XZ01     50          6                    —
 *   XZ02     40          —                    9
 *   XZ03     20          —                    —
 *
 *   t-a: average (50+40+20)/3 = 36.67, best 50; f-1 average and best 6 (over XZ01 only); f-2 9 (XZ02 only).
 *   XZ03 is 16.67 below the average on t-a (≥ 20 % of 60): its biggest shortfall. Nobody else's feature
 *   indicator is anyone's lost points.
 *
 * Bonus 表彰奖励 (national 3, provincial 2, city 1, category cap 5): XZ01 has one of each → 6, capped to 5.
 * 2017 (result_history): XZ01 2nd 较好, XZ02 1st 好, XZ03 3rd 较差.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, reports, resultHistory, unitRecords, units } from '../src/db/schema';
import { approveYear, computeYear, getReview, publishYear as publishResults } from '../src/modules/results/service';
import { parseDocument } from '../src/modules/schemes/document';
import { createTestContext, type TestContext } from './helpers';
import { publishYear as publishScheme } from './inyear-fixture';
import { actorOfRole } from './yearend-followup-fixture';

const YEAR = 2018;
let ctx: TestContext;
let ids: Record<string, string>;

function featureDoc() {
  const manual = (id: string, name: string, points: number, appliesTo?: string[]) => ({
    id,
    name,
    points,
    assessorId: 'ZF01',
    method: { kind: 'manual', min: 0, max: points },
    ...(appliesTo ? { appliesTo } : {}),
  });
  const meta = { evidence: { rule: 'none', fileTypes: [] } };
  return parseDocument({
    engine: {
      id: `feature-${YEAR}`,
      year: YEAR,
      groups: [
        {
          id: 'township',
          name: '乡镇',
          blocks: [
            {
              id: 'dev',
              name: '发展',
              indicators: [
                manual('t-a', '招商引资', 60),
                manual('f-1', '老城更新（特色指标）', 10, ['XZ01']),
                manual('f-2', '工业园区扩区（特色指标）', 10, ['XZ02']),
              ],
            },
          ],
        },
      ],
      bonus: {
        cap: 10,
        categories: [{ id: 'commendation', name: '表彰奖励', levels: { national: 3, provincial: 2, city: 1 }, cap: 5 }],
      },
      tiering: {
        tiers: [
          { id: 'good', name: '好', count: 1 },
          { id: 'fair', name: '较好', count: 1 },
          { id: 'poor', name: '较差' },
        ],
        refill: false,
      },
    },
    meta: { indicators: { 't-a': meta, 'f-1': meta, 'f-2': meta } },
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  const tenantId = ctx.county.tenantId;
  await db
    .insert(units)
    .values({ tenantId, code: 'XZ03', name: '三号镇', kind: 'township', groupId: ctx.county.groups.township });
  const all = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId));
  ids = Object.fromEntries(all.map((u) => [u.code, u.id]));
  await publishScheme(db, tenantId, featureDoc());
  const scores: [string, string, number][] = [
    ['XZ01', 't-a', 50],
    ['XZ01', 'f-1', 6],
    ['XZ02', 't-a', 40],
    ['XZ02', 'f-2', 9],
    ['XZ03', 't-a', 20],
  ];
  await db.insert(reports).values(
    scores.map(([code, indicatorId, score]) => ({
      tenantId,
      year: YEAR,
      unitId: ids[code] ?? '',
      indicatorId,
      nodeId: '',
      status: 'approved',
      assessorScore: score,
      scoreReason: '年终考核评分',
      reviewedAt: new Date(),
    })),
  );
  await db.insert(unitRecords).values(
    (
      [
        ['national', '全国文明村镇'],
        ['provincial', '全省乡村振兴先进集体'],
        ['city', '全市安全生产先进单位'],
      ] as const
    ).map(([level, title]) => ({
      tenantId,
      year: YEAR,
      unitId: ids.XZ01 ?? '',
      kind: 'bonus',
      ruleId: 'commendation',
      level,
      title,
      issuedOn: '2018-06-01',
    })),
  );
  await db.insert(resultHistory).values([
    { tenantId, year: YEAR - 1, unitId: ids.XZ01 ?? '', rank: 2, tier: 'fair', source: 'test' },
    { tenantId, year: YEAR - 1, unitId: ids.XZ02 ?? '', rank: 1, tier: 'good', source: 'test' },
    { tenantId, year: YEAR - 1, unitId: ids.XZ03 ?? '', rank: 3, tier: 'poor', source: 'test' },
  ]);
  const office = await actorOfRole(db, ctx.county, 'office');
  const leader = await actorOfRole(db, ctx.county, 'leader');
  const computed = await computeYear(db, office, YEAR);
  if (computed.blockers.length > 0) throw new Error(`blockers: ${JSON.stringify(computed.blockers)}`);
  let review = await getReview(db, office, YEAR);
  await approveYear(db, leader, YEAR, { version: review.review?.version ?? 0 });
  review = await getReview(db, office, YEAR);
  await publishResults(db, office, YEAR, { version: review.review?.version ?? 0 });
}, 60_000);
afterAll(() => ctx.close());

const get = (role: 'office' | 'unit' | 'leader', url: string) => ctx.injectAs(role, { method: 'GET', url });
const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('feature indicators (特色指标) only where they apply', () => {
  it("XZ01's breakdown and lost points hold its own feature indicator, not XZ02's", async () => {
    const res = await get('unit', `/api/feedback?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const fb = res.json();
    expect(fb.unit.code).toBe('XZ01');
    expect(idsOf(fb.indicators).sort()).toEqual(['f-1', 't-a']);
    const ind = Object.fromEntries(fb.indicators.map((i: { id: string }) => [i.id, i]));
    expect(ind['t-a']).toMatchObject({ score: 50, average: 36.67, best: 50, lost: 10 });
    // averaged over the one unit it applies to
    expect(ind['f-1']).toMatchObject({ score: 6, average: 6, best: 6, lost: 4 });
    expect(idsOf(fb.lostPoints)).toEqual(['t-a', 'f-1']);
  });

  it('the office reading XZ02 sees f-2, not f-1; XZ03 has no feature indicator at all', async () => {
    const xz02 = (await get('office', `/api/feedback?year=${YEAR}&unitId=${ids.XZ02}`)).json();
    expect(idsOf(xz02.indicators).sort()).toEqual(['f-2', 't-a']);
    expect(idsOf(xz02.lostPoints)).toEqual(['t-a', 'f-2']);
    const xz03 = (await get('office', `/api/feedback?year=${YEAR}&unitId=${ids.XZ03}`)).json();
    expect(idsOf(xz03.indicators)).toEqual(['t-a']);
    expect(idsOf(xz03.lostPoints)).toEqual(['t-a']);
  });

  it("the unit dashboard's lost points and the county heat map leave out where an indicator does not apply", async () => {
    const unit = (await get('unit', `/api/dashboards/unit?year=${YEAR}`)).json();
    expect(idsOf(unit.lostPoints)).toEqual(['t-a', 'f-1']);
    const county = (await get('office', `/api/dashboards/county?year=${YEAR}`)).json();
    const heat = county.results.heatmap[0];
    const row = (id: string) => heat.fractions[heat.indicators.findIndex((i: { id: string }) => i.id === id)];
    const col = (code: string) => heat.units.findIndex((u: { code: string }) => u.code === code);
    expect(row('f-2')[col('XZ01')]).toBeNull();
    expect(row('f-2')[col('XZ02')]).toBe(0.9);
  });

  it('rectification: the biggest shortfall is never another unit’s feature indicator', async () => {
    const res = await get('office', `/api/rectifications/findings?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const lost = res
      .json()
      .items.filter((x: { source: string }) => x.source === 'lostPoints')
      .map((x: { unitCode: string; sourceRef: string }) => [x.unitCode, x.sourceRef]);
    expect(lost).toEqual([['XZ03', 'lost:t-a']]);
  });

  it("a unit cannot appeal another unit's feature indicator", async () => {
    const res = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/appeals',
      payload: { year: YEAR, indicatorId: 'f-2', reason: '不适用本单位' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('bonus and cap lines name the scheme’s category and level', () => {
  it('each record with its category name, level and title; the category cap with its numbers', async () => {
    const fb = (await get('unit', `/api/feedback?year=${YEAR}`)).json();
    expect(fb.result.bonus).toBe(5);
    const bonus = fb.adjustments.filter((a: { kind: string }) => a.kind === 'bonus');
    expect(bonus).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleName: '表彰奖励',
          level: 'national',
          recordTitle: '全国文明村镇',
          points: 3,
          detail: { type: 'record' },
        }),
        expect.objectContaining({ ruleName: '表彰奖励', level: 'provincial', recordTitle: '全省乡村振兴先进集体' }),
        expect.objectContaining({
          ruleName: '表彰奖励',
          points: -1,
          detail: { type: 'cap', scope: 'category', limit: 5, from: 6, to: 5 },
        }),
      ]),
    );
    expect(bonus).toHaveLength(4);
  });
});

describe('rank history includes the years before the platform (result_history)', () => {
  it('feedback and the unit dashboard list 2017 from result_history, marked as such', async () => {
    const fb = (await get('unit', `/api/feedback?year=${YEAR}`)).json();
    expect(fb.history).toEqual([
      {
        year: YEAR - 1,
        rank: 2,
        groupSize: 3,
        composite: null,
        tier: 'fair',
        tierName: '较好',
        tierIndex: 1,
        tierCount: 3,
        source: 'history',
      },
      expect.objectContaining({ year: YEAR, rank: 1, groupSize: 3, tier: 'good', source: 'platform' }),
    ]);
    const dash = (await get('unit', `/api/dashboards/unit?year=${YEAR}`)).json();
    expect(dash.history.map((h: { year: number; source: string }) => [h.year, h.source])).toEqual([
      [YEAR - 1, 'history'],
      [YEAR, 'platform'],
    ]);
  });
});

describe('appeals notify the office', () => {
  it('filing an appeal puts an appealFiled notification in the office inbox (and not the unit’s)', async () => {
    const res = await ctx.injectAs('unit', {
      method: 'POST',
      url: '/api/appeals',
      payload: { year: YEAR, indicatorId: 'f-1', reason: '特色指标评分偏低，请复核' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const appeal = res.json();
    const db = ctx.handle.db;
    const office = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.office), eq(notifications.kind, 'appealFiled')));
    expect(office).toHaveLength(1);
    expect(office[0]?.title).toContain('一号镇');
    expect(office[0]?.title).toContain('老城更新（特色指标）');
    expect(office[0]?.link).toBe(`/appeals?year=${YEAR}`);
    expect(office[0]?.dedupeKey).toBe(`appealFiled:${appeal.id}`);
    const unit = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.kind, 'appealFiled')));
    expect(unit).toHaveLength(0);
  });
});
