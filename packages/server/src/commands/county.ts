import type { Command } from 'commander';
import type { DbHandle } from '../db/client';
import { CountyCode, DocNumberPattern } from '../modules/counties/schemas';
import {
  ADMIN_DISPLAY_NAMES,
  ADMIN_ROLES_OF_COUNTY,
  createCounty,
  defaultAdminUsername,
  generatePassword,
  listCounties,
  type CountyAdminRole,
} from '../modules/counties/service';
import { Username } from '../modules/users/schemas';
import { AppError } from '../errors';

const out = (line = '') => process.stdout.write(`${line}\n`);

interface CreateOptions {
  code: string;
  name: string;
  issuingOrgan?: string;
  docNumberPattern?: string;
  signatureOrgan?: string;
  year?: string;
  sysadmin?: string;
  secadmin?: string;
  auditor?: string;
}

/** `yardstick county create|list`: a county from zero, beside any others on the same database. */
export function registerCountyCommands(
  program: Command,
  withDatabase: <T>(fn: (handle: DbHandle) => Promise<T>) => Promise<T>,
): void {
  const county = program.command('county').description('counties (县区) on this server');
  county
    .command('create')
    .description(
      'create a county with its official identity and its three administrators (三员分立); one-time passwords are printed once',
    )
    .requiredOption('--code <code>', 'county code: lower-case letters, digits, hyphens (e.g. qingshan)')
    .requiredOption('--name <name>', 'county name (e.g. 青山县)')
    .option('--issuing-organ <text>', '发文机关 (default 中共{name}委考核工作领导小组办公室)')
    .option(
      '--doc-number-pattern <pattern>',
      "document number, must contain {n}, may contain {year} (default '{name}考核办〔{year}〕{n}号')",
    )
    .option('--signature-organ <text>', '署名机关 (default: the issuing organ)')
    .option('--year <year>', 'the current assessment year (default this year)')
    .option('--sysadmin <username>', 'system administrator username (default <code>.sysadmin)')
    .option('--secadmin <username>', 'security administrator username (default <code>.secadmin)')
    .option('--auditor <username>', 'audit administrator username (default <code>.auditor)')
    .action((opts: CreateOptions) =>
      withDatabase(async (handle) => {
        // Checked before anything is opened for writing: a clear message, nothing written.
        const code = CountyCode.parse(opts.code);
        if (opts.docNumberPattern !== undefined && !DocNumberPattern.safeParse(opts.docNumberPattern).success) {
          throw new AppError('DOC_NUMBER_PATTERN_INVALID');
        }
        const year = opts.year === undefined ? undefined : Number(opts.year);
        if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
          throw new Error(`--year 须为年份 / --year must be a year: ${opts.year}`);
        }
        const passwords = {} as Record<CountyAdminRole, string>;
        const admins = {} as Record<CountyAdminRole, { username: string; displayName: string; password: string }>;
        for (const role of ADMIN_ROLES_OF_COUNTY) {
          passwords[role] = generatePassword();
          admins[role] = {
            username: Username.parse(opts[role] ?? defaultAdminUsername(code, role)),
            displayName: ADMIN_DISPLAY_NAMES[role],
            password: passwords[role],
          };
        }
        const created = await createCounty(
          handle.db,
          {
            code,
            name: opts.name,
            currentYear: year,
            issuingOrgan: opts.issuingOrgan,
            docNumberPattern: opts.docNumberPattern,
            signatureOrgan: opts.signatureOrgan,
            admins,
          },
          { via: 'cli' },
        );
        out(`已创建县区 / county created: ${created.name} (${created.code})`);
        out(`  发文机关 issuing organ:      ${created.issuingOrgan}`);
        out(`  文号格式 number pattern:     ${created.docNumberPattern}`);
        out(`  署名机关 signature organ:    ${created.signatureOrgan}`);
        out('  三员账号及一次性密码（只显示这一次，首次登录须修改）/ administrators and one-time passwords');
        out('  (shown only now; each must be changed at the first sign-in):');
        for (const a of created.admins) {
          out(`    ${a.username.padEnd(28)} ${passwords[a.role]}  ${ADMIN_DISPLAY_NAMES[a.role]} ${a.role}`);
        }
      }),
    );
  county
    .command('list')
    .description('list the counties on this server')
    .action(() =>
      withDatabase(async (handle) => {
        const rows = await listCounties(handle.db);
        if (rows.length === 0) out('尚无县区 / no county yet: yardstick county create --code <code> --name <name>');
        for (const r of rows) out(`${r.code.padEnd(24)} ${r.name}`);
      }),
    );
}
