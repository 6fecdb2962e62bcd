/** @module cli/build — `cognito-trigger build`: the handlers bundled for Lambda, zipped, and held to a size budget. */
import { buildHandlers, formatReport, parseSize } from '../build/build.js';
import { type OptionSpec, parseArgs, UsageError } from './args.js';
import type { CliResult } from './main.js';

const BUILD_OPTIONS: readonly OptionSpec[] = [
  { flag: '--budget', arity: 'one' },
  { flag: '--handlers-dir', arity: 'one' },
  { flag: '--out-dir', arity: 'one' },
  { flag: '--no-zip', arity: 'none' },
  { flag: '--quiet', arity: 'none' },
];

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
        stderr: `cognito-trigger build: no handlers (*.ts) in ${handlersDir ?? 'handlers'}/\n`,
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

export { runBuild };
