/** @module cli/main — `cognito-trigger`: the aws CLI's cognito-idp commands, run against a local user pool. */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { CognitoServiceError } from '../cognito/errors.js';
import type { Trace } from '../local/local-cognito.js';
import { DEMO_POOLS, type PoolDocument } from '../local/pool.js';
import { DEFAULT_STATE_DIR, StateError, StateStore } from '../local/state.js';
import {
  type CommandUsage,
  formatChoices,
  formatOptions,
  formatUsage,
  type OptionSpec,
  parseArgs,
  requireOptions,
  suggestOptions,
  UnknownOptionsError,
  UsageError,
} from './args.js';
import { explainOutcome } from './function-output.js';
import { formatOutput, formatServiceError } from './output.js';
import { PyDict, toJavaScript, validateParameters } from './param-validation.js';
import { createSession, type Session, withStdoutOnStderr } from './session.js';
import { CliParseError, loadCliInputJson, readClientMetadata, readUserAttributes } from './shorthand.js';
import {
  generateCliSkeleton,
  type ModeledOperation,
  OPERATIONS,
  SkeletonValidationError,
} from './skeleton.js';
import { summarize } from './summary.js';

/**
 * What a command writes and its exit status: 0, 252 (usage or parse error), 254 (service error) or 255 (any other
 * failure, such as a state directory that cannot be used).
 */
interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

type OutputFormat = 'json' | 'text' | 'table';

/**
 * Options every command takes: the aws CLI's globals the kit honours or ignores, and the kit's own. Those without
 * `help` are accepted and ignored: a local pool has no region, profile or endpoint.
 */
const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--output',
    arity: 'one',
    choices: ['json', 'text', 'table', 'yaml', 'yaml-stream'],
    value: 'json|text|table',
    help: 'how the response is printed, as the aws CLI prints it (default: json)',
  },
  { flag: '--region', arity: 'one' },
  { flag: '--profile', arity: 'one' },
  { flag: '--endpoint-url', arity: 'one' },
  { flag: '--no-cli-pager', arity: 'none' },
  { flag: '--no-paginate', arity: 'none' },
  { flag: '--no-verify-ssl', arity: 'none' },
  { flag: '--no-sign-request', arity: 'none' },
  {
    flag: '--cli-input-json',
    arity: 'one',
    value: 'JSON|file://PATH',
    help: 'the request as JSON (the API reference’s request syntax); options given as well win over it',
  },
  {
    flag: '--generate-cli-skeleton',
    arity: 'optional',
    const: 'input',
    choices: ['input', 'output', 'yaml-input'],
    value: 'input|output',
    help: 'print a skeleton of the request (input, the default) or of the response (output) instead of running the command',
  },
  {
    flag: '--handler',
    arity: 'one',
    value: 'FILE[:export]',
    help: "the Custom message function (default: handlers/custom-message.ts); .ts is transpiled in process; a built .mjs/.js (or a Lambda handler string, dist/NAME/index.handler) runs in its own Node.js process with Lambda's environment",
  },
  {
    flag: '--pool',
    arity: 'one',
    value: 'FILE',
    help: 'a pool file (describe-user-pool output + UserPoolClients + Users); default: the embedded demo pool',
  },
  {
    flag: '--state-dir',
    arity: 'one',
    value: 'DIR',
    help: `where pools, keys and the outbox live between commands (default: ${DEFAULT_STATE_DIR}/)`,
  },
  {
    flag: '--trace-file',
    arity: 'one',
    value: 'FILE',
    help: "write the request, each invocation's event, response, verdict and findings, and the deliveries",
  },
  {
    flag: '--env-vars',
    arity: 'one',
    value: 'FILE',
    help: 'environment for the function, as `sam local invoke --env-vars`',
  },
  {
    flag: '--code',
    arity: 'one',
    value: 'CODE',
    help: 'the code delivered in place of {####} (default: six random digits)',
  },
  {
    flag: '--cognito-default-email',
    arity: 'one',
    choices: ['reject', 'allow'],
    help: 'apply the documented DEVELOPER-only rule for emailMessage (default: reject)',
  },
  { flag: '--quiet', arity: 'none', help: 'no summary on stderr' },
  {
    flag: '--parameters',
    arity: 'one',
    value: 'FILE',
    help: 'serve Parameter Store / AppConfig values from a JSON map, so remote-configured handlers run offline',
  },
  {
    flag: '--sms-sender',
    arity: 'one',
    value: 'FILE[:export]',
    help: 'the Custom SMS sender, for pools with LambdaConfig.CustomSMSSender (default: handlers/custom-sms-sender.ts); it decrypts through a local KMS and publishes to a local SNS',
  },
];

/** The globals that are the aws CLI's own; the others with help are the kit's. */
const AWS_CLI_OPTIONS = ['--output', '--cli-input-json', '--generate-cli-skeleton'];
const globalsNamed = (flags: readonly string[]) => GLOBAL_OPTIONS.filter((spec) => flags.includes(spec.flag));
const KIT_OPTIONS = GLOBAL_OPTIONS.filter(
  (spec) => spec.help !== undefined && !AWS_CLI_OPTIONS.includes(spec.flag),
);
const IGNORED_OPTIONS = `The aws CLI's global options a local pool has no use for are accepted and ignored: ${GLOBAL_OPTIONS.filter(
  (spec) => spec.help === undefined,
)
  .map((spec) => spec.flag)
  .join(', ')}.`;

/** A request member and the option that sets it. */
interface Member {
  readonly flag: string;
  readonly name: string;
  readonly kind: 'string' | 'attributes' | 'map';
  readonly required?: boolean;
  /** What the member is, for `--help`. */
  readonly help: string;
}

interface ServiceCommand {
  readonly operation: string;
  /** What the command does against the local pool, for `--help`. */
  readonly summary: string;
  readonly members: readonly Member[];
  readonly run: (session: Session, request: Record<string, unknown>) => Promise<ServiceOutcome>;
}

interface ServiceOutcome {
  readonly response?: Record<string, unknown>;
  readonly error?: { readonly name: string; readonly message: string };
  readonly trace?: Trace;
}

/** Members several operations share. */
const USER_POOL_ID: Member = {
  flag: '--user-pool-id',
  name: 'UserPoolId',
  kind: 'string',
  required: true,
  help: 'the user pool, e.g. the demo pool us-west-2_aaaaaaaaa',
};
const USERNAME: Member = {
  flag: '--username',
  name: 'Username',
  kind: 'string',
  required: true,
  help: 'the user: their username, or an alias such as their email address',
};
const USER_ATTRIBUTES: Member = {
  flag: '--user-attributes',
  name: 'UserAttributes',
  kind: 'attributes',
  required: true,
  help: 'the attributes to set: Name=email,Value=diego@example.com Name=..,Value=.. (or JSON, or file://PATH)',
};
const CLIENT_METADATA: Member = {
  flag: '--client-metadata',
  name: 'ClientMetadata',
  kind: 'map',
  help: 'key=value,.. pairs the triggers receive as request.clientMetadata',
};

const SERVICE_COMMANDS: Readonly<Record<string, ServiceCommand>> = {
  'admin-update-user-attributes': {
    operation: 'AdminUpdateUserAttributes',
    summary:
      'Updates a user’s attributes as an administrator. A new email address or phone number is sent a verification code through the Custom message trigger; the summary on stderr shows the invocation, its verdict and the message.',
    members: [USER_POOL_ID, USERNAME, USER_ATTRIBUTES, CLIENT_METADATA],
    run: async (session, request) => {
      const trace = await session.cognito.adminUpdateUserAttributes(request as never);
      return traceOutcome(trace);
    },
  },
  'update-user-attributes': {
    operation: 'UpdateUserAttributes',
    summary:
      'Updates the signed-in user’s attributes with their access token (from admin-initiate-auth). A new email address or phone number is sent a verification code through the Custom message trigger.',
    members: [
      USER_ATTRIBUTES,
      {
        flag: '--access-token',
        name: 'AccessToken',
        kind: 'string',
        required: true,
        help: 'the user’s access token, as admin-initiate-auth returns it',
      },
      CLIENT_METADATA,
    ],
    run: async (session, request) => {
      const trace = await session.cognito.updateUserAttributes(request as never);
      return traceOutcome(trace);
    },
  },
  'admin-get-user': {
    operation: 'AdminGetUser',
    summary: 'Prints a user’s attributes and status as the local pool holds them.',
    members: [USER_POOL_ID, USERNAME],
    run: async (session, request) => directOutcome(() => session.cognito.adminGetUser(request as never)),
  },
  'admin-initiate-auth': {
    operation: 'AdminInitiateAuth',
    summary:
      'Signs a user in with their password (ADMIN_USER_PASSWORD_AUTH) and prints the tokens; the access token is what update-user-attributes takes.',
    members: [
      USER_POOL_ID,
      {
        flag: '--client-id',
        name: 'ClientId',
        kind: 'string',
        required: true,
        help: 'the app client, one of the pool’s UserPoolClients',
      },
      {
        flag: '--auth-flow',
        name: 'AuthFlow',
        kind: 'string',
        required: true,
        help: 'ADMIN_USER_PASSWORD_AUTH (or ADMIN_NO_SRP_AUTH)',
      },
      {
        flag: '--auth-parameters',
        name: 'AuthParameters',
        kind: 'map',
        help: 'USERNAME=..,PASSWORD=..',
      },
      CLIENT_METADATA,
    ],
    run: async (session, request) => {
      const outcome = directOutcome(() => session.cognito.adminInitiateAuth(request as never));
      if (outcome.response) session.persist();
      return outcome;
    },
  },
};

const directOutcome = (call: () => Record<string, unknown>): ServiceOutcome => {
  try {
    return { response: call() };
  } catch (error) {
    if (error instanceof CognitoServiceError) return { error: { name: error.name, message: error.message } };
    throw error;
  }
};

const traceOutcome = (trace: Trace): ServiceOutcome => ({
  ...('response' in trace.result ? { response: trace.result.response } : { error: trace.result.error }),
  trace,
});

/** A parameter value of `file://path` is the file's text, as the aws CLI reads it. */
const readParamFile = (value: string, flag: string): string => {
  if (!value.startsWith('file://')) return value;
  const path = value.slice('file://'.length);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    const message = `Error parsing parameter '${flag}': Unable to load paramfile ${value}: [Errno 2] No such file or directory: '${path}'`;
    throw new UsageError(message, `\n${message}\n`);
  }
};

/** Reads `--cli-input-json`: inline JSON or `file://path`, parsed as Python's json module parses it. */
const readCliInputJson = (value: string): PyDict =>
  loadCliInputJson(readParamFile(value, '--cli-input-json'));

/**
 * Builds the request as the aws CLI does: the options first, in the model's order, parsing shorthand; then the
 * members only `--cli-input-json` gives, in its order. botocore's checks then run over the whole request, before
 * anything else, so that every problem is in one report and a rejected request changes no state.
 */
const buildRequest = (
  command: ServiceCommand,
  options: ReadonlyMap<string, readonly string[]>,
): Record<string, unknown> => {
  const cliInputJson = options.get('--cli-input-json')?.[0];
  // With --cli-input-json no option is required: botocore reports what the merged request lacks.
  if (cliInputJson === undefined)
    requireOptions(
      command.members.filter((m) => m.required).map((m) => m.flag),
      (flag) => options.has(flag),
    );
  const request = new PyDict(false);
  for (const member of command.members) {
    const given = options.get(member.flag);
    if (given === undefined) continue;
    const words = given.length === 1 ? [readParamFile(given[0] as string, member.flag)] : given;
    if (member.kind === 'string') request.entries.set(member.name, words[0] as string);
    else if (member.kind === 'attributes')
      request.entries.set(member.name, readUserAttributes(words, member.flag));
    else request.entries.set(member.name, readClientMetadata(words[0] ?? '', member.flag));
  }
  if (cliInputJson !== undefined)
    for (const [name, value] of readCliInputJson(cliInputJson).entries)
      if (!request.entries.has(name)) request.entries.set(name, value);
  validateParameters(request, OPERATIONS[command.operation as ModeledOperation].input);
  return toJavaScript(request) as Record<string, unknown>;
};

/** Why `path` cannot be written (its folder is missing, it is a folder, no permission), or undefined when it can. */
const whyUnwritable = (path: string): string | undefined => {
  try {
    if (!existsSync(path)) accessSync(dirname(path), constants.W_OK);
    else if (statSync(path).isDirectory()) return 'it is a directory';
    else accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `the folder ${dirname(path)} does not exist`
      : (error as Error).message;
  }
};

/** What to say of a failure that is the state's or the file system's, not a bug: undefined for anything else. */
const operationalFailure = (error: unknown): string | undefined => {
  if (error instanceof StateError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? (error as Error).message : undefined;
};

/** Loads `--pool FILE`: DescribeUserPool's output with `UserPoolClients` and `Users` beside `UserPool`. */
const loadPoolFile = (path: string): PoolDocument => {
  let document: PoolDocument;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      '',
      `\ncognito-trigger: cannot read the pool file ${path}: ${(error as Error).message}\n`,
    );
  }
  if (typeof document?.UserPool?.Id !== 'string')
    throw new UsageError(
      '',
      `\ncognito-trigger: ${path} is not a pool file: it needs "UserPool" as \`aws cognito-idp describe-user-pool\` prints it (with "Id"), and may have "UserPoolClients" and "Users"\n`,
    );
  return document;
};

/** What `--version` prints: this package's version, read from its package.json when the command runs. */
const version = (): string => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `cognito-trigger ${version}\n`;
};

/** The request's members, as options: what the command line takes and what its `--help` lists. */
const memberOptions = (command: ServiceCommand): OptionSpec[] =>
  command.members.map((m) => ({
    flag: m.flag,
    arity: m.kind === 'attributes' ? 'many' : 'one',
    value: '<value>',
    help: m.help,
    ...(m.required ? { required: true } : {}),
  }));

const serviceUsage = (name: string, command: ServiceCommand): CommandUsage => ({
  command: name,
  summary: `${command.summary} Takes what \`aws cognito-idp ${name}\` takes.`,
  options: [
    { title: 'Parameters', specs: memberOptions(command) },
    { title: 'aws CLI options', specs: GLOBAL_OPTIONS.filter((spec) => AWS_CLI_OPTIONS.includes(spec.flag)) },
    { title: 'Kit options', specs: KIT_OPTIONS },
  ],
  notes: [IGNORED_OPTIONS],
});

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
  ...[...Object.keys(SERVICE_COMMANDS), ...Object.keys(KIT_COMMANDS)]
    .filter((name) => name !== 'help')
    .sort(),
  'help',
];

const invalidChoice = () =>
  new UsageError(
    `aws: error: argument operation: Invalid choice, valid choices are:\n\n${formatChoices(COMMAND_NAMES)}`,
  );

/** The command of that name; not one of Object's own properties (`constructor`), which no command is. */
const commandNamed = <T>(commands: Readonly<Record<string, T>>, name: string | undefined): T | undefined =>
  name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;

const usageOf = async (name: string | undefined): Promise<string> => {
  const service = commandNamed(SERVICE_COMMANDS, name);
  if (service) return formatUsage(serviceUsage(name as string, service));
  const kit = commandNamed(KIT_COMMANDS, name);
  if (kit) return formatUsage(await kit.usage());
  throw invalidChoice();
};

/** Whether the words ask for the command's usage: `--help` or `-h` anywhere, or the aws CLI's `<command> help`. */
const asksForHelp = (name: string, rest: readonly string[]): boolean =>
  rest.includes('--help') ||
  rest.includes('-h') ||
  (commandNamed(SERVICE_COMMANDS, name) !== undefined && rest.length === 1 && rest[0] === 'help');

const HELP = `cognito-trigger: run aws cognito-idp commands against a local user pool and see what your Custom message trigger does

usage: cognito-trigger <command> [parameters]
       cognito-trigger <command> --help     a command's usage and options
       cognito-trigger --version

Commands (the aws CLI's flags, with \`aws cognito-idp\` swapped for \`cognito-trigger\`):
  admin-update-user-attributes  --user-pool-id ID --username NAME --user-attributes Name=..,Value=.. [...] [--client-metadata k=v,..]
  update-user-attributes        --access-token TOKEN --user-attributes Name=..,Value=.. [...] [--client-metadata k=v,..]
  admin-get-user                --user-pool-id ID --username NAME
  admin-initiate-auth           --user-pool-id ID --client-id ID --auth-flow ADMIN_USER_PASSWORD_AUTH --auth-parameters USERNAME=..,PASSWORD=..
  invoke                        --event FILE|- [--handler FILE[:export]]
  events new TRIGGER_SOURCE     [--attribute k=v ...] [--client-metadata k=v ...]
  reset                         forget the pools' state (users, attributes), keep the outbox
  brands check FILE [--handler FILE] [--env-vars FILE]
                                check a brand configuration document as the handler checks remote ones
  build [NAME ...]              bundle the handlers in handlers/ (the modules that export a handler) for Lambda into
                                dist/<name>/index.mjs and dist/<name>.zip
                                [--budget SIZE] [--out-dir DIR] [--handlers-dir DIR] [--no-zip]
  version                       print cognito-trigger's version
  help [COMMAND]                this text, or a command's usage and options

aws CLI options: --output json|text|table, --cli-input-json JSON|file://PATH, --generate-cli-skeleton [input|output]
Kit options:
${formatOptions(KIT_OPTIONS)}
`;

const generateSkeleton = (command: ServiceCommand, words: readonly string[]): CliResult => {
  const which = words[0] ?? 'input';
  if (which === 'yaml-input')
    throw new UsageError(
      '',
      '\ncognito-trigger: --generate-cli-skeleton yaml-input is not supported; use input or output\n',
    );
  return {
    stdout: generateCliSkeleton(command.operation as ModeledOperation, which as 'input' | 'output'),
    stderr: '',
    exitCode: 0,
  };
};

/** Runs an aws cognito-idp command against the local pool. */
const runService = async (
  command: ServiceCommand,
  argv: readonly string[],
  environment: { readonly cwd: string },
): Promise<CliResult> => {
  // An unknown option is reported in the aws CLI's words alone, with no "did you mean" line: usage.live.test.ts holds
  // every byte of stderr to what aws-cli 2.9.19 prints, and aws prints none. The kit's own commands add one.
  const { options, positionals } = parseArgs(argv, [...GLOBAL_OPTIONS, ...memberOptions(command)]);
  if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
  if (options.has('--generate-cli-skeleton'))
    return generateSkeleton(command, options.get('--generate-cli-skeleton') ?? []);
  const format = (options.get('--output')?.[0] ?? 'json') as OutputFormat | 'yaml' | 'yaml-stream';
  if (format === 'yaml' || format === 'yaml-stream')
    throw new UsageError(
      '',
      `\ncognito-trigger: --output ${format} is not supported; use json, text or table\n`,
    );
  const request = buildRequest(command, options);
  const traceFile = options.get('--trace-file')?.[0];
  const tracePath = traceFile === undefined ? undefined : resolvePath(environment.cwd, traceFile);
  // Checked before the call, so that a trace that cannot be written fails it before the state changes.
  const unwritable = tracePath === undefined ? undefined : whyUnwritable(tracePath);
  if (unwritable !== undefined)
    return {
      stdout: '',
      stderr: `\ncognito-trigger: cannot write --trace-file ${tracePath}: ${unwritable}\n`,
      exitCode: 255,
    };

  const pool = options.has('--pool')
    ? loadPoolFile(resolvePath(environment.cwd, options.get('--pool')?.[0] ?? ''))
    : DEMO_POOLS;
  const store = new StateStore(stateDirOf(options, environment.cwd));
  // Anything written to stdout while the call runs goes to stderr: stdout carries only what the aws CLI prints.
  const parameters = options.get('--parameters')?.[0];
  const endpoint = parameters
    ? await (await import('./brands.js')).serveParameters(resolvePath(environment.cwd, parameters))
    : undefined;
  const { session, outcome } = await withStdoutOnStderr(async () => {
    const session = await createSession({ cwd: environment.cwd, options, pool, store });
    try {
      return { session, outcome: await command.run(session, request) };
    } finally {
      await session.close();
    }
  }).finally(() => endpoint?.close());
  const quiet = options.has('--quiet');
  if (tracePath && outcome.trace) writeFileSync(tracePath, `${JSON.stringify(outcome.trace, null, 2)}\n`);
  const notes = session.notes.length > 0 && !quiet ? session.notes.map((n) => `note: ${n}\n`).join('') : '';
  // Read once the functions' processes have ended, so that every line they wrote is here.
  const explanations = session.output.outcomes().map(explainOutcome);
  const traced = outcome.trace ? summarize(outcome.trace, session.handlerLabel, explanations) : '';
  const summary = quiet ? '' : `${notes}${traced}`;
  // The functions' own output, whole and in order, after the summary rather than inside it.
  const logs = session.output.text();
  const functionOutput = logs === '' ? '' : `${summary === '' ? '' : '\n'}${logs}`;
  if (outcome.error)
    return {
      stdout: '',
      stderr: `${summary}${functionOutput}${formatServiceError(command.operation, outcome.error.name, outcome.error.message)}`,
      exitCode: 254,
    };
  return {
    stdout: formatOutput(command.operation, outcome.response ?? {}, format as OutputFormat),
    stderr: `${summary}${functionOutput}`,
    exitCode: 0,
  };
};

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
    const kit = commandNamed(KIT_COMMANDS, name);
    if (kit)
      try {
        return await kit.run(rest, environment);
      } catch (error) {
        throw error instanceof UnknownOptionsError ? suggestOptions(error) : error;
      }
    const command = commandNamed(SERVICE_COMMANDS, name);
    if (!command) throw invalidChoice();
    return await runService(command, rest, environment);
  } catch (error) {
    if (error instanceof UsageError) return { stdout: '', stderr: error.stderr, exitCode: error.exitCode };
    if (error instanceof CliParseError || error instanceof SkeletonValidationError)
      return { stdout: '', stderr: error.stderr, exitCode: error.exitCode };
    // Neither a usage nor a service error: one line, and 255, as the aws CLI ends on other failures.
    const failure = operationalFailure(error);
    if (failure !== undefined)
      return { stdout: '', stderr: `\ncognito-trigger: ${failure}\n`, exitCode: 255 };
    throw error;
  }
};

export type { CliResult, OutputFormat };
export { GLOBAL_OPTIONS, HELP, loadPoolFile, runCli };
