import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-e2e-excel-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The county's users export, as the system administrator downloads it, opened as a workbook. */
async function usersExport(): Promise<ExcelJS.Workbook> {
  const call = await apiSession(baseUrl, 'sysadmin');
  const res = await call('GET', '/excel/users');
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

async function userCount(q: string): Promise<number> {
  const call = await apiSession(baseUrl, 'sysadmin');
  const res = await call('GET', `/users?q=${encodeURIComponent(q)}`);
  return ((await res.json()) as { total: number }).total;
}

/** Appends a copy of the first unit operator's row with another username and display name. */
function addUser(wb: ExcelJS.Workbook, username: string, name: string, unitCode = 'XZ02') {
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const col = (h: string) => header.indexOf(h);
  const row: unknown[] = [];
  row[col('用户名')] = username;
  row[col('姓名')] = name;
  row[col('角色')] = '被考核单位';
  row[col('所属单位编码')] = unitCode;
  row[col('状态')] = '启用';
  ws.addRow(row.slice(1));
}

async function openUsers(page: Page) {
  await login(page, 'sysadmin');
  await page.goto(`${baseUrl}/users`);
  await page.getByTestId('users-table').waitFor();
}

describe('Excel import in the browser', () => {
  it('a rejected users file lists each bad row and writes nothing', async () => {
    const wb = await usersExport();
    addUser(wb, 'good.one', '新同志');
    addUser(wb, 'Bad Name!', '坏用户名');
    addUser(wb, 'no.unit', '无单位', 'XX99');
    const file = path.join(dir, 'bad-users.xlsx');
    await wb.xlsx.writeFile(file);

    const { context, page } = await newPage(browser());
    await openUsers(page);
    await page.getByTestId('excel-file-users').setInputFiles(file);
    const rows = page.getByTestId('excel-rejected-rows');
    await rows.waitFor();
    await expect.poll(async () => (await rows.locator('tbody tr.ant-table-row').count()) >= 2).toBe(true);
    // The server counts the refused rows (two bad rows; the good one is refused with the file, not counted).
    expect(await page.getByTestId('excel-refused-rows').textContent()).toBe('2 行被拒绝，整份文件未导入');
    await shot(page, 'excel-rejected');
    await page.getByTestId('excel-rejected').getByRole('button').last().click();
    // Nothing was written: the good row of the rejected file did not create an account.
    expect(await userCount('good.one')).toBe(0);
    await context.close();
  });

  it('a good users file creates the accounts and shows their one-time passwords once', async () => {
    const wb = await usersExport();
    addUser(wb, 'xin.tongzhi', '辛同志');
    const file = path.join(dir, 'good-users.xlsx');
    await wb.xlsx.writeFile(file);

    const { context, page } = await newPage(browser());
    await openUsers(page);
    await page.getByTestId('excel-file-users').setInputFiles(file);
    // The preview: one account to create, nothing written yet.
    await page.getByTestId('excel-preview-confirm').waitFor();
    expect(await page.getByTestId('excel-count-created').textContent()).toBe('1 行');
    expect(await userCount('xin.tongzhi')).toBe(0);
    await page.getByTestId('excel-preview-confirm').click();
    const dialog = page.getByTestId('excel-passwords');
    await dialog.getByText('xin.tongzhi').waitFor();
    await shot(page, 'excel-passwords');
    await page.getByTestId('excel-passwords-done').click();
    await page.getByTestId('users-table').getByText('xin.tongzhi').waitFor();
    expect(await userCount('xin.tongzhi')).toBe(1);
    await context.close();
  });

  it('an import shows its upload going up, then what the server is doing, a preview of its row counts and the counts it did', async () => {
    // The users export imported back as it is: every row read, none created or changed (nothing in the demo moves).
    const wb = await usersExport();
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    let rows = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && String(row.getCell(1).value ?? '').trim() !== '') rows++;
    });
    expect(rows).toBeGreaterThan(5);
    const file = path.join(dir, 'users-again.xlsx');
    await wb.xlsx.writeFile(file);
    const size = fs.statSync(file).size;

    const { context, page } = await newPage(browser());
    await openUsers(page);
    // Every line the progress message shows, as the page shows it (however briefly).
    await page.evaluate(() => {
      const w = window as unknown as { workLines: string[] };
      w.workLines = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="work-status-text"]')) {
          const text = el.textContent ?? '';
          if (w.workLines.at(-1) !== text) w.workLines.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const lines = () => page.evaluate(() => (window as unknown as { workLines: string[] }).workLines);
    // A slow line, so that the server's answer takes seconds and the wait is seen counting.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: Math.max(1024, Math.round(size / 4)),
    });
    await page.getByTestId('excel-file-users').setInputFiles(file);
    await page.getByText(/^正在逐行检查 users-again\.xlsx…（已等待 [1-9]\d* 秒）$/).waitFor({ timeout: 30_000 });
    await shot(page, 'excel-import-progress', false);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    // The preview: the server read every row and would change nothing.
    await page.getByTestId('excel-preview-confirm').waitFor();
    expect(await page.getByTestId('excel-count-read').textContent()).toBe(`${rows} 行`);
    expect(await page.getByTestId('excel-count-created').textContent()).toBe('0 行');
    expect(await page.getByTestId('excel-count-updated').textContent()).toBe('0 行');
    expect(await page.getByTestId('excel-count-unchanged').textContent()).toBe(`${rows} 行`);
    await shot(page, 'excel-preview', false);
    // First the upload with its percentage of the file's size, then the server's step with the seconds waited.
    const seen = await lines();
    const kb = (size / 1024).toFixed(1);
    expect(seen[0]).toMatch(new RegExp(`^正在上传 users-again\\.xlsx：\\d+%（[\\d.]+ K?B / ${kb} KB）$`));
    expect(seen.some((l) => /^正在逐行检查 users-again\.xlsx…（已等待 \d+ 秒）$/.test(l))).toBe(true);
    const percents = seen.map((l) => /：(\d+)%/.exec(l)?.[1]).filter((p): p is string => p !== undefined);
    expect(percents.map(Number)).toEqual([...percents.map(Number)].sort((a, b) => a - b));

    await page.getByTestId('excel-preview-confirm').click();
    const summary = page.getByTestId('excel-done-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(`已导入 ${rows} 行：新增 0，更新 0，不变 ${rows}`);
    await shot(page, 'excel-done', false);
    await page.getByTestId('excel-done-ok').click();
    await page.getByTestId('excel-done-ok').waitFor({ state: 'hidden' });
    await context.close();
  }, 180_000);
});
