/**
 * Writes `src/api-routes.ts`: every API operation the app registers, keyed `METHOD /api/path`, with the zod schemas
 * its route declares (query, body, the 2xx response) named by the module that exports them. The web's client is
 * typed by this map (issue 16: "the API client is typed by route"), so a route's path, method and shapes come from
 * the route itself, not from a type picked by hand at each call. Development only: the app never imports this file.
 *
 * `npm run gen:api-routes` rewrites the file; `test/api-routes.test.ts` fails when it is not what the routes say.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { format, resolveConfig } from 'prettier';
import type { z } from 'zod';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { DbHandle } from '../db/client';

const SRC = path.resolve(import.meta.dirname, '..');
export const API_ROUTES_FILE = path.join(SRC, 'api-routes.ts');

/** The files whose exported zod schemas routes may use, relative to src/ without the extension. */
function schemaFiles(): string[] {
  const modules = fs
    .readdirSync(path.join(SRC, 'modules'))
    .filter((m) => fs.existsSync(path.join(SRC, 'modules', m, 'schemas.ts')))
    .map((m) => `modules/${m}/schemas`);
  return ['lib/schemas', 'modules/schemes/document', ...modules.sort()];
}

interface Named {
  alias: string;
  name: string;
}

async function schemaNames(): Promise<{ names: Map<unknown, Named>; aliases: Map<string, string> }> {
  const names = new Map<unknown, Named>();
  const aliases = new Map<string, string>();
  for (const file of schemaFiles()) {
    const alias =
      file === 'lib/schemas' ? 'common' : file === 'modules/schemes/document' ? 'schemeDocument' : file.split('/')[1];
    if (!alias) continue;
    aliases.set(alias, file);
    const mod = (await import(path.join(SRC, `${file}.ts`))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod).sort(([a], [b]) => a.localeCompare(b))) {
      if (!isZod(value) || names.has(value)) continue;
      names.set(value, { alias, name });
    }
  }
  return { names, aliases };
}

function isZod(v: unknown): v is z.ZodType {
  return typeof v === 'object' && v !== null && '_zod' in v;
}

/** A schema that describes an uploaded file (`uploadBody.raw` / `.multipart`): its OpenAPI metadata says so. */
function isUpload(s: z.ZodType): boolean {
  const meta = (s as { meta?: () => Record<string, unknown> | undefined }).meta?.();
  if (!meta) return false;
  return meta.format === 'binary' || (meta.type === 'object' && typeof meta.properties === 'object');
}

export interface RouteEntry {
  key: string;
  params: string[];
  query: string;
  body: string;
  response: string;
}

/** The routes an app built on this database registers (the app is closed again). */
export async function registeredRoutes(handle: DbHandle): Promise<RouteOptions[]> {
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    handle,
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    logger: false,
    onRoute: (r) => void routes.push(r),
  });
  await app.ready();
  await app.close();
  return routes;
}

/** The map's entries, or the list of schemas that are not exported under a name (an error to fix in the route). */
export async function routeEntries(
  routes: RouteOptions[],
): Promise<{ entries: RouteEntry[]; aliases: Map<string, string> }> {
  const { names, aliases } = await schemaNames();
  const unnamed: string[] = [];
  const typeOf = (s: unknown, where: string, io: 'input' | 'output'): string => {
    if (!isZod(s)) {
      unnamed.push(`${where}: not a zod schema`);
      return 'unknown';
    }
    if (isUpload(s)) return 'Blob | ArrayBuffer';
    const n = names.get(s);
    if (!n) {
      unnamed.push(where);
      return 'unknown';
    }
    return `z.${io}<typeof ${n.alias}.${n.name}>`;
  };
  const entries: RouteEntry[] = [];
  for (const r of routes) {
    if (!r.url.startsWith('/api/') || r.url.startsWith('/api/docs')) continue;
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
    const schema = (r.schema ?? {}) as {
      querystring?: unknown;
      body?: unknown;
      response?: Record<string, unknown>;
      hide?: boolean;
    };
    if (schema.hide) continue;
    for (const method of methods) {
      const key = `${method} ${r.url}`;
      const ok = Object.entries(schema.response ?? {}).find(([status]) => /^2\d\d$/.test(status));
      let response = 'unknown';
      if (!ok) unnamed.push(`${key} response: none declared`);
      else if (ok[0] === '204') response = 'void';
      else if (typeof ok[1] === 'object' && ok[1] !== null && 'content' in ok[1]) response = 'Blob';
      else response = typeOf(ok[1], `${key} response ${ok[0]}`, 'output');
      entries.push({
        key,
        params: [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? ''),
        // a query as a client writes it (the schema's input: before coercions and transforms)
        query: schema.querystring ? typeOf(schema.querystring, `${key} querystring`, 'input') : 'never',
        body: schema.body ? typeOf(schema.body, `${key} body`, 'input') : 'never',
        response,
      });
    }
  }
  if (unnamed.length) {
    throw new Error(
      `These route schemas are not exported by a schemas module, so the web cannot name them:\n  ${unnamed.join('\n  ')}`,
    );
  }
  entries.sort((a, b) => a.key.localeCompare(b.key));
  return { entries, aliases };
}

/** The text of src/api-routes.ts, formatted as the repository formats TypeScript. */
export async function renderApiRoutes(routes: RouteOptions[]): Promise<string> {
  const { entries, aliases } = await routeEntries(routes);
  const used = new Set(entries.flatMap((e) => [e.query, e.body, e.response].map((t) => /typeof (\w+)\./.exec(t)?.[1])));
  const imports = [...aliases]
    .filter(([alias]) => used.has(alias))
    .map(([alias, file]) => `import type * as ${alias} from './${file}';`);
  const body = entries
    .map((e) => {
      const params = e.params.length ? `{ ${e.params.map((p) => `${p}: string | number`).join('; ')} }` : 'never';
      return `  '${e.key}': { params: ${params}; query: ${e.query}; body: ${e.body}; response: ${e.response} };`;
    })
    .join('\n');
  const text = `// Generated by \`npm run gen:api-routes\` from the routes the app registers (src/dev/api-routes.ts): do not edit.
// Every API operation with what its route declares: path parameters, query and body (as a client sends them)
// and the 2xx answer (\`Blob\` for a download, \`void\` for 204). The web's client is typed by it.
import type { z } from 'zod';
${imports.join('\n')}

export interface ApiRoutes {
${body}
}
`;
  return format(text, { ...(await resolveConfig(API_ROUTES_FILE)), filepath: API_ROUTES_FILE });
}
