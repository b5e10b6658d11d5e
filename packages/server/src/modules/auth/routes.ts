import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import type { Actor } from './actor';
import { ROLE_PERMISSIONS } from './roles';
import {
  ChangePasswordBody,
  LoginBody,
  MeResponse,
  SecurityStatus,
  TotpDisableBody,
  TotpEnableBody,
  TotpEnrolment,
} from './schemas';
import * as service from './service';

function presentMe(actor: Actor, csrfToken: string) {
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      unitId: actor.unitId,
      unitName: actor.unitName,
      tenantId: actor.tenantId,
      tenantName: actor.tenantName,
    },
    permissions: [...ROLE_PERMISSIONS[actor.role]],
    csrfToken,
    mustChangePassword: actor.mustChangePassword,
    mustEnrollTotp: actor.mustEnrollTotp,
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (app, { db, config }) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: MeResponse, ...errorResponses } },
    },
    async (req, reply) => {
      const session = await service.login(db, config, {
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      reply.setCookie(service.SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.session.cookieSecure,
        expires: session.expiresAt,
      });
      return presentMe(session.actor, session.csrfToken);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: z.null(), ...errorResponses } },
    },
    async (req, reply) => {
      if (req.sessionId) await service.logout(db, actorOf(req), req.sessionId);
      reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      // Per account: a stolen session must not be able to guess the current password quickly.
      config: {
        access: 'authenticated',
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => req.actor?.userId ?? req.ip },
      },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码（其他会话随之失效）',
        body: ChangePasswordBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.changePassword(db, actorOf(req), req.sessionId ?? '', req.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/security',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '账号安全状态', response: { 200: SecurityStatus, ...errorResponses } },
    },
    (req) => service.securityStatus(db, config, actorOf(req)),
  );

  app.post(
    '/api/auth/totp/setup',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: '开始绑定身份验证器（生成密钥）',
        response: { 200: TotpEnrolment, ...errorResponses },
      },
    },
    (req) => service.startTotp(db, actorOf(req)),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      config: {
        access: 'authenticated',
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => req.actor?.userId ?? req.ip },
      },
      schema: {
        tags: ['auth'],
        summary: '输入验证码，启用双因素认证',
        body: TotpEnableBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.enableTotp(db, actorOf(req), req.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      config: {
        access: 'authenticated',
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => req.actor?.userId ?? req.ip },
      },
      schema: {
        tags: ['auth'],
        summary: '关闭双因素认证（须输入密码）',
        body: TotpDisableBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.disableTotp(db, config, actorOf(req), req.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: MeResponse, ...errorResponses } },
    },
    async (req) => presentMe(actorOf(req), req.csrfToken ?? ''),
  );
};
