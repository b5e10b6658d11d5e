import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { passwordHistory, sessions, tenants, units, users } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from './actor';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { isRole, mfaApplies } from './roles';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp';

export const SESSION_COOKIE = 'ys_session';
const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;
// Touching last_seen_at on every request would turn each read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

/** A reset password, or one older than the configured maximum age, must be changed before anything else. */
export function passwordChangeDue(
  config: Config,
  user: { mustChangePassword: boolean; passwordChangedAt: Date | null },
  now = Date.now(),
): boolean {
  if (user.mustChangePassword) return true;
  if (config.passwordMaxAgeDays <= 0 || !user.passwordChangedAt) return false;
  return now - user.passwordChangedAt.getTime() > config.passwordMaxAgeDays * 86_400_000;
}

export function totpEnrolmentDue(config: Config, user: { role: string; totpEnabled: boolean }): boolean {
  return config.mfaRequired && isRole(user.role) && mfaApplies(user.role) && !user.totpEnabled;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface LoginInput {
  username: string;
  password: string;
  tenant?: string | undefined;
  /** The TOTP code, for accounts with a second factor. */
  otp?: string | undefined;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionInfo {
  token: string;
  csrfToken: string;
  actor: Actor;
  expiresAt: Date;
}

async function findLoginCandidate(db: Database, username: string, tenantCode: string | undefined) {
  const rows = await db
    .select({ user: users, tenantName: tenants.name, tenantCode: tenants.code })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(tenantCode ? and(eq(users.username, username), eq(tenants.code, tenantCode)) : eq(users.username, username));
  if (rows.length > 1) throw new AppError('TENANT_REQUIRED');
  return rows[0] ?? null;
}

export async function login(db: Database, config: Config, input: LoginInput): Promise<SessionInfo> {
  const username = input.username.trim().toLowerCase();
  const found = await findLoginCandidate(db, username, input.tenant);
  if (!found) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await db.transaction((tx) =>
      recordAudit(tx, null, {
        action: 'auth.login_failed',
        entityType: 'user',
        summary: `登录失败：用户名 ${username} 不存在`,
        after: { username, ip: input.ip },
      }),
    );
    throw new AppError('INVALID_CREDENTIALS');
  }
  const { user } = found;
  const now = new Date();
  const failActor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: isRole(user.role) ? user.role : 'unit',
    tenantId: user.tenantId,
    tenantName: found.tenantName,
    unitId: user.unitId,
    unitName: null,
    ip: input.ip,
    mustChangePassword: passwordChangeDue(config, user),
    mustEnrollTotp: totpEnrolmentDue(config, user),
  };
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', { minutes });
  }
  // A wrong password and a wrong second factor count alike towards the lockout.
  const fail = async (what: 'password' | 'otp'): Promise<never> => {
    await db.transaction(async (tx) => {
      const failed = user.failedLogins + 1;
      const lock = failed >= MAX_FAILED_LOGINS;
      await tx
        .update(users)
        .set({
          failedLogins: lock ? 0 : failed,
          lockedUntil: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.lockedUntil,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, failActor, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        summary: lock
          ? `连续 ${MAX_FAILED_LOGINS} 次登录失败，账号 ${user.username} 锁定 ${LOCK_MINUTES} 分钟`
          : `登录失败：账号 ${user.username} ${what === 'otp' ? '动态验证码错误' : '密码错误'}（第 ${failed} 次）`,
      });
    });
    throw new AppError(what === 'otp' ? 'OTP_INVALID' : 'INVALID_CREDENTIALS');
  };
  if (!(await verifyPassword(user.passwordHash, input.password))) await fail('password');
  let totpStep: number | null = null;
  if (user.totpEnabled && user.totpSecret) {
    if (!input.otp) throw new AppError('OTP_REQUIRED');
    totpStep = verifyTotp(user.totpSecret, input.otp, now.getTime(), user.totpLastStep);
    if (totpStep === null) await fail('otp');
  }
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');
  if (!isRole(user.role)) throw new AppError('FORBIDDEN');

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.session.absoluteHours * 3_600_000);
  const unitName = user.unitId
    ? ((await db.select({ name: units.name }).from(units).where(eq(units.id, user.unitId)))[0]?.name ?? null)
    : null;
  const actor: Actor = { ...failActor, role: user.role, unitName };
  await db.transaction(async (tx) => {
    // A fresh session id at every login (no session fixation).
    await tx.insert(sessions).values({
      id: hashToken(token),
      tenantId: user.tenantId,
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await tx
      .update(users)
      .set({
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: now,
        ...(totpStep !== null ? { totpLastStep: totpStep } : {}),
      })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.displayName}（${user.username}）登录`,
    });
  });
  return { token, csrfToken, actor, expiresAt };
}

export type SessionLookup =
  { status: 'none' } | { status: 'expired' } | { status: 'ok'; actor: Actor; csrfToken: string; sessionId: string };

/**
 * Every request looks its session up: the query is built once per database and prepared (building a drizzle query
 * costs more CPU than PostgreSQL spends answering this one).
 */
function prepareSessionLookup(db: Database) {
  return db
    .select({
      session: sessions,
      user: users,
      tenantName: tenants.name,
      unitName: units.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('ys_session_lookup');
}
const sessionLookups = new WeakMap<Database, ReturnType<typeof prepareSessionLookup>>();
function sessionLookupQuery(db: Database) {
  let q = sessionLookups.get(db);
  if (!q) {
    q = prepareSessionLookup(db);
    sessionLookups.set(db, q);
  }
  return q;
}

export async function lookupSession(
  db: Database,
  config: Config,
  token: string,
  ip: string | null,
): Promise<SessionLookup> {
  const id = hashToken(token);
  const rows = await sessionLookupQuery(db).execute({ id });
  const row = rows[0];
  if (!row) return { status: 'none' };
  const now = Date.now();
  const idleDeadline = row.session.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
  if (row.session.expiresAt.getTime() <= now || idleDeadline <= now || !row.user.active || !isRole(row.user.role)) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { status: 'expired' };
  }
  if (now - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  }
  return {
    status: 'ok',
    sessionId: id,
    csrfToken: row.session.csrfToken,
    actor: {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      role: row.user.role,
      tenantId: row.user.tenantId,
      tenantName: row.tenantName,
      unitId: row.user.unitId,
      unitName: row.unitName,
      ip,
      mustChangePassword: passwordChangeDue(config, row.user),
      mustEnrollTotp: totpEnrolmentDue(config, row.user),
    },
  };
}

export async function logout(db: Database, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await recordAudit(tx, actor, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      summary: `${actor.displayName}（${actor.username}）退出登录`,
    });
  });
}

/** Removes sessions past their absolute lifetime; run by the scheduler and at start. */
export async function purgeExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
}

export const PASSWORD_HISTORY_DEPTH = 5;

/** Records a new hash in the account's history (kept to the last PASSWORD_HISTORY_DEPTH). */
export async function rememberPassword(tx: Database, tenantId: string, userId: string, passwordHash: string) {
  await tx.insert(passwordHistory).values({ tenantId, userId, passwordHash });
  const keep = await tx
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(PASSWORD_HISTORY_DEPTH);
  const ids = keep.map((k) => k.id);
  if (ids.length === PASSWORD_HISTORY_DEPTH) {
    await tx.execute(
      sql`delete from password_history where user_id = ${userId} and id not in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
}

/** Is the password one of the account's last five (including the current one)? */
export async function isRecentPassword(db: Database, userId: string, currentHash: string, password: string) {
  if (await verifyPassword(currentHash, password)) return true;
  const recent = await db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt))
    .limit(PASSWORD_HISTORY_DEPTH);
  for (const r of recent) if (await verifyPassword(r.hash, password)) return true;
  return false;
}

/** The account holder changes their own password; every other session of theirs ends. */
export async function changePassword(
  db: Database,
  actor: Actor,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'currentPassword', message: 'i18n:current_password_wrong' }]);
  }
  if (await isRecentPassword(db, user.id, user.passwordHash, input.newPassword)) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'newPassword', message: 'i18n:password_reused' }]);
  }
  const newHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash: newHash,
        mustChangePassword: false,
        passwordChangedAt: new Date(),
        version: user.version + 1,
      })
      .where(eq(users.id, user.id));
    await rememberPassword(tx, user.tenantId, user.id, newHash);
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, sessionId)));
    await recordAudit(tx, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: user.id,
      summary: `${actor.displayName}（${actor.username}）修改了自己的密码`,
    });
  });
}

/** Starts enrolment: a new secret, not yet required at sign-in until a first code confirms it. */
export async function startTotp(db: Database, actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.totpEnabled) throw new AppError('TOTP_STATE', { enabled: 1 });
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecret: secret }).where(eq(users.id, user.id));
  return { secret, otpauthUrl: otpauthUrl(secret, `${actor.tenantName}:${actor.username}`) };
}

export async function enableTotp(db: Database, actor: Actor, code: string): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.totpEnabled || !user.totpSecret) throw new AppError('TOTP_STATE', { enabled: user.totpEnabled ? 1 : 0 });
  const step = verifyTotp(user.totpSecret, code, Date.now(), null);
  if (step === null) throw new AppError('OTP_INVALID');
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: true, totpLastStep: step }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, {
      action: 'auth.totp_enable',
      entityType: 'user',
      entityId: user.id,
      summary: `${actor.displayName}（${actor.username}）启用双因素认证`,
    });
  });
}

export async function disableTotp(db: Database, config: Config, actor: Actor, password: string): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (config.mfaRequired && mfaApplies(actor.role)) throw new AppError('TOTP_REQUIRED_FOR_ROLE');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'password', message: 'i18n:current_password_wrong' }]);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: false, totpSecret: null, totpLastStep: null })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, {
      action: 'auth.totp_disable',
      entityType: 'user',
      entityId: user.id,
      summary: `${actor.displayName}（${actor.username}）关闭双因素认证`,
    });
  });
}

export async function securityStatus(db: Database, config: Config, actor: Actor) {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  return {
    totpEnabled: user.totpEnabled,
    mfaRequired: config.mfaRequired && mfaApplies(actor.role),
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    passwordMaxAgeDays: config.passwordMaxAgeDays,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
