/**
 * The measurement window (考核周期) and where a ranking period falls in time.
 *
 * Implements docs/scoring.md §4 "Measurement window": `start: 'MM-DD'` or explicit `from`/`to`; a ranking
 * period is placed by its `date`, else by a `YYYY-MM` period's first day. /work/shared/docs/SCORING.md:
 * "What real published schemes also need" (measurement periods not the calendar year).
 */
import type { Scheme } from './model';

/**
 * The measurement window as inclusive ISO dates, or undefined when every date counts. `start: 'MM-DD'`
 * is the 12 months from that day of year − 1 (or the calendar year for '01-01'). Pure date arithmetic.
 * @example measurementWindowOf({ year: 2019, measurementWindow: { start: '12-01' } }) // { from: '2018-12-01', to: '2019-11-30' }
 */
export function measurementWindowOf(
  s: Pick<Scheme, 'year' | 'measurementWindow'>,
): { from: string; to: string } | undefined {
  const w = s.measurementWindow;
  if (!w) return undefined;
  if (w.start !== undefined && s.year !== undefined) {
    const y = s.year;
    if (w.start === '01-01') return { from: `${y}-01-01`, to: `${y}-12-31` };
    const [mm, dd] = w.start.split('-').map(Number);
    const startThisYear = Date.UTC(y, (mm ?? 1) - 1, dd ?? 1);
    const to = new Date(startThisYear - 86_400_000).toISOString().slice(0, 10);
    return { from: `${String(y - 1).padStart(4, '0')}-${w.start}`, to };
  }
  if (w.from === undefined && w.to === undefined) return undefined;
  return { from: w.from ?? '0000-01-01', to: w.to ?? '9999-12-31' };
}

/** The date that places a ranking period in time: its `date`, else the first day of a `YYYY-MM` period. */
export function rankingDate(t: { period: string; date?: string | undefined }): string | undefined {
  if (t.date !== undefined) return t.date;
  return /^\d{4}-\d{2}$/.test(t.period) ? `${t.period}-01` : undefined;
}
