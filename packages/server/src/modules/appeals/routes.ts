import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Appeal, AppealList, AppealListQuery, AppealWindow, AnswerAppeal, CreateAppeal, WindowQuery } from './schemas';
import * as service from './service';

export const appealRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/appeals',
    {
      // Units see their own appeals, the office and leaders all (scope in the service).
      config: { access: 'results:read' },
      schema: {
        tags: ['appeals'],
        summary: '申诉列表',
        querystring: AppealListQuery,
        response: { 200: AppealList, ...errorResponses },
      },
    },
    (req) => service.listAppeals(db, actorOf(req), req.query),
  );

  app.get(
    '/api/appeals/window',
    {
      config: { access: 'results:read' },
      schema: {
        tags: ['appeals'],
        summary: '申诉期（结果发布日起的北京时间日期）',
        querystring: WindowQuery,
        response: { 200: AppealWindow, ...errorResponses },
      },
    },
    (req) => service.getAppealWindow(db, actorOf(req), req.query.year),
  );

  app.get(
    '/api/appeals/:id',
    {
      config: { access: 'results:read' },
      schema: {
        tags: ['appeals'],
        summary: '申诉详情',
        params: IdParams,
        response: { 200: Appeal, ...errorResponses },
      },
    },
    (req) => service.getAppeal(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/appeals',
    {
      config: { access: 'appeals:file' },
      schema: {
        tags: ['appeals'],
        summary: '单位在申诉期内提出申诉',
        body: CreateAppeal,
        response: { 201: Appeal, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createAppeal(db, actorOf(req), req.body)),
  );

  app.post(
    '/api/appeals/:id/answer',
    {
      config: { access: 'appeals:answer' },
      schema: {
        tags: ['appeals'],
        summary: '考核办答复申诉（采纳则生成更正草稿，经领导审定后发布）',
        params: IdParams,
        body: AnswerAppeal,
        response: { 200: Appeal, ...errorResponses },
      },
    },
    (req) => service.answerAppeal(db, actorOf(req), req.params.id, req.body),
  );
};
