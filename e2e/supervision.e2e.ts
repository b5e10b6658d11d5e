import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, PHONE, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

const TITLE = `落实县委书记关于乡镇便民服务中心建设的批示（e2e ${Date.now() % 100000}）`;

describe('supervision items: office → unit → office', () => {
  it('the office creates an item linked to an indicator; the unit is told, reports progress; the office sees it', async () => {
    // The office creates the item in the browser.
    const office = await newPage(browser());
    office.page.setDefaultTimeout(15_000);
    await login(office.page, 'office');
    await office.page.getByTestId('menu-supervision').click();
    await office.page.goto(`${baseUrl}/supervision?year=2019`);
    await office.page.getByTestId('supervision-counts').waitFor();
    await shot(office.page, 'supervision-list');
    await office.page.getByTestId('supervision-create').click();
    await office.page.getByTestId('supervision-title').fill(TITLE);
    const deadline = office.page.getByTestId('supervision-deadline');
    await deadline.click();
    await deadline.fill('2019-12-31');
    await deadline.press('Enter');
    await pickOption(office.page, 'supervision-owner', '城关镇（XZ01）');
    // the owner's dropdown may still be closing: take the first option of the newest open dropdown
    await office.page.getByTestId('supervision-indicator').click();
    await office.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .last()
      .locator('.ant-select-item-option')
      .first()
      .click();
    await shot(office.page, 'supervision-form', false);
    await office.page.getByTestId('supervision-save').click();
    await office.page.getByText(TITLE).first().waitFor();

    // The unit sees the notification in the bell, opens it and reports progress (on a phone).
    const unit = await newPage(browser(), PHONE);
    unit.page.setDefaultTimeout(15_000);
    await login(unit.page, 'unit');
    const badge = unit.page.getByTestId('bell-count');
    await badge.locator('.ant-badge-count').waitFor();
    await unit.page.getByTestId('bell').click();
    const item = unit.page.getByTestId('bell-list').getByText(`新的督查事项：${TITLE}`);
    await item.waitFor();
    await shot(unit.page, 'notifications-bell', false);
    await item.click();
    await unit.page.getByTestId('progress-note').waitFor();
    const value = unit.page.getByTestId('progress-value');
    await value.click();
    await value.fill('50');
    await unit.page.getByTestId('progress-note').fill('已完成选址和设计，主体工程 8 月开工。');
    await unit.page.getByTestId('progress-submit').click();
    await unit.page.getByTestId('supervision-timeline').getByText('已完成选址和设计').waitFor();
    await shot(unit.page, 'supervision-detail-phone');

    // The office sees the progress and the timeline; the linked indicator is shown.
    const call = await apiSession(baseUrl, 'office');
    const list = (await (
      await call('GET', `/supervision?year=2019&q=${encodeURIComponent('便民服务中心')}`)
    ).json()) as {
      items: { id: string; title: string; progress: number; indicatorId: string | null }[];
    };
    const created = list.items.find((i) => i.title === TITLE);
    expect(created?.progress).toBe(50);
    expect(created?.indicatorId).not.toBeNull();
    await office.page.goto(`${baseUrl}/supervision/${created?.id ?? ''}`);
    await office.page.getByTestId('supervision-timeline').getByText('已完成选址和设计').waitFor();
    expect(await office.page.getByTestId('supervision-progress').textContent()).toContain('50%');
    await shot(office.page, 'supervision-detail');
    await unit.context.close();
    await office.context.close();
  });

  it('city indicators with the red-light sentence, the signals page and the inbox render for the office', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'office');
    await page.goto(`${baseUrl}/city?year=2019`);
    const counts = page.getByTestId('counts-city');
    await counts.waitFor();
    expect(await counts.textContent()).toContain('2019-01-01 至 2019-06-30，市对县考核中，2 项指标被亮红灯');
    await page.getByTestId('city-node').first().waitFor();
    await shot(page, 'city');
    await page.goto(`${baseUrl}/signals?year=2019`);
    await page.getByTestId('signal-counts').waitFor();
    await shot(page, 'signals');
    await page.goto(`${baseUrl}/notifications`);
    await page.getByTestId('read-all').waitFor();
    await shot(page, 'notifications');
    await context.close();
  });
});
