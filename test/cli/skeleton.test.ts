import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Golden } from '../../scripts/capture-output-golden.js';
import { CliExitCode, ParamValidationError } from '../../src/cli/aws/errors.js';
import { dumpJson } from '../../src/cli/aws/python/json-dump.js';
import { pythonNumber } from '../../src/cli/aws/python/repr.js';
import { generateCliSkeleton } from '../../src/cli/aws/skeleton.js';

const golden = JSON.parse(readFileSync(new URL('./golden/output.json', import.meta.url), 'utf8')) as Golden;

const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('Golden: what aws-cli 2.9.19 printed for --generate-cli-skeleton', () => {
  it.each(golden.skeletons.filter((c) => c.exitCode === 0))('prints $name byte for byte', (golden) => {
    expect(generateCliSkeleton(golden.operation, golden.kind)).toBe(golden.stdout);
    expect(golden.stderr).toBe('');
  });

  it.each(golden.skeletons.filter((c) => c.exitCode !== 0))('fails for $name as aws does', (golden) => {
    // Act
    const error = thrownBy(() => generateCliSkeleton(golden.operation, golden.kind));

    // Assess
    expect(error).toBeInstanceOf(ParamValidationError);
    expect((error as ParamValidationError).stderr).toBe(golden.stderr);
    expect([golden.stdout, golden.exitCode]).toEqual(['', (error as ParamValidationError).exitCode]);
  });
});

describe('Function: generateCliSkeleton', () => {
  it('prints an input skeleton when no kind is given, as --generate-cli-skeleton alone does', () => {
    expect(generateCliSkeleton('AdminGetUser')).toBe('{\n    "UserPoolId": "",\n    "Username": ""\n}\n');
  });

  it('fills an input skeleton with the first enum value, and an output one with member names', () => {
    expect(JSON.parse(generateCliSkeleton('AdminInitiateAuth', 'input'))).toMatchObject({
      AuthFlow: 'USER_SRP_AUTH',
    });
    expect(JSON.parse(generateCliSkeleton('AdminGetUser', 'output'))).toMatchObject({
      UserStatus: 'UserStatus',
      UserMFASettingList: ['StringType'],
      UserCreateDate: '1970-01-01T00:00:00',
    });
  });

  it('prints nothing for the output of an operation whose response has no members, or that has no response', () => {
    expect(generateCliSkeleton('AdminUpdateUserAttributes', 'output')).toBe('');
    expect(generateCliSkeleton('AdminDeleteUser', 'output')).toBe('');
  });

  it('prints the output sample in the format asked for, timestamps as Python prints a naive datetime', () => {
    expect(generateCliSkeleton('AdminGetUser', 'output', 'text')).toContain('\t1970-01-01 00:00:00\t');
    expect(generateCliSkeleton('GetUser', 'output', 'table')).toMatch(/^-+\n\|\s+GetUser\s+\|\n/);
  });

  it("fails the AdminInitiateAuth output skeleton: its sample Session is shorter than the model's min of 20", () => {
    const error = thrownBy(() => generateCliSkeleton('AdminInitiateAuth', 'output')) as ParamValidationError;
    expect(error.name).toBe('ParamValidationError');
    expect(error.report).toBe('Invalid length for parameter Session, value: 7, valid min length: 20');
    expect(error.exitCode).toBe(CliExitCode.ParamValidation);
  });
});

describe('Function: dumpJson', () => {
  it('writes as Python json.dump with indent=4: nested containers indented, empty ones as [] and {}', () => {
    expect(dumpJson({ a: [], b: {}, c: [1, { d: null }], e: true })).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ],\n    "e": true\n}',
    );
  });

  it('escapes every non-ASCII character, astral ones as surrogate pairs, when ensureAscii is set', () => {
    expect(dumpJson('Zoë 李 🙂\u007f', { ensureAscii: true })).toBe(
      '"Zo\\u00eb \\u674e \\ud83d\\ude42\\u007f"',
    );
    expect(dumpJson('Zoë 李 🙂')).toBe('"Zoë 李 🙂"');
  });
});

describe('Function: pythonNumber', () => {
  it('writes whole numbers as Python ints and others as Python float repr', () => {
    expect([0, -12, 3600, 0.1, 1.5e-5, 123456789.125, 2e16, -1e-300].map(pythonNumber)).toEqual([
      '0',
      '-12',
      '3600',
      '0.1',
      '1.5e-05',
      '123456789.125',
      '2e+16',
      '-1e-300',
    ]);
  });
});
