import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { actorKey, cachedUntilWrite, HOT_READ_TTL_MS } from '../../lib/read-cache';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { CountyDashboard, CountyQuery, UnitDashboard, UnitQuery } from './schemas';
import * as service from './service';

export const dashboardRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/dashboards/county',
    {
      config: { access: 'dashboards:county' },
      schema: {
        tags: ['dashboards'],
        summary: '全县数据看板：档次分布、排名走势、指标区分度热力图、红灯、市考指标、历年对比',
        querystring: CountyQuery,
        response: { 200: CountyDashboard, ...errorResponses },
      },
    },
    (req) => {
      const actor = actorOf(req);
      return cachedUntilWrite(db, actorKey('dashboards.county', actor, req.query), HOT_READ_TTL_MS, () =>
        service.countyDashboard(db, actor, req.query.year),
      );
    },
  );

  app.get(
    '/api/dashboards/unit',
    {
      config: { access: 'dashboards:read' },
      schema: {
        tags: ['dashboards'],
        summary: '单位看板：名次走势、亮灯、失分（单位只见本单位）',
        querystring: UnitQuery,
        response: { 200: UnitDashboard, ...errorResponses },
      },
    },
    (req) => {
      const actor = actorOf(req);
      return cachedUntilWrite(db, actorKey('dashboards.unit', actor, req.query), HOT_READ_TTL_MS, () =>
        service.unitDashboard(db, actor, req.query.year, req.query.unitId),
      );
    },
  );
};
