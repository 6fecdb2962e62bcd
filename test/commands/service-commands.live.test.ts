import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SERVICE_COMMANDS } from '../../src/cli/commands/operations.js';
import { runCli } from '../../src/cli/main.js';
import { LocalCognito } from '../../src/local/local-cognito.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { AWS_CLI, AWS_CLI_TOOL, AWS_ENV } from '../helpers/aws-cli.js';
import { describeWithTool } from '../helpers/tools.js';

const run = promisify(execFile);
const POOL = 'us-west-2_aaaaaaaaa';
const CLIENT = '4fk0g8ht3nq2r7m9v6c1b5d8e2';
const CODE = '123456';

interface Printed {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

let server: RunningServer;
let engine: LocalCognito;
let dir: string;

/** What aws-cli 2.9.19 prints for the words, sent to the kit's own server. */
const aws = async (argv: readonly string[]): Promise<Printed> => {
  try {
    const { stdout, stderr } = await run(AWS_CLI, ['cognito-idp', ...argv, '--endpoint-url', server.url], {
      env: AWS_ENV,
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, exitCode: failed.code };
  }
};

/** What cognito-trigger prints for the same words, over its own state, without its account of the call. */
const kit = async (argv: readonly string[], ...options: string[]): Promise<Printed> =>
  runCli([...argv, '--state-dir', join(dir, 'state'), '--quiet', ...options], { cwd: dir });

/** Both, at once when nothing ties them: aws reaches the server's pools, cognito-trigger its state directory's. */
const both = (argv: readonly string[], ...options: string[]) =>
  Promise.all([aws(argv), kit(argv, ...options)]);

const served = (command: string) => SERVICE_COMMANDS.has(command);

/** Runs `jobs` a few at a time: each aws run is a Python start-up. */
const inTurn = async <T>(jobs: readonly (() => Promise<T>)[], width = 3): Promise<T[]> => {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
};

describeWithTool(AWS_CLI_TOOL, 'Service commands, compared with aws-cli 2.9.19 itself', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-differential-'));
    engine = new LocalCognito({ code: CODE });
    server = await startServer({ engine });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const usageCases: readonly (readonly [command: string, why: string, argv: readonly string[]])[] = [
    [
      'verify-user-attribute',
      'its --code, which is the request member and not the kit option',
      ['verify-user-attribute', '--access-token', 't', '--attribute-name', 'email'],
    ],
    [
      'get-user-attribute-verification-code',
      'a key given twice in shorthand',
      [
        'get-user-attribute-verification-code',
        '--access-token',
        't',
        '--attribute-name',
        'email',
        '--client-metadata',
        'a=b,a=c',
      ],
    ],
    [
      'sign-up',
      'every botocore finding of the request, in its order',
      [
        'sign-up',
        '--client-id',
        '',
        '--username',
        'u',
        '--password',
        'p',
        '--user-attributes',
        'Nmae=x',
        '--validation-data',
        'Name=',
      ],
    ],
    [
      'sign-up',
      'JSON that Python cannot read',
      [
        'sign-up',
        '--client-id',
        'c',
        '--username',
        'u',
        '--password',
        'p',
        '--analytics-metadata',
        '{"a": 1,}',
      ],
    ],
    [
      'list-users',
      "Python's int() of a word, exit 255",
      ['list-users', '--user-pool-id', POOL, '--limit', 'ten'],
    ],
    [
      'list-users',
      'paging options where the limit turns paging off',
      ['list-users', '--user-pool-id', POOL, '--limit', '2', '--max-items', '1'],
    ],
    [
      'create-user-pool',
      'shorthand the model turns into ints and booleans where it can',
      [
        'create-user-pool',
        '--pool-name',
        'p',
        '--policies',
        'PasswordPolicy={MinimumLength=8,RequireUppercase=maybe}',
      ],
    ],
    [
      'confirm-sign-up',
      'a value given to a flag',
      [
        'confirm-sign-up',
        '--client-id',
        'c',
        '--username',
        'u',
        '--confirmation-code',
        '1',
        '--force-alias-creation=yes',
      ],
    ],
    ['admin-get-user', 'an ambiguous abbreviation', ['admin-get-user', '--user', 'x']],
    [
      'admin-get-user',
      'an invalid --output, with the choice it might have meant',
      ['admin-get-user', '--user-pool-id', POOL, '--username', 'x', '--output', 'jsn'],
    ],
    [
      'describe-user-pool',
      'the output skeleton as a table, timestamps and all',
      [
        'describe-user-pool',
        '--user-pool-id',
        POOL,
        '--generate-cli-skeleton',
        'output',
        '--output',
        'table',
      ],
    ],
  ];

  it('prints what aws prints, byte for byte and with its exit status, for usage and parameter errors and skeletons', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const cases = usageCases.filter(([command]) => served(command));

    // Act
    const printed = await inTurn(
      cases.map(
        ([, , argv]) =>
          () =>
            both(argv),
      ),
    );

    // Assess
    for (const [index, [command, why]] of cases.entries()) {
      const [expected, actual] = printed[index] as [Printed, Printed];
      expect(actual, `${command}: ${why}`).toEqual(expected);
    }
  });

  it('runs the seeds’ examples and error cases to the same stdout, stderr and exit status', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const signIn = ['--user-pool-id', POOL, '--client-id', CLIENT, '--auth-flow', 'ADMIN_USER_PASSWORD_AUTH'];
    const credentials = ['--auth-parameters', 'USERNAME=zoe@example.com,PASSWORD=Passw0rd!'];
    const signedIn = await engine.call('AdminInitiateAuth', {
      UserPoolId: POOL,
      ClientId: CLIENT,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'zoe@example.com', PASSWORD: 'Passw0rd!' },
    });
    const own = await kit(['admin-initiate-auth', ...signIn, ...credentials]);
    const tokenOf = (response: unknown) =>
      (response as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult.AccessToken;
    const awsToken = tokenOf('response' in signedIn.result ? signedIn.result.response : {});
    const kitToken = tokenOf(JSON.parse(own.stdout));
    // Each side's own token: the server and the state directory sign with keys of their own.
    const withToken = async ([command = '', ...rest]: readonly string[], ...options: string[]) =>
      Promise.all([
        aws([command, '--access-token', awsToken, ...rest]),
        kit([command, '--access-token', kitToken, ...rest], ...options),
      ]);
    const update = [
      'admin-update-user-attributes',
      '--user-pool-id',
      POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
      '--client-metadata',
      'brand=globex,locale=fr-CA',
    ];

    // Act
    const steps = [
      ['AdminUpdateUserAttributes', await both(update, '--code', CODE)],
      [
        'AdminUpdateUserAttributes: UserNotFound',
        await both(update.map((word) => (word === 'diego@example.com' ? 'nobody@example.com' : word))),
      ],
      [
        'UpdateUserAttributes',
        await withToken(
          ['update-user-attributes', '--user-attributes', 'Name=email,Value=zoe.new@example.com'],
          '--code',
          CODE,
        ),
      ],
      ['GetUser, as text', await withToken(['get-user', '--output', 'text'])],
      [
        'VerifyUserAttribute: CodeMismatch',
        await withToken(['verify-user-attribute', '--attribute-name', 'email', '--code', '000000']),
      ],
      [
        'GetUserAttributeVerificationCode, as a table',
        await withToken(
          ['get-user-attribute-verification-code', '--attribute-name', 'email', '--output', 'table'],
          '--code',
          CODE,
        ),
      ],
      [
        'VerifyUserAttribute',
        await withToken(['verify-user-attribute', '--attribute-name', 'email', '--code', CODE]),
      ],
      [
        'ListUsers of a pool no step changed, as a table',
        await both(['list-users', '--user-pool-id', 'us-west-2_EXAMPLE', '--output', 'table']),
      ],
    ] as const;

    // Assess
    for (const [step, [expected, actual]] of steps) expect(actual, step).toEqual(expected);
    expect(steps.map(([, [expected]]) => expected.exitCode)).toEqual([0, 254, 0, 0, 254, 0, 0, 0]);
  });
});
