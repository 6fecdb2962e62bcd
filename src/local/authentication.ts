/** @module local/authentication — what a sign-in issues: its tokens' lifetimes and the claims they share. */
import type { Engine } from './engine.js';
import { type AppClient, attributeValue, type User } from './pool.js';
import { type Authentication, authenticate, regionOf, type TokenValidity, tokenValidity } from './tokens.js';

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

export { signIn, validityOf };
