import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client';
import { auditLog, notifications, resultReviews, resultSnapshots } from '../src/db/schema';
import { verifySnapshot } from '../src/modules/results/service';

/**
 * kill -9 in the middle of publishing: a publication (here a correction: prepared by the office and approved by a
 * leader first, then published in a process of its own, test/fixtures/correction.ts) is one transaction, so
 * after recovery the database holds either the whole new snapshot with its review update, audit entry and
 * notifications, or none of them. The process is killed right after the snapshot row is written, while the
 * transaction is still open (YS_PUBLISH_PAUSE_MS holds it open and says so on stderr).
 */
const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'bin/yardstick.js');
const correction = path.join(import.meta.dirname, 'fixtures/correction.ts');
const step = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', correction, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir },
  });
let work: string;
let seeded: string;

const run = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir },
  });

async function state(dataDir: string) {
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const db = handle.db;
    const snaps = await db
      .select({ id: resultSnapshots.id, seq: resultSnapshots.seq, tenantId: resultSnapshots.tenantId })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.year, 2018));
    const audits = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'results.correct'));
    const notes = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.kind, 'resultsPublished'));
    const [review] = await db
      .select({ digest: resultReviews.inputsDigest, status: resultReviews.status })
      .from(resultReviews)
      .where(and(eq(resultReviews.year, 2018)));
    const verified = await Promise.all(snaps.map((s) => verifySnapshot(db, s.tenantId, s.id)));
    return {
      seqs: snaps.map((s) => s.seq).sort(),
      audits: audits.length,
      notes: notes.length,
      review,
      allValid: verified.every((v) => v.ok),
    };
  } finally {
    await handle.close();
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-crash-publish-'));
  seeded = path.join(work, 'seeded');
  const r = run(seeded, 'seed', '--demo');
  expect(r.status, r.stderr).toBe(0);
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('kill -9 while publishing', () => {
  it('leaves no partial publication; the same publication then completes', async () => {
    const dir = path.join(work, 'killed');
    fs.cpSync(seeded, dir, { recursive: true });
    // a correction draft, approved by the leader (not a publication: nothing of the published state changes)
    const prepared = step(dir, 'prepare', '崩溃测试');
    expect(prepared.status, prepared.stderr).toBe(0);
    const before = await state(dir);
    expect(before.seqs.length).toBeGreaterThan(0);
    expect(before.allValid).toBe(true);

    const child = spawn(process.execPath, ['--import', 'tsx', correction, 'publish'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dir, YS_PUBLISH_PAUSE_MS: '60000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, signal) => resolve(signal)));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('publish: snapshot row written')) child.kill('SIGKILL');
    });
    expect(await exit).toBe('SIGKILL');
    expect(stderr).toContain('publish: snapshot row written');

    const after = await state(dir);
    expect(after).toEqual(before);

    // The database opens cleanly, and publishing again works: one more snapshot, all of it.
    const again = step(dir, 'publish');
    expect(again.status, again.stderr).toBe(0);
    const done = await state(dir);
    expect(done.seqs).toEqual([...before.seqs, before.seqs.length + 1]);
    expect(done.audits).toBe(before.audits + 1);
    expect(done.notes).toBeGreaterThan(before.notes);
    expect(done.allValid).toBe(true);
  }, 240_000);
});
