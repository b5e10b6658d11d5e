import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams, optionalText, text } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { RED_STATUSES, RedItem, RedItemList } from './schemas';
import { answerRedItem, listRedItems, reviewRedItem } from './service';

export const redLightRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/redlights',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['redlights'],
        summary: '红灯说明事项（单位只见本单位；含逾期标记与计数）',
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          status: z.enum(RED_STATUSES).optional(),
          overdue: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          unitId: z.uuid().optional(),
        }),
        response: { 200: RedItemList, ...errorResponses },
      },
    },
    (req) => listRedItems(db, actorOf(req), req.query),
  );

  app.post(
    '/api/redlights/:id/answer',
    {
      config: { access: 'redlights:answer' },
      schema: {
        tags: ['redlights'],
        summary: '单位提交红灯情况说明和整改措施',
        params: IdParams,
        body: z.object({ explanation: text(4000), measures: text(4000), version: z.number().int().min(1) }),
        response: { 200: RedItem, ...errorResponses },
      },
    },
    (req) => answerRedItem(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/redlights/:id/review',
    {
      config: { access: 'redlights:manage' },
      schema: {
        tags: ['redlights'],
        summary: '考核办退回说明（须理由）或核实办结',
        params: IdParams,
        body: z.object({
          action: z.enum(['return', 'close']),
          note: optionalText(2000),
          version: z.number().int().min(1),
        }),
        response: { 200: RedItem, ...errorResponses },
      },
    },
    (req) => reviewRedItem(db, actorOf(req), req.params.id, req.body),
  );
};
