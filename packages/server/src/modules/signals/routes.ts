import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { SignalList, SignalQuery } from './schemas';
import { listSignals } from './service';

export const signalRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/signals',
    {
      config: { access: 'signals:read' },
      schema: {
        tags: ['signals'],
        summary: '异常线索（核减、审核后修改、佐证材料雷同、数值异常跳变），只提示不处理',
        querystring: SignalQuery,
        response: { 200: SignalList, ...errorResponses },
      },
    },
    (req) => listSignals(db, actorOf(req), req.query),
  );
};
