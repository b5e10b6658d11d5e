/**
 * The bulletin (通报) of a year's results as a Word document in the layout of GB/T 9704-2012 《党政机关公文格式》:
 * A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (type area 156 × 225 mm); 22 lines of 28
 * characters; the issuing organ's red header (红头) and a red separator line; document number 〔year〕N号; title in
 * 方正小标宋简体 size 2 (22 pt) centred; body 仿宋_GB2312 size 3 (16 pt); headings 一、 in 黑体 and （一） in
 * 楷体_GB2312; page numbers "— 1 —" in 宋体 size 4 (14 pt), odd pages right and even pages left, one character in;
 * the issuing organ and the date in Chinese numerals at the end.
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
  TextRun,
} from 'docx';
import type { DiagnosticsResult } from '@yardstick/engine';
import type { RankingView } from './views';
import { countyIdentity, documentNumber, type CountyIdentity } from '../counties/service';

/** Millimetres to twips, rounded (docx's own helper truncates: 297 mm would be 16837). */
const mm = (x: number) => Math.round((x * 1440) / 25.4);

/** The layout values (tested against GB/T 9704). Twips: 1/20 pt; font sizes in half-points. */
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
  sizes: { header: 52, title: 44, body: 32, pageNumber: 28 },
  red: 'FF0000',
} as const;

const DIGITS = '〇一二三四五六七八九';
function smallNumber(n: number): string {
  if (n <= 10) return n === 10 ? '十' : (DIGITS[n] ?? '');
  if (n < 20) return `十${DIGITS[n - 10] ?? ''}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${DIGITS[tens] ?? ''}十${ones ? (DIGITS[ones] ?? '') : ''}`;
}

/** '2019-01-15' → 二〇一九年一月十五日 (成文日期, GB/T 9704 7.3.5.1). */
export function chineseDate(day: string): string {
  const [y = '', m = '1', d = '1'] = day.split('-');
  const year = [...y].map((c) => DIGITS[Number(c)] ?? c).join('');
  return `${year}年${smallNumber(Number(m))}月${smallNumber(Number(d))}日`;
}

const HEADING_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface BulletinInput {
  year: number;
  countyName: string;
  schemeName: string;
  ranking: RankingView;
  diagnostics: DiagnosticsResult;
  /** The red-light sentence for the year (county process nodes), when known. */
  redLights: string | null;
  /** The city's red-light sentence, when known. */
  cityRedLights: string | null;
  /** Document number N in 县考核办〔Y〕N号, Y the year of `day` (the year the document is issued). */
  docNo: number;
  /**
   * The county's official identity (issue 15): red header, number pattern with {year} and {n}, signature organ.
   * Left out: the look a county's documents always had, derived from its name (counties/service countyIdentity).
   */
  identity?: CountyIdentity;
  /** Asia/Shanghai day of publication (成文日期). */
  day: string;
  /** A preview (not yet published): marked 草稿 / 预览 at the top. */
  preview: boolean;
  /** Correction: the reason, shown under the title. */
  correction: string | null;
  /** The scheme has feature indicators (特色指标): say how they count (docs/scoring.md §2). */
  featureIndicators?: boolean;
  /**
   * The published snapshot's digest and the audit chain's head at publication (modules/audit/publication.ts
   * sealText), printed as a 附注 under the date so that a reader can verify the results and anchor the chain.
   */
  seal?: string | null;
}

const body = (
  text: string,
  opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    children: [
      new TextRun({ text, font: LAYOUT.fonts.body, size: LAYOUT.sizes.body, characterSpacing: LAYOUT.charSpacing }),
    ],
  });

const heading1 = (n: number, text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    children: [
      new TextRun({
        text: `${HEADING_NUMBERS[n] ?? n}、${text}`,
        font: LAYOUT.fonts.heading1,
        size: LAYOUT.sizes.body,
      }),
    ],
  });

const heading2 = (n: number, text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    children: [
      new TextRun({
        text: `（${HEADING_NUMBERS[n] ?? n}）${text}`,
        font: LAYOUT.fonts.heading2,
        size: LAYOUT.sizes.body,
      }),
    ],
  });

const blank = () => new Paragraph({ children: [new TextRun({ text: '', size: LAYOUT.sizes.body })] });

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

/** The organ that issues the bulletin, from the county's name. */
export function issuingOrgan(countyName: string): string {
  return `中共${countyName}委考核工作领导小组办公室`;
}

/**
 * A boundary tie in the bulletin. Decided by the leadership group: the units, their score, the decision's
 * reference and date, and who takes the places (东城镇、西城镇综合得分同为 92.5 分，在“好”等次边界并列（1 个名额），
 * 经县考核工作领导小组研究（县考核领导小组2019年第1次会议纪要，2019年1月10日），确定西城镇列入“好”等次).
 */
export function tieNote(t: RankingView['groups'][number]['ties'][number], unitName: (code: string) => string): string {
  const names = t.unitCodes.map(unitName).join('、');
  if (t.decision) {
    const d = t.decision;
    const day = d.date ? d.date.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日') : '';
    const meta = [d.ref, day].filter((x) => !!x).join('，');
    return `${names}综合得分同为 ${t.score ?? ''} 分，在“${t.tierName}”等次边界并列（${t.places} 个名额），经县考核工作领导小组研究${
      meta ? `（${meta}）` : ''
    }，确定${d.order.slice(0, t.places).map(unitName).join('、')}列入“${t.tierName}”等次`;
  }
  return `${names}在“${t.tierName}”等次边界同分，${t.needsDecision ? '待领导小组研究确定' : '按方案规则确定'}`;
}

/** The paragraphs of the results part: per group, per tier, units in rank order. */
function resultParagraphs(r: RankingView): Paragraph[] {
  const out: Paragraph[] = [];
  r.groups.forEach((g, gi) => {
    out.push(heading2(gi, `${g.name}（${g.unitCount} 个）`));
    const tiers = [...new Set(g.rows.map((x) => x.tierIndex))].sort((a, b) => a - b);
    for (const ti of tiers) {
      const rows = g.rows.filter((x) => x.tierIndex === ti);
      const name = rows[0]?.tierName ?? '';
      out.push(body(`${name}等次（${rows.length} 个）：${rows.map((x) => x.unitName).join('、')}。`));
    }
    const notes: string[] = [];
    for (const row of g.rows) {
      if (row.vetoes.length > 0)
        notes.push(
          row.naturalTierName === row.tierName
            ? `${row.unitName}因${row.vetoNames.join('、')}被一票否决，定为“${row.tierName}”等次`
            : `${row.unitName}因${row.vetoNames.join('、')}被一票否决，等次由“${row.naturalTierName}”调整为“${row.tierName}”`,
        );
      else if (row.downgraded && row.overridden)
        notes.push(`${row.unitName}因干部违纪违法，等次由“${row.naturalTierName}”下调一个档次为“${row.tierName}”`);
    }
    for (const t of g.ties) notes.push(tieNote(t, (c) => g.rows.find((x) => x.unitCode === c)?.unitName ?? c));
    if (notes.length > 0) out.push(body(`（说明：${notes.join('；')}。）`));
  });
  return out;
}

function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** The non-discriminating-indicator summary (R10, R25): the headline with its owners. */
function diagnosticsParagraphs(d: DiagnosticsResult, names: Map<string, string>): Paragraph[] {
  const out: Paragraph[] = [];
  const h = d.headline;
  out.push(
    body(
      `全县考核指标共 ${h.indicators} 项，其中 ${h.fullMarkIndicators} 项指标所有被考核单位均为满分，占指标总数的 ${percent(
        h.indicatorShare,
      )}、分值的 ${percent(h.pointsShare)}，未能起到区分作用。`,
    ),
  );
  const groups = d.groups.filter((g) => g.headline.fullMarkIndicators > 0);
  for (const g of groups) {
    out.push(
      body(
        `${names.get(g.groupId) ?? g.groupId}：${g.headline.indicators} 项指标中有 ${g.headline.fullMarkIndicators} 项所有单位均为满分（${g.headline.items
          .map((i) => i.name ?? i.indicatorId)
          .join('、')}）。`,
      ),
    );
  }
  if (h.assessors.length > 0)
    out.push(
      body(
        `涉及考核主体：${h.assessors.map((a) => `${a.name}（${a.count} 项）`).join('、')}。上述指标将在下一年度考核方案中予以取消或调整，相关考核主体要认真分析原因、落实责任。`,
      ),
    );
  return out;
}

/** Builds the bulletin as a .docx buffer. */
export async function buildBulletin(input: BulletinInput): Promise<Buffer> {
  const { year } = input;
  const identity = input.identity ?? countyIdentity({ name: input.countyName });
  const organ = identity.signatureOrgan;
  const groupNames = new Map(input.ranking.groups.map((g) => [g.groupId, g.name]));
  const children: Paragraph[] = [];
  if (input.preview)
    children.push(
      new Paragraph({
        alignment: AlignmentType.LEFT,
        children: [
          new TextRun({
            text: '草稿 / 预览：未经审定发布，不得印发',
            font: LAYOUT.fonts.heading1,
            size: LAYOUT.sizes.body,
            color: LAYOUT.red,
            bold: true,
          }),
        ],
      }),
    );
  // 红头: the issuing organ in red 小标宋, then the document number, then the red line (GB/T 9704 7.2).
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 400, after: 400, line: 800, lineRule: LineRuleType.EXACT },
      children: [
        new TextRun({
          text: identity.issuingOrgan,
          font: LAYOUT.fonts.header,
          size: LAYOUT.sizes.header,
          color: LAYOUT.red,
        }),
      ],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { color: LAYOUT.red, style: BorderStyle.SINGLE, size: 18, space: 12 } },
      children: [
        new TextRun({
          text: documentNumber(identity.docNumberPattern, input.day.slice(0, 4), input.docNo),
          font: LAYOUT.fonts.body,
          size: LAYOUT.sizes.body,
        }),
      ],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({
          text: `关于${year}年度全县实绩考核结果的${input.correction ? '更正' : ''}通报`,
          font: LAYOUT.fonts.title,
          size: LAYOUT.sizes.title,
        }),
      ],
    }),
    blank(),
    body('各乡镇党委、政府，县委各部委，县直各单位：', { indent: false }),
  );
  if (input.correction)
    children.push(
      body(`更正原因：${input.correction.replace(/[。.；;，,\s]+$/u, '')}。本通报替代此前印发的同年度结果通报。`),
    );
  children.push(
    body(
      `根据《${input.schemeName}》，县委考核工作领导小组办公室组织开展了${year}年度全县实绩考核。考核坚持“一把尺子量到底”，按照指标考核与综合评价相结合、过程考核与年终考核相结合的办法，对各单位全年工作实绩进行了综合评定，${
        input.featureIndicators
          ? '各单位按适用于本单位的指标（含本单位特色指标）的分值计分并折算为百分制，其他单位的特色指标不计入本单位，'
          : ''
      }经县考核工作领导小组审定，现将考核结果通报如下。`,
    ),
    heading1(0, '考核结果'),
    ...resultParagraphs(input.ranking),
    heading1(1, '过程考核亮灯情况'),
    body(input.redLights ? `${year}年，${input.redLights}` : '全年过程考核亮灯情况另行通报。'),
  );
  if (input.cityRedLights) children.push(body(`${year}年，${input.cityRedLights}`));
  children.push(
    heading1(2, '指标区分度情况'),
    ...diagnosticsParagraphs(input.diagnostics, groupNames),
    heading1(3, '有关要求'),
    body(
      '各单位要正确对待考核结果，认真查找差距和不足，对照失分指标和亮灯事项逐项制定整改措施，于通报印发之日起 30 日内将整改方案报县考核办。考核结果将作为年度绩效奖励、评先评优和干部选拔任用的重要依据。对考核结果有异议的，可在规定期限内向县考核办书面提出申诉。',
    ),
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      children: [new TextRun({ text: organ, font: LAYOUT.fonts.body, size: LAYOUT.sizes.body })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      // 成文日期右空四字 (GB/T 9704 7.3.5.1).
      indent: { right: 1280 },
      children: [new TextRun({ text: chineseDate(input.day), font: LAYOUT.fonts.body, size: LAYOUT.sizes.body })],
    }),
  );
  // 附注 (GB/T 9704 7.3.6): under the date, two characters in, in parentheses; one run so it can be read back.
  if (input.seal) children.push(body(input.seal, { align: AlignmentType.LEFT }));

  const doc = new Document({
    creator: organ,
    title: `关于${year}年度全县实绩考核结果的通报`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: LAYOUT.fonts.body, size: LAYOUT.sizes.body },
          paragraph: { spacing: { line: LAYOUT.linePitch, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: LAYOUT.pageWidth, height: LAYOUT.pageHeight },
            margin: {
              top: LAYOUT.marginTop,
              bottom: LAYOUT.marginBottom,
              left: LAYOUT.marginLeft,
              right: LAYOUT.marginRight,
              header: mm(15),
              footer: mm(20),
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LAYOUT.linePitch },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
