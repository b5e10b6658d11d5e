/**
 * R25 (issue 15): what a copied scheme asks the office to review — last year's flagged indicators — and how a
 * drop removes an indicator from a document. Pure of the scheme service (which imports this file).
 */
import { diagnoseResults } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { loadPublished } from '../feedback/published';
import type { ReviewMeta, SchemeDocument } from './document';

/** Last year's flagged indicators (full marks for many or all, or no discrimination), or null when unpublished. */
export async function lastYearReview(db: Database, tenantId: string, fromYear: number): Promise<ReviewMeta | null> {
  const p = await loadPublished(db, tenantId, fromYear);
  if (!p) return null;
  const diag = diagnoseResults(p.results, p.scheme);
  return {
    fromYear,
    items: diag.flags.map((f) => ({
      groupId: f.groupId,
      indicatorId: f.indicatorId,
      name: f.name ?? f.indicatorId,
      fullMarkRate: f.fullMarkRate,
      reasons: [...f.reasons],
      decision: null,
    })),
  };
}

type Ind = { id: string; children?: Ind[] | undefined };
type Block = { indicators?: Ind[] | undefined };

function prune(list: Ind[], drop: Set<string>): Ind[] {
  return list.filter((i) => !drop.has(i.id)).map((i) => (i.children ? { ...i, children: prune(i.children, drop) } : i));
}

/** The document without the dropped indicators (every group's tree and the shared one, their details). */
export function dropIndicators(doc: SchemeDocument, ids: string[]): SchemeDocument {
  if (ids.length === 0) return doc;
  const drop = new Set(ids);
  const next = structuredClone(doc);
  const engine = next.engine as unknown as { blocks?: Block[]; groups: { blocks?: Block[] }[] };
  const pruneBlocks = (blocks: Block[] | undefined) =>
    blocks?.map((b) => (b.indicators ? { ...b, indicators: prune(b.indicators, drop) } : b));
  if (engine.blocks) engine.blocks = pruneBlocks(engine.blocks);
  for (const g of engine.groups) if (g.blocks) g.blocks = pruneBlocks(g.blocks);
  for (const id of ids) delete next.meta.indicators[id];
  return next;
}
