// The preview's worked example (PreviewBox): sample rows an indicator starts from, so a result shows at once.
import type { MethodView } from './model';

/** One sample unit of the preview, as typed. */
export interface Row {
  actual?: number;
  target?: number;
  value?: number;
  grade?: string;
  done?: boolean;
  score?: number;
  reason?: string;
  upperScore?: number;
  upperMax?: number;
  upperRank?: number;
  inputs?: Record<string, number | undefined>;
}

/**
 * A worked example to start from, so the preview shows a result before anything is typed: from the indicator's own
 * target (or goalposts / steps), one unit on target and one short of it; the first two grades; done and not done; no
 * deduction and two; three units for a ranking; marginal rates at the first threshold and 2 past the last. Formula inputs and manual marks (with their reasons) are left to the office.
 */
export function workedExample(method: MethodView | undefined): Row[] {
  const kind = method?.kind;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const round = (x: number) => Math.round(x * 100) / 100;
  // steps: the highest breakpoint; goalposts: the good end.
  const lastStep = Array.isArray(method?.points) ? method.points[method.points.length - 1] : undefined;
  const target =
    num(method?.target) ??
    (method?.kind === 'goalposts' ? num(method.direction === 'lower' ? method.lo : method.hi) : undefined) ??
    num(lastStep?.at) ??
    100;
  switch (kind) {
    case 'ratio':
      return [{ actual: target }, { actual: round(target * 0.8) }];
    case 'grade': {
      const grades = Object.keys(method?.grades ?? {});
      return [{ grade: grades[0] }, { grade: grades[1] ?? grades[0] }];
    }
    case 'binary':
      return [{ done: true }, { done: false }];
    case 'deduction':
      return [{ value: 0 }, { value: 2 }];
    case 'marginal': {
      // one unit at the first threshold (nothing lost), one 2 units past the last (every band at work)
      const bands = Array.isArray(method?.bands) ? method.bands : [];
      const first = num(bands[0]?.from);
      const last = num(bands[bands.length - 1]?.from);
      if (first === undefined || last === undefined) return [{}, {}];
      return [{ value: first }, { value: round(last + (method?.direction === 'above' ? 2 : -2)) }];
    }
    case 'topRatio':
    case 'rank':
      return [{ value: target }, { value: round(target * 0.9) }, { value: round(target * 0.8) }];
    case 'manual':
    case 'formula':
    case 'upper':
    case undefined:
      return [{}, {}];
    default:
      return [{ value: target }, { value: round(target * 0.8) }];
  }
}
