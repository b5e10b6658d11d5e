import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

/**
 * 考核规则 workbook (issue 17): every rule of the year's draft that is not an indicator — bonus categories,
 * deductions of every kind, vetoes, shared caps, periods, group and scheme settings — goes out to Excel and comes
 * back as the same scheme; a refused file names the row and the column and writes nothing.
 */
const HEADER = [
  '规则类别',
  '规则编号',
  '规则名称',
  '数据提供单位',
  '计分方式',
  '分值',
  '级别分值',
  '上限',
  '开始日期',
  '结束日期',
  '涉及编号',
  '下属单位',
  '计入单位',
  '其他设置',
];
const SHEET = '2019年考核规则';

/** A scheme using every rule field the format has. */
const RICH = {
  id: 'scheme-2019',
  decimals: 1,
  roundIndicatorScores: true,
  scale: { total: 1000, mode: 'points', evaluationPoints: 200 },
  measurementWindow: { start: '12-01' },
  periods: [
    { id: 'two-sessions', name: '全国两会安保', from: '2019-03-01', to: '2019-03-15' },
    { id: 'national-day', from: '2019-09-25', to: '2019-10-08' },
  ],
  groups: [
    {
      id: 'township',
      name: '乡镇',
      composite: { a: 0.8, b: 0.2 },
      blocks: [
        {
          id: 'econ',
          name: '经济发展',
          indicators: [
            { id: 'gdp', name: '地区生产总值', points: 500, method: { kind: 'ratio', target: 100 } },
            { id: 'safety', name: '安全生产合格率', points: 300, method: { kind: 'ratio', target: 100 } },
          ],
        },
      ],
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.3, coefficient: 1.2, award: true },
          { id: 'rest', name: '一般' },
        ],
        tiePolicy: 'allIn',
      },
    },
    {
      id: 'government',
      name: '政府部门',
      blocks: [
        {
          id: 'work',
          name: '重点工作',
          indicators: [{ id: 'key1', name: '项目建设', points: 800, method: { kind: 'binary' } }],
        },
      ],
    },
  ],
  bonus: {
    categories: [
      {
        id: 'honours',
        name: '综合表彰',
        provider: 'ZF01',
        levels: { national: 30, provincial: 20, city: 10 },
        cap: 50,
      },
      {
        id: 'innovation',
        name: '改革创新',
        levels: { top: 15, good: 5 },
        levelNames: { top: '省部级', good: '市厅级' },
        inTotalCap: false,
        highestOnly: false,
      },
    ],
    cap: 60,
    rankChange: { source: 'preliminary', rules: [{ id: 'up3', places: 3, points: 10 }] },
  },
  deductions: [
    {
      id: 'criticised',
      name: '通报批评',
      provider: 'ZF02',
      amount: { kind: 'perLevel', levels: { national: 30, provincial: 20 }, levelNames: { national: '中央' } },
      repeatMultiplier: 2,
      periodMultiplier: 2,
      periods: ['two-sessions'],
      combine: 'product',
      limit: 60,
    },
    { id: 'fixed', name: '失职失责', amount: { kind: 'fixed', points: 10 }, periods: [] },
    { id: 'province-share', amount: { kind: 'fromRecord', factor: 0.25 } },
    {
      id: 'lights',
      name: '亮灯扣分',
      amount: { kind: 'lights', yellow: { every: 2, points: 5 }, red: { every: 1, points: 10 } },
    },
    {
      id: 'township-bottom',
      name: '乡镇月度排名后两位',
      amount: { kind: 'rankPlaces', ranking: 'city-township-monthly', bottom: 2, points: 5 },
      limit: 50,
    },
    {
      id: 'assessor-full',
      amount: { kind: 'assessor', measure: 'fullMarkShare', above: 0.9, minScores: 5, points: 10 },
    },
    {
      id: 'safety-rate',
      name: '合格率扣分',
      amount: {
        kind: 'measured',
        indicator: 'safety',
        direction: 'below',
        mode: 'marginal',
        bands: [
          { from: 96, rate: 2.5 },
          { from: 90, rate: 5 },
        ],
      },
    },
  ],
  deductionCaps: [{ id: 'safety-cap', rules: ['criticised', 'fixed'], limit: 80 }],
  rollUps: [{ id: 'park', name: '园区计入一号镇', from: 'XZ02', into: 'XZ01', indicators: ['gdp'] }],
  vetoes: [
    { id: 'clean', name: '党风廉政', provider: 'ZF01', effect: { kind: 'lowestTier' } },
    { id: 'poverty', name: '脱贫攻坚', effect: { kind: 'barTopTiers', n: 1 } },
    { id: 'safety-veto', name: '安全生产', effect: { kind: 'fixedDeduction', points: 30 } },
  ],
  discipline: { steps: 2 },
  evaluation: {
    raterGroups: [
      { id: 'leaders', name: '县领导', weight: 0.6, form: 'scale', min: 60, max: 100 },
      {
        id: 'public',
        name: '群众',
        weight: 0.4,
        form: 'options',
        options: { 满意: 100, 基本满意: 70, 不满意: 30, 不了解: null },
        unitGroups: ['township'],
      },
    ],
    trimAbove: 5,
  },
  ranking: { on: 'full', tieBreakers: [{ kind: 'indicatorTotal' }] },
  tiering: {
    tiers: [
      { id: 'good', name: '好', share: 0.3, coefficient: 1.2, award: true },
      { id: 'fair', name: '较好', share: 0.5, coefficient: 1 },
      { id: 'poor', name: '一般', coefficient: 0.6 },
    ],
    tiePolicy: 'flag',
    eligibility: [{ id: 'no-veto', tier: 'good', kind: 'noVeto' }],
  },
  resultsUse: { consecutive: [{ id: 'talk', tiers: ['poor'], years: 2, action: '约谈' }] },
};

let ctx: TestContext;
let schemeId: string;

const detail = async () => (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}` })).json();
const draft = async () => {
  const no = (await detail()).draftVersion as number;
  const v = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}/versions/${no}` });
  return v.json() as { version: number; document: { engine: Record<string, unknown>; meta: unknown } };
};
const save = async (engine: unknown) => {
  const d = await draft();
  const res = await ctx.injectAs('office', {
    method: 'PUT',
    url: `/api/schemes/${schemeId}/draft`,
    payload: { version: d.version, document: { engine, meta: { indicators: {} } } },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
};

beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/schemes',
    payload: { year: 2019, name: '2019 年度实绩考核方案' },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  schemeId = res.json().id;
  await save(RICH);
});
afterAll(() => ctx.close());

describe('考核规则 workbook', () => {
  it('exports one row per rule, levels by name and providers by code', async () => {
    const rows = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/rules?year=2019'))).values(SHEET);
    const header = rows.findIndex((r) => r[0] === '规则类别');
    expect(rows[header]).toEqual(HEADER);
    const body = rows.slice(header + 1);
    const row = (area: string, id: string) => body.find((r) => r[0] === area && r[1] === id);
    expect(row('加分类别', 'honours')?.slice(2, 8)).toEqual([
      '综合表彰',
      'ZF01',
      null,
      null,
      '国家级=30; 省级=20; 市级=10',
      50,
    ]);
    expect(row('加分类别', 'innovation')?.[6]).toBe('省部级=15; 市厅级=5');
    expect(row('扣分规则', 'township-bottom')?.slice(4, 8)).toEqual(['按下级单位排名', 5, null, 50]);
    expect(row('扣分规则', 'criticised')?.[10]).toBe('two-sessions');
    expect(row('一票否决', 'safety-veto')?.slice(4, 6)).toEqual(['扣固定分值', 30]);
    expect(row('共同限扣', 'safety-cap')?.[10]).toBe('criticised; fixed');
    expect(row('重要时段', 'two-sessions')?.slice(8, 10)).toEqual(['2019-03-01', '2019-03-15']);
    expect(row('数据归并', 'park')?.slice(10, 13)).toEqual(['gdp', 'XZ02', 'XZ01']);
    expect(body.filter((r) => r[0] === '方案设置').map((r) => r[1])).toEqual([
      'decimals',
      'roundIndicatorScores',
      'scale',
      'measurementWindow',
      'bonus',
      'discipline',
      'evaluation',
      'ranking',
      'tiering',
      'resultsUse',
    ]);
  });

  it('round trip: the export re-imports unchanged, and rebuilds every rule of a draft that lost them', async () => {
    const before = await draft();
    const file = await getXlsx(ctx, 'office', '/api/excel/rules?year=2019');
    const same = await postXlsx(ctx, 'office', 'rules', file, { year: 2019 });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect((await draft()).version).toBe(before.version);

    // a draft stripped of every rule and setting the workbook carries
    const { groups } = RICH;
    await save({
      id: RICH.id,
      groups: groups.map(({ composite: _c, tiering: _t, ...g }) => g),
      tiering: { tiers: [{ id: 'all' }] },
    });
    const res = await postXlsx(ctx, 'office', 'rules', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2 + 7 + 3 + 1 + 2 + 1, removed: 0 });
    expect((await draft()).document.engine).toEqual(before.document.engine);
  });

  it('a category in the file replaces the draft’s; categories the file leaves out keep theirs', async () => {
    const file = await buildXlsx(SHEET, HEADER, [
      ['扣分规则', 'fixed', '失职失责', '县财政局', '固定分值', 15, null, 30, null, null, null, null, null, null],
    ]);
    const res = await postXlsx(ctx, 'office', 'rules', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, removed: 6 });
    const engine = (await draft()).document.engine as typeof RICH;
    expect(engine.deductions).toEqual([
      {
        id: 'fixed',
        name: '失职失责',
        provider: 'ZF02',
        amount: { kind: 'fixed', points: 15 },
        limit: 30,
        repeatMultiplier: 1,
        periodMultiplier: 1,
        combine: 'max',
      },
    ]);
    expect(engine.vetoes).toHaveLength(3);
    expect(engine.bonus.categories).toHaveLength(2);
  });

  it('refuses what the format cannot take, naming row and column, and writes nothing', async () => {
    const before = await draft();
    const file = await buildXlsx(SHEET, HEADER, [
      ['扣分规则', 'a', null, null, null, 1, null, null, null, null, null, null, null, null],
      ['扣分规则', 'b', null, '不存在的局', '固定分值', 1, null, null, null, null, null, null, null, null],
      ['加分类别', 'c', null, null, null, null, '国家级 3', null, null, null, null, null, null, null],
      ['一票否决', 'd', null, null, '不得评为前 n 个等次', null, null, null, null, null, null, null, null, null],
      [
        '组别设置',
        'towns',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        '{"composite":{"a":1,"b":0}}',
      ],
      ['方案设置', 'colours', null, null, null, null, null, null, null, null, null, null, null, '1'],
      ['方案设置', 'decimals', null, null, null, null, null, null, null, null, null, null, null, '{"x":'],
      ['重要时段', 'p1', '汛期', null, null, null, null, null, '2019-06-01', null, null, null, null, null],
      ['扣分规则', 'b', null, null, '固定分值', 1, null, null, null, null, null, null, null, null],
    ]);
    const res = await postXlsx(ctx, 'office', 'rules', file, { year: 2019 });
    expect(res.statusCode).toBe(400);
    const messages = (res.json().error.rows as { message: string }[]).map((r) => r.message);
    expect(messages).toEqual([
      expect.stringMatching(/^第 2 行「计分方式」：扣分规则须选择计分方式：按级别、固定分值/),
      '第 3 行「数据提供单位」：本县没有单位“不存在的局”，请填写提供数据的部门的单位编码或名称',
      '第 4 行「级别分值」：“国家级 3”应写成 级别=分值，如 国家级=3',
      '第 6 行「规则编号」：2019 年度方案中没有组别“towns”，可选：township、government',
      expect.stringMatching(/^第 7 行「规则编号」：“colours”不是方案设置项，可选：decimals、/),
      '第 8 行「其他设置」：不是有效的 JSON',
      '第 10 行「规则编号」：扣分规则“b”已在第 3 行出现',
    ]);
    expect((await draft()).version).toBe(before.version);

    // what only the whole format can check is reported at the row that wrote it
    const second = await buildXlsx(SHEET, HEADER, [
      ['一票否决', 'd', null, null, '不得评为前 n 个等次', null, null, null, null, null, null, null, null, null],
      ['重要时段', 'p1', '汛期', null, null, null, null, null, '2019-06-01', null, null, null, null, null],
    ]);
    const res2 = await postXlsx(ctx, 'office', 'rules', second, { year: 2019 });
    expect(res2.statusCode).toBe(400);
    const rows2 = res2.json().error.rows as { row: number; column: string }[];
    expect(rows2.map((r) => `${r.row} ${r.column}`)).toEqual(['2 其他设置', '3 结束日期']);
    expect((await draft()).version).toBe(before.version);

    // a cell the row's kind does not use is refused, not dropped
    const third = await buildXlsx(SHEET, HEADER, [
      ['加分类别', 'x', null, null, null, 5, '国家级=3', null, null, null, 'fraud', null, null, null],
    ]);
    const res3 = await postXlsx(ctx, 'office', 'rules', third, { year: 2019 });
    expect(res3.statusCode).toBe(400);
    expect((res3.json().error.rows as { message: string }[]).map((r) => r.message)).toEqual([
      '第 2 行「分值」：加分类别不使用「分值」，请清空该格',
      '第 2 行「涉及编号」：加分类别不使用「涉及编号」，请清空该格',
    ]);
    expect((await draft()).version).toBe(before.version);
  });

  it('only the office imports; the units read nothing of it', async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/rules?year=2019');
    expect((await postXlsx(ctx, 'assessor', 'rules', file, { year: 2019 })).statusCode).toBe(403);
    expect((await postXlsx(ctx, 'unit', 'rules', file, { year: 2019 })).statusCode).toBe(403);
  });
});
