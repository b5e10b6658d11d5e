import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

const HEADER = [
  '组别',
  '板块编号',
  '板块',
  '板块权重',
  '指标编号',
  '上级指标',
  '指标名称',
  '分值',
  '评分方法',
  '方法参数',
  '考核主体',
  '指标类别',
  '政策来源',
  '重点工作',
  '数据来源',
  '佐证要求',
  '过程节点',
  '说明',
  '目标任务',
  '评分办法',
  '满分',
  '计分方式',
  '综合评价分值',
  '其他设置',
];

let ctx: TestContext;
let schemeId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/schemes',
    payload: { year: 2019, name: '2019 年度实绩考核方案' },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  schemeId = res.json().id;
});
afterAll(() => ctx.close());

const draft = async () => {
  const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}` })).json();
  const v = await ctx.injectAs('office', {
    method: 'GET',
    url: `/api/schemes/${schemeId}/versions/${detail.draftVersion}`,
  });
  return v.json() as {
    version: number;
    document: {
      engine: { groups: { id: string; blocks: unknown[] }[] };
      meta: { indicators: Record<string, unknown> };
    };
  };
};

const ROWS = [
  [
    '乡镇',
    'party',
    '党的建设',
    30,
    'p1',
    null,
    '基层党建',
    30,
    null,
    null,
    null,
    '党建指标',
    '县委县政府部署',
    '否',
    null,
    null,
    null,
    '党建工作',
  ],
  [
    '乡镇',
    'party',
    '党的建设',
    30,
    'p1a',
    'p1',
    '组织建设',
    20,
    '等次',
    '{"grades":{"A":1,"B":0.8,"C":0.6}}',
    'ZF01',
    '党建指标',
    '中央部署',
    '否',
    '组织部考核',
    '必须:pdf,jpg',
    null,
    null,
  ],
  [
    '乡镇',
    'party',
    '党的建设',
    30,
    'p1b',
    'p1',
    '党风廉政',
    10,
    '扣分制',
    'perOccurrence=2; limit=10',
    'ZF01',
    '党建指标',
    '中央部署',
    '否',
    '纪委通报',
    '不需要',
    null,
    null,
  ],
  [
    'township',
    null,
    '经济发展',
    70,
    'gdp',
    null,
    '地区生产总值增速',
    70,
    '完成率',
    'target=8; cap=1.2',
    'ZF02',
    '政府部门工作指标',
    '政府工作报告',
    '是',
    '县统计局',
    '可选',
    'q1:2019-03-31:25;h1:2019-06-30:50:半年',
    '增速目标 8%',
  ],
  [
    '政府部门',
    null,
    '重点工作',
    null,
    'key1',
    null,
    '项目建设',
    100,
    '完成与否',
    null,
    'ZF01',
    '重点工作',
    '市委重点工作',
    '是',
    '发改局台账',
    '必须',
    null,
    null,
  ],
];

describe('indicators in Excel', () => {
  it('imports the indicator trees of the draft, with methods, assessors, nodes and evidence', async () => {
    const tpl = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/indicators/template?year=2019'))).values(
      '2019年指标',
    );
    expect(tpl).toEqual([HEADER]);
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('2019年指标', HEADER, ROWS), {
      year: 2019,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'indicators',
      year: 2019,
      created: 5,
      updated: 0,
      unchanged: 0,
      removed: 0,
    });
    const { document } = await draft();
    const town = document.engine.groups.find((g) => g.id === 'township');
    expect(town?.blocks).toMatchObject([
      {
        id: 'party',
        name: '党的建设',
        weight: 30,
        indicators: [
          {
            id: 'p1',
            points: 30,
            children: [
              {
                id: 'p1a',
                method: { kind: 'grade', grades: { A: 1, B: 0.8, C: 0.6 } },
                assessorId: 'ZF01',
                source: 'central',
              },
              { id: 'p1b', method: { kind: 'deduction', perOccurrence: 2, limit: 10 } },
            ],
          },
        ],
      },
      {
        id: 'b1',
        name: '经济发展',
        weight: 70,
        indicators: [
          {
            id: 'gdp',
            key: true,
            method: { kind: 'ratio', target: 8, cap: 1.2 },
            process: {
              share: 0.4,
              nodes: [
                { id: 'q1', weight: 1 },
                { id: 'h1', weight: 1 },
              ],
            },
          },
        ],
      },
    ]);
    expect(document.meta.indicators.gdp).toEqual({
      category: 'government',
      policySource: 'workReport',
      description: '增速目标 8%',
      dataSource: '县统计局',
      evidence: { rule: 'optional', fileTypes: [] },
      nodes: [
        { id: 'q1', name: '', due: '2019-03-31', expected: 25 },
        { id: 'h1', name: '半年', due: '2019-06-30', expected: 50 },
      ],
    });
    expect(document.meta.indicators.p1a).toMatchObject({ evidence: { rule: 'required', fileTypes: ['pdf', 'jpg'] } });
  });

  it('exports one row per indicator; the export re-imports unchanged and leaves the draft alone', async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/indicators?year=2019');
    const rows = (await readXlsx(file)).values('2019年指标');
    expect(rows[0]).toEqual(HEADER);
    expect(rows.map((r) => r[4])).toEqual(['指标编号', 'p1', 'p1a', 'p1b', 'gdp', 'key1']);
    expect(rows[4]).toEqual([
      '乡镇',
      'b1',
      '经济发展',
      70,
      'gdp',
      null,
      '地区生产总值增速',
      70,
      '完成率',
      expect.stringContaining('"target":8'),
      'ZF02',
      '政府部门工作指标',
      '政府工作报告',
      '是',
      '县统计局',
      '可选',
      'q1:2019-03-31:25;h1:2019-06-30:50:半年',
      '增速目标 8%',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const before = await draft();
    const res = await postXlsx(ctx, 'office', 'indicators', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 5, removed: 0 });
    expect(res.json().validation).toEqual({ errors: expect.any(Number), warnings: expect.any(Number) });
    const after = await draft();
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
    const again = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/indicators?year=2019'))).values(
      '2019年指标',
    );
    expect(again).toEqual(rows);
  });

  it('replaces only the groups in the file: a dropped indicator is removed, a changed one updated', async () => {
    const rows = ROWS.filter((r) => r[0] === '乡镇' || r[0] === 'township')
      .filter((r) => r[4] !== 'p1b')
      .map((r) => (r[4] === 'p1a' ? r.map((c, i) => (i === 7 ? 30 : c)) : r));
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, rows), { year: 2019 });
    expect(res.json()).toMatchObject({ created: 0, updated: 2, unchanged: 1, removed: 1 });
    const { document } = await draft();
    expect(document.engine.groups.find((g) => g.id === 'government')?.blocks).toHaveLength(1);
    expect(document.meta.indicators.p1b).toBeUndefined();
  });

  it('explains bad rows (methods, parameters, parents, nodes, assessors) and changes nothing', async () => {
    const before = await draft();
    const bad = [
      [
        '市直',
        null,
        '板块',
        null,
        'x1',
        null,
        '未知组别',
        10,
        '完成率',
        'target=1',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [
        '乡镇',
        null,
        '板块',
        null,
        'x2',
        null,
        '方法不对',
        10,
        '打分',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [
        '乡镇',
        null,
        '板块',
        null,
        'x3',
        null,
        '参数不是 JSON',
        10,
        '完成率',
        '{target: 8',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [
        '乡镇',
        null,
        '板块',
        null,
        'x4',
        null,
        '参数不合法',
        10,
        '完成率',
        'target=-1',
        'ZZ09',
        null,
        null,
        null,
        null,
        '也许',
        'q1:2019-13-01:20',
        null,
      ],
      [
        '乡镇',
        null,
        '板块',
        null,
        'x5',
        'nope',
        '上级不存在',
        10,
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
      ],
    ];
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, bad), { year: 2019 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 2 行「组别」：考核类别“市直”不存在，请从下拉列表中选择',
      '第 3 行「评分方法」：只能填写 完成率、阶梯、固定标尺、比最优、位次、扣分制、等次、完成与否、分段扣分、市考折算、人工评分、公式计算',
      '第 4 行「方法参数」：不是有效的 JSON 对象',
      expect.stringMatching(/^第 5 行「方法参数」：target: /),
      '第 5 行「考核主体」：单位编码“ZZ09”不存在，请先导入考核对象',
      '第 5 行「佐证要求」：只能填写 不需要、可选、必须',
      '第 5 行「过程节点」：“q1:2019-13-01:20”应写成 编号:截止日期:预期进度，如 n1:2019-03-31:25',
      '第 6 行「上级指标」：上级指标“nope”不在同一组别中',
      '第 6 行「评分方法」：末级指标须选择评分方法',
    ]);
    const after = await draft();
    expect(after.version).toBe(before.version);
  });

  it('accepts any points and block weight the scheme format accepts (a 1,750-point scheme), refusing only negatives', async () => {
    const row = (id: string, parent: string | null, points: number, weight: number | null, method: string | null) => [
      '乡镇',
      'big',
      '综合考核',
      weight,
      id,
      parent,
      `指标 ${id}`,
      points,
      method,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ];
    // A printed county scheme of 1,750 points: one block of 1,750, a 1,200-point and a 550-point item.
    const ok = [
      row('big1', null, 1750, 1750, null),
      row('big1a', 'big1', 1200, 1750, '完成与否'),
      row('big1b', 'big1', 550, 1750, '完成与否'),
    ];
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, ok), { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    const { document } = await draft();
    const township = document.engine.groups.find((g) => g.id === 'township') as unknown as {
      blocks: { id: string; weight?: number; indicators: { id: string; points: number }[] }[];
    };
    const block = township.blocks.find((b) => b.id === 'big');
    expect(block?.weight).toBe(1750);
    expect(block?.indicators[0]?.points).toBe(1750);

    const before = await draft();
    const bad = [row('neg1', null, -5, null, '完成与否'), row('neg2', null, 10, -1, '完成与否')];
    const refused = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, bad), { year: 2019 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 2 行「分值」：须不小于 0',
      '第 3 行「板块权重」：须不小于 0',
    ]);
    expect((await draft()).version).toBe(before.version);
  });

  it('carries the point scale on the group rows (满分 1000, 按方案分值, 综合评价 200); the export re-imports unchanged', async () => {
    type Doc = { engine: { scale?: unknown; groups: { id: string; scale?: unknown }[] } };
    const town = ROWS.filter((r) => r[0] === '乡镇');
    const scaled = town.map((r) => [...r, null, null, 1000, '按方案分值', 200]);
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, scaled), { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    // the township's points (30 + 70) do not add up to 800: the draft is saved, its validation counts the error
    expect(res.json().validation.errors).toBeGreaterThan(0);
    const doc = (await draft()).document as unknown as Doc;
    expect(doc.engine.scale).toEqual({ total: 1000, mode: 'points', evaluationPoints: 200 });
    expect(doc.engine.groups.find((g) => g.id === 'township')?.scale).toBeUndefined();
    // a group not in the file keeps its scale: normalised to 100, as before
    for (const g of doc.engine.groups.filter((x) => x.id !== 'township'))
      expect(g.scale).toEqual({ total: 100, mode: 'normalised' });

    const file = await getXlsx(ctx, 'office', '/api/excel/indicators?year=2019');
    const rows = (await readXlsx(file)).values('2019年指标');
    expect(rows.filter((r) => r[0] === '乡镇').map((r) => r.slice(-4, -1))).toEqual(
      town.map(() => [1000, '按方案分值', 200]),
    );
    expect(rows.filter((r) => r[0] !== '乡镇' && r[0] !== '组别').map((r) => r.slice(-4, -1))[0]).toEqual([
      100,
      '折算到满分',
      200,
    ]);
    const before = await draft();
    const again = await postXlsx(ctx, 'office', 'indicators', file, { year: 2019 });
    expect(again.statusCode, again.body).toBe(200);
    expect((await draft()).document).toEqual(before.document);

    // rows of one group disagreeing on the scale are refused
    const mixed = scaled.map((r, i) => (i === 1 ? [...r.slice(0, -3), 900, '按方案分值', 200] : r));
    const refused = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, mixed), { year: 2019 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 3 行「满分」：同一组别各行须填写相同的值（见第 2 行）',
    ]);
  });

  it('carries marginal rates (分段扣分) with their bands as JSON; one without how the bands add up is refused with the choices', async () => {
    const bands = '{"direction":"below","mode":"marginal","bands":[{"from":96,"rate":0.25},{"from":90,"rate":0.5}]}';
    const rows = ROWS.map((r) => (r[4] === 'gdp' ? r.map((c, i) => (i === 8 ? '分段扣分' : i === 9 ? bands : c)) : r));
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('2019年指标', HEADER, rows), {
      year: 2019,
    });
    expect(res.statusCode, res.body).toBe(200);
    const town = (await draft()).document.engine.groups.find((g) => g.id === 'township');
    expect(JSON.stringify(town)).toContain('"kind":"marginal"');
    expect(town?.blocks).toContainEqual(
      expect.objectContaining({
        indicators: [
          expect.objectContaining({
            id: 'gdp',
            method: expect.objectContaining({
              kind: 'marginal',
              direction: 'below',
              mode: 'marginal',
              bands: [
                { from: 96, rate: 0.25 },
                { from: 90, rate: 0.5 },
              ],
            }),
          }),
        ],
      }),
    );
    const exported = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/indicators?year=2019'))).values(
      '2019年指标',
    );
    const row = exported.find((r) => r[4] === 'gdp');
    expect(row?.[8]).toBe('分段扣分');
    expect(JSON.parse(String(row?.[9]))).toMatchObject({ mode: 'marginal', bands: [{ from: 96 }, { from: 90 }] });

    const noMode = '{"direction":"below","bands":[{"from":96,"rate":0.25}]}';
    const bad = ROWS.map((r) => (r[4] === 'gdp' ? r.map((c, i) => (i === 8 ? '分段扣分' : i === 9 ? noMode : c)) : r));
    const refused = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('2019年指标', HEADER, bad), {
      year: 2019,
    });
    expect(refused.statusCode).toBe(400);
    // the choices named, as the format spells them (the office types them into the JSON)
    expect(refused.json().error.rows[0].message).toContain('"marginal"|"flat"');
  });

  it('a year without a scheme is a 404', async () => {
    const res = await postXlsx(ctx, 'office', 'indicators', await buildXlsx('x', HEADER, ROWS), { year: 2030 });
    expect(res.statusCode).toBe(404);
  });
});
