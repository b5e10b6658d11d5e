import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { AppError, localeFrom } from '../../errors';
import { binaryResponse, errorResponses, uploadBody } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { EXCEL_KINDS, KIND_PERMISSIONS } from './kinds/kind';
import { ExcelQuery, ImportErrorBody, ImportResult } from './schemas';
import * as service from './service';
import { ImportRejectedError, XLSX_MIME } from './workbook';

export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
/** The .xlsx file itself (fastify sends a Buffer as is, without serialising it). */
const XlsxFile = binaryResponse(XLSX_MIME, 'Excel 工作簿（.xlsx）');

/** An ASCII fallback name for old clients, the Chinese name (RFC 5987) for the rest. */
const attachment = (kind: string, fileName: string) =>
  `attachment; filename="${kind}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * One route per kind and verb, so each route's access is exact data (units → units:read / units:write …)
 * rather than a decision made inside a shared handler.
 */
export const excelRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  // The import body is the raw workbook. Registered in this plugin's scope only.
  app.addContentTypeParser(
    [XLSX_MIME, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  for (const kind of EXCEL_KINDS) {
    const access = KIND_PERMISSIONS[kind];
    app.get(
      `/api/excel/${kind}/template`,
      {
        config: { access: access.read },
        schema: {
          tags: ['excel'],
          summary: `下载导入模板（${kind}）`,
          querystring: ExcelQuery,
          response: { 200: XlsxFile, ...errorResponses },
        },
      },
      async (req, reply) => {
        const file = await service.excelTemplate(db, actorOf(req), kind, req.query.year);
        return reply.type(XLSX_MIME).header('content-disposition', attachment(kind, file.fileName)).send(file.body);
      },
    );

    app.get(
      `/api/excel/${kind}`,
      {
        config: { access: access.read },
        schema: {
          tags: ['excel'],
          summary: `导出 Excel（${kind}）`,
          querystring: ExcelQuery,
          response: { 200: XlsxFile, ...errorResponses },
        },
      },
      async (req, reply) => {
        const file = await service.exportExcel(db, actorOf(req), kind, req.query.year);
        return reply.type(XLSX_MIME).header('content-disposition', attachment(kind, file.fileName)).send(file.body);
      },
    );

    app.post(
      `/api/excel/${kind}`,
      {
        config: { access: access.write },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['excel'],
          summary: `导入 Excel（${kind}，全有或全无）；请求体为 .xlsx 文件`,
          querystring: ExcelQuery,
          consumes: [XLSX_MIME],
          body: uploadBody.raw('Excel 工作簿（.xlsx）'),
          response: { 200: ImportResult, ...errorResponses, 400: ImportErrorBody },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('IMPORT_NOT_XLSX');
        try {
          return await service.importExcel(db, actorOf(req), kind, req.body, req.query.year, {
            createGroups: req.query.createGroups,
            skipDuplicates: req.query.skipDuplicates,
            dryRun: req.query.dryRun,
          });
        } catch (err) {
          // The rows of a rejected file do not fit the generic error body: answer them here.
          if (err instanceof ImportRejectedError) {
            return reply.status(400).send(service.rejectionBody(err, localeFrom(req.headers['accept-language'])));
          }
          throw err;
        }
      },
    );
  }
};
