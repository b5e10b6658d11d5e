/**
 * The periodic rankings a `rankPlaces` rule reads (issue 17), one row per place: ranking, period, date, size,
 * sub-unit, the assessed unit (code or name), place. Each (ranking, period) the file names replaces that period's
 * stored places; periods it does not name are kept. Checked row by row like the API (modules/rankings).
 */
import { and, asc, eq } from 'drizzle-orm';
import { rankingTables } from '../../../db/schema';
import { countedIn } from '../../units/validity';
import { schemeForRecords } from '../../records/service';
import { countyUnits, rankingRules, replacePeriods, requireOpen } from '../../rankings/service';
import type { RankingPlaceInput } from '../../rankings/schemas';
import { msg, t } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';
import { unitLookup } from './unitref';

type Key = 'ranking' | 'period' | 'date' | 'size' | 'subUnit' | 'unitCode' | 'unitName' | 'place';

/** The rankings the year's scheme reads: id → the names of the rules that read it. */
async function rankingChoices(db: Parameters<typeof schemeForRecords>[0], tenantId: string, year: number) {
  const found = await schemeForRecords(db, tenantId, year);
  const rules = found ? rankingRules(found.scheme) : new Map<string, { name: string | null; id: string }[]>();
  return new Map([...rules].map(([id, list]) => [id, list.map((r) => r.name ?? r.id)]));
}

function columns(rankings: string[], unitCodes: string[]): Column<Key>[] {
  return [
    {
      key: 'ranking',
      header: '排名',
      headerEn: 'ranking',
      type: 'text',
      required: true,
      width: 24,
      options: rankings,
      lenient: true,
      nfkc: true,
      help: '考核方案中按排名名次扣分的规则所读的排名编号（见说明第 6 条），也可填写该扣分规则的名称',
    },
    {
      key: 'period',
      header: '期次',
      headerEn: 'period',
      type: 'text',
      required: true,
      width: 12,
      maxLength: 32,
      help: '如 2019-03（按月）；其他期次（如 2019年第一季度）请同时填写日期',
    },
    {
      key: 'date',
      header: '日期',
      headerEn: 'date',
      type: 'date',
      width: 12,
      help: '该期排名所在的日期，用于判断是否在考核周期内；期次为 2019-03 这样的月份时可留空',
    },
    {
      key: 'size',
      header: '参与排名数',
      headerEn: 'size',
      type: 'int',
      required: true,
      width: 10,
      min: 1,
      max: 10_000,
      help: '该期参与排名的单位总数（后几名由此计算），同一期各行相同',
    },
    {
      key: 'subUnit',
      header: '排名对象',
      headerEn: 'sub-unit',
      type: 'text',
      required: true,
      width: 20,
      maxLength: 64,
      help: '排名表中的名称（如某村、某乡镇），不必是本县的考核对象',
    },
    {
      key: 'unitCode',
      header: '所属单位',
      headerEn: 'unit',
      type: 'text',
      required: true,
      width: 14,
      options: unitCodes,
      lenient: true,
      nfkc: true,
      help: '排名对象所属的本县考核对象：单位编码，或单位名称、简称',
    },
    {
      key: 'unitName',
      header: '单位名称',
      headerEn: 'unit name',
      type: 'text',
      width: 20,
      informational: true,
      help: '仅供查看，导入时忽略（以所属单位为准）',
    },
    {
      key: 'place',
      header: '名次',
      headerEn: 'place',
      type: 'int',
      required: true,
      width: 8,
      min: 1,
      max: 10_000,
      help: '该期的名次，1 为第一名，不大于参与排名数',
    },
  ];
}

function spec(year: number, choices: Map<string, string[]>, unitCodes: string[]): SheetSpec<Key> {
  const listed = [...choices].map(([id, names]) => `${id}（${names.join('、')}）`);
  return {
    sheet: `${year}年排名数据`,
    title: `${year} 年外部排名数据（按排名名次扣分）`,
    columns: columns([...choices.keys()], unitCodes),
    notes: [
      `5. 每行一个名次。文件中出现的每一期（排名 + 期次）整期替换已录入的该期名次；文件中没有的期次保持不变。`,
      listed.length > 0
        ? `6. ${year} 年考核方案读取的排名：${listed.join('；')}。`
        : `6. ${year} 年考核方案中没有按其他排名名次扣分的规则，无需录入排名数据。`,
    ],
  };
}

const text = (v: CellValue) => (v === null ? null : String(v));

export const rankingsKind: ExcelKind = {
  kind: 'rankings',
  fileName: '排名数据',
  async spec(db, actor, { year }) {
    const [choices, unitRows] = await Promise.all([
      rankingChoices(db, actor.tenantId, year),
      countyUnits(db, actor.tenantId),
    ]);
    return spec(
      year,
      choices,
      unitRows.filter((u) => countedIn(u, year)).map((u) => u.code),
    );
  },

  async exportRows(db, actor, { year }) {
    const [rows, unitRows] = await Promise.all([
      db
        .select()
        .from(rankingTables)
        .where(and(eq(rankingTables.tenantId, actor.tenantId), eq(rankingTables.year, year)))
        .orderBy(asc(rankingTables.ranking), asc(rankingTables.period)),
      countyUnits(db, actor.tenantId),
    ]);
    const byId = new Map(unitRows.map((u) => [u.id, u]));
    return rows.flatMap((r) =>
      [...r.places]
        .sort((a, b) => a.place - b.place)
        .map((p): Record<Key, CellValue> => ({
          ranking: r.ranking,
          period: r.period,
          date: r.periodDate,
          size: r.size,
          subUnit: p.subUnit,
          unitCode: byId.get(p.unitId)?.code ?? null,
          unitName: byId.get(p.unitId)?.name ?? null,
          place: p.place,
        })),
    );
  },

  async importRows(tx, actor, wb, issues, { year }): Promise<ImportOutcome> {
    await requireOpen(tx, actor.tenantId, year);
    const [choices, unitRows] = await Promise.all([
      rankingChoices(tx, actor.tenantId, year),
      countyUnits(tx, actor.tenantId),
    ]);
    const inForce = unitRows.filter((u) => countedIn(u, year));
    const sheet = spec(
      year,
      choices,
      inForce.map((u) => u.code),
    );
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const unitOf = unitLookup(unitRows.map((u) => ({ ...u, shortName: null })));
    const byId = new Map(unitRows.map((u) => [u.id, u]));
    // a ranking by its id, or by the name of a rule that reads it (when that names one ranking)
    const byName = new Map<string, string[]>();
    for (const [id, names] of choices)
      for (const n of names) byName.set(n, [...new Set([...(byName.get(n) ?? []), id])]);
    const valid = [...choices.keys()];

    interface Period {
      ranking: string;
      period: string;
      date: string | null;
      size: number;
      firstRow: number;
      places: RankingPlaceInput[];
      placeRow: Map<number, number>;
      subRow: Map<string, number>;
    }
    const periods = new Map<string, Period>();
    for (const { row, values: v } of rows) {
      const before = issues.total;
      const cell = text(v.ranking);
      let ranking: string | null = null;
      if (cell !== null) {
        if (choices.has(cell)) ranking = cell;
        else if (byName.get(cell)?.length === 1) ranking = byName.get(cell)?.[0] ?? null;
        else
          issues.add(
            row,
            cols.ranking,
            valid.length > 0
              ? msg.oneOf(valid)
              : t(
                  `${year} 年考核方案中没有按其他排名名次扣分的规则`,
                  `the ${year} scheme has no deduction by places in another ranking`,
                ),
          );
      }
      const code = text(v.unitCode);
      const hit = code === null ? null : unitOf(code);
      let unitId: string | null = null;
      if (hit && 'error' in hit) issues.add(row, cols.unitCode, hit.error);
      else if (hit) {
        const u = byId.get(hit.id);
        if (u && !countedIn(u, year))
          issues.add(
            row,
            cols.unitCode,
            t(`${u.name} 不是 ${year} 年的考核对象`, `${u.name} is not assessed in ${year}`),
          );
        else unitId = hit.id;
      }
      const period = text(v.period);
      const size = typeof v.size === 'number' ? v.size : null;
      const place = typeof v.place === 'number' ? v.place : null;
      const subUnit = text(v.subUnit);
      const date = text(v.date);
      if (place !== null && size !== null && place > size)
        issues.add(
          row,
          cols.place,
          t(`名次 ${place} 大于参与排名数 ${size}`, `place ${place} is beyond the size ${size}`),
        );
      if (issues.total > before || !ranking || !period || size === null || place === null || !subUnit || !unitId)
        continue;
      const key = `${ranking}\u0000${period}`;
      let p = periods.get(key);
      if (!p) {
        p = { ranking, period, date, size, firstRow: row, places: [], placeRow: new Map(), subRow: new Map() };
        periods.set(key, p);
      }
      if (p.size !== size)
        issues.add(
          row,
          cols.size,
          t(
            `同一期的参与排名数须相同（第 ${p.firstRow} 行为 ${p.size}）`,
            `one period has one size (row ${p.firstRow} says ${p.size})`,
          ),
        );
      if (p.date !== date)
        issues.add(
          row,
          cols.date,
          t(
            `同一期的日期须相同（第 ${p.firstRow} 行为 ${p.date ?? '空'}）`,
            `one period has one date (row ${p.firstRow} says ${p.date ?? 'none'})`,
          ),
        );
      const firstPlace = p.placeRow.get(place);
      if (firstPlace !== undefined) issues.add(row, cols.place, msg.duplicate(String(place), firstPlace));
      else p.placeRow.set(place, row);
      const subKey = subUnit.normalize('NFKC').replace(/\s+/g, '');
      const firstSub = p.subRow.get(subKey);
      if (firstSub !== undefined) issues.add(row, cols.subUnit, msg.duplicate(subUnit, firstSub));
      else p.subRow.set(subKey, row);
      p.places.push({ subUnit, unitId, place });
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };
    return replacePeriods(
      tx,
      actor,
      year,
      [...periods.values()].map((p) => ({
        ranking: p.ranking,
        period: p.period,
        date: p.date,
        size: p.size,
        places: p.places,
      })),
    );
  },
};
