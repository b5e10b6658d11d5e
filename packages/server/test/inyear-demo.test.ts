import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/client';
import { evidenceFiles, lights, redLightItems, reports, tenants } from '../src/db/schema';
import { seedDemo } from '../src/seed/demo';
import { seedInYear2019 } from '../src/seed/inyear-2019';
import { openTestDatabase } from './helpers';

let handle: DbHandle;
let tenantId = '';
/** False when another test file sharing the PostgreSQL seeded the demo first (its files are in its DATA_DIR). */
let seededHere = false;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-inyear-demo-'));
const savedDataDir = process.env.DATA_DIR;
beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  handle = await openTestDatabase();
  const existing = await handle.db.select().from(tenants).where(eq(tenants.code, 'demo'));
  seededHere = !existing[0];
  tenantId = existing[0]?.id ?? (await seedDemo(handle.db)).tenantId;
}, 120_000);
afterAll(async () => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo county mid-2019 (as of 2019-07-15)', () => {
  it('has reports in every state, one changed after approval', async () => {
    const rows = await handle.db
      .select({ status: reports.status, changed: reports.changedAfterApproval })
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, 2019)));
    const states = new Set(rows.map((r) => r.status));
    for (const s of ['draft', 'submitted', 'returned', 'approved']) expect(states).toContain(s);
    expect(rows.filter((r) => r.changed)).toHaveLength(1);
    // How long the whole demo county takes to seed is a benchmark figure (docs/performance.md), not a test.
  });

  it('has real red, yellow and green lights, and red-light items answered and not', async () => {
    const l = await handle.db
      .select({ light: lights.light })
      .from(lights)
      .where(and(eq(lights.tenantId, tenantId), eq(lights.year, 2019)));
    const by = (c: string) => l.filter((x) => x.light === c).length;
    expect(by('red')).toBeGreaterThan(0);
    expect(by('yellow')).toBeGreaterThan(0);
    expect(by('green')).toBeGreaterThan(0);
    const items = await handle.db.select().from(redLightItems).where(eq(redLightItems.tenantId, tenantId));
    const st = new Set(items.map((i) => i.status));
    for (const s of ['open', 'answered', 'closed', 'returned']) expect(st).toContain(s);
  });

  it('has evidence files on disk matching their hashes', async () => {
    const ev = await handle.db.select().from(evidenceFiles).where(eq(evidenceFiles.tenantId, tenantId));
    expect(ev.length).toBeGreaterThan(0);
    if (!seededHere) return;
    for (const e of ev) {
      const bytes = fs.readFileSync(path.join(dataDir, 'evidence', tenantId, e.storedName));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
      expect(bytes.length).toBe(e.size);
    }
  });

  it('is idempotent', async () => {
    const before = await handle.db.select({ id: reports.id }).from(reports).where(eq(reports.tenantId, tenantId));
    await seedInYear2019(handle.db, tenantId);
    const after = await handle.db.select({ id: reports.id }).from(reports).where(eq(reports.tenantId, tenantId));
    expect(after.length).toBe(before.length);
  });
});
