import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { Inbox, InboxQuery, MarkedAll, NotificationSettings, UnreadCount, UpdateNotificationSettings } from './schemas';
import * as service from './service';

/** Everyone's own inbox: every route reads or writes the signed-in user's rows only. */
export const notificationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '我的通知（分页）',
        querystring: InboxQuery,
        response: { 200: Inbox, ...errorResponses },
      },
    },
    (req) => service.listInbox(db, actorOf(req), req.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['notifications'], summary: '未读通知数', response: { 200: UnreadCount, ...errorResponses } },
    },
    async (req) => {
      const a = actorOf(req);
      return { unread: await service.unreadCount(db, a.tenantId, a.userId) };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '标为已读',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.markRead(db, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['notifications'], summary: '全部标为已读', response: { 200: MarkedAll, ...errorResponses } },
    },
    (req) => service.markAllRead(db, actorOf(req)),
  );

  app.get(
    '/api/notifications/settings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '我的每日提醒设置',
        response: { 200: NotificationSettings, ...errorResponses },
      },
    },
    (req) => service.getSettings(db, actorOf(req)),
  );

  app.put(
    '/api/notifications/settings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: '修改我的每日提醒设置（邮箱、是否接收）',
        body: UpdateNotificationSettings,
        response: { 200: NotificationSettings, ...errorResponses },
      },
    },
    (req) => service.updateSettings(db, actorOf(req), req.body),
  );
};
