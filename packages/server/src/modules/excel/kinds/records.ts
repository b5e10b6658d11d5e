import { and, asc, eq, sql } from 'drizzle-orm';
import { unitRecords, units } from '../../../db/schema';
import type { Database } from '../../../db/client';
import type { Actor } from '../../auth/actor';
import type { Scheme } from '@yardstick/engine';
import { choicesOf, levelName, matchRecord, type MismatchField, type RecordChoices } from '../../records/match';
import { RECORD_KIND_NAMES, RECORD_KINDS, type RecordKind } from '../../records/schemas';
import { schemeForRecords } from '../../records/service';
import { msg, t } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';
import { unitLookup } from './unitref';

type Key =
  | 'id'
  | 'unitCode'
  | 'unitName'
  | 'kind'
  | 'ruleId'
  | 'level'
  | 'achievementKey'
  | 'title'
  | 'documentNo'
  | 'issuedOn'
  | 'amount'
  | 'count'
  | 'repeat'
  | 'note';

const CHUNK = 1000;
const YES_NO = ['是', '否'] as const;
const kindByName = new Map<string, RecordKind>(RECORD_KINDS.map((k) => [RECORD_KIND_NAMES[k]['zh-CN'], k]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every rule id of the scheme a record may name (the dropdown of 规则编号). */
const ruleIds = (c: RecordChoices | null) =>
  c ? [...new Set([...c.bonus, ...c.deduction, ...c.veto].map((r) => r.id))] : [];

/** Every level the scheme's rules define, by its Chinese name (the dropdown of 级别); codes are accepted too. */
const levelNames = (c: RecordChoices | null) =>
  c
    ? [...new Set([...c.bonus, ...c.deduction].flatMap((r) => r.levels.map((l) => l.name['zh-CN'])))]
    : ['国家级', '省级', '市级', '县级'];

/** The template's notes: what each kind may name in the year's scheme, with the levels and their points. */
type Units = { code: string; name: string; shortName: string | null }[];

function choiceNotes(c: RecordChoices | null, year: number, unitList: Units): string[] {
  if (!c) return [`7. ${year} 年尚无考核方案：记录须对应方案中的规则，请先制定方案。`];
  const line = (label: string, rules: RecordChoices['bonus']) =>
    `${label}：${
      rules.length === 0
        ? '（方案中没有）'
        : rules
            .map(
              (r) =>
                `${r.id}（${r.name}${
                  r.levels.length
                    ? `；级别 ${r.levels.map((l) => `${l.name['zh-CN']}${l.points === null ? '' : ` ${l.points} 分`}`).join('、')}`
                    : r.amountFrom === 'points'
                      ? '；填写分值'
                      : ''
                }${r.provider ? `；数据提供单位 ${providerName(r.provider, unitList)}` : ''}）`,
            )
            .join('，')
    }`;
  return [
    `7. 规则编号和级别须为 ${year} 年考核方案中已有的：${line('加分类别', c.bonus)}；${line('扣分规则', c.deduction)}；${line('一票否决事项', c.veto)}；违纪违法不填规则编号。按级别计分的不填分值。`,
  ];
}

function columns(unitCodes: string[], choices: RecordChoices | null): Column<Key>[] {
  return [
    {
      key: 'id',
      header: '记录编号',
      headerEn: 'record id',
      type: 'text',
      locked: true,
      width: 38,
      help: '系统生成；新记录留空，修改已有记录时保留导出时的编号',
    },
    {
      key: 'unitCode',
      header: '单位编码',
      headerEn: 'unit code',
      type: 'text',
      required: true,
      width: 12,
      options: unitCodes,
      lenient: true,
      nfkc: true,
      help: '被加分、扣分或否决的单位编码',
    },
    {
      key: 'unitName',
      header: '单位名称',
      headerEn: 'unit name',
      type: 'text',
      width: 24,
      informational: true,
      help: '仅供查看，导入时忽略（以单位编码为准）',
    },
    {
      key: 'kind',
      header: '类别',
      headerEn: 'kind',
      type: 'text',
      required: true,
      width: 12,
      options: [...kindByName.keys()],
      help: '加分、扣分、一票否决或违纪违法',
    },
    {
      key: 'ruleId',
      header: '规则编号',
      headerEn: 'rule id',
      type: 'text',
      width: 16,
      maxLength: 64,
      options: ruleIds(choices),
      lenient: true,
      nfkc: true,
      help: '考核方案中的加分类别、扣分规则或否决事项编号，如 commendation、criticism、clean-gov（见说明第 7 条）',
    },
    {
      key: 'level',
      header: '级别',
      headerEn: 'level',
      type: 'text',
      width: 10,
      options: levelNames(choices),
      lenient: true,
      help: '所填规则自己的级别（如 国家级、省级、市级；潜绩的 重大、显著），按级别计分时必填',
    },
    {
      key: 'achievementKey',
      header: '成果标识',
      headerEn: 'achievement key',
      type: 'text',
      width: 16,
      maxLength: 64,
      help: '同一成果多级表彰填相同标识，只计最高一级',
    },
    {
      key: 'title',
      header: '事项名称',
      headerEn: 'title',
      type: 'text',
      required: true,
      width: 36,
      maxLength: 200,
      help: '表彰、通报或案件的名称',
    },
    {
      key: 'documentNo',
      header: '文号',
      headerEn: 'document no.',
      type: 'text',
      width: 20,
      maxLength: 64,
      help: '正式文件的文号，如 豫政〔2019〕12号',
    },
    { key: 'issuedOn', header: '发文日期', headerEn: 'issued on', type: 'date', width: 12, help: '如 2019-03-31' },
    {
      key: 'amount',
      header: '分值',
      headerEn: 'points',
      type: 'number',
      width: 8,
      min: -1000,
      max: 1000,
      help: '规则按记录取分值时填写',
    },
    {
      key: 'count',
      header: '次数',
      headerEn: 'count',
      type: 'int',
      width: 8,
      min: 1,
      max: 10_000,
      help: '发生次数，留空为 1',
    },
    {
      key: 'repeat',
      header: '重复发生',
      headerEn: 'repeat',
      type: 'text',
      width: 10,
      options: YES_NO,
      help: '是 或 否；留空为 否',
    },
    { key: 'note', header: '备注', headerEn: 'note', type: 'text', width: 30, maxLength: 500, help: '可选' },
  ];
}

const providerName = (code: string, unitList: Units) => {
  const u = unitList.find((x) => x.code === code);
  return u ? (u.shortName ?? u.name) : code;
};

const spec = (unitList: Units, year: number, choices: RecordChoices | null): SheetSpec<Key> => ({
  sheet: `${year}年加扣分记录`,
  title: `${year} 年加分、扣分、一票否决、违纪违法记录`,
  columns: columns(
    unitList.map((u) => u.code),
    choices,
  ),
  notes: [
    `6. 本文件的记录属于 ${year} 年（导入时按所选年度）。带“记录编号”的行更新原记录，编号为空的行新增记录；记录不会因导入而删除。`,
    ...choiceNotes(choices, year, unitList),
  ],
});

async function loadChoices(
  db: Database,
  actor: Actor,
  year: number,
): Promise<{ scheme: Scheme | null; choices: RecordChoices | null }> {
  const found = await schemeForRecords(db, actor.tenantId, year);
  return found ? { scheme: found.scheme, choices: choicesOf(found.scheme) } : { scheme: null, choices: null };
}

/** A level cell as its code: the code itself, or the Chinese name of one of the named rule's levels. */
function levelCode(cell: string, choices: RecordChoices | null, kind: RecordKind, ruleId: string | null): string {
  if (!choices || (kind !== 'bonus' && kind !== 'deduction')) return cell;
  const rule = choices[kind].find((r) => r.id === ruleId);
  const hit = rule?.levels.find((l) => l.id === cell || l.name['zh-CN'] === cell || l.name.en === cell);
  return hit?.id ?? cell;
}

/** The cell name of a level code in the export: the Chinese name the record's rule gives it, else the product's. */
function levelCell(code: string, choices: RecordChoices | null, kind: string, ruleId: string | null): string {
  const rule = kind === 'bonus' || kind === 'deduction' ? choices?.[kind].find((r) => r.id === ruleId) : undefined;
  return rule?.levels.find((l) => l.id === code)?.name['zh-CN'] ?? levelName(code)['zh-CN'];
}

const FIELD_KEY: Record<MismatchField, Key> = {
  ruleId: 'ruleId',
  level: 'level',
  amount: 'amount',
  count: 'count',
  repeat: 'repeat',
};

async function loadUnits(db: Database, actor: Actor) {
  return db
    .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName })
    .from(units)
    .where(eq(units.tenantId, actor.tenantId))
    .orderBy(asc(units.code));
}

const recordColumns = {
  id: unitRecords.id,
  unitId: unitRecords.unitId,
  kind: unitRecords.kind,
  ruleId: unitRecords.ruleId,
  level: unitRecords.level,
  achievementKey: unitRecords.achievementKey,
  title: unitRecords.title,
  documentNo: unitRecords.documentNo,
  issuedOn: unitRecords.issuedOn,
  amount: unitRecords.amount,
  count: unitRecords.count,
  repeat: unitRecords.repeat,
  note: unitRecords.note,
};

const text = (v: CellValue) => (v === null ? null : String(v));

/** Text as compared for duplicates: NFKC, no spaces, 〔〕【】[]() alike (豫政〔2019〕12号 = 豫政[2019]12号). */
const loose = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[〔【[]/g, '(')
    .replace(/[〕】\]]/g, ')');

interface DupFields {
  unitId: string;
  kind: string;
  ruleId: string | null;
  issuedOn: string | null;
  documentNo: string | null;
  title: string;
}

/** The same record: same unit, kind, rule and date, and the same document number (or, without one, title). */
const dupKey = (r: DupFields) =>
  [
    r.unitId,
    r.kind,
    r.ruleId ?? '',
    r.issuedOn ?? '',
    r.documentNo ? `no:${loose(r.documentNo)}` : `title:${loose(r.title)}`,
  ].join('\u0000');

const SKIP_HINT = t(
  '请从文件中删去该行；若是再次导入同一文件，可选择跳过重复记录（skipDuplicates=true）后重新导入',
  'remove the row; when the file is imported again on purpose, import with skip duplicates (skipDuplicates=true)',
);
const dupStoredMsg = (id: string) =>
  t(
    `与已有记录重复（单位、类别、规则、发文日期、文号或事项名称相同，记录编号 ${id}），${SKIP_HINT['zh-CN']}`,
    `repeats the stored record ${id} (same unit, kind, rule, date and document number or title); ${SKIP_HINT.en}`,
  );
const dupRowMsg = (first: number) =>
  t(
    `与第 ${first} 行是同一条记录（单位、类别、规则、发文日期、文号或事项名称相同），${SKIP_HINT['zh-CN']}`,
    `is the same record as row ${first} (same unit, kind, rule, date and document number or title); ${SKIP_HINT.en}`,
  );

export const recordsKind: ExcelKind = {
  kind: 'records',
  fileName: '加扣分记录',
  async spec(db, actor, { year }) {
    return spec(await loadUnits(db, actor), year, (await loadChoices(db, actor, year)).choices);
  },

  async exportRows(db, actor, { year }) {
    const { choices } = await loadChoices(db, actor, year);
    const rows = await db
      .select({ ...recordColumns, unitCode: units.code, unitName: units.name })
      .from(unitRecords)
      .innerJoin(units, eq(units.id, unitRecords.unitId))
      .where(
        and(eq(unitRecords.tenantId, actor.tenantId), eq(units.tenantId, actor.tenantId), eq(unitRecords.year, year)),
      )
      .orderBy(asc(units.code), asc(unitRecords.kind), asc(unitRecords.createdAt), asc(unitRecords.id));
    return rows.map((r): Record<Key, CellValue> => ({
      id: r.id,
      unitCode: r.unitCode,
      unitName: r.unitName,
      kind: RECORD_KIND_NAMES[r.kind as RecordKind]['zh-CN'],
      ruleId: r.ruleId,
      level: r.level ? levelCell(r.level, choices, r.kind, r.ruleId) : null,
      achievementKey: r.achievementKey,
      title: r.title,
      documentNo: r.documentNo,
      issuedOn: r.issuedOn,
      amount: r.amount,
      count: r.count,
      repeat: r.repeat ? '是' : '否',
      note: r.note,
    }));
  },

  async importRows(tx, actor, wb, issues, { year, skipDuplicates }): Promise<ImportOutcome> {
    const unitList = await loadUnits(tx, actor);
    const { scheme, choices } = await loadChoices(tx, actor, year);
    const sheet = spec(unitList, year, choices);
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const unitOf = unitLookup(unitList);
    const existing = await tx
      .select(recordColumns)
      .from(unitRecords)
      .where(and(eq(unitRecords.tenantId, actor.tenantId), eq(unitRecords.year, year)));
    const byId = new Map(existing.map((r) => [r.id, r]));

    const seenIds = new Map<string, number>();
    type Planned = Omit<(typeof existing)[number], 'id'> & { id: string | null };
    const planned: Planned[] = [];
    const plannedRow: number[] = [];
    for (const { row, values: v } of rows) {
      const before = issues.total;
      const id = text(v.id);
      if (id !== null) {
        const first = seenIds.get(id);
        if (first !== undefined) issues.add(row, cols.id, msg.duplicate(id, first));
        else seenIds.set(id, row);
        if (!UUID.test(id) || !byId.has(id.toLowerCase())) issues.add(row, cols.id, msg.unknownRecord(year));
      }
      const code = text(v.unitCode);
      // The code, or the unit's name or short name when it names exactly one unit.
      const unitHit = code === null ? null : unitOf(code);
      const unitId = unitHit && 'id' in unitHit ? unitHit.id : null;
      if (unitHit && 'error' in unitHit) issues.add(row, cols.unitCode, unitHit.error);
      const ruleId = text(v.ruleId);
      if (ruleId !== null && !/^[A-Za-z0-9_.-]+$/.test(ruleId)) issues.add(row, cols.ruleId, msg.codeFormat());
      const kind = v.kind === null ? null : (kindByName.get(String(v.kind)) ?? null);
      const title = text(v.title);
      const level = v.level === null || !kind ? null : levelCode(String(v.level).trim(), choices, kind, ruleId);
      const amount = typeof v.amount === 'number' ? v.amount : null;
      const count = typeof v.count === 'number' ? v.count : 1;
      const repeat = v.repeat === '是';
      // The record must name what the year's scheme has (the same check as the API's), row by row.
      if (kind && issues.total === before) {
        if (!scheme)
          issues.add(
            row,
            cols.ruleId,
            t(
              `${year} 年尚无考核方案，记录须对应方案中的规则，请先制定方案`,
              `there is no ${year} scheme yet; a record must name one of its rules`,
            ),
          );
        else
          for (const m of matchRecord(scheme, { kind, ruleId, level, amount, count, repeat }))
            issues.add(row, cols[FIELD_KEY[m.field]], m.message);
      }
      if (issues.total > before || !unitId || !kind || !title) continue;
      planned.push({
        id: id === null ? null : id.toLowerCase(),
        unitId,
        kind,
        ruleId,
        level,
        achievementKey: text(v.achievementKey),
        title,
        documentNo: text(v.documentNo),
        issuedOn: text(v.issuedOn),
        amount,
        count,
        repeat,
        note: text(v.note),
      });
      plannedRow.push(row);
    }
    // A new row that repeats a stored record or an earlier new row is never inserted twice: refused row by
    // row, or left out and counted when the caller asked to skip duplicates.
    const storedKey = new Map<string, string>();
    for (const r of existing) if (!storedKey.has(dupKey(r))) storedKey.set(dupKey(r), r.id);
    const fileKey = new Map<string, number>();
    const duplicate = new Set<number>();
    planned.forEach((p, i) => {
      if (p.id !== null) return;
      const key = dupKey(p);
      const row = plannedRow[i] ?? 0;
      const stored = storedKey.get(key);
      const first = fileKey.get(key);
      if (stored === undefined && first === undefined) {
        fileKey.set(key, row);
        return;
      }
      duplicate.add(i);
      if (!skipDuplicates) issues.add(row, null, stored !== undefined ? dupStoredMsg(stored) : dupRowMsg(first ?? 0));
    });
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };
    const skipped = duplicate.size;
    if (skipped > 0) {
      const kept = planned.filter((_p, i) => !duplicate.has(i));
      planned.length = 0;
      planned.push(...kept);
    }

    const toCreate = planned.filter((p) => p.id === null);
    const toUpdate = planned.flatMap((p) => {
      const r = p.id === null ? undefined : byId.get(p.id);
      if (!r) return [];
      const same = (Object.keys(p) as (keyof Planned)[]).every((k) => p[k] === r[k]);
      return same ? [] : [{ ...p, id: r.id }];
    });
    for (let i = 0; i < toCreate.length; i += CHUNK) {
      await tx.insert(unitRecords).values(
        toCreate.slice(i, i + CHUNK).map(({ id: _id, ...p }) => ({
          ...p,
          tenantId: actor.tenantId,
          year,
          createdBy: actor.userId,
        })),
      );
    }
    // One UPDATE … FROM (VALUES …) per chunk rather than one statement per changed row.
    for (let i = 0; i < toUpdate.length; i += CHUNK) {
      const rows = toUpdate
        .slice(i, i + CHUNK)
        .map(
          (r) =>
            sql`(${r.id}::uuid, ${r.unitId}::uuid, ${r.kind}::text, ${r.ruleId}::text, ${r.level}::text, ${r.achievementKey}::text, ${r.title}::text, ${r.documentNo}::text, ${r.issuedOn}::text, ${r.amount}::float8, ${r.count}::int, ${r.repeat}::boolean, ${r.note}::text)`,
        );
      await tx.execute(sql`
        update ${unitRecords} set unit_id = v.unit_id, kind = v.kind, rule_id = v.rule_id, level = v.level,
          achievement_key = v.achievement_key, title = v.title, document_no = v.document_no, issued_on = v.issued_on,
          amount = v.amount, count = v.count, repeat = v.repeat, note = v.note,
          version = ${unitRecords.version} + 1, updated_at = now()
        from (values ${sql.join(rows, sql`, `)})
          as v(id, unit_id, kind, rule_id, level, achievement_key, title, document_no, issued_on, amount, count, repeat, note)
        where ${unitRecords.id} = v.id and ${unitRecords.tenantId} = ${actor.tenantId}`);
    }
    return {
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged: planned.length - toCreate.length - toUpdate.length,
      ...(skipDuplicates ? { skipped } : {}),
    };
  },
};
