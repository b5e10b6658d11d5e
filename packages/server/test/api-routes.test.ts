import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteOptions } from 'fastify';
import type { DbHandle } from '../src/db/client';
import { API_ROUTES_FILE, registeredRoutes, renderApiRoutes } from '../src/dev/api-routes';
import { openTestDatabase } from './helpers';

/**
 * Issue 16: the web's client is typed by route through src/api-routes.ts. The file must say what the routes say:
 * a route added, removed or given another schema without `npm run gen:api-routes` fails here (and, once generated,
 * any web call that no longer fits fails `tsc -p packages/web`).
 */
let handle: DbHandle;
let routes: RouteOptions[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  routes = await registeredRoutes(handle);
});
afterAll(() => handle.close());

describe('the route map the web is typed by', () => {
  it('is what the registered routes declare (run `npm run gen:api-routes` after changing a route)', async () => {
    const text = await renderApiRoutes(routes);
    expect(fs.readFileSync(API_ROUTES_FILE, 'utf8')).toBe(text);
  });

  it('names every operation, each with a declared answer', async () => {
    const text = fs.readFileSync(API_ROUTES_FILE, 'utf8');
    const keys = [...text.matchAll(/^ {2}'([A-Z]+ \/api\/[^']*)'/gm)].map((m) => m[1]);
    const api = routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD'));
    expect(keys.length).toBe(api.length);
    expect(keys).toContain('GET /api/units/:id');
    expect(text).not.toMatch(/response: unknown/);
  });
});
