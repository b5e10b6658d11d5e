import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { tenants } from '../../db/schema';
import type { Locale } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { formatIssue, issuePath } from './messages';
import type { ExcelKind, ExcelKindName, ImportOutcome, KindContext } from './kinds/kind';
import { groupsKind } from './kinds/groups';
import { indicatorsKind } from './kinds/indicators';
import { rankingsKind } from './kinds/rankings';
import { unitParamsKind } from './kinds/unitparams';
import { rulesKind } from './kinds/rules';
import { recordsKind } from './kinds/records';
import { unitsKind } from './kinds/units';
import { usersKind } from './kinds/users';
import { ImportRejectedError, IssueList, loadWorkbook, writeWorkbook } from './workbook';

const KINDS: Record<ExcelKindName, ExcelKind> = {
  groups: groupsKind,
  units: unitsKind,
  users: usersKind,
  records: recordsKind,
  indicators: indicatorsKind,
  unitparams: unitParamsKind,
  rules: rulesKind,
  rankings: rankingsKind,
};

const kindOf = (name: ExcelKindName): ExcelKind => KINDS[name];

const KIND_LABELS: Record<ExcelKindName, string> = {
  groups: '考核类别',
  units: '考核对象',
  users: '账号',
  records: '加扣分记录',
  indicators: '指标',
  unitparams: '单位参数',
  rules: '考核规则',
  rankings: '排名数据',
};

/** The year asked for, or the county's current year. */
async function contextOf(db: Database, actor: Actor, year?: number): Promise<KindContext> {
  if (year !== undefined) return { year };
  const rows = await db.select({ year: tenants.currentYear }).from(tenants).where(eq(tenants.id, actor.tenantId));
  return { year: rows[0]?.year ?? new Date().getFullYear() };
}

export interface ExcelFile {
  fileName: string;
  body: Buffer;
}

const perYear = (kind: ExcelKindName) =>
  kind === 'records' || kind === 'indicators' || kind === 'unitparams' || kind === 'rules' || kind === 'rankings';

export async function excelTemplate(
  db: Database,
  actor: Actor,
  name: ExcelKindName,
  year?: number,
): Promise<ExcelFile> {
  const kind = kindOf(name);
  const ctx = await contextOf(db, actor, year);
  const body = await writeWorkbook(await kind.spec(db, actor, ctx), []);
  return { fileName: `${kind.fileName}${perYear(name) ? `-${ctx.year}` : ''}-模板.xlsx`, body };
}

export async function exportExcel(db: Database, actor: Actor, name: ExcelKindName, year?: number): Promise<ExcelFile> {
  const kind = kindOf(name);
  const ctx = await contextOf(db, actor, year);
  const [spec, rows] = await Promise.all([kind.spec(db, actor, ctx), kind.exportRows(db, actor, ctx)]);
  const body = await writeWorkbook(spec, rows);
  return { fileName: `${kind.fileName}${perYear(name) ? `-${ctx.year}` : ''}.xlsx`, body };
}

export interface ImportResult extends ImportOutcome {
  kind: ExcelKindName;
  year: number | null;
  /** Data rows read (blank rows are skipped). */
  imported: number;
  digest: string;
  /** A preview: nothing was written. */
  dryRun?: boolean;
}

/**
 * All-or-nothing import: the file is read and every row checked inside one transaction; any issue throws
 * ImportRejectedError (rolling back whatever was written) and the audit log gets one record per import.
 * With `dryRun` the same work runs and is rolled back: the answer counts what the import would do.
 */
export async function importExcel(
  db: Database,
  actor: Actor,
  name: ExcelKindName,
  file: Buffer,
  year?: number,
  options: { createGroups?: boolean; skipDuplicates?: boolean; dryRun?: boolean } = {},
): Promise<ImportResult> {
  const kind = kindOf(name);
  const digest = createHash('sha256').update(file).digest('hex');
  const wb = await loadWorkbook(file);
  const ctx = {
    ...(await contextOf(db, actor, year)),
    createGroups: options.createGroups === true,
    skipDuplicates: options.skipDuplicates === true,
  };
  try {
    return await db.transaction(async (tx) => {
      const issues = new IssueList();
      const outcome = await kind.importRows(tx, actor, wb, issues, ctx);
      if (!issues.empty) throw new ImportRejectedError(issues.final(), issues.total, issues.refusedRows);
      const imported = outcome.created + outcome.updated + outcome.unchanged;
      const result: ImportResult = { kind: name, year: perYear(name) ? ctx.year : null, imported, ...outcome, digest };
      if (options.dryRun) {
        // A preview: the same checks and counts as the import, then everything it wrote is rolled back (no audit
        // record, no one-time passwords: the accounts were never created).
        throw new DryRunRollback({ ...result, passwords: undefined, dryRun: true });
      }
      await recordAudit(tx, actor, {
        action: 'excel.import',
        entityType: name,
        summary: `导入${perYear(name) ? `${ctx.year} 年` : ''}${KIND_LABELS[name]}：${imported} 行，新增 ${outcome.created}，更新 ${outcome.updated}，未变 ${outcome.unchanged}${outcome.removed ? `，删除 ${outcome.removed}` : ''}${outcome.skipped ? `，跳过重复 ${outcome.skipped}` : ''}`,
        // Counts and the file's digest; never the one-time passwords.
        after: {
          kind: name,
          year: result.year,
          rows: imported,
          ...outcome,
          passwords: undefined,
          sha256: digest,
          bytes: file.length,
        },
      });
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.preview;
    throw err;
  }
}

/** Thrown inside a preview's transaction so that nothing it wrote stays. */
class DryRunRollback extends Error {
  constructor(readonly preview: ImportResult) {
    super('dry run');
  }
}

/** The 400 body of a rejected import: the usual error shape plus `rows`, in the caller's language. */
export function rejectionBody(err: ImportRejectedError, locale: Locale) {
  return {
    error: {
      code: err.code,
      message: err.localized(locale),
      details: err.issues.map((i) => ({ path: issuePath(i, locale), message: formatIssue(i, locale) })),
      rows: err.issues.map((i) => ({ row: i.row, column: i.column, message: formatIssue(i, locale) })),
      ...(err.refusedRows === undefined ? {} : { refusedRows: err.refusedRows }),
    },
  };
}
