import { describe, expect, inject, it } from 'vitest';
import { browserPerFile, login, newPage, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/** Issue 20 R31 and R34 in the browser, on the demo. */
describe('reports to the county committee, assessors held to account', () => {
  it('a leader reads the first half of 2019 and the reports issued; the office issues one as Word', async () => {
    const leader = await newPage(browser());
    leader.page.setDefaultTimeout(20_000);
    await login(leader.page, 'leader');
    await leader.page.getByTestId('menu-committee').click();
    await leader.page.getByTestId('committee-city-sentence').waitFor();
    await expect(leader.page.getByTestId('committee-issue').count()).resolves.toBe(0);
    await expect(leader.page.getByTestId('committee-register').innerText()).resolves.toContain('县考核办报〔2019〕');
    await shot(leader.page, 'committee-leader');

    const office = await newPage(browser());
    office.page.setDefaultTimeout(20_000);
    await login(office.page, 'office');
    await office.page.goto(`${baseUrl}/committee`);
    await office.page.getByTestId('committee-city-sentence').waitFor();
    await expect(office.page.getByTestId('committee-city-sentence').innerText()).resolves.toMatch(/市对县考核中/);
    const download = office.page.waitForEvent('download');
    await office.page.getByTestId('committee-issue').click();
    expect((await download).suggestedFilename()).toMatch(/全县实绩考核工作情况的报告\.docx$/);
    await shot(office.page, 'committee-office');
  });

  it('the office sees each assessor of 2018 with its plain sentence', async () => {
    const { page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'office');
    await page.getByTestId('menu-accountability').click();
    await page.getByTestId('accountability-2018').waitFor();
    await expect(page.getByTestId('accountability-2018').innerText()).resolves.toMatch(
      /给出的 \d+ 项评分中 \d+ 项为满分/,
    );
    await shot(page, 'accountability');
  });
});
