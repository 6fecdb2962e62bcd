/**
 * @module cli/aws/arguments — the arguments aws-cli 2.9.19 builds for a cognito-idp command from the model (its
 * global options, one option per request member, `--no-x` for each boolean, the paging and `--cli-input-json` /
 * `--generate-cli-skeleton` options), how it parses a command line with them, and the request it builds.
 */

import { type Action, type ArgValue, parseKnownArgs } from './argparse.js';
import { loadCliInputJson, readParamFile, unpackArgument } from './argprocess.js';
import { UsageError } from './args.js';
import { asAwsDoes, CliParseError } from './errors.js';
import { operationModel, type PaginatorDefinition, type ShapeType, shapeNamed } from './model.js';
import { xformName } from './names.js';
import { PAGING_OPTIONS } from './paginate.js';
import { pythonInt } from './python/int.js';
import { PyDict } from './python/repr.js';

/**
 * The aws CLI's global options (awscli/data/cli.json), which its main parser takes from anywhere on the command line
 * before the command sees the rest.
 *
 * @example
 * ```ts
 * GLOBAL_ACTIONS.find((action) => action.dest === '--output')?.choices; // ['json', 'text', 'table', 'yaml', 'yaml-stream']
 * ```
 */
const GLOBAL_ACTIONS: readonly Action[] = [
  { flags: ['--debug'], dest: '--debug', nargs: 'none' },
  { flags: ['--endpoint-url'], dest: '--endpoint-url', nargs: 'one' },
  { flags: ['--no-verify-ssl'], dest: '--no-verify-ssl', nargs: 'none' },
  { flags: ['--no-paginate'], dest: '--no-paginate', nargs: 'none' },
  {
    flags: ['--output'],
    dest: '--output',
    nargs: 'one',
    choices: ['json', 'text', 'table', 'yaml', 'yaml-stream'],
  },
  { flags: ['--query'], dest: '--query', nargs: 'one' },
  { flags: ['--profile'], dest: '--profile', nargs: 'one' },
  { flags: ['--region'], dest: '--region', nargs: 'one' },
  { flags: ['--color'], dest: '--color', nargs: 'one', choices: ['on', 'off', 'auto'] },
  { flags: ['--no-sign-request'], dest: '--no-sign-request', nargs: 'none' },
  { flags: ['--ca-bundle'], dest: '--ca-bundle', nargs: 'one' },
  { flags: ['--cli-read-timeout'], dest: '--cli-read-timeout', nargs: 'one' },
  { flags: ['--cli-connect-timeout'], dest: '--cli-connect-timeout', nargs: 'one' },
  {
    flags: ['--cli-binary-format'],
    dest: '--cli-binary-format',
    nargs: 'one',
    choices: ['base64', 'raw-in-base64-out'],
  },
  { flags: ['--no-cli-pager'], dest: '--no-cli-pager', nargs: 'none' },
  { flags: ['--cli-auto-prompt'], dest: '--cli-auto-prompt', nargs: 'none' },
  { flags: ['--no-cli-auto-prompt'], dest: '--no-cli-auto-prompt', nargs: 'none' },
  { flags: ['--version'], dest: '--version', nargs: 'none', version: true },
];

// urllib's idea of a scheme: a letter, then letters, digits, `+`, `-` or `.`, before the first colon; it reads the
// URL without leading controls and spaces, and without tabs and line breaks anywhere.
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const hasScheme = (url: string): boolean => {
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  return HAS_SCHEME.test(url.slice(start).replace(/[\t\n\r]/g, ''));
};

/**
 * What aws checks of the global options as soon as it has them (the top-level-args-parsed handlers), before the
 * command reads its own: an endpoint URL needs a scheme, and the timeouts are Python ints.
 */
const resolveGlobals = (globals: ReadonlyMap<string, ArgValue>): void => {
  const endpoint = globals.get('--endpoint-url');
  if (typeof endpoint === 'string' && !hasScheme(endpoint))
    throw new CliParseError(
      `Bad value for --endpoint-url "${endpoint}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
    );
  for (const flag of ['--cli-read-timeout', '--cli-connect-timeout']) {
    const value = globals.get(flag);
    if (typeof value === 'string') asAwsDoes(() => pythonInt(value));
  }
};

/** A request member and the option that sets it. */
interface MemberArgument {
  /** The member's name in the request: `UserPoolId`. */
  readonly member: string;
  /** `--user-pool-id`; a boolean also has `--no-user-pool-id`. */
  readonly flag: string;
  readonly shape: string;
  readonly type: ShapeType;
  readonly required: boolean;
}

/** What aws builds for one operation: its member options in the model's order, and its paginator. */
interface ArgumentTable {
  readonly operation: string;
  readonly input: string;
  readonly members: readonly MemberArgument[];
  readonly paginator?: PaginatorDefinition;
}

/**
 * The arguments of an operation's command, from the model.
 *
 * @throws {RangeError} for an operation the model does not have
 * @example
 * ```ts
 * argumentTable('AdminGetUser').members.map((m) => m.flag); // ['--user-pool-id', '--username']
 * ```
 */
const argumentTable = (operation: string): ArgumentTable => {
  const model = operationModel(operation);
  if (!model) throw new RangeError(`the cognito-idp model has no operation ${operation}`);
  const input = shapeNamed(model.input);
  const members =
    input.type === 'structure'
      ? Object.entries(input.members).map(([member, shape]) => ({
          member,
          flag: `--${xformName(member)}`,
          shape,
          type: shapeNamed(shape).type,
          required: (input.required ?? []).includes(member),
        }))
      : [];
  return {
    operation,
    input: model.input,
    members,
    ...(model.paginator ? { paginator: model.paginator } : {}),
  };
};

/** The command's own options as argparse holds them, in the order aws adds them; `required` as the words allow. */
const operationActions = (table: ArgumentTable, words: readonly string[]): Action[] => {
  // OverrideRequiredArgsArgument: the word itself, exactly, makes every option optional.
  const skeletonAt = words.indexOf('--generate-cli-skeleton');
  const noneRequired =
    words.includes('--cli-input-json') ||
    words.includes('--cli-input-yaml') ||
    (skeletonAt !== -1 && words[skeletonAt + 1] !== 'output');
  const actions: Action[] = [];
  for (const member of table.members) {
    const required = member.required && !noneRequired;
    // A flag is never required: BooleanArgument does not tell argparse that its member is.
    if (member.type === 'boolean') {
      actions.push({ flags: [member.flag], dest: member.flag, nargs: 'none', store: true });
      actions.push({
        flags: [`--no-${member.flag.slice(2)}`],
        dest: member.flag,
        nargs: 'none',
        store: false,
      });
    } else if (member.type === 'list')
      actions.push({ flags: [member.flag], dest: member.flag, nargs: 'any', required });
    else
      actions.push({
        flags: [member.flag],
        dest: member.flag,
        nargs: 'one',
        required,
        ...(member.type === 'long' ? { type: 'int' as const } : {}),
      });
  }
  actions.push({ flags: ['--cli-input-json'], dest: '--cli-input-json', nargs: 'one' });
  actions.push({ flags: ['--cli-input-yaml'], dest: '--cli-input-yaml', nargs: 'one' });
  if (table.paginator) {
    // --page-size and --max-items are read as the operation's limit is: an int, unless the limit is a string.
    const limit = table.members.find((member) => member.member === table.paginator?.limitKey);
    for (const { flag } of PAGING_OPTIONS) {
      if (flag === '--page-size' && limit === undefined) continue;
      const asInt = flag !== '--starting-token' && limit?.type !== 'string';
      actions.push({ flags: [flag], dest: flag, nargs: 'one', ...(asInt ? { type: 'int' as const } : {}) });
    }
  }
  actions.push({
    flags: ['--generate-cli-skeleton'],
    dest: '--generate-cli-skeleton',
    nargs: 'optional',
    const: 'input',
    choices: ['input', 'output', 'yaml-input'],
  });
  return actions;
};

/** A command line as aws reads it: the globals, the command's options, and the words neither took. */
interface CommandLine {
  readonly globals: ReadonlyMap<string, ArgValue>;
  readonly options: ReadonlyMap<string, ArgValue>;
  /** The words aws reports as `Unknown options: …`, in its order. */
  readonly unknown: readonly string[];
  /** The word after the options when it is `help`: aws then prints the command's help. */
  readonly help?: string;
}

/**
 * Reads a command line as aws-cli 2.9.19 does: its main parser takes the global options from anywhere, then the
 * command's parser takes its options (abbreviations included) and one stray word as `help`; the rest is unknown.
 * `extra` are options aws does not have (the kit's): matched by their full name only, after aws's own.
 *
 * @throws {UsageError} argparse's errors: a missing value, an invalid choice, an ambiguous prefix, required options
 * @example
 * ```ts
 * parseCommandLine(argumentTable('AdminGetUser'), ['--user-pool-id', 'x', '--username', 'y', '--output', 'text']);
 * ```
 */
const parseCommandLine = (
  table: ArgumentTable,
  words: readonly string[],
  extra: readonly Action[] = [],
): CommandLine => {
  const globals = parseKnownArgs(words, GLOBAL_ACTIONS);
  resolveGlobals(globals.values);
  const own = operationActions(table, globals.extras);
  const taken = new Set(own.flatMap((action) => action.flags));
  const kit = extra
    .filter((action) => !action.flags.some((flag) => taken.has(flag)))
    .map((action) => ({ ...action, abbreviable: false }));
  const parsed = parseKnownArgs(globals.extras, [
    ...own,
    ...kit,
    { flags: [], dest: 'help', nargs: 'optional' },
  ]);
  const options = new Map(parsed.values);
  const help = options.get('help');
  options.delete('help');
  const unknown = [...parsed.extras, ...(typeof help === 'string' ? [help] : [])];
  return { globals: globals.values, options, unknown, ...(help === 'help' ? { help } : {}) };
};

/**
 * The request aws builds from the options: each member given, in the model's order, unpacked as its shape allows,
 * then `PaginationConfig` for the paging options, then the members only `--cli-input-json` gives.
 *
 * @throws {CliParseError} where aws cannot read a value (exit status 252, or 255 where aws crashes)
 * @example
 * ```ts
 * buildRequest(table, parseCommandLine(table, argv).options); // PyDict {'UserPoolId': …, 'Username': …}
 * ```
 */
const buildRequest = (table: ArgumentTable, options: ReadonlyMap<string, ArgValue>): PyDict => {
  const request = new PyDict(false);
  for (const member of table.members) {
    const given = options.get(member.flag);
    if (given === undefined) continue;
    request.entries.set(member.member, unpackArgument(member.shape, given, member.flag));
  }
  // aws reads a `file://` value of every option, these too, in this order.
  const cliInput = options.get('--cli-input-json');
  if (typeof cliInput === 'string') readParamFile(cliInput, '--cli-input-json');
  for (const { flag, key } of PAGING_OPTIONS) {
    const given = options.get(flag);
    if (given === undefined) continue;
    const config = request.entries.get('PaginationConfig');
    const dict = config instanceof PyDict ? config : new PyDict(false);
    dict.entries.set(
      key,
      typeof given === 'string' ? (readParamFile(given, flag) ?? given) : (given as bigint),
    );
    request.entries.set('PaginationConfig', dict);
  }
  return request;
};

/**
 * Adds the members of `--cli-input-json` that the options did not set, as aws does before it calls.
 *
 * @throws {CliParseError} for JSON aws cannot read, or `--cli-input-yaml` given as well
 */
const mergeCliInput = (request: PyDict, options: ReadonlyMap<string, ArgValue>): void => {
  const json = options.get('--cli-input-json');
  if (options.has('--cli-input-yaml'))
    throw new UsageError('', '\ncognito-trigger: --cli-input-yaml is not supported; use --cli-input-json\n');
  if (typeof json !== 'string') return;
  for (const [name, value] of loadCliInputJson(json).entries)
    if (!request.entries.has(name)) request.entries.set(name, value);
};

/**
 * Whether aws pages this call: a paginated operation, `--no-paginate` not given, and no token or limit of the
 * operation's own in the options or the request.
 *
 * @throws {CliParseError} `Cannot specify --no-paginate along with pagination arguments: …`, exit status 252
 */
const shouldPaginate = (
  table: ArgumentTable,
  globals: ReadonlyMap<string, ArgValue>,
  options: ReadonlyMap<string, ArgValue>,
  request?: PyDict,
): boolean => {
  const paginator = table.paginator;
  if (!paginator) return false;
  const own = [paginator.inputToken, ...(paginator.limitKey === undefined ? [] : [paginator.limitKey])];
  let paginate = !globals.has('--no-paginate');
  if (own.some((member) => options.has(`--${xformName(member)}`))) paginate = false;
  if (!paginate) {
    const used = PAGING_OPTIONS.map(({ flag }) => flag).filter((flag) => {
      const value = options.get(flag);
      return value !== undefined && value !== '' && value !== 0n;
    });
    if (used.length > 0)
      throw new CliParseError(
        `Cannot specify --no-paginate along with pagination arguments: ${used.join(', ')}`,
      );
  }
  if (request && own.some((member) => request.entries.has(member))) paginate = false;
  return paginate;
};

export type { ArgumentTable, CommandLine, MemberArgument };
export { argumentTable, buildRequest, GLOBAL_ACTIONS, mergeCliInput, parseCommandLine, shouldPaginate };
