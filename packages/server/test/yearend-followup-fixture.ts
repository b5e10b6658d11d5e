/**
 * A small county published through the real year-end pipeline (modules/results: compute → leader approval →
 * publish), with scores simple enough to check by hand. Used by the feedback / appeals / rectification /
 * results-use / dashboards tests.
 *
 * Township group (4 units), one block 发展 (weight = its points, 100), two manual indicators:
 *
 *   unit   t-a (/60)  t-b (/40)  composite   rank  natural tier   final tier
 *   XZ01     55         38         93         1     好 good        好
 *   XZ02     50         30         80         2     较好 fair      一般 (veto 廉政: barred from the top two tiers)
 *   XZ03     42         36         78         3     一般 average   一般 (no refill)
 *   XZ04     30         20         50         4     较差 poor      较差
 *
 *   t-a: average (55+50+42+30)/4 = 44.25, best 55;  t-b: average (38+30+36+20)/4 = 31, best 38;
 *   composite average (93+80+78+50)/4 = 75.25, best 93.
 *
 * Government group (2 units), indicators g-a (/60), g-b (/40), both 60 and 40 for everyone except:
 *   ZF01 60 + 40 = 100 rank 1, natural 好, discipline case → 较好 (downgraded);  ZF02 60 + 30 = 90 rank 2, 较好.
 *   g-a gives every unit full marks: a non-discriminating indicator, owner ZF01.
 *
 * Tiers by count: 好 1, 较好 1, 一般 1, 较差 the rest; awards for 好 and 较好; refill off.
 * 2017 (result_history): XZ04 较差 → with 2018 较差 the rule "bottom-twice" names it.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { reports, resultHistory, unitRecords, units, users } from '../src/db/schema';
import type { Actor } from '../src/modules/auth/actor';
import type { Role } from '../src/modules/auth/roles';
import { approveYear, computeYear, getReview, publishYear as publishResults } from '../src/modules/results/service';
import { parseDocument } from '../src/modules/schemes/document';
import type { County } from './factories';
import { publishYear as publishScheme } from './inyear-fixture';

export const YEAR = 2018;

export const SCORES: Record<string, [number, number]> = {
  XZ01: [55, 38],
  XZ02: [50, 30],
  XZ03: [42, 36],
  XZ04: [30, 20],
  ZF01: [60, 40],
  ZF02: [60, 30],
};

export function followupDoc(year = YEAR) {
  const manual = (id: string, name: string, points: number, assessorId: string) => ({
    id,
    name,
    points,
    assessorId,
    method: { kind: 'manual', min: 0, max: points },
  });
  const meta = { evidence: { rule: 'none', fileTypes: [] } };
  return parseDocument({
    engine: {
      id: `followup-${year}`,
      year,
      groups: [
        {
          id: 'township',
          name: '乡镇',
          blocks: [
            {
              id: 'dev',
              name: '发展',
              indicators: [manual('t-a', '招商引资', 60, 'ZF02'), manual('t-b', '安全生产', 40, 'ZF01')],
            },
          ],
        },
        {
          id: 'government',
          name: '政府部门',
          blocks: [
            {
              id: 'work',
              name: '业务工作',
              indicators: [manual('g-a', '政务公开', 60, 'ZF01'), manual('g-b', '依法行政', 40, 'ZF02')],
            },
          ],
        },
      ],
      vetoes: [{ id: 'clean', name: '党风廉政建设', effect: { kind: 'barTopTiers', n: 2 } }],
      tiering: {
        tiers: [
          { id: 'good', name: '好', count: 1, award: true },
          { id: 'fair', name: '较好', count: 1, award: true },
          { id: 'average', name: '一般', count: 1 },
          { id: 'poor', name: '较差' },
        ],
        refill: false,
      },
      resultsUse: { consecutive: [{ id: 'bottom-twice', tiers: ['poor'], years: 2, action: '连续两年较差：约谈' }] },
    },
    meta: {
      indicators: { 't-a': meta, 't-b': meta, 'g-a': meta, 'g-b': meta },
    },
  });
}

export interface Followup {
  units: Record<string, string>;
  actors: Record<Role, Actor>;
}

export async function actorOfRole(db: Database, county: County, role: Role): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.id, county.userIds[role]));
  if (!u) throw new Error('no user');
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role,
    tenantId: county.tenantId,
    tenantName: '测试县',
    unitId: u.unitId,
    unitName: null,
    ip: null,
    mustChangePassword: false,
    mustEnrollTotp: false,
  };
}

/** Adds XZ03/XZ04, the scheme, approved reports with the assessor's scores, the records; publishes 2018. */
export async function publishFollowupCounty(db: Database, county: County): Promise<Followup> {
  await db.insert(units).values([
    {
      tenantId: county.tenantId,
      code: 'XZ03',
      name: '三号镇',
      kind: 'township',
      groupId: county.groups.township,
      sortOrder: 3,
    },
    {
      tenantId: county.tenantId,
      code: 'XZ04',
      name: '四号乡',
      kind: 'township',
      groupId: county.groups.township,
      sortOrder: 4,
    },
  ]);
  const all = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(eq(units.tenantId, county.tenantId));
  const ids = Object.fromEntries(all.map((u) => [u.code, u.id]));
  await publishScheme(db, county.tenantId, followupDoc());
  const rows = [];
  for (const [code, [a, b]] of Object.entries(SCORES)) {
    const [i1, i2] = code.startsWith('XZ') ? ['t-a', 't-b'] : ['g-a', 'g-b'];
    for (const [indicatorId, score] of [
      [i1, a],
      [i2, b],
    ] as const) {
      rows.push({
        tenantId: county.tenantId,
        year: YEAR,
        unitId: ids[code] ?? '',
        indicatorId,
        nodeId: '',
        status: 'approved',
        assessorScore: score,
        scoreReason: '年终考核评分',
        reviewedAt: new Date(),
      });
    }
  }
  await db.insert(reports).values(rows);
  await db.insert(unitRecords).values([
    {
      tenantId: county.tenantId,
      year: YEAR,
      unitId: ids.XZ02 ?? '',
      kind: 'veto',
      ruleId: 'clean',
      title: '党风廉政建设问题',
    },
    { tenantId: county.tenantId, year: YEAR, unitId: ids.ZF01 ?? '', kind: 'discipline', title: '干部违纪' },
  ]);
  await db.insert(resultHistory).values([
    { tenantId: county.tenantId, year: YEAR - 1, unitId: ids.XZ04 ?? '', rank: 4, tier: 'poor', source: 'test' },
    { tenantId: county.tenantId, year: YEAR - 1, unitId: ids.XZ03 ?? '', rank: 3, tier: 'poor', source: 'test' },
  ]);
  const actors = {} as Record<Role, Actor>;
  for (const role of ['office', 'leader', 'unit', 'assessor', 'sysadmin', 'secadmin', 'auditor'] as const) {
    actors[role] = await actorOfRole(db, county, role);
  }
  const computed = await computeYear(db, actors.office, YEAR);
  if (computed.blockers.length > 0) throw new Error(`blockers: ${JSON.stringify(computed.blockers)}`);
  let review = await getReview(db, actors.office, YEAR);
  await approveYear(db, actors.leader, YEAR, { version: review.review?.version ?? 0 });
  review = await getReview(db, actors.office, YEAR);
  await publishResults(db, actors.office, YEAR, { version: review.review?.version ?? 0 });
  return { units: ids, actors };
}

/** The office corrects a score (as it would before accepting an appeal about it). */
export async function correctScore(db: Database, county: County, unitId: string, indicatorId: string, score: number) {
  await db
    .update(reports)
    .set({ assessorScore: score, scoreReason: '申诉复核后更正' })
    .where(
      and(
        eq(reports.tenantId, county.tenantId),
        eq(reports.year, YEAR),
        eq(reports.unitId, unitId),
        eq(reports.indicatorId, indicatorId),
      ),
    );
}
