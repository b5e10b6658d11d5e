import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DbHandle } from '../../db/client';
import { VERSION } from '../../version';
import { Health } from './schemas';

export const healthRoutes: FastifyPluginAsyncZod<{ handle: DbHandle }> = async (app, { handle }) => {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: '健康检查', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      database: handle.kind,
      migration: await handle.migrationStatus(),
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );
};
