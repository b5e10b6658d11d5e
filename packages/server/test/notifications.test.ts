import net from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationDigests, notifications } from '../src/db/schema';
import { runDigests } from '../src/modules/notifications/digest';
import { notify } from '../src/modules/notifications/service';
import { createTestContext, type TestContext } from './helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const send = (title: string, dedupeKey?: string) =>
  notify(ctx.handle.db, {
    tenantId: ctx.county.tenantId,
    to: { unitId: ctx.county.units.town1 },
    kind: 'returned',
    title,
    link: '/supervision',
    ...(dedupeKey ? { dedupeKey } : {}),
  });

describe('inbox', () => {
  it('lists only the caller’s own notifications, newest first, paged', async () => {
    await send('第一条');
    await send('第二条');
    await send('第三条', 'k1');
    expect(await send('第三条又一次', 'k1')).toBe(0); // same dedupe key: nothing new
    const page1 = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications?pageSize=2' });
    expect(page1.json()).toMatchObject({ total: 3, unread: 3 });
    expect(page1.json().items.map((n: { title: string }) => n.title)).toEqual(['第三条', '第二条']);
    const page2 = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications?pageSize=2&page=2' });
    expect(page2.json().items.map((n: { title: string }) => n.title)).toEqual(['第一条']);
    const office = await ctx.injectAs('office', { method: 'GET', url: '/api/notifications' });
    expect(office.json()).toMatchObject({ total: 0, items: [] });
  });

  it('marks read: one (own only), then all; the unread count follows', async () => {
    const list = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications' });
    const first = list.json().items[0].id as string;
    const foreign = await ctx.injectAs('office', { method: 'POST', url: `/api/notifications/${first}/read` });
    expect(foreign.statusCode).toBe(404);
    const own = await ctx.injectAs('unit', { method: 'POST', url: `/api/notifications/${first}/read` });
    expect(own.statusCode).toBe(204);
    const count = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications/unread-count' });
    expect(count.json()).toEqual({ unread: 2 });
    const unreadOnly = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications?unread=true' });
    expect(unreadOnly.json().items).toHaveLength(2);
    const all = await ctx.injectAs('unit', { method: 'POST', url: '/api/notifications/read-all' });
    expect(all.json()).toEqual({ updated: 2 });
    const zero = await ctx.injectAs('unit', { method: 'GET', url: '/api/notifications/unread-count' });
    expect(zero.json()).toEqual({ unread: 0 });
  });

  it('settings: own e-mail address, validated', async () => {
    const bad = await ctx.injectAs('unit', {
      method: 'PUT',
      url: '/api/notifications/settings',
      payload: { email: 'not-an-address' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await ctx.injectAs('unit', {
      method: 'PUT',
      url: '/api/notifications/settings',
      payload: { email: 'xz01@county.example' },
    });
    expect(ok.json()).toEqual({ email: 'xz01@county.example', digest: true });
    const office = await ctx.injectAs('office', { method: 'GET', url: '/api/notifications/settings' });
    expect(office.json()).toEqual({ email: null, digest: true });
  });
});

/** Just enough SMTP to take one message: greeting, EHLO, MAIL, RCPT, DATA, QUIT. */
function smtpServer() {
  const received: { rcpt: string[]; data: string }[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { rcpt: [] as string[], data: '' };
    socket.write('220 localhost ESMTP test\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { rcpt: [], data: '' };
          socket.write('250 OK queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (cmd === 'MAIL') socket.write('250 OK\r\n');
        else if (cmd === 'RCPT') {
          current.rcpt.push(line.replace(/^RCPT TO:\s*/i, ''));
          socket.write('250 OK\r\n');
        } else if (cmd === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise<{ port: number; received: typeof received; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Decodes RFC 2047 encoded words (B and Q) of a header value. */
function decodeHeader(v: string): string {
  return v.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

describe('daily digest', () => {
  it('without SMTP: recorded once per user and day, notifications marked digested', async () => {
    await send('待办：一季度节点即将到期');
    const first = await runDigests(ctx.handle.db, ctx.config, '2019-04-01');
    expect(first.users).toBeGreaterThanOrEqual(1);
    const rows = await ctx.handle.db
      .select()
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, ctx.county.userIds.unit), eq(notificationDigests.day, '2019-04-01')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'recorded', unread: 1 });
    expect(rows[0]?.body).toContain('待办：一季度节点即将到期');
    const [n] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.title, '待办：一季度节点即将到期')),
      );
    expect(n?.digestedAt).not.toBeNull();
    // Same day again: nothing (even with a new notification, which waits for tomorrow).
    await send('同一天又来一条');
    await runDigests(ctx.handle.db, ctx.config, '2019-04-01');
    const again = await ctx.handle.db
      .select()
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, ctx.county.userIds.unit), eq(notificationDigests.day, '2019-04-01')));
    expect(again).toHaveLength(1);
    expect(again[0]?.unread).toBe(1);
  });

  it('with SMTP: mails the digest to the user’s address through a real SMTP conversation', async () => {
    const smtp = await smtpServer();
    try {
      const config = {
        ...ctx.config,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'kaohe@county.example' },
      };
      const summary = await runDigests(ctx.handle.db, config, '2019-04-02');
      expect(summary.sent).toBeGreaterThanOrEqual(1);
      const [row] = await ctx.handle.db
        .select()
        .from(notificationDigests)
        .where(and(eq(notificationDigests.userId, ctx.county.userIds.unit), eq(notificationDigests.day, '2019-04-02')));
      expect(row).toMatchObject({ outcome: 'sent', email: 'xz01@county.example', unread: 1 });
      const mail = smtp.received.find((m) => m.rcpt.some((r) => r.includes('xz01@county.example')));
      expect(mail).toBeDefined();
      const subjectLine = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail?.data ?? '')?.[1] ?? '';
      expect(decodeHeader(subjectLine.replace(/\r\n[ \t]/g, ' '))).toContain('每日提醒：未读 1 条');
      // Nobody else has an address: they are recorded, not mailed.
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('a refused delivery is kept as failed and the notifications stay for the next digest', async () => {
    await send('明天还要提醒');
    const closed = await smtpServer();
    await closed.close(); // nothing listens on this port any more
    const config = {
      ...ctx.config,
      smtp: { host: '127.0.0.1', port: closed.port, secure: false, from: 'kaohe@county.example' },
    };
    await runDigests(ctx.handle.db, config, '2019-04-03');
    const [row] = await ctx.handle.db
      .select()
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, ctx.county.userIds.unit), eq(notificationDigests.day, '2019-04-03')));
    expect(row?.outcome).toBe('failed');
    const [n] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ctx.county.userIds.unit), eq(notifications.title, '明天还要提醒')));
    expect(n?.digestedAt).toBeNull();
  });
});
