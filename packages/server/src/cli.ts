import os from 'node:os';
import { Command, CommanderError } from 'commander';
import { and, asc, eq } from 'drizzle-orm';
import { buildApp } from './app';
import { registerBackupCommands } from './commands/backup';
import { registerCountyCommands } from './commands/county';
import { bannerLines, newSetupToken } from './commands/banner';
import { registerEngineCommands } from './commands/engine';
import { registerExcelCommands } from './commands/excel';
import { registerResultCommands } from './commands/results';
import { loadConfig } from './config';
import { checkRuntimeRole, type DbHandle } from './db/client';
import { tenants, units, users } from './db/schema';
import { AppError } from './errors';
import {
  anchorValue,
  currentAnchor,
  exportAnchorFile,
  newestAnchorFile,
  parseAnchor,
  verifyAnchor,
} from './modules/audit/anchors';
import {
  resolveSigningKey,
  signingKey,
  verifyCheckpointFreshness,
  verifyCheckpoints,
  writeCheckpoint,
} from './modules/audit/checkpoints';
import { pruneAudit } from './modules/audit/retention';
import { verifyAuditChain } from './modules/audit/service';
import { startOfShanghaiDay } from './lib/day';
import { systemActor } from './modules/auth/actor';
import { isRole } from './modules/auth/roles';
import { CreateUser } from './modules/users/schemas';
import { createUser, resetPassword } from './modules/users/service';
import { resolveCounty } from './modules/counties/service';
import { describeDatabase, openConfiguredDatabase } from './runtime';
import { DEMO_TENANT } from './seed/demo-county';
import { seedDemoOnce } from './seed/demo';
import { runDailyJobs, startScheduler } from './modules/scheduler/runner';
import { VERSION } from './version';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** The operator's commands connect as the schema owner when DATABASE_OWNER_URL is set (restore, prune need it). */
async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openConfiguredDatabase(config, { asOwner: true });
  try {
    await handle.migrate();
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** --tenant names the county; without it, the only county in the database (several: refused with their codes). */
async function tenantByCode(handle: DbHandle, code: string | undefined) {
  return resolveCounty(handle.db, code);
}

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
    step('首次启动：创建演示县（约一分钟）', 'first start: seeding the demo county (about a minute)');
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

const program = new Command()
  .name('yardstick')
  .description('Yardstick 实绩考核管理平台 — command line')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate, seed the demo county on first start, and serve the app (PORT, HOST, DATA_DIR, DATABASE_URL)')
  .action(serve);

program
  .command('migrate')
  .description('apply database migrations')
  .action(() =>
    withDatabase(async (handle) => {
      const s = await handle.migrationStatus();
      out(`迁移完成 / migrated: ${s.applied}/${s.latest} (${s.name ?? '-'})`);
    }),
  );

program
  .command('seed')
  .description('seed data')
  .requiredOption('--demo', 'the demo county 示范县')
  .action(() =>
    withDatabase(async (handle) => {
      const r = await seedDemoOnce(handle);
      out(
        r.created
          ? `已创建演示县 / demo county created (${r.tenantId})`
          : '演示县已存在，未做改动 / demo county already present',
      );
    }),
  );

program
  .command('jobs')
  .description('daily jobs (lights, red-light overdue flags, digests)')
  .command('run')
  .description('run the daily jobs for a day (default today, Asia/Shanghai); a day already run is skipped')
  .option('--day <YYYY-MM-DD>', 'the day to run for')
  .action((opts: { day?: string }) =>
    withDatabase(async (handle) => {
      if (opts.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.day)) {
        throw new Error(`--day 须为 YYYY-MM-DD / --day must be YYYY-MM-DD: ${opts.day}`);
      }
      const runs = await runDailyJobs(handle.db, loadConfig(), opts.day ? { day: opts.day } : {});
      for (const r of runs) {
        const label =
          r.outcome === 'ok' ? '完成 ok' : r.outcome === 'skipped' ? '已运行过，跳过 skipped' : '失败 failed';
        out(`${r.day} ${r.job.padEnd(20)} ${label}${r.detail ? ` ${JSON.stringify(r.detail)}` : ''}`);
      }
      if (runs.some((r) => r.outcome === 'failed')) process.exitCode = 1;
    }),
  );

registerEngineCommands(program);
registerBackupCommands(program, withDatabase);
registerCountyCommands(program, withDatabase);
registerExcelCommands(program);
registerResultCommands(program);

const usersCmd = program.command('users').description('manage accounts');
usersCmd
  .command('list')
  .option('--tenant <code>', 'county code (default: the only county on this server)')
  .action((opts: { tenant?: string }) =>
    withDatabase(async (handle) => {
      const tenant = await tenantByCode(handle, opts.tenant);
      const rows = await handle.db
        .select({
          username: users.username,
          displayName: users.displayName,
          role: users.role,
          active: users.active,
          unit: units.name,
        })
        .from(users)
        .leftJoin(units, eq(units.id, users.unitId))
        .where(eq(users.tenantId, tenant.id))
        .orderBy(asc(users.role), asc(users.username));
      for (const r of rows) {
        out(
          `${r.username.padEnd(16)} ${r.role.padEnd(9)} ${r.active ? '启用' : '停用'}  ${r.displayName}  ${r.unit ?? ''}`,
        );
      }
    }),
  );
usersCmd
  .command('create')
  .requiredOption('--username <name>')
  .requiredOption('--display-name <name>')
  .requiredOption('--role <role>')
  .requiredOption('--password <password>')
  .option('--unit <code>', 'unit code, for unit and assessor accounts')
  .option('--tenant <code>', 'county code (default: the only county on this server)')
  .action(
    (opts: { username: string; displayName: string; role: string; password: string; unit?: string; tenant?: string }) =>
      withDatabase(async (handle) => {
        const tenant = await tenantByCode(handle, opts.tenant);
        const unitId = opts.unit
          ? (
              await handle.db
                .select({ id: units.id })
                .from(units)
                .where(and(eq(units.tenantId, tenant.id), eq(units.code, opts.unit)))
            )[0]?.id
          : null;
        if (opts.unit && !unitId) throw new Error(`单位编码 ${opts.unit} 不存在 / no unit ${opts.unit}`);
        const input = CreateUser.parse({
          username: opts.username,
          displayName: opts.displayName,
          role: opts.role,
          unitId,
          password: opts.password,
        });
        // The CLI is operator-level (it holds the database): no security-administrator confirmation (docs/security.md).
        const created = await createUser(handle.db, systemActor(tenant.id, tenant.name), input, 'operator');
        out(`已创建账号 / created: ${created.username} (${created.role})`);
      }),
  );
usersCmd
  .command('reset-password <username>')
  .requiredOption('--password <password>')
  .option('--tenant <code>', 'county code (default: the only county on this server)')
  .action((username: string, opts: { password: string; tenant?: string }) =>
    withDatabase(async (handle) => {
      const tenant = await tenantByCode(handle, opts.tenant);
      const rows = await handle.db
        .select({ id: users.id, role: users.role })
        .from(users)
        .where(and(eq(users.tenantId, tenant.id), eq(users.username, username)));
      const target = rows[0];
      if (!target || !isRole(target.role)) throw new Error(`账号 ${username} 不存在 / no such account`);
      // The CLI is the operator's recovery path, so it acts as the account itself and may reset any role.
      const actor = { ...systemActor(tenant.id, tenant.name), userId: target.id };
      await resetPassword(handle.db, actor, target.id, CreateUser.shape.password.parse(opts.password), 'operator');
      out(`已重置密码 / password reset: ${username}`);
    }),
  );

const auditCmd = program.command('audit').description('the tamper-evident audit log');
auditCmd
  .command('verify')
  .description(
    'walk the hash chain and the signed checkpoints, check that the newest checkpoint is recent enough, and that the chain still holds each anchor',
  )
  .option(
    '--anchor <file-or-value>',
    'an anchor file or a printed "seq:hash" (repeatable); the newest file in AUDIT_ANCHOR_DIR is checked too',
    (v: string, prev: string[]) => [...prev, v],
    [] as string[],
  )
  .option('--no-anchor-dir', 'do not check the newest anchor file in AUDIT_ANCHOR_DIR')
  .action((opts: { anchor: string[]; anchorDir: boolean }) =>
    withDatabase(async (handle) => {
      const config = loadConfig();
      const key = signingKey(config);
      const r = await verifyAuditChain(handle.db);
      const c = await verifyCheckpoints(handle.db, key);
      const f = await verifyCheckpointFreshness(handle.db, config.auditCheckpointPolicy);
      let bad = !r.ok || c.firstBad !== null || !f.ok;
      if (r.ok) {
        out(`审计链完整 / audit chain intact: ${r.checked} 条记录 records`);
      } else {
        out(
          `审计链在记录 ${r.firstBroken?.id} 处断裂（${r.firstBroken?.reason}）/ chain broken at record ${r.firstBroken?.id}`,
        );
      }
      if (c.firstBad) {
        out(`签名检查点无效 / checkpoint invalid at record ${c.firstBad.lastAuditId} (${c.firstBad.reason})`);
      } else {
        out(`签名检查点有效 / checkpoints valid: ${c.checked}`);
      }
      const policy = `${config.auditCheckpointPolicy.maxHours} h / ${config.auditCheckpointPolicy.maxRecords || '∞'} records`;
      if (f.ok) {
        out(
          `最新检查点覆盖至第 ${f.newest?.lastAuditId ?? '-'} 条，其后 ${f.unsigned} 条未签名 / newest checkpoint at record ${f.newest?.lastAuditId ?? '-'}, ${f.unsigned} unsigned after it (policy ${policy})`,
        );
      } else if (f.reason === 'no_checkpoint') {
        out(
          `没有签名检查点，而审计日志有 ${f.unsigned} 条记录（检查点被删除？）/ no signed checkpoint on a log of ${f.unsigned} records (checkpoints removed?)`,
        );
      } else {
        out(
          `最新检查点过旧：其后 ${f.unsigned} 条记录未签名，最早一条在 ${f.oldestUnsignedAt} / newest checkpoint too far behind the head: ${f.unsigned} unsigned records since ${f.oldestUnsignedAt} (policy ${policy})`,
        );
      }
      const anchors = [...opts.anchor];
      if (opts.anchorDir) {
        const newest = newestAnchorFile(config.auditAnchorDir);
        if (newest) anchors.push(newest);
      }
      for (const input of anchors) {
        const a = parseAnchor(input);
        const v = await verifyAnchor(handle.db, a, key);
        const what = `${a.source === 'value' ? '' : `${a.source} `}${anchorValue(a)}`;
        if (v.ok) {
          out(
            v.pruned
              ? `锚点所指记录已按保留期清理（已归档）/ anchor ${what}: record pruned by retention (archived)`
              : `锚点仍在链中 / anchor held: ${what}`,
          );
        } else {
          bad = true;
          out(`锚点不符（${v.reason}）/ anchor NOT held (${v.reason}): ${what}`);
        }
      }
      if (bad) process.exitCode = 1;
    }),
  );
auditCmd
  .command('anchor')
  .description(
    "sign the audit chain's head and print it (sequence number, hash, time, signature) to keep outside the database",
  )
  .option('--out <dir>', 'also write it as a file into this directory (default: only print)')
  .action((opts: { out?: string }) =>
    withDatabase(async (handle) => {
      const key = signingKey(loadConfig());
      if (opts.out) {
        const r = await exportAnchorFile(handle.db, key, opts.out);
        if (!r) {
          out('审计日志为空 / audit log is empty');
          return;
        }
        out(JSON.stringify(r.anchor, null, 2));
        out(`锚点 / anchor: ${anchorValue(r.anchor)}`);
        out(`已写入 / written: ${r.file}`);
        return;
      }
      const a = await currentAnchor(handle.db, key);
      if (!a) {
        out('审计日志为空 / audit log is empty');
        return;
      }
      out(JSON.stringify(a, null, 2));
      out(`锚点 / anchor: ${anchorValue(a)}`);
    }),
  );
auditCmd
  .command('checkpoint')
  .description('sign the current head of the audit chain')
  .action(() =>
    withDatabase(async (handle) => {
      const r = await writeCheckpoint(handle.db, signingKey(loadConfig()));
      out(r ? `已签名检查点 / checkpoint at record ${r.lastAuditId}` : '审计日志为空 / audit log is empty');
    }),
  );

auditCmd
  .command('prune')
  .description(
    'archive and remove audit records older than a date (never younger than AUDIT_RETENTION_MONTHS, at least 6)',
  )
  .requiredOption('--before <date>', 'YYYY-MM-DD: records before this day (Asia/Shanghai) go')
  .requiredOption('--archive <file>', 'the pruned records are written here first (gzipped JSON lines)')
  .action((opts: { before: string; archive: string }) =>
    withDatabase(async (handle) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.before)) throw new Error('--before 须为 YYYY-MM-DD / must be YYYY-MM-DD');
      const config = loadConfig();
      const r = await pruneAudit(handle.db, null, {
        operator: os.userInfo().username,
        before: startOfShanghaiDay(opts.before),
        archiveFile: opts.archive,
        key: signingKey(config),
        retentionMonths: config.auditRetentionMonths,
      });
      out(
        r.pruned === 0
          ? '没有可清理的记录 / nothing to prune'
          : `已归档并清理 ${r.pruned} 条审计记录（至第 ${r.lastPrunedId} 条）/ archived and pruned ${r.pruned} records to ${r.archiveFile} (sha256 ${r.archiveSha256})`,
      );
    }),
  );

function report(err: unknown): never {
  if (err instanceof AppError) {
    process.stderr.write(`${err.localized('zh-CN')}\n${err.localized('en')}\n`);
  } else if (err instanceof CommanderError) {
    process.exit(err.exitCode);
  } else if (err && typeof err === 'object' && 'issues' in err && Array.isArray(err.issues)) {
    for (const i of err.issues as { path: unknown[]; message: string }[])
      process.stderr.write(`${i.path.join('.')}: ${i.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
}

program.parseAsync(process.argv).catch(report);
