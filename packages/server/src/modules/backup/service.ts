import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbHandle } from '../../db/client';
import * as schema from '../../db/schema';
import { AppError } from '../../errors';
import { verifyAuditChain } from '../audit/service';

/**
 * Logical backup: every county-data table as JSON, in foreign-key order, gzipped JSON lines.
 * PostgreSQL itself turns rows into JSON and back (json_agg / json_populate_recordset), so the format is
 * the same for PGlite and a PostgreSQL server, and a backup from one restores into the other.
 */
export const BACKUP_TABLES: readonly PgTable[] = [
  schema.tenants,
  schema.unitGroups,
  schema.units,
  schema.unitSuccessions,
  schema.users,
  schema.passwordHistory,
  schema.accountRequests,
  schema.schemes,
  schema.schemeVersions,
  schema.unitRecords,
  schema.reports,
  schema.evidenceFiles,
  schema.lights,
  schema.lightHistory,
  schema.redLightItems,
  schema.supervisionItems,
  schema.supervisionProgress,
  schema.cityIndicators,
  schema.cityIndicatorNodes,
  schema.notifications,
  schema.notificationSettings,
  schema.notificationDigests,
  schema.schedulerRuns,
  schema.evaluationCampaigns,
  schema.votingCodes,
  schema.ballots,
  schema.ballotPool,
  schema.resultReviews,
  schema.resultSnapshots,
  schema.tieDecisions,
  schema.resultCorrections,
  schema.appeals,
  schema.rectifications,
  schema.rectificationProgress,
  schema.yearendSettings,
  schema.resultHistory,
  schema.committeeReports,
  // issue 20 (R32, R33, R35): parents before children for the restore's foreign keys
  schema.targetNegotiations,
  schema.negotiationContacts,
  schema.sharedTasks,
  schema.sharedTaskDisputes,
  schema.unitLeaders,
  schema.rankingTables,
  schema.auditLog,
  schema.auditCheckpoints,
];
/** Not backed up: fixed reference data written by the migrations, and sessions (everyone signs in again). */
export const SKIPPED_TABLES: readonly PgTable[] = [schema.roles, schema.sessions];

const FORMAT = 'yardstick-backup';
const CHUNK = 2000;

interface TableInfo {
  name: string;
  key: string;
  identity: boolean;
}

export function info(table: PgTable): TableInfo {
  const config = getTableConfig(table);
  const pk = config.columns.find((c) => c.primary);
  if (!pk) throw new Error(`table ${config.name} has no single-column primary key`);
  return { name: config.name, key: pk.name, identity: config.columns.some((c) => c.generatedIdentity !== undefined) };
}

export type Rows = { rows: Record<string, unknown>[] };

/** A table's rows (those matching `filter`, e.g. one county's) as JSON, in key order, CHUNK rows at a time. */
export async function chunks(
  db: Database,
  t: TableInfo,
  onChunk: (json: string, count: number) => Promise<void> | void,
  filter: SQL = sql`true`,
) {
  let after: unknown = null;
  for (;;) {
    const where = after === null ? filter : sql`${filter} and ${sql.identifier(t.key)} > ${after}`;
    const result = (await db.execute(
      sql`select coalesce(json_agg(x order by ${sql.identifier(t.key)}), '[]')::text as rows, count(*)::int as n,
            (array_agg(${sql.identifier(t.key)} order by ${sql.identifier(t.key)} desc))[1]::text as last
          from (select * from ${sql.identifier(t.name)} where ${where}
                order by ${sql.identifier(t.key)} limit ${CHUNK}) x`,
    )) as unknown as Rows;
    const row = result.rows[0] as { rows: string; n: number; last: string | null } | undefined;
    if (!row || row.n === 0) return;
    await onChunk(row.rows, row.n);
    after = row.last;
    if (row.n < CHUNK) return;
  }
}

/** SHA-256 over a table's rows as PostgreSQL renders them: equal digests mean equal contents. */
async function tableDigests(db: Database): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const table of BACKUP_TABLES) {
    const t = info(table);
    const hash = createHash('sha256');
    let rows = 0;
    await chunks(db, t, (json, n) => {
      hash.update(json);
      rows += n;
    });
    out[t.name] = { rows, sha256: hash.digest('hex') };
  }
  return out;
}

export interface BackupHeader {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  database: string;
  migration: { applied: number; name: string | null };
  tables: Record<string, { rows: number; sha256: string }>;
  /** Evidence files (DATA_DIR/evidence) carried in the backup; `missing` were referenced but not on disk. */
  evidence?: { files: number; bytes: number; missing: string[] };
}

/** Where evidence files live: `<root>/<tenant id>/<stored name>` (modules/reports/evidence.ts). */
export interface FileOptions {
  evidenceRoot?: string;
}

export interface EvidenceRef {
  tenantId: string;
  storedName: string;
  sha256: string;
}

export const evidencePath = (root: string, f: Pick<EvidenceRef, 'tenantId' | 'storedName'>) =>
  path.join(root, f.tenantId, path.basename(f.storedName));

export async function backup(handle: DbHandle, file: string, opts: FileOptions = {}): Promise<BackupHeader> {
  const migration = await handle.migrationStatus();
  // One snapshot: read everything inside a single repeatable-read transaction.
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    const header: BackupHeader = {
      format: FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      database: handle.kind,
      migration: { applied: migration.applied, name: migration.name },
      tables: await tableDigests(tx),
    };
    // The files themselves go after the tables, one line each; the header says how many and which are missing.
    const files: EvidenceRef[] = opts.evidenceRoot
      ? await tx
          .select({
            tenantId: schema.evidenceFiles.tenantId,
            storedName: schema.evidenceFiles.storedName,
            sha256: schema.evidenceFiles.sha256,
          })
          .from(schema.evidenceFiles)
          .orderBy(schema.evidenceFiles.id)
      : [];
    const root = opts.evidenceRoot;
    const present = presentEvidence(root, files, header);
    const out = gzipLines(file);
    const write = out.write;
    await write(JSON.stringify(header));
    for (const table of BACKUP_TABLES) {
      const t = info(table);
      // json_agg separates elements with raw newlines; inside strings they are escaped, so removing them is safe.
      await chunks(tx, t, (json) => write(`{"table":${JSON.stringify(t.name)},"rows":${json.replaceAll('\n', '')}}`));
    }
    await writeEvidence(write, root, present);
    await out.finish();
    return header;
  });
}

/** The evidence files found under `root` (all of them when there is none), counted into the header. */
export function presentEvidence(
  root: string | undefined,
  files: EvidenceRef[],
  header: { evidence?: { files: number; bytes: number; missing: string[] } },
): EvidenceRef[] {
  if (!root) return [];
  const present = files.filter((f) => fs.existsSync(evidencePath(root, f)));
  header.evidence = {
    files: present.length,
    bytes: present.reduce((n, f) => n + fs.statSync(evidencePath(root, f)).size, 0),
    missing: files.filter((f) => !present.includes(f)).map((f) => f.storedName),
  };
  return present;
}

/** Evidence files as base64 lines after the tables. */
export async function writeEvidence(
  write: (line: string) => Promise<void>,
  root: string | undefined,
  present: EvidenceRef[],
): Promise<void> {
  for (const f of root ? present : []) {
    const data = fs.readFileSync(evidencePath(root ?? '', f));
    await write(JSON.stringify({ file: f, data: data.toString('base64') }));
  }
}

/**
 * A gzip file written line by line into `file.partial` and renamed to `file` only when complete: a crash
 * leaves a .partial, never a truncated backup.
 */
export function gzipLines(file: string): { write: (line: string) => Promise<void>; finish: () => Promise<void> } {
  const tmp = `${file}.partial`;
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(tmp);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  return {
    write: (line) => new Promise<void>((resolve) => (gz.write(`${line}\n`) ? resolve() : gz.once('drain', resolve))),
    finish: async () => {
      gz.end();
      await done;
      fs.renameSync(tmp, file);
    },
  };
}

async function readHeader(lines: AsyncIterator<string>): Promise<BackupHeader> {
  const first = await lines.next();
  let header: BackupHeader | null = null;
  try {
    header = first.done ? null : (JSON.parse(first.value) as BackupHeader);
  } catch {
    header = null;
  }
  if (!header || header.format !== FORMAT) throw new AppError('BACKUP_INVALID', { reason: 'not a Yardstick backup' });
  return header;
}

export interface RestoreReport {
  tables: Record<string, number>;
  /** Evidence files written back. */
  files: number;
  auditChainOk: boolean;
}

/**
 * Restores into an empty database (or, with `replace`, over the existing data) in one transaction:
 * a failure or a killed process leaves the database as it was. Contents are verified against the digests.
 */
export async function restore(
  handle: DbHandle,
  file: string,
  opts: { replace: boolean } & FileOptions,
): Promise<RestoreReport> {
  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let header: BackupHeader;
  try {
    header = await readHeader(lines);
  } catch (err) {
    stream.destroy();
    if (err instanceof AppError) throw err;
    throw new AppError('BACKUP_INVALID', { reason: (err as Error).message });
  }
  const migration = await handle.migrationStatus();
  if (migration.applied !== header.migration.applied) {
    throw new AppError('BACKUP_INVALID', {
      reason: `backup is at migration ${header.migration.applied}, this database at ${migration.applied}: restore with the matching version`,
    });
  }
  const byName = new Map(BACKUP_TABLES.map((t) => [info(t).name, info(t)]));
  const counts: Record<string, number> = {};
  let files = 0;
  await handle.db.transaction(async (tx) => {
    const existing = (await tx.execute(sql`select count(*)::int as n from tenants`)) as unknown as Rows;
    if (Number(existing.rows[0]?.n ?? 0) > 0) {
      if (!opts.replace) throw new AppError('RESTORE_NOT_EMPTY');
      const names = [...byName.keys()].map((n) => sql.identifier(n));
      await tx.execute(sql`truncate ${sql.join([...names, sql.identifier('sessions')], sql`, `)} cascade`);
    }
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as { table: string; rows: unknown[] } | { file: EvidenceRef; data: string };
      if ('file' in parsed) {
        restoreFile(parsed.file, parsed.data, opts.evidenceRoot);
        files++;
        continue;
      }
      const { table, rows } = parsed;
      const t = byName.get(table);
      if (!t) throw new AppError('BACKUP_INVALID', { reason: `unknown table ${table}` });
      const override = t.identity ? sql`overriding system value` : sql``;
      await tx.execute(
        sql`insert into ${sql.identifier(t.name)} ${override}
            select * from json_populate_recordset(null::${sql.identifier(t.name)}, ${JSON.stringify(rows)}::json)`,
      );
      counts[table] = (counts[table] ?? 0) + rows.length;
    }
    // The identity sequence must continue after the restored ids.
    await tx.execute(
      sql`select setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((select max(id) from audit_log), 0) + 1, false)`,
    );
    const digests = await tableDigests(tx);
    for (const [name, expected] of Object.entries(header.tables)) {
      const got = digests[name];
      if (!got || got.sha256 !== expected.sha256 || got.rows !== expected.rows) {
        throw new AppError('BACKUP_INVALID', { reason: `table ${name} does not match the backup's digest` });
      }
    }
  });
  const chain = await verifyAuditChain(handle.db);
  return { tables: counts, files, auditChainOk: chain.ok };
}

/** Writes one evidence file back, after checking its content hash; a file that does not match is refused. */
export function restoreFile(f: EvidenceRef, data: string, root: string | undefined): void {
  if (!root) return;
  const bytes = Buffer.from(data, 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) {
    throw new AppError('BACKUP_INVALID', { reason: `evidence file ${f.storedName} does not match its hash` });
  }
  const target = evidencePath(root, f);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Stored names are generated and content-addressed by the row: an existing file with this name is this file.
  fs.writeFileSync(`${target}.partial`, bytes, { mode: 0o600 });
  fs.renameSync(`${target}.partial`, target);
}
