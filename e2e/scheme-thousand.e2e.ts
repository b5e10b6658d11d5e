import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import {
  browserPerFile,
  COMPUTE_TEST_TIMEOUT,
  computeYear,
  createSchemeDraft,
  login,
  newPage,
  pickOption,
  removeSchemeGroup,
  shot,
} from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/**
 * Issue 17's whole case through the UI: the office builds a 1,000-point scheme from nothing — 经济发展 600 and 安全生产
 * 400, on the scheme's own scale — with a named security period that doubles a deduction, a deduction fed by the
 * city's monthly township ranking, and a measured-value deduction by marginal rates; the assessor enters the year's
 * figures from Excel, the office records an accident inside the period and enters March's ranking, computes, and
 * reads 城关镇's composite and trace. Worked by hand:
 *
 *   经济发展 100 of 100 → 600; 安全生产 88 of 100 → 400 × 0.88 = 352; indicators 952
 *   accident (10 points) dated 2024-03-05, inside 全国两会安保期间 (×2) → −20
 *   one village in the bottom two of March's ranking (5 per village) → −5
 *   安全生产 88 below 96: 6 points × 2.5 + 2 points below 90 × 5 → −25
 *   composite 952 − 50 = 902; every other township 600 + 388 = 988, nothing deducted
 *
 * A year of its own (2024) and one tier (no tie waits for a decision); independent of the other files.
 */
const YEAR = 2024;

async function type(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId);
  await el.click();
  await el.fill(value);
  await el.press('Tab');
}

/** The option containing `text` in the open (virtual) list, after typing it into the select's search. */
async function pickTyped(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  const option = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text })
    .first();
  await option.click();
  await option.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** A leaf in the township block: id, name, points, completion against 100, assessed by 县政府办 (ZF01). */
async function addIndicator(page: Page, id: string, name: string, points: number) {
  await page.getByTestId('tree-block-block1').first().click();
  await page.getByTestId('tree-add-indicator').first().click();
  await page.getByTestId('indicator-form').waitFor();
  const field = page.getByTestId('indicator-id');
  await field.fill(id);
  await field.press('Tab');
  await type(page, 'indicator-name', name);
  await type(page, 'indicator-points', String(points));
  await type(page, 'method-target', '100');
  await pickTyped(page, 'indicator-assessor', 'ZF01');
  await pickOption(page, 'indicator-policySource', '政府工作报告');
  await type(page, 'indicator-dataSource', '县统计局年报');
  await page.getByTestId('indicator-evidence').getByText('无需').click();
  await page.getByTestId(`tree-node-${id}`).waitFor();
}

/** The assessor's Excel entry of an indicator's year-end values: the template, filled in, uploaded. */
async function enterValues(indicatorId: string, value: (unitName: string) => number) {
  const assessor = await apiSession(baseUrl, 'assessor');
  const tpl = await assessor('GET', `/reports/excel/template?year=${YEAR}&indicatorId=${indicatorId}`);
  expect(tpl.status, await tpl.clone().text()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await tpl.arrayBuffer()) as never);
  const ws = wb.getWorksheet('填报');
  if (!ws) throw new Error('no 填报 sheet');
  let header = 0;
  const col: Record<string, number> = {};
  ws.eachRow((row, n) => {
    if (header) return;
    row.eachCell((c, i) => {
      if (typeof c.value === 'string') col[c.value] = i;
    });
    if (col['单位编码']) header = n;
  });
  let filled = 0;
  for (let n = header + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    const name = String(row.getCell(col['单位名称'] ?? 0).value ?? '');
    if (!row.getCell(col['单位编码'] ?? 0).value) continue;
    row.getCell(col['完成值'] ?? 0).value = value(name);
    filled++;
  }
  expect(filled).toBeGreaterThan(5);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  const res = await assessor(
    'POST',
    `/reports/excel?year=${YEAR}&indicatorId=${indicatorId}`,
    body,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(res.status, await res.text()).toBe(200);
}

describe('a 1,000-point scheme built in the UI', () => {
  it(
    'with a period doubling, a ranking deduction and a measured-value deduction: computed and traced as worked by hand',
    async () => {
      const { context, page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await login(page, 'office');
      // from nothing, not a copy of last year's
      await createSchemeDraft(page, YEAR, null);

      // the townships only: the county's other groups (whatever other files added) leave the draft
      const office = await apiSession(baseUrl, 'office');
      const groups = (await (await office('GET', '/groups')).json()) as {
        items: { code: string; retired?: boolean }[];
      };
      for (const g of groups.items.filter((x) => x.code !== 'township' && !x.retired).map((x) => x.code)) {
        await removeSchemeGroup(page, g);
      }
      await page.getByTestId('scheme-tab-township').click();
      await page.getByTestId('tree-add-block').first().click();
      await page.getByTestId('block-form').waitFor();
      await type(page, 'block-name', '经济社会发展');
      await page.getByTestId('tree-block-block1').first().waitFor();
      await addIndicator(page, 'k-econ', '经济发展综合', 600);
      await addIndicator(page, 'k-safety', '安全生产合格率', 400);

      // the rules: 满分 1000 按方案分值, one tier, the period, three deduction rules
      await page.getByTestId('scheme-tab-rules').click();
      await pickOption(page, 'rules-scale-mode', '按方案分值');
      await type(page, 'rules-scale-total', '1000');
      // a bonus category with a level of the county's own: 省部级表彰 25 points
      await page.getByTestId('rules-bonus-categories-add').click();
      await page.getByTestId('rules-bonus-levels-0-add').click();
      await page.getByText('请填写级别名称').first().waitFor();
      await page.getByTestId('rules-bonus-levels-0-name-0').fill('省部级表彰');
      await type(page, 'rules-bonus-levels-0-points-0', '25');
      await page.getByText('请填写级别名称').first().waitFor({ state: 'detached' });
      await page.getByTestId('rules-bonus-levels-0').scrollIntoViewIfNeeded();
      await shot(page, 'scheme-thousand-bonus-levels', false);
      const tierRows = page.locator('[data-testid="rules-tiers"] > .ant-table-wrapper tr.ant-table-row');
      while ((await tierRows.count()) > 1) {
        await tierRows.last().getByRole('button', { name: '删除' }).click();
      }
      await page.getByTestId('rules-periods-add').click();
      const periodRow = page.locator('[data-testid="rules-periods"] > .ant-table-wrapper tr.ant-table-row').first();
      await periodRow.locator('input').nth(1).fill('全国两会安保期间');
      await page.getByTestId('rules-period-from-0').fill(`${YEAR}-03-01`);
      await page.getByTestId('rules-period-to-0').fill(`${YEAR}-03-15`);

      const rows = page.locator('[data-testid="rules-deductions"] > .ant-table-wrapper tr.ant-table-row');
      const before = await rows.count();
      const addRule = async (kind: string, name: string) => {
        const i = await rows.count();
        await page.getByTestId('rules-deductions-add').click();
        await pickOption(page, `rules-deduction-kind-${i}`, kind);
        await rows.nth(i).locator('input').nth(1).fill(name);
        return i;
      };
      const accident = await addRule('固定分值', '安全事故');
      await type(page, `rules-deduction-points-${accident}`, '10');
      await type(page, `rules-deduction-periodMultiplier-${accident}`, '2');
      const ranking = await addRule('按下级单位排名', '市月度排名后两名');
      await type(page, `rules-deduction-ranking-${ranking}`, 'city-township-monthly');
      await type(page, `rules-deduction-points-${ranking}`, '5');
      const measured = await addRule('按实测值分段扣分', '安全生产合格率低于门槛');
      await pickTyped(page, `rules-deduction-indicator-${measured}`, '安全生产合格率');
      await type(page, `rules-deduction-band-rate-${measured}-0`, '2.5');
      await type(page, `rules-deduction-band-rate-${measured}-1`, '5');
      expect(before).toBe(0);
      await page.getByTestId('rules-periods').first().scrollIntoViewIfNeeded();
      await shot(page, 'scheme-thousand-rules', false);

      await page.getByTestId('scheme-save').click();
      await page.getByText('草稿已保存').first().waitFor();
      await page.getByTestId('scheme-publish').click();
      await page.getByTestId('publish-note').fill('千分制方案');
      await page.getByTestId('publish-confirm').click();
      await page.getByTestId('scheme-readonly').waitFor();

      // what was saved is what the engine reads
      const list = (await (await office('GET', '/schemes')).json()) as { items: { year: number; id: string }[] };
      const id = list.items.find((s) => s.year === YEAR)?.id ?? '';
      const doc = (await (await office('GET', `/schemes/${id}/versions/1`)).json()) as {
        document: { engine: Record<string, unknown> & { deductions: { id: string; amount: unknown }[] } };
      };
      expect(doc.document.engine.scale).toEqual({ total: 1000, mode: 'points' });
      expect(doc.document.engine.bonus).toMatchObject({
        categories: [{ levels: { level1: 25 }, levelNames: { level1: '省部级表彰' } }],
      });
      expect(doc.document.engine.periods).toEqual([
        { id: 'period1', name: '全国两会安保期间', from: `${YEAR}-03-01`, to: `${YEAR}-03-15` },
      ]);
      const [r1, r2, r3] = doc.document.engine.deductions;
      expect(r1).toMatchObject({ amount: { kind: 'fixed', points: 10 }, periodMultiplier: 2 });
      expect(r2).toMatchObject({ amount: { kind: 'rankPlaces', ranking: 'city-township-monthly', points: 5 } });
      expect(r3).toMatchObject({
        amount: {
          kind: 'measured',
          indicator: 'k-safety',
          bands: [
            { from: 96, rate: 2.5 },
            { from: 90, rate: 5 },
          ],
        },
      });

      // the year's data: the assessor's figures, an accident inside the period, March's ranking
      await enterValues('k-econ', () => 100);
      await enterValues('k-safety', (name) => (name === '城关镇' ? 88 : 97));
      const units = (await (await office('GET', `/rankings?year=${YEAR}`)).json()) as {
        units: { id: string; code: string; name: string }[];
      };
      const town = units.units.find((u) => u.name === '城关镇');
      expect(town).toBeDefined();
      const record = await office('POST', '/records', {
        year: YEAR,
        unitId: town?.id,
        kind: 'deduction',
        title: '安保期间发生一般安全事故',
        ruleId: r1?.id,
        issuedOn: `${YEAR}-03-05`,
      });
      expect(record.status, await record.clone().text()).toBe(201);
      await page.goto(`${baseUrl}/rankings?year=${YEAR}`);
      await page.getByTestId('rankings-add-period').click();
      await page.getByTestId('rankings-form-period').fill(`${YEAR}-03`);
      await page.getByTestId('rankings-form-size').fill('18');
      await page.getByTestId('rankings-place-0-sub').fill('东关村');
      await pickTyped(page, 'rankings-place-0-unit', '城关镇');
      await page.getByTestId('rankings-place-0-place').fill('18');
      await page.getByTestId('rankings-form-ok').click();
      await page.getByTestId('rankings-periods').waitFor();

      // computed: 902 for 城关镇, as worked above
      await page.goto(`${baseUrl}/results?year=${YEAR}`);
      await computeYear(page, YEAR, page.getByText('已计算，无阻断问题'));
      await page.getByTestId('ranking-township').waitFor();
      const row = page.getByTestId('ranking-township').locator('tr', { hasText: '城关镇' });
      const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
      expect(cells).toContain('902.00');
      expect(cells).toContain('50.00');
      const other = page.getByTestId('ranking-township').locator('tr', { hasText: '东城镇' });
      expect((await other.locator('td').allInnerTexts()).map((x) => x.trim())).toContain('988.00');
      await shot(page, 'scheme-thousand-results', false);
      const trace = (await (
        await office('GET', `/results/${YEAR}/units/${encodeURIComponent(town?.code ?? '')}?source=preview`)
      ).json()) as { adjustments: { ruleId: string; points: number; note: string }[] };
      const by = (rule: string | undefined) => trace.adjustments.filter((a) => a.ruleId === rule).map((a) => a.points);
      expect(by(r1?.id)).toEqual([-20]);
      expect(by(r2?.id)).toEqual([-5]);
      expect(by(r3?.id)).toEqual([-25]);
      expect(trace.adjustments.find((a) => a.ruleId === r1?.id)?.note).toContain('in period period1');
      await context.close();
    },
    COMPUTE_TEST_TIMEOUT,
  );
});
