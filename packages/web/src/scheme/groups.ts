/**
 * The scheme's groups come from the county's groups (issue 15): the editor adds any group of the county that the
 * draft does not have yet and removes one that has no indicators. Pure functions over the document, typed
 * structurally so they hold whatever the document's full types are.
 */

interface IndicatorLike {
  id: string;
  children?: IndicatorLike[] | undefined;
}
interface GroupLike {
  id: string;
  name?: string | undefined;
  blocks?: { indicators: IndicatorLike[] }[] | undefined;
}
interface DocLike {
  engine: {
    groups: GroupLike[];
    evaluation?:
      { raterGroups: { id: string; name?: string | undefined; unitGroups?: string[] | undefined }[] } | undefined;
  };
}
export interface CountyGroupLike {
  code: string;
  name: string;
  retired: boolean;
}

/** The county's groups in use that the document does not have yet, in the county's order. */
export function addableGroups(doc: DocLike, county: readonly CountyGroupLike[]): CountyGroupLike[] {
  const have = new Set(doc.engine.groups.map((g) => g.id));
  return county.filter((g) => !g.retired && !have.has(g.code));
}

/** Adds a county group with an empty tree of its own (the engine's defaults for everything else). */
export function addGroup(doc: DocLike, g: CountyGroupLike): void {
  (doc.engine.groups as unknown[]).push({
    id: g.code,
    name: g.name,
    blocks: [],
    blockWeights: {},
    overrides: {},
    exclude: [],
    composite: { a: 1, b: 0 },
  });
}

const countLeaves = (list: readonly IndicatorLike[]): number =>
  list.reduce((n, i) => n + (i.children && i.children.length > 0 ? countLeaves(i.children) : 1), 0);

/** Indicators of the group's own tree (a group on the shared tree has none of its own). */
export function groupIndicatorCount(doc: DocLike, code: string): number {
  const g = doc.engine.groups.find((x) => x.id === code);
  return (g?.blocks ?? []).reduce((n, b) => n + countLeaves(b.indicators), 0);
}

export type RemoveRefusal =
  { reason: 'lastOne' } | { reason: 'inUse'; count: number } | { reason: 'raterOnly'; rater: string };

/** Why the group cannot leave the scheme, or null when it can. */
export function removeRefusal(doc: DocLike, code: string): RemoveRefusal | null {
  if (doc.engine.groups.length <= 1) return { reason: 'lastOne' };
  const count = groupIndicatorCount(doc, code);
  if (count > 0) return { reason: 'inUse', count };
  const only = doc.engine.evaluation?.raterGroups.find((r) => r.unitGroups?.length === 1 && r.unitGroups[0] === code);
  if (only) return { reason: 'raterOnly', rater: only.name ?? only.id };
  return null;
}

/** Removes an unused group and its mentions in the evaluation's rater groups. */
export function removeGroup(doc: DocLike, code: string): void {
  doc.engine.groups = doc.engine.groups.filter((g) => g.id !== code);
  for (const r of doc.engine.evaluation?.raterGroups ?? []) {
    if (r.unitGroups) r.unitGroups = r.unitGroups.filter((c) => c !== code);
  }
}
