import type { Database } from '../src/db/client';
import { schemes, schemeVersions } from '../src/db/schema';

/**
 * The record rules of a small published scheme: a commendation bonus by national/provincial/city, a potential-
 * performance category with its own levels major/notable, criticism by level, fraud at fixed points, a city red
 * light taking the record's points, and two veto items. Both groups share one indicator so the scheme computes.
 */
export const RECORD_RULES = {
  bonus: {
    cap: 5,
    categories: [
      { id: 'commendation', name: '表彰奖励加分', levels: { national: 3, provincial: 2, city: 1 }, cap: 5 },
      {
        id: 'potential',
        name: '潜绩加分',
        levels: { major: 1, notable: 0.5 },
        cap: 2,
        inTotalCap: false,
      },
    ],
  },
  deductions: [
    {
      id: 'criticism',
      name: '通报批评扣分',
      amount: { kind: 'perLevel', levels: { provincial: 1.5, city: 1, county: 0.5 } },
    },
    { id: 'fraud', name: '弄虚作假', amount: { kind: 'fixed', points: 3 }, provider: 'ZF02' },
    { id: 'city-red', name: '市考指标被亮红灯', amount: { kind: 'fromRecord', factor: 0.5 } },
  ],
  vetoes: [
    { id: 'clean-gov', name: '党风廉政建设', effect: { kind: 'lowestTier' } },
    { id: 'poverty', name: '脱贫攻坚', effect: { kind: 'lowestTier' } },
  ],
};

export function recordsScheme(year: number) {
  const blocks = [
    {
      id: 'work',
      name: '重点工作',
      indicators: [{ id: 'i1', name: '河长制工作', points: 100, method: { kind: 'binary' }, assessorId: 'ZF01' }],
    },
  ];
  return {
    engine: {
      id: `records-${year}`,
      name: `测试县${year}年度实绩考核方案`,
      year,
      groups: [
        { id: 'township', name: '乡镇', blocks },
        { id: 'government', name: '政府部门', blocks },
      ],
      ...RECORD_RULES,
      tiering: {
        tiers: [
          { id: 'good', name: '好', share: 0.5 },
          { id: 'poor', name: '一般' },
        ],
      },
    },
    meta: { indicators: {} },
  };
}

/** Publishes `recordsScheme(year)` (version 1) for the county; returns the scheme's id. */
export async function publishRecordsScheme(db: Database, tenantId: string, year: number): Promise<string> {
  const doc = recordsScheme(year);
  const [s] = await db
    .insert(schemes)
    .values({ tenantId, year, name: doc.engine.name, publishedVersion: 1 })
    .returning();
  if (!s) throw new Error('no scheme');
  await db.insert(schemeVersions).values({
    tenantId,
    schemeId: s.id,
    versionNo: 1,
    status: 'published',
    document: doc,
    publishedAt: new Date(),
  });
  return s.id;
}
