/**
 * 单位参数: the per-unit parameters of the year's draft (issue 17) — a unit's own target, baseline and difficulty
 * coefficient on an indicator, and a formula's named per-unit parameters — one row per (indicator, unit). The export
 * is the grid to fill in: every leaf × every unit in force of the groups that score it, with what the draft holds.
 * On import, each indicator the file names gets exactly the file's values (a row left blank clears that unit's);
 * indicators it does not name keep theirs. Saved through the scheme service (validated, versioned, audited).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { unitGroups, units } from '../../../db/schema';
import type { Actor } from '../../auth/actor';
import { walkIndicators, type SchemeDocument } from '../../schemes/document';
import { getDraftDocument, getSchemeByYear, saveDraft } from '../../schemes/service';
import { countedIn } from '../../units/validity';
import { t } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';
import { currentDocument, parseParams } from './indicators';
import { unitLookup } from './unitref';

type Key =
  'group' | 'indicatorId' | 'indicatorName' | 'unitCode' | 'unitName' | 'target' | 'baseline' | 'coefficient' | 'other';

const FIXED = ['target', 'baseline', 'coefficient'] as const;

function spec(year: number): SheetSpec<Key> {
  const columns: Column<Key>[] = [
    { key: 'group', header: '组别', headerEn: 'group', type: 'text', width: 12, informational: true, help: '仅供参考' },
    {
      key: 'indicatorId',
      header: '指标编号',
      headerEn: 'indicator',
      type: 'text',
      required: true,
      width: 18,
      nfkc: true,
      locked: true,
      help: '年度方案中末级指标的编号，勿改',
    },
    {
      key: 'indicatorName',
      header: '指标名称',
      headerEn: 'indicator name',
      type: 'text',
      width: 28,
      informational: true,
      help: '仅供参考',
    },
    {
      key: 'unitCode',
      header: '单位编码',
      headerEn: 'unit',
      type: 'text',
      required: true,
      width: 12,
      nfkc: true,
      locked: true,
      help: '考核对象编码（也可填写单位全称或简称），勿改',
    },
    {
      key: 'unitName',
      header: '单位名称',
      headerEn: 'unit name',
      type: 'text',
      width: 18,
      informational: true,
      help: '仅供参考',
    },
    {
      key: 'target',
      header: '目标值',
      headerEn: 'target',
      type: 'number',
      width: 12,
      help: '该单位本项指标的个性化目标值（留空：用方案的统一目标）',
    },
    {
      key: 'baseline',
      header: '基数',
      headerEn: 'baseline',
      type: 'number',
      width: 12,
      help: '按基数计算进度时的基数',
    },
    {
      key: 'coefficient',
      header: '难度系数',
      headerEn: 'coefficient',
      type: 'number',
      width: 10,
      min: 0,
      help: '得分（或完成值）乘以的难度系数，如 1.1',
    },
    {
      key: 'other',
      header: '其他参数',
      headerEn: 'other parameters',
      type: 'text',
      width: 28,
      maxLength: 500,
      help: '公式指标的单位参数，写成 名称=数值，多个用分号分隔，如 base=1200; share=0.3',
    },
  ];
  return {
    sheet: `${year}年单位参数`,
    title: `${year} 年度考核方案 · 单位个性化参数`,
    columns,
    notes: [
      '每行是一个单位在一项末级指标上的个性化参数；导出文件已列出每项指标的全部考核对象，填写需要的格即可。',
      '文件中出现的指标，其单位参数以文件为准（整行留空即清除该单位的参数）；文件中没有的指标保持不变。',
    ],
  };
}

/** The county's units in force in the year, with their group codes. */
async function unitsOfYear(db: Database, actor: Actor, year: number) {
  const rows = await db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      shortName: units.shortName,
      group: unitGroups.code,
      validFrom: units.validFrom,
      validTo: units.validTo,
    })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(and(eq(units.tenantId, actor.tenantId), eq(unitGroups.tenantId, actor.tenantId)))
    .orderBy(asc(units.code));
  return rows.filter((u) => countedIn(u, year));
}

/** Every scored leaf once, with the groups that score it and the formula parameter names it takes per unit. */
function leavesOf(doc: SchemeDocument) {
  const out = new Map<
    string,
    { name: string; groups: Set<string>; groupNames: string[]; formulaParams: Set<string> }
  >();
  for (const ref of walkIndicators(doc.engine)) {
    if (!ref.isLeaf) continue;
    const ind = ref.indicator;
    const e = out.get(ind.id) ?? {
      name: ind.name ?? ind.id,
      groups: new Set<string>(),
      groupNames: [],
      formulaParams: new Set<string>(),
    };
    if (!e.groups.has(ref.groupId)) {
      e.groups.add(ref.groupId);
      e.groupNames.push(ref.groupName);
    }
    const m = doc.engine.groups[ref.groupIndex]?.overrides[ind.id]?.method ?? ind.method;
    if (m?.kind === 'formula') {
      for (const k of Object.keys(ind.params)) if (!(FIXED as readonly string[]).includes(k)) e.formulaParams.add(k);
      for (const p of Object.values(ind.unitParams))
        for (const k of Object.keys(p)) if (!(FIXED as readonly string[]).includes(k)) e.formulaParams.add(k);
    }
    out.set(ind.id, e);
  }
  return out;
}

/** The same parameters, whatever order their keys were stored in. */
const same = (a: Record<string, number>, b: Record<string, number>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

const otherText = (p: Record<string, number>) => {
  const rest = Object.entries(p).filter(([k]) => !(FIXED as readonly string[]).includes(k));
  return rest.length === 0 ? null : rest.map(([k, v]) => `${k}=${v}`).join('; ');
};

export const unitParamsKind: ExcelKind = {
  kind: 'unitparams',
  fileName: '单位参数',
  spec(_db, _actor, { year }) {
    return Promise.resolve(spec(year));
  },

  async exportRows(db, actor, { year }) {
    const doc = await currentDocument(db, actor, year);
    const all = await unitsOfYear(db, actor, year);
    const params = new Map<string, Record<string, Record<string, number>>>();
    for (const ref of walkIndicators(doc.engine))
      if (ref.isLeaf) params.set(ref.indicator.id, ref.indicator.unitParams);
    const rows: Record<Key, CellValue>[] = [];
    for (const [id, leaf] of leavesOf(doc)) {
      const own = params.get(id) ?? {};
      for (const u of all.filter((x) => leaf.groups.has(x.group))) {
        const p = own[u.code] ?? {};
        rows.push({
          group: leaf.groupNames.join('、'),
          indicatorId: id,
          indicatorName: leaf.name,
          unitCode: u.code,
          unitName: u.name,
          target: p.target ?? null,
          baseline: p.baseline ?? null,
          coefficient: p.coefficient ?? null,
          other: otherText(p),
        });
      }
    }
    return rows;
  },

  async importRows(tx, actor, wb, issues, { year }): Promise<ImportOutcome> {
    const sheet = spec(year);
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const scheme = await getSchemeByYear(tx, actor, year);
    const draft = await getDraftDocument(tx, actor, scheme.id);
    const doc = draft.document;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const leaves = leavesOf(doc);
    const all = await unitsOfYear(tx, actor, year);
    const lookup = unitLookup(all);
    const byId = new Map(all.map((u) => [u.id, u]));

    // indicator → unit code → its parameters from the file (an entry with none clears the unit's)
    const file = new Map<string, Map<string, Record<string, number>>>();
    const seen = new Set<string>();
    for (const r of rows) {
      const id = r.values.indicatorId === null ? null : String(r.values.indicatorId).trim();
      const unitCell = r.values.unitCode === null ? null : String(r.values.unitCode).trim();
      if (!id || !unitCell) continue;
      const leaf = leaves.get(id);
      if (!leaf) {
        issues.add(
          r.row,
          cols.indicatorId,
          t(`“${id}”不是 ${year} 年度方案的末级指标`, `"${id}" is no leaf indicator of the ${year} scheme`),
        );
        continue;
      }
      const hit = lookup(unitCell);
      if ('error' in hit) {
        issues.add(r.row, cols.unitCode, hit.error);
        continue;
      }
      const u = byId.get(hit.id);
      if (!u) continue;
      if (!leaf.groups.has(u.group)) {
        issues.add(
          r.row,
          cols.unitCode,
          t(
            `${u.name} 不在考核“${leaf.name}”的组别（${leaf.groupNames.join('、')}）中`,
            `${u.name} is in no group that scores "${leaf.name}" (${leaf.groupNames.join(', ')})`,
          ),
        );
        continue;
      }
      const key = `${id}\u0000${u.code}`;
      if (seen.has(key)) {
        issues.add(
          r.row,
          cols.unitCode,
          t(`“${leaf.name}”的 ${u.name} 已在前面的行中出现`, `${u.name} on "${leaf.name}" is given twice`),
        );
        continue;
      }
      seen.add(key);
      const p: Record<string, number> = {};
      for (const k of FIXED) {
        const v = r.values[k];
        if (typeof v === 'number') p[k] = v;
      }
      if (p.target !== undefined && !(p.target > 0))
        issues.add(r.row, cols.target, t('目标值须大于 0', 'a target must be above 0'));
      if (p.coefficient !== undefined && !(p.coefficient > 0))
        issues.add(r.row, cols.coefficient, t('难度系数须大于 0', 'a coefficient must be above 0'));
      const other = r.values.other === null ? '' : String(r.values.other).trim();
      if (other) {
        const parsed = parseParams(other);
        if ('error' in parsed) issues.add(r.row, cols.other, parsed.error);
        else
          for (const [k, v] of Object.entries(parsed.value)) {
            if (!leaf.formulaParams.has(k)) {
              const names = [...leaf.formulaParams];
              issues.add(
                r.row,
                cols.other,
                names.length > 0
                  ? t(
                      `“${k}”不是“${leaf.name}”的公式参数（可填：${names.join('、')}）`,
                      `"${k}" is no formula parameter of "${leaf.name}" (valid: ${names.join(', ')})`,
                    )
                  : t(
                      `“${leaf.name}”不是公式指标，没有其他单位参数`,
                      `"${leaf.name}" is no formula indicator and takes no other parameters`,
                    ),
              );
            } else if (typeof v !== 'number' || !Number.isFinite(v))
              issues.add(r.row, cols.other, t(`参数 ${k} 须为数字`, `parameter ${k} must be a number`));
            else p[k] = v;
          }
      }
      const m = file.get(id) ?? new Map<string, Record<string, number>>();
      m.set(u.code, p);
      file.set(id, m);
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    const engine = structuredClone(doc.engine);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    let removed = 0;
    const done = new Set<object>();
    for (const ref of walkIndicators(engine)) {
      const fromFile = file.get(ref.indicator.id);
      // a shared tree's indicator is one object under several groups: set it once
      if (!fromFile || done.has(ref.indicator)) continue;
      done.add(ref.indicator);
      const before = ref.indicator.unitParams;
      const next: Record<string, Record<string, number>> = {};
      for (const [code, p] of Object.entries(before)) if (!fromFile.has(code)) next[code] = p;
      for (const [code, p] of fromFile) {
        const had = before[code];
        const empty = Object.keys(p).length === 0;
        if (!empty) next[code] = p;
        if (!had && !empty) created++;
        else if (had && empty) removed++;
        else if (had && !same(had, p)) updated++;
        else if (had) unchanged++;
      }
      ref.indicator.unitParams = next;
    }
    if (created + updated + removed === 0) return { created, updated, unchanged, removed };
    const saved = await saveDraft(tx, actor, scheme.id, {
      version: draft.version,
      document: { ...doc, engine },
      note: 'Excel 导入单位参数',
    });
    return {
      created,
      updated,
      unchanged,
      removed,
      validation: { errors: saved.report.errors.length, warnings: saved.report.warnings.length },
    };
  },
};
