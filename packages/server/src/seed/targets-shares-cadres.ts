/**
 * Demo (issue 20): targets negotiated with the city in 2019 (open, overdue, closed), shared tasks with a lead and
 * shares (one dispute waiting for the office, one upheld with new shares, one dismissed), and the leadership teams
 * of every unit for 2018 and 2019 (principal leaders and a deputy; one change of township head in mid-2018).
 * Deterministic, idempotent (each part skips when its own rows exist). The demo's "today" is 2019-07-15.
 */
import { validateShares } from '@yardstick/engine';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
  cityIndicators,
  negotiationContacts,
  sharedTaskDisputes,
  sharedTasks,
  supervisionItems,
  targetNegotiations,
  unitLeaders,
  units,
} from '../db/schema';
import { recordAudit } from '../modules/audit/service';
import { systemActor } from '../modules/auth/actor';
import { loadYearScheme } from '../modules/reports/cells';

const YEAR = 2019;

interface NegotiationSeed {
  city: string;
  unit: string;
  deadline: string;
  cityTarget: string;
  proposedTarget: string;
  reasons: string[];
  reasonNote: string;
  contacts: [string, string, string, string, string][];
  outcome?: { status: 'accepted' | 'adjusted' | 'kept'; finalTarget: string; note: string; on: string };
}

const NEGOTIATIONS: NegotiationSeed[] = [
  {
    city: 'S-01',
    unit: 'XZ01',
    deadline: '2019-07-31',
    cityTarget: '规模以上工业增加值增速 9.0%',
    proposedTarget: '规模以上工业增加值增速 7.0%',
    reasons: ['reform', 'tooHigh'],
    reasonNote:
      '机构改革后城关镇工业园区（含 11 家规上企业）已整体划归县产业集聚区管委会管理，镇内仅余 4 家规上企业；按余下企业测算，9.0% 的增速目标明显偏高。',
    contacts: [
      [
        '2019-06-20',
        '城关镇 陈志强',
        '市工信局运行监测科 马科长',
        '当面',
        '说明园区划转情况，提交划转文件和余下企业名单；对方表示需与市统计局核对口径。',
      ],
      [
        '2019-07-08',
        '城关镇 陈志强',
        '市工信局运行监测科 马科长',
        '电话',
        '市里已核对划转企业名单，同意按余下企业重新测算，请于 7 月底前报送测算依据。',
      ],
    ],
  },
  {
    city: 'S-04',
    unit: 'XZ02',
    deadline: '2019-07-10',
    cityTarget: '动态管理准确率 100%，返贫人口为 0',
    proposedTarget: '动态管理准确率 98%，返贫人口为 0',
    reasons: ['baseChanged'],
    reasonNote: '今年新纳入边缘户 126 户，台账口径调整，部分信息需跨部门比对，100% 准确率难以在节点前达到。',
    contacts: [
      ['2019-06-28', '东城镇 周丽娟', '市扶贫办 何主任', '电话', '反映边缘户纳入后的口径变化，对方要求书面报告。'],
    ],
  },
  {
    city: 'S-03',
    unit: 'XZ04',
    deadline: '2019-06-30',
    cityTarget: '河湖“四乱”问题清零，暗访零通报',
    proposedTarget: '河湖“四乱”问题清零，暗访通报不超过 1 次',
    reasons: ['tooHigh', 'other'],
    reasonNote: '南湖镇境内河道 46 公里，跨界河段 3 处由上游乡镇管护，暗访“零通报”不完全取决于本镇工作。',
    contacts: [
      ['2019-05-15', '南湖镇 徐涛', '市水利局河湖科 宋科长', '当面', '说明跨界河段管护责任，提交河长巡河记录。'],
      ['2019-06-12', '南湖镇 徐涛', '市水利局河湖科 宋科长', '函件', '报送《关于调整河长制考核目标的请示》。'],
    ],
    outcome: {
      status: 'adjusted',
      finalTarget: '河湖“四乱”问题清零，本镇管护河段暗访零通报（跨界河段单列）',
      note: '市水利局复函同意跨界河段单列考核。',
      on: '2019-06-25',
    },
  },
  {
    city: 'S-02',
    unit: 'ZF08',
    deadline: '2019-05-31',
    cityTarget: '固定资产投资增速 10%',
    proposedTarget: '固定资产投资增速 8%',
    reasons: ['policyChanged'],
    reasonNote: '地方政府专项债券额度较上年减少 30%，财政配套能力下降。',
    contacts: [['2019-05-10', '县财政局 吴秀英', '市发改委投资科 罗科长', '当面', '汇报专项债额度变化。']],
    outcome: {
      status: 'kept',
      finalTarget: '固定资产投资增速 10%',
      note: '市发改委维持全市统一目标。',
      on: '2019-05-28',
    },
  },
];

/** Principal posts by unit kind; a township whose name ends in 乡 has a 乡长. */
function postsOf(name: string, kind: string): [string, string, string] {
  if (kind === 'township') return ['党委书记', name.endsWith('乡') ? '乡长' : '镇长', '党委副书记'];
  if (name.includes('办公室')) return ['主任', '党组书记', '副主任'];
  return ['党组书记', name.endsWith('局') || name.includes('局') ? '局长' : '主任', '副职'];
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = ['建华', '卫东', '晓明', '红梅', '志刚', '玉兰', '振宇', '海峰', '雪梅', '国强', '立新', '春燕', '宏伟'];
const person = (i: number) =>
  `${SURNAMES[(i * 13 + 5) % SURNAMES.length] ?? '王'}${GIVEN[(i * 7 + 3) % GIVEN.length] ?? '建华'}`;

export async function seedTargetsSharesCadres(db: Database, tenantId: string, tenantName = ''): Promise<void> {
  const unitRows = await db
    .select({ id: units.id, code: units.code, name: units.name, kind: units.kind })
    .from(units)
    .where(eq(units.tenantId, tenantId))
    .orderBy(asc(units.sortOrder), asc(units.code));
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const actor = systemActor(tenantId, tenantName);

  // R32: negotiations with the city.
  const [hasNegotiation] = await db
    .select({ id: targetNegotiations.id })
    .from(targetNegotiations)
    .where(eq(targetNegotiations.tenantId, tenantId))
    .limit(1);
  if (!hasNegotiation) {
    const city = await db
      .select({ id: cityIndicators.id, code: cityIndicators.code })
      .from(cityIndicators)
      .where(and(eq(cityIndicators.tenantId, tenantId), eq(cityIndicators.year, YEAR)));
    const cityId = new Map(city.map((c) => [c.code, c.id]));
    await db.transaction(async (tx) => {
      let n = 0;
      for (const s of NEGOTIATIONS) {
        const cid = cityId.get(s.city);
        const uid = unitId.get(s.unit);
        if (!cid || !uid) continue;
        const [row] = await tx
          .insert(targetNegotiations)
          .values({
            tenantId,
            year: YEAR,
            cityIndicatorId: cid,
            unitId: uid,
            deadline: s.deadline,
            cityTarget: s.cityTarget,
            proposedTarget: s.proposedTarget,
            reasons: s.reasons,
            reasonNote: s.reasonNote,
            ...(s.outcome
              ? {
                  status: s.outcome.status,
                  finalTarget: s.outcome.finalTarget,
                  outcomeNote: s.outcome.note,
                  closedOn: s.outcome.on,
                }
              : {}),
          })
          .returning({ id: targetNegotiations.id });
        if (!row) continue;
        n++;
        await tx.insert(negotiationContacts).values(
          s.contacts.map(([contactOn, countyPerson, cityPerson, channel, summary]) => ({
            tenantId,
            negotiationId: row.id,
            contactOn,
            countyPerson,
            cityPerson,
            channel,
            summary,
          })),
        );
      }
      await recordAudit(tx, actor, {
        action: 'negotiation.create',
        entityType: 'target_negotiation',
        summary: `初始化 ${YEAR} 年市考指标目标协商 ${n} 项（演示数据）`,
      });
    });
  }

  // R33: shared tasks, disputes and rulings.
  const [hasTask] = await db
    .select({ id: sharedTasks.id })
    .from(sharedTasks)
    .where(eq(sharedTasks.tenantId, tenantId))
    .limit(1);
  const ys = await loadYearScheme(db, tenantId, YEAR);
  if (!hasTask && ys) {
    const leafByName = (name: string) => [...ys.leaves.values()].find((l) => l.name === name);
    const [item] = await db
      .select({ id: supervisionItems.id, title: supervisionItems.title, owner: supervisionItems.ownerUnitId })
      .from(supervisionItems)
      .where(and(eq(supervisionItems.tenantId, tenantId), eq(supervisionItems.year, YEAR)))
      .orderBy(asc(supervisionItems.deadline), asc(supervisionItems.title))
      .limit(1);
    const u = (code: string) => unitId.get(code) ?? '';
    const river = leafByName('河长制湖长制落实');
    const living = leafByName('农村人居环境整治三年行动');
    type TaskSeed = {
      kind: 'indicator' | 'supervision';
      refId: string;
      title: string;
      lead: string;
      shares: { unitId: string; share: number }[];
      dispute?: { unit: string; reason: string; proposal: string; ruling?: ['upheld' | 'dismissed', string] };
      /** The shares before an upheld ruling changed them (the audit trail shows both). */
      before?: { unitId: string; share: number }[];
    };
    const tasks: TaskSeed[] = [];
    if (river) {
      tasks.push({
        kind: 'indicator',
        refId: river.id,
        title: '南湖、北山片区河道综合治理（市考 S-03 承接）',
        lead: u('ZF13'),
        shares: [
          { unitId: u('ZF13'), share: 0.4 },
          { unitId: u('XZ04'), share: 0.3 },
          { unitId: u('XZ05'), share: 0.3 },
        ],
        dispute: {
          unit: 'XZ04',
          reason: '跨界河段 3 处由上游乡镇管护，河道保洁由县城管局统一发包，本镇 30% 的份额过高。',
          proposal: '县水利局 50%、南湖镇 20%、北山镇 30%',
        },
      });
    }
    if (living) {
      tasks.push({
        kind: 'indicator',
        refId: living.id,
        title: '城关镇城乡结合部人居环境整治',
        lead: u('XZ01'),
        before: [
          { unitId: u('XZ01'), share: 0.5 },
          { unitId: u('ZF11'), share: 0.5 },
        ],
        shares: [
          { unitId: u('XZ01'), share: 0.6 },
          { unitId: u('ZF11'), share: 0.4 },
        ],
        dispute: {
          unit: 'ZF11',
          reason: '县住建局负责技术指导和验收，村庄保洁和改厕由城关镇组织实施，五五分担不符合职责分工。',
          proposal: '城关镇 60%、县住建局 40%',
          ruling: [
            'upheld',
            '经核实“三定”方案和整治实施方案，改厕、保洁由镇组织实施，调整为城关镇 60%、县住建局 40%。',
          ],
        },
      });
    }
    if (item && item.owner !== u('ZF02')) {
      tasks.push({
        kind: 'supervision',
        refId: item.id,
        title: item.title,
        lead: item.owner,
        shares: [
          { unitId: item.owner, share: 0.7 },
          { unitId: u('ZF02'), share: 0.3 },
        ],
        dispute: {
          unit: 'ZF02',
          reason: '本事项主要由牵头单位办理，发改局仅提供项目审批信息，不应承担 30%。',
          proposal: '发改局 10%',
          ruling: ['dismissed', '项目审批进度是本事项的关键环节，维持原分工。'],
        },
      });
    }
    await db.transaction(async (tx) => {
      for (const t of tasks) {
        if (validateShares(t.shares).length > 0 || t.shares.some((s) => !s.unitId)) continue;
        const [row] = await tx
          .insert(sharedTasks)
          .values({
            tenantId,
            year: YEAR,
            kind: t.kind,
            refId: t.refId,
            title: t.title,
            leadUnitId: t.lead,
            shares: t.shares,
            version: t.before ? 2 : 1,
          })
          .returning({ id: sharedTasks.id });
        if (!row || !t.dispute) continue;
        const [d] = await tx
          .insert(sharedTaskDisputes)
          .values({
            tenantId,
            taskId: row.id,
            unitId: u(t.dispute.unit),
            reason: t.dispute.reason,
            proposal: t.dispute.proposal,
            ...(t.dispute.ruling
              ? {
                  status: t.dispute.ruling[0],
                  ruling: t.dispute.ruling[1],
                  ruledAt: new Date('2019-07-05T02:00:00Z'),
                }
              : {}),
          })
          .returning({ id: sharedTaskDisputes.id });
        if (t.dispute.ruling && d) {
          await recordAudit(tx, actor, {
            action: 'sharedtask.ruling',
            entityType: 'shared_task_dispute',
            entityId: d.id,
            summary: `裁定共担任务「${t.title}」的分工异议：${
              t.dispute.ruling[0] === 'upheld' ? '异议成立' : '驳回异议'
            }。${t.dispute.ruling[1]}（演示数据）`,
            before: t.before ?? t.shares,
            after: t.shares,
          });
        }
      }
      await recordAudit(tx, actor, {
        action: 'sharedtask.create',
        entityType: 'shared_task',
        summary: `初始化 ${YEAR} 年共担任务 ${tasks.length} 项（演示数据）`,
      });
    });
  }

  // R35: leadership teams of every unit for 2018 and 2019.
  const [hasLeaders] = await db
    .select({ id: unitLeaders.id })
    .from(unitLeaders)
    .where(eq(unitLeaders.tenantId, tenantId))
    .limit(1);
  if (!hasLeaders) {
    const rows: (typeof unitLeaders.$inferInsert)[] = [];
    unitRows.forEach((unit, i) => {
      const [first, second, deputy] = postsOf(unit.name, unit.kind);
      const a = person(i * 3);
      const b = person(i * 3 + 1);
      const c = person(i * 3 + 2);
      const since = `${2014 + (i % 4)}-0${1 + (i % 9)}-15`;
      for (const year of [2018, 2019]) {
        rows.push({ tenantId, year, unitId: unit.id, name: a, post: first, principal: true, startedOn: since });
        // 南湖镇 (XZ04) changed its head in mid-2018: both terms appear in 2018.
        if (unit.code === 'XZ04' && year === 2018) {
          rows.push({
            tenantId,
            year,
            unitId: unit.id,
            name: person(97),
            post: second,
            principal: true,
            startedOn: '2015-03-01',
            endedOn: '2018-06-30',
            note: '调任县农业农村局',
          });
          rows.push({
            tenantId,
            year,
            unitId: unit.id,
            name: b,
            post: second,
            principal: true,
            startedOn: '2018-07-01',
          });
        } else {
          rows.push({
            tenantId,
            year,
            unitId: unit.id,
            name: b,
            post: second,
            principal: true,
            startedOn: unit.code === 'XZ04' ? '2018-07-01' : `${2016 + (i % 3)}-0${1 + (i % 8)}-01`,
          });
        }
        rows.push({
          tenantId,
          year,
          unitId: unit.id,
          name: c,
          post: deputy,
          principal: false,
          startedOn: '2017-02-01',
        });
      }
    });
    await db.transaction(async (tx) => {
      if (rows.length > 0) await tx.insert(unitLeaders).values(rows);
      await recordAudit(tx, actor, {
        action: 'cadres.create',
        entityType: 'unit_leader',
        summary: `初始化 2018、2019 年各单位领导班子 ${rows.length} 条（演示数据）`,
      });
    });
  }
}
