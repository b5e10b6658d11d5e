import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { SERVER_ROOT } from './lib/package-root';

/** An IPv4/IPv6 address, optionally with a prefix length (what Fastify's trustProxy / proxy-addr accepts). */
function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().url().optional(),
  // The role that owns the schema and runs the migrations; DATABASE_URL is then the runtime role, which owns nothing.
  DATABASE_OWNER_URL: z.string().url().optional(),
  // Connections per instance to PostgreSQL (audited writes wait for the audit chain's lock while holding one).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  // Sessions: idle and absolute lifetimes (等保: idle timeout required).
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  // Secure cookies need HTTPS; set COOKIE_SECURE=true behind TLS.
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Days after which a password must be changed; 0 turns expiry off.
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).default(0),
  // HMAC key for signed audit checkpoints; without it a key file under DATA_DIR is created (one instance only).
  AUDIT_SIGNING_KEY: z.string().min(32).optional(),
  // Or a file holding it, outside DATA_DIR (a key inside DATA_DIR is refused in production).
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  // Where the daily audit anchors (the chain's signed head) are exported; default DATA_DIR/anchors.
  AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  // `audit verify` fails when the newest signed checkpoint is further behind the chain's head than this.
  AUDIT_CHECKPOINT_MAX_HOURS: z.coerce.number().min(1).default(24),
  AUDIT_CHECKPOINT_MAX_RECORDS: z.coerce.number().int().min(0).default(10000),
  // Audit records younger than this many months can never be pruned (等保: at least six).
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(6).default(6),
  // Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8).
  // Unset: the header is ignored and the client address is the connection's (a client cannot forge it).
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .refine((list) => list.every(isAddressOrCidr), { message: 'addresses or CIDRs, comma-separated' }),
  // Sign-in attempts per minute from one client address (brute-force protection).
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  // Voting requests (code look-ups and ballots) per minute from one client address (guessing codes).
  VOTE_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  // Ballots are revealed to the database in shuffled batches of at least this many per rater group (anonymity set).
  BALLOT_MIX_K: z.coerce.number().int().min(1).max(1000).default(10),
  // Key sealing accepted ballots until they are revealed; without it, derived from the audit signing key.
  BALLOT_POOL_KEY: z.string().min(32).optional(),
  // true: office and the three admin roles must use a TOTP second factor (等保 level 3 for privileged roles).
  MFA_REQUIRED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Daily digest by e-mail: set SMTP_HOST (and the rest as the relay needs) to send; unset = recorded only.
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default('yardstick@localhost'),
  // Warn a city indicator's responsible units this many days before the city's node deadline (R22).
  CITY_WARN_DAYS: z.coerce.number().int().min(1).max(90).default(10),
  // Largest evidence file a unit may upload, in MB (issue 5 reports).
  EVIDENCE_MAX_MB: z.coerce.number().min(0.001).max(1024).default(20),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseOwnerUrl: string | undefined;
  databasePoolSize: number;
  logLevel: string;
  isProduction: boolean;
  session: { idleMinutes: number; absoluteHours: number; cookieSecure: boolean };
  seedDemo: boolean;
  webDist: string;
  passwordMaxAgeDays: number;
  auditSigningKey: string | undefined;
  auditSigningKeyFile: string | undefined;
  auditAnchorDir: string;
  /** How far the newest signed checkpoint may lag the chain's head (0 records: no limit on the count). */
  auditCheckpointPolicy: { maxHours: number; maxRecords: number };
  auditRetentionMonths: number;
  mfaRequired: boolean;
  /** Proxy addresses/CIDRs whose X-Forwarded-For is trusted; empty: trust none. */
  trustProxy: string[];
  loginRateLimit: number;
  voteRateLimit: number;
  /** Smallest batch in which ballots are revealed (docs/security.md, ballot anonymity). */
  ballotMixK: number;
  ballotPoolKey: string | undefined;
  /** null: no SMTP relay configured, digests are recorded only. */
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string } | null;
  cityWarnDays: number;
  evidenceMaxMb: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    isProduction: e.NODE_ENV === 'production',
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      cookieSecure: e.COOKIE_SECURE,
    },
    seedDemo: e.SEED_DEMO,
    passwordMaxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
    auditSigningKey: e.AUDIT_SIGNING_KEY,
    auditSigningKeyFile: e.AUDIT_SIGNING_KEY_FILE ? path.resolve(cwd, e.AUDIT_SIGNING_KEY_FILE) : undefined,
    auditAnchorDir: path.resolve(cwd, e.AUDIT_ANCHOR_DIR ?? path.join(e.DATA_DIR, 'anchors')),
    auditCheckpointPolicy: { maxHours: e.AUDIT_CHECKPOINT_MAX_HOURS, maxRecords: e.AUDIT_CHECKPOINT_MAX_RECORDS },
    auditRetentionMonths: e.AUDIT_RETENTION_MONTHS,
    mfaRequired: e.MFA_REQUIRED,
    trustProxy: e.TRUST_PROXY,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    voteRateLimit: e.VOTE_RATE_LIMIT,
    ballotMixK: e.BALLOT_MIX_K,
    ballotPoolKey: e.BALLOT_POOL_KEY,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
          ...(e.SMTP_PASS ? { pass: e.SMTP_PASS } : {}),
          from: e.SMTP_FROM,
        }
      : null,
    cityWarnDays: e.CITY_WARN_DAYS,
    evidenceMaxMb: e.EVIDENCE_MAX_MB,
    webDist: path.resolve(SERVER_ROOT, '../web/dist'),
  };
}
