import type { SchemeDocumentInput } from '../modules/schemes/document';
import { buildDemoScheme } from './schemes-build';

/**
 * 2019 as the speech sets it out: more points on city plenary targets, leaders' evaluation raised (composite
 * 0.7/0.3, leaders 0.6 of the evaluation), potential-performance bonus, light deductions, a fourth veto,
 * the full-marks routine items cancelled.
 */
export function demoScheme2019(): SchemeDocumentInput {
  const doc = buildDemoScheme({ year: 2019, variant: '2019' });
  // The demo's 2019 is "mid-year": lights are computed as of 2019-07-15 whatever the clock says (docs/in-year.md).
  return {
    ...doc,
    meta: { indicators: doc.meta?.indicators ?? {}, inYear: { warningDays: 7, answerDays: 5, asOf: '2019-07-15' } },
  };
}

/**
 * Version 2 of 2019, a draft: what the office changed after publishing (so the version diff shows something
 * real). A business-environment indicator is added to the townships, a routine one removed, a revenue target
 * raised, the potential-performance cap raised and the townships' evaluation weight raised.
 */
export function demoScheme2019Draft(published: SchemeDocumentInput): SchemeDocumentInput {
  const doc = structuredClone(published);
  const township = doc.engine.groups.find((g) => g.id === 'township');
  const dev = township?.blocks?.find((b) => b.id === 'dev');
  const social = township?.blocks?.find((b) => b.id === 'social');
  if (!township || !dev || !social) return doc;
  // Remove 退役军人服务站规范化建设 (routine, every station is built) and give its points to a new indicator.
  const removed = social.indicators.find((i) => i.id === 'xz-veterans');
  social.indicators = social.indicators.filter((i) => i.id !== 'xz-veterans');
  delete doc.meta?.indicators?.['xz-veterans'];
  dev.indicators.push({
    id: 'xz-bizenv',
    name: '优化营商环境评价',
    points: removed?.points ?? 1.5,
    key: true,
    assessorId: 'ZF02',
    source: 'cityPlenary',
    method: { kind: 'rank', direction: 'higher', step: 4, stepUnit: 'percent', floor: 0.5 },
  });
  if (doc.meta?.indicators) {
    doc.meta.indicators['xz-bizenv'] = {
      category: 'key',
      policySource: 'cityPlenary',
      description: '优化营商环境评价：对照市营商环境评价指标体系开展乡镇评价',
      target: '营商环境评价位次前移',
      dataSource: '县发改局：乡镇营商环境第三方评价报告',
      methodText: '位次法：第一名满分，每后退一名扣 4%，最低得 50%',
      evidence: { rule: 'none', fileTypes: [] },
    };
  }
  const revenue = dev.indicators.find((i) => i.id === 'xz-revenue');
  if (revenue?.method?.kind === 'ratio') revenue.method = { ...revenue.method, target: 3200 };
  const potential = doc.engine.bonus?.categories?.find((c) => c.id === 'potential');
  if (potential) potential.cap = 3;
  township.composite = { a: 0.65, b: 0.35 };
  return doc;
}
