/**
 * Building blocks of the demo schemes: indicator templates written as one line each
 * (`code|name|method|assessor|policy source|k(ey) or r(outine)|data source|target`), turned into engine
 * indicators and their IndicatorMeta. Deterministic: no clock, no randomness — points and per-unit targets
 * come from the template's position.
 */
import type { IndicatorInput, MethodInput } from '@yardstick/engine';
import type { EvidenceRule, IndicatorCategory, IndicatorMetaInput, PolicySource } from '../modules/schemes/document';

export const TOWNSHIP_CODES = Array.from({ length: 18 }, (_, i) => `XZ${String(i + 1).padStart(2, '0')}`);
export const PARTY_CODES = Array.from({ length: 12 }, (_, i) => `DQ${String(i + 1).padStart(2, '0')}`);
export const GOVERNMENT_CODES = Array.from({ length: 23 }, (_, i) => `ZF${String(i + 1).padStart(2, '0')}`);
export const VERTICAL_CODES = Array.from({ length: 6 }, (_, i) => `CG${String(i + 1).padStart(2, '0')}`);

const SOURCES: Record<string, PolicySource> = {
  c: 'central',
  k: 'cityKey',
  p: 'cityPlenary',
  w: 'workReport',
  l: 'leaderInstruction',
  x: 'county',
};

export interface Template {
  code: string;
  name: string;
  kind: MethodInput['kind'];
  assessor: string;
  source: PolicySource;
  key: boolean;
  dataSource: string;
  target: number | undefined;
}

/** `code|name|kind|assessor|source letter|k or r|data source|target` */
export function parseTemplates(lines: string): Template[] {
  return lines
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [code = '', name = '', kind = 'manual', assessor = '', src = 'x', key = 'r', dataSource = '', target] =
        l.split('|');
      return {
        code,
        name,
        kind: kind as MethodInput['kind'],
        assessor,
        source: SOURCES[src] ?? 'county',
        key: key === 'k',
        dataSource,
        target: target ? Number(target) : undefined,
      };
    });
}

export interface BuildOptions {
  year: number;
  prefix: string;
  category: IndicatorCategory;
  /** Units of the group, for per-unit targets. */
  unitCodes: string[];
  /** Key indicators with these methods get quarterly process nodes. */
  processShare: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Splits `total` points over `n` indicators in steps of 0.5, the remainder on the first ones. */
export function splitPoints(total: number, n: number): number[] {
  if (n === 0) return [];
  const halves = Math.round(total * 2);
  const base = Math.floor(halves / n);
  const extra = halves - base * n;
  return Array.from({ length: n }, (_, i) => (base + (i < extra ? 1 : 0)) / 2);
}

function methodOf(t: Template, points: number, index: number): MethodInput {
  const T = t.target ?? 100;
  switch (t.kind) {
    case 'ratio':
      return index % 3 === 2
        ? { kind: 'ratio', target: T, mode: 'perPoint', perPointBelow: round2(points / 20), floor: 0.4 }
        : { kind: 'ratio', target: T, zeroBelow: { value: 0.6, inclusive: true } };
    case 'steps':
      return {
        kind: 'steps',
        mode: 'linear',
        points: [
          { at: round2(T * 0.5), value: 0 },
          { at: round2(T * 0.8), value: 0.6 },
          { at: T, value: 1 },
        ],
      };
    case 'goalposts':
      return { kind: 'goalposts', direction: 'higher', lo: round2(T * 0.9), hi: T };
    case 'topRatio':
      return { kind: 'topRatio', direction: 'higher' };
    case 'rank':
      return { kind: 'rank', direction: 'higher', step: 3, stepUnit: 'percent', floor: 0.6 };
    case 'deduction':
      return { kind: 'deduction', perOccurrence: points >= 2 ? 0.5 : 0.25, repeatMultiplier: 2 };
    case 'grade':
      return { kind: 'grade', grades: { A: 1, B: 0.85, C: 0.7, D: 0.5 } };
    case 'binary':
      return { kind: 'binary', partial: 0 };
    case 'marginal':
      return {
        kind: 'marginal',
        direction: 'below',
        mode: 'marginal',
        bands: [
          { from: round2(T * 0.96), rate: round2(points / 20) },
          { from: round2(T * 0.9), rate: round2(points / 10) },
        ],
      };
    case 'upper':
      return { kind: 'upper', upperId: `city-${t.code}`, basis: 'rank', rankFractions: [1, 0.95, 0.9, 0.85, 0.8, 0.7] };
    case 'manual':
      return { kind: 'manual', min: 0, requireReason: true };
    case 'formula':
      return {
        kind: 'formula',
        expr: '(actual - base) / base * 100',
        inputs: ['actual', 'base'],
        then: {
          kind: 'steps',
          points: [
            { at: 0, value: 0 },
            { at: T, value: 1 },
          ],
        },
      };
  }
}

const METHOD_TEXT: Record<MethodInput['kind'], (t: Template, p: number) => string> = {
  ratio: (t, p) => `按完成率计分：完成目标得 ${p} 分，完成率低于 60% 不得分`,
  steps: (t, p) => `阶梯计分：达到 ${t.target ?? 100} 得 ${p} 分，达到 80% 得 60%，低于 50% 不得分，其间按比例计算`,
  goalposts: (t, p) =>
    `固定标尺：以 ${round2((t.target ?? 100) * 0.9)}–${t.target ?? 100} 为区间按比例计分，满分 ${p} 分`,
  topRatio: (_t, p) => `与同类别最高值相比按比例计分，最高者得 ${p} 分`,
  rank: (_t, p) => `位次法：第一名得 ${p} 分，每后退一名扣 3%，最低得 60%`,
  deduction: (_t, p) => `扣分制：每发生一起扣分，重复发生加倍扣分，扣完 ${p} 分为止`,
  grade: (_t, p) => `按好、较好、一般、较差四个等次分别得 ${p}、85%、70%、50%`,
  binary: (_t, p) => `按期完成得 ${p} 分，未完成不得分`,
  marginal: (t, p) =>
    `满分 ${p} 分，低于 ${round2((t.target ?? 100) * 0.96)} 的每低 1 个单位扣 ${round2(p / 20)} 分，低于 ${round2((t.target ?? 100) * 0.9)} 的部分每低 1 个单位扣 ${round2(p / 10)} 分，扣完为止`,
  upper: (_t, p) => `按市对县考核该项指标的位次折算：第一名得 ${p} 分，依次递减`,
  manual: (_t, p) => `由考核主体对照目标任务评分（0–${p} 分），并书面说明理由`,
  formula: (t, p) => `增长率 = (本年 − 上年) ÷ 上年 × 100%，达到 ${t.target ?? 100}% 得 ${p} 分，按比例计算`,
};

const EVIDENCE: Record<MethodInput['kind'], { rule: EvidenceRule; fileTypes: string[] }> = {
  ratio: { rule: 'none', fileTypes: [] },
  steps: { rule: 'none', fileTypes: [] },
  goalposts: { rule: 'none', fileTypes: [] },
  topRatio: { rule: 'none', fileTypes: [] },
  rank: { rule: 'none', fileTypes: [] },
  formula: { rule: 'none', fileTypes: [] },
  upper: { rule: 'none', fileTypes: [] },
  marginal: { rule: 'none', fileTypes: [] },
  deduction: { rule: 'optional', fileTypes: ['pdf'] },
  grade: { rule: 'required', fileTypes: ['pdf', 'docx'] },
  binary: { rule: 'required', fileTypes: ['pdf', 'jpg', 'png'] },
  manual: { rule: 'required', fileTypes: ['pdf', 'docx', 'jpg'] },
};

const WITH_NODES = new Set(['ratio', 'steps', 'binary', 'formula']);
const NODE_DATES = ['03-31', '06-30', '09-30', '12-20'];

export interface Built {
  indicators: IndicatorInput[];
  meta: Record<string, IndicatorMetaInput>;
}

/** One block's indicators: flat, or grouped under parents of `perParent` children each. */
export function buildIndicators(
  templates: Template[],
  totalPoints: number,
  o: BuildOptions,
  parents?: { code: string; name: string; size: number }[],
): Built {
  const points = splitPoints(totalPoints, templates.length);
  const meta: Record<string, IndicatorMetaInput> = {};
  const leaves: IndicatorInput[] = templates.map((t, i) => {
    const id = `${o.prefix}-${t.code}`;
    const p = points[i] ?? 0;
    const ind: IndicatorInput = {
      id,
      name: t.name,
      points: p,
      method: methodOf(t, p, i),
      key: t.key,
      assessorId: t.assessor,
      source: t.source,
    };
    // Revenue-like targets differ per unit (difficulty), the rest use one target.
    if (t.kind === 'ratio' && t.target !== undefined && t.target > 100) {
      ind.unitParams = Object.fromEntries(
        o.unitCodes.map((u, k) => [u, { target: Math.round((t.target ?? 0) * (0.6 + ((k * 37 + i) % 9) / 10)) }]),
      );
    }
    const nodes = t.key && WITH_NODES.has(t.kind);
    if (nodes) {
      ind.process = { share: o.processShare, nodes: NODE_DATES.map((_, q) => ({ id: `q${q + 1}` })) };
    }
    if (t.kind === 'deduction' || t.kind === 'manual' || t.kind === 'grade') ind.missing = 'zero';
    if (t.kind === 'upper') ind.missing = 'exclude';
    meta[id] = {
      category:
        t.source === 'cityPlenary' || t.source === 'workReport' || t.source === 'leaderInstruction'
          ? 'key'
          : o.category,
      policySource: t.source,
      description: `${t.name}：按年度目标任务推进落实`,
      target:
        t.target !== undefined
          ? `${t.name}达到 ${t.target}${t.target <= 100 ? (t.kind === 'formula' ? '%（增长）' : '') : ''}`
          : `${t.name}按要求完成`,
      dataSource: t.dataSource,
      methodText: METHOD_TEXT[t.kind](t, p),
      evidence: EVIDENCE[t.kind],
      ...(nodes
        ? {
            nodes: NODE_DATES.map((d, q) => ({
              id: `q${q + 1}`,
              name: `第${'一二三四'[q] ?? ''}季度`,
              due: `${o.year}-${d}`,
              expected: (q + 1) * 25,
            })),
          }
        : {}),
    };
    return ind;
  });
  if (!parents) return { indicators: leaves, meta };
  const out: IndicatorInput[] = [];
  let k = 0;
  for (const par of parents) {
    const children = leaves.slice(k, k + par.size);
    k += par.size;
    if (children.length === 0) continue;
    out.push({
      id: `${o.prefix}-${par.code}`,
      name: par.name,
      points: Math.round(children.reduce((a, c) => a + c.points, 0) * 100) / 100,
      key: children.every((c) => c.key === true),
      children,
    });
  }
  out.push(...leaves.slice(k));
  return { indicators: out, meta };
}
