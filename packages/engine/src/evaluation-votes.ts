/**
 * The evaluation (综合评价) of every unit from ballots and tallies, a per-unit static of the pipeline.
 *
 * Implements docs/scoring.md §3 "Evaluation": scale, options and ranking marks; don't-know is no vote;
 * uniform ballots invalid; the highest and lowest dropped above `trimAbove`; mean per rater group scaled to
 * 100; weighted over the rater groups that rated the unit (none → null). /work/shared/docs/SCORING.md:
 * "Comprehensive evaluation".
 */
import { byId, type CompiledModel, type UnitStatic } from './compile';
import type { Dataset } from './model';

/** §4.5: don't-know excluded, uniform ballots invalid, trimmed above a threshold, mean per rater group, weighted, on 100. */
export function scoreEvaluation(model: CompiledModel, d: Dataset, st: UnitStatic[]): void {
  const ev = model.scheme.evaluation;
  if (!ev) return;
  const N = model.unitIds.length;
  const R = ev.raterGroups.length;
  const marks: number[][] = Array.from({ length: N * R }, () => []);
  const ballots = [...d.ballots].sort(byId);
  ev.raterGroups.forEach((rg, ri) => {
    const scaleMax =
      rg.form === 'scale'
        ? rg.max
        : rg.form === 'ranking'
          ? rg.rankBase
          : Math.max(0, ...Object.values(rg.options ?? {}).map((v) => v ?? 0));
    for (const b of ballots) {
      if (b.raterGroup !== rg.id) continue;
      const pts: [number, number][] = [];
      for (const uid of Object.keys(b.marks).sort()) {
        const m = b.marks[uid];
        const u = model.unitIndex.get(uid);
        if (u === undefined || m === null || m === undefined) continue;
        if (rg.unitGroups && !rg.unitGroups.includes(model.groups[model.unitGroup[u] ?? 0]?.id ?? '')) continue;
        let p: number | null = null;
        if (rg.form === 'options') p = typeof m === 'string' ? (rg.options?.[m] ?? null) : null;
        else if (typeof m === 'number') {
          if (rg.form === 'scale') p = m >= rg.min && m <= rg.max ? m : null;
          else {
            const raw =
              rg.rankStepUnit === 'percent'
                ? rg.rankBase * (1 - (rg.rankStep / 100) * (m - 1))
                : rg.rankBase - rg.rankStep * (m - 1);
            p = Math.max(raw, rg.rankBase * rg.rankFloor);
          }
        }
        if (p !== null) pts.push([u, p]);
      }
      if (ev.invalidateUniform && pts.length >= 2 && pts.every(([, p]) => p === pts[0]?.[1])) continue;
      for (const [u, p] of pts) marks[u * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
    }
    for (const t of d.tallies) {
      if (t.raterGroup !== rg.id) continue;
      const u = model.unitIndex.get(t.unitId);
      if (u === undefined) continue;
      for (const opt of Object.keys(t.counts).sort()) {
        const p = rg.options?.[opt];
        if (p === null || p === undefined) continue;
        const c = t.counts[opt] ?? 0;
        for (let k = 0; k < c; k++) marks[u * R + ri]?.push(scaleMax > 0 ? (p / scaleMax) * 100 : 0);
      }
    }
  });
  for (let u = 0; u < N; u++) {
    const us = st[u];
    if (!us) continue;
    let wsum = 0;
    let acc = 0;
    ev.raterGroups.forEach((rg, ri) => {
      const list = (marks[u * R + ri] ?? []).slice().sort((a, b) => a - b);
      const valid = list.length;
      const used = ev.trimAbove !== undefined && valid > ev.trimAbove ? list.slice(1, -1) : list;
      let mean: number | null = null;
      if (used.length > 0) {
        let sum = 0;
        for (const x of used) sum += x;
        mean = sum / used.length;
        wsum += rg.weight;
        acc += rg.weight * mean;
      }
      us.evalParts.push({ raterGroup: rg.id, valid, used: used.length, mean, weight: rg.weight });
    });
    us.evaluation = wsum > 0 ? acc / wsum : null;
  }
}
