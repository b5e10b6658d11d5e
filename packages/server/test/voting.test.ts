import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBallot, limitAllowed, type BallotRules } from '@yardstick/engine/ballot-rules';
import type { CampaignConfig, CountyUnit, RaterGroupConfig } from '../src/modules/evaluation/config';
import { fragments, peerGroups } from '../src/modules/evaluation/pool';
import { computeTally } from '../src/modules/evaluation/tally';
import { EVALUATION, schemeDoc } from './evaluation-fixtures';
import { createTestContext, type TestContext } from './helpers';

type Json = Record<string, unknown>;

describe('ballot rules at their boundaries (the same function the voting page runs)', () => {
  const rules: BallotRules = {
    form: 'options',
    min: 0,
    max: 100,
    options: [
      { label: '满意', points: 100 },
      { label: '基本满意', points: 75 },
      { label: '不满意', points: 40 },
      { label: '不了解', points: null },
    ],
    dontKnow: true,
    limits: [{ minPoints: 100, maxShare: 0.2 }],
    rejectUniform: true,
  };
  const units = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const ballot = (top: number, rest = '基本满意') =>
    Object.fromEntries(units.map((u, i) => [u, i < top ? '满意' : i === units.length - 1 ? '不满意' : rest]));

  it('"at most 20% 满意": ⌊0.2 × 10⌋ = 2 pass, 3 are refused', () => {
    expect(limitAllowed({ minPoints: 100, maxShare: 0.2 }, 10)).toBe(2);
    expect(limitAllowed({ minPoints: 100, maxShare: 0.2 }, 14)).toBe(2);
    expect(limitAllowed({ minPoints: 100, maxShare: 0.2, maxCount: 1 }, 10)).toBe(1);
    expect(checkBallot(rules, units, ballot(2))).toEqual([]);
    expect(checkBallot(rules, units, ballot(3))).toEqual([{ code: 'limit', minPoints: 100, allowed: 2, count: 3 }]);
  });

  it('don’t-know answers are not marks: they neither count for the limit nor make a ballot uniform', () => {
    const marks = Object.fromEntries(units.map((u, i) => [u, i === 0 ? '基本满意' : i === 1 ? '不满意' : '不了解']));
    expect(checkBallot(rules, units, marks)).toEqual([]);
    expect(checkBallot({ ...rules, dontKnow: false }, units, marks).map((i) => i.code)).toContain(
      'dont_know_not_allowed',
    );
    const uniform = Object.fromEntries(units.map((u, i) => [u, i < 3 ? '基本满意' : null]));
    expect(checkBallot(rules, units, uniform)).toEqual([{ code: 'uniform' }]);
  });

  it('ranking: places 1…n each once', () => {
    const r: BallotRules = { ...rules, form: 'ranking', limits: [] };
    expect(checkBallot(r, ['a', 'b', 'c'], { a: 2, b: 1, c: 3 })).toEqual([]);
    expect(checkBallot(r, ['a', 'b', 'c'], { a: 1, b: 1, c: 3 })).toEqual([{ code: 'ranking_places', n: 3 }]);
    expect(checkBallot(r, ['a', 'b', 'c'], { a: 1, b: null, c: 2 })).toEqual([]);
  });

  it('units off the form and the rater’s own unit are refused', () => {
    expect(checkBallot({ ...rules, limits: [] }, ['a', 'b'], { a: '满意', b: '不满意', z: '满意' }, 'z')).toEqual([
      { code: 'own_unit', unit: 'z' },
    ]);
    expect(checkBallot({ ...rules, limits: [] }, ['a', 'b'], { a: '满意', b: '不满意', y: '满意' })).toEqual([
      { code: 'not_on_form', unit: 'y' },
    ]);
  });
});

describe('tally: invalid ballots, trimming, anomaly signals (by hand)', () => {
  const unit = (code: string, groupCode = 'township'): CountyUnit => ({
    id: `id-${code}`,
    code,
    name: code,
    kind: 'township',
    groupCode,
    active: true,
    sortOrder: 0,
  });
  const list = ['A', 'B', 'C'].map((c) => unit(c));
  const group = (id: string, weight: number, form: 'scale' | 'options'): RaterGroupConfig => ({
    id,
    name: id,
    weight,
    form,
    min: 0,
    max: 100,
    options:
      form === 'options'
        ? [
            { label: '好', points: 100 },
            { label: '一般', points: 60 },
            { label: '不了解', points: null },
          ]
        : [],
    rankBase: 100,
    rankStep: 2,
    rankStepUnit: 'percent',
    rankFloor: 0,
    schemeUnitGroups: null,
    peers: false,
    peerScope: 'kind',
    dontKnow: true,
    limits: [],
  });
  const config: CampaignConfig = {
    raterGroups: [group('leaders', 0.5, 'scale'), group('public', 0.5, 'options')],
    trimAbove: 2,
    invalidateUniform: true,
    surveyTallies: [{ raterGroup: 'public', unitCode: 'C', counts: { 好: 1, 一般: 1, 不了解: 5 } }],
  };
  const b = (id: string, raterGroup: string, A: unknown, B: unknown, C: unknown) => ({
    id,
    raterGroup,
    marks: { 'id-A': A, 'id-B': B, 'id-C': C } as Record<string, number | string | null>,
  });
  const t = computeTally(
    config,
    [
      b('1', 'leaders', 90, 80, 70),
      b('2', 'leaders', 90, 80, 70),
      b('3', 'leaders', 90, 80, 70),
      b('4', 'leaders', 60, 60, 60), // uniform: invalid
      b('5', 'leaders', 50, 100, null),
      b('6', 'public', '一般', '好', '不了解'),
    ],
    list,
    null,
  );

  it('counts ballots and invalid ones per group', () => {
    expect(t.ballots).toEqual([
      { raterGroup: 'leaders', name: 'leaders', ballots: 5, invalid: 1, survey: 0 },
      { raterGroup: 'public', name: 'public', ballots: 1, invalid: 0, survey: 7 },
    ]);
  });

  it('trims above the threshold and weighs the groups', () => {
    // A, leaders: 90, 90, 90, 50 → 4 > 2 → drop 50 and 90 → (90 + 90) / 2 = 90; public 一般 = 60.
    // Evaluation (0.5 × 90 + 0.5 × 60) / 1 = 75.
    const A = t.units.find((u) => u.unitCode === 'A');
    expect(A?.groups[0]).toEqual({
      raterGroup: 'leaders',
      valid: 4,
      dontKnow: 0,
      trimmed: [50, 90],
      used: 2,
      mean: 90,
      weight: 0.5,
    });
    expect(A?.evaluation).toBe(75);
    // C, leaders: 70, 70, 70 (and one don't-know) → drop 70, 70 → 70; public: ballot 不了解, survey 好 1, 一般 1 → 80.
    const C = t.units.find((u) => u.unitCode === 'C');
    expect(C?.groups[0]).toMatchObject({ valid: 3, dontKnow: 1, used: 1, mean: 70 });
    expect(C?.groups[1]).toMatchObject({ valid: 2, dontKnow: 6, used: 2, mean: 80 });
    expect(C?.evaluation).toBe(75);
  });

  it('signals three identical ballots and a group far from the others', () => {
    expect(t.anomalies).toContainEqual({ kind: 'identical_ballots', raterGroup: 'leaders', count: 3 });
    // A: leaders 90 vs public 60 → gap 30 ≥ 20, both directions.
    expect(t.anomalies).toContainEqual({
      kind: 'group_divergence',
      raterGroup: 'leaders',
      unitCode: 'A',
      mean: 90,
      others: 60,
      gap: 30,
    });
    expect(t.anomalies).toContainEqual({
      kind: 'group_divergence',
      raterGroup: 'public',
      unitCode: 'A',
      mean: 60,
      others: 90,
      gap: -30,
    });
  });
});

describe('peer ballots revealed one rated unit per row (pool.ts fragments): the same tally', () => {
  it('means, trimming, don’t-know and the evaluation are those of the whole ballots; the count is the codes used', () => {
    const unit = (code: string): CountyUnit => ({
      id: `id-${code}`,
      code,
      name: code,
      kind: 'township',
      groupCode: 'township',
      active: true,
      sortOrder: 0,
    });
    const list = ['A', 'B', 'C', 'D'].map(unit);
    const peers: RaterGroupConfig = {
      id: 'peers',
      name: 'peers',
      weight: 1,
      form: 'options',
      min: 0,
      max: 100,
      options: [
        { label: '好', points: 100 },
        { label: '较好', points: 85 },
        { label: '一般', points: 70 },
        { label: '不了解', points: null },
      ],
      rankBase: 100,
      rankStep: 2,
      rankStepUnit: 'percent',
      rankFloor: 0,
      schemeUnitGroups: null,
      peers: true,
      peerScope: 'all',
      dontKnow: true,
      limits: [],
    };
    const config: CampaignConfig = { raterGroups: [peers], trimAbove: 2, invalidateUniform: true, surveyTallies: [] };
    const labels = ['好', '较好', '一般', '不了解'];
    // Each unit's three raters rate the three other units (own unit left out, as the form does).
    const whole = list.flatMap((own, i) =>
      [0, 1, 2].map((r) => {
        const marks: Record<string, string | null> = {};
        list.filter((u) => u !== own).forEach((u, j) => (marks[u.id] = labels[(i + r + j) % 4] ?? null));
        return { raterGroup: 'peers', marks };
      }),
    );
    const split = fragments(whole, peerGroups(config));
    expect(split.every((b) => Object.keys(b.marks).length === 1)).toBe(true);
    const a = computeTally(
      config,
      whole.map((b, i) => ({ ...b, id: `w${i}` })),
      list,
      null,
    );
    const b = computeTally(
      config,
      split.map((x, i) => ({ ...x, id: `f${String(i).padStart(3, '0')}` })),
      list,
      null,
      { peers: whole.length },
    );
    expect(b.units).toEqual(a.units);
    expect(b.ballots).toEqual(a.ballots);
    expect(b.ballots[0]?.ballots).toBe(12);
  });
});

describe('ranking form: the tally and the engine agree', () => {
  it('places become points (first = base, −2% of base per place), as the engine computes them', () => {
    const list: CountyUnit[] = ['A', 'B', 'C'].map((code) => ({
      id: `id-${code}`,
      code,
      name: code,
      kind: 'township',
      groupCode: 'township',
      active: true,
      sortOrder: 0,
    }));
    const rg: RaterGroupConfig = {
      id: 'leaders',
      name: 'leaders',
      weight: 1,
      form: 'ranking',
      min: 0,
      max: 100,
      options: [],
      rankBase: 100,
      rankStep: 2,
      rankStepUnit: 'percent',
      rankFloor: 0,
      schemeUnitGroups: null,
      peers: false,
      peerScope: 'kind',
      dontKnow: true,
      limits: [],
    };
    const config: CampaignConfig = { raterGroups: [rg], trimAbove: null, invalidateUniform: true, surveyTallies: [] };
    const doc = schemeDoc(2019, {
      invalidateUniform: true,
      raterGroups: [{ id: 'leaders', weight: 1, form: 'ranking', rankBase: 100, rankStep: 2 }],
    });
    const scheme = {
      ...doc.engine,
      id: 's',
      year: 2019,
      groups: [doc.engine.groups[0]],
    } as unknown as Parameters<typeof computeTally>[3];
    const t = computeTally(
      config,
      [
        { id: '1', raterGroup: 'leaders', marks: { 'id-A': 1, 'id-B': 2, 'id-C': 3 } },
        { id: '2', raterGroup: 'leaders', marks: { 'id-A': 2, 'id-B': 1, 'id-C': null } },
      ],
      list,
      scheme,
    );
    expect(t.scoredBy).toBe('engine');
    // A: places 1 and 2 → 100 and 98 → 99; B: 98 and 100 → 99; C: place 3 → 96 (don't know left out).
    expect(t.units.map((u) => [u.unitCode, u.groups[0]?.mean, u.evaluation])).toEqual([
      ['A', 99, 99],
      ['B', 99, 99],
      ['C', 96, 96],
    ]);
  });
});

describe('voting over HTTP: rate limit and the codes sheet', () => {
  let ctx: TestContext;
  let campaignId: string;
  let codes: {
    code: string;
    raterGroup: string;
    raterGroupName: string;
    unitCode: string | null;
    unitName: string | null;
  }[];

  beforeAll(async () => {
    ctx = await createTestContext({ voteRateLimit: 5 });
    const office = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      ctx.injectAs('office', { method, url, ...(payload === undefined ? {} : { payload: payload as Json }) });
    const created = await office('POST', '/api/schemes', { year: 2019, name: '2019' });
    const id = created.json().id as string;
    const detail = (await office('GET', `/api/schemes/${id}`)).json();
    const draft = detail.versions.find((v: { status: string }) => v.status === 'draft');
    await office('PUT', `/api/schemes/${id}/draft`, { version: draft.version, document: schemeDoc(2019, EVALUATION) });
    const c = (await office('POST', '/api/evaluation/campaigns', { year: 2019, name: '评议' })).json();
    campaignId = c.id;
    codes = (
      await office('POST', `/api/evaluation/campaigns/${c.id}/codes`, { raterGroup: 'leaders', count: 3 })
    ).json().codes;
  });
  afterAll(() => ctx.close());

  it('the codes come back once as an Excel sheet; codes of no campaign are refused', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/evaluation/campaigns/${campaignId}/codes/sheet`,
      payload: { codes },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('评议码');
    expect(ws?.getRow(2).getCell(4).value).toBe(codes[0]?.code);
    expect(ws?.rowCount).toBe(4);
    const forged = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/evaluation/campaigns/${campaignId}/codes/sheet`,
      payload: { codes: [{ ...codes[0], code: 'ABCDE-FGHJK' }] },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('EVALUATION_CODES_UNKNOWN');
  });

  it('a draft campaign’s code is "not open yet"; after VOTE_RATE_LIMIT requests a minute from one address: 429', async () => {
    const statuses: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await ctx.app.inject({ method: 'POST', url: '/api/vote/form', payload: { code: codes[0]?.code } });
      statuses.push(r.statusCode);
      bodies.push(r.json().error.code);
    }
    expect(statuses).toEqual([409, 409, 409, 409, 409, 429, 429]);
    expect(bodies[0]).toBe('VOTE_CAMPAIGN_NOT_OPEN');
    expect(bodies[5]).toBe('RATE_LIMITED');
    // Another address is not held back; the ballot route counts on its own.
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/vote/form',
      payload: { code: 'x' },
      remoteAddress: '10.0.0.9',
    });
    expect(other.statusCode).toBe(404);
  });
});
