/**
 * @module cli/aws/args — the aws CLI's usage errors, and the simple reading of options the kit's own commands share
 * with it: `--opt value`, `--opt=value`, options taking several words, flags.
 */

/** The usage text the aws CLI prints before a usage error. */
const USAGE = `usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  aws help
  aws <command> help
  aws <command> <subcommand> help
`;

/** A usage or parse error: printed on stderr as the aws CLI prints it, exit status 252. */
class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 252;
  /** The whole stderr text. */
  readonly stderr: string;
  constructor(message: string, stderr = `\n${USAGE}\n${message}\n\n`) {
    super(message);
    this.stderr = stderr;
  }
}

/**
 * Thrown for options no spec names. The aws CLI's text is kept as it is; a command the aws CLI does not have may add
 * a hint with {@link suggestOptions}.
 */
class UnknownOptionsError extends UsageError {
  /** The unknown options and the words that followed them, as given. */
  readonly words: readonly string[];
  /** The options the command takes. */
  readonly known: readonly string[];
  constructor(words: readonly string[], known: readonly string[]) {
    super(`Unknown options: ${words.join(', ')}`);
    this.words = words;
    this.known = known;
  }
}

/**
 * How an option takes its value: `optional` takes the next word unless it is an option, and its `const` without one
 * (argparse's `nargs='?'`, as `--generate-cli-skeleton` does).
 */
type Arity = 'one' | 'many' | 'none' | 'optional';

interface OptionSpec {
  readonly flag: string;
  readonly arity: Arity;
  /** For options with a fixed set of values, e.g. --output. */
  readonly choices?: readonly string[];
  /** Given several times, the values add up instead of the last one winning. */
  readonly repeatable?: boolean;
  /** The value of an `optional` option given alone. */
  readonly const?: string;
  /** What the value looks like in the usage text: `FILE`, `<value>` (default: the choices, else `VALUE`). */
  readonly value?: string;
  /** What the option does, for `--help`; an option without one is accepted but not listed. */
  readonly help?: string;
  /** Listed without brackets in the usage line (the check itself is the command's). */
  readonly required?: boolean;
}

interface ParsedArgs {
  /** Positional words (subcommands and their arguments). */
  readonly positionals: readonly string[];
  /** Each option given, with its words; a flag without value maps to []. The last occurrence wins. */
  readonly options: ReadonlyMap<string, readonly string[]>;
}

const formatChoices = (choices: readonly string[]): string => {
  const cells = choices.map((choice) => choice.padEnd(40));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2)
    rows.push(cells[i + 1] === undefined ? (cells[i] as string) : `${cells[i]} | ${cells[i + 1]}`);
  return rows.join('\n');
};

/**
 * Splits argv as the aws CLI's argparse does: `--opt value`, `--opt=value`, options taking several words (a list of
 * structures) up to the next `--option`, flags without value. Unknown options are collected and reported together,
 * with the words that followed them, as `Unknown options: --foo, bar`.
 *
 * @example
 * ```ts
 * parseArgs(['--username', 'diego', '--user-attributes', 'Name=a,Value=b', 'Name=c,Value=d'], specs);
 * ```
 */
const parseArgs = (argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs => {
  const byFlag = new Map(specs.map((spec) => [spec.flag, spec]));
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  let afterUnknown = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('--')) {
      if (afterUnknown) unknown.push(word);
      else positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const flag = equals === -1 ? word : word.slice(0, equals);
    const spec = byFlag.get(flag);
    afterUnknown = spec === undefined;
    if (!spec) {
      unknown.push(word);
      continue;
    }
    const values: string[] = [];
    if (equals !== -1) values.push(word.slice(equals + 1));
    else if (spec.arity === 'optional') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) values.push(spec.const ?? '');
      else {
        values.push(next);
        i++;
      }
    } else if (spec.arity === 'one') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`aws: error: argument ${flag}: expected one argument`);
      values.push(next);
      i++;
    } else if (spec.arity === 'many') {
      while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--'))
        values.push(argv[++i] as string);
      if (values.length === 0)
        throw new UsageError(`aws: error: argument ${flag}: expected at least one argument`);
    }
    if (spec.choices && !spec.choices.includes(values[0] as string))
      throw new UsageError(
        `aws: error: argument ${flag}: Invalid choice, valid choices are:\n\n${formatChoices(spec.choices)}`,
      );
    options.set(flag, spec.repeatable ? [...(options.get(flag) ?? []), ...values] : values);
  }
  if (unknown.length > 0)
    throw new UnknownOptionsError(
      unknown,
      specs.map((spec) => spec.flag),
    );
  return { positionals, options };
};

/** Reports missing required options in the aws CLI's words, in the order the command lists them. */
const requireOptions = (flags: readonly string[], present: (flag: string) => boolean): void => {
  const missing = flags.filter((flag) => !present(flag));
  if (missing.length > 0)
    throw new UsageError(`aws: error: the following arguments are required: ${missing.join(', ')}`);
};

export type { Arity, OptionSpec, ParsedArgs };
export { formatChoices, parseArgs, requireOptions, UnknownOptionsError, USAGE, UsageError };
