import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { errorResponses } from '../../lib/schemas';
import { CreatedCounty, SetupCountyBody, SetupStatus } from './schemas';
import { createCounty, hasAnyCounty } from './service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the offered setup token with the server's, in constant time; no server token means no web setup. */
export function setupTokenMatches(expected: string | null, offered: string): boolean {
  if (!expected) return false;
  return timingSafeEqual(digest(expected), digest(offered));
}

/**
 * The first-run page's API. Public by necessity (nobody can sign in yet), and therefore narrow: it answers only
 * while the database holds no county, and it needs the one-time setup token the server prints at start, so a
 * stranger on the network cannot take over an empty server (docs/security.md).
 */
export const setupRoutes: FastifyPluginAsyncZod<{ db: Database; setupToken: string | null }> = async (
  app,
  { db, setupToken },
) => {
  app.get(
    '/api/setup/status',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: '首次设置：是否尚无县区', response: { 200: SetupStatus } },
    },
    async () => ({ needsSetup: !(await hasAnyCounty(db)) }),
  );

  app.post(
    '/api/setup/county',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['system'],
        summary: '首次设置：创建县区及三员账号（仅在尚无县区时，须设置口令）',
        body: SetupCountyBody,
        response: { 201: CreatedCounty, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (await hasAnyCounty(db)) throw new AppError('SETUP_DONE');
      if (!setupTokenMatches(setupToken, req.body.token)) throw new AppError('SETUP_TOKEN_INVALID');
      const { token: _token, code, name, sysadmin, secadmin, auditor, ...identity } = req.body;
      const created = await createCounty(
        db,
        { code, name, ...identity, admins: { sysadmin, secadmin, auditor } },
        { onlyIfNone: true, ip: req.ip, via: 'setup' },
      );
      return reply.status(201).send(created);
    },
  );
};
