import { compute, diagnoseResults, validateDataset, type Dataset } from '@yardstick/engine';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../src/db/schema';
import { collectInputs, publishedScheme } from '../src/modules/results/collect';
import { whatIfLastYear, type Computed } from '../src/modules/results/views';
import { demoDataset } from '../src/seed/dataset-2018';
import { DEMO_TENANT } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { createTestContext, type TestContext } from './helpers';

/**
 * The what-if tab ("与上年方案对比") on the demo's own years: 2019's data under the 2018 rules. The indicators changed
 * between the years; they are matched by code, what matches is scored, what does not is listed (issue 13).
 */
let ctx: TestContext;
let tenantId: string;
let current: Computed;
let dropped: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  tenantId = t.id;
  const c = await collectInputs(ctx.handle.db, tenantId, 2019);
  if (!c.document) throw new Error('2019 scheme not published');
  // Indicators change between years: 2019 gains 数字乡村建设 for the townships and drops one 2018 township item.
  const doc = structuredClone(c.document);
  const township = doc.engine.groups.find((g) => g.id === 'township');
  const block = (township?.blocks ?? doc.engine.blocks)[0];
  if (!block) throw new Error('no township block');
  const leaf = block.indicators.find((i) => !i.children?.length);
  if (!leaf) throw new Error('no leaf');
  dropped = leaf.id;
  block.indicators = [
    ...block.indicators.filter((i) => i !== leaf),
    { id: 'xz-digital', name: '数字乡村建设', points: leaf.points, method: { kind: 'binary' } } as never,
  ];
  // A whole 2019 year under that scheme (the demo's generator; the database holds only mid-2019 reports).
  const dataset = demoDataset(
    doc,
    c.dataset.units.map((u) => ({ code: u.id, name: u.name ?? u.id, group: u.group })),
  );
  current = {
    source: 'preview',
    year: 2019,
    scheme: doc.engine,
    dataset,
    results: compute(doc.engine, dataset as Dataset),
    snapshot: null,
    key: 'test',
  };
}, 180_000);
afterAll(() => ctx.close());

describe('what-if: the 2018 rules replayed on the 2019 data of the demo', () => {
  it('the 2019 data as it is does not fit the 2018 scheme (what used to fail with "dataset has N problem(s)")', async () => {
    const last = await publishedScheme(ctx.handle.db, tenantId, 2018);
    if (!last) throw new Error('no 2018 scheme');
    const v = validateDataset(current.dataset, last.document.engine);
    expect(v.ok).toBe(false);
  });

  it('compares every unit, scoring what matches by code and listing what could not be matched, with names', async () => {
    const w = await whatIfLastYear(ctx.handle.db, tenantId, current);
    expect(w.reason, w.detail ?? '').toBeNull();
    expect(w.available).toBe(true);
    expect(w.lastYear).toBe(2018);
    const c = w.comparison;
    if (!c || !w.unmatched) throw new Error('no comparison');
    expect(c.summary.compared).toBe(current.results.units.length);
    expect(c.onlyInA).toEqual([]);
    // 2019's new indicators are listed with their names and groups; each exists in 2019's scheme, not in 2018's.
    expect(w.unmatched.indicators).toEqual([{ groupId: 'township', id: 'xz-digital', name: '数字乡村建设' }]);
    // The 2018 township item 2019 dropped has no data: it is excluded (weights renormalised) and named.
    // (2018's routine items that 2019 no longer assesses are listed the same way.)
    const unused = w.unmatched.unusedIndicators.find((i) => i.id === dropped);
    expect(unused).toMatchObject({ groupId: 'township', id: dropped });
    expect(unused?.name).toBeTruthy();
    for (const i of w.unmatched.unusedIndicators) expect(i.name, i.id).toBeTruthy();
    // Rules of 2019 that 2018 lacked (potential-performance bonus, the 2019 deduction and veto rules) are named.
    const rules = w.unmatched.rules.map((r) => r.id);
    for (const id of rules) expect(typeof id).toBe('string');
    expect(w.unmatched.units).toEqual([]);
    // Scores differ between the schemes for at least one unit (the comparison says something).
    expect(c.summary.scoreChanged).toBeGreaterThan(0);
    expect(c.text.zh).toMatch(/^与「2018」相比/);
  });
});

describe('diagnostics at demo scale: a short, severity-first list (issue 13)', () => {
  it('2018: the full-marks indicators lead; nothing with a high CV and many distinct values is flagged', async () => {
    const c = await collectInputs(ctx.handle.db, tenantId, 2018);
    if (!c.document) throw new Error('no 2018 scheme');
    const d = diagnoseResults(compute(c.document.engine, c.dataset as Dataset), c.document.engine);
    const all = d.groups.flatMap((g) => g.indicators);
    const flagged = all.filter((i) => i.nonDiscriminating);
    // Before the calibration 230 of 240 (96%) were flagged. Now 83 of 249: 40 severe (every unit full marks), 21 high
    // (full-mark rate 0.89–0.96), 22 medium — the demo's data is built to have many such items (the speech's complaint).
    expect(flagged.length / all.length).toBeLessThan(0.4);
    expect(d.counts.severe + d.counts.high).toBeGreaterThan(d.counts.medium);
    expect(d.counts.severe).toBeGreaterThan(0);
    expect(d.flags[0]?.severity).toBe('severe');
    const order = { severe: 0, high: 1, medium: 2 };
    for (let k = 1; k < d.flags.length; k++)
      expect(order[d.flags[k - 1]?.severity ?? 'severe']).toBeLessThanOrEqual(order[d.flags[k]?.severity ?? 'medium']);
    for (const i of flagged)
      expect(!(i.cv !== null && i.cv >= 0.1 && i.distinctShare >= 0.5), i.indicatorId).toBe(true);
  });
});
