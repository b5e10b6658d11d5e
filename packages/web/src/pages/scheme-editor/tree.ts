// Pure helpers of the scheme editor's indicator tree: where a group's blocks live, who holds an indicator.
import type { Block, Indicator, SchemeDocument } from '../../scheme/model';

/** The blocks a group edits: its own tree, else the scheme's shared one (created on first use). */
export function editableBlocks(d: SchemeDocument, g: number): Block[] {
  const group = d.engine.groups[g];
  if (!group) return [];
  if (group.blocks) return group.blocks;
  if (d.engine.blocks?.length) return d.engine.blocks;
  group.blocks = [];
  return group.blocks;
}

/** The list (a block's indicators or a parent's children) that holds this indicator object. */
export function findHolder(blocks: Block[], target: Indicator): Indicator[] | undefined {
  const walk = (list: Indicator[]): Indicator[] | undefined => {
    if (list.includes(target)) return list;
    for (const i of list) {
      const hit = i.children ? walk(i.children) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  for (const b of blocks) {
    const hit = walk(b.indicators);
    if (hit) return hit;
  }
  return undefined;
}

/** The group index a validation issue's path names (`engine.groups[2]…`), if any. */
export function groupOfPath(path: string): number | null {
  const m = /groups\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
}

export function swap<T>(list: T[], i: number, j: number): void {
  const a = list[i];
  const b = list[j];
  if (a === undefined || b === undefined) return;
  list[i] = b;
  list[j] = a;
}

/** The id of an indicator and of all its sub-indicators. */
export function collectIds(ind: Indicator, out: string[] = []): string[] {
  out.push(ind.id);
  for (const c of ind.children ?? []) collectIds(c, out);
  return out;
}
