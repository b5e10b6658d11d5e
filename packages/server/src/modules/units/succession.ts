/**
 * Institutional reform (机构改革, issue 15): a merge, split or rename of units on a given day, recorded as a
 * succession (one row per predecessor → successor pair) with what the successor takes over. The predecessors
 * end the day before; the successor's rank history includes the predecessor's published ranks when the pair
 * carries 'history'; open reports and this year's records move when the pair carries them. A succession that
 * forms a cycle, or that does not fit the units' validity, is refused and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { reports, unitRecords, units, unitSuccessions } from '../../db/schema';
import { AppError } from '../../errors';
import { addDays } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { CreateSuccession, Succession } from './schemas';
import { openReportCount } from './service';
import { changedPublishedYear, publishedYears, today } from './validity';

const KIND_ZH = { merge: '合并', split: '分设', rename: '更名' } as const;
type Kind = keyof typeof KIND_ZH;
type Carry = 'indicators' | 'reports' | 'records' | 'history';

const invalid = (path: string, key: string) =>
  new AppError('VALIDATION_FAILED', {}, [{ path, message: `i18n:${key}` }]);

export async function listSuccessions(db: Database, actor: Actor): Promise<Succession[]> {
  const rows = await db
    .select()
    .from(unitSuccessions)
    .where(eq(unitSuccessions.tenantId, actor.tenantId))
    .orderBy(desc(unitSuccessions.effectiveOn), asc(unitSuccessions.createdAt));
  const refs = new Map(
    (
      await db
        .select({ id: units.id, code: units.code, name: units.name })
        .from(units)
        .where(eq(units.tenantId, actor.tenantId))
    ).map((u) => [u.id, u]),
  );
  const ref = (id: string) => refs.get(id) ?? { id, code: '', name: '' };
  // A unit account sees the successions of its own unit only.
  const mine =
    actor.role === 'unit' ? rows.filter((r) => r.fromUnitId === actor.unitId || r.toUnitId === actor.unitId) : rows;
  return mine.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    kind: r.kind as Kind,
    effectiveOn: r.effectiveOn,
    from: ref(r.fromUnitId),
    to: ref(r.toUnitId),
    carries: r.carries as Carry[],
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Unit code → the codes whose rank history it continues, nearest first (following 'history' successions back,
 * transitively). Read by the year-end collect and the feedback's rank history.
 */
export async function historyLines(db: Database, tenantId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ from: unitSuccessions.fromUnitId, to: unitSuccessions.toUnitId, carries: unitSuccessions.carries })
    .from(unitSuccessions)
    .where(eq(unitSuccessions.tenantId, tenantId));
  const withHistory = rows.filter((r) => (r.carries as string[]).includes('history'));
  if (withHistory.length === 0) return new Map();
  const codes = new Map(
    (await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId))).map((u) => [
      u.id,
      u.code,
    ]),
  );
  const parent = new Map(withHistory.map((r) => [r.to, r.from]));
  const out = new Map<string, string[]>();
  for (const to of parent.keys()) {
    const line: string[] = [];
    const seen = new Set<string>([to]);
    for (let p = parent.get(to); p && !seen.has(p); p = parent.get(p)) {
      seen.add(p);
      line.push(codes.get(p) ?? '');
    }
    out.set(codes.get(to) ?? '', line);
  }
  return out;
}

export async function createSuccession(db: Database, actor: Actor, input: CreateSuccession) {
  const kind = input.kind as Kind;
  const fromIds = [...new Set(input.pairs.map((p) => p.fromUnitId))];
  const toIds = [...new Set(input.pairs.map((p) => p.toUnitId))];
  if (input.pairs.some((p) => p.fromUnitId === p.toUnitId)) throw invalid('pairs', 'succession_same_unit');
  if (kind === 'merge' ? fromIds.length < 2 : fromIds.length !== 1) throw invalid('pairs', 'succession_from_count');
  if (kind === 'split' ? toIds.length < 2 : toIds.length !== 1) throw invalid('pairs', 'succession_to_count');
  // Every predecessor goes to every successor of the event, once.
  const pairKeys = new Set(input.pairs.map((p) => `${p.fromUnitId}|${p.toUnitId}`));
  if (pairKeys.size !== input.pairs.length || pairKeys.size !== fromIds.length * toIds.length) {
    throw invalid('pairs', kind === 'merge' ? 'succession_from_count' : 'succession_to_count');
  }
  // Each item of a predecessor goes to one successor; a successor continues one rank history.
  const given = new Set<string>();
  const historyTo = new Set<string>();
  for (const p of input.pairs) {
    for (const c of new Set(p.carries)) {
      const key = `${p.fromUnitId}|${c}`;
      if (given.has(key)) throw invalid('pairs', 'succession_carry_twice');
      given.add(key);
      if (c === 'history') {
        if (historyTo.has(p.toUnitId)) throw invalid('pairs', 'succession_history_twice');
        historyTo.add(p.toUnitId);
      }
    }
  }

  return db.transaction(async (tx) => {
    const all = [...fromIds, ...toIds];
    const found = await tx
      .select()
      .from(units)
      .where(and(eq(units.tenantId, actor.tenantId), inArray(units.id, all)));
    const byId = new Map(found.map((u) => [u.id, u]));
    if (found.length !== all.length) throw invalid('pairs', 'unit_not_found');
    const name = (id: string) => byId.get(id)?.name ?? id;

    // A cycle: a successor that (through earlier successions) is already a predecessor of a unit it takes over.
    const edges = await tx
      .select({ from: unitSuccessions.fromUnitId, to: unitSuccessions.toUnitId })
      .from(unitSuccessions)
      .where(eq(unitSuccessions.tenantId, actor.tenantId));
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    for (const to of toIds) {
      // path from `to` forward to any predecessor of this event
      const prev = new Map<string, string>();
      const queue = [to];
      const seen = new Set([to]);
      while (queue.length > 0) {
        const cur = queue.shift() as string;
        if (fromIds.includes(cur)) {
          const path = [cur];
          for (let p = prev.get(cur); p; p = prev.get(p)) path.unshift(p);
          const from = cur;
          throw new AppError('SUCCESSION_CYCLE', { path: [name(from), ...path.map(name)].join(' → ') });
        }
        for (const n of next.get(cur) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          prev.set(n, cur);
          queue.push(n);
        }
      }
    }

    // Time: each predecessor is in force the day before and not already succeeded; each successor is in force
    // on the day.
    const day = input.effectiveOn;
    const dayBefore = addDays(day, -1);
    const already = await tx
      .select({ from: unitSuccessions.fromUnitId, on: unitSuccessions.effectiveOn })
      .from(unitSuccessions)
      .where(and(eq(unitSuccessions.tenantId, actor.tenantId), inArray(unitSuccessions.fromUnitId, fromIds)));
    const overlap = (reason: string, reasonEn: string) => new AppError('SUCCESSION_OVERLAP', { reason, reasonEn });
    for (const a of already) {
      throw overlap(
        `“${name(a.from)}”已于 ${a.on} 调整（被合并、分设或更名），不能再次调整`,
        `"${name(a.from)}" was already succeeded on ${a.on}`,
      );
    }
    const span = (u: { validFrom: string | null; validTo: string | null }) =>
      `${u.validFrom ?? '…'} 至 ${u.validTo ?? '…'}`;
    for (const id of fromIds) {
      const u = byId.get(id);
      if (!u) continue;
      if ((u.validFrom !== null && u.validFrom > dayBefore) || (u.validTo !== null && u.validTo < dayBefore)) {
        throw overlap(
          `原单位“${u.name}”的存续期为 ${span(u)}，${day} 前一日不在其中`,
          `"${u.name}" is in force ${span(u)}, which does not include the day before ${day}`,
        );
      }
    }
    for (const id of toIds) {
      const u = byId.get(id);
      if (!u) continue;
      if ((u.validFrom !== null && u.validFrom > day) || (u.validTo !== null && u.validTo < day)) {
        throw overlap(
          `承接单位“${u.name}”的存续期为 ${span(u)}，不含 ${day}`,
          `the successor "${u.name}" is in force ${span(u)}, which does not include ${day}`,
        );
      }
    }
    // Published years never change: the predecessors' new end may not fall inside one.
    const years = await publishedYears(tx, actor.tenantId);
    for (const id of fromIds) {
      const u = byId.get(id);
      if (!u) continue;
      const year = changedPublishedYear(years, u, { validFrom: u.validFrom, validTo: dayBefore });
      if (year !== null) throw new AppError('UNIT_PUBLISHED_YEAR', { year, name: u.name });
    }
    // Open reports go with the unit that carries them, or the predecessor may not end.
    for (const id of fromIds) {
      const carried = input.pairs.some((p) => p.fromUnitId === id && p.carries.includes('reports'));
      if (carried) continue;
      const open = await openReportCount(tx, actor.tenantId, id);
      if (open > 0) throw new AppError('UNIT_OPEN_REPORTS', { name: name(id), count: open });
    }

    const eventId = randomUUID();
    await tx.insert(unitSuccessions).values(
      input.pairs.map((p) => ({
        tenantId: actor.tenantId,
        eventId,
        kind,
        fromUnitId: p.fromUnitId,
        toUnitId: p.toUnitId,
        effectiveOn: day,
        carries: [...new Set(p.carries)],
        note: input.note ?? null,
        createdBy: actor.userId,
      })),
    );
    const now = today();
    for (const id of fromIds) {
      await tx
        .update(units)
        .set({
          validTo: dayBefore,
          active: dayBefore >= now,
          version: sql`${units.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(units.tenantId, actor.tenantId), eq(units.id, id)));
    }
    // Reports and records of the succession's year onwards move to the successor that carries them; a report
    // the successor already has for the same cell stays with the predecessor (counted as kept).
    const year = Number(day.slice(0, 4));
    let movedReports = 0;
    let movedRecords = 0;
    let kept = 0;
    for (const p of input.pairs) {
      if (p.carries.includes('reports')) {
        const o = alias(reports, 'o');
        const moved = await tx
          .update(reports)
          .set({ unitId: p.toUnitId, updatedAt: new Date() })
          .where(
            and(
              eq(reports.tenantId, actor.tenantId),
              eq(reports.unitId, p.fromUnitId),
              gte(reports.year, year),
              notExists(
                tx
                  .select({ one: sql`1` })
                  .from(o)
                  .where(
                    and(
                      eq(o.tenantId, reports.tenantId),
                      eq(o.year, reports.year),
                      eq(o.unitId, p.toUnitId),
                      eq(o.indicatorId, reports.indicatorId),
                      eq(o.nodeId, reports.nodeId),
                    ),
                  ),
              ),
            ),
          )
          .returning({ id: reports.id });
        movedReports += moved.length;
        const [left] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(reports)
          .where(and(eq(reports.tenantId, actor.tenantId), eq(reports.unitId, p.fromUnitId), gte(reports.year, year)));
        kept += Number(left?.n ?? 0);
      }
      if (p.carries.includes('records')) {
        const moved = await tx
          .update(unitRecords)
          .set({ unitId: p.toUnitId })
          .where(
            and(
              eq(unitRecords.tenantId, actor.tenantId),
              eq(unitRecords.unitId, p.fromUnitId),
              gte(unitRecords.year, year),
            ),
          )
          .returning({ id: unitRecords.id });
        movedRecords += moved.length;
      }
    }
    const items = (await listSuccessions(tx, actor)).filter((s) => s.eventId === eventId);
    await recordAudit(tx, actor, {
      action: 'unit.succession',
      entityType: 'unit_succession',
      entityId: eventId,
      summary: `机构调整（${KIND_ZH[kind]}）：${fromIds.map(name).join('、')} → ${toIds.map(name).join('、')}，自 ${day} 起`,
      after: { kind, effectiveOn: day, pairs: input.pairs, note: input.note ?? null, movedReports, movedRecords, kept },
    });
    return { eventId, items, moved: { reports: movedReports, records: movedRecords }, kept };
  });
}
