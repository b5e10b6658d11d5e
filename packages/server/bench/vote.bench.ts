/**
 * The 民主测评 meeting (npm run bench:vote, issue 19): several hundred voters arrive over a couple of minutes, each
 * opens the voting form with a one-time code, thinks, and submits one ballot rating the units of their rater group.
 *
 * Real server (bin/yardstick.js serve, a separate process, over HTTP on loopback), on a fresh embedded database and,
 * with BENCH_DATABASE_URL, on PostgreSQL (a database holding only the demo county, or empty: the server seeds it).
 * A real campaign: the office copies the demo's 2019 scheme to a new year, creates and opens a campaign with the
 * 2019 campaign's rater groups (leaders rate all 59 units on 60–100, peers rate the other 17 townships or 40
 * departments, service recipients all 59 with "don't know"), and generates the codes as the product makes them.
 *
 * Phases: the meeting (BENCH_VOTERS over BENCH_SECONDS), then the stress (BENCH_STRESS_VOTERS within
 * BENCH_STRESS_SECONDS, repeated with the window halved until a target breaks: where it breaks). Then the office
 * closes the campaign and the tally is checked against every accepted ballot: `lost` counts accepted ballots missing
 * from it. Ends with one JSON line per database:
 *   {"db","voters","seconds","errors","lost","formP99Ms","submitP99Ms","rssMB"}
 *
 * Options (environment): BENCH_VOTERS (600), BENCH_SECONDS (120), BENCH_THINK="5-30" (seconds between opening the
 * form and submitting, uniform), BENCH_STRESS_VOTERS (1000), BENCH_STRESS_SECONDS (60), BENCH_STRESS=0 (no stress),
 * BENCH_STRESS_STEPS (3: the window halved at most this many times after the first stress run), BENCH_PGLITE=0,
 * BENCH_DATABASE_URL, BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). A quick run:
 *   BENCH_VOTERS=60 BENCH_SECONDS=15 BENCH_THINK=1-5 BENCH_STRESS=0 npm run bench:vote
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBallot, limitAllowed, type BallotRules, type Mark } from '@yardstick/engine/ballot-rules';
import {
  call,
  login,
  must,
  quantile,
  rssMB,
  rssSampler,
  seeded,
  sleep,
  startServer,
  stopServer,
  type Session,
} from './server';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 600);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const [THINK_MIN, THINK_MAX] = (process.env.BENCH_THINK ?? '5-30').split('-').map(Number) as [number, number];
const STRESS = process.env.BENCH_STRESS !== '0';
const STRESS_VOTERS = Number(process.env.BENCH_STRESS_VOTERS ?? 1000);
const STRESS_SECONDS = Number(process.env.BENCH_STRESS_SECONDS ?? 60);
const STRESS_STEPS = Number(process.env.BENCH_STRESS_STEPS ?? 3);
const YEAR = 2020;
const TARGET = { formP99Ms: 100, submitP99Ms: 300 };

interface FormAnswer {
  raterGroup: BallotRules & { id: string };
  raterUnit: { code: string } | null;
  units: { id: string; code: string }[];
}

interface Code {
  code: string;
  raterGroup: string;
}

interface PhaseFigures {
  voters: number;
  seconds: number;
  accepted: number;
  errors: number;
  timeouts: number;
  formP99Ms: number;
  submitP99Ms: number;
  formP50Ms: number;
  submitP50Ms: number;
  peakRssMB: number;
  /** The first few error answers, to say where it breaks. */
  samples: string[];
}

/** Marks of one plausible voter for this form: varied, within every proportion limit, never uniform. */
function ballotFor(form: FormAnswer, random: () => number): Record<string, Mark> {
  const rg = form.raterGroup;
  const ids = form.units.map((u) => u.id);
  const marks: Record<string, Mark> = {};
  if (rg.form === 'ranking') {
    const places = ids.map((_, i) => i + 1).sort(() => random() - 0.5);
    ids.forEach((id, i) => (marks[id] = places[i] ?? i + 1));
    return marks;
  }
  const answers = rg.options.filter((o) => o.points !== null) as { label: string; points: number }[];
  const pick = (): Mark => {
    if (rg.dontKnow && random() < 0.08) return null;
    if (rg.form === 'options') return answers[Math.floor(random() * answers.length)]?.label ?? null;
    return Math.round(rg.min + random() * (rg.max - rg.min));
  };
  for (const id of ids) marks[id] = pick();
  const points = (m: Mark) =>
    m === null ? null : rg.form === 'options' ? (answers.find((a) => a.label === m)?.points ?? null) : Number(m);
  // Proportion limits: the marks above a limit's threshold beyond what it allows come down below it.
  for (const limit of rg.limits) {
    let allowed = limitAllowed(limit, ids.length);
    for (const id of ids) {
      const p = points(marks[id] ?? null);
      if (p === null || p < limit.minPoints) continue;
      if (allowed > 0) {
        allowed--;
        continue;
      }
      if (rg.form === 'options') {
        const lower = answers.filter((a) => a.points < limit.minPoints).sort((a, b) => b.points - a.points)[0];
        marks[id] = lower?.label ?? null;
      } else marks[id] = Math.max(rg.min, Math.ceil(limit.minPoints) - 1 - Math.floor(random() * 5));
    }
  }
  // Never uniform: the voting page would refuse it (a voter who tried would change one mark).
  const given = ids.filter((id) => marks[id] !== null);
  if (new Set(given.map((id) => points(marks[id] ?? null))).size < 2) {
    const lowest =
      rg.form === 'options' ? answers.slice().sort((a, b) => a.points - b.points)[0]?.label : Math.max(rg.min, 60);
    const second =
      rg.form === 'options' ? answers.slice().sort((a, b) => a.points - b.points)[1]?.label : Math.max(rg.min, 60) + 1;
    const [a, b] = ids;
    if (a !== undefined && b !== undefined) {
      marks[a] = lowest ?? null;
      marks[b] = second ?? null;
    }
  }
  const issues = checkBallot(rg, ids, marks, null);
  if (issues.length > 0) throw new Error(`bench made an invalid ballot: ${JSON.stringify(issues)}`);
  return marks;
}

/** What the tally must hold: per rater group the accepted ballots, and per group and unit the marks (or null). */
class Expected {
  ballots = new Map<string, number>();
  marks = new Map<string, number>();
  add(raterGroup: string, form: FormAnswer, marks: Record<string, Mark>) {
    this.ballots.set(raterGroup, (this.ballots.get(raterGroup) ?? 0) + 1);
    const code = new Map(form.units.map((u) => [u.id, u.code] as const));
    for (const id of Object.keys(marks)) {
      const k = `${raterGroup}\n${code.get(id) ?? id}`;
      this.marks.set(k, (this.marks.get(k) ?? 0) + 1);
    }
  }
}

/** One phase: `voters` voters arrive at random moments within `seconds`; each opens the form, thinks, submits. */
async function phase(
  base: string,
  pid: number | undefined,
  codes: Code[],
  seconds: number,
  expected: Expected,
  seed: number,
): Promise<PhaseFigures> {
  const random = seeded(seed);
  const form: number[] = [];
  const submit: number[] = [];
  let errors = 0;
  let timeouts = 0;
  let accepted = 0;
  const samples: string[] = [];
  const fail = (what: string, status: number, body: unknown) => {
    errors++;
    if (status === 0) timeouts++;
    if (samples.length < 5) samples.push(`${what} ${status} ${JSON.stringify(body)?.slice(0, 160) ?? ''}`);
  };
  const rss = rssSampler(pid);
  const start = performance.now();
  await Promise.all(
    codes.map(async (c) => {
      const arrive = random() * seconds * 1000;
      const think = (THINK_MIN + random() * (THINK_MAX - THINK_MIN)) * 1000;
      const voterRandom = seeded(Math.floor(random() * 2 ** 31));
      await sleep(arrive - (performance.now() - start));
      const f = await call(base, null, 'POST', '/api/vote/form', { code: c.code }, 30_000);
      form.push(f.ms);
      if (!f.ok) return fail('form', f.status, f.body);
      const answer = f.body as FormAnswer;
      const marks = ballotFor(answer, voterRandom);
      await sleep(think);
      const s = await call(base, null, 'POST', '/api/vote', { code: c.code, marks }, 30_000);
      submit.push(s.ms);
      if (s.status !== 201) return fail('submit', s.status, s.body);
      accepted++;
      expected.add(c.raterGroup, answer, marks);
    }),
  );
  return {
    voters: codes.length,
    seconds,
    accepted,
    errors,
    timeouts,
    formP99Ms: quantile(form, 0.99),
    submitP99Ms: quantile(submit, 0.99),
    formP50Ms: quantile(form, 0.5),
    submitP50Ms: quantile(submit, 0.5),
    peakRssMB: rss.stop(),
    samples,
  };
}

interface CampaignDetail {
  id: string;
  version: number;
  config: {
    raterGroups: {
      id: string;
      peers: boolean;
      peerScope: string;
      dontKnow: boolean;
      limits: unknown[];
      units?: string[];
      unitGroups?: string[];
    }[];
  };
}

/** The office sets up the meeting: a new year's scheme copied from 2019, a campaign like 2019's, opened. */
async function setUpCampaign(base: string, office: Session): Promise<CampaignDetail> {
  await must(base, office, 'POST', '/api/schemes', { year: YEAR, name: `${YEAR}年度考核方案`, copyFromYear: 2019 });
  const list = (await must(base, office, 'GET', '/api/evaluation/campaigns?year=2019')) as { items: { id: string }[] };
  const demo = (await must(
    base,
    office,
    'GET',
    `/api/evaluation/campaigns/${list.items[0]?.id ?? ''}`,
  )) as CampaignDetail;
  const settings = {
    raterGroups: demo.config.raterGroups.map((rg) => ({
      id: rg.id,
      peers: rg.peers,
      peerScope: rg.peerScope,
      dontKnow: rg.dontKnow,
      limits: rg.limits,
      ...(rg.units ? { units: rg.units } : {}),
      ...(rg.unitGroups ? { unitGroups: rg.unitGroups } : {}),
    })),
  };
  const created = (await must(base, office, 'POST', '/api/evaluation/campaigns', {
    year: YEAR,
    name: `${YEAR}年度综合评价（压测）`,
    settings,
  })) as CampaignDetail;
  return (await must(base, office, 'POST', `/api/evaluation/campaigns/${created.id}/open`, {
    version: created.version,
  })) as CampaignDetail;
}

/**
 * Codes for `n` voters as a county's meeting has them: one in ten a county leader, half of them unit cadres rating
 * their peers (codes per unit), the rest service recipients. Generated by the product (POST …/codes), shuffled.
 */
async function makeCodes(base: string, office: Session, campaign: CampaignDetail, n: number, seed: number) {
  const groups = campaign.config.raterGroups;
  const peer = groups.find((g) => g.peers);
  const others = groups.filter((g) => !g.peers);
  const want = new Map<string, number>();
  let left = n;
  if (peer) {
    want.set(peer.id, Math.round(n * 0.5));
    left -= Math.round(n * 0.5);
  }
  others.forEach((g, i) => {
    const share = i === others.length - 1 ? left : Math.round(n * 0.1);
    want.set(g.id, share);
    left -= share;
  });
  const codes: Code[] = [];
  for (const [raterGroup, count] of want) {
    if (count <= 0) continue;
    const isPeer = raterGroup === peer?.id;
    // Peer codes are made per rater unit: enough per unit, then the wanted number of them, spread over the units.
    const per = isPeer ? Math.max(1, Math.ceil(count / 59)) : count;
    let made: Code[] = [];
    for (let left2 = per; left2 > 0; left2 -= 2000) {
      const answer = (await must(base, office, 'POST', `/api/evaluation/campaigns/${campaign.id}/codes`, {
        raterGroup,
        count: Math.min(2000, left2),
      })) as { codes: Code[] };
      made = made.concat(answer.codes);
    }
    codes.push(...made.slice(0, count));
  }
  const random = seeded(seed);
  return codes.sort(() => random() - 0.5);
}

interface Tally {
  ballots: { raterGroup: string; ballots: number; invalid: number }[];
  units: { unitCode: string; groups: { raterGroup: string; valid: number; dontKnow: number }[] }[];
}

/**
 * Closes the campaign and compares the tally with every accepted ballot. A whole (non-peer) ballot is counted in its
 * group's ballots; a peer ballot is revealed one rated unit per row, so for peers every unit's marks are compared:
 * the most any unit is short is the least number of peer ballots lost. Returns lost and anything counted twice.
 */
async function closeAndCheck(base: string, office: Session, id: string, expected: Expected, peerGroups: Set<string>) {
  const detail = (await must(base, office, 'GET', `/api/evaluation/campaigns/${id}`)) as CampaignDetail;
  await must(base, office, 'POST', `/api/evaluation/campaigns/${id}/close`, { version: detail.version });
  const tally = (await must(base, office, 'GET', `/api/evaluation/campaigns/${id}/tally`)) as Tally;
  let lost = 0;
  let extra = 0;
  for (const [g, n] of expected.ballots) {
    if (peerGroups.has(g)) continue;
    const got = tally.ballots.find((b) => b.raterGroup === g);
    const counted = got ? got.ballots : 0;
    if ((got?.invalid ?? 0) > 0) extra += got?.invalid ?? 0; // the bench sends no uniform ballot
    lost += Math.max(0, n - counted);
    extra += Math.max(0, counted - n);
  }
  const cells = new Map<string, number>();
  for (const u of tally.units)
    for (const c of u.groups) cells.set(`${c.raterGroup}\n${u.unitCode}`, c.valid + c.dontKnow);
  const peerShort = new Map<string, number>();
  for (const [k, n] of expected.marks) {
    const g = k.split('\n')[0] ?? '';
    const got = cells.get(k) ?? 0;
    if (!peerGroups.has(g)) {
      if (got !== n) extra += Math.max(0, got - n); // a whole ballot's marks: counted above
      continue;
    }
    peerShort.set(g, Math.max(peerShort.get(g) ?? 0, n - got));
    extra += Math.max(0, got - n);
  }
  for (const short of peerShort.values()) lost += Math.max(0, short);
  return { lost, extra };
}

async function bench(db: 'pglite' | 'postgres', env: NodeJS.ProcessEnv, port: number) {
  let server = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    let office = await login(base, 'office');
    const campaign = await setUpCampaign(base, office);
    const peers = new Set(campaign.config.raterGroups.filter((g) => g.peers).map((g) => g.id));
    const expected = new Expected();
    // The first start built the database and seeded the demo county in this process; a county's meeting is on a
    // server that has been running, so the meeting starts from a restart (the first start's RSS is printed too).
    const firstStartRssMB = rssMB(server.pid);
    await stopServer(server);
    server = await startServer(env, port);
    office = await login(base, 'office');
    await sleep(2000);
    const idleRssMB = rssMB(server.pid);
    const meetingCodes = await makeCodes(base, office, campaign, VOTERS, 1);
    const meeting = await phase(base, server.pid, meetingCodes, SECONDS, expected, 20191231);
    const stress: PhaseFigures[] = [];
    if (STRESS) {
      let seconds = STRESS_SECONDS;
      for (let step = 0; step <= STRESS_STEPS; step++) {
        const codes = await makeCodes(base, office, campaign, STRESS_VOTERS, 100 + step);
        const f = await phase(base, server.pid, codes, seconds, expected, 3000 + step);
        stress.push(f);
        const broke = f.errors > 0 || f.formP99Ms > TARGET.formP99Ms || f.submitP99Ms > TARGET.submitP99Ms;
        if (broke) break;
        seconds = Math.max(1, Math.round(seconds / 2));
      }
    }
    const { lost, extra } = await closeAndCheck(base, office, campaign.id, expected, peers);
    return { db, firstStartRssMB, idleRssMB, meeting, stress, lost, extra };
  } finally {
    await stopServer(server);
  }
}

const out: Awaited<ReturnType<typeof bench>>[] = [];
if (process.env.BENCH_PGLITE !== '0') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-vote-'));
  try {
    out.push(await bench('pglite', { DATA_DIR: dataDir }, 3911));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_DATABASE_URL) {
  out.push(await bench('postgres', { DATABASE_URL: process.env.BENCH_DATABASE_URL }, 3912));
}

const row = (label: string, f: PhaseFigures) =>
  console.log(
    `${label.padEnd(30)} ${String(f.voters).padStart(6)} ${String(f.seconds).padStart(5)} ${String(f.accepted).padStart(8)} ${String(f.errors).padStart(6)} ${String(f.timeouts).padStart(8)} ${`${f.formP50Ms} / ${f.formP99Ms}`.padStart(13)} ${`${f.submitP50Ms} / ${f.submitP99Ms}`.padStart(15)} ${String(f.peakRssMB).padStart(7)}`,
  );
console.log(
  `\nvoting meeting: voters arrive at random within the window, open the form, think ${THINK_MIN}–${THINK_MAX} s, submit; loopback; server, database and voters share the machine (${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
console.log(
  'run                            voters     s accepted errors timeouts  form p50/p99  submit p50/p99  rss MB',
);
for (const r of out) {
  row(`${r.db}: meeting`, r.meeting);
  r.stress.forEach((f, i) => row(`${r.db}: stress ${i + 1}`, f));
  const last = r.stress[r.stress.length - 1];
  if (last) {
    const broke = last.errors > 0 || last.formP99Ms > TARGET.formP99Ms || last.submitP99Ms > TARGET.submitP99Ms;
    console.log(
      broke
        ? `${r.db}: breaks at ${last.voters} voters within ${last.seconds} s (${(last.voters / last.seconds).toFixed(1)} arrivals/s): ${last.errors} errors, form p99 ${last.formP99Ms} ms, submit p99 ${last.submitP99Ms} ms${last.samples.length ? `; e.g. ${last.samples.join(' | ')}` : ''}`
        : `${r.db}: held every stress step down to ${last.voters} voters within ${last.seconds} s`,
    );
  }
  for (const s of r.meeting.samples) console.log(`${r.db}: meeting error: ${s}`);
  console.log(
    `${r.db}: RSS ${r.firstStartRssMB} MB after the first start, ${r.idleRssMB} MB idle after a restart; tally after close: lost ${r.lost}, counted beyond what was accepted ${r.extra}`,
  );
}
for (const r of out)
  console.log(
    JSON.stringify({
      db: r.db,
      voters: r.meeting.voters,
      seconds: r.meeting.seconds,
      errors: r.meeting.errors,
      lost: r.lost,
      formP99Ms: r.meeting.formP99Ms,
      submitP99Ms: r.meeting.submitP99Ms,
      rssMB: r.meeting.peakRssMB,
      idleRssMB: r.idleRssMB,
    }),
  );
