/**
 * The per-unit statics that indicator values do not change: the adjustments from records (bonus, deduction,
 * veto and discipline records), from node lights, from the places of a unit's sub-units in another ranking
 * (`rankPlaces`) and from its measures as an assessor (R34), plus the evaluation (`evaluation-votes.ts`).
 * Rebuilt whole after a change of records (cheap: no indicator is rescored); `staticKey` tells which units'
 * statics changed.
 *
 * Implements docs/scoring.md §4 "Bonus, deductions, vetoes, discipline" (except the rank change, which
 * needs the preliminary rank and is scored with the composite) and the measurement window's effect on
 * records. /work/shared/docs/SCORING.md: "Bonuses, deductions, vetoes".
 */
import { byId, type CompiledModel, type UnitStatic } from './compile';
import { scoreEvaluation } from './evaluation-votes';
import { measurementWindowOf, rankingDate } from './measurement-window';
import { marginalLoss } from './methods';
import type { Dataset, Scheme } from './model';

/**
 * Every unit's statics (in `model.unitIds` order) from the dataset's records and its node-light counts (read
 * from the compiled groups): the evaluation, bonus, deductions, vetoes and discipline, with the trace's
 * adjustments.
 */
export function buildUnitStatics(model: CompiledModel, d: Dataset): UnitStatic[] {
  const s = model.scheme;
  const N = model.unitIds.length;
  const st: UnitStatic[] = model.unitIds.map(() => ({
    evaluation: null,
    evalParts: [],
    bonus: 0,
    potential: 0,
    deductions: 0,
    adjustments: [],
    vetoes: [],
    bestAllowed: 0,
    setAside: false,
    downgrade: 0,
    hasRed: false,
    deductionRules: new Set<string>(),
  }));
  const at = (unitId: string): UnitStatic | undefined => {
    const u = model.unitIndex.get(unitId);
    return u === undefined ? undefined : st[u];
  };
  scoreEvaluation(model, d, st);

  // bonus: highest level per achievement, category caps, total cap
  const win = measurementWindowOf(s);
  const inWin = (date: string | undefined): boolean =>
    win === undefined || date === undefined || (date >= win.from && date <= win.to);
  const outsideNote = (date: string | undefined): string =>
    `dated ${date ?? ''}, outside the measurement window ${win?.from ?? ''} – ${win?.to ?? ''}: not counted this year`;
  const bonusByUnit = groupBy(d.bonuses, (b) => b.unitId);
  for (const [unitId, all] of bonusByUnit) {
    const us = at(unitId);
    if (!us) continue;
    const recs: typeof all = [];
    for (const r of [...all].sort(byId)) {
      if (inWin(r.date)) recs.push(r);
      else
        us.adjustments.push({
          kind: 'bonus',
          ruleId: r.category,
          recordId: r.id,
          points: 0,
          counted: false,
          note: outsideNote(r.date),
        });
    }
    let inCap = 0;
    let potential = 0;
    for (const cat of [...s.bonus.categories].sort(byId)) {
      const rs = recs.filter((r) => r.category === cat.id).sort(byId);
      if (rs.length === 0) continue;
      const amount = (r: (typeof rs)[number]): number => r.points ?? cat.levels[r.level ?? ''] ?? 0;
      const best = new Map<string, (typeof rs)[number]>();
      if (cat.highestOnly) {
        for (const r of rs) {
          const key = r.achievement ?? r.id;
          const cur = best.get(key);
          if (!cur || amount(r) > amount(cur)) best.set(key, r);
        }
      }
      let sum = 0;
      for (const r of rs) {
        const counted = !cat.highestOnly || best.get(r.achievement ?? r.id) === r;
        const pts = amount(r);
        us.adjustments.push({
          kind: cat.inTotalCap ? 'bonus' : 'potential',
          ruleId: cat.id,
          recordId: r.id,
          points: counted ? pts : 0,
          counted,
          note: counted
            ? `${r.level ?? 'points'}: +${pts}`
            : `same achievement '${r.achievement ?? r.id}' counted once at its highest level`,
        });
        if (counted) sum += pts;
      }
      if (cat.cap !== undefined && sum > cat.cap) {
        us.adjustments.push({
          kind: cat.inTotalCap ? 'bonus' : 'potential',
          ruleId: cat.id,
          points: cat.cap - sum,
          counted: true,
          note: `category cap ${cat.cap}: ${sum} → ${cat.cap}`,
        });
        sum = cat.cap;
      }
      if (cat.inTotalCap) inCap += sum;
      else potential += sum;
    }
    if (s.bonus.cap !== undefined && inCap > s.bonus.cap) {
      us.adjustments.push({
        kind: 'bonus',
        ruleId: 'bonus.cap',
        points: s.bonus.cap - inCap,
        counted: true,
        note: `bonus cap ${s.bonus.cap}: ${inCap} → ${s.bonus.cap}`,
      });
      inCap = s.bonus.cap;
    }
    us.bonus = inCap + potential;
    us.potential = potential;
  }

  // node lights per unit (for light deductions and the no-red-light eligibility)
  const yellows = new Int32Array(N);
  const reds = new Int32Array(N);
  for (const g of model.groups) {
    for (let lu = 0; lu < g.n; lu++) {
      const u = g.units[lu] ?? 0;
      yellows[u] = g.yellows[lu] ?? 0;
      reds[u] = g.reds[lu] ?? 0;
    }
  }

  // deductions: per rule, repeats multiplied, rule limit, shared caps
  const dedByUnit = groupBy(d.deductions, (r) => r.unitId);
  const lightRules = s.deductions.filter((r) => r.amount.kind === 'lights');
  const measuredRules = s.deductions.filter((r) => r.amount.kind === 'measured');
  const placesByUnit = rankPlacesByUnit(s, d, win);
  // R34: the measures of units in their role as assessors, only when a rule reads them
  const measuresByUnit = new Map<string, Map<string, number>>();
  if (s.deductions.some((r) => r.amount.kind === 'assessor'))
    for (const m of d.assessorMeasures ?? []) {
      const row = measuresByUnit.get(m.unitId) ?? new Map<string, number>();
      row.set(m.measure, m.value);
      measuresByUnit.set(m.unitId, row);
    }
  const periodsById = new Map(s.periods.map((p) => [p.id, p] as const));
  for (let u = 0; u < N; u++) {
    const us = st[u];
    if (!us) continue;
    us.hasRed = (reds[u] ?? 0) > 0;
    const recs = dedByUnit.get(model.unitIds[u] ?? '') ?? [];
    const places = placesByUnit.get(model.unitIds[u] ?? '');
    const asAssessor = measuresByUnit.get(model.unitIds[u] ?? '');
    if (recs.length === 0 && lightRules.length === 0 && measuredRules.length === 0 && !places && !asAssessor) continue;
    const ruleTotals = new Map<string, number>();
    for (const rule of [...s.deductions].sort(byId)) {
      const rs = recs
        .filter((r) => r.rule === rule.id)
        .sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : byId(a, b)));
      let total = 0;
      if (rule.amount.kind === 'lights') {
        let y = yellows[u] ?? 0;
        let r = reds[u] ?? 0;
        for (const rec of rs) {
          if (rec.level === 'yellow') y += rec.count;
          if (rec.level === 'red') r += rec.count;
        }
        if (y + r > 0) us.deductionRules.add(rule.id);
        if (rule.amount.yellow) {
          const p = Math.floor(y / rule.amount.yellow.every) * rule.amount.yellow.points;
          if (p > 0)
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              points: -p,
              counted: true,
              note: `${y} yellow light(s): −${rule.amount.yellow.points} per ${rule.amount.yellow.every}`,
            });
          total += p;
        }
        if (rule.amount.red) {
          const p = Math.floor(r / rule.amount.red.every) * rule.amount.red.points;
          if (p > 0)
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              points: -p,
              counted: true,
              note: `${r} red light(s): −${rule.amount.red.points} per ${rule.amount.red.every}`,
            });
          total += p;
        }
      } else if (rule.amount.kind === 'assessor') {
        // flagged as an assessor: the measure beyond the rule's bound (strictly), enough scores given
        const a = rule.amount;
        const v = asAssessor?.get(a.measure);
        const given = asAssessor?.get('scores') ?? 0;
        const flagged =
          v !== undefined &&
          given >= a.minScores &&
          (a.above !== undefined || a.below !== undefined) &&
          (a.above === undefined || v > a.above) &&
          (a.below === undefined || v < a.below);
        if (flagged) {
          us.deductionRules.add(rule.id);
          us.adjustments.push({
            kind: 'deduction',
            ruleId: rule.id,
            points: -a.points,
            counted: true,
            note: `as an assessor: ${a.measure} ${Math.round(v * 10000) / 10000}${a.above !== undefined ? ` > ${a.above}` : ''}${a.below !== undefined ? ` < ${a.below}` : ''} (${given} score(s) given): −${a.points}`,
          });
          total += a.points;
        }
      } else if (rule.amount.kind === 'measured') {
        // the unit's measured value of the leaf (from the compiled cells, so an incremental update reads the new one)
        const a = rule.amount;
        const x = measuredValue(model, u, a.indicator, a.input);
        if (x !== undefined) {
          const { bands, lost } = marginalLoss(a, x);
          if (lost > 0) {
            us.deductionRules.add(rule.id);
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              points: -lost,
              counted: true,
              note: `${a.indicator}${a.input ? `.${a.input}` : ''} ${x}: ${bands.map((b) => `${b.units} × ${b.rate} beyond ${b.from}`).join(' + ')} (${a.mode})`,
            });
            total += lost;
          }
        }
      } else if (rule.amount.kind === 'rankPlaces') {
        // one deduction per sub-unit per period in the bottom places of the other ranking
        for (const e of places ?? []) {
          if (e.ruleId !== rule.id) continue;
          us.deductionRules.add(rule.id);
          const p = rule.amount.points;
          us.adjustments.push({
            kind: 'deduction',
            ruleId: rule.id,
            recordId: `${e.ranking}/${e.period}/${e.subUnitId}`,
            points: -p,
            counted: true,
            note: `${e.subUnitId} place ${e.place} of ${e.size} in ${e.ranking} ${e.period} (bottom ${rule.amount.bottom}): −${p}`,
          });
          total += p;
        }
      } else {
        const seenCat = new Set<string>();
        const rulePeriods = (rule.periods ?? s.periods.map((p) => p.id)).flatMap((id) => {
          const p = periodsById.get(id);
          return p ? [p] : [];
        });
        for (const rec of rs) {
          if (!inWin(rec.date)) {
            // outside the window: neither counted nor a first occurrence for recurrence
            us.adjustments.push({
              kind: 'deduction',
              ruleId: rule.id,
              recordId: rec.id,
              points: 0,
              counted: false,
              note: outsideNote(rec.date),
            });
            continue;
          }
          us.deductionRules.add(rule.id);
          let base = 0;
          if (rule.amount.kind === 'perLevel') base = rule.amount.levels[rec.level ?? ''] ?? 0;
          else if (rule.amount.kind === 'fixed') base = rule.amount.points;
          else if (rule.amount.kind === 'fromRecord') base = (rec.points ?? 0) * rule.amount.factor;
          const repeat = rec.repeat || (rec.category !== undefined && seenCat.has(rec.category));
          if (rec.category !== undefined) seenCat.add(rec.category);
          const date = rec.date;
          const period = date === undefined ? undefined : rulePeriods.find((p) => date >= p.from && date <= p.to);
          const rm = repeat ? rule.repeatMultiplier : 1;
          const pm = period ? rule.periodMultiplier : 1;
          const mult = rule.combine === 'product' ? rm * pm : Math.max(rm, pm);
          const p = base * rec.count * mult;
          const why: string[] = [];
          if (repeat && rule.repeatMultiplier !== 1) why.push('repeat');
          if (period && rule.periodMultiplier !== 1) why.push(`in period ${period.id}`);
          us.adjustments.push({
            kind: 'deduction',
            ruleId: rule.id,
            recordId: rec.id,
            points: -p,
            counted: true,
            note: `${rec.level ?? ''}${rec.count > 1 ? ` × ${rec.count}` : ''}${mult !== 1 ? ` × ${mult} (${why.join(', ')}${why.length > 1 ? `, ${rule.combine}` : ''})` : ''}`.trim(),
          });
          total += p;
        }
      }
      if (rule.limit !== undefined && total > rule.limit) {
        us.adjustments.push({
          kind: 'deduction',
          ruleId: rule.id,
          points: total - rule.limit,
          counted: true,
          note: `limit ${rule.limit}: ${total} → ${rule.limit}`,
        });
        total = rule.limit;
      }
      if (total !== 0) ruleTotals.set(rule.id, total);
    }
    for (const cap of [...s.deductionCaps].sort(byId)) {
      const sum = cap.rules.reduce((a, r) => a + (ruleTotals.get(r) ?? 0), 0);
      if (sum > cap.limit) {
        us.adjustments.push({
          kind: 'deduction',
          ruleId: cap.id,
          points: sum - cap.limit,
          counted: true,
          note: `shared limit ${cap.limit} over ${cap.rules.join(', ')}: ${sum} → ${cap.limit}`,
        });
        let excess = sum - cap.limit;
        for (const r of [...cap.rules].reverse()) {
          const v = ruleTotals.get(r) ?? 0;
          const cut = Math.min(v, excess);
          ruleTotals.set(r, v - cut);
          excess -= cut;
        }
      }
    }
    let tot = 0;
    for (const r of [...ruleTotals.keys()].sort()) tot += ruleTotals.get(r) ?? 0;
    us.deductions = tot;
  }

  // vetoes and discipline
  const T = (u: number): number => (model.groups[model.unitGroup[u] ?? 0]?.tiering.tiers.length ?? 1) - 1;
  const vetoRules = new Map(s.vetoes.map((v) => [v.id, v] as const));
  for (const rec of [...d.vetoes].sort(byId)) {
    const u = model.unitIndex.get(rec.unitId);
    const rule = vetoRules.get(rec.rule);
    if (u === undefined || !rule) continue;
    const us = st[u];
    if (!us) continue;
    if (!inWin(rec.date)) {
      us.adjustments.push({
        kind: 'veto',
        ruleId: rule.id,
        recordId: rec.id,
        points: 0,
        counted: false,
        note: outsideNote(rec.date),
      });
      continue;
    }
    us.vetoes.push(rule.id);
    const e = rule.effect;
    if (e.kind === 'lowestTier') {
      us.setAside = true;
      us.bestAllowed = T(u);
      us.adjustments.push({
        kind: 'veto',
        ruleId: rule.id,
        recordId: rec.id,
        points: 0,
        counted: true,
        note: 'one-vote veto: lowest tier',
      });
    } else if (e.kind === 'barTopTiers') {
      us.bestAllowed = Math.max(us.bestAllowed, Math.min(e.n, T(u)));
      us.adjustments.push({
        kind: 'veto',
        ruleId: rule.id,
        recordId: rec.id,
        points: 0,
        counted: true,
        note: `one-vote veto: barred from the top ${e.n} tier(s)`,
      });
    } else {
      us.deductions += e.points;
      us.deductionRules.add(rule.id);
      us.adjustments.push({
        kind: 'veto',
        ruleId: rule.id,
        recordId: rec.id,
        points: -e.points,
        counted: true,
        note: `one-vote veto: fixed deduction ${e.points}`,
      });
    }
  }
  for (const rec of [...d.discipline].sort(byId)) {
    const u = model.unitIndex.get(rec.unitId);
    const us = u === undefined ? undefined : st[u];
    if (!us) continue;
    if (!inWin(rec.date)) {
      us.adjustments.push({
        kind: 'discipline',
        ruleId: 'discipline',
        recordId: rec.id,
        points: 0,
        counted: false,
        note: outsideNote(rec.date),
      });
      continue;
    }
    const first = us.downgrade === 0;
    us.downgrade = s.discipline.steps;
    us.adjustments.push({
      kind: 'discipline',
      ruleId: 'discipline',
      recordId: rec.id,
      points: 0,
      counted: first,
      note: first
        ? `discipline case: down ${s.discipline.steps} tier(s)`
        : 'further discipline case: the unit is already downgraded once',
    });
  }
  return st;
}

interface PlaceHit {
  ruleId: string;
  ranking: string;
  period: string;
  subUnitId: string;
  place: number;
  size: number;
}

/** Per unit: its sub-units' places in the bottom of the rankings that `rankPlaces` rules read, inside the window. */
function rankPlacesByUnit(
  s: Scheme,
  d: Dataset,
  win: { from: string; to: string } | undefined,
): Map<string, PlaceHit[]> {
  const out = new Map<string, PlaceHit[]>();
  const rules = [...s.deductions].sort(byId);
  const tables = [...d.rankings].sort((a, b) =>
    a.ranking < b.ranking ? -1 : a.ranking > b.ranking ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
  );
  for (const rule of rules) {
    const a = rule.amount;
    if (a.kind !== 'rankPlaces') continue;
    for (const t of tables) {
      if (t.ranking !== a.ranking) continue;
      const date = rankingDate(t);
      if (win && date !== undefined && (date < win.from || date > win.to)) continue;
      const size = t.size ?? t.places.length;
      const places = [...t.places].sort((x, y) => (x.subUnitId < y.subUnitId ? -1 : x.subUnitId > y.subUnitId ? 1 : 0));
      for (const e of places) {
        // bottom k of `size` places: place ≥ size − k + 1 (ties at the boundary are in)
        if (e.place < size - a.bottom + 1) continue;
        const hit: PlaceHit = {
          ruleId: rule.id,
          ranking: t.ranking,
          period: t.period,
          subUnitId: e.subUnitId,
          place: e.place,
          size,
        };
        const list = out.get(e.unitId);
        if (list) list.push(hit);
        else out.set(e.unitId, [hit]);
      }
    }
  }
  return out;
}

/** What of a unit's adjustments can change its group's ranking or trace (compared after an update). */
export function staticKey(us: UnitStatic | undefined): string {
  if (!us) return '';
  return JSON.stringify([
    us.evaluation,
    us.bonus,
    us.potential,
    us.deductions,
    us.vetoes,
    us.bestAllowed,
    us.setAside,
    us.downgrade,
    us.hasRed,
    [...us.deductionRules].sort(),
    us.adjustments,
  ]);
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Unit u's reported value of leaf `indicator` (or its named input), when its group scores that leaf and has it. */
function measuredValue(
  model: CompiledModel,
  u: number,
  indicator: string,
  input: string | undefined,
): number | undefined {
  const g = model.groups[model.unitGroup[u] ?? 0];
  const lu = model.unitLocal[u] ?? 0;
  const j = g?.leafIndex.get(indicator);
  if (!g || j === undefined) return undefined;
  const cell = lu * g.L + j;
  if (input !== undefined) return g.rich.get(cell)?.inputs?.[input];
  return g.has[cell] === 1 ? g.value[cell] : undefined;
}
