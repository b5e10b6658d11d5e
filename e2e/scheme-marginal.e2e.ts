import { describe, expect, inject, it } from 'vitest';
import { browserPerFile, createSchemeDraft, login, newPage, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/**
 * 按实测值分段扣分 through the editor (issue 17): the office turns an indicator into "低于96%的每低1个百分点扣0.25分，
 * 低于90%的每低1个百分点扣0.5分", reads each band in words in the live preview, switches how the bands add up, and saves
 * what the engine reads.
 */
describe('marginal rates in the scheme editor', () => {
  it('the office scores 一般公共预算收入 by marginal rates, reads the preview band by band and saves it', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'office');
    await createSchemeDraft(page, 2023, '2018 · 示范县2018年度实绩考核方案');
    await page.getByTestId('indicator-tree').first().waitFor();

    await page.getByTestId('tree-node-xz-revenue').first().click();
    // the unit parameters offer every indicator's as one Excel list, where they are edited one by one
    await page.getByTestId('excel-import-unitparams').scrollIntoViewIfNeeded();
    await shot(page, 'scheme-unit-params', false);
    await pickOption(page, 'method-kind', '分段扣分');
    await page.getByTestId('marginal-bands').waitFor();
    // unsaved edits: an Excel import (which works on the saved draft) waits until they are saved
    expect(await page.getByTestId('excel-import-unitparams').isDisabled()).toBe(true);
    // the form shows how the bands add up, in words: nothing the engine decides unseen
    expect(await page.getByTestId('marginal-mode').textContent()).toContain('分段累计');

    // the worked example: one unit at 96 (nothing lost), one at 88 — 6 × 0.25 + 2 × 0.5 = 2.5 lost
    const steps = page.getByTestId('preview-steps');
    await expect
      .poll(() => steps.textContent(), { timeout: 15_000 })
      .toContain('96 至 90 之间 6：6 个单位 × 每单位 0.25 分 = 扣 1.5 分');
    expect(await steps.textContent()).toContain('低于 90 共 2：2 个单位 × 每单位 0.5 分 = 扣 1 分');
    expect(await steps.textContent()).toContain('数值 96 未低于 96，不扣分');
    await page.getByTestId('method-fields').scrollIntoViewIfNeeded();
    await shot(page, 'scheme-marginal-editor', false);

    // the deepest band's rate on the whole distance: 8 × 0.5 = 4
    await pickOption(page, 'marginal-mode', '全程按所达最低一段的标准');
    await expect
      .poll(() => steps.textContent(), { timeout: 15_000 })
      .toContain('低于 96 共 8：8 个单位 × 每单位 0.5 分 = 扣 4 分');

    // a deduction outside the indicators' points, read from 安全生产's value: the rule asks for the indicator first
    await page.getByTestId('scheme-tab-rules').click();
    const deductionRows = page.locator('[data-testid="rules-deductions"] > .ant-table-wrapper tr.ant-table-row');
    await page.getByTestId('rules-deductions-add').waitFor();
    const n = await deductionRows.count();
    await page.getByTestId('rules-deductions-add').click();
    await pickOption(page, `rules-deduction-kind-${n}`, '按实测值分段扣分');
    await expect
      .poll(() => page.getByTestId(`rules-deduction-issue-${n}`).textContent(), { timeout: 10_000 })
      .toContain('请选择读取的指标');
    await page.getByTestId(`rules-deduction-indicator-${n}`).click();
    await page.keyboard.type('一般公共预算');
    await page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="一般公共预算收入"]',
      )
      .last()
      .click();
    await page.getByTestId(`rules-deduction-issue-${n}`).waitFor({ state: 'detached' });
    await page.getByTestId(`rules-deduction-measured-${n}`).scrollIntoViewIfNeeded();
    await shot(page, 'scheme-marginal-rule', false);

    await page.getByTestId('scheme-save').click();
    await page.getByText('草稿已保存').first().waitFor();
    // (一般公共预算收入 is still the selected indicator of the township tab)
    await page.getByTestId('scheme-tab-township').click();
    await expect.poll(() => page.getByTestId('excel-import-unitparams').isDisabled()).toBe(false);
    await page.getByTestId('scheme-tab-rules').click();
    const deductions = await page.evaluate(async (base) => {
      const list = (await (await fetch(`${base}/api/schemes`)).json()) as { items: { year: number; id: string }[] };
      const s = list.items.find((x) => x.year === 2023);
      if (!s) return null;
      const v = (await (await fetch(`${base}/api/schemes/${s.id}/versions/1`)).json()) as {
        document: { engine: { deductions: unknown[] } };
      };
      return v.document.engine.deductions;
    }, baseUrl);
    expect(deductions).toContainEqual(
      expect.objectContaining({
        amount: expect.objectContaining({ kind: 'measured', indicator: 'xz-revenue', mode: 'marginal' }),
      }),
    );
    const method = await page.evaluate(async (base) => {
      const list = (await (await fetch(`${base}/api/schemes`)).json()) as { items: { year: number; id: string }[] };
      const s = list.items.find((x) => x.year === 2023);
      if (!s) return null;
      const v = (await (await fetch(`${base}/api/schemes/${s.id}/versions/1`)).json()) as {
        document: { engine: unknown };
      };
      const find = (x: unknown): { method?: unknown } | undefined => {
        if (Array.isArray(x)) return x.map(find).find(Boolean);
        if (x && typeof x === 'object') {
          const o = x as Record<string, unknown>;
          return o.id === 'xz-revenue' && 'points' in o ? o : Object.values(o).map(find).find(Boolean);
        }
        return undefined;
      };
      return find(v.document.engine)?.method ?? null;
    }, baseUrl);
    expect(method).toMatchObject({
      kind: 'marginal',
      direction: 'below',
      mode: 'flat',
      bands: [
        { from: 96, rate: 0.25 },
        { from: 90, rate: 0.5 },
      ],
    });
    await context.close();
  }, 180_000);
});
