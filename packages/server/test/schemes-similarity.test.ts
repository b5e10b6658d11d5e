import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, walkIndicators } from '../src/modules/schemes/document';
import { bigramSimilarity, minSharedBigrams, similarNamePairs } from '../src/modules/schemes/similarity';
import { normaliseName, OVERLAP_THRESHOLD, validateDocument } from '../src/modules/schemes/validation';

/**
 * The name-overlap check of validation finds its pairs through an index of bigram prefixes instead of comparing
 * every pair. These tests hold it to the pairwise check it replaced.
 */

/** The reference: every pair, as validation did before (equal names, or similar enough). */
function bruteForcePairs(names: readonly string[], threshold: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] ?? '';
      const b = names[j] ?? '';
      if (a === '' || b === '') continue;
      if (a === b || bigramSimilarity(a, b) >= threshold) out.push([i, j]);
    }
  }
  return out;
}

/**
 * Names drawn from a small alphabet so that many pairs are close: repeated characters (repeated bigrams),
 * duplicates, one-character and empty names, and a surrogate pair (bigrams are taken on UTF-16 code units).
 */
const CHARS = ['一', '般', '公', '共', '预', '算', '收', '入', '增', '幅', 'a', 'b', '1', '𠮷'];
const name = fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 12 }).map((cs) => cs.join(''));
/** Variants of a few stems (a prefix, a suffix, one character changed): the near-misses around the threshold. */
const variant = fc
  .tuple(
    fc.constantFrom('一般公共预算收入', '招商引资', '指标12', 'aaaa', 'abab'),
    fc.constantFrom('', '增幅', '1', 'a'),
    fc.boolean(),
    fc.nat(8),
  )
  .map(([stem, extra, before, cut]) => {
    const s = before ? extra + stem : stem + extra;
    return cut % 3 === 0 ? s.slice(0, Math.max(1, s.length - 1)) : s;
  });
const names = fc.array(fc.oneof(name, variant), { minLength: 0, maxLength: 200 });

describe('similar names through the bigram index', () => {
  it('finds exactly the pairs of the pairwise check (random name sets, up to 200 names)', () => {
    fc.assert(
      fc.property(names, (ns) => {
        expect(similarNamePairs(ns, OVERLAP_THRESHOLD)).toEqual(bruteForcePairs(ns, OVERLAP_THRESHOLD));
      }),
      { numRuns: 50 },
    );
  });

  it('at other thresholds too', () => {
    fc.assert(
      fc.property(names, fc.constantFrom(0, 0.3, 0.5, 2 / 3, 0.75, 0.9, 1, 1.2), (ns, t) => {
        expect(similarNamePairs(ns, t)).toEqual(bruteForcePairs(ns, t));
      }),
      { numRuns: 50 },
    );
  });

  it('the bound on shared bigrams never excludes a pair that reaches the threshold', () => {
    // Dice = 2c / (A + B) with c ≤ min(A, B): every (A, B, c) that reaches t has c ≥ minSharedBigrams of both.
    const missed: string[] = [];
    let reaching = 0;
    for (const t of [0.3, 0.5, 2 / 3, 0.75, OVERLAP_THRESHOLD, 0.9, 1]) {
      for (let a = 1; a <= 60; a++) {
        for (let b = 1; b <= 60; b++) {
          for (let c = 0; c <= Math.min(a, b); c++) {
            if ((2 * c) / (a + b) < t) continue;
            reaching++;
            if (c < minSharedBigrams(a, t) || c < minSharedBigrams(b, t)) missed.push(`t=${t} A=${a} B=${b} c=${c}`);
          }
        }
      }
    }
    expect(missed).toEqual([]);
    expect(reaching).toBeGreaterThan(10_000);
    // And it is tight: at t = 0.8 a 4-bigram name needs 3 shared (2 × 3 / (4 + 3) = 0.86), 2 are too few.
    expect(minSharedBigrams(4, OVERLAP_THRESHOLD)).toBe(3);
  });

  it('the pairs come in the order of the pairwise check, equal names included', () => {
    const ns = ['一般公共预算收入', '', '党建工作', '一般公共预算收入增幅', '一般公共预算收入', 'x', 'x'];
    expect(similarNamePairs(ns, OVERLAP_THRESHOLD)).toEqual([
      [0, 3],
      [0, 4],
      [3, 4],
      [5, 6],
    ]);
  });

  it('10,000 names of one pattern: the index finds the same pairs as a sample of the pairwise check', () => {
    // Not timed (the bench times it): the synthetic sheet of the import bench, 指标0 … 指标9999.
    const many = Array.from({ length: 10_000 }, (_, i) => `指标${i}`);
    const pairs = similarNamePairs(many, OVERLAP_THRESHOLD);
    const found = new Set(pairs.map(([i, j]) => `${i}:${j}`));
    for (const i of [0, 7, 12, 123, 1234, 9999]) {
      for (let j = 0; j < many.length; j++) {
        if (j === i) continue;
        const [x, y] = i < j ? [i, j] : [j, i];
        const similar = bigramSimilarity(many[x] ?? '', many[y] ?? '') >= OVERLAP_THRESHOLD;
        expect(found.has(`${x}:${y}`), `${many[x]} / ${many[y]}`).toBe(similar);
      }
    }
  });
});

describe('overlap warnings of validation', () => {
  const county = {
    groups: [{ code: 'township', name: '乡镇' }],
    units: [
      { code: 'XZ01', name: '甲镇', kind: 'township' as const, groupCode: 'township', active: true },
      { code: 'XZ02', name: '乙镇', kind: 'township' as const, groupCode: 'township', active: true },
      { code: 'ZF01', name: '政府办', kind: 'department' as const, groupCode: 'government', active: true },
    ],
  };
  const leaf = fc.record({
    name: fc.oneof(name, variant, fc.constant('招商引资')),
    method: fc.constantFrom('ratio', 'grade'),
    appliesTo: fc.constantFrom(undefined, ['XZ01'], ['XZ02']),
  });

  it('warn about the same pairs, in the same order, as the pairwise loop they replaced', () => {
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 80 }), (leaves) => {
        const doc = parseDocument({
          engine: {
            id: 's',
            groups: [
              {
                id: 'township',
                blocks: [
                  {
                    id: 'b',
                    indicators: leaves.map((l, i) => ({
                      id: `i${i}`,
                      name: l.name,
                      points: 1,
                      assessorId: 'ZF01',
                      ...(l.appliesTo ? { appliesTo: l.appliesTo } : {}),
                      method: l.method === 'ratio' ? { kind: 'ratio', target: 1 } : { kind: 'grade', grades: { A: 1 } },
                    })),
                  },
                ],
              },
            ],
            tiering: { tiers: [{ id: 'all', name: '全部' }] },
          },
        });
        const refs = walkIndicators(doc.engine).filter((r) => r.isLeaf);
        // The reference: the loop over every pair (validation.ts before the index).
        const expected: { code: string; path: string; params: Record<string, unknown> }[] = [];
        const norm = refs.map((r) => normaliseName(r.indicator.name ?? r.indicator.id));
        const method = (k: number) => refs[k]?.indicator.method?.kind ?? '';
        const reported = new Set<string>();
        for (let i = 0; i < refs.length; i++) {
          for (let j = i + 1; j < refs.length; j++) {
            const [a, b, na, nb] = [refs[i], refs[j], norm[i] ?? '', norm[j] ?? ''];
            if (!a || !b || na === '' || nb === '') continue;
            if (na === nb && method(i) !== method(j)) {
              if (!reported.has(na)) {
                const methods = [
                  ...new Set(
                    refs
                      .map((_, k) => k)
                      .filter((k) => norm[k] === na)
                      .map(method),
                  ),
                ];
                expected.push({
                  code: 'not_comparable',
                  path: `${b.path}.method`,
                  params: { name: b.indicator.name ?? b.indicator.id, methods: methods.join(' / ') },
                });
                reported.add(na);
              }
              continue;
            }
            if (a.indicator.appliesTo && b.indicator.appliesTo) continue;
            const sim = bigramSimilarity(na, nb);
            if (sim >= OVERLAP_THRESHOLD)
              expected.push({
                code: 'overlap_name',
                path: `${b.path}.name`,
                params: { other: a.indicator.name ?? a.indicator.id, similarity: Math.round(sim * 100) },
              });
          }
        }
        const report = validateDocument(doc, county, 'en', 2019);
        const got = report.warnings
          .filter((w) => w.code === 'overlap_name' || w.code === 'not_comparable')
          .map((w) => ({ code: w.code, path: w.path, params: w.params }));
        expect(got).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
