/**
 * CSV text for the downloads (dashboards): RFC 4180 quoting plus the OWASP defence against formula injection.
 * A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return,
 * e.g. a unit named `=HYPERLINK(...)`) gets a leading apostrophe, so Excel and WPS show it as text. Numbers are
 * data and are written as they are (a negative score stays a number).
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows separated by CRLF; no BOM (the caller adds one for Excel). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
}
