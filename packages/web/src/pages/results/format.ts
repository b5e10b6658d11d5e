// Shared formatting of the results page's tabs: status and severity colours, percentages, numbers, times.

export const STATUS_COLORS: Record<string, string> = {
  none: 'default',
  computed: 'processing',
  approved: 'warning',
  published: 'success',
};

/** Flags severity first (docs/scoring.md §11). */
export const SEVERITY_RANK: Record<string, number> = { severe: 0, high: 1, medium: 2, none: 3 };
export const SEVERITY_COLORS: Record<string, string> = { severe: 'red', high: 'orange', medium: 'gold' };

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
export const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
