type Json = Record<string, unknown>;

/** A small valid scheme for the test county with a two-group evaluation (leaders scale 60–100, peers options). */
export function schemeDoc(year: number, evaluation: Json) {
  const indicators = (g: string) => [
    {
      id: `${g}-work`,
      name: '重点工作',
      points: 100,
      key: true,
      assessorId: 'ZF01',
      method: { kind: 'grade', grades: { A: 1, B: 0.8 } },
    },
  ];
  const meta = (g: string) => ({
    [`${g}-work`]: {
      category: 'party',
      policySource: 'central',
      dataSource: '县政府办：检查',
      evidence: { rule: 'none', fileTypes: [] },
    },
  });
  return {
    engine: {
      id: 'x',
      groups: [
        {
          id: 'township',
          name: '乡镇',
          blocks: [{ id: 'dev', name: '工作', indicators: indicators('t') }],
          composite: { a: 0.7, b: 0.3 },
        },
        {
          id: 'government',
          name: '政府部门',
          blocks: [{ id: 'dev', name: '工作', indicators: indicators('g') }],
          composite: { a: 0.7, b: 0.3 },
        },
      ],
      evaluation,
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

export const EVALUATION = {
  trimAbove: 3,
  invalidateUniform: true,
  raterGroups: [
    { id: 'leaders', name: '县领导评价', weight: 0.6, form: 'scale', min: 60, max: 100 },
    { id: 'peers', name: '互评', weight: 0.4, form: 'options', options: { 好: 100, 较好: 85, 一般: 70, 不了解: null } },
  ],
};

type Inject = (request: {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  payload?: Json;
}) => Promise<{ statusCode: number; body: string; json: () => unknown }>;

/** Creates the year's scheme (as the office) with this evaluation section in its draft. */
export async function createSchemeWithEvaluation(office: Inject, year: number, evaluation: Json = EVALUATION) {
  const created = await office({ method: 'POST', url: '/api/schemes', payload: { year, name: `${year}年度方案` } });
  if (created.statusCode !== 201) throw new Error(created.body);
  const id = (created.json() as { id: string }).id;
  const detail = (await office({ method: 'GET', url: `/api/schemes/${id}` })).json() as {
    versions: { status: string; version: number }[];
  };
  const draft = detail.versions.find((v) => v.status === 'draft');
  const saved = await office({
    method: 'PUT',
    url: `/api/schemes/${id}/draft`,
    payload: { version: draft?.version ?? 0, document: schemeDoc(year, evaluation) },
  });
  if (saved.statusCode !== 200) throw new Error(saved.body);
}
