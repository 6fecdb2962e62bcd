/** @module local/operations/auth — AdminInitiateAuth, and the tokens a sign-in issues. */
import { Exceptions } from '../../cognito/errors.js';
import type { Engine } from '../engine.js';
import { type AdminInitiateAuthRequest, validateAdminInitiateAuth } from '../requests.js';
import { passwordSignIn } from './sign-in.js';

/**
 * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH: checks the user's password (`Password` in the pool file) and
 * returns tokens (the access token is what `update-user-attributes` takes), or NEW_PASSWORD_REQUIRED for a user with
 * a temporary password.
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
  // An unknown user gets the wrong-password answer here, as when the client prevents user existence errors.
  return passwordSignIn(engine, pool, client, username, password, { preventUserExistenceErrors: true });
};

export { adminInitiateAuth };
