/**
 * The demo county's follow-up of its published 2018 results: appeals (one accepted → a correction snapshot, one
 * rejected, one still waiting for the office) and the rectification ledger generated from the 2018 results with
 * items in every state. Runs after modules/results' seed has published 2018; without a published 2018 it does
 * nothing. Idempotent: each part checks for its own rows first. Goes through the services (audited).
 *
 * The accepted appeal does not change any input: the unit pointed out that the bulletin's annex left out the name
 * of a commendation whose bonus was counted; the correction re-publishes with that reason and the same scores.
 * (Changing demo inputs here would make the 2018 inputs differ from `demoDataset`, which other tests compare.)
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { appeals, rectifications, units, users } from '../db/schema';
import { addDays, shanghaiDay } from '../lib/day';
import type { Actor } from '../modules/auth/actor';
import type { Role } from '../modules/auth/roles';
import { answerAppeal, createAppeal } from '../modules/appeals/service';
import { getFeedback } from '../modules/feedback/service';
import { loadPublished } from '../modules/feedback/published';
import {
  createRectification,
  generateRectifications,
  previewFindings,
  reportProgress,
  updateRectification,
  verifyRectification,
} from '../modules/rectification/service';

const YEAR = 2018;

async function actorFor(db: Database, tenantId: string, tenantName: string, username: string): Promise<Actor | null> {
  const [u] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
    })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username)));
  if (!u) return null;
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    tenantId,
    tenantName,
    unitId: u.unitId,
    unitName: null,
    ip: null,
    mustChangePassword: false,
    mustEnrollTotp: false,
  };
}

/** A unit's operator as the seed acts for it (an account of the unit if there is one). */
async function unitActor(db: Database, tenantId: string, tenantName: string, code: string): Promise<Actor | null> {
  const [unit] = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.code, code)));
  if (!unit) return null;
  const [account] = await db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.unitId, unit.id), eq(users.role, 'unit')));
  const base = account ? await actorFor(db, tenantId, tenantName, account.username) : null;
  return (
    base ?? {
      userId: '00000000-0000-0000-0000-000000000000',
      username: `${code.toLowerCase()}-operator`,
      displayName: `${unit.name}填报员`,
      role: 'unit',
      tenantId,
      tenantName,
      unitId: unit.id,
      unitName: unit.name,
      ip: null,
      mustChangePassword: false,
      mustEnrollTotp: false,
    }
  );
}

export async function seedYearendFollowup2018(
  db: Database,
  tenantId: string,
  tenantName = '',
): Promise<{ appeals: number; rectifications: number }> {
  const published = await loadPublished(db, tenantId, YEAR);
  if (!published) return { appeals: 0, rectifications: 0 };
  const office = await actorFor(db, tenantId, tenantName, 'office');
  if (!office || office.role !== 'office') return { appeals: 0, rectifications: 0 };
  let appealCount = 0;
  let itemCount = 0;

  const [anyAppeal] = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(and(eq(appeals.tenantId, tenantId), eq(appeals.year, YEAR)))
    .limit(1);
  if (!anyAppeal) {
    // Filed inside the window, two hours after the first publication (or now, when that is still ahead);
    // answered two days later (or now). The rows carry those times.
    const first = published.firstPublishedAt.getTime();
    const at = new Date(Math.max(first, Math.min(Date.now(), first + 2 * 3600_000)));
    const answeredAt = new Date(Math.max(at.getTime(), Math.min(Date.now(), at.getTime() + 2 * 86_400_000)));
    const filedIds: string[] = [];
    const answeredIds: string[] = [];
    const codes = published.results.units.map((u) => u.unitId);
    // Accepted: a township with a counted commendation bonus (not the demo accounts' own units).
    const withBonus = published.results.units.find(
      (u) => u.bonus > 0 && u.unitId.startsWith('XZ') && u.unitId !== 'XZ01' && u.unitId !== 'XZ04',
    );
    const accepted = withBonus ? await unitActor(db, tenantId, tenantName, withBonus.unitId) : null;
    if (accepted) {
      const a = await createAppeal(
        db,
        accepted,
        {
          year: YEAR,
          indicatorId: null,
          reason: '2018 年度考核结果通报附表中，本单位“加分”一栏未列出所获省级表彰事项名称，请予更正。',
          request: '在结果附表中补列表彰事项名称。',
        },
        at,
      );
      filedIds.push(a.id);
      answeredIds.push(a.id);
      await answerAppeal(db, office, a.id, {
        version: a.version,
        decision: 'accept',
        answer: '经核实，该表彰加分已计入综合得分，附表漏列事项名称。予以采纳，发布更正版（分数、名次、档次不变）。',
      });
      appealCount++;
    }
    // Rejected: 西山乡-like case — a township disputing its score on the indicator where it lost most.
    const rejectedCode = codes.find((c) => c === 'XZ02') ?? codes.find((c) => c.startsWith('XZ') && c !== 'XZ01');
    const rejected = rejectedCode ? await unitActor(db, tenantId, tenantName, rejectedCode) : null;
    if (rejected?.unitId) {
      const fb = await getFeedback(db, office, { year: YEAR, unitId: rejected.unitId });
      const lost = fb.lostPoints[0];
      const r = await createAppeal(
        db,
        rejected,
        {
          year: YEAR,
          indicatorId: lost?.id ?? null,
          reason: `本单位「${lost?.name ?? '相关指标'}」实际完成情况好于考核认定，12 月已补报材料，请求复核得分。`,
          request: '请考核主体复核该指标得分。',
        },
        at,
      );
      filedIds.push(r.id);
      answeredIds.push(r.id);
      await answerAppeal(db, office, r.id, {
        version: r.version,
        decision: 'reject',
        answer: '经考核主体复核，补报材料晚于年终考核数据截止日（12 月 20 日），按方案不予计入。维持原结果。',
      });
      appealCount++;
    }
    // Waiting for the office: 南湖镇 (the demo account nanhu), on its biggest loss.
    const waiting = await unitActor(db, tenantId, tenantName, 'XZ04');
    if (waiting?.unitId && codes.includes('XZ04')) {
      const fb = await getFeedback(db, office, { year: YEAR, unitId: waiting.unitId });
      const lost = fb.lostPoints[0];
      const w = await createAppeal(
        db,
        waiting,
        {
          year: YEAR,
          indicatorId: lost?.id ?? null,
          reason: `「${lost?.name ?? '相关指标'}」的统计口径与市里下达口径不一致，导致本单位完成率偏低。`,
          request: '请按市里口径重新计算完成率。',
        },
        at,
      );
      filedIds.push(w.id);
      appealCount++;
    }
    if (filedIds.length > 0) {
      await db.update(appeals).set({ createdAt: at, updatedAt: at }).where(inArray(appeals.id, filedIds));
    }
    if (answeredIds.length > 0) {
      await db.update(appeals).set({ answeredAt, updatedAt: answeredAt }).where(inArray(appeals.id, answeredIds));
    }
  }

  const [anyItem] = await db
    .select({ id: rectifications.id })
    .from(rectifications)
    .where(and(eq(rectifications.tenantId, tenantId), eq(rectifications.year, YEAR)))
    .limit(1);
  if (!anyItem) {
    const preview = await previewFindings(db, office, YEAR);
    if (preview.items.length > 0) {
      await generateRectifications(db, office, {
        year: YEAR,
        deadline: preview.defaultDeadline,
        keys: preview.items.map((i) => i.key),
      });
      itemCount = preview.items.length;
      // The demo unit account's town (城关镇, first of its group) has no generated finding: the office adds
      // one by hand from its feedback, so the unit's ledger page has something to work on.
      const [xz01] = await db
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.tenantId, tenantId), eq(units.code, 'XZ01')));
      if (xz01 && !preview.items.some((i) => i.unitId === xz01.id)) {
        const fb = await getFeedback(db, office, { year: YEAR, unitId: xz01.id });
        const lost = fb.lostPoints[0];
        if (lost) {
          await createRectification(db, office, {
            year: YEAR,
            unitId: xz01.id,
            finding: `「${lost.name}」为本单位失分最多的指标（失 ${lost.lost} 分，本类别最高 ${lost.best}）：对标先进查找差距，巩固领先位次。`,
            deadline: preview.defaultDeadline,
          });
          itemCount++;
        }
      }
      const items = await db
        .select({ id: rectifications.id, unitId: rectifications.unitId, source: rectifications.source })
        .from(rectifications)
        .where(and(eq(rectifications.tenantId, tenantId), eq(rectifications.year, YEAR)));
      const unitCodes = new Map(
        (await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId))).map(
          (u) => [u.id, u.code],
        ),
      );
      // Every state once, on different units: in progress, submitted, returned, closed, overdue; the rest open.
      const used = new Set<string>();
      const pick = (pred: (i: (typeof items)[number]) => boolean = () => true) => {
        const it = items.find((i) => !used.has(i.unitId) && pred(i));
        if (it) used.add(it.unitId);
        return it;
      };
      const step = async (id: string, unitCode: string, steps: ('progress' | 'submit' | 'return' | 'close')[]) => {
        const actor = await unitActor(db, tenantId, tenantName, unitCode);
        if (!actor) return;
        let version = 1;
        for (const s of steps) {
          if (s === 'progress') {
            version = (
              await reportProgress(db, actor, id, {
                version,
                progress: 60,
                note: '已召开专题会议分析失分原因，整改方案已印发，正在逐项落实。',
                measures: '1. 明确分管领导和责任股室；2. 建立周调度、月通报机制；3. 年中开展自查。',
                submit: false,
              })
            ).version;
          } else if (s === 'submit') {
            version = (
              await reportProgress(db, actor, id, {
                version,
                progress: 100,
                note: '整改措施已全部落实，相关制度已建立并运行，佐证材料已归档。',
                submit: true,
              })
            ).version;
          } else {
            version = (
              await verifyRectification(db, office, id, {
                version,
                decision: s === 'close' ? 'close' : 'return',
                note:
                  s === 'close' ? '经实地核验，整改到位，予以销号。' : '佐证材料不足以证明整改到位，请补充后重新报送。',
              })
            ).version;
          }
        }
      };
      const inProgress = pick((i) => unitCodes.get(i.unitId) === 'XZ01') ?? pick();
      if (inProgress) await step(inProgress.id, unitCodes.get(inProgress.unitId) ?? '', ['progress']);
      const submitted = pick();
      if (submitted) await step(submitted.id, unitCodes.get(submitted.unitId) ?? '', ['progress', 'submit']);
      const returned = pick();
      if (returned) await step(returned.id, unitCodes.get(returned.unitId) ?? '', ['progress', 'submit', 'return']);
      const closed = pick((i) => i.source !== 'veto');
      if (closed) await step(closed.id, unitCodes.get(closed.unitId) ?? '', ['progress', 'submit', 'close']);
      const overdue = pick();
      if (overdue) {
        await updateRectification(db, office, overdue.id, {
          version: 1,
          deadline: addDays(shanghaiDay(), -3),
        });
      }
    }
  }
  return { appeals: appealCount, rectifications: itemCount };
}
