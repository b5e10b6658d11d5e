import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sessions, units, users } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { rememberPassword } from '../auth/service';
import { ADMIN_ROLES, can, type Role } from '../auth/roles';
import type { CreateUser, UpdateUser, User, UserListQuery } from './schemas';
import { containing } from '../../lib/like';

type UserRow = typeof users.$inferSelect & { unitName: string | null };

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: row.unitName,
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

const isAdminRole = (role: Role) => (ADMIN_ROLES as readonly Role[]).includes(role);
const columns = { user: users, unitName: units.name };

export async function listUsers(db: Database, actor: Actor, query: UserListQuery) {
  const filters: (SQL | undefined)[] = [eq(users.tenantId, actor.tenantId)];
  if (query.q) {
    const like = containing(query.q);
    filters.push(or(ilike(users.username, like), ilike(users.displayName, like), ilike(units.name, like)));
  }
  if (query.role) filters.push(eq(users.role, query.role));
  if (query.active !== undefined) filters.push(eq(users.active, query.active));
  const where = and(...filters);
  const [rows, totals] = await Promise.all([
    db
      .select(columns)
      .from(users)
      .leftJoin(units, eq(units.id, users.unitId))
      .where(where)
      .orderBy(asc(users.role), asc(users.username))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(users).leftJoin(units, eq(units.id, users.unitId)).where(where),
  ]);
  return { items: rows.map((r) => presentUser({ ...r.user, unitName: r.unitName })), total: totals[0]?.n ?? 0 };
}

export async function getUser(db: Database, actor: Actor, id: string): Promise<User> {
  const rows = await db
    .select(columns)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, id)));
  const row = rows[0];
  if (!row) throw notFound('账号', 'User');
  return presentUser({ ...row.user, unitName: row.unitName });
}

/** A unit account names its unit; an assessor account its department; other roles belong to no unit. */
async function checkUnitForRole(db: Database, actor: Actor, role: Role, unitId: string | null | undefined) {
  const needsUnit = role === 'unit' || role === 'assessor';
  if (!needsUnit) {
    if (unitId) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_not_allowed' }]);
    return null;
  }
  if (!unitId) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_required' }]);
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, unitId)));
  if (!rows[0]) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'unitId', message: 'i18n:unit_not_found' }]);
  return unitId;
}

export async function createUser(db: Database, actor: Actor, input: CreateUser): Promise<User> {
  // 三员分立: the system administrator creates business accounts; admin roles come from the security administrator.
  if (isAdminRole(input.role)) throw new AppError('ROLE_NOT_ALLOWED');
  return db.transaction(async (tx) => {
    const unitId = await checkUnitForRole(tx, actor, input.role, input.unitId);
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.username, input.username)));
    if (taken[0]) {
      const params = { field: '用户名', fieldEn: 'Username', value: input.username };
      throw new AppError('CONFLICT', params, [{ path: 'username', message: '' }]);
    }
    const passwordHash = await hashPassword(input.password);
    const [row] = await tx
      .insert(users)
      .values({
        tenantId: actor.tenantId,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        unitId,
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: new Date(),
      })
      .returning({ id: users.id });
    if (!row) throw new AppError('INTERNAL');
    await rememberPassword(tx, actor.tenantId, row.id, passwordHash);
    const created = await getUser(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      summary: `新建账号 ${created.username}（${created.displayName}），角色 ${created.role}`,
      after: created,
    });
    return created;
  });
}

export async function updateUser(db: Database, actor: Actor, id: string, input: UpdateUser): Promise<User> {
  const { version, role, unitId, ...profile } = input;
  const changesProfile = Object.values(profile).some((v) => v !== undefined);
  // Field-level policy: the route lets both user administrators in; each may change only their own fields.
  // The unit goes with the role when the security administrator changes it, otherwise it is account data.
  if ((changesProfile || (unitId !== undefined && role === undefined)) && !can(actor.role, 'users:write')) {
    throw new AppError('FORBIDDEN');
  }
  if (role !== undefined && !can(actor.role, 'users:assignRole')) throw new AppError('FORBIDDEN');
  if (id === actor.userId && (role !== undefined || profile.active === false)) throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const before = await getUser(tx, actor, id);
    if (
      isAdminRole(before.role) &&
      !can(actor.role, 'users:assignRole') &&
      (profile.active !== undefined || unitId !== undefined)
    ) {
      // Admin accounts' status is the security administrator's business.
      throw new AppError('ROLE_NOT_ALLOWED');
    }
    const nextRole = role ?? before.role;
    const needsUnit = nextRole === 'unit' || nextRole === 'assessor';
    const requested = unitId !== undefined ? unitId : needsUnit ? before.unitId : null;
    const nextUnit = await checkUnitForRole(tx, actor, nextRole, requested);
    const updated = await tx
      .update(users)
      .set({
        ...(profile.displayName !== undefined ? { displayName: profile.displayName } : {}),
        ...(profile.active !== undefined ? { active: profile.active } : {}),
        role: nextRole,
        unitId: nextUnit,
        version: version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    // A disabled account or a changed role must not keep its open sessions.
    if (profile.active === false || nextRole !== before.role) await tx.delete(sessions).where(eq(sessions.userId, id));
    const after = await getUser(tx, actor, id);
    await recordAudit(tx, actor, {
      action: role !== undefined && role !== before.role ? 'user.role_change' : 'user.update',
      entityType: 'user',
      entityId: id,
      summary:
        role !== undefined && role !== before.role
          ? `账号 ${after.username} 角色由 ${before.role} 改为 ${after.role}`
          : `修改账号 ${after.username}`,
      before,
      after,
    });
    return after;
  });
}

export async function resetPassword(db: Database, actor: Actor, id: string, password: string): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await getUser(tx, actor, id);
    if (isAdminRole(target.role) && target.id !== actor.userId) throw new AppError('ROLE_NOT_ALLOWED');
    const passwordHash = await hashPassword(password);
    await rememberPassword(tx, actor.tenantId, id, passwordHash);
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: new Date(),
        failedLogins: 0,
        lockedUntil: null,
        version: target.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      summary: `重置账号 ${target.username} 的密码`,
    });
  });
}

/** The security administrator clears an account's second factor (e.g. a lost phone); it must enrol again. */
export async function resetTotp(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await getUser(tx, actor, id);
    await tx.update(users).set({ totpEnabled: false, totpSecret: null, totpLastStep: null }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: 'user.reset_totp',
      entityType: 'user',
      entityId: id,
      summary: `重置账号 ${target.username} 的双因素认证`,
    });
  });
}
