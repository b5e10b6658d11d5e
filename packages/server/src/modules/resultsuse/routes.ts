import {} from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { binaryResponse, errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { ResultsUseBody, UseExportQuery, UseQuery } from './schemas';
import { exportResultsUse, resultsUse } from './service';
import { SettingsQuery, UpdateSettings, YearSettings } from './schemas';
import { getYearSettings, updateYearSettings } from './settings';

export const resultsUseRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/yearend/settings',
    {
      config: { access: 'results:read' },
      schema: {
        tags: ['results-use'],
        summary: '年度申诉期与档次系数设置',
        querystring: SettingsQuery,
        response: { 200: YearSettings, ...errorResponses },
      },
    },
    (req) => getYearSettings(db, actorOf(req).tenantId, req.query.year),
  );

  app.put(
    '/api/yearend/settings',
    {
      config: { access: 'results:publish' },
      schema: {
        tags: ['results-use'],
        summary: '修改年度申诉期与档次系数',
        body: UpdateSettings,
        response: { 200: YearSettings, ...errorResponses },
      },
    },
    (req) => updateYearSettings(db, actorOf(req), req.body),
  );

  app.get(
    '/api/results-use',
    {
      config: { access: 'results:use' },
      schema: {
        tags: ['results-use'],
        summary: '结果运用：奖金系数、评优资格、问责名单（R26、R25）',
        querystring: UseQuery,
        response: { 200: ResultsUseBody, ...errorResponses },
      },
    },
    (req) => resultsUse(db, actorOf(req), req.query.year, req.query.accountability),
  );

  app.get(
    '/api/results-use/export',
    {
      config: { access: 'results:use' },
      schema: {
        tags: ['results-use'],
        summary: '导出结果运用 Excel（coefficients 奖金系数 / awards 评优资格 / accountability 问责名单）',
        querystring: UseExportQuery,
        response: {
          200: binaryResponse(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'Excel 工作簿（.xlsx）',
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const file = await exportResultsUse(db, actorOf(req), req.query.year, req.query.kind, req.query.accountability);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="results-use-${req.query.kind}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.body);
    },
  );
};
