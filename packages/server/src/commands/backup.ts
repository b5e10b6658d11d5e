import type { Command } from 'commander';
import type { DbHandle } from '../db/client';
import path from 'node:path';
import { loadConfig } from '../config';
import { backup, restore } from '../modules/backup/service';
import { backupCounty, isCountyBackup, restoreCounty } from '../modules/backup/county';

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
    .option('--county <code>', 'only this county (several counties on one server; docs/operations.md)')
    .action((file: string, opts: { county?: string }) =>
      withDatabase(async (handle) => {
        const header = opts.county
          ? await backupCounty(handle, file, opts.county, { evidenceRoot: evidenceRoot() })
          : await backup(handle, file, { evidenceRoot: evidenceRoot() });
        if ('county' in header) out(`县区 / county: ${header.county.name} (${header.county.code})`);
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
    .description(
      'restore a backup into an empty database (--replace overwrites existing data), verified by digests; a county backup (backup --county) replaces only that county',
    )
    .option('--replace', 'overwrite all existing data (a county backup: only that county)')
    .action((file: string, opts: { replace?: boolean }) =>
      withDatabase(async (handle) => {
        if (await isCountyBackup(file)) {
          const r = await restoreCounty(handle, file, { replace: opts.replace === true, evidenceRoot: evidenceRoot() });
          out(
            `已恢复并校验县区 / county restored and verified: ${r.county.name} (${r.county.code})${r.replaced ? '，原有数据已替换 / replaced' : ''}；其他县区未改动 / other counties untouched`,
          );
          for (const [name, n] of Object.entries(r.tables)) out(`  ${name.padEnd(16)} ${n}`);
          out(`  佐证材料 / evidence files ${r.files}`);
          return;
        }
        const report = await restore(handle, file, { replace: opts.replace === true, evidenceRoot: evidenceRoot() });
        out(`已恢复并校验 / restored and verified: ${file}`);
        for (const [name, n] of Object.entries(report.tables)) out(`  ${name.padEnd(16)} ${n}`);
        out(`  佐证材料 / evidence files ${report.files}`);
        out(report.auditChainOk ? '  审计链完整 / audit chain intact' : '  审计链断裂 / audit chain BROKEN');
        if (!report.auditChainOk) process.exitCode = 1;
      }),
    );
}
