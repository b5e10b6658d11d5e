import { describe, expect, inject, it } from 'vitest';
import { apiSession } from './api';
import { browserPerFile, COMPUTE_TEST_TIMEOUT, COMPUTE_TIMEOUT, computeYear, login, newPage, shot } from './browser';

/**
 * Results governance in the browser (PRODUCT.md A5): a boundary tie flagged for a decision is decided by the
 * leadership group — the office records it, then a leader can approve; and an accepted appeal becomes a correction
 * draft that a leader approves before the office publishes it.
 *
 * Order-independent: the tie uses a year of its own before the demo's published ones (2017: a published scheme,
 * results computed and approved but never published, so no page's "latest year" moves; the demo's units are in
 * force from 2017-01-01, so the year counts all 18 townships); the appeal reopens 2018's window and
 * restores it, as feedback.e2e does, and is filed by 南湖镇 (nanhu), not the unit account other files use.
 */
const baseUrl = inject('baseUrl');
const browser = browserPerFile();

const TIE_YEAR = 2017;

describe('results governance', () => {
  it(
    'a flagged boundary tie: approval refused, the office records the group’s decision, a leader approves',
    async () => {
      const office = await apiSession(baseUrl, 'office');
      // A scheme where every township scores the same: one city indicator (the city's result for the county, the
      // same for every unit), 好 10% of the group (2 places of 18), tie policy "flag".
      const created = await office('POST', '/schemes', { year: TIE_YEAR, name: `${TIE_YEAR}年度方案（同分决定）` });
      expect(created.status, await created.clone().text()).toBe(201);
      const scheme = (await created.json()) as { id: string };
      const document = {
        engine: {
          id: `gov-${TIE_YEAR}`,
          name: `${TIE_YEAR}年度方案`,
          year: TIE_YEAR,
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
          tiering: {
            tiers: [
              { id: 'good', name: '好', share: 0.1 },
              { id: 'rest', name: '一般' },
            ],
            tiePolicy: 'flag',
          },
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
        year: TIE_YEAR,
        code: 'C12',
        name: '市对县考核',
        indicatorId: 'c1',
      });
      expect(city.status).toBe(201);
      const c = (await city.json()) as { id: string; version: number };
      const scored = await office('PATCH', `/city/indicators/${c.id}`, {
        version: c.version,
        resultScore: 90,
        resultMax: 100,
      });
      expect(scored.status).toBe(200);

      // The office computes: the tie is a blocker, shown in the ranking with the button to record the decision.
      const { context, page } = await newPage(browser());
      page.setDefaultTimeout(20_000);
      await login(page, 'office');
      await page.goto(`${baseUrl}/results?year=${TIE_YEAR}`);
      await computeYear(page, TIE_YEAR, page.getByTestId('results-blockers').getByText('等次边界同分，待领导小组确定'));
      await page.getByTestId('tie-decide-good').waitFor();

      // A leader cannot approve yet: the error names the tie.
      const leaderApi = await apiSession(baseUrl, 'leader');
      const review = (await (await leaderApi('GET', `/results/${TIE_YEAR}`)).json()) as { review: { version: number } };
      const refused = await leaderApi('POST', `/results/${TIE_YEAR}/approve`, { version: review.review.version });
      expect(refused.status).toBe(409);
      const err = ((await refused.json()) as { error: { code: string; message: string } }).error;
      expect(err.code).toBe('RESULTS_TIE_UNDECIDED');
      expect(err.message).toContain('乡镇“好”等次');

      // The office records the leadership group's decision: the last unit of the list moved to the top.
      await page.getByTestId('tie-decide-good').click();
      await page.getByTestId('tie-order').waitFor();
      const items = page.locator('[data-testid^="tie-up-"]');
      const last = (await items.last().getAttribute('data-testid'))?.replace('tie-up-', '') ?? '';
      const lastName = (await page.locator('[data-testid^="tie-order-"]').last().textContent()) ?? '';
      const firstName = (await page.getByTestId('tie-order-0').textContent()) ?? '';
      const count = await page.locator('[data-testid^="tie-order-"]').count();
      for (let i = 0; i < count - 1; i++) await page.getByTestId(`tie-up-${last}`).click();
      expect(await page.getByTestId('tie-order-0').textContent()).toBe(lastName);
      await page.locator('#tie-meeting-date').fill(`${TIE_YEAR + 1}-01-10`);
      await page.locator('#tie-minutes-ref').fill(`县考核领导小组${TIE_YEAR + 1}年第1次会议纪要`);
      await shot(page, 'governance-tie-decision', false);
      await page.locator('#tie-decision-ok').click();
      await page.getByText('已记录领导小组决定，结果已重新计算').waitFor();
      await page.getByTestId('results-no-blockers').waitFor();
      const decisions = page.getByTestId('tie-decisions');
      await decisions.getByText(`县考核领导小组${TIE_YEAR + 1}年第1次会议纪要`).waitFor();
      await decisions.getByText('已生效').waitFor();
      // the decisions list and the review are refetched apart: wait for the tie's own line to say it was decided
      const tieLine = page.getByTestId('tie-township-good');
      await tieLine.getByText('经领导小组研究', { exact: false }).waitFor();
      const tie = (await tieLine.textContent()) ?? '';
      expect(tie).toContain('经领导小组研究');
      expect(tie).toContain(`确定${lastName}、${firstName}列入“好”等次`);
      await shot(page, 'governance-tie-decided');
      await context.close();

      // A leader approves the year on the same page (the decision is in the review).
      const leader = await newPage(browser());
      leader.page.setDefaultTimeout(20_000);
      await login(leader.page, 'leader');
      await leader.page.goto(`${baseUrl}/results?year=${TIE_YEAR}`);
      await leader.page.getByTestId('tie-decisions').waitFor();
      await leader.page.getByTestId('results-approve').click();
      await leader.page.locator('#results-approve-ok').click();
      await leader.page.getByTestId('results-status').getByText('已审定').waitFor();
      await leader.context.close();
    },
    COMPUTE_TEST_TIMEOUT,
  );

  it(
    'an accepted appeal prepares a correction draft; a leader approves it, then the office publishes it',
    async () => {
      const office = await apiSession(baseUrl, 'office');
      const nanhu = await apiSession(baseUrl, 'nanhu');
      const me = (await (await nanhu('GET', '/auth/me')).json()) as { user: { unitId: string } };

      // 2018's appeal window is over in the demo: the office reopens it to today (restored at the end).
      const win = (await (await nanhu('GET', '/appeals/window?year=2018')).json()) as {
        opensOn: string;
        today: string;
      };
      const settings = (await (await office('GET', '/yearend/settings?year=2018')).json()) as {
        version: number;
        appealWindowDaysSet: number | null;
      };
      const days = Math.round((Date.parse(win.today) - Date.parse(win.opensOn)) / 86_400_000) + 1;
      const reopened = await office('PUT', '/yearend/settings', {
        year: 2018,
        version: settings.version,
        appealWindowDays: days,
      });
      expect(reopened.status).toBe(200);
      const reopenedVersion = ((await reopened.json()) as { version: number }).version;
      try {
        const before = (await (await nanhu('GET', '/feedback?year=2018')).json()) as {
          snapshot: { seq: number };
          result: { composite: number };
        };
        // 南湖镇 appeals: a provincial commendation was left out; the office enters the record, then accepts.
        const filed = await nanhu('POST', '/appeals', {
          year: 2018,
          reason: 'e2e：本单位 2018 年获省级表彰，未计加分，请予更正。',
        });
        expect(filed.status, await filed.clone().text()).toBe(201);
        const record = await office('POST', '/records', {
          year: 2018,
          unitId: me.user.unitId,
          kind: 'bonus',
          title: '省级文明乡镇（e2e）',
          ruleId: 'commendation',
          level: 'provincial',
          achievementKey: 'e2e-governance',
          documentNo: '省文明委〔2018〕9号',
          issuedOn: '2018-11-20',
        });
        expect(record.status, await record.clone().text()).toBe(201);

        const { context, page } = await newPage(browser());
        page.setDefaultTimeout(20_000);
        await login(page, 'office');
        await page.goto(`${baseUrl}/appeals?year=2018`);
        await page.getByTestId('answer-XZ04').click();
        await page.getByText('采纳（生成更正草稿）').click();
        await page.getByTestId('answer-text').fill('经核实，省级表彰加分漏计，予以更正。');
        await page.getByTestId('answer-ok').click();
        await page.getByTestId('correction-pending-XZ04').waitFor();
        await shot(page, 'governance-appeal-accepted', false);

        // Nothing is republished on acceptance alone.
        const still = (await (await nanhu('GET', '/feedback?year=2018')).json()) as typeof before;
        expect(still.snapshot.seq).toBe(before.snapshot.seq);
        expect(still.result.composite).toBe(before.result.composite);
        const drafts = (await (await office('GET', '/results/2018/corrections')).json()) as {
          items: { status: string; changes: { unitCode: string }[] }[];
        };
        const open = drafts.items.find((d) => d.status === 'draft');
        expect(open?.changes.map((x) => x.unitCode)).toContain('XZ04');

        // The office's page shows the draft and cannot approve it; a leader approves it on the results page.
        await page.goto(`${baseUrl}/results?year=2018`);
        await page.getByTestId('correction-draft').waitFor();
        expect(await page.getByTestId('correction-approve').count()).toBe(0);
        expect(await page.getByTestId('correction-publish').isDisabled()).toBe(true);
        const leader = await newPage(browser());
        leader.page.setDefaultTimeout(20_000);
        await login(leader.page, 'leader');
        await leader.page.goto(`${baseUrl}/results?year=2018`);
        await leader.page.getByTestId('correction-changes').getByText('南湖镇').first().waitFor();
        await shot(leader.page, 'governance-correction-draft');
        await leader.page.getByTestId('correction-approve').click();
        await leader.page.locator('#correction-approve-ok').click();
        await leader.page.getByTestId('correction-status').getByText('已审定，待发布').waitFor();
        await leader.context.close();

        // The office publishes it: a new snapshot, and the unit now reads the correction.
        await page.reload();
        await page.getByTestId('correction-status').getByText('已审定，待发布').waitFor();
        await page.getByTestId('correction-publish').click();
        await page.locator('.ant-modal-confirm .ant-btn-primary').click();
        // publishing writes the new snapshot (and its bulletin): the compute wait, not a click's
        await page.getByText(`已发布更正：第 ${before.snapshot.seq + 1} 版`).waitFor({ timeout: COMPUTE_TIMEOUT });
        await context.close();
        const after = (await (await nanhu('GET', '/feedback?year=2018')).json()) as typeof before;
        expect(after.snapshot.seq).toBe(before.snapshot.seq + 1);
        const appeals = (await (await nanhu('GET', '/appeals?year=2018')).json()) as {
          items: { status: string; correctionSnapshotId: string | null; reason: string }[];
        };
        const mine = appeals.items.find((a) => a.reason.startsWith('e2e：本单位 2018 年获省级表彰'));
        expect(mine).toMatchObject({ status: 'accepted' });
        expect(mine?.correctionSnapshotId).toBeTruthy();
      } finally {
        const restored = await office('PUT', '/yearend/settings', {
          year: 2018,
          version: reopenedVersion,
          appealWindowDays: settings.appealWindowDaysSet,
        });
        expect(restored.status).toBe(200);
      }
    },
    COMPUTE_TEST_TIMEOUT,
  );
});
