/**
 * `npm run bench:engine` — the engine's budget on a seeded synthetic province year (ARCHITECTURE "Budgets",
 * issue 3 "How fast"). Prints a table, then exactly one JSON line:
 * {"units","indicators","nodes","computeMs","diagnoseMs","incrementalMs","sqlMs","streamMs","sensitivityMs","heapMB"}
 *
 * Each figure is the median of several runs after warm-up. The bench is not engine code: it may use the
 * clock, the console and a database. Environment: BENCH_SEED (default 20190101), BENCH_RUNS (default 5),
 * BENCH_SQL=0 to skip the SQL baseline, DATABASE_URL to also run it on PostgreSQL (sqlMs is then the
 * faster of the two databases).
 */
import { PGlite } from '@electric-sql/pglite';
import { compute, prepare, type Results } from '../src/index';
import { diagnose, sensitivity } from '../src/analysis/index';
import { groupMatrices, schemeTierer } from '../src/analysis/from-results';
import { mulberry32 } from '../src/analysis/prng';
import { synthYear, TIER_NAMES, type SynthYear } from './synth';
import { loadPg, loadPglite, scoringSql, type SqlDb, type SqlRow } from './sql';

const SEED = Number(process.env.BENCH_SEED ?? 20190101);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const WITH_SQL = process.env.BENCH_SQL !== '0';

const rows: [string, string, string][] = [];
let peakHeap = 0;
function sampleHeap(): void {
  const m = process.memoryUsage();
  // Typed arrays live outside the JS heap; count them, since they are most of the engine's memory.
  peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function timeIt<T>(
  label: string,
  runs: number,
  warmups: number,
  fn: () => T | Promise<T>,
  note = '',
): Promise<{ ms: number; last: T }> {
  let last: T | undefined;
  for (let w = 0; w < warmups; w++) {
    last = await fn();
    sampleHeap();
  }
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
    sampleHeap();
  }
  const ms = median(times);
  rows.push([
    label,
    ms.toFixed(1),
    note || `median of ${runs}, min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}`,
  ]);
  return { ms, last: last as T };
}

/** One sequential pass: the floor any computation over the whole input has to pay. */
function sumAll(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] as number;
  return s;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Compare the SQL answer with the engine's: composites within 0.005 and the same rank and tier. */
function crossCheck(results: Results, sql: readonly SqlRow[]): string {
  const byId = new Map(results.units.map((u) => [u.unitId, u]));
  let maxDiff = 0;
  let rankDiff = 0;
  let tierDiff = 0;
  for (const r of sql) {
    const u = byId.get(r.unit);
    if (!u) continue;
    maxDiff = Math.max(maxDiff, Math.abs(u.composite - r.composite));
    if (u.rank !== r.rank) rankDiff++;
    if (u.tierIndex !== r.tier) tierDiff++;
  }
  return `vs engine: max |Δcomposite| ${maxDiff.toFixed(4)}, ${rankDiff} rank and ${tierDiff} tier differences of ${sql.length}`;
}

async function sqlBaseline(y: SynthYear, results: Results): Promise<number> {
  const db = await PGlite.create();
  const t0 = performance.now();
  await loadPglite(db as unknown as Parameters<typeof loadPglite>[0], y);
  rows.push([
    'PGlite load (not timed in sqlMs)',
    (performance.now() - t0).toFixed(0),
    `${y.unitIds.length * y.indicators.length} value rows, COPY`,
  ]);
  const q = scoringSql(y);
  const { ms, last } = await timeIt(
    'SQL scoring+rank+tier on PGlite',
    3,
    1,
    async () => (await db.query<SqlRow>(q)).rows,
  );
  rows.push(['  cross-check', '', crossCheck(results, last)]);
  await db.close();
  const url = process.env.DATABASE_URL;
  if (url) {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    const pgDb: SqlDb = {
      exec: (sql) => client.query(sql),
      query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
    };
    const t1 = performance.now();
    await loadPg(pgDb, y);
    rows.push(['PostgreSQL load (not timed)', (performance.now() - t1).toFixed(0), 'batched INSERT … unnest']);
    const pgRun = await timeIt(
      'SQL scoring+rank+tier on PostgreSQL',
      3,
      1,
      async () => (await pgDb.query<SqlRow>(q)).rows,
    );
    rows.push(['  cross-check', '', crossCheck(results, pgRun.last)]);
    await client.query('drop table if exists b_vals, b_inds, b_units, b_bonus');
    await client.end();
    // Report the faster database, so that the ratio is the harder one to meet.
    return Math.min(ms, pgRun.ms);
  }
  return ms;
}

async function main(): Promise<void> {
  const spec = { groups: 10, unitsPerGroup: 300, indicators: 300, nodes: 12, seed: SEED };
  const tBuild = performance.now();
  const year = synthYear(spec);
  const U = year.unitIds.length;
  const I = year.indicators.length;
  const K = spec.nodes;
  rows.push([
    'build synthetic year',
    (performance.now() - tBuild).toFixed(0),
    `${U} units × ${I} indicators × ${K} nodes, seed ${SEED}`,
  ]);

  // Full compute: scores, aggregation, ranks, tiers, trace.
  const { ms: computeMs, last: results } = await timeIt('compute (full year)', RUNS, 2, () =>
    compute(year.scheme, year.dataset, { trusted: true }),
  );

  const afterCompute = peakHeap;
  const bonusOf = new Map<string, number>();
  for (const b of year.bonusRecords) bonusOf.set(b.unitId, Math.min(5, (bonusOf.get(b.unitId) ?? 0) + b.points));

  // Diagnostics on the computed indicator scores (matrix extraction included).
  const { ms: diagnoseMs, last: diag } = await timeIt('diagnose (all groups, from results)', RUNS, 1, () =>
    diagnose(groupMatrices(results, year.scheme)),
  );
  const matrices = groupMatrices(results, year.scheme);
  await timeIt(
    '  of which: extract score matrices',
    RUNS,
    0,
    () => groupMatrices(results, year.scheme),
    'columnar, via indicatorScores (no per-unit explanation)',
  );
  await timeIt('  of which: diagnostics on matrices', RUNS, 0, () => diagnose(matrices));
  rows.push(['  headline', '', diag.headline.text.en]);
  const sev: Record<string, number> = {};
  for (const g of diag.groups) for (const d of g.indicators) sev[d.severity] = (sev[d.severity] ?? 0) + 1;
  rows.push([
    '  flagged indicators',
    String(diag.groups.reduce((s, g) => s + g.flagged, 0)),
    `of ${diag.groups.reduce((s, g) => s + g.indicators.length, 0)} group × indicator; by severity ${Object.entries(sev)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ]);
  // base = composite − scores · weights should be the capped bonus (scores are at full precision).
  let maxRecon = 0;
  for (const g of matrices) {
    const base = g.base ?? new Float64Array(0);
    for (let i = 0; i < base.length; i++)
      maxRecon = Math.max(maxRecon, Math.abs((base[i] as number) - (bonusOf.get(g.unitIds[i] ?? '') ?? 0)));
  }
  rows.push([
    '  matrix check',
    '',
    `max |base − capped bonus| = ${maxRecon.toExponential(1)} (floating-point noise only)`,
  ]);

  // Incremental: one unit's value changes, the engine rescores that cell and re-ranks its group.
  const prepared = prepare(year.scheme, year.dataset, { trusted: true });
  prepared.results();
  let flip = 0;
  const target = year.unitIds[1234 % U] ?? '';
  const ind = year.indicators[7 % I];
  const { ms: incrementalMs } = await timeIt('incremental recompute (1 cell)', Math.max(RUNS, 9), 3, () => {
    flip++;
    return prepared.recompute([{ unitId: target, indicatorId: ind?.id ?? '', value: 40 + (flip % 50) }]);
  });

  // Memory-streaming baseline: one pass over a Float64Array as large as the input (values + node lights).
  const cells = U * I * (K + 1);
  const big = new Float64Array(cells);
  const fill = mulberry32(SEED);
  for (let k = 0; k < cells; k++) big[k] = fill.next();
  let sink = 0;
  const { ms: streamMs } = await timeIt(
    'stream: sum a Float64Array',
    Math.max(RUNS, 7),
    2,
    () => {
      const s = sumAll(big);
      sink += s;
      return s;
    },
    `${(cells / 1e6).toFixed(1)} M doubles = ${((cells * 8) / 2 ** 20).toFixed(0)} MiB (values + node lights)`,
  );
  if (sink === -1) console.log(sink);

  // Sensitivity on a county-sized year: 150 units (3 groups of 50) × 100 indicators, 1,000 draws,
  // tiers through the core's own ranking and tiering.
  const county = synthYear({ groups: 3, unitsPerGroup: 50, indicators: 100, nodes: K, seed: SEED + 1 });
  const countyResults = compute(county.scheme, county.dataset, { trusted: true });
  const countyGroups = groupMatrices(countyResults, county.scheme);
  const tierer = schemeTierer(countyResults, countyGroups);
  const { ms: sensitivityMs, last: sens } = await timeIt('sensitivity 1,000 draws (150 × 100)', 3, 1, () =>
    sensitivity(
      { groups: countyGroups.map((g) => ({ ...g, tierNames: [...TIER_NAMES] })), tierer },
      { runs: 1000, seed: SEED, spread: 0.25 },
    ),
  );
  rows.push([
    '  fragile boundaries',
    String(sens.fragileBoundaries),
    `of ${sens.boundaries.length}, seed ${sens.seed}`,
  ]);

  const heapMB = round1(peakHeap / 2 ** 20);
  big.fill(0);

  let sqlMs = 0;
  if (WITH_SQL) sqlMs = await sqlBaseline(year, results);

  const mem = process.memoryUsage();
  rows.push([
    'peak engine heap + typed arrays (MB)',
    String(heapMB),
    `${round1(afterCompute / 2 ** 20)} MB by the end of compute; the rest is diagnostics and the county year for sensitivity. rss now ${(mem.rss / 2 ** 20).toFixed(0)} MB${WITH_SQL ? ' (includes PGlite)' : ''}`,
  ]);
  rows.push([
    'ratios',
    '',
    `sql/compute ${WITH_SQL ? (sqlMs / computeMs).toFixed(1) : 'skipped (BENCH_SQL=0)'} (≥ 5), compute/stream ${(computeMs / streamMs).toFixed(1)} (≤ 20)`,
  ]);

  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length), 8);
  console.log(`${'measure'.padEnd(w0)}  ${'ms'.padStart(w1)}  note`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  console.log(
    JSON.stringify({
      units: U,
      indicators: I,
      nodes: K,
      computeMs: round1(computeMs),
      diagnoseMs: round1(diagnoseMs),
      incrementalMs: round1(incrementalMs),
      sqlMs: round1(sqlMs),
      streamMs: round1(streamMs),
      sensitivityMs: round1(sensitivityMs),
      heapMB,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
