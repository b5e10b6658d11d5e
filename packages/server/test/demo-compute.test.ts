import fs from 'node:fs';
import path from 'node:path';
import {
  CELL_STATUSES,
  compute,
  computeQuotas,
  diagnoseResults,
  explainUnit,
  indicatorScores,
  mulberry32,
  validateDataset,
  type DatasetInput,
  type Results,
  type Scheme,
} from '@yardstick/engine';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngineInput } from '../src/commands/engine';
import { tenants } from '../src/db/schema';
import { systemActor } from '../src/modules/auth/actor';
import { parseDocument, walkIndicators } from '../src/modules/schemes/document';
import { getSchemeByYear, getVersion, loadCountyContext } from '../src/modules/schemes/service';
import { demoDataset, engineFileJson, UNIFORM_BALLOT_ID, type DatasetUnit } from '../src/seed/dataset-2018';
import { DEMO_TENANT, demoUnits } from '../src/seed/demo-county';
import { seedDemoOnce } from '../src/seed/demo';
import { createTestContext, type TestContext } from './helpers';

/**
 * Issue 3's last test: the demo county's 2018 data computes through the engine. The scheme is the published 2018
 * version read from a freshly seeded database; the data is `seed/dataset-2018.ts`.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const EXAMPLE = path.join(root, 'docs/examples/demo-2018.json');

let ctx: TestContext;
let scheme: Scheme;
let units: DatasetUnit[];
let dataset: DatasetInput;
let results: Results;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  // On a shared PostgreSQL another file may be seeding at the same moment: seedDemoOnce takes turns.
  await seedDemoOnce(ctx.handle);
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (!tenant) throw new Error('demo county not seeded');
  const actor = systemActor(tenant.id, DEMO_TENANT.name);
  const s2018 = await getSchemeByYear(db, actor, 2018);
  if (s2018.publishedVersion === null) throw new Error('2018 scheme not published');
  const version = await getVersion(db, actor, s2018.id, s2018.publishedVersion);
  scheme = parseDocument(version.document).engine;
  const county = await loadCountyContext(db, actor);
  units = county.units.filter((u) => u.active).map((u) => ({ code: u.code, name: u.name, group: u.groupCode }));
  dataset = demoDataset({ engine: scheme }, units);
  results = compute(scheme, dataset);
  // `UPDATE_EXAMPLES=1 npx vitest run --project server packages/server/test/demo-compute.test.ts` rewrites the example.
  if (process.env.UPDATE_EXAMPLES === '1') fs.writeFileSync(EXAMPLE, engineFileJson(scheme, dataset));
});
afterAll(() => ctx.close());

const unitOf = (id: string) => {
  const u = results.units.find((x) => x.unitId === id);
  if (!u) throw new Error(`no result for ${id}`);
  return u;
};

/** Fisher–Yates with a seeded generator: a reproducible shuffle. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const r = mulberry32(seed);
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('the demo county 2018 computes through the engine', () => {
  it('the dataset covers every unit and every leaf that applies to it, by unit code, and validates', () => {
    expect(units).toHaveLength(59);
    expect(dataset.units.map((u) => u.id)).toEqual(units.map((u) => u.code).sort());
    // Every applicable leaf has a row, except `upper` leaves (the city's result stands for every unit).
    const expected = new Set<string>();
    for (const leaf of walkIndicators(scheme)) {
      if (!leaf.isLeaf || leaf.indicator.method?.kind === 'upper') continue;
      for (const u of units.filter((x) => x.group === leaf.groupId))
        if (!leaf.indicator.appliesTo || leaf.indicator.appliesTo.includes(u.code))
          expected.add(`${u.code}/${leaf.indicator.id}`);
    }
    const rows = (dataset.values ?? []).map((v) => `${v.unitId}/${v.indicatorId}`);
    expect(new Set(rows)).toEqual(expected);
    expect(rows).toHaveLength(expected.size);
    expect(dataset.upper).toEqual([{ upperId: 'city-cityeval', rank: 3, score: 88.6, max: 100 }]);

    const v = validateDataset(dataset, scheme);
    expect(v.ok ? [] : v.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(v.ok && v.warnings).toEqual([]);
  });

  it('the data has the shape the story needs: lights, grades, events, records, ballots', () => {
    const values = dataset.values ?? [];
    const lights = values.flatMap((v) => (v.nodes ?? []).map((n) => ({ unit: v.unitId, light: n.light })));
    const count = (l: string) => lights.filter((x) => x.light === l).length;
    expect(count('green')).toBeGreaterThan(0.8 * lights.length);
    expect(count('yellow')).toBeGreaterThan(0);
    // Reds are concentrated in a few weak units.
    expect(new Set(lights.filter((x) => x.light === 'red').map((x) => x.unit))).toEqual(
      new Set(['XZ13', 'XZ18', 'ZF19']),
    );
    const grades = values.flatMap((v) => (v.grade ? [v.grade] : []));
    const ab = grades.filter((g) => g === 'A' || g === 'B').length;
    expect(ab).toBeGreaterThan(0.75 * grades.length);
    expect(grades).toContain('C');
    expect(grades).toContain('D');
    expect(values.some((v) => v.events?.some((e) => e.repeat))).toBe(true);
    expect(values.filter((v) => v.manual).every((v) => (v.manual?.reason ?? '').length > 0)).toBe(true);
    expect(values.some((v) => v.inputs && 'actual' in v.inputs && 'base' in v.inputs)).toBe(true);
    expect(dataset.vetoes).toHaveLength(1);
    expect(dataset.discipline).toHaveLength(1);
    expect(new Set((dataset.bonuses ?? []).map((b) => b.level))).toEqual(new Set(['national', 'provincial', 'city']));
    expect(dataset.units.every((u) => u.lastRank !== undefined && (u.history ?? []).length === 1)).toBe(true);
    const peers = (dataset.ballots ?? []).filter((b) => b.raterGroup === 'peers');
    expect(peers.some((b) => Object.values(b.marks).includes('不了解'))).toBe(true);
    expect(dataset.tallies?.length).toBe(59);
  });

  it('is publishable: no blocking issue, no blocked unit, no tie waiting for a decision', () => {
    const errors = results.issues.filter((i) => i.severity === 'error');
    expect(errors, errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toEqual([]);
    expect(results.publishable).toBe(true);
    expect(results.units.filter((u) => u.status !== 'ok')).toEqual([]);
    expect(results.groups.flatMap((g) => g.ties)).toEqual([]);
    // At most the engine's point-sum warnings remain (it adds up every unit's 特色指标 in the group's sum).
    expect(results.issues.filter((i) => i.code !== 'sum_mismatch')).toEqual([]);
    expect(results.units.every((u) => u.evaluation !== null)).toBe(true);
  });

  it('ranks and tiers every unit of every group', () => {
    const tierIds = scheme.tiering.tiers.map((t) => t.id);
    expect(results.groups.map((g) => g.groupId)).toEqual(['township', 'party', 'government', 'vertical']);
    for (const g of results.groups) {
      const members = units.filter((u) => u.group === g.groupId).map((u) => u.code);
      expect(g.unitCount).toBe(members.length);
      expect([...g.order].sort()).toEqual([...members].sort());
      const ranks = g.order.map((id) => unitOf(id).rank);
      expect(ranks).toEqual(ranks.map((_, i) => i + 1)); // no ties in the demo: 1 … n
      for (const id of g.order) expect(tierIds).toContain(unitOf(id).tier);
    }
  });

  it('tier counts per group match the quotas the engine reports (好 30% / 较好 40% / 一般 25%, half-up)', () => {
    const counts: Record<string, number[]> = {};
    for (const g of results.groups) {
      const quotas = computeQuotas(scheme.tiering, g.unitCount);
      expect(g.quotas.map((q) => q.quota)).toEqual(quotas);
      const perTier = g.quotas.map((q) => g.order.filter((id) => unitOf(id).tier === q.tier).length);
      expect(perTier).toEqual(g.quotas.map((q) => q.filled));
      // Vetoed and disciplined units land below their place, refilled from below: every quota is exactly filled.
      g.quotas.forEach((q) => {
        if (q.quota !== null) expect(q.filled, `${g.groupId} ${q.tier}`).toBe(q.quota);
      });
      counts[g.groupId] = perTier;
    }
    expect(counts).toEqual({
      township: [5, 7, 5, 1],
      party: [4, 5, 3, 0],
      government: [7, 9, 6, 1],
      vertical: [2, 2, 2, 0],
    });
  });

  it('diagnostics: routine done/not-done items gave every township full marks (the speech headline)', () => {
    const diag = diagnoseResults(results, scheme);
    const township = diag.groups.find((g) => g.groupId === 'township');
    if (!township) throw new Error('no township diagnostics');
    // Every unit an indicator applies to at full marks; a feature indicator of one township is not judged (its one
    // unit at full marks says nothing about discrimination: docs/scoring.md §11).
    const full = township.indicators.filter((d) => d.allFullMarks);
    for (const d of township.indicators.filter((x) => x.units < 2)) expect(d.allFullMarks, d.indicatorId).toBe(false);
    expect(full.length).toBeGreaterThan(0);
    expect(township.headline.fullMarkIndicators).toBe(full.length);
    expect(township.headline.text.zh).toMatch(/^共 \d+ 项指标中有 [1-9]\d* 项所有单位均为满分/);
    expect(diag.headline.fullMarkIndicators).toBeGreaterThan(0);
    // The nine 2018 routine items are among them, and every full-mark township item is routine work.
    const ids = full.map((d) => d.indicatorId);
    for (const id of ['plan', 'summary', 'meeting', 'ledger', 'infosys', 'training', 'publicity', 'duty', 'summary2'])
      expect(ids).toContain(`xz-${id}`);
    const leaves = new Map(walkIndicators(scheme).map((l) => [`${l.groupId}/${l.indicator.id}`, l.indicator]));
    for (const id of ids) expect(leaves.get(`township/${id}`)?.key, id).toBe(false);
  });

  it('feature indicators: every unit is scored out of the points that apply to it (recomputed by hand from the scores)', () => {
    const weighted = new Set(
      [...scheme.blocks, ...scheme.groups.flatMap((g) => g.blocks ?? [])]
        .filter((b) => b.weight !== undefined)
        .map((b) => b.id),
    );
    let featureUnits = 0;
    for (const g of scheme.groups) {
      // full-precision leaf scores and cell statuses (0 ok … 4 not applicable, results.ts CELL_STATUSES)
      const cols = indicatorScores(results, g.id);
      const m = cols.indicators.length;
      if (cols.indicators.some((i) => weighted.has(i.blockId))) continue;
      cols.unitIds.forEach((unitId, r) => {
        let points = 0;
        let earned = 0;
        let notApplicable = 0;
        let excluded = false;
        for (let j = 0; j < m; j++) {
          const st = CELL_STATUSES[cols.status[r * m + j] ?? 0];
          if (st === 'not-applicable') {
            notApplicable++;
            continue;
          }
          if (st === 'excluded') excluded = true;
          points += cols.indicators[j]?.points ?? 0;
          earned += cols.scores[r * m + j] ?? 0;
        }
        if (excluded) return;
        if (notApplicable > 0) featureUnits++;
        const u = unitOf(unitId);
        // Σ earned × 100 / Σ applicable points, rounded as published — other units' feature items never count
        expect(u.indicatorMax, unitId).toBeCloseTo(points, 9);
        expect(Math.abs(u.indicatorTotal - (earned * 100) / points), unitId).toBeLessThanOrEqual(0.005 + 1e-9);
      });
    }
    expect(featureUnits).toBeGreaterThanOrEqual(18); // every township has its own feature item
  });

  it('the discipline case moves 自然资源局 down one tier, in the trace', () => {
    const u = unitOf('ZF10');
    expect(u.naturalTier).toBe('good');
    expect(u.tier).toBe('fair');
    const x = explainUnit(results, 'ZF10');
    expect(x.adjustments).toContainEqual(
      expect.objectContaining({ kind: 'discipline', recordId: '2018-K01', counted: true }),
    );
    const steps = x.steps.map((s) => s.step);
    expect(steps).toContain('downgrade');
    expect(steps.indexOf('downgrade')).toBeGreaterThan(steps.indexOf('naturalTier'));
    expect(x.steps.find((s) => s.step === 'downgrade')?.detail).toContain('2018-K01');
  });

  it('bonus: one achievement at two levels counts once (highest), the total is capped at 5', () => {
    expect(unitOf('XZ02').bonus).toBe(2); // provincial 2 + city 1 for the same industrial park → 2
    expect(unitOf('XZ01').bonus).toBe(5); // 3 + 2 + 1 = 6 → cap 5
    expect(unitOf('ZF03').bonus).toBe(3);
    const x = explainUnit(results, 'XZ02').adjustments.filter((a) => a.kind === 'bonus');
    expect(x.find((a) => a.recordId === '2018-B05')).toMatchObject({ counted: false, points: 0 });
  });

  it('the criticism is deducted (a recurrence doubled), the veto bars 太平乡 from the top tiers', () => {
    expect(unitOf('XZ13').deductions).toBe(2); // city 1 + county 0.5 × 2 (same category again)
    expect(unitOf('ZF19').deductions).toBe(1);
    const t = unitOf('XZ16');
    expect(t.vetoes).toEqual(['poverty']);
    expect(t.tierIndex).toBeGreaterThanOrEqual(2);
    expect(t.award).toBe(false);
    // 金沙乡: 较差 in 2017 and 2018 → the scheme's consecutive-years consequence.
    expect(unitOf('XZ18').tier).toBe('poor');
    expect(unitOf('XZ18').consequences).toHaveLength(1);
  });

  it('the uniform ballot is counted as invalid; "don\'t know" answers are not votes', () => {
    const ballots = dataset.ballots ?? [];
    const uniform = ballots.find((b) => b.id === UNIFORM_BALLOT_ID);
    if (!uniform) throw new Error('no uniform ballot');
    const marks = Object.values(uniform.marks);
    expect(marks.length).toBe(18);
    expect(new Set(marks).size).toBe(1);
    for (const unitId of Object.keys(uniform.marks)) {
      const votes = (group: string, ok: (m: unknown) => boolean) =>
        ballots.filter((b) => b.raterGroup === group && unitId in b.marks && ok(b.marks[unitId])).length;
      const parts = explainUnit(results, unitId).evaluation;
      const leaders = votes('leaders', (m) => m !== null);
      expect(parts.find((p) => p.raterGroup === 'leaders')?.valid, unitId).toBe(leaders - 1);
      const peers = votes('peers', (m) => m !== null && m !== '不了解');
      expect(parts.find((p) => p.raterGroup === 'peers')?.valid, unitId).toBe(peers);
    }
    // Dropping the invalid ballot changes nothing at all.
    const without = compute(scheme, { ...dataset, ballots: ballots.filter((b) => b.id !== UNIFORM_BALLOT_ID) });
    expect(JSON.stringify(without)).toBe(JSON.stringify(results));
  });

  it('is deterministic: the dataset and the results are byte-identical on a second run', () => {
    expect(JSON.stringify(demoDataset({ engine: scheme }, units))).toBe(JSON.stringify(dataset));
    expect(JSON.stringify(demoDataset({ engine: scheme }, units.slice().reverse()))).toBe(JSON.stringify(dataset));
    expect(JSON.stringify(compute(scheme, dataset))).toBe(JSON.stringify(results));
  });

  it('shuffling the value rows (and ballots and records) gives identical results', () => {
    const once = JSON.stringify(results);
    for (const seed of [1, 2018]) {
      const mixed: DatasetInput = {
        ...dataset,
        units: shuffled(dataset.units, seed),
        values: shuffled(dataset.values ?? [], seed),
        ballots: shuffled(dataset.ballots ?? [], seed),
        tallies: shuffled(dataset.tallies ?? [], seed),
        bonuses: shuffled(dataset.bonuses ?? [], seed),
        deductions: shuffled(dataset.deductions ?? [], seed),
      };
      expect(JSON.stringify(compute(scheme, mixed))).toBe(once);
    }
  });

  it('docs/examples/demo-2018.json is the generator output and computes through the CLI loader', () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const file = loadEngineInput(EXAMPLE);
    if (!file.dataset) throw new Error('no dataset in the example');
    // The file's dataset is exactly what the generator makes for the file's scheme (regenerate with UPDATE_EXAMPLES=1).
    const raw = JSON.parse(text) as { dataset: unknown };
    expect(raw.dataset).toEqual(JSON.parse(JSON.stringify(demoDataset({ engine: file.scheme }, demoUnits()))));
    const r = compute(file.scheme, file.dataset);
    expect(r.publishable).toBe(true);
    expect(r.units).toHaveLength(59);
  });
});
