/**
 * `npm run bench:yearend` — year-end on in-memory PGlite (issue 7 "Measured"):
 * 1. the demo county's 2018: compute from the database, approve, publish (a correction: the seed has published
 *    2018 already; it is the same transaction), generate the bulletin (.docx) and the results workbook (.xlsx);
 * 2. a synthetic province: BENCH_COUNTIES counties × BENCH_UNITS units × BENCH_INDICATORS indicators (default
 *    15 × 60 × 60), each county computed, approved, published and its bulletin generated, one after another.
 * Prints one line per step, then exactly one JSON line with every figure.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
import { reports, resultReviews, schemes, schemeVersions, tenants, unitGroups, units } from '../src/db/schema';
import { systemActor, type Actor } from '../src/modules/auth/actor';
import { bulletinFile, workbookFile } from '../src/modules/results/documents';
import { approveCorrection, prepareCorrection, publishCorrectionDraft } from '../src/modules/results/corrections';
import { approveYear, computeYear, publishYear } from '../src/modules/results/service';
import { seedDemo } from '../src/seed/demo';

const COUNTIES = Number(process.env.BENCH_COUNTIES ?? 15);
const UNITS = Number(process.env.BENCH_UNITS ?? 60);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 60);
const MB = 1024 * 1024;

interface Step {
  step: string;
  ms: number;
  peakRssMB: number;
  note: string;
}
const steps: Step[] = [];

async function measure<T>(step: string, fn: () => Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  let rss = 0;
  const sample = () => {
    rss = Math.max(rss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  const s = { step, ms: Math.round(ms), peakRssMB: Math.round(rss / MB), note: note(result) };
  steps.push(s);
  process.stdout.write(
    `${step.padEnd(44)} ${String(s.ms).padStart(7)} ms  ${String(s.peakRssMB).padStart(5)} MB  ${s.note}\n`,
  );
  return result;
}

const as = (tenantId: string, role: 'office' | 'leader'): Actor => ({ ...systemActor(tenantId, 'bench'), role });

async function reviewVersion(db: Parameters<typeof computeYear>[0], tenantId: string, year: number) {
  const [r] = await db
    .select({ v: resultReviews.version })
    .from(resultReviews)
    .where(and(eq(resultReviews.tenantId, tenantId), eq(resultReviews.year, year)));
  return r?.v ?? 1;
}

async function main() {
  const handle = await openDatabase({ kind: 'pglite-memory' });
  await handle.migrate();
  const db = handle.db;

  // 1. The demo county.
  const { tenantId } = await measure('demo: seed (all issues, 2018 published)', () => seedDemo(db));
  const office = as(tenantId, 'office');
  const leader = as(tenantId, 'leader');
  const computed = await measure(
    'demo 2018: compute from the database',
    () => computeYear(db, office, 2018),
    (o) => `${o.unitCount} units, ${o.blockers.length} blockers`,
  );
  if (computed.blockers.length > 0) throw new Error('demo 2018 has blockers');
  await measure('demo 2018: approve', async () =>
    approveYear(db, leader, 2018, { version: await reviewVersion(db, tenantId, 2018), note: 'bench' }),
  );
  // 2018 is published by the seed: the snapshot transaction is measured on a correction (draft approved first).
  const draft = await prepareCorrection(db, office, { year: 2018, reason: 'bench' });
  const approvedDraft = await approveCorrection(db, leader, 2018, draft.id, { version: draft.version, note: 'bench' });
  await measure(
    'demo 2018: publish (snapshot transaction)',
    () => publishCorrectionDraft(db, office, 2018, approvedDraft.id, { version: approvedDraft.version }),
    (s) => `seq ${s.seq}`,
  );
  await measure(
    'demo 2018: bulletin .docx',
    () => bulletinFile(db, office, 2018, 'published'),
    (f) => `${Math.round(f.body.length / 1024)} KB`,
  );
  await measure(
    'demo 2018: bulletin .docx (again, warm)',
    () => bulletinFile(db, office, 2018, 'published'),
    (f) => `${Math.round(f.body.length / 1024)} KB`,
  );
  await measure(
    'demo 2018: results .xlsx',
    () => workbookFile(db, office, 2018, 'published'),
    (f) => `${Math.round(f.body.length / 1024)} KB`,
  );
  await measure(
    'demo 2019: compute (preview with blockers)',
    () => computeYear(db, office, 2019),
    (o) => `${o.blockers.length} blockers`,
  );

  // 2. A synthetic province.
  const document = {
    engine: {
      id: 'bench',
      groups: [
        {
          id: 'g',
          name: '乡镇',
          blocks: [
            {
              id: 'b',
              indicators: Array.from({ length: INDICATORS }, (_, j) => ({
                id: `i${j}`,
                name: `指标${j}`,
                points: 100 / INDICATORS,
                method: { kind: 'ratio', target: 100 },
                assessorId: 'D1',
              })),
            },
          ],
        },
      ],
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.3 },
          { id: 'fair', name: '较好', share: 0.4 },
          { id: 'avg', name: '一般' },
        ],
        tiePolicy: 'allIn',
      },
    },
    meta: { indicators: {} },
  };
  const counties: string[] = [];
  await measure(
    `province: set up ${COUNTIES} × ${UNITS} units × ${INDICATORS} approved reports`,
    async () => {
      for (let c = 0; c < COUNTIES; c++) {
        const [t] = await db
          .insert(tenants)
          .values({ code: `bench${c}-${randomUUID().slice(0, 6)}`, name: `基准县${c}`, currentYear: 2019 })
          .returning();
        if (!t) throw new Error('no tenant');
        const [g] = await db
          .insert(unitGroups)
          .values({ tenantId: t.id, code: 'g', name: '乡镇', kind: 'township' })
          .returning();
        if (!g) throw new Error('no group');
        const us = await db
          .insert(units)
          .values(
            Array.from({ length: UNITS }, (_, i) => ({
              tenantId: t.id,
              code: `U${String(i).padStart(3, '0')}`,
              name: `单位${c}-${i}`,
              kind: 'township',
              groupId: g.id,
            })),
          )
          .returning({ id: units.id });
        const [s] = await db
          .insert(schemes)
          .values({ tenantId: t.id, year: 2019, name: '基准方案', publishedVersion: 1 })
          .returning();
        if (!s) throw new Error('no scheme');
        await db
          .insert(schemeVersions)
          .values({ tenantId: t.id, schemeId: s.id, versionNo: 1, status: 'published', document });
        const rows = us.flatMap((u, i) =>
          Array.from({ length: INDICATORS }, (_, j) => ({
            tenantId: t.id,
            year: 2019,
            unitId: u.id,
            indicatorId: `i${j}`,
            status: 'approved',
            value: 60 + ((i * 37 + j * 11 + c * 7) % 41) + ((i * 13 + j * 7) % 97) / 100,
          })),
        );
        for (let k = 0; k < rows.length; k += 2000) await db.insert(reports).values(rows.slice(k, k + 2000));
        counties.push(t.id);
      }
    },
    () => `${COUNTIES * UNITS * INDICATORS} reports`,
  );
  const perCounty: number[] = [];
  await measure(
    `province: compute + approve + publish + bulletin ×${COUNTIES}`,
    async () => {
      for (const id of counties) {
        const t0 = performance.now();
        const o = await computeYear(db, as(id, 'office'), 2019);
        if (o.blockers.length > 0) throw new Error(`blockers: ${o.blockers[0]?.kind}`);
        const r = await approveYear(db, as(id, 'leader'), 2019, {
          version: await reviewVersion(db, id, 2019),
          note: null,
        });
        await publishYear(db, as(id, 'office'), 2019, { version: r.review?.version ?? 0 });
        await bulletinFile(db, as(id, 'office'), 2019, 'published');
        perCounty.push(performance.now() - t0);
      }
    },
    () => {
      const sorted = perCounty.slice().sort((a, b) => a - b);
      return `per county median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, max ${Math.round(sorted[sorted.length - 1] ?? 0)} ms`;
    },
  );

  await handle.close();
  process.stdout.write(
    `${JSON.stringify({ bench: 'yearend', counties: COUNTIES, units: UNITS, indicators: INDICATORS, steps })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
