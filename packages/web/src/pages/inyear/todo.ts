/**
 * The unit's to-do (进度填报): every cell of its own, in one state that says what to do next. Pure, so the reporting
 * page, the unit's overview and the tests share one reading of "overdue" and "due soon".
 */
export type TodoState = 'returned' | 'overdue' | 'dueSoon' | 'notStarted' | 'submitted' | 'done';
export const TODO_STATES: readonly TodoState[] = ['returned', 'overdue', 'dueSoon', 'notStarted', 'submitted', 'done'];
/** A cell not yet submitted whose due day is within this many days (today included) is due soon. */
export const DUE_SOON_DAYS = 7;

export interface TodoCell {
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  nodeName: string;
  due: string;
  report: { status: string } | null;
}

const DAY_MS = 86_400_000;
const daysFrom = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/** The cell's state on `today` (the year's day: the pinned day of a pinned year). */
export function todoState(c: TodoCell, today: string): TodoState {
  const s = c.report?.status ?? 'none';
  if (s === 'returned') return 'returned';
  if (s === 'submitted') return 'submitted';
  if (s === 'approved' || s === 'failed') return 'done';
  if (c.due < today) return 'overdue';
  if (daysFrom(today, c.due) < DUE_SOON_DAYS) return 'dueSoon';
  return 'notStarted';
}

export function todoCounts(cells: readonly TodoCell[], today: string): Record<TodoState, number> {
  const out = Object.fromEntries(TODO_STATES.map((s) => [s, 0])) as Record<TodoState, number>;
  for (const c of cells) out[todoState(c, today)] += 1;
  return out;
}

/** Matches the search text against the indicator's and node's names (case- and width-insensitive). */
export function matchesSearch(c: TodoCell, q: string): boolean {
  const norm = (x: string) => x.normalize('NFKC').toLowerCase();
  const needle = norm(q.trim());
  if (!needle) return true;
  return norm(`${c.indicatorName} ${c.nodeName}`).includes(needle);
}

export type TodoGrouping = 'state' | 'indicator' | 'month';

/** Cells in to-do order: by state (what needs the unit first), then due day, then indicator. */
export function sortTodo<C extends TodoCell>(cells: readonly C[], today: string): C[] {
  const rank = new Map(TODO_STATES.map((s, i) => [s, i]));
  return [...cells].sort(
    (a, b) =>
      (rank.get(todoState(a, today)) ?? 0) - (rank.get(todoState(b, today)) ?? 0) ||
      a.due.localeCompare(b.due) ||
      a.indicatorName.localeCompare(b.indicatorName),
  );
}

/** Groups (already filtered) cells: by state, by indicator, or by the month they fall due; groups keep cell order. */
export function groupTodo<C extends TodoCell>(
  cells: readonly C[],
  today: string,
  by: TodoGrouping,
): { key: string; cells: C[] }[] {
  const sorted = sortTodo(cells, today);
  const keyOf = (c: C) =>
    by === 'state' ? todoState(c, today) : by === 'indicator' ? c.indicatorName : c.due.slice(0, 7);
  const groups = new Map<string, C[]>();
  for (const c of sorted) {
    const k = keyOf(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  const out = [...groups.entries()].map(([key, list]) => ({ key, cells: list }));
  if (by === 'month') out.sort((a, b) => a.key.localeCompare(b.key));
  if (by === 'indicator') out.sort((a, b) => a.key.localeCompare(b.key, 'zh-CN'));
  return out;
}
