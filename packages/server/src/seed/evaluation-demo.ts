import { randomBytes, randomUUID } from 'node:crypto';
import { mulberry32, type Scheme } from '@yardstick/engine';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { ballots, evaluationCampaigns, votingCodes } from '../db/schema';
import { systemActor } from '../modules/auth/actor';
import { checkBallot, type Mark } from '@yardstick/engine/ballot-rules';
import { hashCode, newSalt, normalizeCode } from '../modules/evaluation/codes';
import {
  CampaignSettings,
  mergeWithScheme,
  rulesOf,
  unitsOnForm,
  type CampaignConfig,
  type CountyUnit,
  type StoredConfig,
} from '../modules/evaluation/config';
import { countyUnits, schemeOfYear } from '../modules/evaluation/service';
import { computeTally } from '../modules/evaluation/tally';
import { DEMO_DATA_YEAR, demoDataset, STRENGTH_2018 } from './dataset-2018';

/**
 * The demo county's evaluations: 2018 closed with the ballots of `demoDataset` (so the engine's 2018 result is
 * the same whether it reads the dataset or the database), 2019 open with part of the codes used.
 *
 * Deterministic where it matters (marks, which codes were used: mulberry32). Salts and the hashes of codes nobody
 * holds are random: a code must never be derivable from the source. The fixed DEMO codes below are the only
 * plain codes anyone knows; they exist only in the demo county and are listed in docs/evaluation.md.
 */
export const DEMO_VOTING_CODES: { code: string; raterGroup: string; unitCode?: string }[] = [
  { code: 'YSDEM-LEAD2', raterGroup: 'leaders' },
  { code: 'YSDEM-LEAD3', raterGroup: 'leaders' },
  { code: 'YSDEM-LEAD4', raterGroup: 'leaders' },
  { code: 'YSDEM-PEER2', raterGroup: 'peers', unitCode: 'XZ01' },
  { code: 'YSDEM-PEER3', raterGroup: 'peers', unitCode: 'XZ04' },
  { code: 'YSDEM-PEER4', raterGroup: 'peers', unitCode: 'ZF03' },
  { code: 'YSDEM-PUBL2', raterGroup: 'public' },
  { code: 'YSDEM-PUBL3', raterGroup: 'public' },
  { code: 'YSDEM-PUBL4', raterGroup: 'public' },
];

type CodeInsert = typeof votingCodes.$inferInsert;
type BallotInsert = typeof ballots.$inferInsert;

/** A hash for a code nobody will ever hold (issued and used, or issued and lost). */
const unknownHash = (salt: string) => hashCode(salt, randomBytes(16).toString('hex'));

function configFor(scheme: Scheme, list: CountyUnit[], settings: unknown): CampaignConfig {
  const ev = scheme.evaluation;
  if (!ev) throw new Error('no evaluation in the scheme');
  const { config, problems } = mergeWithScheme(ev, CampaignSettings.parse(settings), {
    groups: [...new Set(list.map((u) => u.groupCode))],
    units: list.map((u) => u.code),
  });
  if (problems.length > 0) throw new Error(`demo evaluation settings: ${JSON.stringify(problems)}`);
  return config;
}

async function insertAll(db: Database, codes: CodeInsert[], rows: BallotInsert[]): Promise<void> {
  for (let i = 0; i < codes.length; i += 1000) await db.insert(votingCodes).values(codes.slice(i, i + 1000));
  for (let i = 0; i < rows.length; i += 500) await db.insert(ballots).values(rows.slice(i, i + 500));
}

function shuffled<T>(list: T[], seed: number): T[] {
  const r = mulberry32(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

async function hasCampaign(db: Database, tenantId: string, year: number): Promise<boolean> {
  const [row] = await db
    .select({ id: evaluationCampaigns.id })
    .from(evaluationCampaigns)
    .where(and(eq(evaluationCampaigns.tenantId, tenantId), eq(evaluationCampaigns.year, year)))
    .limit(1);
  return row !== undefined;
}

/** 2018: closed, every ballot of demoDataset (leaders per group, peers), the service survey as counts. */
async function seed2018(db: Database, tenantId: string, tenantName: string): Promise<void> {
  const year = DEMO_DATA_YEAR;
  if (await hasCampaign(db, tenantId, year)) return;
  const actor = systemActor(tenantId, tenantName);
  const scheme = await schemeOfYear(db, actor, year);
  if (!scheme?.evaluation) return;
  const list = await countyUnits(db, tenantId);
  const active = list.filter((u) => u.active);
  const dataset = demoDataset(
    { engine: scheme },
    active.map((u) => ({ code: u.code, name: u.name, group: u.groupCode })),
  );
  const idOf = new Map(list.map((u) => [u.code, u.id] as const));
  const config = configFor(scheme, list, {
    raterGroups: scheme.evaluation.raterGroups.map((rg) => ({
      id: rg.id,
      peers: rg.id === 'peers',
      peerScope: 'kind',
      dontKnow: true,
      limits: [],
    })),
    surveyTallies: (dataset.tallies ?? []).map((t) => ({
      raterGroup: t.raterGroup,
      unitCode: t.unitId,
      counts: t.counts,
    })),
  });
  const salt = newSalt();
  const stored: StoredConfig = { ...config, codeSalt: salt };
  await db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(evaluationCampaigns)
      .values({
        tenantId,
        year,
        name: '2018 年度综合评价',
        status: 'open',
        config: stored,
        openedAt: new Date('2018-12-20T01:00:00Z'),
      })
      .returning({ id: evaluationCampaigns.id });
    if (!campaign) throw new Error('no campaign');
    const rows: BallotInsert[] = [];
    const codes: CodeInsert[] = [];
    for (const b of shuffled(dataset.ballots ?? [], 2018)) {
      const marks: Record<string, Mark> = {};
      for (const [code, m] of Object.entries(b.marks)) {
        const id = idOf.get(code);
        if (id) marks[id] = m;
      }
      rows.push({ id: randomUUID(), tenantId, campaignId: campaign.id, raterGroup: b.raterGroup, marks });
      // One used code per ballot; a peer ballot's code carried its unit (the ballot id names it in demoDataset).
      const raterCode = b.raterGroup === 'peers' ? b.id.slice('peers-'.length) : null;
      codes.push({
        tenantId,
        campaignId: campaign.id,
        raterGroup: b.raterGroup,
        raterUnitId: raterCode ? (idOf.get(raterCode) ?? null) : null,
        codeHash: unknownHash(salt),
        used: true,
      });
    }
    await insertAll(tx, codes, rows);
    const tally = computeTally(
      config,
      rows.map((r) => ({ id: r.id ?? '', raterGroup: r.raterGroup, marks: r.marks as Record<string, Mark> })),
      list,
      scheme,
    );
    await tx
      .update(evaluationCampaigns)
      .set({ status: 'closed', tally, closedAt: new Date('2018-12-28T09:00:00Z') })
      .where(eq(evaluationCampaigns.id, campaign.id));
  });
}

/** 2019: open; leaders and peers with proportion limits; part of the codes used; the fixed demo codes unused. */
async function seed2019(db: Database, tenantId: string, tenantName: string): Promise<void> {
  const year = 2019;
  if (await hasCampaign(db, tenantId, year)) return;
  const actor = systemActor(tenantId, tenantName);
  const scheme = await schemeOfYear(db, actor, year);
  if (!scheme?.evaluation) return;
  const list = await countyUnits(db, tenantId);
  const byCode = new Map(list.map((u) => [u.code, u] as const));
  const ids = new Set(scheme.evaluation.raterGroups.map((r) => r.id));
  const config = configFor(scheme, list, {
    raterGroups: scheme.evaluation.raterGroups.map((rg) => ({
      id: rg.id,
      peers: rg.id === 'peers',
      peerScope: 'kind',
      dontKnow: rg.id !== 'leaders',
      limits:
        rg.id === 'leaders'
          ? [{ minPoints: 90, maxShare: 0.3 }]
          : rg.id === 'peers'
            ? [{ minPoints: 100, maxShare: 0.3 }]
            : [],
    })),
  });
  const salt = newSalt();
  const r = mulberry32(2019);
  const strength = (code: string) => STRENGTH_2018[code] ?? 0.5;
  const codes: CodeInsert[] = [];
  const rows: BallotInsert[] = [];
  const campaignId = randomUUID();

  for (const rg of config.raterGroups) {
    const rules = rulesOf(config, rg);
    const ballotFor = (raterUnit: CountyUnit | null): Record<string, Mark> | null => {
      const onForm = unitsOnForm(rg, list, raterUnit);
      for (let attempt = 0; attempt < 5; attempt++) {
        const marks: Record<string, Mark> = {};
        for (const u of onForm) {
          const x = Math.max(0, Math.min(1, strength(u.code) + 0.25 * (r.next() + r.next() - 1)));
          if (rg.dontKnow && r.next() < 0.05) marks[u.id] = null;
          else if (rg.form === 'scale') marks[u.id] = Math.round(rg.min + (rg.max - rg.min) * (0.2 + 0.75 * x));
          else {
            const answers = rg.options
              .filter((o) => o.points !== null)
              .sort((a, b) => (b.points ?? 0) - (a.points ?? 0));
            const pick = x > 0.72 ? 0 : x > 0.45 ? 1 : x > 0.2 ? 2 : 3;
            marks[u.id] = answers[Math.min(pick, answers.length - 1)]?.label ?? null;
          }
        }
        if (
          checkBallot(
            rules,
            onForm.map((u) => u.id),
            marks,
            raterUnit?.id ?? null,
          ).length === 0
        )
          return marks;
      }
      return null;
    };
    const cast = (raterUnit: CountyUnit | null) => {
      const marks = ballotFor(raterUnit);
      if (!marks) return false;
      rows.push({ id: randomUUID(), tenantId, campaignId, raterGroup: rg.id, marks });
      return true;
    };
    const issue = (raterUnit: CountyUnit | null, used: boolean) =>
      codes.push({
        tenantId,
        campaignId,
        raterGroup: rg.id,
        raterUnitId: raterUnit?.id ?? null,
        codeHash: unknownHash(salt),
        used,
      });
    if (rg.peers) {
      for (const u of unitsOnForm(rg, list)) {
        if (DEMO_VOTING_CODES.some((d) => d.raterGroup === rg.id && d.unitCode === u.code)) continue;
        issue(u, r.next() < 0.6 && cast(u));
      }
    } else {
      const total = rg.id === 'leaders' ? 9 : 120;
      const voted = rg.id === 'leaders' ? 5 : 46;
      // Four service recipients hand in the very same ballot: the bloc the tally flags once voting closes.
      const bloc = rg.id === 'public' ? ballotFor(null) : null;
      for (let k = 0; k < total; k++) {
        if (bloc && k < 4) {
          rows.push({ id: randomUUID(), tenantId, campaignId, raterGroup: rg.id, marks: bloc });
          issue(null, true);
        } else issue(null, k < voted && cast(null));
      }
    }
  }
  for (const d of DEMO_VOTING_CODES) {
    if (!ids.has(d.raterGroup)) continue;
    codes.push({
      tenantId,
      campaignId,
      raterGroup: d.raterGroup,
      raterUnitId: d.unitCode ? (byCode.get(d.unitCode)?.id ?? null) : null,
      codeHash: hashCode(salt, normalizeCode(d.code) ?? ''),
      used: false,
    });
  }
  const stored: StoredConfig = { ...config, codeSalt: salt };
  await db.transaction(async (tx) => {
    await tx.insert(evaluationCampaigns).values({
      id: campaignId,
      tenantId,
      year,
      name: '2019 年度综合评价',
      status: 'open',
      config: stored,
      openedAt: new Date('2019-12-16T01:00:00Z'),
    });
    await insertAll(tx, codes, shuffled(rows, 2019));
  });
}

/** Idempotent: each year's campaign is written only when the year has none. */
export async function seedEvaluationDemo(db: Database, tenantId: string, tenantName = '示范县'): Promise<void> {
  await seed2018(db, tenantId, tenantName);
  await seed2019(db, tenantId, tenantName);
}
