/** @module local/operations/auth — AdminInitiateAuth, and the tokens a sign-in issues. */
import { Exceptions, Messages } from '../../cognito/errors.js';
import type { Engine } from '../engine.js';
import { type AppClient, attributeValue, findUser, type User } from '../pool.js';
import { type AdminInitiateAuthRequest, validateAdminInitiateAuth } from '../requests.js';
import {
  type Authentication,
  authenticate,
  issueAccessToken,
  issueIdToken,
  regionOf,
  type TokenValidity,
  tokenValidity,
} from '../tokens.js';

/** The client's token lifetimes; `accessTokenValiditySeconds` stands in when the client sets no access validity. */
const validityOf = (engine: Engine, client: AppClient | undefined): TokenValidity => {
  const validity = tokenValidity(client ?? {});
  const fallback = engine.options.accessTokenValiditySeconds;
  return client?.AccessTokenValidity === undefined && fallback !== undefined
    ? { ...validity, AccessToken: fallback }
    : validity;
};

/** A sign-in of a user through an app client: what its tokens share (auth_time, origin_jti, event_id). */
const signIn = (userPoolId: string, clientId: string, user: User, authTime?: number): Authentication =>
  authenticate(
    {
      region: regionOf(userPoolId),
      userPoolId,
      clientId,
      sub: attributeValue(user, 'sub') ?? user.Username,
      username: user.Username,
    },
    authTime,
  );

/**
 * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH: checks the user's password (`Password` in the pool file) and
 * returns tokens; the access token is what `update-user-attributes` takes.
 */
const adminInitiateAuth = (engine: Engine, request: AdminInitiateAuthRequest): Record<string, unknown> => {
  validateAdminInitiateAuth(request);
  const pool = engine.pool(request.UserPoolId);
  const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === request.ClientId);
  if (!client) throw Exceptions.ResourceNotFound(`User pool client ${request.ClientId} does not exist.`);
  if (request.AuthFlow !== 'ADMIN_USER_PASSWORD_AUTH' && request.AuthFlow !== 'ADMIN_NO_SRP_AUTH')
    throw Exceptions.InvalidParameter(
      `1 validation error detected: Value '${request.AuthFlow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH]`,
    );
  if (client.ExplicitAuthFlows && !client.ExplicitAuthFlows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH'))
    throw Exceptions.InvalidParameter('Auth flow not enabled for this client');
  const username = request.AuthParameters?.USERNAME;
  const password = request.AuthParameters?.PASSWORD;
  if (!username) throw Exceptions.InvalidParameter('Missing required parameter USERNAME');
  const user = findUser(pool, username);
  if (!user || user.Password === undefined || user.Password !== password)
    throw Exceptions.NotAuthorized(Messages.incorrectCredentials);
  const validity = validityOf(engine, client);
  const authentication = signIn(pool.UserPool.Id, client.ClientId, user);
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: issueAccessToken(engine.signingKey(), authentication, {
        validitySeconds: validity.AccessToken,
      }),
      ExpiresIn: validity.AccessToken,
      TokenType: 'Bearer',
      RefreshToken: `local-refresh.${Buffer.from(user.Username).toString('base64url')}`,
      IdToken: issueIdToken(engine.signingKey(), authentication, {
        validitySeconds: validity.IdToken,
        attributes: user.UserAttributes,
      }),
    },
  };
};

export { adminInitiateAuth, signIn, validityOf };
