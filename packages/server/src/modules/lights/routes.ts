import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { shanghaiDay } from '../../lib/day';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { currentYear } from '../reports/cells';
import { LightHistory, LightHistoryQuery, LightList, LightListQuery, RecomputeBody, RecomputeResult } from './schemas';
import { lightHistoryOf, listLights, recomputeLights } from './service';

export const lightRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/lights',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['lights'],
        summary: '红黄绿灯（单位 × 指标节点；按数据范围）',
        querystring: LightListQuery,
        response: { 200: LightList, ...errorResponses },
      },
    },
    (req) => listLights(db, actorOf(req), req.query),
  );

  app.get(
    '/api/lights/history',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['lights'],
        summary: '某单位某指标节点的灯色变化历史',
        querystring: LightHistoryQuery,
        response: { 200: LightHistory, ...errorResponses },
      },
    },
    (req) => lightHistoryOf(db, actorOf(req), req.query),
  );

  app.post(
    '/api/lights/recompute',
    {
      config: { access: 'redlights:manage' },
      schema: {
        tags: ['lights'],
        summary: '按指定日期重算本县当年全部节点灯色（考核办）',
        body: RecomputeBody,
        response: { 200: RecomputeResult, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const year = req.body.year ?? (await currentYear(db, actor.tenantId));
      const day = req.body.day ?? shanghaiDay();
      return db.transaction(
        async (tx) =>
          (await recomputeLights(tx, actor.tenantId, year, { day, explicitDay: req.body.day !== undefined })) ?? {
            year,
            day,
            cells: 0,
            changed: 0,
            red: 0,
            yellow: 0,
            green: 0,
            opened: 0,
          },
      );
    },
  );
};
