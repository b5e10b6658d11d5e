/**
 * The bulletin (通报) of a year's results as a Word document in the layout of GB/T 9704-2012 《党政机关公文格式》
 * (lib/official-document.ts): red header, number, title, body with its headings, 附件说明, signature over the date,
 * 附注 (the seal), the results table as the 附件, and the 版记.
 */
import type { DiagnosticsResult } from '@yardstick/engine';
import { AlignmentType, Paragraph, TextRun } from 'docx';
import type { RankingView } from './views';
import { countyIdentity, documentNumber, type CountyIdentity } from '../counties/service';
import {
  attachmentHead,
  attachmentNote,
  attachmentTable,
  blank as blankLine,
  body,
  heading1,
  heading2,
  imprint,
  packOfficialDocument,
  redHeader,
  signatureAndDate,
  title,
  LAYOUT,
} from '../../lib/official-document';

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
  /** The scheme's published decimals, for the scores in the 附件 (default 2). */
  decimals?: number;
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

/**
 * The leadership group the office serves, named as the office is (中共X县委考核工作领导小组办公室 → 中共X县委考核
 * 工作领导小组), so that the body names one organ one way.
 */
export function leadershipGroup(office: string): string {
  return office.endsWith('办公室') ? office.slice(0, -'办公室'.length) : '县考核工作领导小组';
}

/**
 * A boundary tie in the bulletin. Decided by the leadership group: the units, their score, the decision's
 * reference and date, and who takes the places (东城镇、西城镇综合得分同为 92.5 分，在“好”等次边界并列（1 个名额），
 * 经县考核工作领导小组研究（县考核领导小组2019年第1次会议纪要，2019年1月10日），确定西城镇列入“好”等次).
 */
export function tieNote(
  t: RankingView['groups'][number]['ties'][number],
  unitName: (code: string) => string,
  group = '县考核工作领导小组',
): string {
  const names = t.unitCodes.map(unitName).join('、');
  if (t.decision) {
    const d = t.decision;
    const day = d.date ? d.date.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日') : '';
    const meta = [d.ref, day].filter((x) => !!x).join('，');
    return `${names}综合得分同为${t.score ?? ''}分，在“${t.tierName}”等次边界并列（${t.places}个名额），经${group}研究${
      meta ? `（${meta}）` : ''
    }，确定${d.order.slice(0, t.places).map(unitName).join('、')}列入“${t.tierName}”等次`;
  }
  return `${names}在“${t.tierName}”等次边界同分，${t.needsDecision ? '待领导小组研究确定' : '按方案规则确定'}`;
}

/** The paragraphs of the results part: per group, per tier, units in rank order. */
function resultParagraphs(r: RankingView, group: string): Paragraph[] {
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
    for (const t of g.ties) notes.push(tieNote(t, (c) => g.rows.find((x) => x.unitCode === c)?.unitName ?? c, group));
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

/** The 附件: every group's units in rank order with their composite and tier (what 通报附表 refers to). */
function resultsTable(r: RankingView, decimals: number): (Paragraph | ReturnType<typeof attachmentTable>)[] {
  const out: (Paragraph | ReturnType<typeof attachmentTable>)[] = [
    ...attachmentHead(null, `${r.year}年度实绩考核结果一览表`),
  ];
  r.groups.forEach((g, gi) => {
    if (gi > 0) out.push(blankLine());
    out.push(heading2(gi, g.name));
    out.push(
      attachmentTable(
        ['名次', '单位', '综合得分', '等次'],
        g.rows.map((x) => [String(x.rank), x.unitName, x.composite.toFixed(decimals), x.tierName]),
        [1, 4, 2, 2],
      ),
    );
  });
  return out;
}

/** Builds the bulletin as a .docx buffer. */
export async function buildBulletin(input: BulletinInput): Promise<Buffer> {
  const { year } = input;
  const identity = input.identity ?? countyIdentity({ name: input.countyName });
  const organ = identity.signatureOrgan;
  const group = leadershipGroup(organ);
  const groupNames = new Map(input.ranking.groups.map((g) => [g.groupId, g.name]));
  const docNumber = documentNumber(identity.docNumberPattern, input.day.slice(0, 4), input.docNo);
  const documentTitle = `关于${year}年度全县实绩考核结果的${input.correction ? '更正' : ''}通报`;
  const attachmentName = `${year}年度实绩考核结果一览表`;
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
  children.push(
    ...redHeader(identity.issuingOrgan, docNumber, { linesAbove: input.preview ? 1 : 0 }),
    title(documentTitle),
    blankLine(),
    body('各乡镇党委、政府，县委各部委，县直各单位：', { indent: false }),
  );
  if (input.correction)
    children.push(
      body(`更正原因：${input.correction.replace(/[。.；;，,\s]+$/u, '')}。本通报替代此前印发的同年度结果通报。`),
    );
  children.push(
    body(
      `根据《${input.schemeName}》，${organ}组织开展了${year}年度全县实绩考核。考核坚持“一把尺子量到底”，按照指标考核与综合评价相结合、过程考核与年终考核相结合的办法，对各单位全年工作实绩进行了综合评定，${
        input.featureIndicators
          ? '各单位按适用于本单位的指标（含本单位特色指标）的分值计分并折算为百分制，其他单位的特色指标不计入本单位，'
          : ''
      }经${group}审定，现将考核结果通报如下（各单位得分和名次见附件）。`,
    ),
    heading1(0, '考核结果'),
    ...resultParagraphs(input.ranking, group),
    heading1(1, '过程考核亮灯情况'),
    body(input.redLights ? `${year}年，${input.redLights}` : '全年过程考核亮灯情况另行通报。'),
  );
  if (input.cityRedLights) children.push(body(`${year}年，${input.cityRedLights}`));
  children.push(
    heading1(2, '指标区分度情况'),
    ...diagnosticsParagraphs(input.diagnostics, groupNames),
    heading1(3, '有关要求'),
    body(
      `各单位要正确对待考核结果，认真查找差距和不足，对照失分指标和亮灯事项逐项制定整改措施，于通报印发之日起30日内将整改方案报${organ}。考核结果将作为年度绩效奖励、评先评优和干部选拔任用的重要依据。对考核结果有异议的，可在规定期限内向${organ}书面提出申诉。`,
    ),
    ...attachmentNote([attachmentName]),
    ...signatureAndDate(organ, input.day),
  );
  // 附注 (GB/T 9704 7.3.6): under the date, two characters in, in parentheses; one run so it can be read back.
  if (input.seal) children.push(body(input.seal, { align: AlignmentType.LEFT }));

  return packOfficialDocument({
    title: documentTitle,
    organ,
    docNumber,
    main: children,
    attachments: [resultsTable(input.ranking, input.decimals ?? 2)],
    imprint: input.preview ? undefined : imprint({ organ, day: input.day }),
  });
}
