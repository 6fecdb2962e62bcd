/**
 * @module local/operations/delete — AdminDeleteUser, AdminDeleteUserAttributes and DeleteUserAttributes: a user
 * removed from the pool, and attributes removed from a user under the pool's schema.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { Constraints, violations } from '../../cognito/validation.js';
import { planAttributeUpdate, type UpdateCaller } from '../attribute-update.js';
import { adminUserClauses, raise, userNamed, withUser } from '../client-requests.js';
import type { Engine } from '../engine.js';
import type { PoolDocument, User } from '../pool.js';
import { signedInUser } from './sign-in.js';

interface AdminDeleteUserRequest {
  readonly UserPoolId: string;
  readonly Username: string;
}

interface AdminDeleteUserAttributesRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly UserAttributeNames: readonly string[];
}

interface DeleteUserAttributesRequest {
  readonly UserAttributeNames: readonly string[];
  readonly AccessToken: string;
}

const nameClauses = (names: unknown): string[] =>
  names === undefined || names === null
    ? ["Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null"]
    : Array.isArray(names)
      ? names.flatMap((name, index) =>
          violations(`userAttributeNames.${index + 1}.member`, name, Constraints.AttributeName),
        )
      : [];

/** The pool without one user; UserNotFoundException when they are gone. */
const withoutUser = (pool: PoolDocument, username: string): PoolDocument => {
  if (!(pool.Users ?? []).some((u) => u.Username === username))
    throw Exceptions.UserNotFound(Messages.userNotFound);
  return { ...pool, Users: (pool.Users ?? []).filter((u) => u.Username !== username) };
};

/** AdminDeleteUser: the user is gone, and so are their codes, sessions and refresh tokens. */
const adminDeleteUser = (engine: Engine, request: AdminDeleteUserRequest): Record<string, unknown> => {
  raise([...adminUserClauses(request)]);
  const user = userNamed(engine.pool(request.UserPoolId), request.Username);
  engine.commit(request.UserPoolId, (current) => withoutUser(current, user.Username));
  return {};
};

/**
 * The user without the named attributes, under the rules of an update to blank: `sub` can't be modified, names must
 * be in the schema (custom ones with their `custom:` prefix), immutable attributes can't be changed, an app client
 * removes only what it may write. A required attribute, or the email address or phone number the pool takes as
 * username, can't be deleted. Deleting an email address or phone number drops its `_verified` flag too; a name the
 * user has no value for changes nothing.
 */
const withoutAttributes = (
  pool: PoolDocument,
  user: User,
  names: readonly string[],
  caller: UpdateCaller,
  notes: string[],
): User => {
  const plan = planAttributeUpdate(
    pool,
    user,
    names.map((Name) => ({ Name, Value: '' })),
    caller,
  );
  const schema = new Map((pool.UserPool.SchemaAttributes ?? []).map((a) => [a.Name, a]));
  const usernameAttributes: readonly string[] = pool.UserPool.UsernameAttributes ?? [];
  const required = names.filter((name) => schema.get(name)?.Required || usernameAttributes.includes(name));
  if (required.length > 0) {
    notes.push(
      '[UNC] AWS documents no text for deleting a required attribute; the simulator uses the one observed for a required attribute left out of a sign-up (docs/cognito-behaviour.md#deleting-users-and-attributes)',
    );
    throw Exceptions.InvalidParameter(Messages.requiredAttributes(required));
  }
  return plan.user;
};

const validateAdminDeleteUserAttributes = (request: AdminDeleteUserAttributesRequest): void =>
  raise([...adminUserClauses(request), ...nameClauses(request.UserAttributeNames)]);

/**
 * AdminDeleteUserAttributes: IAM-authorised, so developer-only attributes may go too. Tokens already issued keep the
 * attributes; the next ID token does not.
 */
const adminDeleteUserAttributes = (
  engine: Engine,
  request: AdminDeleteUserAttributesRequest,
  notes: string[],
): Record<string, unknown> => {
  validateAdminDeleteUserAttributes(request);
  const pool = engine.pool(request.UserPoolId);
  const user = userNamed(pool, request.Username);
  withoutAttributes(pool, user, request.UserAttributeNames, { admin: true }, notes);
  engine.commit(pool.UserPool.Id, (current) => {
    const fresh = userNamed(current, user.Username);
    return withUser(
      current,
      withoutAttributes(current, fresh, request.UserAttributeNames, { admin: true }, []),
    );
  });
  return {};
};

/** DeleteUserAttributes: the signed-in user's own attributes, those their app client may write. */
const deleteUserAttributes = (
  engine: Engine,
  request: DeleteUserAttributesRequest,
  notes: string[],
): Record<string, unknown> => {
  raise([
    ...nameClauses(request.UserAttributeNames),
    ...violations('accessToken', request.AccessToken, Constraints.AccessToken),
  ]);
  const { pool, user, client } = signedInUser(engine, request.AccessToken);
  const caller = { admin: false, client };
  withoutAttributes(pool, user, request.UserAttributeNames, caller, notes);
  engine.commit(pool.UserPool.Id, (current) => {
    const fresh = userNamed(current, user.Username);
    return withUser(current, withoutAttributes(current, fresh, request.UserAttributeNames, caller, []));
  });
  return {};
};

export type { AdminDeleteUserAttributesRequest, AdminDeleteUserRequest, DeleteUserAttributesRequest };
export { adminDeleteUser, adminDeleteUserAttributes, deleteUserAttributes };
