import { compute } from '@yardstick/engine';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ballotPool, ballots, evaluationCampaigns, votingCodes } from '../src/db/schema';
import { evaluationInputs } from '../src/modules/evaluation/inputs';
import { EVALUATION, schemeDoc } from './evaluation-fixtures';
import { createCounty } from './factories';
import { createTestContext, type TestContext } from './helpers';

type Json = Record<string, unknown>;
const json = (payload: unknown) => ({ payload: payload as Json });

let ctx: TestContext;
let units: Record<string, string>; // code → id

async function createSchemeWithEvaluation(year: number, evaluation: Json = EVALUATION) {
  const created = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/schemes',
    ...json({ year, name: `${year}年度方案` }),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
  const draft = detail.versions.find((v: { status: string }) => v.status === 'draft');
  const saved = await ctx.injectAs('office', {
    method: 'PUT',
    url: `/api/schemes/${id}/draft`,
    ...json({ version: draft.version, document: schemeDoc(year, evaluation) }),
  });
  expect(saved.statusCode, saved.body).toBe(200);
  expect(saved.json().report.errors).toEqual([]);
}

async function office(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return ctx.injectAs('office', { method, url, ...(payload === undefined ? {} : json(payload)) });
}

async function newCampaign(year: number, settings?: Json) {
  const res = await office('POST', '/api/evaluation/campaigns', {
    year,
    name: `${year} 年度综合评议`,
    ...(settings ? { settings } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; status: string; config: Json; turnout: Json[] };
}

async function codesFor(id: string, raterGroup: string, count: number, unitCodes?: string[]) {
  const res = await office('POST', `/api/evaluation/campaigns/${id}/codes`, {
    raterGroup,
    count,
    ...(unitCodes ? { units: unitCodes } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().codes as { code: string; unitCode: string | null }[];
}

const vote = (code: string, marks: Record<string, unknown>, lang = 'zh-CN') =>
  ctx.app.inject({ method: 'POST', url: '/api/vote', headers: { 'accept-language': lang }, payload: { code, marks } });
const form = (code: string) => ctx.app.inject({ method: 'POST', url: '/api/vote/form', payload: { code } });

const LEADER_SETTINGS = {
  raterGroups: [
    { id: 'leaders', dontKnow: false, limits: [{ minPoints: 90, maxCount: 3 }] },
    { id: 'peers', peers: true, peerScope: 'kind', dontKnow: true, limits: [] },
  ],
};

beforeAll(async () => {
  ctx = await createTestContext({ voteRateLimit: 100000 });
  units = {
    XZ01: ctx.county.units.town1,
    XZ02: ctx.county.units.town2,
    ZF01: ctx.county.units.dept1,
    ZF02: ctx.county.units.dept2,
  };
  await createSchemeWithEvaluation(2019);
  await createSchemeWithEvaluation(2020);
});
afterAll(() => ctx.close());

const byCode = (m: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [units[k] ?? k, v]));

describe('campaigns', () => {
  it('a draft takes its rater groups, weights and forms from the scheme; edits need the current version', async () => {
    const c = await newCampaign(2020);
    expect(c.status).toBe('draft');
    const groups = (c.config as { raterGroups: Json[] }).raterGroups;
    expect(groups.map((g) => [g.id, g.weight, g.form])).toEqual([
      ['leaders', 0.6, 'scale'],
      ['peers', 0.4, 'options'],
    ]);
    expect(groups[1]?.peers).toBe(true); // guessed from the id
    expect(c.config).not.toHaveProperty('codeSalt');
    const ok = await office('PUT', `/api/evaluation/campaigns/${c.id}`, {
      version: c.version,
      settings: LEADER_SETTINGS,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await office('PUT', `/api/evaluation/campaigns/${c.id}`, { version: c.version, name: '旧版本' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const bad = await office('PUT', `/api/evaluation/campaigns/${c.id}`, {
      version: ok.json().version,
      settings: { raterGroups: [{ id: 'nobody' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toEqual({ path: 'settings.raterGroups.0.id', message: '方案中没有该评议组' });
  });

  it('a year without an evaluation in its scheme cannot have a campaign', async () => {
    const res = await office('POST', '/api/evaluation/campaigns', { year: 2031, name: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EVALUATION_NO_SCHEME');
  });

  it('leaders read but cannot write; units, assessors and admins see nothing', async () => {
    expect((await ctx.injectAs('leader', { method: 'GET', url: '/api/evaluation/campaigns' })).statusCode).toBe(200);
    const w = await ctx.injectAs('leader', {
      method: 'POST',
      url: '/api/evaluation/campaigns',
      ...json({ year: 2019, name: 'x' }),
    });
    expect(w.statusCode).toBe(403);
    for (const role of ['unit', 'assessor', 'sysadmin', 'auditor'] as const) {
      expect((await ctx.injectAs(role, { method: 'GET', url: '/api/evaluation/campaigns' })).statusCode, role).toBe(
        403,
      );
    }
  });
});

describe('voting, anonymity and the tally (2019)', () => {
  let id: string;
  let version: number;
  let leaderCodes: string[];
  let peerCodes: { code: string; unitCode: string | null }[];

  beforeAll(async () => {
    const c = await newCampaign(2019, LEADER_SETTINGS);
    id = c.id;
    leaderCodes = (await codesFor(id, 'leaders', 30)).map((c) => c.code);
    peerCodes = await codesFor(id, 'peers', 1);
    const opened = await office('POST', `/api/evaluation/campaigns/${id}/open`, { version: c.version });
    expect(opened.statusCode, opened.body).toBe(200);
    version = opened.json().version;
  });

  it('codes: 10 characters from the unambiguous alphabet, one per peer unit, only keyed hashes stored', async () => {
    for (const c of leaderCodes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(peerCodes.map((c) => c.unitCode).sort()).toEqual(['XZ01', 'XZ02', 'ZF01', 'ZF02']);
    const rows = await ctx.handle.db.select().from(votingCodes).where(eq(votingCodes.campaignId, id));
    expect(rows).toHaveLength(34);
    const dump = JSON.stringify(rows);
    for (const c of [...leaderCodes, ...peerCodes.map((p) => p.code)]) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replace('-', ''));
    }
    const audit = await ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(JSON.stringify(audit)).not.toContain(leaderCodes[0]?.replace('-', '') ?? 'x');
  });

  it('the form of a peer code leaves out the rater’s own unit and other kinds', async () => {
    const xz01 = peerCodes.find((c) => c.unitCode === 'XZ01');
    const res = await form(xz01?.code.toLowerCase().replace('-', ' ') ?? '');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().units.map((u: { code: string }) => u.code)).toEqual(['XZ02']);
    expect(res.json().raterUnit).toEqual({ code: 'XZ01', name: '一号镇' });
    const self = await vote(xz01?.code ?? '', byCode({ XZ01: '好', XZ02: '好' }));
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('VOTE_BALLOT_INVALID');
    expect(self.json().error.details.map((d: { message: string }) => d.message)).toContain('不能评价本单位');
  });

  it('proportion limit at its boundary: three at ≥ 90 pass, four are refused with a reason', async () => {
    const four = await vote(leaderCodes[0] ?? '', byCode({ XZ01: 90, XZ02: 91, ZF01: 95, ZF02: 100 }));
    expect(four.statusCode).toBe(400);
    expect(four.json().error.details).toEqual([{ path: 'marks', message: '90 分及以上的单位最多 3 个，本票有 4 个' }]);
    const en = await vote(leaderCodes[0] ?? '', byCode({ XZ01: 90, XZ02: 91, ZF01: 95, ZF02: 100 }), 'en');
    expect(en.json().error.details[0].message).toBe('At most 3 units may get 90 or above; this ballot has 4');
    // The refused ballot did not use the code.
    const three = await vote(leaderCodes[0] ?? '', byCode({ XZ01: 90, XZ02: 80, ZF01: 70, ZF02: 60 }));
    expect(three.statusCode, three.body).toBe(201);
  });

  it('uniform ballots, don’t-know where not allowed, missing units and out-of-range marks are refused', async () => {
    const code = leaderCodes[1] ?? '';
    const cases: [Record<string, unknown>, string][] = [
      [{ XZ01: 80, XZ02: 80, ZF01: 80, ZF02: 80 }, '所有单位评价相同，此类选票无效，请拉开差距'],
      [{ XZ01: 80, XZ02: null, ZF01: 70, ZF02: 60 }, '二号乡：本次评议不允许选择“不了解”'],
      [{ XZ01: 80, XZ02: 75, ZF01: 70 }, '县财政局：尚未评价'],
      [{ XZ01: 101, XZ02: 75, ZF01: 70, ZF02: 65 }, '一号镇：分数须在 60–100 之间'],
    ];
    for (const [marks, message] of cases) {
      const res = await vote(code, byCode(marks));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { message: string }) => d.message)).toContain(message);
    }
  });

  it('twenty simultaneous submissions of one code: exactly one ballot', async () => {
    const before = await countBallots(id);
    const code = leaderCodes[2] ?? '';
    const marks = byCode({ XZ01: 95, XZ02: 85, ZF01: 75, ZF02: 65 });
    const results = await Promise.all(Array.from({ length: 20 }, () => vote(code, marks)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('VOTE_CODE_USED');
    expect(await countBallots(id)).toBe(before + 1);
  });

  it('a used code and an unknown code are told apart', async () => {
    const used = await form(leaderCodes[0] ?? '');
    expect(used.statusCode).toBe(409);
    expect(used.json().error.message).toBe('该评议码已使用过，每个评议码只能投一次票');
    const unknown = await form('ABCDE-FGHJK');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('VOTE_CODE_UNKNOWN');
    expect((await form('not a code')).statusCode).toBe(404);
  });

  it('turnout while open counts used codes per rater group and shows no result', async () => {
    // Two more leader ballots and the two township peer ballots.
    expect((await vote(leaderCodes[3] ?? '', byCode({ XZ01: 70, XZ02: 90, ZF01: 60, ZF02: 100 }))).statusCode).toBe(
      201,
    );
    expect((await vote(leaderCodes[4] ?? '', byCode({ XZ01: 100, XZ02: 60, ZF01: 90, ZF02: 70 }))).statusCode).toBe(
      201,
    );
    const p = (u: string) => peerCodes.find((c) => c.unitCode === u)?.code ?? '';
    expect((await vote(p('XZ02'), byCode({ XZ01: '较好' }))).statusCode).toBe(201);
    expect((await vote(p('XZ01'), byCode({ XZ02: '一般' }))).statusCode).toBe(201);
    const t = await ctx.injectAs('leader', { method: 'GET', url: `/api/evaluation/campaigns/${id}/turnout` });
    expect(t.json()).toEqual({
      status: 'open',
      groups: [
        { raterGroup: 'leaders', name: '县领导评价', issued: 30, used: 4 },
        { raterGroup: 'peers', name: '互评', issued: 4, used: 2 },
      ],
    });
    const tally = await ctx.injectAs('leader', { method: 'GET', url: `/api/evaluation/campaigns/${id}/tally` });
    expect(tally.statusCode).toBe(409);
    expect(tally.json().error.code).toBe('EVALUATION_NOT_CLOSED');
    expect(await evaluationInputs(ctx.handle.db, ctx.county.tenantId, 2019)).toEqual({
      status: 'open',
      ballots: [],
      tallies: [],
    });
  });

  it('anonymity: ballots carry no code, user, time or sequence; codes carry no ballot', async () => {
    const cols = async (table: string) => {
      const res = (await ctx.handle.db.execute(
        sql`select column_name from information_schema.columns where table_name = ${table} order by column_name`,
      )) as unknown as { rows: { column_name: string }[] };
      return res.rows.map((r) => r.column_name);
    };
    expect(await cols('ballots')).toEqual(['campaign_id', 'id', 'marks', 'rater_group', 'tenant_id']);
    expect(await cols('voting_codes')).toEqual([
      'campaign_id',
      'code_hash',
      'id',
      'rater_group',
      'rater_unit_id',
      'tenant_id',
      'used',
    ]);
    // Accepted ballots wait sealed: no mark in the clear, no time, no order (anonymity.test.ts tries the links).
    expect(await cols('ballot_pool')).toEqual(['campaign_id', 'id', 'key_id', 'rater_group', 'sealed', 'tenant_id']);
    const sealed = await ctx.handle.db.select().from(ballotPool).where(eq(ballotPool.campaignId, id));
    expect(sealed).toHaveLength(6);
    expect(new Set(sealed.map((p) => p.sealed.length)).size).toBe(1);
    const rows = await ctx.handle.db.select().from(ballots).where(eq(ballots.campaignId, id));
    const codeRows = await ctx.handle.db.select().from(votingCodes).where(eq(votingCodes.campaignId, id));
    const codeValues = new Set(codeRows.flatMap((c) => [c.id, c.codeHash]));
    const userIds = new Set(Object.values(ctx.county.userIds));
    for (const b of rows) {
      expect(b.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/); // random (v4), no time inside
      for (const v of Object.values(b.marks as Json))
        expect(typeof v === 'number' || typeof v === 'string' || v === null).toBe(true);
      const text = JSON.stringify(b);
      for (const c of codeValues) expect(text).not.toContain(c);
      for (const u of userIds) expect(text).not.toContain(u);
    }
    // No vote leaves a trace in the audit log either.
    const votes = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(sql`${auditLog.action} like 'vote%'`);
    expect(votes[0]?.n).toBe(0);
  });

  it('close: the tally by hand, trimmed values, invalid ballots, the engine’s weighted score; then codes refused', async () => {
    const idsBefore = (
      await ctx.handle.db.select({ id: ballots.id }).from(ballots).where(eq(ballots.campaignId, id))
    ).map((b) => b.id);
    const res = await office('POST', `/api/evaluation/campaigns/${id}/close`, { version });
    expect(res.statusCode, res.body).toBe(200);
    // Ballots were rewritten under new random ids (no trace of the order they came in).
    const idsAfter = (
      await ctx.handle.db.select({ id: ballots.id }).from(ballots).where(eq(ballots.campaignId, id))
    ).map((b) => b.id);
    expect(idsAfter).toHaveLength(6);
    expect(idsAfter.filter((x) => idsBefore.includes(x))).toEqual([]);

    const tally = (
      await ctx.injectAs('leader', { method: 'GET', url: `/api/evaluation/campaigns/${id}/tally` })
    ).json();
    expect(tally.scoredBy).toBe('engine');
    expect(tally.ballots).toEqual([
      { raterGroup: 'leaders', name: '县领导评价', ballots: 4, invalid: 0, survey: 0 },
      { raterGroup: 'peers', name: '互评', ballots: 2, invalid: 0, survey: 0 },
    ]);
    const unit = (code: string) => tally.units.find((u: { unitCode: string }) => u.unitCode === code);
    // Leaders' marks (scale max 100, so marks are already on 100); more than 3 marks → drop lowest and highest.
    // XZ01: 90, 95, 70, 100 → drop 70, 100 → (90 + 95) / 2 = 92.5; peers: 较好 = 85 → 85.
    // Weighted: (0.6 × 92.5 + 0.4 × 85) / (0.6 + 0.4) = 55.5 + 34 = 89.5.
    expect(unit('XZ01').groups[0]).toEqual({
      raterGroup: 'leaders',
      valid: 4,
      dontKnow: 0,
      trimmed: [70, 100],
      used: 2,
      mean: 92.5,
      weight: 0.6,
    });
    expect(unit('XZ01').groups[1]).toMatchObject({ raterGroup: 'peers', valid: 1, used: 1, mean: 85, trimmed: [] });
    expect(unit('XZ01').evaluation).toBe(89.5);
    // XZ02: 80, 85, 90, 60 → drop 60, 90 → 82.5; peers 一般 = 70 → 0.6 × 82.5 + 0.4 × 70 = 49.5 + 28 = 77.5.
    expect(unit('XZ02').evaluation).toBe(77.5);
    // ZF01: 70, 75, 60, 90 → drop 60, 90 → 72.5; no peer vote → leaders alone (weights over groups with marks).
    expect(unit('ZF01').groups[1]).toMatchObject({ valid: 0, mean: null });
    expect(unit('ZF01').evaluation).toBe(72.5);
    // ZF02: 60, 65, 100, 70 → drop 60, 100 → 67.5.
    expect(unit('ZF02').evaluation).toBe(67.5);

    const after = await form(leaderCodes[5] ?? '');
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('VOTE_CAMPAIGN_CLOSED');
    expect((await vote(leaderCodes[5] ?? '', byCode({ XZ01: 90, XZ02: 80, ZF01: 70, ZF02: 60 }))).statusCode).toBe(409);
  });

  it('evaluationInputs hands the engine ballots keyed by unit code; the engine computes what the tally shows', async () => {
    const inputs = await evaluationInputs(ctx.handle.db, ctx.county.tenantId, 2019);
    expect(inputs.status).toBe('closed');
    expect(inputs.ballots).toHaveLength(6);
    for (const b of inputs.ballots)
      for (const k of Object.keys(b.marks)) expect(['XZ01', 'XZ02', 'ZF01', 'ZF02']).toContain(k);
    const doc = schemeDoc(2019, EVALUATION) as unknown as { engine: Parameters<typeof compute>[0] };
    const results = compute({ ...doc.engine, id: 'scheme-2019', year: 2019 } as Parameters<typeof compute>[0], {
      units: [
        { id: 'XZ01', group: 'township' },
        { id: 'XZ02', group: 'township' },
        { id: 'ZF01', group: 'government' },
        { id: 'ZF02', group: 'government' },
      ],
      ballots: inputs.ballots,
      tallies: inputs.tallies,
    });
    expect(Object.fromEntries(results.units.map((u) => [u.unitId, u.evaluation]))).toEqual({
      XZ01: 89.5,
      XZ02: 77.5,
      ZF01: 72.5,
      ZF02: 67.5,
    });
  });

  it('another county’s office sees none of it (same answer as a missing campaign)', async () => {
    const other = await createCounty(ctx.handle.db, '邻县');
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/evaluation/campaigns/${id}` }, other);
    expect(res.statusCode).toBe(404);
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/evaluation/campaigns' }, other);
    expect(list.json().items).toEqual([]);
  });

  it('every step of the office is audited', async () => {
    const rows = await ctx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id));
    expect(rows.map((r) => r.action).sort()).toEqual([
      'evaluation.close',
      'evaluation.codes',
      'evaluation.codes',
      'evaluation.create',
      'evaluation.open',
    ]);
    const [row] = await ctx.handle.db
      .select({ status: evaluationCampaigns.status })
      .from(evaluationCampaigns)
      .where(eq(evaluationCampaigns.id, id));
    expect(row?.status).toBe('closed');
  });
});

/** Ballots accepted: revealed ones and those still sealed in the pool. */
async function countBallots(campaignId: string): Promise<number> {
  const [r] = await ctx.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballots)
    .where(eq(ballots.campaignId, campaignId));
  const [p] = await ctx.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballotPool)
    .where(eq(ballotPool.campaignId, campaignId));
  return (r?.n ?? 0) + (p?.n ?? 0);
}
