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
    const dialog = page.getByTestId('excel-passwords');
    await dialog.getByText('xin.tongzhi').waitFor();
    await shot(page, 'excel-passwords');
    await page.getByTestId('excel-passwords-done').click();
    await page.getByTestId('users-table').getByText('xin.tongzhi').waitFor();
    expect(await userCount('xin.tongzhi')).toBe(1);
    await context.close();
  });
});
