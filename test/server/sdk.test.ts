import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DescribeRiskConfigurationCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { JwtInvalidSignatureError } from 'aws-jwt-verify/error';
import { describe, expect, it } from 'vitest';
import { ACME, adminSignIn, POOL, ROOT, useCognitoEndpoint } from '../helpers/cognito-endpoint.js';

const local = useCognitoEndpoint({ handler: 'handlers/custom-message.ts', cwd: ROOT });

const signIn = async (username = 'zoe@example.com') =>
  (await adminSignIn(local.client, username)).AuthenticationResult as {
    AccessToken: string;
    IdToken: string;
  };

const attributesOf = async (accessToken: string) => {
  const { UserAttributes = [] } = await local.client.send(new GetUserCommand({ AccessToken: accessToken }));
  return Object.fromEntries(UserAttributes.map((a) => [a.Name, a.Value]));
};

describe('Endpoint: SDK v3 through the attribute-update lifecycle', () => {
  it('runs AdminUpdateUserAttributes through the trigger and delivers the code', {
    timeout: 30_000,
  }, async () => {
    // Act
    const response = await local.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: 'diego@example.com',
        UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
        ClientMetadata: { brand: 'globex', locale: 'fr-CA' },
      }),
    );

    // Assess
    expect(response.$metadata.httpStatusCode).toBe(200);
    const [message] = local.cognito.messages();
    expect(message).toMatchObject({
      channel: 'email',
      destination: 'diego.new@example.com',
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      userPoolId: POOL,
      subject: expect.stringContaining('Globex'),
    });
    expect(message?.code).toMatch(/^\d{6}$/);
    expect(message?.body).toContain(message?.code);
  });

  it('verifies a new email with the code the trigger sent: email_verified becomes true', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { AccessToken } = await signIn();
    const update = await local.client.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'zoe@new.example' }],
      }),
    );
    expect(update.CodeDeliveryDetailsList).toEqual([
      { Destination: 'z***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    expect((await attributesOf(AccessToken)).email_verified).toBe('false');

    // Act
    await local.client.send(
      new VerifyUserAttributeCommand({
        AccessToken,
        AttributeName: 'email',
        Code: local.cognito.lastCode('zoe@new.example'),
      }),
    );

    // Assess
    expect(await attributesOf(AccessToken)).toMatchObject({
      email: 'zoe@new.example',
      email_verified: 'true',
    });
  });

  it('answers a wrong code with CodeMismatchException, a used one with ExpiredCodeException', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { AccessToken } = await signIn();
    await local.client.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'zoe@new.example' }],
      }),
    );
    const code = local.cognito.lastCode('zoe@new.example') as string;
    const wrong = code === '000000' ? '111111' : '000000';

    // Act
    const mismatch = await local.client
      .send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: wrong }))
      .catch((error: Error) => error);
    await local.client.send(
      new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }),
    );
    const reused = await local.client
      .send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }))
      .catch((error: Error) => error);

    // Assess
    expect(mismatch).toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    expect(reused).toMatchObject({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('refuses codes after five wrong ones with LimitExceededException', { timeout: 30_000 }, async () => {
    // Prepare
    const { AccessToken } = await signIn();
    await local.client.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    );
    const code = local.cognito.lastCode('zoe@example.com') as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      await local.client
        .send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: wrong }))
        .catch(() => undefined);

    // Act
    const limited = await local.client
      .send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }))
      .catch((error: Error) => error);

    // Assess
    expect(limited).toMatchObject({
      name: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
  });

  it('sends CustomMessage_VerifyUserAttribute for GetUserAttributeVerificationCode', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { AccessToken } = await signIn();

    // Act
    const response = await local.client.send(
      new GetUserAttributeVerificationCodeCommand({
        AccessToken,
        AttributeName: 'email',
        ClientMetadata: { brand: 'globex' },
      }),
    );

    // Assess
    expect(response.CodeDeliveryDetails).toEqual({
      Destination: 'z***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(local.cognito.messages().at(-1)).toMatchObject({
      triggerSource: 'CustomMessage_VerifyUserAttribute',
      destination: 'zoe@example.com',
    });
  });
});

describe('Endpoint: errors in the service shape', () => {
  it('throws the named exception class with the exact message', async () => {
    const error = await local.client
      .send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'nobody@example.com' }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers an operation it does not implement with a 400 naming it', async () => {
    const error = await local.client
      .send(new DescribeRiskConfigurationCommand({ UserPoolId: POOL }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({
      name: 'UnknownOperationException',
      message: 'cognito-trigger does not implement DescribeRiskConfiguration',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers malformed JSON with SerializationException and an unsigned admin call with an error, never a 500', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(local.cognito.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
        body,
      });
    const malformed = await post('{', { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' });
    const unsigned = await post(JSON.stringify({ UserPoolId: POOL, Username: 'zoe@example.com' }), {
      'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
    expect(malformed.headers.get('x-amzn-errortype')).toBe('SerializationException:');
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});

describe('Endpoint: tokens an app can verify', () => {
  it('issues tokens aws-jwt-verify accepts with the pool JWKS, and refuses a tampered one', async () => {
    // Prepare
    const { AccessToken, IdToken } = await signIn();
    const jwks = await (await fetch(`${local.cognito.endpoint}/${POOL}/.well-known/jwks.json`)).json();
    const access = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'access', clientId: ACME });
    const id = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'id', clientId: ACME });
    access.cacheJwks(jwks);
    id.cacheJwks(jwks);
    const [header, payload, signature] = AccessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, username: 'someone-else' })).toString('base64url')}.${signature}`;

    // Act
    const accessClaims = await access.verify(AccessToken);
    const idClaims = await id.verify(IdToken);
    const refused = await access.verify(tampered).catch((error: Error) => error);

    // Assess
    expect(accessClaims).toMatchObject({ token_use: 'access', client_id: ACME });
    expect(idClaims).toMatchObject({ token_use: 'id', aud: ACME, email: 'zoe@example.com' });
    expect(refused).toBeInstanceOf(JwtInvalidSignatureError);
  });
});
