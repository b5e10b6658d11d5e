import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, COMPUTE_TEST_TIMEOUT, computeYear, login, newPage, pickAndKeep, shot } from './browser';

/**
 * Year-end in the browser: the office computes the year, reviews the ranking, diagnostics, sensitivity and the
 * what-if, a county leader approves (over the API), the office publishes (2018 is already published in the demo,
 * so the publication is a correction: a draft the leader approves, then a new snapshot with its reason) and
 * downloads the bulletin.
 */
const baseUrl = inject('baseUrl');
const browser = browserPerFile();

async function pickYear(page: Page, year: number) {
  // the page opens on the latest published year once its years load: the pick must be what stays
  await pickAndKeep(page, 'results-year', `${year} 年度`);
  await expect.poll(() => page.getByTestId('results-year').textContent()).toContain(`${year} 年度`);
}

describe('year-end results', () => {
  it(
    'the office computes, reviews, has it approved, publishes and downloads the bulletin',
    async () => {
      const { context, page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await login(page, 'office');
      await page.getByTestId('menu-results').click();
      // It opens on the latest published year, not on the year in progress with its thousands of blockers.
      await expect.poll(() => page.getByTestId('results-year').textContent()).toContain('2018 年度');

      // 2019: still in progress — computing lists the blockers instead of zeroing anything.
      await pickYear(page, 2019);
      await computeYear(page, 2019, page.getByText(/已计算：\d+ 项阻断问题/));
      await page.getByTestId('results-blockers').waitFor();
      expect(await page.getByTestId('results-blockers').textContent()).toContain('缺少已审核的报送');
      // Whom to chase: by unit and by indicator with its assessor, by name.
      const summary = (await page.getByTestId('results-blocker-summary').textContent()) ?? '';
      expect(summary).toContain('按单位');
      expect(summary).toContain('按指标');
      expect(summary).toMatch(/县[^\s]{1,12}(局|办|部|委)/);
      expect(summary).not.toMatch(/\b(XZ|DQ|ZF)\d{2}\b/);
      // Just computed: the preview matches the inputs (no "inputs changed" warning).
      await expect.poll(() => page.getByText('预览已过期').count()).toBe(0);
      await shot(page, 'results-2019-blockers', false);

      // 2018: computed again from the database (a new preview of the published year), reviewed tab by tab.
      await pickYear(page, 2018);
      await page.getByTestId('results-status').getByText('已发布').waitFor();
      // Wait for this computation's own answer: the panel of the published year's earlier preview is on the page already.
      await computeYear(page, 2018, page.getByText('已计算，无阻断问题'));
      await page.getByTestId('results-no-blockers').waitFor();
      await page.getByTestId('ranking-township').waitFor();
      const township = (await page.getByTestId('ranking-township').textContent()) ?? '';
      expect(township).toContain('城关镇');
      expect(township).toContain('一票否决');
      await shot(page, 'results-2018-ranking');
      await page.getByRole('tab', { name: '指标诊断' }).click();
      await page.getByTestId('diagnostics-headline').waitFor();
      expect(await page.getByTestId('diagnostics-headline').textContent()).toMatch(/其中 \d+ 项所有单位均为满分/);
      await shot(page, 'results-2018-diagnostics');
      await page.getByRole('tab', { name: '敏感性' }).click();
      await page.getByTestId('sensitivity-fragile').waitFor();
      await shot(page, 'results-2018-sensitivity', false);
      await page.getByRole('tab', { name: '与上年方案对比' }).click();
      // 2017 has no scheme of the demo's own; another file may have published one (governance's tie year): the tab
      // answers either way, against 2017's rules or saying why it cannot
      await page
        .getByText(/无法与 2017 年方案对比|本年度数据分别按 2017 年方案/)
        .first()
        .waitFor();

      // A county leader approves the recomputed preview (over the API: the leader's own screen is the same page).
      const leader = await apiSession(baseUrl, 'leader');
      const review = (await (await leader('GET', '/results/2018')).json()) as {
        review: { version: number; status: string; inputsChanged: boolean; blockerCount: number };
      };
      // What the leader's screen shows before the button: the office's fresh preview, nothing changed since, no blocker.
      expect(review.review).toMatchObject({ status: 'computed', inputsChanged: false, blockerCount: 0 });
      const approved = await leader('POST', '/results/2018/approve', { version: review.review.version, note: '同意' });
      expect(approved.status, await approved.clone().text()).toBe(200);

      // The office publishes: 2018 is out already, so the publication is a correction with its reason.
      await page.reload();
      await page.getByRole('tab', { name: '发布与更正' }).click();
      const before = await page.locator('[data-testid="results-correct"]').count();
      expect(before).toBe(1);
      await page.getByTestId('results-correct').click();
      await page.locator('.ant-modal textarea').fill('经复核，更正结果附表');
      await page.locator('.ant-modal .ant-btn-primary').click();
      // A correction is a draft first: a county leader approves it (over the API here; governance.e2e does it on
      // the page), then the office publishes it.
      await page.getByText(/已生成更正草稿/).waitFor();
      const drafts = (await (await leader('GET', '/results/2018/corrections')).json()) as {
        items: { id: string; status: string; version: number }[];
      };
      const draft = drafts.items.find((d) => d.status === 'draft');
      expect(draft).toBeDefined();
      const approvedDraft = await leader('POST', `/results/2018/corrections/${draft?.id ?? ''}/approve`, {
        version: draft?.version ?? 0,
      });
      expect(approvedDraft.status, await approvedDraft.clone().text()).toBe(200);
      await page.reload();
      await page.getByTestId('correction-publish').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await page.getByText(/已发布更正：第 \d+ 版/).waitFor();
      await page.getByRole('tab', { name: '发布与更正' }).click();
      await shot(page, 'results-2018-history', false);

      // The bulletin of the latest publication, downloaded as the office would.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('results-download-bulletin').click(),
      ]);
      const file = await download.path();
      const fs = await import('node:fs');
      const zip = await JSZip.loadAsync(fs.readFileSync(file));
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      expect(xml.replace(/<[^>]+>/g, '')).toContain('关于2018年度全县实绩考核结果的更正通报');
      expect(download.suggestedFilename()).toContain('.docx');
      await context.close();
    },
    COMPUTE_TEST_TIMEOUT,
  );

  it('a unit sees the published ranking but not the preview or the analysis', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'unit');
    await page.goto(`${baseUrl}/results?year=2018`);
    await page.getByTestId('ranking-township').waitFor();
    expect(await page.getByRole('tab', { name: '指标诊断' }).count()).toBe(0);
    expect(await page.getByTestId('results-compute').count()).toBe(0);
    const unit = await apiSession(baseUrl, 'unit');
    expect((await unit('GET', '/results/2019/ranking?source=preview')).status).toBe(404);
    await shot(page, 'results-unit-2018', false);
    await context.close();
  }, 60_000);
});
