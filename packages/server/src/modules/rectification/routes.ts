import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  CreateRectification,
  FindingList,
  FindingsQuery,
  GenerateRectifications,
  GenerateResult,
  RectificationDetail,
  RectificationList,
  RectificationListQuery,
  ReportProgress,
  UpdateRectification,
  VerifyRectification,
} from './schemas';
import * as service from './service';

export const rectificationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/rectifications',
    {
      config: { access: 'rectification:read' },
      schema: {
        tags: ['rectification'],
        summary: '整改台账（单位只见本单位）',
        querystring: RectificationListQuery,
        response: { 200: RectificationList, ...errorResponses },
      },
    },
    (req) => service.listRectifications(db, actorOf(req), req.query),
  );

  app.post(
    '/api/rectifications',
    {
      config: { access: 'rectification:manage' },
      schema: {
        tags: ['rectification'],
        summary: '考核办手工新增整改事项（来源“其他”）',
        body: CreateRectification,
        response: { 201: RectificationDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createRectification(db, actorOf(req), req.body)),
  );

  app.get(
    '/api/rectifications/findings',
    {
      config: { access: 'rectification:manage' },
      schema: {
        tags: ['rectification'],
        summary: '由已发布结果生成的整改问题清单（待考核办确认）',
        querystring: FindingsQuery,
        response: { 200: FindingList, ...errorResponses },
      },
    },
    (req) => service.previewFindings(db, actorOf(req), req.query.year),
  );

  app.post(
    '/api/rectifications/generate',
    {
      config: { access: 'rectification:manage' },
      schema: {
        tags: ['rectification'],
        summary: '确认问题清单，生成整改事项（已存在的跳过）',
        body: GenerateRectifications,
        response: { 200: GenerateResult, ...errorResponses },
      },
    },
    (req) => service.generateRectifications(db, actorOf(req), req.body),
  );

  app.get(
    '/api/rectifications/:id',
    {
      config: { access: 'rectification:read' },
      schema: {
        tags: ['rectification'],
        summary: '整改事项详情与进展记录',
        params: IdParams,
        response: { 200: RectificationDetail, ...errorResponses },
      },
    },
    (req) => service.getRectification(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/rectifications/:id',
    {
      config: { access: 'rectification:manage' },
      schema: {
        tags: ['rectification'],
        summary: '修改整改事项（问题、措施、期限）',
        params: IdParams,
        body: UpdateRectification,
        response: { 200: RectificationDetail, ...errorResponses },
      },
    },
    (req) => service.updateRectification(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/rectifications/:id/progress',
    {
      config: { access: 'rectification:report' },
      schema: {
        tags: ['rectification'],
        summary: '单位报送整改进展（可申请销号）',
        params: IdParams,
        body: ReportProgress,
        response: { 200: RectificationDetail, ...errorResponses },
      },
    },
    (req) => service.reportProgress(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/rectifications/:id/verify',
    {
      config: { access: 'rectification:manage' },
      schema: {
        tags: ['rectification'],
        summary: '考核办核验：销号或退回',
        params: IdParams,
        body: VerifyRectification,
        response: { 200: RectificationDetail, ...errorResponses },
      },
    },
    (req) => service.verifyRectification(db, actorOf(req), req.params.id, req.body),
  );
};
