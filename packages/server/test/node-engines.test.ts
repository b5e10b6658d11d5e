import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';

// The project says Node ≥ 20.19 (root package.json "engines") and CI runs Node 20. Every installed package must
// say it runs there too — otherwise `npm ci` prints EBADENGINE warnings and the promise is not true. The root
// package.json's "overrides" pin cookie@1, content-disposition@2 and docx's nanoid@5 for that (docs/operations.md).
const ROOT = path.resolve(import.meta.dirname, '../../..');

function installedPackages(dir: string, found: { name: string; dir: string }[] = []): { name: string; dir: string }[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      installedPackages(full, found);
      continue;
    }
    // Workspace links (node_modules/@yardstick/*) are the project itself.
    if (!entry.isDirectory() || entry.isSymbolicLink()) continue;
    if (fs.existsSync(path.join(full, 'package.json'))) found.push({ name: entry.name, dir: full });
    installedPackages(path.join(full, 'node_modules'), found);
  }
  return found;
}

describe('the Node requirement is true', () => {
  const projectRange = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    }
  ).engines.node;
  const lowest = semver.minVersion(projectRange)?.version ?? projectRange;

  it('every installed package accepts the lowest Node the project names', () => {
    const packages = installedPackages(path.join(ROOT, 'node_modules'));
    expect(packages.length).toBeGreaterThan(100);
    const refusing: string[] = [];
    for (const p of packages) {
      const manifest = JSON.parse(fs.readFileSync(path.join(p.dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
        engines?: { node?: unknown };
      };
      const range = manifest.engines?.node;
      // npm warns only for a valid range that excludes the running version; it ignores anything else.
      if (typeof range !== 'string' || semver.validRange(range) === null) continue;
      if (!semver.satisfies(lowest, range)) {
        refusing.push(`${manifest.name}@${manifest.version} (node ${range}) in ${path.relative(ROOT, p.dir)}`);
      }
    }
    expect(refusing).toEqual([]);
  });

  it('the overridden packages are the ones that declare Node 20', () => {
    const version = (name: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    expect(semver.major(version('cookie'))).toBe(1);
    expect(semver.major(version('content-disposition'))).toBe(2);
  });
});

describe('the downgraded dependencies still do their work', () => {
  let ctx: TestContext | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-engines-'));
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('cookie@1 under @fastify/cookie: a session cookie is set, read back and cleared', async () => {
    const app = Fastify();
    await app.register(fastifyCookie, { secret: 'a-secret-long-enough-for-signing-0123456789' });
    app.get('/set', async (_req, reply) =>
      reply.setCookie('ys_test', 'a b/c=d', { path: '/', httpOnly: true, sameSite: 'strict', signed: true }).send({}),
    );
    app.get('/read', async (req) => ({ value: req.unsignCookie(req.cookies.ys_test ?? '').value }));
    app.get('/clear', async (_req, reply) => reply.clearCookie('ys_test', { path: '/' }).send({}));
    const set = await app.inject({ url: '/set' });
    const cookie = set.cookies.find((c) => c.name === 'ys_test');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const read = await app.inject({ url: '/read', cookies: { ys_test: cookie?.value ?? '' } });
    expect(read.json()).toEqual({ value: 'a b/c=d' });
    const cleared = await app.inject({ url: '/clear' });
    expect(cleared.cookies.find((c) => c.name === 'ys_test')?.expires?.getTime()).toBe(0);
    await app.close();
  });

  it('content-disposition@2 under @fastify/static: files are served and a download keeps its Chinese name', async () => {
    fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>考核</title>');
    fs.writeFileSync(path.join(tmp, '2019年度考核结果.txt'), 'ok');
    const app = Fastify();
    await app.register(fastifyStatic, { root: tmp, index: 'index.html' });
    app.get('/dl', async (_req, reply) => reply.download('2019年度考核结果.txt'));
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('考核');
    const dl = await app.inject({ url: '/dl' });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('ok');
    const disposition = String(dl.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe('2019年度考核结果.txt');
    await app.close();
  });

  it('the app serves the built web app and signs in with its session cookie (light-my-request reads it)', async () => {
    fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>Yardstick</title>');
    ctx = await createTestContext({ webDist: tmp });
    const shell = await ctx.app.inject({ url: '/units' });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('Yardstick');
    const res = await ctx.injectAs('office', { method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(200);
  });
});
