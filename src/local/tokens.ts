/** @module local/tokens — access tokens the simulator issues and checks, shaped like Cognito's. */
import { createSign, createVerify, randomUUID } from 'node:crypto';
import { Exceptions, Messages } from '../cognito/errors.js';

/** The scope that lets an access token call UpdateUserAttributes and the other self-service operations. */
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** The claims of a Cognito access token that the simulator reads. */
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

interface SigningKey {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly kid: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The issuer Cognito writes in a pool's tokens. */
const issuerOf = (region: string, userPoolId: string) =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

/**
 * Issues an RS256 access token for a user and app client, with Cognito's claims.
 *
 * @example
 * ```ts
 * const token = issueAccessToken(key, { region: 'us-west-2', userPoolId, clientId, sub, username });
 * ```
 */
const issueAccessToken = (
  key: SigningKey,
  subject: {
    readonly region: string;
    readonly userPoolId: string;
    readonly clientId: string;
    readonly sub: string;
    readonly username: string;
    /** Seconds (default: 3600). */
    readonly validitySeconds?: number;
    /** Issue time in seconds since the epoch (default: now). */
    readonly issuedAt?: number;
    readonly scope?: string;
  },
): string => {
  const iat = subject.issuedAt ?? Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    sub: subject.sub,
    iss: issuerOf(subject.region, subject.userPoolId),
    client_id: subject.clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: subject.scope ?? ADMIN_SCOPE,
    auth_time: iat,
    exp: iat + (subject.validitySeconds ?? 3600),
    iat,
    jti: randomUUID(),
    username: subject.username,
  };
  const signingInput = `${base64url({ kid: key.kid, alg: 'RS256' })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey, 'base64url');
  return `${signingInput}.${signature}`;
};

/**
 * Checks an access token as Cognito does and returns its claims, or throws NotAuthorizedException with Cognito's
 * text: `Invalid Access Token` for anything malformed, tampered with or from another pool, `Access Token has expired`
 * for an expired one.
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

/** A region from a pool id such as `us-west-2_aaaaaaaaa`. */
const regionOf = (userPoolId: string): string => userPoolId.split('_')[0] ?? 'us-east-1';

export type { AccessTokenClaims, SigningKey };
export { ADMIN_SCOPE, issueAccessToken, issuerOf, regionOf, verifyAccessToken };
