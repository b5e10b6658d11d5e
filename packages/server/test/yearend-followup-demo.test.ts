import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appeals, rectifications, resultSnapshots, tenants } from '../src/db/schema';
import { seedDemo, seedDemoOnce } from '../src/seed/demo';
import { DEMO_TENANT } from '../src/seed/demo-county';
import { createTestContext, type TestContext } from './helpers';

/** The demo's 2018 follow-up: appeals in each outcome, a correction snapshot, rectification items in every state. */
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
    .select({ seq: resultSnapshots.seq, reason: resultSnapshots.reason })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.year, 2018)));
  return { a, r, s };
}

describe('demo 2018 follow-up', () => {
  it('appeals: accepted (with its correction snapshot), rejected, waiting', async () => {
    const { a, s } = await counts();
    if (s.length === 0) return; // 2018 not published in this build of the demo: nothing to follow up
    expect(a.map((x) => x.status).sort()).toEqual(['accepted', 'rejected', 'submitted']);
    const acc = a.find((x) => x.status === 'accepted');
    expect(acc?.correctionSnapshotId).toBeTruthy();
    expect(s.map((x) => x.seq).sort()).toEqual([1, 2]);
    expect(s.find((x) => x.seq === 2)?.reason).toContain(acc?.id ?? '-');
  });

  it('rectification items from the 2018 results in every state, one overdue', async () => {
    const { r, s } = await counts();
    if (s.length === 0) return;
    const states = new Set(r.map((x) => x.status));
    expect([...states].sort()).toEqual(['closed', 'inProgress', 'open', 'submitted']);
    expect(r.some((x) => x.status === 'inProgress' && x.verifyNote)).toBe(true); // returned once
    expect(r.some((x) => x.status !== 'closed' && x.deadline < new Date().toISOString().slice(0, 10))).toBe(true);
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
