import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';
import { publishFollowupCounty } from './yearend-followup-fixture';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await publishFollowupCounty(ctx.handle.db, ctx.county);
}, 120_000);
afterAll(() => ctx.close());

type Item = { indicatorId: string; name: string; fullMarkRate: number; decision: string | null; note?: string };

describe('R25: copying last year asks about its full-mark and non-discriminating indicators', () => {
  let schemeId = '';
  it('a copy of the published 2018 lists them in the draft, and validation asks for a decision', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/schemes',
      payload: { year: 2019, name: '2019年度方案', copyFromYear: 2018 },
    });
    expect(res.statusCode, res.body).toBe(201);
    schemeId = res.json().id;
    const detail = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}/versions/1` });
    const review = detail.json().document.meta.review as { fromYear: number; items: Item[] };
    expect(review.fromYear).toBe(2018);
    // g-a (政务公开) gave every government unit full marks in 2018
    expect(review.items.find((i) => i.indicatorId === 'g-a')).toMatchObject({
      name: '政务公开',
      fullMarkRate: 1,
      decision: null,
    });
    const v = await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${schemeId}/validate` });
    const asks = v.json().warnings.filter((w: { code: string }) => w.code === 'review_undecided');
    expect(asks.map((w: { message: string }) => w.message)).toContain(
      '2018 年度“政务公开”满分率 100%（无区分度），请决定保留、调整或删除（R25：满分指标要取消或调整）',
    );
  });

  it('the editor saves the draft as it sends it (undecided items without a decision key) and keeps the review', async () => {
    const before = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}/versions/1` });
    const doc = before.json().document;
    // the web editor drops null values before saving (prune): "decision: null" arrives as a missing key
    const sent = {
      ...doc,
      meta: {
        ...doc.meta,
        review: {
          ...doc.meta.review,
          items: (doc.meta.review.items as Item[]).map(({ decision: _d, ...rest }) => rest),
        },
      },
    };
    const res = await ctx.injectAs('office', {
      method: 'PUT',
      url: `/api/schemes/${schemeId}/draft`,
      payload: { version: before.json().version, document: sent },
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().document.meta.review.items as Item[];
    expect(items.length).toBe((doc.meta.review.items as Item[]).length);
    expect(items.every((i) => i.decision === null)).toBe(true);
  });

  it('the office drops it: the draft loses it, the decision stays in the document and the version note', async () => {
    const before = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}/versions/1` });
    const items = before.json().document.meta.review.items as Item[];
    const bad = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${schemeId}/review`,
      payload: { version: before.json().version, decisions: [{ indicatorId: 'nope', decision: 'keep' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'decisions[0].indicatorId', message: '不是需要审视的指标' }]);
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${schemeId}/review`,
      payload: {
        version: before.json().version,
        decisions: items.map((i) =>
          i.indicatorId === 'g-a'
            ? { indicatorId: 'g-a', decision: 'drop', note: '例行工作，不再考核' }
            : { indicatorId: i.indicatorId, decision: 'keep' },
        ),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    // the scheme's history: the version's note says what was decided
    const detail = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}` });
    const note = (detail.json().versions as { no: number; note: string | null }[]).find((x) => x.no === 1)?.note;
    expect(note).toContain('R25 审视 2018 年度满分或无区分度指标');
    expect(note).toContain('政务公开：删除');
    expect(res.json().report.warnings.some((w: { code: string }) => w.code === 'review_undecided')).toBe(false);
    const after = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${schemeId}/versions/1` });
    const doc = after.json().document;
    const ids = JSON.stringify(doc.engine.groups);
    expect(ids).not.toContain('"g-a"');
    expect(doc.meta.indicators['g-a']).toBeUndefined();
    expect((doc.meta.review.items as Item[]).find((i) => i.indicatorId === 'g-a')).toMatchObject({
      decision: 'drop',
      note: '例行工作，不再考核',
    });
  });

  it('a scheme not copied from a published year has nothing to review', async () => {
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/schemes',
      payload: { year: 2020, name: '2020年度方案' },
    });
    const id = res.json().id;
    const r = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/review`,
      payload: { version: 1, decisions: [{ indicatorId: 'g-a', decision: 'keep' }] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].message).toBe('本方案不是从已公布年度复制的，没有需要审视的指标');
  });
});
