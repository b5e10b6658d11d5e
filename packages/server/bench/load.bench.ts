/**
 * Load test of the year-end peak (npm run bench:load): 200 concurrent users on loopback reading the
 * dashboards and lists and, in a second run, also saving records. Runs the real server as a separate process,
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
// The peak: each reader sends this many requests a second, each writer (the office) this many (people read,
// then think). 160 readers × 2 + 40 writers × 1 = 360 requests a second.
const READER_RATE = Number(process.env.BENCH_READER_RATE ?? 2);
const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? 1);
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
  const child = spawn(process.execPath, [path.join(root, 'bin/yardstick.js'), 'serve'], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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
    const paced = await peak(base, readers, writerSessions, unitId, true);
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-load-'));
out.push(await bench('pglite', { DATA_DIR: dataDir }, 3901));
fs.rmSync(dataDir, { recursive: true, force: true });
if (process.env.BENCH_DATABASE_URL) {
  out.push(await bench('postgres', { DATABASE_URL: process.env.BENCH_DATABASE_URL }, 3902));
}

console.log(
  `\n${CONNECTIONS} concurrent users (4 readers : 1 office writer), ${SECONDS} s per run, loopback, 2 cores shared by server and load generator`,
);
console.log('database  run                    requests  req/s   p50 ms  p99 ms  errors');
const row = (label: string, name: string, f: RunFigures) =>
  console.log(
    `${label.padEnd(9)} ${name.padEnd(22)} ${String(f.requests).padStart(8)} ${String(f.throughput).padStart(6)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} ${String(f.errors).padStart(7)}`,
  );
for (const r of out) {
  row(r.label, `peak: reads (${READER_RATE}/s/user)`, r.paced.reads);
  row(r.label, `peak: saves (${WRITER_RATE}/s/user)`, r.paced.saves);
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
