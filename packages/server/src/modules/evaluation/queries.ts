/**
 * The evaluation module's data access: one named function per query over campaigns, voting codes, ballots and the
 * county's units. No state checks, audit records, caches or answer shapes here: `service.ts` runs the transactions
 * (passing `tx` as `db`), keeps the voting path's memory and decides.
 */
import { randomUUID } from 'node:crypto';
import type { Mark } from '@yardstick/engine/ballot-rules';
import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog, ballotPool, ballots, evaluationCampaigns, unitGroups, units, votingCodes } from '../../db/schema';
import type { CountyUnit } from './config';
import type { StoredBallot } from './tally';

export type CampaignRow = typeof evaluationCampaigns.$inferSelect;

/** The county's units with their group's code, in the order of the forms (group, unit order, code). */
export async function countyUnits(db: Database, tenantId: string): Promise<CountyUnit[]> {
  const rows = await db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      kind: units.kind,
      groupCode: unitGroups.code,
      active: units.active,
      sortOrder: units.sortOrder,
      groupOrder: unitGroups.sortOrder,
    })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    .where(eq(units.tenantId, tenantId))
    .orderBy(asc(unitGroups.sortOrder), asc(units.sortOrder), asc(units.code));
  return rows.map(({ groupOrder: _g, ...u }) => u);
}

/** A campaign of the county; `forUpdate` locks the row until the transaction ends. */
export async function campaignById(
  db: Database,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<CampaignRow | undefined> {
  const q = db
    .select()
    .from(evaluationCampaigns)
    .where(and(eq(evaluationCampaigns.tenantId, tenantId), eq(evaluationCampaigns.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The county's campaigns (of one year, when given), newest first. */
export function campaignsOf(db: Database, tenantId: string, year: number | undefined): Promise<CampaignRow[]> {
  return db
    .select()
    .from(evaluationCampaigns)
    .where(
      and(
        eq(evaluationCampaigns.tenantId, tenantId),
        year === undefined ? undefined : eq(evaluationCampaigns.year, year),
      ),
    )
    .orderBy(desc(evaluationCampaigns.year), desc(evaluationCampaigns.createdAt));
}

/** Another campaign of the same year that is open or closed (a year has one vote), if any. */
export async function otherCampaignVotingInYear(
  db: Database,
  tenantId: string,
  year: number,
  exceptId: string,
): Promise<string | undefined> {
  const [other] = await db
    .select({ id: evaluationCampaigns.id })
    .from(evaluationCampaigns)
    .where(
      and(
        eq(evaluationCampaigns.tenantId, tenantId),
        eq(evaluationCampaigns.year, year),
        ne(evaluationCampaigns.status, 'draft'),
        ne(evaluationCampaigns.id, exceptId),
      ),
    );
  return other?.id;
}

/** A new campaign row. */
export async function insertCampaign(
  db: Database,
  values: typeof evaluationCampaigns.$inferInsert,
): Promise<CampaignRow | undefined> {
  const [row] = await db.insert(evaluationCampaigns).values(values).returning();
  return row;
}

/** Changes a campaign row. */
export async function updateCampaignRow(
  db: Database,
  id: string,
  set: Partial<typeof evaluationCampaigns.$inferInsert>,
): Promise<void> {
  await db.update(evaluationCampaigns).set(set).where(eq(evaluationCampaigns.id, id));
}

/** A campaign's version and stored config (the voting path reads it when its kept copy is older). */
export async function campaignConfigRow(db: Database, id: string) {
  const [row] = await db
    .select({ version: evaluationCampaigns.version, config: evaluationCampaigns.config })
    .from(evaluationCampaigns)
    .where(eq(evaluationCampaigns.id, id));
  return row;
}

/** Every campaign's code salt (campaigns without one are left out). */
export async function campaignSalts(db: Database): Promise<{ id: string; salt: string }[]> {
  const rows = await db
    .select({ id: evaluationCampaigns.id, salt: sql<string | null>`${evaluationCampaigns.config}->>'codeSalt'` })
    .from(evaluationCampaigns);
  return rows.filter((r): r is { id: string; salt: string } => typeof r.salt === 'string' && r.salt.length > 0);
}

/** Codes issued and used, counted per campaign, rater group and used flag. */
export function codeCounts(db: Database, campaignIds: string[]) {
  return db
    .select({
      campaignId: votingCodes.campaignId,
      raterGroup: votingCodes.raterGroup,
      used: votingCodes.used,
      n: count(),
    })
    .from(votingCodes)
    .where(inArray(votingCodes.campaignId, campaignIds))
    .groupBy(votingCodes.campaignId, votingCodes.raterGroup, votingCodes.used);
}

/** New voting codes (hashed), in batches of 1,000 rows. */
export async function insertCodes(db: Database, rows: (typeof votingCodes.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(votingCodes).values(rows.slice(i, i + 1000));
}

/** Which of these code hashes belong to the campaign. */
export async function knownCodeHashes(db: Database, campaignId: string, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 1000) {
    const chunk = hashes.slice(i, i + 1000);
    const rows = await db
      .select({ h: votingCodes.codeHash })
      .from(votingCodes)
      .where(and(eq(votingCodes.campaignId, campaignId), inArray(votingCodes.codeHash, chunk)));
    for (const r of rows) found.add(r.h);
  }
  return found;
}

/** The code among these hashes with its campaign's state and the audit log's head, in one statement; or undefined. */
export async function codeWithCampaign(db: Database, hashes: string[]) {
  const [row] = await db
    .select({
      hash: votingCodes.codeHash,
      used: votingCodes.used,
      raterGroup: votingCodes.raterGroup,
      raterUnitId: votingCodes.raterUnitId,
      id: evaluationCampaigns.id,
      tenantId: evaluationCampaigns.tenantId,
      name: evaluationCampaigns.name,
      year: evaluationCampaigns.year,
      status: evaluationCampaigns.status,
      version: evaluationCampaigns.version,
      head: sql<number>`(select coalesce(max(${auditLog.id}), 0) from ${auditLog})`.mapWith(Number),
    })
    .from(votingCodes)
    .innerJoin(evaluationCampaigns, eq(evaluationCampaigns.id, votingCodes.campaignId))
    .where(inArray(votingCodes.codeHash, hashes));
  return row;
}

/** The campaign's ballots, always in the order of their random ids: never in insertion (cast) order. */
export async function readBallots(db: Database, campaignId: string): Promise<StoredBallot[]> {
  const rows = await db
    .select({ id: ballots.id, raterGroup: ballots.raterGroup, marks: ballots.marks })
    .from(ballots)
    .where(eq(ballots.campaignId, campaignId))
    .orderBy(asc(ballots.id));
  return rows.map((r) => ({ id: r.id, raterGroup: r.raterGroup, marks: r.marks as Record<string, Mark> }));
}

/** Replaces the campaign's ballots by these (in this order, in batches of 500 rows). */
export async function replaceBallots(
  db: Database,
  tenantId: string,
  campaignId: string,
  rows: readonly StoredBallot[],
): Promise<void> {
  await db.delete(ballots).where(eq(ballots.campaignId, campaignId));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(ballots).values(
      rows.slice(i, i + 500).map((b) => ({
        id: b.id,
        tenantId,
        campaignId,
        raterGroup: b.raterGroup,
        marks: b.marks,
      })),
    );
  }
}

/**
 * Consumes a code and seals its ballot into the pool in one statement, under a share lock on the open campaign
 * (see `castBallot`): whether the campaign was open, whether this submission won the code, and how many ballots
 * the rater group's pool held before it.
 */
export async function consumeCodeAndSeal(
  db: Database,
  v: { campaignId: string; tenantId: string; codeHash: string; raterGroup: string; keyId: string; sealed: string },
): Promise<{ open: number; accepted: number; pending: number } | undefined> {
  const result = (await db.execute(sql`
    with campaign as (
      select ${evaluationCampaigns.id} from ${evaluationCampaigns}
      where ${evaluationCampaigns.id} = ${v.campaignId} and ${evaluationCampaigns.status} = 'open'
      for share
    ), consumed as (
      update ${votingCodes} set "used" = true
      where ${votingCodes.codeHash} = ${v.codeHash} and ${votingCodes.used} = false
        and exists (select 1 from campaign)
      returning ${votingCodes.raterGroup}
    ), sealed as (
      insert into ${ballotPool} ("id", "tenant_id", "campaign_id", "rater_group", "key_id", "sealed")
      select ${randomUUID()}::uuid, ${v.tenantId}::uuid, ${v.campaignId}::uuid, ${v.raterGroup}::text, ${v.keyId}::text,
        ${v.sealed}::text from consumed
      returning 1
    )
    select (select count(*) from campaign)::int as "open", (select count(*) from sealed)::int as "accepted",
      (select count(*) from ${ballotPool} where ${ballotPool.campaignId} = ${v.campaignId}
        and ${ballotPool.raterGroup} = ${v.raterGroup})::int as "pending"
  `)) as unknown as { rows: { open: number; accepted: number; pending: number }[] };
  return result.rows[0];
}
