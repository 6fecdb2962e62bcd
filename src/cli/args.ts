/** @module cli/args — the aws CLI's command-line rules: options, values, and its usage errors. */

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

/** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
const editDistance = (a: string, b: string): number => {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (rows[a.length] as number[])[b.length] as number;
};

/** The known option nearest to `flag`, when it is near enough to be a slip: a third of the name, at least one edit. */
const nearestOption = (flag: string, known: readonly string[]): string | undefined => {
  const name = flag.replace(/^--/, '');
  let best: { flag: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate.replace(/^--/, ''));
    if (distance < (best?.distance ?? Number.POSITIVE_INFINITY)) best = { flag: candidate, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.flag : undefined;
};

/**
 * The unknown-options error with a `did you mean --username?` line for each mistyped option that is near a known one,
 * or the error as it was when none is.
 *
 * @example
 * ```ts
 * suggestOptions(new UnknownOptionsError(['--evnt', 'e.json'], ['--event'])).stderr;
 * // …Unknown options: --evnt, e.json\ndid you mean --event?\n\n
 * ```
 */
const suggestOptions = (error: UnknownOptionsError): UsageError => {
  const slips = error.words
    .filter((word) => word.startsWith('--'))
    .map((word) => word.split('=')[0] as string)
    .map((flag) => ({ flag, nearest: nearestOption(flag, error.known) }))
    .filter((slip): slip is { flag: string; nearest: string } => slip.nearest !== undefined);
  if (slips.length === 0) return error;
  const hints = slips.map(({ flag, nearest }) =>
    slips.length === 1 ? `did you mean ${nearest}?` : `${flag}: did you mean ${nearest}?`,
  );
  return new UsageError([error.message, ...hints].join('\n'));
};

/** Reports missing required options in the aws CLI's words, in the order the command lists them. */
const requireOptions = (flags: readonly string[], present: (flag: string) => boolean): void => {
  const missing = flags.filter((flag) => !present(flag));
  if (missing.length > 0)
    throw new UsageError(`aws: error: the following arguments are required: ${missing.join(', ')}`);
};

/** A command's `--help`: its usage line, what it does, its arguments, and its options in groups. */
interface CommandUsage {
  /** The command and its positional arguments: `build [NAME ...]`. */
  readonly command: string;
  readonly summary: string;
  readonly arguments?: readonly { readonly name: string; readonly help: string }[];
  /** The options, in groups with a title; the usage line spells out the first group's and says `[options]` for the rest. */
  readonly options: readonly { readonly title: string; readonly specs: readonly OptionSpec[] }[];
  /** Lines after the options: options accepted and ignored, related commands. */
  readonly notes?: readonly string[];
}

const HELP_WIDTH = 110;
const LABEL_WIDTH = 30;

/** `--flag VALUE` as the usage shows it. */
const optionLabel = (spec: OptionSpec): string => {
  if (spec.arity === 'none') return spec.flag;
  const value = spec.value ?? (spec.choices ? spec.choices.join('|') : 'VALUE');
  if (spec.arity === 'optional') return `${spec.flag} [${value}]`;
  return spec.arity === 'many' && spec.value === undefined
    ? `${spec.flag} ${value} [...]`
    : `${spec.flag} ${value}`;
};

/**
 * `text` (or these words, each kept whole) in lines that fit the help width, each after `indent` spaces but the first,
 * which follows its label.
 */
const wrap = (text: string | readonly string[], indent: number): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of typeof text === 'string' ? text.split(' ') : text) {
    if (line !== '' && indent + line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
};

/** Two columns: each label and its help, the help on a line of its own below a label too long for the column. */
const table = (rows: readonly (readonly [label: string, help: string])[]): string[] => {
  const width = Math.min(LABEL_WIDTH, Math.max(...rows.map(([label]) => label.length)));
  return rows.map(([label, help]) =>
    label.length > width
      ? `  ${label}\n${' '.repeat(width + 4)}${wrap(help, width + 4)}`
      : `  ${label.padEnd(width)}  ${wrap(help, width + 4)}`,
  );
};

/**
 * The options with `help`, one a row: `--flag VALUE` and what it does.
 *
 * @example
 * ```ts
 * formatOptions([{ flag: '--quiet', arity: 'none', help: 'no summary on stderr' }]); // '  --quiet  no summary on stderr'
 * ```
 */
const formatOptions = (specs: readonly OptionSpec[]): string =>
  table(
    specs
      .filter((spec) => spec.help !== undefined)
      .map((spec) => [optionLabel(spec), spec.required ? `${spec.help} (required)` : (spec.help as string)]),
  ).join('\n');

/**
 * The text `--help` prints for a command: concise, unlike the aws CLI's manual pages. Options without `help` are left
 * out.
 *
 * @example
 * ```ts
 * formatUsage({ command: 'reset', summary: 'Forgets the pools’ state.', options: [{ title: 'Options', specs }] });
 * // usage: cognito-trigger reset [--state-dir DIR] [--quiet]\n\nForgets the pools’ state.\n\nOptions:\n  …
 * ```
 */
const formatUsage = (usage: CommandUsage): string => {
  const groups = usage.options
    .map((group) => ({ ...group, specs: group.specs.filter((spec) => spec.help !== undefined) }))
    .filter((group) => group.specs.length > 0);
  const spelled = (groups[0]?.specs ?? []).map((spec) =>
    spec.required ? optionLabel(spec) : `[${optionLabel(spec)}]`,
  );
  const synopsis = [
    `cognito-trigger ${usage.command}`,
    ...spelled,
    ...(groups.length > 1 ? ['[options]'] : []),
  ];
  const sections = [`usage: ${wrap(synopsis, 'usage: cognito-trigger '.length)}`, wrap(usage.summary, 0)];
  if (usage.arguments && usage.arguments.length > 0)
    sections.push(['Arguments:', ...table(usage.arguments.map((a) => [a.name, a.help]))].join('\n'));
  for (const group of groups) sections.push(`${group.title}:\n${formatOptions(group.specs)}`);
  for (const note of usage.notes ?? []) sections.push(wrap(note, 0));
  return `${sections.join('\n\n')}\n`;
};

export type { Arity, CommandUsage, OptionSpec, ParsedArgs };
export {
  formatChoices,
  formatOptions,
  formatUsage,
  parseArgs,
  requireOptions,
  suggestOptions,
  UnknownOptionsError,
  USAGE,
  UsageError,
};
