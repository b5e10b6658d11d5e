/**
 * Demo: the 2019 supervision items (领导批示, 政府工作报告目标) in every state, some linked to indicators of the
 * 2019 scheme, with progress reports; the city's indicators for the county with nodes, some lit red by the city;
 * notifications for the demo accounts; and one example of each fraud signal where the in-year seed made none.
 * Deterministic (fixed data, no randomness), idempotent (skips when its supervision items exist), fast (a few
 * hundred rows). The demo's "today" is 2019-07-15.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
  cityIndicatorNodes,
  cityIndicators,
  evidenceFiles,
  redLightItems,
  reports,
  supervisionItems,
  supervisionProgress,
  units,
  users,
} from '../db/schema';
import { recordAudit } from '../modules/audit/service';
import { systemActor } from '../modules/auth/actor';
import { notify } from '../modules/notifications/service';
import { applies, loadYearScheme, methodOf, type LeafInfo, type YearScheme } from '../modules/reports/cells';
import { listSignals } from '../modules/signals/service';
import { openRedLightItem } from '../modules/supervision/redlight';

const YEAR = 2019;
export const DEMO_TODAY = '2019-07-15';

interface ItemSeed {
  kind: 'leaderInstruction' | 'workReport' | 'countyDecision' | 'other';
  title: string;
  source: string;
  leader?: string;
  content: string;
  owner: string;
  co?: string[];
  deadline: string;
  status: 'ongoing' | 'done' | 'overdue' | 'cancelled';
  /** Link to a leaf of the 2019 scheme: 'binary' / 'other' picks one that applies to the owner. */
  link?: 'binary' | 'other';
  reports: [string, number, string][];
}

const ITEMS: ItemSeed[] = [
  {
    kind: 'leaderInstruction',
    title: '落实县委书记关于城区老旧小区改造的批示',
    source: '县委书记批示〔2019〕3号',
    leader: '县委书记',
    content: '年内完成城关镇 12 个老旧小区改造，同步解决停车难、飞线充电问题。',
    owner: 'XZ01',
    co: ['ZF11', 'ZF01'],
    deadline: '2019-11-30',
    status: 'ongoing',
    link: 'binary',
    reports: [
      ['2019-04-10', 20, '完成 12 个小区摸底调查和改造方案编制。'],
      ['2019-06-05', 45, '6 个小区开工，完成管网改造 3.2 公里。'],
      ['2019-07-08', 60, '新增停车位 320 个，已完工小区 5 个。'],
    ],
  },
  {
    kind: 'workReport',
    title: '政府工作报告目标：新增城镇就业 3000 人',
    source: '2019 年县政府工作报告',
    content: '全年新增城镇就业 3000 人，城镇登记失业率控制在 4% 以内。',
    owner: 'ZF09',
    deadline: '2019-12-20',
    status: 'ongoing',
    link: 'other',
    reports: [
      ['2019-04-05', 28, '一季度新增城镇就业 840 人。'],
      ['2019-07-05', 55, '上半年新增城镇就业 1650 人，登记失业率 3.6%。'],
    ],
  },
  {
    kind: 'workReport',
    title: '政府工作报告目标：完成农村公路提档升级 50 公里',
    source: '2019 年县政府工作报告',
    content: '完成农村公路提档升级 50 公里，实现建制村通客车率 100%。',
    owner: 'ZF12',
    co: ['XZ03', 'XZ05'],
    deadline: '2019-06-30',
    status: 'overdue',
    reports: [
      ['2019-03-28', 15, '完成 7.5 公里路基工程。'],
      ['2019-06-20', 70, '完成 35 公里，受汛期影响进度滞后。'],
    ],
  },
  {
    kind: 'leaderInstruction',
    title: '落实县长关于南湖乡饮水安全问题的批示',
    source: '县长批示〔2019〕7号',
    leader: '县长',
    content: '6 月底前解决南湖乡 3 个村季节性缺水问题。',
    owner: 'XZ04',
    co: ['ZF13'],
    deadline: '2019-06-30',
    status: 'overdue',
    link: 'binary',
    reports: [['2019-05-20', 40, '完成 1 个村供水管网延伸，另 2 个村水源井正在施工。']],
  },
  {
    kind: 'countyDecision',
    title: '县委常委会决定：优化营商环境“一窗受理”改革',
    source: '县委常委会会议纪要〔2019〕5号',
    content: '5 月底前政务服务大厅实现“一窗受理、集成服务”。',
    owner: 'ZF01',
    co: ['ZF02', 'ZF15'],
    deadline: '2019-05-31',
    status: 'done',
    reports: [
      ['2019-04-15', 50, '完成窗口整合方案和系统改造招标。'],
      ['2019-05-28', 100, '“一窗受理”5 月 27 日上线运行，综合窗口 12 个。'],
    ],
  },
  {
    kind: 'leaderInstruction',
    title: '落实分管副县长关于秋粮生产的批示',
    source: '副县长批示〔2019〕21号',
    leader: '分管副县长',
    content: '抓好秋粮播种和病虫害统防统治，确保粮食面积稳定。',
    owner: 'ZF14',
    deadline: '2019-08-31',
    status: 'ongoing',
    reports: [['2019-06-30', 50, '秋粮播种面积 32.6 万亩，与上年持平。']],
  },
  {
    kind: 'workReport',
    title: '政府工作报告目标：完成义务教育学校标准化建设 8 所',
    source: '2019 年县政府工作报告',
    content: '完成 8 所义务教育学校标准化建设，消除大班额。',
    owner: 'ZF03',
    deadline: '2019-08-31',
    status: 'ongoing',
    link: 'other',
    reports: [['2019-06-28', 62.5, '5 所学校主体完工，3 所正在装修。']],
  },
  {
    kind: 'other',
    title: '城关镇农贸市场搬迁（已并入老旧小区改造事项）',
    source: '县政府常务会议纪要〔2019〕9号',
    content: '因规划调整，并入老旧小区改造事项统一推进。',
    owner: 'XZ01',
    deadline: '2019-09-30',
    status: 'cancelled',
    reports: [],
  },
  {
    kind: 'workReport',
    title: '政府工作报告目标：完成人居环境整治示范村 20 个',
    source: '2019 年县政府工作报告',
    content: '完成 20 个人居环境整治示范村建设。',
    owner: 'XZ02',
    deadline: '2019-06-30',
    status: 'done',
    link: 'binary',
    reports: [
      ['2019-04-30', 40, '完成 8 个村。'],
      ['2019-06-25', 100, '20 个示范村全部通过乡级验收。'],
    ],
  },
];

interface CitySeed {
  code: string;
  name: string;
  dept: string;
  points: number;
  lead: string;
  units: string[];
  upper?: boolean;
  nodes: [string, string, 'green' | 'yellow' | 'red' | null, string | null, string | null][];
}

const CITY: CitySeed[] = [
  {
    code: 'S-01',
    name: '规模以上工业增加值增速',
    dept: '市工信局',
    points: 6,
    lead: 'ZF04',
    units: ['ZF02', 'XZ01'],
    upper: true,
    nodes: [
      ['一季度', '2019-04-20', 'green', '2019-04-25', null],
      ['上半年', '2019-07-20', null, null, null],
      ['前三季度', '2019-10-20', null, null, null],
    ],
  },
  {
    code: 'S-02',
    name: '固定资产投资增速',
    dept: '市发改委',
    points: 6,
    lead: 'ZF02',
    units: ['ZF08'],
    nodes: [
      ['一季度', '2019-04-20', 'red', '2019-04-28', '增速 4.1%，低于全市平均 3.2 个百分点'],
      ['上半年', '2019-07-20', null, null, null],
    ],
  },
  {
    code: 'S-03',
    name: '河长制湖长制工作',
    dept: '市水利局',
    points: 4,
    lead: 'ZF13',
    units: ['XZ04', 'XZ05'],
    nodes: [
      ['一季度暗访', '2019-03-31', 'green', '2019-04-05', null],
      ['汛前检查', '2019-05-31', 'red', '2019-06-06', '暗访发现 2 处河道垃圾未清理'],
      ['年度考核', '2019-12-15', null, null, null],
    ],
  },
  {
    code: 'S-04',
    name: '脱贫攻坚成效',
    dept: '市扶贫办',
    points: 10,
    lead: 'ZF14',
    units: ['XZ02', 'XZ03'],
    nodes: [
      ['动态管理', '2019-06-30', 'yellow', '2019-07-05', '部分台账更新不及时'],
      ['年度成效考核', '2019-12-31', null, null, null],
    ],
  },
  {
    code: 'S-05',
    name: '营商环境评价',
    dept: '市营商环境局',
    points: 5,
    lead: 'ZF01',
    units: ['ZF15'],
    nodes: [['上半年评价', '2019-07-25', null, null, null]],
  },
];

function pickLeaf(ys: YearScheme | null, unitId: string, want: 'binary' | 'other' | 'upper'): LeafInfo | undefined {
  const unit = ys?.units.find((u) => u.id === unitId);
  if (!ys || !unit) return undefined;
  for (const leaf of ys.leaves.values()) {
    if (!applies(leaf, unit)) continue;
    const kind = methodOf(leaf, unit)?.kind;
    if (want === 'binary' ? kind === 'binary' : want === 'upper' ? kind === 'upper' : kind === 'ratio') return leaf;
  }
  return undefined;
}

export async function seedSupervisionCity2019(db: Database, tenantId: string, tenantName = ''): Promise<void> {
  const [done] = await db
    .select({ id: supervisionItems.id })
    .from(supervisionItems)
    .where(and(eq(supervisionItems.tenantId, tenantId), eq(supervisionItems.year, YEAR)))
    .limit(1);
  if (done) return;
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId));
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const officeRows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'office')))
    .limit(1);
  const officeId = officeRows[0]?.id ?? null;
  const unitUsers = await db
    .select({ id: users.id, unitId: users.unitId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'unit')));
  const reporterOf = (uid: string) => unitUsers.find((u) => u.unitId === uid)?.id ?? null;
  const ys = await loadYearScheme(db, tenantId, YEAR);
  const answerDays = ys?.settings.answerDays ?? 5;

  await db.transaction(async (tx) => {
    let itemCount = 0;
    for (const [i, s] of ITEMS.entries()) {
      const owner = unitId.get(s.owner);
      if (!owner) continue;
      const leaf = s.link ? pickLeaf(ys, owner, s.link) : undefined;
      const last = s.reports[s.reports.length - 1];
      const progress = s.status === 'done' ? 100 : (last?.[1] ?? 0);
      const at = (day: string, hour = 9) => new Date(`${day}T0${hour}:00:00+08:00`);
      const [row] = await tx
        .insert(supervisionItems)
        .values({
          tenantId,
          year: YEAR,
          kind: s.kind,
          title: s.title,
          source: s.source,
          leader: s.leader ?? null,
          content: s.content,
          ownerUnitId: owner,
          coUnitIds: (s.co ?? []).map((c) => unitId.get(c)).filter((x): x is string => !!x),
          deadline: s.deadline,
          status: s.status,
          progress,
          indicatorId: leaf?.id ?? null,
          createdBy: officeId,
          createdAt: at(`2019-0${1 + (i % 3)}-1${i % 10}`),
          updatedAt: at(last?.[0] ?? '2019-03-01'),
        })
        .returning({ id: supervisionItems.id });
      if (!row) continue;
      itemCount += 1;
      if (s.reports.length > 0) {
        await tx.insert(supervisionProgress).values(
          s.reports.map(([day, p, note]) => ({
            tenantId,
            itemId: row.id,
            unitId: owner,
            progress: p,
            note,
            reportedBy: reporterOf(owner),
            createdAt: at(day, 5),
          })),
        );
      }
      if (s.status === 'overdue') {
        const day = s.deadline < '2019-07-01' ? '2019-07-01' : DEMO_TODAY;
        await openRedLightItem(tx, {
          tenantId,
          year: YEAR,
          unitId: owner,
          source: 'supervision',
          sourceRef: row.id,
          indicatorId: leaf?.id ?? null,
          title: `督查事项逾期未办结：${s.title}`,
          day,
          answerDays,
        });
        await notify(tx, {
          tenantId,
          to: { unitId: owner },
          kind: 'supervisionOverdue',
          title: `督查事项逾期：${s.title}（时限 ${s.deadline}），请说明原因并提出整改措施`,
          link: `/supervision/${row.id}`,
          dedupeKey: `supervision:overdue:${row.id}`,
        });
      } else if (s.status === 'ongoing') {
        await notify(tx, {
          tenantId,
          to: { unitId: owner },
          kind: 'supervisionDue',
          title: `督查事项「${s.title}」将于 ${s.deadline} 到期，当前进度 ${progress}%`,
          link: `/supervision/${row.id}`,
          dedupeKey: `supervision:new:${row.id}`,
        });
      }
    }
    // The answered overdue item: 南湖乡 explained and proposed measures.
    const nanhu = unitId.get('XZ04');
    if (nanhu) {
      await tx
        .update(redLightItems)
        .set({
          status: 'answered',
          explanation: '水源井施工遇到岩层，钻探进度滞后约三周。',
          measures: '增加一台钻机，7 月底前完成剩余 2 个村的供水工程；期间由送水车保障供水。',
          answeredAt: new Date('2019-07-03T10:00:00+08:00'),
          answeredBy: reporterOf(nanhu),
        })
        .where(
          and(
            eq(redLightItems.tenantId, tenantId),
            eq(redLightItems.source, 'supervision'),
            eq(redLightItems.unitId, nanhu),
          ),
        );
    }

    for (const c of CITY) {
      const lead = unitId.get(c.lead);
      const all = [...new Set([c.lead, ...c.units])].map((x) => unitId.get(x)).filter((x): x is string => !!x);
      const upperLeaf = c.upper && lead ? pickLeafAny(ys, all) : undefined;
      const [row] = await tx
        .insert(cityIndicators)
        .values({
          tenantId,
          year: YEAR,
          code: c.code,
          name: c.name,
          cityDepartment: c.dept,
          points: c.points,
          leadUnitId: lead ?? null,
          unitIds: all,
          indicatorId: upperLeaf?.id ?? null,
        })
        .returning({ id: cityIndicators.id });
      if (!row) continue;
      const nodes = await tx
        .insert(cityIndicatorNodes)
        .values(
          c.nodes.map(([name, due, light, lightOn, note]) => ({
            tenantId,
            cityIndicatorId: row.id,
            name,
            due,
            light,
            lightOn,
            note,
          })),
        )
        .returning({
          id: cityIndicatorNodes.id,
          name: cityIndicatorNodes.name,
          light: cityIndicatorNodes.light,
          lightOn: cityIndicatorNodes.lightOn,
        });
      for (const n of nodes) {
        if (n.light !== 'red' || !n.lightOn) continue;
        for (const u of all) {
          await openRedLightItem(tx, {
            tenantId,
            year: YEAR,
            unitId: u,
            source: 'city',
            sourceRef: n.id,
            title: `市考指标「${c.name}」节点「${n.name}」被市里亮红灯`,
            day: n.lightOn,
            answerDays,
          });
          await notify(tx, {
            tenantId,
            to: { unitId: u },
            kind: 'cityRedLight',
            title: `市考指标「${c.name}」节点「${n.name}」被亮红灯，请说明原因并提出整改措施`,
            link: '/city',
            dedupeKey: `city:red:${n.id}`,
          });
        }
      }
      for (const u of all) {
        const next = c.nodes.find(([, due, light]) => light === null && due >= DEMO_TODAY);
        if (!next) continue;
        await notify(tx, {
          tenantId,
          to: { unitId: u },
          kind: 'cityDeadline',
          title: `市考指标「${c.name}」节点「${next[0]}」将于 ${next[1]} 到期，请提前自查`,
          link: '/city',
          dedupeKey: `city:warn:${row.id}:${next[1]}`,
        });
      }
    }
    await notify(tx, {
      tenantId,
      to: { role: 'office' },
      kind: 'supervisionOverdue',
      title: '2 项督查事项逾期未办结，2 个市考节点被亮红灯，请督促相关单位说明原因',
      link: '/supervision?status=overdue',
      dedupeKey: 'demo:office:summary:2019-07-15',
    });
    await notify(tx, {
      tenantId,
      to: { role: 'leader' },
      kind: 'cityRedLight',
      title: '市考指标「固定资产投资增速」一季度节点被市里亮红灯',
      link: '/city',
      dedupeKey: 'demo:leader:s02',
    });
    await recordAudit(tx, systemActor(tenantId, tenantName), {
      action: 'system.seed_demo',
      entityType: 'tenant',
      entityId: tenantId,
      summary: `初始化 2019 年督查事项 ${itemCount} 项、市考指标 ${CITY.length} 项（演示数据）`,
    });
  });
  await seedSignalExamples(db, tenantId, ys);
}

function pickLeafAny(ys: YearScheme | null, unitIds: string[]): LeafInfo | undefined {
  for (const u of unitIds) {
    const leaf = pickLeaf(ys, u, 'upper');
    if (leaf) return leaf;
  }
  return undefined;
}

/**
 * One example of each fraud signal the 2019 data does not already show. Uses cells the in-year seed left empty,
 * so it never overwrites a report.
 */
async function seedSignalExamples(db: Database, tenantId: string, ys: YearScheme | null): Promise<void> {
  if (!ys) return;
  const have = (await listSignals(db, systemActor(tenantId), { year: YEAR })).counts;
  const existing = await db
    .select({ unitId: reports.unitId, indicatorId: reports.indicatorId, nodeId: reports.nodeId })
    .from(reports)
    .where(and(eq(reports.tenantId, tenantId), eq(reports.year, YEAR)));
  const taken = new Set(existing.map((r) => `${r.unitId}|${r.indicatorId}|${r.nodeId}`));
  // Ratio leaves with two nodes, and the township units they apply to, in a fixed order.
  const candidates: { unit: string; leaf: LeafInfo }[] = [];
  for (const leaf of ys.leaves.values()) {
    if (leaf.nodes.length < 2) continue;
    for (const unit of ys.units) {
      if (!applies(leaf, unit) || methodOf(leaf, unit)?.kind !== 'ratio') continue;
      const free = leaf.nodes.every((n) => !taken.has(`${unit.id}|${leaf.id}|${n.id}`));
      if (free) candidates.push({ unit: unit.id, leaf });
    }
  }
  const byLeaf = new Map<string, string[]>();
  for (const c of candidates) byLeaf.set(c.leaf.id, [...(byLeaf.get(c.leaf.id) ?? []), c.unit]);
  const leafId = [...byLeaf.keys()][0];
  const leaf = leafId ? ys.leaves.get(leafId) : undefined;
  const us = leafId ? (byLeaf.get(leafId) ?? []) : [];
  const [n1, n2] = leaf?.nodes ?? [];
  if (!leaf || !n1 || !n2 || us.length === 0) return;
  const at = new Date('2019-07-10T10:00:00+08:00');
  const row = (unit: string, nodeId: string, value: number, extra: Partial<typeof reports.$inferInsert> = {}) => ({
    tenantId,
    year: YEAR,
    unitId: unit,
    indicatorId: leaf.id,
    nodeId,
    status: 'approved',
    progress: Math.min(100, value),
    value,
    narrative: '演示数据：异常线索示例',
    submittedAt: at,
    reviewedAt: at,
    ...extra,
  });
  const values: (typeof reports.$inferInsert)[] = [];
  // Up to five free units: node 1 around 40–48, node 2 around 50–60; the first jumps 40 → 190 (outlier),
  // the second (or the first, if alone) is corrected down by its assessor, the third changed after approval.
  const picked = us.slice(0, 5);
  picked.forEach((u, i) => {
    values.push(row(u, n1.id, 40 + 2 * i));
    const v2 = i === 0 && have.outlierJump === 0 ? 190 : 50 + 2 * i;
    const extra: Partial<typeof reports.$inferInsert> = {};
    if (i === Math.min(1, picked.length - 1) && have.downwardCorrection === 0) {
      Object.assign(extra, { verifiedValue: v2 - 8, scoreReason: '核减：部分项目未达验收标准' });
    }
    if (i === Math.min(2, picked.length - 1) && have.changedAfterApproval === 0) {
      Object.assign(extra, { changedAfterApproval: true });
    }
    values.push(row(u, n2.id, v2, extra));
  });
  const inserted = await db
    .insert(reports)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: reports.id, unitId: reports.unitId, nodeId: reports.nodeId });
  if (have.sharedEvidence === 0) {
    const [a, b] = inserted.filter((r) => r.nodeId === n2.id);
    if (a && b) {
      const sha = 'd3b07384d113edec49eaa6238ad5ff00d3b07384d113edec49eaa6238ad5ff00';
      await db.insert(evidenceFiles).values(
        [a, b].map((r, i) => ({
          tenantId,
          reportId: r.id,
          unitId: r.unitId,
          fileName: i === 0 ? '项目推进会议纪要.pdf' : '会议纪要（扫描件）.pdf',
          storedName: `demo-signal-${i}`,
          contentType: 'application/pdf',
          size: 48213,
          sha256: sha,
        })),
      );
    }
  }
}
