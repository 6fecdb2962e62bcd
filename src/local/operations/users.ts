/** @module local/operations/users — AdminGetUser and GetUser: a user as the API shows them. */
import { Exceptions, Messages } from '../../cognito/errors.js';
import type { Engine } from '../engine.js';
import { findUser } from '../pool.js';
import {
  type AdminGetUserRequest,
  type GetUserRequest,
  validateAdminGetUser,
  validateGetUser,
} from '../requests.js';

/** AdminGetUser, as `admin-get-user` prints it. */
const adminGetUser = (engine: Engine, request: AdminGetUserRequest): Record<string, unknown> => {
  validateAdminGetUser(request);
  const pool = engine.pool(request.UserPoolId);
  const user = findUser(pool, request.Username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  return {
    Username: user.Username,
    UserAttributes: user.UserAttributes,
    // The service sends timestamps as epoch seconds; the CLI prints them in ISO 8601.
    ...(user.UserCreateDate === undefined ? {} : { UserCreateDate: Date.parse(user.UserCreateDate) / 1000 }),
    ...(user.UserLastModifiedDate === undefined
      ? {}
      : { UserLastModifiedDate: Date.parse(user.UserLastModifiedDate) / 1000 }),
    Enabled: user.Enabled ?? true,
    UserStatus: user.UserStatus ?? 'CONFIRMED',
  };
};

/** GetUser: the signed-in user's attributes, from their access token. */
const getUser = (engine: Engine, request: GetUserRequest): Record<string, unknown> => {
  validateGetUser(request);
  const { user } = engine.fromToken(request.AccessToken);
  return { Username: user.Username, UserAttributes: user.UserAttributes };
};

export { adminGetUser, getUser };
