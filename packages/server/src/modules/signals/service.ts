/**
 * Fraud signals (R28), computed on read and never acted on: they point the office at records worth a second look.
 * Definitions (docs/supervision-city.md "Signals"):
 * - downwardCorrection: the assessor's verified value is worse for the unit than what it reported
 *   (lower for a higher-is-better indicator, higher for a lower-is-better one);
 * - changedAfterApproval: a report changed after it was approved (reports.changed_after_approval);
 * - sharedEvidence: one evidence file (same SHA-256) attached by two or more different units;
 * - outlierJump: a unit's value against its own previous node (or, for the year-end value, last year's year-end
 *   value): relative change r = (current − previous) / |previous|. Among the units with the same indicator and node,
 *   robust z = 0.6745 (r − median) / MAD; flagged when |z| > 3.5 and r is at least 0.5 (50 percentage points)
 *   away from the median (so that near-identical peers do not turn small differences into signals). With fewer
 *   than 4 comparable units, or MAD = 0, flagged when the value at least triples or falls to a third or less.
 * Tables `reports` and `evidence_files` belong to the reports module; this only reads them.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { evidenceFiles, reports, units } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { loadYearScheme, methodOf, type LeafInfo, type YearScheme } from '../reports/cells';
import type { Signal, SignalKind } from './schemas';

type UnitRef = { id: string; code: string; name: string };
type ReportRow = {
  id: string;
  year: number;
  unitId: string;
  indicatorId: string;
  nodeId: string;
  status: string;
  value: number | null;
  verifiedValue: number | null;
  changedAfterApproval: boolean;
};

export const OUTLIER_Z = 3.5;
export const OUTLIER_MIN_CHANGE = 0.5;
export const OUTLIER_RATIO = 3;

const link = (year: number, r: { unitId: string; indicatorId: string; nodeId: string }) =>
  `/reports?year=${year}&unitId=${r.unitId}&indicatorId=${encodeURIComponent(r.indicatorId)}${
    r.nodeId ? `&nodeId=${encodeURIComponent(r.nodeId)}` : ''
  }`;

function direction(ys: YearScheme | null, leaf: LeafInfo | undefined, unitId: string): 'higher' | 'lower' {
  const unit = ys?.units.find((u) => u.id === unitId);
  const m = leaf && unit ? methodOf(leaf, unit) : leaf?.indicator.method;
  return m && 'direction' in m && m.direction === 'lower' ? 'lower' : 'higher';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const current = (r: ReportRow) => r.verifiedValue ?? r.value;

export async function listSignals(
  db: Database,
  actor: Actor,
  query: { year: number; kind?: SignalKind | undefined },
): Promise<{ items: Signal[]; counts: Record<SignalKind, number> }> {
  const tenantId = actor.tenantId;
  const year = query.year;
  const cols = {
    id: reports.id,
    year: reports.year,
    unitId: reports.unitId,
    indicatorId: reports.indicatorId,
    nodeId: reports.nodeId,
    status: reports.status,
    value: reports.value,
    verifiedValue: reports.verifiedValue,
    changedAfterApproval: reports.changedAfterApproval,
  };
  const [rows, lastYear, unitRows, ys] = await Promise.all([
    db
      .select(cols)
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, year))),
    db
      .select(cols)
      .from(reports)
      .where(and(eq(reports.tenantId, tenantId), eq(reports.year, year - 1), eq(reports.nodeId, ''))),
    db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.tenantId, tenantId)),
    loadYearScheme(db, tenantId, year),
  ]);
  const unitsById = new Map<string, UnitRef>(unitRows.map((u) => [u.id, u]));
  const ref = (id: string) => unitsById.get(id) ?? { id, code: '?', name: '?' };
  const nameOf = (id: string) => ys?.leaves.get(id)?.name ?? null;
  const out: Signal[] = [];
  const base = (kind: SignalKind, r: ReportRow) => ({
    key: `${kind}:${r.id}`,
    kind,
    units: [ref(r.unitId)],
    indicatorId: r.indicatorId,
    indicatorName: nameOf(r.indicatorId),
    nodeId: r.nodeId,
    reportIds: [r.id],
    sha256: null,
    fileNames: [],
    link: link(year, r),
  });

  for (const r of rows) {
    if (r.value !== null && r.verifiedValue !== null) {
      const dir = direction(ys, ys?.leaves.get(r.indicatorId), r.unitId);
      const worse = dir === 'higher' ? r.verifiedValue < r.value : r.verifiedValue > r.value;
      if (worse) {
        out.push({
          ...base('downwardCorrection', r),
          figures: { reported: r.value, verified: r.verifiedValue, difference: round(r.verifiedValue - r.value) },
        });
      }
    }
    if (r.changedAfterApproval) out.push({ ...base('changedAfterApproval', r), figures: {} });
  }

  // Identical evidence across units: one signal per file hash.
  const files = await db
    .select({
      sha256: evidenceFiles.sha256,
      unitId: evidenceFiles.unitId,
      fileName: evidenceFiles.fileName,
      reportId: evidenceFiles.reportId,
      indicatorId: reports.indicatorId,
      nodeId: reports.nodeId,
    })
    .from(evidenceFiles)
    .innerJoin(reports, eq(reports.id, evidenceFiles.reportId))
    .where(and(eq(evidenceFiles.tenantId, tenantId), eq(reports.year, year)));
  const bySha = new Map<string, typeof files>();
  for (const f of files) bySha.set(f.sha256, [...(bySha.get(f.sha256) ?? []), f]);
  for (const [sha, list] of bySha) {
    const unitIds = [...new Set(list.map((f) => f.unitId))];
    if (unitIds.length < 2) continue;
    const first = list[0];
    if (!first) continue;
    const sameIndicator = list.every((f) => f.indicatorId === first.indicatorId);
    out.push({
      key: `sharedEvidence:${sha}`,
      kind: 'sharedEvidence',
      units: unitIds.map(ref).sort((a, b) => (a.code < b.code ? -1 : 1)),
      indicatorId: sameIndicator ? first.indicatorId : null,
      indicatorName: sameIndicator ? nameOf(first.indicatorId) : null,
      nodeId: sameIndicator && list.every((f) => f.nodeId === first.nodeId) ? first.nodeId : null,
      reportIds: [...new Set(list.map((f) => f.reportId))],
      figures: { units: unitIds.length, files: list.length },
      sha256: sha,
      fileNames: [...new Set(list.map((f) => f.fileName))].sort(),
      link: link(year, { unitId: first.unitId, indicatorId: first.indicatorId, nodeId: first.nodeId }),
    });
  }

  // Outlier jumps: each report against its own previous value.
  const byCell = new Map(rows.map((r) => [`${r.unitId}|${r.indicatorId}|${r.nodeId}`, r]));
  const lastYearEnd = new Map(lastYear.map((r) => [`${r.unitId}|${r.indicatorId}`, r]));
  const changes = new Map<string, { r: ReportRow; prev: number; cur: number; change: number }[]>();
  for (const r of rows) {
    const cur = current(r);
    if (cur === null) continue;
    let prevRow: ReportRow | undefined;
    if (r.nodeId === '') {
      const nodes = ys?.leaves.get(r.indicatorId)?.nodes ?? [];
      const lastNode = nodes[nodes.length - 1];
      prevRow = lastNode ? byCell.get(`${r.unitId}|${r.indicatorId}|${lastNode.id}`) : undefined;
      prevRow ??= lastYearEnd.get(`${r.unitId}|${r.indicatorId}`);
    } else {
      const nodes = ys?.leaves.get(r.indicatorId)?.nodes ?? [];
      const i = nodes.findIndex((n) => n.id === r.nodeId);
      const prevNode = i > 0 ? nodes[i - 1] : undefined;
      prevRow = prevNode ? byCell.get(`${r.unitId}|${r.indicatorId}|${prevNode.id}`) : undefined;
    }
    const prev = prevRow ? current(prevRow) : null;
    if (prev === null || prev === undefined || prev === 0) continue;
    const key = `${r.indicatorId}|${r.nodeId}`;
    changes.set(key, [...(changes.get(key) ?? []), { r, prev, cur, change: (cur - prev) / Math.abs(prev) }]);
  }
  for (const group of changes.values()) {
    const rs = group.map((g) => g.change);
    const m = median(rs);
    const mad = median(rs.map((x) => Math.abs(x - m)));
    for (const g of group) {
      const ratio = g.prev > 0 ? g.cur / g.prev : null;
      const byRatio = ratio !== null && (ratio >= OUTLIER_RATIO || ratio <= 1 / OUTLIER_RATIO);
      let flagged: boolean;
      let z: number | null = null;
      if (group.length >= 4 && mad > 0) {
        z = (0.6745 * (g.change - m)) / mad;
        flagged = Math.abs(z) > OUTLIER_Z && Math.abs(g.change - m) >= OUTLIER_MIN_CHANGE;
      } else {
        flagged = byRatio;
      }
      if (!flagged) continue;
      out.push({
        ...base('outlierJump', g.r),
        figures: {
          previous: g.prev,
          current: g.cur,
          change: round(g.change),
          ...(z !== null ? { robustZ: round(z) } : {}),
          ...(ratio !== null ? { ratio: round(ratio) } : {}),
        },
      });
    }
  }

  const counts: Record<SignalKind, number> = {
    downwardCorrection: 0,
    changedAfterApproval: 0,
    sharedEvidence: 0,
    outlierJump: 0,
  };
  for (const s of out) counts[s.kind] += 1;
  const order = (s: Signal) => `${s.kind}|${s.units[0]?.code ?? ''}|${s.indicatorId ?? ''}|${s.nodeId ?? ''}|${s.key}`;
  const items = out.filter((s) => !query.kind || s.kind === query.kind).sort((a, b) => (order(a) < order(b) ? -1 : 1));
  return { items, counts };
}
