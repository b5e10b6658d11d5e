/**
 * Excel as a county office really produces it (issue 15 "the county's real lists import", issue 18 "Excel as
 * offices produce it"): a title row and merged title cells above the header, a two-row header, full-width
 * codes and phone numbers, unit names where codes are expected, the same records file imported twice, and
 * files saved by other programs or not workbooks at all.
 */
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRecords, units, users } from '../src/db/schema';
import { buildXlsx, postXlsx, UNIT_HEADER, XLSX_MIME } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';
import { publishRecordsScheme } from './records-fixture';

const RECORD_HEADER = ['单位编码', '类别', '规则编号', '级别', '事项名称', '文号', '发文日期'];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await publishRecordsScheme(ctx.handle.db, ctx.county.tenantId, 2019);
});
afterAll(() => ctx.close());

const toBuffer = async (wb: ExcelJS.Workbook) => Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
const unitByCode = async (code: string) =>
  (
    await ctx.handle.db
      .select()
      .from(units)
      .where(and(eq(units.tenantId, ctx.county.tenantId), eq(units.code, code)))
  )[0];
const recordCount = async () =>
  (
    await ctx.handle.db
      .select({ id: unitRecords.id })
      .from(unitRecords)
      .where(eq(unitRecords.tenantId, ctx.county.tenantId))
  ).length;
const rowsOf = (res: { json(): unknown }) =>
  (res.json() as { error: { rows: { row: number; column: string; message: string }[] } }).error.rows;

describe('the office sheet: title rows, merged cells, full-width text', () => {
  it('finds the header under a merged title and a blank row, with a two-row header and full-width codes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    // Row 1: the title merged across the table; row 2: a note; row 3–4: the header, 联系方式 over two sub-columns.
    ws.getCell('A1').value = '示范县2019年考核对象名单';
    ws.mergeCells('A1:H1');
    ws.getCell('A2').value = '填报单位（盖章）：县考核办          填报日期：2019年1月5日';
    const top = ['序号', '*单位编码', '单位\n名称', '简 称', '单位类型（必填）', '考核类别', '联系方式', null];
    top.forEach((v, i) => (ws.getRow(3).getCell(i + 1).value = v));
    ws.getRow(4).getCell(7).value = '联系人';
    ws.getRow(4).getCell(8).value = '联系电话';
    for (const col of ['A', 'B', 'C', 'D', 'E', 'F']) ws.mergeCells(`${col}3:${col}4`);
    ws.mergeCells('G3:H3');
    ws.addRow([1, 'ＸＺ０３', '三号镇', '三号', '乡镇', '乡镇', '张三', '１３８ ０００ ０００１']);
    ws.addRow([2, ' xz04 ', '四号镇', '四号', '乡 镇', '乡镇', '李四', '0371-1234567']);
    const res = await postXlsx(ctx, 'office', 'units', await toBuffer(wb));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, updated: 0 });
    expect(await unitByCode('XZ03')).toMatchObject({
      name: '三号镇',
      shortName: '三号',
      kind: 'township',
      contactName: '张三',
      contactPhone: '138 000 0001',
    });
    expect(await unitByCode('xz04')).toMatchObject({ name: '四号镇', contactPhone: '0371-1234567' });
  });

  it('row numbers of errors are the sheet rows, under the title', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考核对象');
    ws.getCell('A1').value = '考核对象名单';
    ws.mergeCells('A1:I1');
    ws.addRow([]);
    ws.getRow(3).values = UNIT_HEADER;
    ws.getRow(4).values = ['XZ 09', '九号镇', null, '乡镇', '乡镇'];
    const res = await postXlsx(ctx, 'office', 'units', await toBuffer(wb));
    expect(res.statusCode).toBe(400);
    expect(rowsOf(res)).toEqual([
      { row: 4, column: '单位编码', message: '第 4 行「单位编码」：只能包含字母、数字、下划线和短横线' },
    ]);
  });

  it('a sheet with no header at all still names the missing columns, at the row most like a header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考核对象');
    ws.getCell('A1').value = '考核对象名单';
    ws.getRow(2).values = ['单位编码', '单位名称', '类型'];
    ws.getRow(3).values = ['XZ09', '九号镇', '乡镇'];
    const res = await postXlsx(ctx, 'office', 'units', await toBuffer(wb));
    expect(res.statusCode).toBe(400);
    expect(rowsOf(res).map((r) => [r.row, r.column])).toEqual([
      [2, '单位类型'],
      [2, '考核类别'],
    ]);
  });
});

describe("a unit's name where its code is expected", () => {
  it('is accepted when it names exactly one unit, refused naming the candidates when it names several', async () => {
    // Two units share the short name 五号.
    const setup = await buildXlsx('考核对象', UNIT_HEADER, [
      ['XZ05', '五号镇', '五号', '乡镇', '乡镇'],
      ['XZ06', '五号街道', '五号', '乡镇', '乡镇'],
    ]);
    expect((await postXlsx(ctx, 'office', 'units', setup)).statusCode).toBe(200);
    const before = await recordCount();
    const ambiguous = await buildXlsx('2019年加扣分记录', RECORD_HEADER, [
      ['县财政局', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
      ['五号', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
      ['不存在局', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
    ]);
    const bad = await postXlsx(ctx, 'office', 'records', ambiguous, { year: 2019 });
    expect(bad.statusCode).toBe(400);
    expect(rowsOf(bad)).toEqual([
      {
        row: 3,
        column: '单位编码',
        message: '第 3 行「单位编码」：“五号”同时是 XZ05 五号镇、XZ06 五号街道 的名称或简称，请填写单位编码',
      },
      { row: 4, column: '单位编码', message: '第 4 行「单位编码」：单位编码“不存在局”不存在，请先导入考核对象' },
    ]);
    expect(await recordCount()).toBe(before);

    const good = await buildXlsx('2019年加扣分记录', RECORD_HEADER, [
      ['县财政局', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
      ['五号街道', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
      ['ＸＺ０１', '加分', 'commendation', '省级', '省级先进', '豫政〔2019〕1号', '2019-05-01'],
    ]);
    const ok = await postXlsx(ctx, 'office', 'records', good, { year: 2019 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ created: 3 });
    const stored = await ctx.handle.db
      .select({ code: units.code })
      .from(unitRecords)
      .innerJoin(units, eq(units.id, unitRecords.unitId))
      .where(and(eq(unitRecords.tenantId, ctx.county.tenantId), eq(unitRecords.title, '省级先进')));
    expect(stored.map((s) => s.code).sort()).toEqual(['XZ01', 'XZ06', 'ZF02']);
  });

  it('an account file may name the unit instead of its code', async () => {
    const file = await buildXlsx(
      '账号',
      ['用户名', '姓名', '角色', '所属单位编码'],
      [['ｃａｉｚｈｅｎｇ', '财政局填报员', '被考核单位', '县财政局']],
    );
    const res = await postXlsx(ctx, 'sysadmin', 'users', file);
    expect(res.statusCode, res.body).toBe(200);
    const [u] = await ctx.handle.db
      .select({ unitId: users.unitId })
      .from(users)
      .where(and(eq(users.tenantId, ctx.county.tenantId), eq(users.username, 'caizheng')));
    expect(u?.unitId).toBe((await unitByCode('ZF02'))?.id);
  });
});

describe('the same records file imported twice', () => {
  const rows = [
    ['XZ02', '扣分', 'criticism', '市级', '通报批评', '县政〔2019〕7号', '2019-06-01'],
    ['ZF01', '加分', 'commendation', '市级', '市级先进', '市政〔2019〕3号', '2019-06-02'],
  ];

  it('is refused row by row the second time, nothing written; with skipDuplicates the rows are counted as skipped', async () => {
    const file = await buildXlsx('2019年加扣分记录', RECORD_HEADER, rows);
    const first = await postXlsx(ctx, 'office', 'records', file, { year: 2019 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 2 });
    const before = await recordCount();

    // The same file again, with the document number typed with other brackets and full-width digits.
    const again = await buildXlsx('2019年加扣分记录', RECORD_HEADER, [
      rows[0] ?? [],
      ['ZF01', '加分', 'commendation', '市级', '市级先进', '市政[２０１９]3号', '2019/6/2'],
    ]);
    const second = await postXlsx(ctx, 'office', 'records', again, { year: 2019 });
    expect(second.statusCode).toBe(400);
    const problems = rowsOf(second);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, ''],
      [3, ''],
    ]);
    expect(problems[0]?.message).toMatch(
      /^第 2 行：与已有记录重复（单位、类别、规则、发文日期、文号或事项名称相同，记录编号 [0-9a-f-]{36}）/,
    );
    expect(await recordCount()).toBe(before);

    const skip = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/excel/records?year=2019&skipDuplicates=true',
      headers: { 'content-type': XLSX_MIME },
      payload: again,
    });
    expect(skip.statusCode, skip.body).toBe(200);
    expect(skip.json()).toMatchObject({ created: 0, skipped: 2 });
    expect(await recordCount()).toBe(before);
  });

  it('a row repeated within one file is refused at the second row', async () => {
    const file = await buildXlsx('2019年加扣分记录', RECORD_HEADER, [
      ['XZ01', '扣分', 'criticism', '县级', '会议缺席', null, '2019-07-01'],
      ['XZ01', '扣分', 'criticism', '县级', '会议缺席', null, '2019-07-01'],
    ]);
    const res = await postXlsx(ctx, 'office', 'records', file, { year: 2019, lang: 'en' });
    expect(res.statusCode).toBe(400);
    expect(rowsOf(res)).toEqual([
      {
        row: 3,
        column: '',
        message:
          'Row 3: is the same record as row 2 (same unit, kind, rule, date and document number or title); remove the row; when the file is imported again on purpose, import with skip duplicates (skipDuplicates=true)',
      },
    ]);
  });
});

describe('load errors say what is wrong', () => {
  /** The smallest workbook another program might write: no styles, no theme, no docProps, inline strings. */
  async function foreignXlsx(sheetXml: string, workbookXml?: string): Promise<Buffer> {
    const zip = new JSZip();
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    );
    zip.file(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    );
    zip.file(
      'xl/workbook.xml',
      workbookXml ??
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    );
    zip.file(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    );
    zip.file('xl/worksheets/sheet1.xml', sheetXml);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
  const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const row = (n: number, values: string[]) =>
    `<row r="${n}">${values.map((v, i) => cell(`${String.fromCharCode(65 + i)}${n}`, v)).join('')}</row>`;

  it('a workbook written by another program (no styles, inline strings, Sheet1) imports', async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, ['单位编码', '单位名称', '单位类型', '考核类别'])}${row(2, ['XZ10', '十号镇', '乡镇', '乡镇'])}</sheetData></worksheet>`;
    const res = await postXlsx(ctx, 'office', 'units', await foreignXlsx(sheet));
    expect(res.statusCode, res.body).toBe(200);
    expect(await unitByCode('XZ10')).toMatchObject({ name: '十号镇' });
  });

  it('an old .xls, a Word file, a damaged workbook: each says what it is', async () => {
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    const old = await postXlsx(ctx, 'office', 'units', xls);
    expect(old.statusCode).toBe(400);
    expect(old.json().error).toMatchObject({
      code: 'IMPORT_OLD_XLS',
      message:
        '文件是旧版 Excel 97–2003 工作簿（.xls），或设置了打开密码的工作簿；请取消密码，用 Excel 或 WPS 另存为 .xlsx 后再导入',
    });

    const docx = new JSZip();
    docx.file('[Content_Types].xml', '<Types/>');
    docx.file('word/document.xml', '<document/>');
    const word = await postXlsx(ctx, 'office', 'units', await docx.generateAsync({ type: 'nodebuffer' }));
    expect(word.json().error).toMatchObject({
      code: 'IMPORT_NO_WORKBOOK',
      message: '文件是 Word (.docx) 文件，不是 Excel 工作簿；请用 Excel 或 WPS 另存为 .xlsx 后再导入',
    });

    const damaged = await foreignXlsx('<worksheet', '<workbook><sheets><sheet name=');
    const broken = await postXlsx(ctx, 'office', 'units', damaged);
    expect(broken.statusCode).toBe(400);
    const err = broken.json().error as { code: string; message: string };
    expect(err.code).toBe('IMPORT_UNREADABLE');
    expect(err.message).toMatch(/^文件是 \.xlsx 工作簿，但内容无法读取（.+），文件可能已损坏/);
  });
});
