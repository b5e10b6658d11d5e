import { compute, SchemeSchema, type Dataset } from '@yardstick/engine';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appeals, tenants, units } from '../src/db/schema';
import { assessorMeasuresFor, indicatorOwners } from '../src/modules/accountability/measures';
import { loadPublished } from '../src/modules/feedback/published';
import { DEMO_PASSWORD, DEMO_TENANT } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { createTestContext, type TestContext } from './helpers';

/** R34: each assessor's scoring per published year, shown to the office, and usable by the scheme's own rules. */
let ctx: TestContext;
let demoId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  demoId = t.id;
}, 180_000);
afterAll(() => ctx.close());

interface Row {
  assessorId: string;
  assessorName: string;
  scores: number;
  fullMarks: number;
  fullMarkShare: number;
  corrections: number;
  concerns: string[];
  sentence: string;
  ruleHits: { ruleId: string; points: number }[];
}

describe('the demo county', () => {
  it('the office sees every assessor of 2018 with a plain sentence, by name; the accepted appeal counts', async () => {
    const s = await ctx.login('office', DEMO_PASSWORD);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/accountability/assessors',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { years: { year: number; assessors: Row[] }[] };
    const y2018 = body.years.find((y) => y.year === 2018);
    expect(y2018).toBeDefined();
    const rows = y2018?.assessors ?? [];
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) {
      expect(r.assessorName).not.toBe(r.assessorId);
      expect(r.sentence).toMatch(new RegExp(`^${r.assessorName}给出的 ${r.scores} 项评分中 ${r.fullMarks} 项为满分`));
      expect(r.fullMarks).toBeLessThanOrEqual(r.scores);
    }
    // The demo's accepted appeal of 2018 is about the bulletin, not a score: no assessor was corrected on appeal.
    expect(rows.reduce((a, r) => a + r.corrections, 0)).toBe(0);
    // Some assessor of the demo gives (nearly) everyone full marks (the speech's complaint, R10/R25).
    expect(rows.some((r) => r.concerns.includes('fullMarks'))).toBe(true);
  });

  it('an appeal upheld on an indicator counts against the indicator’s owner', async () => {
    const db = ctx.handle.db;
    const p = await loadPublished(db, demoId, 2018);
    if (!p) throw new Error('2018 not published');
    const owners = indicatorOwners(p.scheme);
    const [indicatorId, owner] = [...owners].sort()[0] ?? [];
    if (!indicatorId || !owner) throw new Error('no owned indicator');
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.tenantId, demoId)).limit(1);
    const [added] = await db
      .insert(appeals)
      .values({
        tenantId: demoId,
        year: 2018,
        snapshotId: p.snapshot.id,
        unitId: unit?.id ?? '',
        indicatorId,
        reason: '评分有误',
        status: 'accepted',
      })
      .returning({ id: appeals.id });
    let res;
    try {
      const s = await ctx.login('office', DEMO_PASSWORD);
      res = await ctx.app.inject({
        method: 'GET',
        url: '/api/accountability/assessors?year=2018',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      });
    } finally {
      // The demo county is shared with other files on a PostgreSQL test database: leave its appeals as seeded.
      if (added) await db.delete(appeals).where(eq(appeals.id, added.id));
    }
    const row = (res.json() as { years: { assessors: Row[] }[] }).years[0]?.assessors.find(
      (r) => r.assessorId === owner,
    );
    expect(row?.corrections).toBe(1);
    expect(row?.concerns).toContain('corrected');
    expect(row?.sentence).toContain('1 项评分经申诉更正');
  });

  it('leaders, assessors and units are refused (the office’s view)', async () => {
    for (const who of ['leader', 'xwb', 'unit']) {
      const s = await ctx.login(who, DEMO_PASSWORD);
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/accountability/assessors',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      });
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('a scheme rule deducts from an assessor flagged for its full-mark share, through the data the server hands in', async () => {
    const p = await loadPublished(ctx.handle.db, demoId, 2018);
    if (!p) throw new Error('2018 not published');
    const scheme = SchemeSchema.parse({
      ...p.scheme,
      deductions: [
        ...p.scheme.deductions,
        {
          id: 'assessorFullMarks',
          name: '考核主体满分率过高',
          amount: { kind: 'assessor', measure: 'fullMarkShare', above: 0.9, minScores: 5, points: 1 },
        },
      ],
    });
    const measures = await assessorMeasuresFor(ctx.handle.db, demoId, 2018, scheme, p.dataset);
    const share = new Map(measures.filter((m) => m.measure === 'fullMarkShare').map((m) => [m.unitId, m.value]));
    const given = new Map(measures.filter((m) => m.measure === 'scores').map((m) => [m.unitId, m.value]));
    const flagged = [...share].filter(([id, v]) => v > 0.9 && (given.get(id) ?? 0) >= 5).map(([id]) => id);
    const assessedFlagged = flagged.filter((id) => p.results.units.some((u) => u.unitId === id));
    expect(assessedFlagged.length).toBeGreaterThan(0);
    const after = compute(scheme, { ...p.dataset, assessorMeasures: measures } as Dataset);
    for (const u of p.results.units) {
      const a = after.units.find((x) => x.unitId === u.unitId);
      // Exactly one point more deducted from each flagged assessor unit, nothing for the others.
      expect(a?.deductions, u.unitId).toBeCloseTo(u.deductions + (assessedFlagged.includes(u.unitId) ? 1 : 0), 9);
    }
  });
});

describe('a county created from zero', () => {
  it('no published year: an empty list, not an error', async () => {
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/accountability/assessors' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().years).toEqual([]);
  });
});
