/**
 * Boundary ties decided by the leadership group (PRODUCT.md A5). A tie the scheme's policy flags for a decision
 * (`tieNeedsDecision`) blocks approval until the office records the group's decision: the order chosen among the
 * tied units (the first ones take the contested places), the meeting's date and the minutes' reference. The
 * decision is an input of the year (`dataset.tieDecisions`, so it is in the inputs digest, the snapshot and the
 * engine's trace) and names the units, tier and score it decided: a recompute that changes the tie leaves it
 * unmatched (stale) and the tie is flagged again.
 */
import type { Results, TieDecision } from '@yardstick/engine';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultReviews, tieDecisions } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { loadYearScheme } from '../reports/cells';

/** The year's decisions as engine inputs (units all still in the year). Sorted, so the digest is stable. */
export async function tieDecisionInputs(
  db: Database,
  tenantId: string,
  year: number,
  known: ReadonlySet<string>,
): Promise<TieDecision[]> {
  const rows = await db
    .select()
    .from(tieDecisions)
    .where(and(eq(tieDecisions.tenantId, tenantId), eq(tieDecisions.year, year)))
    .orderBy(asc(tieDecisions.groupId), asc(tieDecisions.tier));
  return rows
    .map((r) => ({
      id: r.id,
      groupId: r.groupId,
      tier: r.tier,
      score: r.score,
      order: r.unitOrder as string[],
      date: r.meetingDate,
      ref: r.minutesRef,
    }))
    .filter((d) => d.order.every((c) => known.has(c)));
}

export interface TieDecisionView {
  id: string;
  groupId: string;
  groupName: string;
  tier: string;
  tierName: string;
  score: number;
  order: { unitCode: string; unitName: string }[];
  meetingDate: string;
  minutesRef: string;
  note: string | null;
  decidedAt: string;
  /** applied: the stored preview's tie is filled by it; stale: the tie changed since (recorded again if needed). */
  status: 'applied' | 'stale';
  version: number;
}

/** Names of groups, tiers and units of the year's published scheme. */
export async function yearNames(db: Database, tenantId: string, year: number) {
  const ys = await loadYearScheme(db, tenantId, year);
  const engine = ys?.document.engine;
  const units = new Map((ys?.units ?? []).map((u) => [u.code, u.name]));
  const groups = new Map((engine?.groups ?? []).map((g) => [g.id, g.name ?? g.id]));
  const tierName = (groupId: string, tier: string) => {
    const tiering = engine?.groups.find((g) => g.id === groupId)?.tiering ?? engine?.tiering;
    const t = tiering?.tiers.find((x) => x.id === tier);
    return t?.name ?? tier;
  };
  return { unit: (c: string) => units.get(c) ?? c, group: (g: string) => groups.get(g) ?? g, tierName };
}

/** The year's recorded decisions, with whether the stored preview applies them. */
export async function listTieDecisions(
  db: Database,
  tenantId: string,
  year: number,
  results: Results | null,
): Promise<TieDecisionView[]> {
  const rows = await db
    .select()
    .from(tieDecisions)
    .where(and(eq(tieDecisions.tenantId, tenantId), eq(tieDecisions.year, year)))
    .orderBy(asc(tieDecisions.groupId), asc(tieDecisions.tier));
  if (rows.length === 0) return [];
  const names = await yearNames(db, tenantId, year);
  const applied = new Set((results?.groups ?? []).flatMap((g) => g.ties.map((t) => t.decisionId ?? '')));
  return rows.map((r) => ({
    id: r.id,
    groupId: r.groupId,
    groupName: names.group(r.groupId),
    tier: r.tier,
    tierName: names.tierName(r.groupId, r.tier),
    score: r.score,
    order: (r.unitOrder as string[]).map((c) => ({ unitCode: c, unitName: names.unit(c) })),
    meetingDate: r.meetingDate,
    minutesRef: r.minutesRef,
    note: r.note,
    decidedAt: r.updatedAt.toISOString(),
    status: applied.has(r.id) ? 'applied' : 'stale',
    version: r.version,
  }));
}

/** "乡镇“好”等次：东城镇、西城镇（均为 92.5 分，1 个名额）" for each tie still waiting for a decision. */
export async function undecidedTies(db: Database, tenantId: string, year: number, results: Results | null) {
  const names = await yearNames(db, tenantId, year);
  return (results?.groups ?? []).flatMap((g) =>
    g.ties
      .filter((t) => t.needsDecision)
      .map(
        (t) =>
          `${names.group(g.groupId)}“${names.tierName(g.groupId, t.tier)}”等次：${t.unitIds.map(names.unit).join('、')}（${
            t.score === undefined ? '' : `均为 ${t.score} 分，`
          }${t.places} 个名额）`,
      ),
  );
}

export interface TieDecisionInput {
  groupId: string;
  tier: string;
  /** Every tied unit's code, in the order decided. */
  order: string[];
  meetingDate: string;
  minutesRef: string;
  note?: string | null | undefined;
}

/**
 * Records (or replaces) the decision of a tie of the stored preview: the tie must be there (flagged, or decided
 * before), and the order must name exactly its units. Audited. The caller computes the year again.
 */
export async function recordTieDecision(
  db: Database,
  actor: Actor,
  year: number,
  input: TieDecisionInput,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ preview: resultReviews.preview, status: resultReviews.status })
      .from(resultReviews)
      .where(and(eq(resultReviews.tenantId, actor.tenantId), eq(resultReviews.year, year)));
    if (!row) throw new AppError('RESULTS_NOT_COMPUTED', { year });
    if (row.status === 'published') throw new AppError('RESULTS_ALREADY_PUBLISHED', { year });
    const results = (row.preview as { results: Results | null }).results;
    const tie = results?.groups
      .find((g) => g.groupId === input.groupId)
      ?.ties.find((t) => t.tier === input.tier && (t.needsDecision || t.resolution === 'decided'));
    if (!tie) throw new AppError('TIE_NOT_FOUND');
    const names = await yearNames(tx, actor.tenantId, year);
    const wanted = [...tie.unitIds].sort().join(',');
    if (new Set(input.order).size !== input.order.length || [...input.order].sort().join(',') !== wanted) {
      throw new AppError('TIE_ORDER_INVALID', { units: tie.unitIds.map(names.unit).join('、') });
    }
    const score = tie.score ?? results?.units.find((u) => u.unitId === tie.unitIds[0])?.composite ?? Number.NaN;
    const [before] = await tx
      .select()
      .from(tieDecisions)
      .where(
        and(
          eq(tieDecisions.tenantId, actor.tenantId),
          eq(tieDecisions.year, year),
          eq(tieDecisions.groupId, input.groupId),
          eq(tieDecisions.tier, input.tier),
        ),
      );
    const fields = {
      score,
      unitOrder: input.order,
      meetingDate: input.meetingDate,
      minutesRef: input.minutesRef.trim(),
      note: input.note?.trim() || null,
      decidedBy: actor.userId,
      updatedAt: new Date(),
    };
    let id: string;
    if (before) {
      await tx
        .update(tieDecisions)
        .set({ ...fields, version: before.version + 1 })
        .where(eq(tieDecisions.id, before.id));
      id = before.id;
    } else {
      const [created] = await tx
        .insert(tieDecisions)
        .values({ tenantId: actor.tenantId, year, groupId: input.groupId, tier: input.tier, ...fields })
        .returning({ id: tieDecisions.id });
      if (!created) throw new AppError('INTERNAL');
      id = created.id;
    }
    const tierName = names.tierName(input.groupId, input.tier);
    const winners = input.order.slice(0, tie.places).map(names.unit).join('、');
    await recordAudit(tx, actor, {
      action: 'results.tieDecision',
      entityType: 'tie_decision',
      entityId: id,
      summary: `记录 ${year} 年度${names.group(input.groupId)}“${tierName}”等次边界同分的领导小组决定（${fields.minutesRef}，${
        input.meetingDate
      }）：${input.order.map(names.unit).join('、')}同为 ${score} 分，${winners}列入“${tierName}”等次`,
      ...(before ? { before } : {}),
      after: { year, groupId: input.groupId, tier: input.tier, ...fields, places: tie.places },
    });
    return { id };
  });
}
