import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { binaryResponse, errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { DOCX_MIME } from '../results/documents';
import { CommitteeReport, CommitteeReportInfo, CommitteeReportList, ListQuery, PeriodQuery } from './schemas';
import { committeeReport, committeeReportFile, issueCommitteeReport, listCommitteeReports } from './service';

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
        summary: '报送考核工作情况报告：编发文号、登记当期数据并审计',
        body: PeriodQuery,
        response: { 200: CommitteeReportInfo, ...errorResponses },
      },
    },
    async (req) => (await issueCommitteeReport(db, actorOf(req), req.body)).info,
  );

  app.get(
    '/api/committee/reports/:id/docx',
    {
      config: { access: 'committee:read' },
      schema: {
        tags: ['committee'],
        summary: '下载已报送的考核工作情况报告（Word，按报送时的数据）',
        params: IdParams,
        response: { 200: binaryResponse(DOCX_MIME, '向县委的报告（.docx）'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await committeeReportFile(db, actorOf(req), req.params.id);
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
