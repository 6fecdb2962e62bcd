import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  argumentTable,
  buildRequest,
  mergeCliInput,
  parseCommandLine,
  shouldPaginate,
} from '../../src/cli/aws/arguments.js';
import { CliExitCode, CliParseError } from '../../src/cli/aws/errors.js';
import { xformName } from '../../src/cli/aws/names.js';
import { repr } from '../../src/cli/aws/python/repr.js';
import { toJavaScript } from '../../src/cli/aws/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-arguments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The request aws builds for the command line, as JavaScript, and as Python prints it. */
const requestOf = (operation: string, ...words: string[]) => {
  const table = argumentTable(operation);
  const line = parseCommandLine(table, words);
  const request = buildRequest(table, line.options);
  mergeCliInput(request, line.options);
  return { value: toJavaScript(request), python: repr(request) };
};

const failureOf = (act: () => unknown): CliParseError => {
  try {
    act();
  } catch (error) {
    if (error instanceof CliParseError) return error;
    throw error;
  }
  throw new Error('expected a CliParseError');
};

describe('Function: xformName', () => {
  it('names commands and options as botocore does, acronyms included', () => {
    expect(
      ['AdminGetUser', 'AllowedOAuthFlowsUserPoolClient', 'MFAOptions', 'SMSMfaSettings', 'ClientARNs'].map(
        (name) => xformName(name),
      ),
    ).toEqual([
      'admin-get-user',
      'allowed-o-auth-flows-user-pool-client',
      'mfa-options',
      'sms-mfa-settings',
      'client-arns',
    ]);
  });
});

describe('Function: argumentTable', () => {
  it("makes an option of each request member, in the model's order, required as the model says", () => {
    expect(
      argumentTable('VerifyUserAttribute').members.map(({ flag, required }) => [flag, required]),
    ).toEqual([
      ['--access-token', true],
      ['--attribute-name', true],
      ['--code', true],
    ]);
  });
});

describe('Function: buildRequest', () => {
  it('turns shorthand into the ints and booleans the model asks for, and leaves other words as they are', () => {
    const { python } = requestOf(
      'CreateUserPool',
      '--pool-name',
      'p',
      '--policies',
      'PasswordPolicy={MinimumLength=08,RequireUppercase=TRUE,RequireNumbers=maybe}',
    );
    expect(python).toBe(
      "{'PoolName': 'p', 'Policies': {'PasswordPolicy': {'MinimumLength': 8, 'RequireUppercase': True, 'RequireNumbers': 'maybe'}}}",
    );
  });

  it('wraps a single shorthand value where the model wants a list, without converting it', () => {
    const { value } = requestOf(
      'UpdateUserPool',
      '--user-pool-id',
      'p',
      '--user-attribute-update-settings',
      'AttributesRequireVerificationBeforeUpdate=email',
    );
    expect(value).toEqual({
      UserPoolId: 'p',
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
  });

  it("fails as aws crashes, exit status 255, where Python's int() does", () => {
    const error = failureOf(() =>
      requestOf('CreateUserPool', '--pool-name', 'p', '--policies', 'PasswordPolicy={MinimumLength=[8]}'),
    );
    expect([error.message, error.exitCode]).toEqual([
      "int() argument must be a string, a bytes-like object or a real number, not 'list'",
      CliExitCode.General,
    ]);
  });

  it('reads each word of a list of strings as it is, and a single [ word as JSON', () => {
    expect(
      requestOf('ListUsers', '--user-pool-id', 'p', '--attributes-to-get', 'email', 'name').value,
    ).toEqual({
      UserPoolId: 'p',
      AttributesToGet: ['email', 'name'],
    });
    expect(requestOf('ListUsers', '--user-pool-id', 'p', '--attributes-to-get', ' ["email"]').python).toBe(
      "{'UserPoolId': 'p', 'AttributesToGet': ['email']}",
    );
  });

  it("turns a list option's single file:// word into the file's text, which aws then reads character by character", () => {
    // Prepare
    const file = join(dir, 'names.txt');
    writeFileSync(file, 'ab');

    // Act
    const { value } = requestOf('ListUsers', '--user-pool-id', 'p', '--attributes-to-get', `file://${file}`);

    // Assess
    expect(value).toEqual({ UserPoolId: 'p', AttributesToGet: ['a', 'b'] });
  });

  it('sends a flag as true and its --no- form as false', () => {
    expect(
      requestOf(
        'AdminSetUserPassword',
        '--user-pool-id',
        'p',
        '--username',
        'u',
        '--password',
        'x',
        '--no-permanent',
      ).value,
    ).toEqual({
      UserPoolId: 'p',
      Username: 'u',
      Password: 'x',
      Permanent: false,
    });
  });

  it('puts the paging options in PaginationConfig, after the members, and --cli-input-json members last', () => {
    const { python } = requestOf(
      'ListUsers',
      '--max-items',
      '2',
      '--cli-input-json',
      '{"Filter": "email = \\"a\\"", "UserPoolId": "from-json"}',
      '--user-pool-id',
      'p',
    );
    expect(python).toBe(
      "{'UserPoolId': 'p', 'PaginationConfig': {'MaxItems': 2}, 'Filter': 'email = \"a\"'}",
    );
  });
});

describe('Function: shouldPaginate', () => {
  const decide = (...words: string[]) => {
    const table = argumentTable('ListUsers');
    const line = parseCommandLine(table, words);
    const request = buildRequest(table, line.options);
    mergeCliInput(request, line.options);
    return shouldPaginate(table, line.globals, line.options, request);
  };

  it('pages a list operation, unless --no-paginate or its own token or limit is given', () => {
    expect(decide('--user-pool-id', 'p')).toBe(true);
    expect(decide('--user-pool-id', 'p', '--no-paginate')).toBe(false);
    expect(decide('--user-pool-id', 'p', '--limit', '5')).toBe(false);
    expect(decide('--cli-input-json', '{"UserPoolId": "p", "PaginationToken": "t"}')).toBe(false);
  });

  it('refuses the paging options where paging is off, as aws does', () => {
    expect(
      failureOf(() => decide('--user-pool-id', 'p', '--limit', '5', '--page-size', '2', '--max-items', '0'))
        .message,
    ).toBe('Cannot specify --no-paginate along with pagination arguments: --page-size');
  });
});
