import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schemeVersions, tenants, unitGroups, units } from '../src/db/schema';
import { systemActor } from '../src/modules/auth/actor';
import { walkIndicators } from '../src/modules/schemes/document';
import {
  createScheme,
  diffVersions,
  documentCounts,
  getDraftDocument,
  getScheme,
  getSchemeByYear,
  getVersion,
  listSchemes,
  saveDraft,
  storedDocumentCounts,
  validateScheme,
} from '../src/modules/schemes/service';
import type { Actor } from '../src/modules/auth/actor';
import { parseDocument } from '../src/modules/schemes/document';
import { DEMO_GROUPS, demoUnits } from '../src/seed/demo-county';
import { seedDemoSchemes } from '../src/seed/schemes-seed';
import { createTestContext, type TestContext } from './helpers';

/**
 * The demo schemes on a county shaped like 示范县 (its own tenant, so files sharing one PostgreSQL never
 * race on the demo county itself).
 */
let ctx: TestContext;
let tenantId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  const [t] = await db
    .insert(tenants)
    .values({ code: `d${randomUUID().slice(0, 8)}`, name: '示范县（测试）', currentYear: 2019 })
    .returning({ id: tenants.id });
  if (!t) throw new Error('no tenant');
  tenantId = t.id;
  const groups = await db
    .insert(unitGroups)
    .values(DEMO_GROUPS.map((g) => ({ ...g, tenantId })))
    .returning({ id: unitGroups.id, code: unitGroups.code });
  const groupId = new Map(groups.map((g) => [g.code, g.id]));
  await db
    .insert(units)
    .values(demoUnits().map(({ group, ...u }) => ({ ...u, tenantId, groupId: groupId.get(group) ?? '' })));
});
afterAll(() => ctx.close());

const actor = () => systemActor(tenantId);
const METHODS = [
  'binary',
  'deduction',
  'formula',
  'goalposts',
  'grade',
  'manual',
  'rank',
  'ratio',
  'steps',
  'topRatio',
  'upper',
];

describe('demo schemes', () => {
  it('seeds 2018 (published) and 2019 (published v1, draft v2), once', async () => {
    expect(await seedDemoSchemes(ctx.handle.db, tenantId)).toEqual({ created: [2018, 2019] });
    expect(await seedDemoSchemes(ctx.handle.db, tenantId)).toEqual({ created: [] });
    const s2018 = await getSchemeByYear(ctx.handle.db, actor(), 2018);
    expect(s2018).toMatchObject({ publishedVersion: 1, draftVersion: null });
    const s2019 = await getSchemeByYear(ctx.handle.db, actor(), 2019);
    expect(s2019).toMatchObject({ publishedVersion: 1, draftVersion: 2 });
    expect(s2019.versions.map((v) => v.status)).toEqual(['draft', 'published']);
  });

  it('every version validates with zero errors', async () => {
    for (const year of [2018, 2019]) {
      const s = await getSchemeByYear(ctx.handle.db, actor(), year);
      const report = await validateScheme(ctx.handle.db, actor(), s.id);
      expect(report.errors, `${year}`).toEqual([]);
      expect(report.burden).toHaveLength(4);
      // 2018 shows the speech's problems as warnings (routine work stuffed in, overlapping items); 2019 none.
      const codes = report.warnings.map((w) => w.code).sort();
      expect(codes, `${year}`).toEqual(year === 2018 ? ['overlap_name', 'overlap_source', 'routine_share'] : []);
    }
  });

  it('2019 has about 60 indicators per group, every engine method, and the speech rules', async () => {
    const s = await getSchemeByYear(ctx.handle.db, actor(), 2019);
    const v = await getVersion(ctx.handle.db, actor(), s.id, 1);
    const doc = parseDocument(v.document);
    const leaves = walkIndicators(doc.engine).filter((l) => l.isLeaf);
    for (const g of ['township', 'party', 'government', 'vertical']) {
      const n = leaves.filter((l) => l.groupId === g).length;
      expect(n, g).toBeGreaterThanOrEqual(55);
      expect(n, g).toBeLessThanOrEqual(65);
    }
    expect([...new Set(leaves.map((l) => l.indicator.method?.kind))].sort()).toEqual(METHODS);
    const e = doc.engine;
    expect(e.groups.every((g) => g.composite.a === 0.7 && g.composite.b === 0.3)).toBe(true);
    expect(e.bonus.categories.find((c) => c.id === 'commendation')).toMatchObject({
      levels: { national: 3, provincial: 2, city: 1 },
      cap: 5,
    });
    expect(e.bonus.categories.some((c) => c.id === 'potential')).toBe(true);
    expect(e.vetoes.map((x) => x.id)).toEqual(expect.arrayContaining(['clean-gov', 'poverty', 'anti-gang']));
    expect(e.deductions.find((d) => d.id === 'lights')?.amount).toEqual({
      kind: 'lights',
      yellow: { every: 2, points: 1 },
      red: { every: 1, points: 2 },
    });
    expect(e.tiering.tiers.map((t) => [t.name, t.share])).toEqual([
      ['好', 0.3],
      ['较好', 0.4],
      ['一般', 0.25],
      ['较差', undefined],
    ]);
    expect(e.discipline.steps).toBe(1);
    const sources = new Set(Object.values(doc.meta.indicators).map((m) => m.policySource));
    for (const src of ['central', 'cityKey', 'cityPlenary', 'workReport', 'leaderInstruction', 'county'])
      expect(sources).toContain(src);
    const due = Object.values(doc.meta.indicators).flatMap((m) => m.nodes ?? []);
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((n) => n.due.startsWith('2019-'))).toBe(true);
    expect(leaves.some((l) => l.indicator.appliesTo?.length === 1)).toBe(true);
  });

  it('2018 carries the routine done/not-done items; the 2019 draft differs from v1 in ways the diff shows', async () => {
    const s2018 = await getSchemeByYear(ctx.handle.db, actor(), 2018);
    const v2018 = parseDocument((await getVersion(ctx.handle.db, actor(), s2018.id, 1)).document);
    const routine = walkIndicators(v2018.engine).filter(
      (l) => l.isLeaf && l.indicator.method?.kind === 'binary' && !l.indicator.key,
    );
    expect(routine.length).toBeGreaterThanOrEqual(8);
    const s2019 = await getSchemeByYear(ctx.handle.db, actor(), 2019);
    const draft = await getDraftDocument(ctx.handle.db, actor(), s2019.id);
    expect(draft.versionNo).toBe(2);
    const diff = await diffVersions(ctx.handle.db, actor(), {
      from: { schemeId: s2019.id, versionNo: 1 },
      to: { schemeId: s2019.id, versionNo: 2 },
    });
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, rules: 2 });
    const years = await diffVersions(ctx.handle.db, actor(), {
      from: { schemeId: s2018.id, versionNo: 1 },
      to: { schemeId: s2019.id, versionNo: 1 },
    });
    expect(years.summary.removed).toBe(9);
    expect(years.rules.some((r) => r.area === 'evaluation')).toBe(true);
    expect(years.rules.some((r) => r.area === 'composite')).toBe(true);
  });

  it('the tenant holds nothing of the other counties', async () => {
    const rows = await ctx.handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
    expect(rows).toHaveLength(1);
  });
});

describe('scheme list counts (SQL)', () => {
  /** Leaves with children, empty children, shared and own trees, excluded leaves and excluded subtrees. */
  function treeDocument() {
    const leaf = (id: string, points = 1) => ({
      id,
      name: id,
      points,
      assessorId: 'ZF01',
      method: { kind: 'ratio', target: 1 },
    });
    const parent = (id: string, children: unknown[]) => ({ id, name: id, points: children.length, children });
    return {
      engine: {
        id: 'x',
        blocks: [
          {
            id: 'shared',
            indicators: [
              parent('p1', [leaf('c1'), parent('c2', [leaf('c2a'), leaf('c2b'), parent('c2c', [leaf('c2c1')])])]),
              leaf('l1'),
              { ...leaf('p2'), children: [] },
              leaf('l2'),
            ],
          },
          { id: 'more', indicators: [parent('p3', [leaf('d1'), leaf('d2')]), leaf('l3')] },
        ],
        groups: [
          { id: 'township', name: '乡镇', exclude: ['c2', 'l2'] },
          { id: 'party', name: '党群', exclude: ['p1', 'c2c1', 'nothing'] },
          {
            id: 'government',
            name: '政府部门',
            exclude: ['g-x1'],
            blocks: [
              { id: 'own', indicators: [parent('g-p', [leaf('g-x1'), parent('g-q', [leaf('g-y')])]), leaf('g-z')] },
              { id: 'empty', indicators: [] },
            ],
          },
          { id: 'vertical', name: '垂直', blocks: [] },
        ],
        tiering: { tiers: [{ id: 'all', name: '全部' }] },
      },
      meta: { indicators: {} },
    };
  }

  const reader = (): Actor => ({ ...actor(), userId: randomUUID(), role: 'leader' });

  it('count every version as the documents count in JS (demo schemes and a tree with exclusions)', async () => {
    const db = ctx.handle.db;
    const created = await createScheme(db, actor(), { year: 2031, name: '树形测试方案' });
    const draft = await getDraftDocument(db, actor(), created.id);
    await saveDraft(db, actor(), created.id, { version: draft.version, document: treeDocument() });
    const tree = documentCounts(parseDocument(treeDocument()));
    // township (c2 cuts c2a, c2b, c2c1): c1, l1, p2, d1, d2, l3 → 6; party (p1 cuts its whole tree): l1, p2, l2,
    // d1, d2, l3 → 6; government (own blocks, g-x1 excluded): g-y, g-z → 2; vertical (no blocks): 0.
    expect(tree).toEqual({ indicatorCount: 14, groupCount: 4 });

    const schemeList = await listSchemes(db, actor());
    expect(schemeList.map((s) => s.year)).toEqual([2031, 2019, 2018]);
    const versions: { schemeId: string; versionNo: number }[] = [];
    for (const s of schemeList) {
      const detail = await getScheme(db, actor(), s.id);
      for (const v of detail.versions) versions.push({ schemeId: s.id, versionNo: v.no });
    }
    expect(versions).toHaveLength(4);
    const storedCounts = await storedDocumentCounts(db, tenantId, versions);
    // Versions written before the counts were stored are counted in SQL over the documents: the same numbers.
    await db.execute(
      sql`update scheme_versions set indicator_count = null, group_count = null where tenant_id = ${tenantId}`,
    );
    const sqlCounts = await storedDocumentCounts(db, tenantId, versions);
    for (const { schemeId, versionNo } of versions) {
      const js = documentCounts(parseDocument((await getVersion(db, actor(), schemeId, versionNo)).document));
      expect(storedCounts.get(`${schemeId}:${versionNo}`), `stored ${schemeId} v${versionNo}`).toEqual(js);
      expect(sqlCounts.get(`${schemeId}:${versionNo}`), `${schemeId} v${versionNo}`).toEqual(js);
      expect(js.indicatorCount).toBeGreaterThan(0);
      // Put the stored counts back for the tests after this one.
      await db
        .update(schemeVersions)
        .set(js)
        .where(and(eq(schemeVersions.schemeId, schemeId), eq(schemeVersions.versionNo, versionNo)));
    }
    // The list and the detail show the counts of the version people see first (a reader: the published one).
    for (const who of [actor(), reader()]) {
      for (const s of await listSchemes(db, who)) {
        const no = s.draftVersion ?? s.publishedVersion;
        const js =
          no === null
            ? documentCounts(null)
            : documentCounts(parseDocument((await getVersion(db, who, s.id, no)).document));
        expect({ indicatorCount: s.indicatorCount, groupCount: s.groupCount }, `${s.year}`).toEqual(js);
        const detail = await getScheme(db, who, s.id);
        expect(detail).toMatchObject({ indicatorCount: s.indicatorCount, groupCount: s.groupCount });
        for (const v of detail.versions) {
          const doc = parseDocument((await getVersion(db, who, s.id, v.no)).document);
          expect(v.indicatorCount, `${s.year} v${v.no}`).toBe(documentCounts(doc).indicatorCount);
        }
      }
    }
    // A reader does not see 2031 (never published) at all.
    expect((await listSchemes(db, reader())).map((s) => s.year)).toEqual([2019, 2018]);
  });

  it('lists in two queries, however many schemes there are', async () => {
    const db = ctx.handle.db;
    const select = vi.spyOn(db, 'select');
    const execute = vi.spyOn(db, 'execute');
    try {
      const items = await listSchemes(db, actor());
      expect(items).toHaveLength(3);
      // The schemes, then the counts stored on their versions; the jsonb walk is only for rows without counts.
      expect(select).toHaveBeenCalledTimes(2);
      expect(execute).toHaveBeenCalledTimes(0);
    } finally {
      select.mockRestore();
      execute.mockRestore();
    }
  });
});
