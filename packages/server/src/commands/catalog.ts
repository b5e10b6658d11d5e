/**
 * The `yardstick` command's top-level commands: each one's name, arguments and one-line summary (what
 * `yardstick --help` lists), and how to load the module that declares it in full — options, subcommands
 * and action. `cli.ts` loads only the module of the command that runs, so `--help` and `--version` load
 * none of them. A module may declare several top-level commands (engine: compute, diagnose …); each is
 * listed here (test/cli.test.ts checks that this list and the modules agree).
 */
import type { Command } from 'commander';
import type { DbHandle } from '../db/client';

export type RegisterCommands = (program: Command) => void;

export interface CommandEntry {
  /** The command's name and arguments, as `program.command()` takes them: `compute [input]`. */
  readonly usage: string;
  /** The line `yardstick --help` shows (the module's own description can be longer). */
  readonly summary: string;
  readonly load: () => Promise<RegisterCommands>;
}

type WithDatabase = <T>(fn: (handle: DbHandle) => Promise<T>) => Promise<T>;

const withDatabaseCommands =
  (register: (program: Command, withDatabase: WithDatabase) => void) => async (): Promise<RegisterCommands> => {
    const { withDatabase } = await import('./database');
    return (program) => register(program, withDatabase);
  };

const database = async () => (await import('./database')).registerDatabaseCommands;
const engine = async () => (await import('./engine')).registerEngineCommands;
const backup = async () => withDatabaseCommands((await import('./backup')).registerBackupCommands)();
const county = async () => withDatabaseCommands((await import('./county')).registerCountyCommands)();
const excel = async () => (await import('./excel')).registerExcelCommands;
const results = async () => (await import('./results')).registerResultCommands;

/** In the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    usage: 'serve',
    summary: 'migrate, seed the demo county on first start, and serve the app (PORT, HOST, DATA_DIR, DATABASE_URL)',
    load: async () => (await import('./serve')).registerServeCommand,
  },
  { usage: 'migrate', summary: 'apply database migrations', load: database },
  { usage: 'seed', summary: 'seed data', load: database },
  {
    usage: 'jobs',
    summary: 'daily jobs (lights, red-light overdue flags, digests)',
    load: async () => (await import('./jobs')).registerJobsCommands,
  },
  {
    usage: 'compute [input]',
    summary: 'score, rank and tier a { scheme, dataset } JSON file, or with --year a year from the database',
    load: engine,
  },
  {
    usage: 'diagnose <input>',
    summary: 'indicator diagnostics: full-mark rate, discrimination, entropy, rank impact, redundancy, headline',
    load: engine,
  },
  {
    usage: 'sensitivity <input>',
    summary: 'seeded Monte Carlo over the weights: median rank, 5–95% interval, tier-change share',
    load: engine,
  },
  { usage: 'compare <a> <b>', summary: 'compare two computations, or score data under another scheme', load: engine },
  {
    usage: 'backup <file>',
    summary: 'write a verified logical backup of all county data (gzipped JSON lines)',
    load: backup,
  },
  { usage: 'restore <file>', summary: 'restore a backup, verified by digests', load: backup },
  { usage: 'county', summary: 'counties (县区) on this server', load: county },
  { usage: 'import <kind> <file>', summary: 'all-or-nothing import of an .xlsx file', load: excel },
  { usage: 'export <kind> <file>', summary: 'export to an .xlsx file that re-imports unchanged', load: excel },
  {
    usage: 'bulletin',
    summary: 'the results bulletin (通报) of a year as a Word document in the GB/T 9704 layout',
    load: results,
  },
  { usage: 'results', summary: 'published year-end results', load: results },
  {
    usage: 'users',
    summary: 'manage accounts',
    load: async () => (await import('./users')).registerUsersCommands,
  },
  {
    usage: 'audit',
    summary: 'the tamper-evident audit log',
    load: async () => (await import('./audit')).registerAuditCommands,
  },
];

/** A command's name: the first word of its usage. */
export const commandName = (e: CommandEntry): string => e.usage.split(' ')[0] ?? e.usage;
