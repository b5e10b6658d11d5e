import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { openDatabase, type DbHandle } from '../src/db/client';
import type { Role } from '../src/modules/auth/roles';
import { createCounty, TEST_PASSWORD, type County } from './factories';
import { TEMPLATE_FILE } from './paths';

/** Every process writing checkpoints into a shared test database must sign with the same key. */
export const TEST_SIGNING_KEY = 'test-signing-key-'.padEnd(64, '0');

export interface TestContext {
  app: FastifyInstance;
  handle: DbHandle;
  config: Config;
  county: County;
  /** Sends a request as the given role's account of `county` (logs in once per role and caches the session). */
  injectAs(role: Role, request: InjectOptions, county?: County): Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Each test file gets its own database: PGlite from the migrated template, or the shared PostgreSQL. */
export async function openTestDatabase(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return openDatabase({ kind: 'postgres', url, poolSize: 4 });
  const blob = new Blob([fs.readFileSync(TEMPLATE_FILE)]);
  return openDatabase({ kind: 'pglite-memory', loadDataDir: blob });
}

export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const handle = await openTestDatabase();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUDIT_SIGNING_KEY: TEST_SIGNING_KEY }),
    ...overrides,
  };
  const app = await buildApp({ handle, config, logger: false });
  await app.ready();
  const county = await createCounty(handle.db);
  const sessions = new Map<string, Session>();

  async function login(username: string, password = TEST_PASSWORD): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.cookies.find((c) => c.name === 'ys_session');
    if (!setCookie) throw new Error('no session cookie');
    return { cookie: `ys_session=${setCookie.value}`, csrfToken: (res.json() as { csrfToken: string }).csrfToken };
  }

  return {
    app,
    handle,
    config,
    county,
    login,
    async injectAs(role, request, inCounty = county) {
      const username = inCounty.usernames[role];
      let session = sessions.get(username);
      if (!session) {
        session = await login(username);
        sessions.set(username, session);
      }
      return app.inject({
        ...request,
        headers: { ...request.headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      });
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
