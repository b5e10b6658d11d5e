import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DbHandle } from '../src/db/client';
import { AppError } from '../src/errors';
import { verifyCheckpoints, writeCheckpoint } from '../src/modules/audit/checkpoints';
import { pruneAudit } from '../src/modules/audit/retention';
import { recordAudit, verifyAuditChain } from '../src/modules/audit/service';
import { TEMPLATE_FILE } from './paths';

/**
 * Retention pruning (`yardstick audit prune`). Always on its own embedded database, even in the PostgreSQL pass:
 * pruning acts on the whole audit log, which a shared test database holds for every test file.
 */
const KEY = Buffer.from('retention-test-key'.padEnd(64, '0'));
const NOW = new Date('2026-11-24T02:00:00Z');
let handle: DbHandle;
let dir: string;

async function count(): Promise<number> {
  const r = (await handle.db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as {
    rows: { n: number }[];
  };
  return Number(r.rows[0]?.n);
}

async function recordAt(iso: string, summary: string) {
  vi.setSystemTime(new Date(iso));
  await handle.db.transaction((tx) => recordAudit(tx, null, { action: 'test.event', summary }));
}

const ids = async () =>
  (
    (await handle.db.execute(sql`select id from audit_log order by id`)) as unknown as { rows: { id: number }[] }
  ).rows.map((r) => Number(r.id));

/** Deletes a record the way an intruder would: around the trigger. */
async function deleteBehindBack(maxId: number) {
  await handle.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await handle.db.execute(sql`delete from audit_log where id <= ${maxId}`);
  await handle.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
}

beforeEach(async () => {
  handle = await openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-retention-'));
  vi.useFakeTimers({ toFake: ['Date'] });
  await recordAt('2025-01-05T02:00:00Z', '旧记录一');
  await recordAt('2025-01-06T02:00:00Z', '旧记录二');
  await recordAt('2025-01-07T02:00:00Z', '旧记录三');
  await writeCheckpoint(handle.db, KEY);
  await recordAt('2025-03-01T02:00:00Z', '较新记录');
  await recordAt('2026-11-20T02:00:00Z', '近期记录');
  vi.useRealTimers();
});

afterEach(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit retention', () => {
  it('refuses a cut-off younger than six months and deletes nothing', async () => {
    const err = await pruneAudit(handle.db, null, {
      before: new Date('2026-06-01T00:00:00Z'),
      archiveFile: path.join(dir, 'a.jsonl.gz'),
      key: KEY,
      retentionMonths: 6,
      now: NOW,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('AUDIT_RETENTION');
    expect((err as AppError).localized('zh-CN')).toContain('2026-05-24');
    expect(await count()).toBe(5);
    expect(fs.existsSync(path.join(dir, 'a.jsonl.gz'))).toBe(false);
  });

  it('a longer configured retention moves the floor back', async () => {
    const err = await pruneAudit(handle.db, null, {
      before: new Date('2025-02-01T00:00:00Z'),
      archiveFile: path.join(dir, 'a.jsonl.gz'),
      key: KEY,
      retentionMonths: 24,
      now: NOW,
    }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('AUDIT_RETENTION');
  });

  it('archives, prunes, and leaves a chain that still verifies from a signed anchor', async () => {
    const before = await ids();
    const file = path.join(dir, 'audit-2025.jsonl.gz');
    const r = await pruneAudit(handle.db, null, {
      before: new Date('2025-02-01T00:00:00Z'),
      archiveFile: file,
      key: KEY,
      retentionMonths: 6,
      now: NOW,
    });
    expect(r.pruned).toBe(3);
    expect(r.lastPrunedId).toBe(before[2]);
    // The archive holds the three records, in order, with their hashes.
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ format: 'yardstick-audit-archive', lastId: before[2] });
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { summary: string }).summary)).toEqual([
      '旧记录一',
      '旧记录二',
      '旧记录三',
    ]);
    // Two kept records and the prune record itself.
    expect(await count()).toBe(3);
    const chain = await verifyAuditChain(handle.db);
    expect(chain).toMatchObject({ ok: true, checked: 3, anchoredAfter: before[2] });
    expect((await verifyCheckpoints(handle.db, KEY)).firstBad).toBeNull();
  });

  it('detects the oldest records deleted behind its back, even up to a genuine checkpoint', async () => {
    const all = await ids();
    // The checkpoint signed record 3; deleting 1–3 without the prune path leaves no prune record naming it.
    await deleteBehindBack(all[2] ?? 0);
    const chain = await verifyAuditChain(handle.db);
    expect(chain.ok).toBe(false);
    expect(chain.firstBroken).toEqual({ id: all[3], reason: 'prev_hash_mismatch' });
  });

  it('detects a kept record deleted after a legitimate prune', async () => {
    await pruneAudit(handle.db, null, {
      before: new Date('2025-02-01T00:00:00Z'),
      archiveFile: path.join(dir, 'a.jsonl.gz'),
      key: KEY,
      retentionMonths: 6,
      now: NOW,
    });
    const kept = await ids();
    await deleteBehindBack(kept[0] ?? 0);
    const chain = await verifyAuditChain(handle.db);
    expect(chain.ok).toBe(false);
    expect(chain.firstBroken?.id).toBe(kept[1]);
  });

  it('refuses to prune a broken chain (the evidence stays)', async () => {
    const all = await ids();
    await handle.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await handle.db.execute(sql`update audit_log set summary = '篡改' where id = ${all[1]}`);
    await handle.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const err = await pruneAudit(handle.db, null, {
      before: new Date('2025-02-01T00:00:00Z'),
      archiveFile: path.join(dir, 'a.jsonl.gz'),
      key: KEY,
      retentionMonths: 6,
      now: NOW,
    }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('AUDIT_CHAIN_BROKEN');
    expect(await count()).toBe(5);
  });

  it('the database still refuses other deletes, and deletes of rows newer than the declared cut-off', async () => {
    await expect(handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('yardstick.audit_prune_before', '2025-02-01T00:00:00Z', true)`);
        await tx.execute(sql`delete from audit_log`);
      }),
    ).rejects.toThrow();
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('yardstick.audit_prune_before', '2025-02-01T00:00:00Z', true)`);
        await tx.execute(sql`update audit_log set summary = 'x'`);
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(5);
  });
});
