import fs from 'node:fs';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { AppError, localeFrom } from '../../errors';
import { binaryResponse, errorResponses, IdParams, uploadBody } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { ImportErrorBody } from '../excel/schemas';
import { rejectionBody } from '../excel/service';
import { ImportRejectedError, XLSX_MIME } from '../excel/workbook';
import { deleteEvidence, evidenceForDownload, uploadEvidence } from './evidence';
import { importReports, reportTemplate } from './excel';
import {
  BulkReviewBody,
  BulkReviewResult,
  Evidence,
  GridQuery,
  ReportCell,
  ReportExcelQuery,
  ReportGrid,
  ReportImportResult,
  ReviewReportBody,
  SaveReportBody,
  TodoList,
  SubmitReportBody,
  TodoQuery,
} from './schemas';
import * as service from './service';

const Cell200 = { 200: ReportCell, ...errorResponses };

const attachment = (fallback: string, fileName: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const reportRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (app, { db, config }) => {
  const maxBytes = Math.ceil(config.evidenceMaxMb * 1024 * 1024);
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });
  app.addContentTypeParser(
    [XLSX_MIME, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/api/reports/todo',
    {
      config: { access: 'reports:write' },
      schema: {
        tags: ['reports'],
        summary: '本单位待填报事项（节点与年终）',
        querystring: TodoQuery,
        response: { 200: TodoList, ...errorResponses },
      },
    },
    (req) => service.todo(db, actorOf(req), req.query.year),
  );

  app.get(
    '/api/reports/grid',
    {
      config: { access: 'reports:verify' },
      schema: {
        tags: ['reports'],
        summary: '审核评分表（本单位负责的指标 × 考核对象）',
        querystring: GridQuery,
        response: { 200: ReportGrid, ...errorResponses },
      },
    },
    (req) => service.grid(db, actorOf(req), req.query),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { access: 'reports:read' },
      schema: { tags: ['reports'], summary: '一条填报（含佐证材料）', params: IdParams, response: Cell200 },
    },
    (req) => service.getReport(db, actorOf(req), req.params.id),
  );

  app.put(
    '/api/reports',
    {
      config: { access: 'reports:write' },
      schema: {
        tags: ['reports'],
        summary: '保存填报草稿（新建或修改，修改须带 version）',
        body: SaveReportBody,
        response: Cell200,
      },
    },
    (req) => service.saveReport(db, actorOf(req), req.body),
  );

  app.post(
    '/api/reports/:id/submit',
    {
      config: { access: 'reports:write' },
      schema: {
        tags: ['reports'],
        summary: '提交（或退回后重新提交）填报',
        params: IdParams,
        body: SubmitReportBody,
        response: Cell200,
      },
    },
    (req) => service.submitReport(db, actorOf(req), req.params.id, req.body.version),
  );

  app.post(
    '/api/reports/:id/review',
    {
      config: { access: 'reports:verify' },
      schema: {
        tags: ['reports'],
        summary: '审核：通过、退回（须理由）、判定节点未完成、修正核定值或评分',
        params: IdParams,
        body: ReviewReportBody,
        response: Cell200,
      },
    },
    (req) => service.reviewReport(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/reports/bulk-review',
    {
      config: { access: 'reports:verify' },
      schema: {
        tags: ['reports'],
        summary: '批量通过或退回（全有或全无）',
        body: BulkReviewBody,
        response: { 200: BulkReviewResult, ...errorResponses },
      },
    },
    (req) => service.bulkReview(db, actorOf(req), req.body),
  );

  app.post(
    '/api/reports/:id/evidence',
    {
      config: { access: 'reports:write' },
      schema: {
        tags: ['reports'],
        summary: '上传佐证材料（multipart，字段 file；按内容识别类型，限大小）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        body: uploadBody.multipart('佐证材料文件（字段 file）'),
        response: { 201: Evidence, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('EVIDENCE_EMPTY');
      let part;
      let data: Buffer;
      try {
        part = await req.file();
        if (!part) throw new AppError('EVIDENCE_EMPTY');
        data = await part.toBuffer();
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code ?? '';
        if (code === 'FST_REQ_FILE_TOO_LARGE' || (err as { statusCode?: number }).statusCode === 413) {
          throw new AppError('EVIDENCE_TOO_LARGE', { max: config.evidenceMaxMb });
        }
        if ((err as { statusCode?: number }).statusCode) throw err;
        // The multipart parser's own errors (e.g. a body cut off before its closing boundary) carry no status.
        throw new AppError('VALIDATION_FAILED', {}, [{ path: 'file', message: 'i18n:multipart_truncated' }]);
      }
      const out = await uploadEvidence(db, config, actorOf(req), req.params.id, {
        fileName: part.filename,
        data,
      });
      return reply.status(201).send(out);
    },
  );

  app.delete(
    '/api/evidence/:id',
    {
      config: { access: 'reports:write' },
      schema: {
        tags: ['reports'],
        summary: '删除佐证材料（草稿或退回状态）',
        params: IdParams,
        response: { 204: z.null().describe('已删除'), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteEvidence(db, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/evidence/:id',
    {
      config: { access: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: '下载佐证材料（按数据范围检查）',
        params: IdParams,
        response: {
          200: binaryResponse('application/octet-stream', '佐证材料原文件（类型按内容识别）'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const f = await evidenceForDownload(db, config, actorOf(req), req.params.id);
      const ext = f.fileName.includes('.')
        ? f.fileName
            .split('.')
            .pop()
            ?.replace(/[^a-zA-Z0-9]/g, '')
        : '';
      return reply
        .type(f.contentType)
        .header('content-disposition', attachment(`evidence${ext ? `.${ext}` : ''}`, f.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(fs.createReadStream(f.path));
    },
  );

  app.get(
    '/api/reports/excel/template',
    {
      config: { access: 'reports:verify' },
      schema: {
        tags: ['reports'],
        summary: '下载某指标（节点）的批量录入模板',
        querystring: ReportExcelQuery,
        response: { 200: binaryResponse(XLSX_MIME, '批量录入模板（.xlsx）'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await reportTemplate(db, actorOf(req), req.query);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment('reports.xlsx', file.fileName))
        .send(file.body);
    },
  );

  app.post(
    '/api/reports/excel',
    {
      config: { access: 'reports:verify' },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['reports'],
        summary: '上传某指标（节点）的批量录入 Excel（全有或全无，逐行报错）',
        querystring: ReportExcelQuery,
        consumes: [XLSX_MIME],
        body: uploadBody.raw('批量录入 Excel 工作簿（.xlsx）'),
        // A rejected file answers its bad rows beside the usual error (IMPORT_REJECTED).
        response: { 200: ReportImportResult, ...errorResponses, 400: ImportErrorBody },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('IMPORT_NOT_XLSX');
      try {
        return await importReports(db, actorOf(req), req.query, req.body);
      } catch (err) {
        if (err instanceof ImportRejectedError) {
          return reply.status(400).send(rejectionBody(err, localeFrom(req.headers['accept-language'])));
        }
        throw err;
      }
    },
  );
};
