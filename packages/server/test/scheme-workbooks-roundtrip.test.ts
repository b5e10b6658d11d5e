import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants, unitGroups, units, users } from '../src/db/schema';
import { systemActor } from '../src/modules/auth/actor';
import { exportExcel, importExcel } from '../src/modules/excel/service';
import { parseDocument, walkIndicators, type SchemeDocument } from '../src/modules/schemes/document';
import { getDraftDocument, getSchemeByYear, saveDraft } from '../src/modules/schemes/service';
import { DEMO_GROUPS, demoUnits } from '../src/seed/demo-county';
import { seedDemoSchemes } from '../src/seed/schemes-seed';
import { createTestContext, type TestContext } from './helpers';

/**
 * Issue 17: a whole scheme goes through Excel and comes back the same. The demo's 2019 draft is exported as its
 * three workbooks (指标, 单位参数, 考核规则), the draft is emptied down to its groups, and the three files are imported
 * back: the scheme document is the one exported, field for field.
 */
let ctx: TestContext;
let tenantId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  const [t] = await db
    .insert(tenants)
    .values({ code: `w${randomUUID().slice(0, 8)}`, name: '示范县（往返）', currentYear: 2019 })
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
  await db.insert(users).values({
    tenantId,
    username: `office-${randomUUID().slice(0, 8)}`,
    displayName: '考核办',
    role: 'office',
    passwordHash: 'x',
  });
  await seedDemoSchemes(db, tenantId);
});
afterAll(() => ctx.close());

describe('the scheme through its workbooks', () => {
  it('the demo’s 2019 draft: exported as 指标, 单位参数 and 考核规则, imported into an emptied draft, is the same document', async () => {
    const db = ctx.handle.db;
    const actor = systemActor(tenantId);
    const scheme = await getSchemeByYear(db, actor, 2019);
    // the demo has no eligibility flag: give one leaf a flag on another input, then take the draft as it is
    const seeded = await getDraftDocument(db, actor, scheme.id);
    const withFlag = structuredClone(seeded.document);
    const [first, second] = walkIndicators(withFlag.engine).filter((r) => r.isLeaf);
    if (!first || !second) throw new Error('no leaves');
    first.indicator.flags = [
      { id: 'low-input', name: '投入低于42%', below: { value: 42, inclusive: false }, indicator: second.indicator.id },
    ];
    await saveDraft(db, actor, scheme.id, { version: seeded.version, document: withFlag, note: 'test: a flag' });
    const original = (await getDraftDocument(db, actor, scheme.id)).document;
    // what makes the trip worth taking: the demo uses these, so each must survive it
    const leaves = walkIndicators(original.engine).map((r) => r.indicator);
    const used = {
      unitParams: leaves.some((i) => Object.keys(i.unitParams).length > 0),
      process: leaves.some((i) => i.process !== undefined),
      appliesTo: leaves.some((i) => i.appliesTo !== undefined),
      flags: leaves.some((i) => i.flags.length > 0),
      missing: leaves.some((i) => i.missing !== 'zero'),
      deductions: original.engine.deductions.length > 0,
      vetoes: original.engine.vetoes.length > 0,
      bonus: original.engine.bonus.categories.length > 0,
      evaluation: original.engine.evaluation !== undefined,
    };
    expect(used).toEqual(Object.fromEntries(Object.keys(used).map((k) => [k, true])));
    const files = {
      indicators: await exportExcel(db, actor, 'indicators', 2019),
      unitparams: await exportExcel(db, actor, 'unitparams', 2019),
      rules: await exportExcel(db, actor, 'rules', 2019),
    };

    // the draft emptied: its groups without indicators or settings, no rules, the default tiering
    const emptied: SchemeDocument = parseDocument({
      engine: {
        // the scheme's identity (its name is the scheme's, not a rule)
        id: original.engine.id,
        name: original.engine.name,
        year: original.engine.year,
        groups: original.engine.groups.map((g) => ({ id: g.id, name: g.name, blocks: [] })),
        tiering: { tiers: [{ id: 'all' }] },
      },
      meta: { indicators: {}, ...(original.meta.inYear ? { inYear: original.meta.inYear } : {}) },
    });
    const draft = await getDraftDocument(db, actor, scheme.id);
    await saveDraft(db, actor, scheme.id, { version: draft.version, document: emptied, note: 'test: emptied' });
    expect((await getDraftDocument(db, actor, scheme.id)).document.engine.deductions).toEqual([]);

    // rules first: the indicators' scale columns then find the scheme's scale in place
    for (const kind of ['rules', 'indicators', 'unitparams'] as const) {
      const res = await importExcel(db, actor, kind, files[kind].body, 2019);
      expect(res.created, kind).toBeGreaterThan(0);
    }
    const back = (await getDraftDocument(db, actor, scheme.id)).document;
    expect(back.engine).toEqual(original.engine);
    expect(back.meta.indicators).toEqual(original.meta.indicators);
  });
});
