import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../src/db/client';
import { auditLog, tenants, unitGroups, units, users } from '../src/db/schema';
import { AppError } from '../src/errors';
import { ROLES } from '../src/modules/auth/roles';
import { backupCounty, restoreCounty } from '../src/modules/backup/county';
import { verifyAuditChain } from '../src/modules/audit/service';
import { createCounty, type County } from './factories';
import { createTestContext, type TestContext } from './helpers';
import { TEMPLATE_FILE } from './paths';

/**
 * Several counties on one database (issue 15): county A with data of its own, county B beside it. Every GET route
 * of the app, called by every role of B, never answers with A's ids, usernames or names; B's writes on A's objects
 * are refused; a backup of A restores A alone and leaves B as it was.
 */
let ctx: TestContext;
let a: County;
let b: County;
let aUnitId: string;
const A_NAME = `甲县${randomUUID().slice(0, 4)}`;
const A_UNIT = `甲县独有镇${randomUUID().slice(0, 4)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  a = ctx.county;
  await ctx.handle.db.update(tenants).set({ name: A_NAME }).where(eq(tenants.id, a.tenantId));
  const created = await ctx.injectAs('office', {
    method: 'POST',
    url: '/api/units',
    payload: { code: 'JX01', name: A_UNIT, kind: 'township', groupId: a.groups.township },
  });
  if (created.statusCode !== 201 && created.statusCode !== 200) throw new Error(created.body);
  aUnitId = (created.json() as { id: string }).id;
  b = await createCounty(ctx.handle.db, '乙县');
});
afterAll(() => ctx.close());

const aSecrets = () => [
  a.tenantId,
  aUnitId,
  A_UNIT,
  A_NAME,
  ...Object.values(a.units),
  ...Object.values(a.groups),
  ...Object.values(a.userIds),
  ...Object.values(a.usernames),
];

describe("two counties on one database: B never sees or changes A's data", () => {
  it("every GET route, for every role of B (with A's ids in the path), answers without A's data", async () => {
    const gets = ctx.app.routeTable.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(gets.length).toBeGreaterThan(20);
    const ids = [aUnitId, a.userIds.office, a.groups.township];
    for (const role of ROLES) {
      for (const r of gets) {
        const urls = r.url.includes(':') ? ids.map((id) => r.url.replace(/:\w+/g, id)) : [r.url];
        for (const url of urls) {
          const res = await ctx.injectAs(role, { method: 'GET', url }, b);
          expect(res.statusCode, `${role} GET ${url}`).toBeLessThan(500);
          for (const s of aSecrets()) expect(res.body.includes(s), `${role} GET ${url} leaks ${s}`).toBe(false);
        }
      }
    }
  }, 600_000);

  it("B's writes on A's unit, user and group are refused (403/404) and change nothing", async () => {
    const tries: [string, 'PATCH' | 'POST', string, object][] = [
      ['office', 'PATCH', `/api/units/${aUnitId}`, { version: 1, name: '越权修改' }],
      ['sysadmin', 'PATCH', `/api/users/${a.userIds.office}`, { version: 1, displayName: '越权' }],
      ['sysadmin', 'POST', `/api/users/${a.userIds.office}/reset-password`, { password: 'Hijack@Passw0rd' }],
      ['secadmin', 'PATCH', `/api/users/${a.userIds.office}`, { version: 1, role: 'leader' }],
      ['secadmin', 'POST', `/api/users/${a.userIds.office}/reset-totp`, {}],
      [
        'office',
        'POST',
        '/api/units',
        { code: 'X1', name: '借用甲县类别', kind: 'township', groupId: a.groups.township },
      ],
    ];
    for (const [role, method, url, payload] of tries) {
      const res = await ctx.injectAs(role as 'office', { method, url, payload }, b);
      expect([400, 403, 404], `${role} ${method} ${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
    }
    const [unit] = await ctx.handle.db.select().from(units).where(eq(units.id, aUnitId));
    expect(unit?.name).toBe(A_UNIT);
    const [user] = await ctx.handle.db.select().from(users).where(eq(users.id, a.userIds.office));
    expect(user?.role).toBe('office');
    const borrowed = await ctx.handle.db.select().from(units).where(eq(units.tenantId, b.tenantId));
    expect(borrowed.map((u) => u.groupId)).not.toContain(a.groups.township);
  });
});

describe('backup --county and restore of one county', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-county-backup-'));
    file = path.join(dir, 'a.jsonl.gz');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds A's rows only", async () => {
    const header = await backupCounty(ctx.handle, file, a.code);
    expect(header.county).toMatchObject({ id: a.tenantId, code: a.code });
    expect(header.tables.units?.rows).toBe(5);
    expect(header.tables.users?.rows).toBe(ROLES.length);
    expect(header.tables.tenants?.rows).toBe(1);
    expect(header.tables.audit_log).toBeUndefined();
  });

  it('restores A over its changed rows (--replace) and leaves B untouched', async () => {
    const db = ctx.handle.db;
    await db.update(units).set({ name: '甲县改名镇' }).where(eq(units.id, aUnitId));
    await db.insert(units).values({
      tenantId: a.tenantId,
      code: 'JX99',
      name: '备份后新增',
      kind: 'township',
      groupId: a.groups.township,
    });
    // B changes too, after A's backup: the restore must not undo it.
    await db.insert(units).values({
      tenantId: b.tenantId,
      code: 'YX99',
      name: '乙县备份后新增',
      kind: 'township',
      groupId: b.groups.township,
    });
    const bUnitsBefore = await db.select().from(units).where(eq(units.tenantId, b.tenantId));
    const bUsersBefore = await db.select().from(users).where(eq(users.tenantId, b.tenantId));

    await expect(restoreCounty(ctx.handle, file, { replace: false })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'COUNTY_CODE_TAKEN',
    );
    const report = await restoreCounty(ctx.handle, file, { replace: true });
    expect(report.replaced).toBe(true);

    const aUnits = await db.select().from(units).where(eq(units.tenantId, a.tenantId));
    expect(aUnits.find((u) => u.id === aUnitId)?.name).toBe(A_UNIT);
    expect(aUnits.map((u) => u.code)).not.toContain('JX99');
    expect(await db.select().from(units).where(eq(units.tenantId, b.tenantId))).toEqual(bUnitsBefore);
    expect(await db.select().from(users).where(eq(users.tenantId, b.tenantId))).toEqual(bUsersBefore);
    // A's sign-in still works (users restored), and the restore is in the (untouched, intact) audit chain.
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: a.usernames.office, password: 'Test@Password1' },
    });
    expect(login.statusCode).toBe(200);
    const restored = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenantId), eq(auditLog.action, 'county.restore')));
    expect(restored.length).toBe(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('restores A alone into an empty database', async () => {
    const target: DbHandle = await openDatabase({
      kind: 'pglite-memory',
      loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]),
    });
    try {
      const report = await restoreCounty(target, file, { replace: false });
      expect(report.replaced).toBe(false);
      const all = await target.db.select({ code: tenants.code }).from(tenants);
      expect(all).toEqual([{ code: a.code }]);
      expect((await target.db.select().from(unitGroups)).every((g) => g.tenantId === a.tenantId)).toBe(true);
      expect((await target.db.select().from(units)).map((u) => u.name)).toContain(A_UNIT);
    } finally {
      await target.close();
    }
  });
});
