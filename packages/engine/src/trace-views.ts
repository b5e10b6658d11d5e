/**
 * The trace's views of one run, expanded only on request: a unit's explanation (its indicators' inputs,
 * parameters, status, raw value, process parts and score; its adjustments and evaluation parts; the steps
 * that set its rank and tier), one group's leaf scores as a units × indicators array, and a re-rank of other
 * composites with the run's own eligibility, overrides, quotas and tie keys.
 *
 * Implements docs/scoring.md §9 "Trace" (and the re-rank that §10 "Sensitivity runs the same pipeline"
 * uses); process nodes' `fraction`/`fractionFrom` as §1 "Process vs year-end" states them.
 * /work/shared/docs/SCORING.md: "Sensitivity", "Numbers, rounding and determinism" (every number explained).
 */
import { CELL_STATUS, type CGroup, type CLeaf, type CompiledModel, type UnitStatic } from './compile';
import { EngineError } from './errors';
import { CELL_REASONS } from './methods';
import { NODE_LIGHT_CODES } from './model';
import {
  CELL_STATUSES,
  TIER_STEP_BITS,
  type IndicatorExplanation,
  type IndicatorScores,
  type Results,
  type StepExplanation,
  type UnitExplanation,
  type UnitResult,
} from './results';
import { roundHalfUp } from './round';
import { groupScale } from './scale';
import { rankAndTier } from './tiers';

const L_RED: number = NODE_LIGHT_CODES.red;
const ST_OK: number = CELL_STATUS.ok;
const STATUS_NAMES = CELL_STATUSES;

/**
 * A frozen view for the trace: groups' arrays are replaced (not mutated) by later recomputes, and `update`
 * replaces the statics array (never mutates it), so the caller's `statics` stays as it was.
 */
export function traceViews(
  m: CompiledModel,
  statics: UnitStatic[],
  results: Results,
): {
  explain: (id: string) => UnitExplanation;
  indicatorScores: (groupId: string) => IndicatorScores;
  rerank: (c: ArrayLike<number>) => { ranks: Int32Array; tiers: Int32Array };
} {
  const view = m.groups.map((g) => ({ ...g }));
  // the roll-ups as they are now: a later update must not rewrite this result's trace
  const rolls: CompiledModel['rolls'] = new Map(
    [...m.rolls].map(([k, rc]) => [k, { ...rc, parts: new Map(rc.parts) }] as const),
  );
  const byUnit = new Map(results.units.map((x) => [x.unitId, x] as const));
  return {
    explain: (unitId) => explainOf(m, view, statics, unitId, byUnit.get(unitId), rolls),
    indicatorScores: (groupId) => indicatorScoresOf(m, view, groupId),
    rerank: (c) => rerankView(m, view, statics, c),
  };
}

/** Node part as a fraction (for the trace): Σ weight × node fraction / Σ weight, as computed by `nodeRow`. */
function nodePart(g: CGroup, lu: number, leaf: CLeaf): number {
  if (!leaf.process) return 0;
  const j = g.leafIndex.get(leaf.id) ?? 0;
  return g.nodeFrac[lu * g.L + j] ?? 0;
}

/** The fraction a node scored and where it came from (a reported fraction wins unless the light is red). */
function nodeFraction(g: CGroup, leaf: CLeaf, k: number): { fraction: number; fractionFrom: 'reported' | 'light' } {
  const l = g.lights[k] ?? 0;
  const x = g.fractions?.[k] ?? -1;
  if (x >= 0 && l !== L_RED) return { fraction: x, fractionFrom: 'reported' };
  return { fraction: leaf.lightTable[l] ?? 0, fractionFrom: 'light' };
}

function indicatorScoresOf(m: CompiledModel, view: CGroup[], groupId: string): IndicatorScores {
  const g = view.find((x) => x.id === groupId);
  if (!g) throw new EngineError('UNKNOWN_GROUP', `no group '${groupId}'`);
  return {
    groupId: g.id,
    unitIds: g.units.map((u) => m.unitIds[u] ?? ''),
    indicatorIds: g.leaves.map((l) => l.id),
    indicators: g.leaves.map((l) => {
      const meta: IndicatorScores['indicators'][number] = {
        id: l.id,
        blockId: g.blocks[l.block]?.id ?? '',
        points: l.points,
      };
      if (l.name !== undefined) meta.name = l.name;
      if (l.assessorId !== undefined) meta.assessorId = l.assessorId;
      return meta;
    }),
    // copies: the caller may write into them without touching the trace
    scores: g.score.slice(),
    status: g.status.slice(),
  };
}

function rerankView(
  m: CompiledModel,
  view: CGroup[],
  statics: UnitStatic[],
  composites: ArrayLike<number>,
): { ranks: Int32Array; tiers: Int32Array } {
  const N = m.unitIds.length;
  if (composites.length !== N)
    throw new EngineError(
      'INVALID_DATASET',
      `expected ${N} composites (one per unit, in results.units order), got ${composites.length}`,
    );
  const ranks = new Int32Array(N);
  const tiers = new Int32Array(N);
  for (const g of view) {
    const o = g.out;
    if (!o) continue;
    const sc = new Float64Array(g.n);
    for (let lu = 0; lu < g.n; lu++) {
      const x = composites[g.units[lu] ?? 0] ?? 0;
      sc[lu] = m.scheme.ranking.on === 'rounded' ? roundHalfUp(x, m.scheme.decimals) : x;
    }
    // the same eligibility, overrides, quotas and tie keys as the run itself: only the scores change
    const rt = rankAndTier({ ...o.tierInput, scores: sc });
    for (let lu = 0; lu < g.n; lu++) {
      ranks[g.units[lu] ?? 0] = rt.ranks[lu] ?? 0;
      tiers[g.units[lu] ?? 0] = rt.tiers[lu] ?? 0;
    }
  }
  return { ranks, tiers };
}

function explainOf(
  m: CompiledModel,
  view: CGroup[],
  statics: UnitStatic[],
  unitId: string,
  res: UnitResult | undefined,
  rolls: CompiledModel['rolls'],
): UnitExplanation {
  const u = m.unitIndex.get(unitId);
  if (u === undefined) throw new EngineError('UNKNOWN_UNIT', `no unit '${unitId}'`);
  const g = view[m.unitGroup[u] ?? 0];
  const us = statics[u];
  if (!g || !g.out || !us || !res) throw new EngineError('UNKNOWN_UNIT', `no unit '${unitId}'`);
  const lu = m.unitLocal[u] ?? 0;
  const indicators: IndicatorExplanation[] = g.leaves.map((leaf, j) => {
    const cell = lu * g.L + j;
    const rich = g.rich.get(cell);
    const inputs: Record<string, unknown> = {};
    if (g.has[cell] === 1) inputs.value = g.value[cell];
    if (rich?.inputs) inputs.inputs = rich.inputs;
    if (rich?.grade !== undefined) inputs.grade = rich.grade;
    if (rich?.manual) inputs.manual = rich.manual;
    if (rich?.events) inputs.events = rich.events;
    if (leaf.upper) inputs.upper = leaf.upper;
    const roll = rolls.get(`${unitId}\u0000${leaf.id}`);
    const rollUp: IndicatorExplanation['rollUp'] = roll && {
      own: roll.own ?? null,
      parts: [...roll.parts].map(([from, p]) => ({ unitId: from, value: p.value ?? null })),
    };
    const params: Record<string, unknown> = { ...leaf.method };
    const up = leaf.ind.unitParams[unitId];
    if (up) params.unitParams = up;
    if (Object.keys(leaf.ind.params).length) params.params = leaf.ind.params;
    const status = g.status[cell] ?? 0;
    let process: IndicatorExplanation['process'];
    if (leaf.process) {
      const base = lu * g.nodeStride + leaf.nodeOffset;
      const names = ['none', 'green', 'yellow', 'red'] as const;
      process = {
        share: leaf.process.share,
        nodePart: leaf.points * nodePart(g, lu, leaf),
        yearEndPart: g.yearEnd[cell] ?? 0,
        nodes: leaf.process.nodes.map((nd, k) => ({
          id: nd.id,
          light: names[g.lights[base + k] ?? 0] ?? 'none',
          ...nodeFraction(g, leaf, base + k),
        })),
      };
    }
    const reason = CELL_REASONS[g.reason[cell] ?? 0] ?? 'none';
    return {
      indicatorId: leaf.id,
      name: leaf.name,
      blockId: g.blocks[leaf.block]?.id ?? '',
      path: leaf.path,
      points: leaf.points,
      method: leaf.method.kind,
      params,
      inputs,
      status: STATUS_NAMES[status] ?? 'ok',
      raw: status === ST_OK ? (g.raw[cell] ?? 0) : null,
      score: roundHalfUp(g.score[cell] ?? 0, m.scheme.decimals),
      process,
      ...(rollUp ? { rollUp } : {}),
      note: reason !== 'none' ? reason : undefined,
    };
  });
  const steps = narrate(m, g, lu, res, us);
  return { unit: res, indicators, adjustments: us.adjustments, evaluation: us.evalParts, steps };
}

function narrate(m: CompiledModel, g: CGroup, lu: number, res: UnitResult, us: UnitStatic): StepExplanation[] {
  const o = g.out;
  if (!o) return [];
  const s = m.scheme;
  const tiers = g.tiering.tiers;
  const bits = o.rt.stepBits[lu] ?? 0;
  const B = TIER_STEP_BITS;
  const steps: StepExplanation[] = [];
  const scale = groupScale(s, g.group);
  const { a, b } = scale.weights;
  const parts =
    scale.mode === 'points'
      ? `${res.indicatorTotal}${b > 0 ? ` + evaluation ${res.evaluation ?? 0} of ${scale.evaluation}` : ''}`
      : `${a} × ${res.indicatorTotal} + ${b} × ${res.evaluation ?? 0}`;
  steps.push({
    step: 'indicatorTotal',
    detail: `${res.indicatorPoints} of ${res.indicatorMax} → ${res.indicatorTotal} on ${scale.indicators}`,
  });
  steps.push({
    step: 'composite',
    detail: `${parts} + bonus ${res.bonus} + rank change ${res.rankChange} − deductions ${res.deductions} = ${res.compositeFull} → ${res.composite}${scale.total !== 100 || scale.mode === 'points' ? ` (full marks ${scale.total})` : ''}`,
  });
  steps.push({ step: 'preliminaryRank', detail: `rank ${res.preliminaryRank} before the rank-change adjustment` });
  if (o.rankChangeRule[lu])
    steps.push({ step: 'rankChange', detail: `rule ${o.rankChangeRule[lu] ?? ''}: ${res.rankChange}` });
  steps.push({
    step: 'rank',
    detail: `rank ${res.rank} of ${g.n} on the ${s.ranking.on === 'rounded' ? 'published (rounded)' : 'full-precision'} composite${s.ranking.tieBreakers.length ? `, tie-breakers ${s.ranking.tieBreakers.map((t) => t.kind + (t.id ? `:${t.id}` : '')).join(', ')}` : ''}`,
  });
  const q = o.rt.quotas.map((x) => `${x.tier} ${x.quota ?? '—'}`).join(', ');
  steps.push({ step: 'quotas', detail: `quotas (${g.tiering.rounding}, ${g.tiering.quotaScope}): ${q}` });
  if (bits & B.bandMiss) steps.push({ step: 'band', detail: 'below the score band of a better tier' });
  if (bits & B.ineligible)
    steps.push({ step: 'eligibility', detail: 'not eligible for a better tier (eligibility rule)' });
  if (bits & B.tieIn)
    steps.push({ step: 'boundaryTie', detail: `tied at a tier boundary: placed in (${g.tiering.tiePolicy})` });
  if (bits & B.tieOut)
    steps.push({ step: 'boundaryTie', detail: `tied at a tier boundary: placed out (${g.tiering.tiePolicy})` });
  if (bits & B.tieFlag)
    steps.push({
      step: 'boundaryTie',
      detail: 'tied at a tier boundary: flagged for a decision, placed out meanwhile',
    });
  steps.push({ step: 'naturalTier', detail: `${res.naturalTier} from rank, quota, bands and eligibility` });
  const order = g.tiering.overrideOrder;
  for (const v of us.adjustments.filter((x) => x.kind === 'veto' || x.kind === 'discipline')) {
    steps.push({
      step: v.kind === 'veto' ? 'veto' : 'downgrade',
      detail: `${v.ruleId}${v.recordId ? ` (${v.recordId})` : ''}: ${v.note} (${order})`,
    });
  }
  if (bits & B.downgradeAtBottom) steps.push({ step: 'downgrade', detail: 'already in the lowest tier: stays there' });
  if (bits & B.refilled) steps.push({ step: 'refill', detail: 'moved up into a place freed by an override (递补)' });
  if (bits & B.minCount) steps.push({ step: 'minCount', detail: 'moved down to fill a minimum count' });
  steps.push({
    step: 'tier',
    detail: `${res.tier}${tiers[res.tierIndex]?.name ? ` (${tiers[res.tierIndex]?.name ?? ''})` : ''}`,
  });
  return steps;
}
