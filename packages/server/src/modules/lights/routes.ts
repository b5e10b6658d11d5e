import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { shanghaiDay } from '../../lib/day';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { currentYear } from '../reports/cells';
import { LightColour, LightHistory, LightList, RecomputeResult } from './schemas';
import { lightHistoryOf, listLights, recomputeLights } from './service';

const Year = z.coerce.number().int().min(2000).max(2100).optional();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const lightRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/lights',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['lights'],
        summary: '红黄绿灯（单位 × 指标节点；按数据范围）',
        querystring: z.object({
          year: Year,
          unitId: z.uuid().optional(),
          indicatorId: z.string().max(64).optional(),
          light: LightColour.optional(),
        }),
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
        querystring: z.object({
          year: Year,
          unitId: z.uuid(),
          indicatorId: z.string().min(1).max(64),
          nodeId: z.string().min(1).max(64),
        }),
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
        body: z.object({ year: z.number().int().min(2000).max(2100).optional(), day: Day.optional() }),
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
