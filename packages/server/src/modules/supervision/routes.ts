import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  CreateProgress,
  CreateSupervision,
  SupervisionDetail,
  SupervisionList,
  SupervisionListQuery,
  UpdateSupervision,
} from './schemas';
import * as service from './service';

export const supervisionRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/supervision',
    {
      config: { access: 'supervision:read' },
      schema: {
        tags: ['supervision'],
        summary: '督查事项列表（单位只见本单位牵头或配合的事项）',
        querystring: SupervisionListQuery,
        response: { 200: SupervisionList, ...errorResponses },
      },
    },
    (req) => service.listSupervision(db, actorOf(req), req.query),
  );

  app.get(
    '/api/supervision/:id',
    {
      config: { access: 'supervision:read' },
      schema: {
        tags: ['supervision'],
        summary: '督查事项详情与进展时间线',
        params: IdParams,
        response: { 200: SupervisionDetail, ...errorResponses },
      },
    },
    (req) => service.getSupervision(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/supervision',
    {
      config: { access: 'supervision:write' },
      schema: {
        tags: ['supervision'],
        summary: '新增督查事项',
        body: CreateSupervision,
        response: { 201: SupervisionDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createSupervision(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/supervision/:id',
    {
      config: { access: 'supervision:write' },
      schema: {
        tags: ['supervision'],
        summary: '修改督查事项（含办结、撤销、重新打开）',
        params: IdParams,
        body: UpdateSupervision,
        response: { 200: SupervisionDetail, ...errorResponses },
      },
    },
    (req) => service.updateSupervision(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/supervision/:id/progress',
    {
      config: { access: 'supervision:report' },
      schema: {
        tags: ['supervision'],
        summary: '牵头单位报送进展',
        params: IdParams,
        body: CreateProgress,
        response: { 201: SupervisionDetail, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.reportProgress(db, actorOf(req), req.params.id, req.body)),
  );
};
