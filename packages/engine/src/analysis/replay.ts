/**
 * Replaying another year's rules on this year's data (PRODUCT §5 "what-if against last year's rules"): indicators,
 * groups, rules and rater groups are matched by code. What matches is scored by the other scheme; what does not is
 * listed, never silently zeroed:
 *   - this year's values of indicators the other scheme lacks (in the unit's group) are left out;
 *   - the other scheme's indicators with no value this year are excluded with weights renormalised (the same
 *     policy as missing data with `exclude`), so each unit is scored on what both years measure;
 *   - records naming a category, rule or level the other scheme lacks, ballots of rater groups it lacks and units
 *     of groups it lacks are left out.
 * Pure: no I/O; the caller computes the returned scheme on the returned dataset.
 */
import type { DatasetInput, Scheme } from '../model';
import { groupLeafIndex } from '../validate';

export interface ReplayItem {
  /** The group (for indicators), else null. */
  readonly groupId: string | null;
  readonly id: string;
  readonly name?: string;
}

export interface ReplayUnmatched {
  /** This year's indicators (by group) the replayed scheme lacks: their values are not scored. */
  readonly indicators: readonly ReplayItem[];
  /** The replayed scheme's indicators with no value this year: excluded, weights renormalised. */
  readonly unusedIndicators: readonly ReplayItem[];
  /** Units whose group the replayed scheme lacks. */
  readonly units: readonly ReplayItem[];
  /** Bonus categories, deduction rules, veto items (id) or levels (`rule/level`) the replayed scheme lacks. */
  readonly rules: readonly ReplayItem[];
  /** Rater groups of ballots and tallies the replayed scheme lacks. */
  readonly raterGroups: readonly ReplayItem[];
}

export interface Replay {
  readonly scheme: Scheme;
  readonly dataset: DatasetInput;
  readonly unmatched: ReplayUnmatched;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * This year's `dataset` (valid under `current`, whose names label what is left out) made valid under `other`.
 *
 * @example other has indicators a, b in group g; this year's data has values of a and c →
 *   c is listed in `indicators`, b (no value) in `unusedIndicators` and excluded for g; a is scored.
 */
export function replayOn(other: Scheme, dataset: DatasetInput, current?: Scheme): Replay {
  const groups = new Map(other.groups.map((g, k) => [g.id, k] as const));
  const leaves = other.groups.map((_, k) => groupLeafIndex(other, k));
  const currentNames = new Map<string, string>();
  if (current)
    current.groups.forEach((_, k) => {
      for (const [id, l] of groupLeafIndex(current, k)) if (l.ind.name) currentNames.set(id, l.ind.name);
    });

  const unitGroup = new Map<string, number>();
  const units: ReplayItem[] = [];
  const keptUnits = dataset.units.filter((u) => {
    const k = groups.get(u.group);
    if (k === undefined) {
      units.push({ groupId: u.group, id: u.id, ...(u.name !== undefined ? { name: u.name } : {}) });
      return false;
    }
    unitGroup.set(u.id, k);
    return true;
  });

  const missingInd = new Map<string, ReplayItem>();
  const used = other.groups.map(() => new Set<string>());
  const values = (dataset.values ?? []).filter((v) => {
    const k = unitGroup.get(v.unitId);
    if (k === undefined) return false;
    if (leaves[k]?.has(v.indicatorId)) {
      used[k]?.add(v.indicatorId);
      return true;
    }
    const groupId = other.groups[k]?.id ?? '';
    const name = currentNames.get(v.indicatorId);
    missingInd.set(`${groupId}\u0000${v.indicatorId}`, { groupId, id: v.indicatorId, ...(name ? { name } : {}) });
    return false;
  });

  // The other scheme's leaves with no value this year: excluded (renormalised) in each group that has units.
  const unused: ReplayItem[] = [];
  const groupsWithUnits = new Set(unitGroup.values());
  const scheme: Scheme = {
    ...other,
    groups: other.groups.map((g, k) => {
      if (!groupsWithUnits.has(k)) return g;
      const overrides = { ...g.overrides };
      for (const [id, l] of leaves[k] ?? []) {
        if (used[k]?.has(id)) continue;
        unused.push({ groupId: g.id, id, ...(l.ind.name ? { name: l.ind.name } : {}) });
        overrides[id] = { ...overrides[id], missing: 'exclude' };
      }
      return { ...g, overrides };
    }),
  };

  const rules = new Map<string, ReplayItem>();
  const lack = (id: string, name?: string) => rules.set(id, { groupId: null, id, ...(name ? { name } : {}) });
  const known = (r: { unitId: string }) => unitGroup.has(r.unitId);
  const cats = new Map(other.bonus.categories.map((c) => [c.id, c] as const));
  const bonuses = (dataset.bonuses ?? []).filter((b) => {
    if (!known(b)) return false;
    const c = cats.get(b.category);
    if (!c) return (lack(b.category), false);
    if (b.points === undefined && (b.level === undefined || c.levels[b.level] === undefined))
      return (lack(`${b.category}/${b.level ?? ''}`), false);
    return true;
  });
  const deds = new Map(other.deductions.map((d) => [d.id, d] as const));
  const deductions = (dataset.deductions ?? []).filter((d) => {
    if (!known(d)) return false;
    const r = deds.get(d.rule);
    if (!r) return (lack(d.rule), false);
    const a = r.amount;
    if (a.kind === 'perLevel' && (d.level === undefined || a.levels[d.level] === undefined))
      return (lack(`${d.rule}/${d.level ?? ''}`), false);
    if (a.kind === 'fromRecord' && d.points === undefined) return (lack(`${d.rule}/points`), false);
    if (a.kind === 'lights' && d.level !== 'yellow' && d.level !== 'red')
      return (lack(`${d.rule}/${d.level ?? ''}`), false);
    return true;
  });
  const vetoIds = new Set(other.vetoes.map((v) => v.id));
  const vetoes = (dataset.vetoes ?? []).filter((v) => known(v) && (vetoIds.has(v.rule) || (lack(v.rule), false)));
  const discipline = (dataset.discipline ?? []).filter(known);

  const raters = new Map((other.evaluation?.raterGroups ?? []).map((r) => [r.id, r] as const));
  const raterGroups = new Map<string, ReplayItem>();
  const rater = (id: string) => {
    if (raters.has(id)) return true;
    raterGroups.set(id, { groupId: null, id });
    return false;
  };
  const ballots = (dataset.ballots ?? [])
    .filter((b) => rater(b.raterGroup))
    .map((b) => ({
      ...b,
      marks: Object.fromEntries(Object.entries(b.marks).filter(([u]) => unitGroup.has(u))),
    }));
  const tallies = (dataset.tallies ?? []).filter((t) => known(t) && rater(t.raterGroup));

  const byKey = (a: ReplayItem, b: ReplayItem) => cmp(a.groupId ?? '', b.groupId ?? '') || cmp(a.id, b.id);
  const { columns: _columns, ...rest } = dataset;
  return {
    scheme,
    dataset: {
      ...rest,
      units: keptUnits,
      values,
      bonuses,
      deductions,
      vetoes,
      discipline,
      ballots,
      tallies,
      ...(dataset.rankings
        ? { rankings: dataset.rankings.map((t) => ({ ...t, places: t.places.filter(known) })) }
        : {}),
    },
    unmatched: {
      indicators: [...missingInd.values()].sort(byKey),
      unusedIndicators: unused.sort(byKey),
      units: units.sort(byKey),
      rules: [...rules.values()].sort(byKey),
      raterGroups: [...raterGroups.values()].sort(byKey),
    },
  };
}
