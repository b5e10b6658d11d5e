/** The full results of a year as an Excel workbook: a summary sheet and one sheet per group. */
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

export async function buildResultsWorkbook(
  ranking: RankingView,
  diagnostics: DiagnosticsResult,
  opts: { title: string; preview: boolean },
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
  summary.addRow([diagnostics.headline.text.zh]);
  summary.getColumn(1).width = 24;

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
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
