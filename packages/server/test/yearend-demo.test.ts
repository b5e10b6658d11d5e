import { compute, type DatasetInput, type Scheme } from '@yardstick/engine';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultReviews, tenants } from '../src/db/schema';
import { collectInputs, type Collected } from '../src/modules/results/collect';
import { getPublished } from '../src/modules/results/read';
import { verifySnapshot } from '../src/modules/results/service';
import { demoDataset } from '../src/seed/dataset-2018';
import { DEMO_TENANT } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { seedYearEnd2018 } from '../src/seed/yearend-2018';
import { createTestContext, type TestContext } from './helpers';

/**
 * The demo county's 2018 year-end: inputs stored in the database from `demoDataset`, collected back through the
 * modules' readers and computed — the results equal the engine run on `demoDataset` directly.
 */
let ctx: TestContext;
let tenantId: string;
let collected: Collected;
let scheme: Scheme;
let direct: DatasetInput;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  tenantId = t.id;
  collected = await collectInputs(ctx.handle.db, tenantId, 2018);
  if (!collected.document) throw new Error('2018 scheme not published');
  scheme = collected.document.engine;
  const ds = collected.dataset;
  direct = demoDataset(
    collected.document,
    ds.units.map((u) => ({ code: u.id, name: u.name, group: u.group })),
  );
}, 120_000);
afterAll(() => ctx.close());

const strip = <T extends { id: string }>(rows: T[] | undefined) =>
  (rows ?? []).map(({ id: _id, ...rest }) => rest).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('demo 2018 from the database', () => {
  it('the collected inputs are the demo dataset (records by content; ballots from the evaluation module)', () => {
    const blockers = collected.blockers.filter((b) => b.kind !== 'evaluationMissing' && b.kind !== 'evaluationOpen');
    expect(blockers).toEqual([]);
    expect(collected.dataset.units).toEqual(direct.units);
    const sortV = (v: DatasetInput['values']) =>
      [...(v ?? [])].sort((a, b) => (`${a.unitId}|${a.indicatorId}` < `${b.unitId}|${b.indicatorId}` ? -1 : 1));
    expect(sortV(collected.dataset.values)).toEqual(sortV(direct.values));
    expect(collected.dataset.upper).toEqual(direct.upper);
    const norm = <T extends { id: string }>(rows: T[] | undefined) =>
      strip(rows).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== false && v !== 1)));
    expect(norm(collected.dataset.bonuses)).toEqual(norm(direct.bonuses));
    expect(norm(collected.dataset.deductions)).toEqual(norm(direct.deductions));
    expect(strip(collected.dataset.vetoes)).toEqual(strip(direct.vetoes));
    expect(strip(collected.dataset.discipline)).toEqual(strip(direct.discipline));
  });

  it('computes to the same results as the engine on demoDataset', () => {
    const fromDb = compute(scheme, {
      ...collected.dataset,
      // The ballots are the evaluation module's; when it has not stored them, use the demo's.
      ...(collected.dataset.ballots?.length ? {} : { ballots: direct.ballots, tallies: direct.tallies }),
    });
    const ref = compute(scheme, direct);
    expect(JSON.stringify(fromDb.units)).toBe(JSON.stringify(ref.units));
    expect(JSON.stringify(fromDb.groups)).toBe(JSON.stringify(ref.groups));
  });

  it('2018 is published when the evaluation is in the database, else it waits with the evaluation blocker', async () => {
    const published = await getPublished(ctx.handle.db, tenantId, 2018);
    const evaluationBlocked = collected.blockers.some((b) => b.kind.startsWith('evaluation'));
    if (evaluationBlocked) {
      expect(published).toBeNull();
      const [review] = await ctx.handle.db
        .select()
        .from(resultReviews)
        .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, 2018)));
      expect(review?.status).toBe('computed');
    } else {
      expect(published).not.toBeNull();
      const ref = compute(scheme, direct);
      // jsonb keeps keys in its own order: compare as values.
      expect(published?.results.units).toEqual(JSON.parse(JSON.stringify(ref.units)));
      const v = await verifySnapshot(ctx.handle.db, tenantId, published?.snapshot.id ?? '');
      expect(v.ok).toBe(true);
      expect(v.reproducible).toBe(true);
    }
    // 2019 has a preview with its blockers.
    const [r2019] = await ctx.handle.db
      .select()
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, 2019)));
    expect(r2019?.status).toBe('computed');
    expect((r2019?.blockers as unknown[]).length).toBeGreaterThan(0);
  });

  it('seeding again changes nothing (idempotent)', async () => {
    const before = await collectInputs(ctx.handle.db, tenantId, 2018);
    await seedYearEnd2018(ctx.handle.db, tenantId, DEMO_TENANT.name);
    const after = await collectInputs(ctx.handle.db, tenantId, 2018);
    expect(after.inputsDigest).toBe(before.inputsDigest);
  });
});
