import { describe, expect, inject, it } from 'vitest';
import { browserPerFile, createSchemeDraft, login, newPage, pickOption, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

describe('flags on another indicator’s input, and the eligibility rule that reads them', () => {
  it('the office flags 一般公共预算收入 when 社零增速’s actual is below 42 and bars flagged units from 好', async () => {
    const { context, page } = await newPage(browser());
    page.setDefaultTimeout(20_000);
    await login(page, 'office');
    await createSchemeDraft(page, 2022, '2018 · 示范县2018年度实绩考核方案');
    await page.getByTestId('indicator-tree').first().waitFor();

    // the flag, on a leaf: which indicator it tests, which of its inputs, below what
    await page.getByTestId('tree-node-xz-revenue').first().click();
    await page.getByTestId('indicator-flags-add').click();
    await page.getByTestId('flag-id').fill('retail-low');
    await page.getByTestId('flag-name').fill('社零增速过低');
    // a long list renders only its visible options: type to find it, as a user would
    await page.getByTestId('flag-indicator').click();
    await page.keyboard.type('社会消费品');
    await page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="社会消费品零售总额增速"]',
      )
      .last()
      .click();
    await pickOption(page, 'flag-input', 'actual');
    await page.getByTestId('flag-below').fill('42');
    await page.getByTestId('flag-below').press('Tab');
    await page.getByTestId('indicator-flags').scrollIntoViewIfNeeded();
    await shot(page, 'scheme-flags-indicator', false);

    // the eligibility rule names it from a list (no free text that could match nothing)
    await page.getByTestId('scheme-tab-rules').click();
    await page.getByTestId('eligibility-add').click();
    // the row's selects: tier, then the condition
    await page.getByTestId('eligibility').locator('tbody tr').last().locator('.ant-select').nth(1).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="无预警标记"]')
      .last()
      .click();
    await pickOption(page, 'eligibility-ref', '社零增速过低（一般公共预算收入）');
    await page.getByTestId('eligibility').scrollIntoViewIfNeeded();
    await shot(page, 'scheme-flags-eligibility', false);

    // saved, and the validator has nothing to say about either
    await page.getByTestId('scheme-save').click();
    await page.getByText('草稿已保存').first().waitFor();
    await page.getByTestId('scheme-tab-validation').click();
    const panel = page.getByTestId('validation-panel');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).not.toContain('flags[');
    expect(text).not.toContain('eligibility[');

    // and the stored draft carries them as the engine reads them
    const engine = (await page.evaluate(async (base) => {
      const list = (await (await fetch(`${base}/api/schemes`)).json()) as { items: { year: number; id: string }[] };
      const s = list.items.find((x) => x.year === 2022);
      if (!s) return null;
      const v = (await (await fetch(`${base}/api/schemes/${s.id}/versions/1`)).json()) as {
        document: { engine: unknown };
      };
      return v.document.engine;
    }, baseUrl)) as { tiering: { eligibility: unknown[] } } | null;
    const find = (x: unknown): { flags?: unknown[] } | undefined => {
      if (Array.isArray(x)) return x.map(find).find(Boolean);
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        return o.id === 'xz-revenue' && 'points' in o ? o : Object.values(o).map(find).find(Boolean);
      }
      return undefined;
    };
    expect(find(engine)?.flags).toEqual([
      {
        id: 'retail-low',
        name: '社零增速过低',
        indicator: 'xz-retail',
        input: 'actual',
        below: { value: 42, inclusive: true },
      },
    ]);
    expect(engine?.tiering.eligibility).toContainEqual(expect.objectContaining({ kind: 'noFlag', ref: 'retail-low' }));
    await context.close();
  }, 180_000);
});
