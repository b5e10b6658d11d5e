/**
 * Assembles the demo county's scheme document of a year from the catalogue: four groups, their blocks and
 * indicators, and the rules the speech sets out (bonus, potential performance, vetoes, discipline downgrade,
 * light deductions, tiers by proportion, composite weights).
 */
import type { IndicatorInput, SchemeInput } from '@yardstick/engine';
import type { IndicatorMetaInput, SchemeDocumentInput } from '../modules/schemes/document';
import {
  DEPT_PARTY,
  GOV_FEATURES,
  GOV_KEY,
  GOV_WORK,
  PARTY_FEATURES,
  PARTY_KEY,
  PARTY_MORE,
  PARTY_WORK,
  TOWNSHIP_2018_ROUTINE,
  TOWNSHIP_DEV,
  TOWNSHIP_FEATURES,
  TOWNSHIP_KEY,
  TOWNSHIP_PARTY,
  TOWNSHIP_SOCIAL,
  VERTICAL_FEATURES,
  VERTICAL_MORE,
  VERTICAL_WORK,
} from './schemes-catalog';
import {
  buildIndicators,
  GOVERNMENT_CODES,
  parseTemplates,
  PARTY_CODES,
  TOWNSHIP_CODES,
  VERTICAL_CODES,
  type BuildOptions,
  type Template,
} from './schemes-templates';

export interface DemoYear {
  year: number;
  /** 2019 raises the share of city plenary targets and the weight of leaders' evaluation (R12). */
  variant: '2018' | '2019';
}

type BlockInput = NonNullable<SchemeInput['groups'][number]['blocks']>[number];

interface BlockSpec {
  id: string;
  name: string;
  points: number;
  templates: Template[];
  parents?: { code: string; name: string; size: number }[];
  category: BuildOptions['category'];
}

const TOWNSHIP_PARENTS = [
  { code: 'politics', name: '政治建设', size: 3 },
  { code: 'organization', name: '组织建设', size: 5 },
  { code: 'conduct', name: '党风廉政和作风建设', size: 3 },
];
const DEPT_PARENTS = [
  { code: 'politics', name: '政治建设', size: 3 },
  { code: 'organization', name: '组织建设', size: 3 },
  { code: 'conduct', name: '党风廉政和作风建设', size: 5 },
  { code: 'civility', name: '精神文明、统战和群团', size: 3 },
];

function features(
  prefix: string,
  list: [string, string][],
  points: number,
  year: number,
  assessorFor: (code: string) => string,
): { indicators: IndicatorInput[]; meta: Record<string, IndicatorMetaInput> } {
  const indicators: IndicatorInput[] = [];
  const meta: Record<string, IndicatorMetaInput> = {};
  list.forEach(([code, name], i) => {
    const id = `${prefix}-feature-${code.toLowerCase()}`;
    const kind = i % 3;
    indicators.push({
      id,
      name: `${name}（特色指标）`,
      points,
      key: true,
      assessorId: assessorFor(code),
      source: 'county',
      appliesTo: [code],
      method:
        kind === 0
          ? { kind: 'ratio', target: 100, zeroBelow: { value: 0.6, inclusive: true } }
          : kind === 1
            ? { kind: 'grade', grades: { A: 1, B: 0.85, C: 0.7, D: 0.5 } }
            : {
                kind: 'steps',
                points: [
                  { at: 60, value: 0 },
                  { at: 90, value: 0.8 },
                  { at: 100, value: 1 },
                ],
              },
    });
    meta[id] = {
      category: 'special',
      policySource: 'county',
      description: `${name}：本单位主要职能工作，按年度目标任务书考核`,
      target: `完成年度目标任务书确定的${name}各项任务`,
      dataSource: `目标任务书（${code}）：${name}年度完成情况核定表`,
      methodText:
        kind === 0
          ? `按目标任务完成率计分，满分 ${points} 分，完成率低于 60% 不得分`
          : kind === 1
            ? `按好、较好、一般、较差评定等次，分别得 ${points}、85%、70%、50%`
            : `完成率 100% 得满分，90% 得 80%，低于 60% 不得分，其间按比例计算`,
      evidence:
        kind === 1 ? { rule: 'required', fileTypes: ['pdf', 'docx'] } : { rule: 'optional', fileTypes: ['pdf'] },
    };
  });
  return { indicators, meta };
}

function group(
  id: string,
  name: string,
  prefix: string,
  unitCodes: string[],
  specs: BlockSpec[],
  feat: { indicators: IndicatorInput[]; meta: Record<string, IndicatorMetaInput> } | null,
  y: DemoYear,
  composite: { a: number; b: number },
) {
  const meta: Record<string, IndicatorMetaInput> = {};
  const blocks: BlockInput[] = specs.map((s) => {
    const built = buildIndicators(
      s.templates,
      s.points,
      { year: y.year, prefix, category: s.category, unitCodes, processShare: 0.4 },
      s.parents,
    );
    Object.assign(meta, built.meta);
    return { id: s.id, name: s.name, indicators: built.indicators };
  });
  if (feat) {
    blocks.push({ id: 'feature', name: '特色工作', indicators: feat.indicators });
    Object.assign(meta, feat.meta);
  }
  return { group: { id, name, blocks, composite }, meta };
}

export function buildDemoScheme(y: DemoYear): SchemeDocumentInput {
  const is2019 = y.variant === '2019';
  const t = parseTemplates;
  const composite = is2019 ? { a: 0.7, b: 0.3 } : { a: 0.8, b: 0.2 };
  const routine2018 = is2019 ? [] : t(TOWNSHIP_2018_ROUTINE);
  const groups = [
    group(
      'township',
      '乡镇',
      'xz',
      TOWNSHIP_CODES,
      [
        {
          id: 'party',
          name: '党的建设',
          points: 20,
          templates: t(TOWNSHIP_PARTY),
          parents: TOWNSHIP_PARENTS,
          category: 'party',
        },
        {
          id: 'dev',
          name: '经济发展',
          points: is2019 ? 30 : 32,
          // 2018 did not mark key work in development ("以日常工作代替重点工作"): validation warns.
          templates: is2019 ? t(TOWNSHIP_DEV) : t(TOWNSHIP_DEV).map((x) => ({ ...x, key: false })),
          category: 'government',
        },
        { id: 'key', name: '重点工作', points: is2019 ? 35 : 23, templates: t(TOWNSHIP_KEY), category: 'key' },
        {
          id: 'social',
          name: '社会事业和日常工作',
          points: is2019 ? 10 : 20,
          templates: [...t(TOWNSHIP_SOCIAL), ...routine2018],
          category: 'government',
        },
      ],
      features(
        'xz',
        TOWNSHIP_CODES.map((c, i) => [c, TOWNSHIP_FEATURES[i] ?? c]),
        5,
        y.year,
        (c) => (Number(c.slice(2)) % 2 === 0 ? 'DQ01' : 'ZF01'),
      ),
      y,
      composite,
    ),
    group(
      'party',
      '党群部门',
      'dq',
      PARTY_CODES,
      [
        {
          id: 'party',
          name: '党的建设',
          points: 25,
          templates: t(DEPT_PARTY),
          parents: DEPT_PARENTS,
          category: 'party',
        },
        {
          id: 'work',
          name: '共性工作',
          points: 25,
          templates: [...t(PARTY_WORK), ...t(PARTY_MORE)],
          category: 'government',
        },
        { id: 'key', name: '重点工作', points: 30, templates: t(PARTY_KEY), category: 'key' },
      ],
      features('dq', PARTY_FEATURES, 20, y.year, (c) => (c === 'DQ01' ? 'DQ02' : 'DQ01')),
      y,
      composite,
    ),
    group(
      'government',
      '政府部门',
      'zf',
      GOVERNMENT_CODES,
      [
        {
          id: 'party',
          name: '党的建设',
          points: 20,
          templates: t(DEPT_PARTY),
          parents: DEPT_PARENTS,
          category: 'party',
        },
        { id: 'work', name: '共性工作', points: 25, templates: t(GOV_WORK), category: 'government' },
        { id: 'key', name: '重点工作', points: 35, templates: t(GOV_KEY), category: 'key' },
      ],
      features('zf', GOV_FEATURES, 20, y.year, (c) => (c === 'ZF01' ? 'DQ01' : 'ZF01')),
      y,
      composite,
    ),
    group(
      'vertical',
      '垂管及其他',
      'cg',
      VERTICAL_CODES,
      [
        {
          id: 'party',
          name: '党的建设',
          points: 20,
          templates: t(DEPT_PARTY),
          parents: DEPT_PARENTS,
          category: 'party',
        },
        { id: 'serve', name: '服务地方发展', points: 25, templates: t(VERTICAL_WORK), category: 'key' },
        { id: 'work', name: '共性工作', points: 25, templates: t(VERTICAL_MORE), category: 'government' },
      ],
      features('cg', VERTICAL_FEATURES, 30, y.year, () => 'ZF01'),
      y,
      composite,
    ),
  ];
  const meta: Record<string, IndicatorMetaInput> = {};
  for (const g of groups) Object.assign(meta, g.meta);

  const engine: SchemeInput = {
    id: `scheme-${y.year}`,
    name: `示范县${y.year}年度乡镇和县直部门实绩考核方案`,
    year: y.year,
    version: 1,
    decimals: 2,
    groups: groups.map((g) => g.group),
    bonus: {
      cap: 5,
      categories: [
        {
          id: 'commendation',
          name: '表彰奖励加分（国家级 3 分、省级 2 分、市级 1 分）',
          levels: { national: 3, provincial: 2, city: 1 },
          cap: 5,
          inTotalCap: true,
          highestOnly: true,
        },
        ...(is2019
          ? [
              {
                id: 'potential',
                name: '潜绩加分（打基础、利长远、防风险）',
                levels: { major: 1, notable: 0.5 },
                cap: 2,
                inTotalCap: false,
                highestOnly: true,
              },
            ]
          : []),
      ],
      ...(is2019
        ? {
            rankChange: {
              source: 'preliminary' as const,
              rules: [
                { id: 'up5', places: 5, points: 1 },
                { id: 'up3', places: 3, points: 0.5 },
                { id: 'down5', places: -5, points: -0.5 },
              ],
            },
          }
        : {}),
    },
    deductions: [
      {
        id: 'criticism',
        name: '通报批评扣分',
        amount: { kind: 'perLevel', levels: { provincial: 1.5, city: 1, county: 0.5 } },
        repeatMultiplier: 2,
        limit: 5,
      },
      { id: 'fraud', name: '弄虚作假、虚报浮夸', amount: { kind: 'fixed', points: 3 } },
      ...(is2019
        ? [
            {
              id: 'lights',
              name: '过程考核亮灯扣分（两次黄灯扣 1 分，一次红灯扣 2 分）',
              amount: { kind: 'lights' as const, yellow: { every: 2, points: 1 }, red: { every: 1, points: 2 } },
              limit: 6,
            },
            {
              id: 'city-red',
              name: '市考指标被亮红灯',
              amount: { kind: 'fromRecord' as const, factor: 0.5 },
              limit: 4,
              // 县政府办 follows the city's assessment and enters these records itself (数据提供单位)
              provider: 'ZF01',
            },
          ]
        : []),
    ],
    ...(is2019 ? { deductionCaps: [{ id: 'conduct-cap', rules: ['criticism', 'fraud'], limit: 8 }] } : {}),
    vetoes: [
      { id: 'clean-gov', name: '党风廉政建设', effect: { kind: 'lowestTier' } },
      {
        id: 'poverty',
        name: '脱贫攻坚',
        effect: { kind: is2019 ? 'lowestTier' : 'barTopTiers', ...(is2019 ? {} : { n: 2 }) } as never,
      },
      { id: 'anti-gang', name: '扫黑除恶专项斗争', effect: { kind: 'barTopTiers', n: 2 } },
      ...(is2019
        ? [
            {
              id: 'major-accident',
              name: '重大安全生产责任事故',
              effect: { kind: 'fixedDeduction' as const, points: 10 },
            },
          ]
        : []),
    ],
    discipline: { steps: 1 },
    evaluation: {
      trimAbove: 5,
      invalidateUniform: true,
      raterGroups: [
        { id: 'leaders', name: '县领导评价（上评下）', weight: is2019 ? 0.6 : 0.4, form: 'scale', min: 60, max: 100 },
        {
          id: 'peers',
          name: '部门互评（横向评）',
          weight: is2019 ? 0.25 : 0.4,
          form: 'options',
          options: { 好: 100, 较好: 85, 一般: 70, 较差: 50, 不了解: null },
        },
        {
          id: 'public',
          name: '服务对象评价',
          weight: is2019 ? 0.15 : 0.2,
          form: 'options',
          options: { 满意: 100, 基本满意: 75, 不满意: 40, 不了解: null },
        },
      ],
    },
    ranking: { on: 'rounded', tieBreakers: [{ kind: 'keyWork' }, { kind: 'raterGroup', id: 'leaders' }] },
    tiering: {
      tiers: [
        { id: 'good', name: '好', share: 0.3, coefficient: 1.2, award: true },
        { id: 'fair', name: '较好', share: 0.4, coefficient: 1 },
        // The demo county's own choice (一般 0.6), written in its scheme; the default table is resultsuse/config.ts.
        { id: 'average', name: '一般', share: 0.25, coefficient: 0.6 },
        { id: 'poor', name: '较差', coefficient: 0 },
      ],
      rounding: 'halfUp',
      quotaScope: 'group',
      tiePolicy: 'flag',
      eligibility: [
        ...(is2019 ? [{ id: 'no-red', tier: 'good', kind: 'noRedLight' as const }] : []),
        { id: 'no-veto', tier: 'fair', kind: 'noVeto' as const },
      ],
      overrideOrder: 'afterQuota',
      refill: true,
    },
    resultsUse: {
      consecutive: [
        { id: 'bottom-twice', tiers: ['poor'], years: 2, action: '连续两年较差：县委主要领导约谈单位主要负责人' },
      ],
    },
  };
  return { engine, meta: { indicators: meta } };
}
