/**
 * The demo county's 2018 year-end: the 2018 inputs stored in the database from `demoDataset` (approved
 * year-end and node reports, final node lights, commendations / criticism / veto / discipline records, the
 * city's result, and 2017's ranks and tiers as pre-platform history), then the year computed from the
 * database, approved by the demo leader and published on the demo's calendar (below) — so the demo opens on a
 * year published in January 2019, with its bulletin. Ballots are not written here: the evaluation seed (modules/evaluation) holds the 2018 campaign.
 * Without it the 2018 compute shows the evaluation blocker and nothing is published (correct, not an error).
 *
 * Idempotent: each part checks for its own rows first. Deterministic: everything comes from `demoDataset`.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
  cityIndicators,
  lightHistory,
  lights,
  reports,
  resultHistory,
  resultReviews,
  resultSnapshots,
  unitRecords,
  units,
  users,
} from '../db/schema';
import type { Actor } from '../modules/auth/actor';
import { recomputeLights } from '../modules/lights/service';
import { cellsOf, loadYearScheme, YEAR_END } from '../modules/reports/cells';
import { approveYear, computeYear, publishYear } from '../modules/results/service';
import { demoDataset, DEMO_DATA_YEAR } from './dataset-2018';
import { DEMO_AS_OF } from './inyear-2019';

type ReportInsert = typeof reports.$inferInsert;
type LightInsert = typeof lights.$inferInsert;

/**
 * The demo's year-end calendar (Asia/Shanghai, 10:00): computed on 2019-01-11, approved by the leading group on
 * 2019-01-14 and published on 2019-01-15 — the bulletin is 县考核办〔2019〕1号 dated 2019年1月15日, and the
 * 7-day appeal window closed on 2019-01-22 (the follow-up seed files and answers the appeals inside it).
 */
export const DEMO_2018_COMPUTED_AT = new Date('2019-01-11T10:00:00+08:00');
export const DEMO_2018_APPROVED_AT = new Date('2019-01-14T10:00:00+08:00');
export const DEMO_2018_PUBLISHED_AT = new Date('2019-01-15T10:00:00+08:00');

const LIGHT_REASON: Record<string, string> = { green: 'onTrack', yellow: 'lagging', red: 'missed' };

/** Readable titles of the 2018 records (the dataset keeps only keys). */
const ACHIEVEMENT_TITLES: Record<string, string> = {
  'rural-governance-demo': '全国乡村治理示范乡镇',
  'civilised-town': '省级文明乡镇',
  'safe-town': '市级平安乡镇',
  'industrial-park-2018': '工业园区建设先进单位',
  wetland: '省级湿地保护先进单位',
  civility: '省级文明单位',
  'balanced-education': '全国义务教育均衡发展先进单位',
  jobs: '市级就业创业工作先进单位',
  'tax-service': '市级纳税服务先进单位',
};
const LEVEL_NAMES: Record<string, string> = { national: '国家级', provincial: '省级', city: '市级', county: '县级' };
const ISSUERS: Record<string, string> = { national: '国办发', provincial: '省政发', city: '市政发', county: '县政发' };
/** The achievement's own title when it names its level (省级文明乡镇), else the level in front of it. */
function bonusTitle(level: string | undefined, achievement: string | undefined): string {
  const title = ACHIEVEMENT_TITLES[achievement ?? ''] ?? '表彰';
  return /^(全国|国家级|省级|市级|县级)/.test(title) ? title : `${LEVEL_NAMES[level ?? ''] ?? ''}${title}`;
}
/** A plausible 文号 of the commending document. */
const documentNo = (level: string | undefined, n: number) => `${ISSUERS[level ?? ''] ?? '县政发'}〔2018〕${n + 10}号`;
const CRITICISM_TITLES: Record<string, string> = {
  'straw-burning': '秸秆露天焚烧被通报批评',
  'work-safety': '安全生产事故被通报批评',
};

async function inChunks<T>(rows: T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

async function actorFor(db: Database, tenantId: string, tenantName: string, username: string): Promise<Actor | null> {
  const [u] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username)));
  if (!u || (u.role !== 'office' && u.role !== 'leader')) return null;
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    tenantId,
    tenantName,
    unitId: null,
    unitName: null,
    ip: null,
    mustChangePassword: false,
    mustEnrollTotp: false,
  };
}

/** Writes the 2018 inputs (each part only when absent). Returns false when the 2018 scheme is not there. */
export async function seedYearEnd2018Inputs(db: Database, tenantId: string): Promise<boolean> {
  const year = DEMO_DATA_YEAR;
  const ys = await loadYearScheme(db, tenantId, year);
  if (!ys) return false;
  const dataset = demoDataset(
    ys.document,
    ys.units.map((u) => ({ code: u.code, name: u.name, group: u.group })),
  );
  const unitId = new Map(ys.units.map((u) => [u.code, u.id]));
  const valueOf = new Map((dataset.values ?? []).map((v) => [`${v.unitId}|${v.indicatorId}`, v]));

  await db.transaction(async (tx) => {
    // Reports and lights (the in-year seed may already have written 2018's: then they stay as they are).
    const [anyReport] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, year)))
      .limit(1);
    if (!anyReport) {
      const reviewedAt = new Date(Date.UTC(2019, 0, 8, 2));
      const rows: ReportInsert[] = [];
      const lightRows: LightInsert[] = [];
      for (const cell of cellsOf(ys)) {
        const v = valueOf.get(`${cell.unit.code}|${cell.leaf.id}`);
        const base: ReportInsert = {
          tenantId,
          year,
          unitId: cell.unit.id,
          indicatorId: cell.leaf.id,
          nodeId: cell.nodeId,
          status: 'approved',
          submittedAt: reviewedAt,
          reviewedAt,
        };
        if (cell.nodeId !== YEAR_END) {
          const light = v?.nodes?.find((n) => n.id === cell.nodeId)?.light;
          rows.push({
            ...base,
            progress: light === 'red' ? 60 : light === 'yellow' ? 85 : cell.expected,
            narrative: '按节点报送',
          });
          if (light && cell.leaf.indicator.process) {
            lightRows.push({
              tenantId,
              year,
              unitId: cell.unit.id,
              indicatorId: cell.leaf.id,
              nodeId: cell.nodeId,
              light,
              reason: LIGHT_REASON[light] ?? 'onTrack',
              due: cell.due,
            });
          }
          continue;
        }
        const events = v?.events;
        const count = events ? events.reduce((s, e) => s + (e.count ?? 1), 0) : undefined;
        rows.push({
          ...base,
          progress: 100,
          value: count ?? v?.value ?? null,
          inputs: events ? { events } : (v?.inputs ?? null),
          grade: v?.grade ?? null,
          assessorScore: v?.manual?.score ?? null,
          scoreReason: v?.manual?.reason ?? null,
          narrative: '年度完成情况',
        });
      }
      await inChunks(rows, 1000, (c) => tx.insert(reports).values(c));
      await inChunks(lightRows, 1000, (c) => tx.insert(lights).values(c));
      // Each final light as it was set on its node's due day (the red-light counts read the history).
      await inChunks(
        lightRows.map((l) => ({
          tenantId,
          year,
          unitId: l.unitId,
          indicatorId: l.indicatorId,
          nodeId: l.nodeId,
          light: l.light,
          previous: null,
          reason: l.reason,
          day: l.due,
        })),
        1000,
        (c) => tx.insert(lightHistory).values(c),
      );
    }

    // Records (加分、扣分、一票否决、违纪违法).
    const [anyRecord] = await tx
      .select({ id: unitRecords.id })
      .from(unitRecords)
      .where(and(eq(unitRecords.tenantId, tenantId), eq(unitRecords.year, year)))
      .limit(1);
    if (!anyRecord) {
      const recs: (typeof unitRecords.$inferInsert)[] = [];
      const add = (code: string, r: Omit<typeof unitRecords.$inferInsert, 'tenantId' | 'year' | 'unitId'>) => {
        const id = unitId.get(code);
        if (id) recs.push({ tenantId, year, unitId: id, ...r });
      };
      for (const b of dataset.bonuses ?? [])
        add(b.unitId, {
          kind: 'bonus',
          ruleId: b.category,
          level: b.level ?? null,
          achievementKey: b.achievement ?? null,
          title: bonusTitle(b.level, b.achievement),
          documentNo: documentNo(b.level, recs.length + 1),
          issuedOn: b.date ?? null,
          amount: b.points ?? null,
        });
      for (const d of dataset.deductions ?? [])
        add(d.unitId, {
          kind: 'deduction',
          ruleId: d.rule,
          level: d.level ?? null,
          achievementKey: d.category ?? null,
          title: `${LEVEL_NAMES[d.level ?? ''] ?? ''}${CRITICISM_TITLES[d.category ?? ''] ?? '通报批评'}`,
          documentNo: d.id,
          issuedOn: d.date ?? null,
          amount: d.points ?? null,
          count: d.count ?? 1,
          repeat: d.repeat ?? false,
        });
      for (const v of dataset.vetoes ?? [])
        add(v.unitId, {
          kind: 'veto',
          ruleId: v.rule,
          title: '脱贫攻坚一票否决',
          note: v.note ?? null,
          documentNo: v.id,
          issuedOn: v.date ?? null,
        });
      for (const k of dataset.discipline ?? [])
        add(k.unitId, {
          kind: 'discipline',
          title: '干部违纪违法',
          note: k.note ?? null,
          documentNo: k.id,
          issuedOn: k.date ?? null,
        });
      if (recs.length > 0) await tx.insert(unitRecords).values(recs);
    }

    // The city's result for the county (按市考结果折算), unless the city seed recorded it.
    const upperLeaf = new Map<string, string>();
    for (const leaf of ys.leaves.values())
      for (const m of [leaf.indicator.method, ...leaf.methodByGroup.values()])
        if (m?.kind === 'upper') upperLeaf.set(m.upperId, leaf.id);
    for (const u of dataset.upper ?? []) {
      const [has] = await tx
        .select({ id: cityIndicators.id })
        .from(cityIndicators)
        .where(
          and(eq(cityIndicators.tenantId, tenantId), eq(cityIndicators.year, year), eq(cityIndicators.code, u.upperId)),
        );
      if (has) continue;
      await tx.insert(cityIndicators).values({
        tenantId,
        year,
        code: u.upperId,
        name: '市对县综合考核',
        indicatorId: upperLeaf.get(u.upperId) ?? null,
        cityDepartment: '市考核办',
        points: u.max ?? 100,
        resultScore: u.score ?? null,
        resultMax: u.max ?? null,
        resultRank: u.rank ?? null,
      });
    }

    // 2017 (before the platform): ranks and tiers, for 进位争先 and "bottom two years running".
    const [anyHistory] = await tx
      .select({ id: resultHistory.id })
      .from(resultHistory)
      .where(and(eq(resultHistory.tenantId, tenantId), eq(resultHistory.year, year - 1)))
      .limit(1);
    if (!anyHistory) {
      const hist = dataset.units.flatMap((u) => {
        const id = unitId.get(u.id);
        const tier = u.history?.find((h) => h.year === year - 1)?.tier;
        return id && tier
          ? [
              {
                tenantId,
                year: year - 1,
                unitId: id,
                rank: u.lastRank ?? null,
                tier,
                source: '2017 年度考核结果（纸质通报录入）',
              },
            ]
          : [];
      });
      if (hist.length > 0) await tx.insert(resultHistory).values(hist);
    }
  });
  return true;
}

/**
 * Computes, approves (demo leader) and publishes 2018 when it is not published yet, and leaves a 2019 preview.
 * Returns what happened, for the seed log and tests.
 */
export async function seedYearEnd2018(
  db: Database,
  tenantId: string,
  tenantName = '',
): Promise<{ published: boolean; blockers: number }> {
  if (!(await seedYearEnd2018Inputs(db, tenantId))) return { published: false, blockers: 0 };
  const office = await actorFor(db, tenantId, tenantName, 'office');
  const leader = await actorFor(db, tenantId, tenantName, 'leader');
  if (!office || !leader) return { published: false, blockers: 0 };
  const year = DEMO_DATA_YEAR;
  let published = false;
  let blockers = 0;
  const [snap] = await db
    .select({ id: resultSnapshots.id })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, year)))
    .limit(1);
  if (snap) published = true;
  else {
    const computed = await computeYear(db, office, year, DEMO_2018_COMPUTED_AT);
    blockers = computed.blockers.length;
    if (computed.publishable) {
      const [review] = await db
        .select({ version: resultReviews.version })
        .from(resultReviews)
        .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, year)));
      const approved = await approveYear(
        db,
        leader,
        year,
        { note: '经县考核工作领导小组会议研究，同意按此结果通报', version: review?.version ?? 1 },
        DEMO_2018_APPROVED_AT,
      );
      await publishYear(db, office, year, { version: approved.review?.version ?? 0, at: DEMO_2018_PUBLISHED_AT });
      published = true;
    }
  }
  // 2019: a preview the office can look at (with its blockers), once.
  const [r2019] = await db
    .select({ id: resultReviews.id })
    .from(resultReviews)
    .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, year + 1)));
  if (!r2019) {
    const [unit] = await db
      .select({ id: units.id })
      .from(units)
      .where(inArray(units.tenantId, [tenantId]))
      .limit(1);
    // As of the in-year demo's day (seed/inyear-2019.ts). The lights first catch up with the seeds that wrote
    // reports after the in-year seed lit them, so the daily lights job (run for the pinned day) changes nothing
    // and leaves this preview valid on any clock (test/demo-clock.test.ts).
    if (unit) {
      await db.transaction((tx) => recomputeLights(tx, tenantId, year + 1, { day: DEMO_AS_OF, explicitDay: true }));
      await computeYear(db, office, year + 1, new Date(`${DEMO_AS_OF}T10:00:00+08:00`));
    }
  }
  return { published, blockers };
}
