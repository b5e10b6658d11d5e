/**
 * Issue 20 R31 in the demo: the office's reports to the county committee on 2019 so far — the first quarter (issued
 * 2019-04-10) and the first half (issued on the demo's pinned day 2019-07-15) — so that the register and the leaders'
 * page show issued reports. Idempotent: a county that has any report is left alone.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { committeeReports, users } from '../db/schema';
import { systemActor } from '../modules/auth/actor';
import { issueCommitteeReport } from '../modules/committee/service';

export async function seedCommittee2019(db: Database, tenantId: string, tenantName: string): Promise<void> {
  const [any] = await db
    .select({ id: committeeReports.id })
    .from(committeeReports)
    .where(eq(committeeReports.tenantId, tenantId))
    .limit(1);
  if (any) return;
  const [office] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.username, 'office')));
  const actor = {
    ...systemActor(tenantId, tenantName),
    role: 'office' as const,
    ...(office ? { userId: office.id, username: 'office', displayName: office.displayName } : {}),
  };
  await issueCommitteeReport(db, actor, { year: 2019, period: 'quarter', index: 1 }, '2019-04-10');
  await issueCommitteeReport(db, actor, { year: 2019, period: 'half', index: 1 }, '2019-07-15');
}
