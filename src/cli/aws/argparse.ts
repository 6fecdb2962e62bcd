/**
 * @module cli/aws/argparse — Python 3.11's `argparse` as aws-cli 2.9.19 runs it (`parse_known_args`, its CLIArgParser
 * messages): options and their abbreviations, how many words each takes, `--opt=value`, choices, `type=int`, required
 * options, and what is left over.
 */
import { UsageError } from './args.js';
import { getCloseMatches } from './python/difflib.js';
import { PythonError } from './python/errors.js';
import { pythonInt } from './python/int.js';
import { stringRepr } from './python/repr.js';

/**
 * How many words an action takes: `one` (nargs=None), `optional` ('?'), `any` ('*'), `some` ('+'), or none (a flag:
 * store_true, store_false, version).
 */
type Nargs = 'one' | 'optional' | 'any' | 'some' | 'none';

/** One argument of a parser: an option (with its option strings) or a positional. */
interface Action {
  /** `--user-pool-id`; empty for a positional. */
  readonly flags: readonly string[];
  /** Where the value goes; options that share one (`--x`, `--no-x`) set the same value. */
  readonly dest: string;
  readonly nargs: Nargs;
  /** For a flag: the value it stores (store_true: true). */
  readonly store?: boolean;
  /** For `optional`: the value of the option given alone. */
  readonly const?: string;
  readonly choices?: readonly string[];
  /** `int`: each word read with Python's int(). */
  readonly type?: 'int';
  readonly required?: boolean;
  /** argparse's `version` action: reported as soon as it is met. */
  readonly version?: boolean;
  /** Matched by a unique prefix, as argparse's allow_abbrev does (default: true). */
  readonly abbreviable?: boolean;
  /** argparse's `append` action: each use adds its value to a list. */
  readonly append?: boolean;
}

/** A value as an action stores it. */
type ArgValue = string | bigint | boolean | readonly (string | bigint)[];

interface ParsedKnownArgs {
  /** The value of each dest that was given. */
  readonly values: ReadonlyMap<string, ArgValue>;
  /** The words no action took, in order. */
  readonly extras: readonly string[];
}

/** Thrown when a `version` action is met: the caller prints the version and ends. */
class VersionRequested extends Error {}

const ERROR = (message: string) => new UsageError(`aws: error: ${message}`);

const nameOf = (action: Action): string => (action.flags.length > 0 ? action.flags.join('/') : action.dest);

const argumentError = (action: Action, message: string) => ERROR(`argument ${nameOf(action)}: ${message}`);

const formatChoiceRows = (choices: readonly string[]): string[] => {
  const rows: string[] = [];
  for (let i = 0; i < choices.length; i += 2)
    rows.push(
      choices
        .slice(i, i + 2)
        .map((choice) => choice.padEnd(40))
        .join(' | '),
    );
  return rows;
};

/**
 * aws's message for a value that is not one of the choices: every choice in two columns of 40, and the closest ones
 * it might have meant.
 *
 * @example
 * ```ts
 * invalidChoice('--output', 'jsn', ['json', 'text']).stderr;
 * ```
 */
const invalidChoice = (name: string, value: string, choices: readonly string[]): UsageError => {
  const lines = ['Invalid choice, valid choices are:\n', ...formatChoiceRows(choices)];
  const possible = getCloseMatches(value, choices, 3, 0.8);
  if (possible.length > 0)
    lines.push(
      `\n\nInvalid choice: ${stringRepr(value)}, maybe you meant:\n`,
      ...possible.map((word) => `  * ${word}`),
    );
  return ERROR(`argument ${name}: ${lines.join('\n')}`);
};

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

type OptionMatch = readonly [action: Action | undefined, flag: string, explicit: string | undefined];

class Parser {
  readonly #byFlag = new Map<string, Action>();

  constructor(readonly actions: readonly Action[]) {
    for (const action of actions) for (const flag of action.flags) this.#byFlag.set(flag, action);
  }

  // _parse_optional: undefined for a word that is an argument, else the option it names (if any).
  classify(word: string): OptionMatch | undefined {
    if (word === '' || word[0] !== '-') return undefined;
    const exact = this.#byFlag.get(word);
    if (exact) return [exact, word, undefined];
    if (word.length === 1) return undefined;
    const equals = word.indexOf('=');
    if (equals !== -1) {
      const flag = word.slice(0, equals);
      const action = this.#byFlag.get(flag);
      if (action) return [action, flag, word.slice(equals + 1)];
    }
    const matches = this.#prefixMatches(word);
    if (matches.length > 1)
      throw ERROR(`ambiguous option: ${word} could match ${matches.map(([, flag]) => flag).join(', ')}`);
    if (matches.length === 1) return matches[0];
    if (NEGATIVE_NUMBER.test(word)) return undefined;
    if (word.includes(' ')) return undefined;
    return [undefined, word, undefined];
  }

  // _get_option_tuples, for long options; no action has a short option, so a short word matches by prefix alone.
  #prefixMatches(word: string): OptionMatch[] {
    const long = word[1] === '-';
    const equals = long ? word.indexOf('=') : -1;
    const prefix = equals === -1 ? word : word.slice(0, equals);
    const explicit = equals === -1 ? undefined : word.slice(equals + 1);
    const matches: OptionMatch[] = [];
    for (const [flag, action] of this.#byFlag)
      if (action.abbreviable !== false && flag.startsWith(prefix)) matches.push([action, flag, explicit]);
    return matches;
  }
}

// How many of the pattern's words (A: argument, O: option, -: `--`) an option takes, or argparse's error. An
// option takes no `--`.
const OPTION_NARGS: Readonly<Record<Nargs, RegExp>> = {
  none: /^/,
  one: /^A/,
  optional: /^A?/,
  any: /^A*/,
  some: /^A+/,
};
const matchArgument = (action: Action, pattern: string): number => {
  const found = OPTION_NARGS[action.nargs].exec(pattern);
  if (found) return found[0].length;
  const expected =
    action.nargs === 'one'
      ? 'expected one argument'
      : action.nargs === 'optional'
        ? 'expected at most one argument'
        : 'expected at least one argument';
  throw argumentError(action, expected);
};

const convert = (action: Action, word: string): string | bigint => {
  if (action.type !== 'int') return word;
  try {
    return pythonInt(word);
  } catch (error) {
    if (error instanceof PythonError) throw argumentError(action, `invalid int value: ${stringRepr(word)}`);
    throw error;
  }
};

const checkChoice = (action: Action, value: string | bigint): void => {
  if (action.choices && !action.choices.includes(String(value)))
    throw invalidChoice(nameOf(action), String(value), action.choices);
};

// _get_values: the words an action took, as the value it stores; a positional given nothing keeps its default.
const valueFrom = (action: Action, taken: readonly string[]): ArgValue | undefined => {
  const words = [...taken];
  const separator = words.indexOf('--');
  if (separator !== -1) words.splice(separator, 1);
  if (action.nargs === 'none') return action.store ?? true;
  if (words.length === 0 && action.nargs === 'optional') {
    if (action.flags.length === 0) return undefined;
    const value = action.const ?? '';
    checkChoice(action, value);
    return value;
  }
  if (words.length === 1 && (action.nargs === 'one' || action.nargs === 'optional')) {
    const value = convert(action, words[0] as string);
    checkChoice(action, value);
    return value;
  }
  const values = words.map((word) => convert(action, word));
  for (const value of values) checkChoice(action, value);
  return values;
};

/**
 * Parses words as argparse's `parse_known_args` does: each option takes the words its nargs asks for, `--opt=value`
 * gives its value inline, a unique prefix names an option, positionals take the arguments between options, and what
 * no action takes is returned in order. Required options that were not given are reported together, in the order
 * the actions were added.
 *
 * @throws {UsageError} with argparse's message (`aws: error: argument --x: expected one argument`, an ambiguous
 *   prefix, an invalid choice or int, missing required arguments), exit status 252
 * @throws {VersionRequested} when a version action is met
 * @example
 * ```ts
 * parseKnownArgs(['--user-pool', 'x', 'y'], [{ flags: ['--user-pool-id'], dest: 'user_pool_id', nargs: 'one' }]);
 * // { values: Map { 'user_pool_id' => 'x' }, extras: ['y'] }
 * ```
 */
const parseKnownArgs = (words: readonly string[], actions: readonly Action[]): ParsedKnownArgs => {
  const parser = new Parser(actions);
  const options = new Map<number, OptionMatch>();
  let pattern = '';
  for (const [index, word] of words.entries()) {
    if (pattern.includes('-')) {
      pattern += 'A';
      continue;
    }
    if (word === '--') {
      pattern += '-';
      continue;
    }
    const match = parser.classify(word);
    if (match) options.set(index, match);
    pattern += match ? 'O' : 'A';
  }

  const values = new Map<string, ArgValue>();
  const seen = new Set<Action>();
  const extras: string[] = [];
  const take = (action: Action, taken: readonly string[]) => {
    seen.add(action);
    if (action.version) throw new VersionRequested();
    const value = valueFrom(action, taken);
    if (value === undefined) return;
    const earlier = values.get(action.dest);
    if (action.append && typeof value === 'string')
      values.set(action.dest, [...(Array.isArray(earlier) ? earlier : []), value]);
    else values.set(action.dest, value);
  };
  let positionals = actions.filter((action) => action.flags.length === 0);

  const consumeOptional = (start: number): number => {
    const [action, , explicit] = options.get(start) as OptionMatch;
    if (action === undefined) {
      extras.push(words[start] as string);
      return start + 1;
    }
    if (explicit !== undefined) {
      if (matchArgument(action, 'A') !== 1)
        throw argumentError(action, `ignored explicit argument ${stringRepr(explicit)}`);
      take(action, [explicit]);
      return start + 1;
    }
    const count = matchArgument(action, pattern.slice(start + 1));
    take(action, words.slice(start + 1, start + 1 + count));
    return start + 1 + count;
  };

  // _match_arguments_partial: as many positionals as the pattern lets match, each as greedily as it can.
  const consumePositionals = (start: number): number => {
    let index = start;
    const rest = pattern.slice(start);
    let matched = 0;
    for (let count = positionals.length; count > 0; count--) {
      const regex = new RegExp(
        `^${positionals
          .slice(0, count)
          .map((action) =>
            action.nargs === 'optional' ? '(-*A?-*)' : action.nargs === 'any' ? '(-*[A-]*)' : '(-*A-*)',
          )
          .join('')}`,
      );
      const found = regex.exec(rest);
      if (!found) continue;
      for (const [i, action] of positionals.slice(0, count).entries()) {
        const size = (found[i + 1] as string).length;
        take(action, words.slice(index, index + size));
        index += size;
      }
      matched = count;
      break;
    }
    positionals = positionals.slice(matched);
    return index;
  };

  let start = 0;
  const optionIndexes = [...options.keys()];
  const lastOption = optionIndexes.length > 0 ? Math.max(...optionIndexes) : -1;
  while (start <= lastOption) {
    const next = Math.min(...optionIndexes.filter((index) => index >= start));
    if (start !== next) {
      const end = consumePositionals(start);
      if (end > start) {
        start = end;
        continue;
      }
    }
    if (!options.has(start)) {
      extras.push(...words.slice(start, next));
      start = next;
    }
    start = consumeOptional(start);
  }
  extras.push(...words.slice(consumePositionals(start)));

  const missing = actions.filter((action) => action.required && !seen.has(action)).map(nameOf);
  if (missing.length > 0) throw ERROR(`the following arguments are required: ${missing.join(', ')}`);
  return { values, extras };
};

export type { Action, ArgValue, Nargs, ParsedKnownArgs };
export { invalidChoice, parseKnownArgs, VersionRequested };
