/**
 * The demo county's follow-up of its 2018 results (published 2019-01-15, seed/yearend-2018.ts), on the dates a
 * county would have done it: three appeals filed within the 7-day window and answered the following week (one
 * accepted on 2019-01-24 → a correction draft approved by the leader that day and published as the correction
 * snapshot of 2019-01-25, two rejected), and the rectification ledger generated from the
 * 2018 results on 2019-01-30 (deadline 2019-04-15) with items in every state and progress dated March–April 2019. Runs after modules/results' seed has published 2018; without a published 2018 it does
 * nothing. Idempotent: each part checks for its own rows first. Goes through the services (audited).
 *
 * The accepted appeal does not change any input: the unit pointed out that the bulletin's annex left out the name
 * of a commendation whose bonus was counted; the correction re-publishes with that reason and the same scores.
 * (Changing demo inputs here would make the 2018 inputs differ from `demoDataset`, which other tests compare.)
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { appeals, rectifications, units, users } from '../db/schema';
import type { Actor } from '../modules/auth/actor';
import type { Role } from '../modules/auth/roles';
import { answerAppeal, createAppeal } from '../modules/appeals/service';
import { approveCorrection, listCorrections, publishCorrectionDraft } from '../modules/results/corrections';
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

/** A moment of the demo's 2019 calendar, Beijing time: at('2019-01-17T09:30'). */
const at = (local: string) => new Date(`${local}:00+08:00`);

export async function actorFor(
  db: Database,
  tenantId: string,
  tenantName: string,
  username: string,
): Promise<Actor | null> {
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
    // Filed inside the 7-day window after the publication of 2019-01-15 (last day 2019-01-22) and answered the
    // week after; the accepted one publishes the correction (第 2 版) on 2019-01-25. Nothing is left waiting:
    // a 2018 appeal still unanswered years later would not happen in a county.
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
        at('2019-01-17T09:30'),
      );
      const answered = await answerAppeal(
        db,
        office,
        a.id,
        {
          version: a.version,
          decision: 'accept',
          answer: '经核实，该表彰加分已计入综合得分，通报附表漏列事项名称，予以更正，分数、名次、档次不变。',
        },
        at('2019-01-24T10:00'),
      );
      // Acceptance prepares a draft; the leader approves it and the office publishes it (第 2 版) on 2019-01-25.
      const leader = await actorFor(db, tenantId, tenantName, 'leader');
      if (answered.correctionId && leader?.role === 'leader') {
        const draft = await approveCorrection(
          db,
          leader,
          YEAR,
          answered.correctionId,
          {
            version:
              (await listCorrections(db, office, YEAR)).find((c) => c.id === answered.correctionId)?.version ?? 0,
            note: '同意更正',
          },
          at('2019-01-24T17:00'),
        );
        await publishCorrectionDraft(db, office, YEAR, draft.id, {
          version: draft.version,
          at: at('2019-01-25T10:00'),
        });
      }
      appealCount++;
    }
    // Rejected: a township disputing its score on the indicator where it lost most.
    // Another township than the accepted one (and than the demo accounts' towns).
    const free = (c: string) => c.startsWith('XZ') && !['XZ01', 'XZ04', withBonus?.unitId].includes(c);
    const rejectedCode = codes.find((c) => c === 'XZ03' && free(c)) ?? codes.find(free);
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
        at('2019-01-18T15:20'),
      );
      await answerAppeal(
        db,
        office,
        r.id,
        {
          version: r.version,
          decision: 'reject',
          answer: '经考核主体复核，补报材料晚于年终考核数据截止日（12 月 20 日），按方案不予计入。维持原结果。',
        },
        at('2019-01-24T16:00'),
      );
      appealCount++;
    }
    // 南湖镇 (the demo account nanhu), on its biggest loss, on the window's last day but one; rejected.
    const nanhu = await unitActor(db, tenantId, tenantName, 'XZ04');
    if (nanhu?.unitId && codes.includes('XZ04')) {
      const fb = await getFeedback(db, office, { year: YEAR, unitId: nanhu.unitId });
      const lost = fb.lostPoints[0];
      const n = await createAppeal(
        db,
        nanhu,
        {
          year: YEAR,
          indicatorId: lost?.id ?? null,
          reason: `「${lost?.name ?? '相关指标'}」的统计口径与市里下达口径不一致，导致本单位完成率偏低。`,
          request: '请按市里口径重新计算完成率。',
        },
        at('2019-01-21T11:00'),
      );
      await answerAppeal(
        db,
        office,
        n.id,
        {
          version: n.version,
          decision: 'reject',
          answer: '考核方案明确该指标按县统计部门年报口径考核，市里口径用于市对县考核，各乡镇口径一致。维持原结果。',
        },
        at('2019-01-28T10:00'),
      );
      appealCount++;
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
      // The office confirms the findings after the appeals are settled; the deadline is the default (publication
      // + 90 days: 2019-04-15).
      const generatedAt = at('2019-01-30T10:00');
      await generateRectifications(
        db,
        office,
        { year: YEAR, deadline: preview.defaultDeadline, keys: preview.items.map((i) => i.key) },
        generatedAt,
      );
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
          await createRectification(
            db,
            office,
            {
              year: YEAR,
              unitId: xz01.id,
              finding: `「${lost.name}」为本单位失分最多的指标（失 ${lost.lost} 分，本类别最高 ${lost.best}）：对标先进查找差距，巩固领先位次。`,
              deadline: preview.defaultDeadline,
            },
            generatedAt,
          );
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
      type Step = ['progress' | 'submit' | 'return' | 'close', string];
      const step = async (id: string, unitCode: string, steps: Step[]) => {
        const actor = await unitActor(db, tenantId, tenantName, unitCode);
        if (!actor) return;
        let version = 1;
        for (const [s, when] of steps) {
          if (s === 'progress') {
            version = (
              await reportProgress(
                db,
                actor,
                id,
                {
                  version,
                  progress: 60,
                  note: '已召开专题会议分析失分原因，整改方案已印发，正在逐项落实。',
                  measures: '1. 明确分管领导和责任股室；2. 建立周调度、月通报机制；3. 年中开展自查。',
                  submit: false,
                },
                at(when),
              )
            ).version;
          } else if (s === 'submit') {
            version = (
              await reportProgress(
                db,
                actor,
                id,
                {
                  version,
                  progress: 100,
                  note: '整改措施已全部落实，相关制度已建立并运行，佐证材料已归档。',
                  submit: true,
                },
                at(when),
              )
            ).version;
          } else {
            version = (
              await verifyRectification(
                db,
                office,
                id,
                {
                  version,
                  decision: s === 'close' ? 'close' : 'return',
                  note:
                    s === 'close'
                      ? '经实地核验，整改到位，予以销号。'
                      : '佐证材料不足以证明整改到位，请补充后重新报送。',
                },
                at(when),
              )
            ).version;
          }
        }
      };
      // On the ledger's own calendar (deadline 2019-04-15): 城关镇 halfway, one item submitted for verification,
      // one returned, one closed; a veto item whose deadline the office brought forward to the end of the first
      // quarter and that is overdue from 2019-04-01; the rest not started.
      const code = (i: { unitId: string }) => unitCodes.get(i.unitId) ?? '';
      const inProgress = pick((i) => code(i) === 'XZ01') ?? pick();
      if (inProgress) await step(inProgress.id, code(inProgress), [['progress', '2019-03-12T16:30']]);
      const submitted = pick();
      if (submitted)
        await step(submitted.id, code(submitted), [
          ['progress', '2019-03-08T11:00'],
          ['submit', '2019-04-10T15:00'],
        ]);
      const returned = pick();
      if (returned)
        await step(returned.id, code(returned), [
          ['progress', '2019-03-06T10:00'],
          ['submit', '2019-04-03T09:40'],
          ['return', '2019-04-08T14:00'],
        ]);
      const closed = pick((i) => i.source !== 'veto');
      if (closed)
        await step(closed.id, code(closed), [
          ['progress', '2019-03-05T10:00'],
          ['submit', '2019-03-28T17:00'],
          ['close', '2019-04-09T10:00'],
        ]);
      const overdue = pick((i) => i.source === 'veto') ?? pick();
      if (overdue) {
        await updateRectification(
          db,
          office,
          overdue.id,
          { version: 1, deadline: '2019-03-31' },
          at('2019-01-31T10:00'),
        );
      }
    }
  }
  return { appeals: appealCount, rectifications: itemCount };
}
