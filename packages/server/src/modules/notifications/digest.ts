/**
 * The daily digest: once per user and Asia/Shanghai day, a summary of the unread notifications not yet digested
 * and of the nodes due soon (the unit's own report nodes without a submitted report, and the nodes of the city
 * indicators it carries). Mailed through SMTP when a relay is configured and the user gave an address;
 * otherwise recorded only (notification_digests.outcome = 'recorded'). The (user, day) unique key makes a second
 * run on the same day a no-op, whatever the scheduler does.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import {
  cityIndicatorNodes,
  cityIndicators,
  notificationDigests,
  notifications,
  notificationSettings,
  reports,
  tenants,
  users,
} from '../../db/schema';
import { addDays } from '../../lib/day';
import { loadYearScheme, nodeCellsOf } from '../reports/cells';
import { dayResolver, isExplicitDay } from '../lights/clock';
import type { DailyJob } from '../scheduler/job';
import { sendMail } from './mail';

/** Nodes due within this many days (today included) appear in the digest. */
export const DIGEST_DUE_DAYS = 7;
const MAX_LISTED = 20;

export interface DueItem {
  title: string;
  due: string;
}

export interface DigestContent {
  subject: string;
  body: string;
  unread: number;
  dueSoon: number;
}

export function composeDigest(
  day: string,
  who: string,
  unread: { title: string; createdAt: Date }[],
  due: DueItem[],
): DigestContent {
  const lines = [`${who}：`, '', `以下是 ${day} 的每日提醒（实绩考核管理平台）。`, ''];
  if (unread.length > 0) {
    lines.push(`未读通知 ${unread.length} 条：`);
    for (const n of unread.slice(0, MAX_LISTED)) lines.push(`  · ${n.title}`);
    if (unread.length > MAX_LISTED) lines.push(`  ……另有 ${unread.length - MAX_LISTED} 条`);
    lines.push('');
  }
  if (due.length > 0) {
    lines.push(`${DIGEST_DUE_DAYS} 天内到期的节点 ${due.length} 个：`);
    for (const d of due.slice(0, MAX_LISTED)) lines.push(`  · ${d.due}  ${d.title}`);
    if (due.length > MAX_LISTED) lines.push(`  ……另有 ${due.length - MAX_LISTED} 个`);
    lines.push('');
  }
  lines.push('请登录平台查看详情。本邮件由系统自动发送，请勿回复。');
  return {
    subject: `【实绩考核】${day} 每日提醒：未读 ${unread.length} 条，临近到期节点 ${due.length} 个`,
    body: lines.join('\n'),
    unread: unread.length,
    dueSoon: due.length,
  };
}

/** Nodes due soon per unit id in one county: report nodes without a submitted/approved report, and city nodes. */
async function dueSoonByUnit(db: Database, tenantId: string, year: number, day: string, cityWarnDays: number) {
  const out = new Map<string, DueItem[]>();
  const push = (unitId: string, item: DueItem) => {
    const list = out.get(unitId) ?? [];
    list.push(item);
    out.set(unitId, list);
  };
  const until = addDays(day, DIGEST_DUE_DAYS - 1);
  const ys = await loadYearScheme(db, tenantId, year);
  if (ys) {
    const done = await db
      .select({ unitId: reports.unitId, indicatorId: reports.indicatorId, nodeId: reports.nodeId })
      .from(reports)
      .where(
        and(eq(reports.tenantId, tenantId), eq(reports.year, year), inArray(reports.status, ['submitted', 'approved'])),
      );
    const doneKeys = new Set(done.map((r) => `${r.unitId}|${r.indicatorId}|${r.nodeId}`));
    for (const c of nodeCellsOf(ys)) {
      if (c.due < day || c.due > until) continue;
      if (doneKeys.has(`${c.unit.id}|${c.leaf.id}|${c.nodeId}`)) continue;
      push(c.unit.id, { title: `${c.leaf.name} · ${c.nodeName}`, due: c.due });
    }
  }
  const cityUntil = addDays(day, cityWarnDays);
  const city = await db
    .select({
      name: cityIndicators.name,
      unitIds: cityIndicators.unitIds,
      node: cityIndicatorNodes.name,
      due: cityIndicatorNodes.due,
    })
    .from(cityIndicatorNodes)
    .innerJoin(cityIndicators, eq(cityIndicators.id, cityIndicatorNodes.cityIndicatorId))
    .where(
      and(
        eq(cityIndicators.tenantId, tenantId),
        eq(cityIndicators.year, year),
        isNull(cityIndicatorNodes.light),
        sql`${cityIndicatorNodes.due} >= ${day} and ${cityIndicatorNodes.due} <= ${cityUntil}`,
      ),
    );
  for (const c of city) for (const u of c.unitIds) push(u, { title: `市考「${c.name}」· ${c.node}`, due: c.due });
  for (const list of out.values())
    list.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.title < b.title ? -1 : 1));
  return out;
}

export interface DigestSummary {
  [key: string]: number;
  users: number;
  sent: number;
  recorded: number;
  failed: number;
}

/** Builds and sends (or records) every user's digest for `day`. Safe to run twice: the second run does nothing. */
export async function runDigests(
  db: Database,
  config: Config,
  runDay: string,
  explicitDay = false,
): Promise<DigestSummary> {
  const summary: DigestSummary = { users: 0, sent: 0, recorded: 0, failed: 0 };
  const counties = await db.select({ id: tenants.id, year: tenants.currentYear }).from(tenants);
  const dayOf = dayResolver(db, runDay, explicitDay);
  for (const county of counties) {
    // A county whose current year is pinned (the demo) is digested as of its pinned day: once, not every day.
    const day = await dayOf(county.id, county.year);
    const due = await dueSoonByUnit(db, county.id, county.year, day, config.cityWarnDays);
    const people = await db
      .select({
        id: users.id,
        name: users.displayName,
        unitId: users.unitId,
        role: users.role,
        email: notificationSettings.email,
        digest: notificationSettings.digest,
      })
      .from(users)
      .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
      .where(and(eq(users.tenantId, county.id), eq(users.active, true)))
      .orderBy(asc(users.username));
    for (const p of people) {
      if (p.digest === false) continue;
      const unread = await db
        .select({ id: notifications.id, title: notifications.title, createdAt: notifications.createdAt })
        .from(notifications)
        .where(and(eq(notifications.userId, p.id), isNull(notifications.readAt), isNull(notifications.digestedAt)))
        .orderBy(asc(notifications.createdAt));
      const dueItems = p.role === 'unit' && p.unitId ? (due.get(p.unitId) ?? []) : [];
      if (unread.length === 0 && dueItems.length === 0) continue;
      const content = composeDigest(day, p.name, unread, dueItems);
      const willMail = config.smtp !== null && !!p.email;
      const [claimed] = await db
        .insert(notificationDigests)
        .values({
          tenantId: county.id,
          userId: p.id,
          day,
          outcome: willMail ? 'sending' : 'recorded',
          email: p.email ?? null,
          unread: content.unread,
          dueSoon: content.dueSoon,
          subject: content.subject,
          body: content.body,
        })
        .onConflictDoNothing()
        .returning({ id: notificationDigests.id });
      if (!claimed) continue; // already digested today
      summary.users += 1;
      let outcome: 'sent' | 'recorded' | 'failed' = 'recorded';
      let error: string | null = null;
      if (willMail && config.smtp && p.email) {
        try {
          await sendMail(config.smtp, { to: p.email, subject: content.subject, text: content.body });
          outcome = 'sent';
        } catch (e) {
          outcome = 'failed';
          error = e instanceof Error ? e.message.slice(0, 500) : 'send failed';
        }
        await db.update(notificationDigests).set({ outcome, error }).where(eq(notificationDigests.id, claimed.id));
      }
      summary[outcome] += 1;
      // A failed mail leaves the notifications undigested, so tomorrow's digest carries them again.
      if (outcome !== 'failed' && unread.length > 0) {
        await db
          .update(notifications)
          .set({ digestedAt: new Date() })
          .where(
            inArray(
              notifications.id,
              unread.map((n) => n.id),
            ),
          );
      }
    }
  }
  return summary;
}

export const digestJob: DailyJob = {
  name: 'notifications.digest',
  run: ({ db, config, day, now }) => runDigests(db, config, day, isExplicitDay(day, now)),
};
