/**
 * @module local/operations/admin-create-user — AdminCreateUser: a user created by an administrator in
 * FORCE_CHANGE_PASSWORD, with a temporary password that the invitation (CustomMessage_AdminCreateUser) carries in
 * place of the code, and MessageAction RESEND and SUPPRESS.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { CognitoServiceError, Exceptions, Messages } from '../../cognito/errors.js';
import { TEMPORARY_PASSWORD_VALIDITY_DAYS } from '../../cognito/limits.js';
import { CLIENT_ID_NOT_APPLICABLE } from '../../cognito/trigger-sources.js';
import { violations } from '../../cognito/validation.js';
import type { Delivery } from '../attribute-update.js';
import {
  adminUserClauses,
  attributeClauses,
  deliveryTo,
  metadataClauses,
  raise,
} from '../client-requests.js';
import type { MessageSubject } from '../compose.js';
import type { Engine } from '../engine.js';
import {
  checkAttributesGiven,
  checkAttributeValues,
  newIdentity,
  sameUsername,
  schemaByName,
} from '../new-users.js';
import { PASSWORD_CONSTRAINT, passwordPolicyOf } from '../passwords.js';
import { type AttributeType, attributeValue, findUser, type PoolDocument, type User } from '../pool.js';
import type { Outcome } from '../trace.js';
import { awsTimestamp, eventAttributesOf, stamp } from '../users.js';
import { checkPasswordPolicyAs } from './sign-in.js';

interface AdminCreateUserRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly UserAttributes?: readonly AttributeType[];
  readonly ValidationData?: readonly AttributeType[];
  readonly TemporaryPassword?: string;
  readonly ForceAliasCreation?: boolean;
  readonly MessageAction?: string;
  readonly DesiredDeliveryMediums?: readonly string[];
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

const MESSAGE_ACTIONS = ['RESEND', 'SUPPRESS'] as const;
const DELIVERY_MEDIUMS = ['SMS', 'EMAIL'] as const;

/** The pool members AdminCreateUser reads beyond those every pool file is typed with. */
type CreatingPool = PoolDocument['UserPool'] & {
  readonly AdminCreateUserConfig?: { readonly UnusedAccountValidityDays?: number };
};

const enumClauses = (path: string, values: readonly unknown[], allowed: readonly string[]): string[] =>
  values.flatMap((value) =>
    value === undefined || allowed.includes(value as string)
      ? []
      : [
          `Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
        ],
  );

const validateAdminCreateUser = (request: AdminCreateUserRequest): void =>
  raise([
    ...adminUserClauses(request),
    ...attributeClauses('userAttributes', request.UserAttributes),
    ...attributeClauses('validationData', request.ValidationData),
    ...violations('temporaryPassword', request.TemporaryPassword, {
      ...PASSWORD_CONSTRAINT,
      required: false,
    }),
    ...enumClauses('messageAction', [request.MessageAction], MESSAGE_ACTIONS),
    ...(Array.isArray(request.DesiredDeliveryMediums)
      ? request.DesiredDeliveryMediums.flatMap((medium, index) =>
          enumClauses(`desiredDeliveryMediums.${index + 1}.member`, [medium], DELIVERY_MEDIUMS),
        )
      : []),
    ...metadataClauses(request.ClientMetadata),
  ]);

/** A user as AdminCreateUser and ListUsers return it (UserType), timestamps in epoch seconds as the service sends them. */
const userType = (user: User, attributes: readonly AttributeType[] = user.UserAttributes) => ({
  Username: user.Username,
  Attributes: attributes,
  ...(user.UserCreateDate === undefined ? {} : { UserCreateDate: Date.parse(user.UserCreateDate) / 1000 }),
  ...(user.UserLastModifiedDate === undefined
    ? {}
    : { UserLastModifiedDate: Date.parse(user.UserLastModifiedDate) / 1000 }),
  Enabled: user.Enabled ?? true,
  UserStatus: user.UserStatus ?? 'CONFIRMED',
});

/** UsernameExistsException when the username, or the email address or phone number the pool signs in with, is taken. */
const checkNewUser = (pool: PoolDocument, user: User, notes: string[]): void => {
  const users = pool.Users ?? [];
  for (const name of pool.UserPool.UsernameAttributes ?? []) {
    const value = attributeValue(user, name)?.toLowerCase();
    if (value && users.some((other) => attributeValue(other, name)?.toLowerCase() === value)) {
      notes.push(
        `[UNC] the text for an ${name} another user signs in with is SignUp's; AdminCreateUser is assumed to answer the same (docs/cognito-behaviour.md#admin-created-users)`,
      );
      throw Exceptions.UsernameExists(Messages.aliasExists(name));
    }
  }
  const same = sameUsername(pool, user.Username);
  if (users.some((other) => same(other.Username)))
    throw Exceptions.UsernameExists(Messages.userAccountExists);
};

/**
 * The attributes an administrator may set on a new user: `sub` is never written, values must not be null, names must
 * be in the schema (immutable and developer-only ones included), custom string lengths, email and phone formats hold.
 * Required attributes may be left out: the user completes them when answering NEW_PASSWORD_REQUIRED.
 */
const checkAttributes = (pool: PoolDocument, attributes: readonly AttributeType[]): void => {
  checkAttributesGiven(attributes);
  const schema = schemaByName(pool);
  const unknown = attributes.find((a) => !schema.has(a.Name));
  if (unknown) throw Exceptions.InvalidParameter(Messages.attributeTypeUnknown(unknown.Name));
  checkAttributeValues(schema, attributes);
};

const UPPERCASE = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWERCASE = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
/** Symbols from the policy's set that read the same in an email's HTML, an SMS and a shell. */
const SYMBOLS = '!#%*+-.=?@^_~';

/**
 * A temporary password that meets the pool's policy whatever it requires: at least the policy's length (8 at least),
 * with an uppercase and a lowercase letter, a digit and a symbol, in random order.
 */
const generateTemporaryPassword = (pool: PoolDocument): string => {
  const length = Math.max(passwordPolicyOf(pool).policy.MinimumLength ?? 0, 8);
  const pick = (set: string) => set[randomInt(set.length)] as string;
  const characters = [pick(UPPERCASE), pick(LOWERCASE), pick(DIGITS), pick(SYMBOLS)];
  while (characters.length < length) characters.push(pick(UPPERCASE + LOWERCASE + DIGITS));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] as string, characters[i] as string];
  }
  return characters.join('');
};

/** The temporary password's deadline: TemporaryPasswordValidityDays (or the legacy UnusedAccountValidityDays), else 7. */
const temporaryPasswordDeadline = (pool: PoolDocument): number => {
  const days =
    passwordPolicyOf(pool).policy.TemporaryPasswordValidityDays ||
    (pool.UserPool as CreatingPool).AdminCreateUserConfig?.UnusedAccountValidityDays ||
    TEMPORARY_PASSWORD_VALIDITY_DAYS;
  return Date.now() + days * 86_400_000;
};

/**
 * Where the invitation goes. Each medium asked for in DesiredDeliveryMediums needs its attribute
 * (InvalidParameterException otherwise). Without the member, Cognito's default is SMS: the phone number when the user
 * has one, else the email address, else nowhere.
 */
const invitationDeliveries = (
  user: User,
  mediums: readonly string[] | undefined,
  notes: string[],
): Delivery[] => {
  const email = attributeValue(user, 'email');
  const phone = attributeValue(user, 'phone_number');
  if (mediums !== undefined)
    return [...new Set(mediums)].map((medium) => {
      if (medium === 'EMAIL' && email) return deliveryTo('email', email);
      if (medium === 'SMS' && phone) return deliveryTo('phone_number', phone);
      if (medium === 'SMS')
        notes.push(
          '[UNC] the text for SMS asked for and no phone number is by analogy with the one observed for email (docs/cognito-behaviour.md#admin-created-users)',
        );
      throw Exceptions.InvalidParameter(Messages.noDeliveryDestination(medium === 'EMAIL' ? 'EMAIL' : 'SMS'));
    });
  if (phone) return [deliveryTo('phone_number', phone)];
  notes.push(
    email
      ? '[UNC] DesiredDeliveryMediums defaults to SMS and the user has no phone number: the simulator sends the invitation by email (docs/cognito-behaviour.md#admin-created-users)'
      : '[UNC] the user has neither an email address nor a phone number: the simulator sends no invitation (docs/cognito-behaviour.md#admin-created-users)',
  );
  return email ? [deliveryTo('email', email)] : [];
};

/**
 * The invitation, one message per delivery, as `CustomMessage_AdminCreateUser` through the Custom message trigger
 * (or `Custom…Sender_AdminCreateUser` through the pool's custom sender, after the commit), clientId
 * `CLIENT_ID_NOT_APPLICABLE`, the temporary password as the code; then the change committed. A failed trigger fails
 * the call and nothing is created or changed.
 */
const inviteThenCommit = async (
  engine: Engine,
  pool: PoolDocument,
  user: User,
  deliveries: readonly Delivery[],
  request: AdminCreateUserRequest,
  notes: string[],
  change: (current: PoolDocument) => PoolDocument,
): Promise<Outcome> => {
  const subject: MessageSubject = {
    triggerSource: 'CustomMessage_AdminCreateUser',
    userName: user.Username,
    eventAttributes: eventAttributesOf(pool, user),
  };
  if (request.ClientMetadata !== undefined)
    notes.push(
      '[UNC] AWS lists AdminCreateUser among the operations whose ClientMetadata reaches the pre sign-up trigger, not the Custom message trigger; the simulator passes it on (docs/cognito-behaviour.md#admin-created-users)',
    );
  const { sent, committed } = await engine.send(
    deliveries.map((delivery) => ({
      pool,
      subject,
      delivery,
      clientMetadata: request.ClientMetadata,
      clientId: CLIENT_ID_NOT_APPLICABLE,
      code: user.Password as string,
    })),
    notes,
    () => engine.commit(pool.UserPool.Id, change),
    {
      triggerFailed:
        '[UNC] AWS documents that a failed Custom message trigger fails the API call, not whether the user is created anyway; the simulator creates nothing (docs/cognito-behaviour.md#admin-created-users)',
    },
  );
  const stored = (committed.Users ?? []).find((u) => u.Username === user.Username) ?? user;
  return { ...sent, result: { response: { User: userType(stored) } } };
};

/** The temporary password: the one given, checked against the pool's policy, or one generated to meet it. */
const temporaryPasswordFor = (
  pool: PoolDocument,
  request: AdminCreateUserRequest,
  notes: string[],
): string => {
  if (request.TemporaryPassword === undefined) return generateTemporaryPassword(pool);
  try {
    checkPasswordPolicyAs(Messages.temporaryPasswordPolicy, pool, request.TemporaryPassword, notes);
  } catch (error) {
    if (!(error instanceof CognitoServiceError && error.message.endsWith('numeric characters')))
      notes.push(
        "[UNC] AdminCreateUser's wording is observed for the numeric rule; the other rules are assumed to end as SignUp's do (docs/cognito-behaviour.md#admin-created-users)",
      );
    throw error;
  }
  return request.TemporaryPassword;
};

/**
 * MessageAction RESEND: the user must exist (UserNotFoundException) and still be in FORCE_CHANGE_PASSWORD
 * (UnsupportedUserStateException); they get a new temporary password, a new deadline, and the invitation again.
 */
const resend = async (
  engine: Engine,
  pool: PoolDocument,
  request: AdminCreateUserRequest,
  notes: string[],
): Promise<Outcome> => {
  const user = findUser(pool, request.Username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  const status = user.UserStatus ?? 'CONFIRMED';
  if (status !== 'FORCE_CHANGE_PASSWORD') {
    notes.push(
      '[UNC] the exception for RESEND to a user past FORCE_CHANGE_PASSWORD is seen in public code, its text nowhere (docs/cognito-behaviour.md#admin-created-users)',
    );
    throw Exceptions.UnsupportedUserState(Messages.resendNotPossible(status));
  }
  if (request.UserAttributes !== undefined)
    notes.push(
      '[UNC] the attributes of a RESEND request are ignored: the invitation goes to the user as they are (docs/cognito-behaviour.md#admin-created-users)',
    );
  const { AuthSession: _session, ...rest } = user;
  const renewed: User = {
    ...rest,
    Password: temporaryPasswordFor(pool, request, notes),
    TemporaryPasswordExpiresAt: temporaryPasswordDeadline(pool),
  };
  const deliveries = invitationDeliveries(renewed, request.DesiredDeliveryMediums, notes);
  return inviteThenCommit(engine, pool, renewed, deliveries, request, notes, (current) => {
    const fresh = (current.Users ?? []).find((u) => u.Username === user.Username);
    if (!fresh) throw Exceptions.UserNotFound(Messages.userNotFound);
    const { AuthSession: _stale, ...kept } = fresh;
    const next = stamp({
      ...kept,
      Password: renewed.Password,
      TemporaryPasswordExpiresAt: renewed.TemporaryPasswordExpiresAt,
    });
    return { ...current, Users: (current.Users ?? []).map((u) => (u === fresh ? next : u)) };
  });
};

/**
 * AdminCreateUser: a new user in FORCE_CHANGE_PASSWORD, enabled, whose temporary password (given, or generated to
 * meet the pool's policy) holds for TemporaryPasswordValidityDays (default 7). The invitation goes through the Custom
 * message trigger as `CustomMessage_AdminCreateUser`, with `{username}` and the temporary password in place of the
 * code; SUPPRESS sends nothing, RESEND invites an existing user again. In a pool with UsernameAttributes the
 * username is a UUID and the email address or phone number fills its attribute.
 *
 * @example
 * ```ts
 * await cognito.call('AdminCreateUser', { UserPoolId, Username: 'maya@example.com', DesiredDeliveryMediums: ['EMAIL'] });
 * ```
 */
const adminCreateUser = async (
  engine: Engine,
  request: AdminCreateUserRequest,
  notes: string[],
): Promise<Outcome> => {
  validateAdminCreateUser(request);
  const pool = engine.pool(request.UserPoolId);
  if (request.MessageAction === 'RESEND') return resend(engine, pool, request, notes);
  if (pool.UserPool.LambdaConfig?.PreSignUp !== undefined)
    notes.push('the pool has a PreSignUp trigger: the simulator runs the Custom message trigger only');
  const identity = newIdentity(pool, request.Username, randomUUID());
  const given = request.UserAttributes ?? [];
  checkAttributes(pool, given);
  if (identity.attribute && given.some((a) => a.Name === identity.attribute?.Name))
    notes.push(
      `[UNC] the request sets ${identity.attribute.Name} and gives one as username: the simulator keeps the username's (docs/cognito-behaviour.md#admin-created-users)`,
    );
  if (request.ForceAliasCreation !== undefined)
    notes.push('ForceAliasCreation is not reproduced: an alias another user holds stays theirs');
  const now = awsTimestamp();
  const user: User = {
    Username: identity.username,
    UserAttributes: [
      { Name: 'sub', Value: identity.sub },
      ...given.filter((a) => a.Value !== '' && a.Name !== identity.attribute?.Name),
      ...(identity.attribute ? [identity.attribute] : []),
    ],
    UserCreateDate: now,
    UserLastModifiedDate: now,
    Enabled: true,
    UserStatus: 'FORCE_CHANGE_PASSWORD',
    Password: temporaryPasswordFor(pool, request, notes),
    TemporaryPasswordExpiresAt: temporaryPasswordDeadline(pool),
  };
  checkNewUser(pool, user, notes);
  const lacking = (pool.UserPool.SchemaAttributes ?? []).filter(
    (a) => a.Required && a.Name !== 'sub' && !attributeValue(user, a.Name),
  );
  if (lacking.length > 0)
    notes.push(
      `[UNC] the user lacks the required ${lacking.map((a) => a.Name).join(', ')}: AdminCreateUser is taken to allow it, the user completing them when answering NEW_PASSWORD_REQUIRED (docs/cognito-behaviour.md#admin-created-users)`,
    );
  const deliveries =
    request.MessageAction === 'SUPPRESS'
      ? []
      : invitationDeliveries(user, request.DesiredDeliveryMediums, notes);
  return inviteThenCommit(engine, pool, user, deliveries, request, notes, (current) => {
    // Another process may have created the same user since the pool was read.
    checkNewUser(current, user, []);
    return { ...current, Users: [...(current.Users ?? []), user] };
  });
};

export type { AdminCreateUserRequest };
export { adminCreateUser, userType };
