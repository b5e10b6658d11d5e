import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { CreateUnit, GroupList, Unit, UnitList, UnitListQuery, UpdateUnit } from './schemas';
import * as service from './service';

export const unitRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/groups',
    {
      config: { access: 'units:read' },
      schema: { tags: ['units'], summary: '考核类别列表', response: { 200: GroupList, ...errorResponses } },
    },
    async (req) => {
      const items = await service.listGroups(db, actorOf(req));
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/units',
    {
      config: { access: 'units:read' },
      schema: {
        tags: ['units'],
        summary: '考核对象列表',
        querystring: UnitListQuery,
        response: { 200: UnitList, ...errorResponses },
      },
    },
    (req) => service.listUnits(db, actorOf(req), req.query),
  );

  app.get(
    '/api/units/:id',
    {
      config: { access: 'units:read' },
      schema: { tags: ['units'], params: IdParams, response: { 200: Unit, ...errorResponses } },
    },
    (req) => service.getUnit(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/units',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '新增考核对象',
        body: CreateUnit,
        response: { 201: Unit, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createUnit(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/units/:id',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '修改、停用或启用考核对象',
        params: IdParams,
        body: UpdateUnit,
        response: { 200: Unit, ...errorResponses },
      },
    },
    (req) => service.updateUnit(db, actorOf(req), req.params.id, req.body),
  );
};
