import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const POOL = ['--user-pool-id', 'us-west-2_aaaaaaaaa'];
let stateDir: string;
let cli: (...argv: string[]) => ReturnType<typeof runCli>;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'cognito-trigger-test-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  cli = (...argv) => runCli([...argv, '--state-dir', stateDir, '--code', '424242'], { cwd: process.cwd() });
});
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true });
  delete process.env.POWERTOOLS_LOG_LEVEL;
});

const tokenFor = async (username = 'diego@example.com', clientId = '4fk0g8ht3nq2r7m9v6c1b5d8e2') => {
  const { stdout } = await cli(
    'admin-initiate-auth',
    ...POOL,
    '--client-id',
    clientId,
    '--auth-flow',
    'ADMIN_USER_PASSWORD_AUTH',
    '--auth-parameters',
    `USERNAME=${username},PASSWORD=Passw0rd!`,
  );
  return JSON.parse(stdout).AuthenticationResult.AccessToken as string;
};

describe('Command: admin-update-user-attributes', () => {
  it("runs the aws CLI v2 example as written and prints nothing, as aws does for AdminUpdateUserAttributes' {}", async () => {
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=custom:CustomAttr1,Value=Purple',
    );
    expect(result).toMatchObject({ stdout: '', exitCode: 0 });
    const user = await cli('admin-get-user', ...POOL, '--username', 'diego@example.com');
    expect(JSON.parse(user.stdout).UserAttributes).toContainEqual({
      Name: 'custom:CustomAttr1',
      Value: 'Purple',
    });
  });

  it("runs the API reference's sample request through --cli-input-json, inline and from a file", async () => {
    const request = {
      UserAttributes: [
        { Name: 'custom:deliverables', Value: 'project-111222' },
        { Name: 'name', Value: 'John' },
      ],
      UserPoolId: 'us-west-2_EXAMPLE',
      Username: 'testuser',
      ClientMetadata: { MyTestKey: 'MyTestValue' },
    };
    expect(
      await cli('admin-update-user-attributes', '--cli-input-json', JSON.stringify(request)),
    ).toMatchObject({ stdout: '', exitCode: 0 });
    const file = join(stateDir, 'request.json');
    writeFileSync(file, JSON.stringify({ ...request, UserAttributes: [{ Name: 'name', Value: 'Johnny' }] }));
    expect((await cli('admin-update-user-attributes', '--cli-input-json', `file://${file}`)).exitCode).toBe(
      0,
    );
    const user = JSON.parse(
      (await cli('admin-get-user', '--user-pool-id', 'us-west-2_EXAMPLE', '--username', 'testuser')).stdout,
    );
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:deliverables', Value: 'project-111222' },
        { Name: 'name', Value: 'Johnny' },
      ]),
    );
  });

  it('lets explicit flags win over --cli-input-json', async () => {
    const json = JSON.stringify({
      UserPoolId: 'us-west-2_aaaaaaaaa',
      Username: 'nobody',
      UserAttributes: [{ Name: 'name', Value: 'x' }],
    });
    expect(
      (await cli('admin-update-user-attributes', '--cli-input-json', json, '--username', 'diego@example.com'))
        .exitCode,
    ).toBe(0);
  });

  it('reports missing required options as the aws CLI does, exit 252', async () => {
    const result = await cli('admin-update-user-attributes', ...POOL);
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toBe(
      '\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: the following arguments are required: --username, --user-attributes\n\n',
    );
  });

  it('reports unknown options with the words after them, exit 252', async () => {
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'x',
      '--user-attributes',
      'Name=a,Value=b',
      '--foo',
      'bar',
    );
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain('Unknown options: --foo, bar\n');
  });

  it("checks what botocore checks before sending: 'Parameter validation failed'", async () => {
    const result = await cli(
      'admin-update-user-attributes',
      '--user-pool-id',
      '',
      '--username',
      '',
      '--user-attributes',
      'Name=,Value=b',
    );
    expect(result).toMatchObject({
      exitCode: 252,
      stderr:
        '\nParameter validation failed:\nInvalid length for parameter UserPoolId, value: 0, valid min length: 1\nInvalid length for parameter Username, value: 0, valid min length: 1\nInvalid length for parameter UserAttributes[0].Name, value: 0, valid min length: 1\n',
    });
  });

  it('prints a service error on stderr in the aws CLI form, exit 254, and changes nothing', async () => {
    const before = (await cli('admin-get-user', ...POOL, '--username', 'diego@example.com')).stdout;
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=zoe@example.com',
    );
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (AliasExistsException) when calling the AdminUpdateUserAttributes operation: An account with the given email already exists.',
    );
    expect((await cli('admin-get-user', ...POOL, '--username', 'diego@example.com')).stdout).toBe(before);
  });

  it('keeps state between commands in the state directory', async () => {
    await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
    );
    expect((await cli('admin-get-user', ...POOL, '--username', 'diego@example.com')).exitCode).toBe(254);
    expect((await cli('admin-get-user', ...POOL, '--username', 'diego.new@example.com')).exitCode).toBe(0);
  });

  it('summarises on stderr: the invocation, its verdict and the message with the code', async () => {
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
      '--client-metadata',
      'brand=globex,locale=fr',
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'CustomMessage_UpdateUserAttribute (EMAIL to diego.new@example.com) → handlers/custom-message.ts',
    );
    expect(result.stderr).toContain("accepted by Cognito's rules");
    expect(result.stderr).toContain('Subject: Globex : confirmez votre nouvelle adresse e-mail');
    expect(result.stderr).toContain('424242');
  });

  it('writes the trace: request, event, response, verdict, findings and deliveries', async () => {
    const traceFile = join(stateDir, 'trace.json');
    await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=phone_number,Value=+33612345678',
      '--trace-file',
      traceFile,
    );
    const trace = JSON.parse(readFileSync(traceFile, 'utf8'));
    expect(trace.operation).toBe('AdminUpdateUserAttributes');
    expect(trace.request.UserAttributes).toEqual([{ Name: 'phone_number', Value: '+33612345678' }]);
    expect(trace.invocations[0]).toMatchObject({
      verdict: 'accepted',
      findings: [],
      event: { triggerSource: 'CustomMessage_UpdateUserAttribute' },
    });
    expect(trace.invocations[0].returned.response.smsMessage).toContain('{####}');
    expect(trace.deliveries[0]).toMatchObject({
      medium: 'SMS',
      destination: '+33612345678',
      text: expect.stringContaining('424242'),
    });
    expect(readFileSync(trace.deliveries[0].files[0], 'utf8')).toContain('424242');
  });

  it('answers a throwing function with UserLambdaValidationException', async () => {
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=email,Value=n@example.com',
      '--handler',
      'test/commands/handlers/throws.ts',
    );
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (UserLambdaValidationException) when calling the AdminUpdateUserAttributes operation: CustomMessage failed with error Pending for approval.',
    );
  });

  it('gives the function the --env-vars environment and keeps its logs off stdout', async () => {
    const envFile = join(stateDir, 'env.json');
    writeFileSync(envFile, JSON.stringify({ Parameters: { GREETING: 'Hola' } }));
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=phone_number,Value=+33612345678',
      '--handler',
      'test/commands/handlers/env.ts',
      '--env-vars',
      envFile,
    );
    expect(result).toMatchObject({ stdout: '', exitCode: 0 });
    expect(result.stderr).toContain('Hola! Code 424242');
  });

  it('reports a handler file that does not exist, exit 252', async () => {
    const result = await cli(
      'admin-update-user-attributes',
      ...POOL,
      '--username',
      'diego@example.com',
      '--user-attributes',
      'Name=name,Value=x',
      '--handler',
      'nope.ts',
    );
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain('cognito-trigger: cannot load the handler nope.ts');
  });
});

describe('Command: update-user-attributes', () => {
  it('prints the CodeDeliveryDetailsList with a masked destination', async () => {
    const token = await tokenFor();
    const result = await cli(
      'update-user-attributes',
      '--access-token',
      token,
      '--user-attributes',
      'Name=email,Value=diego.new@example.com',
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      CodeDeliveryDetailsList: [
        { Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      ],
    });
  });

  it('answers a tampered token with NotAuthorizedException', async () => {
    const token = await tokenFor();
    const result = await cli(
      'update-user-attributes',
      '--access-token',
      `${token.slice(0, -2)}xx`,
      '--user-attributes',
      'Name=name,Value=x',
    );
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (NotAuthorizedException) when calling the UpdateUserAttributes operation: Invalid Access Token',
    );
  });
});

describe('Command: invoke and events new', () => {
  it('runs one fixture event through the function and prints the returned event', async () => {
    const result = await cli(
      'invoke',
      '--event',
      'events/CustomMessage_UpdateUserAttribute.client-metadata.json',
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).response.emailSubject).toBe(
      'Globex : confirmez votre nouvelle adresse e-mail',
    );
    expect(result.stderr).toContain('accepted');
  });

  it('exits 254 with Cognito’s error when the function throws', async () => {
    const result = await cli(
      'invoke',
      '--event',
      'events/CustomMessage_SignUp.json',
      '--handler',
      'test/commands/handlers/throws.ts',
    );
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain(
      'UserLambdaValidationException: CustomMessage failed with error Pending for approval.',
    );
  });

  it('prints a faithful event for a trigger source, with attributes and client metadata', async () => {
    const result = await cli(
      'events',
      'new',
      'update-user-attribute',
      '--attribute',
      'given_name=Zoë',
      '--client-metadata',
      'brand=globex',
    );
    const event = JSON.parse(result.stdout);
    expect(event).toMatchObject({
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      request: { userAttributes: { given_name: 'Zoë' }, clientMetadata: { brand: 'globex' } },
    });
  });
});
