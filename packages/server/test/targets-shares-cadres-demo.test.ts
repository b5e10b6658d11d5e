import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../src/db/schema';
import { seedDemo, seedDemoOnce } from '../src/seed/demo';
import { DEMO_PASSWORD, DEMO_TENANT } from '../src/seed/demo-county';
import { createTestContext, type Session, type TestContext } from './helpers';

/**
 * Issue 20 in the demo: 2019's negotiations with the city (open, overdue on the demo's 2019-07-15, closed), the
 * shared tasks with their disputes, and the leadership teams in the 2018 cadre file.
 */
let ctx: TestContext;
let office: Session;
let leader: Session;
let nanhu: Session;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  const login = (name: string) => ctx.login(name, DEMO_PASSWORD);
  office = await login('office');
  leader = await login('leader');
  nanhu = await login('nanhu');
}, 240_000);
afterAll(() => ctx.close());

const get = (s: Session, url: string) =>
  ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });

describe('issue 20 in the demo', () => {
  it('negotiations: open, overdue against the city deadline (on the demo day) and closed', async () => {
    const res = await get(office, '/api/negotiations?year=2019');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.today).toBe('2019-07-15');
    expect(body.counts).toEqual({ open: 2, overdue: 1, closed: 2 });
    const evidence = await get(office, `/api/negotiations/${body.items[0].id}/evidence.xlsx`);
    expect(evidence.statusCode).toBe(200);
  });

  it('shared tasks: a lead and shares, a dispute waiting for the office; the unit sees only its own', async () => {
    const res = await get(office, '/api/shared-tasks?year=2019');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(2);
    expect(res.json().openDisputes).toBe(1);
    for (const t of res.json().items as { shares: { share: number }[] }[]) {
      expect(t.shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
    }
    const mine = await get(nanhu, '/api/shared-tasks?year=2019');
    expect(mine.json().items).toHaveLength(1);
  });

  it('cadre files: every unit of the 2018 results carries its principal leaders', async () => {
    const res = await get(leader, '/api/cadres/files?year=2018');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().units as { leaders: { principal: boolean }[]; rankHistory: unknown[] }[];
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.every((r) => r.leaders.filter((l) => l.principal).length >= 2)).toBe(true);
    const again = await seedDemo(ctx.handle.db);
    expect(again.tenantId).toBeTruthy();
    const twice = await get(leader, '/api/cadres?year=2018');
    expect(twice.json().items.length).toBe(rows.reduce((a, r) => a + r.leaders.length, 0));
  });
});
