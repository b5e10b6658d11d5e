/**
 * Validation at the edge: zod for shape and ranges, then the cross-references zod cannot see
 * (ids, sums, formulas, tiers). Every issue names its path, e.g.
 * `groups[2].blocks[0].indicators[5].method.target: must be > 0`.
 */
import type { z } from 'zod';
import { FORMULA_FUNCTIONS, collectNames, parseFormula } from './formula';
import type { MarginalBands } from './methods';
import {
  DatasetSchema,
  isCalendarDate,
  SchemeSchema,
  type Dataset,
  type DatasetColumns,
  type Indicator,
  type Issue,
  type IssueCode,
  type MarginalMethod,
  type Method,
  type Scheme,
} from './model';
import { groupScale, type ResolvedScale } from './scale';

export type SchemeValidation = { ok: true; scheme: Scheme; warnings: Issue[] } | { ok: false; issues: Issue[] };
export type DatasetValidation = { ok: true; dataset: Dataset; warnings: Issue[] } | { ok: false; issues: Issue[] };

/** `['groups', 2, 'blocks', 0, 'points']` → `groups[2].blocks[0].points` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

function issue(
  code: IssueCode,
  path: string,
  message: string,
  severity: Issue['severity'] = 'error',
  params?: Issue['params'],
): Issue {
  return { code, path, message, severity, params };
}

/** Map zod's issues to ours: stable code, formatted path, short English message. */
export function fromZod(error: z.ZodError, prefix = ''): Issue[] {
  const out: Issue[] = [];
  const walk = (iss: z.core.$ZodIssue, base: readonly PropertyKey[]): void => {
    const full = [...base, ...iss.path];
    const path = (prefix ? prefix + (full.length && typeof full[0] !== 'number' ? '.' : '') : '') + formatPath(full);
    switch (iss.code) {
      case 'invalid_type': {
        const received = (iss as { input?: unknown }).input;
        if (received === undefined) out.push(issue('required', path, 'is required'));
        else out.push(issue('invalid_type', path, `must be ${iss.expected}`, 'error', { expected: iss.expected }));
        break;
      }
      case 'too_small': {
        const op = iss.inclusive ? '>=' : '>';
        const what =
          iss.origin === 'array' ? 'have at least' : iss.origin === 'string' ? 'have length at least' : `be ${op}`;
        const msg =
          iss.origin === 'array' || iss.origin === 'string'
            ? `must ${what} ${String(iss.minimum)}`
            : `must be ${op} ${String(iss.minimum)}`;
        out.push(
          issue('too_small', path, iss.message && !iss.message.startsWith('Too small') ? iss.message : msg, 'error', {
            min: String(iss.minimum),
          }),
        );
        break;
      }
      case 'too_big': {
        const op = iss.inclusive ? '<=' : '<';
        out.push(issue('too_big', path, `must be ${op} ${String(iss.maximum)}`, 'error', { max: String(iss.maximum) }));
        break;
      }
      case 'invalid_value':
        out.push(
          issue(
            'invalid_value',
            path,
            `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`,
            'error',
            {
              values: iss.values.map((v) => String(v)).join(', '),
            },
          ),
        );
        break;
      case 'unrecognized_keys':
        for (const k of iss.keys) out.push(issue('unknown_key', formatPath([...full, k]), 'is not a known field'));
        break;
      case 'invalid_union': {
        const extra = iss as { note?: string; options?: unknown[] };
        if (extra.note !== undefined) {
          const opts = Array.isArray(extra.options) ? `: must be one of ${extra.options.map(String).join(', ')}` : '';
          out.push(issue('invalid_value', path, `is not a known kind${opts}`));
        } else {
          // report the branch that got furthest (fewest issues)
          const branches = iss.errors;
          let bestBranch: z.core.$ZodIssue[] | undefined;
          for (const b of branches) if (!bestBranch || b.length < bestBranch.length) bestBranch = b;
          if (bestBranch && bestBranch.length > 0) for (const b of bestBranch) walk(b, full);
          else out.push(issue('invalid_value', path, 'does not match any allowed form'));
        }
        break;
      }
      case 'invalid_format':
        out.push(issue('invalid_format', path, `must be a valid ${iss.format}`));
        break;
      default:
        out.push(issue('invalid_value', path, iss.message));
    }
  };
  for (const iss of error.issues) walk(iss, []);
  return out;
}

interface LeafInfo {
  ind: Indicator;
  path: string;
  blockId: string;
}

/** Walk one group's effective tree (own blocks or the shared ones) and collect leaves with their paths. */
function groupTree(
  scheme: Scheme,
  gi: number,
): { blocks: { id: string; path: string; weight: number | undefined; indicators: Indicator[] }[] } {
  const g = scheme.groups[gi];
  if (!g) return { blocks: [] };
  const own = g.blocks !== undefined;
  const src = g.blocks ?? scheme.blocks;
  return {
    blocks: src.map((b, bi) => ({
      id: b.id,
      path: own ? `groups[${gi}].blocks[${bi}]` : `blocks[${bi}]`,
      weight: g.blockWeights[b.id] ?? b.weight,
      indicators: b.indicators,
    })),
  };
}

/**
 * Points each unit is scored out of (compute's block rule): a block with a weight counts its weight for a
 * unit when any of its indicators applies to the unit; a block without one counts the points of the
 * indicators that apply. A unit named in `appliesTo` — or, without feature indicators, every unit — scored
 * out of other than the scale's indicator points is an error on a 'points' scale (`scale_mismatch`: the
 * scheme does not add up to what it prints) and a warning when normalised (`sum_mismatch`: its total is
 * rescaled to the scale, 100 by default).
 */
function checkUnitTotals(
  g: Scheme['groups'][number],
  gp: string,
  blocks: readonly { id: string; weight: number | undefined }[],
  leaves: readonly LeafInfo[],
  scale: ResolvedScale,
  out: Issue[],
): void {
  if (leaves.length === 0) return;
  const appliesOf = (ind: Indicator): readonly string[] | undefined => {
    const m = g.overrides[ind.id]?.method ?? ind.method;
    return ind.appliesTo ?? (m?.kind === 'upper' ? m.unitIds : undefined);
  };
  const named = new Set<string>();
  for (const l of leaves) for (const u of appliesOf(l.ind) ?? []) named.add(u);
  const totalFor = (unit: string | null): number => {
    let total = 0;
    for (const b of blocks) {
      let pts = 0;
      let any = false;
      for (const l of leaves) {
        if (l.blockId !== b.id) continue;
        const a = appliesOf(l.ind);
        if (a && (unit === null || !a.includes(unit))) continue;
        any = true;
        pts += g.overrides[l.ind.id]?.points ?? l.ind.points;
      }
      total += b.weight === undefined ? pts : any ? b.weight : 0;
    }
    return total;
  };
  const want = scale.indicators;
  const off = (x: number) => Math.abs(x - want) > 1e-9;
  const mismatch = (sum: number, units: readonly string[] | null): Issue => {
    const who = units ? ` for ${units.join(', ')}` : '';
    if (scale.mode === 'points') {
      const ev = scale.weights.b > 0 ? `, ${scale.evaluation} of them the evaluation` : '';
      return issue(
        'scale_mismatch',
        gp,
        `indicator points of group '${g.name ?? g.id}' sum to ${sum}${who}, not ${want} (full marks ${scale.total}${ev})`,
        'error',
        {
          group: g.name ?? g.id,
          sum,
          expected: want,
          total: scale.total,
          evaluation: scale.weights.b > 0 ? scale.evaluation : 0,
          ...(units ? { units: units.join('、') } : {}),
        },
      );
    }
    const note = units ? `their totals are normalised to ${want}` : `totals are normalised to ${want}`;
    return issue('sum_mismatch', gp, `indicator points sum to ${sum}${who}, not ${want} (${note})`, 'warning', {
      sum,
      ...(want !== 100 ? { expected: want } : {}),
      ...(units ? { units: units.join('、') } : {}),
    });
  };
  if (named.size === 0) {
    const sum = totalFor(null);
    if (off(sum)) out.push(mismatch(sum, null));
    return;
  }
  const bySum = new Map<number, string[]>();
  for (const u of [...named].sort()) {
    const sum = totalFor(u);
    if (off(sum)) bySum.set(sum, [...(bySum.get(sum) ?? []), u]);
  }
  for (const [sum, units] of bySum) out.push(mismatch(sum, units));
}

/**
 * The scale's own checks for one group (docs/scoring.md §2a): evaluation points within the scale, on a
 * 'points' scale consistent with the composite's b and backed by an evaluation.
 */
function checkGroupScale(s: Scheme, g: Scheme['groups'][number], gp: string, scale: ResolvedScale, out: Issue[]): void {
  if (scale.mode !== 'points') return;
  const explicit = g.scale?.evaluationPoints ?? s.scale?.evaluationPoints;
  const where = g.scale?.evaluationPoints !== undefined ? `${gp}.scale.evaluationPoints` : 'scale.evaluationPoints';
  const ev = scale.weights.b > 0 ? scale.evaluation : 0;
  if (ev > scale.total)
    out.push(
      issue(
        'over_scale',
        explicit !== undefined ? where : `${gp}.composite.b`,
        `the evaluation's ${ev} points are more than group '${g.name ?? g.id}''s full marks ${scale.total}`,
        'error',
        { group: g.name ?? g.id, value: ev, max: scale.total },
      ),
    );
  if (explicit !== undefined && g.composite.b > 0 && Math.abs(g.composite.b * scale.total - explicit) > 1e-9)
    out.push(
      issue(
        'invalid_value',
        `${gp}.composite.b`,
        `b = ${g.composite.b} makes the evaluation ${g.composite.b * scale.total} of ${scale.total} points, but the scale gives it ${explicit}: set one of them`,
      ),
    );
  // (b > 0 without an evaluation is reported by the composite's own check)
  if (ev > 0 && !(g.composite.b > 0) && !s.evaluation)
    out.push(
      issue('required', 'evaluation', `group '${g.id}' gives the evaluation ${ev} points but the scheme has none`),
    );
}

/**
 * Caps, limits and vetoes are in the scale's points: one larger than the scale (the largest group's full
 * marks) is refused; a tier band above it is a warning (only a bonus could reach it).
 */
function checkCapsOnScale(s: Scheme, out: Issue[]): void {
  const totals = s.groups.map((g) => groupScale(s, g).total);
  const max = Math.max(...totals);
  const over = (path: string, value: number | undefined, what: string): void => {
    if (value !== undefined && value > max + 1e-9)
      out.push(
        issue('over_scale', path, `${what} ${value} is larger than the scheme's full marks ${max}`, 'error', {
          value,
          max,
        }),
      );
  };
  over('bonus.cap', s.bonus.cap, 'the bonus cap');
  s.bonus.categories.forEach((c, i) => over(`bonus.categories[${i}].cap`, c.cap, 'the category cap'));
  (s.bonus.rankChange?.rules ?? []).forEach((r, i) =>
    over(`bonus.rankChange.rules[${i}].points`, Math.abs(r.points), 'the rank-change points'),
  );
  s.deductions.forEach((d, i) => over(`deductions[${i}].limit`, d.limit, 'the deduction limit'));
  s.deductionCaps.forEach((c, i) => over(`deductionCaps[${i}].limit`, c.limit, 'the shared deduction limit'));
  s.vetoes.forEach((v, i) => {
    if (v.effect.kind === 'fixedDeduction') over(`vetoes[${i}].effect.points`, v.effect.points, "the veto's deduction");
  });
  const band = (tiers: Scheme['tiering']['tiers'], path: string, full: number): void =>
    tiers.forEach((t, i) => {
      if (t.minScore && t.minScore.value > full + 1e-9)
        out.push(
          issue(
            'over_scale',
            `${path}.tiers[${i}].minScore`,
            `the band ${t.minScore.value} is above full marks ${full}: only a bonus can reach it`,
            'warning',
            { value: t.minScore.value, max: full },
          ),
        );
    });
  const shared = s.groups.filter((g) => !g.tiering);
  if (shared.length > 0) band(s.tiering.tiers, 'tiering', Math.max(...shared.map((g) => groupScale(s, g).total)));
  s.groups.forEach((g, gi) => {
    if (g.tiering) band(g.tiering.tiers, `groups[${gi}].tiering`, groupScale(s, g).total);
  });
}

function treeHasId(inds: readonly Indicator[], id: string): boolean {
  return inds.some((i) => i.id === id || treeHasId(i.children ?? [], id));
}

/**
 * A marginal method's thresholds run in the penalised direction (below: 96 then 90; above: 2 then 5), one band per
 * threshold; a bonus it could never pay (capped at full points, where the bonus starts) is refused, not ignored.
 */
function checkMarginal(m: MarginalMethod, path: string, out: Issue[]): void {
  checkBandOrder(m, path, out);
  if (m.bonusRate > 0 && !m.uncapped)
    out.push(issue('invalid_value', `${path}.bonusRate`, 'a bonus above full points needs uncapped (得分不封顶)'));
  if (m.bonusLimit !== undefined && m.bonusRate === 0)
    out.push(issue('invalid_value', `${path}.bonusLimit`, 'a bonus limit needs a bonus rate'));
}

function checkBandOrder(m: MarginalBands, path: string, out: Issue[]): void {
  for (let i = 1; i < m.bands.length; i++) {
    const a = m.bands[i - 1];
    const b = m.bands[i];
    if (!a || !b) continue;
    const ok = m.direction === 'below' ? b.from < a.from : b.from > a.from;
    if (!ok)
      out.push(
        issue(
          'invalid_value',
          `${path}.bands[${i}].from`,
          m.direction === 'below'
            ? `thresholds must go down (a lower threshold after ${a.from}, got ${b.from})`
            : `thresholds must go up (a higher threshold after ${a.from}, got ${b.from})`,
        ),
      );
  }
}

const BUILTIN_NAMES = ['points', 'value', 'target', 'baseline', 'coefficient'] as const;

function checkMethod(m: Method, path: string, ind: Indicator, out: Issue[]): void {
  switch (m.kind) {
    case 'goalposts':
      if (m.hi === m.lo) out.push(issue('invalid_value', `${path}.hi`, 'must differ from lo'));
      break;
    case 'steps':
      for (let i = 1; i < m.points.length; i++) {
        const a = m.points[i - 1];
        const b = m.points[i];
        if (a && b && b.at < a.at)
          out.push(issue('invalid_value', `${path}.points[${i}].at`, 'breakpoints must be in ascending order'));
      }
      break;
    case 'manual':
      if (m.max !== undefined && m.max < m.min) out.push(issue('invalid_value', `${path}.max`, 'must be >= min'));
      break;
    case 'marginal':
      checkMarginal(m, path, out);
      break;
    case 'ratio': {
      const anyUnitTarget = Object.values(ind.unitParams).some((p) => p.target !== undefined);
      if (m.target === undefined && !anyUnitTarget) {
        out.push(issue('required', `${path}.target`, 'is required (or per-unit targets in unitParams)', 'warning'));
      }
      for (const [uid, p] of Object.entries(ind.unitParams)) {
        if (p.target !== undefined && !(p.target > 0))
          out.push(issue('too_small', `${path.replace(/\.method$/, '')}.unitParams.${uid}.target`, 'must be > 0'));
      }
      break;
    }
    case 'formula': {
      const parsed = parseFormula(m.expr);
      if (!parsed.ok) {
        out.push(issue(parsed.code, `${path}.expr`, parsed.message, 'error', { position: parsed.position }));
        break;
      }
      const known = new Set<string>([...BUILTIN_NAMES, ...m.inputs, ...Object.keys(ind.params)]);
      for (const p of Object.values(ind.unitParams)) for (const k of Object.keys(p)) known.add(k);
      for (const name of collectNames(parsed.ast)) {
        if (!known.has(name)) {
          out.push(
            issue(
              'formula_unknown_name',
              `${path}.expr`,
              `unknown name '${name}' (declare it in inputs or params)`,
              'error',
              { name },
            ),
          );
        }
        if (Object.hasOwn(FORMULA_FUNCTIONS, name))
          out.push(issue('formula_syntax', `${path}.expr`, `'${name}' is a function`));
      }
      if (m.then) checkMethod(m.then, `${path}.then`, ind, out);
      break;
    }
    default:
      break;
  }
}

function checkScheme(s: Scheme): Issue[] {
  const out: Issue[] = [];
  const dup = (ids: readonly string[], path: (i: number) => string): void => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) out.push(issue('duplicate_id', path(i), `duplicate id '${id}'`, 'error', { id }));
      seen.add(id);
    });
  };
  dup(
    s.groups.map((g) => g.id),
    (i) => `groups[${i}].id`,
  );
  dup(
    s.tiering.tiers.map((t) => t.id),
    (i) => `tiering.tiers[${i}].id`,
  );
  dup(
    s.vetoes.map((v) => v.id),
    (i) => `vetoes[${i}].id`,
  );
  dup(
    s.deductions.map((v) => v.id),
    (i) => `deductions[${i}].id`,
  );
  dup(
    s.bonus.categories.map((v) => v.id),
    (i) => `bonus.categories[${i}].id`,
  );
  // a name for a level the rule does not price would name nothing
  const names = (levels: Record<string, number>, levelNames: Record<string, string> | undefined, path: string) => {
    for (const code of Object.keys(levelNames ?? {}))
      if (!(code in levels))
        out.push(
          issue(
            'unknown_reference',
            `${path}.levelNames.${code}`,
            `no level '${code}' (levels: ${Object.keys(levels).join(', ')})`,
            'error',
            { id: code, known: Object.keys(levels).join('、') },
          ),
        );
  };
  s.bonus.categories.forEach((c, i) => names(c.levels, c.levelNames, `bonus.categories[${i}]`));
  s.deductions.forEach((d, i) => {
    if (d.amount.kind === 'perLevel') names(d.amount.levels, d.amount.levelNames, `deductions[${i}].amount`);
  });
  if (s.evaluation) {
    dup(
      s.evaluation.raterGroups.map((v) => v.id),
      (i) => `evaluation.raterGroups[${i}].id`,
    );
  }
  const groupIds = new Set(s.groups.map((g) => g.id));
  const allTierIds = new Set(s.tiering.tiers.map((t) => t.id));
  const leafIds = new Set<string>();
  const flagIds = new Set<string>();
  // every leaf some group scores, with the formula inputs it declares (measured deductions read them)
  const leafInputs = new Map<string, Set<string>>();

  s.groups.forEach((g, gi) => {
    const gp = `groups[${gi}]`;
    const tree = groupTree(s, gi);
    if (tree.blocks.length === 0)
      out.push(issue('required', `${gp}.blocks`, 'the group has no indicators (no own blocks and no shared blocks)'));
    dup(
      tree.blocks.map((b) => b.id),
      (i) => `${tree.blocks[i]?.path ?? gp}.id`,
    );
    const ids: string[] = [];
    const idPaths: string[] = [];
    const leaves: LeafInfo[] = [];
    const walk = (ind: Indicator, path: string, blockId: string): void => {
      if (g.exclude.includes(ind.id)) return;
      ids.push(ind.id);
      idPaths.push(`${path}.id`);
      const ov = g.overrides[ind.id];
      const method = ov?.method ?? ind.method;
      if (ind.children && ind.children.length > 0) {
        if (ind.method)
          out.push(
            issue(
              'method_on_parent',
              `${path}.method`,
              'a parent indicator scores the sum of its children; remove its method',
            ),
          );
        const sum = ind.children
          .filter((c) => !g.exclude.includes(c.id))
          .reduce((a, c) => a + (g.overrides[c.id]?.points ?? c.points), 0);
        if (Math.abs(sum - (ov?.points ?? ind.points)) > 1e-9) {
          out.push(
            issue('sum_mismatch', `${path}.points`, `children's points sum to ${sum}, not ${ind.points}`, 'warning', {
              sum,
            }),
          );
        }
        ind.children.forEach((c, ci) => walk(c, `${path}.children[${ci}]`, blockId));
        return;
      }
      if (!method) {
        out.push(issue('method_required', `${path}.method`, 'is required on a leaf indicator'));
        return;
      }
      checkMethod(method, ov?.method ? `${gp}.overrides.${ind.id}.method` : `${path}.method`, ind, out);
      if (ind.process)
        dup(
          ind.process.nodes.map((n) => n.id),
          (i) => `${path}.process.nodes[${i}].id`,
        );
      leaves.push({ ind, path, blockId });
    };
    for (const b of tree.blocks) b.indicators.forEach((ind, ii) => walk(ind, `${b.path}.indicators[${ii}]`, b.id));
    const idSet = new Set<string>();
    ids.forEach((id, i) => {
      if (idSet.has(id))
        out.push(
          issue('duplicate_id', idPaths[i] ?? gp, `duplicate indicator id '${id}' in group '${g.id}'`, 'error', { id }),
        );
      idSet.add(id);
    });
    for (const k of Object.keys(g.overrides))
      if (!idSet.has(k))
        out.push(issue('unknown_reference', `${gp}.overrides.${k}`, `no indicator '${k}' in this group`));
    g.exclude.forEach((k, i) => {
      const exists = tree.blocks.some((b) => treeHasId(b.indicators, k));
      if (!exists) out.push(issue('unknown_reference', `${gp}.exclude[${i}]`, `no indicator '${k}' in this group`));
    });
    const blockIds = new Set(tree.blocks.map((b) => b.id));
    for (const k of Object.keys(g.blockWeights))
      if (!blockIds.has(k))
        out.push(issue('unknown_reference', `${gp}.blockWeights.${k}`, `no block '${k}' in this group`));
    checkFlags(g, leaves, out);
    for (const l of leaves) {
      const m = g.overrides[l.ind.id]?.method ?? l.ind.method;
      const declared = leafInputs.get(l.ind.id) ?? new Set<string>();
      if (m?.kind === 'formula') for (const name of m.inputs) declared.add(name);
      leafInputs.set(l.ind.id, declared);
      leafIds.add(l.ind.id);
      for (const f of l.ind.flags) flagIds.add(f.id);
    }
    const scale = groupScale(s, g);
    checkUnitTotals(g, gp, tree.blocks, leaves, scale, out);
    checkGroupScale(s, g, gp, scale, out);
    if (Math.abs(g.composite.a + g.composite.b - 1) > 1e-9) {
      out.push(issue('weights_sum', `${gp}.composite`, `a + b must be 1 (is ${g.composite.a + g.composite.b})`));
    }
    if (g.composite.b > 0 && !s.evaluation)
      out.push(
        issue('required', 'evaluation', `group '${g.id}' weighs the evaluation (b > 0) but the scheme has none`),
      );
    if (g.tiering) {
      if (s.tiering.quotaScope === 'county')
        out.push(
          issue('invalid_value', `${gp}.tiering`, 'a group cannot have its own tiering when quotas are county-wide'),
        );
      checkTiering(g.tiering, `${gp}.tiering`, out);
      if (g.tiering.tiers.length !== s.tiering.tiers.length) {
        out.push(
          issue(
            'invalid_value',
            `${gp}.tiering.tiers`,
            'must have the same number of tiers as the scheme (results use and consequences refer to them)',
            'warning',
          ),
        );
      }
      for (const t of g.tiering.tiers) allTierIds.add(t.id);
    }
    for (const [ti, tb] of (s.ranking.tieBreakers ?? []).entries()) {
      checkTieBreaker(tb, `ranking.tieBreakers[${ti}]`, blockIds, idSet, s, out, g.id);
    }
  });
  checkTiering(s.tiering, 'tiering', out);
  checkCapsOnScale(s, out);

  checkWindows(s, out);
  checkMeasuredRules(s, leafInputs, out);
  checkRollUps(s, leafInputs, out);
  const ruleIds = new Set(s.deductions.map((d) => d.id));
  const refs = { noFlag: flagIds, noDeduction: ruleIds, minIndicatorFraction: leafIds };
  checkEligibilityRefs(s.tiering, 'tiering', refs, out);
  s.groups.forEach((g, gi) => {
    if (g.tiering) checkEligibilityRefs(g.tiering, `groups[${gi}].tiering`, refs, out);
  });
  s.deductionCaps.forEach((c, ci) =>
    c.rules.forEach((r, ri) => {
      if (!ruleIds.has(r))
        out.push(issue('unknown_reference', `deductionCaps[${ci}].rules[${ri}]`, `no deduction rule '${r}'`));
    }),
  );
  s.resultsUse.consecutive.forEach((c, ci) =>
    c.tiers.forEach((t, ti) => {
      if (!allTierIds.has(t))
        out.push(issue('unknown_reference', `resultsUse.consecutive[${ci}].tiers[${ti}]`, `no tier '${t}'`));
    }),
  );
  if (s.evaluation) {
    const sumW = s.evaluation.raterGroups.reduce((a, r) => a + r.weight, 0);
    if (!(sumW > 0))
      out.push(issue('weights_sum', 'evaluation.raterGroups', 'rater group weights must sum to more than 0'));
    s.evaluation.raterGroups.forEach((r, ri) => {
      if (r.form === 'options' && (!r.options || Object.keys(r.options).length === 0)) {
        out.push(issue('required', `evaluation.raterGroups[${ri}].options`, 'is required for the options form'));
      }
      if (r.form === 'scale' && r.max <= r.min)
        out.push(issue('invalid_value', `evaluation.raterGroups[${ri}].max`, 'must be > min'));
      (r.unitGroups ?? []).forEach((gId, k) => {
        if (!groupIds.has(gId))
          out.push(issue('unknown_reference', `evaluation.raterGroups[${ri}].unitGroups[${k}]`, `no group '${gId}'`));
      });
    });
  }
  return out;
}

/**
 * 数据归并 rules: they name leaf indicators some group scores, two different units, no chain (a receiving unit gives
 * nothing) and one receiver per (unit, indicator) — otherwise a figure would count twice or nowhere, silently.
 */
function checkRollUps(s: Scheme, leafInputs: ReadonlyMap<string, ReadonlySet<string>>, out: Issue[]): void {
  const ids = new Set<string>();
  const receivers = new Set(s.rollUps.map((r) => r.into));
  const given = new Map<string, string>();
  s.rollUps.forEach((r, i) => {
    const p = `rollUps[${i}]`;
    if (ids.has(r.id)) out.push(issue('duplicate_id', `${p}.id`, `duplicate roll-up id '${r.id}'`));
    ids.add(r.id);
    if (r.from === r.into)
      out.push(issue('invalid_value', `${p}.into`, `a unit cannot be counted in itself ('${r.from}')`));
    else if (receivers.has(r.from))
      out.push(
        issue('invalid_value', `${p}.from`, `'${r.from}' receives figures itself: roll-ups do not chain`, 'error', {
          id: r.from,
        }),
      );
    r.indicators.forEach((ind, k) => {
      if (!leafInputs.has(ind)) {
        out.push(
          issue(
            'unknown_reference',
            `${p}.indicators[${k}]`,
            `no leaf indicator '${ind}' (leaf indicators: ${[...leafInputs.keys()].join(', ')})`,
            'error',
            { id: ind, known: [...leafInputs.keys()].join('、') },
          ),
        );
        return;
      }
      const key = `${r.from}\u0000${ind}`;
      const to = given.get(key);
      if (to !== undefined && to !== r.into)
        out.push(
          issue(
            'invalid_value',
            `${p}.indicators[${k}]`,
            `'${r.from}' already gives '${ind}' to '${to}': a figure counts in one unit only`,
            'error',
            { id: ind },
          ),
        );
      else if (to !== undefined)
        out.push(issue('duplicate_id', `${p}.indicators[${k}]`, `'${r.from}' → '${r.into}' lists '${ind}' twice`));
      given.set(key, r.into);
    });
  });
}

/** Measurement window, named periods and the deduction rules that refer to them. */
function checkWindows(s: Scheme, out: Issue[]): void {
  const w = s.measurementWindow;
  if (w) {
    const explicit = w.from !== undefined || w.to !== undefined;
    if (w.start !== undefined && explicit)
      out.push(issue('invalid_value', 'measurementWindow.start', 'give either start or from/to, not both'));
    else if (w.start === undefined && !explicit)
      out.push(issue('required', 'measurementWindow', 'needs start (MM-DD) or from/to dates'));
    if (w.start !== undefined) {
      // a day that exists in every year (no 02-29)
      if (!isCalendarDate(`2001-${w.start}`))
        out.push(issue('invalid_value', 'measurementWindow.start', 'must be a day of every year (MM-DD, not 02-29)'));
      if (s.year === undefined) out.push(issue('required', 'year', 'is required by measurementWindow.start'));
    }
    if (w.from !== undefined && w.to !== undefined && w.to < w.from)
      out.push(issue('invalid_value', 'measurementWindow.to', `must not be before from (${w.from})`));
  }
  const periodIds = new Set<string>();
  s.periods.forEach((p, i) => {
    if (periodIds.has(p.id)) out.push(issue('duplicate_id', `periods[${i}].id`, `duplicate period id '${p.id}'`));
    periodIds.add(p.id);
    if (p.to < p.from) out.push(issue('invalid_value', `periods[${i}].to`, `must not be before from (${p.from})`));
  });
  s.deductions.forEach((r, i) => {
    (r.periods ?? []).forEach((pid, k) => {
      if (!periodIds.has(pid))
        out.push(issue('unknown_reference', `deductions[${i}].periods[${k}]`, `no period '${pid}'`));
    });
    if (r.periodMultiplier !== 1 && s.periods.length === 0)
      out.push(
        issue(
          'invalid_value',
          `deductions[${i}].periodMultiplier`,
          'has no effect: the scheme has no periods',
          'warning',
        ),
      );
    if (r.amount.kind === 'rankPlaces' && (r.repeatMultiplier !== 1 || r.periodMultiplier !== 1))
      out.push(
        issue(
          'invalid_value',
          `deductions[${i}].amount`,
          'rankPlaces deductions are not multiplied (repeatMultiplier and periodMultiplier are ignored)',
          'warning',
        ),
      );
  });
}

/**
 * A flag tests its own indicator's measure, another leaf's of the same group, or a named input of a formula's value
 * row: a source the group does not score, or an input the formula does not declare, would never raise the flag.
 */
function checkFlags(g: Scheme['groups'][number], leaves: readonly LeafInfo[], out: Issue[]): void {
  const byId = new Map(leaves.map((l) => [l.ind.id, l] as const));
  for (const l of leaves)
    l.ind.flags.forEach((f, fi) => {
      const fp = `${l.path}.flags[${fi}]`;
      if (f.below === undefined && f.above === undefined)
        out.push(issue('required', `${fp}.below`, 'a flag needs a threshold (below or above)'));
      const src = f.indicator === undefined ? l : byId.get(f.indicator);
      if (!src) {
        out.push(
          issue(
            'unknown_reference',
            `${fp}.indicator`,
            `no leaf indicator '${f.indicator ?? ''}' in group '${g.id}' (leaf indicators: ${[...byId.keys()].join(', ')})`,
            'error',
            { id: f.indicator ?? '', known: [...byId.keys()].join('、') },
          ),
        );
        return;
      }
      if (f.input === undefined) return;
      const m = g.overrides[src.ind.id]?.method ?? src.ind.method;
      const declared = m?.kind === 'formula' ? m.inputs : [];
      if (!declared.includes(f.input))
        out.push(
          issue(
            'unknown_reference',
            `${fp}.input`,
            declared.length > 0
              ? `'${f.input}' is not an input of '${src.ind.id}' (inputs: ${declared.join(', ')})`
              : `'${src.ind.id}' has no named inputs (only a formula declares them)`,
            'error',
            { id: f.input, known: declared.join('、') },
          ),
        );
    });
}

/**
 * A measured deduction reads a leaf some group scores (and, with `input`, a formula input it declares); its thresholds
 * run in its direction. A rule reading nothing would take nothing from anyone, silently.
 */
function checkMeasuredRules(s: Scheme, leafInputs: ReadonlyMap<string, ReadonlySet<string>>, out: Issue[]): void {
  s.deductions.forEach((r, i) => {
    const a = r.amount;
    if (a.kind !== 'measured') return;
    const path = `deductions[${i}].amount`;
    checkBandOrder(a, path, out);
    const inputs = leafInputs.get(a.indicator);
    if (!inputs) {
      out.push(
        issue(
          'unknown_reference',
          `${path}.indicator`,
          `no leaf indicator '${a.indicator}' (leaf indicators: ${[...leafInputs.keys()].join(', ')})`,
          'error',
          { id: a.indicator, known: [...leafInputs.keys()].join('、') },
        ),
      );
      return;
    }
    if (a.input !== undefined && !inputs.has(a.input))
      out.push(
        issue(
          'unknown_reference',
          `${path}.input`,
          inputs.size > 0
            ? `'${a.input}' is not an input of '${a.indicator}' (inputs: ${[...inputs].join(', ')})`
            : `'${a.indicator}' has no named inputs (only a formula declares them)`,
          'error',
          { id: a.input, known: [...inputs].join('、') },
        ),
      );
  });
}

/** An eligibility rule that names a flag, deduction rule or indicator the scheme does not have would bar no one. */
function checkEligibilityRefs(
  t: Scheme['tiering'],
  path: string,
  refs: Record<'noFlag' | 'noDeduction' | 'minIndicatorFraction', ReadonlySet<string>>,
  out: Issue[],
): void {
  t.eligibility.forEach((e, i) => {
    if (e.ref === undefined || e.kind === 'noRedLight' || e.kind === 'noVeto') return;
    const known = refs[e.kind];
    if (known.has(e.ref)) return;
    const what = { noFlag: 'flag', noDeduction: 'deduction rule', minIndicatorFraction: 'leaf indicator' }[e.kind];
    out.push(
      issue(
        'unknown_reference',
        `${path}.eligibility[${i}].ref`,
        `no ${what} '${e.ref}' (${known.size > 0 ? `valid: ${[...known].join(', ')}` : `the scheme has none`})`,
        'error',
        { id: e.ref, known: [...known].join('、') },
      ),
    );
  });
}

function checkTieBreaker(
  tb: { kind: string; id?: string | undefined },
  path: string,
  blockIds: ReadonlySet<string>,
  indicatorIds: ReadonlySet<string>,
  s: Scheme,
  out: Issue[],
  groupId: string,
): void {
  if (tb.kind === 'block' && (tb.id === undefined || !blockIds.has(tb.id))) {
    out.push(issue('unknown_reference', `${path}.id`, `no block '${tb.id ?? ''}' in group '${groupId}'`));
  }
  if (tb.kind === 'indicator' && (tb.id === undefined || !indicatorIds.has(tb.id))) {
    out.push(issue('unknown_reference', `${path}.id`, `no indicator '${tb.id ?? ''}' in group '${groupId}'`));
  }
  if (tb.kind === 'raterGroup' && !(s.evaluation?.raterGroups ?? []).some((r) => r.id === tb.id)) {
    out.push(issue('unknown_reference', `${path}.id`, `no rater group '${tb.id ?? ''}'`));
  }
}

function checkTiering(t: Scheme['tiering'], path: string, out: Issue[]): void {
  const ids = new Set(t.tiers.map((x) => x.id));
  const shareSum = t.tiers.slice(0, -1).reduce((a, x) => a + (x.share ?? 0), 0);
  if (shareSum > 1 + 1e-9)
    out.push(issue('quota_overflow', `${path}.tiers`, `tier shares sum to ${shareSum}, more than 1`));
  const lastIdx = t.tiers.length - 1;
  const last = t.tiers[lastIdx];
  if (last && t.tiers.length > 1 && (last.share !== undefined || last.count !== undefined))
    out.push(
      issue(
        'invalid_value',
        `${path}.tiers[${lastIdx}].${last.share !== undefined ? 'share' : 'count'}`,
        `the last tier '${last.id}' takes every unit not placed above it; its ${last.share !== undefined ? 'share' : 'count'} is not used`,
        'warning',
        { tier: last.name ?? last.id },
      ),
    );
  t.eligibility.forEach((e, i) => {
    if (!ids.has(e.tier)) out.push(issue('unknown_reference', `${path}.eligibility[${i}].tier`, `no tier '${e.tier}'`));
    if ((e.kind === 'noFlag' || e.kind === 'minIndicatorFraction') && !e.ref)
      out.push(issue('required', `${path}.eligibility[${i}].ref`, 'is required for this kind'));
    if (e.kind === 'minIndicatorFraction' && e.min === undefined)
      out.push(issue('required', `${path}.eligibility[${i}].min`, 'is required for this kind'));
  });
  if (t.quotaScope === 'county') {
    t.tiers.forEach((x, i) => {
      if (x.count !== undefined && i < t.tiers.length - 1) {
        out.push(
          issue(
            'invalid_value',
            `${path}.tiers[${i}].count`,
            'fixed counts are per group; with county-wide quotas use share',
            'warning',
          ),
        );
      }
    });
  }
}

/**
 * Validate a scheme: shape, ranges, ids, references, sums, formulas. Warnings (e.g. points not summing
 * to 100) do not stop it.
 */
export function validateScheme(input: unknown): SchemeValidation {
  const parsed = SchemeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: fromZod(parsed.error) };
  const found = checkScheme(parsed.data);
  const errors = found.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: found };
  return { ok: true, scheme: parsed.data, warnings: found };
}

function checkColumns(cols: unknown, out: Issue[]): DatasetColumns[] {
  if (cols === undefined) return [];
  if (!Array.isArray(cols)) {
    out.push(issue('invalid_type', 'columns', 'must be an array'));
    return [];
  }
  const res: DatasetColumns[] = [];
  cols.forEach((c: unknown, i) => {
    const p = `columns[${i}]`;
    if (typeof c !== 'object' || c === null) {
      out.push(issue('invalid_type', p, 'must be an object'));
      return;
    }
    const cc = c as Partial<DatasetColumns>;
    const units = cc.unitIds;
    const inds = cc.indicatorIds;
    if (!Array.isArray(units) || !Array.isArray(inds)) {
      out.push(issue('required', `${p}.unitIds`, 'unitIds and indicatorIds are required arrays'));
      return;
    }
    const cells = units.length * inds.length;
    if (!cc.value || typeof cc.value.length !== 'number' || cc.value.length !== cells) {
      out.push(issue('shape_mismatch', `${p}.value`, `length must be unitIds × indicatorIds = ${cells}`));
      return;
    }
    const k = cc.nodeCount ?? 0;
    if (cc.nodeLights && cc.nodeLights.length !== cells * k)
      out.push(issue('shape_mismatch', `${p}.nodeLights`, `length must be cells × nodeCount = ${cells * k}`));
    if (cc.nodeFractions && cc.nodeFractions.length !== cells * k)
      out.push(issue('shape_mismatch', `${p}.nodeFractions`, `length must be cells × nodeCount = ${cells * k}`));
    res.push(cc as DatasetColumns);
  });
  return res;
}

/**
 * Validate a dataset's shape and, given the scheme, every reference in it (units' groups, indicators,
 * rules, rater groups, options, manual reasons). Missing values are not errors: the missing-data policy
 * handles them when computing.
 */
export function validateDataset(input: unknown, scheme?: Scheme): DatasetValidation {
  const out: Issue[] = [];
  let columnsInput: unknown;
  let rest: unknown = input;
  if (typeof input === 'object' && input !== null && 'columns' in input) {
    const { columns, ...others } = input as Record<string, unknown>;
    columnsInput = columns;
    rest = others;
  }
  const parsed = DatasetSchema.safeParse(rest);
  const columns = checkColumns(columnsInput, out);
  if (!parsed.success) return { ok: false, issues: [...fromZod(parsed.error), ...out] };
  const ds: Dataset = { ...parsed.data, columns: columns.length ? columns : undefined };
  if (scheme) out.push(...checkDatasetRefs(ds, scheme));
  const errors = out.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: out };
  return { ok: true, dataset: ds, warnings: out };
}

/** Leaves of a group (after exclude and overrides) by indicator id. */
export function groupLeafIndex(
  s: Scheme,
  gi: number,
): Map<string, { ind: Indicator; method: Method | undefined; points: number }> {
  const g = s.groups[gi];
  const map = new Map<string, { ind: Indicator; method: Method | undefined; points: number }>();
  if (!g) return map;
  const walk = (ind: Indicator): void => {
    if (g.exclude.includes(ind.id)) return;
    if (ind.children && ind.children.length) {
      for (const c of ind.children) walk(c);
      return;
    }
    const ov = g.overrides[ind.id];
    map.set(ind.id, { ind, method: ov?.method ?? ind.method, points: ov?.points ?? ind.points });
  };
  for (const b of g.blocks ?? s.blocks) for (const ind of b.indicators) walk(ind);
  return map;
}

function checkDatasetRefs(ds: Dataset, s: Scheme): Issue[] {
  const out: Issue[] = [];
  const groupIdx = new Map(s.groups.map((g, i) => [g.id, i] as const));
  const unitGroup = new Map<string, number>();
  const seenUnit = new Set<string>();
  ds.units.forEach((u, i) => {
    if (seenUnit.has(u.id)) out.push(issue('duplicate_id', `units[${i}].id`, `duplicate unit '${u.id}'`));
    seenUnit.add(u.id);
    const gi = groupIdx.get(u.group);
    if (gi === undefined)
      out.push(issue('unknown_reference', `units[${i}].group`, `no group '${u.group}' in the scheme`));
    else unitGroup.set(u.id, gi);
  });
  const leafIdx = s.groups.map((_, gi) => groupLeafIndex(s, gi));
  // 数据归并: both units are the year's, and each one's group scores every indicator the rule adds up
  s.rollUps.forEach((r, i) => {
    for (const side of ['from', 'into'] as const) {
      const gi = unitGroup.get(r[side]);
      if (gi === undefined) {
        out.push(issue('unknown_unit', `rollUps[${i}].${side}`, `no unit '${r[side]}' in the dataset`));
        continue;
      }
      r.indicators.forEach((ind, k) => {
        if (!leafIdx[gi]?.has(ind))
          out.push(
            issue(
              'not_applicable',
              `rollUps[${i}].indicators[${k}]`,
              `the group '${s.groups[gi]?.id ?? ''}' of '${r[side]}' does not score '${ind}'`,
            ),
          );
      });
    }
  });
  const seenCell = new Set<string>();
  ds.values.forEach((v, i) => {
    const p = `values[${i}]`;
    const gi = unitGroup.get(v.unitId);
    if (gi === undefined) {
      out.push(issue('unknown_unit', `${p}.unitId`, `no unit '${v.unitId}'`));
      return;
    }
    const leaf = leafIdx[gi]?.get(v.indicatorId);
    if (!leaf) {
      out.push(
        issue(
          'unknown_indicator',
          `${p}.indicatorId`,
          `no leaf indicator '${v.indicatorId}' in group '${s.groups[gi]?.id ?? ''}'`,
        ),
      );
      return;
    }
    const key = `${v.unitId}\u0000${v.indicatorId}`;
    if (seenCell.has(key))
      out.push(issue('duplicate_value', p, `a second value for unit '${v.unitId}', indicator '${v.indicatorId}'`));
    seenCell.add(key);
    const m = leaf.method;
    if (m?.kind === 'manual' && v.manual) {
      if (m.requireReason && v.manual.reason.trim() === '')
        out.push(issue('missing_reason', `${p}.manual.reason`, 'a manual score needs a written reason', 'warning'));
      const max = m.max ?? leaf.points;
      if (v.manual.score < m.min || v.manual.score > max) {
        out.push(
          issue('out_of_bounds', `${p}.manual.score`, `must be within [${m.min}, ${max}] (clamped)`, 'warning', {
            min: m.min,
            max,
          }),
        );
      }
    }
    if (m?.kind === 'grade' && v.grade !== undefined && m.grades[v.grade] === undefined) {
      out.push(issue('invalid_value', `${p}.grade`, `must be one of ${Object.keys(m.grades).join(', ')}`));
    }
    if (v.nodes && leaf.ind.process) {
      const ids = new Set(leaf.ind.process.nodes.map((n) => n.id));
      v.nodes.forEach((n, k) => {
        if (!ids.has(n.id))
          out.push(
            issue('unknown_reference', `${p}.nodes[${k}].id`, `no node '${n.id}' on indicator '${v.indicatorId}'`),
          );
      });
    } else if (v.nodes && v.nodes.length > 0) {
      out.push(issue('not_applicable', `${p}.nodes`, `indicator '${v.indicatorId}' has no process nodes`, 'warning'));
    }
    if (m?.kind === 'formula' && v.inputs) {
      for (const k of Object.keys(v.inputs))
        if (!m.inputs.includes(k))
          out.push(issue('unknown_reference', `${p}.inputs.${k}`, `not an input of the formula`, 'warning'));
    }
  });
  const cats = new Map(s.bonus.categories.map((c) => [c.id, c] as const));
  ds.bonuses.forEach((b, i) => {
    if (!unitGroup.has(b.unitId)) out.push(issue('unknown_unit', `bonuses[${i}].unitId`, `no unit '${b.unitId}'`));
    const c = cats.get(b.category);
    if (!c) out.push(issue('unknown_reference', `bonuses[${i}].category`, `no bonus category '${b.category}'`));
    else if (b.points === undefined && (b.level === undefined || c.levels[b.level] === undefined)) {
      out.push(
        issue(
          'invalid_value',
          `bonuses[${i}].level`,
          `must be one of ${Object.keys(c.levels).join(', ')} (or give points)`,
        ),
      );
    }
  });
  const rules = new Map(s.deductions.map((d) => [d.id, d] as const));
  ds.deductions.forEach((d, i) => {
    if (!unitGroup.has(d.unitId)) out.push(issue('unknown_unit', `deductions[${i}].unitId`, `no unit '${d.unitId}'`));
    const r = rules.get(d.rule);
    if (!r) out.push(issue('unknown_reference', `deductions[${i}].rule`, `no deduction rule '${d.rule}'`));
    else if (r.amount.kind === 'perLevel' && (d.level === undefined || r.amount.levels[d.level] === undefined)) {
      out.push(
        issue('invalid_value', `deductions[${i}].level`, `must be one of ${Object.keys(r.amount.levels).join(', ')}`),
      );
    } else if (r.amount.kind === 'fromRecord' && d.points === undefined) {
      out.push(issue('required', `deductions[${i}].points`, 'is required by this rule'));
    } else if (r.amount.kind === 'lights' && d.level !== 'yellow' && d.level !== 'red') {
      out.push(issue('invalid_value', `deductions[${i}].level`, 'must be "yellow" or "red" for a lights rule'));
    }
  });
  // With a measurement window or named periods, dates decide what counts: they must be real dates.
  if (s.measurementWindow || s.periods.length > 0) {
    const lists = [
      ['bonuses', ds.bonuses],
      ['deductions', ds.deductions],
      ['vetoes', ds.vetoes],
      ['discipline', ds.discipline],
    ] as const;
    for (const [name, list] of lists)
      list.forEach((r: { date?: string | undefined }, i: number) => {
        if (r.date !== undefined && !isCalendarDate(r.date))
          out.push(issue('invalid_format', `${name}[${i}].date`, 'must be a date YYYY-MM-DD'));
      });
  }
  // A rankPlaces rule with no table of its ranking deducts nothing: say so rather than stay silent.
  const rankingIds = new Set(ds.rankings.map((t) => t.ranking));
  s.deductions.forEach((r, i) => {
    if (r.amount.kind === 'rankPlaces' && !rankingIds.has(r.amount.ranking))
      out.push(
        issue(
          'required',
          'rankings',
          `no period of ranking '${r.amount.ranking}' (read by scheme deductions[${i}]): nothing is deducted`,
          'warning',
        ),
      );
  });
  ds.rankings.forEach((t, i) => {
    const size = t.size ?? t.places.length;
    const seen = new Set<string>();
    t.places.forEach((e, k) => {
      const p = `rankings[${i}].places[${k}]`;
      if (!unitGroup.has(e.unitId)) out.push(issue('unknown_unit', `${p}.unitId`, `no unit '${e.unitId}'`));
      if (e.place > size) out.push(issue('out_of_bounds', `${p}.place`, `must be ≤ size (${size})`));
      if (seen.has(e.subUnitId))
        out.push(issue('duplicate_id', `${p}.subUnitId`, `'${e.subUnitId}' is ranked twice in this period`));
      seen.add(e.subUnitId);
    });
  });
  const vetoIds = new Set(s.vetoes.map((v) => v.id));
  ds.vetoes.forEach((v, i) => {
    if (!unitGroup.has(v.unitId)) out.push(issue('unknown_unit', `vetoes[${i}].unitId`, `no unit '${v.unitId}'`));
    if (!vetoIds.has(v.rule)) out.push(issue('unknown_reference', `vetoes[${i}].rule`, `no veto rule '${v.rule}'`));
  });
  ds.discipline.forEach((v, i) => {
    if (!unitGroup.has(v.unitId)) out.push(issue('unknown_unit', `discipline[${i}].unitId`, `no unit '${v.unitId}'`));
  });
  const rgs = new Map((s.evaluation?.raterGroups ?? []).map((r) => [r.id, r] as const));
  ds.ballots.forEach((b, i) => {
    const rg = rgs.get(b.raterGroup);
    if (!rg) {
      out.push(issue('unknown_reference', `ballots[${i}].raterGroup`, `no rater group '${b.raterGroup}'`));
      return;
    }
    for (const [uid, mark] of Object.entries(b.marks)) {
      const mp = `ballots[${i}].marks.${uid}`;
      if (!unitGroup.has(uid)) out.push(issue('unknown_unit', mp, `no unit '${uid}'`));
      if (mark === null) continue;
      if (rg.form === 'options') {
        if (typeof mark !== 'string' || !rg.options || !Object.hasOwn(rg.options, mark)) {
          out.push(issue('invalid_value', mp, `must be one of ${Object.keys(rg.options ?? {}).join(', ')}`));
        }
      } else if (typeof mark !== 'number') {
        out.push(issue('invalid_type', mp, 'must be a number'));
      } else if (rg.form === 'scale' && (mark < rg.min || mark > rg.max)) {
        out.push(issue('out_of_bounds', mp, `must be within [${rg.min}, ${rg.max}]`));
      } else if (rg.form === 'ranking' && (!Number.isInteger(mark) || mark < 1)) {
        out.push(issue('invalid_value', mp, 'must be a rank (integer >= 1)'));
      }
    }
  });
  ds.tallies.forEach((t, i) => {
    const rg = rgs.get(t.raterGroup);
    if (!rg) out.push(issue('unknown_reference', `tallies[${i}].raterGroup`, `no rater group '${t.raterGroup}'`));
    else if (rg.form !== 'options')
      out.push(issue('invalid_value', `tallies[${i}].raterGroup`, 'tallies are for the options form'));
    else
      for (const k of Object.keys(t.counts))
        if (!rg.options || !Object.hasOwn(rg.options, k))
          out.push(issue('invalid_value', `tallies[${i}].counts.${k}`, 'not an option of this rater group'));
    if (!unitGroup.has(t.unitId)) out.push(issue('unknown_unit', `tallies[${i}].unitId`, `no unit '${t.unitId}'`));
  });
  (ds.columns ?? []).forEach((c, ci) => {
    c.unitIds.forEach((u, k) => {
      if (!unitGroup.has(u)) out.push(issue('unknown_unit', `columns[${ci}].unitIds[${k}]`, `no unit '${u}'`));
    });
  });
  return out;
}
