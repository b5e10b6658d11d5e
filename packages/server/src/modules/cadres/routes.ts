import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  CadreFileQuery,
  CadreFiles,
  CreateLeader,
  DeleteLeaderQuery,
  Leader,
  LeaderList,
  LeaderListQuery,
  UpdateLeader,
} from './schemas';
import * as service from './service';

export const cadreRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/cadres',
    {
      config: { access: 'cadres:read' },
      schema: {
        tags: ['cadres'],
        summary: '各单位领导班子及主要负责人（按年度；仅考核办和县领导可见，每次查阅留痕）',
        querystring: LeaderListQuery,
        response: { 200: LeaderList, ...errorResponses },
      },
    },
    (req) => service.listLeaders(db, actorOf(req), req.query.year, req.query.unitId),
  );

  app.get(
    '/api/cadres/files',
    {
      config: { access: 'cadres:read' },
      schema: {
        tags: ['cadres'],
        summary: '考核结果与干部档案：档次、历年名次、结果运用、领导班子（每次查阅留痕）',
        querystring: CadreFileQuery,
        response: { 200: CadreFiles, ...errorResponses },
      },
    },
    (req) => service.cadreFiles(db, actorOf(req), req.query.year),
  );

  app.post(
    '/api/cadres',
    {
      config: { access: 'cadres:write' },
      schema: {
        tags: ['cadres'],
        summary: '登记领导班子成员（姓名、职务、任职起止）',
        body: CreateLeader,
        response: { 201: Leader, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createLeader(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/cadres/:id',
    {
      config: { access: 'cadres:write' },
      schema: {
        tags: ['cadres'],
        summary: '修改领导班子成员',
        params: IdParams,
        body: UpdateLeader,
        response: { 200: Leader, ...errorResponses },
      },
    },
    (req) => service.updateLeader(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/cadres/:id',
    {
      config: { access: 'cadres:write' },
      schema: {
        tags: ['cadres'],
        summary: '删除领导班子成员',
        params: IdParams,
        querystring: DeleteLeaderQuery,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteLeader(db, actorOf(req), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );
};
