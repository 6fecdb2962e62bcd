import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Golden } from '../../scripts/capture-output-golden.js';
import { formatOutput, OutputFormat } from '../../src/cli/aws/output/index.js';
import { formatServiceError, SERVICE_ERROR_EXIT_CODE } from '../../src/cli/aws/output/service-error.js';
import { displayWidth } from '../../src/cli/aws/output/width.js';
import { pythonString } from '../../src/cli/aws/python/repr.js';

const golden = JSON.parse(readFileSync(new URL('./golden/output.json', import.meta.url), 'utf8')) as Golden;
const responseOf = (name: string) => {
  const found = golden.responses.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no golden case ${name}`);
  return JSON.parse(found.body) as Record<string, unknown>;
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Golden: what aws-cli 2.9.19 printed', () => {
  it.each(golden.responses)('prints $name byte for byte', (golden) => {
    // Prepare
    vi.stubEnv('TZ', golden.tz);
    const options = golden.columns === undefined ? {} : { terminalWidth: golden.columns };

    // Act
    const stdout = formatOutput(golden.operation, JSON.parse(golden.body), golden.format, options);

    // Assess
    expect(stdout).toBe(golden.stdout);
    expect([golden.stderr, golden.exitCode]).toEqual(['', 0]);
  });

  it.each(golden.errors)('prints the $name error byte for byte', (golden) => {
    // Act
    const stderr = formatServiceError(golden.operation, golden.code, golden.message, {
      httpStatus: golden.status,
      ...(golden.maxAttempts === undefined ? {} : { maxAttempts: golden.maxAttempts }),
    });

    // Assess
    expect(stderr).toBe(golden.stderr);
    expect([golden.stdout, golden.exitCode]).toEqual(['', SERVICE_ERROR_EXIT_CODE]);
  });
});

describe('Function: formatOutput', () => {
  it('prints nothing at all for an empty response, in every format', () => {
    for (const format of Object.values(OutputFormat))
      expect(formatOutput('AdminUpdateUserAttributes', {}, format)).toBe('');
  });

  it('prints an empty list in json, but nothing in text and a bare title in table', () => {
    const response = { CodeDeliveryDetailsList: [] };
    expect(formatOutput('UpdateUserAttributes', response, 'json')).toBe(
      '{\n    "CodeDeliveryDetailsList": []\n}\n',
    );
    expect(formatOutput('UpdateUserAttributes', response, 'text')).toBe('');
    expect(formatOutput('UpdateUserAttributes', response, 'table')).toBe(
      '----------------------\n|UpdateUserAttributes|\n+--------------------+\n',
    );
  });

  it('writes non-ASCII characters in json as they are, escaping only quotes, backslashes and controls', () => {
    const stdout = formatOutput(
      'AdminGetUser',
      { Username: 'Zoë 李 🙂', UserStatus: 'a"b\\c\u0001\n' },
      'json',
    );
    expect(stdout).toBe('{\n    "Username": "Zoë 李 🙂",\n    "UserStatus": "a\\"b\\\\c\\u0001\\n"\n}\n');
  });

  it("puts members in the model's order and leaves out null and unknown members", () => {
    const response = {
      UserStatus: 'CONFIRMED',
      Enabled: null,
      Extra: 1,
      Username: 'zoe',
      ResponseMetadata: {},
    };
    expect(formatOutput('AdminGetUser', response, 'json')).toBe(
      '{\n    "Username": "zoe",\n    "UserStatus": "CONFIRMED"\n}\n',
    );
  });

  it('prints epoch-second timestamps as ISO 8601 in the local time zone, microseconds only when there are any', () => {
    const response = { Username: 'zoe', UserCreateDate: 1795320000.123, UserLastModifiedDate: 1795320000 };
    vi.stubEnv('TZ', 'UTC');
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      '2026-11-22T04:00:00.123000+00:00\t2026-11-22T04:00:00+00:00\tzoe\n',
    );
    vi.stubEnv('TZ', 'Asia/Kolkata');
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      '2026-11-22T09:30:00.123000+05:30\t2026-11-22T09:30:00+05:30\tzoe\n',
    );
  });

  it('takes the offset the local zone has on that date, summer time included', () => {
    vi.stubEnv('TZ', 'America/New_York');
    const response = { UserCreateDate: 1784000000, UserLastModifiedDate: 1795320000 };
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      '2026-07-13T23:33:20-04:00\t2026-11-21T23:00:00-05:00\n',
    );
  });

  it('rounds a timestamp to the microsecond, half to even, carrying into the next second', () => {
    vi.stubEnv('TZ', 'UTC');
    const response = { UserCreateDate: 1795320000.9999995, UserLastModifiedDate: 0.0000025 };
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      '2026-11-22T04:00:01+00:00\t1970-01-01T00:00:00.000002+00:00\n',
    );
  });

  it('prints an operation the model lacks as given, without ResponseMetadata and with Dates as timestamps', () => {
    vi.stubEnv('TZ', 'UTC');
    const response = {
      ResponseMetadata: { RequestId: 'r' },
      UserPool: { Name: 'pool', CreationDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 60)), Id: null },
    };
    expect(formatOutput('DescribeUserImportJob', response, 'json')).toBe(
      '{\n    "UserPool": {\n        "Name": "pool",\n        "CreationDate": "2026-01-02T03:04:05.060000+00:00",\n        "Id": null\n    }\n}\n',
    );
    expect(formatOutput('DescribeUserImportJob', response, 'text')).toBe(
      'USERPOOL\t2026-01-02T03:04:05.060000+00:00\tNone\tpool\n',
    );
  });

  it('prints the scalars of a structure in text on one line, in key order, led by the key it sits under', () => {
    const response = { AuthenticationResult: { TokenType: 'Bearer', ExpiresIn: 3600, AccessToken: 'a' } };
    expect(formatOutput('AdminInitiateAuth', response, 'text')).toBe(
      'AUTHENTICATIONRESULT\ta\t3600\tBearer\n',
    );
  });

  it('gives the structures of a list shared columns in text, empty where one lacks a member', () => {
    const response = { UserAttributes: [{ Name: 'sub', Value: '1' }, { Name: 'nickname' }] };
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      'USERATTRIBUTES\tsub\t1\nUSERATTRIBUTES\tnickname\t\n',
    );
  });

  it('prints a list of scalars in text one item a line, each led by the key', () => {
    const response = { UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] };
    expect(formatOutput('AdminGetUser', response, 'text')).toBe(
      'USERMFASETTINGLIST\tSMS_MFA\nUSERMFASETTINGLIST\tSOFTWARE_TOKEN_MFA\n',
    );
  });

  // The expected tables below are what aws-cli 2.9.19 printed for the same responses.
  it('turns one-row table sections into key/value rows only when the table is wider than the terminal', () => {
    const response = { ChallengeName: 'SMS_MFA', Session: 'AYABeC8nP2x0Q1VhY2xvdWQtc2Vzc2lvbg' };
    const rule = '+----------------+--------------------------------------+';
    const title = [
      '---------------------------------------------------------',
      '|                   AdminInitiateAuth                   |',
    ];
    expect(formatOutput('AdminInitiateAuth', response, 'table')).toBe(
      [
        ...title,
        rule,
        '|  ChallengeName |               Session                |',
        rule,
        '|  SMS_MFA       |  AYABeC8nP2x0Q1VhY2xvdWQtc2Vzc2lvbg  |',
        rule,
        '',
      ].join('\n'),
    );
    expect(formatOutput('AdminInitiateAuth', response, 'table', { terminalWidth: 40 })).toBe(
      [
        ...title,
        rule,
        '|  ChallengeName |  SMS_MFA                             |',
        '|  Session       |  AYABeC8nP2x0Q1VhY2xvdWQtc2Vzc2lvbg  |',
        rule,
        '',
      ].join('\n'),
    );
  });

  it('prints a single scalar of a structure as a key/value row in table, without headers', () => {
    expect(formatOutput('AdminGetUser', { Username: 'zoe' }, 'table')).toBe(
      [
        '---------------------',
        '|   AdminGetUser    |',
        '+-----------+-------+',
        '|  Username |  zoe  |',
        '+-----------+-------+',
        '',
      ].join('\n'),
    );
  });

  it('repeats the section of a list item that has nested values, so its sub-tables sit under it', () => {
    const response = {
      Users: [
        { Username: 'a', Attributes: [{ Name: 'sub', Value: '1' }] },
        { Username: 'b', Attributes: [{ Name: 'sub', Value: '2' }] },
      ],
    };
    const user = (username: string, sub: string) => [
      '||       Users       ||',
      '|+-------------------+|',
      '||     Username      ||',
      '|+-------------------+|',
      `||  ${username}                ||`,
      '|+-------------------+|',
      '|||   Attributes    |||',
      '||+-------+---------+||',
      '||| Name  |  Value  |||',
      '||+-------+---------+||',
      `|||  sub  |  ${sub}      |||`,
      '||+-------+---------+||',
    ];
    expect(formatOutput('ListUsers', response, 'table')).toBe(
      [
        '-----------------------',
        '|      ListUsers      |',
        '+---------------------+',
        ...user('a', '1'),
        ...user('b', '2'),
        '',
      ].join('\n'),
    );
  });

  it('prints json for any string values exactly as JSON.stringify with four spaces does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (username, value) => {
        const response = { Username: username, UserAttributes: [{ Name: 'name', Value: value }] };
        expect(formatOutput('AdminGetUser', response, 'json')).toBe(`${JSON.stringify(response, null, 4)}\n`);
      }),
    );
  });

  it('prints text for any string values without tabs or newlines as one tab-separated line each', () => {
    const plain = fc.string({ unit: 'binary' }).filter((text) => !/[\t\n]/.test(text));
    fc.assert(
      fc.property(plain, plain, plain, (username, name, value) => {
        const response = { Username: username, UserAttributes: [{ Name: name, Value: value }] };
        expect(formatOutput('AdminGetUser', response, 'text')).toBe(
          `${username}\nUSERATTRIBUTES\t${name}\t${value}\n`,
        );
      }),
    );
  });
});

describe('Function: formatServiceError', () => {
  it('prints a blank line, then the sentence, then a newline', () => {
    expect(formatServiceError('UpdateUserAttributes', 'NotAuthorizedException', 'Invalid Access Token')).toBe(
      '\nAn error occurred (NotAuthorizedException) when calling the UpdateUserAttributes operation: Invalid Access Token\n',
    );
  });

  it('prints the message as it came, so a trailing newline leaves a second blank line', () => {
    expect(
      formatServiceError('AdminUpdateUserAttributes', 'InvalidParameterException', 'user.foo: bad.\n'),
    ).toMatch(/operation: user\.foo: bad\.\n\n$/);
  });

  it('shortens a qualified code to the part after the last #', () => {
    expect(formatServiceError('AdminGetUser', 'com.amazonaws.cognito#UserNotFoundException', 'x')).toContain(
      '(UserNotFoundException)',
    );
  });

  it('says how many retries the CLI made for throttling codes and 5xx answers', () => {
    expect(formatServiceError('AdminGetUser', 'TooManyRequestsException', 'Rate exceeded')).toContain(
      'operation (reached max retries: 2): Rate exceeded',
    );
    expect(formatServiceError('AdminGetUser', 'InternalErrorException', 'x', { httpStatus: 500 })).toContain(
      '(reached max retries: 2)',
    );
    expect(formatServiceError('AdminGetUser', 'LimitExceededException', 'x', { maxAttempts: 5 })).toContain(
      '(reached max retries: 4)',
    );
  });

  it('says max retries 0 for any error when only one attempt is allowed', () => {
    expect(formatServiceError('AdminGetUser', 'NotAuthorizedException', 'x', { maxAttempts: 1 })).toContain(
      'operation (reached max retries: 0): x',
    );
  });
});

describe('Function: displayWidth', () => {
  it('counts East Asian wide and ambiguous characters two columns, as the table format does', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('李小龙')).toBe(6);
    expect(displayWidth('Zoë')).toBe(3);
    expect(displayWidth('José — ü')).toBe(11);
    expect(displayWidth('Zoe\u0301')).toBe(5);
    expect(displayWidth('🙂')).toBe(2);
  });
});

describe('Function: pythonString', () => {
  it('prints values as Python str() does', () => {
    expect([true, false, null, 3600, 0.5, 0.00001, 1e16, -2.5e-7].map(pythonString)).toEqual([
      'True',
      'False',
      'None',
      '3600',
      '0.5',
      '1e-05',
      '1e+16',
      '-2.5e-07',
    ]);
  });

  it('prints a list or dict where a scalar is expected as Python repr() does', () => {
    expect(pythonString({ a: ["it's", 'x"y', 1, null, true] })).toBe(`{'a': ["it's", 'x"y', 1, None, True]}`);
    expect(pythonString(['tab\there', '\u00a0'])).toBe("['tab\\there', '\\xa0']");
  });
});

describe('Golden file', () => {
  it('holds what the formatter must reproduce: every format for each response, and the error cases', () => {
    expect(golden.cli).toMatch(/^aws-cli\/2\.9\.19 /);
    expect(responseOf('admin-update-user-attributes-json')).toEqual({});
    expect(golden.errors.length).toBeGreaterThanOrEqual(2);
  });
});
