import { compute, type DatasetInput, type Scheme } from '@yardstick/engine';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationCampaigns, tenants } from '../src/db/schema';
import { systemActor } from '../src/modules/auth/actor';
import { evaluationInputs } from '../src/modules/evaluation/inputs';
import type { StoredConfig } from '../src/modules/evaluation/config';
import { countyUnits, readBallots, schemeOfYear } from '../src/modules/evaluation/service';
import { computeTally, type TallyResult } from '../src/modules/evaluation/tally';
import { demoDataset } from '../src/seed/dataset-2018';
import { DEMO_TENANT } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { DEMO_VOTING_CODES, seedEvaluationDemo } from '../src/seed/evaluation-demo';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
let tenantId: string;
let scheme: Scheme;
let dataset: DatasetInput;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoOnce(ctx.handle);
  const [t] = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!t) throw new Error('no demo county');
  tenantId = t.id;
  const s = await schemeOfYear(ctx.handle.db, systemActor(tenantId), 2018);
  if (!s) throw new Error('no 2018 scheme');
  scheme = s;
  const units = (await countyUnits(ctx.handle.db, tenantId)).filter((u) => u.active);
  dataset = demoDataset(
    { engine: scheme },
    units.map((u) => ({ code: u.code, name: u.name, group: u.groupCode })),
  );
});
afterAll(() => ctx.close());

async function campaign(year: number) {
  const [row] = await ctx.handle.db
    .select()
    .from(evaluationCampaigns)
    .where(and(eq(evaluationCampaigns.tenantId, tenantId), eq(evaluationCampaigns.year, year)));
  if (!row) throw new Error(`no ${year} campaign`);
  return row;
}

describe('demo evaluations', () => {
  it('2018 is closed and hands the engine the ballots of demoDataset: the same evaluation for every unit', async () => {
    expect((await campaign(2018)).status).toBe('closed');
    const inputs = await evaluationInputs(ctx.handle.db, tenantId, 2018);
    expect(inputs.status).toBe('closed');
    expect(inputs.ballots).toHaveLength(dataset.ballots?.length ?? -1);
    expect(inputs.tallies).toEqual(dataset.tallies);
    const fromDataset = compute(scheme, dataset);
    const fromDb = compute(scheme, { ...dataset, ballots: inputs.ballots, tallies: inputs.tallies });
    const ev = (r: typeof fromDb) => Object.fromEntries(r.units.map((u) => [u.unitId, u.evaluation]));
    expect(ev(fromDb)).toEqual(ev(fromDataset));
    expect(Object.values(ev(fromDb)).every((x) => typeof x === 'number')).toBe(true);
  });

  it('the stored 2018 tally shows the engine’s scores, the uniform ballot as invalid, trimmed marks', async () => {
    const tally = (await campaign(2018)).tally as TallyResult;
    expect(tally.scoredBy).toBe('engine');
    const results = compute(scheme, dataset);
    for (const u of results.units) {
      expect(tally.units.find((t) => t.unitCode === u.unitId)?.evaluation, u.unitId).toBe(u.evaluation);
    }
    expect(tally.ballots.find((b) => b.raterGroup === 'leaders')).toMatchObject({ ballots: 36, invalid: 1 });
    expect(tally.units.some((u) => u.groups.some((g) => g.trimmed.length === 2))).toBe(true);
  });

  it('2019 is open with part of the codes used, and the documented demo codes work', async () => {
    const c = await campaign(2019);
    expect(c.status).toBe('open');
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/evaluation/campaigns?year=2019` });
    // The test county is not the demo county: read turnout through the database instead.
    expect(res.statusCode).toBe(200);
    const rows = (await ctx.handle.db.execute(
      sql`select rater_group, count(*)::int as issued, sum(case when used then 1 else 0 end)::int as used
          from voting_codes where campaign_id = ${c.id} group by rater_group order by rater_group`,
    )) as unknown as { rows: { rater_group: string; issued: number; used: number }[] };
    for (const r of rows.rows) {
      expect(r.used, r.rater_group).toBeGreaterThan(0);
      expect(r.used, r.rater_group).toBeLessThan(r.issued);
    }
    for (const d of DEMO_VOTING_CODES) {
      const f = await ctx.app.inject({ method: 'POST', url: '/api/vote/form', payload: { code: d.code } });
      expect(f.statusCode, `${d.code} ${f.body}`).toBe(200);
      expect(f.json().raterGroup.id).toBe(d.raterGroup);
      if (d.unitCode) expect(f.json().units.map((u: { code: string }) => u.code)).not.toContain(d.unitCode);
    }
  });

  it('2019 holds a bloc of four identical service-recipient ballots: the tally would flag it at close', async () => {
    const c = await campaign(2019);
    const stored = await readBallots(ctx.handle.db, c.id);
    const s2019 = await schemeOfYear(ctx.handle.db, systemActor(tenantId), 2019);
    const tally = computeTally(c.config as StoredConfig, stored, await countyUnits(ctx.handle.db, tenantId), s2019);
    expect(tally.anomalies).toContainEqual({ kind: 'identical_ballots', raterGroup: 'public', count: 4 });
    // Every seeded ballot passes the campaign's rules (limits included), as a voted one would have to.
    expect(tally.ballots.every((b) => b.invalid === 0)).toBe(true);
  });

  it('seeding again adds nothing, and takes well under the start-up budget', async () => {
    const count = async () =>
      (
        (await ctx.handle.db.execute(sql`select count(*)::int as n from ballots`)) as unknown as {
          rows: { n: number }[];
        }
      ).rows[0]?.n;
    const before = await count();
    await seedEvaluationDemo(ctx.handle.db, tenantId);
    expect(await count()).toBe(before);
  });
});
