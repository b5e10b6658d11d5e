import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, readXlsx, UNIT_HEADER } from './fixtures/xlsx';

const root = path.resolve(import.meta.dirname, '../../..');
let dir: string;
const { DATABASE_URL: _url, ...withoutDatabaseUrl } = process.env;
// The CLI on its own embedded database (never the shared test PostgreSQL: the demo county has a fixed code).
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/yardstick.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...withoutDatabaseUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' },
  });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-excel-cli-'));
  const seeded = run('seed', '--demo');
  if (seeded.status !== 0) throw new Error(seeded.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('yardstick import / export', () => {
  it('exports the units and imports the file back unchanged', async () => {
    const file = path.join(dir, 'units.xlsx');
    const exported = run('export', 'units', file);
    expect(exported.status, exported.stderr).toBe(0);
    const rows = (await readXlsx(fs.readFileSync(file))).values('考核对象');
    expect(rows[0]).toEqual(UNIT_HEADER);
    expect(rows.length).toBeGreaterThan(40);
    const imported = run('import', 'units', file);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${rows.length - 1} 行 rows，新增 created 0，更新 updated 0`);
  });

  it("the demo's 2019 scheme exports and re-imports unchanged", async () => {
    const file = path.join(dir, 'indicators.xlsx');
    const exported = run('export', 'indicators', file, '--year', '2019');
    expect(exported.status, exported.stderr).toBe(0);
    const rows = (await readXlsx(fs.readFileSync(file))).values('2019年指标');
    expect(rows.length).toBeGreaterThan(100);
    const imported = run('import', 'indicators', file, '--year', '2019');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${rows.length - 1} 行 rows，新增 created 0，更新 updated 0`);
  });

  it('a bad file exits 1 with a row-by-row report; a PNG is not a workbook', async () => {
    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(
      bad,
      await buildXlsx('考核对象', UNIT_HEADER, [
        ['XZ90', '九十号镇', null, '城市', '乡镇'],
        ['XZ91', null, null, '乡镇', '乡镇'],
      ]),
    );
    const r = run('import', 'units', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('导入文件有 2 处错误，未导入任何数据');
    expect(r.stderr).toContain('第 2 行「单位类型」：只能填写 乡镇 或 县直部门');
    expect(r.stderr).toContain('第 3 行「单位名称」：不能为空');
    const png = path.join(dir, 'photo.xlsx');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const p = run('import', 'units', png);
    expect(p.status).toBe(1);
    expect(p.stderr).toContain('文件不是 Excel 工作簿（.xlsx）');
    const k = run('import', 'widgets', png);
    expect(k.status).toBe(1);
    expect(k.stderr).toContain('unknown kind');
  });
});
