import fs from 'node:fs';
import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { tenants, unitGroups } from '../db/schema';
import { AppError } from '../errors';
import { systemActor, type Actor } from '../modules/auth/actor';
import { EXCEL_KINDS, type ExcelKindName } from '../modules/excel/kinds/kind';
import { formatIssue } from '../modules/excel/messages';
import { exportExcel, importExcel } from '../modules/excel/service';
import { IssueList, ImportRejectedError, loadWorkbook, readSheet } from '../modules/excel/workbook';
import { openConfiguredDatabase } from '../runtime';
import { DEMO_TENANT } from '../seed/demo-county';

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

function kindArg(kind: string): ExcelKindName {
  const found = EXCEL_KINDS.find((k) => k === kind);
  if (!found) throw new Error(`未知的类型 ${kind}，可选 / unknown kind, one of: ${EXCEL_KINDS.join(', ')}`);
  return found;
}

function yearArg(year: string | undefined): number | undefined {
  if (year === undefined) return undefined;
  const y = Number(year);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new Error(`年度 ${year} 无效 / invalid --year`);
  return y;
}

/** Opens the configured database and runs `fn` as the system actor of the county. */
async function asSystem<T>(tenantCode: string, fn: (db: Database, actor: Actor) => Promise<T>): Promise<T> {
  const handle = await openConfiguredDatabase(loadConfig());
  try {
    await handle.migrate();
    const rows = await handle.db.select().from(tenants).where(eq(tenants.code, tenantCode));
    const tenant = rows[0];
    if (!tenant) throw new Error(`县区 ${tenantCode} 不存在 / no county with code ${tenantCode}`);
    return await fn(handle.db, systemActor(tenant.id, tenant.name));
  } finally {
    await handle.close();
  }
}

interface Opts {
  year?: string;
  tenant: string;
  createGroups?: boolean;
  skipDuplicates?: boolean;
}

/**
 * A units file refused without --create-groups: the group names it gives that the county lacks, and the county's
 * groups, so the operator sees at once what to fix or to confirm (the row-by-row report follows).
 */
async function unknownGroups(
  db: Database,
  actor: Actor,
  body: Buffer,
): Promise<{ unknown: string[]; known: string[] } | null> {
  const groups = await db
    .select({ code: unitGroups.code, name: unitGroups.name, retiredAt: unitGroups.retiredAt })
    .from(unitGroups)
    .where(eq(unitGroups.tenantId, actor.tenantId))
    .orderBy(asc(unitGroups.sortOrder), asc(unitGroups.code));
  const names = new Set(groups.flatMap((g) => [g.code, g.name]));
  let values: string[];
  try {
    const column = { key: 'group', header: '考核类别', headerEn: 'group', type: 'text', required: true } as const;
    const rows = readSheet(
      await loadWorkbook(body),
      { sheet: '考核对象', title: '', columns: [{ ...column, width: 16, help: '' }] },
      new IssueList(),
    );
    values = rows.flatMap((r) => (r.values.group === null ? [] : [String(r.values.group).trim()]));
  } catch {
    return null;
  }
  const unknown = [...new Set(values.filter((v) => v && !names.has(v)))];
  if (unknown.length === 0) return null;
  const known = groups.filter((g) => g.retiredAt === null).map((g) => `${g.name}（${g.code}）`);
  return { unknown, known };
}

/** `yardstick import <kind> <file.xlsx>` and `yardstick export <kind> <file.xlsx>` (docs/schemes.md "Excel"). */
export function registerExcelCommands(program: Command): void {
  program
    .command('import <kind> <file>')
    .description(
      `all-or-nothing import of an .xlsx file; kind: ${EXCEL_KINDS.join(' | ')} (row-by-row report, exit 1 on error)`,
    )
    .option('--year <year>', 'year of records / indicators (default: the county current year)')
    .option('--tenant <code>', 'county code', DEMO_TENANT.code)
    .option('--create-groups', 'units: create the groups the file names that the county lacks')
    .option('--skip-duplicates', 'records: skip (and count) rows already stored or repeated in the file')
    .action(async (kindName: string, file: string, opts: Opts) => {
      const kind = kindArg(kindName);
      const year = yearArg(opts.year);
      let body: Buffer;
      try {
        body = fs.readFileSync(file);
      } catch (e) {
        throw new Error(`无法读取文件 / cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        let hint: { unknown: string[]; known: string[] } | null = null;
        const r = await asSystem(opts.tenant, async (db, actor) => {
          try {
            return await importExcel(db, actor, kind, body, year, {
              createGroups: opts.createGroups === true,
              skipDuplicates: opts.skipDuplicates === true,
            });
          } catch (e) {
            if (e instanceof ImportRejectedError && kind === 'units' && opts.createGroups !== true) {
              hint = await unknownGroups(db, actor, body);
            }
            throw e;
          }
        }).catch((e: unknown) => {
          const h = hint as { unknown: string[]; known: string[] } | null;
          if (h) {
            err(`文件中本县没有的考核类别 / groups the county lacks: ${h.unknown.join('、')}`);
            err(`本县的考核类别 / the county's groups: ${h.known.join('、') || '（无 / none）'}`);
            err(
              '改为上述类别之一，或加 --create-groups 确认新建 / use one of these, or add --create-groups to create them',
            );
          }
          throw e;
        });
        out(
          `已导入 / imported ${file}: ${r.imported} 行 rows，新增 created ${r.created}，更新 updated ${r.updated}，未变 unchanged ${r.unchanged}` +
            (r.skipped ? `，跳过重复 skipped duplicates ${r.skipped}` : ''),
        );
        if (r.passwords && r.passwords.length > 0) {
          out('新账号的一次性初始密码（仅显示这一次）/ one-time passwords of the new accounts (shown once):');
          for (const p of r.passwords) out(`  ${p.username}\t${p.password}`);
        }
      } catch (e) {
        if (e instanceof ImportRejectedError) {
          err(`${e.localized('zh-CN')}\n${e.localized('en')}`);
          for (const i of e.issues) err(`  ${formatIssue(i, 'zh-CN')}`);
          process.exitCode = 1;
          return;
        }
        if (e instanceof AppError) {
          err(`${file}: ${e.localized('zh-CN')}\n${e.localized('en')}`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });

  program
    .command('export <kind> <file>')
    .description(`export to an .xlsx file that re-imports unchanged; kind: ${EXCEL_KINDS.join(' | ')}`)
    .option('--year <year>', 'year of records / indicators (default: the county current year)')
    .option('--tenant <code>', 'county code', DEMO_TENANT.code)
    .action(async (kindName: string, file: string, opts: Opts) => {
      const kind = kindArg(kindName);
      const year = yearArg(opts.year);
      const f = await asSystem(opts.tenant, (db, actor) => exportExcel(db, actor, kind, year));
      fs.writeFileSync(file, f.body);
      out(`已导出 / exported ${file} (${f.body.length} bytes)`);
    });
}
