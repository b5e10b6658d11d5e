import JSZip from 'jszip';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reports, resultSnapshots, schemes, schemeVersions, units } from '../src/db/schema';
import { getPublished } from '../src/modules/results/read';
import { createTestContext, type TestContext } from './helpers';

/**
 * A boundary tie decided by the leadership group (PRODUCT.md A5), by hand: four townships, one indicator of 100
 * points (completion ratio, target 100). 一号镇 90, 二号乡 90, 三号镇 80, 四号乡 70. Tiers: 好 0.25 × 4 = 1 place,
 * 较好 0.5 × 4 = 2 places, 一般 the rest; tie policy `flag`.
 * - Undecided: 一号镇 and 二号乡 tie at 90 for the one 好 place → both out (好 empty), 较好 = 一号镇, 二号乡,
 *   一般 = 三号镇, 四号乡; approval refused, naming the tie.
 * - Decided 二号乡 before 一号镇: 好 = 二号乡, 较好 = 一号镇, 三号镇, 一般 = 四号乡.
 */
const YEAR = 2019;
let ctx: TestContext;
let tenantId: string;
const unitIds: Record<string, string> = {};

const SCHEME = {
  engine: {
    id: 'tie-2019',
    name: '测试县2019年度实绩考核方案',
    year: YEAR,
    groups: [
      {
        id: 'township',
        name: '乡镇',
        blocks: [
          {
            id: 'work',
            name: '重点工作',
            indicators: [
              {
                id: 'i1',
                name: '项目投资完成率',
                points: 100,
                method: { kind: 'ratio', target: 100 },
                assessorId: 'ZF02',
              },
            ],
          },
        ],
      },
    ],
    tiering: {
      tiers: [
        { id: 'good', name: '好', share: 0.25 },
        { id: 'fair', name: '较好', share: 0.5 },
        { id: 'poor', name: '一般' },
      ],
      tiePolicy: 'flag',
    },
  },
  meta: { indicators: {} },
};

const office = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.injectAs('office', { method, url, payload });
const leader = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.injectAs('leader', { method, url, payload });

async function setValue(code: string, value: number) {
  await ctx.handle.db
    .insert(reports)
    .values({
      tenantId,
      year: YEAR,
      unitId: unitIds[code] ?? '',
      indicatorId: 'i1',
      nodeId: '',
      status: 'approved',
      value,
    })
    .onConflictDoUpdate({
      target: [reports.tenantId, reports.year, reports.unitId, reports.indicatorId, reports.nodeId],
      set: { value, status: 'approved' },
    });
}

async function compute() {
  const res = await office('POST', `/api/results/${YEAR}/compute`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { blockers: { kind: string }[] };
}

async function review() {
  return (await office('GET', `/api/results/${YEAR}`)).json() as {
    review: { version: number };
    blockers: { kind: string }[];
    tieDecisions: { status: string; minutesRef: string; order: { unitCode: string }[] }[];
  };
}

async function tiers(source: 'preview' | 'published' = 'preview') {
  const r = (await office('GET', `/api/results/${YEAR}/ranking?source=${source}`)).json() as {
    groups: {
      rows: { unitCode: string; tierName: string }[];
      ties: { needsDecision: boolean; resolution: string; decision: { ref: string | null } | null }[];
    }[];
  };
  const g = r.groups[0];
  return {
    tiers: Object.fromEntries((g?.rows ?? []).map((x) => [x.unitCode, x.tierName])),
    ties: g?.ties ?? [],
  };
}

const DECISION = {
  groupId: 'township',
  tier: 'good',
  order: ['XZ02', 'XZ01'],
  meetingDate: '2020-01-10',
  minutesRef: '县考核领导小组2020年第1次会议纪要',
};

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.handle.db;
  tenantId = ctx.county.tenantId;
  await db.insert(units).values([
    { tenantId, code: 'XZ03', name: '三号镇', kind: 'township', groupId: ctx.county.groups.township, sortOrder: 3 },
    { tenantId, code: 'XZ04', name: '四号乡', kind: 'township', groupId: ctx.county.groups.township, sortOrder: 4 },
  ]);
  for (const u of await db.select().from(units).where(eq(units.tenantId, tenantId))) unitIds[u.code] = u.id;
  const [s] = await db
    .insert(schemes)
    .values({ tenantId, year: YEAR, name: SCHEME.engine.name, publishedVersion: 1 })
    .returning();
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({
    tenantId,
    schemeId: s.id,
    versionNo: 1,
    status: 'published',
    document: SCHEME,
    publishedAt: new Date(),
  });
  for (const [code, v] of Object.entries({ XZ01: 90, XZ02: 90, XZ03: 80, XZ04: 70 })) await setValue(code, v);
}, 60_000);

afterAll(() => ctx.close());

describe('a boundary tie decided by the leadership group', () => {
  it('undecided: the tie is a blocker and approval is refused with an error naming the tie', async () => {
    const c = await compute();
    expect(c.blockers.map((b) => b.kind)).toEqual(['tieNeedsDecision']);
    const t = await tiers();
    expect(t.tiers).toEqual({ XZ01: '较好', XZ02: '较好', XZ03: '一般', XZ04: '一般' });
    expect(t.ties[0]).toMatchObject({ needsDecision: true, resolution: 'flag', decision: null });
    const refused = await leader('POST', `/api/results/${YEAR}/approve`, { version: (await review()).review.version });
    expect(refused.statusCode).toBe(409);
    const err = refused.json().error as { code: string; message: string };
    expect(err.code).toBe('RESULTS_TIE_UNDECIDED');
    expect(err.message).toContain('乡镇“好”等次：一号镇、二号乡（均为 90 分，1 个名额）');
  });

  it('the office records it (refused for others and for an order that is not the tied units); audited', async () => {
    const url = `/api/results/${YEAR}/tie-decisions`;
    expect((await leader('POST', url, DECISION)).statusCode).toBe(403);
    expect((await ctx.injectAs('unit', { method: 'POST', url, payload: DECISION })).statusCode).toBe(403);
    const wrong = await office('POST', url, { ...DECISION, order: ['XZ02', 'XZ03'] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('TIE_ORDER_INVALID');
    expect((await office('POST', url, { ...DECISION, tier: 'fair' })).json().error.code).toBe('TIE_NOT_FOUND');

    const ok = await office('POST', url, DECISION);
    expect(ok.statusCode, ok.body).toBe(200);
    const view = ok.json() as Awaited<ReturnType<typeof review>>;
    expect(view.blockers).toEqual([]);
    expect(view.tieDecisions).toEqual([
      expect.objectContaining({
        status: 'applied',
        minutesRef: DECISION.minutesRef,
        meetingDate: '2020-01-10',
        score: 90,
        tierName: '好',
        order: [
          { unitCode: 'XZ02', unitName: '二号乡' },
          { unitCode: 'XZ01', unitName: '一号镇' },
        ],
      }),
    ]);
    // The decision feeds the computation: 二号乡 takes the 好 place, 一号镇 and 三号镇 fill 较好.
    const t = await tiers();
    expect(t.tiers).toEqual({ XZ01: '较好', XZ02: '好', XZ03: '较好', XZ04: '一般' });
    expect(t.ties[0]).toMatchObject({
      needsDecision: false,
      resolution: 'decided',
      decision: { ref: DECISION.minutesRef },
    });
    const audits = await ctx.handle.db
      .select({ summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, 'results.tieDecision')));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.summary).toContain('县考核领导小组2020年第1次会议纪要');
    expect(audits[0]?.summary).toContain('二号乡列入“好”等次');
  });

  it('a recompute that changes the tie voids the decision (stale) and the tie is flagged again', async () => {
    await setValue('XZ01', 85);
    await setValue('XZ02', 85);
    const c = await compute();
    expect(c.blockers.map((b) => b.kind)).toEqual(['tieNeedsDecision']);
    expect((await review()).tieDecisions[0]?.status).toBe('stale');
    const refused = await leader('POST', `/api/results/${YEAR}/approve`, { version: (await review()).review.version });
    expect(refused.json().error.code).toBe('RESULTS_TIE_UNDECIDED');
    // Back to the figures the group decided on: the decision names them, so it applies again.
    await setValue('XZ01', 90);
    await setValue('XZ02', 90);
    expect((await compute()).blockers).toEqual([]);
    expect((await review()).tieDecisions[0]?.status).toBe('applied');
  });

  it('decided → approved and published; the snapshot and the bulletin carry the decision', async () => {
    const approved = await leader('POST', `/api/results/${YEAR}/approve`, {
      version: (await review()).review.version,
      note: '同意',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const published = await office('POST', `/api/results/${YEAR}/publish`, {
      version: (await review()).review.version,
    });
    expect(published.statusCode, published.body).toBe(201);
    const p = await getPublished(ctx.handle.db, tenantId, YEAR);
    expect(p?.results.units.find((u) => u.unitId === 'XZ02')?.tier).toBe('good');
    expect(p?.dataset.tieDecisions?.[0]).toMatchObject({ order: ['XZ02', 'XZ01'], ref: DECISION.minutesRef });
    expect((await tiers('published')).ties[0]?.decision?.ref).toBe(DECISION.minutesRef);
    const docx = await office('GET', `/api/results/${YEAR}/bulletin.docx`);
    const text = (
      (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? ''
    ).replace(/<[^>]+>/g, '');
    // The leadership group is named as the county's office is (中共X委考核工作领导小组), one name throughout.
    expect(text).toMatch(
      /一号镇、二号乡综合得分同为90分，在“好”等次边界并列（1个名额），经中共.+委考核工作领导小组研究（县考核领导小组2020年第1次会议纪要，2020年1月10日），确定二号乡列入“好”等次/,
    );
    // Once published, the decision cannot be changed (a change after publication is a correction).
    const late = await office('POST', `/api/results/${YEAR}/tie-decisions`, DECISION);
    expect(late.json().error.code).toBe('RESULTS_ALREADY_PUBLISHED');
    const snaps = await ctx.handle.db
      .select({ seq: resultSnapshots.seq })
      .from(resultSnapshots)
      .where(eq(resultSnapshots.tenantId, tenantId));
    expect(snaps).toHaveLength(1);
  });
});
