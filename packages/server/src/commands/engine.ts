import fs from 'node:fs';
import type { Command } from 'commander';
import { computeYearCommand } from './results';
import {
  compareOutcomes,
  compute,
  diagnoseResults,
  explainAll,
  outcomesOf,
  sensitivityOfResults,
  validateDataset,
  validateScheme,
  type Dataset,
  type Issue,
  type Scheme,
} from '@yardstick/engine';

/** A problem with an input file: every issue is listed, and the command exits non-zero. */
class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem(s)`);
  }
}

const formatIssue = (i: Issue) => `  ${i.path || '(root)'}: ${i.message}${i.code ? ` [${i.code}]` : ''}`;

/** Reads `{ scheme, dataset }` (dataset optional when `datasetRequired` is false) and validates both. */
export function loadEngineInput(file: string, datasetRequired = true): { scheme: Scheme; dataset: Dataset | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputFileError(file, [`  cannot read JSON: ${(err as Error).message}`]);
  }
  if (!raw || typeof raw !== 'object' || !('scheme' in raw)) {
    throw new InputFileError(file, ['  expected an object { "scheme": …, "dataset": … } (see docs/engine-format.md)']);
  }
  const input = raw as { scheme: unknown; dataset?: unknown };
  const s = validateScheme(input.scheme);
  const problems: string[] = [];
  if (!s.ok) problems.push(...s.issues.map((i) => formatIssue({ ...i, path: `scheme.${i.path}` })));
  let dataset: Dataset | null = null;
  if (input.dataset !== undefined) {
    const d = validateDataset(input.dataset, s.ok ? s.scheme : undefined);
    if (!d.ok) problems.push(...d.issues.map((i) => formatIssue({ ...i, path: `dataset.${i.path}` })));
    else dataset = d.dataset;
  } else if (datasetRequired) {
    problems.push('  dataset: required');
  }
  if (problems.length > 0 || !s.ok) throw new InputFileError(file, problems);
  return { scheme: s.scheme, dataset };
}

/**
 * The owners' names for the diagnostics headline (a person reads "县委办（9项）", not "DQ07（9项）"): the input's
 * top-level `assessorNames`, overridden by a `--names` file; an owner without a name keeps its id.
 */
function namesOf(input: string, namesFile: string | undefined): Record<string, string> {
  const read = (file: string, key: string | null): Record<string, string> => {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputFileError(file, [`  cannot read JSON: ${(err as Error).message}`]);
    }
    const obj = key === null ? raw : raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
    if (obj === undefined && key !== null) return {};
    if (!obj || typeof obj !== 'object' || Array.isArray(obj))
      throw new InputFileError(file, [`  ${key ?? 'names'}: expected an object { "assessorId": "name" }`]);
    return Object.fromEntries(Object.entries(obj).filter((e): e is [string, string] => typeof e[1] === 'string'));
  };
  return { ...read(input, 'assessorNames'), ...(namesFile ? read(namesFile, null) : {}) };
}

function emit(value: unknown, out: string | undefined) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

function guarded<A extends unknown[]>(fn: (...args: A) => void) {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (err) {
      if (err instanceof InputFileError) {
        process.stderr.write(`输入文件有误 / invalid input ${err.file}:\n${err.problems.join('\n')}\n`);
        process.exit(2);
      }
      throw err;
    }
  };
}

export function registerEngineCommands(program: Command): void {
  program
    .command('compute [input]')
    .description(
      'score, rank and tier a { scheme, dataset } JSON file (docs/engine-format.md), or with --year a year from the database',
    )
    .option('--out <file>', 'write the results to a file instead of stdout')
    .option('--explain', "include every unit's full trace")
    .option('--year <year>', 'compute this year from the database (stores the preview; docs/results.md)')
    .option('--county <code>', 'with --year: county code (default: the only county)')
    .action((input: string | undefined, opts: { out?: string; explain?: boolean; year?: string; county?: string }) => {
      if (opts.year) return computeYearCommand({ ...opts, year: opts.year });
      if (!input)
        throw new InputFileError('compute', ['  give an input file, or --year Y to compute from the database']);
      return guarded((file: string) => {
        const { scheme, dataset } = loadEngineInput(file);
        const results = compute(scheme, dataset as Dataset, { trusted: true });
        emit(opts.explain ? { ...results, explanations: explainAll(results) } : results, opts.out);
      })(input);
    });

  program
    .command('diagnose <input>')
    .description('indicator diagnostics: full-mark rate, discrimination, entropy, rank impact, redundancy, headline')
    .option('--out <file>')
    .option(
      '--names <file>',
      'JSON {"assessorId": "name"} naming the owners in the headline (or "assessorNames" in the input)',
    )
    .action(
      guarded((input: string, opts: { out?: string; names?: string }) => {
        const { scheme, dataset } = loadEngineInput(input);
        const assessorNames = namesOf(input, opts.names);
        emit(
          diagnoseResults(compute(scheme, dataset as Dataset, { trusted: true }), scheme, { assessorNames }),
          opts.out,
        );
      }),
    );

  program
    .command('sensitivity <input>')
    .description('seeded Monte Carlo over the weights: median rank, 5–95% interval, tier-change share')
    .option('--runs <n>', 'number of draws', '1000')
    .option('--seed <s>', 'seed', '1')
    .option('--spread <x>', 'relative weight perturbation', '0.25')
    .option('--out <file>')
    .action(
      guarded((input: string, opts: { runs: string; seed: string; spread: string; out?: string }) => {
        const { scheme, dataset } = loadEngineInput(input);
        const results = compute(scheme, dataset as Dataset, { trusted: true });
        const runs = Number.parseInt(opts.runs, 10);
        const seed = Number.parseInt(opts.seed, 10);
        const spread = Number.parseFloat(opts.spread);
        if (!(runs > 0) || !Number.isFinite(seed) || !(spread >= 0)) {
          throw new InputFileError(input, ['  --runs must be > 0, --seed an integer, --spread ≥ 0']);
        }
        emit(sensitivityOfResults(results, scheme, { runs, seed, spread }), opts.out);
      }),
    );

  program
    .command('compare <a> <b>')
    .description("compare two computations; when <b> has no dataset, <a>'s data is scored under <b>'s scheme (what-if)")
    .option('--out <file>')
    .action(
      guarded((a: string, b: string, opts: { out?: string }) => {
        const left = loadEngineInput(a);
        const right = loadEngineInput(b, false);
        const ra = compute(left.scheme, left.dataset as Dataset, { trusted: true });
        const rb = compute(right.scheme, (right.dataset ?? left.dataset) as Dataset, { trusted: true });
        emit(
          compareOutcomes(outcomesOf(ra, a), outcomesOf(rb, b), { decimals: Math.max(ra.decimals, rb.decimals) }),
          opts.out,
        );
      }),
    );
}
