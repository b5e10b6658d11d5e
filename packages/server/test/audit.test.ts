import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../src/modules/audit/service';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  for (let i = 0; i < 3; i++) {
    await ctx.injectAs('office', {
      method: 'POST',
      url: '/api/units',
      payload: { code: `A${i}`, name: `审计测试镇${i}`, kind: 'township', groupId: ctx.county.groups.township },
    });
  }
});
afterAll(() => ctx.close());

describe('audit log', () => {
  it('chains every record to the previous one', async () => {
    const r = await verifyAuditChain(ctx.handle.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThanOrEqual(3 + 1); // three creations and at least one login
  });

  it('stays one unbroken chain when many transactions append at once (PostgreSQL: really concurrent)', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ctx.handle.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await recordAudit(tx, null, {
            action: 'test.parallel',
            summary: `并发写入 ${i}`,
            after: { i, at: new Date(0) },
          });
        }),
      ),
    );
    const r = await verifyAuditChain(ctx.handle.db);
    expect(r.ok, JSON.stringify(r.firstBroken)).toBe(true);
    const rows = (await ctx.handle.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'test.parallel'`,
    )) as unknown as { rows: { n: number }[] };
    expect(Number(rows.rows[0]?.n)).toBeGreaterThanOrEqual(24);
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    await expect(ctx.handle.db.execute(sql`update audit_log set summary = 'x'`)).rejects.toThrow();
    await expect(ctx.handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it("detects a record edited behind the application's back and names the first broken one", async () => {
    const ids = (await ctx.handle.db.execute(sql`select id from audit_log order by id`)) as unknown as {
      rows: { id: number | string }[];
    };
    const victim = Number(ids.rows[1]?.id);
    const original = (await ctx.handle.db.execute(
      sql`select summary from audit_log where id = ${victim}`,
    )) as unknown as {
      rows: { summary: string }[];
    };
    const setSummary = async (summary: string) => {
      await ctx.handle.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await ctx.handle.db.execute(sql`update audit_log set summary = ${summary} where id = ${victim}`);
      await ctx.handle.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    };
    await setSummary('篡改');
    try {
      const r = await verifyAuditChain(ctx.handle.db);
      expect(r.ok).toBe(false);
      expect(r.firstBroken).toEqual({ id: victim, reason: 'hash_mismatch' });
    } finally {
      // A shared PostgreSQL outlives this run: put the record back so the chain is whole again.
      await setSummary(original.rows[0]?.summary ?? '');
    }
    expect((await verifyAuditChain(ctx.handle.db)).ok).toBe(true);
  });
});
