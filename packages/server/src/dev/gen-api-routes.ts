// `npm run gen:api-routes`: rewrites src/api-routes.ts from the routes an app built on an in-memory database registers.
import fs from 'node:fs';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { API_ROUTES_FILE, renderApiRoutes, routeCollector } from './api-routes';

const handle = await openDatabase({ kind: 'pglite-memory' });
const collector = routeCollector();
const app = await buildApp({
  handle,
  config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
  logger: false,
  onRoute: collector.onRoute,
});
await app.ready();
const text = await renderApiRoutes(collector.routes);
const before = fs.existsSync(API_ROUTES_FILE) ? fs.readFileSync(API_ROUTES_FILE, 'utf8') : '';
if (before !== text) fs.writeFileSync(API_ROUTES_FILE, text);
process.stdout.write(`${before === text ? 'unchanged' : 'written'}: ${API_ROUTES_FILE}\n`);
await app.close();
await handle.close();
