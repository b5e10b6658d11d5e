import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { schemes, tenants, users } from '../db/schema';
import { systemActor, type Actor } from '../modules/auth/actor';
import type { SchemeDocumentInput } from '../modules/schemes/document';
import { createScheme, getDraftDocument, publishScheme, saveDraft, startNewVersion } from '../modules/schemes/service';
import { demoScheme2018 } from './schemes-2018';
import { demoScheme2019, demoScheme2019Draft } from './schemes-2019';

async function createAndPublish(db: Database, actor: Actor, year: number, name: string, doc: SchemeDocumentInput) {
  const created = await createScheme(db, actor, { year, name });
  const draft = await getDraftDocument(db, actor, created.id);
  const saved = await saveDraft(db, actor, created.id, {
    version: draft.version,
    document: doc,
    note: `${year} 年度方案（演示数据）`,
  });
  await publishScheme(db, actor, created.id, { version: saved.version });
  return created.id;
}

/**
 * The demo county's schemes: 2018 published; 2019 published as version 1 with a draft version 2. Goes through
 * the scheme service, so every step is validated and audited as if the office had done it. Idempotent: a year
 * that already has a scheme is left alone.
 */
export async function seedDemoSchemes(db: Database, tenantId: string): Promise<{ created: number[] }> {
  const [tenant] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  const [office] = await db
    .select({ id: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'office')));
  const actor: Actor = office
    ? {
        ...systemActor(tenantId, tenant?.name),
        userId: office.id,
        displayName: office.displayName,
        username: office.username,
        role: 'office',
      }
    : systemActor(tenantId, tenant?.name);
  const existing = new Set(
    (await db.select({ year: schemes.year }).from(schemes).where(eq(schemes.tenantId, tenantId))).map((r) => r.year),
  );
  const created: number[] = [];
  if (!existing.has(2018)) {
    await createAndPublish(db, actor, 2018, '示范县2018年度实绩考核方案', demoScheme2018());
    created.push(2018);
  }
  if (!existing.has(2019)) {
    const doc2019 = demoScheme2019();
    const id = await createAndPublish(db, actor, 2019, '示范县2019年度实绩考核方案', doc2019);
    const v2 = await startNewVersion(db, actor, id, '根据县委常委会意见调整（草稿）');
    await saveDraft(db, actor, id, {
      version: v2.version,
      document: demoScheme2019Draft(doc2019),
      note: '新增优化营商环境评价，取消退役军人服务站建设指标，调整乡镇评价权重和潜绩加分上限',
    });
    created.push(2019);
  }
  return { created };
}
