/** @module local/tokens — the access and ID tokens the simulator issues and checks, shaped like Cognito's. */
import { createHash, createPublicKey, createSign, createVerify, randomBytes, randomUUID } from 'node:crypto';
import { Exceptions, Messages } from '../cognito/errors.js';
import type { AppClient, AttributeType, User } from './pool.js';

/** The scope that lets an access token call UpdateUserAttributes and the other self-service operations. */
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

type TimeUnit = NonNullable<NonNullable<AppClient['TokenValidityUnits']>['AccessToken']>;

const SECONDS_PER: Readonly<Record<TimeUnit, number>> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86_400,
};

/**
 * Each token's lifetime rule (UserPoolClientType): the unit its validity is read in when `TokenValidityUnits` names
 * none, and the lifetime when the client sets no validity at all.
 */
const TOKEN_VALIDITY = {
  AccessToken: { unit: 'hours', unsetSeconds: 3600 },
  IdToken: { unit: 'hours', unsetSeconds: 3600 },
  RefreshToken: { unit: 'days', unsetSeconds: 30 * 86_400 },
} as const satisfies Record<string, { unit: TimeUnit; unsetSeconds: number }>;

type TokenKind = keyof typeof TOKEN_VALIDITY;

/** The lifetime of each token of an app client, in seconds. */
type TokenValidity = Readonly<Record<TokenKind, number>>;

/**
 * The lifetimes, in seconds, of the tokens an app client issues: each validity read in its `TokenValidityUnits` unit
 * (hours for access and ID tokens, days for refresh tokens when the unit is not set).
 *
 * @example
 * ```ts
 * tokenValidity({ ClientId, AccessTokenValidity: 1 }).AccessToken; // 3600
 * tokenValidity({ ClientId, AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } }).AccessToken; // 300
 * ```
 */
const tokenValidity = (
  client: Pick<
    AppClient,
    'AccessTokenValidity' | 'IdTokenValidity' | 'RefreshTokenValidity' | 'TokenValidityUnits'
  >,
): TokenValidity => {
  const seconds = (kind: TokenKind, value: number | undefined) =>
    value === undefined
      ? TOKEN_VALIDITY[kind].unsetSeconds
      : value * SECONDS_PER[client.TokenValidityUnits?.[kind] ?? TOKEN_VALIDITY[kind].unit];
  return {
    AccessToken: seconds('AccessToken', client.AccessTokenValidity),
    IdToken: seconds('IdToken', client.IdTokenValidity),
    // "You can't set RefreshTokenValidity to 0. If you do, Amazon Cognito overrides the value with the default."
    RefreshToken: seconds('RefreshToken', client.RefreshTokenValidity || undefined),
  };
};

/** What the tokens of one sign-in share. */
interface Authentication {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly sub: string;
  readonly username: string;
  /** Seconds since the epoch; also the tokens' `iat`, as they are issued at sign-in. */
  readonly authTime: number;
  readonly originJti: string;
  readonly eventId: string;
}

/** The claims of a Cognito access token. */
interface AccessTokenClaims {
  readonly sub: string;
  readonly iss: string;
  readonly client_id: string;
  readonly origin_jti: string;
  readonly event_id: string;
  readonly token_use: 'access';
  readonly scope: string;
  readonly auth_time: number;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly username: string;
}

/** The claims of a Cognito ID token: fixed ones, then the user's attributes by their names (`custom:…` included). */
interface IdTokenClaims {
  readonly sub: string;
  readonly aud: string;
  readonly iss: string;
  readonly token_use: 'id';
  readonly 'cognito:username': string;
  readonly origin_jti: string;
  readonly event_id: string;
  readonly auth_time: number;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly [attribute: string]: string | number | boolean;
}

interface SigningKey {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly kid: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The issuer Cognito writes in a pool's tokens. */
const issuerOf = (region: string, userPoolId: string) =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

// Cognito signs ID and access tokens with two different keys (two `kid`s in the pool's JWKS); the simulator has one
// key, so only `token_use` tells the two apart here, as it does for Cognito's own APIs.
const sign = (key: SigningKey, claims: AccessTokenClaims | IdTokenClaims): string => {
  const signingInput = `${base64url({ kid: key.kid, alg: 'RS256' })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey, 'base64url');
  return `${signingInput}.${signature}`;
};

/**
 * Starts a sign-in: the access and ID tokens issued for it carry the same `auth_time`, `origin_jti` and `event_id`
 * [UNC: shared `origin_jti` and `event_id` across the pair is how real token pairs read, not a documented rule].
 *
 * @param authTime - seconds since the epoch (default: now)
 * @example
 * ```ts
 * const signIn = authenticate({ region: 'us-west-2', userPoolId, clientId, sub, username });
 * ```
 */
const authenticate = (
  subject: Omit<Authentication, 'authTime' | 'originJti' | 'eventId'>,
  authTime = Math.floor(Date.now() / 1000),
): Authentication => ({ ...subject, authTime, originJti: randomUUID(), eventId: randomUUID() });

/**
 * Issues an RS256 access token with Cognito's claims.
 *
 * @param options.issuedAt - its `iat`, seconds since the epoch (default: the sign-in's `auth_time`; a refresh issues
 *   tokens later than its sign-in)
 * @example
 * ```ts
 * const token = issueAccessToken(key, signIn, { validitySeconds: tokenValidity(client).AccessToken });
 * ```
 */
const issueAccessToken = (
  key: SigningKey,
  signIn: Authentication,
  options: { readonly validitySeconds: number; readonly scope?: string; readonly issuedAt?: number },
): string => {
  const iat = options.issuedAt ?? signIn.authTime;
  return sign(key, {
    sub: signIn.sub,
    iss: issuerOf(signIn.region, signIn.userPoolId),
    client_id: signIn.clientId,
    origin_jti: signIn.originJti,
    event_id: signIn.eventId,
    token_use: 'access',
    scope: options.scope ?? ADMIN_SCOPE,
    auth_time: signIn.authTime,
    exp: iat + options.validitySeconds,
    iat,
    jti: randomUUID(),
    username: signIn.username,
  });
};

/** Attributes whose values Cognito writes in the ID token as JSON booleans rather than strings. */
const BOOLEAN_CLAIMS: ReadonlySet<string> = new Set(['email_verified', 'phone_number_verified']);

/**
 * The user's attributes as ID token claims. Custom attributes keep their `custom:` name and are strings whatever
 * their type. Developer-only attributes (`dev:`) are never readable by app clients, so they stay out.
 * [UNC] `updated_at` (a Number attribute) and `address` (an object in OpenID Connect) are written as strings here.
 * [UNC] the client's ReadAttributes are not applied: pool files carry none.
 */
const attributeClaims = (attributes: readonly AttributeType[]): Record<string, string | boolean> =>
  Object.fromEntries(
    attributes
      .filter(({ Name, Value }) => Value !== undefined && !Name.startsWith('dev:'))
      .map(({ Name, Value }) => [Name, BOOLEAN_CLAIMS.has(Name) ? Value === 'true' : (Value as string)]),
  );

/**
 * Issues an RS256 ID token with Cognito's claims: `aud` is the app client, `cognito:username` the username, and the
 * user's attributes follow.
 *
 * @param options.issuedAt - its `iat`, seconds since the epoch (default: the sign-in's `auth_time`)
 * @example
 * ```ts
 * const token = issueIdToken(key, signIn, { validitySeconds: 3600, attributes: user.UserAttributes });
 * ```
 */
const issueIdToken = (
  key: SigningKey,
  signIn: Authentication,
  options: {
    readonly validitySeconds: number;
    readonly attributes: readonly AttributeType[];
    readonly issuedAt?: number;
  },
): string => {
  const iat = options.issuedAt ?? signIn.authTime;
  return sign(key, {
    ...attributeClaims(options.attributes),
    sub: signIn.sub,
    aud: signIn.clientId,
    iss: issuerOf(signIn.region, signIn.userPoolId),
    token_use: 'id',
    'cognito:username': signIn.username,
    origin_jti: signIn.originJti,
    event_id: signIn.eventId,
    auth_time: signIn.authTime,
    exp: iat + options.validitySeconds,
    iat,
    jti: randomUUID(),
  });
};

/**
 * Checks an access token as Cognito does and returns its claims, or throws NotAuthorizedException with Cognito's
 * text: `Invalid Access Token` for anything malformed, tampered with, from another pool or not an access token (an ID
 * token included), `Access Token has expired` for an expired one.
 */
const verifyAccessToken = (
  key: SigningKey,
  token: string,
  expected: { readonly region: string; readonly userPoolId: string },
  now = Date.now() / 1000,
): AccessTokenClaims => {
  const invalid = () => Exceptions.NotAuthorized(Messages.invalidAccessToken);
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const [header, payload, signature] = parts as [string, string, string];
  let claims: AccessTokenClaims;
  try {
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(key.publicKey, signature, 'base64url');
    if (!verified) throw invalid();
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (claims.token_use !== 'access' || claims.iss !== issuerOf(expected.region, expected.userPoolId))
    throw invalid();
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    throw Exceptions.NotAuthorized(Messages.accessTokenExpired);
  if (
    !String(claims.scope ?? '')
      .split(' ')
      .includes(ADMIN_SCOPE)
  )
    throw Exceptions.NotAuthorized(Messages.accessTokenScopes);
  return claims;
};

/**
 * A new refresh token. Cognito's are encrypted JWTs that only Cognito reads; here any unguessable string does, and
 * the user's record keeps its hash (see {@link refreshTokenHash}), never the token.
 *
 * @example
 * ```ts
 * const token = newRefreshToken(); // 128 base64url characters
 * ```
 */
const newRefreshToken = (): string => randomBytes(96).toString('base64url');

/** The hash by which a user's record knows a refresh token: SHA-256, base64url. */
const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * Whether GlobalSignOut has revoked the tokens of a sign-in: it revokes those of every sign-in made before it. The
 * sign-in is looked up by its `origin_jti` among the user's refresh tokens, which GlobalSignOut marks; a token whose
 * sign-in left none there (one a test issued directly) is judged by its `auth_time`.
 */
const isRevoked = (
  user: Pick<User, 'TokensRevokedAt' | 'RefreshTokens'>,
  claims: { readonly origin_jti?: unknown; readonly auth_time?: unknown },
): boolean => {
  const issued = user.RefreshTokens?.find((token) => token.OriginJti === claims.origin_jti);
  if (issued) return issued.Revoked === true;
  const revokedAt = user.TokensRevokedAt;
  if (revokedAt === undefined) return false;
  return typeof claims.auth_time !== 'number' || claims.auth_time * 1000 <= revokedAt;
};

/**
 * Throws NotAuthorizedException `Access Token has been revoked` for an access token of a sign-in that GlobalSignOut
 * revoked. Cognito's own APIs refuse such a token; a JWT library still accepts it until it expires.
 *
 * @example
 * ```ts
 * const claims = verifyAccessToken(key, token, { region, userPoolId });
 * checkNotRevoked(user, claims);
 * ```
 */
const checkNotRevoked = (
  user: Pick<User, 'TokensRevokedAt' | 'RefreshTokens'>,
  claims: Pick<AccessTokenClaims, 'origin_jti' | 'auth_time'>,
): void => {
  if (isRevoked(user, claims)) throw Exceptions.NotAuthorized(Messages.accessTokenRevoked);
};

/**
 * The pool's JSON Web Key Set, as Cognito serves it at `/{userPoolId}/.well-known/jwks.json`: the public key that
 * verifies its tokens (one here, where Cognito has one for ID tokens and one for access tokens).
 *
 * @example
 * ```ts
 * const { keys } = jwksOf(key); // [{ kid, alg: 'RS256', kty: 'RSA', e: 'AQAB', n, use: 'sig' }]
 * ```
 */
const jwksOf = (key: SigningKey): { keys: Record<string, string>[] } => {
  const { n, e } = createPublicKey(key.publicKey).export({ format: 'jwk' }) as { n: string; e: string };
  return { keys: [{ alg: 'RS256', e, kid: key.kid, kty: 'RSA', n, use: 'sig' }] };
};

/** A region from a pool id such as `us-west-2_aaaaaaaaa`. */
const regionOf = (userPoolId: string): string => userPoolId.split('_')[0] ?? 'us-east-1';

export type { AccessTokenClaims, Authentication, IdTokenClaims, SigningKey, TokenValidity };
export {
  ADMIN_SCOPE,
  authenticate,
  checkNotRevoked,
  isRevoked,
  issueAccessToken,
  issueIdToken,
  issuerOf,
  jwksOf,
  newRefreshToken,
  refreshTokenHash,
  regionOf,
  TOKEN_VALIDITY,
  tokenValidity,
  verifyAccessToken,
};
