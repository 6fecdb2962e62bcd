/**
 * @module local/client-requests — what the sign-up and password operations share: their request members validated,
 * the pool behind an app client id, the secret hash, and a code sent as the pool sends it around the commit.
 */
import { createHmac } from 'node:crypto';
import { type CognitoServiceError, Exceptions, Messages } from '../cognito/errors.js';
import { CLIENT_METADATA_VALUE_MAX_LENGTH } from '../cognito/limits.js';
import { Constraints, type StringConstraint, validationMessage, violations } from '../cognito/validation.js';
import type { Delivery } from './attribute-update.js';
import { checkCode } from './codes.js';
import type { CodeMessage, Engine } from './engine.js';
import {
  type AppClient,
  type AttributeType,
  findUser,
  type PoolDocument,
  type User,
  type VerifiableAttribute,
} from './pool.js';
import type { Outcome } from './trace.js';
import { maskDestination, stamp } from './users.js';

/** `SecretHashType` of the service model. */
const SECRET_HASH = {
  min: 1,
  max: 128,
  pattern: '[\\w+=/]+',
  sensitive: true,
} as const satisfies StringConstraint;

/** Throws InvalidParameterException with Cognito's validation text when there are clauses. */
const raise = (clauses: readonly string[]): void => {
  const message = validationMessage(clauses);
  if (message !== undefined) throw Exceptions.InvalidParameter(message);
};

/** [UNC] the text for an over-long ClientMetadata value follows AWS's map constraint format. */
const metadataClauses = (metadata: Readonly<Record<string, string>> | undefined): string[] =>
  Object.entries(metadata ?? {}).some(
    ([key, value]) =>
      key.length > CLIENT_METADATA_VALUE_MAX_LENGTH ||
      String(value).length > CLIENT_METADATA_VALUE_MAX_LENGTH,
  )
    ? [
        `Value at 'clientMetadata' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to ${CLIENT_METADATA_VALUE_MAX_LENGTH}, Member must have length greater than or equal to 0]`,
      ]
    : [];

/** The clauses of an optional list of attributes (`userAttributes`, `validationData`). */
const attributeClauses = (path: string, attributes: unknown): string[] =>
  Array.isArray(attributes)
    ? attributes.flatMap((attribute: Partial<AttributeType> | null, index) => [
        ...violations(`${path}.${index + 1}.member.name`, attribute?.Name, Constraints.AttributeName),
        ...violations(`${path}.${index + 1}.member.value`, attribute?.Value, Constraints.AttributeValue),
      ])
    : [];

/** The members every app-client operation takes: the client, its secret hash, the username. */
const clientClauses = (request: {
  readonly ClientId?: string;
  readonly SecretHash?: string;
  readonly Username?: string;
}): string[] => [
  ...violations('clientId', request.ClientId, Constraints.ClientId),
  ...violations('secretHash', request.SecretHash, SECRET_HASH),
  ...violations('username', request.Username, Constraints.Username),
];

/** The members every Admin… operation on one user takes: the pool and the username. */
const adminUserClauses = (request: {
  readonly UserPoolId?: string;
  readonly Username?: string;
}): string[] => [
  ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
  ...violations('username', request.Username, Constraints.Username),
];

/** The pool and app client behind a client id; ResourceNotFoundException when no pool has it. */
const appClient = (engine: Engine, clientId: string): { pool: PoolDocument; client: AppClient } => {
  const { pools, damaged } = engine.pools();
  for (const pool of pools) {
    const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === clientId);
    if (client) return { pool, client };
  }
  // A pool whose saved state can't be read may be the one that holds the client: its error says more.
  if (damaged[0] !== undefined) throw damaged[0];
  throw Exceptions.ResourceNotFound(Messages.userPoolClientNotFound(clientId));
};

/**
 * A client with a secret needs `SecretHash`: Base64(HMAC-SHA256(secret, username + clientId)), over the username as
 * the caller sent it. NotAuthorizedException when it is missing or wrong.
 */
const checkSecretHash = (client: AppClient, username: string, secretHash: string | undefined): void => {
  const secret = (client as AppClient & { readonly ClientSecret?: string }).ClientSecret;
  if (secret === undefined) return;
  if (secretHash === undefined) throw Exceptions.NotAuthorized(Messages.secretHashMissing(client.ClientId));
  const expected = createHmac('sha256', secret).update(`${username}${client.ClientId}`).digest('base64');
  if (secretHash !== expected) throw Exceptions.NotAuthorized(Messages.secretHashInvalid(client.ClientId));
};

/** The user a username names in the pool (username, sub, or sign-in attribute); UserNotFoundException otherwise. */
const userNamed = (pool: PoolDocument, username: string): User => {
  const user = findUser(pool, username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  return user;
};

/**
 * The pool, app client and user of a request an app client makes for a user (ConfirmSignUp, ForgotPassword, …), its
 * `SecretHash` checked: ResourceNotFoundException, NotAuthorizedException or UserNotFoundException otherwise.
 */
const clientUser = (
  engine: Engine,
  request: { readonly ClientId: string; readonly Username: string; readonly SecretHash?: string | undefined },
): { pool: PoolDocument; client: AppClient; user: User } => {
  const { pool, client } = appClient(engine, request.ClientId);
  checkSecretHash(client, request.Username, request.SecretHash);
  return { pool, client, user: userNamed(pool, request.Username) };
};

const deliveryTo = (attribute: VerifiableAttribute, destination: string): Delivery => ({
  attribute,
  medium: attribute === 'email' ? 'EMAIL' : 'SMS',
  destination,
});

/** CodeDeliveryDetails as the API returns it, the destination masked. */
const codeDeliveryDetails = (delivery: Delivery) => ({
  Destination: maskDestination(delivery.medium, delivery.destination),
  DeliveryMedium: delivery.medium,
  AttributeName: delivery.attribute,
});

/**
 * Sends a code (when there is one to send) as the pool sends it, around the change: through the Custom message
 * trigger, whose failure fails the call before anything is committed, or through the pool's custom sender, after the
 * commit. A failed commit takes the message back.
 */
const sendThenCommit = async (
  engine: Engine,
  message: CodeMessage | undefined,
  notes: string[],
  userPoolId: string,
  change: (current: PoolDocument) => PoolDocument,
): Promise<Pick<Outcome, 'invocations' | 'senderInvocations' | 'deliveries'>> => {
  const { sent } = await engine.send(
    message ? [message] : [],
    notes,
    () => engine.commit(userPoolId, change),
    message
      ? {
          triggerFailed: `[UNC] AWS documents that a failed Custom message trigger fails the API call, not whether the change that caused the ${message.subject.triggerSource} message is undone; the simulator changes nothing (docs/cognito-behaviour.md#sign-up-and-passwords)`,
        }
      : {},
  );
  return sent;
};

/** The pool with one user replaced, stamped as modified now. */
const withUser = (pool: PoolDocument, user: User): PoolDocument => ({
  ...pool,
  Users: (pool.Users ?? []).map((u) => (u.Username === user.Username ? stamp(user) : u)),
});

/** The user as `current` holds them: `user` itself while the pool is the one it was read from. */
const freshUser = (pool: PoolDocument, user: User, current: PoolDocument): User =>
  current === pool ? user : userNamed(current, user.Username);

/**
 * Judges a code offered for one of the user's codes and commits the outcome: a wrong code is counted and thrown once
 * saved, an expired one thrown; a right one commits `accepted`. `check` runs first on the user as the commit finds them.
 */
const commitCode = (
  engine: Engine,
  pool: PoolDocument,
  user: User,
  offered: { readonly key: string; readonly code: string },
  accepted: (current: PoolDocument, user: User) => PoolDocument,
  check?: (user: User) => void,
): void => {
  let failure: CognitoServiceError | undefined;
  engine.commit(pool.UserPool.Id, (current) => {
    const fresh = freshUser(pool, user, current);
    check?.(fresh);
    const checked = checkCode(fresh, offered.key, offered.code, Date.now());
    if (checked.error) {
      failure = checked.error;
      if (checked.user === fresh) throw checked.error;
      return withUser(current, checked.user);
    }
    return accepted(current, fresh);
  });
  if (failure) throw failure;
};

/** The user without one of their codes. */
const withoutCode = (user: User, key: string): User => {
  if (user.Codes?.[key] === undefined) return user;
  const { [key]: _used, ...codes } = user.Codes;
  const next: User = { ...user, Codes: codes };
  if (Object.keys(codes).length === 0) delete (next as { Codes?: unknown }).Codes;
  return next;
};

/** The user with an attribute set (added last, or replacing the one of that name). */
const withAttribute = (user: User, name: string, value: string): User => ({
  ...user,
  UserAttributes: [...user.UserAttributes.filter((a) => a.Name !== name), { Name: name, Value: value }],
});

export type { CodeMessage };
export {
  adminUserClauses,
  appClient,
  attributeClauses,
  checkSecretHash,
  clientClauses,
  clientUser,
  codeDeliveryDetails,
  commitCode,
  deliveryTo,
  freshUser,
  metadataClauses,
  raise,
  SECRET_HASH,
  sendThenCommit,
  userNamed,
  withAttribute,
  withoutCode,
  withUser,
};
