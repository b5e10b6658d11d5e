import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema';
import { canonicalJson } from '../src/modules/audit/service';
import { createCounty } from './factories';
import { createTestContext, type TestContext } from './helpers';

type Json = Record<string, unknown>;
type Doc = { engine: Json & { groups: Json[] }; meta: { indicators: Record<string, Json> } };

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Ind = Json & { method?: Json };

/** Typed access into a test document (throws rather than asserting non-null). */
function must<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new Error(`test document has no ${what}`);
  return x;
}
const groupOf = (d: Doc, gi: number) => must(d.engine.groups[gi], `group ${gi}`);
const indsOf = (d: Doc, gi = 0) =>
  must((groupOf(d, gi) as { blocks?: { indicators: Ind[] }[] }).blocks?.[0], 'block').indicators;
const indOf = (d: Doc, gi: number, ii: number) => must(indsOf(d, gi)[ii], `indicator ${ii}`);
const methodOf = (d: Doc, gi: number, ii: number) => must(indOf(d, gi, ii).method, 'method');
const metaOf = (d: Doc, id: string) => must(d.meta.indicators[id], `meta ${id}`);
const nodesOf = (d: Doc, id: string) => metaOf(d, id).nodes as Json[];

const json = (payload: unknown) => ({ payload: payload as Json });

/**
 * A small scheme that passes every rule: two groups of the test county (units XZ01, XZ02 / ZF01, ZF02),
 * 60 + 40 points each, assessors ZF01/ZF02, data sources and evidence rules set, key work 60%.
 */
function validDoc(year = 2019): Doc {
  const indicators = (g: string) => [
    {
      id: `${g}-revenue`,
      name: '一般公共预算收入',
      points: 60,
      key: true,
      assessorId: 'ZF02',
      method: { kind: 'ratio', target: 100, zeroBelow: 0.6 },
      process: { share: 0.4, nodes: [{ id: 'h1' }, { id: 'h2' }] },
    },
    {
      id: `${g}-party`,
      name: '党建工作',
      points: 40,
      assessorId: 'ZF01',
      method: { kind: 'grade', grades: { A: 1, B: 0.8 } },
    },
  ];
  const meta = (g: string) => ({
    [`${g}-revenue`]: {
      category: 'government',
      policySource: 'workReport',
      dataSource: '县财政局：财政收入月报',
      evidence: { rule: 'none', fileTypes: [] },
      nodes: [
        { id: 'h1', name: '上半年', due: `${year}-06-30`, expected: 50 },
        { id: 'h2', name: '全年', due: `${year}-12-20`, expected: 100 },
      ],
    },
    [`${g}-party`]: {
      category: 'party',
      policySource: 'central',
      dataSource: '县直机关工委：党建检查',
      evidence: { rule: 'required', fileTypes: ['pdf'] },
    },
  });
  return {
    engine: {
      id: 'whatever',
      groups: [
        { id: 'township', name: '乡镇', blocks: [{ id: 'dev', name: '经济发展', indicators: indicators('t') }] },
        { id: 'government', name: '政府部门', blocks: [{ id: 'dev', name: '业务工作', indicators: indicators('g') }] },
      ],
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.5 },
          { id: 'rest', name: '一般' },
        ],
      },
    },
    meta: { indicators: { ...meta('t'), ...meta('g') } },
  };
}

interface Issue {
  code: string;
  path: string;
  message: string;
  label?: string;
}
interface Report {
  errors: Issue[];
  warnings: Issue[];
  burden: {
    groupId: string;
    reports: number;
    nodeReports: number;
    yearEndReports: number;
    evidenceUploads: number;
    units: number;
  }[];
}

async function createScheme(year: number, extra: Json = {}) {
  const res = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/schemes',
    ...json({ year, name: `${year}年度方案`, ...extra }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    draftVersion: number;
    publishedVersion: number | null;
    indicatorCount: number;
    groupCount: number;
  };
}

async function draftVersion(id: string): Promise<{ no: number; version: number }> {
  const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
  const d = detail.versions.find((v: { status: string }) => v.status === 'draft');
  return { no: d.no, version: d.version };
}

async function save(id: string, document: unknown, lang = 'zh-CN') {
  const { version } = await draftVersion(id);
  return ctx.injectAs('office', {
    method: 'PUT',
    url: `/api/schemes/${id}/draft`,
    headers: { 'accept-language': lang },
    ...json({ version, document }),
  });
}

async function reportOf(id: string, doc: Doc, lang = 'zh-CN'): Promise<Report> {
  const res = await save(id, doc, lang);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().report as Report;
}

describe('create, edit, validate', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createScheme(2019)).id;
  });

  it('creates an empty draft v1 with the county groups', async () => {
    const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
    expect(detail).toMatchObject({
      year: 2019,
      draftVersion: 1,
      publishedVersion: null,
      groupCount: 2,
      indicatorCount: 0,
    });
    expect(detail.versions).toHaveLength(1);
    const v = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json();
    expect(v.document.engine.groups.map((g: { id: string }) => g.id)).toEqual(['township', 'government']);
    const dup = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/schemes',
      ...json({ year: 2019, name: 'x' }),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
  });

  it('the empty draft validates with the teaching error "no indicators"', async () => {
    const res = await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/validate` });
    const r = res.json() as Report;
    expect(
      r.errors.some(
        (e) =>
          e.code === 'required' && e.path === 'engine.groups[0].blocks' && e.message === '该考核类别还没有任何指标',
      ),
    ).toBe(true);
  });

  it('a valid document saves with no errors and no warnings; the server stamps id, year and version', async () => {
    const res = await save(id, validDoc());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.report.errors).toEqual([]);
    expect(body.report.warnings).toEqual([]);
    expect(body.document.engine).toMatchObject({ id: 'scheme-2019', year: 2019, version: 1 });
    expect(body.status).toBe('draft');
  });

  it('reports the burden per group, counted by hand', async () => {
    const r = await reportOf(id, validDoc());
    // township: revenue has 2 nodes + a year-end report, party a year-end report → 4 reports;
    // evidence required only for party (no nodes): 1 upload. Two units in the group.
    expect(r.burden.find((b) => b.groupId === 'township')).toMatchObject({
      units: 2,
      nodeReports: 2,
      yearEndReports: 2,
      reports: 4,
      evidenceUploads: 1,
    });
  });

  it('a malformed document is refused with every path (400 VALIDATION_FAILED)', async () => {
    const doc = validDoc();
    indOf(doc, 0, 0).points = 'ten';
    doc.meta.indicators['t-party'] = { evidence: { rule: 'sometimes' } };
    const res = await save(id, doc);
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('document.engine.groups[0].blocks[0].indicators[0].points');
    expect(paths).toContain('document.meta.indicators.t-party.evidence.rule');
  });
});

/** One test per rule: the issue appears with its path and message, and disappears when fixed. */
describe('validation rules', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createScheme(2030)).id;
  });
  const T = 'engine.groups[0].blocks[0].indicators';
  const ind = (d: Doc, gi: number, ii: number) => indOf(d, gi, ii);

  async function expectRule(
    severity: 'errors' | 'warnings',
    code: string,
    path: string,
    message: string | RegExp,
    breakIt: (d: Doc) => void,
  ) {
    const broken = validDoc(2030);
    breakIt(broken);
    const r = await reportOf(id, broken);
    const found = r[severity].find((i) => i.code === code && i.path === path);
    expect(found, `${code} at ${path} in ${JSON.stringify(r[severity])}`).toBeDefined();
    if (typeof message === 'string') expect(found?.message).toBe(message);
    else expect(found?.message).toMatch(message);
    const fixed = await reportOf(id, validDoc(2030));
    expect(fixed[severity].some((i) => i.code === code)).toBe(false);
    return found;
  }

  it('engine: a leaf without a method', async () => {
    await expectRule('errors', 'method_required', `${T}[1].method`, '末级指标必须设置评分方法', (d) => {
      delete ind(d, 0, 1).method;
    });
  });

  it('quantifiable: a completion rate needs a target', async () => {
    const i = await expectRule('errors', 'not_quantifiable_target', `${T}[0].method.target`, /须设定目标值/, (d) => {
      delete methodOf(d, 0, 0).target;
    });
    expect(i?.label).toBe('乡镇 · 经济发展 · 一般公共预算收入');
  });

  it('quantifiable: per-unit targets must cover every unit', async () => {
    await expectRule(
      'errors',
      'not_quantifiable_units',
      `${T}[0].unitParams`,
      '不可量化：以下单位没有目标值：XZ02',
      (d) => {
        delete methodOf(d, 0, 0).target;
        ind(d, 0, 0).unitParams = { XZ01: { target: 90 } };
      },
    );
  });

  it('quantifiable: done / not done needs the target in words', async () => {
    await expectRule('errors', 'not_quantifiable_text', 'meta.indicators.t-party.target', /须写明目标任务/, (d) => {
      ind(d, 0, 1).method = { kind: 'binary' };
    });
  });

  it('quantifiable: a grade method needs its grades', async () => {
    await expectRule('errors', 'not_quantifiable_grades', `${T}[1].method.grades`, /须列出各等次/, (d) => {
      ind(d, 0, 1).method = { kind: 'grade', grades: {} };
    });
  });

  it('assessable: an assessor is set', async () => {
    await expectRule(
      'errors',
      'not_assessable',
      `${T}[1].assessorId`,
      '不可考核：须指定考核主体（负责打分的部门）',
      (d) => {
        delete ind(d, 0, 1).assessorId;
      },
    );
  });

  it('assessable: the assessor is a department of the county', async () => {
    await expectRule('errors', 'unknown_assessor', `${T}[1].assessorId`, '考核主体“XZ01”不是本县的部门', (d) => {
      ind(d, 0, 1).assessorId = 'XZ01';
    });
  });

  it("a rule's data provider (数据提供单位) is a department of the county; a department passes", async () => {
    await expectRule(
      'errors',
      'unknown_provider',
      'engine.deductions[0].provider',
      '数据提供单位“XZ01”不是本县在用的部门',
      (d) => {
        d.engine.deductions = [
          { id: 'safety', name: '安全生产事故', amount: { kind: 'fixed', points: 2 }, provider: 'XZ01' },
        ];
      },
    );
    const good = validDoc(2030);
    good.engine.deductions = [
      { id: 'safety', name: '安全生产事故', amount: { kind: 'fixed', points: 2 }, provider: 'ZF02' },
    ];
    good.engine.vetoes = [{ id: 'v', name: '安全生产', effect: { kind: 'lowestTier' }, provider: 'ZF02' }];
    const r = await reportOf(id, good);
    expect(r.errors.filter((i) => i.code === 'unknown_provider')).toEqual([]);
  });

  it('数据归并: both units are units of the scheme’s groups, and their groups score what is rolled up', async () => {
    await expectRule(
      'errors',
      'unknown_rollup_unit',
      'engine.rollUps[0].from',
      '数据归并的单位“KF99”不是本方案考核类别中在用的单位',
      (d) => {
        d.engine.rollUps = [{ id: 'park', from: 'KF99', into: 'XZ01', indicators: ['t-revenue'] }];
      },
    );
    // a department's group does not score the townships' revenue
    await expectRule(
      'errors',
      'rollup_not_scored',
      'engine.rollUps[0].indicators[0]',
      '单位“ZF01”所在的考核类别不考核指标“t-revenue”，无法归并该项数据',
      (d) => {
        d.engine.rollUps = [{ id: 'park', from: 'ZF01', into: 'XZ01', indicators: ['t-revenue'] }];
      },
    );
    await expectRule('errors', 'invalid_value', 'engine.rollUps[0].into', '下属单位与计入单位不能是同一个单位', (d) => {
      d.engine.rollUps = [{ id: 'park', from: 'XZ01', into: 'XZ01', indicators: ['t-revenue'] }];
    });
    const good = validDoc(2030);
    good.engine.rollUps = [{ id: 'park', from: 'XZ02', into: 'XZ01', indicators: ['t-revenue'] }];
    const r = await reportOf(id, good);
    expect(r.errors.filter((i) => i.path.startsWith('engine.rollUps'))).toEqual([]);
  });

  it('verifiable: a data source', async () => {
    await expectRule(
      'errors',
      'not_verifiable_source',
      'meta.indicators.t-party.dataSource',
      '不可查验：须写明数据来源',
      (d) => {
        delete metaOf(d, 't-party').dataSource;
      },
    );
  });

  it('verifiable: an evidence rule', async () => {
    await expectRule(
      'errors',
      'not_verifiable_evidence',
      'meta.indicators.t-party.evidence',
      /须设定佐证材料要求/,
      (d) => {
        delete metaOf(d, 't-party').evidence;
      },
    );
  });

  it('groups are the county groups', async () => {
    await expectRule('errors', 'unknown_group', 'engine.groups[1].id', /“party”不是本县的考核类别/, (d) => {
      groupOf(d, 1).id = 'party';
    });
  });

  it('units named in a group belong to it', async () => {
    await expectRule('errors', 'unknown_unit', `${T}[1].appliesTo[0]`, '单位编码“ZF01”不是本考核类别的单位', (d) => {
      ind(d, 0, 1).appliesTo = ['ZF01'];
    });
  });

  it('every process node has a due date', async () => {
    await expectRule(
      'errors',
      'node_due_missing',
      'meta.indicators.t-revenue.nodes',
      '过程节点“h2”没有设定完成时限',
      (d) => {
        nodesOf(d, 't-revenue').pop();
      },
    );
  });

  it('warning: a node that is not a process node of the method', async () => {
    await expectRule(
      'warnings',
      'node_unknown',
      'meta.indicators.t-revenue.nodes[2].id',
      /节点“三季度”不在评分方法的过程节点中/,
      (d) => {
        nodesOf(d, 't-revenue').push({ id: 'q3', name: '三季度', due: '2030-09-30' });
      },
    );
  });

  it('warning: node dates outside the scheme year', async () => {
    await expectRule(
      'warnings',
      'node_outside_year',
      'meta.indicators.t-revenue.nodes[0].due',
      '节点“上半年”的时限 2029-06-30 不在 2030 年度内',
      (d) => {
        must(nodesOf(d, 't-revenue')[0], 'node').due = '2029-06-30';
      },
    );
  });

  it('warning: points of a group not summing to 100', async () => {
    await expectRule(
      'warnings',
      'points_sum',
      'engine.groups[0]',
      '本类别指标分值合计 90 分，通常应为 100 分（不同总分会折算为百分制）',
      (d) => {
        ind(d, 0, 1).points = 30;
      },
    );
  });

  it('warning: not comparable — the same indicator scored by different methods for units of a group', async () => {
    await expectRule(
      'warnings',
      'not_comparable',
      `${T}[3].method`,
      /“招商引资”.*不同评分方法（ratio \/ grade）/,
      (d) => {
        const blockInds = indsOf(d);
        blockInds.push(
          {
            id: 't-inv1',
            name: '招商引资',
            points: 5,
            key: true,
            assessorId: 'ZF02',
            appliesTo: ['XZ01'],
            method: { kind: 'ratio', target: 10 },
          },
          {
            id: 't-inv2',
            name: '招商引资',
            points: 5,
            key: true,
            assessorId: 'ZF02',
            appliesTo: ['XZ02'],
            method: { kind: 'grade', grades: { A: 1 } },
          },
        );
        for (const k of ['t-inv1', 't-inv2'])
          d.meta.indicators[k] = { dataSource: `商务局 ${k}`, evidence: { rule: 'none', fileTypes: [] } };
      },
    );
  });

  it('warning: overlap by similar names', async () => {
    await expectRule(
      'warnings',
      'overlap_name',
      `${T}[1].name`,
      '与“一般公共预算收入”名称相近（相似度 88%），可能重复考核',
      (d) => {
        // bigrams: 7 of 一般公共预算收入, 8 of 一般公共预算收入增幅, 7 shared → 2 × 7 / 15 = 0.93? no: 9 − 1 = 8 → 14 / 16 = 0.875
        ind(d, 0, 1).name = '一般公共预算收入增幅';
      },
    );
  });

  it('warning: overlap by the same data source', async () => {
    await expectRule(
      'warnings',
      'overlap_source',
      'meta.indicators.t-party.dataSource',
      /同一数据来源“县财政局：财政收入月报”/,
      (d) => {
        metaOf(d, 't-party').dataSource = '县财政局：财政收入月报';
      },
    );
  });

  it('warning: routine indicators over 50% of the points', async () => {
    await expectRule('warnings', 'routine_share', 'engine.groups[0]', /常规工作指标占本类别分值的 100%/, (d) => {
      ind(d, 0, 0).key = false;
    });
  });

  it('warning: details kept for an indicator that no longer exists', async () => {
    await expectRule(
      'warnings',
      'meta_unused',
      'meta.indicators.t-old',
      /“t-old”的指标说明.*没有对应的末级指标/,
      (d) => {
        d.meta.indicators['t-old'] = { dataSource: '旧指标' };
      },
    );
  });

  it('units of a city indicator (upper) belong to the group', async () => {
    await expectRule(
      'errors',
      'unknown_unit',
      `${T}[1].method.unitIds[0]`,
      '单位编码“ZF02”不是本考核类别的单位',
      (d) => {
        indOf(d, 0, 1).method = { kind: 'upper', upperId: 'city-x', unitIds: ['ZF02'] };
      },
    );
  });

  it('messages follow the caller language', async () => {
    const d = validDoc(2030);
    delete ind(d, 0, 1).assessorId;
    const r = await reportOf(id, d, 'en');
    expect(r.errors.find((e) => e.code === 'not_assessable')?.message).toBe(
      'Not assessable: set the assessor (the department that scores it)',
    );
  });
});

describe('versions: draft, publish, lock, new version', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createScheme(2021)).id;
  });

  it('refuses a stale version (409 VERSION_CONFLICT)', async () => {
    const first = await save(id, validDoc(2021));
    expect(first.statusCode).toBe(200);
    const stale = await ctx.injectAs('office', {
      method: 'PUT',
      url: `/api/schemes/${id}/draft`,
      ...json({ version: first.json().version - 1, document: validDoc(2021) }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('refuses to publish with errors (409 SCHEME_INVALID, each error in details)', async () => {
    const d = validDoc(2021);
    delete metaOf(d, 't-party').dataSource;
    const saved = (await save(id, d)).json();
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/publish`,
      ...json({ version: saved.version }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SCHEME_INVALID');
    expect(res.json().error.details).toEqual([
      { path: 'meta.indicators.t-party.dataSource', message: '乡镇 · 经济发展 · 党建工作：不可查验：须写明数据来源' },
    ]);
  });

  it('publishes, fixes the digest and locks the version', async () => {
    const saved = (await save(id, validDoc(2021))).json();
    const res = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/publish`,
      ...json({ version: saved.version }),
    });
    expect(res.statusCode, res.body).toBe(200);
    const v1 = res.json();
    expect(v1.status).toBe('published');
    expect(v1.digest).toBe(createHash('sha256').update(canonicalJson(saved.document)).digest('hex'));
    const locked = await ctx.injectAs('office', {
      method: 'PUT',
      url: `/api/schemes/${id}/draft`,
      ...json({ version: v1.version, document: validDoc(2021) }),
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('SCHEME_LOCKED');
    const again = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/publish`,
      ...json({ version: v1.version }),
    });
    expect(again.json().error.code).toBe('SCHEME_LOCKED');
  });

  it('a change after publishing is a new draft version; publishing it supersedes the old one, which never changes', async () => {
    const before = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json();
    const started = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/draft`,
      ...json({ note: '调整' }),
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ versionNo: 2, status: 'draft' });
    const twice = await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/draft`, ...json({}) });
    expect(twice.json().error.code).toBe('SCHEME_DRAFT_EXISTS');
    const d = validDoc(2021);
    indOf(d, 0, 0).name = '一般公共预算收入（含基金）';
    const saved = (await save(id, d)).json();
    expect(saved.versionNo).toBe(2);
    const pub = await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${id}/publish`,
      ...json({ version: saved.version }),
    });
    expect(pub.statusCode).toBe(200);
    const detail = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}` })).json();
    expect(detail).toMatchObject({ publishedVersion: 2, draftVersion: null });
    expect(detail.versions.map((v: { no: number; status: string }) => [v.no, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const after = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${id}/versions/1` })).json();
    expect(after.document).toEqual(before.document);
    expect(after.digest).toBe(before.digest);
  });

  it('concurrent writers queue: one new version wins, the other hears 409; one year, one scheme', async () => {
    const both = await Promise.all([
      ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/draft`, ...json({}) }),
      ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${id}/draft`, ...json({}) }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const years = await Promise.all(
      [1, 2].map(() =>
        ctx.injectAs('office', { method: 'POST', url: '/api/schemes', ...json({ year: 2040, name: '并发' }) }),
      ),
    );
    expect(years.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('audits create, save, publish and new version with summaries and digests', async () => {
    const rows = await ctx.handle.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.county.tenantId), eq(auditLog.entityId, id)));
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['scheme.create', 'scheme.save_draft', 'scheme.publish', 'scheme.new_version'])
      expect(actions).toContain(a);
    const publish = rows.find((r) => r.action === 'scheme.publish')?.after as { digest: string; indicators: number };
    expect(publish.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(publish.indicators).toBe(4);
  });
});

describe('copy from the previous year', () => {
  it('copies the latest version as draft v1 of the new year, node dates moved with the year', async () => {
    const src = await createScheme(2022);
    await save(src.id, validDoc(2022));
    const copy = await createScheme(2023, { copyFromYear: 2022 });
    expect(copy).toMatchObject({ draftVersion: 1, publishedVersion: null, indicatorCount: 4, groupCount: 2 });
    const v = (await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${copy.id}/versions/1` })).json();
    expect(v.document.engine).toMatchObject({ id: 'scheme-2023', year: 2023, version: 1 });
    expect(v.document.meta.indicators['t-revenue'].nodes.map((n: { due: string }) => n.due)).toEqual([
      '2023-06-30',
      '2023-12-20',
    ]);
    const report = (await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${copy.id}/validate` })).json();
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(v.document.engine.name).toBe('2023年度方案');
    // Between years, node dates that moved with the year are no change; the name is.
    const diff = (
      await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/diff?from=${src.id}:1&to=${copy.id}:1` })
    ).json();
    expect(diff.indicators).toEqual([]);
    expect(diff.sentences).toEqual(['修改方案设置：名称 2022年度方案 → 2023年度方案']);
    const missing = await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/schemes',
      ...json({ year: 2024, name: 'x', copyFromYear: 2015 }),
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('diff', () => {
  it('shows indicators added, removed and changed field by field, and rule changes', async () => {
    const s = await createScheme(2025);
    const v1 = (await save(s.id, validDoc(2025))).json();
    await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${s.id}/publish`,
      ...json({ version: v1.version }),
    });
    await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${s.id}/draft`, ...json({}) });
    const d = validDoc(2025);
    const inds = indsOf(d);
    indOf(d, 0, 0).points = 70; // changed: points 60 → 70, target 100 → 110
    methodOf(d, 0, 0).target = 110;
    inds.splice(1, 1); // removed: 党建工作 (40)
    inds.push({
      id: 't-env',
      name: '生态环境保护',
      points: 30,
      key: true,
      assessorId: 'ZF01',
      method: { kind: 'binary' },
    }); // added
    d.meta.indicators['t-env'] = { dataSource: '环保分局', target: '完成', evidence: { rule: 'none', fileTypes: [] } };
    groupOf(d, 0).composite = { a: 0.7, b: 0.3 };
    d.engine.evaluation = { raterGroups: [{ id: 'leaders', weight: 1, form: 'scale' }] };
    await save(s.id, d);
    const res = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/diff?from=${s.id}:1&to=${s.id}:2` });
    expect(res.statusCode, res.body).toBe(200);
    const diff = res.json();
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, rules: 2 });
    const changed = diff.indicators.find((i: { change: string }) => i.change === 'changed');
    expect(changed).toMatchObject({ groupId: 'township', blockName: '经济发展', indicatorId: 't-revenue', points: 70 });
    expect(changed.fields).toEqual([
      { field: 'points', label: '分值', before: 60, after: 70 },
      { field: 'method.target', label: '目标值', before: 100, after: 110 },
    ]);
    expect(diff.sentences).toEqual([
      '乡镇 · 经济发展：修改指标“一般公共预算收入”：分值 60 → 70；目标值 100 → 110',
      '乡镇 · 经济发展：新增指标“生态环境保护”（30 分）',
      '乡镇 · 经济发展：删除指标“党建工作”（40 分）',
      '修改综合得分权重“乡镇”：指标考核权重 1 → 0.7；综合评价权重 0 → 0.3',
      '新增综合评价',
    ]);
    const en = await ctx.injectAs('office', {
      method: 'GET',
      url: `/api/schemes/diff?from=${s.id}:1&to=${s.id}:2`,
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().sentences[0]).toBe(
      '乡镇 · 经济发展: changed "一般公共预算收入": points 60 → 70; target 100 → 110',
    );
  });
});

describe('live preview', () => {
  const preview = (payload: Json, lang = 'zh-CN') =>
    ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/schemes/preview',
      headers: { 'accept-language': lang },
      ...json(payload),
    });

  it('scores a completion rate by hand: 10 points, target 100', async () => {
    const res = await preview({
      indicator: { id: 'rev', name: '财政收入', points: 10, method: { kind: 'ratio', target: 100, zeroBelow: 0.6 } },
      samples: [{ unit: '东镇', actual: 85 }, { actual: 50 }, { actual: 60, target: 50 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [a, b, c] = res.json().samples;
    // 85 / 100 = 85% → 10 × 0.85 = 8.5
    expect(a).toMatchObject({ unit: '东镇', score: 8.5, points: 10, status: 'ok', raw: 85 });
    expect(a.steps).toEqual([
      '完成率 = 实际值 85 ÷ 目标值 100 = 85%',
      '得分 = 分值 10 × 85% = 8.5',
      '得分 8.5（满分 10）',
    ]);
    // 50 / 100 = 50% < 60% → 0
    expect(b.score).toBe(0);
    expect(b.steps[1]).toBe('低于 60% 的起评线，不得分');
    // own target 50: 60 / 50 = 120%, capped at 100% → 10
    expect(c.score).toBe(10);
    expect(c.steps).toContain('计分比例按 100% 计（保底 0%，封顶 100%）');
  });

  it('explains marginal rates band by band: 低于96%每低1个百分点扣0.25分，低于90%每低1个百分点扣0.5分', async () => {
    const res = await preview({
      indicator: {
        id: 'safe',
        name: '安全生产',
        points: 5,
        method: {
          kind: 'marginal',
          direction: 'below',
          mode: 'marginal',
          bands: [
            { from: 96, rate: 0.25 },
            { from: 90, rate: 0.5 },
          ],
        },
      },
      samples: [{ actual: 97 }, { actual: 88 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [a, b] = res.json().samples;
    expect(a.score).toBe(5);
    expect(a.steps[0]).toBe('数值 97 未低于 96，不扣分');
    // 6 × 0.25 + 2 × 0.5 = 2.5 lost
    expect(b.score).toBe(2.5);
    expect(b.steps).toEqual([
      '96 至 90 之间 6：6 个单位 × 每单位 0.25 分 = 扣 1.5 分',
      '低于 90 共 2：2 个单位 × 每单位 0.5 分 = 扣 1 分',
      '分值 5 − 2.5，扣完为止',
      '得分 2.5（满分 5）',
    ]);
    // no mode: refused with the choices, never a silent default
    const { mode: _m, ...noMode } = {
      kind: 'marginal',
      direction: 'below',
      mode: 'marginal',
      bands: [{ from: 96, rate: 1 }],
    };
    const refused = await preview({ indicator: { id: 'safe', points: 5, method: noMode }, samples: [{ actual: 90 }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toEqual({
      path: 'indicator.method.mode',
      message: '取值无效（可选：marginal, flat）',
    });
  });

  it('previews an indicator whose flag tests another indicator (flags never change a score)', async () => {
    const res = await preview({
      indicator: {
        id: 'rev',
        points: 10,
        method: { kind: 'ratio', target: 100 },
        flags: [{ id: 'retail-low', indicator: 'retail', input: 'actual', below: 42 }],
      },
      samples: [{ actual: 85 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().samples[0]).toMatchObject({ score: 8.5, status: 'ok' });
  });

  it('scores a steps method by hand: breakpoints 60 → 0, 100 → 1, 10 points', async () => {
    const res = await preview({
      indicator: {
        id: 'inv',
        points: 10,
        method: {
          kind: 'steps',
          points: [
            { at: 60, value: 0 },
            { at: 100, value: 1 },
          ],
        },
      },
      samples: [{ value: 80 }, { value: 50 }, { value: 120 }],
    });
    // 80 is halfway from 60 to 100 → 0.5 × 10 = 5; below the first breakpoint → 0; above the last → 10
    expect(res.json().samples.map((x: { score: number }) => x.score)).toEqual([5, 0, 10]);
    expect(res.json().samples[0].steps[0]).toBe('数值 80 对照阶梯 60→0%、100→100%（线性插值）：得 50% × 10');
  });

  it('ranks among the samples: 3% a place, 20 points', async () => {
    const res = await preview({
      indicator: { id: 'firms', points: 20, method: { kind: 'rank', step: 3, stepUnit: 'percent', floor: 0.6 } },
      samples: [{ value: 5 }, { value: 9 }, { value: 9 }, { value: 2 }],
    });
    // sport ranking: 9, 9 → 1st; 5 → 3rd: 20 × (1 − 0.06) = 18.8; 2 → 4th: 20 × (1 − 0.09) = 18.2
    const out = res.json().samples;
    expect(out.map((x: { score: number }) => x.score)).toEqual([18.8, 20, 20, 18.2]);
    expect(out[0].steps[0]).toBe('在 4 个样本中排第 3 名（并列取较好名次）；第一名满分，每后退一名扣 3%，最低 60%');
  });

  it('explains in English and covers a method that needs no target', async () => {
    const res = await preview(
      {
        indicator: { id: 'p', points: 5, method: { kind: 'grade', grades: { A: 1, B: 0.8 } } },
        samples: [{ grade: 'B' }],
      },
      'en',
    );
    expect(res.json().samples[0]).toMatchObject({ score: 4, steps: ['grade B = 80% of 5', 'score 4 of 5'] });
  });

  it('explains the process part by node names and lights in words (issue 18: not "节点 q1（none）")', async () => {
    const res = await preview({
      indicator: {
        id: 'proj',
        points: 10,
        method: { kind: 'ratio', target: 100 },
        process: { share: 0.4, nodes: [{ id: 'q1' }, { id: 'q2' }] },
      },
      meta: {
        nodes: [
          { id: 'q1', name: '一季度开工', due: '2026-03-31', expected: 0.25 },
          { id: 'q2', name: '二季度过半', due: '2026-06-30', expected: 0.5 },
        ],
      },
      samples: [{ unit: '东镇', actual: 80 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const steps: string[] = res.json().samples[0].steps;
    const text = steps.join('\n');
    expect(text).toContain('「一季度开工」');
    expect(text).toContain('「二季度过半」');
    expect(text).not.toMatch(/q1|q2|none|green|yellow|red/);
    expect(text).toContain('年终考核占 60%');
    expect(steps.some((x) => x.startsWith('合计：40% × '))).toBe(true);
  });

  it('refuses an invalid indicator with its path', async () => {
    const res = await preview({
      indicator: { id: 'x', points: 10, method: { kind: 'ratio', target: -1 } },
      samples: [{ actual: 1 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details[0].path).toBe('indicator.method.target');
  });
});

describe('data scope', () => {
  it("another county's scheme is 404 for every route", async () => {
    const mine = await createScheme(2026);
    const other = await createCounty(ctx.handle.db, '邻县');
    const theirs = await ctx.injectAs(
      'office',
      { method: 'POST', url: '/api/schemes', ...json({ year: 2026, name: '邻县方案' }) },
      other,
    );
    expect(theirs.statusCode).toBe(201);
    const tid = theirs.json().id;
    for (const req of [
      { method: 'GET' as const, url: `/api/schemes/${tid}` },
      { method: 'GET' as const, url: `/api/schemes/${tid}/versions/1` },
      { method: 'POST' as const, url: `/api/schemes/${tid}/validate` },
      { method: 'PUT' as const, url: `/api/schemes/${tid}/draft`, payload: { version: 1, document: validDoc(2026) } },
      { method: 'POST' as const, url: `/api/schemes/${tid}/publish`, payload: { version: 1 } },
      { method: 'GET' as const, url: `/api/schemes/diff?from=${mine.id}:1&to=${tid}:1` },
    ]) {
      const res = await ctx.injectAs('office', req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
    }
    const list = (await ctx.injectAs('leader', { method: 'GET', url: '/api/schemes' })).json();
    expect(list.items.map((s: { id: string }) => s.id)).not.toContain(tid);
  });

  it("readers see published versions only: drafts are the office's work in progress", async () => {
    const s = await createScheme(2028);
    const v1 = (await save(s.id, validDoc(2028))).json();
    const hidden = await ctx.injectAs('leader', { method: 'GET', url: `/api/schemes/${s.id}` });
    expect(hidden.statusCode).toBe(404);
    await ctx.injectAs('office', {
      method: 'POST',
      url: `/api/schemes/${s.id}/publish`,
      ...json({ version: v1.version }),
    });
    await ctx.injectAs('office', { method: 'POST', url: `/api/schemes/${s.id}/draft`, ...json({}) });
    const detail = (await ctx.injectAs('unit', { method: 'GET', url: `/api/schemes/${s.id}` })).json();
    expect(detail).toMatchObject({ publishedVersion: 1, draftVersion: null });
    expect(detail.versions.map((v: { no: number }) => v.no)).toEqual([1]);
    const draft = await ctx.injectAs('assessor', { method: 'GET', url: `/api/schemes/${s.id}/versions/2` });
    expect(draft.statusCode).toBe(404);
    const office = await ctx.injectAs('office', { method: 'GET', url: `/api/schemes/${s.id}/versions/2` });
    expect(office.statusCode).toBe(200);
  });

  it('readers may read but not write', async () => {
    const list = await ctx.injectAs('unit', { method: 'GET', url: '/api/schemes' });
    expect(list.statusCode).toBe(200);
    const write = await ctx.injectAs('assessor', {
      method: 'POST',
      url: '/api/schemes',
      ...json({ year: 2027, name: 'x' }),
    });
    expect(write.statusCode).toBe(403);
  });
});
