/** @module local/users — a user record as operations change and show it. */
import { Exceptions, Messages } from '../cognito/errors.js';
import { findUser, type PoolDocument, type User } from './pool.js';

/** Now, as the aws CLI prints AdminGetUser's timestamps: microseconds and the UTC offset. */
const awsTimestamp = (date = new Date()): string => `${date.toISOString().slice(0, 23)}000+00:00`;

/** Marks a user as modified now. */
const stamp = (user: User): User => ({ ...user, UserLastModifiedDate: awsTimestamp() });

/** The pool with one user changed; UserNotFoundException when the user is gone. */
const changeUser = (pool: PoolDocument, username: string, change: (user: User) => User): PoolDocument => {
  const user = findUser(pool, username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  const next = change(user);
  return next === user
    ? pool
    : { ...pool, Users: (pool.Users ?? []).map((u) => (u.Username === user.Username ? stamp(next) : u)) };
};

/** A user's attributes as a Custom message event carries them. */
const eventAttributesOf = (pool: PoolDocument, user: User): Record<string, string> => {
  const attributes: Record<string, string> = Object.fromEntries(
    user.UserAttributes.map((a) => [a.Name, a.Value ?? '']),
  );
  attributes['cognito:user_status'] = user.UserStatus ?? 'CONFIRMED';
  for (const name of pool.UserPool.AliasAttributes ?? [])
    if (name !== 'preferred_username' && attributes[`${name}_verified`] === 'true')
      attributes[`cognito:${name}_alias`] = attributes[name] ?? '';
  return attributes;
};

/** Masks a destination the way Cognito does in CodeDeliveryDetails: `d***@e***`, `+*******1212` [UNC]. */
const maskDestination = (medium: 'EMAIL' | 'SMS', destination: string): string => {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`;
  const [local = '', domain = ''] = destination.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};

export { awsTimestamp, changeUser, eventAttributesOf, maskDestination, stamp };
