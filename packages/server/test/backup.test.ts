import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { and, eq, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/client';
import * as schema from '../src/db/schema';
import { AppError } from '../src/errors';
import { backup, BACKUP_TABLES, restore, SKIPPED_TABLES } from '../src/modules/backup/service';
import { openDatabase } from '../src/db/client';
import { createTestContext, openTestDatabase, type TestContext } from './helpers';
import { TEMPLATE_FILE } from './paths';

let ctx: TestContext;
let dir: string;
let file: string;

/** A fresh, migrated, empty embedded database: the restore target. */
async function emptyDatabase(): Promise<DbHandle> {
  return openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
}

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/units',
    payload: { code: 'BK1', name: '备份测试镇', kind: 'township', groupId: ctx.county.groups.township },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-backup-'));
  file = path.join(dir, 'backup.jsonl.gz');
});
afterAll(() => ctx.close());

describe('backup and restore', () => {
  it('covers every table of the schema (a new table must be added to the backup or skipped on purpose)', () => {
    const tables = Object.values(schema).filter((v) => is(v, PgTable)) as PgTable[];
    const covered = new Set([...BACKUP_TABLES, ...SKIPPED_TABLES].map((t) => getTableConfig(t).name));
    expect(tables.map((t) => getTableConfig(t).name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('round-trips the data exactly into an empty database, verified by digests', async () => {
    const header = await backup(ctx.handle, file);
    expect(header.tables.units?.rows).toBeGreaterThanOrEqual(5);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const target = await emptyDatabase();
    try {
      const report = await restore(target, file, { replace: false });
      expect(report.tables.units).toBe(header.tables.units?.rows);
      const units = await target.db
        .select()
        .from(schema.units)
        .where(and(eq(schema.units.tenantId, ctx.county.tenantId), eq(schema.units.code, 'BK1')));
      expect(units.map((u) => u.name)).toEqual(['备份测试镇']);
      // The restored audit log continues: its next id follows the restored ones.
      const seq = (await target.db.execute(
        sql`select (select max(id) from audit_log)::int as last, nextval(pg_get_serial_sequence('audit_log','id'))::int as next`,
      )) as unknown as { rows: { last: number; next: number }[] };
      expect(seq.rows[0]?.next).toBe((seq.rows[0]?.last ?? 0) + 1);
      if (!process.env.TEST_DATABASE_URL) expect(report.auditChainOk).toBe(true);
      // A second restore into the now non-empty database is refused unless asked to replace.
      await expect(restore(target, file, { replace: false })).rejects.toMatchObject({ code: 'RESTORE_NOT_EMPTY' });
      await restore(target, file, { replace: true });
    } finally {
      await target.close();
    }
  });

  it('refuses a backup whose contents were altered, and writes nothing', async () => {
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').replace('备份测试镇', '篡改测试镇');
    const forged = path.join(dir, 'forged.jsonl.gz');
    fs.writeFileSync(forged, zlib.gzipSync(text));
    const target = await emptyDatabase();
    try {
      const err = await restore(target, forged, { replace: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('BACKUP_INVALID');
      const count = await target.db.select().from(schema.tenants);
      expect(count).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('carries the evidence files: written back byte for byte, a file whose bytes were altered is refused', async () => {
    const { tenantId, units } = ctx.county;
    const [report] = await ctx.handle.db
      .insert(schema.reports)
      .values({ tenantId, year: 2019, unitId: units.town1, indicatorId: 'bk-ev', nodeId: 'q1', status: 'submitted' })
      .returning({ id: schema.reports.id });
    const bytes = Buffer.from('%PDF-1.4 备份佐证材料');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storedName = randomUUID();
    await ctx.handle.db.insert(schema.evidenceFiles).values({
      tenantId,
      reportId: report?.id ?? '',
      unitId: units.town1,
      fileName: '会议纪要.pdf',
      storedName,
      contentType: 'application/pdf',
      size: bytes.length,
      sha256,
    });
    const source = path.join(dir, 'evidence-src');
    fs.mkdirSync(path.join(source, tenantId), { recursive: true });
    fs.writeFileSync(path.join(source, tenantId, storedName), bytes);
    // A second row whose file is gone: the backup still completes and names it.
    const lost = randomUUID();
    await ctx.handle.db.insert(schema.evidenceFiles).values({
      tenantId,
      reportId: report?.id ?? '',
      unitId: units.town1,
      fileName: '照片.png',
      storedName: lost,
      contentType: 'image/png',
      size: 3,
      sha256: 'x'.repeat(64),
    });

    const withFiles = path.join(dir, 'with-files.jsonl.gz');
    const header = await backup(ctx.handle, withFiles, { evidenceRoot: source });
    expect(header.evidence?.missing).toContain(lost);
    expect(header.evidence?.missing).not.toContain(storedName);

    const targetRoot = path.join(dir, 'evidence-dst');
    const target = await emptyDatabase();
    try {
      const restored = await restore(target, withFiles, { replace: false, evidenceRoot: targetRoot });
      expect(restored.files).toBeGreaterThanOrEqual(1);
      expect(fs.readFileSync(path.join(targetRoot, tenantId, storedName))).toEqual(bytes);
    } finally {
      await target.close();
    }

    const altered = zlib
      .gunzipSync(fs.readFileSync(withFiles))
      .toString('utf8')
      .replace(bytes.toString('base64'), Buffer.from('%PDF-1.4 篡改').toString('base64'));
    const forged = path.join(dir, 'forged-files.jsonl.gz');
    fs.writeFileSync(forged, zlib.gzipSync(altered));
    const second = await emptyDatabase();
    try {
      await expect(
        restore(second, forged, { replace: false, evidenceRoot: path.join(dir, 'evidence-forged') }),
      ).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      expect(await second.db.select().from(schema.tenants)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not a backup with a clear error', async () => {
    const bogus = path.join(dir, 'bogus.gz');
    fs.writeFileSync(bogus, zlib.gzipSync('hello'));
    const target = await openTestDatabase();
    try {
      await expect(restore(target, bogus, { replace: false })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    } finally {
      await target.close();
    }
  });
});
