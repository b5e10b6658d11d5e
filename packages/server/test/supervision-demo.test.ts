import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityIndicatorNodes, supervisionItems, tenants } from '../src/db/schema';
import type { DbHandle } from '../src/db/client';
import { systemActor } from '../src/modules/auth/actor';
import { redLightCounts } from '../src/modules/city/results';
import { listSignals } from '../src/modules/signals/service';
import { supervisionValues } from '../src/modules/supervision/values';
import { seedDemo } from '../src/seed/demo';
import { seedSupervisionCity2019 } from '../src/seed/supervision-city-2019';
import { openTestDatabase } from './helpers';

let handle: DbHandle;
let tenantId: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  const existing = await handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, 'demo'));
  tenantId = existing[0]?.id ?? (await seedDemo(handle.db)).tenantId;
}, 120_000);
afterAll(() => handle.close());

describe('demo: 2019 supervision items, city indicators, signals', () => {
  it('has items in every state, some linked to 2019 indicators (their values flow to the engine)', async () => {
    const rows = await handle.db
      .select()
      .from(supervisionItems)
      .where(and(eq(supervisionItems.tenantId, tenantId), eq(supervisionItems.year, 2019)));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['ongoing', 'done', 'overdue', 'cancelled']));
    expect(new Set(rows.map((r) => r.kind))).toContain('leaderInstruction');
    expect(new Set(rows.map((r) => r.kind))).toContain('workReport');
    expect(rows.filter((r) => r.indicatorId).length).toBeGreaterThanOrEqual(2);
    const values = await supervisionValues(handle.db, tenantId, 2019);
    expect(values.length).toBeGreaterThanOrEqual(2);
  });

  it('has city nodes lit red, counted for the first half-year', async () => {
    const red = await handle.db
      .select()
      .from(cityIndicatorNodes)
      .where(and(eq(cityIndicatorNodes.tenantId, tenantId), eq(cityIndicatorNodes.light, 'red')));
    expect(red.length).toBeGreaterThanOrEqual(2);
    const counts = await redLightCounts(handle.db, tenantId, { from: '2019-01-01', to: '2019-06-30' });
    expect(counts.city.indicators).toBe(2);
  });

  it('shows every kind of fraud signal', async () => {
    const { counts } = await listSignals(handle.db, systemActor(tenantId), { year: 2019 });
    for (const kind of ['downwardCorrection', 'changedAfterApproval', 'sharedEvidence', 'outlierJump'] as const) {
      expect(counts[kind], kind).toBeGreaterThanOrEqual(1);
    }
  });

  it('is idempotent and fast on a second run', async () => {
    const before = await handle.db
      .select({ id: supervisionItems.id })
      .from(supervisionItems)
      .where(eq(supervisionItems.tenantId, tenantId));
    await seedSupervisionCity2019(handle.db, tenantId);
    const after = await handle.db
      .select({ id: supervisionItems.id })
      .from(supervisionItems)
      .where(eq(supervisionItems.tenantId, tenantId));
    expect(after.length).toBe(before.length);
  });
});
