import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { DOCX_MIME } from '../results/documents';
import { CommitteeReport, CommitteeReportList, ListQuery, PeriodQuery } from './schemas';
import { committeeReport, committeeReportFile, listCommitteeReports } from './service';

/** R31: the office's reports to the county committee; leaders read the same page. */
export const committeeRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/committee/report',
    {
      config: { access: 'committee:read' },
      schema: {
        tags: ['committee'],
        summary: '考核工作情况（向县委报告）：某月、季度、半年或全年',
        querystring: PeriodQuery,
        response: { 200: CommitteeReport, ...errorResponses },
      },
    },
    (req) => committeeReport(db, actorOf(req), req.query),
  );

  app.get(
    '/api/committee/reports',
    {
      config: { access: 'committee:read' },
      schema: {
        tags: ['committee'],
        summary: '已报送县委的考核工作情况报告（文号、期间）',
        querystring: ListQuery,
        response: { 200: CommitteeReportList, ...errorResponses },
      },
    },
    async (req) => ({ items: await listCommitteeReports(db, actorOf(req), req.query) }),
  );

  app.post(
    '/api/committee/reports',
    {
      config: { access: 'committee:write' },
      schema: {
        tags: ['committee'],
        summary: '生成考核工作情况报告（Word，编发文号并登记、审计）',
        body: PeriodQuery,
        response: { 200: z.any().describe('.docx file'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await committeeReportFile(db, actorOf(req), req.body);
      return reply
        .type(DOCX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="committee-report.docx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.body);
    },
  );
};
