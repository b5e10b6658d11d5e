import { newWorkbook } from '../../lib/lazy';
import type { IssuedCode } from './service';

/** The codes of one generation as a workbook: one row per code, to print, cut or mail-merge. Never stored. */
export async function codesWorkbook(campaign: { name: string; year: number }, codes: IssuedCode[]): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('评议码');
  ws.columns = [
    { header: '序号', key: 'no', width: 8 },
    { header: '评议组', key: 'group', width: 24 },
    { header: '评议单位（互评）', key: 'unit', width: 24 },
    { header: '评议码', key: 'code', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  codes.forEach((c, i) => ws.addRow({ no: i + 1, group: c.raterGroupName, unit: c.unitName ?? '', code: c.code }));
  ws.getColumn('code').font = { name: 'Consolas', size: 12, bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const info = wb.addWorksheet('说明');
  info.getColumn(1).width = 90;
  [
    `${campaign.year} 年度综合评议：${campaign.name}`,
    '每个评议码只能投一票，投票后即失效；系统只保存评议码的加密摘要，此表关闭后无法再次导出，请妥善保管。',
    '投票方式：用手机或电脑打开本系统的 /vote 页面，输入评议码，逐项评价后提交。',
  ].forEach((line) => info.addRow([line]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
