/** @module cli/main — `cognito-trigger`: the aws CLI's cognito-idp commands, run against a local user pool. */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { CognitoServiceError } from '../cognito/errors.js';
import type { Trace } from '../local/local-cognito.js';
import { DEMO_POOLS, type PoolDocument } from '../local/pool.js';
import { DEFAULT_STATE_DIR, StateError, StateStore } from '../local/state.js';
import { type OptionSpec, parseArgs, requireOptions, UsageError } from './args.js';
import { runBrandsCheck, serveParameters } from './brands.js';
import { runBuild } from './build.js';
import { explainOutcome } from './function-output.js';
import { runEventsNew, runInvoke } from './invoke.js';
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

/** Options every command takes: the aws CLI's globals the kit honours or ignores, and the kit's own. */
const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flag: '--output', arity: 'one', choices: ['json', 'text', 'table', 'yaml', 'yaml-stream'] },
  { flag: '--region', arity: 'one' },
  { flag: '--profile', arity: 'one' },
  { flag: '--endpoint-url', arity: 'one' },
  { flag: '--no-cli-pager', arity: 'none' },
  { flag: '--no-paginate', arity: 'none' },
  { flag: '--no-verify-ssl', arity: 'none' },
  { flag: '--no-sign-request', arity: 'none' },
  { flag: '--cli-input-json', arity: 'one' },
  { flag: '--generate-cli-skeleton', arity: 'one' },
  { flag: '--handler', arity: 'one' },
  { flag: '--pool', arity: 'one' },
  { flag: '--state-dir', arity: 'one' },
  { flag: '--trace-file', arity: 'one' },
  { flag: '--env-vars', arity: 'one' },
  { flag: '--code', arity: 'one' },
  { flag: '--cognito-default-email', arity: 'one', choices: ['reject', 'allow'] },
  { flag: '--quiet', arity: 'none' },
  { flag: '--parameters', arity: 'one' },
  { flag: '--sms-sender', arity: 'one' },
];

/** A request member and the option that sets it. */
interface Member {
  readonly flag: string;
  readonly name: string;
  readonly kind: 'string' | 'attributes' | 'map';
  readonly required?: boolean;
}

interface ServiceCommand {
  readonly operation: string;
  readonly members: readonly Member[];
  readonly run: (session: Session, request: Record<string, unknown>) => Promise<ServiceOutcome>;
}

interface ServiceOutcome {
  readonly response?: Record<string, unknown>;
  readonly error?: { readonly name: string; readonly message: string };
  readonly trace?: Trace;
}

/** Members several operations share. */
const USER_POOL_ID: Member = { flag: '--user-pool-id', name: 'UserPoolId', kind: 'string', required: true };
const USERNAME: Member = { flag: '--username', name: 'Username', kind: 'string', required: true };
const USER_ATTRIBUTES: Member = {
  flag: '--user-attributes',
  name: 'UserAttributes',
  kind: 'attributes',
  required: true,
};
const CLIENT_METADATA: Member = { flag: '--client-metadata', name: 'ClientMetadata', kind: 'map' };

const SERVICE_COMMANDS: Readonly<Record<string, ServiceCommand>> = {
  'admin-update-user-attributes': {
    operation: 'AdminUpdateUserAttributes',
    members: [USER_POOL_ID, USERNAME, USER_ATTRIBUTES, CLIENT_METADATA],
    run: async (session, request) => {
      const trace = await session.cognito.adminUpdateUserAttributes(request as never);
      return traceOutcome(trace);
    },
  },
  'update-user-attributes': {
    operation: 'UpdateUserAttributes',
    members: [
      USER_ATTRIBUTES,
      { flag: '--access-token', name: 'AccessToken', kind: 'string', required: true },
      CLIENT_METADATA,
    ],
    run: async (session, request) => {
      const trace = await session.cognito.updateUserAttributes(request as never);
      return traceOutcome(trace);
    },
  },
  'admin-get-user': {
    operation: 'AdminGetUser',
    members: [USER_POOL_ID, USERNAME],
    run: async (session, request) => directOutcome(() => session.cognito.adminGetUser(request as never)),
  },
  'admin-initiate-auth': {
    operation: 'AdminInitiateAuth',
    members: [
      USER_POOL_ID,
      { flag: '--client-id', name: 'ClientId', kind: 'string', required: true },
      { flag: '--auth-flow', name: 'AuthFlow', kind: 'string', required: true },
      { flag: '--auth-parameters', name: 'AuthParameters', kind: 'map' },
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

const HELP = `cognito-trigger: run aws cognito-idp commands against a local user pool and see what your Custom message trigger does

usage: cognito-trigger <command> [parameters]

Commands (the aws CLI's flags, with \`aws cognito-idp\` swapped for \`cognito-trigger\`):
  admin-update-user-attributes  --user-pool-id ID --username NAME --user-attributes Name=..,Value=.. [...] [--client-metadata k=v,..]
  update-user-attributes        --access-token TOKEN --user-attributes Name=..,Value=.. [...] [--client-metadata k=v,..]
  admin-get-user                --user-pool-id ID --username NAME
  admin-initiate-auth           --user-pool-id ID --client-id ID --auth-flow ADMIN_USER_PASSWORD_AUTH --auth-parameters USERNAME=..,PASSWORD=..
  invoke                        --event FILE|- [--handler FILE[:export]]
  events new TRIGGER_SOURCE     [--attribute k=v ...] [--client-metadata k=v ...]
  reset                         forget the pools' state (users, attributes), keep the outbox
  brands check FILE             check a brand configuration document as the handler checks remote ones
  build [NAME ...]              bundle handlers/*.ts for Lambda into dist/<name>/index.mjs and dist/<name>.zip
                                [--budget SIZE] [--out-dir DIR] [--handlers-dir DIR] [--no-zip]

aws CLI options: --output json|text|table, --cli-input-json JSON|file://PATH, --generate-cli-skeleton [input|output]
Kit options:
  --handler FILE[:export]   the Custom message function (default: handlers/custom-message.ts); .ts is transpiled in
                            process; a built .mjs/.js (or a Lambda handler string, dist/NAME/index.handler) runs in
                            its own Node.js process with Lambda's environment
  --pool FILE               a pool file (describe-user-pool output + UserPoolClients + Users); default: the embedded demo pool
  --state-dir DIR           where pools, keys and the outbox live between commands (default: ${DEFAULT_STATE_DIR}/)
  --trace-file FILE         write the request, each invocation's event, response, verdict and findings, and the deliveries
  --env-vars FILE           environment for the function, as \`sam local invoke --env-vars\`
  --code CODE               the code delivered in place of {####} (default: six random digits)
  --cognito-default-email reject|allow  apply the documented DEVELOPER-only rule for emailMessage (default: reject)
  --quiet                   no summary on stderr
  --parameters FILE         serve Parameter Store / AppConfig values from a JSON map, so remote-configured handlers run offline
  --sms-sender FILE[:export] the Custom SMS sender, for pools with LambdaConfig.CustomSMSSender (default:
                            handlers/custom-sms-sender.ts); it decrypts through a local KMS and publishes to a local SNS
`;

const generateSkeleton = (command: ServiceCommand, words: readonly string[]): CliResult => {
  const which = (words[0] ?? 'input') as 'input' | 'output';
  return {
    stdout: generateCliSkeleton(command.operation as ModeledOperation, which),
    stderr: '',
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
    if (name === undefined || name === 'help' || name === '--help' || name === '-h')
      return { stdout: HELP, stderr: '', exitCode: name === undefined ? 252 : 0 };
    if (name === 'invoke') return await runInvoke(rest, environment, GLOBAL_OPTIONS);
    if (name === 'events') return runEventsNew(rest, GLOBAL_OPTIONS);
    if (name === 'brands') return runBrandsCheck(rest, environment.cwd, GLOBAL_OPTIONS);
    if (name === 'build') return await runBuild(rest, environment.cwd);
    if (name === 'reset') {
      const { options } = parseArgs(rest, GLOBAL_OPTIONS);
      const dir = resolvePath(environment.cwd, options.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR);
      new StateStore(dir).reset();
      return {
        stdout: '',
        stderr: options.has('--quiet')
          ? ''
          : `cognito-trigger: pools in ${dir} start again from their pool files\n`,
        exitCode: 0,
      };
    }
    const command = SERVICE_COMMANDS[name];
    if (!command)
      throw new UsageError(
        `aws: error: argument operation: Invalid choice, valid choices are:\n\n${Object.keys(SERVICE_COMMANDS).join(' | ')} | invoke | events`,
      );
    const specs: OptionSpec[] = [
      ...GLOBAL_OPTIONS.filter((spec) => spec.flag !== '--generate-cli-skeleton'),
      { flag: '--generate-cli-skeleton', arity: 'many' },
      ...command.members.map(
        (m): OptionSpec => ({ flag: m.flag, arity: m.kind === 'attributes' ? 'many' : 'one' }),
      ),
    ];
    const { options, positionals } = parseArgs(rest, specs);
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
    const store = new StateStore(
      resolvePath(environment.cwd, options.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR),
    );
    // Anything written to stdout while the call runs goes to stderr: stdout carries only what the aws CLI prints.
    const parameters = options.get('--parameters')?.[0];
    const endpoint = parameters ? await serveParameters(resolvePath(environment.cwd, parameters)) : undefined;
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
