import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../lib/lazy';
import { AppError } from '../../errors';
import { msg, t, type CellIssue, type Text } from './messages';
import { assertSafeZip } from './zip';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** More data rows than this and the file is refused before any row is read. */
export const MAX_ROWS = 20_000;
/** Issues listed per rejected file; the rest are counted (a hostile file must not produce a huge answer). */
export const MAX_ISSUES = 500;
const INSTRUCTIONS_SHEET = '说明';
const LISTS_SHEET = '选项';

export type ColumnType = 'text' | 'int' | 'number' | 'date';
export type CellValue = string | number | null;

export interface Column<K extends string = string> {
  key: K;
  /** Chinese header, written in row 1 and matched on import. */
  header: string;
  headerEn: string;
  type: ColumnType;
  required?: boolean;
  /** Width in characters. */
  width: number;
  /** Dropdown list of allowed values (data validation); other values are refused unless `lenient`. */
  options?: readonly string[];
  /** The kind checks the value itself (e.g. a group given by name or by code). */
  lenient?: boolean;
  /** What to write in the cell, shown in the instructions sheet and as the header's note. */
  help: string;
  /** Written on export, ignored on import (e.g. a unit's name next to its code). */
  informational?: boolean;
  /** Identifies a stored row (a code): its pre-filled cells are locked; blank rows below stay open for new rows. */
  locked?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Codes, phone numbers, user names: NFKC-normalised (ＸＺ０１ → XZ01) before any check. */
  nfkc?: boolean;
}

export interface SheetSpec<K extends string = string> {
  /** Name of the data sheet. */
  sheet: string;
  title: string;
  columns: readonly Column<K>[];
  /** Extra lines for the instructions sheet. */
  notes?: readonly string[];
}

export interface ParsedRow<K extends string = string> {
  row: number;
  values: Record<K, CellValue>;
}

/** Collects the issues of one import; stops listing (but keeps counting) after MAX_ISSUES. */
export class IssueList {
  readonly items: CellIssue[] = [];
  total = 0;
  private readonly cells = new Set<string>();
  /** Sheet rows with at least one issue (0: the file as a whole, not a row). */
  private readonly badRows = new Set<number>();
  /** Headers in sheet order, so issues sort by row, then left to right. */
  columnOrder: string[] = [];
  add(row: number, column: Pick<Column, 'header' | 'headerEn'> | null, message: Text): void {
    this.total++;
    if (row > 0) this.badRows.add(row);
    this.cells.add(`${row}\u0000${column?.header ?? ''}`);
    if (this.items.length < MAX_ISSUES) {
      this.items.push({ row, column: column?.header ?? '', columnEn: column?.headerEn ?? '', message });
    }
  }
  /** Whether this cell already has an issue (so a bad value is not also reported as blank). */
  hasCell(row: number, column: Pick<Column, 'header'>): boolean {
    return this.cells.has(`${row}\u0000${column.header}`);
  }
  get empty(): boolean {
    return this.total === 0;
  }
  /** How many rows the file had issues on (all of them, not only the listed ones). */
  get refusedRows(): number {
    return this.badRows.size;
  }
  /** The listed issues, plus one line saying how many were left out. */
  final(): CellIssue[] {
    const pos = (c: string) => (c === '' ? Number.MAX_SAFE_INTEGER : this.columnOrder.indexOf(c));
    const out = [...this.items].sort((a, b) => a.row - b.row || pos(a.column) - pos(b.column));
    if (this.total > this.items.length) {
      const last = out[out.length - 1]?.row ?? 1;
      out.push({ row: last, column: '', columnEn: '', message: msg.more(this.total - this.items.length) });
    }
    return out;
  }
}

/** Thrown when a file has bad cells: nothing was written; `issues` says where and why. */
export class ImportRejectedError extends AppError {
  readonly issues: CellIssue[];
  /** Rows refused (a row with several bad cells counts once); absent when not counted. */
  readonly refusedRows: number | undefined;
  constructor(issues: CellIssue[], total: number, refusedRows?: number) {
    super('IMPORT_REJECTED', { count: total });
    this.issues = issues;
    this.refusedRows = refusedRows;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** What a file that is not a zip is, from its first bytes (for the message). */
function notZipKind(buf: Buffer): 'xls' | 'other' {
  // The compound-file header: an Excel 97–2003 .xls, or an .xlsx with an opening password (both OLE files).
  return buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1 ? 'xls' : 'other';
}

/** Whether the zip names this entry (names are stored uncompressed, in the local and central headers). */
const hasEntry = (buf: Buffer, name: string) => buf.includes(Buffer.from(name, 'latin1'));

/**
 * Loads an xlsx workbook. What is wrong with a file that is not one is said precisely: an empty file, a
 * file that is no zip at all (a PNG or a .csv renamed .xlsx), an old .xls or a password-protected workbook,
 * a zip that holds no spreadsheet (a .docx, an .ods), or an .xlsx that ExcelJS cannot read (with its reason).
 * Any .xlsx ExcelJS reads loads, whichever program saved it (Excel, WPS, LibreOffice, a script).
 */
export async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  if (buf.length === 0) throw new AppError('IMPORT_EMPTY');
  // Every xlsx is a zip: it starts with "PK\x03\x04".
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) {
    throw new AppError(notZipKind(buf) === 'xls' ? 'IMPORT_OLD_XLS' : 'IMPORT_NOT_XLSX');
  }
  // Zip bombs: every entry is inflated once here, counting real bytes, before ExcelJS (JSZip) expands it.
  await assertSafeZip(buf);
  if (!hasEntry(buf, 'xl/')) {
    const what = hasEntry(buf, 'word/document.xml')
      ? 'Word (.docx)'
      : hasEntry(buf, 'ppt/presentation.xml')
        ? 'PowerPoint (.pptx)'
        : hasEntry(buf, 'content.xml')
          ? 'OpenDocument (.ods)'
          : 'zip';
    throw new AppError('IMPORT_NO_WORKBOOK', { what });
  }
  const wb = await newWorkbook();
  try {
    // ExcelJS's typings want its own Buffer type; a Node Buffer is what it reads.
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 120);
    throw new AppError('IMPORT_UNREADABLE', { reason });
  }
  if (wb.worksheets.length === 0) throw new AppError('IMPORT_NO_SHEETS');
  return wb;
}

/** A header as matched: NFKC (full-width → half-width), no spaces or line breaks, no *, no （必填）. */
export const normaliseHeader = (v: string) =>
  v
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/\(必填\)|【必填】|\[必填\]/g, '');

function plainText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('text' in value && value.text && typeof value.text === 'object' && 'richText' in value.text) {
      return plainText(value.text as ExcelJS.CellValue);
    }
  }
  return '';
}

function isoDate(d: Date): string {
  // Excel dates have no time zone; ExcelJS reads them as UTC. Round to the second against float noise.
  const rounded = new Date(Math.round(d.getTime() / 1000) * 1000);
  return rounded.toISOString().slice(0, 10);
}

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2200) return null;
  return date.toISOString().slice(0, 10);
}

/** 2019-03-31, 2019/3/31, 2019.3.31, 2019年3月31日, 20190331 → '2019-03-31'. */
export function parseDateText(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function parseNumberText(raw: string): number | null {
  const s = raw.normalize('NFKC').replace(/,/g, '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** One cell → a normalised value of the column's type, or an issue. */
function readCell(cell: ExcelJS.Cell, col: Column, rowNo: number, issues: IssueList): CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = 'formula' in value && value.formula ? value.formula : String(cell.formula ?? '');
      issues.add(rowNo, col, msg.formula(f.length > 40 ? `${f.slice(0, 40)}…` : f));
      return null;
    }
    if ('error' in value) {
      issues.add(rowNo, col, msg.errorValue(String(value.error)));
      return null;
    }
  }
  switch (col.type) {
    case 'int':
    case 'number': {
      let n: number | null;
      if (typeof value === 'number') {
        n = value;
      } else {
        const s = plainText(value).trim();
        if (s === '') return null;
        n = parseNumberText(s);
      }
      if (n === null) {
        issues.add(rowNo, col, col.type === 'int' ? msg.integer() : msg.number());
        return null;
      }
      if (col.type === 'int' && !Number.isInteger(n)) {
        issues.add(rowNo, col, msg.integer());
        return null;
      }
      if ((col.min !== undefined && n < col.min) || (col.max !== undefined && n > col.max)) {
        issues.add(rowNo, col, msg.range(col.min ?? -Infinity, col.max ?? Infinity));
        return null;
      }
      return n;
    }
    case 'date': {
      if (value instanceof Date) return isoDate(value);
      if (typeof value === 'number') {
        // A date typed into a cell without a date format arrives as Excel's serial day number.
        if (value > 0 && value < 2958466) return isoDate(new Date(Date.UTC(1899, 11, 30) + value * 86_400_000));
        issues.add(rowNo, col, msg.date());
        return null;
      }
      const s = plainText(value).trim();
      if (s === '') return null;
      const d = parseDateText(s);
      if (!d) issues.add(rowNo, col, msg.date());
      return d;
    }
    case 'text': {
      // Numbers typed into text cells (codes, phone numbers) come back as their digits.
      const raw = plainText(value);
      const s = (col.nfkc ? raw.normalize('NFKC') : raw).trim();
      if (s === '') return null;
      if (col.maxLength !== undefined && s.length > col.maxLength) {
        issues.add(rowNo, col, msg.tooLong(col.maxLength));
        return null;
      }
      if (col.options && !col.options.includes(s)) {
        // A dropdown value typed with full-width letters or stray spaces is still that value.
        const loose = normaliseHeader(s);
        const hit = col.options.find((o) => normaliseHeader(o) === loose);
        if (hit !== undefined) return hit;
        if (!col.lenient) {
          issues.add(rowNo, col, msg.oneOf(col.options));
          return null;
        }
      }
      return s;
    }
  }
}

function mergedRanges(ws: ExcelJS.Worksheet): Map<string, string> {
  // ExcelJS keeps merges in a private map keyed by the master cell; `ws.model` would rebuild the whole sheet.
  const merges = (ws as unknown as { _merges?: Record<string, { range?: string } | undefined> })._merges ?? {};
  const out = new Map<string, string>();
  for (const [master, dims] of Object.entries(merges)) if (dims?.range) out.set(master, dims.range);
  return out;
}

function findSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet | undefined {
  return (
    wb.getWorksheet(spec.sheet) ??
    wb.worksheets.find((w) => w.state === 'visible' && w.name !== INSTRUCTIONS_SHEET && w.name !== LISTS_SHEET)
  );
}

/** Rows searched for the header: an office sheet has a title, a note or a blank row or two above it. */
export const HEADER_SEARCH_ROWS = 10;

interface HeaderRow<K extends string> {
  rowNo: number;
  positions: Map<K, number>;
  duplicates: { col: Column<K> }[];
  /** The last row the header occupies (a header cell merged down over two rows ends lower). */
  lastRow: number;
}

/** The columns one row names, by header; a merged header cell counts once, at its first column. */
function headerAt<K extends string>(
  ws: ExcelJS.Worksheet,
  spec: SheetSpec<K>,
  rowNo: number,
  merges: Map<string, string>,
): HeaderRow<K> {
  const positions = new Map<K, number>();
  const duplicates: { col: Column<K> }[] = [];
  let lastRow = rowNo;
  ws.getRow(rowNo).eachCell({ includeEmpty: false }, (cell, colNo) => {
    if (cell.isMerged && cell.master.address !== cell.address) return;
    const range = merges.get(cell.address);
    if (range) {
      const end = /:[A-Z]+(\d+)$/.exec(range);
      if (end) lastRow = Math.max(lastRow, Number(end[1]));
    }
    const name = normaliseHeader(plainText(cell.value));
    const col = spec.columns.find((c) => normaliseHeader(c.header) === name);
    if (!col) return;
    if (positions.has(col.key)) duplicates.push({ col });
    positions.set(col.key, colNo);
  });
  return { rowNo, positions, duplicates, lastRow };
}

/**
 * The header row: the first of the first HEADER_SEARCH_ROWS rows that names every required column (a title
 * row, merged title cells, a blank row or a note above it are skipped). When none does, the row naming the
 * most columns, so the missing ones are reported there.
 */
function findHeader<K extends string>(
  ws: ExcelJS.Worksheet,
  spec: SheetSpec<K>,
  merges: Map<string, string>,
): HeaderRow<K> {
  const required = spec.columns.filter((c) => c.required);
  let best: HeaderRow<K> | null = null;
  const last = Math.min(HEADER_SEARCH_ROWS, Math.max(1, ws.rowCount));
  for (let r = 1; r <= last; r++) {
    const h = headerAt(ws, spec, r, merges);
    // A two-row header: cells merged down over both rows, and sub-headers (联系人, 联系电话) under a merged group.
    for (let sub = r + 1; sub <= h.lastRow; sub++) {
      for (const [key, colNo] of headerAt(ws, spec, sub, merges).positions) {
        if (!h.positions.has(key)) h.positions.set(key, colNo);
      }
    }
    if (required.every((c) => h.positions.has(c.key)) && h.positions.size > 0) return h;
    if (!best || h.positions.size > best.positions.size) best = h;
  }
  return best ?? headerAt(ws, spec, 1, merges);
}

/**
 * Reads the data sheet: the header row found by name (order free, extra columns ignored, title rows above
 * skipped), then every non-blank row below it. Formulas, error values and merged data cells are issues;
 * rich text is read as plain text, dates are normalised to YYYY-MM-DD and numbers checked against the
 * column's type and range.
 */
export function readSheet<K extends string>(
  wb: ExcelJS.Workbook,
  spec: SheetSpec<K>,
  issues: IssueList,
): ParsedRow<K>[] {
  const ws = findSheet(wb, spec);
  if (!ws) throw new AppError('IMPORT_NOT_XLSX');
  issues.columnOrder = spec.columns.map((c) => c.header);
  const merges = mergedRanges(ws);
  const header = findHeader(ws, spec, merges);
  const positions = header.positions;
  for (const { col } of header.duplicates) issues.add(header.rowNo, col, msg.duplicateColumn());
  for (const col of spec.columns) {
    if (col.required && !positions.has(col.key)) issues.add(header.rowNo, col, msg.missingColumn());
  }
  if (!issues.empty) return [];

  const read = spec.columns.filter((c) => !c.informational && positions.has(c.key));
  const rows: ParsedRow<K>[] = [];
  let dataRows = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo <= header.lastRow) return;
    const blank = read.every((c) => {
      const v = row.getCell(positions.get(c.key) ?? 0).value;
      return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
    });
    if (blank) return;
    dataRows++;
    if (dataRows > MAX_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: MAX_ROWS });
    const values = {} as Record<K, CellValue>;
    for (const col of spec.columns) {
      const colNo = positions.get(col.key);
      if (colNo === undefined || col.informational) {
        values[col.key] = null;
        continue;
      }
      const cell = row.getCell(colNo);
      if (cell.isMerged) {
        const master = cell.master;
        // Report a merged block once, at its first cell, and the rows it swallowed.
        if (master.address === cell.address || Number(master.row) !== rowNo) {
          issues.add(rowNo, col, msg.merged(merges.get(master.address) ?? master.address));
        }
        values[col.key] = null;
        continue;
      }
      values[col.key] = readCell(cell, col, rowNo, issues);
    }
    rows.push({ row: rowNo, values });
  });
  if (rows.length === 0 && issues.empty) throw new AppError('IMPORT_EMPTY');
  return rows;
}

/** Blank required cells of the rows, as issues. */
export function checkRequired<K extends string>(rows: ParsedRow<K>[], spec: SheetSpec<K>, issues: IssueList): void {
  for (const r of rows) {
    for (const col of spec.columns) {
      if (col.required && !col.informational && r.values[col.key] === null && !issues.hasCell(r.row, col)) {
        issues.add(r.row, col, msg.blank());
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFC00000' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF1F3864' } };
/** Locked cells are greyed so that the lock is visible before a keystroke is refused. */
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export interface WriteOptions {
  /** Lines shown at the top of the instructions sheet, before the column table. */
  extraNotes?: readonly string[];
}

/** Display width of a text in Excel's character units: a CJK character is two. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

/** Lines a wrapped text takes in a column this wide (Excel and LibreOffice do not grow a row's height on opening). */
function linesFor(text: string, width: number): number {
  let n = 0;
  for (const part of text.split('\n')) n += Math.max(1, Math.ceil(textWidth(part) / Math.max(1, width - 1)));
  return n;
}

/** Points for that many lines of the default 11-point font; Excel's limit is 409. */
const rowHeight = (lines: number) => Math.min(409, 15 * lines + 3);

/** The data sheet (first, so Excel opens on it), the instructions sheet and a hidden sheet of dropdown lists. */
export async function writeWorkbook<K extends string>(
  spec: SheetSpec<K>,
  rows: readonly Record<K, CellValue>[],
  options: WriteOptions = {},
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Yardstick 实绩考核管理平台';
  wb.created = new Date(0);
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }] });
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  // Every cell is open for typing; only the header and the pre-filled keys of stored rows are locked below.
  const open: Partial<ExcelJS.Style> = { protection: { locked: false } };
  ws.columns = spec.columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.type === 'text' ? { ...open, numFmt: '@' } : open,
  }));
  const header = ws.getRow(1);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = c.required ? REQUIRED_FONT : c.informational ? { ...HEADER_FONT, italic: true } : HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };
    cell.note = `${c.required ? '【必填】' : ''}${c.help}`;
    cell.protection = { locked: true };
  });
  header.height = 22;
  // long free-text columns (settings written as JSON, descriptions) wrap, so a printout keeps them on the page
  const wraps = spec.columns.map((c) => c.type === 'text' && (c.maxLength ?? 0) >= 2000);
  for (const r of rows) {
    const row = ws.addRow(spec.columns.map((c) => r[c.key] ?? null));
    let lines = 1;
    spec.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const keep = (c.locked === true || c.informational === true) && cell.value !== null;
      cell.protection = { locked: keep };
      if (keep) cell.fill = LOCKED_FILL;
      if (wraps[i] && typeof cell.value === 'string') {
        cell.alignment = { wrapText: true, vertical: 'top' };
        lines = Math.max(lines, linesFor(cell.value, c.width));
      }
    });
    if (lines > 1) row.height = rowHeight(lines);
  }
  // printed on A4 landscape, as wide as the page, the header on every page
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  ws.pageSetup.printTitlesRow = '1:1';

  // ExcelJS supports range validations at run time; its typings only know per-cell ones.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  // Dropdowns: each list lives in a column of the hidden sheet (lists longer than 255 characters must).
  const lastRow = Math.max(1000, rows.length + 500);
  let listCol = 0;
  spec.columns.forEach((c, i) => {
    const colLetter = ws.getColumn(i + 1).letter;
    const range = `${colLetter}2:${colLetter}${lastRow}`;
    if (c.options && c.options.length > 0) {
      listCol++;
      const lc = lists.getColumn(listCol);
      lists.getCell(1, listCol).value = c.header;
      c.options.forEach((o, j) => (lists.getCell(j + 2, listCol).value = o));
      validations.add(range, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`'${LISTS_SHEET}'!$${lc.letter}$2:$${lc.letter}$${c.options.length + 1}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      });
    } else if (c.type === 'int' || c.type === 'number') {
      validations.add(range, {
        type: c.type === 'int' ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [c.min ?? -1e9, c.max ?? 1e9],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `${c.header}须为${c.type === 'int' ? '整数' : '数字'}`,
      });
    }
  });

  // Sheet protection without a password (GB offices' habit: it guards against slips, not against the user, who
  // may lift it under 审阅 → 撤销工作表保护): the header and the codes of stored rows cannot be typed over, while
  // rows can be added, deleted, sorted and filtered and every other cell edited.
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: true,
    deleteRows: true,
    sort: true,
    autoFilter: true,
  });

  help.columns = [{ width: 18 }, { width: 8 }, { width: 70 }, { width: 40 }];
  const title = help.addRow([`${spec.title}导入说明`]);
  title.font = { bold: true, size: 14 };
  const general = [
    '1. 请在“' + spec.sheet + '”工作表中填写，第 1 行为表头（已锁定），导入按表头文字识别各列。',
    '2. 红色表头为必填列；有下拉列表的列请从列表中选择。',
    '3. 导入为“全有或全无”：任何一行有错，整个文件都不会导入，并逐行逐列说明错误。',
    '4. 请填写数值，不要使用公式（公式不会被计算）；不要合并单元格。',
    '   表头和已有记录的编码（灰色单元格）已锁定，防止误改；可以新增、删除、排序行，其他单元格可直接修改。',
    `5. 每个文件最多 ${MAX_ROWS} 行数据。日期请写成 2019-03-31 的形式。`,
    ...(spec.notes ?? []),
    ...(options.extraNotes ?? []),
  ];
  // the general lines run across the sheet's columns; long ones wrap in a merged row as tall as they need
  const helpWidth = 18 + 8 + 70 + 40;
  for (const line of general) {
    const row = help.addRow([line]);
    const lines = linesFor(line, helpWidth);
    if (lines > 1) {
      help.mergeCells(row.number, 1, row.number, 4);
      row.alignment = { wrapText: true, vertical: 'top' };
      row.height = rowHeight(lines);
    }
  }
  help.addRow([]);
  const th = help.addRow(['列名', '必填', '填写说明', '可选值']);
  th.font = { bold: true };
  th.eachCell((c) => (c.fill = HEADER_FILL));
  for (const c of spec.columns) {
    const r = help.addRow([
      c.header,
      c.required ? '是' : c.informational ? '仅导出' : '否',
      c.help,
      c.options ? c.options.join('、') : '',
    ]);
    r.alignment = { wrapText: true, vertical: 'top' };
    const lines = Math.max(linesFor(c.help, 70), linesFor(c.options?.join('、') ?? '', 40), linesFor(c.header, 18));
    if (lines > 1) r.height = rowHeight(lines);
  }
  help.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

export { t };
