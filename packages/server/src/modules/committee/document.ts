/**
 * The 考核工作情况报告 to the county committee as a Word document, in the county's official layout (GB/T 9704-2012,
 * lib/official-document.ts, shared with the bulletin): the red header with the county's number series for reports
 * (…报〔Y〕N号), the title, 主送 县委, the sections in 黑体 一、二、…, 特此报告, the 附件说明, the signature organ
 * centred over the date, the attachment table on pages of its own (附件 in 黑体 at the top left), and the 版记.
 */
import {
  attachmentHead,
  attachmentNote,
  attachmentTable,
  blank,
  body,
  documentDate,
  heading1,
  imprint,
  packOfficialDocument,
  redHeader,
  signatureAndDate,
  title,
} from '../../lib/official-document';
import type { CommitteeReport } from './schemas';

const STEP_NAMES: Record<CommitteeReport['stages']['steps'][number]['step'], string> = {
  scheme: '考核方案',
  process: '过程考核',
  evaluation: '综合评价',
  yearEnd: '年终考核',
  publish: '结果发布',
};

const list = (xs: readonly string[]) => xs.join('、');
/** The first `n` names, then 等 N 个单位 (the full lists are in the attachment). */
const names = (xs: readonly string[], n: number) =>
  xs.length <= n ? list(xs) : `${list(xs.slice(0, n))}等 ${xs.length} 个单位`;
/** How many items the body names in each list (the attachment has every unit). */
const TOP = 5;

/** The sections' sentences, shared with the tests (what the document says, in order). */
export function reportSections(r: CommitteeReport): { title: string; paragraphs: string[] }[] {
  const s = r.stages;
  const stageText = s.steps
    .map((x, i) => `${STEP_NAMES[x.step]}${x.done ? '已完成' : i === s.current ? '正在进行' : '尚未开始'}`)
    .join('，');
  const stage: string[] = [
    `截至${documentDate(r.asOf)}，${r.year}年度实绩考核各环节进展：${stageText}。`,
    `${s.schemePublished !== null ? `${r.year}年度考核方案已发布（第 ${s.schemePublished} 版）` : `${r.year}年度考核方案尚未发布`}；各单位报送进度 ${
      s.reports.approved
    } 项已审核通过、${s.reports.submitted} 项待审核、${s.reports.returned} 项已退回、${s.reports.draft} 项未报送；过程考核节点绿灯 ${s.lights.green} 个、黄灯 ${
      s.lights.yellow
    } 个、红灯 ${s.lights.red} 个；红灯说明整改事项待答复 ${s.redLightItems.open} 项、已答复待审核 ${s.redLightItems.answered} 项、已销号 ${s.redLightItems.closed} 项。`,
  ];
  const red: string[] = [];
  const city = r.redLights.city;
  red.push(
    city.indicators > 0
      ? `市对县考核中，${city.indicators} 项指标被亮红灯，涉及 ${city.indicatorUnits} 个单位；${city.nodes} 个节点被亮红灯。`
      : '本期市对县考核指标未被亮红灯。',
  );
  for (const c of r.redLights.cityItems)
    red.push(`${c.indicatorName}（${c.code}）“${c.nodeName}”节点被亮红灯，责任单位：${list(c.units) || '未明确'}。`);
  const county = r.redLights.county;
  red.push(
    county.indicators > 0
      ? `县内过程考核中，${county.indicators} 项指标被亮红灯，涉及 ${county.indicatorUnits} 个单位；${county.nodes} 个节点被亮红灯，涉及 ${county.nodeUnits} 个单位。`
      : '本期县内过程考核指标未被亮红灯。',
  );
  const top = r.redLights.countyItems.slice(0, TOP);
  if (top.length > 0)
    red.push(
      `红灯节点较多的指标：${top
        .map((c) => `${c.indicatorName}（${c.nodes} 个节点，涉及${names(c.units, 3)}）`)
        .join(
          '；',
        )}${r.redLights.countyItems.length > TOP ? `；其余 ${r.redLights.countyItems.length - TOP} 项指标各单位情况见附件` : ''}。`,
    );
  const lag =
    r.laggards.length > 0
      ? [
          `按本期红灯节点 2 个以上或存在逾期事项统计，${r.laggards.length} 个单位工作进度滞后${
            r.laggards.length > TOP ? `，问题较多的 ${TOP} 个单位是` : ''
          }：${r.laggards
            .slice(0, TOP)
            .map(
              (l) =>
                `${l.unitName}（${[
                  l.redNodes ? `红灯节点 ${l.redNodes} 个` : '',
                  l.cityRedNodes ? `市考红灯 ${l.cityRedNodes} 个` : '',
                  l.overdueAnswers ? `逾期未答复 ${l.overdueAnswers} 项` : '',
                  l.overdueSupervision ? `督查事项逾期 ${l.overdueSupervision} 项` : '',
                ]
                  .filter(Boolean)
                  .join('，')}）`,
            )
            .join('；')}${r.laggards.length > TOP ? '；其余单位见附件' : ''}。`,
        ]
      : ['本期未发现工作进度明显滞后的单位。'];
  const overdue: string[] = [];
  overdue.push(
    r.overdueAnswers.length > 0
      ? `红灯说明整改逾期未答复 ${r.overdueAnswers.length} 项${r.overdueAnswers.length > TOP ? `，其中逾期最久的 ${TOP} 项是` : ''}：${r.overdueAnswers
          .slice(0, TOP)
          .map((a) => `${a.unitName}“${a.title}”（应于${documentDate(a.answerDue)}前答复）`)
          .join('；')}${r.overdueAnswers.length > TOP ? '；各单位逾期项数见附件' : ''}。`
      : '红灯说明整改事项均已按时答复。',
  );
  overdue.push(
    r.overdueSupervision.length > 0
      ? `督查事项逾期 ${r.overdueSupervision.length} 项${r.overdueSupervision.length > TOP ? `，其中逾期最久的 ${TOP} 项是` : ''}：${r.overdueSupervision
          .slice(0, TOP)
          .map((x) => `${x.unitName}“${x.title}”（期限${documentDate(x.deadline)}，进度 ${Math.round(x.progress)}%）`)
          .join('；')}${r.overdueSupervision.length > TOP ? '；各单位逾期项数见附件' : ''}。`
      : '督查事项均在办理期限内。',
  );
  const ev = r.evaluation;
  const evaluation = [
    ev === null
      ? `${r.year}年度综合评价尚未组织。`
      : ev.status === 'draft'
        ? `${r.year}年度综合评价正在准备，评议码尚未发放。`
        : `${r.year}年度综合评价${ev.status === 'closed' ? '已结束' : '正在进行'}，共发放评议码 ${ev.total} 个，已投票 ${ev.used} 个，参评率 ${
            ev.total > 0 ? Math.round((ev.used / ev.total) * 1000) / 10 : 0
          }%。`,
  ];
  const next = [
    '下一步，县考核办将对亮红灯的指标和节点逐项督促责任单位说明原因、落实整改，对逾期未答复、督查事项逾期的单位进行提醒和通报，确保全年考核工作有序推进。',
  ];
  return [
    { title: '考核工作总体进展', paragraphs: stage },
    { title: '指标和节点亮灯情况', paragraphs: red },
    { title: '工作进度滞后的单位', paragraphs: lag },
    { title: '红灯答复和督查事项逾期情况', paragraphs: overdue },
    { title: '综合评价参评情况', paragraphs: evaluation },
    { title: '下一步工作', paragraphs: next },
  ];
}

export interface CommitteeDocInput {
  report: CommitteeReport;
  docNumber: string;
  /** The day it is issued (成文日期), YYYY-MM-DD. */
  day: string;
}

export function committeeTitle(r: CommitteeReport): string {
  return `关于${r.label}全县实绩考核工作情况的报告`;
}

export async function buildCommitteeReport(input: CommitteeDocInput): Promise<Buffer> {
  const r = input.report;
  const organ = r.county.signatureOrgan;
  const attachmentName = `${r.label}各单位考核工作情况统计表`;
  const main = [
    ...redHeader(r.county.issuingOrgan, input.docNumber),
    title(committeeTitle(r)),
    blank(),
    body('县委：', { indent: false }),
    body(`现将${r.label}（${documentDate(r.from)}至${documentDate(r.to)}）全县实绩考核工作情况报告如下。`),
  ];
  reportSections(r).forEach((sec, i) => {
    main.push(heading1(i, sec.title));
    for (const p of sec.paragraphs) main.push(body(p));
  });
  main.push(body('特此报告。'), ...attachmentNote([attachmentName]), ...signatureAndDate(organ, input.day));
  const rows = r.table.map((u, k) => [
    String(k + 1),
    u.unitName,
    u.groupName,
    String(u.redNodes),
    String(u.cityRedNodes),
    String(u.overdueAnswers),
    String(u.overdueSupervision),
  ]);
  const annex = [
    ...attachmentHead(null, attachmentName),
    attachmentTable(
      ['序号', '单位', '类别', '县内红灯', '市考红灯', '逾期答复', '督查逾期'],
      rows.length > 0 ? rows : [['', '本期无亮红灯或逾期事项', '', '', '', '', '']],
      [900, 2200, 1400, 1086, 1086, 1086, 1086],
    ),
    body(
      `注：统计期间${documentDate(r.from)}至${documentDate(r.asOf)}；“县内红灯”为本期转为红灯的过程考核节点个数，“市考红灯”为本期市对县考核中该单位负责的红灯节点个数，“逾期答复”为超过答复期限仍未答复的红灯说明整改事项，“督查逾期”为逾期未办结的督查事项。`,
      { indent: false },
    ),
  ];
  return packOfficialDocument({
    title: committeeTitle(r),
    organ,
    docNumber: input.docNumber,
    main,
    attachments: [annex],
    imprint: imprint({ organ: r.county.issuingOrgan, day: input.day }),
  });
}
