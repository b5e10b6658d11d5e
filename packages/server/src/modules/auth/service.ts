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

/**
 * Reserves one password check for the account, atomically: the count of failed (and in-flight) attempts goes
 * up by one unless the account is locked, and the attempt that reaches the limit locks it at once. However many
 * requests arrive in parallel, at most MAX_FAILED_LOGINS of them get to check a password per lock period.
 * A lock that has run out is cleared by the next reservation. Returns the attempt's number, or null if locked.
 */
async function reserveAttempt(db: Database, userId: string): Promise<number | null> {
  const fresh = sql`(${users.lockedUntil} is not null or ${users.failedLogins} >= ${MAX_FAILED_LOGINS})`;
  const next = sql`(case when ${fresh} then 1 else ${users.failedLogins} + 1 end)`;
  const rows = await db
    .update(users)
    .set({
      failedLogins: next,
      lockedUntil: sql`case when ${next} >= ${MAX_FAILED_LOGINS} then now() + ${LOCK_MINUTES} * interval '1 minute' else null end`,
    })
    .where(and(eq(users.id, userId), sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`))
    .returning({ attempt: users.failedLogins });
  return rows[0]?.attempt ?? null;
}

/** Gives a reservation back (the password was right but the second factor is still to come). */
async function releaseAttempt(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({
      failedLogins: sql`greatest(${users.failedLogins} - 1, 0)`,
      lockedUntil: sql`case when ${users.failedLogins} - 1 >= ${MAX_FAILED_LOGINS} then ${users.lockedUntil} else null end`,
    })
    .where(eq(users.id, userId));
}

/**
 * Signs in. Every refusal before the password is known to be right — unknown name, wrong password, locked,
 * disabled or not yet confirmed account — answers the same INVALID_CREDENTIALS after one argon2 verification,
 * so neither the answer nor its timing tells them apart; the audit log and the account list keep the real reason.
 */
export async function login(db: Database, config: Config, input: LoginInput): Promise<SessionInfo> {
  const username = input.username.trim().toLowerCase();
  const found = await findLoginCandidate(db, username, input.tenant);
  const refuse = async (actor: Actor | null, entityId: string | null, summary: string): Promise<never> => {
    // Spend what a real check costs, so the refusal takes as long as a wrong password.
    await verifyPassword(await dummyPasswordHash(), input.password);
    await db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: 'auth.login_failed',
        entityType: 'user',
        ...(entityId ? { entityId } : {}),
        summary,
        ...(actor ? {} : { after: { username, ip: input.ip } }),
      }),
    );
    throw new AppError('INVALID_CREDENTIALS');
  };
  if (!found) return refuse(null, null, `登录失败：用户名 ${username} 不存在`);
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
  // Disabled and unconfirmed accounts neither check the password nor count towards the lockout.
  if (!user.active) return refuse(failActor, user.id, `登录被拒：账号 ${user.username} 已停用`);
  if (user.awaitingConfirmation) {
    return refuse(failActor, user.id, `登录被拒：账号 ${user.username} 尚待安全管理员确认`);
  }
  if (!isRole(user.role)) return refuse(failActor, user.id, `登录被拒：账号 ${user.username} 的角色无效`);
  const attempt = await reserveAttempt(db, user.id);
  if (attempt === null) return refuse(failActor, user.id, `登录被拒：账号 ${user.username} 已锁定`);

  // The reservation already counted this attempt as a failure; a wrong password only writes it down.
  const fail = async (what: 'password' | 'otp'): Promise<never> => {
    const lock = attempt >= MAX_FAILED_LOGINS;
    await db.transaction((tx) =>
      recordAudit(tx, failActor, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        summary: lock
          ? `连续 ${MAX_FAILED_LOGINS} 次登录失败，账号 ${user.username} 锁定 ${LOCK_MINUTES} 分钟`
          : `登录失败：账号 ${user.username} ${what === 'otp' ? '动态验证码错误' : '密码错误'}（第 ${attempt} 次）`,
      }),
    );
    throw new AppError(what === 'otp' ? 'OTP_INVALID' : 'INVALID_CREDENTIALS');
  };
  if (!(await verifyPassword(user.passwordHash, input.password))) await fail('password');
  let totpStep: number | null = null;
  if (user.totpEnabled && user.totpSecret) {
    if (!input.otp) {
      await releaseAttempt(db, user.id);
      throw new AppError('OTP_REQUIRED');
    }
    totpStep = verifyTotp(user.totpSecret, input.otp, now.getTime(), user.totpLastStep);
    if (totpStep === null) await fail('otp');
  }

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
