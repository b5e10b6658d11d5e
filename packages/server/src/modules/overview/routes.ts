import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Overview } from './schemas';
import { getOverview } from './service';

export const overviewRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/overview',
    {
      config: { access: 'overview:read' },
      schema: { tags: ['overview'], summary: '总览', response: { 200: Overview, ...errorResponses } },
    },
    (req) => getOverview(db, actorOf(req)),
  );
};
