import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Group, Unit } from '../units/schemas';
import { getOverview } from './service';

export const Overview = z.object({
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  year: z.number().int(),
  counts: z.object({
    units: z.number().int(),
    townships: z.number().int(),
    departments: z.number().int(),
    groups: z.number().int(),
    users: z.number().int(),
    activeUsers: z.number().int(),
  }),
  groups: z.array(Group),
  myUnit: Unit.nullable(),
  recentActivity: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), summary: z.string() })),
});

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
