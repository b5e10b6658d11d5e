/** `yardstick audit …`: verify, anchor, checkpoint and prune the tamper-evident audit log. */
import os from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { startOfShanghaiDay } from '../lib/day';
import {
  anchorValue,
  currentAnchor,
  exportAnchorFile,
  newestAnchorFile,
  parseAnchor,
  verifyAnchor,
} from '../modules/audit/anchors';
import {
  signingKey,
  verifyCheckpointFreshness,
  verifyCheckpoints,
  writeCheckpoint,
} from '../modules/audit/checkpoints';
import { pruneAudit } from '../modules/audit/retention';
import { verifyAuditChain } from '../modules/audit/service';
import { withDatabase } from './database';
import { out } from './output';

export function registerAuditCommands(program: Command): void {
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
}
