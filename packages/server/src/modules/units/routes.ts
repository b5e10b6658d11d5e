import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import * as groups from './groups';
import * as succession from './succession';
import {
  CreateGroup,
  CreateUnit,
  Group,
  GroupList,
  GroupListQuery,
  ReorderGroups,
  CreateSuccession,
  SuccessionList,
  SuccessionResult,
  Unit,
  UnitList,
  UnitListQuery,
  UpdateGroup,
  UpdateUnit,
} from './schemas';
import * as service from './service';

export const unitRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/groups',
    {
      config: { access: 'units:read' },
      schema: {
        tags: ['units'],
        summary: '考核类别列表（includeRetired=false 只列未停用的）',
        querystring: GroupListQuery,
        response: { 200: GroupList, ...errorResponses },
      },
    },
    async (req) => {
      const items = await service.listGroups(db, actorOf(req), req.query.includeRetired ?? true);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/groups',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '新增考核类别',
        body: CreateGroup,
        response: { 201: Group, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await groups.createGroup(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/groups/:id',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '修改（改名、排序）、停用或恢复考核类别',
        params: IdParams,
        body: UpdateGroup,
        response: { 200: Group, ...errorResponses },
      },
    },
    (req) => groups.updateGroup(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/groups/reorder',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '调整考核类别顺序',
        body: ReorderGroups,
        response: { 200: GroupList, ...errorResponses },
      },
    },
    async (req) => {
      const items = await groups.reorderGroups(db, actorOf(req), req.body);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/unit-successions',
    {
      config: { access: 'units:read' },
      schema: { tags: ['units'], summary: '机构调整记录', response: { 200: SuccessionList, ...errorResponses } },
    },
    async (req) => {
      const items = await succession.listSuccessions(db, actorOf(req));
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/unit-successions',
    {
      config: { access: 'units:write' },
      schema: {
        tags: ['units'],
        summary: '机构调整：合并、分设或更名考核对象（记录承接关系）',
        body: CreateSuccession,
        response: { 201: SuccessionResult, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await succession.createSuccession(db, actorOf(req), req.body)),
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
