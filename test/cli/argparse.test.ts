import { describe, expect, it } from 'vitest';
import { type Action, parseKnownArgs, VersionRequested } from '../../src/cli/aws/argparse.js';
import { USAGE, UsageError } from '../../src/cli/aws/args.js';
import { getCloseMatches } from '../../src/cli/aws/python/difflib.js';
import { pythonInt } from '../../src/cli/aws/python/int.js';

const ACTIONS: readonly Action[] = [
  { flags: ['--user-pool-id'], dest: '--user-pool-id', nargs: 'one', required: true },
  { flags: ['--username'], dest: '--username', nargs: 'one', required: true },
  { flags: ['--user-attributes'], dest: '--user-attributes', nargs: 'any' },
  { flags: ['--permanent'], dest: '--permanent', nargs: 'none', store: true },
  { flags: ['--no-permanent'], dest: '--permanent', nargs: 'none', store: false },
  { flags: ['--limit'], dest: '--limit', nargs: 'one', type: 'int' },
  { flags: ['--output'], dest: '--output', nargs: 'one', choices: ['json', 'text', 'table'] },
  { flags: ['--state-dir'], dest: '--state-dir', nargs: 'one', abbreviable: false },
  { flags: [], dest: 'help', nargs: 'optional' },
];

const messageOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
};

const parse = (...words: string[]) => parseKnownArgs(words, ACTIONS);
const required = ['--user-pool-id', 'p', '--username', 'u'];

describe('Function: parseKnownArgs', () => {
  it('takes a unique prefix of an option for the option, as argparse allows', () => {
    expect(parse('--user-p', 'p', '--usern=u').values).toEqual(
      new Map([
        ['--user-pool-id', 'p'],
        ['--username', 'u'],
      ]),
    );
  });

  it('names every option a prefix could mean, in the order they were added', () => {
    expect(messageOf(() => parse('--user', 'x'))).toBe(
      'aws: error: ambiguous option: --user could match --user-pool-id, --username, --user-attributes',
    );
  });

  it('matches an option of the kit by its full name only', () => {
    expect(parse(...required, '--state=x').extras).toEqual(['--state=x']);
  });

  it('reports every required option that is missing, once the words are read', () => {
    expect(messageOf(() => parse('--foo'))).toBe(
      'aws: error: the following arguments are required: --user-pool-id, --username',
    );
  });

  it('takes no word that starts with a dash as a value, a negative number aside', () => {
    expect(messageOf(() => parse('--user-pool-id', 'p', '--username', '-bob'))).toBe(
      'aws: error: argument --username: expected one argument',
    );
    expect(parse(...required, '--limit', '-1').values.get('--limit')).toBe(-1n);
  });

  it('gives a list option every word up to the next option, and none at all is an empty list', () => {
    expect(parse(...required, '--user-attributes', 'a', 'b').values.get('--user-attributes')).toEqual([
      'a',
      'b',
    ]);
    expect(parse(...required, '--user-attributes').values.get('--user-attributes')).toEqual([]);
  });

  it('lets the last of --x and --no-x decide, and refuses a value given to a flag', () => {
    expect(parse(...required, '--permanent', '--no-permanent').values.get('--permanent')).toBe(false);
    expect(messageOf(() => parse(...required, '--permanent=yes'))).toBe(
      "aws: error: argument --permanent: ignored explicit argument 'yes'",
    );
  });

  it("reads an int as Python's int() does, and words its failure as argparse does", () => {
    expect(parse(...required, '--limit', ' 1_0 ').values.get('--limit')).toBe(10n);
    expect(messageOf(() => parse(...required, '--limit', 'ten'))).toBe(
      "aws: error: argument --limit: invalid int value: 'ten'",
    );
  });

  it('lists the choices in two columns and the ones a mistyped value may have meant', () => {
    expect(messageOf(() => parse(...required, '--output', 'jsn'))).toBe(
      `aws: error: argument --output: Invalid choice, valid choices are:\n\n${'json'.padEnd(40)} | ${'text'.padEnd(40)}\n${'table'.padEnd(40)}\n\n\nInvalid choice: 'jsn', maybe you meant:\n\n  * json`,
    );
  });

  it('takes one stray word as help and leaves the rest, in order, to the caller', () => {
    const parsed = parse('extra', ...required, 'more');
    expect(parsed.values.get('help')).toBe('extra');
    expect(parsed.extras).toEqual(['more']);
  });

  it('reads what follows -- as words, not options, and gives an option none of them', () => {
    expect(parse(...required, '--', '--x').values.get('help')).toBe('--x');
    expect(messageOf(() => parse('--user-pool-id', '--', 'p'))).toBe(
      'aws: error: argument --user-pool-id: expected one argument',
    );
  });

  it('stops at a version action, before any later error', () => {
    expect(() =>
      parseKnownArgs(
        ['--version', '--output', 'x'],
        [{ flags: ['--version'], dest: 'v', nargs: 'none', version: true }],
      ),
    ).toThrow(VersionRequested);
  });

  it("prints its errors after aws's usage text, exit status 252", () => {
    const error = (() => {
      try {
        parse('--user', 'x');
      } catch (caught) {
        return caught as UsageError;
      }
    })();
    expect(error?.stderr.startsWith(`\n${USAGE}\naws: error: ambiguous option`)).toBe(true);
    expect(error?.exitCode).toBe(252);
  });
});

describe('Function: getCloseMatches', () => {
  it("suggests as Python's difflib does: the best three with a ratio of 0.8 or more, ties in reverse order", () => {
    const commands = [
      'admin-create-user',
      'admin-delete-user',
      'admin-get-user',
      'admin-get-device',
      'get-user',
    ];
    expect(getCloseMatches('admin-get-usr', commands, 3, 0.8)).toEqual([
      'admin-get-user',
      'admin-delete-user',
      'admin-create-user',
    ]);
    expect(getCloseMatches('frobnicate', commands, 3, 0.8)).toEqual([]);
  });
});

describe('Function: pythonInt', () => {
  it('reads what int() reads: spaces around, a sign, digits of any script, underscores between digits', () => {
    expect(['7', ' -7 ', '+07', '1_000', '٣'].map(pythonInt)).toEqual([7n, -7n, 7n, 1000n, 3n]);
  });

  it('refuses what int() refuses, with its message', () => {
    for (const word of ['', '1.5', '_1', '1__0', '1_', '0x1'])
      expect(() => pythonInt(word), word).toThrow(`invalid literal for int() with base 10: '${word}'`);
  });
});
