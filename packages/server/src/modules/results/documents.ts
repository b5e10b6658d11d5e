/** The bulletin (.docx) and the results workbook (.xlsx) of a year, from the preview or the published snapshot. */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { resultSnapshots, schemes, tenants, units } from '../../db/schema';
import { shanghaiDay } from '../../lib/day';
import { publicationSeal, sealText } from '../audit/publication';
import type { Actor } from '../auth/actor';
import { redLightCounts } from '../city/results';
import { countyIdentity } from '../counties/service';
import { buildResultsWorkbook } from './workbook';
import { diagnosticsOf, loadComputed, rankingOf, unitNameMap, type Computed, type Source } from './views';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function assessorNames(db: Database, tenantId: string): Promise<Record<string, string>> {
  const rows = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.tenantId, tenantId));
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}

async function context(db: Database, actor: Actor, c: Computed) {
  const [[tenant], [scheme], names] = await Promise.all([
    db
      .select({
        name: tenants.name,
        issuingOrgan: tenants.issuingOrgan,
        docNumberPattern: tenants.docNumberPattern,
        signatureOrgan: tenants.signatureOrgan,
      })
      .from(tenants)
      .where(eq(tenants.id, actor.tenantId)),
    db
      .select({ name: schemes.name })
      .from(schemes)
      .where(and(eq(schemes.tenantId, actor.tenantId), eq(schemes.year, c.year))),
    assessorNames(db, actor.tenantId),
  ]);
  return {
    countyName: tenant?.name ?? '',
    // The county's own names on its documents (issue 15).
    identity: countyIdentity(tenant ?? { name: '' }),
    schemeName: scheme?.name ?? `${c.year}年度实绩考核方案`,
    names,
  };
}

export async function bulletinFile(
  db: Database,
  actor: Actor,
  year: number,
  source: Source,
): Promise<{ fileName: string; body: Buffer }> {
  const c = await loadComputed(db, actor, year, source);
  const ctx = await context(db, actor, c);
  const ranking = rankingOf(c, await unitNameMap(db, actor.tenantId));
  const diagnostics = diagnosticsOf(c, ctx.names);
  let redLights: string | null = null;
  let cityRedLights: string | null = null;
  try {
    const counts = await redLightCounts(db, actor.tenantId, { from: `${year}-01-01`, to: `${year}-12-31` });
    // The sentences begin with the period ("2018-01-01 至 2018-12-31，"): the bulletin names the year itself.
    redLights = counts.county.sentence['zh-CN'].replace(/^[^，]*，/, '');
    cityRedLights = counts.city.indicators > 0 ? counts.city.sentence['zh-CN'].replace(/^[^，]*，/, '') : null;
  } catch {
    redLights = null;
  }
  // docx loads with the first bulletin, not at start (src/lib/lazy.ts)
  const { buildBulletin } = await import('./bulletin');
  const body = await buildBulletin({
    year,
    countyName: ctx.countyName,
    schemeName: ctx.schemeName,
    ranking,
    diagnostics,
    redLights,
    cityRedLights,
    docNo: c.snapshot?.seq ?? 0,
    identity: ctx.identity,
    day: c.snapshot ? shanghaiDay(new Date(c.snapshot.publishedAt)) : shanghaiDay(new Date()),
    preview: source === 'preview',
    correction: c.snapshot && c.snapshot.seq > 1 ? await correctionReason(db, actor.tenantId, c.snapshot.id) : null,
    featureIndicators: hasFeatureIndicators(c.scheme),
    decimals: c.scheme.decimals,
    seal: c.snapshot && source === 'published' ? sealText(await publicationSeal(db, actor.tenantId, c.snapshot)) : null,
  });
  const suffix = source === 'preview' ? '（预览）' : '';
  return { fileName: `${year}年度实绩考核结果通报${suffix}.docx`, body };
}

async function correctionReason(db: Database, tenantId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ reason: resultSnapshots.reason })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), eq(resultSnapshots.id, id)));
  return row?.reason ?? null;
}

export async function workbookFile(
  db: Database,
  actor: Actor,
  year: number,
  source: Source,
): Promise<{ fileName: string; body: Buffer }> {
  const c = await loadComputed(db, actor, year, source);
  const names = await assessorNames(db, actor.tenantId);
  const ranking = rankingOf(c, new Map(Object.entries(names)));
  const body = await buildResultsWorkbook(ranking, diagnosticsOf(c, names), {
    title: `${year}年度实绩考核结果`,
    preview: source === 'preview',
    decimals: c.scheme.decimals,
  });
  const suffix = source === 'preview' ? '（预览）' : '';
  return { fileName: `${year}年度实绩考核结果${suffix}.xlsx`, body };
}

/** Does any indicator of the scheme apply to some units only (特色指标)? */
function hasFeatureIndicators(scheme: Computed['scheme']): boolean {
  type Ind = { appliesTo?: string[] | undefined; children?: Ind[] | undefined };
  const any = (list: readonly Ind[]): boolean =>
    list.some((i) => (i.appliesTo?.length ?? 0) > 0 || any(i.children ?? []));
  return [...scheme.blocks, ...scheme.groups.flatMap((g) => g.blocks ?? [])].some((b) => any(b.indicators));
}
