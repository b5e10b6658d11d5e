/**
 * The editor's live preview: one indicator, a few sample units, the engine's own compute and trace — so
 * what the office sees is exactly what the year-end computation will do — told in words.
 */
import {
  compute,
  EngineError,
  explainUnit,
  marginalBreakdown,
  roundHalfUp,
  validateScheme,
  type IndicatorExplanation,
  type Issue,
  type MarginalMethod,
  type Method,
  type SchemeInput,
} from '@yardstick/engine';
import { AppError, type Locale } from '../../errors';
import { engineMessage } from './validation';
import type { PreviewRequest, PreviewResult } from './schemas';

const INDICATOR_PATH = 'groups[0].blocks[0].indicators[0]';

function toDetails(issues: readonly Issue[], locale: Locale) {
  return issues
    .filter((i) => i.severity === 'error')
    .map((i) => ({
      path: i.path.startsWith(INDICATOR_PATH) ? `indicator${i.path.slice(INDICATOR_PATH.length)}` : i.path,
      message: engineMessage(i, locale),
    }));
}

const n = (x: number) => String(roundHalfUp(x, 4));
const pct = (x: number) => `${roundHalfUp(x * 100, 2)}%`;

const STATUS_TEXT: Record<string, [string, string]> = {
  noData: ['没有填报数据，按缺数规则计分', 'no data: the missing-data policy applies'],
  noTarget: ['没有目标值，无法计算完成率', 'no target: the completion rate cannot be computed'],
  noReason: [
    '人工评分须写明理由，未写理由的评分不予采用',
    'a manual score needs a written reason; without one it is not accepted',
  ],
  unknownGrade: ['等次不在本指标的等次表中', 'the grade is not one of the indicator’s grades'],
  noUpperResult: ['没有市考结果', 'no city result'],
  formulaError: ['公式计算出错', 'the formula failed'],
  missingInput: ['公式缺少输入项', 'a formula input is missing'],
};

const LIGHT_TEXT: Record<string, [string, string]> = {
  green: ['绿灯', 'green'],
  yellow: ['黄灯', 'yellow'],
  red: ['红灯', 'red'],
  none: ['未亮灯（无填报）', 'no light (not reported)'],
};

/** The node names of the indicator's meta (`meta.nodes[].name`), by node id. */
function nodeNamesOf(meta: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const nodes = meta?.nodes;
  if (!Array.isArray(nodes)) return out;
  for (const x of nodes as unknown[]) {
    if (
      x &&
      typeof x === 'object' &&
      'id' in x &&
      'name' in x &&
      typeof x.id === 'string' &&
      typeof x.name === 'string'
    )
      out.set(x.id, x.name);
  }
  return out;
}

/** 分段扣分 band by band: how far past each threshold, how many units, at what rate (the trace's own figures). */
function marginalSteps(m: MarginalMethod, P: number, x: number, en: boolean): string[] {
  const b = marginalBreakdown(m, P, x);
  const below = m.direction === 'below';
  const unit = (k: number) => (m.per === 1 ? n(k) : en ? `${n(k)} × ${n(m.per)}` : `${n(k)} 个 ${n(m.per)}`);
  const out: string[] = [];
  if (b.bands.length === 0)
    out.push(
      en
        ? `value ${n(x)} is not ${below ? 'below' : 'above'} ${n(m.bands[0]?.from ?? 0)}: nothing lost`
        : `数值 ${n(x)} 未${below ? '低于' : '高于'} ${n(m.bands[0]?.from ?? 0)}，不扣分`,
    );
  for (const s of b.bands) {
    const stretch =
      s.to === undefined
        ? en
          ? `${n(s.distance)} ${below ? 'below' : 'above'} ${n(s.from)}`
          : `${below ? '低于' : '高于'} ${n(s.from)} 共 ${n(s.distance)}`
        : en
          ? `${n(s.distance)} between ${n(s.from)} and ${n(s.to)}`
          : `${n(s.from)} 至 ${n(s.to)} 之间 ${n(s.distance)}`;
    out.push(
      en
        ? `${stretch}: ${unit(s.units)} unit(s) × ${n(s.rate)} = ${n(s.lost)} lost`
        : `${stretch}：${unit(s.units)} 个单位 × 每单位 ${n(s.rate)} 分 = 扣 ${n(s.lost)} 分`,
    );
  }
  if (b.bonus > 0)
    out.push(
      en
        ? `${n(b.bonusUnits)} unit(s) beyond ${n(m.bands[0]?.from ?? 0)} × ${n(m.bonusRate)} = ${n(b.bonus)} added${m.bonusLimit !== undefined ? ` (limit ${n(m.bonusLimit)})` : ''}`
        : `超过 ${n(m.bands[0]?.from ?? 0)} 的 ${n(b.bonusUnits)} 个单位 × 每单位 ${n(m.bonusRate)} 分 = 加 ${n(b.bonus)} 分${m.bonusLimit !== undefined ? `（最多加 ${n(m.bonusLimit)} 分）` : ''}`,
    );
  out.push(
    en
      ? `${n(P)} − ${n(b.lost)}${b.bonus > 0 ? ` + ${n(b.bonus)}` : ''}${m.uncapped ? ', not below 0' : `, within 0–${n(P)}`}`
      : `分值 ${n(P)} − ${n(b.lost)}${b.bonus > 0 ? ` + ${n(b.bonus)}` : ''}${m.uncapped ? '，不低于 0' : '，扣完为止'}`,
  );
  return out;
}

/** The rule that produced a score, in words. */
function explainSteps(
  e: IndicatorExplanation,
  m: Method,
  target: number | undefined,
  locale: Locale,
  others: number[],
  nodeNames: ReadonlyMap<string, string> = new Map(),
): string[] {
  const en = locale === 'en';
  const steps: string[] = [];
  const value = typeof e.inputs.value === 'number' ? e.inputs.value : undefined;
  const P = e.points;
  if (e.status !== 'ok') {
    const t = e.note ? STATUS_TEXT[e.note] : undefined;
    steps.push(t ? t[en ? 1 : 0] : en ? `not scored (${e.status})` : `未计分（${e.status}）`);
    steps.push(en ? `score ${n(e.score)} of ${n(P)}` : `得分 ${n(e.score)}（满分 ${n(P)}）`);
    return steps;
  }
  const yearEnd = e.process ? e.process.yearEndPart : e.score;
  switch (m.kind) {
    case 'ratio': {
      const a = e.raw ?? value ?? 0;
      if (target !== undefined) {
        const b = (e.params.unitParams as { baseline?: number } | undefined)?.baseline ?? m.baseline;
        let r: number;
        if (b !== undefined) {
          r = m.direction === 'higher' ? (a - b) / (target - b) : (b - a) / (b - target);
          steps.push(
            en
              ? `completion from the baseline = (${n(a)} − ${n(b)}) ÷ (${n(target)} − ${n(b)}) = ${pct(r)}`
              : `完成率（按基数） = (实际值 ${n(a)} − 基数 ${n(b)}) ÷ (目标值 ${n(target)} − 基数 ${n(b)}) = ${pct(r)}`,
          );
        } else if (m.direction === 'higher') {
          r = a / target;
          steps.push(
            en
              ? `completion = ${n(a)} ÷ target ${n(target)} = ${pct(r)}`
              : `完成率 = 实际值 ${n(a)} ÷ 目标值 ${n(target)} = ${pct(r)}`,
          );
        } else {
          r = a <= 0 ? m.cap : target / a;
          steps.push(
            en
              ? `lower is better: target ${n(target)} ÷ actual ${n(a)} = ${pct(r)}`
              : `越低越好：目标值 ${n(target)} ÷ 实际值 ${n(a)} = ${pct(r)}`,
          );
        }
        if (m.zeroBelow && (m.zeroBelow.inclusive ? r < m.zeroBelow.value : r <= m.zeroBelow.value)) {
          steps.push(
            en
              ? `below the threshold ${pct(m.zeroBelow.value)}: 0 points`
              : `低于 ${pct(m.zeroBelow.value)} 的起评线，不得分`,
          );
        } else if (m.mode === 'perPoint') {
          const pp = (r - 1) * 100;
          const k = pp >= 0 ? m.perPointAbove : m.perPointBelow;
          steps.push(
            en
              ? `full marks at target, ${pp >= 0 ? '+' : '−'}${n(k)} per percentage point: ${n(P)} ${pp >= 0 ? '+' : '−'} ${n(Math.abs(pp))} × ${n(k)}`
              : `达到目标得满分，每${pp >= 0 ? '超过' : '低于'} 1 个百分点${pp >= 0 ? '加' : '扣'} ${n(k)} 分：${n(P)} ${pp >= 0 ? '+' : '−'} ${n(Math.abs(pp))} × ${n(k)}`,
          );
        } else {
          const lo = m.floor;
          const hi = m.uncapped ? Infinity : m.cap;
          const c = Math.min(Math.max(r, lo), hi);
          if (c !== r)
            steps.push(
              en
                ? `credited ratio limited to ${pct(c)}`
                : `计分比例按 ${pct(c)} 计（保底 ${pct(lo)}，封顶 ${m.uncapped ? '不封顶' : pct(m.cap)}）`,
            );
          steps.push(
            en ? `score = ${n(P)} × ${pct(c)} = ${n(yearEnd)}` : `得分 = 分值 ${n(P)} × ${pct(c)} = ${n(yearEnd)}`,
          );
        }
      }
      break;
    }
    case 'steps':
      steps.push(
        en
          ? `value ${n(e.raw ?? 0)} on the ${m.mode === 'linear' ? 'interpolated' : 'stepped'} scale ${m.points.map((p) => `${n(p.at)}→${pct(p.value)}`).join(', ')}: ${pct(yearEnd / (P || 1))} of ${n(P)}`
          : `数值 ${n(e.raw ?? 0)} 对照阶梯 ${m.points.map((p) => `${n(p.at)}→${pct(p.value)}`).join('、')}（${m.mode === 'linear' ? '线性插值' : '按所达档位'}）：得 ${pct(yearEnd / (P || 1))} × ${n(P)}`,
      );
      break;
    case 'goalposts':
      steps.push(
        en
          ? `(${m.direction === 'higher' ? `${n(e.raw ?? 0)} − ${n(m.lo)}` : `${n(m.hi)} − ${n(e.raw ?? 0)}`}) ÷ (${n(m.hi)} − ${n(m.lo)}), within 0–1, × ${n(P)}`
          : `(${m.direction === 'higher' ? `${n(e.raw ?? 0)} − 下限 ${n(m.lo)}` : `上限 ${n(m.hi)} − ${n(e.raw ?? 0)}`}) ÷ (${n(m.hi)} − ${n(m.lo)})，限定在 0–1 之间，× 分值 ${n(P)}`,
      );
      break;
    case 'topRatio': {
      const x = e.raw ?? 0;
      const best = m.direction === 'higher' ? Math.max(...others) : Math.min(...others);
      steps.push(
        m.direction === 'higher'
          ? en
            ? `best of the samples ${n(best)}: ${n(P)} × ${n(x)} ÷ ${n(best)}`
            : `样本中最优值 ${n(best)}：得分 = 分值 ${n(P)} × ${n(x)} ÷ ${n(best)}`
          : en
            ? `lowest (best) of the samples ${n(best)}: ${n(P)} × ${n(best)} ÷ ${n(x)}`
            : `样本中最优（最低）值 ${n(best)}：得分 = 分值 ${n(P)} × ${n(best)} ÷ ${n(x)}`,
      );
      break;
    }
    case 'rank': {
      const x = e.raw ?? 0;
      const place = 1 + others.filter((o) => (m.direction === 'higher' ? o > x : o < x)).length;
      const unit = m.stepUnit === 'percent' ? '%' : en ? ' points' : ' 分';
      steps.push(
        en
          ? `place ${place} of ${others.length} samples (ties share the better place); first place full marks, −${n(m.step)}${unit} per place, floor ${pct(m.floor)}`
          : `在 ${others.length} 个样本中排第 ${place} 名（并列取较好名次）；第一名满分，每后退一名扣 ${n(m.step)}${unit}，最低 ${pct(m.floor)}`,
      );
      break;
    }
    case 'deduction':
      if (value !== undefined && !e.inputs.events)
        steps.push(
          en
            ? `${n(value)} occurrence(s) × ${n(m.perOccurrence)} = ${n(value * m.perOccurrence)} points off`
            : `发生 ${n(value)} 次 × 每次 ${n(m.perOccurrence)} 分 = 扣 ${n(value * m.perOccurrence)} 分`,
        );
      steps.push(
        en
          ? `${n(P)} − penalties (${n(m.perOccurrence)} per occurrence, limit ${n(m.limit ?? P)}), not below 0`
          : `分值 ${n(P)} − 扣分（每次 ${n(m.perOccurrence)} 分，最多扣 ${n(m.limit ?? P)} 分），扣完为止`,
      );
      break;
    case 'grade': {
      const g = typeof e.inputs.grade === 'string' ? e.inputs.grade : '';
      steps.push(
        en
          ? `grade ${g} = ${pct(m.grades[g] ?? 0)} of ${n(P)}`
          : `等次 ${g} 得分比例 ${pct(m.grades[g] ?? 0)} × 分值 ${n(P)}`,
      );
      break;
    }
    case 'binary':
      steps.push(
        (e.raw ?? 0) !== 0
          ? en
            ? 'done: full marks'
            : '已完成：得满分'
          : en
            ? `not done: ${pct(m.partial)} of the points`
            : `未完成：得分值的 ${pct(m.partial)}`,
      );
      break;
    case 'upper':
      steps.push(
        en
          ? `the city's result (${m.basis}) mapped onto ${n(P)} points`
          : `按市考结果（${m.basis === 'score' ? '得分' : '位次'}）折算到 ${n(P)} 分`,
      );
      break;
    case 'manual':
      steps.push(
        en
          ? `assessor's score within [${n(m.min)}, ${n(m.max ?? P)}]`
          : `考核主体评分，限定在 ${n(m.min)}–${n(m.max ?? P)} 分之间`,
      );
      break;
    case 'marginal':
      steps.push(...marginalSteps(m, P, e.raw ?? value ?? 0, en));
      break;
    case 'formula':
      steps.push(en ? `formula ${m.expr} = ${n(e.raw ?? 0)}` : `公式 ${m.expr} 计算得 ${n(e.raw ?? 0)}`);
      if (m.then?.kind === 'marginal') steps.push(...marginalSteps(m.then, P, e.raw ?? 0, en));
      break;
  }
  if (e.process) {
    const p = e.process;
    // Each node by its name and light in words ("「一季度开工」红灯，计 0%"), never its id or the light's code.
    const nodes = p.nodes.map((x) => {
      const name = nodeNames.get(x.id) ?? x.id;
      const light = (LIGHT_TEXT[x.light] ?? LIGHT_TEXT.none ?? ['', ''])[en ? 1 : 0];
      const share = pct(x.fraction);
      return en ? `"${name}" ${light}, ${share} of its credit` : `「${name}」${light}，计 ${share}`;
    });
    steps.push(
      en
        ? `process part (${pct(p.share)} of the indicator): ${nodes.join('; ')} → ${n(p.nodePart)} of ${n(P)} points`
        : `过程考核占 ${pct(p.share)}：${nodes.join('；')}，过程部分得 ${n(p.nodePart)} 分（按满分 ${n(P)} 计）`,
    );
    steps.push(
      en
        ? `year-end part (${pct(1 - p.share)}): ${n(p.yearEndPart)} of ${n(P)} points`
        : `年终考核占 ${pct(1 - p.share)}：年终部分得 ${n(p.yearEndPart)} 分（按满分 ${n(P)} 计）`,
    );
    steps.push(
      en
        ? `${pct(p.share)} × ${n(p.nodePart)} + ${pct(1 - p.share)} × ${n(p.yearEndPart)} = ${n(e.score)}`
        : `合计：${pct(p.share)} × ${n(p.nodePart)} + ${pct(1 - p.share)} × ${n(p.yearEndPart)} = ${n(e.score)} 分`,
    );
  }
  steps.push(en ? `score ${n(e.score)} of ${n(P)}` : `得分 ${n(e.score)}（满分 ${n(P)}）`);
  return steps;
}

export function previewIndicator(req: PreviewRequest, locale: Locale = 'zh-CN'): PreviewResult {
  // Flags never change a score, and may name other indicators the one-indicator preview does not have.
  const { appliesTo: _a, unitParams: _u, assessorId: _s, flags: _f, ...indicator } = req.indicator;
  const id = typeof indicator.id === 'string' && indicator.id ? indicator.id : 'preview';
  const unitIds: string[] = [];
  const unitParams: Record<string, Record<string, number>> = {};
  req.samples.forEach((s, i) => {
    let u = s.unit?.trim() || `S${i + 1}`;
    while (unitIds.includes(u)) u = `${u}-${i + 1}`;
    unitIds.push(u);
    const p: Record<string, number> = {};
    if (s.target !== undefined) p.target = s.target;
    if (s.baseline !== undefined) p.baseline = s.baseline;
    if (Object.keys(p).length > 0) unitParams[u] = p;
  });
  const scheme = {
    id: 'preview',
    groups: [{ id: 'preview', blocks: [{ id: 'preview', indicators: [{ ...indicator, id, unitParams }] }] }],
    tiering: { tiers: [{ id: 'all' }] },
  };
  const checked = validateScheme(scheme);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', {}, toDetails(checked.issues, locale));
  const leaf = checked.scheme.groups[0]?.blocks?.[0]?.indicators[0];
  if (!leaf?.method) {
    throw new AppError('VALIDATION_FAILED', {}, [
      {
        path: 'indicator.method',
        message:
          locale === 'en' ? 'The preview needs a leaf indicator with a method' : '预览需要设置了评分方法的末级指标',
      },
    ]);
  }
  const method = leaf.method;
  const upperSample = req.samples.find((s) => s.upper);
  const dataset = {
    units: unitIds.map((u) => ({ id: u, group: 'preview' })),
    values: req.samples.map((s, i) => {
      const v: Record<string, unknown> = { unitId: unitIds[i], indicatorId: id };
      const x = s.actual ?? s.value;
      if (x !== undefined) v.value = x;
      if (s.inputs) v.inputs = s.inputs;
      if (s.grade !== undefined) v.grade = s.grade;
      if (s.score !== undefined)
        v.manual = { score: s.score, reason: s.reason ?? (locale === 'en' ? 'preview' : '预览') };
      if (s.events) v.events = s.events;
      if (s.nodes) v.nodes = s.nodes;
      return v;
    }),
    upper: upperSample?.upper && method.kind === 'upper' ? [{ upperId: method.upperId, ...upperSample.upper }] : [],
  };
  let results;
  try {
    results = compute(scheme as SchemeInput, dataset as never);
  } catch (err) {
    if (err instanceof EngineError) {
      const details = toDetails(err.issues, locale).map((d) => ({
        ...d,
        path: d.path.replace(/^values\[(\d+)\]/, 'samples[$1]'),
      }));
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        details.length ? details : [{ path: 'samples', message: err.message }],
      );
    }
    throw err;
  }
  const explained = unitIds.map((u) => explainUnit(results, u).indicators[0]);
  const raws = explained.flatMap((e) => (e && e.raw !== null ? [e.raw] : []));
  return {
    indicatorId: id,
    points: leaf.points,
    method: method.kind,
    samples: unitIds.map((u, i) => {
      const e = explained[i];
      if (!e) return { unit: u, score: 0, points: leaf.points, status: 'error', raw: null, steps: [] };
      const target = leaf.unitParams[u]?.target ?? (method.kind === 'ratio' ? method.target : undefined);
      return {
        unit: u,
        score: e.score,
        points: e.points,
        status: e.status,
        raw: e.raw,
        steps: explainSteps(e, method, target, locale, raws, nodeNamesOf(req.meta)),
      };
    }),
  };
}
