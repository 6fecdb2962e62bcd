import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELED_OPERATIONS } from '../../src/cli/aws/model.js';
import { xformName } from '../../src/cli/aws/names.js';
import { SERVICE_COMMANDS } from '../../src/cli/commands/operations.js';
import { runCli } from '../../src/cli/main.js';
import { operationNamed } from '../../src/local/operations/index.js';

const POOL = ['--user-pool-id', 'us-west-2_aaaaaaaaa'];
const CLIENT = '4fk0g8ht3nq2r7m9v6c1b5d8e2';
let dir: string;
/** A command over its own state, in a folder without handlers: Cognito sends the pool's own messages. */
let cli: (...argv: string[]) => ReturnType<typeof runCli>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-service-'));
  cli = (...argv) => runCli([...argv, '--state-dir', join(dir, 'state'), '--quiet'], { cwd: dir });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const accessToken = async (username = 'zoe@example.com') => {
  const { stdout } = await cli(
    'admin-initiate-auth',
    ...POOL,
    '--client-id',
    CLIENT,
    '--auth-flow',
    'ADMIN_USER_PASSWORD_AUTH',
    '--auth-parameters',
    `USERNAME=${username},PASSWORD=Passw0rd!`,
  );
  return JSON.parse(stdout).AuthenticationResult.AccessToken as string;
};

describe('Service commands', () => {
  it('offers a command for each operation of the model the engine serves, named as aws names it', () => {
    // Act
    const expected = MODELED_OPERATIONS.filter((operation) => operationNamed(operation) !== undefined).map(
      (operation) => xformName(operation),
    );

    // Assess
    expect([...SERVICE_COMMANDS.keys()]).toEqual(expected);
    expect([...SERVICE_COMMANDS.keys()]).toEqual(
      expect.arrayContaining([
        'admin-get-user',
        'get-user',
        'verify-user-attribute',
        'get-user-attribute-verification-code',
      ]),
    );
  });

  it("describes a command's parameters from the model: required ones, flags and their --no- form", async () => {
    // Act
    const { stdout, exitCode } = await cli('admin-set-user-password', '--help');

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /^usage: cognito-trigger admin-set-user-password --user-pool-id <value> --username <value>\s+--password <value> \[--permanent \| --no-permanent\] \[options\]$/m,
    );
    expect(stdout).toMatch(/^ {2}--password <value> +the password, .* \(required\)$/m);
    expect(stdout).toMatch(
      /^ {2}--permanent \| --no-permanent +a flag: --permanent sends true, --no-permanent false$/m,
    );
  });

  it('runs get-user with the token admin-initiate-auth gave, and prints the attributes as text', async () => {
    // Prepare
    const token = await accessToken();

    // Act
    const result = await cli('get-user', '--access-token', token, '--output', 'text');

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('USERATTRIBUTES\temail\tzoe@example.com\n');
  });

  it('verifies a new email address with the code the update sent, and refuses a wrong one with CodeMismatchException', async () => {
    // Prepare
    const token = await accessToken();
    await runCli(
      [
        'update-user-attributes',
        '--access-token',
        token,
        '--user-attributes',
        'Name=email,Value=zoe.new@example.com',
        '--state-dir',
        join(dir, 'state'),
        '--quiet',
        '--code',
        '654321',
      ],
      { cwd: dir },
    );
    const verify = (code: string) =>
      cli('verify-user-attribute', '--access-token', token, '--attribute-name', 'email', '--code', code);

    // Act
    const wrong = await verify('000000');
    const right = await verify('654321');

    // Assess
    expect(wrong).toMatchObject({ stdout: '', exitCode: 254 });
    expect(wrong.stderr).toMatch(
      /^\nAn error occurred \(CodeMismatchException\) when calling the VerifyUserAttribute operation: /,
    );
    expect(right).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('pages list-users as aws does: --max-items cuts the list and --starting-token goes on', async () => {
    // Act
    const first = JSON.parse((await cli('list-users', ...POOL, '--max-items', '1')).stdout);
    const rest = JSON.parse((await cli('list-users', ...POOL, '--starting-token', first.NextToken)).stdout);

    // Assess
    expect(first.Users).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
    expect([...first.Users, ...rest.Users].map((user: { Username: string }) => user.Username)).toEqual(
      JSON.parse((await cli('list-users', ...POOL)).stdout).Users.map(
        (user: { Username: string }) => user.Username,
      ),
    );
  });

  it('prints a pool as a table, its sections titled as aws titles them', async () => {
    // Act
    const { stdout, exitCode } = await cli('describe-user-pool', ...POOL, '--output', 'table');

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^-+\n\|\s+DescribeUserPool\s+\|\n/);
    expect(stdout).toContain('UserPool');
  });

  it('writes the trace of a call that ran no trigger too', async () => {
    // Act
    const result = await cli(
      'admin-get-user',
      ...POOL,
      '--username',
      'zoe@example.com',
      '--trace-file',
      join(dir, 'trace.json'),
    );

    // Assess
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8'))).toMatchObject({
      operation: 'AdminGetUser',
      result: { response: { Username: expect.any(String) } },
    });
  });

  it('refuses what it cannot honour in its own words: --query, YAML', async () => {
    // Act
    const [query, yaml] = await Promise.all([
      cli('admin-get-user', ...POOL, '--username', 'zoe@example.com', '--query', 'Username'),
      cli('admin-get-user', ...POOL, '--username', 'zoe@example.com', '--output', 'yaml'),
    ]);

    // Assess
    expect(query).toEqual({
      stdout: '',
      stderr: '\ncognito-trigger: --query is not supported; pipe the json output to jq instead\n',
      exitCode: 252,
    });
    expect(yaml.stderr).toBe('\ncognito-trigger: --output yaml is not supported; use json, text or table\n');
  });

  it('prints its version for --version anywhere, as the aws CLI does its own', async () => {
    expect((await cli('get-user', '--version')).stdout).toMatch(/^cognito-trigger \d+\.\d+\.\d+/);
  });
});
