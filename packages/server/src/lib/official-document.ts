/**
 * The layout of a Party and government official document (公文) in GB/T 9704-2012 《党政机关公文格式》, shared by the
 * results bulletin (通报) and the reports to the county committee: A4; margins top 37 mm, bottom 35 mm, left 28 mm,
 * right 26 mm (版心 156 × 225 mm); 22 lines of 28 characters; the issuing organ's red header (发文机关标志) 35 mm
 * below the top of the 版心, the document number and a red separator line; the title in 方正小标宋简体 size 2
 * (22 pt) centred; the body in 仿宋_GB2312 size 3 (16 pt); headings 一、 in 黑体 and （一） in 楷体_GB2312, kept
 * with the next line; 附件说明 under the body; the signature centred over the date, the date (成文日期) in Arabic
 * numerals four characters in from the right (7.3.5.1); 附件 on pages of their own; the 版记 (印发机关和印发日期)
 * at the foot of the last page; page numbers "— 1 —" in 宋体 size 4 (14 pt) 7 mm under the 版心, odd pages right
 * and even pages left, one character in.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';

/** Millimetres to twips, rounded (docx's own helper truncates: 297 mm would be 16837). */
export const mm = (x: number) => Math.round((x * 1440) / 25.4);

/** The layout values (tested against GB/T 9704, also rendered). Twips: 1/20 pt; font sizes in half-points. */
export const LAYOUT = {
  pageWidth: mm(210),
  pageHeight: mm(297),
  marginTop: mm(37),
  marginBottom: mm(35),
  marginLeft: mm(28),
  marginRight: mm(26),
  /** 225 mm / 22 lines = 28.95 pt per line (the line grid, and exact line spacing). */
  linePitch: 579,
  /**
   * 156 mm = 442.2 pt for 28 characters of 16 pt: each character 0.25 pt (5 twips) condensed (28 × 15.75 = 441 pt).
   * Set on the runs rather than as a character grid, which LibreOffice lays out differently from Word.
   */
  charSpacing: -5,
  fonts: {
    header: '方正小标宋简体',
    title: '方正小标宋简体',
    body: '仿宋_GB2312',
    heading1: '黑体',
    heading2: '楷体_GB2312',
    pageNumber: '宋体',
  },
  sizes: { header: 52, title: 44, body: 32, table: 28, pageNumber: 28 },
  red: 'FF0000',
  /** One character of the body (16 pt) in twips: indents are counted in characters (右空四字…). */
  char: 320,
  /**
   * The header's paragraph spacing so that the top edge of 发文机关标志 is 35 mm below the top of the 版心 (7.2.3):
   * 35 mm less the space the exact 40 pt line leaves above a 26 pt line of text (measured in the rendered PDF).
   */
  headerBefore: mm(35) - 320,
  /** Footer distance so that the page number's top edge is 7 mm under the 版心 (7.5). */
  footer: mm(21.3),
} as const;

/**
 * The fonts a 公文 names are rarely installed outside government machines: each is declared with the font a reader
 * most likely has in its place (Windows' and the Noto CJK names), so Word and LibreOffice fall back to a face of
 * the same style (song for 小标宋, fangsong for 仿宋, kai for 楷体) instead of the default sans.
 */
const FONT_FALLBACKS: Record<string, { alt: string; family: 'roman' | 'modern' | 'swiss' | 'script' }> = {
  方正小标宋简体: { alt: '宋体', family: 'roman' },
  仿宋_GB2312: { alt: '仿宋', family: 'modern' },
  楷体_GB2312: { alt: '楷体', family: 'script' },
  黑体: { alt: 'SimHei', family: 'swiss' },
  宋体: { alt: 'SimSun', family: 'roman' },
};

const DIGITS = '〇一二三四五六七八九';
function smallNumber(n: number): string {
  if (n <= 10) return n === 10 ? '十' : (DIGITS[n] ?? '');
  if (n < 20) return `十${DIGITS[n - 10] ?? ''}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${DIGITS[tens] ?? ''}十${ones ? (DIGITS[ones] ?? '') : ''}`;
}

/**
 * '2019-01-05' → 2019年1月5日: the 成文日期 and dates in the text, in Arabic numerals, the year in full and no
 * leading zeros (GB/T 9704-2012 7.3.5.1; the 1999 edition's Chinese numerals are no longer used).
 */
export function documentDate(day: string): string {
  const [y = '', m = '1', d = '1'] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Heading numbers 一、二、… (up to 九十九). */
export const headingNumber = (n: number) => smallNumber(n + 1);

/**
 * Chinese text takes no spaces around numbers or Latin words (“18个”, not “18 个”): the ASCII spaces next to a Han
 * character or full-width punctuation go; spaces between Latin words stay.
 */
export function cjkText(text: string): string {
  const wide = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’—…';
  return text.replace(new RegExp(`(?<=[${wide}]) +| +(?=[${wide}])`, 'gu'), '');
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

const run = (text: string, font: string, size: number, extra: { color?: string; bold?: boolean } = {}) =>
  new TextRun({ text, font, size, ...extra });

/** A body paragraph: 仿宋 16 pt, first line two characters in, justified. */
export function body(text: string, opts: { indent?: boolean; align?: Align } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: 2 * LAYOUT.char },
    children: [
      new TextRun({
        text: cjkText(text),
        font: LAYOUT.fonts.body,
        size: LAYOUT.sizes.body,
        characterSpacing: LAYOUT.charSpacing,
      }),
    ],
  });
}

/** 一、 heading in 黑体, kept with the next paragraph (never alone at a page foot). */
export function heading1(n: number, text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    keepLines: true,
    indent: { firstLine: 2 * LAYOUT.char },
    children: [run(`${headingNumber(n)}、${cjkText(text)}`, LAYOUT.fonts.heading1, LAYOUT.sizes.body)],
  });
}

/** （一） heading in 楷体, kept with the next paragraph. */
export function heading2(n: number, text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    keepLines: true,
    indent: { firstLine: 2 * LAYOUT.char },
    children: [run(`（${headingNumber(n)}）${cjkText(text)}`, LAYOUT.fonts.heading2, LAYOUT.sizes.body)],
  });
}

export const blank = () => new Paragraph({ children: [new TextRun({ text: '', size: LAYOUT.sizes.body })] });

/** Width of a line of body text in twips: full-width characters one character, ASCII half of one. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? LAYOUT.char / 2 : LAYOUT.char;
  return w;
}

/** 版头: the red 发文机关标志, the document number and the red separator line (7.2). */
export function redHeader(organ: string, docNumber: string, opts: { linesAbove?: number } = {}): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: {
        before: Math.max(0, LAYOUT.headerBefore - (opts.linesAbove ?? 0) * LAYOUT.linePitch),
        after: 400,
        line: 800,
        lineRule: LineRuleType.EXACT,
      },
      children: [run(organ, LAYOUT.fonts.header, LAYOUT.sizes.header, { color: LAYOUT.red })],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { color: LAYOUT.red, style: BorderStyle.SINGLE, size: 18, space: 12 } },
      children: [run(docNumber, LAYOUT.fonts.body, LAYOUT.sizes.body)],
    }),
    blank(),
  ];
}

/** The title, centred in 小标宋 size 2. */
export function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    children: [run(cjkText(text), LAYOUT.fonts.title, LAYOUT.sizes.title)],
  });
}

/** 附件说明 (7.3.4): a blank line under the body, then 附件：1. … two characters in, further lines aligned. */
export function attachmentNote(names: readonly string[]): Paragraph[] {
  if (names.length === 0) return [];
  const single = names.length === 1;
  return [
    blank(),
    ...names.map(
      (n, i) =>
        new Paragraph({
          indent: i === 0 ? { left: 2 * LAYOUT.char } : { left: 5 * LAYOUT.char },
          children: [
            run(
              `${i === 0 ? '附件：' : ''}${single ? '' : `${i + 1}. `}${cjkText(n)}`,
              LAYOUT.fonts.body,
              LAYOUT.sizes.body,
            ),
          ],
        }),
    ),
  ];
}

/**
 * 发文机关署名 and 成文日期 (7.3.5.1, with a seal): the date four characters in from the right, the signature
 * centred over it. Both lines are centred on one tab stop, so the centring holds whatever widths the reader's
 * fonts give the digits; a signature too long for that centre moves left until it ends at the right edge.
 * Two blank lines above (the seal's place).
 */
export function signatureAndDate(organ: string, day: string): Paragraph[] {
  const date = documentDate(day);
  const typeWidth = LAYOUT.pageWidth - LAYOUT.marginLeft - LAYOUT.marginRight;
  const centre = Math.round(
    Math.min(typeWidth - 4 * LAYOUT.char - textWidth(date) / 2, typeWidth - textWidth(organ) / 2),
  );
  const line = (text: string) =>
    new Paragraph({
      keepNext: true,
      tabStops: [{ type: 'center', position: centre }],
      children: [run(`\t${text}`, LAYOUT.fonts.body, LAYOUT.sizes.body)],
    });
  return [blank(), blank(), line(organ), line(date)];
}

/** A table of an attachment: 仿宋 14 pt, a bold header row repeated on each page, thin black lines. */
export function attachmentTable(header: readonly string[], rows: readonly (readonly string[])[], widths: number[]) {
  const total = LAYOUT.pageWidth - LAYOUT.marginLeft - LAYOUT.marginRight;
  const sum = widths.reduce((a, b) => a + b, 0);
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      width: { size: Math.floor(((widths[i] ?? 1) / sum) * total), type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER,
          spacing: { line: 400, lineRule: LineRuleType.EXACT },
          children: [run(text, head ? LAYOUT.fonts.heading1 : LAYOUT.fonts.body, LAYOUT.sizes.table)],
        }),
      ],
    });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, false)) })),
    ],
  });
}

/** An attachment's first lines: 附件N in 黑体 at the top left, its title centred on the third line (8). */
export function attachmentHead(n: number | null, name: string): Paragraph[] {
  return [
    new Paragraph({
      children: [run(n === null ? '附件' : `附件${n}`, LAYOUT.fonts.heading1, LAYOUT.sizes.body)],
    }),
    blank(),
    title(name),
    blank(),
  ];
}

/** Line height of a 版记 row (its text is 14 pt). */
const IMPRINT_LINE = 440;

/**
 * 版记 (7.4) at the foot of the last page: a thick line, 抄送 when there are recipients, a thin line, then the
 * 印发机关 one character in and the 印发日期 one character from the right (Arabic numerals, then 印发), a thick line.
 */
export function imprint(opts: { organ: string; day: string; copyTo?: readonly string[] }): {
  table: Table;
  rows: number;
} {
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' } as const; // 1 pt ≈ 0.35 mm
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const; // 0.75 pt ≈ 0.25 mm
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
  const total = LAYOUT.pageWidth - LAYOUT.marginLeft - LAYOUT.marginRight;
  const size = LAYOUT.sizes.table;
  const row = (children: Paragraph[], top: typeof thick | typeof thin, bottom: typeof thick | typeof none) =>
    new TableRow({
      children: [
        new TableCell({
          width: { size: total, type: WidthType.DXA },
          borders: { top, bottom, left: none, right: none },
          children,
        }),
      ],
    });
  const rows: TableRow[] = [];
  if (opts.copyTo && opts.copyTo.length > 0)
    rows.push(
      row(
        [
          new Paragraph({
            indent: { left: 280, right: 280 },
            spacing: { line: IMPRINT_LINE, lineRule: LineRuleType.EXACT },
            children: [run(`抄送：${opts.copyTo.join('，')}。`, LAYOUT.fonts.body, size)],
          }),
        ],
        thick,
        none,
      ),
    );
  rows.push(
    row(
      [
        new Paragraph({
          tabStops: [{ type: 'right', position: total - 280 }],
          indent: { left: 280 },
          spacing: { line: IMPRINT_LINE, lineRule: LineRuleType.EXACT },
          children: [
            run(opts.organ, LAYOUT.fonts.body, size),
            new TextRun({ text: `\t${documentDate(opts.day)}印发`, font: LAYOUT.fonts.body, size }),
          ],
        }),
      ],
      rows.length > 0 ? thin : thick,
      thick,
    ),
  );
  return { table: new Table({ width: { size: total, type: WidthType.DXA }, rows }), rows: rows.length };
}

/**
 * The space above the 版记 on a page of its own so that its last rule meets the bottom of the type area: an empty
 * paragraph of that exact height (a section's bottom alignment is not honoured by every reader), a little short
 * so that rounding never pushes the 版记 onto another page.
 */
export function imprintSpacer(rows: number): Paragraph {
  const typeHeight = LAYOUT.pageHeight - LAYOUT.marginTop - LAYOUT.marginBottom;
  return new Paragraph({
    spacing: { before: 0, after: 0, line: typeHeight - rows * (IMPRINT_LINE + 40) - 160, lineRule: LineRuleType.EXACT },
    children: [],
  });
}

function pageNumberFooter(side: 'right' | 'left') {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One character (size 4, 14 pt = 280 twips) in from the outside edge.
        indent: side === 'right' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: LAYOUT.fonts.pageNumber,
            size: LAYOUT.sizes.pageNumber,
          }),
        ],
      }),
    ],
  });
}

export interface OfficialDocument {
  /** Core properties: the title (with 更正 for a correction), the organ as author, the number as subject. */
  title: string;
  organ: string;
  docNumber: string;
  /** 正文 through the date and 附注. */
  main: (Paragraph | Table)[];
  /** Each attachment on pages of its own. */
  attachments?: (Paragraph | Table)[][];
  /** 版记 at the foot of the last page (a page of its own). */
  imprint?: { table: Table; rows: number };
}

/** Packs the document: A4 in the 版心 of GB/T 9704, page numbers, and the fonts' fallbacks in fontTable.xml. */
export async function packOfficialDocument(d: OfficialDocument): Promise<Buffer> {
  const page = {
    size: { width: LAYOUT.pageWidth, height: LAYOUT.pageHeight },
    margin: {
      top: LAYOUT.marginTop,
      bottom: LAYOUT.marginBottom,
      left: LAYOUT.marginLeft,
      right: LAYOUT.marginRight,
      header: mm(15),
      footer: LAYOUT.footer,
    },
  };
  const footers = { default: pageNumberFooter('right'), even: pageNumberFooter('left') };
  // Later sections carry no footer of their own: they inherit the first one's, and the page numbers run on.
  const section = (children: (Paragraph | Table)[], extra: Partial<ISectionOptions['properties']> = {}) => ({
    properties: {
      page,
      grid: { type: DocumentGridType.LINES, linePitch: LAYOUT.linePitch },
      ...extra,
    },
    children,
  });
  const sections: ISectionOptions[] = [
    { ...section(d.main), footers },
    ...(d.attachments ?? []).map((a) => section(a, { type: SectionType.NEXT_PAGE })),
  ];
  if (d.imprint)
    // No line grid on the 版记's page: a reader that snaps lines to the grid would round the spacer up a line.
    sections.push({
      properties: { page, type: SectionType.NEXT_PAGE },
      children: [imprintSpacer(d.imprint.rows), d.imprint.table],
    });
  const doc = new Document({
    creator: d.organ,
    lastModifiedBy: d.organ,
    title: d.title,
    subject: d.docNumber,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: LAYOUT.fonts.body, size: LAYOUT.sizes.body },
          paragraph: { spacing: { line: LAYOUT.linePitch, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections,
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTable() }]);
}

/** word/fontTable.xml: the fonts the document uses, each with its fallback (w:altName). */
function fontTable(): string {
  const fonts = Object.entries(FONT_FALLBACKS)
    .map(
      ([name, f]) =>
        `<w:font w:name="${name}"><w:altName w:val="${f.alt}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`;
}
