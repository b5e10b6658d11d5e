import { and, eq } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, units } from '../src/db/schema';
import { buildXlsx, getXlsx, PNG, postXlsx, readXlsx, UNIT_HEADER, XLSX_MIME } from './fixtures/xlsx';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const unitCount = async () =>
  (await ctx.handle.db.select({ id: units.id }).from(units).where(eq(units.tenantId, ctx.county.tenantId))).length;
const importAudits = async () =>
  ctx.handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.action, 'excel.import')));

/** Asserts a 400 with exactly these row messages, and that nothing at all was written. */
async function expectRejected(
  res: { statusCode: number; json(): unknown },
  rows: { row: number; column: string; message: string }[],
  before: { units: number; audits: number },
) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { error: { code: string; rows: unknown[]; details: { path: string }[] } };
  expect(body.error.code).toBe('IMPORT_REJECTED');
  expect(body.error.rows).toEqual(rows);
  expect(body.error.details.map((d) => d.path)).toEqual(rows.map((r) => `第 ${r.row} 行 · ${r.column}`));
  expect(await unitCount()).toBe(before.units);
  expect((await importAudits()).length).toBe(before.audits);
}

const snapshot = async () => ({ units: await unitCount(), audits: (await importAudits()).length });

describe('units template and export', () => {
  it('has Chinese headers, an instructions sheet, dropdown lists, a frozen header and column widths', async () => {
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/excel/units/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_MIME);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('考核对象-模板.xlsx'));
    const { wb, names, values } = await readXlsx(res.rawPayload);
    expect(names).toEqual(['考核对象', '说明', '选项']);
    expect(values('考核对象')).toEqual([UNIT_HEADER]);
    const ws = wb.getWorksheet('考核对象');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getColumn(2).width).toBe(28);
    expect(wb.getWorksheet('选项')?.state).toBe('hidden');
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } })
      .dataValidations.model;
    expect(dv.D2).toMatchObject({ type: 'list', formulae: ["'选项'!$A$2:$A$3"] });
    expect(values('选项').slice(0, 3)).toEqual([
      ['单位类型', '考核类别', '状态'],
      ['乡镇', '乡镇', '启用'],
      ['县直部门', '政府部门', '停用'],
    ]);
    expect(values('说明')[0]).toEqual(['考核对象（单位）导入说明', null, null, null]);
    expect(values('说明').flat().join('')).toContain('全有或全无');
  });

  it('exports the units with the same columns, and the file re-imports unchanged (round trip)', async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/units');
    const { values } = await readXlsx(file);
    expect(values('考核对象')).toEqual([
      UNIT_HEADER,
      ['XZ01', '一号镇', null, '乡镇', '乡镇', null, null, 1, '启用'],
      ['XZ02', '二号乡', null, '乡镇', '乡镇', null, null, 2, '启用'],
      ['ZF01', '县政府办公室', null, '县直部门', '政府部门', null, null, 1, '启用'],
      ['ZF02', '县财政局', null, '县直部门', '政府部门', null, null, 2, '启用'],
    ]);
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'units', imported: 4, created: 0, updated: 0, unchanged: 4 });
    const again = await readXlsx(await getXlsx(ctx, 'office', '/api/excel/units'));
    expect(again.values('考核对象')).toEqual(values('考核对象'));
  });

  it('protects the sheet: the header and stored codes are locked, every other cell and new rows stay open', async () => {
    const file = await getXlsx(ctx, 'office', '/api/excel/units');
    const { wb } = await readXlsx(file);
    const ws = wb.getWorksheet('考核对象');
    if (!ws) throw new Error('no data sheet');
    // ExcelJS keeps the <sheetProtection> element it read as the sheet's model.
    const protection = (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true, insertRows: true, deleteRows: true, sort: true, autoFilter: true });
    expect(protection).not.toHaveProperty('password');
    const locked = (ref: string) => ws.getCell(ref).protection?.locked !== false;
    expect(locked('A1')).toBe(true); // header
    expect(ws.getCell('A2').value).toBe('XZ01');
    expect(locked('A2')).toBe(true); // a stored unit's code
    expect(locked('B2')).toBe(false); // its name can be edited
    expect(locked('A6')).toBe(false); // a new row's code
    expect(locked('B200')).toBe(false);
    // The protected file still imports as before.
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ unchanged: 4 });
  });

  it('a unit account exports only its own unit', async () => {
    const { values } = await readXlsx(await getXlsx(ctx, 'unit', '/api/excel/units'));
    expect(values('考核对象').map((r) => r[0])).toEqual(['单位编码', 'XZ01']);
  });
});

describe('units import', () => {
  it('creates new units and updates existing ones by code, in one audited transaction', async () => {
    const file = await buildXlsx('考核对象', UNIT_HEADER, [
      ['XZ01', '一号镇', '一镇', '乡镇', '乡镇', '张三', 13800000000, 1, '启用'],
      // rich text, a group given by its code, columns in the file's own order are fine
      [
        'XZ03',
        { richText: [{ text: '三号' }, { font: { bold: true }, text: '镇' }] },
        null,
        '乡镇',
        'township',
        null,
        '0371-1234567',
        3,
        null,
      ],
      [],
      ['ZF03', '县教育局', null, '县直部门', '政府部门', null, null, null, '停用'],
    ]);
    const auditsBefore = (await importAudits()).length;
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, created: 2, updated: 1, unchanged: 0 });
    const list = await ctx.injectAs('office', { method: 'GET', url: '/api/units?pageSize=100' });
    const byCode = Object.fromEntries(list.json().items.map((u: { code: string }) => [u.code, u]));
    expect(byCode.XZ01).toMatchObject({
      shortName: '一镇',
      contactName: '张三',
      contactPhone: '13800000000',
      version: 2,
    });
    expect(byCode.XZ03).toMatchObject({ name: '三号镇', groupName: '乡镇', sortOrder: 3, active: true });
    expect(byCode.ZF03).toMatchObject({ active: false, sortOrder: 0 });
    const audits = await importAudits();
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)?.summary).toBe('导入考核对象：3 行，新增 2，更新 1，未变 0');
    expect(audits.at(-1)?.after).toMatchObject({ kind: 'units', created: 2, updated: 1, sha256: res.json().digest });
  });

  it('a preview (dryRun) counts what the import would do and writes nothing; the import then does just that', async () => {
    const file = await buildXlsx('考核对象', UNIT_HEADER, [
      ['XZ01', '一号镇', '一镇', '乡镇', '乡镇', '张三', 13800000000, 1, '启用'], // unchanged since the test above
      ['XZ41', '四十一号镇', null, '乡镇', '乡镇', null, null, 41, null], // new
      ['XZ42', '四十二号镇', null, '乡镇', '乡镇', null, null, 42, null], // new
      ['ZF03', '县教育局', null, '县直部门', '政府部门', null, null, null, '启用'], // changed: active again
    ]);
    const before = await snapshot();
    const preview = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/excel/units?dryRun=true',
      headers: { 'content-type': XLSX_MIME },
      payload: file,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, imported: 4, created: 2, updated: 1, unchanged: 1 });
    expect(await snapshot()).toEqual(before);
    const real = await postXlsx(ctx, 'office', 'units', file);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json()).toMatchObject({ imported: 4, created: 2, updated: 1, unchanged: 1 });
    expect(real.json().dryRun).toBeUndefined();
    expect(await snapshot()).toEqual({ units: before.units + 2, audits: before.audits + 1 });
  });

  it('two units may swap their names in one file', async () => {
    const file = await buildXlsx('考核对象', UNIT_HEADER, [
      ['XZ01', '二号乡', null, '乡镇', '乡镇'],
      ['XZ02', '一号镇', null, '乡镇', '乡镇'],
    ]);
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 2 });
    const back = await buildXlsx('考核对象', UNIT_HEADER, [
      ['XZ01', '一号镇', null, '乡镇', '乡镇'],
      ['XZ02', '二号乡', null, '乡镇', '乡镇'],
    ]);
    expect((await postXlsx(ctx, 'office', 'units', back)).json()).toMatchObject({ updated: 2 });
  });

  it('explains every bad cell, row by row, and writes nothing', async () => {
    const before = await snapshot();
    const file = await buildXlsx(
      '考核对象',
      UNIT_HEADER,
      [
        ['XZ10', '十号镇', null, '城市', '乡镇', null, null, 1, null], // 2: bad type
        ['XZ11', '十一号镇', null, '乡镇', '不存在的类别', null, null, 1, null], // 3: unknown group
        ['XZ10', '重复镇', null, '乡镇', '乡镇', null, null, 1, null], // 4: duplicate code
        ['XZ12', null, null, '乡镇', '乡镇', null, null, 1, null], // 5: blank name
        ['XZ13', '十三号镇', null, '乡镇', '乡镇', null, 'abc', 'abc', null], // 6: phone, order
        ['XZ14', '十四号镇', null, '乡镇', '乡镇', null, null, null, null], // 7: formula (below)
        ['XZ15', '十五号镇', null, '乡镇', '乡镇', null, null, 1, null], // 8-9: merged name
        ['XZ16', null, null, '乡镇', '乡镇', null, null, 1, null],
        ['bad code', '一号镇', null, '县直部门', '乡镇', null, null, 1, null], // 10: code, group kind, name taken
        ['XZ17', '十七号镇', null, '乡镇', '乡镇', null, null, 1, '暂停'], // 11: status
      ],
      (ws) => {
        ws.getCell('H7').value = { formula: 'SUM(H2:H6)', result: 5 };
        ws.mergeCells('B8:B9');
      },
    );
    const res = await postXlsx(ctx, 'office', 'units', file);
    await expectRejected(
      res,
      [
        { row: 2, column: '单位类型', message: '第 2 行「单位类型」：只能填写 乡镇 或 县直部门' },
        {
          row: 3,
          column: '考核类别',
          message:
            '第 3 行「考核类别」：考核类别“不存在的类别”不存在；请从下拉列表中选择，或确认新建文件中的类别（页面上勾选“新建文件中的考核类别”，命令行加 --create-groups）',
        },
        { row: 4, column: '单位编码', message: '第 4 行「单位编码」：“XZ10”与第 2 行重复' },
        { row: 5, column: '单位名称', message: '第 5 行「单位名称」：不能为空' },
        { row: 6, column: '联系电话', message: '第 6 行「联系电话」：电话号码格式不正确' },
        { row: 6, column: '排序', message: '第 6 行「排序」：须为整数' },
        {
          row: 7,
          column: '排序',
          message:
            '第 7 行「排序」：是公式（=SUM(H2:H6)），导入时不计算公式，请改为直接填写数值（复制后“选择性粘贴 → 数值”）',
        },
        {
          row: 8,
          column: '单位名称',
          message: '第 8 行「单位名称」：位于合并单元格 B8:B9 中，请取消合并并在每一行分别填写',
        },
        {
          row: 9,
          column: '单位名称',
          message: '第 9 行「单位名称」：位于合并单元格 B8:B9 中，请取消合并并在每一行分别填写',
        },
        { row: 10, column: '单位编码', message: '第 10 行「单位编码」：只能包含字母、数字、下划线和短横线' },
        { row: 10, column: '单位名称', message: '第 10 行「单位名称」：“一号镇”已被 XZ01 使用' },
        { row: 10, column: '考核类别', message: '第 10 行「考核类别」：考核类别“乡镇”只能包含乡镇' },
        { row: 11, column: '状态', message: '第 11 行「状态」：只能填写 启用 或 停用' },
      ],
      before,
    );
    // 13 bad cells on 10 rows: each refused row counted once.
    expect((res.json() as { error: { refusedRows?: number } }).error.refusedRows).toBe(10);
  });

  it('reads hyperlinks as text; error values and shared formulas are refused', async () => {
    const before = await snapshot();
    const file = await buildXlsx(
      '考核对象',
      UNIT_HEADER,
      [
        ['XZ40', '四十号镇', null, '乡镇', '乡镇', { text: '王五', hyperlink: 'mailto:w@example.cn' }, null, 1],
        ['XZ41', '四十一号镇', null, '乡镇', '乡镇', null, null, { error: '#REF!' }],
        ['XZ42', '四十二号镇', null, '乡镇', '乡镇', null, null, 1],
        ['XZ43', '四十三号镇', null, '乡镇', '乡镇', null, null, 1],
      ],
      (ws) => {
        // ExcelJS's typings lack the shared-formula master's fields.
        ws.getCell('H4').value = { formula: 'H2+1', result: 2, shareType: 'shared', ref: 'H4:H5' } as ExcelJS.CellValue;
        ws.getCell('H5').value = { sharedFormula: 'H4', result: 3 };
      },
    );
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows.map((r: { message: string }) => r.message)).toEqual([
      '第 3 行「排序」：是错误值 #REF!，请填写正确的值',
      '第 4 行「排序」：是公式（=H2+1），导入时不计算公式，请改为直接填写数值（复制后“选择性粘贴 → 数值”）',
      '第 5 行「排序」：是公式（=H3+1），导入时不计算公式，请改为直接填写数值（复制后“选择性粘贴 → 数值”）',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers in English when asked', async () => {
    const file = await buildXlsx('考核对象', UNIT_HEADER, [['XZ20', '二十号镇', null, '城市', '乡镇']]);
    const res = await postXlsx(ctx, 'office', 'units', file, { lang: 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe(
      'The file has 1 problem(s); nothing was imported. Fix the rows listed and import again',
    );
    expect(res.json().error.rows).toEqual([
      { row: 2, column: '单位类型', message: 'Row 2, column 「单位类型」 (unit type): only 乡镇 or 县直部门' },
    ]);
  });

  it('reports missing columns at row 1', async () => {
    const before = await snapshot();
    const file = await buildXlsx('考核对象', ['单位编码', '名称'], [['XZ30', '三十号镇']]);
    await expectRejected(
      await postXlsx(ctx, 'office', 'units', file),
      [
        { row: 1, column: '单位名称', message: '第 1 行「单位名称」：缺少此列，请使用下载的模板，不要修改表头' },
        { row: 1, column: '单位类型', message: '第 1 行「单位类型」：缺少此列，请使用下载的模板，不要修改表头' },
        { row: 1, column: '考核类别', message: '第 1 行「考核类别」：缺少此列，请使用下载的模板，不要修改表头' },
      ],
      before,
    );
  });
});

describe('hostile and broken files', () => {
  it('a PNG renamed .xlsx, an empty body, a zip that is not a workbook, JSON: clear 400s, nothing written', async () => {
    const before = await snapshot();
    const png = await postXlsx(ctx, 'office', 'units', PNG);
    expect(png.statusCode).toBe(400);
    expect(png.json().error).toMatchObject({
      code: 'IMPORT_NOT_XLSX',
      message: '文件不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入',
    });
    const empty = await postXlsx(ctx, 'office', 'units', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('IMPORT_EMPTY');
    const zip = new JSZip();
    zip.file('hello.txt', 'not a workbook');
    const notBook = await postXlsx(ctx, 'office', 'units', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(notBook.statusCode).toBe(400);
    expect(notBook.json().error).toMatchObject({
      code: 'IMPORT_NO_WORKBOOK',
      message: '文件是 zip 文件，不是 Excel 工作簿；请用 Excel 或 WPS 另存为 .xlsx 后再导入',
    });
    const json = await ctx.injectAs('office', { method: 'POST', url: '/api/excel/units', payload: { a: 1 } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('IMPORT_NOT_XLSX');
    const octet = await postXlsx(ctx, 'office', 'units', PNG, { contentType: 'application/octet-stream' });
    expect(octet.json().error.code).toBe('IMPORT_NOT_XLSX');
    const headerOnly = await postXlsx(ctx, 'office', 'units', await buildXlsx('考核对象', UNIT_HEADER, []));
    expect(headerOnly.json().error.code).toBe('IMPORT_EMPTY');
    expect(await snapshot()).toEqual(before);
  });

  it('a body over 20 MB is refused as too large', async () => {
    const res = await postXlsx(ctx, 'office', 'units', Buffer.alloc(21 * 1024 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' });
  });

  it('a zip bomb is refused before it is inflated', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', '<worksheet/>');
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // Claim 450 MB inflated in the central directory, as a real bomb would.
    const cd = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(450 * 1024 * 1024, cd + 24);
    const res = await postXlsx(ctx, 'office', 'units', bomb);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_TOO_LARGE');
  });

  it('10,000 rows import in seconds; more than 20,000 are refused with a clear error', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      `B${String(i).padStart(5, '0')}`,
      `批量镇${i}`,
      null,
      '乡镇',
      '乡镇',
      '李四',
      '0371-1234567',
      i,
      '启用',
    ]);
    const file = await buildXlsx('考核对象', UNIT_HEADER, rows);
    const res = await postXlsx(ctx, 'office', 'units', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 10_000, created: 10_000 });
    // The same file again: nothing changes.
    const again = await postXlsx(ctx, 'office', 'units', file);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });

    const before = await snapshot();
    const big = await buildXlsx(
      '考核对象',
      UNIT_HEADER,
      Array.from({ length: 20_001 }, (_, i) => [`C${i}`, `超量镇${i}`, null, '乡镇', '乡镇']),
    );
    const refused = await postXlsx(ctx, 'office', 'units', big);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      message: '文件超过 20000 行数据，请拆分为多个文件分别导入',
    });
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});
