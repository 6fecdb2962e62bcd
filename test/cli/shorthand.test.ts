import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShorthand, unpackArgument } from '../../src/cli/aws/argprocess.js';
import { CliExitCode, CliParseError } from '../../src/cli/aws/errors.js';
import { toJavaScript, validateParameters } from '../../src/cli/aws/validate.js';
import type { GoldenFile, ShorthandCase } from './shorthand-aws.js';

/** `--user-attributes` as aws reads its words, then botocore's checks of the list alone. */
const parseUserAttributes = (words: readonly string[], cliName = '--user-attributes') => {
  const value = unpackArgument('AttributeListType', words, cliName);
  validateParameters(value, 'AttributeListType', 'UserAttributes');
  return toJavaScript(value);
};

/** `--client-metadata` (or another map of strings) as aws reads its word, then botocore's checks of the map alone. */
const parseClientMetadata = (word: string, cliName = '--client-metadata') => {
  const value = unpackArgument('ClientMetadataType', word, cliName);
  validateParameters(value, 'ClientMetadataType', 'ClientMetadata');
  return toJavaScript(value);
};

const golden = JSON.parse(
  readFileSync(new URL('./golden/shorthand.json', import.meta.url), 'utf8'),
) as GoldenFile;

type Outcome = { readonly value: unknown } | { readonly error: CliParseError };
const outcomeOf = (run: () => unknown): Outcome => {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof CliParseError) return { error };
    throw error;
  }
};
const errorOf = (run: () => unknown): CliParseError => {
  const outcome = outcomeOf(run);
  if ('value' in outcome) throw new Error(`expected a CliParseError, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
};
const parseCase = (shorthandCase: ShorthandCase) => ({
  userAttributes: outcomeOf(() => parseUserAttributes(shorthandCase.userAttributes)),
  clientMetadata:
    shorthandCase.clientMetadata === undefined
      ? undefined
      : outcomeOf(() => parseClientMetadata(shorthandCase.clientMetadata!)),
});
const nest = (open: string, close: string, depth: number, inner: string) =>
  open.repeat(depth) + inner + close.repeat(depth);

describe('Golden: aws-cli 2.9.19 on admin-update-user-attributes and update-user-attributes', () => {
  it('was captured from the CLI version this module reproduces', () => {
    expect(golden.awsCliVersion).toBe('2.9.19');
    expect(golden.cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(golden.cases)('reads the words as aws does: $name', (shorthandCase) => {
    // Act
    const parsed = parseCase(shorthandCase);

    // Assess
    const { outcome } = shorthandCase;
    if ('request' in outcome) {
      for (const [member, value] of [
        ['UserAttributes', parsed.userAttributes],
        ['ClientMetadata', parsed.clientMetadata],
      ] as const) {
        const sent = outcome.request[member];
        if (value === undefined) continue;
        expect(value).toEqual({ value: sent });
        // Key order too: aws sends members in the order the words gave them.
        if ('value' in value) expect(JSON.stringify(value.value)).toBe(JSON.stringify(sent));
      }
      return;
    }
    const subject = parsed[shorthandCase.subject];
    expect(subject !== undefined && 'error' in subject).toBe(true);
    const error = (subject as { error: CliParseError }).error;
    expect(error.stderr).toBe(outcome.stderr);
    expect(error.exitCode).toBe(outcome.exitCode);
  });
});

describe('Function: parseShorthand', () => {
  it('reads comma-separated key=value pairs as a map of strings', () => {
    expect(parseShorthand('Name=email,Value=a@b.c')).toEqual({ Name: 'email', Value: 'a@b.c' });
  });

  it('reads a bare comma followed by a word without = as a list', () => {
    expect(parseShorthand('a=b,c,d=e,f,g')).toEqual({ a: ['b', 'c'], d: ['e', 'f', 'g'] });
  });

  it('steps back to the comma when the word after it turns out to be the next key', () => {
    expect(parseShorthand('k=a,b,c=d')).toEqual({ k: ['a', 'b'], c: 'd' });
  });

  it('reads k= at the end as the empty string', () => {
    expect(parseShorthand('a=x,k=')).toEqual({ a: 'x', k: '' });
  });

  it('reads explicit lists and nested hashes, with spaces around their commas', () => {
    expect(parseShorthand('k=[a, b ,[c]],j={x=[1],y={z=q}}')).toEqual({
      k: ['a', 'b', ['c']],
      j: { x: ['1'], y: { z: 'q' } },
    });
  });

  it('takes letters, digits and - _ . # / : as key characters', () => {
    expect(parseShorthand('a-b_c.d#e/f:g=1,custom:dept=x')).toEqual({
      'a-b_c.d#e/f:g': '1',
      'custom:dept': 'x',
    });
  });

  it('turns \\, into a comma in an unquoted value', () => {
    expect(parseShorthand('k=a\\,b,c=d')).toEqual({ k: 'a,b', c: 'd' });
    expect(parseShorthand('k=a\\,b\\,c=d')).toEqual({ k: 'a,b,c=d' });
  });

  it('leaves a backslash that does not escape a comma as it is', () => {
    expect(parseShorthand('k=a\\\\,b')).toEqual({ k: 'a\\,b' });
  });

  it('strips trailing whitespace from an unquoted value, no-break spaces included, but not from a quoted one', () => {
    expect(parseShorthand('k=a\u00a0 ,q=" a "')).toEqual({ k: 'a', q: ' a ' });
  });

  it('unescapes \\" and \\\\ in a double-quoted value and keeps other backslashes', () => {
    expect(parseShorthand('k="a\\"b\\\\c\\d"')).toEqual({ k: 'a"b\\c\\d' });
  });

  it("unescapes \\' in a single-quoted value", () => {
    expect(parseShorthand("k='it\\'s'")).toEqual({ k: "it's" });
  });

  it('closes a quoted value at an escaped quote when nothing else closes it, as the regex aws uses backtracks', () => {
    expect(parseShorthand("k='abc\\'")).toEqual({ k: 'abc\\' });
  });

  it('finds the closing quote in linear time where that regex takes exponential time', () => {
    const backslashes = '\\\\'.repeat(20_000);
    expect(parseShorthand(`k="${backslashes}"`)).toEqual({ k: '\\'.repeat(20_000) });
    expect(() => parseShorthand(`k="${backslashes}`)).toThrow("Expected: '<double quoted>'");
  });

  it('prints a caret under the failing character, counted in code points', () => {
    const error = errorOf(() => parseShorthand('k=😀x'));
    expect(error.message).toBe("Expected: ',', received: '😀' for input:\nk=😀x\n  ^");
  });

  it('counts the caret from the last newline before the failure and prints the rest after the caret line', () => {
    expect(errorOf(() => parseShorthand('a=x,\nb==y')).message).toBe(
      "Expected: ',', received: '=' for input:\na=x,\nb==y\n  ^",
    );
    expect(errorOf(() => parseShorthand('a==x\n,b=y')).message).toBe(
      "Expected: ',', received: '=' for input:\na==x\n  ^\n,b=y",
    );
  });

  it('names the option in the message when given one, as aws does', () => {
    const error = errorOf(() => parseShorthand('Name', { cliName: '--user-attributes' }));
    expect(error.message).toBe(
      "Error parsing parameter '--user-attributes': Expected: '=', received: 'EOF' for input:\nName\n    ^",
    );
    expect(error.exitCode).toBe(CliExitCode.ParamValidation);
  });

  it('reports a key given twice at the pair that repeats it', () => {
    expect(errorOf(() => parseShorthand('a=1 , a=2')).message).toBe(
      'Second instance of key "a" encountered for input:\na=1 , a=2\n     ^\n' +
        'This is often because there is a preceding "," instead of a space.',
    );
  });

  it('keeps __proto__ as an ordinary key', () => {
    const parsed = parseShorthand('__proto__=x,k={__proto__=y}');
    expect(Object.keys(parsed)).toEqual(['__proto__', 'k']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.k).toEqual(Object.fromEntries([['__proto__', 'y']]));
  });

  it('fails with Python’s RecursionError, exit status 255, past the depth aws can nest', () => {
    expect(() => parseShorthand(`a=${nest('[', ']', 400, '')}`)).not.toThrow();
    const error = errorOf(() => parseShorthand(`a=${nest('[', ']', 600, '')}`));
    expect(error.message).toBe('maximum recursion depth exceeded');
    expect(error.exitCode).toBe(CliExitCode.General);
  });
});

describe('Function: parseUserAttributes', () => {
  it('reads each word as one attribute', () => {
    expect(parseUserAttributes(['Name=email,Value=a@b.c', 'Name=email_verified,Value=true'])).toEqual([
      { Name: 'email', Value: 'a@b.c' },
      { Name: 'email_verified', Value: 'true' },
    ]);
  });

  it('gives an empty list for no words, as aws sends one', () => {
    expect(parseUserAttributes([])).toEqual([]);
  });

  it('reads a single [ word as the whole list in JSON, and each { word as one attribute', () => {
    expect(parseUserAttributes(['[{"Name":"a"},{"Name":"b","Value":"c"}]'])).toEqual([
      { Name: 'a' },
      { Name: 'b', Value: 'c' },
    ]);
    expect(parseUserAttributes(['{"Name":"a"}', ' {"Name":"b"}'])).toEqual([{ Name: 'a' }, { Name: 'b' }]);
  });

  it('fails as aws crashes, exit status 255, on a blank word after a JSON word', () => {
    const error = errorOf(() => parseUserAttributes(['{"Name":"x"}', ' ']));
    expect(error.message).toBe('string index out of range');
    expect(error.exitCode).toBe(CliExitCode.General);
  });

  it('reports every botocore finding of the list, in aws’s order', () => {
    const error = errorOf(() => parseUserAttributes(['Nmae=x,Value=a,b', 'Name=']));
    expect(error.message).toBe(
      [
        'Parameter validation failed:',
        'Missing required parameter in UserAttributes[0]: "Name"',
        'Unknown parameter in UserAttributes[0]: "Nmae", must be one of: Name, Value',
        "Invalid type for parameter UserAttributes[0].Value, value: ['a', 'b'], type: <class 'list'>, valid types: <class 'str'>",
        'Invalid length for parameter UserAttributes[1].Name, value: 0, valid min length: 1',
      ].join('\n'),
    );
  });

  it('prints JSON values in Python’s notation', () => {
    const error = errorOf(() =>
      parseUserAttributes([
        '[{"Name":1.0,"Value":[1e16,1e-5,0.0001,-0.0,12345678901234567890,NaN,-Infinity]}]',
      ]),
    );
    expect(error.message.split('\n').slice(1)).toEqual([
      "Invalid type for parameter UserAttributes[0].Name, value: 1.0, type: <class 'float'>, valid types: <class 'str'>",
      "Invalid type for parameter UserAttributes[0].Value, value: [1e+16, 1e-05, 0.0001, -0.0, 12345678901234567890, nan, -inf], type: <class 'list'>, valid types: <class 'str'>",
    ]);
  });

  it('prints strings inside a value with Python’s quotes and escapes', () => {
    const error = errorOf(() =>
      parseUserAttributes(['[{"Name":["it\'s","a\\"b","\\u00e9\\u00ad\\n\\u0001😀\\ud800"]}]']),
    );
    expect(error.message).toContain(
      `value: ["it's", 'a"b', 'é\\xad\\n\\x01😀\\ud800'], type: <class 'list'>`,
    );
  });

  it('reports Python’s JSON error with line, column and character position', () => {
    expect(errorOf(() => parseUserAttributes(['[\n  {"Name": "x"\n  "Value": "y"}]'])).message).toBe(
      "Error parsing parameter '--user-attributes': Invalid JSON: Expecting ',' delimiter: line 3 column 3 (char 19)\n" +
        'JSON received: [\n  {"Name": "x"\n  "Value": "y"}]',
    );
  });

  it('reads the file a single file:// word names, and says what aws says when there is none', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-paramfile-'));
    const file = join(dir, 'attributes.json');
    writeFileSync(file, '[{"Name": "email", "Value": "a@b.c"}]\r\n');

    // Act
    const read = parseUserAttributes([`file://${file}`]);
    const missing = errorOf(() => parseUserAttributes([`file://${dir}/none.json`]));
    rmSync(dir, { recursive: true });

    // Assess
    expect(read).toEqual([{ Name: 'email', Value: 'a@b.c' }]);
    expect(missing.message).toBe(
      `Error parsing parameter '--user-attributes': Unable to load paramfile file://${dir}/none.json: [Errno 2] No such file or directory: '${dir}/none.json'`,
    );
  });
});

describe('Function: parseClientMetadata', () => {
  it('reads shorthand and JSON alike', () => {
    expect(parseClientMetadata('brand=globex,locale=fr-CA')).toEqual({ brand: 'globex', locale: 'fr-CA' });
    expect(parseClientMetadata(' {"brand":"globex","locale":"fr-CA"}')).toEqual({
      brand: 'globex',
      locale: 'fr-CA',
    });
  });

  it('keeps the last value of a key JSON gives twice', () => {
    expect(parseClientMetadata('{"a":"1","b":"2","a":"3"}')).toEqual({ a: '3', b: '2' });
  });

  it('names the option it was given in parse errors', () => {
    expect(errorOf(() => parseClientMetadata('a', '--client-metadata')).message).toMatch(
      /^Error parsing parameter '--client-metadata': Expected: '='/,
    );
  });
});

describe('Class: CliParseError', () => {
  it('holds the message aws prints, and the stderr text with the newlines aws writes around it', () => {
    const error = errorOf(() => parseUserAttributes(['Name']));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CliParseError');
    expect(error.stderr).toBe(`\n${error.message}\n`);
    expect(error.exitCode).toBe(252);
  });
});

const escapeQuoted = (text: string, quote: string) =>
  text.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
const KEY = fc.stringMatching(/^[A-Za-z0-9_.#/:-]{1,12}$/);
const PLAIN_VALUE = fc.stringMatching(/^([A-Za-z0-9@+:/]([A-Za-z0-9@.+:/= -]{0,10}[A-Za-z0-9@.+:/=-])?)?$/);

describe('Property: shorthand', () => {
  it('gives back any string written double-quoted with \\ and " escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(parseShorthand(`k="${escapeQuoted(value, '"')}"`)).toEqual({ k: value });
        expect(parseUserAttributes([`Name=x,Value='${escapeQuoted(value, "'")}'`])).toEqual([
          { Name: 'x', Value: value },
        ]);
      }),
    );
  });

  it('gives back any map of simple keys and values written as k=v,k=v', () => {
    fc.assert(
      fc.property(fc.dictionary(KEY, PLAIN_VALUE, { minKeys: 1 }), (map) => {
        const word = Object.entries(map)
          .map(([key, value]) => `${key}=${value}`)
          .join(',');
        expect(parseClientMetadata(word)).toEqual(map);
      }),
    );
  });

  it('gives back any attribute list written as JSON', () => {
    const attribute = fc.record(
      {
        Name: fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }),
        Value: fc.string({ maxLength: 20, unit: 'binary' }),
      },
      { requiredKeys: ['Name'] },
    );
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 5 }), (attributes) => {
        expect(parseUserAttributes([JSON.stringify(attributes)])).toEqual(attributes);
      }),
    );
  });

  it('either returns a value or throws a CliParseError, for any input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.constantFrom(...'=,[]{}"\'\\ a') }),
        (a, b) => {
          for (const text of [a, b, `k=${b}`]) {
            const outcome = outcomeOf(() => parseShorthand(text));
            expect('value' in outcome || outcome.error.exitCode === 252).toBe(true);
          }
        },
      ),
    );
  });
});
