import JSZip from 'jszip';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appeals,
  rectificationProgress,
  rectifications,
  resultReviews,
  resultSnapshots,
  tenants,
} from '../src/db/schema';
import { shanghaiDay } from '../src/lib/day';
import { systemActor } from '../src/modules/auth/actor';
import { bulletinFile } from '../src/modules/results/documents';
import { seedDemo, seedDemoOnce } from '../src/seed/demo';
import { DEMO_TENANT } from '../src/seed/demo-county';
import { createTestContext, type TestContext } from './helpers';

/**
 * The demo's 2018 follow-up: appeals accepted and rejected, a correction snapshot, rectification items in every
 * state — all on the demo's calendar (published 2019-01-15, appeals within the 7-day window, correction
 * 2019-01-25, ledger progress in March–April 2019), whatever today's date is.
 */
let ctx: TestContext;
let tenantId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  tenantId = t.id;
}, 180_000);
afterAll(() => ctx.close());

async function counts() {
  const db = ctx.handle.db;
  const a = await db
    .select()
    .from(appeals)
    .where(and(eq(appeals.tenantId, tenantId), eq(appeals.year, 2018)));
  const r = await db
    .select()
    .from(rectifications)
    .where(and(eq(rectifications.tenantId, tenantId), eq(rectifications.year, 2018)));
  const s = await db
    .select({ seq: resultSnapshots.seq, reason: resultSnapshots.reason, publishedAt: resultSnapshots.publishedAt })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, 2018)));
  return { a, r, s };
}

describe('demo 2018 follow-up', () => {
  it('2018 was approved on 2019-01-14 and published on 2019-01-15; the correction on 2019-01-25', async () => {
    const { s } = await counts();
    if (s.length === 0) return; // 2018 not published in this build of the demo: nothing to follow up
    const day = (d: Date | null | undefined) => (d ? shanghaiDay(d) : null);
    expect(s.map((x) => [x.seq, day(x.publishedAt)]).sort()).toEqual([
      [1, '2019-01-15'],
      [2, '2019-01-25'],
    ]);
    const [review] = await ctx.handle.db
      .select({ approvedAt: resultReviews.approvedAt, computedAt: resultReviews.computedAt })
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, 2018)));
    expect(day(review?.approvedAt)).toBe('2019-01-14');
    expect(day(review?.computedAt)).toBe('2019-01-11');
  });

  it('appeals: filed within the window, answered the week after; the accepted one led to the correction', async () => {
    const { a, s } = await counts();
    if (s.length === 0) return;
    expect(a.map((x) => x.status).sort()).toEqual(['accepted', 'rejected', 'rejected']);
    for (const x of a) {
      // Window: publication day 2019-01-15 + 7 days.
      expect(shanghaiDay(x.createdAt) >= '2019-01-15' && shanghaiDay(x.createdAt) <= '2019-01-22').toBe(true);
      expect(x.answeredAt && shanghaiDay(x.answeredAt) > shanghaiDay(x.createdAt)).toBe(true);
      expect(x.answeredAt && shanghaiDay(x.answeredAt) < '2019-02-01').toBe(true);
    }
    const acc = a.find((x) => x.status === 'accepted');
    expect(acc?.correctionSnapshotId).toBeTruthy();
    expect(s.map((x) => x.seq).sort()).toEqual([1, 2]);
    const reason = s.find((x) => x.seq === 2)?.reason ?? '';
    expect(reason).toMatch(/^采纳.+申诉：经核实/);
    expect(reason).not.toContain(acc?.id ?? '-');
  });

  it('the bulletin of 2018 is the correction 县考核办〔2019〕2号 of 2019年1月25日, with a clean reason', async () => {
    const { s } = await counts();
    if (s.length === 0) return;
    const file = await bulletinFile(ctx.handle.db, { ...systemActor(tenantId), role: 'office' }, 2018, 'published');
    const xml = (await (await JSZip.loadAsync(file.body)).file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('县考核办〔2019〕2号');
    expect(text).toContain('2019年1月25日');
    expect(text).toContain('关于2018年度全县实绩考核结果的更正通报');
    expect(text).toMatch(/更正原因：采纳[^。]+申诉：经核实[^。]+。本通报替代/);
    expect(text).not.toMatch(/20[2-9]\d年\d+月\d+日/);
    // the demo's schemes have feature indicators (特色指标): the bulletin says how they count
    expect(text).toContain('其他单位的特色指标不计入本单位');
  });

  it('rectification items from the 2018 results in every state, one overdue', async () => {
    const { r, s } = await counts();
    if (s.length === 0) return;
    const states = new Set(r.map((x) => x.status));
    expect([...states].sort()).toEqual(['closed', 'inProgress', 'open', 'submitted']);
    expect(r.some((x) => x.status === 'inProgress' && x.verifyNote)).toBe(true); // returned once
    // Deadlines in 2019; one item brought forward to 2019-03-31 and left open: overdue on the demo's own calendar.
    expect(r.every((x) => x.deadline.startsWith('2019-'))).toBe(true);
    expect(r.some((x) => x.status !== 'closed' && x.deadline === '2019-03-31')).toBe(true);
    expect(r.every((x) => shanghaiDay(x.createdAt) === '2019-01-30')).toBe(true);
    const closed = r.find((x) => x.status === 'closed');
    expect(closed?.verifiedAt && shanghaiDay(closed.verifiedAt)).toBe('2019-04-09');
    const progress = await ctx.handle.db
      .select({ at: rectificationProgress.createdAt })
      .from(rectificationProgress)
      .where(eq(rectificationProgress.tenantId, tenantId));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => shanghaiDay(p.at) >= '2019-03-01' && shanghaiDay(p.at) <= '2019-04-15')).toBe(true);
    expect(new Set(r.map((x) => x.source))).toEqual(new Set(['lowestTier', 'veto', 'redLight', 'lostPoints', 'other']));
  });

  it('seeding again adds nothing', async () => {
    const before = await counts();
    await seedDemo(ctx.handle.db);
    const after = await counts();
    expect([after.a.length, after.r.length, after.s.length]).toEqual([
      before.a.length,
      before.r.length,
      before.s.length,
    ]);
  });
});
