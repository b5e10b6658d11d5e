/** `yardstick serve`: migrate, seed the demo county on first start, serve the app. */
import type { Command } from 'commander';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { checkRuntimeRole } from '../db/client';
import { tenants } from '../db/schema';
import { resolveSigningKey, writeCheckpoint } from '../modules/audit/checkpoints';
import { startScheduler } from '../modules/scheduler/runner';
import { describeDatabase, openConfiguredDatabase } from '../runtime';
import { seedDemoOnce } from '../seed/demo';
import { DEMO_TENANT } from '../seed/demo-county';
import { VERSION } from '../version';
import { bannerLines, newSetupToken } from './banner';
import { out } from './output';

async function serve() {
  const config = loadConfig();
  // Refuses a signing key inside DATA_DIR in production before anything else starts.
  const signing = resolveSigningKey(config);
  // Concise request logs on a terminal (or LOG_FORMAT=pretty); JSON lines otherwise (production, log collectors).
  const prettyLogs = process.env.LOG_FORMAT === 'pretty' || (process.stdout.isTTY && process.env.LOG_FORMAT !== 'json');
  // What the start is doing, one line a step (the demo's first seeding takes a while).
  const step = (zh: string, en: string) => out(`  … ${zh} / ${en}`);
  step('打开数据库', 'opening the database');
  const handle = await openConfiguredDatabase(config);
  step('检查并执行数据库迁移', 'migrating');
  const migration = await handle.migrate();
  const role = await checkRuntimeRole(handle);
  const warnings: string[] = [];
  if (signing.warning) warnings.push(signing.warning);
  if (role?.ownsSchema) {
    warnings.push(
      `警告：应用以数据库角色 ${role.role} 运行，该角色拥有数据表（或为超级用户），可绕过审计日志的防篡改触发器。请设置 DATABASE_OWNER_URL（迁移用的属主角色），DATABASE_URL 改用不拥有任何对象的运行角色（见 docs/operations.md）。\n` +
        `Warning: the app runs as database role ${role.role}, which owns the schema (or is a superuser) and could disable the audit guard triggers. Set DATABASE_OWNER_URL to the owner role that migrates, and DATABASE_URL to a runtime role that owns nothing (docs/operations.md).`,
    );
  }
  const existing = await handle.db.select({ id: tenants.id }).from(tenants).limit(1);
  let seeded = false;
  if (!existing[0] && config.seedDemo) {
    step('首次启动：创建演示县（约半分钟）', 'first start: seeding the demo county (about half a minute)');
    const t0 = Date.now();
    seeded = (await seedDemoOnce(handle)).created;
    step(`演示县已创建（${Math.round((Date.now() - t0) / 1000)} 秒）`, 'demo county seeded');
  }
  // No county at all: the first-run page opens, guarded by a one-time token printed below (docs/security.md).
  const setupToken = existing[0] || seeded ? null : newSetupToken();
  const app = await buildApp({
    handle,
    config,
    setupToken,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'],
      ...(prettyLogs
        ? {
            transport: {
              target: 'pino-pretty',
              options: { ignore: 'pid,hostname,reqId', translateTime: 'SYS:HH:MM:ss', singleLine: true },
            },
            // One short line per request (below) instead of Fastify's two JSON-ish ones, so the banner stays in view.
            hooks: {
              logMethod(args: unknown[], method: (...a: unknown[]) => void) {
                const msg = typeof args[0] === 'string' ? args[0] : args[1];
                if (msg === 'incoming request' || msg === 'request completed') return;
                method.apply(this, args);
              },
            },
          }
        : {}),
    },
  });
  if (prettyLogs)
    app.addHook('onResponse', (req, reply, done) => {
      app.log.info(`${req.method} ${req.url} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`);
      done();
    });
  for (const w of warnings) app.log.warn(w);
  if (setupToken) app.log.warn(`first-run setup token / 首次设置口令: ${setupToken}`);
  // Sign the audit chain's head now and every six hours (several instances may all do it: harmless).
  const key = signing.key;
  await writeCheckpoint(handle.db, key);
  const checkpointTimer = setInterval(() => {
    writeCheckpoint(handle.db, key).catch((err: unknown) => app.log.error({ err }, 'audit checkpoint failed'));
  }, 6 * 3_600_000);
  checkpointTimer.unref();
  // Daily jobs (lights, red-light overdue flags, digests …): once per Asia/Shanghai day across instances.
  const stopScheduler = startScheduler(handle.db, config, app.log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopScheduler();
    await app.close();
    // The last records of this run get signed before the server goes (audit verify's freshness policy).
    await writeCheckpoint(handle.db, key).catch((err: unknown) => app.log.error({ err }, 'audit checkpoint failed'));
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  out('');
  out(`  Yardstick 实绩考核管理平台 v${VERSION} 已启动`);
  out(`  打开 / Open:   http://${shownHost}:${config.port}`);
  out(`  接口文档 API:  http://${shownHost}:${config.port}/api/docs`);
  out(`  数据库 DB:     ${describeDatabase(config)}（迁移 ${migration.applied}/${migration.latest}）`);
  if (seeded) out(`  已创建演示县「${DEMO_TENANT.name}」/ demo county seeded`);
  for (const w of warnings) out(`  ${w.replaceAll('\n', '\n  ')}`);
  for (const line of await bannerLines(handle.db, `http://${shownHost}:${config.port}`, setupToken)) out(line);
  out('');
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('migrate, seed the demo county on first start, and serve the app (PORT, HOST, DATA_DIR, DATABASE_URL)')
    .action(serve);
}
