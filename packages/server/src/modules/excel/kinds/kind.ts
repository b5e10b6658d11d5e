import type ExcelJS from 'exceljs';
import type { Database } from '../../../db/client';
import type { Permission } from '../../auth/roles';
import type { Actor } from '../../auth/actor';
import type { CellValue, IssueList, SheetSpec } from '../workbook';

export const EXCEL_KINDS = [
  'groups',
  'units',
  'users',
  'records',
  'indicators',
  'unitparams',
  'rules',
  'rankings',
] as const;
export type ExcelKindName = (typeof EXCEL_KINDS)[number];

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Indicators import: indicators of the replaced groups that the file no longer lists. */
  removed?: number;
  /** Indicators import: the draft's validation after the import (details via POST /api/schemes/:id/validate). */
  validation?: { errors: number; warnings: number };
  /** Records import with skipDuplicates: rows left out because the same record is already stored or repeated. */
  skipped?: number;
  /** One-time passwords of accounts created by a users import, shown once. */
  passwords?: { username: string; password: string }[];
}

export interface KindContext {
  /** The year of a per-year kind (records, indicators). */
  year: number;
  /** Units import: create the groups the file names that the county lacks (the office confirmed it). */
  createGroups?: boolean;
  /** Records import: leave out rows that repeat a stored record or an earlier row (counted), instead of refusing. */
  skipDuplicates?: boolean;
}

/** What one kind of list does with Excel: its sheet, its export rows, and its all-or-nothing import. */
export interface ExcelKind {
  kind: ExcelKindName;
  /** File name (without .xlsx) of templates and exports. */
  fileName: string;
  spec(db: Database, actor: Actor, ctx: KindContext): Promise<SheetSpec>;
  exportRows(db: Database, actor: Actor, ctx: KindContext): Promise<Record<string, CellValue>[]>;
  /**
   * Reads and validates every row, adding issues; writes only when there are none. Runs inside the
   * import's transaction, so a failure after a write still leaves nothing behind.
   */
  importRows(
    tx: Database,
    actor: Actor,
    wb: ExcelJS.Workbook,
    issues: IssueList,
    ctx: KindContext,
  ): Promise<ImportOutcome>;
}

export const KIND_PERMISSIONS: Record<ExcelKindName, { read: Permission; write: Permission }> = {
  groups: { read: 'units:read', write: 'units:write' },
  units: { read: 'units:read', write: 'units:write' },
  users: { read: 'users:read', write: 'users:write' },
  records: { read: 'records:read', write: 'records:write' },
  indicators: { read: 'schemes:read', write: 'schemes:write' },
  // issue 17: the draft's per-unit targets, baselines, coefficients and formula parameters
  unitparams: { read: 'schemes:read', write: 'schemes:write' },
  // issue 17: the draft's bonus, deduction and veto rules, caps, periods, group and scheme settings
  rules: { read: 'schemes:read', write: 'schemes:write' },
  // issue 17: the periodic rankings a rankPlaces rule reads (year data, like the records)
  rankings: { read: 'records:read', write: 'records:write' },
};
