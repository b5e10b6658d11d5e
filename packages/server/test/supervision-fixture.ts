import type { Database } from '../src/db/client';
import { schemes, schemeVersions } from '../src/db/schema';

/**
 * A published 2019 scheme for the test county: township group (XZ01, XZ02) and government group (ZF01, ZF02);
 * t-done is scored 完成/未完成 (binary), t-rate by ratio with nodes h1/h2, t-city takes the city's result (upper C1).
 */
export async function publishTestScheme(db: Database, tenantId: string, year = 2019) {
  const inds = (g: string) => [
    { id: `${g}-done`, name: '重点项目开工', points: 30, assessorId: 'ZF01', method: { kind: 'binary' } },
    {
      id: `${g}-rate`,
      name: '民生实事完成率',
      points: 40,
      assessorId: 'ZF02',
      method: { kind: 'ratio', target: 100 },
      process: { share: 0.4, nodes: [{ id: 'h1' }, { id: 'h2' }] },
    },
    {
      id: `${g}-city`,
      name: '市对县考核承接',
      points: 30,
      assessorId: 'ZF01',
      method: { kind: 'upper', upperId: 'C1' },
    },
  ];
  const document = {
    engine: {
      id: 'test',
      groups: [
        { id: 'township', name: '乡镇', blocks: [{ id: 'b', name: '工作', indicators: inds('t') }] },
        { id: 'government', name: '政府部门', blocks: [{ id: 'b', name: '工作', indicators: inds('g') }] },
      ],
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.5 },
          { id: 'rest', name: '一般' },
        ],
      },
    },
    meta: {
      indicators: Object.fromEntries(
        ['t', 'g'].map((g) => [
          `${g}-rate`,
          {
            nodes: [
              { id: 'h1', name: '上半年', due: `${year}-06-30`, expected: 50 },
              { id: 'h2', name: '全年', due: `${year}-12-20`, expected: 100 },
            ],
          },
        ]),
      ),
    },
  };
  const [s] = await db
    .insert(schemes)
    .values({ tenantId, year, name: `${year} 方案`, publishedVersion: 1 })
    .returning({ id: schemes.id });
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({ tenantId, schemeId: s.id, versionNo: 1, status: 'published', document });
}
