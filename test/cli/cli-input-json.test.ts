import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCliInputJson } from '../../src/cli/aws/argprocess.js';
import { CliExitCode, CliParseError } from '../../src/cli/aws/errors.js';
import { PyDict } from '../../src/cli/aws/python/repr.js';
import { toJavaScript, validateParameters } from '../../src/cli/aws/validate.js';
import { type GoldenFile, runCognitoTrigger } from './cli-input-json-aws.js';

const golden = JSON.parse(
  readFileSync(new URL('./golden/cli-input-json.json', import.meta.url), 'utf8'),
) as GoldenFile;
const rejected = golden.cases.filter((c) => c.printed.exitCode !== 0);
const accepted = golden.cases.filter((c) => c.printed.exitCode === 0);

const errorOf = (run: () => unknown): CliParseError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliParseError) return error;
    throw error;
  }
  throw new Error('expected a CliParseError');
};

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Golden: aws-cli 2.9.19 on --cli-input-json', () => {
  it('was captured from the CLI version cognito-trigger reproduces, on every command', () => {
    expect(golden.awsCliVersion).toBe('2.9.19');
    expect(new Set(golden.cases.map((c) => c.command))).toEqual(
      new Set([
        'admin-update-user-attributes',
        'update-user-attributes',
        'admin-get-user',
        'admin-initiate-auth',
      ]),
    );
  });

  it.each(rejected)(
    'prints what aws prints, with its exit status, and changes no state: $name',
    async (c) => {
      // Act
      const result = await runCognitoTrigger(c);

      // Assess
      expect({ stderr: result.stderr, exitCode: result.exitCode }).toEqual(c.printed);
      expect(result.stateTouched).toBe(false);
    },
  );

  it.each(accepted)('gets past the checks where aws sends the request: $name', async (c) => {
    // Act
    const result = await runCognitoTrigger(c);

    // Assess: the local pool may still answer with a service error, as Cognito would.
    expect(result.stderr).not.toContain('Parameter validation failed');
    expect([0, 254]).toContain(result.exitCode);
  });
});

describe('Function: loadCliInputJson', () => {
  it('reads objects as plain dicts, in document order, a repeated key in its first place with its last value', () => {
    // Act
    const members = loadCliInputJson('{"b": 1, "2": 2.0, "b": "x", "1": [true, null]}');

    // Assess
    expect(members.ordered).toBe(false);
    expect([...members.entries]).toEqual([
      ['b', 'x'],
      ['2', 2],
      ['1', [true, null]],
    ]);
  });

  it('keeps Python ints apart from floats', () => {
    // Act
    const members = loadCliInputJson('{"int": 12345678901234567890, "float": 1.0}');

    // Assess
    expect(members.entries.get('int')).toBe(12345678901234567890n);
    expect(members.entries.get('float')).toBe(1);
  });

  it('ends as Python does, exit status 255, on JSON nested deeper than 979 levels', () => {
    // Act
    const error = errorOf(() => loadCliInputJson(`{"a": ${'['.repeat(979)}${']'.repeat(979)}}`));

    // Assess
    expect(error.exitCode).toBe(CliExitCode.General);
    expect(error.message).toBe(
      'maximum recursion depth exceeded while decoding a JSON array from a unicode string',
    );
  });
});

describe('Function: validateParameters', () => {
  const request = (members: Record<string, unknown>) => loadCliInputJson(JSON.stringify(members));

  it('passes a request botocore accepts', () => {
    expect(() =>
      validateParameters(
        request({ UserPoolId: 'p', Username: 'u', UserAttributes: [] }),
        'AdminUpdateUserAttributesRequest',
      ),
    ).not.toThrow();
  });

  it('reports missing members first, then unknown ones, then each member in the request’s order', () => {
    // Act
    const error = errorOf(() =>
      validateParameters(request({ Foo: 1, Username: '', UserPoolId: 7 }), 'AdminGetUserRequest'),
    );

    // Assess
    expect(error.exitCode).toBe(CliExitCode.ParamValidation);
    expect(error.message).toBe(
      [
        'Parameter validation failed:',
        'Unknown parameter in input: "Foo", must be one of: UserPoolId, Username',
        'Invalid length for parameter Username, value: 0, valid min length: 1',
        "Invalid type for parameter UserPoolId, value: 7, type: <class 'int'>, valid types: <class 'str'>",
      ].join('\n'),
    );
  });

  it('names a member it checks alone by the name given', () => {
    // Act
    const error = errorOf(() =>
      validateParameters(loadCliInputJson('{"a": 1}'), 'AuthParametersType', 'AuthParameters'),
    );

    // Assess
    expect(error.message).toBe(
      "Parameter validation failed:\nInvalid type for parameter AuthParameters.a, value: 1, type: <class 'int'>, valid types: <class 'str'>",
    );
  });

  it('does not take members of Object.prototype for members of the model', () => {
    // Act
    const error = errorOf(() =>
      validateParameters(request({ UserPoolId: 'p', Username: 'u', toString: 'x' }), 'AdminGetUserRequest'),
    );

    // Assess
    expect(error.message).toContain('Unknown parameter in input: "toString"');
  });

  it('writes a lone surrogate on stderr as Python does, backslash-escaped', () => {
    // Act
    const error = errorOf(() =>
      validateParameters(loadCliInputJson('{"UserPoolId": "p", "\\ud800": 1}'), 'AdminGetUserRequest'),
    );

    // Assess
    expect(error.stderr).toContain('Unknown parameter in input: "\\ud800", must be one of');
  });
});

describe('Function: toJavaScript', () => {
  it('turns a checked request into the plain object the local engine takes', () => {
    // Prepare
    const members = new PyDict(false);
    members.entries.set('UserPoolId', 'p');
    members.entries.set('UserAttributes', [loadCliInputJson('{"Name": "email", "Value": "a@b.c"}')]);

    // Act
    const plain = toJavaScript(members);

    // Assess
    expect(plain).toEqual({ UserPoolId: 'p', UserAttributes: [{ Name: 'email', Value: 'a@b.c' }] });
  });
});
