/** A published 2019 scheme for a test county (written straight to the tables: the scheme module is tested elsewhere). */
import type { Database } from '../src/db/client';
import { schemes, schemeVersions } from '../src/db/schema';
import { parseDocument } from '../src/modules/schemes/document';

/** `asOf` pins the lights' day (the real clock is years past 2019); tests recompute other days explicitly. */
export function inYearDoc(year = 2019, inYear: Record<string, unknown> = { asOf: `${year}-07-15` }) {
  const ind = (g: string) => [
    {
      id: `${g}-rev`,
      name: '财政收入',
      points: 30,
      assessorId: 'ZF02',
      method: { kind: 'ratio', target: 100 },
      process: { share: 0.4, nodes: [{ id: 'h1' }, { id: 'h2' }] },
    },
    {
      id: `${g}-party`,
      name: '党建工作',
      points: 30,
      assessorId: 'ZF01',
      method: { kind: 'grade', grades: { A: 1, B: 0.8 } },
    },
    {
      id: `${g}-manual`,
      name: '重点任务',
      points: 20,
      assessorId: 'ZF01',
      method: { kind: 'manual', min: 0, max: 10 },
    },
    {
      id: `${g}-node`,
      name: '项目推进',
      points: 20,
      assessorId: 'ZF01',
      method: { kind: 'binary' },
      process: { share: 0.5, nodes: [{ id: 'q3' }] },
    },
  ];
  const meta = (g: string) => ({
    [`${g}-rev`]: {
      evidence: { rule: 'none', fileTypes: [] },
      nodes: [
        { id: 'h1', name: '上半年', due: `${year}-06-30`, expected: 50 },
        { id: 'h2', name: '全年', due: `${year}-12-20`, expected: 100 },
      ],
    },
    [`${g}-party`]: { evidence: { rule: 'required', fileTypes: ['pdf', 'png'] } },
    [`${g}-manual`]: { evidence: { rule: 'optional', fileTypes: [] } },
    [`${g}-node`]: {
      evidence: { rule: 'optional', fileTypes: [] },
      nodes: [{ id: 'q3', name: '三季度', due: `${year}-09-30`, expected: 100 }],
    },
  });
  return parseDocument({
    engine: {
      id: `scheme-${year}`,
      year,
      groups: [
        { id: 'township', name: '乡镇', blocks: [{ id: 'dev', name: '经济发展', indicators: ind('t') }] },
        { id: 'government', name: '政府部门', blocks: [{ id: 'dev', name: '业务工作', indicators: ind('g') }] },
      ],
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.5 },
          { id: 'rest', name: '一般' },
        ],
      },
    },
    meta: { indicators: { ...meta('t'), ...meta('g') }, inYear },
  });
}

export async function publishYear(db: Database, tenantId: string, doc = inYearDoc()): Promise<void> {
  const year = doc.engine.year ?? 2019;
  const [s] = await db
    .insert(schemes)
    .values({ tenantId, year, name: `${year} 年度考核方案`, publishedVersion: 1 })
    .returning();
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({
    tenantId,
    schemeId: s.id,
    versionNo: 1,
    status: 'published',
    document: doc,
    digest: 'test',
    publishedAt: new Date(),
  });
}
