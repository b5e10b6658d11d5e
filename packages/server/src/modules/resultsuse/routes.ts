import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { binaryResponse, errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Year } from '../records/schemas';
import { ACCOUNTABILITY_SCOPES, EXPORT_KINDS, exportResultsUse, resultsUse } from './service';
import { getYearSettings, SettingsQuery, UpdateSettings, updateYearSettings, YearSettings } from './settings';

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

  const UnitRef = {
    unitId: z.string(),
    unitCode: z.string(),
    unitName: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    rank: z.number().int(),
    composite: z.number(),
    tier: z.string(),
    tierName: z.string(),
    tierIndex: z.number().int(),
  };
  /** accountability: 'fullMarks' (default) lists the owners of indicators that gave every unit full marks; 'flagged' every flagged one. */
  const UseQuery = z.object({ year: Year, accountability: z.enum(ACCOUNTABILITY_SCOPES).default('fullMarks') });

  const ResultsUseBody = z.object({
    year: z.number().int(),
    snapshotSeq: z.number().int(),
    coefficients: z.array(
      z.object({ ...UnitRef, coefficient: z.number(), source: z.enum(['setting', 'scheme', 'default']) }),
    ),
    awards: z.object({
      eligible: z.array(z.object(UnitRef)),
      excluded: z.array(z.object({ ...UnitRef, reason: z.enum(['vetoed', 'downgraded']), detail: z.string() })),
    }),
    accountability: z.object({
      lowestTier: z.array(z.object(UnitRef)),
      repeatedBottom: z.array(
        z.object({
          ...UnitRef,
          ruleId: z.string(),
          action: z.string(),
          years: z.array(z.object({ year: z.number().int(), tier: z.string() })),
        }),
      ),
      nonDiscriminating: z.array(
        z.object({
          groupId: z.string(),
          groupName: z.string(),
          indicatorId: z.string(),
          indicatorName: z.string(),
          assessorId: z.string().nullable(),
          assessorName: z.string().nullable(),
          fullMarkRate: z.number(),
          severity: z.string(),
          reasons: z.array(z.string()),
        }),
      ),
      scope: z.enum(ACCOUNTABILITY_SCOPES),
      flaggedCount: z.number().int(),
      fullMarksCount: z.number().int(),
      headline: z.string(),
      headlineEn: z.string(),
    }),
  });

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
        querystring: UseQuery.extend({ kind: z.enum(EXPORT_KINDS) }),
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
