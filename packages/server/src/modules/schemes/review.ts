/**
 * R25 (issue 15): "indicators that give everyone full marks are cancelled or adjusted". A scheme copied from a
 * published year lists that year's full-mark and non-discriminating indicators (the published diagnostics) in
 * its document (`meta.review`); the office decides keep, adjust or drop for each. A decision saves a new draft
 * state whose note and document record it (the scheme's history), dropping the indicators to drop.
 */
import type { Database } from '../../db/client';
import { AppError, type Locale } from '../../errors';
import type { Actor } from '../auth/actor';
import { dropIndicators } from './review-items';
import { getDraftDocument, saveDraft } from './service';
import type { ReviewDecisions } from './schemas';

const ZH = { keep: '保留', adjust: '调整', drop: '删除' } as const;

export async function decideReview(
  db: Database,
  actor: Actor,
  schemeId: string,
  input: ReviewDecisions,
  locale: Locale,
) {
  const draft = await getDraftDocument(db, actor, schemeId);
  const review = draft.document.meta.review;
  if (!review) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'decisions', message: 'i18n:review_none' }]);
  const byId = new Map(review.items.map((i) => [i.indicatorId, i]));
  const details = input.decisions.flatMap((d, i) =>
    byId.has(d.indicatorId) ? [] : [{ path: `decisions[${i}].indicatorId`, message: 'i18n:review_unknown' }],
  );
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', {}, details);
  const decided = new Map(input.decisions.map((d) => [d.indicatorId, d]));
  const items = review.items.map((it) => {
    const d = decided.get(it.indicatorId);
    if (!d) return it;
    const { note: _old, ...rest } = it;
    return { ...rest, decision: d.decision, ...(d.note ? { note: d.note } : {}) };
  });
  const drops = input.decisions.filter((d) => d.decision === 'drop').map((d) => d.indicatorId);
  const doc = dropIndicators(
    { ...draft.document, meta: { ...draft.document.meta, review: { ...review, items } } },
    drops,
  );
  const counts = (['keep', 'adjust', 'drop'] as const).map(
    (k) => `${ZH[k]} ${input.decisions.filter((d) => d.decision === k).length} 项`,
  );
  const names = input.decisions.map((d) => `${byId.get(d.indicatorId)?.name ?? d.indicatorId}：${ZH[d.decision]}`);
  const note = `R25 审视 ${review.fromYear} 年度满分或无区分度指标：${counts.join('，')}（${names.join('；')}）`;
  return saveDraft(db, actor, schemeId, { version: input.version, document: doc, note: note.slice(0, 500) }, locale);
}
