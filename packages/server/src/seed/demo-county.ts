/**
 * The demo county 示范县 as data: groups, units and accounts. Deterministic: no clock, no randomness.
 * Later features extend it (schemes, reports, evaluations, results) so a newcomer sees every feature.
 */
export const DEMO_TENANT = {
  code: 'demo',
  name: '示范县',
  currentYear: 2019,
  // Its official identity (issue 15): one organ, named the same in the red header and the signature.
  issuingOrgan: '中共示范县委考核工作领导小组办公室',
  docNumberPattern: '县考核办〔{year}〕{n}号',
  signatureOrgan: '中共示范县委考核工作领导小组办公室',
} as const;
export const DEMO_PASSWORD = 'Yardstick@2019';

export const DEMO_GROUPS = [
  { code: 'township', name: '乡镇', kind: 'township', sortOrder: 1 },
  { code: 'party', name: '党群部门', kind: 'department', sortOrder: 2 },
  { code: 'government', name: '政府部门', kind: 'department', sortOrder: 3 },
  { code: 'vertical', name: '垂管及其他', kind: 'department', sortOrder: 4 },
] as const;

type GroupCode = (typeof DEMO_GROUPS)[number]['code'];

const TOWNSHIPS = [
  '城关镇',
  '东城镇',
  '西城镇',
  '南湖镇',
  '北山镇',
  '青石镇',
  '白水镇',
  '长岭镇',
  '桃源镇',
  '柳河镇',
  '新兴乡',
  '石门乡',
  '龙泉乡',
  '红旗乡',
  '永安乡',
  '太平乡',
  '双河乡',
  '金沙乡',
];

const PARTY = [
  ['县委办公室', '县委办'],
  ['县委组织部', '组织部'],
  ['县委宣传部', '宣传部'],
  ['县委统战部', '统战部'],
  ['县委政法委员会', '政法委'],
  ['县委政策研究室', '政研室'],
  ['县直机关工作委员会', '机关工委'],
  ['县委党校', '党校'],
  ['县总工会', '总工会'],
  ['共青团示范县委员会', '团县委'],
  ['县妇女联合会', '妇联'],
  ['县科学技术协会', '科协'],
];

const GOVERNMENT = [
  ['县人民政府办公室', '政府办'],
  ['县发展和改革局', '发改局'],
  ['县教育局', '教育局'],
  ['县工业和信息化局', '工信局'],
  ['县公安局', '公安局'],
  ['县民政局', '民政局'],
  ['县司法局', '司法局'],
  ['县财政局', '财政局'],
  ['县人力资源和社会保障局', '人社局'],
  ['县自然资源局', '自然资源局'],
  ['县住房和城乡建设局', '住建局'],
  ['县交通运输局', '交通局'],
  ['县水利局', '水利局'],
  ['县农业农村局', '农业农村局'],
  ['县商务局', '商务局'],
  ['县文化旅游和广电局', '文旅局'],
  ['县卫生健康局', '卫健局'],
  ['县退役军人事务局', '退役军人局'],
  ['县应急管理局', '应急局'],
  ['县审计局', '审计局'],
  ['县市场监督管理局', '市场监管局'],
  ['县统计局', '统计局'],
  ['县医疗保障局', '医保局'],
];

const VERTICAL = [
  ['国家税务总局示范县税务局', '税务局'],
  ['市生态环境局示范县分局', '生态环境分局'],
  ['县气象局', '气象局'],
  ['县烟草专卖局', '烟草局'],
  ['国网示范县供电公司', '供电公司'],
  ['县消防救援大队', '消防大队'],
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = [
  '建国',
  '海燕',
  '志强',
  '丽娟',
  '国庆',
  '秀英',
  '文华',
  '春梅',
  '伟',
  '静',
  '军',
  '敏',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '娜',
  '涛',
  '芳',
];

export interface DemoUnit {
  code: string;
  name: string;
  shortName: string | null;
  kind: 'township' | 'department';
  group: GroupCode;
  sortOrder: number;
  contactName: string;
  contactPhone: string;
}

function contact(i: number) {
  const name = `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 11) % GIVEN.length]}`;
  const phone = `0371-6${String(5_210_000 + i * 137).padStart(7, '0')}`;
  return { contactName: name, contactPhone: phone };
}

export function demoUnits(): DemoUnit[] {
  const out: DemoUnit[] = [];
  let i = 0;
  TOWNSHIPS.forEach((name, k) => {
    out.push({
      code: `XZ${String(k + 1).padStart(2, '0')}`,
      name,
      shortName: null,
      kind: 'township',
      group: 'township',
      sortOrder: k + 1,
      ...contact(i++),
    });
  });
  const depts: [readonly string[][], GroupCode, string][] = [
    [PARTY, 'party', 'DQ'],
    [GOVERNMENT, 'government', 'ZF'],
    [VERTICAL, 'vertical', 'CG'],
  ];
  for (const [list, group, prefix] of depts) {
    list.forEach(([name, short], k) => {
      out.push({
        code: `${prefix}${String(k + 1).padStart(2, '0')}`,
        name: name ?? '',
        shortName: short ?? null,
        kind: 'department',
        group,
        sortOrder: k + 1,
        ...contact(i++),
      });
    });
  }
  return out;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: 'office' | 'assessor' | 'unit' | 'leader' | 'sysadmin' | 'secadmin' | 'auditor';
  unitCode: string | null;
  note: string;
}

/** One account per role (README), plus the assessors named in the speech and a second unit operator. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'office', displayName: '李明', role: 'office', unitCode: null, note: '县委组织部考核办' },
  {
    username: 'assessor',
    displayName: '张海燕',
    role: 'assessor',
    unitCode: 'ZF01',
    note: '县政府办（政府部门工作指标）',
  },
  { username: 'unit', displayName: '陈志强', role: 'unit', unitCode: 'XZ01', note: '城关镇填报员' },
  { username: 'leader', displayName: '王建国', role: 'leader', unitCode: null, note: '县委副书记' },
  { username: 'sysadmin', displayName: '赵磊', role: 'sysadmin', unitCode: null, note: '系统管理员' },
  { username: 'secadmin', displayName: '孙静', role: 'secadmin', unitCode: null, note: '安全管理员' },
  { username: 'auditor', displayName: '周敏', role: 'auditor', unitCode: null, note: '审计管理员' },
  { username: 'xwb', displayName: '刘文华', role: 'assessor', unitCode: 'DQ01', note: '县委办（党群部门业务指标）' },
  { username: 'jggw', displayName: '杨春梅', role: 'assessor', unitCode: 'DQ07', note: '机关工委（党建指标）' },
  { username: 'fgj', displayName: '黄国庆', role: 'assessor', unitCode: 'ZF02', note: '发改局（经济发展指标）' },
  { username: 'czj', displayName: '吴秀英', role: 'assessor', unitCode: 'ZF08', note: '财政局（财政收入指标）' },
  { username: 'nanhu', displayName: '徐涛', role: 'unit', unitCode: 'XZ04', note: '南湖镇填报员' },
  { username: 'jyj', displayName: '郭娜', role: 'unit', unitCode: 'ZF03', note: '教育局填报员' },
];
