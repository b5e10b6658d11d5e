import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './browser';

const root = path.resolve(import.meta.dirname, '..');

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  // A fresh Debian machine: install the distribution's Chromium (browser downloads are not possible here).
  if (process.getuid?.() === 0) {
    console.log('e2e: installing Debian chromium and fonts-noto-cjk with apt-get …');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', {
      stdio: 'inherit',
    });
    return;
  }
  throw new Error(`e2e needs ${CHROMIUM}: run "sudo apt-get install -y chromium fonts-noto-cjk"`);
}

/** Builds what is out of date (engine, server, web: scripts/build.js), so the tests drive the compiled app. */
function ensureBuild() {
  execSync('node scripts/build.js --if-changed', { cwd: root, stdio: 'inherit' });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  // 90 s on a quiet machine; E2E_START_TIMEOUT_MS for a loaded one (the demo seeds on first start).
  const deadline = Date.now() + Number(process.env.E2E_START_TIMEOUT_MS ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy:\n${log()}`);
}

/** Starts the real server, exactly as `npm start` does, on a fresh database with the demo county. */
export default async function setup(project: TestProject) {
  ensureChromium();
  ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yardstick-e2e-'));
  const port = 3100 + Math.floor(Math.random() * 800);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Every test signs in several times from one address; the production default would throttle the suite.
    LOGIN_RATE_LIMIT: '1000',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  // Two roles, as in production (docs/operations.md): the owner migrates, the server runs as a role that owns nothing.
  if (process.env.E2E_DATABASE_URL && process.env.E2E_DATABASE_OWNER_URL)
    env.DATABASE_OWNER_URL = process.env.E2E_DATABASE_OWNER_URL;
  let output = '';
  const child = spawn(process.execPath, [path.join(root, 'bin/yardstick.js'), 'serve'], { cwd: root, env });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  project.provide('baseUrl', baseUrl);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
