import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { actorKey, cachedUntilWrite, HOT_READ_TTL_MS } from '../../lib/read-cache';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { publishedYearList } from './published';
import { Feedback, FeedbackQuery, PublishedYears } from './schemas';
import * as service from './service';

export const feedbackRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/feedback',
    {
      config: { access: 'results:read' },
      schema: {
        tags: ['feedback'],
        summary: '结果反馈：单位得分明细（对比本类别平均与最高）、失分、历年名次档次、亮灯',
        querystring: FeedbackQuery,
        response: { 200: Feedback, ...errorResponses },
      },
    },
    (req) => {
      const actor = actorOf(req);
      return cachedUntilWrite(db, actorKey('feedback', actor, req.query), HOT_READ_TTL_MS, () =>
        service.getFeedback(db, actor, req.query),
      );
    },
  );

  app.get(
    '/api/feedback/years',
    {
      config: { access: 'results:read' },
      schema: {
        tags: ['feedback'],
        summary: '已发布结果的年度',
        response: { 200: PublishedYears, ...errorResponses },
      },
    },
    async (req) => ({ years: await publishedYearList(db, actorOf(req).tenantId) }),
  );
};
