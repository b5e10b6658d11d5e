import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Group, Unit } from '../units/schemas';
import { getOverview } from './service';

const n = z.number().int();
export const YearProgress = z.object({
  year: n,
  current: n,
  scheme: z.object({ published: n.nullable(), draft: n.nullable() }),
  reports: z.object({ draft: n, submitted: n, returned: n, approved: n }),
  lights: z.object({ green: n, yellow: n, red: n }),
  redLightItems: z.object({ open: n, answered: n, closed: n }),
  evaluation: z.object({ status: z.string(), turnout: z.object({ used: n, total: n }).nullable() }).nullable(),
  results: z.object({
    review: z.string().nullable(),
    blockers: n.nullable(),
    published: z.object({ seq: n, at: z.string() }).nullable(),
  }),
});

export const Overview = z.object({
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  year: z.number().int(),
  /** The current year's pinned day (the demo's 2019: 2019-07-15), or null: the year is read as of that day. */
  asOf: z.string().nullable(),
  progress: YearProgress.nullable(),
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
