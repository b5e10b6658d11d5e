/** The full results of a year as an Excel workbook: a summary sheet and one sheet per group. */
import type { Worksheet } from 'exceljs';
import { newWorkbook } from '../../lib/lazy';
import type { DiagnosticsResult } from '@yardstick/engine';
import type { RankingView } from './views';

const HEADERS = [
  '名次',
  '单位代码',
  '单位',
  '指标得分',
  '综合评价',
  '加分',
  '扣分',
  '进位争先',
  '综合得分',
  '等次',
  '标记',
];

/** Sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** Scores in the scheme's published decimals (2 → 0.00), so 104.2 prints as 104.20 beside 100.72. */
const scoreFormat = (decimals: number) => (decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0');

/**
 * Printing as offices do: A4, fit to one page wide (as many pages high as needed), the header rows repeated on
 * every page, the title and page numbers in the header and footer.
 */
function pageSetup(ws: Worksheet, opts: { landscape: boolean; titleRows: string; title: string }): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: opts.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: opts.titleRows,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = {
    oddHeader: `&C${opts.title.replace(/&/g, '&&')}`,
    oddFooter: '&C第 &P 页，共 &N 页',
  };
}

const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const GRID = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function buildResultsWorkbook(
  ranking: RankingView,
  diagnostics: DiagnosticsResult,
  opts: { title: string; preview: boolean; decimals: number },
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Yardstick';
  const summary = wb.addWorksheet('汇总');
  summary.addRow([opts.preview ? `${opts.title}（草稿/预览，未发布）` : opts.title]).font = { bold: true, size: 14 };
  if (ranking.snapshot)
    summary.addRow([`发布版本：第 ${ranking.snapshot.seq} 版`, `摘要 SHA-256：${ranking.snapshot.digest}`]);
  summary.addRow([]);
  const tierNames = ranking.tiers.map((t) => t.name);
  const head = summary.addRow(['考核类别', '单位数', ...tierNames, '一票否决', '降档']);
  head.font = { bold: true };
  for (const g of ranking.groups) {
    const counts = ranking.tiers.map((t) => g.rows.filter((r) => r.tier === t.id).length);
    summary.addRow([
      g.name,
      g.unitCount,
      ...counts,
      g.rows.filter((r) => r.vetoes.length > 0).length,
      g.rows.filter((r) => r.downgraded).length,
    ]);
  }
  summary.addRow([]);
  const note = summary.addRow([diagnostics.headline.text.zh]);
  // The sentence spans the table's width and wraps, instead of one cell running off the printed page.
  const lastCol = 2 + tierNames.length + 2;
  summary.mergeCells(note.number, 1, note.number, lastCol);
  note.alignment = { wrapText: true, vertical: 'top' };
  note.height = 15 * Math.max(2, Math.ceil(diagnostics.headline.text.zh.length / (12 + 6 * lastCol)));
  summary.getColumn(1).width = 24;
  for (let i = 2; i <= lastCol; i++) summary.getColumn(i).width = 10;
  head.eachCell((c) => (c.border = GRID));
  pageSetup(summary, { landscape: false, titleRows: `${head.number}:${head.number}`, title: opts.title });

  for (const g of ranking.groups) {
    const ws = wb.addWorksheet(sheetName(g.name));
    const h = ws.addRow(HEADERS);
    h.font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of g.rows) {
      const marks = [
        ...r.vetoNames.map((v) => `一票否决：${v}`),
        ...(r.downgraded ? ['违纪违法降档'] : []),
        ...(r.overridden ? [`原等次：${r.naturalTierName}`] : []),
        ...(r.tie ? ['等次边界同分'] : []),
        ...r.flags,
      ];
      ws.addRow([
        r.rank,
        r.unitCode,
        r.unitName,
        r.indicatorTotal,
        r.evaluation,
        r.bonus,
        r.deductions,
        r.rankChange,
        r.composite,
        r.tierName,
        marks.join('；'),
      ]);
    }
    ws.columns.forEach((c, i) => {
      c.width = i === 2 ? 20 : i === 10 ? 40 : 11;
    });
    // 指标得分 … 综合得分 in the published decimals; marks wrap.
    for (let col = 4; col <= 9; col++) ws.getColumn(col).numFmt = scoreFormat(opts.decimals);
    ws.getColumn(11).alignment = { wrapText: true, vertical: 'top' };
    ws.eachRow((row) => row.eachCell({ includeEmpty: true }, (c) => (c.border = GRID)));
    pageSetup(ws, { landscape: true, titleRows: '1:1', title: `${opts.title}（${g.name}）` });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
