import type { Command } from 'commander';
import type { DbHandle } from '../db/client';
import path from 'node:path';
import { loadConfig } from '../config';
import { backup, restore } from '../modules/backup/service';

/** Evidence files live under DATA_DIR/evidence (modules/reports/evidence.ts); they travel with the backup. */
const evidenceRoot = () => path.join(loadConfig().dataDir, 'evidence');

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
        const header = await backup(handle, file, { evidenceRoot: evidenceRoot() });
        const total = Object.values(header.tables).reduce((n, t) => n + t.rows, 0);
        out(`已备份 / backed up ${total} 行 rows → ${file}`);
        for (const [name, t] of Object.entries(header.tables)) out(`  ${name.padEnd(16)} ${t.rows}`);
        if (header.evidence) {
          out(`  佐证材料 / evidence files ${header.evidence.files} (${header.evidence.bytes} bytes)`);
          for (const m of header.evidence.missing)
            out(`  警告：佐证材料文件缺失 / WARNING: evidence file missing: ${m}`);
          if (header.evidence.missing.length > 0) process.exitCode = 1;
        }
      }),
    );
  program
    .command('restore <file>')
    .description('restore a backup into an empty database (--replace overwrites existing data), verified by digests')
    .option('--replace', 'overwrite all existing data')
    .action((file: string, opts: { replace?: boolean }) =>
      withDatabase(async (handle) => {
        const report = await restore(handle, file, { replace: opts.replace === true, evidenceRoot: evidenceRoot() });
        out(`已恢复并校验 / restored and verified: ${file}`);
        for (const [name, n] of Object.entries(report.tables)) out(`  ${name.padEnd(16)} ${n}`);
        out(`  佐证材料 / evidence files ${report.files}`);
        out(report.auditChainOk ? '  审计链完整 / audit chain intact' : '  审计链断裂 / audit chain BROKEN');
        if (!report.auditChainOk) process.exitCode = 1;
      }),
    );
}
