import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DbHandle } from './db/client';
import { AppError, localeFrom } from './errors';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { excelRoutes } from './modules/excel/routes';
import { healthRoutes } from './modules/health/routes';
import { setupRoutes } from './modules/counties/routes';
import { overviewRoutes } from './modules/overview/routes';
import { schemeRoutes } from './modules/schemes/routes';
import { recordRoutes } from './modules/records/routes';
import { unitRoutes } from './modules/units/routes';
import { userRoutes } from './modules/users/routes';
// --- issue 5 imports ---
import { lightRoutes } from './modules/lights/routes';
import { redLightRoutes } from './modules/redlights/routes';
import { reportRoutes } from './modules/reports/routes';
import { cityRoutes } from './modules/city/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { signalRoutes } from './modules/signals/routes';
import { supervisionRoutes } from './modules/supervision/routes';
// --- issue 6 imports ---
import { evaluationRoutes } from './modules/evaluation/routes';
// --- issue 7 imports ---
import { resultRoutes } from './modules/results/routes';
import { appealRoutes } from './modules/appeals/routes';
import { dashboardRoutes } from './modules/dashboards/routes';
import { feedbackRoutes } from './modules/feedback/routes';
import { rectificationRoutes } from './modules/rectification/routes';
import { resultsUseRoutes } from './modules/resultsuse/routes';
// --- issue 20 imports (R31, R34) ---
import { committeeRoutes } from './modules/committee/routes';
import { accountabilityRoutes } from './modules/accountability/routes';
// --- issue 20 imports (R32, R33, R35) ---
import { negotiationRoutes } from './modules/negotiation/routes';
import { sharedTaskRoutes } from './modules/sharedtasks/routes';
import { rankingRoutes } from './modules/rankings/routes';
import { cadreRoutes } from './modules/cadres/routes';
import authPlugin, { PUBLIC_ASSETS_SCOPE } from './plugins/auth';
import errorsPlugin from './plugins/errors';
import inputPlugin from './plugins/input';
import { VERSION } from './version';

export interface BuildOptions {
  handle: DbHandle;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** The one-time token the first-run page needs (printed by `serve`); without one, counties come from the CLI only. */
  setupToken?: string | null;
  /** Told of every route as it is registered (the generator of src/api-routes.ts lists them). */
  onRoute?: (route: RouteOptions) => void;
}

/** What a page answers while `npm start` is still building the web app (it reloads itself every 2 s). */
const WEB_BUILDING_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>实绩考核管理平台</title></head>
<body style="font-family:sans-serif;text-align:center;padding-top:20vh;color:#333">
<h2>网页正在构建，请稍候……</h2><p>页面将自动刷新。 The web app is being built; this page reloads by itself.</p></body></html>`;

/** The whole app as one function: the server, the CLI and the tests all build it the same way. */
export async function buildApp({
  handle,
  config,
  logger,
  setupToken,
  onRoute,
}: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    },
    // Only the configured proxies may say who the client is (TRUST_PROXY); by default X-Forwarded-For is ignored,
    // so a client cannot rotate it past the per-address limits or forge the address in the audit log.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    bodyLimit: 2 * 1024 * 1024,
  });
  if (onRoute) app.addHook('onRoute', onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const db = handle.db;

  // 1. Third-party plugins.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The assessor's evidence viewer shows a PDF the app fetched (a blob: URL) in a frame of its own page.
        frameSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Yardstick 实绩考核管理平台 API', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ys_session' } } },
    },
    transform: jsonSchemaTransform,
  });

  // 2. Our cross-cutting plugins, before any route so the guard sees every route.
  await app.register(errorsPlugin);
  await app.register(authPlugin, { db, config });
  await app.register(inputPlugin);

  // 3. Domain modules.
  await app.register(healthRoutes, { handle });
  await app.register(setupRoutes, { db, setupToken: setupToken ?? null });
  await app.register(authRoutes, { db, config });
  await app.register(overviewRoutes, { db });
  await app.register(unitRoutes, { db });
  await app.register(userRoutes, { db });
  await app.register(auditRoutes, { db, config });
  await app.register(schemeRoutes, { db });
  await app.register(recordRoutes, { db });
  await app.register(excelRoutes, { db });
  // --- issue 5 modules (in-year) ---
  await app.register(reportRoutes, { db, config });
  await app.register(lightRoutes, { db });
  await app.register(redLightRoutes, { db });
  await app.register(notificationRoutes, { db });
  await app.register(supervisionRoutes, { db });
  await app.register(cityRoutes, { db, config });
  await app.register(signalRoutes, { db });
  // --- issue 6 modules (evaluation) ---
  await app.register(evaluationRoutes, { db, config });
  // --- issue 7 modules (year-end) ---
  await app.register(resultRoutes, { db });
  await app.register(feedbackRoutes, { db });
  await app.register(appealRoutes, { db });
  await app.register(rectificationRoutes, { db });
  await app.register(resultsUseRoutes, { db });
  await app.register(dashboardRoutes, { db });
  // --- issue 20 modules (R32, R33, R35) ---
  await app.register(negotiationRoutes, { db });
  await app.register(sharedTaskRoutes, { db });
  await app.register(cadreRoutes, { db });
  await app.register(committeeRoutes, { db });
  await app.register(accountabilityRoutes, { db });
  // --- issue 17: the periodic rankings a rankPlaces rule reads ---
  await app.register(rankingRoutes, { db });

  // 4. Plugin-owned public routes: the API docs UI and the built web app's files.
  const indexHtml = path.join(config.webDist, 'index.html');
  // `npm start` builds the web app beside a starting server when its sources changed (scripts/start.js): its files
  // are served from the moment they are in place, and until then its pages say it is being built.
  const webBuilding = process.env.YARDSTICK_WEB_BUILDING === '1';
  const hasWeb = webBuilding || fs.existsSync(indexHtml);
  await app.register(async (scope) => {
    scope.decorate(PUBLIC_ASSETS_SCOPE, true);
    await scope.register(swaggerUi, { routePrefix: '/api/docs' });
    if (hasWeb)
      await scope.register(fastifyStatic, { root: config.webDist, index: 'index.html', suppressWarning: webBuilding });
  });
  // Client-side routes (/units, /users …) get the app shell; unknown API URLs get a JSON 404.
  // Read per request (the OS caches it): a rebuilt web app must not leave a running server on stale asset names.
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    if (!isApi && hasWeb && request.method === 'GET') {
      const shell = await fs.promises.readFile(indexHtml).catch(() => null);
      if (shell) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(shell);
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(WEB_BUILDING_PAGE);
    }
    const err = new AppError('ROUTE_NOT_FOUND');
    return reply
      .status(404)
      .send({ error: { code: err.code, message: err.localized(localeFrom(request.headers['accept-language'])) } });
  });
  return app;
}
