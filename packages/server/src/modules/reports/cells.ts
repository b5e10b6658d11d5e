/**
 * The cells of a county-year: which unit reports on which leaf indicator at which process node, read from the
 * year's published scheme document. A cell is (unit, leaf indicator, node); node '' is the year-end value.
 * Everything here reads by tenant id (no actor): reports, lights, values and the daily job share it.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Indicator, Method } from '@yardstick/engine';
import type { Database } from '../../db/client';
import { schemes, schemeVersions, tenants, unitGroups, units } from '../../db/schema';
import { AppError } from '../../errors';
import {
  parseDocument,
  walkIndicators,
  type IndicatorMeta,
  type NodeMeta,
  type SchemeDocument,
} from '../schemes/document';
import { countedInSql } from '../units/validity';

export const YEAR_END = '';

/** Light and red-light settings of a scheme (document meta `inYear`), with their defaults. */
export interface InYearSettings {
  /** Days before a node's due day in which an unfinished node is yellow. */
  warningDays: number;
  /** Days a unit has to answer a red light. */
  answerDays: number;
}
export const DEFAULT_IN_YEAR: InYearSettings = { warningDays: 7, answerDays: 5 };

export interface LeafInfo {
  id: string;
  name: string;
  indicator: Indicator;
  /** Effective method per scheme group (group overrides applied). */
  methodByGroup: Map<string, Method>;
  groups: Set<string>;
  meta: IndicatorMeta;
  /** Process nodes with their due day and expected progress, by due day. */
  nodes: NodeMeta[];
  assessorId: string | null;
}

export interface YearUnit {
  id: string;
  code: string;
  name: string;
  group: string;
}

export interface YearScheme {
  tenantId: string;
  year: number;
  versionNo: number;
  document: SchemeDocument;
  settings: InYearSettings;
  leaves: Map<string, LeafInfo>;
  units: YearUnit[];
}

export function inYearSettings(doc: SchemeDocument): InYearSettings {
  const s = doc.meta.inYear ?? {};
  return {
    warningDays: typeof s.warningDays === 'number' ? s.warningDays : DEFAULT_IN_YEAR.warningDays,
    answerDays: typeof s.answerDays === 'number' ? s.answerDays : DEFAULT_IN_YEAR.answerDays,
  };
}

/** The tenant's current assessment year. */
export async function currentYear(db: Database, tenantId: string): Promise<number> {
  const [t] = await db.select({ y: tenants.currentYear }).from(tenants).where(eq(tenants.id, tenantId));
  return t?.y ?? new Date().getUTCFullYear();
}

/** The year's published scheme (null when the year has none published) with its leaves and the county's units. */
/**
 * A published scheme version never changes, so its parsed document and leaf table are kept per version: reports,
 * lights and the grid read them on every request, and parsing a county's document costs tens of milliseconds.
 */
const parsedVersions = new Map<string, { document: SchemeDocument; leaves: Map<string, LeafInfo> }>();
const MAX_PARSED = 64;

function leavesOf(document: SchemeDocument): Map<string, LeafInfo> {
  const engine = document.engine;
  const leaves = new Map<string, LeafInfo>();
  for (const l of walkIndicators(engine)) {
    if (!l.isLeaf) continue;
    const g = engine.groups[l.groupIndex];
    const method = g?.overrides[l.indicator.id]?.method ?? l.indicator.method;
    let info = leaves.get(l.indicator.id);
    if (!info) {
      const meta = document.meta.indicators[l.indicator.id] ?? {};
      const processIds = new Set((l.indicator.process?.nodes ?? []).map((n) => n.id));
      const nodes = (meta.nodes ?? [])
        .filter((n) => processIds.size === 0 || processIds.has(n.id))
        .slice()
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));
      info = {
        id: l.indicator.id,
        name: l.indicator.name ?? l.indicator.id,
        indicator: l.indicator,
        methodByGroup: new Map(),
        groups: new Set(),
        meta,
        nodes,
        assessorId: l.indicator.assessorId ?? null,
      };
      leaves.set(info.id, info);
    }
    info.groups.add(l.groupId);
    if (method) info.methodByGroup.set(l.groupId, method);
  }
  return leaves;
}

export async function loadYearScheme(db: Database, tenantId: string, year: number): Promise<YearScheme | null> {
  const [s] = await db
    .select({ id: schemes.id, published: schemes.publishedVersion })
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.year, year)));
  if (!s || s.published === null) return null;
  const key = `${s.id}:${s.published}`;
  let parsed = parsedVersions.get(key);
  if (!parsed) {
    const [v] = await db
      .select({ document: schemeVersions.document })
      .from(schemeVersions)
      .where(and(eq(schemeVersions.schemeId, s.id), eq(schemeVersions.versionNo, s.published)));
    if (!v) return null;
    const document = parseDocument(v.document);
    parsed = { document, leaves: leavesOf(document) };
    if (parsedVersions.size >= MAX_PARSED) parsedVersions.clear();
    parsedVersions.set(key, parsed);
  }
  const { document, leaves } = parsed;
  const unitRows = await db
    .select({ id: units.id, code: units.code, name: units.name, group: unitGroups.code })
    .from(units)
    .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
    // the units in force at the year's end (issue 15: a past year keeps its units when units change later)
    .where(and(eq(units.tenantId, tenantId), countedInSql(year)))
    .orderBy(asc(units.sortOrder), asc(units.code));
  return {
    tenantId,
    year,
    versionNo: s.published,
    document,
    settings: inYearSettings(document),
    leaves,
    units: unitRows,
  };
}

/** A county indicator linked from elsewhere must be a leaf of the year's published scheme. */
export async function requireSchemeLeaf(
  db: Database,
  tenantId: string,
  year: number,
  indicatorId: string | null | undefined,
): Promise<void> {
  if (!indicatorId) return;
  const ys = await loadYearScheme(db, tenantId, year);
  if (!ys?.leaves.has(indicatorId)) throw new AppError('INDICATOR_NOT_IN_SCHEME', { id: indicatorId, year });
}

/** Whether the unit is assessed on the leaf (its group uses it; a 特色指标 applies to it). */
export function applies(leaf: LeafInfo, unit: YearUnit): boolean {
  if (!leaf.groups.has(unit.group)) return false;
  if (leaf.indicator.appliesTo && !leaf.indicator.appliesTo.includes(unit.code)) return false;
  return true;
}

export function methodOf(leaf: LeafInfo, unit: YearUnit): Method | undefined {
  return leaf.methodByGroup.get(unit.group) ?? leaf.indicator.method;
}

/** A unit reports the year-end value itself unless it comes from the city's table (`upper`). */
export function reportsYearEnd(leaf: LeafInfo, unit: YearUnit): boolean {
  const m = methodOf(leaf, unit);
  return !!m && m.kind !== 'upper';
}

export interface Cell {
  unit: YearUnit;
  leaf: LeafInfo;
  /** Node id, '' for the year-end value. */
  nodeId: string;
  /** Due day: the node's, or the last day of the year for the year-end value. */
  due: string;
  /** Expected progress at the node, percent (100 for the year-end value). */
  expected: number;
  nodeName: string;
}

/** Every cell of the year, optionally for some units / one indicator only. */
export function cellsOf(
  ys: YearScheme,
  filter: { unitIds?: ReadonlySet<string>; indicatorId?: string; assessor?: string | null } = {},
): Cell[] {
  const out: Cell[] = [];
  for (const unit of ys.units) {
    if (filter.unitIds && !filter.unitIds.has(unit.id)) continue;
    for (const leaf of ys.leaves.values()) {
      if (filter.indicatorId && leaf.id !== filter.indicatorId) continue;
      if (filter.assessor !== undefined && leaf.assessorId !== filter.assessor) continue;
      if (!applies(leaf, unit)) continue;
      for (const n of leaf.nodes) {
        out.push({ unit, leaf, nodeId: n.id, due: n.due, expected: n.expected, nodeName: n.name || n.id });
      }
      if (reportsYearEnd(leaf, unit)) {
        out.push({ unit, leaf, nodeId: YEAR_END, due: `${ys.year}-12-31`, expected: 100, nodeName: '' });
      }
    }
  }
  return out;
}

/** Process-node cells only (the ones with lights). */
export function nodeCellsOf(ys: YearScheme, filter: Parameters<typeof cellsOf>[1] = {}): Cell[] {
  return cellsOf(ys, filter).filter((c) => c.nodeId !== YEAR_END);
}
