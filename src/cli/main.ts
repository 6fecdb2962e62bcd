/** @module cli/main — `cognito-trigger`: the aws CLI's cognito-idp commands, run against a local user pool. */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { DEFAULT_STATE_DIR, StateError, StateStore } from '../local/state.js';
import { invalidChoice, VersionRequested } from './aws/argparse.js';
import { parseArgs, UnknownOptionsError, UsageError } from './aws/args.js';
import { CliParseError } from './aws/errors.js';
import { SERVICE_COMMANDS, type ServiceCommand, serviceUsage } from './commands/operations.js';
import { GLOBAL_OPTIONS, globalsNamed, KIT_OPTIONS } from './options.js';
import { loadPoolFile } from './pool-file.js';
import type { CliResult } from './result.js';
import { type CommandUsage, formatOptions, formatRows, formatUsage, suggestOptions } from './usage.js';

/** What to say of a failure that is the state's or the file system's, not a bug: undefined for anything else. */
const operationalFailure = (error: unknown): string | undefined => {
  if (error instanceof StateError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? (error as Error).message : undefined;
};

/** What `--version` prints: this package's version, read from its package.json when the command runs. */
const version = (): string => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `cognito-trigger ${version}\n`;
};

/**
 * The kit's own commands, which the aws CLI does not have. Each module is loaded only when its command runs: the
 * build brings esbuild, and a service command has no use for it.
 */
interface KitCommand {
  readonly usage: () => CommandUsage | Promise<CommandUsage>;
  readonly run: (argv: readonly string[], environment: { readonly cwd: string }) => Promise<CliResult>;
}

const stateDirOf = (options: ReadonlyMap<string, readonly string[]>, cwd: string) =>
  resolvePath(cwd, options.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR);

const KIT_COMMANDS: Readonly<Record<string, KitCommand>> = {
  invoke: {
    usage: async () => (await import('./invoke.js')).invokeUsage(GLOBAL_OPTIONS),
    run: async (argv, environment) =>
      (await import('./invoke.js')).runInvoke(argv, environment, GLOBAL_OPTIONS),
  },
  events: {
    usage: async () => (await import('./invoke.js')).EVENTS_USAGE,
    run: async (argv) => (await import('./invoke.js')).runEventsNew(argv, GLOBAL_OPTIONS),
  },
  reset: {
    usage: () => ({
      command: 'reset',
      summary:
        'Forgets the pools’ state (users and their attributes), so that each pool starts again from its pool file; the outbox is kept.',
      options: [{ title: 'Options', specs: globalsNamed(['--state-dir', '--quiet']) }],
    }),
    run: async (argv, { cwd }) => {
      const { options, positionals } = parseArgs(argv, GLOBAL_OPTIONS);
      if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
      const dir = stateDirOf(options, cwd);
      new StateStore(dir).reset();
      return {
        stdout: '',
        stderr: options.has('--quiet')
          ? ''
          : `cognito-trigger: pools in ${dir} start again from their pool files\n`,
        exitCode: 0,
      };
    },
  },
  brands: {
    usage: () => ({
      command: 'brands check FILE',
      summary:
        'Checks a brand configuration document as the handler checks a remote one: the kit’s checks and the validateBrand its brand source is given. Prints each problem with the brand and field it concerns, and which checks applied. Exits 1 when the handler would refuse the document.',
      arguments: [{ name: 'FILE', help: 'the brand configuration, JSON' }],
      options: [
        {
          title: 'Options',
          specs: globalsNamed(['--handler', '--env-vars']).map((spec) =>
            spec.flag === '--handler'
              ? {
                  ...spec,
                  help: 'the handler whose brand source checks the document (default: handlers/custom-message.ts when it exists)',
                }
              : { ...spec, help: 'environment the handler needs to load, as `sam local invoke --env-vars`' },
          ),
        },
      ],
    }),
    // Awaited here, inside runCli's try: a usage mistake is thrown, and comes back as the exit status 252.
    run: async (argv, { cwd }) =>
      await (await import('./brands.js')).runBrandsCheck(argv, cwd, GLOBAL_OPTIONS),
  },
  build: {
    usage: async () => (await import('./build.js')).BUILD_USAGE,
    run: async (argv, { cwd }) => (await import('./build.js')).runBuild(argv, cwd),
  },
  preview: {
    usage: async () => (await import('../preview/command.js')).previewUsage,
    run: async (argv, environment) =>
      (await import('../preview/command.js')).runPreview(argv, environment, GLOBAL_OPTIONS),
  },
  serve: {
    usage: async () => (await import('./serve.js')).serveUsage(GLOBAL_OPTIONS),
    run: async (argv, environment) =>
      (await import('./serve.js')).runServe(argv, environment, GLOBAL_OPTIONS, loadPoolFile),
  },
  version: {
    usage: () => ({
      command: 'version',
      summary: 'Prints cognito-trigger’s version (as --version does).',
      options: [],
    }),
    run: async (argv) => {
      const { positionals } = parseArgs(argv, []);
      if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
      return { stdout: version(), stderr: '', exitCode: 0 };
    },
  },
  help: {
    usage: () => ({
      command: 'help [COMMAND]',
      summary: 'Prints what cognito-trigger does and its commands, or a command’s usage and options.',
      options: [],
    }),
    run: async () => ({ stdout: HELP, stderr: '', exitCode: 0 }),
  },
};

/** Every command, as the invalid-choice error lists them: sorted, and `help` last, as the aws CLI lists its own. */
const COMMAND_NAMES = [
  ...[...SERVICE_COMMANDS.keys(), ...Object.keys(KIT_COMMANDS)].filter((name) => name !== 'help').sort(),
  'help',
];

const unknownCommand = (name: string) => invalidChoice('operation', name, COMMAND_NAMES);

/** The command of that name; not one of Object's own properties (`constructor`), which no command is. */
const kitCommand = (name: string | undefined): KitCommand | undefined =>
  name !== undefined && Object.hasOwn(KIT_COMMANDS, name) ? KIT_COMMANDS[name] : undefined;
const serviceCommand = (name: string | undefined): ServiceCommand | undefined =>
  name === undefined ? undefined : SERVICE_COMMANDS.get(name);

const usageOf = async (name: string): Promise<string> => {
  const service = serviceCommand(name);
  if (service) return formatUsage(serviceUsage(service));
  const kit = kitCommand(name);
  if (kit) return formatUsage(await kit.usage());
  throw unknownCommand(name);
};

/** Whether the words ask for the command's usage: `--help` or `-h` anywhere, or the aws CLI's `<command> help`. */
const asksForHelp = (name: string, rest: readonly string[]): boolean =>
  rest.includes('--help') ||
  rest.includes('-h') ||
  (serviceCommand(name) !== undefined && rest.length === 1 && rest[0] === 'help');

const KIT_COMMAND_LINES = `  invoke                        --event FILE|- [--handler FILE[:export]]
  events new TRIGGER_SOURCE     [--attribute k=v ...] [--client-metadata k=v ...]
  reset                         forget the pools' state (users, attributes), keep the outbox
  brands check FILE [--handler FILE] [--env-vars FILE]
                                check a brand configuration document as the handler checks remote ones
  build [NAME ...]              bundle the handlers in handlers/ (the modules that export a handler) for Lambda into
                                dist/<name>/index.mjs and dist/<name>.zip
                                [--budget SIZE] [--out-dir DIR] [--handlers-dir DIR] [--no-zip]
  serve [--port N] [--host HOST]
                                the Cognito user pools API on 127.0.0.1, for the SDKs, the aws CLI and boto3
  preview [--out DIR] [--serve [--watch]] [--screenshots] [--check] [--baseline DIR]
                                every message of every handler, brand, locale and trigger source, in a gallery
  version                       print cognito-trigger's version
  help [COMMAND]                this text, or a command's usage and options`;

/** The overview `--help` prints: the service commands the engine serves now, and the kit's. */
const HELP = `cognito-trigger: run aws cognito-idp commands against a local user pool and see what your Custom message trigger does

usage: cognito-trigger <command> [parameters]
       cognito-trigger <command> --help     a command's usage and options
       cognito-trigger --version

Commands of the aws CLI's cognito-idp (its flags, with \`aws cognito-idp\` swapped for \`cognito-trigger\`):
${formatRows([...SERVICE_COMMANDS.values()].map((command) => [command.name, command.summary])).join('\n')}

Kit commands:
${KIT_COMMAND_LINES}

aws CLI options: --output json|text|table, --cli-input-json JSON|file://PATH, --generate-cli-skeleton [input|output]
Kit options:
${formatOptions(KIT_OPTIONS)}
`;

/**
 * Runs one command line and returns what to print and the exit status, without touching the process: the bin and
 * the tests both call this.
 *
 * @example
 * ```ts
 * const { stdout, stderr, exitCode } = await runCli(['admin-get-user', '--user-pool-id', 'us-west-2_aaaaaaaaa',
 *   '--username', 'diego@example.com'], { cwd: process.cwd() });
 * ```
 */
const runCli = async (argv: readonly string[], environment: { readonly cwd: string }): Promise<CliResult> => {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h')
      return { stdout: HELP, stderr: '', exitCode: name === undefined ? 252 : 0 };
    if (name === '--version') return { stdout: version(), stderr: '', exitCode: 0 };
    if (name === 'help' && rest[0] !== undefined && !rest[0].startsWith('-'))
      return { stdout: await usageOf(rest[0]), stderr: '', exitCode: 0 };
    if (asksForHelp(name, rest)) return { stdout: await usageOf(name), stderr: '', exitCode: 0 };
    const kit = kitCommand(name);
    if (kit)
      try {
        return await kit.run(rest, environment);
      } catch (error) {
        throw error instanceof UnknownOptionsError ? suggestOptions(error) : error;
      }
    const command = serviceCommand(name);
    if (!command) throw unknownCommand(name);
    return await (await import('./commands/service.js')).runService(command, rest, environment);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CliParseError)
      return { stdout: '', stderr: error.stderr, exitCode: error.exitCode };
    if (error instanceof VersionRequested) return { stdout: version(), stderr: '', exitCode: 0 };
    // Neither a usage nor a service error: one line, and 255, as the aws CLI ends on other failures.
    const failure = operationalFailure(error);
    if (failure !== undefined)
      return { stdout: '', stderr: `\ncognito-trigger: ${failure}\n`, exitCode: 255 };
    throw error;
  }
};

export type { CliResult };
export { GLOBAL_OPTIONS, HELP, loadPoolFile, runCli };
