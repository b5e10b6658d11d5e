/**
 * A seeded synthetic province year in the core's scheme/dataset format: G groups × U units, each group
 * scored on the same I indicators (one shared tree of three blocks), every indicator with K process
 * nodes. Methods are the ones a columnar dataset can carry and SQL can mirror exactly (ratio, goalposts,
 * top-ratio, rank, binary, deduction by count); every tenth binary indicator gives every unit full marks,
 * so diagnostics have something to find.
 */
import {
  DatasetSchema,
  type Dataset,
  type DatasetColumns,
  type MethodInput,
  type Scheme,
  SchemeSchema,
} from '../src/model';
import { mulberry32 } from '../src/analysis/prng';

export interface SynthSpec {
  readonly groups: number;
  readonly unitsPerGroup: number;
  readonly indicators: number;
  readonly nodes: number;
  readonly seed: number;
}

/** What the SQL baseline needs to know about each indicator (mirrors the scheme). */
export interface SynthIndicator {
  readonly id: string;
  readonly block: string;
  readonly points: number;
  readonly method: 'ratio' | 'goalposts' | 'topRatio' | 'rank' | 'binary' | 'deduction';
  /** ratio: target; goalposts: lo/hi; rank: step (percent) and floor; deduction: points per occurrence. */
  readonly target: number;
  readonly lo: number;
  readonly hi: number;
  readonly step: number;
  readonly floor: number;
  readonly perOccurrence: number;
}

export interface SynthYear {
  readonly spec: SynthSpec;
  readonly scheme: Scheme;
  readonly dataset: Dataset;
  readonly columns: DatasetColumns;
  readonly unitIds: readonly string[];
  readonly unitGroup: readonly string[];
  readonly indicators: readonly SynthIndicator[];
  /** Row-major values[u * I + j]. */
  readonly values: Float64Array;
  /** lights[(u * I + j) * K + k]: 1 green, 2 yellow, 3 red. */
  readonly lights: Uint8Array;
  /** Bonus points per unit (one record each, before the cap of 5). */
  readonly bonusRecords: readonly { unitId: string; points: number }[];
  readonly process: { readonly share: number; readonly yellowFraction: number; readonly redFraction: number };
  readonly tierShares: readonly number[];
}

const BLOCKS = [
  { id: 'party', name: '党建', share: 0.3 },
  { id: 'dev', name: '经济社会发展', share: 0.5 },
  { id: 'key', name: '重点工作', share: 0.2 },
] as const;
const POINTS = [0.2, 0.3, 0.5] as const; // averages 1/3: 300 indicators make 100 points
const METHODS = ['ratio', 'goalposts', 'topRatio', 'rank', 'binary', 'deduction'] as const;
const ASSESSORS = ['cpc-office', 'gov-office', 'organ-committee', 'development', 'finance', 'ecology'] as const;
export const TIER_SHARES = [0.3, 0.4, 0.2, 0.1] as const;
export const TIER_NAMES = ['好', '较好', '一般', '较差'] as const;

export function synthYear(spec: SynthSpec): SynthYear {
  const rng = mulberry32(spec.seed);
  const r = (): number => rng.next();
  const I = spec.indicators;
  const K = spec.nodes;
  const indicators: SynthIndicator[] = [];
  for (let j = 0; j < I; j++) {
    const method = METHODS[j % METHODS.length] ?? 'ratio';
    const block = j < I * 0.3 ? 'party' : j < I * 0.8 ? 'dev' : 'key';
    indicators.push({
      id: `i${String(j).padStart(3, '0')}`,
      block,
      points: POINTS[j % POINTS.length] ?? 0.2,
      method,
      target: 100,
      lo: 0,
      hi: 100,
      step: 2,
      floor: 0.5,
      perOccurrence: 0.05,
    });
  }
  const process = { share: 0.4, yellowFraction: 0.5, redFraction: 0 };
  const methodOf = (ind: SynthIndicator): MethodInput => {
    switch (ind.method) {
      case 'ratio':
        return { kind: 'ratio', target: ind.target, cap: 1 };
      case 'goalposts':
        return { kind: 'goalposts', lo: ind.lo, hi: ind.hi };
      case 'topRatio':
        return { kind: 'topRatio' };
      case 'rank':
        return { kind: 'rank', step: ind.step, stepUnit: 'percent', floor: ind.floor };
      case 'binary':
        return { kind: 'binary' };
      case 'deduction':
        return { kind: 'deduction', perOccurrence: ind.perOccurrence };
    }
  };
  const nodes = Array.from({ length: K }, (_, k) => ({ id: `n${String(k + 1).padStart(2, '0')}` }));
  const scheme = SchemeSchema.parse({
    id: `synthetic-${spec.groups}x${spec.unitsPerGroup}x${I}`,
    name: 'Synthetic province year',
    decimals: 2,
    blocks: BLOCKS.map((b) => ({
      id: b.id,
      name: b.name,
      indicators: indicators
        .filter((ind) => ind.block === b.id)
        .map((ind, k) => ({
          id: ind.id,
          points: ind.points,
          method: methodOf(ind),
          assessorId: ASSESSORS[k % ASSESSORS.length],
          process: {
            share: process.share,
            nodes,
            yellowFraction: process.yellowFraction,
            redFraction: process.redFraction,
          },
        })),
    })),
    groups: Array.from({ length: spec.groups }, (_, g) => ({
      id: `g${String(g).padStart(2, '0')}`,
      name: `类别${g + 1}`,
    })),
    bonus: { categories: [{ id: 'commendation', levels: { national: 3, provincial: 2, city: 1 } }], cap: 5 },
    ranking: { on: 'rounded' },
    tiering: {
      tiers: TIER_NAMES.map((name, k) => ({
        id: name,
        name,
        ...(k < TIER_SHARES.length - 1 ? { share: TIER_SHARES[k] } : {}),
      })),
      rounding: 'halfUp',
      tiePolicy: 'allIn',
    },
  });

  const U = spec.groups * spec.unitsPerGroup;
  const unitIds: string[] = [];
  const unitGroup: string[] = [];
  for (let g = 0; g < spec.groups; g++) {
    for (let u = 0; u < spec.unitsPerGroup; u++) {
      unitIds.push(`u${String(g).padStart(2, '0')}-${String(u).padStart(4, '0')}`);
      unitGroup.push(`g${String(g).padStart(2, '0')}`);
    }
  }
  const values = new Float64Array(U * I);
  const lights = new Uint8Array(U * I * K);
  // Each unit has an ability that shifts all its values, so totals spread out as in real data.
  for (let u = 0; u < U; u++) {
    const ability = r();
    for (let j = 0; j < I; j++) {
      const ind = indicators[j] as SynthIndicator;
      const noise = r();
      let v: number;
      switch (ind.method) {
        case 'ratio':
          v = Math.round(60 + 40 * ability + 30 * noise); // often ≥ target: capped at full marks
          break;
        case 'goalposts':
        case 'topRatio':
        case 'rank':
          v = Math.round((20 + 50 * ability + 30 * noise) * 10) / 10;
          break;
        case 'binary':
          v = j % 10 === 4 || noise < 0.8 + 0.2 * ability ? 1 : 0;
          break;
        case 'deduction':
          v = noise < 0.6 ? 0 : noise < 0.9 ? 1 : 2;
          break;
      }
      values[u * I + j] = v;
      const base = (u * I + j) * K;
      // The always-done binary indicators are also green at every node: full marks for every unit.
      const allGreen = ind.method === 'binary' && j % 10 === 4;
      for (let k = 0; k < K; k++) {
        const x = r();
        lights[base + k] = allGreen || x < 0.85 + 0.1 * ability ? 1 : x < 0.97 ? 2 : 3;
      }
    }
  }
  const bonusRecords: { unitId: string; points: number }[] = [];
  for (let u = 0; u < U; u += 7) bonusRecords.push({ unitId: unitIds[u] ?? '', points: 1 + Math.floor(r() * 3) });
  const columns: DatasetColumns = {
    unitIds,
    indicatorIds: indicators.map((i) => i.id),
    value: values,
    nodeCount: K,
    nodeLights: lights,
  };
  const dataset: Dataset = {
    ...DatasetSchema.parse({
      units: unitIds.map((id, u) => ({ id, group: unitGroup[u] })),
      bonuses: bonusRecords.map((b, k) => ({
        id: `b${k}`,
        unitId: b.unitId,
        category: 'commendation',
        points: b.points,
      })),
    }),
    columns: [columns],
  };
  return {
    spec,
    scheme,
    dataset,
    columns,
    unitIds,
    unitGroup,
    indicators,
    values,
    lights,
    bonusRecords,
    process,
    tierShares: TIER_SHARES,
  };
}

/** The first `groups` groups of a year, as a year of its own (the same units, values and nodes). */
export function sliceYear(y: SynthYear, groups: number): SynthYear {
  const keep = new Set(y.scheme.groups.slice(0, groups).map((g) => g.id));
  const U = y.unitIds.findIndex((_, u) => !keep.has(y.unitGroup[u] ?? ''));
  const n = U < 0 ? y.unitIds.length : U;
  const I = y.indicators.length;
  const K = y.spec.nodes;
  const unitIds = y.unitIds.slice(0, n);
  const values = y.values.subarray(0, n * I);
  const lights = y.lights.subarray(0, n * I * K);
  const columns: DatasetColumns = {
    unitIds,
    indicatorIds: y.columns.indicatorIds,
    value: values,
    nodeCount: K,
    nodeLights: lights,
  };
  const unitSet = new Set(unitIds);
  return {
    ...y,
    spec: { ...y.spec, groups },
    scheme: { ...y.scheme, groups: y.scheme.groups.slice(0, groups) },
    dataset: {
      ...y.dataset,
      units: y.dataset.units.slice(0, n),
      bonuses: y.dataset.bonuses.filter((b) => unitSet.has(b.unitId)),
      columns: [columns],
    },
    columns,
    unitIds,
    unitGroup: y.unitGroup.slice(0, n),
    values,
    lights,
    bonusRecords: y.bonusRecords.filter((b) => unitSet.has(b.unitId)),
  };
}
