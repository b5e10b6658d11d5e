import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import { loadWorkbook } from '../src/modules/excel/workbook';
import { assertSafeZip, ZIP_LIMITS } from '../src/modules/excel/zip';
import { buildZip, deflated, deflatedZeros, lyingBomb } from './zip-fixtures';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('zip-bomb guard (real inflated bytes, not declared sizes)', () => {
  it('lets a real workbook through', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('填报');
    for (let r = 1; r <= 2000; r++) ws.addRow(['XZ01', '一号镇', r, '说明']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await codeOf(assertSafeZip(buf))).toBe('ok');
    expect((await loadWorkbook(buf)).getWorksheet('填报')?.rowCount).toBe(2000);
  });

  it('stops an entry that declares 1,000 bytes but inflates to 50 MB, at once and without keeping it', async () => {
    const bomb = await lyingBomb(50 * 1024 * 1024);
    expect(await codeOf(assertSafeZip(bomb))).toBe('IMPORT_TOO_LARGE');
    expect(await codeOf(loadWorkbook(bomb))).toBe('IMPORT_TOO_LARGE');
  });

  it('refuses an honest bomb (declared beyond the limit, or an implausible ratio) without inflating', async () => {
    const zeros = await deflatedZeros(2 * 1024 * 1024);
    const declaredHuge = buildZip([{ name: 'a.xml', data: zeros, declaredSize: ZIP_LIMITS.maxInflatedBytes + 1 }]);
    expect(await codeOf(assertSafeZip(declaredHuge))).toBe('IMPORT_TOO_LARGE');
    const ratio = buildZip([{ name: 'a.xml', data: zeros, declaredSize: 2 * 1024 * 1024 }]);
    expect(zeros.length * ZIP_LIMITS.maxRatio).toBeLessThan(2 * 1024 * 1024);
    expect(await codeOf(assertSafeZip(ratio))).toBe('IMPORT_TOO_LARGE');
  });

  it('counts overlapping entries (many central records pointing at one compressed stream) each time', async () => {
    const limits = { maxInflatedBytes: 1024 * 1024, maxRatio: 10_000, ratioFloorBytes: 1024 * 1024 };
    const data = await deflatedZeros(200 * 1024);
    const one = { name: 'x/0.xml', data, declaredSize: 200 * 1024 };
    expect(await codeOf(assertSafeZip(buildZip([one]), limits))).toBe('ok');
    const many = buildZip([
      one,
      ...Array.from({ length: 9 }, (_, i) => ({ ...one, name: `x/${i + 1}.xml`, sameDataAs: 0 })),
    ]);
    expect(await codeOf(assertSafeZip(many, limits))).toBe('IMPORT_TOO_LARGE');
  });

  it('reads every central record as JSZip does, whatever count the end record declares', async () => {
    const ok = { name: 'a.xml', data: deflated('<a/>'), declaredSize: 4 };
    const bomb = { name: 'b.xml', data: await deflatedZeros(10 * 1024 * 1024), declaredSize: 10 };
    expect(await codeOf(assertSafeZip(buildZip([ok, bomb], { countInEocd: 1 })))).toBe('IMPORT_TOO_LARGE');
  });

  it('a stored entry larger than it declares, corrupt data, or an unknown method is refused', async () => {
    const stored = buildZip([{ name: 'a.xml', data: Buffer.alloc(5000), method: 0, declaredSize: 10 }]);
    expect(await codeOf(assertSafeZip(stored))).toBe('IMPORT_TOO_LARGE');
    const corrupt = buildZip([{ name: 'a.xml', data: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 10 }]);
    expect(await codeOf(assertSafeZip(corrupt))).toBe('IMPORT_NOT_XLSX');
    const bzip = buildZip([{ name: 'a.xml', data: deflated('<a/>'), declaredSize: 4 }]);
    bzip.writeUInt16LE(12, bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    expect(await codeOf(assertSafeZip(bzip))).toBe('IMPORT_NOT_XLSX');
    const truncated = buildZip([{ name: 'a.xml', data: deflated('<a/>'), declaredSize: 4 }]).subarray(0, 40);
    expect(await codeOf(assertSafeZip(truncated))).toBe('IMPORT_NOT_XLSX');
  });
});
