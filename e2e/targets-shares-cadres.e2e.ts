import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/** Issue 20 in the browser, on the demo: negotiations with the city, shared tasks, cadre files. */
describe('targets negotiated with the city, shared tasks, cadre files', () => {
  it('the office sees open and overdue negotiations and exports an evidence pack', async () => {
    const { page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'office');
    await page.getByTestId('menu-negotiations').click();
    await page.goto(`${baseUrl}/negotiations?year=2019`);
    await page.getByTestId('negotiation-overdue').first().waitFor();
    await expect(page.getByTestId('negotiation-counts').innerText()).resolves.toMatch(/协商中\s*2[\s\S]*逾期未果\s*1/);
    await shot(page, 'negotiations');
    const download = page.waitForEvent('download');
    await page.getByTestId('negotiation-evidence').first().click();
    expect((await download).suggestedFilename()).toMatch(/目标协商佐证/);
  });

  it('the unit sees its shared task; the office rules on its dispute, on the record', async () => {
    const unit = await newPage(browser());
    unit.page.setDefaultTimeout(15_000);
    await login(unit.page, 'nanhu');
    await unit.page.goto(`${baseUrl}/shared-tasks?year=2019`);
    await unit.page.getByTestId('task-shares').first().waitFor();
    await expect(unit.page.getByTestId('task-shares').count()).resolves.toBe(1);
    await shot(unit.page, 'shared-tasks-unit');

    const office = await newPage(browser());
    office.page.setDefaultTimeout(15_000);
    await login(office.page, 'office');
    await office.page.goto(`${baseUrl}/shared-tasks?year=2019`);
    await office.page.getByTestId('open-disputes').waitFor();
    await office.page.locator('.ant-table-row-expand-icon-collapsed').first().click();
    await office.page.getByTestId('dispute-rule').click();
    await office.page.getByTestId('dispute-ruling').fill('跨界河段由上游乡镇管护，维持原分工（e2e）');
    await office.page.locator('.ant-modal-footer .ant-btn-primary').last().click();
    await office.page.getByTestId('open-disputes').waitFor({ state: 'detached' });
    await shot(office.page, 'shared-tasks-office');
    const call = await apiSession(baseUrl, 'office');
    const list = (await (await call('GET', '/shared-tasks?year=2019')).json()) as { openDisputes: number };
    expect(list.openDisputes).toBe(0);
  });

  it('leaders read the cadre file of 2018; a unit has no such menu', async () => {
    const { page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'leader');
    await page.getByTestId('menu-cadres').click();
    await page.goto(`${baseUrl}/cadres?year=2018&tab=files`);
    await page.getByTestId('cadre-files-table').locator('.ant-table-row').first().waitFor();
    await expect(page.getByTestId('cadre-files-table').innerText()).resolves.toContain('党委书记');
    await shot(page, 'cadre-files');

    const unit = await newPage(browser());
    await login(unit.page, 'unit');
    await expect(unit.page.getByTestId('menu-cadres').count()).resolves.toBe(0);
  });
});
