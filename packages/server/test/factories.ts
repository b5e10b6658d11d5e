import { randomUUID } from 'node:crypto';
import type { Database } from '../src/db/client';
import { tenants, unitGroups, units, users } from '../src/db/schema';
import { hashPassword } from '../src/modules/auth/passwords';
import { ROLES, type Role } from '../src/modules/auth/roles';

export const TEST_PASSWORD = 'Test@Password1';

export interface County {
  tenantId: string;
  code: string;
  groups: { township: string; department: string };
  units: { town1: string; town2: string; dept1: string; dept2: string };
  /** username of the account of each role */
  usernames: Record<Role, string>;
  userIds: Record<Role, string>;
}

let passwordHash: Promise<string> | null = null;

/**
 * A county of its own for each test file (or test): 2 groups, 4 units, one account per role.
 * Usernames carry the county code, so counties never collide when files share one PostgreSQL.
 */
export async function createCounty(db: Database, name = '测试县'): Promise<County> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const code = `t${randomUUID().slice(0, 8)}`;
  const [tenant] = await db.insert(tenants).values({ code, name, currentYear: 2019 }).returning();
  if (!tenant) throw new Error('no tenant');
  const [township, department] = await db
    .insert(unitGroups)
    .values([
      { tenantId: tenant.id, code: 'township', name: '乡镇', kind: 'township', sortOrder: 1 },
      { tenantId: tenant.id, code: 'government', name: '政府部门', kind: 'department', sortOrder: 2 },
    ])
    .returning();
  if (!township || !department) throw new Error('no groups');
  const rows = await db
    .insert(units)
    .values([
      { tenantId: tenant.id, code: 'XZ01', name: '一号镇', kind: 'township', groupId: township.id, sortOrder: 1 },
      { tenantId: tenant.id, code: 'XZ02', name: '二号乡', kind: 'township', groupId: township.id, sortOrder: 2 },
      {
        tenantId: tenant.id,
        code: 'ZF01',
        name: '县政府办公室',
        kind: 'department',
        groupId: department.id,
        sortOrder: 1,
      },
      { tenantId: tenant.id, code: 'ZF02', name: '县财政局', kind: 'department', groupId: department.id, sortOrder: 2 },
    ])
    .returning();
  const [town1, town2, dept1, dept2] = rows.map((r) => r.id);
  if (!town1 || !town2 || !dept1 || !dept2) throw new Error('no units');
  const usernames = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const username = `${code}.${role}`;
    const unitId = role === 'unit' ? town1 : role === 'assessor' ? dept1 : null;
    const [u] = await db
      .insert(users)
      .values({ tenantId: tenant.id, username, displayName: `${role} 用户`, role, unitId, passwordHash: hash })
      .returning();
    if (!u) throw new Error('no user');
    usernames[role] = username;
    userIds[role] = u.id;
  }
  return {
    tenantId: tenant.id,
    code,
    groups: { township: township.id, department: department.id },
    units: { town1, town2, dept1, dept2 },
    usernames,
    userIds,
  };
}
