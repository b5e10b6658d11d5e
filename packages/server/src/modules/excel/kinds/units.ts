import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { reports, unitGroups, units } from '../../../db/schema';
import type { Actor } from '../../auth/actor';
import { insertGroups } from '../../units/groups';
import { defaultValidFrom, today } from '../../units/validity';
import { msg, t } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';

const KIND_NAMES = { township: '乡镇', department: '县直部门' } as const;
const STATUS = ['启用', '停用'] as const;
const CHUNK = 1000;

type Key = 'code' | 'name' | 'shortName' | 'kind' | 'group' | 'contactName' | 'contactPhone' | 'sortOrder' | 'status';

function columns(groupNames: string[]): Column<Key>[] {
  return [
    {
      key: 'code',
      header: '单位编码',
      headerEn: 'unit code',
      type: 'text',
      locked: true,
      required: true,
      width: 12,
      maxLength: 32,
      nfkc: true,
      help: '字母、数字、下划线或短横线，全县唯一；已有编码的行更新该单位，新编码新增单位',
    },
    {
      key: 'name',
      header: '单位名称',
      headerEn: 'unit name',
      type: 'text',
      required: true,
      width: 28,
      maxLength: 64,
      help: '全称，全县唯一',
    },
    { key: 'shortName', header: '简称', headerEn: 'short name', type: 'text', width: 14, maxLength: 32, help: '可选' },
    {
      key: 'kind',
      header: '单位类型',
      headerEn: 'unit type',
      type: 'text',
      required: true,
      width: 12,
      options: Object.values(KIND_NAMES),
      help: '乡镇 或 县直部门',
    },
    {
      key: 'group',
      header: '考核类别',
      headerEn: 'group',
      type: 'text',
      required: true,
      width: 16,
      options: groupNames,
      lenient: true,
      help: '考核类别名称（或其编码），须与单位类型相符',
    },
    { key: 'contactName', header: '联系人', headerEn: 'contact', type: 'text', width: 12, maxLength: 32, help: '可选' },
    {
      key: 'contactPhone',
      header: '联系电话',
      headerEn: 'phone',
      type: 'text',
      width: 18,
      maxLength: 32,
      nfkc: true,
      help: '数字、空格、+ 或 -',
    },
    {
      key: 'sortOrder',
      header: '排序',
      headerEn: 'order',
      type: 'int',
      width: 8,
      min: 0,
      max: 100_000,
      help: '同类别内的显示顺序，0–100000 的整数；留空为 0',
    },
    {
      key: 'status',
      header: '状态',
      headerEn: 'status',
      type: 'text',
      width: 8,
      options: STATUS,
      help: '启用 或 停用；留空时新单位为启用，已有单位不变',
    },
  ];
}

const newGroupMsg = (name: string) =>
  t(
    `考核类别“${name}”不存在；请从下拉列表中选择，或确认新建文件中的类别（页面上勾选“新建文件中的考核类别”，命令行加 --create-groups）`,
    `no group "${name}"; pick one from the list, or confirm creating the file's new groups (tick "create new groups" on the page, --create-groups on the command line)`,
  );
const publishedMsg = () =>
  t(
    '该单位在已公布的年度末已不存在，重新启用会改变已公布的年度；请新增一个单位或用“机构调整”',
    'the unit had ended before a published year closed; bringing it back would change that year — add a new unit instead',
  );
/** The last published year's 31 December, from the default start of new units (the day after it). */
const validFrom0 = (from: string | null) => (from === null ? null : `${Number(from.slice(0, 4)) - 1}-12-31`);
const retiredGroupMsg = (name: string) =>
  t(`考核类别“${name}”已停用，不能再加入考核对象`, `the group "${name}" is retired and takes no units`);
const openReportsMsg = (n: number) =>
  t(
    `该单位还有 ${n} 份未办结的报送（草稿、已报送或被退回），不能停用`,
    `the unit has ${n} open report(s) (draft, submitted or returned) and cannot be retired`,
  );

const spec = (groupNames: string[]): SheetSpec<Key> => ({
  sheet: '考核对象',
  title: '考核对象（单位）',
  columns: columns(groupNames),
  notes: ['6. 单位不会因导入而删除；不再参加考核的单位请把状态改为“停用”。'],
});

async function loadGroups(db: Database, actor: Actor) {
  return db
    .select({
      id: unitGroups.id,
      code: unitGroups.code,
      name: unitGroups.name,
      kind: unitGroups.kind,
      retired: sql<boolean>`${unitGroups.retiredAt} is not null`,
    })
    .from(unitGroups)
    .where(eq(unitGroups.tenantId, actor.tenantId))
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code));
}

const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  shortName: units.shortName,
  kind: units.kind,
  groupId: units.groupId,
  contactName: units.contactName,
  contactPhone: units.contactPhone,
  sortOrder: units.sortOrder,
  active: units.active,
  version: units.version,
  validTo: units.validTo,
};

export const unitsKind: ExcelKind = {
  kind: 'units',
  fileName: '考核对象',
  async spec(db, actor) {
    return spec((await loadGroups(db, actor)).map((g) => g.name));
  },

  async exportRows(db, actor) {
    const groups = await loadGroups(db, actor);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    // Data scope as in the units list: a unit account exports its own unit only.
    const where =
      actor.role === 'unit'
        ? and(eq(units.tenantId, actor.tenantId), eq(units.id, actor.unitId ?? '00000000-0000-0000-0000-000000000000'))
        : eq(units.tenantId, actor.tenantId);
    const rows = await db
      .select({ ...unitColumns, groupSort: unitGroups.sortOrder })
      .from(units)
      .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
      .where(where)
      .orderBy(asc(unitGroups.sortOrder), asc(units.sortOrder), asc(units.code));
    return rows.map((u): Record<Key, CellValue> => ({
      code: u.code,
      name: u.name,
      shortName: u.shortName,
      kind: u.kind === 'township' ? KIND_NAMES.township : KIND_NAMES.department,
      group: groupName.get(u.groupId) ?? '',
      contactName: u.contactName,
      contactPhone: u.contactPhone,
      sortOrder: u.sortOrder,
      status: u.active ? '启用' : '停用',
    }));
  },

  async importRows(tx, actor, wb, issues, ctx): Promise<ImportOutcome> {
    const groups = await loadGroups(tx, actor);
    const sheet = spec(groups.map((g) => g.name));
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const existing = await tx.select(unitColumns).from(units).where(eq(units.tenantId, actor.tenantId));
    const byCode = new Map(existing.map((u) => [u.code, u]));
    const groupBy = new Map<string, (typeof groups)[number]>();
    for (const g of groups) {
      groupBy.set(g.name, g);
      groupBy.set(g.code, g);
    }
    // Groups the file names that the county lacks: created only when the office confirmed (createGroups).
    const newGroups = new Map<string, { name: string; kind: 'township' | 'department'; row: number }>();
    const NEW = 'new:';

    const codeRow = new Map<string, number>();
    const nameRow = new Map<string, number>();
    type Planned = {
      code: string;
      name: string;
      shortName: string | null;
      kind: 'township' | 'department';
      groupId: string;
      contactName: string | null;
      contactPhone: string | null;
      sortOrder: number | null;
      active: boolean | null;
    };
    const planned: Planned[] = [];
    for (const { row, values: v } of rows) {
      const before = issues.total;
      const code = v.code === null ? null : String(v.code);
      const name = v.name === null ? null : String(v.name);
      if (code !== null) {
        if (!/^[A-Za-z0-9_-]+$/.test(code)) issues.add(row, cols.code, msg.codeFormat());
        const first = codeRow.get(code);
        if (first !== undefined) issues.add(row, cols.code, msg.duplicate(code, first));
        else codeRow.set(code, row);
      }
      if (name !== null) {
        const first = nameRow.get(name);
        if (first !== undefined) issues.add(row, cols.name, msg.duplicate(name, first));
        else nameRow.set(name, row);
      }
      const kind = v.kind === KIND_NAMES.township ? 'township' : v.kind === KIND_NAMES.department ? 'department' : null;
      let group = v.group === null ? undefined : groupBy.get(String(v.group));
      if (v.group !== null && !group) {
        const name = String(v.group);
        const planned = newGroups.get(name);
        if (!ctx.createGroups) issues.add(row, cols.group, newGroupMsg(name));
        else if (name.length > 32) issues.add(row, cols.group, msg.tooLong(32));
        else if (kind && planned && planned.kind !== kind) {
          issues.add(row, cols.group, msg.groupKind(name, planned.kind === 'township' ? '乡镇' : '县直部门'));
        } else if (kind) {
          if (!planned) newGroups.set(name, { name, kind, row });
          group = { id: `${NEW}${name}`, code: '', name, kind, retired: false };
        }
      }
      if (group && kind && group.kind !== kind) {
        issues.add(row, cols.group, msg.groupKind(group.name, group.kind === 'township' ? '乡镇' : '县直部门'));
      }
      // A retired group takes no units (one already in it may stay).
      if (group?.retired && code !== null && byCode.get(code)?.groupId !== group.id) {
        issues.add(row, cols.group, retiredGroupMsg(group.name));
      }
      const phone = v.contactPhone === null ? null : String(v.contactPhone);
      if (phone !== null && !/^[0-9+\- ]{3,32}$/.test(phone)) issues.add(row, cols.contactPhone, msg.phoneFormat());
      if (issues.total > before || !code || !name || !kind || !group) continue;
      planned.push({
        code,
        name,
        shortName: v.shortName === null ? null : String(v.shortName),
        kind,
        groupId: group.id,
        contactName: v.contactName === null ? null : String(v.contactName),
        contactPhone: phone,
        sortOrder: typeof v.sortOrder === 'number' ? v.sortOrder : null,
        active: v.status === null ? null : v.status === '启用',
      });
    }
    // A name must stay unique in the county once the file is applied (units not in the file keep theirs).
    for (const u of existing) {
      const row = nameRow.get(u.name);
      if (row === undefined || codeRow.has(u.code)) continue;
      issues.add(row, cols.name, msg.taken(u.name, `${u.code}`));
    }
    // Retiring a unit (状态 停用) with open reports would leave them with no one.
    const retiring = planned.filter((p) => p.active === false && byCode.get(p.code)?.active === true);
    if (retiring.length > 0) {
      const open = await tx
        .select({ unitId: reports.unitId, n: sql<number>`count(*)::int` })
        .from(reports)
        .where(
          and(
            eq(reports.tenantId, actor.tenantId),
            inArray(
              reports.unitId,
              retiring.map((p) => byCode.get(p.code)?.id ?? ''),
            ),
            inArray(reports.status, ['draft', 'submitted', 'returned']),
          ),
        )
        .groupBy(reports.unitId);
      for (const o of open) {
        const code = existing.find((u) => u.id === o.unitId)?.code;
        const row = code === undefined ? undefined : codeRow.get(code);
        if (row !== undefined && Number(o.n) > 0) issues.add(row, cols.status, openReportsMsg(Number(o.n)));
      }
    }
    // Bringing back a unit that ended before a published year's end would change that year.
    const lastPublished = validFrom0(await defaultValidFrom(tx, actor.tenantId));
    for (const p of planned) {
      const u = byCode.get(p.code);
      if (p.active !== true || !u || u.active || u.validTo === null || lastPublished === null) continue;
      if (u.validTo < lastPublished) issues.add(codeRow.get(p.code) ?? 0, cols.status, publishedMsg());
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    // The confirmed new groups, with codes G01, G02 … that the county does not use yet.
    if (newGroups.size > 0) {
      const taken = new Set(groups.map((g) => g.code));
      let n = 0;
      const code = () => {
        do n++;
        while (taken.has(`G${String(n).padStart(2, '0')}`));
        return `G${String(n).padStart(2, '0')}`;
      };
      const made = await insertGroups(
        tx,
        actor.tenantId,
        [...newGroups.values()].map((g) => ({ code: code(), name: g.name, kind: g.kind })),
      );
      const idOf = new Map(made.map((g) => [`${NEW}${g.name}`, g.id]));
      for (const p of planned) p.groupId = idOf.get(p.groupId) ?? p.groupId;
    }
    const validFrom = await defaultValidFrom(tx, actor.tenantId);
    const day = today();

    const codeOf = new Map(existing.map((u) => [u.id, u.code]));
    const toCreate = planned.filter((p) => !byCode.has(p.code));
    const toUpdate = planned.flatMap((p) => {
      const u = byCode.get(p.code);
      if (!u) return [];
      const next = {
        name: p.name,
        shortName: p.shortName,
        kind: p.kind,
        groupId: p.groupId,
        contactName: p.contactName,
        contactPhone: p.contactPhone,
        sortOrder: p.sortOrder ?? u.sortOrder,
        active: p.active ?? u.active,
      };
      const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => next[k] === u[k]);
      return same ? [] : [{ id: u.id, ...next }];
    });
    for (let i = 0; i < toCreate.length; i += CHUNK) {
      await tx.insert(units).values(
        toCreate.slice(i, i + CHUNK).map((p) => ({
          tenantId: actor.tenantId,
          code: p.code,
          name: p.name,
          shortName: p.shortName,
          kind: p.kind,
          groupId: p.groupId,
          contactName: p.contactName,
          contactPhone: p.contactPhone,
          sortOrder: p.sortOrder ?? 0,
          active: p.active ?? true,
          // A new unit starts after the last published year; one imported as 停用 takes part in no year.
          validFrom: p.active === false ? day : validFrom,
          validTo: p.active === false ? day : null,
        })),
      );
    }
    for (const u of toUpdate) {
      const before = byCode.get(codeOf.get(u.id) ?? '');
      if (!before || before.active === u.active) continue;
      // 停用 ends the unit today (unless it ended earlier); 启用 opens it again.
      await tx
        .update(units)
        .set(
          u.active
            ? { validTo: null }
            : { validTo: sql`least(coalesce(${units.validTo}, ${day}::date), ${day}::date)` },
        )
        .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, u.id)));
    }
    // Names are unique per county: renamed units first take a placeholder (their id), so a file that swaps two
    // names does not trip the unique index halfway through.
    for (const u of toUpdate) {
      if (u.name === byCode.get(codeOf.get(u.id) ?? '')?.name) continue;
      await tx
        .update(units)
        .set({ name: u.id })
        .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, u.id)));
    }
    // One UPDATE … FROM (VALUES …) per chunk: 10,000 changed rows in about a second instead of ten.
    for (let i = 0; i < toUpdate.length; i += CHUNK) {
      const rows = toUpdate
        .slice(i, i + CHUNK)
        .map(
          (u) =>
            sql`(${u.id}::uuid, ${u.name}::text, ${u.shortName}::text, ${u.kind}::text, ${u.groupId}::uuid, ${u.contactName}::text, ${u.contactPhone}::text, ${u.sortOrder}::int, ${u.active}::boolean)`,
        );
      await tx.execute(sql`
        update ${units} set name = v.name, short_name = v.short_name, kind = v.kind, group_id = v.group_id,
          contact_name = v.contact_name, contact_phone = v.contact_phone, sort_order = v.sort_order,
          active = v.active, version = ${units.version} + 1, updated_at = now()
        from (values ${sql.join(rows, sql`, `)})
          as v(id, name, short_name, kind, group_id, contact_name, contact_phone, sort_order, active)
        where ${units.id} = v.id and ${units.tenantId} = ${actor.tenantId}`);
    }
    return {
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged: planned.length - toCreate.length - toUpdate.length,
    };
  },
};
