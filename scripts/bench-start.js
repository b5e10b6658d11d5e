// `npm run bench:start`: how fast the command answers and the server starts. Prints figures; asserts nothing.
//
//   node scripts/bench-start.js                 --version and --help (repeated), then a first start and
//                                               restarts of the built server on a fresh PGlite data folder
//   node scripts/bench-start.js --fresh-clone   also: clone HEAD into a temporary folder, `npm ci` there (timed
//                                               apart, not counted), then the first `npm start` (build + first
//                                               database + demo county) until healthy; then
//                                               `npm ci --omit=dev` and `npm start` again (no build tools)
//
// Wall times depend on what else the machine is doing, so the load average and the CPU time the server
// process itself used until it answered (/proc, Linux) are printed beside them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/yardstick.js');
// The server is timed from the compiled CLI itself: in a tree that others are editing, bin/yardstick.js would fall
// back to the sources (tsx) as soon as a source file changed after the build.
const CLI = path.join(ROOT, 'packages/server/dist/cli.js');
const freshClone = process.argv.includes('--fresh-clone');
const runs = Number(process.env.BENCH_RUNS ?? 20);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const secs = (ms) => `${(ms / 1000).toFixed(3)} s`;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, samples.length - 1));
  const median = sorted[Math.floor(sorted.length / 2)];
  return { mean, sd, min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** Like hyperfine: two warm-up runs, then `n` timed runs of the command. */
function repeat(label, args, n) {
  for (let i = 0; i < 2; i++) spawnSync(process.execPath, args, { stdio: 'ignore' });
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    samples.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}`);
  }
  const s = stats(samples);
  console.log(
    `${label.padEnd(28)} mean ${secs(s.mean)} ± ${secs(s.sd)}  median ${secs(s.median)}  min ${secs(s.min)}  max ${secs(s.max)}  (${n} runs, load ${load()})`,
  );
  return s;
}

/** CPU seconds (user + system) a live process has used, from /proc (Linux; null elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** Starts `command args` and waits until /api/health answers; returns the timings and the child. */
async function startUntilHealthy(command, args, { cwd = ROOT, env, port, timeoutMs = 600_000 }) {
  const t = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  while (performance.now() - t < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${output}`);
    try {
      if ((await globalThis.fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        return { ms: performance.now() - t, cpu: cpuSeconds(child.pid), child, output: () => output };
      }
    } catch {
      /* not up yet */
    }
    await sleep(50);
  }
  throw new Error(`not healthy after ${timeoutMs / 1000} s:\n${output}`);
}

async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  // The whole process group: `npm start` runs the server under npm and a shell.
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

const port = 3900 + Math.floor(Math.random() * 90);

console.log(`machine: ${os.cpus().length} cores, Node ${process.version}, load average ${load()}`);
execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), '--if-changed'], { stdio: 'inherit' });

console.log('\n— the command —');
repeat('node -e 0 (Node itself)', ['-e', '0'], runs);
repeat('yardstick --version', [BIN, '--version'], runs);
repeat('dist/cli.js --help (whole CLI)', [CLI, '--help'], Math.max(3, Math.round(runs / 4)));

console.log('\n— the server (packages/server/dist/cli.js; fresh PGlite data folder) —');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-bench-'));
const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
try {
  const first = await startUntilHealthy(process.execPath, [CLI, 'serve'], { env, port });
  console.log(
    `first start (new database, demo county)  ${secs(first.ms)}  server CPU ${first.cpu ?? '?'} s  (load ${load()})`,
  );
  await stop(first.child);
  const restarts = [];
  for (let i = 0; i < 3; i++) {
    const r = await startUntilHealthy(process.execPath, [CLI, 'serve'], { env, port });
    restarts.push(r.ms);
    console.log(
      `restart ${i + 1} until healthy          ${secs(r.ms)}  server CPU ${r.cpu ?? '?'} s  (load ${load()})`,
    );
    await stop(r.child);
  }
  const s = stats(restarts);
  console.log(`restart                                  median ${secs(s.median)}  min ${secs(s.min)}`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (freshClone) {
  console.log('\n— a fresh clone of HEAD —');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-clone-'));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-clone-data-'));
  const cloneEnv = { DATA_DIR: data, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  try {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir]);
    let t = performance.now();
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    console.log(`npm ci (not counted)                     ${secs(performance.now() - t)}  (load ${load()})`);
    const first = await startUntilHealthy('npm', ['start'], { cwd: dir, env: cloneEnv, port });
    console.log(`first npm start (build + new database)   ${secs(first.ms)}  (load ${load()})`);
    await stop(first.child);
    t = performance.now();
    execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
    });
    console.log(`npm ci --omit=dev (not counted)          ${secs(performance.now() - t)}`);
    const tsxGone = !fs.existsSync(path.join(dir, 'node_modules/tsx'));
    const prod = await startUntilHealthy('npm', ['start'], { cwd: dir, env: cloneEnv, port });
    console.log(
      `npm start without dev tools (tsx ${tsxGone ? 'absent' : 'PRESENT'})  ${secs(prod.ms)}  (load ${load()})`,
    );
    await stop(prod.child);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  }
}
