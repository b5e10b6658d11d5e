import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { RedAnswerBody, RedItem, RedItemList, RedItemQuery, RedReviewBody } from './schemas';
import { answerRedItem, listRedItems, reviewRedItem } from './service';

export const redLightRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/redlights',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['redlights'],
        summary: '红灯说明事项（单位只见本单位；含逾期标记与计数）',
        querystring: RedItemQuery,
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
        body: RedAnswerBody,
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
        body: RedReviewBody,
        response: { 200: RedItem, ...errorResponses },
      },
    },
    (req) => reviewRedItem(db, actorOf(req), req.params.id, req.body),
  );
};
