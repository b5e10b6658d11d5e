/**
 * Results use (R26, R25): from a published year, the bonus coefficient of each unit by its tier, award
 * eligibility (vetoed and downgraded units excluded) and the accountability lists — units in the lowest tier,
 * repeated bottom places over the years (the scheme's resultsUse.consecutive rules), and the owners of indicators
 * that did not discriminate (the engine's diagnostics).
 */
import { diagnoseResults, REASON_TEXT, type Scheme } from '@yardstick/engine';
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../lib/lazy';
import type { Database } from '../../db/client';
import type { Actor } from '../auth/actor';
import { requirePublished } from '../feedback/service';
import {
  groupName,
  loadPublished,
  tierName,
  tierOf,
  tieringOf,
  unitDirectory,
  type PublishedYear,
} from '../feedback/published';
import { listPublishedYears } from '../results/read';
import { DEFAULT_TIER_COEFFICIENTS, FALLBACK_COEFFICIENT } from './config';
import { getYearSettings } from './settings';
import { recordAudit } from '../audit/service';
import { cadreRows, leaderCell } from '../cadres/files';
import type { AccountabilityScope, CoefficientSource, ResultsUse, UnitRef } from './view';

export type { AccountabilityScope, CoefficientSource, ResultsUse } from './view';

/** The year's setting, else the scheme's tier coefficient, else the module default (by tier id, then name). */
export function coefficientFor(
  scheme: Scheme,
  groupId: string,
  tierId: string,
  setting: Record<string, number> | null,
): { value: number; source: CoefficientSource } {
  const fromSetting = setting?.[tierId];
  if (fromSetting !== undefined) return { value: fromSetting, source: 'setting' };
  const tier = tierOf(scheme, groupId, tierId);
  if (tier?.coefficient !== undefined) return { value: tier.coefficient, source: 'scheme' };
  const byDefault =
    DEFAULT_TIER_COEFFICIENTS[tierId] ?? (tier?.name ? DEFAULT_TIER_COEFFICIENTS[tier.name] : undefined);
  return { value: byDefault ?? FALLBACK_COEFFICIENT, source: 'default' };
}

/** Tier per unit code and year, from every published year and the history the year's dataset carried. */
async function tierHistory(db: Database, tenantId: string, published: PublishedYear) {
  const hist = new Map<string, Map<number, string>>();
  const put = (code: string, year: number, tier: string) => {
    const m = hist.get(code) ?? new Map<number, string>();
    m.set(year, tier);
    hist.set(code, m);
  };
  for (const u of published.dataset.units) for (const h of u.history) put(u.id, h.year, h.tier);
  for (const year of await listPublishedYears(db, tenantId)) {
    if (year > published.year) continue;
    const p = year === published.year ? published : await loadPublished(db, tenantId, year);
    for (const u of p?.results.units ?? []) put(u.unitId, year, u.tier);
  }
  return hist;
}

export { ACCOUNTABILITY_SCOPES } from '../../enums';

export async function resultsUse(
  db: Database,
  actor: Actor,
  year: number,
  scope: AccountabilityScope = 'fullMarks',
): Promise<ResultsUse> {
  const published = await requirePublished(db, actor.tenantId, year);
  const { scheme, results } = published;
  const settings = await getYearSettings(db, actor.tenantId, year);
  const dir = await unitDirectory(db, actor.tenantId);
  const order = new Map(dir.list.map((u, i) => [u.code, i]));
  const groupOrder = new Map(scheme.groups.map((g, i) => [g.id, i]));
  const sorted = [...results.units].sort(
    (a, b) =>
      (groupOrder.get(a.groupId) ?? 0) - (groupOrder.get(b.groupId) ?? 0) ||
      a.rank - b.rank ||
      a.tierIndex - b.tierIndex ||
      (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0),
  );
  const ref = (u: (typeof results.units)[number]): UnitRef => {
    const info = dir.byCode.get(u.unitId);
    return {
      unitId: info?.id ?? u.unitId,
      unitCode: u.unitId,
      unitName: info?.name ?? u.unitId,
      groupId: u.groupId,
      groupName: groupName(scheme, u.groupId),
      rank: u.rank,
      composite: u.composite,
      tier: u.tier,
      tierName: tierName(scheme, u.groupId, u.tier),
      tierIndex: u.tierIndex,
    };
  };

  const coefficients = sorted.map((u) => {
    const c = coefficientFor(scheme, u.groupId, u.tier, settings.tierCoefficients);
    return { ...ref(u), coefficient: c.value, source: c.source };
  });

  const vetoNames = new Map(scheme.vetoes.map((v) => [v.id, v.name ?? v.id]));
  const eligible: UnitRef[] = [];
  const excluded: ResultsUse['awards']['excluded'] = [];
  for (const u of sorted) {
    const tiers = tieringOf(scheme, u.groupId).tiers;
    const anyAward = tiers.some((t) => t.award);
    const naturalIndex = tiers.findIndex((t) => t.id === u.naturalTier);
    // The tier the unit would have held without overrides decides whether it is in the award zone at all.
    const naturalTier = tiers[naturalIndex];
    const inZone = anyAward
      ? (naturalTier?.award ?? false) || (tiers[u.tierIndex]?.award ?? false)
      : u.tierIndex === 0 || naturalIndex === 0;
    if (!inZone) continue;
    if (u.vetoes.length > 0) {
      excluded.push({ ...ref(u), reason: 'vetoed', detail: u.vetoes.map((v) => vetoNames.get(v) ?? v).join('、') });
    } else if (naturalIndex >= 0 && u.tierIndex > naturalIndex) {
      excluded.push({
        ...ref(u),
        reason: 'downgraded',
        detail: `${tierName(scheme, u.groupId, u.naturalTier)} → ${tierName(scheme, u.groupId, u.tier)}`,
      });
    } else if (anyAward ? (tiers[u.tierIndex]?.award ?? false) : u.tierIndex === 0) {
      eligible.push(ref(u));
    }
  }

  const lowestTier = sorted.filter((u) => u.tierIndex === tieringOf(scheme, u.groupId).tiers.length - 1).map(ref);

  const hist = await tierHistory(db, actor.tenantId, published);
  const rules = scheme.resultsUse.consecutive;
  const repeatedBottom: ResultsUse['accountability']['repeatedBottom'] = [];
  for (const u of sorted) {
    const mine = hist.get(u.unitId) ?? new Map<number, string>();
    for (const rule of rules) {
      const years: { year: number; tier: string }[] = [];
      for (let k = 0; k < rule.years; k++) {
        const tier = k === 0 ? u.tier : mine.get(year - k);
        if (tier === undefined || !rule.tiers.includes(tier)) break;
        years.push({ year: year - k, tier: tierName(scheme, u.groupId, tier) });
      }
      if (years.length === rule.years) repeatedBottom.push({ ...ref(u), ruleId: rule.id, action: rule.action, years });
    }
  }

  // R25: by default the owners of indicators that gave every unit full marks; every flagged indicator (severity
  // first) is the other scope. The engine's flags list is already severity-first.
  const diag = diagnoseResults(results, scheme);
  const fullMarks = diag.flags.filter((f) => f.reasons.includes('ALL_FULL_MARKS'));
  const nonDiscriminating: ResultsUse['accountability']['nonDiscriminating'] = (
    scope === 'fullMarks' ? fullMarks : diag.flags
  ).map((f) => {
    const owner = f.assessorId ? dir.byCode.get(f.assessorId) : undefined;
    return {
      groupId: f.groupId,
      groupName: groupName(scheme, f.groupId),
      indicatorId: f.indicatorId,
      indicatorName: f.name ?? f.indicatorId,
      assessorId: f.assessorId ?? null,
      assessorName: owner?.name ?? f.assessorId ?? null,
      fullMarkRate: f.fullMarkRate,
      severity: f.severity,
      reasons: [...f.reasons],
    };
  });

  return {
    year,
    snapshotSeq: published.snapshot.seq,
    coefficients,
    awards: { eligible, excluded },
    accountability: {
      lowestTier,
      repeatedBottom,
      nonDiscriminating,
      scope,
      flaggedCount: diag.flags.length,
      fullMarksCount: fullMarks.length,
      headline: diag.headline.text.zh,
      headlineEn: diag.headline.text.en,
    },
  };
}

const SEVERITY_NAMES: Record<string, string> = { severe: '严重', high: '较重', medium: '一般' };

import type { ExportKind } from './schemas';
export { EXPORT_KINDS, type ExportKind } from './schemas';

export const EXPORT_FILE_NAMES: Record<ExportKind, string> = {
  coefficients: '考核结果运用-奖金系数',
  awards: '考核结果运用-评优资格',
  accountability: '考核结果运用-问责名单',
  cadres: '考核结果运用-干部档案',
};

const REASON_NAMES: Record<string, string> = {
  vetoed: '一票否决',
  downgraded: '降档',
};

function sheet(wb: ExcelJS.Workbook, name: string, headers: [string, number][], rows: (string | number | null)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map(([header, width]) => ({ header, width }));
  const head = ws.getRow(1);
  head.font = { bold: true, color: { argb: 'FF1F3864' } };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  head.alignment = { vertical: 'middle', horizontal: 'center' };
  for (const r of rows) ws.addRow(r);
  if (rows.length === 0) ws.addRow(['（无）']);
}

/** One workbook per use, Chinese headers, sheets named for what they list. */
export async function exportResultsUse(
  db: Database,
  actor: Actor,
  year: number,
  kind: ExportKind,
  scope: AccountabilityScope = 'fullMarks',
) {
  const use = await resultsUse(db, actor, year, scope);
  const wb = await newWorkbook();
  wb.creator = 'Yardstick 实绩考核管理平台';
  wb.created = new Date(0);
  const base: [string, number][] = [
    ['考核类别', 14],
    ['单位代码', 10],
    ['单位名称', 22],
    ['名次', 8],
    ['综合得分', 10],
    ['档次', 8],
  ];
  const cells = (u: UnitRef) => [u.groupName, u.unitCode, u.unitName, u.rank, u.composite, u.tierName];
  if (kind === 'coefficients') {
    const sourceName = { setting: '年度设置', scheme: '考核方案', default: '系统默认' };
    sheet(
      wb,
      '奖金系数',
      [...base, ['奖金系数', 10], ['系数来源', 12]],
      use.coefficients.map((u) => [...cells(u), u.coefficient, sourceName[u.source]]),
    );
  } else if (kind === 'awards') {
    sheet(wb, '评优资格', base, use.awards.eligible.map(cells));
    sheet(
      wb,
      '不具备评优资格',
      [...base, ['原因', 12], ['说明', 30]],
      use.awards.excluded.map((u) => [...cells(u), REASON_NAMES[u.reason] ?? u.reason, u.detail]),
    );
  } else if (kind === 'cadres') {
    // R35: for the organisation department's cadre files; leadership data, so the read is audited.
    const rows = await cadreRows(db, actor, use);
    sheet(
      wb,
      '考核结果与干部档案',
      [...base, ['历年名次与档次', 30], ['结果运用', 40], ['主要负责人', 40], ['班子成员', 50]],
      rows.map((r, i) => {
        const u = use.coefficients[i];
        return [
          ...(u ? cells(u) : ['', r.unit.code, r.unit.name, r.rank, r.composite, r.tierName]),
          r.rankHistory.map((h) => `${h.year}年 第${h.rank ?? '-'}名 ${h.tierName}`).join('；'),
          r.consequences.join('；'),
          r.leaders
            .filter((l) => l.principal)
            .map(leaderCell)
            .join('；'),
          r.leaders
            .filter((l) => !l.principal)
            .map(leaderCell)
            .join('；'),
        ];
      }),
    );
    await recordAudit(db, actor, {
      action: 'cadres.export',
      entityType: 'unit_leaders',
      summary: `导出 ${year} 年考核结果与干部档案（${rows.length} 个单位、${rows.reduce((a, r) => a + r.leaders.length, 0)} 名领导班子成员）`,
    });
  } else {
    sheet(wb, '末档单位', base, use.accountability.lowestTier.map(cells));
    sheet(
      wb,
      '连续末档',
      [...base, ['规则', 14], ['处理', 40], ['历年档次', 30]],
      use.accountability.repeatedBottom.map((u) => [
        ...cells(u),
        u.ruleId,
        u.action,
        u.years.map((y) => `${y.year} ${y.tier}`).join('；'),
      ]),
    );
    sheet(
      wb,
      '无区分度指标责任单位',
      [
        ['考核类别', 14],
        ['指标', 30],
        ['考核主体代码', 12],
        ['考核主体（责任单位）', 22],
        ['满分率', 10],
        ['严重程度', 10],
        ['原因', 30],
      ],
      use.accountability.nonDiscriminating.map((i) => [
        i.groupName,
        i.indicatorName,
        i.assessorId,
        i.assessorName,
        Math.round(i.fullMarkRate * 1000) / 10,
        SEVERITY_NAMES[i.severity] ?? i.severity,
        i.reasons.map((c) => REASON_TEXT[c as keyof typeof REASON_TEXT]?.zh ?? c).join('、'),
      ]),
    );
  }
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { body, fileName: `${year}年度${EXPORT_FILE_NAMES[kind]}.xlsx` };
}
