import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, PHONE, pickOption, shot } from './browser';

/**
 * Year-end follow-up on the demo's published 2018 (published 2019-01-15, so its 7-day appeal window closed on
 * 2019-01-22): the unit sees its breakdown and that the window is closed; the office reopens the window through
 * the per-year setting, the unit files an appeal through the form and the office answers it; the ledger, results
 * use and dashboards render. Screenshots on a desktop and, for the unit's pages, a phone.
 */
const baseUrl = inject('baseUrl');
const browser = browserPerFile();

describe('result feedback and appeals', () => {
  it('the unit sees its 2018 breakdown against its group and files an appeal; the office answers it', async () => {
    const unitApi = await apiSession(baseUrl, 'unit');
    const years = (await (await unitApi('GET', '/feedback/years')).json()) as { years: { year: number }[] };
    expect(years.years.map((y) => y.year)).toContain(2018);
    const fb = (await (await unitApi('GET', '/feedback?year=2018')).json()) as {
      result: { composite: number; rank: number; groupSize: number };
    };

    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'unit');
    await page.getByTestId('menu-feedback').click();
    await page.getByTestId('feedback').waitFor();
    expect(await page.getByTestId('fb-composite').textContent()).toContain(String(fb.result.composite));
    expect(await page.getByTestId('fb-rank').textContent()).toContain(`${fb.result.rank}/ ${fb.result.groupSize}`);
    await page.getByTestId('fb-indicators').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('fb-history').getByText('2018').first().waitFor();
    await shot(page, 'feedback-unit');
    await shot(page, 'feedback-unit-top', false);

    // The demo's 2018 window is over: the page says so and the API refuses.
    const win = (await (await unitApi('GET', '/appeals/window?year=2018')).json()) as {
      open: boolean;
      opensOn: string;
      lastDay: string;
      today: string;
    };
    expect(win).toMatchObject({ open: false, opensOn: '2019-01-15', lastDay: '2019-01-22' });
    await page.getByText(`申诉期已于 ${win.lastDay} 结束`).waitFor();
    expect(await page.getByTestId('appeal-form').count()).toBe(0);
    const refused = await unitApi('POST', '/appeals', { year: 2018, reason: '逾期申诉' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('APPEAL_WINDOW_CLOSED');

    // The office reopens it: the year's window (days from the publication day) reaches today.
    const officeApi = await apiSession(baseUrl, 'office');
    const settings = (await (await officeApi('GET', '/yearend/settings?year=2018')).json()) as {
      version: number;
      appealWindowDaysSet: number | null;
    };
    const days = Math.round((Date.parse(win.today) - Date.parse(win.opensOn)) / 86_400_000) + 1;
    const reopened = await officeApi('PUT', '/yearend/settings', {
      year: 2018,
      version: settings.version,
      appealWindowDays: days,
    });
    expect(reopened.status).toBe(200);
    const reopenedVersion = ((await reopened.json()) as { version: number }).version;
    expect(((await (await unitApi('GET', '/appeals/window?year=2018')).json()) as { open: boolean }).open).toBe(true);
    await page.reload();
    await page.getByTestId('feedback').waitFor();

    // The appeal: on the indicator where the unit lost most, through the form.
    await page.getByTestId('appeal-form').waitFor();
    await page.getByTestId('appeal-indicator').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.getByTestId('appeal-reason').fill('e2e：本单位该指标台账已于年底前补齐，请复核得分。');
    await page.getByTestId('appeal-submit').click();
    await page.getByTestId('feedback-appeals').getByText('待答复').first().waitFor();
    await shot(page, 'feedback-unit-appealed');
    await context.close();

    // The office answers it on 申诉处理.
    const office = await newPage(browser());
    office.page.setDefaultTimeout(20_000);
    await login(office.page, 'office');
    await office.page.getByTestId('menu-appeals').click();
    await office.page.getByTestId('appeals-table').getByText('城关镇').first().waitFor();
    await shot(office.page, 'appeals-office');
    await office.page.getByTestId('answer-XZ01').click();
    await office.page.getByTestId('answer-text').fill('经考核主体复核，补报材料晚于数据截止日，维持原结果。');
    await office.page.getByTestId('answer-ok').click();
    await office.page.getByTestId('appeals-table').getByText('经考核主体复核，补报材料晚于数据截止日').waitFor();
    await office.context.close();

    const mine = (await (await unitApi('GET', '/appeals?year=2018')).json()) as {
      items: { status: string; answer: string | null }[];
    };
    expect(mine.items.map((a) => a.status)).toEqual(['rejected']);
    // The demo's window as it was (the later tests and screenshots see 2018 closed again).
    const restored = await officeApi('PUT', '/yearend/settings', {
      year: 2018,
      version: reopenedVersion,
      appealWindowDays: settings.appealWindowDaysSet,
    });
    expect(restored.status).toBe(200);
    expect(((await (await unitApi('GET', '/appeals/window?year=2018')).json()) as { open: boolean }).open).toBe(false);
    // A unit cannot read another unit's feedback.
    const nanhu = await apiSession(baseUrl, 'nanhu');
    const nanhuMe = (await (await nanhu('GET', '/auth/me')).json()) as { user: { unitId: string } };
    expect((await unitApi('GET', `/feedback?year=2018&unitId=${nanhuMe.user.unitId}`)).status).toBe(404);
  });

  it('the unit pages on a phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    page.setDefaultTimeout(20_000);
    await login(page, 'unit');
    await page.goto(`${baseUrl}/feedback`);
    await page.getByTestId('feedback').waitFor();
    await shot(page, 'feedback-phone');
    await page.goto(`${baseUrl}/rectification`);
    await page.getByTestId('rect-list').waitFor();
    await shot(page, 'rectification-phone');
    await page.goto(`${baseUrl}/dashboards`);
    await page.getByTestId('chart-unit-trend').waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'dashboard-unit-phone');
    await context.close();
  });
});

describe('office and leaders', () => {
  it('rectification ledger, results use and the county dashboard render with the demo data', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'office');
    await page.getByTestId('menu-rectification').click();
    await page.getByTestId('rect-table').locator('tbody tr.ant-table-row').nth(2).waitFor();
    await shot(page, 'rectification-office');
    await page.getByTestId('rect-generate').click();
    await page.locator('.ant-modal .ant-table-row').first().waitFor();
    await page.waitForTimeout(600);
    await shot(page, 'rectification-findings', false);
    await page.keyboard.press('Escape');

    await page.getByTestId('menu-results-use').click();
    await page.getByTestId('use-coefficients').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'results-use');
    const download = page.waitForEvent('download');
    await page.getByTestId('use-export-coefficients').click();
    expect((await download).suggestedFilename()).toContain('奖金系数');

    await page.getByTestId('menu-dashboards').click();
    await page.getByTestId('chart-tiers').locator('canvas').first().waitFor();
    await page.getByTestId('chart-heatmap').locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'dashboard-county');
    // The table view of a chart, and its CSV.
    await page.getByTestId('chart-tiers').getByText('表格').click();
    await page.getByTestId('chart-tiers').locator('tbody tr.ant-table-row').first().waitFor();
    const csv = page.waitForEvent('download');
    await page.getByTestId('chart-tiers').getByRole('button', { name: 'CSV' }).click();
    expect((await csv).suggestedFilename()).toBe('2018-tiers.csv');
    await context.close();
  });

  it('a leader sees the county dashboard and results use in English, and has no appeals menu', async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await context.addInitScript(() => localStorage.setItem('yardstick.lang', 'en'));
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await login(page, 'leader');
    expect(await page.getByTestId('menu-appeals').count()).toBe(0);
    await page.getByTestId('menu-dashboards').click();
    await page.getByText('Tiers by group').waitFor();
    await page.getByTestId('chart-tiers').locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'dashboard-county-en', false);
    // One unit's own dashboard, from the county view: a demo township with published years (the list's first entry
    // may be a unit another test file added, which has no results to chart).
    await pickOption(page, 'dashboard-unit', 'XZ01 城关镇');
    await page.getByTestId('chart-unit-trend').locator('canvas').first().waitFor();
    await page.getByTestId('menu-results-use').click();
    await page.getByText('Bonus coefficients').first().waitFor();
    await page.getByText('Award eligibility').click();
    await page.getByText(/Eligible for awards \(\d+\)/).waitFor();
    await shot(page, 'results-use-awards-en', false);
    await context.close();
  });
});
