import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  CreateRankingTable,
  DeleteRankingQuery,
  RankingsQuery,
  RankingsYear,
  RankingTable,
  UpdateRankingTable,
} from './schemas';
import * as service from './service';

/** The periodic rankings a `rankPlaces` rule reads: the office writes, the office and leaders read. */
export const rankingRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/rankings',
    {
      config: { access: 'records:read' },
      schema: {
        tags: ['rankings'],
        summary: '年度外部排名数据：方案中按排名名次扣分的规则所读的排名及其各期名次',
        querystring: RankingsQuery,
        response: { 200: RankingsYear, ...errorResponses },
      },
    },
    (req) => service.listRankings(db, actorOf(req), req.query.year),
  );

  app.post(
    '/api/rankings',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['rankings'],
        summary: '录入一期排名：排名、期次、日期、参与排名数、各名次（下级单位、所属考核对象、名次）',
        body: CreateRankingTable,
        response: { 201: RankingTable, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createRankingTable(db, actorOf(req), req.body)),
  );

  app.put(
    '/api/rankings/:id',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['rankings'],
        summary: '修改一期排名（整期替换）',
        params: IdParams,
        body: UpdateRankingTable,
        response: { 200: RankingTable, ...errorResponses },
      },
    },
    (req) => service.updateRankingTable(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/rankings/:id',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['rankings'],
        summary: '删除一期排名（可带 version 防止误删他人刚改过的数据）',
        params: IdParams,
        querystring: DeleteRankingQuery,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteRankingTable(db, actorOf(req), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );
};
