import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';
import { SERVER_ROOT } from '../lib/package-root';
import { acquireDataDirLock, type DataDirLock } from './lock';

export type Schema = typeof schema;
/** A database or a transaction: query functions take this as their first argument so callers can compose them. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

const noop = () => undefined;

export const MIGRATIONS_DIR = path.join(SERVER_ROOT, 'drizzle');

export interface MigrationStatus {
  applied: number;
  latest: number;
  name: string | null;
}

export interface DbHandle {
  db: Database;
  kind: DatabaseKind;
  migrate(): Promise<MigrationStatus>;
  migrationStatus(): Promise<MigrationStatus>;
  /**
   * Runs `fn` while holding a database-wide lock, so that several processes (app instances starting together)
   * do it one at a time. PGlite has one process per data directory, so there it just runs.
   */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface JournalEntry {
  idx: number;
  tag: string;
}

function journal(): JournalEntry[] {
  const raw = fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8');
  return (JSON.parse(raw) as { entries: JournalEntry[] }).entries;
}

async function readStatus(db: Database): Promise<MigrationStatus> {
  const entries = journal();
  let applied = 0;
  try {
    const result = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as {
      rows: { n: number }[];
    };
    applied = Number(result.rows[0]?.n ?? 0);
  } catch {
    applied = 0; // the migrations table does not exist yet
  }
  return { applied, latest: entries.length, name: entries[applied - 1]?.tag ?? null };
}

/**
 * The embedded database's shared buffers (issue 19, docs/performance.md "Memory"). PGlite's default of 128 MB is
 * allocated inside its WebAssembly heap when it opens, and that heap never shrinks: it was most of the embedded
 * server's idle memory. A county's database is tens of megabytes; pages beyond the buffers are read from the
 * operating system's file cache. Measured on the demo county: 110 MB less resident memory, idle under 400 MB.
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB';
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];

export type OpenOptions =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** The schema owner's connection: migrations run as it and grant the runtime role (`url`) its privileges. */
      ownerUrl?: string;
      /** The runtime role to grant, when `url` is not it (the operator's command line connects as the owner). */
      runtimeRole?: string;
    };

/** Opens the embedded PGlite database (file-backed, one process per directory) or a PostgreSQL pool. */
export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.kind === 'postgres') return openPostgres(opts.url, opts.poolSize ?? 10, opts.ownerUrl, opts.runtimeRole);
  let lock: DataDirLock | null = null;
  let client: PGlite;
  if (opts.kind === 'pglite') {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    lock = acquireDataDirLock(opts.dataDir);
    try {
      client = await PGlite.create(path.join(opts.dataDir, 'pgdata'), { startParams: EMBEDDED_START_PARAMS });
    } catch (err) {
      lock.release();
      throw err;
    }
  } else {
    client = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  const locks = new Map<number, Promise<void>>();
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      return readStatus(db);
    },
    migrationStatus: () => readStatus(db),
    // One process per data directory: an in-process queue per key is a database-wide lock here.
    withLock(key, fn) {
      const prev = locks.get(key) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      locks.set(key, run.then(noop, noop));
      return run;
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

async function openPostgres(
  url: string,
  poolSize: number,
  ownerUrl: string | undefined,
  runtimeRole: string | undefined,
): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      if (ownerUrl) {
        await migrateAsOwner(ownerUrl, runtimeRole ?? (await currentRole(pool)));
        return readStatus(db);
      }
      // Nothing pending: a runtime role without CREATE rights (the owner migrated) starts without touching the schema.
      const before = await readStatus(db);
      if (before.applied > 0 && before.applied === before.latest) return before;
      // Several instances may start at once: one migrates, the others wait on the advisory lock.
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock(727274)');
        await migratePg(drizzlePg(conn, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await conn.query('select pg_advisory_unlock(727274)').catch(() => undefined);
        conn.release();
      }
      return readStatus(db);
    },
    migrationStatus: () => readStatus(db),
    async withLock(key, fn) {
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await conn.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

async function currentRole(pool: pg.Pool): Promise<string> {
  const r = await pool.query<{ role: string }>('select current_user as role');
  return r.rows[0]?.role ?? '';
}

/**
 * Migrates as the schema owner, then grants the runtime role exactly what the application needs
 * (`yardstick_grant_runtime`, migration 0015): called after every run, so tables of later migrations are covered.
 */
async function migrateAsOwner(ownerUrl: string, runtimeRole: string): Promise<void> {
  const conn = new pg.Client({ connectionString: ownerUrl });
  await conn.connect();
  try {
    await conn.query('select pg_advisory_lock(727274)');
    await conn.query("select set_config('yardstick.runtime_role', $1, false)", [runtimeRole]);
    await migratePg(drizzlePg(conn, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    await conn.query('select yardstick_grant_runtime($1)', [runtimeRole]);
  } finally {
    await conn.query('select pg_advisory_unlock(727274)').catch(() => undefined);
    await conn.end();
  }
}

export interface RoleCheck {
  role: string;
  /** The runtime role is a superuser, or owns (or may act as the owner of) a table: it could alter the audit guard. */
  ownsSchema: boolean;
}

/** On PostgreSQL: whether the role the application serves with could ALTER its tables (null on PGlite). */
export async function checkRuntimeRole(handle: DbHandle): Promise<RoleCheck | null> {
  if (handle.kind !== 'postgres') return null;
  const r = (await handle.db.execute(sql`
    select current_user as role,
      coalesce((select rolsuper from pg_roles where rolname = current_user), false)
      or exists (
        select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'USAGE')
      ) as owns`)) as unknown as { rows: { role: string; owns: boolean }[] };
  const row = r.rows[0];
  return row ? { role: row.role, ownsSchema: Boolean(row.owns) } : null;
}
