/** @module cli/build — `cognito-trigger build`: the handlers bundled for Lambda, zipped, and held to a size budget. */
import { buildHandlers, formatReport, parseSize } from '../build/build.js';
import { type OptionSpec, parseArgs, UsageError } from './aws/args.js';
import type { CliResult } from './result.js';
import type { CommandUsage } from './usage.js';

const BUILD_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--budget',
    arity: 'one',
    value: 'SIZE',
    help: 'the most each index.mjs may weigh, e.g. 512KB or 1MB; wins over the budgets in package.json (default: cognitoTrigger.build.budgets.<name>, then cognitoTrigger.build.budget, else 1MB)',
  },
  { flag: '--out-dir', arity: 'one', value: 'DIR', help: 'where the bundles and zips go (default: dist)' },
  {
    flag: '--handlers-dir',
    arity: 'one',
    value: 'DIR',
    help: 'where the handlers are (default: handlers)',
  },
  { flag: '--no-zip', arity: 'none', help: 'write the bundles only, no zip files' },
  { flag: '--quiet', arity: 'none', help: 'print the size report only when a bundle is over its budget' },
];

/** What `build --help` prints. */
const BUILD_USAGE: CommandUsage = {
  command: 'build [NAME ...]',
  summary:
    'Bundles each handler for the Lambda Node.js runtime into dist/<name>/index.mjs (+ source map) and dist/<name>.zip, and checks each bundle against its size budget. The handlers are the modules directly in handlers/ that export a handler, or those "cognitoTrigger": { "build": { "handlers": [...] } } in package.json lists; the build says which modules it skipped and why. Exits 1 when a bundle is over its budget.',
  arguments: [
    { name: 'NAME', help: 'build only these handlers (file names without .ts); default: all of them' },
  ],
  options: [{ title: 'Options', specs: BUILD_OPTIONS }],
};

/**
 * `cognito-trigger build [NAME ...] [--budget SIZE] [--out-dir DIR] [--handlers-dir DIR] [--no-zip]`: exit 0 when
 * every bundle is within its budget, 1 when one is over, 252 for a usage mistake, 255 when a handler cannot be built.
 */
const runBuild = async (argv: readonly string[], cwd: string): Promise<CliResult> => {
  const { options, positionals } = parseArgs(argv, BUILD_OPTIONS);
  let budgetBytes: number | undefined;
  const budget = options.get('--budget')?.[0];
  try {
    if (budget !== undefined) budgetBytes = parseSize(budget, '--budget');
  } catch (error) {
    throw new UsageError('', `\ncognito-trigger build: ${(error as Error).message}\n`);
  }
  const handlersDir = options.get('--handlers-dir')?.[0];
  const outDir = options.get('--out-dir')?.[0];
  try {
    const report = await buildHandlers({
      root: cwd,
      only: positionals,
      zip: !options.has('--no-zip'),
      ...(budgetBytes === undefined ? {} : { budgetBytes }),
      ...(handlersDir === undefined ? {} : { handlersDir }),
      ...(outDir === undefined ? {} : { outDir }),
    });
    if (report.handlers.length === 0)
      return {
        stdout: '',
        stderr: `cognito-trigger build: no handlers (*.ts exporting a handler) in ${handlersDir ?? 'handlers'}/\n${report.skipped
          .map(({ entry, reason }) => `skipped ${entry}: ${reason}\n`)
          .join('')}`,
        exitCode: 1,
      };
    const text = formatReport(report);
    return {
      stdout: options.has('--quiet') && report.overBudget.length === 0 ? '' : text,
      stderr:
        report.overBudget.length > 0
          ? `cognito-trigger build: ${report.overBudget.length} over budget\n`
          : '',
      exitCode: report.overBudget.length > 0 ? 1 : 0,
    };
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError('', `\ncognito-trigger build: ${error.message}\n`);
    return { stdout: '', stderr: `cognito-trigger build: ${(error as Error).message}\n`, exitCode: 255 };
  }
};

export { BUILD_OPTIONS, BUILD_USAGE, runBuild };
