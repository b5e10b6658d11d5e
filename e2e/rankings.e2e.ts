import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import type { Page } from 'playwright-core';
import { browserPerFile, COMPUTE_TEST_TIMEOUT, computeYear, login, newPage, PHONE, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

/**
 * Issue 17 in the browser, on the demo: a deduction by places in another ranking (0.5 per sub-unit per month in the
 * bottom two of the city's monthly ranking) blocks the results until its ranking is entered; the office enters a
 * month on the 外部排名 page, computes, and the unit's deduction is in the ranking and in its trace; a leader reads
 * the page on a phone, read-only.
 *
 * Order-independent: a year of its own (2021; schemes.e2e copies into 2020), one city indicator so every township
 * scores the same, one tier so no tie waits for a decision.
 */
const YEAR = 2021;

/** A unit in a long (virtual) list: typed into the select's search, then picked. */
async function pickUnit(page: Page, testId: string, name: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name);
  const option = page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${name}"]`)
    .last();
  await option.click();
  await option.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}
const RULE_NAME = '市月度排名乡镇后两名扣分';

describe('rankings a deduction rule reads', () => {
  it(
    'the office enters a month of the ranking in the UI, computes, and reads the deduction in the trace',
    async () => {
      const office = await apiSession(baseUrl, 'office');
      const created = await office('POST', '/schemes', { year: YEAR, name: `${YEAR}年度方案（排名扣分）` });
      expect(created.status, await created.clone().text()).toBe(201);
      const scheme = (await created.json()) as { id: string };
      const document = {
        engine: {
          id: `rankings-${YEAR}`,
          name: `${YEAR}年度方案`,
          year: YEAR,
          groups: [
            {
              id: 'township',
              name: '乡镇',
              blocks: [
                {
                  id: 'city',
                  name: '市对县考核',
                  indicators: [
                    {
                      id: 'c1',
                      name: '市对县考核结果折算',
                      points: 100,
                      method: { kind: 'upper', upperId: 'c1' },
                      assessorId: 'ZF01',
                    },
                  ],
                },
              ],
            },
          ],
          deductions: [
            {
              id: 'city-bottom',
              name: RULE_NAME,
              amount: { kind: 'rankPlaces', ranking: 'city-township-monthly', bottom: 2, points: 0.5 },
            },
          ],
          tiering: { tiers: [{ id: 'all', name: '合格' }] },
        },
        meta: {
          indicators: {
            c1: {
              category: 'key',
              policySource: 'cityKey',
              target: '市考得分',
              dataSource: '市考核办通报',
              methodText: '按市对县考核得分折算',
              evidence: { rule: 'none' },
            },
          },
        },
      };
      const draft = await office('PUT', `/schemes/${scheme.id}/draft`, { version: 1, document });
      expect(draft.status, await draft.clone().text()).toBe(200);
      const published = await office('POST', `/schemes/${scheme.id}/publish`, {
        version: ((await draft.json()) as { version: number }).version,
      });
      expect(published.status, await published.clone().text()).toBe(200);
      const city = await office('POST', '/city/indicators', {
        year: YEAR,
        code: 'C17',
        name: '市对县考核',
        indicatorId: 'c1',
      });
      expect(city.status, await city.clone().text()).toBe(201);
      const c = (await city.json()) as { id: string; version: number };
      const scored = await office('PATCH', `/city/indicators/${c.id}`, {
        version: c.version,
        resultScore: 90,
        resultMax: 100,
      });
      expect(scored.status).toBe(200);
      const year = (await (await office('GET', `/rankings?year=${YEAR}`)).json()) as {
        units: { id: string; code: string; name: string }[];
      };
      const town = year.units.find((u) => u.name === '城关镇');
      expect(town).toBeDefined();

      // Before any period is entered, computing names the missing ranking as a blocker, never a silent 0.
      const { page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await login(page, 'office');
      await page.goto(`${baseUrl}/results?year=${YEAR}`);
      await computeYear(page, YEAR, page.getByTestId('results-blockers').getByText('扣分规则所读的外部排名尚未录入'));
      expect(await page.getByTestId('results-blockers').innerText()).toContain(RULE_NAME);

      // The office enters March: two villages of 城关镇 at places 17 and 18 of 18.
      await page.getByTestId('menu-rankings').click();
      await page.goto(`${baseUrl}/rankings?year=${YEAR}`);
      await page.getByTestId('rankings-no-periods').waitFor();
      expect(await page.getByTestId('rankings-card').innerText()).toContain(RULE_NAME);
      await page.getByTestId('rankings-add-period').click();
      await page.getByTestId('rankings-form-period').fill(`${YEAR}-03`);
      await page.getByTestId('rankings-form-size').fill('18');
      await page.getByTestId('rankings-place-0-sub').fill('东关村');
      await pickUnit(page, 'rankings-place-0-unit', '城关镇');
      await page.getByTestId('rankings-place-0-place').fill('17');
      await page.getByTestId('rankings-place-add').click();
      await page.getByTestId('rankings-place-1-sub').fill('西关村');
      await pickUnit(page, 'rankings-place-1-unit', '城关镇');
      await page.getByTestId('rankings-place-1-place').fill('19');
      await shot(page, 'rankings-form', false);
      // a place beyond the size is refused with the server's message, in the form
      await page.getByTestId('rankings-form-ok').click();
      await expect
        .poll(() => page.getByTestId('rankings-form-error').innerText())
        .toContain('西关村 的名次 19 大于参与排名数 18');
      await page.getByTestId('rankings-place-1-place').fill('18');
      await page.getByTestId('rankings-form-ok').click();
      await page.getByTestId('rankings-periods').waitFor();
      const tags = await page.getByTestId('rankings-place-tag').allInnerTexts();
      expect(tags).toEqual(['东关村（城关镇）第 17 名', '西关村（城关镇）第 18 名']);
      await shot(page, 'rankings-office');

      // Computed again: no blocker of the ranking, 城关镇 loses 2 × 0.5 = 1.0.
      await page.goto(`${baseUrl}/results?year=${YEAR}`);
      await computeYear(page, YEAR, page.getByText('已计算，无阻断问题'));
      await page.getByTestId('ranking-township').waitFor();
      const row = page.getByTestId('ranking-township').locator('tr', { hasText: '城关镇' });
      // 扣分 1.00, 综合得分 90.00 − 1.00 = 89.00 (every township has 90 from the city's result)
      // the table may still hold the results from before the ranking until the new ones are fetched
      const cells = () =>
        row
          .locator('td')
          .allInnerTexts()
          .then((xs) => xs.map((x) => x.trim()));
      await expect.poll(cells, { timeout: 20_000 }).toContain('1.00');
      expect(await cells()).toContain('89.00');
      await shot(page, 'rankings-results', false);
      // The unit's trace: one deduction per village, each naming its place in the ranking and the month.
      const trace = (await (
        await office('GET', `/results/${YEAR}/units/${encodeURIComponent(town?.code ?? '')}?source=preview`)
      ).json()) as { adjustments: { ruleId: string; points: number; note: string }[] };
      const hits = trace.adjustments.filter((a) => a.ruleId === 'city-bottom');
      expect(hits.map((h) => h.points)).toEqual([-0.5, -0.5]);
      expect(hits.map((h) => h.note).join(' ')).toContain(`东关村 place 17 of 18 in city-township-monthly ${YEAR}-03`);

      // A leader reads the page on a phone: the period, no way to change it.
      const phone = await newPage(browser(), PHONE);
      phone.page.setDefaultTimeout(20_000);
      await login(phone.page, 'leader');
      await phone.page.goto(`${baseUrl}/rankings?year=${YEAR}`);
      await phone.page.getByTestId('rankings-periods').waitFor();
      await expect(phone.page.getByTestId('rankings-add-period').count()).resolves.toBe(0);
      await expect(phone.page.getByTestId('rankings-place-tag').count()).resolves.toBe(2);
      await shot(phone.page, 'rankings-leader-phone');
    },
    COMPUTE_TEST_TIMEOUT,
  );
});
