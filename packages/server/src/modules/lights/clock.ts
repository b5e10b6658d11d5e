/**
 * The day a county-year lives in. A scheme may pin its in-year day (`meta.inYear.asOf`; the demo's 2019 is pinned
 * to 2019-07-15 so that it looks the same on any clock): every daily job and every "today" read for that year then
 * follows the pinned day, not the server's clock. An explicit day (the CLI's `jobs run --day D`, the office's
 * recompute with a day) wins over the pin.
 */
import type { Database } from '../../db/client';
import { shanghaiDay } from '../../lib/day';
import { loadYearScheme } from '../reports/cells';

/** The county-year's pinned day, or null when its published scheme pins none. */
export async function pinnedDay(db: Database, tenantId: string, year: number): Promise<string | null> {
  return (await loadYearScheme(db, tenantId, year))?.document.meta.inYear?.asOf ?? null;
}

/** "Today" for a county-year: its pinned day, or `day` (default: today in Asia/Shanghai). */
export async function yearToday(db: Database, tenantId: string, year: number, day = shanghaiDay()): Promise<string> {
  return (await pinnedDay(db, tenantId, year)) ?? day;
}

/**
 * For one job run: the day each county-year runs for (memoised per run). `explicit` (a day given by hand) is used
 * as given for every county-year.
 */
export function dayResolver(db: Database, day: string, explicit = false) {
  const memo = new Map<string, Promise<string>>();
  return (tenantId: string, year: number): Promise<string> => {
    if (explicit) return Promise.resolve(day);
    const k = `${tenantId}|${year}`;
    let p = memo.get(k);
    if (!p) {
      p = yearToday(db, tenantId, year, day);
      memo.set(k, p);
    }
    return p;
  };
}

/** A job's day other than the clock's (the CLI's `jobs run --day D`) is explicit: it overrides every pin. */
export const isExplicitDay = (day: string, now: Date): boolean => day !== shanghaiDay(now);
