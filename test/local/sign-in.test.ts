import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalCognito, type Trace } from '../../src/local/local-cognito.js';
import { DEMO_POOL, type PoolDocument, type User } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { checkNotRevoked } from '../../src/local/tokens.js';
import { ACME_CLIENT, GLOBEX_CLIENT, POOL_ID } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;
const responseOf = (trace: Trace) => (trace.result as { response: Record<string, unknown> }).response;
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

interface Tokens {
  readonly AccessToken: string;
  readonly IdToken: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn: number;
  readonly TokenType: string;
}
const tokensOf = (trace: Trace) => responseOf(trace).AuthenticationResult as Tokens;

const seededUser = (Username: string, email: string, extra: Partial<User> = {}): User => ({
  Username,
  UserAttributes: [
    { Name: 'sub', Value: Username },
    { Name: 'email', Value: email },
  ],
  Password: 'Passw0rd!',
  Enabled: true,
  UserStatus: 'CONFIRMED',
  ...extra,
});

/**
 * The demo pool whose acme-web client also allows USER_PASSWORD_AUTH (globex-mobile does not), with users in the
 * states sign-in refuses.
 */
const signInPool = (client: Record<string, unknown> = {}): PoolDocument => {
  const pool = structuredClone(DEMO_POOL);
  return {
    ...pool,
    UserPoolClients: (pool.UserPoolClients ?? []).map((c) =>
      c.ClientId === ACME_CLIENT
        ? {
            ...c,
            ExplicitAuthFlows: [
              'ALLOW_USER_PASSWORD_AUTH',
              'ALLOW_ADMIN_USER_PASSWORD_AUTH',
              'ALLOW_REFRESH_TOKEN_AUTH',
            ],
            ...client,
          }
        : c,
    ),
    Users: [
      ...(pool.Users ?? []),
      seededUser('1c1c1c1c-0000-4000-8000-000000000001', 'uma@example.com', { UserStatus: 'UNCONFIRMED' }),
      seededUser('1c1c1c1c-0000-4000-8000-000000000002', 'rex@example.com', { UserStatus: 'RESET_REQUIRED' }),
      seededUser('1c1c1c1c-0000-4000-8000-000000000003', 'dee@example.com', { Enabled: false }),
    ],
  };
};

const initiate = (cognito: LocalCognito, parameters: Record<string, string>, request: object = {}) =>
  cognito.call('InitiateAuth', {
    ClientId: ACME_CLIENT,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: parameters,
    ...request,
  });
const passwordSignIn = (cognito: LocalCognito, username = 'diego@example.com', password = 'Passw0rd!') =>
  initiate(cognito, { USERNAME: username, PASSWORD: password });
const refresh = (
  cognito: LocalCognito,
  refreshToken: string,
  flow = 'REFRESH_TOKEN_AUTH',
  clientId = ACME_CLIENT,
) =>
  cognito.call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: flow,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });

/** A user created by an administrator with a known temporary password, and the challenge of their first sign-in. */
const challenged = async (cognito: LocalCognito, request: object = {}) => {
  await cognito.call('AdminCreateUser', {
    UserPoolId: POOL_ID,
    Username: 'maya@example.com',
    TemporaryPassword: 'Temp0rary!',
    MessageAction: 'SUPPRESS',
    ...request,
  });
  return responseOf(await passwordSignIn(cognito, 'maya@example.com', 'Temp0rary!')) as {
    ChallengeName: string;
    Session: string;
    ChallengeParameters: Record<string, string>;
  };
};
const answer = (cognito: LocalCognito, session: string, responses: Record<string, string> = {}) =>
  cognito.call('RespondToAuthChallenge', {
    ClientId: ACME_CLIENT,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: 'maya@example.com', NEW_PASSWORD: 'N3w-password', ...responses },
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('Operation: InitiateAuth, USER_PASSWORD_AUTH', () => {
  it('signs a confirmed user in with the access, ID and refresh tokens of one sign-in', async () => {
    // Act
    const trace = await passwordSignIn(new LocalCognito({ pool: signInPool() }));

    // Assess
    const tokens = tokensOf(trace);
    expect(responseOf(trace).ChallengeParameters).toEqual({});
    expect(tokens).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(tokens.RefreshToken).toMatch(/^[\w-]{100,}$/);
    const access = claimsOf(tokens.AccessToken);
    const id = claimsOf(tokens.IdToken);
    expect(access).toMatchObject({ token_use: 'access', client_id: ACME_CLIENT, username: access.sub });
    expect(id).toMatchObject({ token_use: 'id', aud: ACME_CLIENT, email: 'diego@example.com' });
    expect(id.origin_jti).toBe(access.origin_jti);
  });

  it('keeps only a hash of the refresh token with the user, and shows none of it', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });

    // Act
    const { RefreshToken } = tokensOf(await passwordSignIn(cognito));

    // Assess
    const saved = JSON.stringify(cognito.pool(POOL_ID));
    expect(saved).not.toContain(RefreshToken);
    expect(
      JSON.stringify(cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'diego@example.com' })),
    ).not.toContain('RefreshTokens');
  });

  it.each([
    [
      'a wrong password',
      'diego@example.com',
      'wrong',
      'NotAuthorizedException',
      'Incorrect username or password.',
    ],
    ['an unknown user', 'nobody@example.com', 'Passw0rd!', 'UserNotFoundException', 'User does not exist.'],
    [
      'an unconfirmed user, whatever the password',
      'uma@example.com',
      'wrong',
      'UserNotConfirmedException',
      'User is not confirmed.',
    ],
    [
      'a user who must reset their password',
      'rex@example.com',
      'Passw0rd!',
      'PasswordResetRequiredException',
      'Password reset required for the user',
    ],
    ['a disabled user', 'dee@example.com', 'Passw0rd!', 'NotAuthorizedException', 'User is disabled.'],
  ])('refuses %s', async (_, username, password, name, message) => {
    // Act
    const trace = await passwordSignIn(new LocalCognito({ pool: signInPool() }), username, password);

    // Assess
    expect(errorOf(trace)).toEqual({ name, message });
  });

  it('answers an unknown user as a wrong password when the client prevents user existence errors', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool({ PreventUserExistenceErrors: 'ENABLED' }) });

    // Act
    const unknown = await passwordSignIn(cognito, 'nobody@example.com');
    const reset = await passwordSignIn(cognito, 'rex@example.com');

    // Assess
    expect(errorOf(unknown)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(errorOf(reset)).toEqual(errorOf(unknown));
  });

  it('refuses the flow for a client that does not allow it', async () => {
    // Act
    const trace = await initiate(
      new LocalCognito({ pool: signInPool() }),
      { USERNAME: 'diego@example.com', PASSWORD: 'Passw0rd!' },
      { ClientId: GLOBEX_CLIENT },
    );

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    expect(trace.notes.some((note) => note.startsWith('[UNC]'))).toBe(true);
  });

  it.each(['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'])(
    'refuses %s, a flow of AdminInitiateAuth',
    async (flow) => {
      // Act
      const trace = await initiate(
        new LocalCognito({ pool: signInPool() }),
        { USERNAME: 'diego@example.com', PASSWORD: 'Passw0rd!' },
        { AuthFlow: flow },
      );

      // Assess
      expect(errorOf(trace)).toEqual({
        name: 'InvalidParameterException',
        message: 'Initiate Auth method not supported.',
      });
    },
  );

  it('answers ResourceNotFoundException for a client no pool has', async () => {
    // Act
    const trace = await initiate(new LocalCognito({ pool: signInPool() }), {}, { ClientId: 'nosuchclient' });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient does not exist.',
    });
  });

  it('validates AuthFlow against the service enum', async () => {
    // Act
    const trace = await initiate(new LocalCognito({ pool: signInPool() }), {}, { AuthFlow: 'PASSWORD' });

    // Assess
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value 'PASSWORD' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]",
    );
  });
});

describe('Operation: InitiateAuth, NEW_PASSWORD_REQUIRED for a temporary password', () => {
  it('answers with the challenge as Cognito sends it: a Session, USER_ID_FOR_SRP and JSON-encoded attributes', async () => {
    // Act
    const challenge = await challenged(new LocalCognito({ pool: signInPool() }), {
      UserAttributes: [{ Name: 'given_name', Value: 'Maya' }],
    });

    // Assess
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.Session.length).toBeGreaterThanOrEqual(20);
    const parameters = challenge.ChallengeParameters;
    expect(parameters.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(parameters.requiredAttributes as string)).toEqual([]);
    expect(JSON.parse(parameters.userAttributes as string)).toEqual({
      given_name: 'Maya',
      email: 'maya@example.com',
    });
    expect(Object.keys(challenge)).not.toContain('AuthenticationResult');
  });

  it('lists the required attributes the user lacks as userAttributes.<name>', async () => {
    // Prepare
    const pool = signInPool();
    const schema = (pool.UserPool.SchemaAttributes ?? []).map((a) =>
      a.Name === 'given_name' ? { ...a, Required: true } : a,
    );
    const cognito = new LocalCognito({
      pool: { ...pool, UserPool: { ...pool.UserPool, SchemaAttributes: schema } },
    });

    // Act
    const challenge = await challenged(cognito);

    // Assess
    expect(JSON.parse(challenge.ChallengeParameters.requiredAttributes as string)).toEqual([
      'userAttributes.given_name',
    ]);
  });

  it('gives the same challenge through AdminInitiateAuth', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    await challenged(cognito);

    // Act
    const trace = await cognito.call('AdminInitiateAuth', {
      UserPoolId: POOL_ID,
      ClientId: ACME_CLIENT,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'maya@example.com', PASSWORD: 'Temp0rary!' },
    });

    // Assess
    expect(responseOf(trace)).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: expect.any(String),
    });
  });
});

describe('Operation: RespondToAuthChallenge, NEW_PASSWORD_REQUIRED', () => {
  it('sets the new password, confirms the user and signs them in', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    const { Session } = await challenged(cognito);

    // Act
    const trace = await answer(cognito, Session);

    // Assess
    expect(responseOf(trace).ChallengeParameters).toEqual({});
    expect(tokensOf(trace).RefreshToken).toEqual(expect.any(String));
    expect(claimsOf(tokensOf(trace).IdToken)).toMatchObject({ email: 'maya@example.com' });
    expect(cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'maya@example.com' })).toMatchObject({
      UserStatus: 'CONFIRMED',
    });
    expect(tokensOf(await passwordSignIn(cognito, 'maya@example.com', 'N3w-password')).AccessToken).toEqual(
      expect.any(String),
    );
    expect(errorOf(await passwordSignIn(cognito, 'maya@example.com', 'Temp0rary!'))?.message).toBe(
      'Incorrect username or password.',
    );
  });

  it('takes a session once', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    const { Session } = await challenged(cognito);
    await answer(cognito, Session);

    // Act
    const again = await answer(cognito, Session, { NEW_PASSWORD: 'An0ther-password' });

    // Assess
    expect(errorOf(again)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('refuses a session it did not issue', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    await challenged(cognito);

    // Act
    const trace = await answer(cognito, 'AYABeThisIsNotTheSessionCognitoIssued');

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('refuses a session older than the default AuthSessionValidity of 3 minutes', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const { Session } = await challenged(cognito);

    // Act
    vi.setSystemTime(new Date('2026-03-01T10:03:01Z'));
    const late = await answer(cognito, Session);

    // Assess
    expect(errorOf(late)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it("holds a session for the client's AuthSessionValidity", async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool({ AuthSessionValidity: 15 }) });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const { Session } = await challenged(cognito);

    // Act
    vi.setSystemTime(new Date('2026-03-01T10:14:00Z'));
    const inTime = await answer(cognito, Session);

    // Assess
    expect(errorOf(inTime)).toBeUndefined();
  });

  it('checks the new password against the pool policy', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    const { Session } = await challenged(cognito);

    // Act
    const trace = await answer(cognito, Session, { NEW_PASSWORD: 'n3w-password' });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password does not conform to policy: Password must have uppercase characters',
    });
  });

  it('needs the required attributes the user lacks, and refuses one already provided', async () => {
    // Prepare
    const pool = signInPool();
    const schema = (pool.UserPool.SchemaAttributes ?? []).map((a) =>
      a.Name === 'given_name' ? { ...a, Required: true } : a,
    );
    const cognito = new LocalCognito({
      pool: { ...pool, UserPool: { ...pool.UserPool, SchemaAttributes: schema } },
    });
    const { Session } = await challenged(cognito);

    // Act
    const missing = await answer(cognito, Session);
    const resent = await answer(cognito, Session, {
      'userAttributes.given_name': 'Maya',
      'userAttributes.email': 'maya@example.com',
    });
    const completed = await answer(cognito, Session, { 'userAttributes.given_name': 'Maya' });

    // Assess
    expect(errorOf(missing)).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid attributes given, given_name is missing',
    });
    expect(errorOf(resent)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Cannot modify an already provided email',
    });
    expect(claimsOf(tokensOf(completed).IdToken)).toMatchObject({ given_name: 'Maya' });
  });
});

describe('Operation: InitiateAuth, REFRESH_TOKEN_AUTH', () => {
  it.each(['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'])(
    '%s returns new access and ID tokens of the same sign-in, and no refresh token',
    async (flow) => {
      // Prepare
      const cognito = new LocalCognito({ pool: signInPool() });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
      const first = tokensOf(await passwordSignIn(cognito));

      // Act
      vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
      const trace = await refresh(cognito, first.RefreshToken as string, flow);

      // Assess
      const tokens = tokensOf(trace);
      expect(Object.keys(tokens).sort()).toEqual(['AccessToken', 'ExpiresIn', 'IdToken', 'TokenType']);
      const before = claimsOf(first.AccessToken);
      const after = claimsOf(tokens.AccessToken);
      expect(after.auth_time).toBe(before.auth_time);
      expect(after.origin_jti).toBe(before.origin_jti);
      expect(after.jti).not.toBe(before.jti);
      expect(after.iat).toBe(Date.parse('2026-03-01T12:00:00Z') / 1000);
      expect(after.exp).toBe((after.iat as number) + 3600);
      expect(claimsOf(tokens.IdToken)).toMatchObject({
        auth_time: before.auth_time,
        origin_jti: before.origin_jti,
      });
    },
  );

  it('refuses a refresh token it did not issue, or issued to another client', async () => {
    // Prepare
    const pool = signInPool();
    const globex = {
      ...(pool.UserPoolClients?.[1] as object),
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    };
    const cognito = new LocalCognito({
      pool: { ...pool, UserPoolClients: [pool.UserPoolClients?.[0] as never, globex as never] },
    });
    const { RefreshToken } = tokensOf(await passwordSignIn(cognito));

    // Act
    const made = await refresh(cognito, 'made-up-refresh-token');
    const other = await refresh(cognito, RefreshToken as string, 'REFRESH_TOKEN_AUTH', GLOBEX_CLIENT);

    // Assess
    expect(errorOf(made)).toEqual({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
    expect(errorOf(other)).toEqual(errorOf(made));
  });

  it('refuses a refresh token past the client RefreshTokenValidity', async () => {
    // Prepare
    const cognito = new LocalCognito({
      pool: signInPool({ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } }),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const { RefreshToken } = tokensOf(await passwordSignIn(cognito));

    // Act
    vi.setSystemTime(new Date('2026-03-01T11:00:01Z'));
    const late = await refresh(cognito, RefreshToken as string);

    // Assess
    expect(errorOf(late)).toEqual({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });
});

describe('Operation: GlobalSignOut', () => {
  it('revokes the access and refresh tokens issued until then', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    const tokens = tokensOf(await passwordSignIn(cognito));
    const other = tokensOf(await passwordSignIn(cognito));

    // Act
    const signedOut = await cognito.call('GlobalSignOut', { AccessToken: tokens.AccessToken });
    const again = await cognito.call('GlobalSignOut', { AccessToken: other.AccessToken });
    const refreshed = await refresh(cognito, other.RefreshToken as string);

    // Assess
    expect(responseOf(signedOut)).toEqual({});
    expect(errorOf(again)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect(errorOf(refreshed)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('leaves the tokens of a sign-in made afterwards alone, in the same millisecond too', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: signInPool() });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const before = tokensOf(await passwordSignIn(cognito));
    await cognito.call('GlobalSignOut', { AccessToken: before.AccessToken });

    // Act
    const after = tokensOf(await passwordSignIn(cognito));
    const refreshed = await refresh(cognito, after.RefreshToken as string);
    const signedOut = await cognito.call('GlobalSignOut', { AccessToken: after.AccessToken });

    // Assess
    expect(errorOf(refreshed)).toBeUndefined();
    expect(errorOf(signedOut)).toBeUndefined();
  });

  it('refuses a token that is not an access token of the pool', async () => {
    // Act
    const trace = await new LocalCognito({ pool: signInPool() }).call('GlobalSignOut', {
      AccessToken: 'a.b.c',
    });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });
});

describe('Sign-in with the state on disk', () => {
  it('carries the challenge, the refresh token and the sign-out from one process to the next', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-sign-in-'));
    const cliProcess = () => new LocalCognito({ pool: signInPool(), store: new StateStore(dir) });
    try {
      const { Session } = await challenged(cliProcess());

      // Act
      const tokens = tokensOf(await answer(cliProcess(), Session));
      const refreshed = await refresh(cliProcess(), tokens.RefreshToken as string);
      await cliProcess().call('GlobalSignOut', { AccessToken: tokens.AccessToken });
      const revoked = await refresh(cliProcess(), tokens.RefreshToken as string);

      // Assess
      expect(errorOf(refreshed)).toBeUndefined();
      expect(errorOf(revoked)?.message).toBe('Refresh Token has been revoked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Function: checkNotRevoked', () => {
  it('refuses a token of a sign-in before the revocation, and lets later ones through', () => {
    // Prepare
    const user = { TokensRevokedAt: Date.parse('2026-03-01T10:00:00.500Z') };

    // Act
    const earlier = () =>
      checkNotRevoked(user, { origin_jti: 'a', auth_time: Date.parse('2026-03-01T10:00:00Z') / 1000 });
    const later = () =>
      checkNotRevoked(user, { origin_jti: 'b', auth_time: Date.parse('2026-03-01T10:00:01Z') / 1000 });

    // Assess
    expect(earlier).toThrow('Access Token has been revoked');
    expect(later).not.toThrow();
  });
});
