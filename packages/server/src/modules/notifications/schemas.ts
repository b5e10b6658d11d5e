import { z } from 'zod';
import { BoolQuery } from '../../lib/schemas';

export const InboxQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: BoolQuery.optional(),
});

export const InboxItem = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});

export const Inbox = z.object({ items: z.array(InboxItem), total: z.number().int(), unread: z.number().int() });
export const UnreadCount = z.object({ unread: z.number().int() });
export const MarkedAll = z.object({ updated: z.number().int() });

export const NotificationSettings = z.object({ email: z.string().nullable(), digest: z.boolean() });
export const UpdateNotificationSettings = z.object({
  email: z
    .string()
    .trim()
    .max(200)
    .transform((v) => (v === '' ? null : v))
    .pipe(z.email().nullable())
    .nullable()
    .optional(),
  digest: z.boolean().optional(),
});
