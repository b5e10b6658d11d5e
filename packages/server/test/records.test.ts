import { and, eq, asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reports, unitRecords } from '../src/db/schema';
import { createCounty, type County } from './factories';
import { createTestContext, type TestContext } from './helpers';
import { publishRecordsScheme } from './records-fixture';

let ctx: TestContext;
let other: County;
beforeAll(async () => {
  ctx = await createTestContext();
  other = await createCounty(ctx.handle.db, '邻县');
  for (const y of [2018, 2019, 2021]) await publishRecordsScheme(ctx.handle.db, ctx.county.tenantId, y);
  await publishRecordsScheme(ctx.handle.db, other.tenantId, 2019);
});
afterAll(() => ctx.close());

const create = (payload: object, lang = 'zh-CN') =>
  ctx.injectAs('office', { method: 'POST', url: '/api/records', headers: { 'accept-language': lang }, payload });

const commendation = () => ({
  year: 2019,
  unitId: ctx.county.units.town1,
  kind: 'bonus',
  ruleId: 'commendation',
  level: 'provincial',
  achievementKey: 'rural-revival',
  title: '省级乡村振兴示范镇',
  documentNo: '豫政〔2019〕12号',
  issuedOn: '2019-05-20',
});

describe('records', () => {
  it('creates a record with its unit, lists it by year and kind, and audits it', async () => {
    const res = await create(commendation());
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({
      unitCode: 'XZ01',
      unitName: '一号镇',
      kind: 'bonus',
      level: 'provincial',
      count: 1,
      repeat: false,
      amount: null,
      version: 1,
    });
    await create({
      year: 2019,
      unitId: ctx.county.units.dept1,
      kind: 'veto',
      ruleId: 'clean-gov',
      title: '违反廉洁纪律',
    });
    await create({
      year: 2018,
      unitId: ctx.county.units.town2,
      kind: 'deduction',
      ruleId: 'criticism',
      level: 'county',
      title: '2018 年通报批评',
    });
    const y2019 = await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' });
    expect(y2019.json().total).toBe(2);
    const vetoes = await ctx.injectAs('leader', { method: 'GET', url: '/api/records?year=2019&kind=veto' });
    expect(vetoes.json().items.map((r: { title: string }) => r.title)).toEqual(['违反廉洁纪律']);
    const byUnit = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/records?unitId=${ctx.county.units.town2}`,
    });
    expect(byUnit.json().items.map((r: { year: number }) => r.year)).toEqual([2018]);
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, rec.id), eq(auditLog.action, 'record.create')));
    expect(audit[0]?.summary).toBe('新增记录：2019 年 一号镇 加分「省级乡村振兴示范镇」');
  });

  it('validates kind, level, year, date and the unit, field by field', async () => {
    const res = await create({
      year: 1999,
      unitId: ctx.county.units.town1,
      kind: 'praise',
      level: 'town ship',
      title: ' ',
      issuedOn: '2019-02-30',
      count: 0,
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['count', 'issuedOn', 'kind', 'level', 'title', 'year']);
    const foreign = await create({ ...commendation(), unitId: other.units.town1 });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details).toEqual([{ path: 'unitId', message: '单位不存在' }]);
  });

  it('edits with optimistic versioning and deletes, each audited', async () => {
    const rec = (await create({ ...commendation(), title: '待修改' })).json();
    const ok = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${rec.id}`,
      payload: { version: 1, level: 'national', note: '升为国家级' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ level: 'national', amount: null, version: 2 });
    // The level gives the points: points typed by hand are refused, not silently ignored.
    const typed = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${rec.id}`,
      payload: { version: 2, amount: 3 },
    });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.details.map((d: { path: string }) => d.path)).toEqual(['amount']);
    const stale = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${rec.id}`,
      payload: { version: 1, title: '覆盖' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const staleDelete = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}?version=1` });
    expect(staleDelete.statusCode).toBe(409);
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}?version=2` });
    expect(del.statusCode).toBe(204);
    const gone = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${rec.id}` });
    expect(gone.statusCode).toBe(404);
    const actions = (
      await ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, rec.id)).orderBy(asc(auditLog.id))
    ).map((a) => a.action);
    expect(actions).toEqual(['record.create', 'record.update', 'record.delete']);
  });

  it("keeps to the county: another county's records are invisible and untouchable (404)", async () => {
    const theirs = await ctx.injectAs(
      'office',
      {
        method: 'POST',
        url: '/api/records',
        payload: { year: 2019, unitId: other.units.town1, kind: 'veto', ruleId: 'poverty', title: '邻县否决' },
      },
      other,
    );
    expect(theirs.statusCode).toBe(201);
    const mine = await ctx.injectAs('office', { method: 'GET', url: '/api/records?pageSize=500' });
    expect(mine.json().items.map((r: { id: string }) => r.id)).not.toContain(theirs.json().id);
    const patch = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/records/${theirs.json().id}`,
      payload: { version: 1, title: '越权' },
    });
    expect(patch.statusCode).toBe(404);
    const del = await ctx.injectAs('office', { method: 'DELETE', url: `/api/records/${theirs.json().id}` });
    expect(del.statusCode).toBe(404);
  });

  it('only the office writes; the leader reads; others are refused', async () => {
    const leader = await ctx.injectAs('leader', { method: 'POST', url: '/api/records', payload: commendation() });
    expect(leader.statusCode).toBe(403);
    for (const role of ['unit', 'assessor', 'sysadmin'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: '/api/records' });
      expect(res.statusCode, role).toBe(403);
    }
  });
});

describe("a record names what the year's scheme has (issue 13 item 3)", () => {
  it("refuses a misspelled veto rule with 400, listing the valid choices in the caller's language", async () => {
    const before = (await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019&kind=veto' })).json()
      .total as number;
    const veto = {
      year: 2019,
      unitId: ctx.county.units.town1,
      kind: 'veto',
      ruleId: 'clean-gv',
      title: '违反廉洁纪律',
    };
    const zh = await create(veto);
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.code).toBe('RECORD_NOT_IN_SCHEME');
    expect(zh.json().error.details).toEqual([
      {
        path: 'ruleId',
        message: '2019 年考核方案中没有一票否决事项“clean-gv”，可选：clean-gov（党风廉政建设）、poverty（脱贫攻坚）',
      },
    ]);
    expect(zh.json().error.message).toContain('记录与 2019 年考核方案不符');
    const en = await create(veto, 'en');
    expect(en.json().error.details[0].message).toBe(
      'the 2019 scheme has no veto item "clean-gv"; choose one of: clean-gov (党风廉政建设), poverty (脱贫攻坚)',
    );
    // Nothing was saved.
    const after = (await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019&kind=veto' })).json()
      .total as number;
    expect(after).toBe(before);
  });

  it("takes the levels from the record's category: a potential category's major/notable, not national…county", async () => {
    const potential = {
      year: 2019,
      unitId: ctx.county.units.town2,
      kind: 'bonus',
      ruleId: 'potential',
      title: '生态修复长效机制',
    };
    const provincial = await create({ ...potential, level: 'provincial' });
    expect(provincial.statusCode).toBe(400);
    expect(provincial.json().error.details).toEqual([
      {
        path: 'level',
        message: '“潜绩加分”没有级别“provincial”，可选：major（重大，1 分）、notable（显著，0.5 分）',
      },
    ]);
    const none = await create({ ...potential, amount: 1 });
    expect(none.json().error.details.map((d: { path: string }) => d.path)).toEqual(['level', 'amount']);
    const major = await create({ ...potential, level: 'major' });
    expect(major.statusCode, major.body).toBe(201);
    expect(major.json()).toMatchObject({ level: 'major', amount: null });
  });

  it('asks for what each rule reads and refuses what it would ignore', async () => {
    const base = { year: 2019, unitId: ctx.county.units.dept2, title: '事项' };
    const cases: [object, string[]][] = [
      [{ kind: 'bonus' }, ['ruleId']],
      [{ kind: 'deduction', ruleId: 'city-red' }, ['amount']],
      [{ kind: 'deduction', ruleId: 'city-red', amount: -1 }, ['amount']],
      [{ kind: 'deduction', ruleId: 'fraud', level: 'city', amount: 2 }, ['level', 'amount']],
      [{ kind: 'veto', ruleId: 'poverty', level: 'city', count: 2 }, ['level', 'count']],
      [{ kind: 'discipline', ruleId: 'poverty' }, ['ruleId']],
    ];
    for (const [payload, paths] of cases) {
      const res = await create({ ...base, ...payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(
        res.json().error.details.map((d: { path: string }) => d.path),
        JSON.stringify(payload),
      ).toEqual(paths);
    }
    expect((await create({ ...base, kind: 'deduction', ruleId: 'city-red', amount: 2 })).statusCode).toBe(201);
    expect((await create({ ...base, kind: 'deduction', ruleId: 'fraud' })).statusCode).toBe(201);
    expect((await create({ ...base, kind: 'discipline' })).statusCode).toBe(201);
    // A year without a scheme takes no records: they could name nothing.
    const noScheme = await create({ ...base, year: 2017, kind: 'discipline' });
    expect(noScheme.statusCode).toBe(400);
    expect(noScheme.json().error.code).toBe('RECORD_NO_SCHEME');
  });

  it("lists the year's choices for the form: rules by kind, each category's levels with names and points", async () => {
    const res = await ctx.injectAs('leader', { method: 'GET', url: '/api/records/choices?year=2019' });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ year: 2019, schemeVersionNo: 1, published: true });
    expect(c.bonus.find((r: { id: string }) => r.id === 'potential')).toEqual({
      id: 'potential',
      name: '潜绩加分',
      amountFrom: 'level',
      levels: [
        { id: 'major', name: { 'zh-CN': '重大', en: 'Major' }, points: 1 },
        { id: 'notable', name: { 'zh-CN': '显著', en: 'Notable' }, points: 0.5 },
      ],
      provider: null,
    });
    // the department that supplies a rule's data, by its name
    expect(c.deduction.find((r: { id: string }) => r.id === 'fraud').provider).toEqual({
      code: 'ZF02',
      name: '县财政局',
    });
    expect(c.deduction.map((r: { id: string; amountFrom: string }) => `${r.id}:${r.amountFrom}`)).toEqual([
      'criticism:level',
      'fraud:fixed',
      'city-red:points',
    ]);
    expect(c.veto.map((r: { id: string }) => r.id)).toEqual(['clean-gov', 'poverty']);
    const none = (await ctx.injectAs('office', { method: 'GET', url: '/api/records/choices?year=2017' })).json();
    expect(none).toMatchObject({ schemeVersionNo: null, bonus: [], deduction: [], veto: [] });
  });
});

describe('at compute, a stored record that matches nothing blocks publication, named (issue 13 item 3)', () => {
  const YEAR = 2021;
  const tenant = () => ctx.county.tenantId;
  const units = () => ctx.county.units;

  async function computeYear() {
    const res = await ctx.injectAs('office', { method: 'POST', url: `/api/results/${YEAR}/compute` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { publishable: boolean; blockers: Record<string, unknown>[] };
  }

  it("scores potential-performance records with the category's own points, and blocks on an orphan", async () => {
    const db = ctx.handle.db;
    // i1 done by all but ZF02 (no tie in the government group to decide).
    for (const unitId of Object.values(units()))
      await db.insert(reports).values({
        tenantId: tenant(),
        year: YEAR,
        unitId,
        indicatorId: 'i1',
        nodeId: '',
        status: 'approved',
        value: unitId === units().dept2 ? 0 : 1,
      });
    const ok = (payload: object) => create({ year: YEAR, kind: 'bonus', ruleId: 'potential', ...payload });
    // XZ01: major (1) + notable of another achievement (0.5) = 1.5; XZ02: notable 0.5; the category caps at 2.
    expect(
      (await ok({ unitId: units().town1, level: 'major', achievementKey: 'a', title: '生态修复' })).statusCode,
    ).toBe(201);
    expect(
      (await ok({ unitId: units().town1, level: 'notable', achievementKey: 'b', title: '基层治理' })).statusCode,
    ).toBe(201);
    expect((await ok({ unitId: units().town2, level: 'notable', title: '风险化解' })).statusCode).toBe(201);
    let r = await computeYear();
    expect(r.blockers).toEqual([]);
    const ranking = (
      await ctx.injectAs('office', { method: 'GET', url: `/api/results/${YEAR}/ranking?source=preview` })
    ).json() as { groups: { rows: { unitCode: string; bonus: number; composite: number }[] }[] };
    const rows = Object.fromEntries(ranking.groups.flatMap((g) => g.rows).map((x) => [x.unitCode, x]));
    expect(rows.XZ01).toMatchObject({ bonus: 1.5, composite: 101.5 });
    expect(rows.XZ02).toMatchObject({ bonus: 0.5, composite: 100.5 });

    // The scheme changed since (or a row was written around the API): a veto naming no veto item of the year.
    const [orphan] = await db
      .insert(unitRecords)
      .values({
        tenantId: tenant(),
        year: YEAR,
        unitId: units().dept1,
        kind: 'veto',
        ruleId: 'clean-gv',
        title: '违反廉洁纪律',
        documentNo: '县纪委〔2021〕3号',
        issuedOn: '2021-06-01',
      })
      .returning({ id: unitRecords.id });
    r = await computeYear();
    expect(r.publishable).toBe(false);
    expect(r.blockers).toEqual([
      expect.objectContaining({
        kind: 'recordUnmatched',
        unitCode: 'ZF01',
        record: expect.objectContaining({
          id: orphan?.id,
          kind: 'veto',
          ruleId: 'clean-gv',
          level: null,
          issuedOn: '2021-06-01',
          documentNo: '县纪委〔2021〕3号',
          title: '违反廉洁纪律',
          problem: expect.objectContaining({
            'zh-CN':
              '2021 年考核方案中没有一票否决事项“clean-gv”，可选：clean-gov（党风廉政建设）、poverty（脱贫攻坚）',
          }),
        }),
      }),
    ]);
    // A bonus whose level its category lacks blocks too (never scored as 0 and never dropped).
    await db.insert(unitRecords).values({
      tenantId: tenant(),
      year: YEAR,
      unitId: units().town2,
      kind: 'bonus',
      ruleId: 'potential',
      level: 'provincial',
      title: '旧方案的省级潜绩',
    });
    r = await computeYear();
    expect(r.blockers.map((b) => `${String(b.kind)}:${String(b.unitCode)}`).sort()).toEqual([
      'recordUnmatched:XZ02',
      'recordUnmatched:ZF01',
    ]);
    // The review lists them with the unit's name.
    const review = (await ctx.injectAs('office', { method: 'GET', url: `/api/results/${YEAR}` })).json() as {
      blockers: { kind: string; unitName?: string }[];
    };
    expect(
      review.blockers
        .filter((b) => b.kind === 'recordUnmatched')
        .map((b) => b.unitName)
        .sort(),
    ).toEqual(['二号乡', '县政府办公室']);
  });

  it('diagnostics thresholds are settings of the request (defaults documented in docs/scoring.md §11)', async () => {
    // i1 (done / not done): both townships done → severe; ZF01 done, ZF02 not → full-mark rate 0.5, not flagged.
    const flags = async (q = '') =>
      (
        (
          await ctx.injectAs('office', { method: 'GET', url: `/api/results/${YEAR}/diagnostics?source=preview${q}` })
        ).json() as {
          flags: { groupId: string; severity: string }[];
        }
      ).flags.map((f) => `${f.groupId}:${f.severity}`);
    expect(await flags()).toEqual(['township:severe']);
    expect(await flags('&fullMarkThreshold=0.5')).toEqual(['township:severe', 'government:high']);
    const bad = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/results/${YEAR}/diagnostics?source=preview&cvThreshold=-1`,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe("a scheme's own levels (省部级, 中央部委): named by the scheme, chosen by name", () => {
  it('offers the names the scheme gives its level codes, the product’s names for the others', async () => {
    const { choicesOf } = await import('../src/modules/records/match');
    const { SchemeSchema, validateScheme } = await import('@yardstick/engine');
    const scheme = SchemeSchema.parse({
      id: 's',
      groups: [{ id: 'g', blocks: [{ id: 'b', indicators: [{ id: 'x', points: 100, method: { kind: 'binary' } }] }] }],
      bonus: {
        categories: [
          {
            id: 'honour',
            name: '表彰奖励',
            levels: { national: 3, level1: 2.5 },
            levelNames: { level1: '省部级' },
          },
        ],
      },
      deductions: [
        {
          id: 'criticism',
          amount: { kind: 'perLevel', levels: { level1: 2, county: 0.5 }, levelNames: { level1: '中央部委通报' } },
        },
      ],
      tiering: { tiers: [{ id: 'all' }] },
    });
    const c = choicesOf(scheme);
    expect(c.bonus[0]?.levels).toEqual([
      { id: 'national', name: { 'zh-CN': '国家级', en: 'National' }, points: 3 },
      { id: 'level1', name: { 'zh-CN': '省部级', en: '省部级' }, points: 2.5 },
    ]);
    expect(c.deduction[0]?.levels.map((l) => l.name['zh-CN'])).toEqual(['中央部委通报', '县级']);
    // a name for a level the rule does not price names nothing: refused, listing the levels
    const bad = validateScheme({
      ...scheme,
      bonus: { categories: [{ id: 'honour', levels: { national: 3 }, levelNames: { level9: '省部级' } }] },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ path: 'bonus.categories[0].levelNames.level9' });
  });
});
