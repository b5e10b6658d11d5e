/**
 * The demo county's 2018 data (示范县 2018 年度考核数据), shaped for the engine: every unit's figures on every leaf
 * indicator of the 2018 scheme that applies to it, process-node lights, commendations, criticism, one veto, one
 * discipline case, evaluation ballots and the public survey, and last year's ranks and tiers.
 *
 * Deterministic: no clock, no Math.random. Each number comes from the unit's *strength* (a fixed table below:
 * some townships clearly better, a couple weak) plus a small seeded draw keyed by the unit and the indicator
 * (mulberry32 seeded by a hash of `unit|indicator|purpose`), so the data never depends on the order in which
 * units or indicators are visited. Units are referred to by unit code (docs/schemes.md).
 *
 * What the data is meant to show (docs/engine-format.md, "The demo county's 2018 year"):
 * - the 2018 routine done/not-done items (key: false binaries) are done by every unit: full marks for all, the
 *   speech's "N of M indicators gave every unit full marks";
 * - 龙泉乡 XZ13 and 金沙乡 XZ18 are weak (red lights, criticism, bottom places); 城关镇 XZ01 and 东城镇 XZ02 lead;
 * - 太平乡 XZ16 failed the poverty-alleviation review: a 脱贫攻坚 veto (2018: barred from the top two tiers);
 * - 自然资源局 ZF10 had cadres sanctioned: a discipline case, one tier down from 好;
 * - a county leader's ballot that marks every township 90 (invalid), and "don't know" answers on peer ballots.
 */
import {
  computeQuotas,
  mulberry32,
  type DatasetInput,
  type Indicator,
  type Method,
  type Scheme,
} from '@yardstick/engine';
import { walkIndicators } from '../modules/schemes/document';

/** A unit as the dataset needs it: its code and its unit-group code (demoUnits() and the units table both fit). */
export interface DatasetUnit {
  code: string;
  group: string;
  name?: string | undefined;
}

type Value = NonNullable<DatasetInput['values']>[number];
type Ballot = NonNullable<DatasetInput['ballots']>[number];

export const DEMO_DATA_YEAR = 2018;

/**
 * How well each unit worked in 2018, 0 (weak) … 1 (strong). The spread is the point: results should read like a
 * county, not like noise. Units not listed (a county edited after seeding) count as 0.5.
 */
export const STRENGTH_2018: Readonly<Record<string, number>> = {
  // 乡镇: the county seat and the industrial town lead; two hill townships trail.
  XZ01: 0.93, // 城关镇
  XZ02: 0.88, // 东城镇
  XZ03: 0.74, // 西城镇
  XZ04: 0.81, // 南湖镇
  XZ05: 0.55, // 北山镇
  XZ06: 0.63, // 青石镇
  XZ07: 0.58, // 白水镇
  XZ08: 0.5, // 长岭镇
  XZ09: 0.7, // 桃源镇
  XZ10: 0.52, // 柳河镇
  XZ11: 0.47, // 新兴乡
  XZ12: 0.43, // 石门乡
  XZ13: 0.16, // 龙泉乡 (weak)
  XZ14: 0.4, // 红旗乡
  XZ15: 0.6, // 永安乡
  XZ16: 0.66, // 太平乡 (poverty veto)
  XZ17: 0.35, // 双河乡
  XZ18: 0.12, // 金沙乡 (weak)
  // 党群部门
  DQ01: 0.8,
  DQ02: 0.86,
  DQ03: 0.7,
  DQ04: 0.55,
  DQ05: 0.75,
  DQ06: 0.5,
  DQ07: 0.62,
  DQ08: 0.45,
  DQ09: 0.4,
  DQ10: 0.58,
  DQ11: 0.35,
  DQ12: 0.31,
  // 政府部门
  ZF01: 0.82,
  ZF02: 0.85,
  ZF03: 0.78,
  ZF04: 0.6,
  ZF05: 0.7,
  ZF06: 0.5,
  ZF07: 0.55,
  ZF08: 0.8,
  ZF09: 0.65,
  ZF10: 0.84, // 自然资源局 (discipline case)
  ZF11: 0.45,
  ZF12: 0.6,
  ZF13: 0.52,
  ZF14: 0.75,
  ZF15: 0.48,
  ZF16: 0.42,
  ZF17: 0.38,
  ZF18: 0.5,
  ZF19: 0.2, // 应急管理局 (weak: accidents, red lights)
  ZF20: 0.57,
  ZF21: 0.46,
  ZF22: 0.63,
  ZF23: 0.3,
  // 垂管及其他
  CG01: 0.8,
  CG02: 0.5,
  CG03: 0.6,
  CG04: 0.44,
  CG05: 0.7,
  CG06: 0.3,
};

/**
 * 2017 differed a little: 金沙乡 XZ18 was already last (较差) — so a second 较差 in 2018 triggers the scheme's
 * "bottom two years running" talk (约谈) — and 龙泉乡 XZ13 slipped only in 2018.
 */
const STRENGTH_2017_DELTA: Readonly<Record<string, number>> = { XZ18: -0.2, XZ13: 0.15 };

/** Figures fixed by the story rather than drawn: unit → indicator → value row fields. */
const FIXED: Readonly<Record<string, Readonly<Record<string, Partial<Value>>>>> = {
  // 太平乡 failed the province's poverty-alleviation review (hence the veto below).
  XZ16: { 'xz-poverty': { grade: 'D' } },
  // 龙泉乡: straw burning caught by satellite twice (the second a recurrence) — also a city criticism below.
  XZ13: { 'xz-air': { events: [{ count: 1 }, { count: 1, repeat: true }] } },
};

/** The city's 2018 assessment of the county (按市考结果折算): 3rd of 10 counties, 88.6 points. */
const CITY_RESULT_2018 = { rank: 3, score: 88.6, max: 100 };

/** Commendations (表彰奖励): level points 3 / 2 / 1, one achievement counts once at its highest level, cap 5. */
const BONUSES_2018: NonNullable<DatasetInput['bonuses']> = [
  // 城关镇: three different achievements, 3 + 2 + 1 = 6, capped at 5.
  {
    id: '2018-B01',
    unitId: 'XZ01',
    category: 'commendation',
    level: 'national',
    achievement: 'rural-governance-demo',
    date: '2018-11-20',
  },
  {
    id: '2018-B02',
    unitId: 'XZ01',
    category: 'commendation',
    level: 'provincial',
    achievement: 'civilised-town',
    date: '2018-09-05',
  },
  {
    id: '2018-B03',
    unitId: 'XZ01',
    category: 'commendation',
    level: 'city',
    achievement: 'safe-town',
    date: '2018-12-10',
  },
  // 东城镇: the same industrial-park achievement commended by the province and the city → only the provincial 2 counts.
  {
    id: '2018-B04',
    unitId: 'XZ02',
    category: 'commendation',
    level: 'provincial',
    achievement: 'industrial-park-2018',
    date: '2018-10-16',
  },
  {
    id: '2018-B05',
    unitId: 'XZ02',
    category: 'commendation',
    level: 'city',
    achievement: 'industrial-park-2018',
    date: '2018-07-02',
  },
  {
    id: '2018-B06',
    unitId: 'XZ04',
    category: 'commendation',
    level: 'provincial',
    achievement: 'wetland',
    date: '2018-06-18',
  },
  {
    id: '2018-B07',
    unitId: 'DQ03',
    category: 'commendation',
    level: 'provincial',
    achievement: 'civility',
    date: '2018-12-01',
  },
  {
    id: '2018-B08',
    unitId: 'ZF03',
    category: 'commendation',
    level: 'national',
    achievement: 'balanced-education',
    date: '2018-12-28',
  },
  { id: '2018-B09', unitId: 'ZF09', category: 'commendation', level: 'city', achievement: 'jobs', date: '2018-08-21' },
  {
    id: '2018-B10',
    unitId: 'CG01',
    category: 'commendation',
    level: 'city',
    achievement: 'tax-service',
    date: '2018-05-30',
  },
];

/** 通报批评: 龙泉乡 criticised by the city for straw burning, then again by the county (same category: doubled). */
const DEDUCTIONS_2018: NonNullable<DatasetInput['deductions']> = [
  { id: '2018-D01', unitId: 'XZ13', rule: 'criticism', level: 'city', category: 'straw-burning', date: '2018-06-12' },
  { id: '2018-D02', unitId: 'XZ13', rule: 'criticism', level: 'county', category: 'straw-burning', date: '2018-10-25' },
  { id: '2018-D03', unitId: 'ZF19', rule: 'criticism', level: 'city', category: 'work-safety', date: '2018-08-09' },
];

/** One veto: 太平乡, 脱贫攻坚 (in 2018 the scheme bars it from the top two tiers; 2019 would make it the lowest tier). */
const VETOES_2018: NonNullable<DatasetInput['vetoes']> = [
  { id: '2018-V01', unitId: 'XZ16', rule: 'poverty', note: '省脱贫攻坚成效考核发现错评漏评问题', date: '2018-12-15' },
];

/** One discipline case: cadres of 自然资源局 sanctioned (违纪违法), the unit moves down one tier. */
const DISCIPLINE_2018: NonNullable<DatasetInput['discipline']> = [
  { id: '2018-K01', unitId: 'ZF10', note: '2 名干部因违规审批用地受到党纪政务处分', date: '2018-11-02' },
];

/** County leaders (上评下): nine leaders, one ballot per unit group each. */
const LEADERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'];
/** The ballot that marks every township the same (90): invalid under `invalidateUniform`. */
export const UNIFORM_BALLOT_ID = 'leaders-L7-township';

// ---------------------------------------------------------------------------------------------------------------
// Seeded draws
// ---------------------------------------------------------------------------------------------------------------

/** FNV-1a of a string: the seed of one cell's draws, whatever the order cells are visited in. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator for one purpose of one cell. */
function draws(...key: string[]) {
  const r = mulberry32(hash(`${DEMO_DATA_YEAR}|${key.join('|')}`));
  return {
    /** Uniform in [0, 1). */
    u: () => r.next(),
    /** Triangular in (−1, 1), centred on 0. */
    n: () => r.next() + r.next() - 1,
  };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const strengthOf = (code: string) => STRENGTH_2018[code] ?? 0.5;

// ---------------------------------------------------------------------------------------------------------------
// Values by method
// ---------------------------------------------------------------------------------------------------------------

function targetOf(ind: Indicator, m: Extract<Method, { kind: 'ratio' }>, unit: string): number {
  return ind.unitParams[unit]?.target ?? ind.params.target ?? m.target ?? 100;
}

/** The raw measure and inputs of one cell: the unit's quality on this indicator, `q` in [0, 1]. */
function valueFor(ind: Indicator, m: Method, unit: string, q: number, d: ReturnType<typeof draws>): Partial<Value> {
  switch (m.kind) {
    case 'ratio': {
      // Completion around the target: the strong beat it, the weak fall short (none below 60%, the zero line).
      const T = targetOf(ind, m, unit);
      const r = 0.8 + 0.35 * q + 0.04 * d.n();
      let actual = m.direction === 'lower' ? T / r : T * r;
      if (m.baseline !== undefined) actual = m.baseline + (T - m.baseline) * r;
      // A rate (target ≤ 100, e.g. 办结率) cannot exceed 100%.
      if (T <= 100) actual = Math.min(100, actual);
      return { value: T >= 1000 ? Math.round(actual) : round(actual) };
    }
    case 'steps': {
      const lo = m.points[0]?.at ?? 0;
      const hi = m.points[m.points.length - 1]?.at ?? lo + 1;
      return { value: round(lo + (hi - lo) * (0.55 + 0.6 * q + 0.05 * d.n())) };
    }
    case 'goalposts': {
      const f = -0.15 + 1.3 * q + 0.05 * d.n();
      let x = m.direction === 'lower' ? m.hi - (m.hi - m.lo) * f : m.lo + (m.hi - m.lo) * f;
      if (m.hi <= 100) x = Math.min(100, x);
      return { value: round(x) };
    }
    case 'topRatio':
      // e.g. 乡村旅游接待人次 (万人次), 信息采用条数: a scale of about 100 for the best.
      return { value: round(100 * (0.35 + 0.65 * q) + 3 * d.n(), 1) };
    case 'rank':
      // e.g. 新增规上企业 (家): counts, so ties happen and sport ranking shares places.
      return { value: Math.max(0, Math.round(1 + 8 * q + d.n())) };
    case 'deduction': {
      // Occurrences are rare and fall on the weak: up to three chances, each likelier the weaker the unit.
      const p = 0.16 * (1 - q) ** 2;
      let k = 0;
      for (let i = 0; i < 3; i++) if (d.u() < p) k++;
      if (k === 0) return { value: 0 };
      return { events: k === 1 ? [{ count: 1 }] : [{ count: 1 }, { count: k - 1, repeat: true }] };
    }
    case 'grade': {
      // Mostly A/B, some C, the odd D; only letters the scheme lists.
      const x = q + 0.12 * d.n();
      const letters = Object.entries(m.grades)
        .sort((a, b) => b[1] - a[1])
        .map(([g]) => g);
      const pick = x > 0.62 ? 0 : x > 0.38 ? 1 : x > 0.18 ? 2 : 3;
      return { grade: letters[Math.min(pick, letters.length - 1)] ?? 'A' };
    }
    case 'binary':
      // Routine items (not key work): every unit did them — the full-marks problem of 2018. Key items: the weakest may not.
      return { value: !ind.key || q + 0.1 * d.n() >= 0.12 ? 1 : 0 };
    case 'marginal': {
      // A rate around the first threshold: the strong above it, the weak a few points below (into the next band).
      const first = m.bands[0]?.from ?? 100;
      const x = first + (m.direction === 'below' ? 1 : -1) * (-6 + 8 * q + d.n());
      return { value: round(first <= 100 ? Math.min(100, x) : x) };
    }
    case 'upper':
      return {}; // from the city's result (dataset.upper), no per-unit value
    case 'manual': {
      const max = m.max ?? ind.points;
      const score = round(m.min + (max - m.min) * clamp01(0.62 + 0.38 * q + 0.03 * d.n()), 1);
      const reason =
        q >= 0.75
          ? '工作成效明显，台账资料完整，获上级肯定'
          : q >= 0.45
            ? '按要求推进落实，个别环节进度滞后'
            : '推进迟缓，督查发现的问题整改不到位';
      return { manual: { score, reason: `${ind.name ?? ind.id}：${reason}` } };
    }
    case 'formula': {
      // Growth formulas `(actual - base) / base * 100`: last year's base and this year's actual (万元).
      const then = m.then;
      const T =
        then?.kind === 'steps'
          ? (then.points[then.points.length - 1]?.at ?? 10)
          : then?.kind === 'ratio'
            ? (then.target ?? 10)
            : 10;
      const inputs: Record<string, number> = {};
      const base = round(3000 + 9000 * strengthOf(unit) + 500 * d.n(), 0);
      const growth = T * (0.3 + 0.85 * q) + 0.5 * d.n();
      for (const name of m.inputs) {
        if (name === 'base') inputs[name] = base;
        else if (name === 'actual') inputs[name] = round(base * (1 + growth / 100));
        else inputs[name] = round(100 * (0.5 + 0.5 * q));
      }
      return { inputs };
    }
  }
}

/** Node lights: mostly green; yellow more often for weaker units; reds only for the weakest (< 0.3). */
function nodesFor(ind: Indicator, unit: string): Value['nodes'] {
  if (!ind.process) return undefined;
  const s = strengthOf(unit);
  return ind.process.nodes.map((node) => {
    const d = draws(unit, ind.id, 'node', node.id);
    const r = d.u();
    const light = s < 0.3 && r < 0.3 ? 'red' : r < 0.05 + 0.35 * (1 - s) ** 2 ? 'yellow' : 'green';
    return { id: node.id, light };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

function optionFor(x: number, options: Record<string, number | null> | undefined): string {
  const ranked = Object.entries(options ?? {})
    .filter((e): e is [string, number] => e[1] !== null)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
  const pick = x > 0.66 ? 0 : x > 0.4 ? 1 : x > 0.15 ? 2 : 3;
  return ranked[Math.min(pick, ranked.length - 1)] ?? '';
}

function dontKnow(options: Record<string, number | null> | undefined): string | null {
  const entry = Object.entries(options ?? {}).find(([, v]) => v === null);
  return entry ? entry[0] : null;
}

function evaluationOf(scheme: Scheme, units: DatasetUnit[]): Pick<DatasetInput, 'ballots' | 'tallies'> {
  const ballots: Ballot[] = [];
  const tallies: NonNullable<DatasetInput['tallies']> = [];
  const ev = scheme.evaluation;
  if (!ev) return { ballots, tallies };
  const groups = scheme.groups.map((g) => g.id);
  const rated = (rgGroups: string[] | undefined) => units.filter((u) => !rgGroups || rgGroups.includes(u.group));
  for (const rg of ev.raterGroups) {
    const pool = rated(rg.unitGroups);
    if (rg.form === 'scale' || rg.form === 'ranking') {
      // 上评下: each leader marks each group on its own ballot (a few blanks for units the leader does not know).
      for (const leader of LEADERS) {
        for (const g of groups) {
          const members = pool.filter((u) => u.group === g);
          if (members.length === 0) continue;
          const id = `${rg.id}-${leader}-${g}`;
          const marks: Ballot['marks'] = {};
          const order = members
            .map((u) => {
              const d = draws(leader, u.code, rg.id);
              return { u, x: strengthOf(u.code) + 0.1 * d.n(), blank: d.u() < (g === 'vertical' ? 0.12 : 0.03) };
            })
            .sort((a, b) => b.x - a.x || (a.u.code < b.u.code ? -1 : 1));
          order.forEach(({ u, x, blank }, place) => {
            if (id === UNIFORM_BALLOT_ID) marks[u.code] = Math.min(rg.max, Math.max(rg.min, 90));
            else if (blank) marks[u.code] = null;
            else if (rg.form === 'ranking') marks[u.code] = place + 1;
            else marks[u.code] = Math.round(rg.min + (rg.max - rg.min) * clamp01(0.15 + 0.8 * x));
          });
          ballots.push({ id, raterGroup: rg.id, marks });
        }
      }
    } else if (rg.id === 'peers') {
      // 横向评: townships rate the other townships; departments rate the other departments (not themselves).
      const dk = dontKnow(rg.options);
      for (const rater of pool) {
        const township = rater.group === 'township';
        const marks: Ballot['marks'] = {};
        for (const u of pool) {
          if (u.code === rater.code || (u.group === 'township') !== township) continue;
          const d = draws(rater.code, u.code, rg.id);
          const unknown = d.u() < (u.group === 'vertical' ? 0.15 : township ? 0.03 : 0.07);
          marks[u.code] = unknown && dk !== null ? dk : optionFor(strengthOf(u.code) + 0.15 * d.n(), rg.options);
        }
        if (Object.keys(marks).length > 0) ballots.push({ id: `${rg.id}-${rater.code}`, raterGroup: rg.id, marks });
      }
    } else {
      // Service recipients (服务对象): a survey of 40 people per unit, kept as counts per answer.
      const opts = Object.entries(rg.options ?? {});
      const ranked = opts
        .filter((e): e is [string, number] => e[1] !== null)
        .sort((a, b) => b[1] - a[1])
        .map(([k]) => k);
      const dk = dontKnow(rg.options);
      for (const u of pool) {
        const d = draws(u.code, rg.id);
        const s = clamp01(strengthOf(u.code) + 0.08 * d.n());
        const total = 40;
        const unknown = dk ? Math.round(total * (0.05 + 0.08 * d.u())) : 0;
        const answered = total - unknown;
        const top = Math.round(answered * (0.35 + 0.55 * s));
        const bottom = Math.round(answered * 0.12 * (1 - s));
        const counts: Record<string, number> = {};
        const [best, mid, ...rest] = ranked;
        if (best) counts[best] = top;
        if (mid) counts[mid] = answered - top - bottom;
        const worst = rest[rest.length - 1];
        if (worst) counts[worst] = bottom;
        if (dk) counts[dk] = unknown;
        tallies.push({ raterGroup: rg.id, unitId: u.code, counts });
      }
    }
  }
  return { ballots, tallies };
}

// ---------------------------------------------------------------------------------------------------------------
// Last year's ranks and tiers
// ---------------------------------------------------------------------------------------------------------------

/** 2017 ranks by strength with a small year-to-year wobble; tiers by the scheme's own quotas. */
function lastYear(scheme: Scheme, units: DatasetUnit[]): Map<string, { rank: number; tier: string }> {
  const out = new Map<string, { rank: number; tier: string }>();
  for (const g of scheme.groups) {
    const members = units
      .filter((u) => u.group === g.id)
      .map((u) => ({
        code: u.code,
        x: strengthOf(u.code) + (STRENGTH_2017_DELTA[u.code] ?? 0) + 0.12 * draws(u.code, 'rank-2017').n(),
      }))
      .sort((a, b) => b.x - a.x || (a.code < b.code ? -1 : 1));
    const tiering = g.tiering ?? scheme.tiering;
    const quotas = computeQuotas(tiering, members.length);
    let ti = 0;
    let used = 0;
    members.forEach((m, i) => {
      while (ti < tiering.tiers.length - 1 && used >= (quotas[ti] ?? Infinity)) {
        ti++;
        used = 0;
      }
      used++;
      out.set(m.code, { rank: i + 1, tier: tiering.tiers[ti]?.id ?? '' });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The dataset
// ---------------------------------------------------------------------------------------------------------------

/**
 * The demo county's 2018 dataset for a scheme document (`{ engine }`, as stored: engine defaults filled in) and the
 * county's units. Only units of the scheme's groups are included; only leaves that apply to a unit get a row.
 */
export function demoDataset(schemeDocument: { engine: Scheme }, units: readonly DatasetUnit[]): DatasetInput {
  const scheme = schemeDocument.engine;
  const groupIds = new Set(scheme.groups.map((g) => g.id));
  const members = units
    .filter((u) => groupIds.has(u.group))
    .slice()
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const last = lastYear(scheme, members);

  const values: Value[] = [];
  const leaves = walkIndicators(scheme).filter((l) => l.isLeaf);
  for (const g of scheme.groups) {
    const groupUnits = members.filter((u) => u.group === g.id);
    for (const leaf of leaves.filter((l) => l.groupId === g.id)) {
      const ind = leaf.indicator;
      const method = g.overrides[ind.id]?.method ?? ind.method;
      if (!method) continue;
      for (const u of groupUnits) {
        if (ind.appliesTo && !ind.appliesTo.includes(u.code)) continue;
        const d = draws(u.code, ind.id);
        const q = clamp01(strengthOf(u.code) + 0.15 * d.n());
        const row: Value = { unitId: u.code, indicatorId: ind.id, ...valueFor(ind, method, u.code, q, d) };
        const nodes = nodesFor(ind, u.code);
        if (nodes) row.nodes = nodes;
        Object.assign(row, FIXED[u.code]?.[ind.id]);
        if (row.events) delete row.value;
        // An `upper` leaf without nodes carries nothing per unit: the city's result stands for every unit.
        if (method.kind === 'upper' && !row.nodes) continue;
        values.push(row);
      }
    }
  }

  const upperIds = new Set<string>();
  for (const l of leaves) {
    const gi = scheme.groups[l.groupIndex];
    const m = gi?.overrides[l.indicator.id]?.method ?? l.indicator.method;
    if (m?.kind === 'upper') upperIds.add(m.upperId);
  }
  const known = new Set(members.map((u) => u.code));
  const mine = <T extends { unitId: string }>(list: T[]) => list.filter((r) => known.has(r.unitId));
  const ruleIds = new Set(scheme.deductions.map((r) => r.id));
  const vetoIds = new Set(scheme.vetoes.map((r) => r.id));
  const categories = new Set(scheme.bonus.categories.map((c) => c.id));

  return {
    units: members.map((u) => {
      const prev = last.get(u.code);
      return {
        id: u.code,
        ...(u.name ? { name: u.name } : {}),
        group: u.group,
        ...(prev ? { lastRank: prev.rank, history: [{ year: DEMO_DATA_YEAR - 1, tier: prev.tier }] } : {}),
      };
    }),
    values,
    bonuses: mine(BONUSES_2018).filter((b) => categories.has(b.category)),
    deductions: mine(DEDUCTIONS_2018).filter((d) => ruleIds.has(d.rule)),
    vetoes: mine(VETOES_2018).filter((v) => vetoIds.has(v.rule)),
    discipline: mine(DISCIPLINE_2018),
    ...evaluationOf(scheme, members),
    upper: [...upperIds].sort().map((upperId) => ({ upperId, ...CITY_RESULT_2018 })),
  };
}

/**
 * `{ scheme, dataset }` as the CLI reads it (`npx yardstick compute file.json`), laid out for reading and diffing:
 * the scheme indented, each dataset record on one line.
 */
export function engineFileJson(scheme: Scheme, dataset: DatasetInput): string {
  const lines: string[] = [
    '{',
    `  "scheme": ${JSON.stringify(scheme, null, 2).replace(/\n/g, '\n  ')},`,
    '  "dataset": {',
  ];
  const entries = Object.entries(dataset).filter(([, v]) => v !== undefined);
  entries.forEach(([key, list], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const items = Array.isArray(list) ? list : [];
    if (items.length === 0) {
      lines.push(`    ${JSON.stringify(key)}: []${comma}`);
      return;
    }
    lines.push(`    ${JSON.stringify(key)}: [`);
    items.forEach((item, k) => lines.push(`      ${JSON.stringify(item)}${k < items.length - 1 ? ',' : ''}`));
    lines.push(`    ]${comma}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}
