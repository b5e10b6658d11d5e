import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client';
import { units } from '../src/db/schema';

/**
 * kill -9 in the middle of an import: the import is one transaction, so after recovery the database holds
 * either none of the file's rows or all of them — never a part. Runs against the embedded database on disk,
 * through the real CLI, as an operator would.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'bin/yardstick.js');
const ROWS = 10_000;
let work: string;
let seeded: string;
let file: string;
let baseline: number;

const run = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir },
  });

async function countUnits(dataDir: string): Promise<number> {
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return (await handle.db.select({ id: units.id }).from(units)).length;
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-crash-'));
  seeded = path.join(work, 'seeded');
  expect(run(seeded, 'seed', '--demo').status).toBe(0);
  const exported = path.join(work, 'units.xlsx');
  const ex = run(seeded, 'export', 'units', exported);
  expect(ex.status, ex.stderr).toBe(0);
  // Grow the exported sheet to 10,000 new units, copying a township row's values.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  const template = ws.getRow(2).values as unknown[];
  for (let i = 1; i <= ROWS; i++) {
    const values = [...template];
    values[1] = `K${String(i).padStart(5, '0')}`;
    values[2] = `测试镇${String(i).padStart(5, '0')}`;
    ws.addRow(values.slice(1));
  }
  file = path.join(work, 'big.xlsx');
  await wb.xlsx.writeFile(file);
  baseline = await countUnits(seeded);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('kill -9 during an import', () => {
  it('leaves either nothing or everything, and the database opens cleanly afterwards', async () => {
    // How long does the whole import take here? Then kill runs at several points inside that span.
    const full = path.join(work, 'full');
    fs.cpSync(seeded, full, { recursive: true });
    const started = Date.now();
    const done = run(full, 'import', 'units', file);
    const took = Date.now() - started;
    expect(done.status, done.stderr).toBe(0);
    expect(await countUnits(full)).toBe(baseline + ROWS);

    // Start-up and shut-down alone (open, migrate, close), measured with a command that reads one table.
    const idleStart = Date.now();
    expect(run(full, 'users', 'list').status).toBe(0);
    const idle = Date.now() - idleStart;

    let killedMidway = 0;
    for (const share of [0.2, 0.4, 0.6]) {
      const dir = path.join(work, `kill-${share}`);
      fs.cpSync(seeded, dir, { recursive: true });
      const child = spawn(process.execPath, [cli, 'import', 'units', file], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dir },
        stdio: 'ignore',
      });
      const exit = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      // The import's transaction runs between start-up and shut-down: kill inside that span.
      setTimeout(() => child.kill('SIGKILL'), Math.round(idle / 2 + Math.max(took - idle, 0) * share));
      const signal = await exit;
      const n = await countUnits(dir);
      expect([baseline, baseline + ROWS], `killed at ${share} of ${took} ms`).toContain(n);
      if (signal === 'SIGKILL' && n === baseline) killedMidway++;
    }
    // At least one kill must have landed before the import committed, or the test proved nothing.
    expect(killedMidway).toBeGreaterThan(0);
  }, 240_000);
});
