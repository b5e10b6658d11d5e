import { eq } from 'drizzle-orm';
import type { Database, DbHandle } from '../db/client';
import { tenants, unitGroups, units, users } from '../db/schema';
import { recordAudit } from '../modules/audit/service';
import { systemActor } from '../modules/auth/actor';
import { hashPassword } from '../modules/auth/passwords';
import { DEMO_ACCOUNTS, DEMO_GROUPS, DEMO_PASSWORD, DEMO_TENANT, demoUnits } from './demo-county';
import { seedDemoSchemes } from './schemes-seed';
import { seedInYear2019 } from './inyear-2019';
import { seedYearEnd2018 } from './yearend-2018';

/** The demo's units are in force from this day (its history starts with 2017, its first platform year is 2018). */
const DEMO_UNITS_FROM = '2017-01-01';

export interface SeedResult {
  created: boolean;
  tenantId: string;
}

const SEED_LOCK = 727276;

/** Seeds the demo county, one process at a time (instances starting together on an empty PostgreSQL). */
export function seedDemoOnce(handle: DbHandle): Promise<SeedResult> {
  return handle.withLock(SEED_LOCK, () => seedDemo(handle.db));
}

/** Seeds the demo county once; a second call finds it and does nothing. The county itself is one transaction. */
export async function seedDemo(db: Database): Promise<SeedResult> {
  const existing = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, DEMO_TENANT.code));
  if (existing[0]) {
    // Schemes came later than the county: an older demo database gets them now (idempotent).
    await seedDemoSchemes(db, existing[0].id);
    await seedDemoYearData(db, existing[0].id);
    return { created: false, tenantId: existing[0].id };
  }

  // Hash outside the transaction: argon2 is slow on purpose, and PGlite holds one connection.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));

  const result = await db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ ...DEMO_TENANT })
      .returning({ id: tenants.id });
    if (!tenant) throw new Error('tenant insert returned nothing');
    const groupRows = await tx
      .insert(unitGroups)
      .values(DEMO_GROUPS.map((g) => ({ ...g, tenantId: tenant.id })))
      .returning({ id: unitGroups.id, code: unitGroups.code });
    const groupId = new Map(groupRows.map((g) => [g.code, g.id]));
    const unitRows = await tx
      .insert(units)
      // In force since 2017, the first year the demo holds results for (result_history), open-ended (issue 15).
      .values(
        demoUnits().map(({ group, ...u }) => ({
          ...u,
          tenantId: tenant.id,
          groupId: groupId.get(group) ?? '',
          validFrom: DEMO_UNITS_FROM,
        })),
      )
      .returning({ id: units.id, code: units.code });
    const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
    await tx.insert(users).values(
      DEMO_ACCOUNTS.map((a, i) => ({
        tenantId: tenant.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        unitId: a.unitCode ? (unitId.get(a.unitCode) ?? null) : null,
        passwordHash: hashes[i] ?? '',
        // The documented demo accounts keep their published password (issue 8 exempts them).
        mustChangePassword: false,
        passwordChangedAt: new Date(Date.UTC(2019, 0, 2)),
      })),
    );
    await recordAudit(tx, systemActor(tenant.id, DEMO_TENANT.name), {
      action: 'system.seed_demo',
      entityType: 'tenant',
      entityId: tenant.id,
      summary: `初始化示范县演示数据：${DEMO_GROUPS.length} 个考核类别、${unitRows.length} 个考核对象、${DEMO_ACCOUNTS.length} 个账号`,
    });
    return { created: true, tenantId: tenant.id };
  });
  // Right after the county: the schemes go through the scheme service (validated, audited).
  await seedDemoSchemes(db, result.tenantId);
  await seedDemoYearData(db, result.tenantId);
  return result;
}

/**
 * The in-year work, the evaluations and the year-end results of the demo county, in dependency order.
 * Each step is idempotent (it checks for its own rows first), so an older demo database catches up.
 */
async function seedDemoYearData(db: Database, tenantId: string): Promise<void> {
  // --- issue 5 seed (in-year: 2018 approved reports, 2019 mid-year) ---
  await seedInYear2019(db, tenantId);
  await (await import('./supervision-city-2019')).seedSupervisionCity2019(db, tenantId, DEMO_TENANT.name);
  // --- issue 6 seed (evaluation: 2018 closed, 2019 open) ---
  await (await import('./evaluation-demo')).seedEvaluationDemo(db, tenantId, DEMO_TENANT.name);
  // --- issue 7 seed (year-end: 2018 published, appeals, rectification) ---
  await seedYearEnd2018(db, tenantId, DEMO_TENANT.name);
  await (await import('./yearend-followup-2018')).seedYearendFollowup2018(db, tenantId, DEMO_TENANT.name);
  // --- issue 20 seed (R32 negotiations, R33 shared tasks, R35 leadership teams) ---
  await (await import('./targets-shares-cadres')).seedTargetsSharesCadres(db, tenantId, DEMO_TENANT.name);
  // --- issue 20 seed (R31 reports to the county committee) ---
  await (await import('./committee-2019')).seedCommittee2019(db, tenantId, DEMO_TENANT.name);
  void db;
  void tenantId;
}
