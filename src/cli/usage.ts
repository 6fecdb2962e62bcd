/**
 * @module cli/usage — what `--help` prints for a command, and the "did you mean" hint the kit's own commands add to
 * an unknown option.
 */
import { type OptionSpec, type UnknownOptionsError, UsageError } from './aws/args.js';

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
const formatRows = (rows: readonly (readonly [label: string, help: string])[]): string[] => {
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
  formatRows(
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
    sections.push(['Arguments:', ...formatRows(usage.arguments.map((a) => [a.name, a.help]))].join('\n'));
  for (const group of groups) sections.push(`${group.title}:\n${formatOptions(group.specs)}`);
  for (const note of usage.notes ?? []) sections.push(wrap(note, 0));
  return `${sections.join('\n\n')}\n`;
};

export type { CommandUsage };
export { formatOptions, formatRows, formatUsage, suggestOptions };
