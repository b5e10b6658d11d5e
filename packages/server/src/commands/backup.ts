import type { Command } from 'commander';
import type { DbHandle } from '../db/client';
import { backup, restore } from '../modules/backup/service';

const out = (line: string) => process.stdout.write(`${line}\n`);

export function registerBackupCommands(
  program: Command,
  withDatabase: <T>(fn: (handle: DbHandle) => Promise<T>) => Promise<T>,
): void {
  program
    .command('backup <file>')
    .description('write a verified logical backup of all county data (gzipped JSON lines)')
    .action((file: string) =>
      withDatabase(async (handle) => {
        const header = await backup(handle, file);
        const total = Object.values(header.tables).reduce((n, t) => n + t.rows, 0);
        out(`已备份 / backed up ${total} 行 rows → ${file}`);
        for (const [name, t] of Object.entries(header.tables)) out(`  ${name.padEnd(16)} ${t.rows}`);
      }),
    );
  program
    .command('restore <file>')
    .description('restore a backup into an empty database (--replace overwrites existing data), verified by digests')
    .option('--replace', 'overwrite all existing data')
    .action((file: string, opts: { replace?: boolean }) =>
      withDatabase(async (handle) => {
        const report = await restore(handle, file, { replace: opts.replace === true });
        out(`已恢复并校验 / restored and verified: ${file}`);
        for (const [name, n] of Object.entries(report.tables)) out(`  ${name.padEnd(16)} ${n}`);
        out(report.auditChainOk ? '  审计链完整 / audit chain intact' : '  审计链断裂 / audit chain BROKEN');
        if (!report.auditChainOk) process.exitCode = 1;
      }),
    );
}
