import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';

/** The path of the first string holding a NUL character, or null. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const hit = findNul(v, path ? `${path}.${k}` : k, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/**
 * PostgreSQL cannot store NUL (U+0000) in text or jsonb, so such input would fail deep in a query.
 * Refuse it at the edge, for every route, with the field it came in.
 */
async function inputPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const hit = findNul(request.body, '') ?? findNul(request.query, '') ?? findNul(request.params, '');
    if (hit !== null) throw new AppError('VALIDATION_FAILED', {}, [{ path: hit, message: 'i18n:nul_char' }]);
  });
}

export default fp(inputPlugin, { name: 'yardstick-input' });
