/**
 * Evaluation campaigns (综合评价): configuring a campaign from the year's scheme, opening and closing the vote with the
 * tally, one-time codes, and the public voting path (with what it keeps between requests). The queries are in
 * `queries.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Evaluation, Scheme } from '@yardstick/engine';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import type { votingCodes } from '../../db/schema';
import { AppError, notFound, type Locale } from '../../errors';
import { recordAudit } from '../audit/service';
import type { Actor } from '../auth/actor';
import { parseDocument } from '../schemes/document';
import { getSchemeByYear, getVersion } from '../schemes/service';
import { checkBallot, describeIssue, type Mark } from '@yardstick/engine/ballot-rules';
import { formatCode, generateCode, hashCode, newSalt, normalizeCode } from './codes';
import {
  CampaignSettings,
  defaultSettings,
  mergeWithScheme,
  rulesOf,
  unitsOnForm,
  type CampaignConfig,
  type CountyUnit,
  type RaterGroupConfig,
  type StoredConfig,
} from './config';
import { drainPool, fragments, paddedLength, peerGroups, revealBatch, seal, shuffle, type PoolOptions } from './pool';
import {
  campaignById,
  campaignConfigRow,
  campaignSalts,
  campaignsOf,
  codeCounts,
  codeWithCampaign,
  consumeCodeAndSeal,
  countyUnits,
  insertCampaign,
  insertCodes,
  knownCodeHashes,
  otherCampaignVotingInYear,
  readBallots,
  replaceBallots,
  updateCampaignRow,
  type CampaignRow,
} from './queries';
import type { CampaignDetail } from './schemas';
import { computeTally, type StoredBallot, type TallyResult } from './tally';

export type CampaignStatus = 'draft' | 'open' | 'closed';
const asStatus = (s: string): CampaignStatus => (s === 'open' || s === 'closed' ? s : 'draft');

export { countyUnits, readBallots } from './queries';

const PROBLEMS: Record<string, { 'zh-CN': string; en: string }> = {
  evaluation_unknown_rater_group: { 'zh-CN': '方案中没有该评议组', en: 'The scheme has no such rater group' },
  evaluation_group_not_rated: {
    'zh-CN': '该单位组不在方案规定的评价范围内',
    en: 'This unit group is not among those the scheme has this rater group rate',
  },
  evaluation_limits_ranking: { 'zh-CN': '排名式评议不设比例限制', en: 'A ranking form takes no proportion limits' },
  evaluation_unknown_option: {
    'zh-CN': '评价等次不在方案选项中',
    en: 'An answer that is not one of the scheme’s options',
  },
  unit_not_found: { 'zh-CN': '单位不存在', en: 'No such unit' },
};
const localizeProblem = (message: string, locale: Locale) =>
  PROBLEMS[message.replace(/^i18n:/, '')]?.[locale] ?? message;

// ---------------------------------------------------------------------------------------------------------------
// Reading the county and the scheme
// ---------------------------------------------------------------------------------------------------------------

/** The year's scheme (published version, else the draft) with its evaluation section, or null. */
export async function schemeOfYear(db: Database, actor: Actor, year: number): Promise<Scheme | null> {
  try {
    const s = await getSchemeByYear(db, actor, year);
    const no = s.publishedVersion ?? s.draftVersion;
    if (no === null) return null;
    const v = await getVersion(db, actor, s.id, no);
    return parseDocument(v.document).engine;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

async function evaluationOfYear(db: Database, actor: Actor, year: number): Promise<Evaluation> {
  const scheme = await schemeOfYear(db, actor, year);
  if (!scheme?.evaluation) throw new AppError('EVALUATION_NO_SCHEME', { year });
  return scheme.evaluation;
}

async function buildConfig(
  db: Database,
  actor: Actor,
  year: number,
  settingsInput: unknown,
  locale: Locale,
): Promise<CampaignConfig> {
  const ev = await evaluationOfYear(db, actor, year);
  const settings = settingsInput === undefined ? defaultSettings(ev) : CampaignSettings.parse(settingsInput);
  const list = await countyUnits(db, actor.tenantId);
  const groups = [...new Set(list.map((u) => u.groupCode))];
  const { config, problems } = mergeWithScheme(ev, settings, { groups, units: list.map((u) => u.code) });
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      problems.map((p) => ({ path: `settings.${p.path}`, message: localizeProblem(p.message, locale) })),
    );
  }
  return config;
}

// ---------------------------------------------------------------------------------------------------------------
// Presenting
// ---------------------------------------------------------------------------------------------------------------

function publicConfig(stored: unknown): CampaignConfig {
  const { codeSalt: _salt, ...config } = stored as StoredConfig;
  return config;
}

export interface TurnoutRow {
  raterGroup: string;
  name: string;
  issued: number;
  used: number;
}

export type CampaignView = z.output<typeof CampaignDetail>;

function presentSummary(row: CampaignRow, turnout: TurnoutRow[]) {
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    status: asStatus(row.status),
    version: row.version,
    openedAt: row.openedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    issued: turnout.reduce((a, t) => a + t.issued, 0),
    used: turnout.reduce((a, t) => a + t.used, 0),
  };
}

async function turnoutOf(
  db: Database,
  campaignIds: string[],
): Promise<Map<string, Map<string, { issued: number; used: number }>>> {
  const out = new Map<string, Map<string, { issued: number; used: number }>>();
  if (campaignIds.length === 0) return out;
  const rows = await codeCounts(db, campaignIds);
  for (const r of rows) {
    const m = out.get(r.campaignId) ?? new Map<string, { issued: number; used: number }>();
    const cell = m.get(r.raterGroup) ?? { issued: 0, used: 0 };
    cell.issued += r.n;
    if (r.used) cell.used += r.n;
    m.set(r.raterGroup, cell);
    out.set(r.campaignId, m);
  }
  return out;
}

function turnoutRows(
  config: CampaignConfig,
  cells: Map<string, { issued: number; used: number }> | undefined,
): TurnoutRow[] {
  return config.raterGroups.map((rg) => ({
    raterGroup: rg.id,
    name: rg.name,
    issued: cells?.get(rg.id)?.issued ?? 0,
    used: cells?.get(rg.id)?.used ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Campaigns
// ---------------------------------------------------------------------------------------------------------------

async function requireCampaign(db: Database, actor: Actor, id: string): Promise<CampaignRow> {
  const row = await campaignById(db, actor.tenantId, id);
  if (!row) throw notFound('评议活动', 'Evaluation campaign');
  return row;
}

export async function listCampaigns(db: Database, actor: Actor, query: { year?: number | undefined }) {
  const rows = await campaignsOf(db, actor.tenantId, query.year);
  const turnout = await turnoutOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentSummary(r, turnoutRows(publicConfig(r.config), turnout.get(r.id)))),
    total: rows.length,
  };
}

export async function getCampaign(db: Database, actor: Actor, id: string): Promise<CampaignView> {
  const row = await requireCampaign(db, actor, id);
  const config = publicConfig(row.config);
  const [turnout, list] = await Promise.all([turnoutOf(db, [row.id]), countyUnits(db, actor.tenantId)]);
  const formSizes: Record<string, number> = {};
  for (const rg of config.raterGroups) formSizes[rg.id] = unitsOnForm(rg, list).length;
  return {
    ...presentSummary(row, []),
    config,
    formSizes,
    turnout: turnoutRows(config, turnout.get(row.id)),
  };
}

const describe = (row: { year: number; name: string }) => `${row.year} 年综合评价「${row.name}」`;

export async function createCampaign(
  db: Database,
  actor: Actor,
  input: { year: number; name: string; settings?: unknown },
  locale: Locale,
): Promise<CampaignView> {
  const config = await buildConfig(db, actor, input.year, input.settings, locale);
  const stored: StoredConfig = { ...config, codeSalt: newSalt() };
  return db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      tenantId: actor.tenantId,
      year: input.year,
      name: input.name,
      config: stored,
      createdBy: actor.userId,
    });
    if (!row) throw new AppError('INTERNAL');
    await recordAudit(tx, actor, {
      action: 'evaluation.create',
      entityType: 'evaluation_campaign',
      entityId: row.id,
      summary: `新建${describe(row)}`,
      after: { name: row.name, year: row.year, config },
    });
    return getCampaign(tx, actor, row.id);
  });
}

/** Locks the campaign row and checks the client's version. */
async function lockCampaign(tx: Database, actor: Actor, id: string, version: number): Promise<CampaignRow> {
  const row = await campaignById(tx, actor.tenantId, id, true);
  if (!row) throw notFound('评议活动', 'Evaluation campaign');
  if (row.version !== version) throw new AppError('VERSION_CONFLICT');
  return row;
}

export async function updateCampaign(
  db: Database,
  actor: Actor,
  id: string,
  input: { version: number; name?: string | undefined; settings?: unknown },
  locale: Locale,
): Promise<CampaignView> {
  const current = await requireCampaign(db, actor, id);
  const config =
    input.settings === undefined ? null : await buildConfig(db, actor, current.year, input.settings, locale);
  return db.transaction(async (tx) => {
    const row = await lockCampaign(tx, actor, id, input.version);
    if (row.status !== 'draft') throw new AppError('EVALUATION_STATE', { status: row.status });
    const before = publicConfig(row.config);
    const salt = (row.config as StoredConfig).codeSalt;
    await updateCampaignRow(tx, id, {
      name: input.name ?? row.name,
      ...(config ? { config: { ...config, codeSalt: salt } satisfies StoredConfig } : {}),
      version: row.version + 1,
      updatedAt: new Date(),
    });
    await recordAudit(tx, actor, {
      action: 'evaluation.update',
      entityType: 'evaluation_campaign',
      entityId: id,
      summary: `修改${describe({ year: row.year, name: input.name ?? row.name })}`,
      before: { name: row.name, config: before },
      after: { name: input.name ?? row.name, config: config ?? before },
    });
    return getCampaign(tx, actor, id);
  });
}

/** Opens voting. The scheme-derived parts of the config are read again from the year's scheme. */
export async function openCampaign(
  db: Database,
  actor: Actor,
  id: string,
  version: number,
  locale: Locale,
): Promise<CampaignView> {
  const current = await requireCampaign(db, actor, id);
  const cfg = publicConfig(current.config);
  const config = await buildConfig(
    db,
    actor,
    current.year,
    { raterGroups: cfg.raterGroups.map(settingsOf), surveyTallies: cfg.surveyTallies },
    locale,
  );
  return db.transaction(async (tx) => {
    const row = await lockCampaign(tx, actor, id, version);
    if (row.status !== 'draft') throw new AppError('EVALUATION_STATE', { status: row.status });
    if (await otherCampaignVotingInYear(tx, actor.tenantId, row.year, id))
      throw new AppError('EVALUATION_YEAR_TAKEN', { year: row.year });
    const salt = (row.config as StoredConfig).codeSalt;
    await updateCampaignRow(tx, id, {
      status: 'open',
      config: { ...config, codeSalt: salt } satisfies StoredConfig,
      openedAt: new Date(),
      version: row.version + 1,
      updatedAt: new Date(),
    });
    await recordAudit(tx, actor, {
      action: 'evaluation.open',
      entityType: 'evaluation_campaign',
      entityId: id,
      summary: `开始${describe(row)}投票`,
      after: { config },
    });
    return getCampaign(tx, actor, id);
  });
}

function settingsOf(rg: RaterGroupConfig) {
  return {
    id: rg.id,
    ...(rg.units ? { units: rg.units } : {}),
    ...(rg.unitGroups ? { unitGroups: rg.unitGroups } : {}),
    peers: rg.peers,
    peerScope: rg.peerScope,
    dontKnow: rg.dontKnow,
    limits: rg.limits,
  };
}

/**
 * Closes voting: opens the ballots still sealed in the pool, computes and stores the tally once, and rewrites all
 * the campaign's ballots in a shuffled order under new random ids, so neither the physical order nor the ids keep
 * a trace of the order they were cast or revealed in.
 */
export async function closeCampaign(
  db: Database,
  pool: PoolOptions,
  actor: Actor,
  id: string,
  version: number,
): Promise<CampaignView> {
  const current = await requireCampaign(db, actor, id);
  const scheme = await schemeOfYear(db, actor, current.year);
  const list = await countyUnits(db, actor.tenantId);
  return db.transaction(async (tx) => {
    const row = await lockCampaign(tx, actor, id, version);
    if (row.status !== 'open') throw new AppError('EVALUATION_STATE', { status: row.status });
    const config = publicConfig(row.config);
    const cast: Omit<StoredBallot, 'id'>[] = [
      ...(await readBallots(tx, id)),
      ...fragments(await drainPool(tx, pool, id), peerGroups(config)),
    ];
    const rewritten = shuffle(cast.map((b) => ({ raterGroup: b.raterGroup, marks: b.marks, id: randomUUID() })));
    await replaceBallots(tx, actor.tenantId, id, rewritten);
    // Peer ballots are stored per rated unit: their count is the codes used (one per ballot cast).
    const turnout = (await turnoutOf(tx, [id])).get(id);
    const castCounts: Record<string, number> = {};
    for (const g of peerGroups(config)) castCounts[g] = turnout?.get(g)?.used ?? 0;
    const tally = computeTally(config, rewritten, list, scheme, castCounts);
    await updateCampaignRow(tx, id, {
      status: 'closed',
      tally,
      closedAt: new Date(),
      version: row.version + 1,
      updatedAt: new Date(),
    });
    await recordAudit(tx, actor, {
      action: 'evaluation.close',
      entityType: 'evaluation_campaign',
      entityId: id,
      summary: `结束${describe(row)}投票并计票（有效选票 ${tally.ballots.reduce((a, b) => a + b.ballots - b.invalid, 0)} 张）`,
      after: { ballots: tally.ballots, anomalies: tally.anomalies.length },
    });
    return getCampaign(tx, actor, id);
  });
}

export async function getTurnout(db: Database, actor: Actor, id: string) {
  const row = await requireCampaign(db, actor, id);
  const t = await turnoutOf(db, [row.id]);
  return { status: asStatus(row.status), groups: turnoutRows(publicConfig(row.config), t.get(row.id)) };
}

/** The stored tally: only once the campaign is closed (no partial results while voting is open). */
export async function getTally(
  db: Database,
  actor: Actor,
  id: string,
): Promise<TallyResult & { config: CampaignConfig }> {
  const row = await requireCampaign(db, actor, id);
  if (row.status !== 'closed' || !row.tally) throw new AppError('EVALUATION_NOT_CLOSED');
  return { ...(row.tally as TallyResult), config: publicConfig(row.config) };
}

// ---------------------------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------------------------

export interface IssuedCode {
  code: string;
  raterGroup: string;
  raterGroupName: string;
  unitCode: string | null;
  unitName: string | null;
}

/**
 * Generates one-time codes for a rater group: `count` codes, or for a peer group `count` codes per rater unit
 * (every unit on its form, or the listed `units`). The plain codes are returned once and never stored.
 */
export async function generateCodes(
  db: Database,
  actor: Actor,
  id: string,
  input: { raterGroup: string; count: number; units?: string[] | undefined },
): Promise<{ campaign: { id: string; name: string; year: number }; codes: IssuedCode[] }> {
  return db.transaction(async (tx) => {
    const row = await campaignById(tx, actor.tenantId, id, true);
    if (!row) throw notFound('评议活动', 'Evaluation campaign');
    if (row.status === 'closed') throw new AppError('EVALUATION_STATE', { status: row.status });
    const stored = row.config as StoredConfig;
    const rg = stored.raterGroups.find((r) => r.id === input.raterGroup);
    if (!rg) throw new AppError('EVALUATION_RATER_GROUP_UNKNOWN', { id: input.raterGroup });
    const list = await countyUnits(tx, actor.tenantId);
    let raters: (CountyUnit | null)[] = [null];
    if (rg.peers) {
      const pool = unitsOnForm(rg, list);
      raters = input.units ? pool.filter((u) => input.units?.includes(u.code)) : pool;
      if (input.units && raters.length !== new Set(input.units).size) {
        throw new AppError('VALIDATION_FAILED', {}, [{ path: 'units', message: 'i18n:unit_not_found' }]);
      }
    }
    const total = raters.length * input.count;
    if (total > 5000) throw new AppError('EVALUATION_TOO_MANY_CODES', { max: 5000 });
    const codes: IssuedCode[] = [];
    const rows: (typeof votingCodes.$inferInsert)[] = [];
    for (const rater of raters) {
      for (let k = 0; k < input.count; k++) {
        const code = generateCode();
        codes.push({
          code,
          raterGroup: rg.id,
          raterGroupName: rg.name,
          unitCode: rater?.code ?? null,
          unitName: rater?.name ?? null,
        });
        rows.push({
          tenantId: actor.tenantId,
          campaignId: id,
          raterGroup: rg.id,
          raterUnitId: rater?.id ?? null,
          codeHash: hashCode(stored.codeSalt, normalizeCode(code) ?? ''),
        });
      }
    }
    await insertCodes(tx, rows);
    await recordAudit(tx, actor, {
      action: 'evaluation.codes',
      entityType: 'evaluation_campaign',
      entityId: id,
      summary: `为${describe(row)}「${rg.name}」生成评议码 ${codes.length} 个`,
      after: { raterGroup: rg.id, count: codes.length, units: raters.filter((r) => r !== null).map((r) => r.code) },
    });
    return { campaign: { id: row.id, name: row.name, year: row.year }, codes };
  });
}

/**
 * Checks that codes handed back for the Excel sheet are this campaign's (the sheet is made from the list the
 * office received once; the server keeps no plain code to make it from).
 */
export async function verifyIssuedCodes(db: Database, actor: Actor, id: string, codes: IssuedCode[]) {
  const row = await requireCampaign(db, actor, id);
  const salt = (row.config as StoredConfig).codeSalt;
  const hashes = codes.map((c) => hashCode(salt, normalizeCode(c.code) ?? ''));
  const found = await knownCodeHashes(db, id, hashes);
  if (hashes.some((h) => !found.has(h))) throw new AppError('EVALUATION_CODES_UNKNOWN');
  return { campaign: { id: row.id, name: row.name, year: row.year } };
}

// ---------------------------------------------------------------------------------------------------------------
// Voting (public)
// ---------------------------------------------------------------------------------------------------------------

interface FoundCode {
  hash: string;
  used: boolean;
  raterGroup: string;
  raterUnitId: string | null;
  campaign: { id: string; tenantId: string; name: string; year: number; status: string; version: number };
  /** The audit log's head when the code was read: what was kept of the county's units is good while it holds. */
  head: number;
}

/**
 * What the voting path keeps between requests (issue 19: at a 民主测评 meeting every vote read the campaign's salts,
 * its row, its config and the county's units — most of a vote's round trips on the embedded database's one
 * connection). Per process and database handle, and never stale:
 * - the campaigns' code salts, which never change: a code not found under them is looked up again after reading
 *   the salts anew (a campaign created since);
 * - a campaign's config per version (editing and opening bump the version, which is read with the code);
 * - the county's units per audit-log head (every change to units is audited; the head is read with the code, so a
 *   renamed unit shows on the next form, on every instance).
 */
interface VoteMemory {
  salts: { id: string; salt: string }[] | null;
  configs: Map<string, { version: number; config: CampaignConfig }>;
  units: Map<string, { head: number; list: CountyUnit[] }>;
}
const memories = new WeakMap<Database, VoteMemory>();
const MEMORY_ENTRIES = 200;

function memoryOf(db: Database): VoteMemory {
  let m = memories.get(db);
  if (!m) memories.set(db, (m = { salts: null, configs: new Map(), units: new Map() }));
  return m;
}

/** The code among these hashes, with its campaign's state and the audit head: one statement. */
async function lookupCode(db: Database, hashes: string[]): Promise<FoundCode | null> {
  if (hashes.length === 0) return null;
  const row = await codeWithCampaign(db, hashes);
  if (!row) return null;
  const { hash, used, raterGroup, raterUnitId, head, ...campaign } = row;
  return { hash, used, raterGroup, raterUnitId, head, campaign };
}

/** Finds a code among every campaign's codes (each campaign hashes with its own salt). */
async function findCode(db: Database, input: string): Promise<FoundCode> {
  const normalized = normalizeCode(input);
  if (!normalized) throw new AppError('VOTE_CODE_UNKNOWN');
  const memory = memoryOf(db);
  const hashes = (salts: { salt: string }[]) => salts.map((c) => hashCode(c.salt, normalized));
  let found = memory.salts ? await lookupCode(db, hashes(memory.salts)) : null;
  if (!found) {
    memory.salts = await campaignSalts(db);
    found = await lookupCode(db, hashes(memory.salts));
  }
  if (!found) throw new AppError('VOTE_CODE_UNKNOWN');
  return found;
}

function requireOpen(found: FoundCode): void {
  if (found.campaign.status === 'closed') throw new AppError('VOTE_CAMPAIGN_CLOSED');
  if (found.campaign.status !== 'open') throw new AppError('VOTE_CAMPAIGN_NOT_OPEN');
  if (found.used) throw new AppError('VOTE_CODE_USED');
}

async function campaignConfig(db: Database, found: FoundCode): Promise<CampaignConfig> {
  const memory = memoryOf(db);
  const kept = memory.configs.get(found.campaign.id);
  if (kept && kept.version === found.campaign.version) return kept.config;
  const row = await campaignConfigRow(db, found.campaign.id);
  if (!row) throw new AppError('VOTE_CODE_UNKNOWN');
  const config = publicConfig(row.config);
  if (memory.configs.size >= MEMORY_ENTRIES) memory.configs.clear();
  // Kept under the version read with it (it may be newer than the code's: then the next vote reads it again).
  memory.configs.set(found.campaign.id, { version: row.version, config });
  return config;
}

async function unitsAtHead(db: Database, tenantId: string, head: number): Promise<CountyUnit[]> {
  const memory = memoryOf(db);
  const kept = memory.units.get(tenantId);
  if (kept && kept.head === head) return kept.list;
  // Read after the head: if a unit changed in between, it is newer than the head says, and read again next time.
  const list = await countyUnits(db, tenantId);
  if (memory.units.size >= MEMORY_ENTRIES) memory.units.clear();
  memory.units.set(tenantId, { head, list });
  return list;
}

async function formOf(db: Database, found: FoundCode) {
  const config = await campaignConfig(db, found);
  const rg = config.raterGroups.find((r) => r.id === found.raterGroup);
  if (!rg) throw new AppError('VOTE_CODE_UNKNOWN');
  const list = await unitsAtHead(db, found.campaign.tenantId, found.head);
  const rater = found.raterUnitId ? (list.find((u) => u.id === found.raterUnitId) ?? null) : null;
  return { config, rg, rater, units: unitsOnForm(rg, list, rater), countySize: list.length };
}

/** What the voting page shows for a code: the campaign, the rater group's form and the units to rate. */
export async function ballotForm(db: Database, input: string) {
  const found = await findCode(db, input);
  requireOpen(found);
  const { config, rg, rater, units: onForm } = await formOf(db, found);
  return {
    campaign: { name: found.campaign.name, year: found.campaign.year },
    raterGroup: {
      id: rg.id,
      name: rg.name,
      form: rg.form,
      min: rg.min,
      max: rg.max,
      options: rg.options.filter((o) => o.points !== null),
      dontKnow: rg.dontKnow,
      limits: rg.limits,
      rejectUniform: config.invalidateUniform,
    },
    raterUnit: rater ? { code: rater.code, name: rater.name } : null,
    units: onForm.map((u) => ({ id: u.id, code: u.code, name: u.name, groupCode: u.groupCode })),
  };
}

/**
 * Casts one ballot. The code is consumed and the ballot sealed into the pool in one statement (one transaction),
 * so an accepted ballot is never lost; the conditional update (`used = false` in the WHERE) lets exactly one of
 * many simultaneous submissions of a code win, and the share lock on the campaign row (taken first) makes closing,
 * which locks it for update, wait for ballots in flight — a ballot that finds the campaign closed is refused. The
 * ballot reaches `ballots` only later, in a shuffled batch of at least k ballots of its rater group (pool.ts):
 * nothing the vote writes can be read as its marks, so neither xmin, nor the row's place, nor the write-ahead log
 * ties a ballot to its code or to when it was cast.
 */
export async function castBallot(
  db: Database,
  pool: PoolOptions,
  input: { code: string; marks: Record<string, Mark> },
  locale: Locale,
): Promise<void> {
  const found = await findCode(db, input.code);
  requireOpen(found);
  const { config, rg, rater, units: onForm, countySize } = await formOf(db, found);
  const names = new Map(onForm.map((u) => [u.id, u.name] as const));
  if (rater) names.set(rater.id, rater.name);
  // A don't-know answer is stored as null whatever the option's label.
  const marks: Record<string, Mark> = {};
  for (const [k, m] of Object.entries(input.marks)) {
    marks[k] = rg.form === 'options' && rg.options.some((o) => o.label === m && o.points === null) ? null : m;
  }
  const issues = checkBallot(
    rulesOf(config, rg),
    onForm.map((u) => u.id),
    marks,
    rater?.id ?? null,
  );
  if (issues.length > 0) {
    throw new AppError(
      'VOTE_BALLOT_INVALID',
      {},
      issues.map((issue) => ({
        path: 'unit' in issue ? `marks.${issue.unit}` : 'marks',
        message: describeIssue(rulesOf(config, rg), issue, locale, (uid) => names.get(uid) ?? uid),
      })),
    );
  }
  const key = pool.key();
  const sealed = seal(key, found.campaign.id, rg.id, marks, paddedLength(countySize, longestMark(config)));
  const campaignId = found.campaign.id;
  // One round trip instead of five (begin, lock, consume, insert, commit): on the embedded database every statement
  // waits its turn on the one connection. The pool's count before this ballot comes back with it.
  const row = await consumeCodeAndSeal(db, {
    campaignId,
    tenantId: found.campaign.tenantId,
    codeHash: found.hash,
    raterGroup: rg.id,
    keyId: key.id,
    sealed,
  });
  if (!row || Number(row.open) !== 1) throw new AppError('VOTE_CAMPAIGN_CLOSED');
  if (Number(row.accepted) !== 1) throw new AppError('VOTE_CODE_USED');
  // Accepted. Revealing a batch is a separate step, only when the group's pool holds 2k: if it fails, the ballots
  // wait sealed for the next one or the close.
  if (Number(row.pending) + 1 < 2 * pool.k) return;
  try {
    await revealBatch(db, pool, campaignId, rg.id);
  } catch {
    // Nothing to tell the voter: the ballot is safe in the pool.
  }
}

/** The longest mark (as JSON bytes) any rater group of the campaign allows: options' labels, else a number. */
function longestMark(config: CampaignConfig): number {
  let longest = 4; // null
  for (const rg of config.raterGroups)
    for (const o of rg.options) longest = Math.max(longest, Buffer.byteLength(JSON.stringify(o.label)));
  return longest;
}

export { formatCode };
