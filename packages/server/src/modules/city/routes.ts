import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { redLightCounts } from './results';
import {
  CityIndicator,
  CityList,
  CityListQuery,
  CreateCityIndicator,
  CreateCityNode,
  PeriodQuery,
  RedLightCounts,
  UpdateCityIndicator,
  UpdateCityNode,
} from './schemas';
import * as service from './service';

export const cityRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (app, { db, config }) => {
  app.get(
    '/api/city/indicators',
    {
      config: { access: 'city:read' },
      schema: {
        tags: ['city'],
        summary: '市考指标及节点、市里亮灯（单位只见本单位承接的指标）',
        querystring: CityListQuery,
        response: { 200: CityList, ...errorResponses },
      },
    },
    async (req) => ({ items: await service.listCity(db, actorOf(req), req.query.year), warnDays: config.cityWarnDays }),
  );

  app.post(
    '/api/city/indicators',
    {
      config: { access: 'city:write' },
      schema: {
        tags: ['city'],
        summary: '新增市考指标（可带节点）',
        body: CreateCityIndicator,
        response: { 201: CityIndicator, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createCity(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/city/indicators/:id',
    {
      config: { access: 'city:write' },
      schema: {
        tags: ['city'],
        summary: '修改市考指标、录入市里的最终结果',
        params: IdParams,
        body: UpdateCityIndicator,
        response: { 200: CityIndicator, ...errorResponses },
      },
    },
    (req) => service.updateCity(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/city/indicators/:id/nodes',
    {
      config: { access: 'city:write' },
      schema: {
        tags: ['city'],
        summary: '新增市考节点',
        params: IdParams,
        body: CreateCityNode,
        response: { 201: CityIndicator, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.addCityNode(db, actorOf(req), req.params.id, req.body)),
  );

  app.patch(
    '/api/city/nodes/:id',
    {
      config: { access: 'city:write' },
      schema: {
        tags: ['city'],
        summary: '修改市考节点、录入市里亮灯',
        params: IdParams,
        body: UpdateCityNode,
        response: { 200: CityIndicator, ...errorResponses },
      },
    },
    (req) => service.updateCityNode(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/city/red-light-counts',
    {
      config: { access: 'city:read' },
      schema: {
        tags: ['city'],
        summary: '任一时段的亮红灯统计：X 项指标、涉及 Y 个单位；Z 个节点、涉及 W 个单位',
        querystring: PeriodQuery,
        response: { 200: RedLightCounts, ...errorResponses },
      },
    },
    (req) => redLightCounts(db, actorOf(req).tenantId, req.query),
  );
};
