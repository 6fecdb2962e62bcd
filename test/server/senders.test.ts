import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { EMAIL_SENDER_POOL } from '../../src/local/pool.js';
import { type LocalCognitoEndpoint, startLocalCognito } from '../../src/testing/local-cognito.js';

const root = new URL('../../', import.meta.url).pathname;
const POOL = EMAIL_SENDER_POOL.UserPool.Id;
const CLIENT = EMAIL_SENDER_POOL.UserPoolClients?.[1]?.ClientId as string;

let cognito: LocalCognitoEndpoint | undefined;
let client: CognitoIdentityProviderClient | undefined;
afterEach(async () => {
  client?.destroy();
  await cognito?.close();
  cognito = undefined;
  client = undefined;
});

const connect = (endpoint: LocalCognitoEndpoint) => {
  cognito = endpoint;
  client = new CognitoIdentityProviderClient({
    endpoint: endpoint.endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  return client;
};

/** The messages `/_local/messages` lists for an address, as a test reads them over HTTP. */
const messagesTo = async (destination: string) => {
  const response = await fetch(
    `${cognito?.endpoint}/_local/messages?destination=${encodeURIComponent(destination)}`,
  );
  return (await response.json()) as Record<string, unknown>[];
};

/** Signs Maya up on the email sender pool, reads her code from /_local/messages, and confirms her with it. */
const signUpAndConfirm = async (sdk: CognitoIdentityProviderClient) => {
  const signedUp = await sdk.send(
    new SignUpCommand({
      ClientId: CLIENT,
      Username: 'maya@example.com',
      Password: 'Passw0rd!x',
      ClientMetadata: { brand: 'globex' },
    }),
  );
  const [message] = await messagesTo('maya@example.com');
  await sdk.send(
    new ConfirmSignUpCommand({
      ClientId: CLIENT,
      Username: 'maya@example.com',
      ConfirmationCode: String(message?.code),
    }),
  );
  const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'maya@example.com' }));
  return { signedUp, message, user };
};

describe('Function: startLocalCognito, a pool with a Custom email sender, through SDK v3', () => {
  it('signs up through the sender, whose email carries the code that confirms the user', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const sdk = connect(
      await startLocalCognito({ emailSender: 'handlers/custom-email-sender.ts', cwd: root }),
    );

    // Act
    const { signedUp, message, user } = await signUpAndConfirm(sdk);

    // Assess
    expect(signedUp.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(message).toMatchObject({
      channel: 'email',
      triggerSource: 'CustomEmailSender_SignUp',
      userPoolId: POOL,
      from: 'Globex <no-reply@globex.example>',
      replyTo: ['Globex <aide@globex.example>'],
      subject: expect.stringContaining('Globex'),
      tags: { brand: 'globex', locale: 'fr', triggerSource: 'CustomEmailSender_SignUp' },
      code: expect.stringMatching(/^\d{6}$/),
    });
    expect(message?.text).toContain(String(message?.code));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
  });

  it('finds the sender among the functions by the name its CustomEmailSender ARN gives it', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const sdk = connect(
      await startLocalCognito({
        functions: { 'custom-email-sender': 'handlers/custom-email-sender.ts' },
        cwd: root,
      }),
    );

    // Act
    const { message, user } = await signUpAndConfirm(sdk);

    // Assess
    expect(message).toMatchObject({
      triggerSource: 'CustomEmailSender_SignUp',
      from: 'Globex <no-reply@globex.example>',
    });
    expect(user.UserStatus).toBe('CONFIRMED');
  });
});
