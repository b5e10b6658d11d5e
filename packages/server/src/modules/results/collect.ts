/**
 * The year's inputs, read from the database and shaped for the engine: the year's published scheme version,
 * the units (by code, with last year's rank and earlier tiers), indicator values, supervision values, the city's
 * results, bonus/deduction/veto/discipline records and the evaluation's ballots and tallies. Whatever is not
 * complete is a blocker — never a silent zero.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Ballot, DatasetInput, Scheme, Tally, Value } from '@yardstick/engine';
import { SCORING_REVISION } from '@yardstick/engine';
import { BLOCKER_KINDS } from '../../enums';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  resultHistory,
  resultSnapshots,
  schemes,
  schemeVersions,
  unitGroups,
  unitRecords,
  units,
} from '../../db/schema';
import { SERVER_ROOT } from '../../lib/package-root';
import { canonicalJson } from '../audit/service';
import { historyLines } from '../units/succession';
import { countedInSql } from '../units/validity';
import { matchRecord } from '../records/match';
import { parseDocument, walkIndicators, type SchemeDocument } from '../schemes/document';
import { tieDecisionInputs } from './decisions';
import { assessorMeasuresFor } from '../accountability/measures';
import { feedRankings } from '../rankings/feed';
import { cityUpperResults, evaluationInputs, indicatorInputs, supervisionValues } from './sources';

/** The engine's version, recorded in every snapshot. */
export const ENGINE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(SERVER_ROOT, '../engine/package.json'), 'utf8')) as {
      version?: string;
    };
    // the rules' revision too: a change of rules is a new engine for published snapshots (engine/src/revision.ts)
    return `@yardstick/engine@${pkg.version ?? '0.0.0'}+r${SCORING_REVISION}`;
  } catch {
    return `@yardstick/engine@unknown+r${SCORING_REVISION}`;
  }
})();

export { BLOCKER_KINDS };
export type BlockerKind = (typeof BLOCKER_KINDS)[number];

export interface Blocker {
  kind: BlockerKind;
  unitCode?: string;
  indicatorId?: string;
  nodeId?: string;
  /** The report's status for missingReport (none | draft | submitted | returned). */
  status?: string;
  groupId?: string;
  detail?: string;
  /** recordUnmatched: the stored record that names what the year's scheme lacks, and what does not match. */
  record?: UnmatchedRecord;
}

export interface UnmatchedRecord {
  id: string;
  kind: string;
  ruleId: string | null;
  level: string | null;
  issuedOn: string | null;
  documentNo: string | null;
  title: string;
  problem: { 'zh-CN': string; en: string };
}

export interface Collected {
  year: number;
  schemeId: string | null;
  schemeVersionId: string | null;
  schemeVersionNo: number | null;
  document: SchemeDocument | null;
  dataset: DatasetInput;
  blockers: Blocker[];
  /** SHA-256 over the canonical (scheme version id, dataset): approval is void once it changes. */
  inputsDigest: string;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The year's published scheme version, or null. */
export async function publishedScheme(
  db: Database,
  tenantId: string,
  year: number,
): Promise<{ schemeId: string; versionId: string; versionNo: number; document: SchemeDocument } | null> {
  const [s] = await db
    .select({ id: schemes.id, published: schemes.publishedVersion })
    .from(schemes)
    .where(and(eq(schemes.tenantId, tenantId), eq(schemes.year, year)));
  if (!s || s.published === null) return null;
  const [v] = await db
    .select({ id: schemeVersions.id, document: schemeVersions.document })
    .from(schemeVersions)
    .where(and(eq(schemeVersions.schemeId, s.id), eq(schemeVersions.versionNo, s.published)));
  if (!v) return null;
  return { schemeId: s.id, versionId: v.id, versionNo: s.published, document: parseDocument(v.document) };
}

/** Ranks and tiers of earlier years: the latest snapshot of each published year, else result_history. */
async function earlierResults(
  db: Database,
  tenantId: string,
  year: number,
): Promise<Map<number, Map<string, { rank: number | null; tier: string }>>> {
  const out = new Map<number, Map<string, { rank: number | null; tier: string }>>();
  const snaps = await db
    .selectDistinctOn([resultSnapshots.year], {
      year: resultSnapshots.year,
      units: sql<
        { unitId: string; rank: number; tier: string }[] | null
      >`(select jsonb_agg(jsonb_build_object('unitId', u->>'unitId', 'rank', (u->>'rank')::int, 'tier', u->>'tier')) from jsonb_array_elements(${resultSnapshots.results}->'results'->'units') u)`,
    })
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.tenantId, tenantId), lt(resultSnapshots.year, year)))
    .orderBy(asc(resultSnapshots.year), desc(resultSnapshots.seq));
  for (const s of snaps) {
    const m = new Map<string, { rank: number | null; tier: string }>();
    for (const u of s.units ?? []) m.set(u.unitId, { rank: u.rank, tier: u.tier });
    out.set(s.year, m);
  }
  const hist = await db
    .select({ year: resultHistory.year, code: units.code, rank: resultHistory.rank, tier: resultHistory.tier })
    .from(resultHistory)
    .innerJoin(units, eq(units.id, resultHistory.unitId))
    .where(and(eq(resultHistory.tenantId, tenantId), lt(resultHistory.year, year)));
  for (const h of hist) {
    if (snaps.some((s) => s.year === h.year)) continue;
    const m = out.get(h.year) ?? new Map<string, { rank: number | null; tier: string }>();
    m.set(h.code, { rank: h.rank, tier: h.tier });
    out.set(h.year, m);
  }
  return out;
}

function upperIdsOf(scheme: Scheme): Set<string> {
  const ids = new Set<string>();
  for (const l of walkIndicators(scheme)) {
    if (!l.isLeaf) continue;
    const m = scheme.groups[l.groupIndex]?.overrides[l.indicator.id]?.method ?? l.indicator.method;
    if (m?.kind === 'upper') ids.add(m.upperId);
  }
  return ids;
}

/** Reads every input of a county-year. */
export async function collectInputs(db: Database, tenantId: string, year: number): Promise<Collected> {
  const blockers: Blocker[] = [];
  const scheme = await publishedScheme(db, tenantId, year);
  const empty: DatasetInput = { units: [] };
  if (!scheme) {
    blockers.push({ kind: 'schemeNotPublished' });
    return {
      year,
      schemeId: null,
      schemeVersionId: null,
      schemeVersionNo: null,
      document: null,
      dataset: empty,
      blockers,
      inputsDigest: sha256(canonicalJson({ schemeVersionId: null, dataset: empty })),
    };
  }
  const engine = scheme.document.engine;
  const groupIds = new Set(engine.groups.map((g) => g.id));

  const [unitRows, earlier, reportInputs, supervision, upper, evaluation, records] = await Promise.all([
    db
      .select({ id: units.id, code: units.code, name: units.name, group: unitGroups.code })
      .from(units)
      .innerJoin(unitGroups, eq(unitGroups.id, units.groupId))
      // the units in force at the year's end (issue 15): later additions and retirements leave a year as it was
      .where(and(eq(units.tenantId, tenantId), countedInSql(year))),
    earlierResults(db, tenantId, year),
    indicatorInputs(db, tenantId, year),
    supervisionValues(db, tenantId, year),
    cityUpperResults(db, tenantId, year),
    evaluationInputs(db, tenantId, year),
    db
      .select({
        id: unitRecords.id,
        unitCode: units.code,
        kind: unitRecords.kind,
        ruleId: unitRecords.ruleId,
        level: unitRecords.level,
        achievementKey: unitRecords.achievementKey,
        title: unitRecords.title,
        documentNo: unitRecords.documentNo,
        issuedOn: unitRecords.issuedOn,
        amount: unitRecords.amount,
        count: unitRecords.count,
        repeat: unitRecords.repeat,
        note: unitRecords.note,
      })
      .from(unitRecords)
      .innerJoin(units, eq(units.id, unitRecords.unitId))
      .where(and(eq(unitRecords.tenantId, tenantId), eq(unitRecords.year, year))),
  ]);

  const members = unitRows.filter((u) => groupIds.has(u.group)).sort((a, b) => cmp(a.code, b.code));
  if (members.length === 0) blockers.push({ kind: 'noUnits' });
  const known = new Set(members.map((u) => u.code));
  // The leadership group's decisions of flagged boundary ties (only when there are any: no decision, no change).
  const decisions = await tieDecisionInputs(db, tenantId, year, known);
  const years = [...earlier.keys()].sort((a, b) => b - a);
  // A successor's history continues its predecessors' (a succession carrying 'history'), nearest first.
  const lines = await historyLines(db, tenantId);
  const earlierOf = (y: number, code: string) =>
    [code, ...(lines.get(code) ?? [])].map((c) => earlier.get(y)?.get(c)).find((r) => r !== undefined);
  const datasetUnits = members.map((u) => {
    const last = earlierOf(year - 1, u.code);
    const history = years.flatMap((y) => {
      const r = earlierOf(y, u.code);
      return r ? [{ year: y, tier: r.tier }] : [];
    });
    return {
      id: u.code,
      name: u.name,
      group: u.group,
      ...(last?.rank ? { lastRank: last.rank } : {}),
      ...(history.length > 0 ? { history } : {}),
    };
  });

  // Supervision values stand in for the year-end value of the same cell (R5: the item's completion is the
  // outcome). The process part still comes from the cell's node lights: the link replaces the year-end report
  // (value, inputs, grade, assessor's score), never the nodes (docs/supervision-city.md, docs/scoring.md).
  const bySupervision = new Map(supervision.map((v) => [`${v.unitId}|${v.indicatorId}`, v]));
  const reported = new Map(reportInputs.values.map((v) => [`${v.unitId}|${v.indicatorId}`, v]));
  const values: Value[] = [
    ...reportInputs.values.filter((v) => known.has(v.unitId) && !bySupervision.has(`${v.unitId}|${v.indicatorId}`)),
    ...supervision
      .filter((v) => known.has(v.unitId))
      .map((v) => {
        const nodes = reported.get(`${v.unitId}|${v.indicatorId}`)?.nodes;
        return nodes ? { ...v, nodes } : v;
      }),
  ].sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.indicatorId, b.indicatorId));
  for (const m of reportInputs.missing) {
    if (!known.has(m.unitCode)) continue;
    // the year-end report of a supervised cell is not needed; its node reports still are
    if (m.nodeId === '' && bySupervision.has(`${m.unitCode}|${m.indicatorId}`)) continue;
    blockers.push({
      kind: 'missingReport',
      unitCode: m.unitCode,
      indicatorId: m.indicatorId,
      nodeId: m.nodeId,
      status: m.status,
    });
  }

  const upperIds = upperIdsOf(engine);
  const upperRows = upper.filter((u) => upperIds.has(u.upperId));
  for (const id of upperIds)
    if (!upperRows.some((u) => u.upperId === id)) blockers.push({ kind: 'upperMissing', indicatorId: id });

  let ballots: Ballot[] = [];
  let tallies: Tally[] = [];
  if (engine.evaluation) {
    if (evaluation.status === 'open') blockers.push({ kind: 'evaluationOpen' });
    else if (evaluation.status === 'none') blockers.push({ kind: 'evaluationMissing' });
    else {
      ballots = evaluation.ballots.slice().sort((a, b) => cmp(a.id, b.id));
      tallies = evaluation.tallies
        .filter((t) => known.has(t.unitId))
        .sort((a, b) => cmp(a.raterGroup, b.raterGroup) || cmp(a.unitId, b.unitId));
    }
  }

  // A record that names a rule, category or level the scheme lacks is never dropped: it blocks publication, named.
  const mine = records
    .filter((r) => known.has(r.unitCode))
    .sort((a, b) => cmp(a.id, b.id))
    .filter((r) => {
      const kind = r.kind as 'bonus' | 'deduction' | 'veto' | 'discipline';
      const misses = matchRecord(engine, { kind, ruleId: r.ruleId, level: r.level, amount: r.amount }, false);
      if (misses.length === 0) return true;
      blockers.push({
        kind: 'recordUnmatched',
        unitCode: r.unitCode,
        detail: [r.kind, r.ruleId, r.level, r.issuedOn, r.documentNo, r.title].filter((x) => x).join(' · '),
        record: {
          id: r.id,
          kind: r.kind,
          ruleId: r.ruleId,
          level: r.level,
          issuedOn: r.issuedOn,
          documentNo: r.documentNo,
          title: r.title,
          problem: {
            'zh-CN': misses.map((m) => m.message['zh-CN']).join('；'),
            en: misses.map((m) => m.message.en).join('; '),
          },
        },
      });
      return false;
    });
  const opt = <K extends string, V>(k: K, v: V | null | undefined) =>
    (v === null || v === undefined ? {} : { [k]: v }) as Partial<Record<K, V>>;
  const dataset: DatasetInput = {
    units: datasetUnits,
    values,
    bonuses: mine
      .filter((r) => r.kind === 'bonus')
      .map((r) => ({
        id: r.id,
        unitId: r.unitCode,
        category: r.ruleId ?? '',
        ...opt('level', r.level),
        ...opt('points', r.amount),
        ...opt('achievement', r.achievementKey),
        ...opt('date', r.issuedOn),
      })),
    deductions: mine
      .filter((r) => r.kind === 'deduction')
      .map((r) => ({
        id: r.id,
        unitId: r.unitCode,
        rule: r.ruleId ?? '',
        ...opt('level', r.level),
        ...opt('points', r.amount),
        count: r.count,
        ...opt('category', r.achievementKey),
        ...opt('date', r.issuedOn),
        repeat: r.repeat,
      })),
    vetoes: mine
      .filter((r) => r.kind === 'veto')
      .map((r) => ({
        id: r.id,
        unitId: r.unitCode,
        rule: r.ruleId ?? '',
        ...opt('note', r.note ?? r.title),
        ...opt('date', r.issuedOn),
      })),
    discipline: mine
      .filter((r) => r.kind === 'discipline')
      .map((r) => ({ id: r.id, unitId: r.unitCode, ...opt('note', r.note ?? r.title), ...opt('date', r.issuedOn) })),
    ballots,
    tallies,
    upper: upperRows,
    ...(decisions.length > 0 ? { tieDecisions: decisions } : {}),
  };
  // R34: a scheme rule of kind `assessor` reads the assessors' measures of the year (modules/accountability).
  const engineScheme = scheme.document.engine;
  if (engineScheme.deductions.some((r) => r.amount.kind === 'assessor'))
    dataset.assessorMeasures = await assessorMeasuresFor(db, tenantId, year, engineScheme, dataset);
  await feedRankings(db, tenantId, year, engineScheme, dataset, blockers); // issue 17: rankPlaces rules' tables
  return {
    year,
    schemeId: scheme.schemeId,
    schemeVersionId: scheme.versionId,
    schemeVersionNo: scheme.versionNo,
    document: scheme.document,
    dataset,
    blockers,
    inputsDigest: sha256(canonicalJson({ schemeVersionId: scheme.versionId, dataset })),
  };
}
