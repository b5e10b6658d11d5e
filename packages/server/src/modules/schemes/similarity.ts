/**
 * Name similarity for the overlap warnings: the Dice coefficient of character bigrams, and a search for the
 * pairs of a list of names that are equal or at least `threshold` similar without comparing every pair.
 *
 * The search is an all-pairs similarity join with prefix filtering. A name of L characters has A = L − 1
 * bigrams (a multiset; its k-th occurrence of a bigram g is the token (g, k), so multiset intersections are set
 * intersections). Two names with A and B bigrams and c shared ones have similarity 2c / (A + B); reaching t
 * needs c ≥ t(A + B) / 2 and, since c ≤ B, B ≥ tA / (2 − t), hence c ≥ tA / (2 − t) =: α(A) — for t = 0.8,
 * two thirds of each name's bigrams. With every name's tokens sorted in one global order (rarest first), two
 * token sets sharing at least α tokens share one within their first |x| − α + 1 tokens (the first shared
 * token comes before the α − 1 others). So only the prefixes are indexed; names sharing a prefix token are
 * candidates, and each candidate is scored with `bigramSimilarity` itself, so the answer is exactly that of the
 * pairwise check. Equal names (similarity 1 whatever their length) come from exact buckets.
 */

/** How many times each character bigram occurs in `s`. */
function bigramCounts(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice coefficient of character bigrams (0–1). */
export function bigramSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigramCounts(a);
  const gb = bigramCounts(b);
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

/**
 * The fewest bigrams a name with `a` bigrams must share with any other name to reach `threshold` (rounded down
 * a hair, so floating point never makes the filter stricter than the check).
 */
export function minSharedBigrams(a: number, threshold: number): number {
  if (threshold <= 0) return 0;
  return Math.max(1, Math.ceil((threshold * a) / (2 - threshold) - 1e-9));
}

/** Bigram tokens of a name: `g` for its first occurrence, `g` + NUL + k for the (k+1)-th. */
function tokensOf(s: string): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    const k = seen.get(g) ?? 0;
    seen.set(g, k + 1);
    out.push(k === 0 ? g : `${g}\u0000${k}`);
  }
  return out;
}

/** Size of the intersection of two ascending integer arrays. */
function shared(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let c = 0;
  while (i < x.length && j < y.length) {
    const a = x[i] ?? 0;
    const b = y[j] ?? 0;
    if (a === b) {
      c++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return c;
}

/**
 * Every pair `[i, j]` (i < j, ascending by i then j) of non-empty names that are equal or whose
 * `bigramSimilarity` is at least `threshold` — the same pairs as checking every pair, found through an
 * inverted index of bigram prefixes.
 */
export function similarNamePairs(names: readonly string[], threshold: number): [number, number][] {
  const n = names.length;
  if (threshold <= 0) {
    const all: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (names[i] && names[j]) all.push([i, j]);
    return all;
  }
  // Distinct names, each with the positions holding it (ascending).
  const bucketOf = new Map<string, number[]>();
  names.forEach((name, i) => {
    if (name === '') return;
    const b = bucketOf.get(name);
    if (b) b.push(i);
    else bucketOf.set(name, [i]);
  });
  const distinct = [...bucketOf.keys()];
  const buckets = [...bucketOf.values()];
  const pairs: number[] = [];
  // Equal names.
  for (const b of buckets) b.forEach((i, x) => b.forEach((j, y) => y > x && pairs.push(i * n + j)));
  // Distinct names. Tokens are numbered rarest first (ties by text), and each name's tokens sorted by number:
  // the global order of the prefix filter. A name with no bigram is similar to no other.
  const tokens = distinct.map(tokensOf);
  const freq = new Map<string, number>();
  for (const ts of tokens) for (const t of ts) freq.set(t, (freq.get(t) ?? 0) + 1);
  const rank = new Map<string, number>();
  [...freq.entries()]
    .sort(([x, fx], [y, fy]) => fx - fy || (x < y ? -1 : x > y ? 1 : 0))
    .forEach(([t], r) => rank.set(t, r));
  const sets = tokens.map((ts) => Int32Array.from(ts, (t) => rank.get(t) ?? 0).sort());
  const index = new Map<number, number[]>();
  const probed = new Int32Array(distinct.length).fill(-1);
  sets.forEach((x, d) => {
    const a = x.length;
    if (a === 0) return;
    const prefix = x.subarray(0, a - minSharedBigrams(a, threshold) + 1);
    const here = buckets[d] ?? [];
    for (const t of prefix) {
      for (const e of index.get(t) ?? []) {
        if (probed[e] === d) continue;
        probed[e] = d;
        const y = sets[e] ?? new Int32Array(0);
        // bigramSimilarity's own arithmetic on the same shared count, so exactly its answer.
        if ((2 * shared(x, y)) / (a + y.length) >= threshold) {
          for (const i of buckets[e] ?? []) for (const j of here) pairs.push(i < j ? i * n + j : j * n + i);
        }
      }
    }
    for (const t of prefix) {
      const list = index.get(t);
      if (list) list.push(d);
      else index.set(t, [d]);
    }
  });
  return Array.from(Float64Array.from(pairs).sort(), (p): [number, number] => [Math.floor(p / n), p % n]);
}
