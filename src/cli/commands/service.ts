/**
 * @module cli/commands/service — runs a service command as aws-cli 2.9.19 would run it against Cognito: the command
 * line read as aws reads it, the request built and checked as botocore checks it, the operation run by the local
 * engine, and its response or error printed as aws prints them. The kit adds its account of the call on stderr.
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { Trace } from '../../local/local-cognito.js';
import { DEMO_POOLS } from '../../local/pool.js';
import { DEFAULT_STATE_DIR, StateStore } from '../../local/state.js';
import type { ArgValue } from '../aws/argparse.js';
import { UsageError } from '../aws/args.js';
import {
  argumentTable,
  buildRequest,
  mergeCliInput,
  parseCommandLine,
  shouldPaginate,
} from '../aws/arguments.js';
import { operationModel } from '../aws/model.js';
import { formatPages, formatParsed, type OutputFormat } from '../aws/output/index.js';
import { formatServiceError, SERVICE_ERROR_EXIT_CODE } from '../aws/output/service-error.js';
import { parseResponse } from '../aws/output/timestamps.js';
import { paginate } from '../aws/paginate.js';
import type { JsonValue, PyDict } from '../aws/python/repr.js';
import { generateCliSkeleton } from '../aws/skeleton.js';
import { toJavaScript, validateParameters } from '../aws/validate.js';
import { explainOutcome } from '../function-output.js';
import { KIT_ACTIONS } from '../options.js';
import { loadPoolFile } from '../pool-file.js';
import type { CliResult } from '../result.js';
import { createSession, type Session, withStdoutOnStderr } from '../session.js';
import { summarize } from '../summary.js';
import { formatUsage } from '../usage.js';
import { type ServiceCommand, serviceUsage } from './operations.js';

/** The operations whose account says so when no message went out: they exist to send one. */
const ATTRIBUTE_UPDATES = new Set(['AdminUpdateUserAttributes', 'UpdateUserAttributes']);

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

const word = (options: ReadonlyMap<string, ArgValue>, flag: string): string | undefined => {
  const value = options.get(flag);
  return typeof value === 'string' ? value : undefined;
};

/** The kit's own options of a service command, as the session reads them. */
const kitOptions = (options: ReadonlyMap<string, ArgValue>): Map<string, readonly string[]> =>
  new Map(
    [...options]
      .filter(([flag]) => KIT_ACTIONS.some((action) => action.dest === flag))
      .map(([flag, value]) => [
        flag,
        typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [],
      ]),
  );

/** Refuses what aws would do and the kit cannot: YAML, --query, yaml-input skeletons. */
const refuseUnsupported = (globals: ReadonlyMap<string, ArgValue>, skeleton: ArgValue | undefined) => {
  const format = word(globals, '--output');
  if (format === 'yaml' || format === 'yaml-stream')
    throw new UsageError(
      '',
      `\ncognito-trigger: --output ${format} is not supported; use json, text or table\n`,
    );
  if (globals.has('--query'))
    throw new UsageError(
      '',
      '\ncognito-trigger: --query is not supported; pipe the json output to jq instead\n',
    );
  if (skeleton === 'yaml-input')
    throw new UsageError(
      '',
      '\ncognito-trigger: --generate-cli-skeleton yaml-input is not supported; use input or output\n',
    );
};

/** One call of the operation: its trace, and the response as botocore parses it. */
interface Call {
  readonly trace: Trace;
  readonly page?: JsonValue;
}

/**
 * What the kit writes on stderr before what aws would: the session's notes, an account of each call that ran a
 * trigger or delivered a message (or was meant to), and then the functions' own output, whole and in order.
 */
const accountOf = (session: Session, calls: readonly Call[], quiet: boolean): string => {
  const notes = session.notes.length > 0 && !quiet ? session.notes.map((n) => `note: ${n}\n`).join('') : '';
  // Read once the functions' processes have ended, so that every line they wrote is here.
  const explanations = session.output.outcomes().map(explainOutcome);
  const told = calls
    .map((made) => made.trace)
    .filter((trace) => worthTelling(trace, session.cognito.notes.length))
    .map((trace) => summarize(trace, session.handlerLabel, explanations))
    .join('');
  const summary = quiet ? '' : `${notes}${told}`;
  const logs = session.output.text();
  return `${summary}${logs === '' ? '' : `${summary === '' ? '' : '\n'}${logs}`}`;
};

/** Whether the kit's account of the call says anything the response does not. */
const worthTelling = (trace: Trace, baseNotes: number): boolean =>
  trace.invocations.length > 0 ||
  (trace.senderInvocations?.length ?? 0) > 0 ||
  trace.deliveries.length > 0 ||
  trace.notes.length > baseNotes ||
  ATTRIBUTE_UPDATES.has(trace.operation);

/**
 * Runs an aws cognito-idp command against the local pool.
 *
 * @example
 * ```ts
 * await runService(SERVICE_COMMANDS.get('get-user')!, ['--access-token', token], { cwd: process.cwd() });
 * ```
 */
const runService = async (
  command: ServiceCommand,
  argv: readonly string[],
  environment: { readonly cwd: string },
): Promise<CliResult> => {
  const table = argumentTable(command.operation);
  const line = parseCommandLine(table, argv, KIT_ACTIONS);
  if (line.help !== undefined) return { stdout: formatUsage(serviceUsage(command)), stderr: '', exitCode: 0 };
  // An unknown option is reported in the aws CLI's words alone, with no "did you mean" line: the live tests hold
  // every byte of stderr to what aws-cli 2.9.19 prints, and aws prints none. The kit's own commands add one.
  if (line.unknown.length > 0) throw new UsageError(`Unknown options: ${line.unknown.join(', ')}`);
  const { globals, options } = line;
  const skeleton = options.get('--generate-cli-skeleton');
  refuseUnsupported(globals, skeleton);
  const format = (word(globals, '--output') ?? 'json') as OutputFormat;
  const pageable = shouldPaginate(table, globals, options);
  const request = buildRequest(table, options);
  mergeCliInput(request, options);
  const paginated = pageable && shouldPaginate(table, globals, options, request);
  if (skeleton === 'input')
    return { stdout: generateCliSkeleton(command.operation), stderr: '', exitCode: 0 };
  if (skeleton === 'output') {
    const sample = generateCliSkeleton(command.operation, 'output', format);
    validateParameters(request, table.input);
    return { stdout: sample, stderr: '', exitCode: 0 };
  }
  if (!paginated) validateParameters(request, table.input);

  const traceFile = kitOptions(options).get('--trace-file')?.[0];
  const tracePath = traceFile === undefined ? undefined : resolvePath(environment.cwd, traceFile);
  // Checked before the call, so that a trace that cannot be written fails it before the state changes.
  const unwritable = tracePath === undefined ? undefined : whyUnwritable(tracePath);
  if (unwritable !== undefined)
    return {
      stdout: '',
      stderr: `\ncognito-trigger: cannot write --trace-file ${tracePath}: ${unwritable}\n`,
      exitCode: 255,
    };

  const kit = kitOptions(options);
  const poolPath = kit.get('--pool')?.[0];
  const pool = poolPath === undefined ? DEMO_POOLS : loadPoolFile(resolvePath(environment.cwd, poolPath));
  const store = new StateStore(
    resolvePath(environment.cwd, kit.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR),
  );
  const parameters = kit.get('--parameters')?.[0];
  const endpoint = parameters
    ? await (await import('../brands.js')).serveParameters(resolvePath(environment.cwd, parameters))
    : undefined;

  // Anything written to stdout while the calls run goes to stderr: stdout carries only what the aws CLI prints.
  const opened: { session?: Session } = {};
  const calls: Call[] = [];
  const call = async (body: PyDict): Promise<Call> => {
    opened.session ??= await createSession({ cwd: environment.cwd, options: kit, pool, store });
    const trace = await opened.session.cognito.call(command.operation, toJavaScript(body));
    const made: Call =
      'response' in trace.result
        ? { trace, page: parseResponse(command.operation, trace.result.response) }
        : { trace };
    calls.push(made);
    return made;
  };
  const paging = paginated ? operationModel(command.operation)?.paginator : undefined;
  const outcome = await withStdoutOnStderr(async () => {
    try {
      if (paging)
        return await paginate(paging, request, async (body) => {
          validateParameters(body, table.input);
          const made = await call(body);
          return made.page === undefined ? { error: made.trace } : { page: made.page };
        });
      const made = await call(request);
      return made.page === undefined ? { pages: [], error: made.trace } : { pages: [made.page] };
    } finally {
      await opened.session?.close();
    }
  }).finally(() => endpoint?.close());

  const { session } = opened;
  const last = calls.at(-1)?.trace;
  // A sign-in's pool is saved as it was, so that its token's pool stays the one that issued it.
  if (session && last && 'response' in last.result && 'AuthenticationResult' in last.result.response)
    session.persist();
  if (tracePath && calls.length > 0)
    writeFileSync(
      tracePath,
      `${JSON.stringify(calls.length === 1 ? last : calls.map((made) => made.trace), null, 2)}\n`,
    );
  const account = session ? accountOf(session, calls, kit.has('--quiet')) : '';
  const printed = (pages: readonly JsonValue[], nextToken?: string) =>
    paging
      ? formatPages(
          command.operation,
          { resultKey: paging.resultKey, pages, ...(nextToken ? { nextToken } : {}) },
          format,
        )
      : formatParsed(command.operation, pages[0] ?? {}, format);
  if (outcome.error && 'error' in outcome.error.result) {
    const { name, message } = outcome.error.result.error;
    return {
      // The text format prints each page as it comes: the pages before the error are out already.
      stdout: format === 'text' && paging ? printed(outcome.pages) : '',
      stderr: `${account}${formatServiceError(command.operation, name, message)}`,
      exitCode: SERVICE_ERROR_EXIT_CODE,
    };
  }
  return { stdout: printed(outcome.pages, outcome.nextToken), stderr: account, exitCode: 0 };
};

export { runService };
