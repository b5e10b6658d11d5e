/**
 * The database the operator's commands work on, and the commands that only touch the database itself
 * (`migrate`, `seed`). Loaded only when a command that needs the database runs (cli.ts).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import type { DbHandle } from '../db/client';
import { resolveCounty } from '../modules/counties/service';
import { openConfiguredDatabase } from '../runtime';
import { seedDemoOnce } from '../seed/demo';
import { out } from './output';

/** The operator's commands connect as the schema owner when DATABASE_OWNER_URL is set (restore, prune need it). */
export async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
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
export async function tenantByCode(handle: DbHandle, code: string | undefined) {
  return resolveCounty(handle.db, code);
}

export function registerDatabaseCommands(program: Command): void {
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
}
