// `npm run gen:api-routes`: rewrites src/api-routes.ts from the routes an app built on an in-memory database registers.
import fs from 'node:fs';
import { openDatabase } from '../db/client';
import { API_ROUTES_FILE, registeredRoutes, renderApiRoutes } from './api-routes';

const handle = await openDatabase({ kind: 'pglite-memory' });
const text = await renderApiRoutes(await registeredRoutes(handle));
const before = fs.existsSync(API_ROUTES_FILE) ? fs.readFileSync(API_ROUTES_FILE, 'utf8') : '';
if (before !== text) fs.writeFileSync(API_ROUTES_FILE, text);
process.stdout.write(`${before === text ? 'unchanged' : 'written'}: ${API_ROUTES_FILE}\n`);
await handle.close();
