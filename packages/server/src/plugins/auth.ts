import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../modules/auth/actor';
import { can, type RouteAccess } from '../modules/auth/roles';
import { lookupSession, safeEqual, SESSION_COOKIE } from '../modules/auth/service';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route: a route without it makes the app refuse to start. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    /** Every route registered, with its declared access: the role × route test reads this. */
    routeTable: RegisteredRoute[];
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Third-party plugins (API docs UI, static files of the web app) register their own routes and cannot
 * declare access. They are registered inside a scope carrying this decorator, and only there does a route
 * without `config.access` become public. Everywhere else a route without it stops the app from starting.
 */
export const PUBLIC_ASSETS_SCOPE = 'yardstickPublicAssetsScope';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of an authorised request; routes that are not public can rely on it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

async function authPlugin(app: FastifyInstance, opts: { db: Database; config: Config }) {
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    let access = route.config?.access;
    if (!access) {
      if (!this.hasDecorator(PUBLIC_ASSETS_SCOPE)) {
        throw new Error(
          `Route ${String(route.method)} ${route.url} declares no access (config.access): deny by default`,
        );
      }
      access = 'public';
      route.config = { ...route.config, access };
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.routeTable.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    // Unknown URLs reach the not-found handler with no route config: nothing to guard there.
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) throw new AppError('FORBIDDEN');
    const token = request.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const found = await lookupSession(opts.db, opts.config, token, request.ip);
      if (found.status === 'ok') {
        request.actor = found.actor;
        request.sessionId = found.sessionId;
        request.csrfToken = found.csrfToken;
      } else if (found.status === 'expired') {
        expired = true;
      }
    }
    if (access === 'public') return;
    if (!request.actor) throw new AppError(expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !request.csrfToken || !safeEqual(header, request.csrfToken)) {
        throw new AppError('CSRF_INVALID');
      }
    }
    if (access === 'authenticated') return;
    if (request.actor.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (request.actor.mustEnrollTotp) throw new AppError('TOTP_ENROLMENT_REQUIRED');
    if (!can(request.actor.role, access)) throw new AppError('FORBIDDEN');
  });
}

export default fp(authPlugin, { name: 'yardstick-auth', dependencies: ['@fastify/cookie'] });
