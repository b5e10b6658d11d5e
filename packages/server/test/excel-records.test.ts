import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRecords } from '../src/db/schema';
import { buildXlsx, getXlsx, postXlsx, readXlsx } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';
import { publishRecordsScheme } from './records-fixture';

const HEADER = [
  '记录编号',
  '单位编码',
  '单位名称',
  '类别',
  '规则编号',
  '级别',
  '成果标识',
  '事项名称',
  '文号',
  '发文日期',
  '分值',
  '次数',
  '重复发生',
  '备注',
];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await publishRecordsScheme(ctx.handle.db, ctx.county.tenantId, 2019);
});
afterAll(() => ctx.close());

const recordCount = async () =>
  (
    await ctx.handle.db
      .select({ id: unitRecords.id })
      .from(unitRecords)
      .where(eq(unitRecords.tenantId, ctx.county.tenantId))
  ).length;

describe('records in Excel', () => {
  it('imports new records (dates in any common form), exports them, and the export re-imports unchanged', async () => {
    const file = await buildXlsx('2019年加扣分记录', HEADER, [
      [
        null,
        'XZ01',
        null,
        '加分',
        'commendation',
        '省级',
        'revival',
        '省级示范镇',
        '豫政〔2019〕12号',
        new Date(Date.UTC(2019, 4, 20)),
        null,
        null,
        null,
        null,
      ],
      [
        null,
        'XZ02',
        '（忽略）',
        '扣分',
        'criticism',
        '市级',
        null,
        '通报批评',
        null,
        '2019年3月5日',
        null,
        2,
        '是',
        '两次',
      ],
      [null, 'ZF01', null, '一票否决', 'clean-gov', null, null, '违反廉洁纪律', null, 43600, null, null, '否', null],
      [null, 'ZF02', null, '违纪违法', null, null, null, '干部违纪', null, '2019/7/1', null, null, null, null],
      // A potential-performance category's own level, by its Chinese name (or its code).
      [null, 'XZ02', null, '加分', 'potential', '重大', null, '生态修复长效机制', null, null, null, null, null, null],
    ]);
    const res = await postXlsx(ctx, 'office', 'records', file, { year: 2019 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'records', year: 2019, imported: 5, created: 5, updated: 0 });
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/records?year=2019' });
    const byTitle = Object.fromEntries(list.json().items.map((r: { title: string }) => [r.title, r]));
    expect(byTitle['省级示范镇']).toMatchObject({
      kind: 'bonus',
      level: 'provincial',
      issuedOn: '2019-05-20',
      count: 1,
    });
    expect(byTitle['通报批评']).toMatchObject({
      kind: 'deduction',
      level: 'city',
      issuedOn: '2019-03-05',
      count: 2,
      repeat: true,
    });
    expect(byTitle['违反廉洁纪律']).toMatchObject({ kind: 'veto', issuedOn: '2019-05-15' });
    expect(byTitle['干部违纪']).toMatchObject({ kind: 'discipline', issuedOn: '2019-07-01', amount: null });
    expect(byTitle['生态修复长效机制']).toMatchObject({ kind: 'bonus', ruleId: 'potential', level: 'major' });

    const exported = await getXlsx(ctx, 'office', '/api/excel/records?year=2019');
    const sheet = (await readXlsx(exported)).values('2019年加扣分记录');
    expect(sheet[0]).toEqual(HEADER);
    expect(sheet).toHaveLength(6);
    expect(sheet.find((r) => r[7] === '生态修复长效机制')?.[5]).toBe('重大');
    const again = await postXlsx(ctx, 'office', 'records', exported, { year: 2019 });
    expect(again.json()).toMatchObject({ imported: 5, created: 0, updated: 0, unchanged: 5 });
    const reexported = (await readXlsx(await getXlsx(ctx, 'office', '/api/excel/records?year=2019'))).values(
      '2019年加扣分记录',
    );
    expect(reexported).toEqual(sheet);

    // Editing a row of the export updates that record (by its id).
    const edited = sheet.slice(1).map((r) => [...r]);
    const first = edited[0];
    if (!first) throw new Error('no row');
    first[7] = '省级示范镇（更正）';
    const upd = await postXlsx(ctx, 'office', 'records', await buildXlsx('x', HEADER, edited as never[][]), {
      year: 2019,
    });
    expect(upd.json()).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
  });

  it('explains bad rows and writes nothing', async () => {
    const before = await recordCount();
    const file = await buildXlsx('2019年加扣分记录', HEADER, [
      [null, 'XZ99', null, '加分', null, null, null, '未知单位', null, null, null, null, null, null],
      [null, 'XZ01', null, '表扬', null, '乡级', null, '类别和级别不对', null, '2019-02-30', 'x', 0, '也许', null],
      [
        '00000000-0000-4000-8000-000000000000',
        'XZ01',
        null,
        '加分',
        'bad rule!',
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
      [null, 'XZ01', null, '一票否决', 'clean-gv', null, null, '拼错的否决事项', null, null, null, null, null, null],
      [null, 'XZ02', null, '加分', 'potential', '省级', null, '潜绩', null, null, 1, null, null, null],
    ]);
    const res = await postXlsx(ctx, 'office', 'records', file, { year: 2019 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 2 行「单位编码」：单位编码“XZ99”不存在，请先导入考核对象',
      '第 3 行「类别」：只能填写 加分、扣分、一票否决、违纪违法',
      '第 3 行「发文日期」：不是有效日期，请填写如 2019-03-31 的日期',
      '第 3 行「分值」：须为数字',
      '第 3 行「次数」：须在 1 到 10000 之间',
      '第 3 行「重复发生」：只能填写 是 或 否',
      '第 4 行「记录编号」：记录编号不存在或不属于 2019 年，新记录请留空此列',
      '第 4 行「规则编号」：只能包含字母、数字、下划线和短横线',
      '第 4 行「事项名称」：不能为空',
      '第 5 行「规则编号」：2019 年考核方案中没有一票否决事项“clean-gv”，可选：clean-gov（党风廉政建设）、poverty（脱贫攻坚）',
      '第 6 行「级别」：“潜绩加分”没有级别“省级”，可选：major（重大，1 分）、notable（显著，0.5 分）',
      '第 6 行「分值」：“潜绩加分”的分值由级别决定，不能另填分值',
    ]);
    expect(await recordCount()).toBe(before);
  });

  it("the template's instructions list the year's rules with their levels and, where named, their data provider", async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/records/template?year=2019');
    const text = (await readXlsx(file))
      .values('说明')
      .flat()
      .filter((v): v is string => typeof v === 'string')
      .join('\n');
    expect(text).toContain('fraud（弄虚作假；数据提供单位 县财政局）');
    // a rule without a provider says nothing of one
    expect(text).toMatch(/criticism（通报批评扣分；级别 [^）]*省级 1\.5 分[^）]*）/);
    expect(text).not.toMatch(/criticism（[^）]*数据提供单位/);
  });

  it('a leader may export but not import', async () => {
    const file = await getXlsx(ctx, 'leader', '/api/excel/records?year=2019');
    const res = await postXlsx(ctx, 'leader', 'records', file, { year: 2019 });
    expect(res.statusCode).toBe(403);
  });
});
