import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserPerFile, login, newPage, PHONE, pickAndKeep, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/** A full-page screenshot taken from the top (sticky header, menu and tree would otherwise sit mid-page). */
async function shotTop(page: Page, name: string, fullPage = true) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name, fullPage);
}

/** Types into an antd InputNumber / Input found by its test id (the id sits on the input itself). */
async function type(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId);
  await el.click();
  await el.fill(value);
}

describe('the assessment office builds a year’s scheme', () => {
  it('copies 2018 into 2020, adds an indicator with a live preview, saves, publishes and sees it in the diff', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'office');

    // the list: one row per year with its status
    await page.getByTestId('menu-schemes').click();
    await page.getByTestId('schemes-table').getByText('2018').first().waitFor();
    await page.getByTestId('schemes-table').getByText('已发布 v1').first().waitFor();
    await shot(page, 'schemes-list');

    // a new year, copied from 2018
    await page.getByTestId('scheme-create').click();
    await page.getByTestId('scheme-form').waitFor();
    await type(page, 'scheme-form-year', '2020');
    await pickOption(page, 'scheme-form-copy', '2018 · 示范县2018年度实绩考核方案');
    expect(await page.getByTestId('scheme-form-name').inputValue()).toBe('示范县2020年度实绩考核方案');
    await page.getByTestId('scheme-form-ok').click();
    await page.getByTestId('scheme-editor').waitFor();
    await page.getByTestId('indicator-tree').first().waitFor();
    expect(await page.getByTestId('scheme-editor').textContent()).toContain('草稿 v1');

    // a new indicator in the township group's 经济发展 block
    await page.getByTestId('tree-block-dev').first().click();
    await page.getByTestId('tree-add-indicator').first().click();
    await page.getByTestId('indicator-form').waitFor();
    const id = page.getByTestId('indicator-id');
    await id.fill('xz-digital-village');
    await id.press('Tab');
    await type(page, 'indicator-name', '数字乡村建设');
    await type(page, 'indicator-points', '2');
    await type(page, 'method-target', '100');
    // the assessor is set and stays (an unset one would make the publication below fail as 不可考核)
    await pickAndKeep(page, 'indicator-assessor', null);
    await pickOption(page, 'indicator-policySource', '政府工作报告');
    await type(page, 'indicator-dataSource', '县统计局季度统计报表');
    await page.getByTestId('indicator-evidence').getByText('可选').click();
    await page.getByTestId('tree-node-xz-digital-village').waitFor();

    // the live preview starts from a worked example (one unit on target: full 2 points), then 80 of 100 → 1.6
    await expect
      .poll(() => page.getByTestId('preview-score-0').locator('b').textContent(), { timeout: 10_000 })
      .toBe('2');
    await type(page, 'preview-actual-0', '80');
    await expect.poll(() => page.getByTestId('preview-score-0').textContent(), { timeout: 10_000 }).toContain('1.6');
    await page.getByTestId('preview-steps').waitFor();
    await shotTop(page, 'scheme-editor-preview');

    // R34: a deduction on the unit's own scoring as an assessor is edited in the rules, its measures the engine's own
    await page.getByTestId('scheme-tab-rules').click();
    // (the section's card and its rules table share the test id: the rows are the table's own)
    const deductionRows = page.locator('[data-testid="rules-deductions"] > .ant-table-wrapper tr.ant-table-row');
    await page.getByTestId('rules-deductions-add').waitFor();
    const n = await deductionRows.count();
    await page.getByTestId('rules-deductions-add').click();
    await pickOption(page, `rules-deduction-kind-${n}`, '按考核主体评分情况');
    // a new assessor rule starts at a full-mark share above 90 %
    expect(await page.getByTestId(`rules-deduction-above-${n}`).inputValue()).toBe('90');
    // the CV is no share: the bound goes, and the editor says why the rule could never deduct
    await pickOption(page, `rules-deduction-measure-${n}`, '离散系数');
    await expect
      .poll(() => page.getByTestId(`rules-deduction-issue-${n}`).textContent(), { timeout: 10_000 })
      .toContain('请至少填写“高于”或“低于”');
    await type(page, `rules-deduction-below-${n}`, '0.05');
    await page.getByTestId(`rules-deduction-issue-${n}`).waitFor({ state: 'detached' });
    // removed again before saving, so the year's rules stay as copied (the rule ↔ editor round trip is unit-tested)
    await deductionRows.nth(n).getByRole('button', { name: '删除' }).click();
    await expect.poll(() => deductionRows.count()).toBe(n);

    // save, then publish
    await page.getByTestId('scheme-save').click();
    await page.getByText('草稿已保存').first().waitFor();
    await page.getByTestId('scheme-tab-validation').click();
    await page.getByTestId('validation-panel').waitFor();
    await shotTop(page, 'scheme-validation');
    await page.getByTestId('scheme-tab-rules').click();
    await page.getByTestId('rules-panel').waitFor();
    await shotTop(page, 'scheme-rules');

    await page.getByTestId('scheme-publish').click();
    await page.getByTestId('publish-note').fill('新增数字乡村建设指标');
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('scheme-readonly').waitFor({ timeout: 60_000 });
    // the header follows the published version once the scheme is fetched again
    await expect
      .poll(() => page.getByTestId('scheme-editor').textContent(), { timeout: 10_000 })
      .toContain('已发布 v1');

    // the version history keeps the note, the publisher and the digest
    await page.getByTestId('scheme-history').click();
    await page.getByTestId('scheme-history-drawer').getByText('新增数字乡村建设指标').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('scheme-history-drawer').waitFor({ state: 'hidden' });

    // a change after publishing is a new version: draft v2, copied from v1
    await page.getByTestId('scheme-new-version').click();
    await page.getByTestId('new-version-confirm').click();
    await page.getByTestId('scheme-save').waitFor();
    await expect.poll(() => page.getByTestId('scheme-editor').textContent()).toContain('草稿 v2');

    // the diff against 2018: the new indicator is listed as added
    await page.getByTestId('scheme-open-diff').click();
    await page.getByTestId('diff-result').waitFor();
    // against the year it was copied from, the new indicator is the only one added
    await pickOption(page, 'diff-from', '2018 年 v1 · 已发布');
    await expect
      .poll(() => page.getByTestId('diff-stat-added').locator('.ant-statistic-content-value').textContent())
      .toBe('1');
    await page.getByTestId('diff-added').getByText('数字乡村建设', { exact: true }).waitFor();
    await page.waitForTimeout(400); // the version picker's dropdown fades out
    await shotTop(page, 'scheme-diff');
    await context.close();
  }, 150_000);

  it('records a commendation for a unit, and downloads the records template', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'office');
    await page.getByTestId('menu-records').click();
    await page.getByTestId('records-table').waitFor();
    await pickOption(page, 'records-year', '2019');
    await page.getByTestId('record-create').click();
    await page.getByTestId('record-form').waitFor();
    await pickOption(page, 'record-form-unit', '城关镇（XZ01）');
    await page.getByTestId('record-form-title').fill('全国乡村振兴示范镇');
    await page.waitForTimeout(400); // the unit picker's dropdown fades out
    // Only the scheme's categories, and the chosen category's own levels (by name, with their points).
    await pickOption(page, 'record-form-rule', '表彰奖励加分（国家级 3 分、省级 2 分、市级 1 分）（commendation）');
    await page.waitForTimeout(400);
    await pickOption(page, 'record-form-level', '国家级（3 分）');
    await page.waitForTimeout(400);
    await shot(page, 'records-form');
    await page.getByTestId('record-form-ok').click();
    await page.getByTestId('record-form').waitFor({ state: 'hidden' });
    await page.getByTestId('records-table').getByText('全国乡村振兴示范镇').waitFor();
    await shot(page, 'records');

    const download = page.waitForEvent('download');
    await page.getByTestId('excel-template-records').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await context.close();
  }, 120_000);

  it('a department keeps the records of the rule whose data it provides (数据提供单位), and only those', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    // 张海燕 of 县政府办 (ZF01): the demo's 2019 scheme names 县政府办 as the provider of 市考指标被亮红灯
    await login(page, 'assessor');
    await page.getByTestId('menu-records').click();
    await page.getByTestId('records-table').waitFor();
    await pickOption(page, 'records-year', '2019');
    await page.getByTestId('records-provider-note').getByText('市考指标被亮红灯').waitFor();
    await page.getByTestId('record-create').click();
    await page.getByTestId('record-form').waitFor();
    await pickOption(page, 'record-form-unit', '城关镇（XZ01）');
    await page.getByTestId('record-form-title').fill('市考“营商环境”指标被亮红灯');
    await page.waitForTimeout(400); // the unit picker's dropdown fades out
    // the only rule offered is its own
    await page.getByTestId('record-form-rule').click();
    const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await offered.first().waitFor();
    expect(await offered.allTextContents()).toEqual(['市考指标被亮红灯（city-red）']);
    await offered.first().click();
    await page.waitForTimeout(400);
    await page.getByTestId('record-form-amount').fill('2');
    await shot(page, 'records-provider-form');
    await page.getByTestId('record-form-ok').click();
    await page.getByTestId('record-form').waitFor({ state: 'hidden' });
    await page.getByTestId('records-table').getByText('市考“营商环境”指标被亮红灯').waitFor();
    // the office's commendation of the test above is not this department's
    expect(await page.getByTestId('records-table').getByText('全国乡村振兴示范镇').count()).toBe(0);
    await shot(page, 'records-provider');
    await context.close();
  }, 120_000);

  it('shows the scheme editor read-only, the diff and the records to a county leader on a phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await login(page, 'leader');
    await page.goto(`${baseUrl}/schemes`);
    await page.getByTestId('schemes-table').getByText('2019').first().waitFor();
    await shot(page, 'schemes-list-phone');
    await page.getByTestId('scheme-open-2019').click();
    await page.getByTestId('scheme-editor').waitFor();
    await page.getByTestId('scheme-readonly').waitFor();
    await page.getByTestId('indicator-tree').first().waitFor();
    await shotTop(page, 'scheme-editor-phone', false);
    // a leaf opens in a drawer over the tree
    await page.locator('[data-testid^="tree-node-"]').nth(1).click();
    await page.getByTestId('indicator-form').waitFor();
    await page.getByTestId('preview-box').waitFor();
    await page.waitForTimeout(400);
    await shot(page, 'scheme-indicator-phone', false);

    await page.goto(`${baseUrl}/schemes/diff`);
    await page.getByTestId('diff-result').waitFor();
    await shot(page, 'scheme-diff-phone', false);
    await page.goto(`${baseUrl}/records`);
    await page.getByTestId('records-table').waitFor();
    await shot(page, 'records-phone', false);
    await context.close();
  });
});
