import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../src/modules/auth/roles';
import { createTestContext, type TestContext } from './helpers';

/**
 * Every API route, fed values generated from its own OpenAPI schema (mostly well-formed, sometimes not):
 * whatever arrives, the answer is never a 500.
 */
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
};

const HOSTILE = [
  '',
  ' ',
  '../../etc/passwd',
  "'; drop table units; --",
  '<script>alert(1)</script>',
  '%_\\',
  '０'.repeat(5),
  '\u0000',
  '𠮷野家',
  'x'.repeat(5000),
  // Lone surrogates: valid JSON, but PostgreSQL refuses them in jsonb ("unsupported Unicode escape sequence").
  '\ud800',
  'a\udc00b',
  '𠮷\ud800',
];
const hostileString = fc.constantFrom(...HOSTILE);

const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
  fc.constant('../../etc/passwd'),
  fc.constant("'; drop table units; --"),
  fc.constant('<script>alert(1)</script>'),
  fc.constant('０'.repeat(5)),
  fc.constant('x'.repeat(5000)),
  fc.constant('\ud800'),
  // Beyond PostgreSQL's integer (int4) and beyond what it parses as a number at all.
  fc.constantFrom(99999999999, 2147483648, -2147483649, 1e21),
);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Integers that JSON and zod accept but an int4 column does not. */
const hugeInteger = fc.constantFrom(99999999999, 2147483648, -2147483649, 1e21, 2 ** 53 - 1);

function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return garbage;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  if (schema.allOf?.length) return fromSchema(schema.allOf[0], depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  let arb: fc.Arbitrary<unknown>;
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]),
      );
      arb = fc.record(props, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
      break;
    }
    case 'array':
      arb = fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 });
      break;
    case 'integer':
      arb = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.integer({
            min: schema.minimum ?? -1000,
            max: Math.max(schema.minimum ?? -1000, Math.min(schema.maximum ?? 100_000, 100_000)),
          }),
        },
        { weight: 1, arbitrary: hugeInteger },
      );
      break;
    case 'number':
      arb = fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'string':
      arb =
        schema.format === 'uuid'
          ? fc.uuid()
          : schema.format === 'date'
            ? fc
                .date({ min: new Date('2018-01-01'), max: new Date('2021-12-31'), noInvalidDate: true })
                .map((d) => d.toISOString().slice(0, 10))
            : fc.oneof(
                {
                  weight: 3,
                  arbitrary: fc.string({
                    minLength: schema.minLength ?? 0,
                    maxLength: Math.min(schema.maxLength ?? 40, 80),
                  }),
                },
                { weight: 1, arbitrary: hostileString },
              );
      break;
    default:
      arb = garbage;
  }
  // One value in ten ignores the schema entirely.
  return fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: garbage });
}

interface Operation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

let ctx: TestContext;
let spec: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  ctx = await createTestContext();
  spec = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  // Sign every role in before fuzzing the login route uses up its rate limit.
  for (const role of ROLES) await ctx.injectAs(role, { method: 'GET', url: '/api/auth/me' });
});
afterAll(() => ctx.close());

function roleFor(access: string): Role {
  if (access === 'public' || access === 'authenticated') return 'office';
  return ROLES.find((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(access)) ?? 'office';
}

describe('fuzzed API inputs', () => {
  it('no route answers 500, whatever the parameters, query and body', async () => {
    const routes = ctx.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/auth/logout',
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const op = spec.paths[openApiPath]?.[route.method.toLowerCase()] ?? {};
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const input = fc.record({
        path: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fromSchema(p.schema)])),
        ),
        query: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, fromSchema(p.schema)])),
          { requiredKeys: [] },
        ),
        body: body ? fromSchema(body) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ path, query, body: payload }) => {
          const url =
            route.url.replace(/:(\w+)/g, (_, name: string) =>
              // A URL is UTF-8: a lone surrogate cannot travel in a path (the body and query cases are fuzzed).
              encodeURIComponent(String(path[name] ?? 'x').replace(LONE_SURROGATE, '\ufffd')),
            ) +
            '?' +
            new URLSearchParams(
              Object.entries(query).map(([k, v]): [string, string] => [
                k,
                typeof v === 'string' ? v : JSON.stringify(v),
              ]),
            ).toString();
          const res = await ctx.injectAs(roleFor(route.access), {
            method: route.method as 'GET',
            url,
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: payload as object }),
          });
          if (res.statusCode >= 500) {
            throw new Error(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          }
          if (String(res.headers['content-type']).includes('json')) {
            expect(res.json().error?.code ?? 'ok').not.toBe('INTERNAL');
          }
        }),
        { numRuns: 40, seed: 20191231 },
      );
    }
  }, 300_000);
});

describe('input classes that reached the database as 500s (issue 14)', () => {
  // Its own database and app: the fuzzing above spends the sign-in rate limit.
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());
  const json = (res: { json(): unknown }) =>
    res.json() as { error: { code: string; details?: { path: string; message: string }[] } };

  it('a lone surrogate in any JSON string (or key) is a 400 that names the field, in both languages', async () => {
    const signIn = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"username":"\\ud800","password":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(signIn.statusCode).toBe(400);
    expect(json(signIn).error.details).toEqual([
      { path: 'username', message: '不能包含无效的 Unicode 字符（孤立的代理项，如 \\ud800）' },
    ]);
    const en = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${ctx.county.units.town1}`,
      headers: { 'accept-language': 'en' },
      payload: { version: 1, name: '一号镇\udc00' },
    });
    expect(en.statusCode).toBe(400);
    expect(json(en).error.details?.[0]).toEqual({
      path: 'name',
      message: 'Must not contain invalid Unicode (a lone surrogate such as \\ud800)',
    });
    const key = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${ctx.county.units.town1}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"version":1,"\\ud800":1}',
    });
    expect(key.statusCode).toBe(400);
    // A well-formed pair is ordinary text.
    const pair = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '𠮷野家', password: 'x' },
    });
    expect(pair.statusCode).toBe(401);
  });

  it('an integer beyond the database integer range is a 400, not an overflow in a query', async () => {
    for (const version of [99999999999, 2147483648, 1e21]) {
      const unit = await ctx.injectAs('office', {
        method: 'PATCH',
        url: `/api/units/${ctx.county.units.town1}`,
        payload: { version, name: '一号镇' },
      });
      expect(unit.statusCode, `${version} ${unit.body}`).toBe(400);
      expect(json(unit).error.code).toBe('VALIDATION_FAILED');
      const user = await ctx.injectAs('sysadmin', {
        method: 'PATCH',
        url: `/api/users/${ctx.county.userIds.leader}`,
        payload: { version, displayName: '县领导' },
      });
      expect(user.statusCode, `${version} ${user.body}`).toBe(400);
    }
  });

  it('a truncated multipart upload is a 400', async () => {
    const boundary = '----yardstick-fuzz';
    const whole = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="a.pdf"',
      'Content-Type: application/pdf',
      '',
      '%PDF-1.4 '.repeat(200),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    for (const cut of [whole.length - 20, 120, 60]) {
      const res = await ctx.injectAs('unit', {
        method: 'POST',
        url: `/api/reports/${ctx.county.units.town1}/evidence`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: whole.slice(0, cut),
      });
      expect(res.statusCode, `cut at ${cut}: ${res.body}`).toBe(400);
      expect(json(res).error.code).not.toBe('INTERNAL');
    }
  });
});
