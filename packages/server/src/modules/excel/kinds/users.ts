import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { sessions, units, users } from '../../../db/schema';
import type { Database } from '../../../db/client';
import type { Actor } from '../../auth/actor';
import { hashPassword } from '../../auth/passwords';
import { ADMIN_ROLES, BUSINESS_ROLES, can, ROLE_NAMES, type Role } from '../../auth/roles';
import { requestCreateConfirmation } from '../../users/service';
import { msg } from '../messages';
import { checkRequired, readSheet, type CellValue, type Column, type SheetSpec } from '../workbook';
import type { ExcelKind, ImportOutcome } from './kind';
import { unitLookup } from './unitref';

type Key = 'username' | 'displayName' | 'role' | 'unitCode' | 'unitName' | 'status';
const STATUS = ['启用', '停用'] as const;
const CHUNK = 500;

const roleName = (r: Role) => ROLE_NAMES[r]['zh-CN'];
const BUSINESS_NAMES = BUSINESS_ROLES.map(roleName);
const roleByName = new Map<string, Role>(BUSINESS_ROLES.map((r) => [roleName(r), r]));
const isAdmin = (r: string) => (ADMIN_ROLES as readonly string[]).includes(r);

function columns(unitCodes: string[]): Column<Key>[] {
  return [
    {
      key: 'username',
      header: '用户名',
      headerEn: 'username',
      type: 'text',
      locked: true,
      required: true,
      width: 18,
      nfkc: true,
      help: '3–32 位小写字母、数字、下划线、点或短横线，全县唯一；已有用户名的行更新该账号',
    },
    {
      key: 'displayName',
      header: '姓名',
      headerEn: 'name',
      type: 'text',
      required: true,
      width: 14,
      maxLength: 32,
      help: '使用人姓名',
    },
    {
      key: 'role',
      header: '角色',
      headerEn: 'role',
      type: 'text',
      required: true,
      width: 14,
      options: BUSINESS_NAMES,
      help: '考核办、考核主体、被考核单位或县领导（管理员账号不能导入）',
    },
    {
      key: 'unitCode',
      header: '所属单位编码',
      headerEn: 'unit code',
      type: 'text',
      width: 14,
      options: unitCodes,
      lenient: true,
      nfkc: true,
      help: '被考核单位、考核主体账号必填，其他角色留空',
    },
    {
      key: 'unitName',
      header: '所属单位名称',
      headerEn: 'unit name',
      type: 'text',
      width: 26,
      informational: true,
      help: '仅供查看，导入时忽略（以单位编码为准）',
    },
    {
      key: 'status',
      header: '状态',
      headerEn: 'status',
      type: 'text',
      width: 8,
      options: STATUS,
      help: '启用 或 停用；留空时新账号为启用，已有账号不变',
    },
  ];
}

const spec = (unitCodes: string[]): SheetSpec<Key> => ({
  sheet: '账号',
  title: '账号',
  columns: columns(unitCodes),
  notes: [
    '6. 表中不填写密码：新账号由系统生成一次性初始密码，导入结果中只显示一次，请及时转交本人；首次登录须修改密码。',
    '7. 角色变更须由安全管理员在账号管理中操作；账号不会因导入而删除，停用请把状态改为“停用”。',
  ],
});

/** A one-time password that meets the policy: 14 characters with every class, no look-alike characters. */
export function oneTimePassword(): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '@#%+=?'];
  const all = sets.join('');
  const chars = sets.map((s) => s.charAt(randomInt(s.length)));
  while (chars.length < 14) chars.push(all.charAt(randomInt(all.length)));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

async function loadUnits(db: Database, actor: Actor) {
  return db
    .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName })
    .from(units)
    .where(eq(units.tenantId, actor.tenantId))
    .orderBy(asc(units.code));
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  active: users.active,
};

export const usersKind: ExcelKind = {
  kind: 'users',
  fileName: '账号',
  async spec(db, actor) {
    return spec((await loadUnits(db, actor)).map((u) => u.code));
  },

  async exportRows(db, actor) {
    // Business accounts only: administrator accounts are not managed through files (三员分立).
    const rows = await db
      .select({ ...userColumns, unitCode: units.code, unitName: units.name })
      .from(users)
      .leftJoin(units, eq(units.id, users.unitId))
      .where(and(eq(users.tenantId, actor.tenantId), inArray(users.role, [...BUSINESS_ROLES])))
      .orderBy(asc(users.role), asc(users.username));
    return rows.map((u): Record<Key, CellValue> => ({
      username: u.username,
      displayName: u.displayName,
      role: roleName(u.role as Role),
      unitCode: u.unitCode,
      unitName: u.unitName,
      status: u.active ? '启用' : '停用',
    }));
  },

  async importRows(tx, actor, wb, issues): Promise<ImportOutcome> {
    const unitList = await loadUnits(tx, actor);
    const sheet = spec(unitList.map((u) => u.code));
    const cols = Object.fromEntries(sheet.columns.map((c) => [c.key, c])) as Record<Key, Column<Key>>;
    const rows = readSheet(wb, sheet, issues);
    checkRequired(rows, sheet, issues);
    const unitOf = unitLookup(unitList);
    const existing = await tx.select(userColumns).from(users).where(eq(users.tenantId, actor.tenantId));
    const byName = new Map(existing.map((u) => [u.username, u]));
    const mayAssignRole = can(actor.role, 'users:assignRole');

    const seen = new Map<string, number>();
    type Planned = { username: string; displayName: string; role: Role; unitId: string | null; active: boolean | null };
    const planned: Planned[] = [];
    for (const { row, values: v } of rows) {
      const before = issues.total;
      const username = v.username === null ? null : String(v.username).toLowerCase();
      if (username !== null) {
        if (!/^[a-z0-9_.-]{3,32}$/.test(username)) issues.add(row, cols.username, msg.usernameFormat());
        const first = seen.get(username);
        if (first !== undefined) issues.add(row, cols.username, msg.duplicate(username, first));
        else seen.set(username, row);
      }
      const current = username === null ? undefined : byName.get(username);
      if (current && isAdmin(current.role)) issues.add(row, cols.username, msg.adminRole());
      const role = v.role === null ? null : (roleByName.get(String(v.role)) ?? null);
      if (current && role && !isAdmin(current.role) && current.role !== role && !mayAssignRole) {
        issues.add(row, cols.role, msg.roleChange(roleName(current.role as Role), roleName(role)));
      }
      let unitId: string | null = null;
      const code = v.unitCode === null ? null : String(v.unitCode);
      if (role === 'unit' || role === 'assessor') {
        if (code === null) issues.add(row, cols.unitCode, msg.unitRequired());
        else {
          // The code, or the unit's name or short name when it names exactly one unit.
          const hit = unitOf(code);
          if ('id' in hit) unitId = hit.id;
          else issues.add(row, cols.unitCode, hit.error);
        }
      } else if (role && code !== null) {
        issues.add(row, cols.unitCode, msg.unitNotAllowed(roleName(role)));
      }
      if (issues.total > before || !username || !role || v.displayName === null) continue;
      planned.push({
        username,
        displayName: String(v.displayName),
        role,
        unitId,
        active: v.status === null ? null : v.status === '启用',
      });
    }
    if (!issues.empty) return { created: 0, updated: 0, unchanged: 0 };

    const toCreate = planned.filter((p) => !byName.has(p.username));
    const toUpdate = planned.flatMap((p) => {
      const u = byName.get(p.username);
      if (!u) return [];
      const next = { displayName: p.displayName, role: p.role, unitId: p.unitId, active: p.active ?? u.active };
      const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => next[k] === u[k]);
      return same ? [] : [{ id: u.id, before: u, ...next }];
    });

    // New accounts get a generated one-time password (argon2 hashes in parallel on libuv's pool).
    const passwords: { username: string; password: string }[] = [];
    for (let i = 0; i < toCreate.length; i += CHUNK) {
      const chunk = toCreate.slice(i, i + CHUNK);
      const values = await Promise.all(
        chunk.map(async (p) => {
          const password = oneTimePassword();
          passwords.push({ username: p.username, password });
          return {
            tenantId: actor.tenantId,
            username: p.username,
            displayName: p.displayName,
            role: p.role,
            unitId: p.unitId,
            active: p.active ?? true,
            passwordHash: await hashPassword(password),
            mustChangePassword: true,
            passwordChangedAt: new Date(),
          };
        }),
      );
      const inserted = await tx.insert(users).values(values).returning({ id: users.id });
      // Issue 14: an imported business account signs in only once the security administrator confirms it.
      await requestCreateConfirmation(
        tx,
        actor,
        inserted.map((r) => r.id),
      );
    }
    for (const u of toUpdate) {
      await tx
        .update(users)
        .set({
          displayName: u.displayName,
          role: u.role,
          unitId: u.unitId,
          active: u.active,
          version: sql`${users.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, u.id)));
      // A disabled account or a changed role must not keep its open sessions.
      if (!u.active || u.role !== u.before.role) await tx.delete(sessions).where(eq(sessions.userId, u.id));
    }
    passwords.sort((a, b) => (a.username < b.username ? -1 : 1));
    return {
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged: planned.length - toCreate.length - toUpdate.length,
      passwords,
    };
  },
};
