import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/modules/schemes/document';
import { validateDocument, type CountyContext } from '../src/modules/schemes/validation';

/**
 * Issue 17, native point scales: the scheme's validation report names the group and the figures of a scale the
 * points do not add up to, and refuses caps larger than the scale, in Chinese and in English (docs/scoring.md §2a).
 */
const county: CountyContext = {
  groups: [{ code: 'township', name: '乡镇' }],
  units: [{ code: 't1', name: '甲镇', kind: 'township', groupCode: 'township', active: true }],
};

function doc(scale: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return parseDocument({
    engine: {
      id: 's',
      ...(scale ? { scale } : {}),
      groups: [
        {
          id: 'township',
          name: '乡镇',
          blocks: [
            {
              id: 'econ',
              indicators: [
                { id: 'gdp', points: 300, method: { kind: 'binary' } },
                { id: 'inv', points: 300, method: { kind: 'binary' } },
              ],
            },
            { id: 'party', indicators: [{ id: 'pb', points: 150, method: { kind: 'binary' } }] },
          ],
        },
      ],
      evaluation: { raterGroups: [{ id: 'leaders', weight: 1, form: 'scale' }] },
      tiering: { tiers: [{ id: 'good', share: 0.3 }, { id: 'rest' }] },
      ...extra,
    },
  });
}

const scaleIssues = (report: ReturnType<typeof validateDocument>) =>
  [...report.errors, ...report.warnings]
    .filter((i) => ['scale_mismatch', 'over_scale', 'points_sum'].includes(i.code))
    .map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`);

describe('a scheme on its own point scale', () => {
  it('points that do not add up to a 1,000-point scale: an error naming the group and the figures', () => {
    const d = doc({ total: 1000, mode: 'points', evaluationPoints: 200 });
    expect(scaleIssues(validateDocument(d, county, 'zh-CN', 2030))).toEqual([
      'error scale_mismatch engine.groups[0]: 考核类别“乡镇”指标分值合计 750 分，与满分不符：满分 1000 分，其中综合评价 200 分，指标应合计 800 分',
    ]);
    expect(scaleIssues(validateDocument(d, county, 'en', 2030))).toEqual([
      "error scale_mismatch engine.groups[0]: indicator points of group '乡镇' sum to 750, not 800 (full marks 1000, 200 of them the evaluation)",
    ]);
  });

  it('normalised to 1,000 instead: a warning against 1,000; without a scale, against 100 as before', () => {
    expect(scaleIssues(validateDocument(doc({ total: 1000, mode: 'normalised' }), county, 'zh-CN', 2030))).toEqual([
      'warning points_sum engine.groups[0]: 本类别指标分值合计 750 分，通常应为 1000 分（不同总分会折算为 1000 分制）',
    ]);
    expect(scaleIssues(validateDocument(doc(undefined), county, 'zh-CN', 2030))).toEqual([
      'warning points_sum engine.groups[0]: 本类别指标分值合计 750 分，通常应为 100 分（不同总分会折算为百分制）',
    ]);
  });

  it('a bonus cap or veto deduction larger than the scale is refused', () => {
    const d = doc(
      { total: 1000, mode: 'points', evaluationPoints: 250 },
      {
        bonus: { categories: [], cap: 1200 },
        vetoes: [{ id: 'v', effect: { kind: 'fixedDeduction', points: 30 } }],
        deductions: [{ id: 'd', amount: { kind: 'fixed', points: 2 }, limit: 1500 }],
      },
    );
    expect(scaleIssues(validateDocument(d, county, 'zh-CN', 2030))).toEqual([
      'error over_scale engine.bonus.cap: 加分总上限1200 分超过满分 1000 分',
      'error over_scale engine.deductions[0].limit: 本项限扣分值1500 分超过满分 1000 分',
    ]);
  });
});
