import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  DeleteUserAttributesCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { describe, expect, it } from 'vitest';
import { DEMO_POOL, type PoolDocument, type User } from '../../src/local/pool.js';
import { ACME, POOL, ROOT, useCognitoEndpoint } from '../helpers/cognito-endpoint.js';

const GLOBEX = '7qp3s1lm9d2k8x4c6v0b5n7h3j';

const seeded = (n: number, email: string, extra: Partial<User>): User => ({
  Username: `2d2d2d2d-0000-4000-8000-00000000000${n}`,
  UserAttributes: [
    { Name: 'sub', Value: `2d2d2d2d-0000-4000-8000-00000000000${n}` },
    { Name: 'email', Value: email },
  ],
  Password: 'Passw0rd!',
  Enabled: true,
  ...extra,
});

/** The demo pool, its acme-web client also allowing USER_PASSWORD_AUTH, and users sign-in refuses. */
const pool: PoolDocument = {
  ...structuredClone(DEMO_POOL),
  UserPoolClients: (DEMO_POOL.UserPoolClients ?? []).map((client) =>
    client.ClientId === ACME
      ? {
          ...client,
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_ADMIN_USER_PASSWORD_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }
      : client,
  ),
  Users: [
    ...structuredClone(DEMO_POOL.Users ?? []),
    seeded(1, 'uma@example.com', { UserStatus: 'UNCONFIRMED' }),
    seeded(2, 'rex@example.com', { UserStatus: 'RESET_REQUIRED' }),
  ],
};

const local = useCognitoEndpoint({ pool, handler: 'handlers/custom-message.ts', cwd: ROOT });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: Error) => ({ name: error.name, message: error.message }),
  );

const passwordSignIn = (username: string, password: string, clientId = ACME) =>
  local.client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const invite = (username = 'maya@example.com', extra: object = {}) =>
  local.client.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL,
      Username: username,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'given_name', Value: 'Maya' }],
      ...extra,
    }),
  );

/** An invited user through their first sign-in: the temporary password answered with a new one. */
const firstSignIn = async () => {
  await invite();
  const temporary = local.cognito.lastCode('maya@example.com') as string;
  const challenge = await passwordSignIn('maya@example.com', temporary);
  const answered = await local.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: ACME,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'maya@example.com', NEW_PASSWORD: 'N3w-password' },
    }),
  );
  return answered.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
};

const verifiers = async () => {
  const jwks = await (await fetch(`${local.cognito.endpoint}/${POOL}/.well-known/jwks.json`)).json();
  const access = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'access', clientId: ACME });
  const id = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'id', clientId: ACME });
  access.cacheJwks(jwks);
  id.cacheJwks(jwks);
  return { access, id };
};

describe('Endpoint: SDK v3 from invitation to sign-out', () => {
  it('invites through the trigger, with the temporary password as the code', {
    timeout: 30_000,
  }, async () => {
    // Act
    const { User } = await invite();

    // Assess
    expect(User).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(User?.UserCreateDate).toBeInstanceOf(Date);
    const [message] = local.cognito.messages();
    expect(message).toMatchObject({
      channel: 'email',
      destination: 'maya@example.com',
      triggerSource: 'CustomMessage_AdminCreateUser',
      username: User?.Username,
    });
    expect(message?.body).toContain(message?.code as string);
    expect(message?.body).toContain(User?.Username as string);
  });

  it('takes the temporary password to NEW_PASSWORD_REQUIRED, then to tokens aws-jwt-verify accepts', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { User } = await invite();
    const temporary = local.cognito.lastCode('maya@example.com') as string;

    // Act
    const challenge = await passwordSignIn('maya@example.com', temporary);
    const answered = await local.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: ACME,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'maya@example.com', NEW_PASSWORD: 'N3w-password' },
      }),
    );

    // Assess
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.AuthenticationResult).toBeUndefined();
    expect(challenge.ChallengeParameters).toMatchObject({
      USER_ID_FOR_SRP: User?.Username,
      requiredAttributes: '[]',
    });
    expect(JSON.parse(challenge.ChallengeParameters?.userAttributes as string)).toEqual({
      given_name: 'Maya',
      email: 'maya@example.com',
    });
    const tokens = answered.AuthenticationResult;
    expect(tokens).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600, RefreshToken: expect.any(String) });
    const { access, id } = await verifiers();
    expect(await access.verify(tokens?.AccessToken as string)).toMatchObject({ username: User?.Username });
    expect(await id.verify(tokens?.IdToken as string)).toMatchObject({
      email: 'maya@example.com',
      given_name: 'Maya',
    });
    const user = await local.client.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: 'maya@example.com' }),
    );
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  it('refreshes: new tokens of the same sign-in, and no new refresh token', { timeout: 30_000 }, async () => {
    // Prepare
    const tokens = await firstSignIn();

    // Act
    const refreshed = await local.client.send(
      new InitiateAuthCommand({
        ClientId: ACME,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    );

    // Assess
    const result = refreshed.AuthenticationResult;
    expect(result?.RefreshToken).toBeUndefined();
    const { access } = await verifiers();
    const before = await access.verify(tokens.AccessToken);
    const after = await access.verify(result?.AccessToken as string);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.jti).not.toBe(before.jti);
  });

  it('refuses the tokens issued before GlobalSignOut', { timeout: 30_000 }, async () => {
    // Prepare
    const tokens = await firstSignIn();

    // Act
    await local.client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    const access = await failure(
      local.client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken })),
    );
    const attributes = await failure(
      local.client.send(
        new DeleteUserAttributesCommand({
          AccessToken: tokens.AccessToken,
          UserAttributeNames: ['given_name'],
        }),
      ),
    );
    const refresh = await failure(
      local.client.send(
        new InitiateAuthCommand({
          ClientId: ACME,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
        }),
      ),
    );

    // Assess
    const revoked = { name: 'NotAuthorizedException', message: 'Access Token has been revoked' };
    expect(access).toEqual(revoked);
    expect(attributes).toEqual(revoked);
    expect(refresh).toEqual({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    // A JWT library checks signature and expiry only: the revoked token still verifies.
    expect(await (await verifiers()).access.verify(tokens.AccessToken)).toMatchObject({
      token_use: 'access',
    });
  });

  it('lists, deletes attributes of, and deletes users', { timeout: 30_000 }, async () => {
    // Prepare
    await invite();

    // Act
    const found = await local.client.send(
      new ListUsersCommand({ UserPoolId: POOL, Filter: 'email ^= "maya"' }),
    );
    await local.client.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: POOL,
        Username: 'maya@example.com',
        UserAttributeNames: ['given_name'],
      }),
    );
    const trimmed = await local.client.send(
      new ListUsersCommand({ UserPoolId: POOL, Filter: 'email = "maya@example.com"' }),
    );
    await local.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: 'maya@example.com' }));
    const gone = await local.client.send(
      new ListUsersCommand({ UserPoolId: POOL, Filter: 'email = "maya@example.com"' }),
    );

    // Assess
    expect(found.Users?.map((u) => u.UserStatus)).toEqual(['FORCE_CHANGE_PASSWORD']);
    expect(found.Users?.[0]?.UserCreateDate).toBeInstanceOf(Date);
    expect(trimmed.Users?.[0]?.Attributes?.map((a) => a.Name)).not.toContain('given_name');
    expect(gone.Users).toEqual([]);
  });
});

describe('Endpoint: the documented errors, by exception and message', () => {
  it('AdminCreateUser', { timeout: 30_000 }, async () => {
    // Prepare
    await invite();

    // Act
    const errors = await Promise.all([
      failure(invite()),
      failure(invite('li@example.com', { TemporaryPassword: 'Temporary!' })),
      failure(invite('li')),
      failure(invite('li@example.com', { MessageAction: 'RESEND' })),
      failure(invite('diego@example.com', { MessageAction: 'RESEND' })),
      failure(invite('li@example.com', { DesiredDeliveryMediums: ['SMS'] })),
      failure(
        local.client.send(
          new AdminCreateUserCommand({ UserPoolId: 'us-west-2_nothere', Username: 'li@example.com' }),
        ),
      ),
    ]);

    // Assess
    expect(errors).toEqual([
      { name: 'UsernameExistsException', message: 'An account with the given email already exists.' },
      {
        name: 'InvalidPasswordException',
        message: 'Password did not conform with password policy: Password must have numeric characters',
      },
      { name: 'InvalidParameterException', message: 'Username should be an email.' },
      { name: 'UserNotFoundException', message: 'User does not exist.' },
      {
        name: 'UnsupportedUserStateException',
        message: "Resend not possible. The user's status is CONFIRMED, not FORCE_CHANGE_PASSWORD.",
      },
      {
        name: 'InvalidParameterException',
        message: 'No phone_number provided but desired delivery medium was SMS',
      },
      { name: 'ResourceNotFoundException', message: 'User pool us-west-2_nothere does not exist.' },
    ]);
  });

  it('InitiateAuth', { timeout: 30_000 }, async () => {
    // Prepare
    const { RefreshToken } = await firstSignIn();

    // Act
    const errors = await Promise.all([
      failure(passwordSignIn('diego@example.com', 'wrong')),
      failure(passwordSignIn('nobody@example.com', 'Passw0rd!')),
      failure(passwordSignIn('uma@example.com', 'Passw0rd!')),
      failure(passwordSignIn('rex@example.com', 'Passw0rd!')),
      failure(passwordSignIn('diego@example.com', 'Passw0rd!', GLOBEX)),
      failure(passwordSignIn('diego@example.com', 'Passw0rd!', 'nosuchclient')),
      failure(
        local.client.send(
          new InitiateAuthCommand({
            ClientId: ACME,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'diego@example.com', PASSWORD: 'Passw0rd!' },
          }),
        ),
      ),
      failure(
        local.client.send(
          new InitiateAuthCommand({
            ClientId: ACME,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: `${RefreshToken}x` },
          }),
        ),
      ),
    ]);

    // Assess
    expect(errors).toEqual([
      { name: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      { name: 'UserNotFoundException', message: 'User does not exist.' },
      { name: 'UserNotConfirmedException', message: 'User is not confirmed.' },
      { name: 'PasswordResetRequiredException', message: 'Password reset required for the user' },
      { name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' },
      { name: 'ResourceNotFoundException', message: 'User pool client nosuchclient does not exist.' },
      { name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' },
      { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' },
    ]);
  });

  it('RespondToAuthChallenge', { timeout: 30_000 }, async () => {
    // Prepare
    await invite();
    const challenge = await passwordSignIn(
      'maya@example.com',
      local.cognito.lastCode('maya@example.com') as string,
    );
    const respond = (session: string | undefined, responses: Record<string, string>) =>
      local.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: ACME,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: { USERNAME: 'maya@example.com', ...responses },
        }),
      );

    // Act
    const errors = [
      await failure(respond('AYABeNotTheSessionCognitoIssued', { NEW_PASSWORD: 'N3w-password' })),
      await failure(respond(challenge.Session, { NEW_PASSWORD: 'n3w-password' })),
      await failure(
        respond(challenge.Session, { NEW_PASSWORD: 'N3w-password', 'userAttributes.email': 'x@example.com' }),
      ),
    ];

    // Assess
    expect(errors).toEqual([
      { name: 'NotAuthorizedException', message: 'Invalid session for the user.' },
      {
        name: 'InvalidPasswordException',
        message: 'Password does not conform to policy: Password must have uppercase characters',
      },
      { name: 'NotAuthorizedException', message: 'Cannot modify an already provided email' },
    ]);
  });

  it('GlobalSignOut, ListUsers and the deletes', { timeout: 30_000 }, async () => {
    // Act
    const errors = await Promise.all([
      failure(local.client.send(new GlobalSignOutCommand({ AccessToken: 'a.b.c' }))),
      failure(local.client.send(new ListUsersCommand({ UserPoolId: POOL, Filter: 'custom:brand = "acme"' }))),
      failure(
        local.client.send(new ListUsersCommand({ UserPoolId: POOL, AttributesToGet: ['phone_number'] })),
      ),
      failure(
        local.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: 'nobody@example.com' })),
      ),
      failure(
        local.client.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId: POOL,
            Username: 'diego@example.com',
            UserAttributeNames: ['email'],
          }),
        ),
      ),
    ]);

    // Assess
    expect(errors).toEqual([
      { name: 'NotAuthorizedException', message: 'Invalid Access Token' },
      { name: 'InvalidParameterException', message: 'Error while parsing filter.' },
      { name: 'InvalidParameterException', message: 'Input fails to satisfy the constraints.' },
      { name: 'UserNotFoundException', message: 'User does not exist.' },
      {
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: email: the attribute is required',
      },
    ]);
  });
});
