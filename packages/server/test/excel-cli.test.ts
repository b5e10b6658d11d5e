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

  it('units naming groups the county lacks: refused with the unknown and the valid groups, or created with --create-groups', async () => {
    const file = path.join(dir, 'new-groups.xlsx');
    fs.writeFileSync(
      file,
      await buildXlsx('考核对象', UNIT_HEADER, [
        ['KF01', '经济开发区管委会', null, '县直部门', '开发区'],
        ['KF02', '高新园区管委会', null, '县直部门', '园区'],
        ['ZF01', '县人民政府办公室', '政府办', '县直部门', '政府部门'],
      ]),
    );
    const refused = run('import', 'units', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('文件中本县没有的考核类别 / groups the county lacks: 开发区、园区');
    expect(refused.stderr).toContain(
      "本县的考核类别 / the county's groups: 乡镇（township）、党群部门（party）、政府部门（government）、垂管及其他（vertical）",
    );
    expect(refused.stderr).toContain('--create-groups');
    expect(refused.stderr).toContain('第 2 行「考核类别」：考核类别“开发区”不存在');
    const created = run('import', 'units', file, '--create-groups');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('新增 created 2');
    const groups = path.join(dir, 'groups.xlsx');
    expect(run('export', 'groups', groups).status).toBe(0);
    const names = (await readXlsx(fs.readFileSync(groups))).names;
    const rows = (await readXlsx(fs.readFileSync(groups))).values(names[0] ?? '');
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['开发区', '园区']));
  }, 180_000);

  it('records imported twice are refused as duplicates, or skipped and counted with --skip-duplicates', async () => {
    const file = path.join(dir, 'records.xlsx');
    fs.writeFileSync(
      file,
      await buildXlsx(
        '2019年加扣分记录',
        ['单位编码', '类别', '规则编号', '级别', '事项名称', '文号', '发文日期'],
        [
          ['XZ01', '加分', 'commendation', '市级', '市级文明村镇', '市文明委〔2019〕3号', '2019-03-01'],
          ['XZ02', '加分', 'commendation', '市级', '市级卫生乡镇', '市爱卫会〔2019〕5号', '2019-04-01'],
        ],
      ),
    );
    const first = run('import', 'records', file, '--year', '2019');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('新增 created 2');
    // The office sends the same list again.
    const refused = run('import', 'records', file, '--year', '2019');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('skipDuplicates');
    const skipped = run('import', 'records', file, '--year', '2019', '--skip-duplicates');
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('新增 created 0');
    expect(skipped.stdout).toContain('跳过重复 skipped duplicates 2');
  }, 180_000);

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
