/**
 * One county's backup and restore (issue 15: several counties on one server). The same gzipped JSON-lines format as
 * the whole-database backup, limited to the rows of one county (`tenant_id`, and its `tenants` row). A restore
 * replaces only that county's rows, in one transaction, and verifies them against the backup's digests; the other
 * counties are not touched. The audit log is one append-only hash chain for the whole server: it is neither
 * carried nor rewound (the county's history stays in it, and the restore itself is recorded there).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbHandle } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import { systemActor } from '../auth/actor';
import {
  BACKUP_TABLES,
  chunks,
  gzipLines,
  info,
  presentEvidence,
  restoreFile,
  type EvidenceRef,
  type FileOptions,
  writeEvidence,
} from './service';

const FORMAT = 'yardstick-county-backup';
/** Server-wide tables: the audit chain and its checkpoints, and the daily jobs' run log. */
const SERVER_WIDE = new Set(['audit_log', 'audit_checkpoints', 'scheduler_runs']);

export interface CountyBackupHeader {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  database: string;
  migration: { applied: number; name: string | null };
  county: { id: string; code: string; name: string };
  tables: Record<string, { rows: number; sha256: string }>;
  evidence?: { files: number; bytes: number; missing: string[] };
}

const countyTables = () => BACKUP_TABLES.map(info).filter((t) => !SERVER_WIDE.has(t.name));
type TableInfo = ReturnType<typeof info>;

const ofCounty = (t: TableInfo, tenantId: string): SQL =>
  t.name === 'tenants' ? sql`id = ${tenantId}::uuid` : sql`tenant_id = ${tenantId}::uuid`;

/** One county's rows of a table, in key order, a chunk at a time. */
const countyChunks = (
  db: Database,
  t: TableInfo,
  tenantId: string,
  onChunk: (json: string, count: number) => Promise<void> | void,
) => chunks(db, t, onChunk, ofCounty(t, tenantId));

async function countyDigests(db: Database, tenantId: string) {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const t of countyTables()) {
    const hash = createHash('sha256');
    let rows = 0;
    await countyChunks(db, t, tenantId, (json, n) => {
      hash.update(json);
      rows += n;
    });
    out[t.name] = { rows, sha256: hash.digest('hex') };
  }
  return out;
}

async function countyByCode(db: Database, code: string) {
  const r = (await db.execute(sql`select id::text as id, code, name from tenants where code = ${code}`)) as unknown as {
    rows: { id: string; code: string; name: string }[];
  };
  const found = r.rows[0];
  if (!found) throw new AppError('COUNTY_NOT_FOUND', { code });
  return found;
}

/** Writes one county's rows (and its evidence files) to `file`, from one consistent snapshot. */
export async function backupCounty(
  handle: DbHandle,
  file: string,
  code: string,
  opts: FileOptions = {},
): Promise<CountyBackupHeader> {
  const migration = await handle.migrationStatus();
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    const county = await countyByCode(tx, code);
    const header: CountyBackupHeader = {
      format: FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      database: handle.kind,
      migration: { applied: migration.applied, name: migration.name },
      county,
      tables: await countyDigests(tx, county.id),
    };
    const root = opts.evidenceRoot;
    const files: EvidenceRef[] = root
      ? ((
          (await tx.execute(
            sql`select tenant_id::text as "tenantId", stored_name as "storedName", sha256 from evidence_files
                where tenant_id = ${county.id}::uuid order by id`,
          )) as unknown as { rows: EvidenceRef[] }
        ).rows ?? [])
      : [];
    const present = presentEvidence(root, files, header);
    const out = gzipLines(file);
    const write = out.write;
    await write(JSON.stringify(header));
    for (const t of countyTables()) {
      await countyChunks(tx, t, county.id, (json) =>
        write(`{"table":${JSON.stringify(t.name)},"rows":${json.replaceAll('\n', '')}}`),
      );
    }
    await writeEvidence(write, root, present);
    await out.finish();
    return header;
  });
}

export interface CountyRestoreReport {
  county: { id: string; code: string; name: string };
  tables: Record<string, number>;
  files: number;
  replaced: boolean;
}

/** Is this file a one-county backup? (The CLI's `restore` dispatches on it.) */
export async function isCountyBackup(file: string): Promise<boolean> {
  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      return (JSON.parse(line) as { format?: string }).format === FORMAT;
    }
    return false;
  } catch {
    return false;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * Restores one county: into a database where it is absent, or with `replace` over its current rows. Other
 * counties' rows are never read or written. One transaction, verified by the backup's digests.
 */
export async function restoreCounty(
  handle: DbHandle,
  file: string,
  opts: { replace: boolean } & FileOptions,
): Promise<CountyRestoreReport> {
  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  let header: CountyBackupHeader | null = null;
  try {
    header = first.done ? null : (JSON.parse(first.value) as CountyBackupHeader);
  } catch {
    header = null;
  }
  if (!header || header.format !== FORMAT) {
    stream.destroy();
    throw new AppError('BACKUP_INVALID', { reason: 'not a Yardstick county backup' });
  }
  const migration = await handle.migrationStatus();
  if (migration.applied !== header.migration.applied) {
    stream.destroy();
    throw new AppError('BACKUP_INVALID', {
      reason: `backup is at migration ${header.migration.applied}, this database at ${migration.applied}: restore with the matching version`,
    });
  }
  const { county } = header;
  const tables = countyTables();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const counts: Record<string, number> = {};
  let files = 0;
  let replaced = false;
  await handle.db.transaction(async (tx) => {
    const r = (await tx.execute(
      sql`select id::text as id, code from tenants where id = ${county.id}::uuid or code = ${county.code}`,
    )) as unknown as { rows: { id: string; code: string }[] };
    if (r.rows.some((x) => x.id !== county.id)) {
      throw new AppError('BACKUP_INVALID', { reason: `another county already uses the code ${county.code}` });
    }
    if (r.rows.length > 0) {
      if (!opts.replace) throw new AppError('COUNTY_CODE_TAKEN', { code: county.code });
      replaced = true;
      // Published snapshots are immutable to the app; the owner lifts that guard for this county's rows only,
      // inside this transaction (the table stays locked until it commits or rolls back).
      await tx.execute(sql`alter table result_snapshots disable trigger result_snapshots_no_update`);
      await tx.execute(sql`delete from sessions where tenant_id = ${county.id}::uuid`);
      for (const t of [...tables].reverse()) {
        await tx.execute(sql`delete from ${sql.identifier(t.name)} where ${ofCounty(t, county.id)}`);
      }
      await tx.execute(sql`alter table result_snapshots enable trigger result_snapshots_no_update`);
    }
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as { table: string; rows: unknown[] } | { file: EvidenceRef; data: string };
      if ('file' in parsed) {
        if (parsed.file.tenantId !== county.id) throw new AppError('BACKUP_INVALID', { reason: 'foreign file' });
        restoreFile(parsed.file, parsed.data, opts.evidenceRoot);
        files++;
        continue;
      }
      const t = byName.get(parsed.table);
      if (!t) throw new AppError('BACKUP_INVALID', { reason: `unknown table ${parsed.table}` });
      const override = t.identity ? sql`overriding system value` : sql``;
      // Only this county's rows, whatever the file says.
      await tx.execute(
        sql`insert into ${sql.identifier(t.name)} ${override}
            select * from json_populate_recordset(null::${sql.identifier(t.name)}, ${JSON.stringify(parsed.rows)}::json) x
            where ${t.name === 'tenants' ? sql`x.id = ${county.id}::uuid` : sql`x.tenant_id = ${county.id}::uuid`}`,
      );
      counts[t.name] = (counts[t.name] ?? 0) + parsed.rows.length;
    }
    const digests = await countyDigests(tx, county.id);
    for (const [name, expected] of Object.entries(header.tables)) {
      const got = digests[name];
      if (!got || got.sha256 !== expected.sha256 || got.rows !== expected.rows) {
        throw new AppError('BACKUP_INVALID', { reason: `table ${name} does not match the backup's digest` });
      }
    }
    await recordAudit(tx, systemActor(county.id, county.name), {
      action: 'county.restore',
      entityType: 'tenant',
      entityId: county.id,
      summary: `从备份恢复县区 ${county.name}（${county.code}）的数据${replaced ? '（覆盖原有数据）' : ''}，备份时间 ${header.createdAt}`,
      after: { tables: counts, files },
    });
  });
  return { county, tables: counts, files, replaced };
}
