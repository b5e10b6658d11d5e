import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type RouteAccess } from '../src/modules/auth/roles';
import { createCounty, type County } from './factories';
import { createTestContext, type TestContext } from './helpers';

/**
 * Every route of the app with the access it must declare. A new route without an entry here fails the
 * first test: deciding who may call it is part of adding it.
 */
const EXPECTED: Record<string, RouteAccess> = {
  'GET /api/health': 'public',
  // issue 15: the first-run page (answers only while no county exists, and needs the setup token)
  'GET /api/setup/status': 'public',
  'POST /api/setup/county': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  'GET /api/auth/security': 'authenticated',
  'POST /api/auth/totp/setup': 'authenticated',
  'POST /api/auth/totp/enable': 'authenticated',
  'POST /api/auth/totp/disable': 'authenticated',
  'POST /api/users/:id/reset-totp': 'users:assignRole',
  'GET /api/audit': 'audit:read',
  'GET /api/audit/export': 'audit:read',
  'POST /api/audit/verify': 'audit:read',
  'GET /api/overview': 'overview:read',
  'GET /api/groups': 'units:read',
  'POST /api/groups': 'units:write',
  'PATCH /api/groups/:id': 'units:write',
  'POST /api/groups/reorder': 'units:write',
  'GET /api/unit-successions': 'units:read',
  'POST /api/unit-successions': 'units:write',
  'GET /api/units': 'units:read',
  'GET /api/units/:id': 'units:read',
  'POST /api/units': 'units:write',
  'PATCH /api/units/:id': 'units:write',
  'GET /api/users': 'users:read',
  'POST /api/users': 'users:write',
  'PATCH /api/users/:id': 'users:read',
  'POST /api/users/:id/reset-password': 'users:write',
  'GET /api/account-requests': 'users:read',
  'POST /api/account-requests/:id/confirm': 'users:assignRole',
  'POST /api/account-requests/:id/reject': 'users:assignRole',
  'GET /api/schemes': 'schemes:read',
  'POST /api/schemes': 'schemes:write',
  // issue 15: start a year from a template shipped with the product (the office)
  'GET /api/schemes/templates': 'schemes:write',
  'POST /api/schemes/from-template': 'schemes:write',
  'GET /api/schemes/diff': 'schemes:read',
  'POST /api/schemes/preview': 'schemes:read',
  'GET /api/schemes/:id': 'schemes:read',
  'GET /api/schemes/:id/versions/:no': 'schemes:read',
  'PUT /api/schemes/:id/draft': 'schemes:write',
  'POST /api/schemes/:id/draft': 'schemes:write',
  'POST /api/schemes/:id/review': 'schemes:write',
  'POST /api/schemes/:id/validate': 'schemes:read',
  'POST /api/schemes/:id/publish': 'schemes:write',
  'GET /api/records': 'records:read',
  'GET /api/records/choices': 'records:read',
  'POST /api/records': 'records:write',
  'PATCH /api/records/:id': 'records:write',
  'DELETE /api/records/:id': 'records:write',
  // issue 17: a department keeps the records of the rules whose data it provides
  'GET /api/records/provided': 'records:provide',
  'GET /api/records/provided/choices': 'records:provide',
  'POST /api/records/provided': 'records:provide',
  'PATCH /api/records/provided/:id': 'records:provide',
  'DELETE /api/records/provided/:id': 'records:provide',
  'GET /api/excel/groups/template': 'units:read',
  'GET /api/excel/groups': 'units:read',
  'POST /api/excel/groups': 'units:write',
  'GET /api/excel/units/template': 'units:read',
  'GET /api/excel/units': 'units:read',
  'POST /api/excel/units': 'units:write',
  'GET /api/excel/users/template': 'users:read',
  'GET /api/excel/users': 'users:read',
  'POST /api/excel/users': 'users:write',
  'GET /api/excel/records/template': 'records:read',
  'GET /api/excel/records': 'records:read',
  'POST /api/excel/records': 'records:write',
  'GET /api/excel/rankings/template': 'records:read',
  'GET /api/excel/rankings': 'records:read',
  'POST /api/excel/rankings': 'records:write',
  'GET /api/excel/indicators/template': 'schemes:read',
  'GET /api/excel/indicators': 'schemes:read',
  'POST /api/excel/indicators': 'schemes:write',
  'GET /api/excel/unitparams/template': 'schemes:read',
  'GET /api/excel/unitparams': 'schemes:read',
  'POST /api/excel/unitparams': 'schemes:write',
  'GET /api/excel/rules/template': 'schemes:read',
  'GET /api/excel/rules': 'schemes:read',
  'POST /api/excel/rules': 'schemes:write',
  // --- issue 5 routes (in-year) ---
  'GET /api/reports/todo': 'reports:write',
  'GET /api/reports/grid': 'reports:verify',
  'GET /api/reports/:id': 'reports:read',
  'PUT /api/reports': 'reports:write',
  'POST /api/reports/:id/submit': 'reports:write',
  'POST /api/reports/:id/review': 'reports:verify',
  'POST /api/reports/bulk-review': 'reports:verify',
  'POST /api/reports/:id/evidence': 'reports:write',
  'DELETE /api/evidence/:id': 'reports:write',
  'GET /api/evidence/:id': 'reports:read',
  'GET /api/reports/excel/template': 'reports:verify',
  'POST /api/reports/excel': 'reports:verify',
  'GET /api/lights': 'reports:read',
  'GET /api/lights/history': 'reports:read',
  'POST /api/lights/recompute': 'redlights:manage',
  'GET /api/redlights': 'reports:read',
  'POST /api/redlights/:id/answer': 'redlights:answer',
  'POST /api/redlights/:id/review': 'redlights:manage',
  'GET /api/notifications': 'authenticated',
  'GET /api/notifications/unread-count': 'authenticated',
  'POST /api/notifications/:id/read': 'authenticated',
  'POST /api/notifications/read-all': 'authenticated',
  'GET /api/notifications/settings': 'authenticated',
  'PUT /api/notifications/settings': 'authenticated',
  'GET /api/supervision': 'supervision:read',
  'GET /api/supervision/:id': 'supervision:read',
  'POST /api/supervision': 'supervision:write',
  'PATCH /api/supervision/:id': 'supervision:write',
  'POST /api/supervision/:id/progress': 'supervision:report',
  'GET /api/city/indicators': 'city:read',
  'POST /api/city/indicators': 'city:write',
  'PATCH /api/city/indicators/:id': 'city:write',
  'POST /api/city/indicators/:id/nodes': 'city:write',
  'PATCH /api/city/nodes/:id': 'city:write',
  'GET /api/city/red-light-counts': 'city:read',
  'GET /api/signals': 'signals:read',
  // --- issue 6 routes (evaluation) ---
  'GET /api/evaluation/campaigns': 'evaluation:read',
  'POST /api/evaluation/campaigns': 'evaluation:write',
  'GET /api/evaluation/campaigns/:id': 'evaluation:read',
  'PUT /api/evaluation/campaigns/:id': 'evaluation:write',
  'POST /api/evaluation/campaigns/:id/open': 'evaluation:write',
  'POST /api/evaluation/campaigns/:id/close': 'evaluation:write',
  'POST /api/evaluation/campaigns/:id/codes': 'evaluation:write',
  'POST /api/evaluation/campaigns/:id/codes/sheet': 'evaluation:write',
  'GET /api/evaluation/campaigns/:id/turnout': 'evaluation:read',
  'GET /api/evaluation/campaigns/:id/tally': 'evaluation:read',
  'POST /api/vote/form': 'public',
  'POST /api/vote': 'public',
  // --- issue 7 routes (year-end) ---
  'GET /api/results/years': 'results:read',
  'GET /api/results/:year': 'results:read',
  'POST /api/results/:year/compute': 'results:compute',
  'POST /api/results/:year/approve': 'results:approve',
  'POST /api/results/:year/publish': 'results:publish',
  'POST /api/results/:year/corrections': 'results:publish',
  'POST /api/results/:year/tie-decisions': 'results:compute',
  'GET /api/results/:year/corrections': 'results:read',
  'POST /api/results/:year/corrections/:id/refresh': 'results:publish',
  'POST /api/results/:year/corrections/:id/approve': 'results:approve',
  'POST /api/results/:year/corrections/:id/publish': 'results:publish',
  'POST /api/results/:year/corrections/:id/discard': 'results:publish',
  'GET /api/results/:year/snapshots/:id/verify': 'results:read',
  'GET /api/results/:year/ranking': 'results:read',
  'GET /api/results/:year/diagnostics': 'results:read',
  'GET /api/results/:year/sensitivity': 'results:read',
  'GET /api/results/:year/whatif': 'results:read',
  'GET /api/results/:year/units/:unitCode': 'results:read',
  'GET /api/results/:year/bulletin.docx': 'results:read',
  'GET /api/results/:year/results.xlsx': 'results:read',
  'GET /api/feedback': 'results:read',
  'GET /api/feedback/years': 'results:read',
  'GET /api/appeals': 'results:read',
  'GET /api/appeals/window': 'results:read',
  'GET /api/appeals/:id': 'results:read',
  'POST /api/appeals': 'appeals:file',
  'POST /api/appeals/:id/answer': 'appeals:answer',
  'GET /api/rectifications': 'rectification:read',
  'POST /api/rectifications': 'rectification:manage',
  'GET /api/rectifications/findings': 'rectification:manage',
  'POST /api/rectifications/generate': 'rectification:manage',
  'GET /api/rectifications/:id': 'rectification:read',
  'PATCH /api/rectifications/:id': 'rectification:manage',
  'POST /api/rectifications/:id/progress': 'rectification:report',
  'POST /api/rectifications/:id/verify': 'rectification:manage',
  'GET /api/yearend/settings': 'results:read',
  'PUT /api/yearend/settings': 'results:publish',
  'GET /api/results-use': 'results:use',
  'GET /api/results-use/export': 'results:use',
  'GET /api/dashboards/county': 'dashboards:county',
  'GET /api/dashboards/unit': 'dashboards:read',
  // issue 20 R31: reports to the county committee (office issues, leaders read); R34: assessors held to account
  'GET /api/committee/report': 'committee:read',
  'GET /api/committee/reports': 'committee:read',
  'POST /api/committee/reports': 'committee:write',
  'GET /api/committee/reports/:id/docx': 'committee:read',
  'GET /api/accountability/assessors': 'accountability:read',
  // --- issue 20 routes (R32 negotiations, R33 shared tasks, R35 cadre files) ---
  'GET /api/negotiations': 'city:read',
  'GET /api/negotiations/:id': 'city:read',
  'POST /api/negotiations': 'negotiation:write',
  'PATCH /api/negotiations/:id': 'negotiation:write',
  'POST /api/negotiations/:id/contacts': 'negotiation:write',
  'POST /api/negotiations/:id/outcome': 'negotiation:write',
  'GET /api/negotiations/:id/evidence.xlsx': 'city:write',
  'GET /api/shared-tasks': 'shares:read',
  'GET /api/shared-tasks/:id': 'shares:read',
  'POST /api/shared-tasks': 'shares:manage',
  'PATCH /api/shared-tasks/:id': 'shares:manage',
  'POST /api/shared-tasks/:id/disputes': 'shares:dispute',
  'POST /api/shared-task-disputes/:id/ruling': 'shares:manage',
  'POST /api/shared-tasks/:id/apportion': 'shares:manage',
  'GET /api/cadres': 'cadres:read',
  'GET /api/cadres/files': 'cadres:read',
  'POST /api/cadres': 'cadres:write',
  'PATCH /api/cadres/:id': 'cadres:write',
  'DELETE /api/cadres/:id': 'cadres:write',
  // issue 17: the periodic rankings a rankPlaces rule reads (office writes; office and leaders read)
  'GET /api/rankings': 'records:read',
  'POST /api/rankings': 'records:write',
  'PUT /api/rankings/:id': 'records:write',
  'DELETE /api/rankings/:id': 'records:write',
};

let ctx: TestContext;
let apiRoutes: { method: string; url: string; access: RouteAccess }[];

beforeAll(async () => {
  ctx = await createTestContext();
  apiRoutes = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
});
afterAll(() => ctx.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const concreteUrl = (url: string) => url.replace(/:id\b/g, randomUUID());

describe('route table', () => {
  it('every API route has an expected access entry, and it matches what the route declares', () => {
    const declared = Object.fromEntries(apiRoutes.map((r) => [key(r), r.access]));
    expect(declared).toEqual(EXPECTED);
  });

  it('the API docs are generated and list the routes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys((res.json() as { paths: object }).paths)).toContain('/api/units/{id}');
  });
});

describe('every route × every role', () => {
  it('anonymous callers get 401 on every non-public route', async () => {
    for (const r of apiRoutes.filter((x) => x.access !== 'public')) {
      const res = await ctx.app.inject({
        method: r.method as 'GET',
        url: concreteUrl(r.url),
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, key(r)).toBe(401);
      expect(res.json().error.code, key(r)).toBe('UNAUTHENTICATED');
    }
  });

  for (const role of ROLES) {
    it(`${role}: refused exactly the routes its permissions do not cover`, async () => {
      for (const r of apiRoutes) {
        if (r.access === 'public' || (r.method === 'POST' && r.url === '/api/auth/logout')) continue;
        const res = await ctx.injectAs(role, {
          method: r.method as 'GET',
          url: concreteUrl(r.url),
          payload: r.method === 'GET' ? undefined : {},
        });
        const allowed = r.access === 'authenticated' || ROLE_PERMISSIONS[role].includes(r.access);
        if (allowed) {
          expect(
            [401, 403],
            `${role} ${key(r)} should pass the guard, got ${res.statusCode} ${res.body}`,
          ).not.toContain(res.statusCode);
          expect(res.statusCode, `${role} ${key(r)}`).toBeLessThan(500);
        } else {
          expect(res.statusCode, `${role} ${key(r)}`).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
      }
    });
  }
});

describe('data scope', () => {
  let other: County;
  beforeAll(async () => {
    other = await createCounty(ctx.handle.db, '另一县');
  });

  it('a unit account sees only its own unit', async () => {
    const list = await ctx.injectAs('unit', { method: 'GET', url: '/api/units' });
    expect(list.json().items.map((u: { id: string }) => u.id)).toEqual([ctx.county.units.town1]);
    const own = await ctx.injectAs('unit', { method: 'GET', url: `/api/units/${ctx.county.units.town1}` });
    expect(own.statusCode).toBe(200);
    const neighbour = await ctx.injectAs('unit', { method: 'GET', url: `/api/units/${ctx.county.units.town2}` });
    expect(neighbour.statusCode).toBe(404);
  });

  it("no role reads or edits another county's unit or user (404, as if it did not exist)", async () => {
    for (const role of ['office', 'assessor', 'leader', 'sysadmin'] as const) {
      const res = await ctx.injectAs(role, { method: 'GET', url: `/api/units/${other.units.town1}` });
      expect(res.statusCode, role).toBe(404);
      const list = await ctx.injectAs(role, { method: 'GET', url: '/api/units' });
      const ids = list.json().items.map((u: { id: string }) => u.id);
      expect(ids, role).not.toContain(other.units.town1);
    }
    const edit = await ctx.injectAs('office', {
      method: 'PATCH',
      url: `/api/units/${other.units.town1}`,
      payload: { version: 1, name: '越权修改' },
    });
    expect(edit.statusCode).toBe(404);
    const users = await ctx.injectAs('sysadmin', { method: 'GET', url: '/api/users' });
    expect(users.json().items.map((u: { id: string }) => u.id)).not.toContain(other.userIds.office);
    const patch = await ctx.injectAs('sysadmin', {
      method: 'PATCH',
      url: `/api/users/${other.userIds.office}`,
      payload: { version: 1, displayName: 'x' },
    });
    expect(patch.statusCode).toBe(404);
  });
});
