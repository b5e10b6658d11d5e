/**
 * Year-end from the command line: `compute --year Y` (from the database), `bulletin --year Y --out file.docx`,
 * `results correct --year Y --reason …` and `results verify --year Y`. They act as the system on behalf of the
 * office (audited as 系统).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import type { DbHandle } from '../db/client';
import { tenants } from '../db/schema';
import { systemActor, type Actor } from '../modules/auth/actor';
import { bulletinFile, workbookFile } from '../modules/results/documents';
import { prepareCorrection } from '../modules/results/corrections';
import { readPrintedSeals, verifyPublishedYear } from '../modules/audit/publication';
import { computeYear } from '../modules/results/service';
import { loadComputed } from '../modules/results/views';
import { openConfiguredDatabase } from '../runtime';

const out = (line = '') => process.stdout.write(`${line}\n`);

async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openConfiguredDatabase(loadConfig(), { asOwner: true });
  try {
    await handle.migrate();
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** The county: --county CODE, or the only one in the database. */
async function countyActor(handle: DbHandle, code: string | undefined): Promise<Actor> {
  const rows = await handle.db
    .select({ id: tenants.id, code: tenants.code, name: tenants.name })
    .from(tenants)
    .where(code ? eq(tenants.code, code) : undefined)
    .orderBy(asc(tenants.code));
  const t = rows[0];
  if (!t) throw new Error(code ? `县区 ${code} 不存在 / no county with code ${code}` : '数据库中没有县区 / no county');
  if (!code && rows.length > 1)
    throw new Error(`有多个县区，请用 --county 指定 / several counties: --county ${rows.map((r) => r.code).join('|')}`);
  return { ...systemActor(t.id, t.name), role: 'office' };
}

function parseYear(y: string): number {
  const year = Number.parseInt(y, 10);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`--year ${y}: 年度无效 / invalid year`);
  return year;
}

/** `compute --year Y [--county C] [--out f]`: computes from the database, stores the preview, prints results. */
export async function computeYearCommand(opts: { year: string; county?: string; out?: string }): Promise<void> {
  const year = parseYear(opts.year);
  await withDatabase(async (handle) => {
    const actor = await countyActor(handle, opts.county);
    const outcome = await computeYear(handle.db, actor, year);
    let results: unknown = null;
    if (outcome.unitCount > 0) results = (await loadComputed(handle.db, actor, year, 'preview')).results;
    const text = `${JSON.stringify({ ...outcome, results }, null, 2)}\n`;
    if (opts.out) fs.writeFileSync(opts.out, text);
    else process.stdout.write(text);
    const counts = new Map<string, number>();
    for (const b of outcome.blockers) counts.set(b.kind, (counts.get(b.kind) ?? 0) + 1);
    process.stderr.write(
      outcome.blockers.length === 0
        ? `${year} 年度：${outcome.unitCount} 个单位，无阻断问题，可报审定 / no blockers\n`
        : `${year} 年度：${outcome.blockers.length} 项阻断问题 / blockers: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}\n`,
    );
  });
}

export function registerResultCommands(program: Command): void {
  program
    .command('bulletin')
    .description('the results bulletin (通报) of a year as a Word document in the GB/T 9704 layout')
    .requiredOption('--year <year>', 'assessment year')
    .requiredOption('--out <file>', 'the .docx to write')
    .option('--county <code>', 'county code (default: the only county)')
    .option('--preview', 'from the computed preview instead of the published results (marked 草稿/预览)')
    .option('--xlsx <file>', 'also write the full results workbook')
    .action((opts: { year: string; out: string; county?: string; preview?: boolean; xlsx?: string }) =>
      withDatabase(async (handle) => {
        const actor = await countyActor(handle, opts.county);
        const year = parseYear(opts.year);
        const source = opts.preview ? 'preview' : 'published';
        const file = await bulletinFile(handle.db, actor, year, source);
        fs.writeFileSync(opts.out, file.body);
        out(`已生成通报 / bulletin written: ${opts.out}（${file.fileName}）`);
        if (opts.xlsx) {
          const wb = await workbookFile(handle.db, actor, year, source);
          fs.writeFileSync(opts.xlsx, wb.body);
          out(`已生成结果表 / workbook written: ${opts.xlsx}`);
        }
      }),
    );

  const results = program.command('results').description('published year-end results');
  results
    .command('correct')
    .description(
      'prepare a correction draft: compute the year again from the database, list the units that change; a leader approves it and the office publishes it in the web app',
    )
    .requiredOption('--year <year>')
    .requiredOption('--reason <text>')
    .option('--county <code>')
    .action((opts: { year: string; reason: string; county?: string }) =>
      withDatabase(async (handle) => {
        const actor = await countyActor(handle, opts.county);
        const d = await prepareCorrection(handle.db, actor, { year: parseYear(opts.year), reason: opts.reason });
        out(
          `已生成更正草稿，待领导审定 / correction draft prepared, awaiting a leader's approval: ${d.year} ${d.id}, ${d.changes.length} unit(s) change`,
        );
        for (const c of d.changes)
          out(
            `  ${c.unitName} (${c.unitCode}): ${c.before ? `${c.before.composite} #${c.before.rank} ${c.before.tierName}` : '—'} → ${
              c.after ? `${c.after.composite} #${c.after.rank} ${c.after.tierName}` : '—'
            }`,
          );
      }),
    );
  results
    .command('verify')
    .description(
      "recompute each snapshot's digest (and the engine results); compare it with the digest the audit log recorded at publication and with the one printed in its bulletin",
    )
    .requiredOption('--year <year>')
    .option('--county <code>')
    .option(
      '--bulletin <file>',
      'a bulletin (.docx, or its text) whose printed digest must match (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--digest <sha256>',
      'a digest as printed, which must be one of the year’s snapshots (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action((opts: { year: string; county?: string; bulletin: string[]; digest: string[] }) =>
      withDatabase(async (handle) => {
        const actor = await countyActor(handle, opts.county);
        const printed: { source: string; seq: number | null; digest: string }[] = [];
        for (const file of opts.bulletin) {
          const seals = readPrintedSeals(file);
          if (seals.length === 0) throw new Error(`${file}: 未找到印发的结果摘要 / no printed results digest found`);
          for (const seal of seals) printed.push({ source: file, seq: seal.seq, digest: seal.digest });
        }
        for (const d of opts.digest)
          printed.push({ source: `--digest ${d}`, seq: null, digest: d.trim().toLowerCase() });
        const v = await verifyPublishedYear(handle.db, actor.tenantId, parseYear(opts.year), printed);
        const audit = { ok: 'ok', differs: 'DIFFERS', missing: 'MISSING', pruned: 'pruned (archived)' } as const;
        for (const s of v.snapshots) {
          out(
            `第 ${s.seq} 版 seq ${s.seq}: digest ${s.selfConsistent ? 'ok' : 'MISMATCH'}, recompute ${s.reproducible === null ? 'n/a' : s.reproducible ? 'ok' : 'DIFFERS'}, audit log ${audit[s.audit]}${s.printed.map((p) => `, printed (${p.source}) ${p.ok ? 'ok' : 'DIFFERS'}`).join('')}`,
          );
          if (s.audit === 'differs')
            out(
              `  审计日志记录的摘要 / digest in the audit log: ${s.auditDigest ?? '-'}（快照已被改写？/ snapshot rewritten?）`,
            );
        }
        for (const u of v.unmatched)
          out(`印发的摘要不属于该年度任何一版 / printed digest matches no snapshot: ${u.source} ${u.digest}`);
        if (v.snapshots.length === 0) out('该年度尚未发布 / not published');
        if (!v.ok) process.exitCode = 1;
      }),
    );
}
