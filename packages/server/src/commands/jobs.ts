/** `yardstick jobs run`: the daily jobs for a day, once per day across instances. */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { runDailyJobs } from '../modules/scheduler/runner';
import { withDatabase } from './database';
import { out } from './output';

export function registerJobsCommands(program: Command): void {
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
}
