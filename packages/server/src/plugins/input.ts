import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';

type Problem = 'nul_char' | 'lone_surrogate';

// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no `u` flag).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringProblem(value: string): Problem | null {
  if (value.includes('\u0000')) return 'nul_char';
  // A lone (unpaired) UTF-16 surrogate such as "\ud800" is valid JSON but not Unicode text.
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  return null;
}

/** The first string (value or key) PostgreSQL cannot store, with its path; null when there is none. */
function findBadString(value: unknown, path: string, depth = 0): { path: string; problem: Problem } | null {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    const keyProblem = stringProblem(k);
    if (keyProblem) return { path: at, problem: keyProblem };
    const hit = findBadString(v, at, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/**
 * PostgreSQL cannot store NUL (U+0000) in text or jsonb, nor a lone surrogate in jsonb (it reaches jsonb
 * through the audit log's before/after), so such input would fail deep in a query as a 500.
 * Refuse it at the edge, for every route, with the field it came in.
 */
async function inputPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const hit =
      findBadString(request.body, '') ?? findBadString(request.query, '') ?? findBadString(request.params, '');
    if (hit !== null) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: hit.path, message: `i18n:${hit.problem}` }]);
    }
  });
}

export default fp(inputPlugin, { name: 'yardstick-input' });
