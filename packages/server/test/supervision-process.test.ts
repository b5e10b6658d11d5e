import { compute, explainUnit } from '@yardstick/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lights, supervisionItems } from '../src/db/schema';
import { collectInputs } from '../src/modules/results/collect';
import { createTestContext, type TestContext } from './helpers';
import { publishTestScheme } from './supervision-fixture';

// Issue 13.2: a supervision item linked to an indicator gives the indicator's year-end value; the process
// part still comes from the cell's node lights (docs/scoring.md "Supervision items").
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await publishTestScheme(ctx.handle.db, ctx.county.tenantId);
});
afterAll(() => ctx.close());

describe('a supervision link replaces the year-end value, not the node lights', () => {
  it('green nodes keep their process points; red nodes lose theirs', async () => {
    const db = ctx.handle.db;
    const t = ctx.county.tenantId;
    const { town1, town2 } = ctx.county.units;
    const base = { tenantId: t, year: 2019, kind: 'other', deadline: '2099-12-31' };
    // both townships' items are at 80 %; XZ01 has two green nodes, XZ02 two red ones
    await db.insert(supervisionItems).values([
      { ...base, title: 'a', ownerUnitId: town1, indicatorId: 't-rate', progress: 80 },
      { ...base, title: 'b', ownerUnitId: town2, indicatorId: 't-rate', progress: 80 },
    ]);
    const light = (unitId: string, nodeId: string, colour: string) => ({
      tenantId: t,
      year: 2019,
      unitId,
      indicatorId: 't-rate',
      nodeId,
      light: colour,
      reason: colour === 'red' ? 'missed' : 'onTrack',
      due: '2019-06-30',
    });
    await db
      .insert(lights)
      .values([
        light(town1, 'h1', 'green'),
        light(town1, 'h2', 'green'),
        light(town2, 'h1', 'red'),
        light(town2, 'h2', 'red'),
      ]);
    const c = await collectInputs(db, t, 2019);
    const cell = (u: string) => c.dataset.values?.find((v) => v.unitId === u && v.indicatorId === 't-rate');
    expect(cell('XZ01')).toMatchObject({
      value: 80,
      nodes: [
        { id: 'h1', light: 'green' },
        { id: 'h2', light: 'green' },
      ],
    });
    expect(cell('XZ02')).toMatchObject({
      value: 80,
      nodes: [
        { id: 'h1', light: 'red' },
        { id: 'h2', light: 'red' },
      ],
    });
    // t-rate: 40 points, process share 0.4 → nodes 16 + year-end 0.6 × 40 × 80 % = 19.2
    const r = compute(c.document?.engine as never, c.dataset);
    const score = (u: string) => explainUnit(r, u).indicators.find((i) => i.indicatorId === 't-rate')?.score;
    expect(score('XZ01')).toBeCloseTo(16 + 19.2, 9);
    expect(score('XZ02')).toBeCloseTo(19.2, 9);
    // the year-end reports of supervised cells are not missing; their node reports are not either (lights are set)
    expect(
      c.blockers.filter((b) => b.kind === 'missingReport' && b.indicatorId === 't-rate' && b.nodeId === ''),
    ).toEqual([]);
  });
});
