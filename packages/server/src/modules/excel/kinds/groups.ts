/**
 * Unit groups (考核类别) in Excel (issue 15): code, name, unit type, order, status. A row with a new code creates
 * the group; an existing code renames, reorders, retires or restores it. Retiring a group that still has
 * active units is refused for that row, and nothing is written.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { unitGroups, units } from '../../../db/schema';
import type { Actor } from '../../auth/actor';
import { insertGroups } from '../../units/groups';
import { msg, t } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';

const KIND_NAMES = { township: '乡镇', department: '县直部门' } as const;
const STATUS = ['启用', '停用'] as const;

type Key = 'code' | 'name' | 'kind' | 'sortOrder' | 'status';

const COLUMNS: Column<Key>[] = [
  {
    key: 'code',
    header: '类别编码',
    headerEn: 'group code',
    type: 'text',
    locked: true,
    required: true,
    width: 14,
    maxLength: 32,
    nfkc: true,
    help: '字母、数字、下划线或短横线，全县唯一，考核方案按它引用类别；已有编码的行修改该类别，新编码新增类别',
  },
  {
    key: 'name',
    header: '类别名称',
    headerEn: 'group name',
    type: 'text',
    required: true,
    width: 20,
    maxLength: 32,
    help: '如 乡镇、党群部门；全县唯一',
  },
  {
    key: 'kind',
    header: '单位类型',
    headerEn: 'unit type',
    type: 'text',
    required: true,
    width: 12,
    options: Object.values(KIND_NAMES),
    help: '乡镇 或 县直部门；已有类别的单位类型不能修改',
  },
  {
    key: 'sortOrder',
    header: '排序',
    headerEn: 'order',
    type: 'int',
    width: 8,
    min: 0,
    max: 100_000,
    help: '显示顺序，0–100000 的整数；留空时新类别排在最后，已有类别不变',
  },
  {
    key: 'status',
    header: '状态',
    headerEn: 'status',
    type: 'text',
    width: 8,
    options: STATUS,
    help: '启用 或 停用；还有启用单位的类别不能停用',
  },
];

const SPEC: SheetSpec<Key> = {
  sheet: '考核类别',
  title: '考核类别',
  columns: COLUMNS,
  notes: ['6. 类别不会因导入而删除；不再使用的类别请把状态改为“停用”（须先调整或停用其中的单位）。'],
};

const groupMsg = {
  kindFixed: (kind: string) =>
    t(`已有类别的单位类型为“${kind}”，不能修改`, `the existing group's unit type is ${kind} and cannot change`),
  hasUnits: (n: number) =>
    t(
      `该类别还有 ${n} 个启用的考核对象，不能停用；请先把它们调整到其他类别或停用`,
      `the group still has ${n} active unit(s); move or retire them first`,
    ),
};

export const groupsKind: ExcelKind = {
  kind: 'groups',
  fileName: '考核类别',
  spec: () => Promise.resolve(SPEC),

  async exportRows(db, actor) {
    const rows = await db
      .select()
      .from(unitGroups)
      .where(eq(unitGroups.tenantId, actor.tenantId))
      .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code));
    return rows.map((g): Record<Key, CellValue> => ({
      code: g.code,
      name: g.name,
      kind: g.kind === 'township' ? KIND_NAMES.township : KIND_NAMES.department,
      sortOrder: g.sortOrder,
      status: g.retiredAt ? '停用' : '启用',
    }));
  },

  async importRows(tx: Database, actor: Actor, wb, issues): Promise<ImportOutcome> {
    const cols = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const rows = readSheet(wb, SPEC, issues);
    checkRequired(rows, SPEC, issues);
    const existing = await tx.select().from(unitGroups).where(eq(unitGroups.tenantId, actor.tenantId));
    const byCode = new Map(existing.map((g) => [g.code, g]));
    const activeCounts = new Map(
      (
        await tx
          .select({ groupId: units.groupId, n: sql<number>`count(*)::int` })
          .from(units)
          .where(and(eq(units.tenantId, actor.tenantId), eq(units.active, true)))
          .groupBy(units.groupId)
      ).map((r) => [r.groupId, Number(r.n)]),
    );
    const codeRow = new Map<string, number>();
    const nameRow = new Map<string, number>();
    type Planned = { code: string; name: string; kind: string; sortOrder: number | null; retired: boolean | null };
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
      const old = code === null ? undefined : byCode.get(code);
      if (old && kind && old.kind !== kind) {
        issues.add(row, cols.kind, groupMsg.kindFixed(old.kind === 'township' ? '乡镇' : '县直部门'));
      }
      const retired = v.status === null ? null : v.status === '停用';
      if (old && retired && !old.retiredAt) {
        const n = activeCounts.get(old.id) ?? 0;
        if (n > 0) issues.add(row, cols.status, groupMsg.hasUnits(n));
      }
      if (issues.total > before || !code || !name || !kind) continue;
      planned.push({ code, name, kind, sortOrder: typeof v.sortOrder === 'number' ? v.sortOrder : null, retired });
    }
    // Names stay unique: a group not in the file keeps its name.
    for (const g of existing) {
      const row = nameRow.get(g.name);
      if (row === undefined || codeRow.has(g.code)) continue;
      issues.add(row, cols.name, msg.taken(g.name, g.code));
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    const toCreate = planned.filter((p) => !byCode.has(p.code));
    let updated = 0;
    // Renamed groups first take a placeholder (their id), so a file that swaps two names passes.
    const changes = planned.flatMap((p) => {
      const g = byCode.get(p.code);
      if (!g) return [];
      const next = {
        name: p.name,
        sortOrder: p.sortOrder ?? g.sortOrder,
        retiredAt: p.retired === null ? g.retiredAt : p.retired ? (g.retiredAt ?? new Date()) : null,
      };
      const same = next.name === g.name && next.sortOrder === g.sortOrder && next.retiredAt === g.retiredAt;
      return same ? [] : [{ g, next }];
    });
    for (const { g, next } of changes) {
      if (next.name !== g.name) await tx.update(unitGroups).set({ name: g.id }).where(eq(unitGroups.id, g.id));
    }
    for (const { g, next } of changes) {
      await tx
        .update(unitGroups)
        .set({ ...next, version: g.version + 1 })
        .where(and(eq(unitGroups.tenantId, actor.tenantId), eq(unitGroups.id, g.id)));
      updated++;
    }
    const created = await insertGroups(tx, actor.tenantId, toCreate);
    const retire = toCreate.filter((p) => p.retired).map((p) => p.code);
    for (const c of created) {
      if (retire.includes(c.code))
        await tx.update(unitGroups).set({ retiredAt: new Date() }).where(eq(unitGroups.id, c.id));
    }
    return { created: created.length, updated, unchanged: planned.length - created.length - updated };
  },
};
