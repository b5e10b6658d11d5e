/**
 * Load test of the year-end peak (npm run bench:load): 200 concurrent users on loopback — leaders and the office
 * reading the dashboards, results and lists, units reading their feedback, assessors saving scores, the office
 * saving records. The peak run models people: each virtual user waits a random think time (exponential) between
 * requests, so requests arrive spread out as they do from real users. Two saturation runs (autocannon, each user
 * sends the next request as soon as the last is answered) measure capacity. Runs the real server as a separate process,
 * on the embedded database and, when BENCH_DATABASE_URL is set, on PostgreSQL (that database should hold only
 * the demo county: the bench seeds it if missing). Prints throughput, p50/p99 latency and errors per run and a
 * final JSON line. Bounded: a fixed duration per run, loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(import.meta.dirname, '../../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
// The peak: each reader sends this many requests a second on average (a page view of two or three calls every
// five seconds — busy for a person), each writer saves this often (a score every five seconds).
// 160 readers × 0.5 + 40 writers × 0.2 = 88 requests a second. BENCH_READER_RATE=2 BENCH_WRITER_RATE=1 is 4× that.
const READER_RATE = Number(process.env.BENCH_READER_RATE ?? 0.5);
const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? 0.2);
const PASSWORD = 'Yardstick@2019';
const USERS = ['office', 'leader', 'assessor', 'xwb', 'jggw', 'fgj', 'czj', 'unit', 'nanhu', 'jyj'];

interface Session {
  cookie: string;
  csrf: string;
}

async function start(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  // Every virtual user signs in from the same address: lift the sign-in limit for the bench server only.
  childEnv.LOGIN_RATE_LIMIT = '100000';
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(
    process.execPath,
    // BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
    [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), path.join(root, 'bin/yardstick.js'), 'serve'],
    {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
}

interface RunFigures {
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Req {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** What a reader looks at at the year-end peak: the overview, lists, and who they are. */
const READS: Req[] = [
  { method: 'GET', path: '/api/overview' },
  { method: 'GET', path: '/api/units?pageSize=100' },
  { method: 'GET', path: '/api/schemes' },
  { method: 'GET', path: '/api/groups' },
  { method: 'GET', path: '/api/auth/me' },
];

/** The office lists and saves records (audited, CSRF-checked writes). */
const writes = (unitId: string, i: number): Req[] => [
  { method: 'GET', path: '/api/records?year=2019' },
  {
    method: 'POST',
    path: '/api/records',
    body: JSON.stringify({
      year: 2019,
      unitId,
      kind: 'bonus',
      level: 'city',
      title: `压测表彰 ${i}`,
      ruleId: 'commendation',
    }),
  },
];

/**
 * One autocannon run: each connection is one user with its own session. `perUserRate` paces each user
 * (requests per second per connection, autocannon `connectionRate`: people read, then think); without it the
 * users send the next request as soon as the last is answered (saturation).
 */
async function load(base: string, users: Session[], requests: (i: number) => Req[], perUserRate?: number) {
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: users.length,
    duration: SECONDS,
    ...(perUserRate ? { connectionRate: perUserRate } : {}),
    requests: READS,
    setupClient: (client) => {
      const i = n++;
      const s = users[i % users.length];
      if (!s) return;
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
      client.setRequests(requests(i).map((r) => ({ ...r, headers })));
    },
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0)
    console.error(
      `  status codes: ${JSON.stringify(result.statusCodeStats)}; socket errors ${result.errors}, timeouts ${result.timeouts}`,
    );
  const figures: RunFigures = {
    requests: result.requests.total,
    throughput: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
  };
  return figures;
}

/** Readers and writers as two load generators at once, so reads and writes are measured apart. */
async function peak(base: string, readers: Session[], writers: Session[], unitId: string, paced: boolean) {
  const [reads, saves] = await Promise.all([
    load(base, readers, () => READS, paced ? READER_RATE : undefined),
    load(base, writers, (i) => writes(unitId, i), paced ? WRITER_RATE : undefined),
  ]);
  return { reads, saves };
}

/** Latencies of one kind of request, for percentiles. */
class Timings {
  ms: number[] = [];
  errors = 0;
  figures(seconds: number): RunFigures {
    const sorted = this.ms.slice().sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return {
      requests: sorted.length,
      throughput: Math.round(sorted.length / seconds),
      p50: at(0.5),
      p99: at(0.99),
      errors: this.errors,
    };
  }
}

interface VirtualUser {
  session: Session;
  /** Requests per second on average (think time is exponential with mean 1/rate). */
  rate: number;
  /** The user's next request; returns the kind it was ('read' or 'save'). */
  next(base: string, s: Session): Promise<{ kind: 'read' | 'save'; ok: boolean }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(base: string, s: Session, r: Req): Promise<{ ok: boolean; body: unknown }> {
  const res = await fetch(base + r.path, {
    method: r.method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    ...(r.body ? { body: r.body } : {}),
  });
  const text = await res.text();
  return { ok: res.ok, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Runs every virtual user for SECONDS; each starts at a random moment of its first think time. */
async function peopleRun(base: string, users: VirtualUser[]) {
  const reads = new Timings();
  const saves = new Timings();
  const end = Date.now() + SECONDS * 1000;
  let seed = 20191231;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const think = (rate: number) => (-Math.log(1 - random()) / rate) * 1000;
  await Promise.all(
    users.map(async (u) => {
      await sleep(random() * (1000 / u.rate));
      while (Date.now() < end) {
        const t0 = performance.now();
        let kind: 'read' | 'save' = 'read';
        try {
          const r = await u.next(base, u.session);
          kind = r.kind;
          const timings = kind === 'read' ? reads : saves;
          timings.ms.push(performance.now() - t0);
          if (!r.ok) timings.errors++;
        } catch {
          (kind === 'read' ? reads : saves).errors++;
        }
        await sleep(think(u.rate));
      }
    }),
  );
  return { reads: reads.figures(SECONDS), saves: saves.figures(SECONDS) };
}

/** A reader cycling through its role's pages. */
function reader(session: Session, pages: string[], rate: number): VirtualUser {
  let i = 0;
  return {
    session,
    rate,
    async next(base, s) {
      const path = pages[i++ % pages.length] ?? '/api/auth/me';
      return { kind: 'read', ok: (await call(base, s, { method: 'GET', path })).ok };
    },
  };
}

/** An assessor correcting the verified value of its own submitted reports (each writer its own, version-checked). */
function scorer(session: Session, reports: { id: string; version: number }[], rate: number): VirtualUser {
  let i = 0;
  return {
    session,
    rate,
    async next(base, s) {
      const r = reports[i++ % reports.length];
      if (!r) return { kind: 'read', ok: (await call(base, s, { method: 'GET', path: '/api/auth/me' })).ok };
      const res = await call(base, s, {
        method: 'POST',
        path: `/api/reports/${r.id}/review`,
        body: JSON.stringify({
          action: 'correct',
          version: r.version,
          verifiedValue: 50 + (i % 40),
          reason: '压测：核定值修正',
        }),
      });
      const v = (res.body as { report?: { version?: number }; version?: number } | null) ?? {};
      r.version = v.report?.version ?? v.version ?? r.version + 1;
      return { kind: 'save', ok: res.ok };
    },
  };
}

/** The office saving records, then reading the list. */
function recorder(session: Session, unitId: string, rate: number): VirtualUser {
  let i = 0;
  return {
    session,
    rate,
    async next(base, s) {
      i++;
      const [list, save] = writes(unitId, i);
      const r = i % 2 === 0 && save ? save : list;
      if (!r) return { kind: 'read', ok: false };
      return { kind: r.method === 'GET' ? 'read' : 'save', ok: (await call(base, s, r)).ok };
    },
  };
}

const OFFICE_PAGES = [
  '/api/overview',
  '/api/dashboards/county?year=2018',
  '/api/results/2018/ranking',
  '/api/units?pageSize=100',
  '/api/notifications/unread-count',
];
const UNIT_PAGES = [
  '/api/overview',
  '/api/feedback?year=2018',
  '/api/dashboards/unit?year=2018',
  '/api/reports/todo?year=2019',
  '/api/notifications/unread-count',
];
const ASSESSOR_PAGES = ['/api/overview', '/api/reports/grid?year=2019&pageSize=50', '/api/schemes', '/api/auth/me'];

async function bench(label: string, env: NodeJS.ProcessEnv, port: number) {
  const server = await start(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const sessions: Session[] = [];
    for (let i = 0; i < CONNECTIONS; i++) sessions.push(await login(base, USERS[i % USERS.length] ?? 'office'));
    // Every fifth user is the office saving records (office sessions, each used by two writers); the others read.
    const officeSessions = sessions.filter((_, i) => USERS[i % USERS.length] === 'office');
    const readers = sessions.filter((_, i) => i % 5 !== 0);
    const writerSessions = Array.from(
      { length: CONNECTIONS - readers.length },
      (_, i) => officeSessions[i % officeSessions.length] as Session,
    );
    const units = (await (
      await fetch(`${base}/api/units?q=XZ01`, { headers: { cookie: officeSessions[0]?.cookie ?? '' } })
    ).json()) as {
      items: { id: string }[];
    };
    const unitId = units.items[0]?.id ?? '';
    // The peak, as people: office and leaders read dashboards and results, units their feedback and to-do,
    // assessors their grid; 20 assessors save scores on reports of their own, 20 office users save records.
    const byUser = (name: string) => sessions.filter((_, i) => USERS[i % USERS.length] === name);
    const people: VirtualUser[] = [];
    for (const s of byUser('leader')) people.push(reader(s, OFFICE_PAGES, READER_RATE));
    for (const s of byUser('office')) people.push(recorder(s, unitId, WRITER_RATE));
    for (const name of ['unit', 'nanhu', 'jyj'])
      for (const s of byUser(name)) people.push(reader(s, UNIT_PAGES, READER_RATE));
    for (const name of ['assessor', 'xwb', 'jggw', 'fgj', 'czj']) {
      const own = byUser(name);
      const grid = (
        await call(base, own[0] as Session, { method: 'GET', path: '/api/reports/grid?year=2019&pageSize=2000' })
      ).body as { items?: { report: { id: string; version: number; status: string } | null }[] } | null;
      const mine = (grid?.items ?? [])
        .map((c) => c.report)
        .filter((r): r is { id: string; version: number; status: string } => r !== null && r.status === 'submitted');
      own.forEach((s, k) => {
        // Four scorers per assessor account, each on its own slice of the account's reports.
        if (k < 4) people.push(scorer(s, mine.filter((_, j) => j % 4 === k).slice(0, 20), WRITER_RATE));
        else people.push(reader(s, ASSESSOR_PAGES, READER_RATE));
      });
    }
    const paced = await peopleRun(base, people);
    const readOnly = await load(base, sessions, () => READS);
    const saturated = await peak(base, readers, writerSessions, unitId, false);
    const rss = Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    return { label, paced, readOnly, saturated, serverRssMB: Math.round(rss) };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

const out: Awaited<ReturnType<typeof bench>>[] = [];
if (process.env.BENCH_PGLITE !== '0') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-load-'));
  out.push(await bench('pglite', { DATA_DIR: dataDir }, 3901));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
if (process.env.BENCH_DATABASE_URL) {
  out.push(await bench('postgres', { DATABASE_URL: process.env.BENCH_DATABASE_URL }, 3902));
}

console.log(
  `\n${CONNECTIONS} concurrent users, ${SECONDS} s per run, loopback, 2 cores shared by server, database and load generator`,
);
console.log(
  `peak: 160 readers at ${READER_RATE}/s and 40 writers (scores, records) at ${WRITER_RATE}/s with random think time; saturation: closed loop`,
);
console.log('database  run                    requests  req/s   p50 ms  p99 ms  errors');
const row = (label: string, name: string, f: RunFigures) =>
  console.log(
    `${label.padEnd(9)} ${name.padEnd(22)} ${String(f.requests).padStart(8)} ${String(f.throughput).padStart(6)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} ${String(f.errors).padStart(7)}`,
  );
for (const r of out) {
  row(r.label, `peak: reads`, r.paced.reads);
  row(r.label, `peak: saves`, r.paced.saves);
  row(r.label, 'saturation: read-only', r.readOnly);
  row(r.label, 'saturation: reads', r.saturated.reads);
  row(r.label, 'saturation: saves', r.saturated.saves);
}
console.log(
  JSON.stringify({
    connections: CONNECTIONS,
    seconds: SECONDS,
    readerRate: READER_RATE,
    writerRate: WRITER_RATE,
    results: out,
  }),
);
