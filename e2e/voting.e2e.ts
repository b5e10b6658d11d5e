import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, login, newPage, PHONE, shot } from './browser';

const baseUrl = inject('baseUrl');
const browser = browserPerFile();

// A year of its own (copied from 2019's scheme) so the demo's 2019 campaign and other tests are untouched.
const YEAR = 2027;

describe('comprehensive evaluation: the office opens voting, a voter votes on a phone', () => {
  it('code → rate → validity error → fix → review → submit; the code is then refused', async () => {
    // The office, over the API: a scheme for the year, a campaign with a limit on leaders' top marks, open, codes.
    const office = await apiSession(baseUrl, 'office');
    const scheme = await office('POST', '/schemes', { year: YEAR, name: `${YEAR}年度方案`, copyFromYear: 2019 });
    expect(scheme.status).toBe(201);
    const created = await office('POST', '/evaluation/campaigns', { year: YEAR, name: `${YEAR} 年度综合评价` });
    expect(created.status).toBe(201);
    const campaign = (await created.json()) as { id: string; version: number };
    const settings = {
      raterGroups: [
        { id: 'leaders', unitGroups: ['township'], dontKnow: false, limits: [{ minPoints: 90, maxCount: 3 }] },
        { id: 'peers', peers: true, peerScope: 'kind', dontKnow: true, limits: [] },
        { id: 'public', dontKnow: true, limits: [] },
      ],
    };
    const saved = await office('PUT', `/evaluation/campaigns/${campaign.id}`, { version: campaign.version, settings });
    expect(saved.status).toBe(200);
    const opened = await office('POST', `/evaluation/campaigns/${campaign.id}/open`, {
      version: ((await saved.json()) as { version: number }).version,
    });
    expect(opened.status).toBe(200);
    const codesRes = await office('POST', `/evaluation/campaigns/${campaign.id}/codes`, {
      raterGroup: 'leaders',
      count: 2,
    });
    expect(codesRes.status).toBe(201);
    const { codes } = (await codesRes.json()) as { codes: { code: string }[] };
    const code = codes[0]?.code ?? '';

    // The county's active townships, read from the API rather than counted here.
    const groups = (await (await office('GET', '/groups')).json()) as { items: { id: string; code: string }[] };
    const townshipGroup = groups.items.find((g) => g.code === 'township');
    expect(townshipGroup).toBeDefined();
    const listed = (await (
      await office('GET', `/units?groupId=${townshipGroup?.id ?? ''}&active=true&pageSize=500`)
    ).json()) as { items: { code: string }[] };
    const townships = listed.items.map((u) => u.code).sort();

    // The voter, on a phone, without an account.
    const { page } = await newPage(browser(), PHONE);
    page.setDefaultTimeout(15_000);
    await page.goto(`${baseUrl}/vote`);
    await page.getByTestId('vote-code').fill(code.toLowerCase());
    await shot(page, 'vote-code', false);
    await page.getByTestId('vote-start').click();
    await page.getByTestId('vote-rules').waitFor();
    // The ballot lists exactly the county's active townships (the leaders rate the township group), as the units
    // API has them: 18 in the bare demo, more if another file added one.
    const shown = await page
      .locator('[data-testid^="vote-unit-"]')
      .evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace('vote-unit-', '')));
    expect([...shown].sort()).toEqual(townships);
    expect(townships.length).toBeGreaterThanOrEqual(18);

    // Four townships at 90 or above: the page refuses before anything is sent, naming the rule.
    for (const [i, unit] of townships.entries()) {
      await page.getByTestId(`vote-mark-${unit}`).fill(String(i < 4 ? 94 - i : Math.max(60, 87 - i)));
    }
    await page.getByTestId('vote-review').click();
    const issues = page.getByTestId('vote-issues');
    await issues.waitFor();
    expect(await issues.innerText()).toContain('90 分及以上的单位最多 3 个，本票有 4 个');
    await shot(page, 'vote-form-error');

    // Fix it: the fourth township goes down to 89.
    await page.getByTestId(`vote-mark-${townships[3] ?? ''}`).fill('89');
    await page.getByTestId('vote-review').click();
    await page.getByTestId('vote-review-card').waitFor();
    await shot(page, 'vote-review');
    await page.getByTestId('vote-submit').click();
    await page.getByTestId('vote-done').waitFor();
    await shot(page, 'vote-done', false);

    // The same code again: refused with a clear reason.
    await page.getByTestId('vote-again').click();
    await page.getByTestId('vote-code').fill(code);
    await page.getByTestId('vote-start').click();
    const error = page.getByTestId('vote-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('该评议码已使用过');

    // Turnout shows one ballot and no result; closing tallies it.
    const turnout = (await (await office('GET', `/evaluation/campaigns/${campaign.id}/turnout`)).json()) as {
      groups: { raterGroup: string; used: number }[];
    };
    expect(turnout.groups.find((g) => g.raterGroup === 'leaders')?.used).toBe(1);
    const current = (await (await office('GET', `/evaluation/campaigns/${campaign.id}`)).json()) as { version: number };
    expect(
      (await office('POST', `/evaluation/campaigns/${campaign.id}/close`, { version: current.version })).status,
    ).toBe(200);
  });

  it('the office sees the demo 2018 tally with its signals, and the 2019 turnout', async () => {
    const { page } = await newPage(browser());
    page.setDefaultTimeout(15_000);
    await login(page, 'office');
    await page.getByTestId('menu-evaluation').click();
    await page.getByText('2018 年度综合评价').waitFor();
    await shot(page, 'evaluation-list');
    await page.getByText('2018 年度综合评价').click();
    await page.getByTestId('tally').waitFor();
    expect(await page.getByTestId('tally-anomalies').innerText()).toContain('异常提示');
    await shot(page, 'evaluation-tally', false);
    await page.goto(`${baseUrl}/evaluation`);
    await page.getByText('2019 年度综合评价').click();
    await page.getByTestId('turnout-table').waitFor();
    await shot(page, 'evaluation-turnout');
    await page.getByRole('tab', { name: '评议设置' }).click();
    await page.getByTestId('rater-group-leaders').waitFor();
    await shot(page, 'evaluation-settings');
  });
});
