import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';

/**
 * Issue 16 (one contract): every API operation declares what it answers on success, so the OpenAPI page
 * documents it, the response schema trims it, and the web's types (inferred from the same zod schemas)
 * cannot drift from it. Downloads are described as binary; uploads describe their body.
 */
interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

let ctx: TestContext;
let spec: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  ctx = await createTestContext();
  spec = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
});
afterAll(() => ctx.close());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A schema that says something (`z.any()` renders as `{}`: neither documented nor trimmed). */
function described(schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return false;
  return Object.keys(schema).some((k) => k !== 'description' && k !== 'nullable');
}

function operations(): { key: string; op: Operation }[] {
  const out: { key: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (op) out.push({ key: `${method.toUpperCase()} ${path}`, op });
    }
  }
  return out;
}

describe('the OpenAPI contract', () => {
  it('every operation declares a 2xx response with a schema (204: no body)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    const missing = ops
      .filter(({ op }) => {
        const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (ok.length === 0) return true;
        return !ok.some(
          ([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => described(c.schema)),
        );
      })
      .map(({ key }) => key);
    expect(missing).toEqual([]);
  });

  it('downloads are binary and uploads describe their body', () => {
    const wrong: string[] = [];
    for (const { key, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (!/^2\d\d$/.test(status)) continue;
        for (const [type, c] of Object.entries(r.content ?? {})) {
          if (type === 'application/json') continue;
          if (c.schema?.format !== 'binary') wrong.push(`${key} ${status} ${type}`);
        }
      }
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) {
        if (type === 'application/json') continue;
        if (!described(c.schema)) wrong.push(`${key} body ${type}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the uploads describe their body (multipart evidence, raw workbooks)', () => {
    const bodyOf = (key: string) => operations().find((o) => o.key === key)?.op.requestBody?.content ?? {};
    expect(bodyOf('POST /api/reports/{id}/evidence')['multipart/form-data']?.schema).toMatchObject({
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
    });
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(bodyOf('POST /api/reports/excel')[xlsx]?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(bodyOf('POST /api/excel/units')[xlsx]?.schema).toMatchObject({ type: 'string', format: 'binary' });
  });
});
