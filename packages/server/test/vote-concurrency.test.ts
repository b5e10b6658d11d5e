import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHARED_BUFFERS, openDatabase } from '../src/db/client';
import { ballotPool, ballots } from '../src/db/schema';
import { createSchemeWithEvaluation } from './evaluation-fixtures';
import { createTestContext, type TestContext } from './helpers';

/**
 * Issue 19, bad input under load: a voter who double-submits, one code on two phones at once, a form opened or a
 * ballot sent after the campaign closed, votes racing the close. Exactly one ballot counts per code, the others get
 * a clear Chinese message, nothing accepted is lost and the tally does not change after the close. Behaviour only:
 * the requests are sent together (Promise.all), never timed. Also what the voting path keeps in memory between
 * requests (issue 19's fix): a campaign opened later, a unit renamed and a campaign closed are seen at once.
 */

type Json = Record<string, unknown>;
const K = 3;
let ctx: TestContext;
let unitIds: string[];

const office = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
  ctx.injectAs('office', { method, url, ...(payload === undefined ? {} : { payload: payload as Json }) });
const vote = (code: string, marks: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/vote',
    headers: { 'accept-language': 'zh-CN' },
    payload: { code, marks },
  });
const form = (code: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/vote/form', headers: { 'accept-language': 'zh-CN' }, payload: { code } });

/** A leader's ballot on the test county's four units (scale 60–100), never uniform; `seed` varies it. */
const leaderMarks = (seed: number): Record<string, number> =>
  Object.fromEntries(unitIds.map((id, i) => [id, 60 + ((seed * 7 + i * 11) % 41)]));

async function openCampaign(year: number): Promise<{ id: string; version: number; codes: string[] }> {
  const created = await office('POST', '/api/evaluation/campaigns', {
    year,
    name: `${year} 年度综合评议`,
    settings: { raterGroups: [{ id: 'leaders', dontKnow: false, limits: [] }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const codes = await office('POST', `/api/evaluation/campaigns/${id}/codes`, { raterGroup: 'leaders', count: 60 });
  expect(codes.statusCode, codes.body).toBe(201);
  const opened = await office('POST', `/api/evaluation/campaigns/${id}/open`, { version: created.json().version });
  expect(opened.statusCode, opened.body).toBe(200);
  return {
    id,
    version: opened.json().version as number,
    codes: (codes.json().codes as { code: string }[]).map((c) => c.code),
  };
}

async function close(id: string) {
  const detail = await office('GET', `/api/evaluation/campaigns/${id}`);
  return office('POST', `/api/evaluation/campaigns/${id}/close`, { version: detail.json().version });
}

/** Ballots of the campaign, revealed or still sealed. */
async function accepted(id: string): Promise<number> {
  const [r] = await ctx.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballots)
    .where(eq(ballots.campaignId, id));
  const [p] = await ctx.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballotPool)
    .where(eq(ballotPool.campaignId, id));
  return (r?.n ?? 0) + (p?.n ?? 0);
}

interface Tally {
  ballots: { raterGroup: string; ballots: number; invalid: number }[];
  units: { unitCode: string; groups: { raterGroup: string; valid: number; mean: number | null }[] }[];
}

beforeAll(async () => {
  ctx = await createTestContext({ voteRateLimit: 100000, ballotMixK: K });
  unitIds = [ctx.county.units.town1, ctx.county.units.town2, ctx.county.units.dept1, ctx.county.units.dept2];
  const inject = (r: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: Json }) => ctx.injectAs('office', r);
  for (const year of [2019, 2020, 2021, 2022]) await createSchemeWithEvaluation(inject, year);
});
afterAll(() => ctx.close());

describe('bad input under load (issue 19)', () => {
  let c: { id: string; version: number; codes: string[] };
  beforeAll(async () => {
    c = await openCampaign(2019);
  });

  it('a voter who double-submits: one ballot counts, the second gets a clear Chinese message', async () => {
    const code = c.codes[0] ?? '';
    const before = await accepted(c.id);
    const [a, b] = await Promise.all([vote(code, leaderMarks(1)), vote(code, leaderMarks(1))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json().error.code).toBe('VOTE_CODE_USED');
    expect(refused.json().error.message).toBe('该评议码已使用过，每个评议码只能投一次票');
    expect(await accepted(c.id)).toBe(before + 1);
  });

  it('one code on two phones at once: both open the form, one ballot counts, the other phone is told', async () => {
    const code = c.codes[1] ?? '';
    const forms = await Promise.all([form(code), form(code)]);
    expect(forms.map((f) => f.statusCode)).toEqual([200, 200]);
    const before = await accepted(c.id);
    const answers = await Promise.all([vote(code, leaderMarks(2)), vote(code, leaderMarks(3))]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)?.json().error.message).toBe(
      '该评议码已使用过，每个评议码只能投一次票',
    );
    expect(await accepted(c.id)).toBe(before + 1);
    // The form is not offered again on either phone.
    const again = await form(code);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VOTE_CODE_USED');
  });

  it('thirty voters each submitting twice at the same moment (reveals running among them): thirty ballots', async () => {
    const codes = c.codes.slice(10, 40);
    const before = await accepted(c.id);
    const answers = await Promise.all(
      codes.flatMap((code, i) => [vote(code, leaderMarks(i)), vote(code, leaderMarks(i))]),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('VOTE_CODE_USED');
    expect(await accepted(c.id)).toBe(before + 30);
    // Reveals ran (k = 3): most of them are in `ballots`, at least k wait sealed for the close.
    const [pool] = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ballotPool)
      .where(eq(ballotPool.campaignId, c.id));
    expect(pool?.n ?? 0).toBeGreaterThanOrEqual(K);
    expect(pool?.n ?? 0).toBeLessThan(2 * K);
  });

  it('votes racing the close: every accepted ballot is in the tally, every other voter is told voting is over', async () => {
    const before = await accepted(c.id);
    const codes = c.codes.slice(40, 60);
    const [closed, ...answers] = await Promise.all([
      close(c.id),
      ...codes.map((code, i) => vote(code, leaderMarks(i))),
    ]);
    expect(closed?.statusCode, closed?.body).toBe(200);
    const ok = answers.filter((r) => r.statusCode === 201).length;
    for (const r of answers.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('VOTE_CAMPAIGN_CLOSED');
      expect(r.json().error.message).toBe('本次评议已结束，不能再投票');
    }
    const tally = (await office('GET', `/api/evaluation/campaigns/${c.id}/tally`)).json() as Tally;
    expect(tally.ballots.find((b) => b.raterGroup === 'leaders')?.ballots).toBe(before + ok);
    // Nothing is left sealed, and every ballot is counted on every unit.
    expect(await accepted(c.id)).toBe(before + ok);
    for (const u of tally.units) expect(u.groups.find((g) => g.raterGroup === 'leaders')?.valid).toBe(before + ok);
  });

  it('a form opened after the close, and a ballot from a form opened before it: refused, the tally unchanged', async () => {
    const tally = (await office('GET', `/api/evaluation/campaigns/${c.id}/tally`)).body;
    const code = c.codes[5] ?? '';
    const late = await Promise.all([form(code), form(code), vote(code, leaderMarks(9)), vote(code, leaderMarks(9))]);
    for (const r of late) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('VOTE_CAMPAIGN_CLOSED');
      expect(r.json().error.message).toBe('本次评议已结束，不能再投票');
    }
    expect((await office('GET', `/api/evaluation/campaigns/${c.id}/tally`)).body).toBe(tally);
  });
});

describe('what voting keeps in memory is never stale (issue 19)', () => {
  it('a campaign opened while another is being voted on: its codes work at once', async () => {
    const first = await openCampaign(2020);
    expect((await vote(first.codes[0] ?? '', leaderMarks(1))).statusCode).toBe(201);
    // 2020's campaign closes and a campaign of another year opens, with a new salt for its codes.
    expect((await close(first.id)).statusCode).toBe(200);
    const second = await openCampaign(2021);
    const f = await form(second.codes[0] ?? '');
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json().campaign.year).toBe(2021);
    expect((await vote(second.codes[0] ?? '', leaderMarks(2))).statusCode).toBe(201);
    // The closed campaign's codes are told so, not taken for unknown ones.
    const old = await form(first.codes[1] ?? '');
    expect(old.json().error.code).toBe('VOTE_CAMPAIGN_CLOSED');
    expect((await close(second.id)).statusCode).toBe(200);
  });

  it('a unit renamed while voting is open: the next form shows the new name', async () => {
    const c = await openCampaign(2022);
    const before = await form(c.codes[0] ?? '');
    expect(before.statusCode, before.body).toBe(200);
    const id = ctx.county.units.town2;
    const unit = await office('GET', `/api/units/${id}`);
    expect(unit.statusCode, unit.body).toBe(200);
    const renamed = await office('PATCH', `/api/units/${id}`, { version: unit.json().version, name: '二号镇（新）' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await form(c.codes[0] ?? '');
    expect(after.json().units.find((u: { id: string }) => u.id === id)?.name).toBe('二号镇（新）');
  });
});

describe('the embedded database in a meeting’s server (issue 19)', () => {
  it('opens with the smaller shared buffers and keeps what was written across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-embedded-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      const shown = (await first.db.execute(sql`show shared_buffers`)) as unknown as {
        rows: { shared_buffers: string }[];
      };
      expect(shown.rows[0]?.shared_buffers).toBe(EMBEDDED_SHARED_BUFFERS);
      await first.db.execute(sql`create table kept (n int)`);
      await first.db.execute(sql`insert into kept select generate_series(1, 20000)`);
      await first.close();
      const again = await openDatabase({ kind: 'pglite', dataDir: dir });
      const n = (await again.db.execute(sql`select count(*)::int as n, sum(n)::bigint as s from kept`)) as unknown as {
        rows: { n: number; s: string }[];
      };
      expect(n.rows[0]?.n).toBe(20000);
      expect(String(n.rows[0]?.s)).toBe('200010000');
      await again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // two starts of an embedded database on a busy machine
});
