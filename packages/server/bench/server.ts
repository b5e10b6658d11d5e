/**
 * What the HTTP benchmarks share: the real server as a separate process (bin/yardstick.js serve on a fresh PGlite
 * folder, or on PostgreSQL), signing in, one timed request, the server's memory, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../..');
export const PASSWORD = 'Yardstick@2019';

export interface Session {
  cookie: string;
  csrf: string;
}

/**
 * Starts the server and waits until /api/health answers. Every virtual user comes from 127.0.0.1 (as a meeting's
 * phones come from one Wi-Fi address): the sign-in and voting limits per address are lifted for the bench server.
 */
export async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  childEnv.LOGIN_RATE_LIMIT = '100000';
  childEnv.VOTE_RATE_LIMIT ??= '100000';
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(
    process.execPath,
    // BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
    [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), path.join(root, 'bin/yardstick.js'), 'serve'],
    { cwd: root, env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 180_000;
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

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function login(base: string, username: string, password = PASSWORD): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
}

export interface Answer {
  status: number;
  ok: boolean;
  body: unknown;
  ms: number;
}

/** One request; `timeoutMs` turns a request that hangs into status 0 (counted as a timeout by the caller). */
export async function call(
  base: string,
  s: Session | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(base + url, {
      method,
      headers: {
        ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      ok: res.ok,
      body: text ? (JSON.parse(text) as unknown) : null,
      ms: performance.now() - t0,
    };
  } catch {
    return { status: 0, ok: false, body: null, ms: performance.now() - t0 };
  }
}

/** Like `call`, but throws unless the answer is 2xx (set-up steps). */
export async function must(
  base: string,
  s: Session | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
): Promise<unknown> {
  const r = await call(base, s, method, url, body, 120_000);
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The server process's resident memory in MB (Linux). */
export function rssMB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Samples the server's RSS every `ms` until stopped; `peak` is the highest seen. */
export function rssSampler(pid: number | undefined, ms = 200) {
  let peak = rssMB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMB(pid))), ms);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssMB(pid));
      return peak;
    },
  };
}

/** The q-quantile of a list of latencies, rounded to the millisecond (nearest-rank). */
export function quantile(ms: number[], q: number): number {
  if (ms.length === 0) return 0;
  const sorted = ms.slice().sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded generator (the same voters and think times every run). */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
