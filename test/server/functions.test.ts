import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';
import { readSamTemplateFile } from '../../src/local/sam-template.js';
import { type LocalCognitoEndpoint, startLocalCognito } from '../../src/testing/local-cognito.js';

const root = new URL('../../', import.meta.url).pathname;
const POOL = DEMO_POOL.UserPool.Id;

let dir: string;
let cognito: LocalCognitoEndpoint | undefined;
let client: CognitoIdentityProviderClient | undefined;
const connect = (endpoint: LocalCognitoEndpoint) => {
  cognito = endpoint;
  client = new CognitoIdentityProviderClient({
    endpoint: endpoint.endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  return client;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-serve-functions-'));
  mkdirSync(join(dir, 'dist', 'globex'), { recursive: true });
  writeFileSync(
    join(dir, 'dist', 'globex', 'index.mjs'),
    `export const handler = async (event) => ({ ...event, response: { ...event.response, emailSubject: 'Globex, from ' + process.env.AWS_LAMBDA_FUNCTION_NAME, emailMessage: 'Globex code {####}' } });\n`,
  );
});
afterEach(async () => {
  client?.destroy();
  await cognito?.close();
  cognito = undefined;
  client = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const poolNaming = (name: string, pool: PoolDocument = DEMO_POOL): PoolDocument => ({
  ...pool,
  UserPool: {
    ...pool.UserPool,
    LambdaConfig: { CustomMessage: `arn:aws:lambda:us-west-2:123456789012:function:${name}` },
  },
});

const changeEmail = (userPoolId = POOL) =>
  client?.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: userPoolId,
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
    }),
  );

describe('Function: startLocalCognito with functions by name', () => {
  it('calls the function the pool’s CustomMessage ARN names: a file or a handler', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const acme = async (event: CustomMessageTriggerEvent) => ({
      ...event,
      response: { ...event.response, emailSubject: 'Acme', emailMessage: 'Acme code {####}' },
    });
    connect(
      await startLocalCognito({
        pool: [poolNaming('globex-message')],
        functions: { 'acme-message': acme, 'globex-message': 'dist/globex/index.handler' },
        cwd: dir,
      }),
    );

    // Act
    await changeEmail();

    // Assess
    const [message] = cognito?.messages() ?? [];
    expect(message).toMatchObject({
      subject: 'Globex, from globex-message',
      destination: 'diego.new@example.com',
    });
    expect(message?.body).toContain(cognito?.lastCode('diego.new@example.com'));
  });

  it('answers the SDK with UnexpectedLambdaException when the named function is not given', async () => {
    connect(await startLocalCognito({ pool: [poolNaming('missing-message')], functions: {} }));
    await expect(changeEmail()).rejects.toMatchObject({
      name: 'UnexpectedLambdaException',
      message: 'CustomMessage invocation failed due to error ResourceNotFoundException.',
    });
  });
});

describe('Function: startLocalCognito with a SAM template', () => {
  it('serves the template’s pool and app clients', { timeout: 30_000 }, async () => {
    // Prepare
    connect(
      await startLocalCognito({
        template: 'template.yaml',
        cwd: root,
        environment: { BRAND_CONFIG_PARAMETER: '' },
      }),
    );

    // Act: a user the new pool does not have, in a pool it has.
    const unknown = client?.send(
      new AdminGetUserCommand({ UserPoolId: 'us-west-2_UserPool', Username: 'nobody@example.com' }),
    );

    // Assess
    await expect(unknown).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('runs the template’s Custom message function for the pool', { timeout: 60_000 }, async () => {
    // Prepare
    const { pools } = await readSamTemplateFile(join(root, 'template.yaml'));
    const templatePool = pools[0] as PoolDocument;
    // Without its Custom email sender, which would send the email instead.
    const { CustomEmailSender: _sender, ...lambdaConfig } = templatePool.UserPool.LambdaConfig ?? {};
    const pool: PoolDocument = {
      UserPool: {
        ...templatePool.UserPool,
        LambdaConfig: lambdaConfig,
        EmailConfiguration: {
          EmailSendingAccount: 'DEVELOPER',
          SourceArn: 'arn:aws:ses:us-west-2:123456789012:identity/acme.example',
        },
      },
      UserPoolClients: templatePool.UserPoolClients ?? [],
      Users: DEMO_POOL.Users?.slice(0, 1) ?? [],
    };
    connect(
      await startLocalCognito({
        template: 'template.yaml',
        pool,
        cwd: root,
        environment: { BRAND_CONFIG_PARAMETER: '' },
      }),
    );

    // Act
    await changeEmail('us-west-2_UserPool');

    // Assess
    const [message] = cognito?.messages() ?? [];
    expect(message).toMatchObject({
      userPoolId: 'us-west-2_UserPool',
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      subject: expect.stringContaining('Acme Cloud'),
    });
  });

  it('runs the template’s Custom email sender, which its CustomEmailSender ARN names, through a local SES', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const { pools } = await readSamTemplateFile(join(root, 'template.yaml'));
    const templatePool = pools[0] as PoolDocument;
    connect(
      await startLocalCognito({
        template: 'template.yaml',
        pool: { ...templatePool, Users: DEMO_POOL.Users?.slice(0, 1) ?? [] },
        cwd: root,
        environment: { BRAND_CONFIG_PARAMETER: '' },
      }),
    );

    // Act
    await changeEmail('us-west-2_UserPool');

    // Assess
    const [message] = cognito?.messages() ?? [];
    expect(message).toMatchObject({
      triggerSource: 'CustomEmailSender_UpdateUserAttribute',
      destination: 'diego.new@example.com',
      from: 'Acme Cloud <no-reply@acme.example>',
      code: expect.stringMatching(/^\d{6}$/),
    });
    expect(message?.text).toContain(message?.code);
  });
});
