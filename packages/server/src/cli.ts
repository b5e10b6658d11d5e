/**
 * The `yardstick` command. Only the module of the command that runs is loaded (a dynamic `import()`, a chunk
 * of its own in the build): `yardstick --help` lists the commands from `commands/catalog.ts` and loads none of
 * them; `yardstick compute …` loads the engine commands only. Each module declares its commands in full.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, commandName } from './commands/catalog';
import { VERSION } from './version';

async function report(err: unknown): Promise<never> {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const { AppError } = await import('./errors');
  if (err instanceof AppError) {
    process.stderr.write(`${err.localized('zh-CN')}\n${err.localized('en')}\n`);
  } else if (err && typeof err === 'object' && 'issues' in err && Array.isArray(err.issues)) {
    for (const i of err.issues as { path: unknown[]; message: string }[])
      process.stderr.write(`${i.path.join('.')}: ${i.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('yardstick')
    .description('Yardstick 实绩考核管理平台 — command line')
    .version(VERSION)
    .showHelpAfterError();
  // The command asked for (`yardstick help <command>` too); options come after it, the program has none of its own.
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const asked = words[0] === 'help' ? words[1] : words[0];
  const entry = COMMANDS.find((e) => commandName(e) === asked);
  if (entry) {
    (await entry.load())(program);
  } else {
    // Help, --version, no command or an unknown one: the list alone (commander suggests the nearest name).
    for (const e of COMMANDS) program.command(e.usage).summary(e.summary);
  }
  await program.parseAsync(argv);
}

main(process.argv).catch(report);
