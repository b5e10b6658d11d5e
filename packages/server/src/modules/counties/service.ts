/**
 * Counties (the `tenants` table): creating one from zero — its official identity and the three administrators of
 * 三员分立 — and finding the county a CLI command acts on. Used by `yardstick county create` and the first-run page.
 */
import { randomInt } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { tenants, users } from '../../db/schema';
import { AppError } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import { systemActor } from '../auth/actor';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { rememberPassword } from '../auth/service';
import type { AdminAccount, CreatedCounty } from './schemas';

export const ADMIN_ROLES_OF_COUNTY = ['sysadmin', 'secadmin', 'auditor'] as const;
export type CountyAdminRole = (typeof ADMIN_ROLES_OF_COUNTY)[number];

export interface CountyIdentity {
  /** 发文机关: the red header of the county's documents. */
  issuingOrgan: string;
  /** The document number, `{year}` and `{n}` filled in (documentNumber). */
  docNumberPattern: string;
  /** 署名机关: the organ named above the date. */
  signatureOrgan: string;
}

/** The identity a new county gets when the options are left out, derived from its name (e.g. 青山县). */
export function defaultIdentity(name: string): CountyIdentity {
  const organ = `中共${name}委考核工作领导小组办公室`;
  return { issuingOrgan: organ, docNumberPattern: `${name}考核办〔{year}〕{n}号`, signatureOrgan: organ };
}

/**
 * The identity printed on a county's documents. A county stored without one (created before issue 15, or by a
 * test factory) gets one organ named one way in the red header and the signature (中共X委考核工作领导小组办公室)
 * and the number its documents always had (县考核办〔Y〕N号).
 */
export function countyIdentity(row: {
  name: string;
  issuingOrgan?: string | null;
  docNumberPattern?: string | null;
  signatureOrgan?: string | null;
}): CountyIdentity {
  return {
    issuingOrgan: row.issuingOrgan ?? `中共${row.name}委考核工作领导小组办公室`,
    docNumberPattern: row.docNumberPattern ?? '县考核办〔{year}〕{n}号',
    signatureOrgan: row.signatureOrgan ?? `中共${row.name}委考核工作领导小组办公室`,
  };
}

/** 'XX考核办〔{year}〕{n}号', 2026, 3 → 'XX考核办〔2026〕3号'. */
export function documentNumber(pattern: string, year: number | string, n: number): string {
  return pattern.replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

export function checkDocNumberPattern(pattern: string): void {
  if (!pattern.includes('{n}')) throw new AppError('DOC_NUMBER_PATTERN_INVALID');
}

/** The administrators' usernames when none are given: the county's code, a dot, the role (qingshan.sysadmin). */
export function defaultAdminUsername(code: string, role: CountyAdminRole): string {
  return `${code}.${role}`;
}

export const ADMIN_DISPLAY_NAMES: Record<CountyAdminRole, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
};

const ALPHABET = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '@#%+=',
};

/**
 * A one-time password for a new administrator: 16 characters from unambiguous letters and digits with a symbol,
 * every class present (cryptographic randomness). It is printed once and must be changed at the first sign-in.
 */
export function generatePassword(): string {
  const pick = (s: string) => s[randomInt(s.length)] ?? 'x';
  const all = ALPHABET.lower + ALPHABET.upper + ALPHABET.digit;
  for (;;) {
    const chars = Array.from({ length: 14 }, () => pick(all));
    chars.splice(randomInt(chars.length + 1), 0, pick(ALPHABET.symbol));
    chars.splice(randomInt(chars.length + 1), 0, pick(ALPHABET.digit));
    const p = chars.join('');
    if (/[a-z]/.test(p) && /[A-Z]/.test(p) && passwordProblems(p).length === 0) return p;
  }
}

export async function listCounties(db: Database) {
  return db.select({ id: tenants.id, code: tenants.code, name: tenants.name }).from(tenants).orderBy(asc(tenants.code));
}

export async function hasAnyCounty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: tenants.id }).from(tenants).limit(1);
  return rows.length > 0;
}

/**
 * The county a CLI command acts on: the one named by --tenant, else the only county in the database. With several
 * and none named the command is refused with their codes (never a silent default to the demo).
 */
export async function resolveCounty(db: Database, code: string | undefined) {
  const all = await db.select().from(tenants).orderBy(asc(tenants.code));
  if (code !== undefined) {
    const found = all.find((t) => t.code === code.trim().toLowerCase());
    if (!found) throw new AppError('COUNTY_NOT_FOUND', { code });
    return found;
  }
  if (all.length === 0) throw new AppError('NO_COUNTY');
  if (all.length > 1) throw new AppError('COUNTY_REQUIRED', { codes: all.map((t) => t.code).join(', ') });
  const only = all[0];
  if (!only) throw new AppError('NO_COUNTY');
  return only;
}

export interface CreateCountyInput {
  code: string;
  name: string;
  currentYear?: number | undefined;
  issuingOrgan?: string | undefined;
  docNumberPattern?: string | undefined;
  signatureOrgan?: string | undefined;
  admins: Record<CountyAdminRole, AdminAccount>;
}

/**
 * Creates a county with its identity and its three administrators in one transaction: a duplicate code (or
 * username clash) writes nothing. `onlyIfNone`: the first-run page — refused with SETUP_DONE once any county exists,
 * checked under a lock so two simultaneous first runs cannot both succeed. Each administrator must change the
 * password at the first sign-in.
 */
export async function createCounty(
  db: Database,
  input: CreateCountyInput,
  opts: { onlyIfNone?: boolean; ip?: string | null; via: 'cli' | 'setup' },
): Promise<CreatedCounty> {
  const code = input.code.trim().toLowerCase();
  const name = input.name.trim();
  const defaults = defaultIdentity(name);
  const identity: CountyIdentity = {
    issuingOrgan: input.issuingOrgan?.trim() || defaults.issuingOrgan,
    docNumberPattern: input.docNumberPattern?.trim() || defaults.docNumberPattern,
    signatureOrgan: input.signatureOrgan?.trim() || defaults.signatureOrgan,
  };
  checkDocNumberPattern(identity.docNumberPattern);
  const usernames = ADMIN_ROLES_OF_COUNTY.map((r) => input.admins[r].username);
  if (new Set(usernames).size !== usernames.length) {
    throw new AppError('CONFLICT', { field: '用户名', fieldEn: 'Username', value: usernames.join(', ') });
  }
  for (const r of ADMIN_ROLES_OF_COUNTY) {
    if (passwordProblems(input.admins[r].password).length > 0) throw new AppError('VALIDATION_FAILED');
  }
  // Hash outside the transaction: argon2 is slow on purpose, and PGlite holds one connection.
  const hashes = await Promise.all(ADMIN_ROLES_OF_COUNTY.map((r) => hashPassword(input.admins[r].password)));
  const currentYear = input.currentYear ?? Number(shanghaiDay().slice(0, 4));

  return db.transaction(async (tx) => {
    // Serialises county creation (first run against first run, code against code) without needing table locks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('yardstick:county-create'))`);
    const existing = await tx.select({ id: tenants.id, code: tenants.code }).from(tenants);
    if (opts.onlyIfNone && existing.length > 0) throw new AppError('SETUP_DONE');
    if (existing.some((t) => t.code === code)) throw new AppError('COUNTY_CODE_TAKEN', { code });
    const [tenant] = await tx
      .insert(tenants)
      .values({ code, name, currentYear, ...identity })
      .returning({ id: tenants.id });
    if (!tenant) throw new AppError('INTERNAL');
    const actor = { ...systemActor(tenant.id, name), ip: opts.ip ?? null };
    await recordAudit(tx, actor, {
      action: 'county.create',
      entityType: 'tenant',
      entityId: tenant.id,
      summary: `${opts.via === 'setup' ? '首次设置页' : '命令行'}创建县区 ${name}（${code}）及三员账号`,
      after: { code, name, currentYear, ...identity },
    });
    const admins: CreatedCounty['admins'] = [];
    for (const [i, role] of ADMIN_ROLES_OF_COUNTY.entries()) {
      const a = input.admins[role];
      const passwordHash = hashes[i] ?? '';
      const [row] = await tx
        .insert(users)
        .values({
          tenantId: tenant.id,
          username: a.username,
          displayName: a.displayName,
          role,
          passwordHash,
          mustChangePassword: true,
          passwordChangedAt: new Date(),
        })
        .returning({ id: users.id });
      if (!row) throw new AppError('INTERNAL');
      await rememberPassword(tx, tenant.id, row.id, passwordHash);
      await recordAudit(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        summary: `新建县区管理员账号 ${a.username}（${a.displayName}），角色 ${role}，首次登录须修改密码`,
        after: { username: a.username, displayName: a.displayName, role },
      });
      admins.push({ role, username: a.username });
    }
    return { id: tenant.id, code, name, ...identity, admins };
  });
}

/** The identity of one county, for documents. */
export async function identityOf(db: Database, tenantId: string): Promise<CountyIdentity & { name: string }> {
  const [row] = await db
    .select({
      name: tenants.name,
      issuingOrgan: tenants.issuingOrgan,
      docNumberPattern: tenants.docNumberPattern,
      signatureOrgan: tenants.signatureOrgan,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new AppError('NOT_FOUND');
  return { name: row.name, ...countyIdentity(row) };
}
