import { assessorStats } from '@yardstick/engine';
import { describe, expect, it } from 'vitest';
import { concernsOf, sentenceOf } from './service';

// 县财政局 scores 12 cells of 10 points: eleven 10s and one 5 → 11 of 12 full (91.7%).
// fractions: 11 × 1 and 0.5; mean 11.5 / 12 = 0.9583; variance (11 × 0.0417² + 0.4583²) / 12 = 0.0191, sd 0.1382;
// cv 0.1382 / 0.9583 = 0.1442 → 0.144; distinct {1, 0.5} → 2 / 12 = 16.7%.
const scores = Array.from({ length: 12 }, (_, i) => ({
  assessorId: 'CZ',
  unitId: `u${i}`,
  indicatorId: 'rev',
  points: i === 11 ? 5 : 10,
  max: 10,
}));

describe('the plain sentence and the concerns', () => {
  it('"县财政局给出的 12 项评分中 11 项为满分" with its share, spread and corrections', () => {
    const [s] = assessorStats(scores, [{ assessorId: 'CZ', corrections: 1 }]);
    if (!s) throw new Error('no stats');
    const { zh, en } = sentenceOf('县财政局', s);
    expect(zh).toBe(
      '县财政局给出的 12 项评分中 11 项为满分（91.7%）；评分离散系数 0.144，不同分值占 16.7%；1 项评分经申诉更正。',
    );
    expect(en).toBe(
      '县财政局 gave 12 score(s), 11 of them full marks (91.7%); coefficient of variation 0.144, distinct values 16.7%; 1 corrected on appeal.',
    );
    // 91.7% ≥ 90% with 12 ≥ 5 scores; cv 0.144 > 0.02 is not uniform; one correction.
    expect(concernsOf(s)).toEqual(['fullMarks', 'corrected']);
  });

  it('every score the same: full marks and uniform; too few scores: not judged', () => {
    const same = scores.map((x) => ({ ...x, points: 10 }));
    const [s] = assessorStats(same);
    if (!s) throw new Error('no stats');
    expect(concernsOf(s)).toEqual(['fullMarks', 'uniform']);
    const [few] = assessorStats(same.slice(0, 4));
    if (!few) throw new Error('no stats');
    expect(concernsOf(few)).toEqual([]);
  });
});
