import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { binaryResponse, errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { exportAudit, listAudit } from './browse';
import { signingKey, verifyCheckpoints, writeCheckpoint } from './checkpoints';
import { AuditList, AuditQuery, Verification } from './schemas';
import { verifyAuditChain } from './service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const auditRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (app, { db, config }) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses },
      },
    },
    (req) => listAudit(db, actorOf(req), req.query),
  );

  app.get(
    '/api/audit/export',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '导出审计日志（Excel）',
        querystring: AuditQuery,
        response: { 200: binaryResponse(XLSX, '审计日志（.xlsx）'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportAudit(db, actorOf(req), req.query);
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
        )
        .send(file);
    },
  );

  app.post(
    '/api/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '校验审计链与签名检查点',
        response: { 200: Verification, ...errorResponses },
      },
    },
    async () => {
      const key = signingKey(config);
      await writeCheckpoint(db, key);
      const [chain, checkpoints] = await Promise.all([verifyAuditChain(db), verifyCheckpoints(db, key)]);
      return { chain, checkpoints: { ...checkpoints, ok: checkpoints.firstBad === null } };
    },
  );
};
