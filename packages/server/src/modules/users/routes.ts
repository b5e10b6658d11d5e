import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  AccountRequest,
  AccountRequestList,
  AccountRequestQuery,
  CreateUser,
  RejectRequest,
  ResetPassword,
  ResetPasswordOutcome,
  UpdateUser,
  User,
  UserList,
  UserListQuery,
} from './schemas';
import * as service from './service';

export const userRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/users',
    {
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: '账号列表',
        querystring: UserListQuery,
        response: { 200: UserList, ...errorResponses },
      },
    },
    (req) => service.listUsers(db, actorOf(req), req.query),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'users:write' },
      schema: {
        tags: ['users'],
        summary: '新建账号（业务角色须安全管理员确认后才能登录）',
        body: CreateUser,
        response: { 201: User, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createUser(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      // Both user administrators reach this route; the service allows each only their own fields.
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: '修改账号（资料与状态须 users:write，角色须 users:assignRole）',
        params: IdParams,
        body: UpdateUser,
        response: { 200: User, ...errorResponses },
      },
    },
    (req) => service.updateUser(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'users:write' },
      schema: {
        tags: ['users'],
        summary: '重置密码（业务账号须安全管理员确认：202；本人管理员账号立即生效：204）',
        params: IdParams,
        body: ResetPassword,
        response: { 202: ResetPasswordOutcome, 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const pending = await service.resetPassword(db, actorOf(req), req.params.id, req.body.password);
      return pending ? reply.status(202).send(pending) : reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account-requests',
    {
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: '待确认的账号申请（新建业务账号、重置业务账号密码）',
        querystring: AccountRequestQuery,
        response: { 200: AccountRequestList, ...errorResponses },
      },
    },
    (req) => service.listRequests(db, actorOf(req), req.query),
  );

  app.post(
    '/api/account-requests/:id/confirm',
    {
      config: { access: 'users:assignRole' },
      schema: {
        tags: ['users'],
        summary: '安全管理员确认账号申请（随即生效）',
        params: IdParams,
        response: { 200: AccountRequest, ...errorResponses },
      },
    },
    (req) => service.confirmRequest(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/account-requests/:id/reject',
    {
      config: { access: 'users:assignRole' },
      schema: {
        tags: ['users'],
        summary: '安全管理员驳回账号申请',
        params: IdParams,
        body: RejectRequest,
        response: { 200: AccountRequest, ...errorResponses },
      },
    },
    (req) => service.rejectRequest(db, actorOf(req), req.params.id, req.body.note),
  );

  app.post(
    '/api/users/:id/reset-totp',
    {
      config: { access: 'users:assignRole' },
      schema: {
        tags: ['users'],
        summary: '重置双因素认证（安全管理员）',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.resetTotp(db, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
