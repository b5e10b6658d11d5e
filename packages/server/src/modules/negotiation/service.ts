/**
 * Targets negotiated with the city (R32, 与市直对口单位做好沟通，把指标定实): for a city indicator it carries, a
 * responsible unit records the target it proposes, the city's target, its reasons, every contact with the city
 * counterpart and the outcome — before the city's deadline. The office sees what is open or overdue and exports an
 * evidence pack for a target it finds unrealistic.
 */
import type { Worksheet } from 'exceljs';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cityIndicatorNodes, cityIndicators, negotiationContacts, targetNegotiations } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { daysBetween } from '../../lib/day';
import { newWorkbook } from '../../lib/lazy';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { getCity } from '../city/service';
import { yearToday } from '../lights/clock';
import { NO_UNIT, unitRefs } from '../units/refs';
import {
  NEGOTIATION_STATUSES,
  REASON_KINDS,
  REASON_NAMES,
  STATUS_NAMES,
  type AddContact,
  type CreateNegotiation,
  type Negotiation,
  type NegotiationList,
  type NegotiationStatus,
  type ReasonKind,
  type RecordOutcome,
  type UpdateNegotiation,
} from './schemas';

type Row = typeof targetNegotiations.$inferSelect;
type ContactRow = typeof negotiationContacts.$inferSelect;
const asStatus = (v: string): NegotiationStatus => NEGOTIATION_STATUSES.find((s) => s === v) ?? 'open';
const asReasons = (v: string[]): ReasonKind[] => v.flatMap((r) => REASON_KINDS.filter((k) => k === r));

/** A unit sees its own negotiations; office, assessors and leaders see the county's. */
function scope(actor: Actor): SQL | undefined {
  const tenant = eq(targetNegotiations.tenantId, actor.tenantId);
  return actor.role === 'unit' ? and(tenant, eq(targetNegotiations.unitId, actor.unitId ?? NO_UNIT)) : tenant;
}

/**
 * "Today" of a county-year: the scheme's pinned day (the demo's 2019 lives on 2019-07-15) or the Asia/Shanghai day;
 * a caller (a test) may fix it.
 */
async function todayOf(db: Database, actor: Actor, year: number, today: string | undefined): Promise<string> {
  return today ?? yearToday(db, actor.tenantId, year);
}

async function load(
  db: Database,
  actor: Actor,
  where: SQL | undefined,
  today: string | undefined,
): Promise<Negotiation[]> {
  const rows = await db
    .select({ n: targetNegotiations, c: cityIndicators })
    .from(targetNegotiations)
    .innerJoin(cityIndicators, eq(cityIndicators.id, targetNegotiations.cityIndicatorId))
    .where(and(scope(actor), where))
    .orderBy(asc(targetNegotiations.deadline), asc(cityIndicators.code), asc(targetNegotiations.id));
  if (rows.length === 0) return [];
  const contacts = await db
    .select()
    .from(negotiationContacts)
    .where(
      and(
        eq(negotiationContacts.tenantId, actor.tenantId),
        inArray(
          negotiationContacts.negotiationId,
          rows.map((r) => r.n.id),
        ),
      ),
    )
    .orderBy(asc(negotiationContacts.contactOn), asc(negotiationContacts.createdAt));
  const refs = await unitRefs(db, actor.tenantId);
  const days = new Map<number, string>();
  for (const y of new Set(rows.map((r) => r.n.year))) days.set(y, await todayOf(db, actor, y, today));
  return rows.map(({ n, c }) =>
    present(n, c, contacts, refs.get(n.unitId) ?? { id: n.unitId, code: '?', name: '?' }, days.get(n.year) ?? ''),
  );
}

function present(
  n: Row,
  c: typeof cityIndicators.$inferSelect,
  contacts: ContactRow[],
  unit: { id: string; code: string; name: string },
  today: string,
): Negotiation {
  const status = asStatus(n.status);
  return {
    id: n.id,
    year: n.year,
    cityIndicator: { id: c.id, code: c.code, name: c.name, cityDepartment: c.cityDepartment },
    unit,
    deadline: n.deadline,
    cityTarget: n.cityTarget,
    proposedTarget: n.proposedTarget,
    reasons: asReasons(n.reasons),
    reasonNote: n.reasonNote,
    status,
    finalTarget: n.finalTarget,
    outcomeNote: n.outcomeNote,
    closedOn: n.closedOn,
    overdue: status === 'open' && today > n.deadline,
    daysLeft: daysBetween(today, n.deadline),
    version: n.version,
    contacts: contacts
      .filter((x) => x.negotiationId === n.id)
      .map((x) => ({
        id: x.id,
        contactOn: x.contactOn,
        countyPerson: x.countyPerson,
        cityPerson: x.cityPerson,
        channel: x.channel,
        summary: x.summary,
      })),
  };
}

export async function listNegotiations(
  db: Database,
  actor: Actor,
  year: number,
  filter: 'all' | 'open' | 'overdue' | 'closed',
  today?: string,
): Promise<NegotiationList> {
  const day = await todayOf(db, actor, year, today);
  const all = await load(db, actor, eq(targetNegotiations.year, year), day);
  const counts = {
    open: all.filter((n) => n.status === 'open').length,
    overdue: all.filter((n) => n.overdue).length,
    closed: all.filter((n) => n.status !== 'open').length,
  };
  const items = all.filter((n) =>
    filter === 'all'
      ? true
      : filter === 'open'
        ? n.status === 'open'
        : filter === 'overdue'
          ? n.overdue
          : n.status !== 'open',
  );
  return { items, counts, today: day };
}

export async function getNegotiation(db: Database, actor: Actor, id: string, today?: string) {
  const [one] = await load(db, actor, eq(targetNegotiations.id, id), today);
  if (!one) throw notFound('目标协商记录', 'Negotiation');
  return one;
}

function requireBeforeDeadline(n: { deadline: string }, day: string) {
  if (day > n.deadline) throw new AppError('NEGOTIATION_PAST_DEADLINE', { deadline: n.deadline, day });
}

function requireOpen(n: Negotiation) {
  if (n.status !== 'open') throw new AppError('NEGOTIATION_CLOSED');
}

/** Only the unit's own account writes its negotiation. */
function ownUnit(actor: Actor): string {
  if (actor.role !== 'unit' || !actor.unitId) throw new AppError('FORBIDDEN');
  return actor.unitId;
}

const describe = (n: Negotiation) =>
  `${n.year} 年市考指标 ${n.cityIndicator.code} ${n.cityIndicator.name}（${n.unit.name}）`;

export async function createNegotiation(
  db: Database,
  actor: Actor,
  input: CreateNegotiation,
  today?: string,
): Promise<Negotiation> {
  const unitId = ownUnit(actor);
  return db.transaction(async (tx) => {
    // getCity is scoped: a unit finds only the city indicators it leads or carries.
    const city = await getCity(tx, actor, input.cityIndicatorId);
    today = await todayOf(tx, actor, city.year, today);
    requireBeforeDeadline(input, today);
    const [dup] = await tx
      .select({ id: targetNegotiations.id })
      .from(targetNegotiations)
      .where(
        and(
          eq(targetNegotiations.tenantId, actor.tenantId),
          eq(targetNegotiations.cityIndicatorId, city.id),
          eq(targetNegotiations.unitId, unitId),
        ),
      );
    if (dup) throw new AppError('NEGOTIATION_DUPLICATE');
    const [row] = await tx
      .insert(targetNegotiations)
      .values({
        tenantId: actor.tenantId,
        year: city.year,
        cityIndicatorId: city.id,
        unitId,
        deadline: input.deadline,
        cityTarget: input.cityTarget,
        proposedTarget: input.proposedTarget,
        reasons: input.reasons,
        reasonNote: input.reasonNote,
        createdBy: actor.userId,
      })
      .returning({ id: targetNegotiations.id });
    if (!row) throw new AppError('INTERNAL');
    const created = await getNegotiation(tx, actor, row.id, today);
    await recordAudit(tx, actor, {
      action: 'negotiation.create',
      entityType: 'target_negotiation',
      entityId: row.id,
      summary: `登记目标协商：${describe(created)}，市里目标「${input.cityTarget}」，建议目标「${input.proposedTarget}」`,
      after: created,
    });
    return created;
  });
}

export async function updateNegotiation(
  db: Database,
  actor: Actor,
  id: string,
  input: UpdateNegotiation,
  today?: string,
): Promise<Negotiation> {
  ownUnit(actor);
  return db.transaction(async (tx) => {
    const before = await getNegotiation(tx, actor, id, today);
    today = await todayOf(tx, actor, before.year, today);
    requireOpen(before);
    requireBeforeDeadline(before, today);
    const { version, ...changes } = input;
    const updated = await tx
      .update(targetNegotiations)
      .set({ ...changes, version: version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(targetNegotiations.tenantId, actor.tenantId),
          eq(targetNegotiations.id, id),
          eq(targetNegotiations.version, version),
        ),
      )
      .returning({ id: targetNegotiations.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getNegotiation(tx, actor, id, today);
    await recordAudit(tx, actor, {
      action: 'negotiation.update',
      entityType: 'target_negotiation',
      entityId: id,
      summary: `修改目标协商：${describe(after)}`,
      before,
      after,
    });
    return after;
  });
}

export async function addContact(
  db: Database,
  actor: Actor,
  id: string,
  input: AddContact,
  today?: string,
): Promise<Negotiation> {
  ownUnit(actor);
  return db.transaction(async (tx) => {
    const n = await getNegotiation(tx, actor, id, today);
    const day = await todayOf(tx, actor, n.year, today);
    requireOpen(n);
    requireBeforeDeadline(n, day);
    requireBeforeDeadline(n, input.contactOn);
    if (input.contactOn > day) {
      throw new AppError('VALIDATION_FAILED', {}, [
        {
          path: 'contactOn',
          message: '',
          messages: { 'zh-CN': '沟通日期不能晚于今天', en: 'The contact date cannot be in the future' },
        },
      ]);
    }
    await tx.insert(negotiationContacts).values({
      tenantId: actor.tenantId,
      negotiationId: id,
      contactOn: input.contactOn,
      countyPerson: input.countyPerson,
      cityPerson: input.cityPerson,
      channel: input.channel ?? null,
      summary: input.summary,
      createdBy: actor.userId,
    });
    await tx
      .update(targetNegotiations)
      .set({ version: n.version + 1, updatedAt: new Date() })
      .where(eq(targetNegotiations.id, id));
    await recordAudit(tx, actor, {
      action: 'negotiation.contact',
      entityType: 'target_negotiation',
      entityId: id,
      summary: `目标协商沟通：${describe(n)}，${input.contactOn} 与市里 ${input.cityPerson} 沟通`,
      after: input,
    });
    return getNegotiation(tx, actor, id, today);
  });
}

/** The city's answer: it may come after the deadline, so the outcome is recorded whenever it arrives. */
export async function recordOutcome(
  db: Database,
  actor: Actor,
  id: string,
  input: RecordOutcome,
  today?: string,
): Promise<Negotiation> {
  ownUnit(actor);
  return db.transaction(async (tx) => {
    const before = await getNegotiation(tx, actor, id, today);
    const day = await todayOf(tx, actor, before.year, today);
    requireOpen(before);
    const closedOn = input.closedOn ?? day;
    if (closedOn > day) {
      throw new AppError('VALIDATION_FAILED', {}, [
        {
          path: 'closedOn',
          message: '',
          messages: { 'zh-CN': '结果日期不能晚于今天', en: 'The outcome date cannot be in the future' },
        },
      ]);
    }
    const updated = await tx
      .update(targetNegotiations)
      .set({
        status: input.status,
        finalTarget: input.finalTarget,
        outcomeNote: input.outcomeNote,
        closedOn,
        version: input.version + 1,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(targetNegotiations.tenantId, actor.tenantId),
          eq(targetNegotiations.id, id),
          eq(targetNegotiations.version, input.version),
        ),
      )
      .returning({ id: targetNegotiations.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT');
    const after = await getNegotiation(tx, actor, id, today);
    await recordAudit(tx, actor, {
      action: 'negotiation.outcome',
      entityType: 'target_negotiation',
      entityId: id,
      summary: `目标协商结果：${describe(after)}，${STATUS_NAMES[input.status]['zh-CN']}，最终目标「${input.finalTarget}」`,
      before,
      after,
    });
    return after;
  });
}

/**
 * The evidence pack the office sends the city for a target it finds unrealistic: the case (targets, reasons),
 * every contact, and the indicator's nodes and lights. Reading it is audited.
 */
export async function evidencePack(db: Database, actor: Actor, id: string, today?: string) {
  const n = await getNegotiation(db, actor, id, today);
  const nodes = await db
    .select()
    .from(cityIndicatorNodes)
    .where(
      and(eq(cityIndicatorNodes.tenantId, actor.tenantId), eq(cityIndicatorNodes.cityIndicatorId, n.cityIndicator.id)),
    )
    .orderBy(asc(cityIndicatorNodes.due), asc(cityIndicatorNodes.name));
  const wb = await newWorkbook();
  wb.creator = 'Yardstick 实绩考核管理平台';
  wb.created = new Date(0);
  const head = (ws: Worksheet) => {
    const r = ws.getRow(1);
    r.font = { bold: true, color: { argb: 'FF1F3864' } };
    r.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  };
  const caseSheet = wb.addWorksheet('情况说明');
  caseSheet.columns = [
    { header: '项目', width: 18 },
    { header: '内容', width: 70 },
  ];
  head(caseSheet);
  const rows: [string, string][] = [
    ['考核年度', String(n.year)],
    ['市考指标', `${n.cityIndicator.code} ${n.cityIndicator.name}`],
    ['市直考核部门', n.cityIndicator.cityDepartment ?? ''],
    ['县承担单位', n.unit.name],
    ['市里下达目标', n.cityTarget],
    ['我县建议目标', n.proposedTarget],
    ['理由', n.reasons.map((r) => REASON_NAMES[r]['zh-CN']).join('；')],
    ['具体说明', n.reasonNote],
    ['协商截止日期', n.deadline],
    ['协商状态', STATUS_NAMES[n.status]['zh-CN']],
    ['最终目标', n.finalTarget ?? ''],
    ['结果说明', n.outcomeNote ?? ''],
    ['沟通次数', String(n.contacts.length)],
  ];
  for (const r of rows) caseSheet.addRow(r);
  caseSheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  const contactSheet = wb.addWorksheet('沟通记录');
  contactSheet.columns = [
    { header: '日期', width: 12 },
    { header: '县方人员', width: 14 },
    { header: '市直对口人员', width: 16 },
    { header: '方式', width: 10 },
    { header: '沟通内容', width: 60 },
  ];
  head(contactSheet);
  for (const c of n.contacts)
    contactSheet.addRow([c.contactOn, c.countyPerson, c.cityPerson, c.channel ?? '', c.summary]);
  if (n.contacts.length === 0) contactSheet.addRow(['（无）']);
  const nodeSheet = wb.addWorksheet('市考节点与亮灯');
  nodeSheet.columns = [
    { header: '节点', width: 30 },
    { header: '时限', width: 12 },
    { header: '亮灯', width: 8 },
    { header: '说明', width: 40 },
  ];
  head(nodeSheet);
  const lightName: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
  for (const x of nodes)
    nodeSheet.addRow([x.name, x.due, x.light ? (lightName[x.light] ?? x.light) : '', x.note ?? '']);
  if (nodes.length === 0) nodeSheet.addRow(['（无）']);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAudit(db, actor, {
    action: 'negotiation.evidence_export',
    entityType: 'target_negotiation',
    entityId: id,
    summary: `导出目标协商佐证材料：${describe(n)}`,
  });
  return { body, fileName: `${n.year}年市考指标目标协商佐证-${n.cityIndicator.code}-${n.unit.name}.xlsx` };
}
