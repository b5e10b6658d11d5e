import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';

/**
 * `npm start` starts the server while the web app builds beside it (scripts/start.js sets YARDSTICK_WEB_BUILDING):
 * until the build is in place a page answers a self-reloading 「网页正在构建」, then the app shell and its files —
 * without a restart. The API answers all along.
 */
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-web-building-'));
fs.rmSync(dist, { recursive: true });
let ctx: TestContext;

beforeAll(async () => {
  process.env.YARDSTICK_WEB_BUILDING = '1';
  try {
    ctx = await createTestContext({ webDist: dist });
  } finally {
    delete process.env.YARDSTICK_WEB_BUILDING;
  }
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('pages while the web app is being built', () => {
  it('say so and reload themselves, then serve the app once it is in place; the API answers all along', async () => {
    const building = await ctx.app.inject({ url: '/units' });
    expect(building.statusCode).toBe(503);
    expect(building.headers['content-type']).toContain('text/html');
    expect(building.body).toContain('网页正在构建');
    expect(building.body).toContain('http-equiv="refresh"');
    expect((await ctx.injectAs('office', { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/nothing-here' })).statusCode).toBe(404);

    // the build puts dist/ in place (by rename, as scripts/build.js does)
    const tmp = `${dist}.tmp`;
    fs.mkdirSync(path.join(tmp, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>Yardstick</title>');
    fs.writeFileSync(path.join(tmp, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.renameSync(tmp, dist);

    const shell = await ctx.app.inject({ url: '/units' });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('Yardstick');
    const asset = await ctx.app.inject({ url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect((await ctx.app.inject({ url: '/' })).body).toContain('Yardstick');
  });
});
