import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

/**
 * 单位参数 (issue 17): every unit's own target, baseline, coefficient and formula parameters of the year's draft, as
 * one workbook — exported as the grid to fill in, imported all-or-nothing with row-by-row messages.
 */
const HEADER = ['组别', '指标编号', '指标名称', '单位编码', '单位名称', '目标值', '基数', '难度系数', '其他参数'];
const SHEET = '2019年单位参数';

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
  const document = {
    engine: {
      id: 'scheme-2019',
      groups: [
        {
          id: 'township',
          name: '乡镇',
          blocks: [
            {
              id: 'econ',
              name: '经济发展',
              indicators: [
                { id: 'gdp', name: '地区生产总值', points: 60, method: { kind: 'ratio', target: 100 } },
                {
                  id: 'growth',
                  name: '税收增长',
                  points: 40,
                  params: { base: 100 },
                  method: {
                    kind: 'formula',
                    expr: '(tax - base) / base * 100',
                    inputs: ['tax'],
                    then: { kind: 'ratio', target: 8 },
                  },
                },
              ],
            },
          ],
        },
        {
          id: 'government',
          name: '政府部门',
          blocks: [
            {
              id: 'work',
              name: '重点工作',
              indicators: [{ id: 'key1', name: '项目建设', points: 100, method: { kind: 'binary' } }],
            },
          ],
        },
      ],
      tiering: { tiers: [{ id: 'all' }] },
    },
    meta: { indicators: {} },
  };
  const saved = await ctx.injectAs('office', {
    method: 'PUT',
    url: `/api/schemes/${schemeId}/draft`,
    payload: { version: 1, document },
  });
  if (saved.statusCode !== 200) throw new Error(saved.body);
});
afterAll(() => ctx.close());

const draft = async () => {
  const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}` })).json();
  const v = await ctx.injectAs('office', {
    method: 'GET',
    url: `/api/schemes/${schemeId}/versions/${detail.draftVersion}`,
  });
  const body = v.json() as {
    version: number;
    document: { engine: { groups: { blocks: { indicators: { id: string; unitParams: unknown }[] }[] }[] } };
  };
  const params = Object.fromEntries(
    body.document.engine.groups.flatMap((g) => g.blocks.flatMap((b) => b.indicators.map((i) => [i.id, i.unitParams]))),
  );
  return { version: body.version, params };
};

describe('单位参数 workbook', () => {
  it('exports the grid to fill in: every leaf × every unit of the groups that score it', async () => {
    const rows = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/unitparams?year=2019'))).values(SHEET);
    const header = rows.findIndex((r) => r[1] === '指标编号');
    expect(rows[header]).toEqual(HEADER);
    expect(rows.slice(header + 1).map((r) => `${String(r[1])}/${String(r[3])}`)).toEqual([
      'gdp/XZ01',
      'gdp/XZ02',
      'growth/XZ01',
      'growth/XZ02',
      'key1/ZF01',
      'key1/ZF02',
    ]);
  });

  it('imports targets, coefficients and formula parameters; the same file again changes nothing', async () => {
    const file = await buildXlsx(SHEET, HEADER, [
      ['乡镇', 'gdp', '地区生产总值', 'XZ01', '一号镇', 120, null, 1.1, null],
      ['乡镇', 'gdp', '地区生产总值', 'XZ02', '二号乡', null, null, null, null],
      // a unit given by its name, a formula parameter as name=value
      ['乡镇', 'growth', '税收增长', '二号乡', null, null, null, null, 'base=80'],
    ]);
    const res = await postXlsx(ctx, 'office', 'unitparams', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, updated: 0, removed: 0 });
    const after = await draft();
    expect(after.params.gdp).toEqual({ XZ01: { target: 120, coefficient: 1.1 } });
    expect(after.params.growth).toEqual({ XZ02: { base: 80 } });
    expect(after.params.key1).toEqual({});
    // the export, imported as it is: nothing to save
    const again = await getXlsx(ctx, 'office', '/api/excel/unitparams?year=2019');
    const res2 = await postXlsx(ctx, 'office', 'unitparams', again, { year: 2019 });
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json()).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 2 });
    expect((await draft()).version).toBe(after.version);
  });

  it('refuses what cannot apply, row by row, and writes nothing', async () => {
    const before = await draft();
    const file = await buildXlsx(SHEET, HEADER, [
      ['乡镇', 'gpd', null, 'XZ01', null, 100, null, null, null],
      ['政府部门', 'key1', null, 'XZ01', null, 1, null, null, null],
      ['乡镇', 'growth', null, 'XZ01', null, null, null, null, 'bse=80'],
      ['乡镇', 'gdp', null, 'XZ02', null, 0, null, null, null],
      ['乡镇', 'gdp', null, 'XZ02', null, 90, null, null, null],
      ['乡镇', 'gdp', null, 'XZ01', null, 110, null, null, 'base=1'],
    ]);
    const res = await postXlsx(ctx, 'office', 'unitparams', file, { year: 2019 });
    expect(res.statusCode).toBe(400);
    const messages = (res.json().error.rows as { message: string }[]).map((r) => r.message);
    expect(messages).toEqual([
      '第 2 行「指标编号」：“gpd”不是 2019 年度方案的末级指标',
      '第 3 行「单位编码」：一号镇 不在考核“项目建设”的组别（政府部门）中',
      '第 4 行「其他参数」：“bse”不是“税收增长”的公式参数（可填：base）',
      '第 5 行「目标值」：目标值须大于 0',
      '第 6 行「单位编码」：“地区生产总值”的 二号乡 已在前面的行中出现',
      '第 7 行「其他参数」：“地区生产总值”不是公式指标，没有其他单位参数',
    ]);
    expect((await draft()).version).toBe(before.version);
  });

  it('a row left blank clears that unit’s parameters', async () => {
    const file = await buildXlsx(SHEET, HEADER, [['乡镇', 'gdp', null, 'XZ01', null, null, null, null, null]]);
    const res = await postXlsx(ctx, 'office', 'unitparams', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ removed: 1 });
    expect((await draft()).params.gdp).toEqual({});
    expect((await draft()).params.growth).toEqual({ XZ02: { base: 80 } });
  });
});
