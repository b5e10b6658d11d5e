import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accountRequests, sessions, units, users } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { rememberPassword } from '../auth/service';
import { ADMIN_ROLES, can, type Role } from '../auth/roles';
import type { AccountRequest, AccountRequestQuery, CreateUser, UpdateUser, User, UserListQuery } from './schemas';
import { containing } from '../../lib/like';

type UserRow = typeof users.$inferSelect & { unitName: string | null; pendingKind: string | null };

export function presentUser(row: UserRow, now = Date.now()): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: row.unitName,
    active: row.active,
    lockedUntil: row.lockedUntil && row.lockedUntil.getTime() > now ? row.lockedUntil.toISOString() : null,
    awaitingConfirmation: row.awaitingConfirmation,
    pendingRequest: row.pendingKind === 'create' || row.pendingKind === 'reset_password' ? row.pendingKind : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

const isAdminRole = (role: Role) => (ADMIN_ROLES as readonly Role[]).includes(role);
const columns = { user: users, unitName: units.name, pendingKind: accountRequests.kind };
const pendingOfUser = and(eq(accountRequests.userId, users.id), eq(accountRequests.status, 'pending'));

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
      .leftJoin(accountRequests, pendingOfUser)
      .where(where)
      .orderBy(asc(users.role), asc(users.username))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(users).leftJoin(units, eq(units.id, users.unitId)).where(where),
  ]);
  return {
    items: rows.map((r) => presentUser({ ...r.user, unitName: r.unitName, pendingKind: r.pendingKind })),
    total: totals[0]?.n ?? 0,
  };
}

export async function getUser(db: Database, actor: Actor, id: string): Promise<User> {
  const rows = await db
    .select(columns)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(accountRequests, pendingOfUser)
    .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, id)));
  const row = rows[0];
  if (!row) throw notFound('账号', 'User');
  return presentUser({ ...row.user, unitName: row.unitName, pendingKind: row.pendingKind });
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

/**
 * How an account change by the system administrator takes effect: `request` (the web app and imports) waits for the
 * security administrator's confirmation when it grants a business role or resets a business account's password;
 * `operator` (the CLI, run by whoever holds the server and its database) applies at once.
 */
export type AccountChangeMode = 'request' | 'operator';

/** Opens the security administrator's confirmation of new business accounts (web form and Excel import). */
export async function requestCreateConfirmation(tx: Database, actor: Actor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  for (const id of userIds) {
    await tx
      .update(users)
      .set({ awaitingConfirmation: true })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, id)));
  }
  await tx.insert(accountRequests).values(
    userIds.map((userId) => ({
      tenantId: actor.tenantId,
      kind: 'create',
      userId,
      requestedBy: actor.userId,
      requestedByName: `${actor.displayName}(${actor.username})`,
    })),
  );
}

/** Whether an account is a new one whose creation was rejected (disabled, never confirmed, nothing pending). */
async function rejectedNewAccount(
  tx: Database,
  actor: Actor,
  user: { id: string; awaitingConfirmation: boolean; active: boolean },
): Promise<boolean> {
  if (!user.awaitingConfirmation || user.active) return false;
  const requests = await tx
    .select({ kind: accountRequests.kind, status: accountRequests.status })
    .from(accountRequests)
    .where(and(eq(accountRequests.tenantId, actor.tenantId), eq(accountRequests.userId, user.id)));
  return (
    requests.some((r) => r.kind === 'create' && r.status === 'rejected') &&
    !requests.some((r) => r.status === 'pending' || (r.kind === 'create' && r.status === 'confirmed'))
  );
}

export async function createUser(
  db: Database,
  actor: Actor,
  input: CreateUser,
  mode: AccountChangeMode = 'request',
): Promise<User> {
  // 三员分立: the system administrator creates business accounts; admin roles come from the security administrator.
  if (isAdminRole(input.role)) throw new AppError('ROLE_NOT_ALLOWED');
  return db.transaction(async (tx) => {
    const unitId = await checkUnitForRole(tx, actor, input.role, input.unitId);
    const taken = await tx
      .select({ id: users.id, awaitingConfirmation: users.awaitingConfirmation, active: users.active })
      .from(users)
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.username, input.username)));
    // A new account the security administrator rejected never signed in: the request may be sent again (corrected)
    // under the same username. The account row is reused; its rejected request stays in the history.
    const resubmit = taken[0] && (await rejectedNewAccount(tx, actor, taken[0])) ? taken[0] : null;
    if (taken[0] && !resubmit) {
      const params = { field: '用户名', fieldEn: 'Username', value: input.username };
      throw new AppError('CONFLICT', params, [{ path: 'username', message: '' }]);
    }
    const passwordHash = await hashPassword(input.password);
    const fields = {
      displayName: input.displayName,
      role: input.role,
      unitId,
      passwordHash,
      mustChangePassword: true,
      passwordChangedAt: new Date(),
    };
    const [row] = resubmit
      ? await tx
          .update(users)
          .set({
            ...fields,
            active: true,
            awaitingConfirmation: mode === 'request',
            failedLogins: 0,
            lockedUntil: null,
            version: sql`${users.version} + 1`,
            updatedAt: new Date(),
          })
          .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, resubmit.id)))
          .returning({ id: users.id })
      : await tx
          .insert(users)
          .values({ tenantId: actor.tenantId, username: input.username, ...fields })
          .returning({ id: users.id });
    if (!row) throw new AppError('INTERNAL');
    await rememberPassword(tx, actor.tenantId, row.id, passwordHash);
    if (mode === 'request') await requestCreateConfirmation(tx, actor, [row.id]);
    const created = await getUser(tx, actor, row.id);
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      summary:
        `${resubmit ? '重新提交被驳回的' : ''}新建账号 ${created.username}（${created.displayName}），角色 ${created.role}` +
        (mode === 'request' ? '，待安全管理员确认' : ''),
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

/** Sets a new password on the account and ends its sessions (the holder must change it at the next sign-in). */
async function applyPasswordReset(tx: Database, actor: Actor, target: User, passwordHash: string, summary: string) {
  await rememberPassword(tx, actor.tenantId, target.id, passwordHash);
  await tx
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: true,
      passwordChangedAt: new Date(),
      failedLogins: 0,
      lockedUntil: null,
      version: sql`${users.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, target.id));
  await tx.delete(sessions).where(eq(sessions.userId, target.id));
  await recordAudit(tx, actor, { action: 'user.reset_password', entityType: 'user', entityId: target.id, summary });
}

/**
 * Resets a password. A business account's reset by the system administrator only asks for it: the new password's
 * hash waits in a request until the security administrator confirms (returns the request); an administrator's own
 * password, and the CLI (`operator`), are reset at once (returns null).
 */
export async function resetPassword(
  db: Database,
  actor: Actor,
  id: string,
  password: string,
  mode: AccountChangeMode = 'request',
): Promise<{ status: 'pending'; requestId: string } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const target = await getUser(tx, actor, id);
    if (isAdminRole(target.role) && target.id !== actor.userId && mode !== 'operator') {
      throw new AppError('ROLE_NOT_ALLOWED');
    }
    if (mode === 'operator' || isAdminRole(target.role)) {
      await applyPasswordReset(tx, actor, target, passwordHash, `重置账号 ${target.username} 的密码`);
      return null;
    }
    if (target.pendingRequest) throw new AppError('ACCOUNT_REQUEST_PENDING');
    const inserted = await tx
      .insert(accountRequests)
      .values({
        tenantId: actor.tenantId,
        kind: 'reset_password',
        userId: id,
        passwordHash,
        requestedBy: actor.userId,
        requestedByName: `${actor.displayName}(${actor.username})`,
      })
      // A parallel request on the same account loses against the one-pending-per-account index.
      .onConflictDoNothing()
      .returning({ id: accountRequests.id });
    const requestId = inserted[0]?.id;
    if (!requestId) throw new AppError('ACCOUNT_REQUEST_PENDING');
    await recordAudit(tx, actor, {
      action: 'user.reset_password_requested',
      entityType: 'user',
      entityId: id,
      summary: `申请重置账号 ${target.username} 的密码，待安全管理员确认`,
    });
    return { status: 'pending' as const, requestId };
  });
}

const requestColumns = {
  request: accountRequests,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitName: units.name,
};

type RequestRow = {
  request: typeof accountRequests.$inferSelect;
  username: string;
  displayName: string;
  role: string;
  unitName: string | null;
};

function presentRequest(r: RequestRow): AccountRequest {
  return {
    id: r.request.id,
    kind: r.request.kind as AccountRequest['kind'],
    status: r.request.status as AccountRequest['status'],
    userId: r.request.userId,
    username: r.username,
    displayName: r.displayName,
    role: r.role as Role,
    unitName: r.unitName,
    requestedByName: r.request.requestedByName,
    requestedAt: r.request.requestedAt.toISOString(),
    decidedByName: r.request.decidedByName,
    decidedAt: r.request.decidedAt?.toISOString() ?? null,
    note: r.request.note,
  };
}

/** Both user administrators see the requests: the security administrator to decide, the system administrator to follow. */
export async function listRequests(db: Database, actor: Actor, query: AccountRequestQuery) {
  const where = and(
    eq(accountRequests.tenantId, actor.tenantId),
    query.status ? eq(accountRequests.status, query.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select(requestColumns)
      .from(accountRequests)
      .innerJoin(users, eq(users.id, accountRequests.userId))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(where)
      .orderBy(desc(accountRequests.requestedAt), asc(accountRequests.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(accountRequests).where(where),
  ]);
  return { items: rows.map(presentRequest), total: totals[0]?.n ?? 0 };
}

/**
 * Marks a pending request decided, atomically: of two decisions racing, one wins and the other is told the request
 * is already decided. Another county's request, or an unknown one, is not found.
 */
async function decide(tx: Database, actor: Actor, id: string, status: 'confirmed' | 'rejected', note: string | null) {
  const [row] = await tx
    .update(accountRequests)
    .set({
      status,
      decidedBy: actor.userId,
      decidedByName: `${actor.displayName}(${actor.username})`,
      decidedAt: new Date(),
      note,
      passwordHash: null,
    })
    .where(
      and(
        eq(accountRequests.tenantId, actor.tenantId),
        eq(accountRequests.id, id),
        eq(accountRequests.status, 'pending'),
      ),
    )
    .returning({ id: accountRequests.id });
  const found = await tx
    .select()
    .from(accountRequests)
    .where(and(eq(accountRequests.tenantId, actor.tenantId), eq(accountRequests.id, id)));
  const request = found[0];
  if (!request) throw notFound('申请', 'Request');
  if (!row) throw new AppError('ACCOUNT_REQUEST_DECIDED');
  // Two people: whoever asked cannot also confirm (the roles already differ; this holds even if they did not).
  if (request.requestedBy === actor.userId) throw new AppError('FORBIDDEN');
  return request;
}

async function requestView(tx: Database, actor: Actor, id: string): Promise<AccountRequest> {
  const rows = await tx
    .select(requestColumns)
    .from(accountRequests)
    .innerJoin(users, eq(users.id, accountRequests.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(accountRequests.tenantId, actor.tenantId), eq(accountRequests.id, id)));
  const row = rows[0];
  if (!row) throw notFound('申请', 'Request');
  return presentRequest(row);
}

/** The security administrator confirms: the new account may sign in, or the requested password takes effect. */
export async function confirmRequest(db: Database, actor: Actor, id: string): Promise<AccountRequest> {
  return db.transaction(async (tx) => {
    // The hash is cleared when the request is decided: read it first (the row is the caller's county's, or nothing).
    const [pending] = await tx
      .select({ passwordHash: accountRequests.passwordHash })
      .from(accountRequests)
      .where(and(eq(accountRequests.tenantId, actor.tenantId), eq(accountRequests.id, id)));
    const request = await decide(tx, actor, id, 'confirmed', null);
    const target = await getUser(tx, actor, request.userId);
    const by = `${request.requestedByName} 申请，${actor.displayName}(${actor.username}) 确认`;
    if (request.kind === 'create') {
      await tx
        .update(users)
        .set({ awaitingConfirmation: false, version: sql`${users.version} + 1`, updatedAt: new Date() })
        .where(eq(users.id, target.id));
      await recordAudit(tx, actor, {
        action: 'user.create_confirmed',
        entityType: 'user',
        entityId: target.id,
        summary: `确认新建账号 ${target.username}（${target.displayName}），角色 ${target.role}（${by}）`,
        before: target,
        after: await getUser(tx, actor, target.id),
      });
    } else {
      if (!pending?.passwordHash) throw new AppError('ACCOUNT_REQUEST_DECIDED');
      await applyPasswordReset(tx, actor, target, pending.passwordHash, `重置账号 ${target.username} 的密码（${by}）`);
    }
    return requestView(tx, actor, id);
  });
}

/** The security administrator refuses: nothing takes effect; a new account stays unable to sign in and is disabled. */
export async function rejectRequest(
  db: Database,
  actor: Actor,
  id: string,
  note: string | null | undefined,
): Promise<AccountRequest> {
  return db.transaction(async (tx) => {
    const request = await decide(tx, actor, id, 'rejected', note ?? null);
    const target = await getUser(tx, actor, request.userId);
    if (request.kind === 'create') {
      await tx
        .update(users)
        .set({ active: false, version: sql`${users.version} + 1`, updatedAt: new Date() })
        .where(eq(users.id, target.id));
    }
    await recordAudit(tx, actor, {
      action: request.kind === 'create' ? 'user.create_rejected' : 'user.reset_password_rejected',
      entityType: 'user',
      entityId: target.id,
      summary:
        (request.kind === 'create'
          ? `驳回新建账号 ${target.username}（${target.displayName}），账号停用`
          : `驳回重置账号 ${target.username} 的密码`) + (note ? `：${note}` : ''),
    });
    return requestView(tx, actor, id);
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
