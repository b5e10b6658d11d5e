import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, entropyInformation, redundancyPairs } from './diagnostics';
import { AnalysisError } from './errors';
import type { GroupMatrix, IndicatorMeta } from './matrix';

/** Build a column-major group from rows (one array per unit), the way people write tables. */
function group(
  groupId: string,
  indicators: IndicatorMeta[],
  rows: number[][],
  extra: Partial<GroupMatrix> = {},
): GroupMatrix {
  const n = rows.length;
  const m = indicators.length;
  const scores = new Float64Array(n * m);
  rows.forEach((row, i) => row.forEach((v, j) => (scores[j * n + i] = v)));
  return { groupId, unitIds: rows.map((_, i) => `u${i + 1}`), indicators, scores, ...extra };
}

const ind = (id: string, points: number, more: Partial<IndicatorMeta> = {}): IndicatorMeta => ({ id, points, ...more });

function only<T>(xs: readonly T[], pred: (x: T) => boolean): T {
  const found = xs.filter(pred);
  expect(found).toHaveLength(1);
  return found[0] as T;
}

describe('entropyInformation', () => {
  it('matches the hand computation on a 3 × 2 matrix', () => {
    // Column A = (1, 2, 3): Σ = 6, p = (1/6, 1/3, 1/2)
    //   Σ p ln p = (1/6)(−1.791759) + (1/3)(−1.098612) + (1/2)(−0.693147) = −1.011404
    //   e = 1.011404 / ln 3 = 1.011404 / 1.098612 = 0.920620, d = 1 − e = 0.079380
    // Column B = (4, 4, 4): p = (1/3, 1/3, 1/3), e = 1, d = 0 exactly (constant column).
    const x = new Float64Array([1, 2, 3, 4, 4, 4]);
    expect(entropyInformation(x, 0, 3)).toBeCloseTo(0.07938, 5);
    expect(entropyInformation(x, 3, 3)).toBe(0);
  });

  it('guards 0/0, single units and negative scales', () => {
    expect(entropyInformation(new Float64Array([0, 0, 0]))).toBe(0); // Σ = 0: 0/0 guarded, constant
    expect(entropyInformation(new Float64Array([5]))).toBe(0); // ln 1 = 0: one unit carries no information
    expect(entropyInformation(new Float64Array([2, 0, 0]))).toBe(1); // p = (1, 0, 0): e = 0 (0·ln 0 = 0), d = 1
    expect(entropyInformation(new Float64Array([-1, 2, 3]))).toBeNull(); // p is not a share
  });
});

describe('diagnose — hand-computed group', () => {
  // Three units, three indicators of one group:
  //   P (10 points, owned by 县委办): 10, 10, 10   every unit full marks
  //   Q ( 6 points, 政府办):          6,  3,  0
  //   R ( 4 points, 政府办):          0,  2,  4
  // Totals: u1 16, u2 15, u3 14 → ranks 1, 2, 3.
  const g = group(
    'township',
    [ind('P', 10, { assessorId: 'cpc' }), ind('Q', 6, { assessorId: 'gov' }), ind('R', 4, { assessorId: 'gov' })],
    [
      [10, 6, 0],
      [10, 3, 2],
      [10, 0, 4],
    ],
  );
  const result = diagnose([g], { assessorNames: { cpc: '县委办', gov: '政府办' } });
  const gd = result.groups[0];
  const get = (id: string) => only(gd?.indicators ?? [], (d) => d.indicatorId === id);

  it('full-mark rate, distinct values, CV', () => {
    const p = get('P');
    expect(p.fullMarkRate).toBe(1);
    expect(p.allFullMarks).toBe(true);
    expect(p.constant).toBe(true);
    expect(p.distinctCount).toBe(1);
    // CV of a constant positive column: sd 0 / mean 10 = 0.
    expect(p.cv).toBe(0);
    const q = get('Q');
    expect(q.fullMarkRate).toBeCloseTo(1 / 3, 12); // only u1 has 6 of 6
    expect(q.distinctShare).toBe(1); // 3 distinct of 3
    // Q = (6, 3, 0): mean 3, population sd = sqrt((9 + 0 + 9) / 3) = sqrt(6) = 2.449490, cv = 0.816497
    expect(q.cv).toBeCloseTo(0.816497, 6);
  });

  it('rank impact: removing Q reverses the order, removing R or P changes nothing', () => {
    // Without Q: totals 10, 12, 14 → ranks 3, 2, 1; |Δ| = 2, 0, 2 → mean 4/3.
    expect(get('Q').rankImpact).toBeCloseTo(4 / 3, 12);
    expect(get('Q').rankChanges).toBe(2);
    // Without R: totals 16, 13, 10 → ranks 1, 2, 3; nothing moves although R varies.
    expect(get('R').rankImpact).toBe(0);
    // … which is a note, not a flag: R = (0, 2, 4) has CV 0.82 and three distinct values.
    expect(get('R').notes.map((r) => r.code)).toContain('NO_RANK_IMPACT');
    expect(get('R').nonDiscriminating).toBe(false);
    // Without P (constant): every total drops by 10, exactly 0.
    expect(get('P').rankImpact).toBe(0);
  });

  it('variance share: cov(w·x, total) / var(total), summing to 1', () => {
    // Totals (16, 15, 14): mean 15, var = (1 + 0 + 1) / 3 = 2/3.
    // Q: mean 3, cov = (3·1 + 0 + (−3)(−1)) / 3 = 2 → share 2 / (2/3) = 3.
    // R: mean 2, cov = ((−2)·1 + 0 + 2·(−1)) / 3 = −4/3 → share −2.   P: 0.   3 − 2 + 0 = 1.
    expect(get('Q').varianceShare).toBeCloseTo(3, 12);
    expect(get('R').varianceShare).toBeCloseTo(-2, 12);
    expect(get('P').varianceShare).toBe(0);
  });

  it('entropy information and flags', () => {
    expect(get('P').entropyInformation).toBe(0);
    // Q = (6, 3, 0): p = (2/3, 1/3, 0); Σ p ln p = (2/3)(−0.405465) + (1/3)(−1.098612) = −0.636514
    //   e = 0.636514 / 1.098612 = 0.579380, d = 0.420620
    expect(get('Q').entropyInformation).toBeCloseTo(0.42062, 5);
    const p = get('P');
    expect(p.nonDiscriminating).toBe(true);
    expect(p.severity).toBe('severe');
    expect(p.reasons.map((r) => r.code)).toEqual(['CONSTANT', 'ALL_FULL_MARKS', 'FEW_DISTINCT_VALUES', 'LOW_CV']);
    expect(p.notes.map((r) => r.code)).toEqual(['NO_ENTROPY_INFORMATION', 'POOR_DISCRIMINATION', 'NO_RANK_IMPACT']);
    expect(get('Q').nonDiscriminating).toBe(false);
  });

  it('headline counts indicators and points and names the owners', () => {
    // 1 of 3 indicators (33.3%), 10 of 20 points (50%), owned by 县委办.
    const h = gd?.headline;
    expect(h?.fullMarkIndicators).toBe(1);
    expect(h?.indicators).toBe(3);
    expect(h?.pointsShare).toBe(0.5);
    expect(h?.assessors).toEqual([{ assessorId: 'cpc', name: '县委办', count: 1, indicatorIds: ['P'] }]);
    expect(h?.text.zh).toBe(
      '共 3 项指标中有 1 项所有单位均为满分，占指标总数 33.3%，占分值 50%；涉及考核主体：县委办（1项）。',
    );
    expect(h?.text.en).toBe(
      '1 of 3 indicators gave every unit full marks (33.3% of indicators, 50% of points); owners: 县委办 (1).',
    );
    expect(result.headline.groupId).toBeNull();
    expect(result.headline.items).toEqual([{ groupId: 'township', indicatorId: 'P', assessorId: 'cpc' }]);
  });
});

describe('diagnose — calibrated flags, severity first (issue 13)', () => {
  // Ten units u1…u10; F (100 points) = 100, 90, …, 10 sets a clear order.
  //   A (10): every unit 10                                  → severe (all full marks, constant)
  //   B (10): eight 10s, two 8s: full-mark rate 0.8 ≥ 0.8     → high
  //           mean 9.6, var = (8·0.4² + 2·1.6²)/10 = 0.64, sd 0.8, CV 0.0833; distinct 2/10
  //   C (10): six 9s, four 8s: no full marks, distinct 2/10 = 0.2 < 0.5,
  //           mean 8.6, var = (6·0.4² + 4·0.6²)/10 = 0.24, sd 0.489898, CV 0.056965 < 0.10  → medium
  //   D (10): five 10s, five 0s: distinct 0.2 but CV = 5/5 = 1 → not flagged (a yes/no indicator)
  //   E (2):  0.1, 0.3, …, 1.9: 10 distinct values, mean 1, var = 2(0.81+0.49+0.25+0.09+0.01)/10 = 0.33,
  //           CV 0.574456; nobody has full marks (DI 0) → a note only, not flagged
  //   G (5):  a feature indicator of u1 alone (applies only there), 5 of 5 → not judged (too few units)
  const ids = ['F', 'A', 'B', 'C', 'D', 'E', 'G'];
  const rows = Array.from({ length: 10 }, (_, i) => [
    100 - 10 * i,
    10,
    i < 8 ? 10 : 8,
    i < 6 ? 9 : 8,
    i % 2 === 0 ? 10 : 0,
    0.1 + 0.2 * i,
    i === 0 ? 5 : 0,
  ]);
  const applies = new Uint8Array(70).fill(1);
  for (let i = 1; i < 10; i++) applies[6 * 10 + i] = 0;
  const g = group(
    'township',
    ids.map((id) => ind(id, { F: 100, A: 10, B: 10, C: 10, D: 10, E: 2, G: 5 }[id] ?? 0, { assessorId: `o${id}` })),
    rows,
    { applies },
  );
  const get = (r: ReturnType<typeof diagnose>, id: string) =>
    only(r.groups[0]?.indicators ?? [], (d) => d.indicatorId === id);

  it('flags exactly A (severe), B (high), C (medium), in that order, with the measured values', () => {
    const r = diagnose([g]);
    expect(r.flags.map((f) => `${f.indicatorId}:${f.severity}`)).toEqual(['A:severe', 'B:high', 'C:medium']);
    expect(r.counts).toEqual({ severe: 1, high: 1, medium: 1, indicators: 7 });
    expect(r.groups[0]?.flagged).toBe(3);
    expect(get(r, 'B').reasons.map((x) => x.code)).toEqual(['HIGH_FULL_MARK_RATE', 'FEW_DISTINCT_VALUES', 'LOW_CV']);
    expect(get(r, 'B').cv).toBeCloseTo(0.08333333, 7);
    const c = get(r, 'C');
    expect(c.reasons.map((x) => [x.code, x.value])).toEqual([
      ['FEW_DISTINCT_VALUES', 0.2],
      ['LOW_CV', expect.closeTo(0.056965, 6)],
    ]);
  });

  it('never flags an indicator with a high CV and a high share of distinct values, nor a yes/no one', () => {
    const r = diagnose([g]);
    const e = get(r, 'E');
    expect(e.distinctShare).toBe(1);
    expect(e.cv).toBeCloseTo(0.574456, 6);
    expect(e.nonDiscriminating).toBe(false);
    expect(e.severity).toBe('none');
    // Nobody has its full 2 points, so the top-vs-bottom index is 0: a note, not a flag.
    expect(e.notes.map((x) => x.code)).toContain('POOR_DISCRIMINATION');
    expect(get(r, 'D').nonDiscriminating).toBe(false);
    expect(get(r, 'F').nonDiscriminating).toBe(false);
  });

  it('describes a feature indicator over the units it applies to, and does not judge one of a single unit', () => {
    const r = diagnose([g]);
    const f = get(r, 'G');
    expect(f.units).toBe(1);
    expect(f.fullMarkRate).toBe(1);
    expect(f.allFullMarks).toBe(false);
    expect(f.nonDiscriminating).toBe(false);
    expect(f.notes.map((x) => x.code)).toEqual(['TOO_FEW_UNITS']);
    // The headline counts A only: 1 of 7 indicators, 10 of 147 points.
    expect(r.headline.fullMarkIndicators).toBe(1);
    expect(r.headline.items.map((i) => i.indicatorId)).toEqual(['A']);
  });

  it('every threshold is a setting', () => {
    // CV threshold 0.05: C's 0.057 is no longer low; B's 0.083 neither (B stays high by its full-mark rate).
    const r1 = diagnose([g], { cvThreshold: 0.05 });
    expect(r1.flags.map((f) => `${f.indicatorId}:${f.severity}`)).toEqual(['A:severe', 'B:high']);
    // Full-mark threshold 0.9: B (0.8) drops to medium (two values, CV 0.083 < 0.10).
    const r2 = diagnose([g], { fullMarkThreshold: 0.9 });
    expect(r2.flags.map((f) => `${f.indicatorId}:${f.severity}`)).toEqual(['A:severe', 'B:medium', 'C:medium']);
    // Distinct-share threshold 0.2: 0.2 is not below it, so C is not flagged.
    expect(diagnose([g], { distinctShareThreshold: 0.2 }).counts.medium).toBe(0);
    // minUnits 1 judges G too: its one unit has full marks.
    expect(get(diagnose([g], { minUnits: 1 }), 'G').severity).toBe('severe');
    expect(() => diagnose([g], { minUnits: 0 })).toThrow(AnalysisError);
  });
});

describe('diagnose — discrimination index and item–total correlation', () => {
  it('top 27% vs bottom 27% meeting full marks', () => {
    // 10 units, k = round(0.27 × 10) = 3. Indicator D (5 points) and a filler F that sets the order.
    // F = 100, 90, …, 10 puts u1..u3 on top and u8..u10 at the bottom.
    // D: top three all 5 (meet), bottom: u8 = 5 meets, u9 = 4 and u10 = 0 do not.
    // DI = 3/3 − 1/3 = 0.666667.
    const rows = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10].map((f, i) => [f, [5, 5, 5, 0, 0, 0, 0, 5, 4, 0][i] ?? 0]);
    const r = diagnose([group('g', [ind('F', 100), ind('D', 5)], rows)]);
    const d = only(r.groups[0]?.indicators ?? [], (x) => x.indicatorId === 'D');
    expect(d.discriminationIndex).toBeCloseTo(2 / 3, 12);
    // With "meeting" at ≥ 80% of points (4 of 5), u9 also meets: DI = 3/3 − 2/3 = 1/3.
    const r2 = diagnose([group('g', [ind('F', 100), ind('D', 5)], rows)], { meetShare: 0.8 });
    expect(only(r2.groups[0]?.indicators ?? [], (x) => x.indicatorId === 'D').discriminationIndex).toBeCloseTo(
      1 / 3,
      12,
    );
  });

  it('corrected item–total correlation uses the total without the item', () => {
    // X = (1, 2, 3, 4), Y = (2, 1, 4, 3); total without X is Y.
    // dx = (−1.5, −.5, .5, 1.5), dy = (−.5, −1.5, 1.5, .5): Σdxdy = 3, Σdx² = Σdy² = 5 → r = 3/5 = 0.6.
    const r = diagnose([
      group(
        'g',
        [ind('X', 4), ind('Y', 4)],
        [
          [1, 2],
          [2, 1],
          [3, 4],
          [4, 3],
        ],
      ),
    ]);
    for (const d of r.groups[0]?.indicators ?? []) expect(d.itemTotalCorrelation).toBeCloseTo(0.6, 12);
  });

  it('statistics that are undefined are null, never NaN', () => {
    const r = diagnose([group('g', [ind('A', 10), ind('N', 0)], [[3, -2]])]);
    for (const d of r.groups[0]?.indicators ?? []) {
      expect(d.discriminationIndex).toBeNull(); // one unit
      expect(d.itemTotalCorrelation).toBeNull();
      expect(d.varianceShare).toBeNull();
      for (const v of Object.values(d)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
    }
    const neg = only(r.groups[0]?.indicators ?? [], (d) => d.indicatorId === 'N');
    expect(neg.cv).toBeNull(); // negative scale
    expect(neg.entropyInformation).toBeNull();
  });
});

describe('redundancy', () => {
  it('reports pairs with r > 0.9 within a block only', () => {
    // X = (1, 2, 3, 4), Z = (2, 4, 6, 8.5): r ≈ 0.998; W = X in another block is not paired.
    const g = group(
      'g',
      [ind('X', 10, { blockId: 'dev' }), ind('Z', 10, { blockId: 'dev' }), ind('W', 10, { blockId: 'party' })],
      [
        [1, 2, 1],
        [2, 4, 2],
        [3, 6, 3],
        [4, 8.5, 4],
      ],
    );
    const pairs = redundancyPairs(g);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ blockId: 'dev', indicatorA: 'X', indicatorB: 'Z' });
    expect(pairs[0]?.correlation).toBeGreaterThan(0.99);
  });
});

describe('validation', () => {
  it('rejects a malformed matrix with a typed error naming the path', () => {
    const bad: GroupMatrix = {
      groupId: 'g',
      unitIds: ['a', 'b'],
      indicators: [ind('X', 1)],
      scores: new Float64Array(3),
    };
    expect(() => diagnose([bad])).toThrowError(AnalysisError);
    try {
      diagnose([bad]);
    } catch (e) {
      expect(e).toMatchObject({ code: 'ANALYSIS_SHAPE_MISMATCH', path: 'groups[0].scores' });
    }
    const nan: GroupMatrix = {
      groupId: 'g',
      unitIds: ['a'],
      indicators: [ind('X', 1)],
      scores: new Float64Array([Number.NaN]),
    };
    expect(() => diagnose([nan])).toThrowError(/groups\[0\]\.scores\[0\]/);
    expect(() => diagnose([], { fullMarkThreshold: 2 })).toThrowError(AnalysisError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** A random group: n units × m indicators with scores in [0, points] on a 0.5 grid. */
const arbGroup = fc
  .record({ n: fc.integer({ min: 2, max: 25 }), m: fc.integer({ min: 1, max: 6 }) })
  .chain(({ n, m }) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      points: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: m, maxLength: m }),
      cells: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n * m, maxLength: n * m }),
      constant: fc.integer({ min: 0, max: 40 }),
      at: fc.integer({ min: 0, max: m }),
      weight: fc.constantFrom(1, 0.5, 2.5),
    }),
  );

describe('properties', () => {
  it('an indicator on which every unit scores the same: rank impact 0, entropy 0, flagged', () => {
    fc.assert(
      fc.property(arbGroup, ({ n, m, points, cells, constant, at, weight }) => {
        const inds: IndicatorMeta[] = [];
        const cols: number[][] = [];
        for (let j = 0; j < m; j++) {
          const p = points[j] ?? 1;
          inds.push(ind(`i${j}`, p));
          cols.push(Array.from({ length: n }, (_, i) => Math.min(p, (cells[j * n + i] ?? 0) / 2)));
        }
        const c = constant / 2;
        inds.splice(at, 0, ind('const', 20));
        cols.splice(
          at,
          0,
          Array.from({ length: n }, () => c),
        );
        const scores = new Float64Array(n * (m + 1));
        cols.forEach((col, j) => col.forEach((v, i) => (scores[j * n + i] = v)));
        const weights = new Float64Array(m + 1).fill(weight);
        const g: GroupMatrix = {
          groupId: 'g',
          unitIds: Array.from({ length: n }, (_, i) => `u${i}`),
          indicators: inds,
          scores,
          weights,
        };
        const d = only(diagnose([g]).groups[0]?.indicators ?? [], (x) => x.indicatorId === 'const');
        expect(d.rankImpact).toBe(0);
        expect(d.rankChanges).toBe(0);
        expect(d.entropyInformation).toBe(0);
        expect(d.constant).toBe(true);
        expect(d.nonDiscriminating).toBe(true);
        expect(d.reasons.map((r) => r.code)).toContain('CONSTANT');
      }),
      { numRuns: 200 },
    );
  });

  it('results do not depend on the order of units', () => {
    fc.assert(
      fc.property(arbGroup, fc.integer({ min: 0, max: 1_000_000 }), ({ n, m, points, cells }, seed) => {
        const inds = Array.from({ length: m }, (_, j) => ind(`i${j}`, points[j] ?? 1));
        const scores = Float64Array.from(cells.map((v, k) => Math.min(points[Math.floor(k / n)] ?? 1, v / 2)));
        const ids = Array.from({ length: n }, (_, i) => `u${String(i).padStart(2, '0')}`);
        // A deterministic permutation from the seed.
        const perm = ids
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const permuted = new Float64Array(n * m);
        for (let j = 0; j < m; j++)
          for (let p = 0; p < n; p++) permuted[j * n + p] = scores[j * n + (perm[p] ?? 0)] ?? 0;
        const a = diagnose([{ groupId: 'g', unitIds: ids, indicators: inds, scores }]).groups[0]?.indicators ?? [];
        const b =
          diagnose([{ groupId: 'g', unitIds: perm.map((i) => ids[i] ?? ''), indicators: inds, scores: permuted }])
            .groups[0]?.indicators ?? [];
        a.forEach((x, j) => {
          const y = b[j];
          expect(y?.rankImpact).toBe(x.rankImpact);
          expect(y?.discriminationIndex).toBe(x.discriminationIndex);
          expect(y?.fullMarkCount).toBe(x.fullMarkCount);
          expect(y?.distinctCount).toBe(x.distinctCount);
          expect(y?.mean).toBeCloseTo(x.mean, 9);
          expect(y?.reasons.map((r) => r.code)).toEqual(x.reasons.map((r) => r.code));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('entropy information is in [0, 1] and CV ≥ 0 on non-negative scales', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 }), (xs) => {
        const d = entropyInformation(Float64Array.from(xs));
        expect(d).not.toBeNull();
        expect(d ?? -1).toBeGreaterThanOrEqual(0);
        expect(d ?? 2).toBeLessThanOrEqual(1);
      }),
    );
  });
});
