import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { checkRuntimeRole, openDatabase, type DbHandle } from '../src/db/client';
import { resultSnapshots } from '../src/db/schema';
import { exportAnchorFile, parseAnchor, verifyAnchor } from '../src/modules/audit/anchors';
import {
  resolveSigningKey,
  verifyCheckpointFreshness,
  verifyCheckpoints,
  writeCheckpoint,
} from '../src/modules/audit/checkpoints';
import { readPrintedSeals, sealText, verifyPublishedYear } from '../src/modules/audit/publication';
import { auditHash, recordAudit, verifyAuditChain } from '../src/modules/audit/service';
import { systemActor } from '../src/modules/auth/actor';
import { snapshotDigest } from '../src/modules/results/service';
import { createCounty } from './factories';
import { TEMPLATE_FILE } from './paths';

/**
 * Integrity against someone who can write to the database (issue 14 item 4). The tampering runs as the database's
 * superuser around the guard triggers — on an embedded database of its own, even in the PostgreSQL pass, since it
 * acts on the one audit chain every test file shares. The last block checks, on PostgreSQL only, that the runtime
 * role the server uses cannot do what the tampering needs.
 */
const KEY = Buffer.from('integrity-test-key'.padEnd(64, '0'));
const POLICY = { maxHours: 24, maxRecords: 1000 };
let handle: DbHandle;

type Rows<T> = { rows: T[] };
const q = async <T>(query: ReturnType<typeof sql>) => ((await handle.db.execute(query)) as unknown as Rows<T>).rows;

async function record(n: number, label: string) {
  for (let i = 0; i < n; i++)
    await handle.db.transaction((tx) => recordAudit(tx, null, { action: 'test.event', summary: `${label} ${i}` }));
}

const head = async () =>
  (await q<{ id: number | string; hash: string }>(sql`select id, hash from audit_log order by id desc limit 1`)).map(
    (r) => ({ id: Number(r.id), hash: r.hash }),
  )[0];

/** Runs SQL with the audit guard switched off, as an owner or superuser could. */
async function behindTheGuard(fn: () => Promise<void>) {
  await handle.db.execute(sql`alter table audit_log disable trigger user`);
  try {
    await fn();
  } finally {
    await handle.db.execute(sql`alter table audit_log enable trigger user`);
  }
}

/** Edits one record and recomputes every hash from there on, so that the chain is consistent again. */
async function rewriteFrom(id: number, summary: string) {
  await behindTheGuard(async () => {
    await handle.db.execute(sql`update audit_log set summary = ${summary} where id = ${id}`);
    const rows = await q<Record<string, unknown>>(sql`select * from audit_log where id >= ${id} order by id`);
    const [prevRow] = await q<{ hash: string }>(
      sql`select hash from audit_log where id < ${id} order by id desc limit 1`,
    );
    let prev = prevRow?.hash ?? '0'.repeat(64);
    for (const r of rows) {
      const hash = auditHash(prev, {
        tenantId: r.tenant_id as string | null,
        at: new Date(r.at as string).toISOString(),
        actorId: r.actor_id as string | null,
        actorName: r.actor_name as string | null,
        actorRole: r.actor_role as string | null,
        ip: r.ip as string | null,
        action: r.action as string,
        entityType: r.entity_type as string | null,
        entityId: r.entity_id as string | null,
        summary: r.summary as string,
        before: r.before ?? null,
        after: r.after ?? null,
      });
      await handle.db.execute(
        sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where id = ${r.id as number}`,
      );
      prev = hash;
    }
  });
}

/** A fresh embedded database for each test of a block (tampering needs the superuser PGlite runs as). */
function ownDatabase() {
  beforeEach(async () => {
    handle = await openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
  });
  afterEach(() => handle.close());
}

describe('audit verify against a database writer', () => {
  ownDatabase();
  it('an edited record with recomputed hashes and the checkpoints emptied fails: no checkpoint covers the log', async () => {
    await record(5, '记录');
    await writeCheckpoint(handle.db, KEY);
    expect((await verifyCheckpointFreshness(handle.db, POLICY)).ok).toBe(true);
    const [second] = await q<{ id: number | string }>(sql`select id from audit_log order by id offset 1 limit 1`);
    await rewriteFrom(Number(second?.id), '篡改后的摘要');
    // With the checkpoints in place the rewrite shows; the intruder therefore empties them.
    expect((await verifyCheckpoints(handle.db, KEY)).firstBad?.reason).toBe('hash_differs');
    await handle.db.execute(sql`delete from audit_checkpoints`);
    // What passed before: the chain is consistent and there is no bad checkpoint ("checkpoints valid: 0").
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
    expect(await verifyCheckpoints(handle.db, KEY)).toEqual({ checked: 0, firstBad: null });
    const f = await verifyCheckpointFreshness(handle.db, POLICY);
    expect(f).toMatchObject({ ok: false, reason: 'no_checkpoint', unsigned: 5, newest: null });
  });

  it('a newest checkpoint too far behind the head fails, by age and by count', async () => {
    await record(2, '旧');
    await writeCheckpoint(handle.db, KEY);
    await record(3, '新');
    const now = new Date();
    expect((await verifyCheckpointFreshness(handle.db, POLICY, now)).ok).toBe(true);
    const later = new Date(now.getTime() + 25 * 3_600_000);
    expect(await verifyCheckpointFreshness(handle.db, POLICY, later)).toMatchObject({
      ok: false,
      reason: 'too_old',
      unsigned: 3,
    });
    expect(await verifyCheckpointFreshness(handle.db, { maxHours: 24, maxRecords: 2 }, now)).toMatchObject({
      ok: false,
      reason: 'too_many_records',
    });
    // An empty log needs no checkpoint.
    const empty = await openDatabase({
      kind: 'pglite-memory',
      loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]),
    });
    try {
      expect((await verifyCheckpointFreshness(empty.db, POLICY)).ok).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('rows deleted after the last checkpoint pass every check inside the database, but not an anchor', async () => {
    await record(3, '已签名');
    await writeCheckpoint(handle.db, KEY);
    await record(3, '未签名');
    // The head as a bulletin prints it at publication (no checkpoint written then).
    const anchored = await head();
    if (!anchored) throw new Error('no head');
    const value = `${anchored.id}:${anchored.hash}`;
    expect(await verifyAnchor(handle.db, parseAnchor(value), KEY)).toMatchObject({ ok: true });
    const [last] = await q<{ n: number | string }>(sql`select max(last_audit_id) as n from audit_checkpoints`);
    await behindTheGuard(async () => {
      await handle.db.execute(sql`delete from audit_log where id > ${Number(last?.n)}`);
    });
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
    expect((await verifyCheckpoints(handle.db, KEY)).firstBad).toBeNull();
    expect((await verifyCheckpointFreshness(handle.db, POLICY)).ok).toBe(true);
    expect(await verifyAnchor(handle.db, parseAnchor(value), KEY)).toMatchObject({
      ok: false,
      reason: 'record_missing',
    });
  });

  it('an exported anchor file catches a rewrite, and a forged anchor file is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-anchor-'));
    try {
      await record(4, '记录');
      const exported = await exportAnchorFile(handle.db, KEY, dir);
      if (!exported) throw new Error('no anchor');
      expect(JSON.parse(fs.readFileSync(exported.file, 'utf8'))).toMatchObject({
        format: 'yardstick-audit-anchor',
        seq: exported.anchor.seq,
        hash: exported.anchor.hash,
      });
      const anchor = parseAnchor(exported.file);
      expect(await verifyAnchor(handle.db, anchor, KEY)).toMatchObject({ ok: true });
      const forged = { ...anchor, hash: 'f'.repeat(64) };
      expect((await verifyAnchor(handle.db, forged, KEY)).reason).toBe('bad_signature');
      // Rewrite an early record, recompute the chain and re-sign it — as if the intruder held the key.
      const [first] = await q<{ id: number | string }>(sql`select id from audit_log order by id limit 1`);
      await rewriteFrom(Number(first?.id), '改写');
      await handle.db.execute(sql`delete from audit_checkpoints`);
      await writeCheckpoint(handle.db, KEY);
      expect((await verifyAuditChain(handle.db)).ok).toBe(true);
      expect((await verifyCheckpoints(handle.db, KEY)).firstBad).toBeNull();
      expect(await verifyAnchor(handle.db, anchor, KEY)).toMatchObject({ ok: false, reason: 'hash_differs' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('results verify against a rewritten snapshot', () => {
  ownDatabase();
  it('a snapshot rewritten consistently (inputs, results, digest) differs from its audit record and its bulletin', async () => {
    const county = await createCounty(handle.db, '完整性县');
    const actor = { ...systemActor(county.tenantId, '完整性县'), role: 'office' as const };
    const base = { tenantId: county.tenantId, year: 2030, seq: 1, schemeVersionId: null, engineVersion: 'test-0' };
    const inputs = { scheme: { name: '方案' }, dataset: { units: ['A', 'B'] } };
    const results = { results: { units: [{ code: 'A', composite: 91 }] } };
    const digest = snapshotDigest({ ...base, inputs, results });
    const id = await handle.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(resultSnapshots)
        .values({ ...base, inputs, results, digest })
        .returning({ id: resultSnapshots.id });
      await recordAudit(tx, actor, {
        action: 'results.publish',
        entityType: 'result_snapshot',
        entityId: row?.id ?? '',
        summary: '发布 2030 年度考核结果',
        after: { year: 2030, seq: 1, digest },
      });
      return row?.id ?? '';
    });
    // The bulletin as printed (the same sentence bulletin.ts prints under the date).
    const [rec] = await q<{ id: number | string; hash: string }>(
      sql`select id, hash from audit_log where entity_id = ${id}`,
    );
    const seal = { seq: 1, digest, audit: { seq: Number(rec?.id), hash: rec?.hash ?? '' } };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-bulletin-'));
    const docxFile = path.join(dir, 'bulletin.docx');
    const doc = new Document({
      sections: [{ children: [new Paragraph({ children: [new TextRun(sealText(seal))] })] }],
    });
    fs.writeFileSync(docxFile, await Packer.toBuffer(doc));
    try {
      expect(readPrintedSeals(docxFile)).toEqual([seal]);
      const printed = [{ source: docxFile, seq: 1, digest }];
      const good = await verifyPublishedYear(handle.db, county.tenantId, 2030, printed);
      expect(good.ok, JSON.stringify(good)).toBe(true);
      expect(good.snapshots[0]).toMatchObject({ selfConsistent: true, audit: 'ok', printed: [{ ok: true }] });

      // The rewrite: new results, and a digest recomputed over them.
      const forged = { results: { units: [{ code: 'A', composite: 99 }] } };
      const forgedDigest = snapshotDigest({ ...base, inputs, results: forged });
      await handle.db.execute(sql`alter table result_snapshots disable trigger user`);
      await handle.db.execute(
        sql`update result_snapshots set results = ${JSON.stringify(forged)}::jsonb, digest = ${forgedDigest} where id = ${id}`,
      );
      await handle.db.execute(sql`alter table result_snapshots enable trigger user`);
      const bad = await verifyPublishedYear(handle.db, county.tenantId, 2030, [
        ...printed,
        { source: '--digest', seq: null, digest },
      ]);
      expect(bad.ok).toBe(false);
      expect(bad.snapshots[0]).toMatchObject({
        selfConsistent: true,
        audit: 'differs',
        auditDigest: digest,
        printed: [{ ok: false }],
      });
      expect(bad.unmatched).toEqual([{ source: '--digest', digest }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the signing key', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-key-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-home-'));
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });
  const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });

  it('a key inside DATA_DIR is refused in production, with the alternative named', () => {
    fs.writeFileSync(path.join(dataDir, 'audit-signing.key'), 'a'.repeat(64));
    expect(() => resolveSigningKey(config({ NODE_ENV: 'production' }), { XDG_CONFIG_HOME: home })).toThrow(
      /AUDIT_SIGNING_KEY_FILE/,
    );
    const inside = path.join(dataDir, 'keys', 'k');
    fs.mkdirSync(path.dirname(inside));
    fs.writeFileSync(inside, 'b'.repeat(64));
    expect(() => resolveSigningKey(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: inside }))).toThrow(
      /DATA_DIR/,
    );
  });

  it('outside production it is used, with a warning at every start', () => {
    const r = resolveSigningKey(config({ NODE_ENV: 'development' }));
    expect(r).toMatchObject({ source: 'data-dir', key: Buffer.from('a'.repeat(64)) });
    expect(r.warning).toContain('AUDIT_SIGNING_KEY');
  });

  it('production takes the key from the environment or from a file outside DATA_DIR (created once if missing)', () => {
    const env = resolveSigningKey(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: 'e'.repeat(64) }));
    expect(env).toMatchObject({ source: 'env', warning: null });
    const file = path.join(home, 'etc', 'audit.key');
    const fromFile = resolveSigningKey(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: file }));
    expect(fromFile).toMatchObject({ source: 'file', file, warning: null });
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(resolveSigningKey(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: file })).key).toEqual(
      fromFile.key,
    );
    // Nothing configured and no old key in DATA_DIR: the service account's config directory, not DATA_DIR.
    fs.rmSync(path.join(dataDir, 'audit-signing.key'));
    const dflt = resolveSigningKey(config({ NODE_ENV: 'production' }), { XDG_CONFIG_HOME: home });
    expect(dflt).toMatchObject({ source: 'file', file: path.join(home, 'yardstick', 'audit-signing.key') });
  });
});

describe('yardstick audit verify / anchor (command line)', () => {
  it('fails on a log without checkpoints, passes after an anchor, and fails once the anchored head is gone', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-cli-integrity-'));
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: path.join(dir, 'data'),
      AUDIT_ANCHOR_DIR: path.join(dir, 'anchors'),
      AUDIT_SIGNING_KEY: KEY.toString(),
      DATABASE_URL: '',
      SEED_DEMO: 'false',
    };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'bin/yardstick.js'), ...args], { cwd: root, env, encoding: 'utf8' });
    const withFileDb = async (fn: (h: DbHandle) => Promise<void>) => {
      const h = await openDatabase({ kind: 'pglite', dataDir: env.DATA_DIR });
      try {
        await h.migrate();
        await fn(h);
      } finally {
        await h.close();
      }
    };
    try {
      await withFileDb(async (h) => {
        for (let i = 0; i < 3; i++)
          await h.db.transaction((tx) => recordAudit(tx, null, { action: 'test.event', summary: `命令行 ${i}` }));
      });
      const noCheckpoint = run('audit', 'verify');
      expect(noCheckpoint.status, noCheckpoint.stdout + noCheckpoint.stderr).toBe(1);
      expect(noCheckpoint.stdout).toContain('no signed checkpoint');

      const anchor = run('audit', 'anchor', '--out', env.AUDIT_ANCHOR_DIR);
      expect(anchor.status, anchor.stderr).toBe(0);
      const value = /anchor: (\d+:[0-9a-f]{64})/.exec(anchor.stdout)?.[1] ?? '';
      expect(value).not.toBe('');
      const ok = run('audit', 'verify', '--anchor', value);
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toContain('anchor held');

      // The intruder drops the newest checkpoint and every record it covered after the previous one (none here).
      await withFileDb(async (h) => {
        await h.db.execute(sql`alter table audit_log disable trigger user`);
        await h.db.execute(sql`delete from audit_log where id >= ${Number(value.split(':')[0])}`);
        await h.db.execute(sql`alter table audit_log enable trigger user`);
        await h.db.execute(sql`delete from audit_checkpoints`);
        await writeCheckpoint(h.db, KEY);
      });
      const bad = run('audit', 'verify');
      expect(bad.status, bad.stdout + bad.stderr).toBe(1);
      expect(bad.stdout).toContain('anchor NOT held (record_missing)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

// PostgreSQL only: the role the server runs as (TEST_DATABASE_RUNTIME_URL, created by .ci/run) owns nothing.
const runtimeUrl = process.env.TEST_DATABASE_RUNTIME_URL;
const ownerUrl = process.env.TEST_DATABASE_URL;
describe.runIf(runtimeUrl && ownerUrl)('the runtime role on PostgreSQL', () => {
  it('cannot disable the audit guard, edit or delete audit records or checkpoints, but can append', async () => {
    const runtime = await openDatabase({
      kind: 'postgres',
      url: runtimeUrl ?? '',
      ownerUrl: ownerUrl ?? '',
      poolSize: 2,
    });
    const owner = await openDatabase({ kind: 'postgres', url: ownerUrl ?? '', poolSize: 1 });
    try {
      await runtime.migrate(); // as the owner, then grants the runtime role its privileges
      expect(await checkRuntimeRole(runtime)).toMatchObject({ ownsSchema: false });
      expect(await checkRuntimeRole(owner)).toMatchObject({ ownsSchema: true });
      const db = runtime.db;
      /** Drizzle wraps the server's error: the reason is in its cause. */
      const refused = async (query: ReturnType<typeof sql>, reason = /permission denied|must be owner/) => {
        const err = (await db.execute(query).then(
          () => null,
          (e: unknown) => e,
        )) as (Error & { cause?: Error }) | null;
        expect(err).not.toBeNull();
        expect(err?.cause?.message ?? err?.message).toMatch(reason);
      };
      await refused(sql`alter table audit_log disable trigger user`);
      await refused(sql`alter table audit_log disable trigger audit_log_no_update`);
      await refused(sql`alter table result_snapshots disable trigger user`);
      await refused(sql`update audit_log set summary = summary where false`);
      await refused(sql`delete from audit_log where false`);
      await refused(sql`delete from audit_checkpoints where false`);
      await refused(sql`truncate audit_checkpoints`);
      await refused(sql`update result_snapshots set digest = digest where false`);
      await refused(sql`create table intruder (x int)`);
      // What the application does still works.
      await db.transaction((tx) => recordAudit(tx, null, { action: 'test.runtime', summary: '运行角色写入' }));
      await db.execute(sql`select count(*) from units`);
      await db.execute(sql`update sessions set last_seen_at = last_seen_at where false`);
      expect((await runtime.migrationStatus()).applied).toBeGreaterThan(0);
    } finally {
      await runtime.close();
      await owner.close();
    }
  });
});
