import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiSession, DEMO_PASSWORD } from './api';
import { browserPerFile, DESKTOP, newPage, PHONE, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-inyear-e2e-'));

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function login(page: Page, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page
    .getByTestId('login-username')
    .waitFor({ timeout: 30_000 })
    .catch(async (e: unknown) => {
      await shot(page, `inyear-login-failed-${username}`, false);
      throw e;
    });
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('overview-page').waitFor();
}

interface Cell {
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  assessorId: string | null;
  evidenceRule: string;
  methodKind: string | null;
  light: string | null;
  report: { id: string; status: string } | null;
}

/** Demo assessor accounts by the code of their unit (DEMO_ACCOUNTS). */
const ASSESSORS: Record<string, string> = { ZF01: 'assessor', DQ01: 'xwb', DQ07: 'jggw', ZF02: 'fgj', ZF08: 'czj' };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('in-year: report, verify, lights, red-light answer', () => {
  it('a unit reports with evidence on a phone; the assessor returns it, the unit resubmits, the assessor approves', async () => {
    const unitApi = await apiSession(baseUrl, 'unit');
    const todo = (await (await unitApi('GET', '/reports/todo')).json()) as { items: Cell[] };
    // A cell of 城关镇 (XZ01) that takes evidence, is not submitted yet, is assessed by a demo assessor account and
    // takes a plain value (a node's progress, or a year-end figure).
    const plain = (c: Cell) => c.nodeId !== '' || !['grade', 'formula', 'manual'].includes(c.methodKind ?? '');
    const cell = todo.items.find(
      (c) =>
        c.evidenceRule !== 'none' &&
        (c.report === null || c.report.status === 'draft') &&
        ASSESSORS[c.assessorId ?? ''] &&
        plain(c),
    );
    expect(cell, 'a cell to report').toBeDefined();
    if (!cell) return;
    const assessor = ASSESSORS[cell.assessorId ?? ''] ?? 'assessor';
    const file = path.join(tmp, '会议纪要.pdf');
    fs.writeFileSync(file, PDF);

    const { context, page } = await newPage(browser(), PHONE);
    page.setDefaultTimeout(15_000);
    await login(page, 'unit');
    await page.goto(`${baseUrl}/reports`);
    const card = page.getByTestId(`todo-${cell.indicatorId}-${cell.nodeId || 'year'}`);
    await card.waitFor();
    await shot(page, 'inyear-reports-phone', false);
    await card.click();
    await page.getByTestId(cell.nodeId ? 'report-progress' : 'report-value').fill('100');
    await page.getByTestId('report-narrative').fill('已按计划完成，附会议纪要');
    await page.getByTestId('evidence-input').setInputFiles(file);
    await page.getByText('会议纪要.pdf').waitFor();
    await shot(page, 'inyear-report-form-phone', false);
    await page.getByTestId('report-submit').click();
    await page
      .locator('.ant-drawer')
      .getByTestId('status-submitted')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await card.getByTestId('status-submitted').waitFor();
    await context.close();

    // The assessor returns it with a reason.
    const a = await newPage(browser(), DESKTOP);
    a.page.setDefaultTimeout(15_000);
    await login(a.page, assessor);
    await a.page.goto(`${baseUrl}/verify`);
    await a.page.getByTestId('return-XZ01').first().waitFor();
    await shot(a.page, 'inyear-verify', false);
    const reportRow = a.page.locator('tr', { hasText: cell.indicatorName }).filter({ hasText: '城关镇' });
    // Not blind: the unit's narrative and its evidence open beside the table.
    await reportRow.getByTestId('evidence-open-XZ01').click();
    const drawer = a.page.getByTestId('evidence-drawer');
    await drawer.getByTestId('evidence-narrative').getByText('已按计划完成，附会议纪要').waitFor();
    await drawer.getByText('会议纪要.pdf').waitFor();
    await drawer.getByTestId('evidence-pdf').waitFor();
    await shot(a.page, 'inyear-verify-evidence', false);
    await a.page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await reportRow.getByTestId('return-XZ01').click();
    // The dialog names the item; an empty reason is said on the dialog, not silently refused.
    expect(await a.page.getByTestId('reason-item').textContent()).toContain(`城关镇 · ${cell.indicatorName}`);
    await a.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await a.page.getByTestId('reason-required').waitFor();
    await a.page.getByTestId('reason-input').fill('请补充现场照片');
    await a.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await reportRow.waitFor({ state: 'detached' }); // the grid shows submitted reports by default

    // The unit sees the reason and resubmits.
    const u = await newPage(browser(), PHONE);
    u.page.setDefaultTimeout(15_000);
    await login(u.page, 'unit');
    await u.page.goto(`${baseUrl}/reports`);
    const card2 = u.page.getByTestId(`todo-${cell.indicatorId}-${cell.nodeId || 'year'}`);
    await card2.getByText('请补充现场照片').waitFor();
    await card2.click();
    await u.page.getByTestId('report-submit').click();
    await card2.getByTestId('status-submitted').waitFor();
    await u.context.close();

    // The assessor approves.
    await a.page.reload();
    const row2 = a.page.locator('tr', { hasText: cell.indicatorName }).filter({ hasText: '城关镇' });
    await row2.getByTestId('approve-XZ01').click();
    await row2.waitFor({ state: 'detached' });
    const after = (await (await unitApi('GET', `/reports/todo`)).json()) as { items: Cell[] };
    const done = after.items.find((c) => c.indicatorId === cell.indicatorId && c.nodeId === cell.nodeId);
    expect(done?.report?.status).toBe('approved');
    if (cell.nodeId) expect(done?.light).toBe('green');
    await a.context.close();
  });

  it('a missed node turns red when the lights are recomputed for a later day, and the unit answers it', async () => {
    const office = await apiSession(baseUrl, 'office');
    const res = await office('POST', '/lights/recompute', { day: '2019-10-08' });
    expect(res.status).toBe(200);
    const r = (await res.json()) as { red: number; opened: number };
    expect(r.red).toBeGreaterThan(0);
    const unitApi = await apiSession(baseUrl, 'unit');
    const items = (await (await unitApi('GET', '/redlights')).json()) as {
      items: { id: string; title: string; status: string; openedOn: string }[];
    };
    const fresh = items.items.find((i) => i.openedOn === '2019-10-08' && i.status === 'open');
    expect(fresh, 'a red-light item opened on 2019-10-08 for XZ01').toBeDefined();

    const { context, page } = await newPage(browser(), PHONE);
    page.setDefaultTimeout(15_000);
    await login(page, 'unit');
    await page.goto(`${baseUrl}/lights`);
    await page.getByTestId('light-red').first().waitFor();
    await shot(page, 'inyear-lights-phone', false);
    await page.goto(`${baseUrl}/redlights`);
    const item = page.locator('.ant-card', { hasText: fresh?.title ?? '' }).first();
    await item.getByTestId('red-answer').click();
    await page.getByTestId('red-explanation').fill('汛期停工三周，进度滞后');
    await page.getByTestId('red-measures').fill('倒排工期，10 月底前完成');
    await page.locator('#red-answer-ok').click();
    await item.getByText('已说明').waitFor();
    await shot(page, 'inyear-redlights-phone', false);
    await context.close();

    const o = await newPage(browser(), DESKTOP);
    await login(o.page, 'office');
    await o.page.goto(`${baseUrl}/redlights`);
    await o.page.getByText('汛期停工三周，进度滞后').first().waitFor();
    await shot(o.page, 'inyear-redlights-office', false);
    await o.page.goto(`${baseUrl}/lights`);
    await o.page.getByTestId('light-red').first().waitFor();
    await o.page.locator('.ant-table-row').first().click();
    await o.page.locator('.ant-timeline').waitFor();
    await shot(o.page, 'inyear-lights-history', false);
    await o.context.close();
  });
});
