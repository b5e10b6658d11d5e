import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { AccountabilityQuery, AccountabilityView } from './schemas';
import { assessorAccountability } from './service';

/** R34: the office's view of how each assessor scored, per published year. */
export const accountabilityRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/accountability/assessors',
    {
      config: { access: 'accountability:read' },
      schema: {
        tags: ['accountability'],
        summary: '考核主体评分情况（R34）：离散度、满分率、申诉更正、数据修改、共评单位比较，按年度',
        querystring: AccountabilityQuery,
        response: { 200: AccountabilityView, ...errorResponses },
      },
    },
    (req) => assessorAccountability(db, actorOf(req), req.query),
  );
};
