import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCognito, type LocalCognitoOptions } from '../../src/local/local-cognito.js';
import { type AppClient, type PoolDocument, STANDARD_ATTRIBUTES } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { tokenValidity } from '../../src/local/tokens.js';

const REGION = 'eu-west-3';
const POOL_ID = `${REGION}_Tok3nPool`;
const CLIENT_ID = '1example23456789abcdefghij';
const SUB = '9d2f6a1c-3b4e-4f5a-8b6c-7d8e9f0a1b2c';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 3600;
const DAY = 86_400;

/** A pool with one app client (its token settings given) and one user who signs in with a password. */
const poolWith = (client: Omit<AppClient, 'ClientId'> = {}): PoolDocument => ({
  UserPool: {
    Id: POOL_ID,
    SchemaAttributes: [
      ...STANDARD_ATTRIBUTES,
      { Name: 'custom:tier', AttributeDataType: 'Number', Mutable: true },
      { Name: 'dev:custom:note', AttributeDataType: 'String', DeveloperOnlyAttribute: true, Mutable: true },
    ],
  },
  UserPoolClients: [
    { ClientId: CLIENT_ID, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'], ...client },
  ],
  Users: [
    {
      Username: 'marisol',
      Password: 'Passw0rd!',
      UserAttributes: [
        { Name: 'sub', Value: SUB },
        { Name: 'email', Value: 'marisol@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+33612345678' },
        { Name: 'phone_number_verified', Value: 'false' },
        { Name: 'given_name', Value: 'Marisol' },
        { Name: 'custom:tier', Value: '3' },
        { Name: 'dev:custom:note', Value: 'not for app clients' },
      ],
    },
  ],
});

interface AuthenticationResult {
  readonly AccessToken: string;
  readonly ExpiresIn: number;
  readonly TokenType: string;
  readonly RefreshToken: string;
  readonly IdToken: string;
}

const signIn = (cognito: LocalCognito): AuthenticationResult =>
  (
    cognito.adminInitiateAuth({
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'marisol', PASSWORD: 'Passw0rd!' },
    }) as { AuthenticationResult: AuthenticationResult }
  ).AuthenticationResult;

const local = (client?: Omit<AppClient, 'ClientId'>, options: LocalCognitoOptions = {}) =>
  new LocalCognito({ pool: poolWith(client), ...options });

const decode = (part: string | undefined) =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
const claimsOf = (token: string) => decode(token.split('.')[1]);
const lifetimeOf = (token: string) => {
  const { exp, iat } = claimsOf(token);
  return exp - iat;
};

const errorOf = (trace: { result: object }) =>
  (trace.result as { error?: { name: string; message: string } }).error;

describe('Function: tokenValidity', () => {
  it.each([
    ['AccessToken', {}, HOUR],
    ['AccessToken', { AccessTokenValidity: 1 }, HOUR],
    ['AccessToken', { AccessTokenValidity: 900, TokenValidityUnits: { AccessToken: 'seconds' } }, 900],
    ['AccessToken', { AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } }, 300],
    ['AccessToken', { AccessTokenValidity: 12, TokenValidityUnits: { AccessToken: 'hours' } }, 12 * HOUR],
    ['AccessToken', { AccessTokenValidity: 1, TokenValidityUnits: { AccessToken: 'days' } }, DAY],
    ['IdToken', {}, HOUR],
    ['IdToken', { IdTokenValidity: 2 }, 2 * HOUR],
    ['IdToken', { IdTokenValidity: 600, TokenValidityUnits: { IdToken: 'seconds' } }, 600],
    ['IdToken', { IdTokenValidity: 30, TokenValidityUnits: { IdToken: 'minutes' } }, 30 * 60],
    ['IdToken', { IdTokenValidity: 1, TokenValidityUnits: { IdToken: 'days' } }, DAY],
    ['RefreshToken', {}, 30 * DAY],
    ['RefreshToken', { RefreshTokenValidity: 0 }, 30 * DAY],
    ['RefreshToken', { RefreshTokenValidity: 10 }, 10 * DAY],
    ['RefreshToken', { RefreshTokenValidity: 3600, TokenValidityUnits: { RefreshToken: 'seconds' } }, HOUR],
    ['RefreshToken', { RefreshTokenValidity: 90, TokenValidityUnits: { RefreshToken: 'minutes' } }, 90 * 60],
    ['RefreshToken', { RefreshTokenValidity: 6, TokenValidityUnits: { RefreshToken: 'hours' } }, 6 * HOUR],
    [
      'RefreshToken',
      { RefreshTokenValidity: 3650, TokenValidityUnits: { RefreshToken: 'days' } },
      3650 * DAY,
    ],
  ] as const)('gives the %s of a client with %j a lifetime of %i seconds', (kind, client, seconds) => {
    expect(tokenValidity(client)[kind]).toBe(seconds);
  });

  it('reads each validity in its own token’s unit only', () => {
    // Prepare
    const client = {
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 1,
      TokenValidityUnits: { IdToken: 'minutes' },
    } as const;

    // Act
    const validity = tokenValidity(client);

    // Assess
    expect(validity).toEqual({ AccessToken: HOUR, IdToken: 60, RefreshToken: DAY });
  });
});

describe('Method: LocalCognito.adminInitiateAuth, token lifetimes', () => {
  it.each([
    ['no validity set', HOUR, {}],
    ['AccessTokenValidity 1 and no unit (hours)', HOUR, { AccessTokenValidity: 1 }],
    ['a unit but no validity', HOUR, { TokenValidityUnits: { AccessToken: 'minutes' } }],
    ['900 seconds', 900, { AccessTokenValidity: 900, TokenValidityUnits: { AccessToken: 'seconds' } }],
    ['60 minutes', HOUR, { AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: 'minutes' } }],
    ['6 hours', 6 * HOUR, { AccessTokenValidity: 6, TokenValidityUnits: { AccessToken: 'hours' } }],
    ['1 day', DAY, { AccessTokenValidity: 1, TokenValidityUnits: { AccessToken: 'days' } }],
  ] as const)(
    'gives an access token of a client with %s a lifetime of %i s, also in ExpiresIn',
    (_, seconds, client) => {
      // Act
      const result = signIn(local(client));

      // Assess
      expect(result.ExpiresIn).toBe(seconds);
      expect(lifetimeOf(result.AccessToken)).toBe(seconds);
    },
  );

  it.each<[string, number, Omit<AppClient, 'ClientId'>]>([
    ['no validity set', HOUR, {}],
    ['IdTokenValidity 3 and no unit (hours)', 3 * HOUR, { IdTokenValidity: 3 }],
    ['300 seconds', 300, { IdTokenValidity: 300, TokenValidityUnits: { IdToken: 'seconds' } }],
    ['15 minutes', 15 * 60, { IdTokenValidity: 15, TokenValidityUnits: { IdToken: 'minutes' } }],
    ['1 day', DAY, { IdTokenValidity: 1, TokenValidityUnits: { IdToken: 'days' } }],
  ])('gives an ID token of a client with %s its own lifetime of %i s', (_, seconds, client) => {
    // Prepare: the access token keeps another lifetime, so that the two cannot be confused.
    const cognito = local({
      ...client,
      AccessTokenValidity: 7,
      TokenValidityUnits: { ...client.TokenValidityUnits, AccessToken: 'minutes' },
    });

    // Act
    const result = signIn(cognito);

    // Assess
    expect(lifetimeOf(result.IdToken)).toBe(seconds);
    expect(result.ExpiresIn).toBe(7 * 60);
  });

  it('uses accessTokenValiditySeconds for a client that sets no access token validity, and only then', () => {
    expect(signIn(local({}, { accessTokenValiditySeconds: 900 })).ExpiresIn).toBe(900);
    expect(signIn(local({ AccessTokenValidity: 2 }, { accessTokenValiditySeconds: 900 })).ExpiresIn).toBe(
      2 * HOUR,
    );
  });
});

describe('Method: LocalCognito.adminInitiateAuth, token contents', () => {
  let dir: string;
  let publicKey: string;
  let store: () => StateStore;

  beforeAll(() => {
    // The test's own key pair, put where the store keeps its signing key: signatures are then checked against a
    // key the code under test did not make.
    dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-tokens-'));
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    publicKey = pair.publicKey;
    writeFileSync(join(dir, 'signing-key.json'), JSON.stringify({ ...pair, kid: 'test-kid' }));
    store = () => new StateStore(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An RS256 JWT check of its own: header, then the RSASSA-PKCS1-v1_5 SHA-256 signature over `header.payload`. */
  const signedWithTestKey = (token: string): boolean => {
    const [header, payload, signature] = token.split('.');
    if (decode(header).alg !== 'RS256' || decode(header).kid !== 'test-kid') return false;
    return verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature ?? '', 'base64url'),
    );
  };

  it('signs both tokens with RS256 under the pool’s key, and a changed payload no longer verifies', () => {
    // Act
    const { AccessToken, IdToken } = signIn(local({}, { store: store() }));
    const [header, , signature] = IdToken.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(IdToken), sub: 'x' })).toString('base64url')}.${signature}`;

    // Assess
    expect(signedWithTestKey(AccessToken)).toBe(true);
    expect(signedWithTestKey(IdToken)).toBe(true);
    expect(signedWithTestKey(forged)).toBe(false);
  });

  it('issues an access token with Cognito’s access token claims and no aud', () => {
    // Prepare
    const before = Math.floor(Date.now() / 1000);

    // Act
    const claims = claimsOf(signIn(local({}, { store: store() })).AccessToken);

    // Assess
    expect(Object.keys(claims).sort()).toEqual(
      [
        'auth_time',
        'client_id',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'origin_jti',
        'scope',
        'sub',
        'token_use',
        'username',
      ].sort(),
    );
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: CLIENT_ID,
      scope: 'aws.cognito.signin.user.admin',
      username: 'marisol',
      sub: SUB,
      iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`,
      auth_time: claims.iat,
      exp: claims.iat + HOUR,
      jti: expect.stringMatching(UUID),
      origin_jti: expect.stringMatching(UUID),
      event_id: expect.stringMatching(UUID),
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('issues an ID token with aud, cognito:username and the user’s attributes, verified flags as booleans', () => {
    // Act
    const claims = claimsOf(signIn(local({}, { store: store() })).IdToken);

    // Assess
    expect(claims).toEqual({
      token_use: 'id',
      aud: CLIENT_ID,
      iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`,
      sub: SUB,
      'cognito:username': 'marisol',
      email: 'marisol@example.com',
      email_verified: true,
      phone_number: '+33612345678',
      phone_number_verified: false,
      given_name: 'Marisol',
      // Custom attributes are strings whatever their type; developer-only ones never reach app clients.
      'custom:tier': '3',
      auth_time: claims.iat,
      iat: expect.any(Number),
      exp: claims.iat + HOUR,
      jti: expect.stringMatching(UUID),
      origin_jti: expect.stringMatching(UUID),
      event_id: expect.stringMatching(UUID),
    });
  });

  it('gives the two tokens of one sign-in the same auth_time, origin_jti and event_id, and each its own jti', () => {
    // Act
    const { AccessToken, IdToken } = signIn(local({}, { store: store() }));
    const access = claimsOf(AccessToken);
    const id = claimsOf(IdToken);

    // Assess
    expect(id).toMatchObject({
      auth_time: access.auth_time,
      origin_jti: access.origin_jti,
      event_id: access.event_id,
    });
    expect(new Set([access.jti, id.jti, access.origin_jti]).size).toBe(3);
  });
});

describe('Method: LocalCognito.updateUserAttributes, the token it takes', () => {
  it('refuses an ID token given as the access token with Invalid Access Token, and changes nothing', async () => {
    // Prepare
    const cognito = local();
    const { IdToken } = signIn(cognito);
    const before = cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'marisol' });

    // Act
    const trace = await cognito.updateUserAttributes({
      AccessToken: IdToken,
      UserAttributes: [{ Name: 'given_name', Value: 'Sol' }],
    });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    expect(cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'marisol' })).toEqual(before);
  });

  it('accepts the access token issued beside it', async () => {
    // Prepare
    const cognito = local();
    const { AccessToken } = signIn(cognito);

    // Act
    const trace = await cognito.updateUserAttributes({
      AccessToken,
      UserAttributes: [{ Name: 'given_name', Value: 'Sol' }],
    });

    // Assess
    expect(trace.result).toEqual({ response: {} });
  });
});
