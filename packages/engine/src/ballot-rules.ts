/**
 * The validity rules of one ballot, shared by the server (which always re-checks) and the public voting page
 * (which refuses a ballot before submission). Pure and dependency-free on purpose: the web app imports this
 * file as it is, so the two sides cannot drift apart.
 */

export type BallotForm = 'scale' | 'options' | 'ranking';
/** A number (scale mark or ranking place), an option label, or null for "don't know". */
export type Mark = number | string | null;

/** "At most `maxCount` units (or `maxShare` of the units on the form) at `minPoints` points or above." */
export interface ProportionLimit {
  minPoints: number;
  maxCount?: number | undefined;
  maxShare?: number | undefined;
}

export interface BallotRules {
  form: BallotForm;
  min: number;
  max: number;
  /** options form: answers in display order; points null = a "don't know" answer. */
  options: { label: string; points: number | null }[];
  dontKnow: boolean;
  limits: ProportionLimit[];
  /** Ballots that give every rated unit the same points are refused (the scheme's invalidateUniform). */
  rejectUniform: boolean;
}

export type BallotIssue =
  | { code: 'missing'; unit: string }
  | { code: 'not_on_form'; unit: string }
  | { code: 'own_unit'; unit: string }
  | { code: 'out_of_range'; unit: string; min: number; max: number }
  | { code: 'unknown_option'; unit: string }
  | { code: 'dont_know_not_allowed'; unit: string }
  | { code: 'ranking_places'; n: number }
  | { code: 'uniform' }
  | { code: 'limit'; minPoints: number; allowed: number; count: number };

/** How many units a limit allows on a form of `n` units: the smaller of the count and ⌊share × n⌋. */
export function limitAllowed(limit: ProportionLimit, n: number): number {
  let allowed = Number.POSITIVE_INFINITY;
  if (limit.maxCount !== undefined) allowed = limit.maxCount;
  if (limit.maxShare !== undefined) allowed = Math.min(allowed, Math.floor(limit.maxShare * n + 1e-9));
  return allowed;
}

/** The points of a mark as the engine counts them (ranking places are not points: null). */
export function pointsOf(rules: BallotRules, mark: Mark): number | null {
  if (mark === null) return null;
  if (rules.form === 'options') {
    if (typeof mark !== 'string') return null;
    return rules.options.find((o) => o.label === mark)?.points ?? null;
  }
  if (typeof mark !== 'number' || !Number.isFinite(mark)) return null;
  return rules.form === 'scale' ? mark : null;
}

const isDontKnow = (rules: BallotRules, mark: Mark): boolean =>
  mark === null || (rules.form === 'options' && rules.options.some((o) => o.label === mark && o.points === null));

/**
 * Every issue of a ballot for the units on its form (`units`, ids). `ownUnit`: the rater's unit (peer codes),
 * which must not be rated. An empty list means the ballot is valid.
 */
export function checkBallot(
  rules: BallotRules,
  units: readonly string[],
  marks: Readonly<Record<string, Mark | undefined>>,
  ownUnit?: string | null,
): BallotIssue[] {
  const issues: BallotIssue[] = [];
  const onForm = new Set(units);
  for (const unit of Object.keys(marks)) {
    if (ownUnit && unit === ownUnit) issues.push({ code: 'own_unit', unit });
    else if (!onForm.has(unit)) issues.push({ code: 'not_on_form', unit });
  }
  const points: number[] = [];
  const places: number[] = [];
  for (const unit of units) {
    const mark = marks[unit];
    if (mark === undefined) {
      issues.push({ code: 'missing', unit });
      continue;
    }
    if (isDontKnow(rules, mark)) {
      if (!rules.dontKnow) issues.push({ code: 'dont_know_not_allowed', unit });
      continue;
    }
    if (rules.form === 'options') {
      const p = pointsOf(rules, mark);
      if (p === null) issues.push({ code: 'unknown_option', unit });
      else points.push(p);
    } else if (typeof mark !== 'number' || !Number.isFinite(mark)) {
      issues.push({ code: 'out_of_range', unit, min: rules.min, max: rules.max });
    } else if (rules.form === 'scale') {
      if (mark < rules.min || mark > rules.max)
        issues.push({ code: 'out_of_range', unit, min: rules.min, max: rules.max });
      else points.push(mark);
    } else {
      places.push(mark);
    }
  }
  if (rules.form === 'ranking') {
    // The ranked units take the places 1 … n, each once.
    const n = places.length;
    const sorted = [...places].sort((a, b) => a - b);
    if (!sorted.every((p, i) => p === i + 1)) issues.push({ code: 'ranking_places', n });
  }
  if (rules.rejectUniform && points.length >= 2 && points.every((p) => p === points[0])) {
    issues.push({ code: 'uniform' });
  }
  for (const limit of rules.limits) {
    const allowed = limitAllowed(limit, units.length);
    const count = points.filter((p) => p >= limit.minPoints).length;
    if (count > allowed) issues.push({ code: 'limit', minPoints: limit.minPoints, allowed, count });
  }
  return issues;
}

/** The label of the lowest option worth at least `minPoints` (for messages on options forms). */
function pointsLabel(rules: BallotRules, minPoints: number, lang: 'zh-CN' | 'en'): string {
  if (rules.form === 'options') {
    const names = rules.options.filter((o) => o.points !== null && o.points >= minPoints).map((o) => `“${o.label}”`);
    if (names.length > 0) return names.join(lang === 'en' ? ' or ' : '或');
  }
  return lang === 'en' ? `${minPoints} or above` : `${minPoints} 分及以上`;
}

/** One sentence per issue, in the voter's language. `unitName` turns a unit id into its name. */
export function describeIssue(
  rules: BallotRules,
  issue: BallotIssue,
  lang: 'zh-CN' | 'en',
  unitName: (id: string) => string = (id) => id,
): string {
  const en = lang === 'en';
  switch (issue.code) {
    case 'missing':
      return en ? `${unitName(issue.unit)}: not rated yet` : `${unitName(issue.unit)}：尚未评价`;
    case 'not_on_form':
      return en ? `${unitName(issue.unit)} is not on this ballot` : `${unitName(issue.unit)} 不在本票评价范围内`;
    case 'own_unit':
      return en ? 'A unit cannot rate itself' : '不能评价本单位';
    case 'out_of_range':
      return en
        ? `${unitName(issue.unit)}: the mark must be between ${issue.min} and ${issue.max}`
        : `${unitName(issue.unit)}：分数须在 ${issue.min}–${issue.max} 之间`;
    case 'unknown_option':
      return en ? `${unitName(issue.unit)}: choose one of the answers` : `${unitName(issue.unit)}：请选择一个评价等次`;
    case 'dont_know_not_allowed':
      return en
        ? `${unitName(issue.unit)}: "don't know" is not allowed on this ballot`
        : `${unitName(issue.unit)}：本次评议不允许选择“不了解”`;
    case 'ranking_places':
      return en
        ? `The ranked units must take the places 1 to ${issue.n}, each once`
        : `排名须为 1 至 ${issue.n} 名，每个名次只能用一次`;
    case 'uniform':
      return en
        ? 'Every unit has the same mark: such a ballot is invalid. Tell the units apart.'
        : '所有单位评价相同，此类选票无效，请拉开差距';
    case 'limit':
      return en
        ? `At most ${issue.allowed} units may get ${pointsLabel(rules, issue.minPoints, lang)}; this ballot has ${issue.count}`
        : `${pointsLabel(rules, issue.minPoints, lang)}的单位最多 ${issue.allowed} 个，本票有 ${issue.count} 个`;
  }
}
