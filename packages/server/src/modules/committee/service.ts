/**
 * R31 — the office reports to the county committee (及时向县委报告有关情况): for a month, a quarter, a half-year or
 * the year, where the year stands stage by stage; the city's and the county's red-lit indicators and nodes with the
 * units involved; the units falling behind; red-light answers and supervision items overdue; evaluation turnout; and
 * a table by unit (the Word document's attachment). Read from the stages' own tables; nothing here is stored except
 * the register of the reports issued (their number and the figures they stated).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  cityIndicatorNodes,
  cityIndicators,
  committeeReports,
  lightHistory,
  redLightItems,
  supervisionItems,
  tenants,
} from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { redLightCounts } from '../city/results';
import { countyIdentity } from '../counties/service';
import { unitDirectory } from '../feedback/published';
import { yearToday } from '../lights/clock';
import { YEAR_STEPS, yearProgress } from '../overview/progress';
import { loadYearScheme } from '../reports/cells';
import type { CommitteeReport, CommitteeReportInfo, PeriodQuery } from './schemas';

export const PERIODS = ['month', 'quarter', 'half', 'year'] as const;
export type Period = (typeof PERIODS)[number];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The days of a period (both ends included) and its Chinese name: 2019 quarter 2 → 2019-04-01 … 2019-06-30, 第二季度. */
export function periodRange(year: number, period: Period, index: number): { from: string; to: string; label: string } {
  const max = { month: 12, quarter: 4, half: 2, year: 1 }[period];
  if (!Number.isInteger(index) || index < 1 || index > max) throw new AppError('COMMITTEE_PERIOD_INVALID', { max });
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[period];
  const first = (index - 1) * months + 1;
  const last = first + months - 1;
  const cn = ['一', '二', '三', '四'];
  const label =
    period === 'month'
      ? `${index}月`
      : period === 'quarter'
        ? `第${cn[index - 1] ?? index}季度`
        : period === 'half'
          ? index === 1
            ? '上半年'
            : '下半年'
          : '全年';
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`, label };
}

/** Units falling behind: at least this many red nodes in the period, or anything overdue (docs/committee.md). */
export const LAGGARD_RED_NODES = 2;

export async function committeeReport(db: Database, actor: Actor, q: PeriodQuery): Promise<CommitteeReport> {
  const t = actor.tenantId;
  const { year, period, index } = q;
  const range = periodRange(year, period, index);
  // "As of": the period's last day, or the county-year's today when the period is not over yet.
  const today = await yearToday(db, t, year);
  const asOf = today < range.to ? (today < range.from ? range.from : today) : range.to;
  const [[tenant], dir, ys, progress, counts] = await Promise.all([
    db
      .select({
        name: tenants.name,
        issuingOrgan: tenants.issuingOrgan,
        docNumberPattern: tenants.docNumberPattern,
        signatureOrgan: tenants.signatureOrgan,
      })
      .from(tenants)
      .where(eq(tenants.id, t)),
    unitDirectory(db, t),
    loadYearScheme(db, t, year),
    yearProgress(db, actor, year),
    redLightCounts(db, t, { from: range.from, to: asOf }),
  ]);
  const unitName = (id: string) => dir.byId.get(id)?.name ?? id;
  const identity = countyIdentity(tenant ?? { name: '' });

  // The city's red nodes in the period, with their indicator and the responsible units.
  const cityRed = await db
    .select({
      code: cityIndicators.code,
      indicator: cityIndicators.name,
      unitIds: cityIndicators.unitIds,
      node: cityIndicatorNodes.name,
      due: cityIndicatorNodes.due,
      lightOn: cityIndicatorNodes.lightOn,
    })
    .from(cityIndicatorNodes)
    .innerJoin(cityIndicators, eq(cityIndicators.id, cityIndicatorNodes.cityIndicatorId))
    .where(
      and(
        eq(cityIndicators.tenantId, t),
        eq(cityIndicatorNodes.light, 'red'),
        sql`coalesce(${cityIndicatorNodes.lightOn}, ${cityIndicatorNodes.due}) between ${range.from} and ${asOf}`,
      ),
    )
    .orderBy(asc(cityIndicators.code), asc(cityIndicatorNodes.due));

  // The county's own red nodes in the period (light changes to red), by indicator.
  const countyRed = await db
    .selectDistinct({ unitId: lightHistory.unitId, indicatorId: lightHistory.indicatorId, nodeId: lightHistory.nodeId })
    .from(lightHistory)
    .where(
      and(
        eq(lightHistory.tenantId, t),
        eq(lightHistory.year, year),
        eq(lightHistory.light, 'red'),
        sql`${lightHistory.day} between ${range.from} and ${asOf}`,
      ),
    );
  const byIndicator = new Map<string, { nodes: Set<string>; units: Set<string> }>();
  const redByUnit = new Map<string, number>();
  for (const r of countyRed) {
    const e = byIndicator.get(r.indicatorId) ?? { nodes: new Set<string>(), units: new Set<string>() };
    e.nodes.add(`${r.unitId}|${r.nodeId}`);
    e.units.add(r.unitId);
    byIndicator.set(r.indicatorId, e);
    redByUnit.set(r.unitId, (redByUnit.get(r.unitId) ?? 0) + 1);
  }
  const countyItems = [...byIndicator.entries()]
    .map(([indicatorId, e]) => ({
      indicatorId,
      indicatorName: ys?.leaves.get(indicatorId)?.name ?? indicatorId,
      nodes: e.nodes.size,
      units: [...e.units].map(unitName).sort((a, b) => a.localeCompare(b, 'zh-CN')),
    }))
    .sort((a, b) => b.nodes - a.nodes || (a.indicatorId < b.indicatorId ? -1 : 1));

  // Red-light answers overdue: open or returned, due before today and by the period's end.
  const answers = await db
    .select({
      unitId: redLightItems.unitId,
      title: redLightItems.title,
      source: redLightItems.source,
      answerDue: redLightItems.answerDue,
      status: redLightItems.status,
    })
    .from(redLightItems)
    .where(
      and(
        eq(redLightItems.tenantId, t),
        eq(redLightItems.year, year),
        inArray(redLightItems.status, ['open', 'returned']),
        // overdue on the day of the report, and due by the period's end (a later period's item is not this one's)
        sql`${redLightItems.answerDue} < ${today}`,
        sql`${redLightItems.answerDue} <= ${range.to}`,
      ),
    )
    .orderBy(asc(redLightItems.answerDue));
  // Supervision items overdue: not done, due before today and by the period's end.
  const supervision = await db
    .select({
      ownerUnitId: supervisionItems.ownerUnitId,
      title: supervisionItems.title,
      deadline: supervisionItems.deadline,
      progress: supervisionItems.progress,
      status: supervisionItems.status,
    })
    .from(supervisionItems)
    .where(
      and(
        eq(supervisionItems.tenantId, t),
        eq(supervisionItems.year, year),
        // not done, past its deadline on the day of the report, and due by the period's end
        inArray(supervisionItems.status, ['overdue', 'ongoing']),
        sql`${supervisionItems.deadline} < ${today}`,
        sql`${supervisionItems.deadline} <= ${range.to}`,
      ),
    )
    .orderBy(asc(supervisionItems.deadline));

  const overdueByUnit = new Map<string, number>();
  for (const a of answers) overdueByUnit.set(a.unitId, (overdueByUnit.get(a.unitId) ?? 0) + 1);
  const supByUnit = new Map<string, number>();
  for (const s of supervision) supByUnit.set(s.ownerUnitId, (supByUnit.get(s.ownerUnitId) ?? 0) + 1);
  const cityByUnit = new Map<string, number>();
  for (const c of cityRed) for (const u of c.unitIds) cityByUnit.set(u, (cityByUnit.get(u) ?? 0) + 1);

  const table = dir.list
    .map((u) => ({
      unitId: u.id,
      unitName: u.name,
      groupName: u.groupName,
      redNodes: redByUnit.get(u.id) ?? 0,
      cityRedNodes: cityByUnit.get(u.id) ?? 0,
      overdueAnswers: overdueByUnit.get(u.id) ?? 0,
      overdueSupervision: supByUnit.get(u.id) ?? 0,
    }))
    .filter((r) => r.redNodes + r.cityRedNodes + r.overdueAnswers + r.overdueSupervision > 0);
  const laggards = table
    .filter((r) => r.redNodes + r.cityRedNodes >= LAGGARD_RED_NODES || r.overdueAnswers + r.overdueSupervision > 0)
    .sort(
      (a, b) =>
        b.redNodes +
          b.cityRedNodes +
          b.overdueAnswers +
          b.overdueSupervision -
          (a.redNodes + a.cityRedNodes + a.overdueAnswers + a.overdueSupervision) ||
        a.unitName.localeCompare(b.unitName, 'zh-CN'),
    );

  const turnout = progress.evaluation?.turnout ?? null;
  return {
    year,
    period,
    index,
    label: `${year}年${range.label}`,
    from: range.from,
    to: range.to,
    asOf,
    county: { name: tenant?.name ?? '', ...identity },
    stages: {
      current: progress.current,
      steps: YEAR_STEPS.map((step, i) => ({ step, done: progress.current === -1 || i < progress.current })),
      schemePublished: progress.scheme.published,
      reports: progress.reports,
      lights: progress.lights,
      redLightItems: progress.redLightItems,
      resultsPublished: progress.results.published !== null,
    },
    redLights: {
      city: { ...counts.city, sentence: counts.city.sentence['zh-CN'], sentenceEn: counts.city.sentence.en },
      county: { ...counts.county, sentence: counts.county.sentence['zh-CN'], sentenceEn: counts.county.sentence.en },
      cityItems: cityRed.map((c) => ({
        code: c.code,
        indicatorName: c.indicator,
        nodeName: c.node,
        day: c.lightOn ?? c.due,
        units: c.unitIds.map(unitName),
      })),
      countyItems,
    },
    laggards: laggards.map((r) => ({
      unitName: r.unitName,
      groupName: r.groupName,
      redNodes: r.redNodes,
      cityRedNodes: r.cityRedNodes,
      overdueAnswers: r.overdueAnswers,
      overdueSupervision: r.overdueSupervision,
    })),
    overdueAnswers: answers.map((a) => ({
      unitName: unitName(a.unitId),
      title: a.title,
      source: a.source,
      answerDue: a.answerDue,
      status: a.status,
    })),
    overdueSupervision: supervision.map((s) => ({
      unitName: unitName(s.ownerUnitId),
      title: s.title,
      deadline: s.deadline,
      progress: s.progress,
      status: s.status,
    })),
    evaluation: progress.evaluation
      ? {
          status: progress.evaluation.status,
          used: turnout?.used ?? 0,
          total: turnout?.total ?? 0,
        }
      : null,
    table: table.map(({ unitId: _unitId, ...r }) => r),
  };
}

/** The number series of reports to the committee: the county's pattern with 报 before 〔 (县考核办报〔2019〕3号). */
export function reportNumberPattern(pattern: string): string {
  return pattern.includes('〔') && !pattern.includes('报〔') ? pattern.replace('〔', '报〔') : pattern;
}

/** Issues a report: records it with the next number of the issuing year, audited; returns the register entry. */
export async function issueCommitteeReport(
  db: Database,
  actor: Actor,
  q: PeriodQuery,
  /** The seed's day of issue (the demo's calendar); the API always issues on the county-year's today. */
  day?: string,
): Promise<{ info: CommitteeReportInfo; report: CommitteeReport }> {
  const report = await committeeReport(db, actor, q);
  // The county-year's today: the server's day, or the day the scheme pins (the demo's 2019 lives on 2019-07-15).
  const issuedOn = day ?? (await yearToday(db, actor.tenantId, q.year, shanghaiDay()));
  const issuedYear = Number(issuedOn.slice(0, 4));
  const info = await db.transaction(async (tx) => {
    // One number per county and issuing year; the unique index refuses a concurrent duplicate.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`committee:${actor.tenantId}`}))`);
    const [last] = await tx
      .select({ seq: committeeReports.seq })
      .from(committeeReports)
      .where(and(eq(committeeReports.tenantId, actor.tenantId), eq(committeeReports.issuedYear, issuedYear)))
      .orderBy(desc(committeeReports.seq))
      .limit(1);
    const seq = (last?.seq ?? 0) + 1;
    const [row] = await tx
      .insert(committeeReports)
      .values({
        tenantId: actor.tenantId,
        year: q.year,
        period: q.period,
        periodIndex: q.index,
        periodFrom: report.from,
        periodTo: report.to,
        issuedYear,
        seq,
        issuedOn,
        summary: report,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    const entry = presentInfo(row, report.county.docNumberPattern);
    await recordAudit(tx, actor, {
      action: 'committee.report',
      entityType: 'committee_report',
      entityId: row.id,
      summary: `向县委报告考核工作情况：${report.label}（${entry.docNumber}）`,
      after: { year: q.year, period: q.period, index: q.index, docNumber: entry.docNumber },
    });
    return entry;
  });
  return { info, report };
}

function presentInfo(row: typeof committeeReports.$inferSelect, pattern: string): CommitteeReportInfo {
  const summary = row.summary as { label?: string };
  return {
    id: row.id,
    year: row.year,
    period: row.period as Period,
    index: row.periodIndex,
    label: summary.label ?? '',
    from: row.periodFrom,
    to: row.periodTo,
    issuedOn: row.issuedOn,
    seq: row.seq,
    docNumber: documentNumberOf(pattern, row.issuedYear, row.seq),
  };
}

function documentNumberOf(pattern: string, year: number, seq: number): string {
  return reportNumberPattern(pattern).replaceAll('{year}', String(year)).replaceAll('{n}', String(seq));
}

/** The register of reports issued, newest first. */
export async function listCommitteeReports(
  db: Database,
  actor: Actor,
  q: { year?: number | undefined },
): Promise<CommitteeReportInfo[]> {
  const [tenant] = await db
    .select({ name: tenants.name, docNumberPattern: tenants.docNumberPattern })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  const pattern = countyIdentity(tenant ?? { name: '' }).docNumberPattern;
  const rows = await db
    .select()
    .from(committeeReports)
    .where(
      and(
        eq(committeeReports.tenantId, actor.tenantId),
        q.year !== undefined ? eq(committeeReports.year, q.year) : undefined,
      ),
    )
    .orderBy(desc(committeeReports.issuedYear), desc(committeeReports.seq));
  return rows.map((r) => presentInfo(r, pattern));
}

/** The .docx of an issued report, from the figures it stated when it was issued (the same file every time). */
export async function committeeReportFile(
  db: Database,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; body: Buffer }> {
  const [row] = await db
    .select()
    .from(committeeReports)
    .where(and(eq(committeeReports.tenantId, actor.tenantId), eq(committeeReports.id, id)));
  if (!row) throw notFound('考核工作情况报告', 'Committee report');
  const report = row.summary as CommitteeReport;
  const info = presentInfo(row, report.county.docNumberPattern);
  // docx loads with the first document, not at start (src/lib/lazy.ts)
  const { buildCommitteeReport } = await import('./document');
  const body = await buildCommitteeReport({ report, docNumber: info.docNumber, day: info.issuedOn });
  return { fileName: `关于${report.label}全县实绩考核工作情况的报告.docx`, body };
}
