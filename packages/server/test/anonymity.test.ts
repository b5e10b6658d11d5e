import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_walinspect } from '@electric-sql/pglite/contrib/pg_walinspect';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import type { Database, DbHandle } from '../src/db/client';
import * as schema from '../src/db/schema';
import { ballotPool, ballots } from '../src/db/schema';
import { createSchemeWithEvaluation } from './evaluation-fixtures';
import { createCounty, TEST_PASSWORD, type County } from './factories';
import { openTestDatabase, TEST_SIGNING_KEY } from './helpers';
import { TEMPLATE_FILE } from './paths';

/**
 * Issue 14 item 1: with the database (rows, xmin, ctid, the write-ahead log) and the server's logs in hand, a
 * ballot cannot be tied to its code, its rater unit, its time or its place in the order of submissions better than
 * chance among at least k ballots. Each test tries one of the links the penetration test used.
 */

const K = 5;
const LEADER_VOTES = 60;
type Json = Record<string, unknown>;
type Rows<T> = { rows: T[] };

// ---------------------------------------------------------------------------------------------------------------
// A context of our own: on PGlite the database is loaded with pg_walinspect, and the app logs into a buffer.
// ---------------------------------------------------------------------------------------------------------------

function pgliteHandle(client: PGlite): DbHandle {
  const db = drizzle(client, { schema }) as unknown as Database;
  const status = { applied: 0, latest: 0, name: null };
  return {
    db,
    kind: 'pglite',
    migrate: async () => status,
    migrationStatus: async () => status,
    withLock: (_key, fn) => fn(),
    close: () => client.close(),
  };
}

async function openHandle(): Promise<{ handle: DbHandle; client: PGlite | null }> {
  if (process.env.TEST_DATABASE_URL) return { handle: await openTestDatabase(), client: null };
  const client = await PGlite.create({
    loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]),
    extensions: { pg_walinspect },
  });
  return { handle: pgliteHandle(client), client };
}

function testConfig(extra: Record<string, string> = {}): Config {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      AUDIT_SIGNING_KEY: TEST_SIGNING_KEY,
      BALLOT_MIX_K: String(K),
      ...extra,
    }),
    voteRateLimit: 100000,
  };
}

interface Client {
  app: FastifyInstance;
  office(method: 'GET' | 'POST' | 'PUT', url: string, payload?: Json): Promise<LightMyRequestResponse>;
  vote(code: string, marks: Json): Promise<LightMyRequestResponse>;
}

async function clientFor(app: FastifyInstance, c: County): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: c.usernames.office, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  const cookie = `ys_session=${res.cookies.find((x) => x.name === 'ys_session')?.value ?? ''}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    app,
    office: (method, url, payload) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(payload === undefined ? {} : { payload }),
      }),
    vote: (code, marks) => app.inject({ method: 'POST', url: '/api/vote', payload: { code, marks } }),
  };
}

let handle: DbHandle;
let pglite: PGlite | null;
let app: FastifyInstance;
let county: County;
let client: Client;
const logLines: string[] = [];
let campaignId: string;
let leaderCodes: string[];
let peerCodes: { code: string; unitCode: string | null }[];
let unitIds: string[];
let wal: { start: string; end: string } | null = null;

const exec = async <T>(q: ReturnType<typeof sql>) => ((await handle.db.execute(q)) as unknown as Rows<T>).rows;

/** Ballot i of the leaders: marks that tell its submission index (XZ01 and XZ02), never uniform. */
function leaderMarks(i: number): Json {
  return {
    [county.units.town1]: 60 + (i % 41),
    [county.units.town2]: 60 + Math.floor(i / 41),
    [county.units.dept1]: 70,
    [county.units.dept2]: 80,
  };
}
const indexOf = (marks: Json) => Number(marks[county.units.town1]) - 60 + 41 * (Number(marks[county.units.town2]) - 60);

/** Share of pairs within each batch whose stored order agrees with their submission order (chance: ½). */
function concordance(batches: number[][]): { pairs: number; agree: number } {
  let pairs = 0;
  let agree = 0;
  for (const b of batches)
    for (let i = 0; i < b.length; i++)
      for (let j = i + 1; j < b.length; j++) {
        pairs++;
        if ((b[i] as number) < (b[j] as number)) agree++;
      }
  return { pairs, agree };
}

async function walLsn(): Promise<string | null> {
  try {
    const [r] = await exec<{ l: string }>(sql`select pg_current_wal_insert_lsn()::text as l`);
    return r?.l ?? null;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  ({ handle, client: pglite } = await openHandle());
  // On PostgreSQL the test database is shared by the files running at once (their transactions would mix into the
  // WAL range read here): read the WAL there only when asked (TEST_WAL=1, running this file alone).
  let walOk = !process.env.TEST_DATABASE_URL || process.env.TEST_WAL === '1';
  try {
    if (walOk) await handle.db.execute(sql`create extension if not exists pg_walinspect`);
  } catch {
    walOk = false; // PostgreSQL without the contrib package or without the right to create it
  }
  app = await buildApp({
    handle,
    config: testConfig(),
    logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } },
  });
  await app.ready();
  county = await createCounty(handle.db);
  unitIds = Object.values(county.units);
  client = await clientFor(app, county);
  await createSchemeWithEvaluation((r) => client.office(r.method, r.url, r.payload as Json | undefined), 2019);
  const created = await client.office('POST', '/api/evaluation/campaigns', {
    year: 2019,
    name: '2019 年度综合评议',
    settings: {
      raterGroups: [
        { id: 'leaders', dontKnow: false, limits: [] },
        { id: 'peers', peers: true, peerScope: 'all', dontKnow: true, limits: [] },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  campaignId = created.json().id;
  const codes = async (raterGroup: string, count: number) => {
    const res = await client.office('POST', `/api/evaluation/campaigns/${campaignId}/codes`, { raterGroup, count });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().codes as { code: string; unitCode: string | null }[];
  };
  leaderCodes = (await codes('leaders', LEADER_VOTES + 20)).map((c) => c.code);
  peerCodes = await codes('peers', 3);
  const opened = await client.office('POST', `/api/evaluation/campaigns/${campaignId}/open`, {
    version: created.json().version,
  });
  expect(opened.statusCode, opened.body).toBe(200);

  const start = walOk ? await walLsn() : null;
  for (let i = 0; i < LEADER_VOTES; i++) {
    const res = await client.vote(leaderCodes[i] ?? '', leaderMarks(i));
    expect(res.statusCode, res.body).toBe(201);
  }
  // Peer ballots: each unit rates the three others ('all' scope), its own unit left out.
  for (const p of peerCodes) {
    const marks: Json = {};
    const own =
      county.units[
        ({ XZ01: 'town1', XZ02: 'town2', ZF01: 'dept1', ZF02: 'dept2' } as const)[
          p.unitCode as 'XZ01' | 'XZ02' | 'ZF01' | 'ZF02'
        ] ?? 'town1'
      ];
    const labels = ['好', '较好', '一般'];
    let n = 0;
    for (const u of unitIds) if (u !== own) marks[u] = labels[n++ % 3];
    const res = await client.vote(p.code, marks);
    expect(res.statusCode, res.body).toBe(201);
  }
  const end = walOk ? await walLsn() : null;
  if (start && end) wal = { start, end };
}, 180_000);

afterAll(async () => {
  await app?.close();
  await handle?.close();
});

describe('ballot anonymity against a reader of the database and the logs', () => {
  it('the xmin join of the issue finds nothing; a ballot shares its transaction with ≥ k ballots and no code', async () => {
    const joined = await exec<Json>(sql`
      select c.rater_unit_id, b.marks from ballots b
      join voting_codes c on c.xmin = b.xmin and c.campaign_id = b.campaign_id
      where b.campaign_id = ${campaignId}`);
    expect(joined).toEqual([]);
    // Nor through the pool: a revealed ballot shares no transaction with a sealed one or with a consumed code.
    expect(
      await exec<Json>(sql`
        select 1 from ballots b join ballot_pool p on p.xmin = b.xmin where b.campaign_id = ${campaignId}`),
    ).toEqual([]);
    const batches = await exec<{ n: number }>(sql`
      select count(*)::int as n from ballots where campaign_id = ${campaignId} group by xmin::text, rater_group`);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b.n).toBeGreaterThanOrEqual(K);
    // A batch is revealed when 2k are pending, keeping k back: leaders 60 → 55 revealed, 5 pending; peers 12 → 5, 7
    // (a peer ballot is revealed as one row per rated unit: 5 × 3 rows).
    const [counts] = await exec<{ revealed: number; pending: number }>(sql`
      select (select count(*)::int from ballots where campaign_id = ${campaignId}) as revealed,
             (select count(*)::int from ballot_pool where campaign_id = ${campaignId}) as pending`);
    expect(counts).toEqual({ revealed: LEADER_VOTES - K + K * 3, pending: K + peerCodes.length - K });
  });

  it('what the code join does reach — the pool — holds no mark, no unit and one length for every ballot', async () => {
    const linked = await exec<{ rater_unit_id: string | null; sealed: string; key_id: string }>(sql`
      select c.rater_unit_id, p.sealed, p.key_id from ballot_pool p
      join voting_codes c on c.xmin = p.xmin and c.campaign_id = p.campaign_id
      where p.campaign_id = ${campaignId}`);
    expect(linked.length).toBe(peerCodes.length); // each pending ballot with its consumed code: nothing readable
    expect(new Set(linked.map((r) => r.sealed.length)).size).toBe(1);
    const all = await handle.db.select().from(ballotPool).where(eq(ballotPool.campaignId, campaignId));
    const everyLength = new Set(all.map((p) => p.sealed.length));
    expect(everyLength.size).toBe(1);
    for (const r of all) {
      const raw = Buffer.from(r.sealed, 'base64url').toString('latin1');
      for (const u of unitIds) expect(raw).not.toContain(u);
      expect(raw).not.toContain('较好');
    }
    const columns = await exec<{ column_name: string }>(sql`
      select column_name from information_schema.columns where table_name = 'ballot_pool' order by column_name`);
    expect(columns.map((c) => c.column_name)).toEqual([
      'campaign_id',
      'id',
      'key_id',
      'rater_group',
      'sealed',
      'tenant_id',
    ]);
  });

  it('a peer ballot does not name its unit by the one it leaves out: it is revealed one rated unit per row', async () => {
    const rows = await handle.db
      .select({ marks: ballots.marks })
      .from(ballots)
      .where(sql`${ballots.campaignId} = ${campaignId} and ${ballots.raterGroup} = 'peers'`);
    expect(rows.length).toBe(K * 3);
    for (const r of rows) expect(Object.keys(r.marks as Json)).toHaveLength(1);
    // Every unit is rated in the batch (by the raters of the other units): no row set leaves one out.
    const rated = new Set(rows.flatMap((r) => Object.keys(r.marks as Json)));
    expect([...rated].sort()).toEqual([...unitIds].sort());
  });

  it('physical order (ctid) and xmin within a batch follow the submission order no better than chance', async () => {
    const rows = await exec<{ marks: Json; x: string; ctid: string }>(sql`
      select marks, xmin::text as x, ctid::text as ctid from ballots
      where campaign_id = ${campaignId} and rater_group = 'leaders'`);
    const pos = (ctid: string) => {
      const [block, offset] = ctid.replace(/[()]/g, '').split(',').map(Number);
      return (block ?? 0) * 10000 + (offset ?? 0);
    };
    const byXmin = new Map<string, { at: number; index: number }[]>();
    for (const r of rows) {
      const list = byXmin.get(r.x) ?? [];
      list.push({ at: pos(r.ctid), index: indexOf(r.marks) });
      byXmin.set(r.x, list);
    }
    expect(byXmin.size).toBe((LEADER_VOTES - K) / K);
    const batches = [...byXmin.values()].map((b) => b.sort((a, c) => a.at - c.at).map((x) => x.index));
    for (const b of batches) expect(b.length).toBe(K);
    const { pairs, agree } = concordance(batches);
    // 11 batches × 10 pairs; insertion in submission order would agree on all 110. Chance: 55 ± 5.2.
    expect(pairs).toBe(110);
    expect(agree / pairs).toBeGreaterThan(0.25);
    expect(agree / pairs).toBeLessThan(0.75);
    // A batch is a random choice among the pending ballots, not the oldest k.
    const fifo = batches.every((b, i) => {
      const sorted = [...b].sort((p, q) => p - q);
      return sorted.every((x, j) => x === i * K + j);
    });
    expect(fifo).toBe(false);
  });

  it('the write-ahead log: no vote writes a mark or a ballot row; reveals write ballots in an unrelated order', async (t) => {
    if (!wal) {
      // PostgreSQL without pg_walinspect: docs/security.md argues the same from what each transaction writes.
      t.skip();
      return;
    }
    const [rel] = await exec<{ b: string; c: string; p: string }>(sql`
      select pg_relation_filenode('ballots')::text as b, pg_relation_filenode('voting_codes')::text as c,
             pg_relation_filenode('ballot_pool')::text as p`);
    let records: { xid: string; block_ref: string | null }[];
    try {
      records = await exec(sql`
        select xid::text, block_ref from pg_get_wal_records_info(${wal.start}::pg_lsn, ${wal.end}::pg_lsn)`);
    } catch {
      t.skip(); // the role may not read the WAL
      return;
    }
    const touches = (filenode: string) =>
      new Set(
        records
          // xid 0: page pruning and the like, written by no transaction
          .filter((r) => r.xid !== '0' && r.block_ref && new RegExp(`rel \\d+/\\d+/${filenode} `).test(r.block_ref))
          .map((r) => r.xid),
      );
    const codeXids = touches(rel?.c ?? '');
    const ballotXids = touches(rel?.b ?? '');
    expect(codeXids.size).toBe(LEADER_VOTES + peerCodes.length);
    expect(ballotXids.size).toBe((LEADER_VOTES - K) / K + 1);
    expect([...codeXids].filter((x) => ballotXids.has(x))).toEqual([]);

    let blocks: { xid: string; lsn: string; rel: string; data: string | null }[];
    try {
      blocks = await exec(sql`
        select xid::text, start_lsn::text as lsn, relfilenode::text as rel, encode(block_data, 'hex') as data
        from pg_get_wal_block_info(${wal.start}::pg_lsn, ${wal.end}::pg_lsn, true)`);
    } catch {
      return; // PostgreSQL 15's pg_walinspect has no block-level view; the record-level check above stands
    }
    const hex = (s: string) => Buffer.from(s).toString('hex');
    // No unit id (the keys of every ballot's marks) is written by a vote's transaction, in any relation.
    for (const b of blocks.filter((x) => codeXids.has(x.xid) && x.data))
      for (const u of unitIds) expect(b.data).not.toContain(hex(u));
    // In each reveal, the order the ballots were written in vs their submission order.
    const rows = await handle.db
      .select({ id: ballots.id, marks: ballots.marks, raterGroup: ballots.raterGroup })
      .from(ballots)
      .where(eq(ballots.campaignId, campaignId));
    const leaderRows = rows.filter((r) => r.raterGroup === 'leaders');
    const perXid = new Map<string, number[]>();
    for (const b of blocks.filter((x) => x.rel === rel?.b && x.data)) {
      const found = leaderRows.find((r) => b.data?.includes(r.id.replace(/-/g, '')));
      if (!found) continue;
      const list = perXid.get(b.xid) ?? [];
      list.push(indexOf(found.marks as Json));
      perXid.set(b.xid, list);
    }
    const batches = [...perXid.values()];
    expect(batches.flat()).toHaveLength(LEADER_VOTES - K);
    const { pairs, agree } = concordance(batches);
    expect(agree / pairs).toBeGreaterThan(0.25);
    expect(agree / pairs).toBeLessThan(0.75);
  });

  it('the server logs no vote: no line for /api/vote or /api/vote/form, hence no time or address of one', () => {
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    expect(text).toContain('/api/evaluation/campaigns'); // the office's requests are logged as usual
    expect(text).toContain('remoteAddress');
    expect(text).not.toContain('/api/vote');
    // A vote answered with an error is not logged either (only server errors are, without the request).
    const before = logLines.length;
    return client.vote(leaderCodes[0] ?? '', leaderMarks(0)).then((res) => {
      expect(res.statusCode).toBe(409);
      expect(logLines.slice(before).join('')).not.toContain('/api/vote');
    });
  });

  it('one ballot per code: ten parallel submissions of one code, one accepted', async () => {
    const code = leaderCodes[LEADER_VOTES] ?? '';
    const results = await Promise.all(Array.from({ length: 10 }, () => client.vote(code, leaderMarks(LEADER_VOTES))));
    expect(results.map((r) => r.statusCode).filter((s) => s === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.json().error.code).toBe('VOTE_CODE_USED');
  });

  it('accepted is never lost: a reveal dying mid-batch, a restart, a wrong key — the close counts every ballot', async () => {
    // The reveal dies inside its transaction (after deleting pool rows, while writing ballots).
    await handle.db.execute(
      sql.raw(`create or replace function ys_test_crash() returns trigger language plpgsql as $$
        begin if new.campaign_id = '${campaignId}' then raise exception 'simulated crash'; end if; return new; end $$`),
    );
    await handle.db.execute(
      sql`create trigger ys_test_crash before insert on ballots for each row execute function ys_test_crash()`,
    );
    try {
      // Leaders' pool: k left + 1 (parallel test) + these 4 = 2k → a reveal is tried and dies.
      for (let i = LEADER_VOTES + 1; i < LEADER_VOTES + 5; i++) {
        const res = await client.vote(leaderCodes[i] ?? '', leaderMarks(i));
        expect(res.statusCode, res.body).toBe(201); // the voter's ballot was accepted all the same
      }
    } finally {
      await handle.db.execute(sql`drop trigger ys_test_crash on ballots`);
      await handle.db.execute(sql`drop function ys_test_crash()`);
    }
    const [pending] = await exec<{ n: number }>(sql`
      select count(*)::int as n from ballot_pool where campaign_id = ${campaignId} and rater_group = 'leaders'`);
    expect(pending?.n).toBe(2 * K);

    // "Restart": a new server on what was durably written (PGlite: its data directory as of now).
    let restarted: DbHandle;
    if (pglite) {
      const dump = await pglite.dumpDataDir('none');
      restarted = pgliteHandle(await PGlite.create({ loadDataDir: dump }));
    } else {
      restarted = await openTestDatabase();
    }
    const version = async (c: Client) =>
      (await c.office('GET', `/api/evaluation/campaigns/${campaignId}`)).json().version as number;
    try {
      // A server started with another key refuses to close rather than drop the sealed ballots.
      const wrongApp = await buildApp({
        handle: restarted,
        config: testConfig({ BALLOT_POOL_KEY: 'another-key-'.padEnd(48, 'x') }),
        logger: false,
      });
      const wrong = await clientFor(wrongApp, county);
      const refused = await wrong.office('POST', `/api/evaluation/campaigns/${campaignId}/close`, {
        version: await version(wrong),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('EVALUATION_POOL_KEY');
      await wrongApp.close();

      const rightApp = await buildApp({ handle: restarted, config: testConfig(), logger: false });
      const right = await clientFor(rightApp, county);
      const closed = await right.office('POST', `/api/evaluation/campaigns/${campaignId}/close`, {
        version: await version(right),
      });
      expect(closed.statusCode, closed.body).toBe(200);
      const tally = (await right.office('GET', `/api/evaluation/campaigns/${campaignId}/tally`)).json();
      expect(tally.ballots).toEqual([
        { raterGroup: 'leaders', name: '县领导评价', ballots: LEADER_VOTES + 5, invalid: 0, survey: 0 },
        { raterGroup: 'peers', name: '互评', ballots: peerCodes.length, invalid: 0, survey: 0 },
      ]);
      // Every ballot cast is there with its marks (leaders: the indices 0 … 64).
      const stored = await restarted.db
        .select({ marks: ballots.marks, raterGroup: ballots.raterGroup })
        .from(ballots)
        .where(eq(ballots.campaignId, campaignId));
      const indices = stored
        .filter((b) => b.raterGroup === 'leaders')
        .map((b) => indexOf(b.marks as Json))
        .sort((a, b) => a - b);
      expect(indices).toEqual(Array.from({ length: LEADER_VOTES + 5 }, (_, i) => i));
      const [left] = (
        (await restarted.db.execute(
          sql`select count(*)::int as n from ballot_pool where campaign_id = ${campaignId}`,
        )) as unknown as Rows<{ n: number }>
      ).rows;
      expect(left?.n).toBe(0);
      // After the close all ballots were rewritten in one transaction, in a random order.
      const xmins = (
        (await restarted.db.execute(
          sql`select count(distinct xmin::text)::int as n from ballots where campaign_id = ${campaignId}`,
        )) as unknown as Rows<{ n: number }>
      ).rows;
      expect(xmins[0]?.n).toBe(1);
      await rightApp.close();
    } finally {
      if (pglite) await restarted.close();
      else await restarted.close();
    }
  });
});
