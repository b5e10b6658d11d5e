/**
 * Self-reports (进度填报) and their verification (审核评分). A unit fills its own cells (draft → submitted;
 * returned → resubmitted); the assessor of the indicator approves, returns with a reason, marks a node failed,
 * corrects the value or scores a manual indicator within the method's bounds. Every write is one transaction,
 * audited with before/after, and versioned (409 VERSION_CONFLICT when someone else moved the row).
 */
import type { Database } from '../../db/client';
import type { reports } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { shanghaiDay } from '../../lib/day';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { recomputeLights } from '../lights/service';
import type { Light, LightReason } from '../lights/rules';
import { notify } from '../notifications/service';
import {
  cellsOf,
  currentYear,
  loadYearScheme,
  methodOf,
  YEAR_END,
  type Cell,
  type LeafInfo,
  type YearScheme,
  type YearUnit,
} from './cells';
import {
  evidenceOfReports,
  insertReportIfAbsent,
  lightOfCell,
  lockReportOfCell,
  reportById,
  reportsAndLightsOf,
  updateReportAt,
  type ReportRow,
} from './queries';
import { cellFilter, covers, scopeOf, type Scope } from './scope';

export { REPORT_STATUSES } from './schemas';
import { REPORT_STATUSES } from './schemas';
export type ReportStatusName = (typeof REPORT_STATUSES)[number];
const STATUS_ZH: Record<ReportStatusName, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  approved: '已审核通过',
  failed: '已判定未完成',
};

export interface EvidenceView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface CellInfo {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorId: string;
  indicatorName: string;
  nodeId: string;
  nodeName: string;
  due: string;
  expected: number;
  methodKind: string | null;
  /** Formula inputs to fill; grade letters to choose from; manual score bounds. */
  inputNames: string[];
  grades: string[];
  scoreMin: number | null;
  scoreMax: number | null;
  evidenceRule: 'none' | 'optional' | 'required';
  fileTypes: string[];
  assessorId: string | null;
  /**
   * The unit is this indicator's own assessor (A7: no one verifies their own unit's work): the assessment office
   * verifies this report, and the assessor sees it but cannot act on it.
   */
  officeReview: boolean;
}

export interface ReportView {
  id: string;
  year: number;
  status: ReportStatusName;
  progress: number | null;
  value: number | null;
  inputs: Record<string, number> | null;
  grade: string | null;
  narrative: string | null;
  verifiedValue: number | null;
  assessorScore: number | null;
  scoreReason: string | null;
  returnReason: string | null;
  evidenceRequested: boolean;
  submittedAt: string | null;
  reviewedAt: string | null;
  changedAfterApproval: boolean;
  version: number;
  evidence: EvidenceView[];
}

export interface CellView extends CellInfo {
  report: ReportView | null;
  light: Light | null;
  lightReason: LightReason | null;
}

export const DEFAULT_FILE_TYPES = ['pdf', 'jpg', 'png', 'docx', 'xlsx'];

export function cellInfo(cell: Cell): CellInfo {
  const m = methodOf(cell.leaf, cell.unit);
  const ev = cell.leaf.meta.evidence;
  return {
    unitId: cell.unit.id,
    unitCode: cell.unit.code,
    unitName: cell.unit.name,
    indicatorId: cell.leaf.id,
    indicatorName: cell.leaf.name,
    nodeId: cell.nodeId,
    nodeName: cell.nodeName,
    due: cell.due,
    expected: cell.expected,
    methodKind: m?.kind ?? null,
    inputNames: m?.kind === 'formula' ? m.inputs : [],
    grades: m?.kind === 'grade' ? Object.keys(m.grades) : [],
    scoreMin: m?.kind === 'manual' ? m.min : null,
    scoreMax: m?.kind === 'manual' ? (m.max ?? cell.leaf.indicator.points) : null,
    evidenceRule: ev?.rule ?? 'none',
    fileTypes: ev && ev.fileTypes.length > 0 ? ev.fileTypes.map((t) => t.toLowerCase()) : DEFAULT_FILE_TYPES,
    assessorId: cell.leaf.assessorId,
    officeReview: cell.leaf.assessorId !== null && cell.leaf.assessorId === cell.unit.code,
  };
}

function asStatus(s: string): ReportStatusName {
  return (REPORT_STATUSES as readonly string[]).includes(s) ? (s as ReportStatusName) : 'draft';
}

function presentReport(r: ReportRow, evidence: EvidenceView[]): ReportView {
  return {
    id: r.id,
    year: r.year,
    status: asStatus(r.status),
    progress: r.progress,
    value: r.value,
    inputs: (r.inputs as Record<string, number> | null) ?? null,
    grade: r.grade,
    narrative: r.narrative,
    verifiedValue: r.verifiedValue,
    assessorScore: r.assessorScore,
    scoreReason: r.scoreReason,
    returnReason: r.returnReason,
    evidenceRequested: r.evidenceRequested,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    changedAfterApproval: r.changedAfterApproval,
    version: r.version,
    evidence,
  };
}

async function evidenceOf(db: Database, tenantId: string, reportIds: string[]): Promise<Map<string, EvidenceView[]>> {
  const out = new Map<string, EvidenceView[]>();
  if (reportIds.length === 0) return out;
  for (const e of await evidenceOfReports(db, tenantId, reportIds)) {
    const list = out.get(e.reportId) ?? [];
    list.push({
      id: e.id,
      fileName: e.fileName,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
      createdAt: e.createdAt.toISOString(),
    });
    out.set(e.reportId, list);
  }
  return out;
}

const ckey = (u: string, i: string, n: string) => `${u}\u0000${i}\u0000${n}`;

async function requireYear(db: Database, tenantId: string, year?: number): Promise<YearScheme> {
  const y = year ?? (await currentYear(db, tenantId));
  const ys = await loadYearScheme(db, tenantId, y);
  if (!ys) throw new AppError('NO_PUBLISHED_SCHEME', { year: y });
  return ys;
}

/** Cells with their report and light, for a scope and filters. */
async function cellViews(db: Database, ys: YearScheme, scope: Scope, f: GridFilter = {}): Promise<CellView[]> {
  if (scope.none) return [];
  const filter = cellFilter(scope);
  if (f.unitId) {
    if (filter.unitIds && !filter.unitIds.has(f.unitId)) return [];
    filter.unitIds = new Set([f.unitId]);
  }
  let cells = cellsOf(ys, { ...filter, ...(f.indicatorId ? { indicatorId: f.indicatorId } : {}) });
  if (f.nodeId !== undefined) cells = cells.filter((c) => c.nodeId === f.nodeId);
  const unitIds = [...new Set(cells.map((c) => c.unit.id))];
  if (unitIds.length === 0) return [];
  // An assessor's cells cover only its own indicators: read only their reports and lights.
  const leafIds = [...new Set(cells.map((c) => c.leaf.id))];
  const [rrows, lrows] = await reportsAndLightsOf(db, {
    tenantId: ys.tenantId,
    year: ys.year,
    unitIds: filter.unitIds ? unitIds : undefined,
    indicatorId: f.indicatorId,
    indicatorIds: leafIds.length < ys.leaves.size ? leafIds : undefined,
  });
  const rmap = new Map(rrows.map((r) => [ckey(r.unitId, r.indicatorId, r.nodeId), r]));
  const lmap = new Map(lrows.map((l) => [ckey(l.unitId, l.indicatorId, l.nodeId), l]));
  const ev = await evidenceOf(
    db,
    ys.tenantId,
    rrows.filter((r) => cells.length > 0 && rmap.get(ckey(r.unitId, r.indicatorId, r.nodeId)) === r).map((r) => r.id),
  );
  const q = f.q?.trim().toLowerCase();
  const out: CellView[] = [];
  for (const c of cells) {
    const k = ckey(c.unit.id, c.leaf.id, c.nodeId);
    const r = rmap.get(k);
    const status = r ? asStatus(r.status) : 'none';
    if (f.status && f.status !== status) continue;
    if (q && !`${c.unit.code} ${c.unit.name} ${c.leaf.id} ${c.leaf.name}`.toLowerCase().includes(q)) continue;
    const l = lmap.get(k);
    if (f.light && l?.light !== f.light) continue;
    out.push({
      ...cellInfo(c),
      report: r ? presentReport(r, ev.get(r.id) ?? []) : null,
      light: (l?.light as Light | undefined) ?? null,
      lightReason: (l?.reason as LightReason | undefined) ?? null,
    });
  }
  return out;
}

export interface GridFilter {
  year?: number | undefined;
  indicatorId?: string | undefined;
  nodeId?: string | undefined;
  unitId?: string | undefined;
  status?: ReportStatusName | 'none' | undefined;
  light?: Light | undefined;
  q?: string | undefined;
}

/** The unit's to-do list: its own cells of the year, nodes by due day, then the year-end values. */
export async function todo(db: Database, actor: Actor, year?: number) {
  const ys = await requireYear(db, actor.tenantId, year);
  const scope = await scopeOf(db, actor);
  if (actor.role !== 'unit') scope.none = true;
  const items = await cellViews(db, ys, scope);
  items.sort((a, b) => {
    const da = a.nodeId === YEAR_END ? '9999' : a.due;
    const dbb = b.nodeId === YEAR_END ? '9999' : b.due;
    return da < dbb ? -1 : da > dbb ? 1 : a.indicatorId < b.indicatorId ? -1 : 1;
  });
  // A pinned year (the demo's 2019) is read as of its pinned day (lights/clock.ts).
  return { year: ys.year, today: ys.document.meta.inYear?.asOf ?? shanghaiDay(), items };
}

/** The verification grid: an assessor's indicators (office: all) × the units assessed on them. */
export async function grid(db: Database, actor: Actor, f: GridFilter & { page: number; pageSize: number }) {
  const ys = await requireYear(db, actor.tenantId, f.year);
  const scope = await scopeOf(db, actor);
  const all = await cellViews(db, ys, scope, f);
  const indicators = [...ys.leaves.values()]
    .filter((l) => !scope.none && (scope.assessor === null || l.assessorId === scope.assessor))
    .map((l) => ({
      id: l.id,
      name: l.name,
      nodes: l.nodes.map((n) => ({ id: n.id, name: n.name || n.id, due: n.due })),
    }));
  const counts: Record<string, number> = { none: 0, draft: 0, submitted: 0, returned: 0, approved: 0, failed: 0 };
  for (const c of all) counts[c.report?.status ?? 'none'] = (counts[c.report?.status ?? 'none'] ?? 0) + 1;
  const start = (f.page - 1) * f.pageSize;
  return { year: ys.year, total: all.length, counts, indicators, items: all.slice(start, start + f.pageSize) };
}

// ---------------------------------------------------------------------------------------------------------------
// Loading one report with its cell, in scope
// ---------------------------------------------------------------------------------------------------------------

interface Loaded {
  ys: YearScheme;
  row: ReportRow;
  cell: Cell;
  view: CellView;
}

function findCell(ys: YearScheme, unitId: string, indicatorId: string, nodeId: string): Cell | null {
  const unit = ys.units.find((u) => u.id === unitId);
  const leaf = ys.leaves.get(indicatorId);
  if (!unit || !leaf) return null;
  return cellsOf(ys, { unitIds: new Set([unitId]), indicatorId }).find((c) => c.nodeId === nodeId) ?? null;
}

async function viewOf(db: Database, row: ReportRow, cell: Cell): Promise<CellView> {
  const ev = await evidenceOf(db, row.tenantId, [row.id]);
  const l = await lightOfCell(db, row);
  return {
    ...cellInfo(cell),
    report: presentReport(row, ev.get(row.id) ?? []),
    light: (l?.light as Light | undefined) ?? null,
    lightReason: (l?.reason as LightReason | undefined) ?? null,
  };
}

/** A report the actor may see (404 otherwise: another unit's report does not exist for it). */
export async function loadReport(db: Database, actor: Actor, id: string, lock = false): Promise<Loaded> {
  const row = await reportById(db, actor.tenantId, id, lock);
  if (!row) throw notFound('填报', 'Report');
  const ys = await loadYearScheme(db, actor.tenantId, row.year);
  const scope = await scopeOf(db, actor);
  if (!ys || !covers(scope, row.unitId, ys.leaves.get(row.indicatorId))) throw notFound('填报', 'Report');
  const cell = findCell(ys, row.unitId, row.indicatorId, row.nodeId);
  if (!cell) throw notFound('填报', 'Report');
  return { ys, row, cell, view: await viewOf(db, row, cell) };
}

export async function getReport(db: Database, actor: Actor, id: string): Promise<CellView> {
  return (await loadReport(db, actor, id)).view;
}

const describe = (c: Cell) =>
  `${c.unit.name} ${c.leaf.name}${c.nodeId === YEAR_END ? '（年终）' : `「${c.nodeName}」（${c.due}）`}`;

// ---------------------------------------------------------------------------------------------------------------
// The unit: save a draft, submit
// ---------------------------------------------------------------------------------------------------------------

export interface SaveReport {
  year?: number | undefined;
  indicatorId: string;
  nodeId: string;
  progress?: number | null | undefined;
  value?: number | null | undefined;
  inputs?: Record<string, number> | null | undefined;
  grade?: string | null | undefined;
  narrative?: string | null | undefined;
  /** Required when the report exists (optimistic versioning). */
  version?: number | undefined;
}

function checkInputs(info: CellInfo, input: SaveReport): void {
  if (input.grade && info.grades.length > 0 && !info.grades.includes(input.grade)) {
    throw new AppError('VALIDATION_FAILED', {}, [
      { path: 'grade', message: `等次只能是 ${info.grades.join('、')} / one of ${info.grades.join(', ')}` },
    ]);
  }
  if (input.inputs) {
    for (const k of Object.keys(input.inputs)) {
      if (!info.inputNames.includes(k)) {
        throw new AppError('VALIDATION_FAILED', {}, [
          { path: `inputs.${k}`, message: `该指标没有此项输入 / not an input of this indicator` },
        ]);
      }
    }
  }
}

export async function saveReport(db: Database, actor: Actor, input: SaveReport): Promise<CellView> {
  const ys = await requireYear(db, actor.tenantId, input.year);
  if (actor.role !== 'unit' || !actor.unitId) throw notFound('填报', 'Report');
  const cell = findCell(ys, actor.unitId, input.indicatorId, input.nodeId);
  if (!cell) throw notFound('填报项', 'Report cell');
  const info = cellInfo(cell);
  checkInputs(info, input);
  const fields = {
    progress: input.progress ?? null,
    value: input.value ?? null,
    inputs: input.inputs ?? null,
    grade: input.grade ?? null,
    narrative: input.narrative ?? null,
  };
  return db.transaction(async (tx) => {
    const existing = await lockReportOfCell(tx, {
      tenantId: actor.tenantId,
      year: ys.year,
      unitId: cell.unit.id,
      indicatorId: cell.leaf.id,
      nodeId: cell.nodeId,
    });
    let row: ReportRow | undefined;
    if (existing) {
      if (input.version === undefined || input.version !== existing.version) throw new AppError('VERSION_CONFLICT');
      if (existing.status !== 'draft' && existing.status !== 'returned') {
        throw new AppError('REPORT_NOT_EDITABLE', { status: STATUS_ZH[asStatus(existing.status)] });
      }
      row = await updateReportAt(tx, existing.id, existing.version, {
        ...fields,
        version: existing.version + 1,
        updatedAt: new Date(),
      });
      if (!row) throw new AppError('VERSION_CONFLICT');
    } else {
      if (input.version !== undefined) throw new AppError('VERSION_CONFLICT');
      row = await insertReportIfAbsent(tx, {
        tenantId: actor.tenantId,
        year: ys.year,
        unitId: cell.unit.id,
        indicatorId: cell.leaf.id,
        nodeId: cell.nodeId,
        ...fields,
      });
      // Someone created it between our read and our insert: the client must reload.
      if (!row) throw new AppError('VERSION_CONFLICT');
    }
    await recordAudit(tx, actor, {
      action: existing ? 'report.update' : 'report.create',
      entityType: 'report',
      entityId: row.id,
      summary: `${existing ? '修改' : '新建'}填报草稿：${describe(cell)}`,
      before: existing ? presentReport(existing, []) : undefined,
      after: presentReport(row, []),
    });
    return viewOf(tx, row, cell);
  });
}

/** What a submission must carry, by the cell's method. */
function missingFields(info: CellInfo, r: ReportRow): { zh: string; en: string } | null {
  if (r.nodeId !== YEAR_END) {
    return r.progress === null ? { zh: '请填写进度（%）', en: 'fill in the progress (%)' } : null;
  }
  switch (info.methodKind) {
    case 'formula': {
      const inputs = (r.inputs as Record<string, number> | null) ?? {};
      const lacking = info.inputNames.filter((n) => typeof inputs[n] !== 'number');
      return lacking.length > 0 ? { zh: `请填写 ${lacking.join('、')}`, en: `fill in ${lacking.join(', ')}` } : null;
    }
    case 'grade':
      return r.grade ? null : { zh: '请选择等次', en: 'choose a grade' };
    case 'manual':
      return r.narrative ? null : { zh: '请填写工作情况说明', en: 'describe the work done' };
    default:
      return r.value === null ? { zh: '请填写完成值', en: 'fill in the value' } : null;
  }
}

export async function submitReport(db: Database, actor: Actor, id: string, version: number): Promise<CellView> {
  return db.transaction(async (tx) => {
    const { row, cell, view, ys } = await loadReport(tx, actor, id, true);
    if (actor.role !== 'unit') throw notFound('填报', 'Report');
    if (row.version !== version) throw new AppError('VERSION_CONFLICT');
    if (row.status !== 'draft' && row.status !== 'returned') {
      throw new AppError('REPORT_NOT_EDITABLE', { status: STATUS_ZH[asStatus(row.status)] });
    }
    const lacking = missingFields(view, row);
    if (lacking) throw new AppError('REPORT_INCOMPLETE', { what: lacking.zh, whatEn: lacking.en });
    if (view.evidenceRule === 'required' && (view.report?.evidence.length ?? 0) === 0) {
      throw new AppError('EVIDENCE_REQUIRED');
    }
    if (row.status === 'returned' && row.evidenceRequested && (view.report?.evidence.length ?? 0) === 0) {
      throw new AppError('EVIDENCE_REQUESTED', { reason: row.returnReason ?? '' });
    }
    const resubmit = row.status === 'returned';
    const after = await updateReportAt(tx, id, version, {
      status: 'submitted',
      submittedAt: new Date(),
      submittedBy: actor.userId,
      version: row.version + 1,
      updatedAt: new Date(),
    });
    if (!after) throw new AppError('VERSION_CONFLICT');
    await recomputeLights(tx, ys.tenantId, ys.year, { day: shanghaiDay(), unitId: row.unitId, ys });
    const updated = await viewOf(tx, after, cell);
    // Last: the audit record takes the chain's lock, held until commit.
    await recordAudit(tx, actor, {
      action: resubmit ? 'report.resubmit' : 'report.submit',
      entityType: 'report',
      entityId: id,
      summary: `${resubmit ? '重新提交' : '提交'}填报：${describe(cell)}`,
      before: presentReport(row, []),
      after: presentReport(after, []),
    });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The assessor: approve, return, fail, correct
// ---------------------------------------------------------------------------------------------------------------

export interface ReviewInput {
  action: 'approve' | 'return' | 'fail' | 'correct';
  version: number;
  reason?: string | null | undefined;
  /** With `return`: the unit is asked for evidence. */
  requestEvidence?: boolean | undefined;
  verifiedValue?: number | null | undefined;
  assessorScore?: number | null | undefined;
  scoreReason?: string | null | undefined;
}

function checkScore(info: CellInfo, leaf: LeafInfo, unit: YearUnit, input: ReviewInput): void {
  if (input.assessorScore === undefined || input.assessorScore === null) return;
  const m = methodOf(leaf, unit);
  if (m?.kind !== 'manual') {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'assessorScore', message: '' }]);
  }
  const min = info.scoreMin ?? 0;
  const max = info.scoreMax ?? leaf.indicator.points;
  if (input.assessorScore < min || input.assessorScore > max) throw new AppError('SCORE_OUT_OF_RANGE', { min, max });
  if (m.requireReason && !(input.scoreReason ?? '').trim()) throw new AppError('REASON_REQUIRED');
}

async function reviewInTx(tx: Database, actor: Actor, id: string, input: ReviewInput): Promise<CellView> {
  if (actor.role !== 'assessor' && actor.role !== 'office') throw notFound('填报', 'Report');
  const { row, cell, view, ys } = await loadReport(tx, actor, id, true);
  // A7: an assessor never verifies (approves, returns, scores) its own unit; the office does.
  if (actor.role === 'assessor' && (row.unitId === actor.unitId || view.officeReview)) {
    throw new AppError('OWN_UNIT_REVIEW');
  }
  if (row.version !== input.version) throw new AppError('VERSION_CONFLICT');
  const status = asStatus(row.status);
  const reason = input.reason?.trim() || null;
  const wasFinal = status === 'approved' || status === 'failed';
  const allowed: Record<ReviewInput['action'], ReportStatusName[]> = {
    approve: ['submitted'],
    return: ['submitted', 'approved', 'failed'],
    fail: ['submitted', 'approved'],
    correct: ['submitted', 'approved'],
  };
  if (!allowed[input.action].includes(status)) {
    throw new AppError('REPORT_NOT_EDITABLE', { status: STATUS_ZH[status] });
  }
  if (input.action === 'fail' && row.nodeId === YEAR_END) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'action', message: '' }]);
  }
  // A return needs a reason; so does any change to a report already approved (or failed).
  if ((input.action === 'return' || wasFinal) && !reason) throw new AppError('REASON_REQUIRED');
  checkScore(view, cell.leaf, cell.unit, input);
  const info = view;
  const scoreGiven = input.assessorScore !== undefined && input.assessorScore !== null;
  if (
    input.action === 'approve' &&
    row.nodeId === YEAR_END &&
    info.methodKind === 'manual' &&
    !scoreGiven &&
    row.assessorScore === null
  ) {
    throw new AppError('REPORT_INCOMPLETE', {
      what: '手工评分指标须先评分',
      whatEn: 'a manual indicator needs a score',
    });
  }
  const now = new Date();
  const next: Partial<typeof reports.$inferInsert> = {
    version: row.version + 1,
    updatedAt: now,
    reviewedAt: now,
    reviewedBy: actor.userId,
  };
  if (input.verifiedValue !== undefined) next.verifiedValue = input.verifiedValue;
  if (input.assessorScore !== undefined) next.assessorScore = input.assessorScore;
  if (input.scoreReason !== undefined) next.scoreReason = input.scoreReason;
  if (input.action === 'approve') next.status = 'approved';
  if (input.action === 'fail') next.status = 'failed';
  if (input.action === 'return') {
    next.status = 'returned';
    next.returnReason = reason;
    next.evidenceRequested = input.requestEvidence === true;
  }
  if (wasFinal) next.changedAfterApproval = true;
  const after = await updateReportAt(tx, id, input.version, next);
  if (!after) throw new AppError('VERSION_CONFLICT');
  const verb = { approve: '审核通过', return: '退回', fail: '判定未完成', correct: '修正' }[input.action];
  if (input.action === 'return') {
    await notify(tx, {
      tenantId: actor.tenantId,
      to: { unitId: row.unitId },
      kind: 'returned',
      title: `填报被退回：${cell.leaf.name}${cell.nodeId ? `「${cell.nodeName}」` : '（年终）'}`,
      body: reason ?? undefined,
      link: `/reports?report=${id}`,
      dedupeKey: `report-return:${id}:${after.version}`,
    });
  }
  if (after.status !== row.status && row.nodeId !== YEAR_END) {
    await recomputeLights(tx, ys.tenantId, ys.year, { day: shanghaiDay(), unitId: row.unitId, ys });
  }
  const updated = await viewOf(tx, after, cell);
  // Last: the audit record takes the chain's lock, held until commit, so nothing slow may follow it.
  await recordAudit(tx, actor, {
    action: wasFinal ? 'report.change_after_approval' : `report.${input.action}`,
    entityType: 'report',
    entityId: id,
    summary: `${wasFinal ? '【审核通过后修改】' : ''}${verb}填报：${describe(cell)}${reason ? `，理由：${reason}` : ''}`,
    before: presentReport(row, []),
    after: { ...presentReport(after, []), reason },
  });
  return updated;
}

export function reviewReport(db: Database, actor: Actor, id: string, input: ReviewInput): Promise<CellView> {
  return db.transaction((tx) => reviewInTx(tx, actor, id, input));
}

/** Approve or return many at once: all or nothing (any conflict or refusal rolls the whole batch back). */
export async function bulkReview(
  db: Database,
  actor: Actor,
  input: { action: 'approve' | 'return'; reason?: string | null | undefined; items: { id: string; version: number }[] },
): Promise<{ done: number }> {
  return db.transaction(async (tx) => {
    for (const it of input.items) {
      await reviewInTx(tx, actor, it.id, { action: input.action, version: it.version, reason: input.reason });
    }
    return { done: input.items.length };
  });
}
