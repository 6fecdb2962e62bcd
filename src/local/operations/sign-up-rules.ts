/**
 * @module local/operations/sign-up-rules — what SignUp and ResendConfirmationCode decide about a user signing up: the
 * username and attributes they may start with, and where and how their sign-up code is sent.
 */
import { randomUUID } from 'node:crypto';
import { Exceptions, Messages } from '../../cognito/errors.js';
import type { Delivery } from '../attribute-update.js';
import { type CodeMessage, deliveryTo } from '../client-requests.js';
import {
  checkAttributesGiven,
  checkAttributeValues,
  type NewIdentity,
  newIdentity,
  sameUsername,
  schemaByName,
} from '../new-users.js';
import {
  type AppClient,
  type AttributeType,
  attributeValue,
  type PoolDocument,
  type User,
  type UserPool,
} from '../pool.js';
import { regionOf } from '../tokens.js';
import { eventAttributesOf } from '../users.js';

const VERIFIED_FLAGS: readonly string[] = ['email_verified', 'phone_number_verified'];

/**
 * Where a sign-up code goes: the phone number when the pool auto-verifies it and the user has one (Cognito then
 * verifies the phone number only), else the email address when the pool auto-verifies it; nowhere otherwise.
 */
const signUpDelivery = (pool: PoolDocument, user: User): Delivery | undefined => {
  const autoVerified = pool.UserPool.AutoVerifiedAttributes ?? [];
  for (const attribute of ['phone_number', 'email'] as const) {
    const destination = attributeValue(user, attribute);
    if (autoVerified.includes(attribute) && destination) return deliveryTo(attribute, destination);
  }
  return undefined;
};

/**
 * The link a CONFIRM_WITH_LINK pool sends instead of a code, for an email. Its shape is [UNC]: the address of the
 * pool's domain that confirms the user, which the simulator does not serve; the code in it confirms through
 * ConfirmSignUp.
 */
const confirmationLink = (
  pool: PoolDocument,
  delivery: Delivery,
  clientId: string,
  username: string,
  code: string,
  notes: string[],
): string | undefined => {
  if (delivery.medium !== 'EMAIL') return undefined;
  if (pool.UserPool.VerificationMessageTemplate?.DefaultEmailOption !== 'CONFIRM_WITH_LINK') return undefined;
  const domain = (pool.UserPool as UserPool & { readonly Domain?: string }).Domain ?? 'local';
  notes.push(
    "[UNC] the pool confirms by link: the simulator writes the link as its domain's /confirmUser address with client_id, user_name and confirmation_code, and does not serve it; ConfirmSignUp takes the code (docs/cognito-behaviour.md#sign-up-and-passwords)",
  );
  const query = new URLSearchParams({ client_id: clientId, user_name: username, confirmation_code: code });
  return `https://${domain}.auth.${regionOf(pool.UserPool.Id)}.amazoncognito.com/confirmUser?${query}`;
};

/** The username a sign-up takes (see {@link newIdentity}). */
const signUpIdentity = (pool: PoolDocument, username: string, notes: string[]): NewIdentity =>
  newIdentity(pool, username, randomUUID(), () =>
    notes.push(
      '[UNC] the texts refusing a username that is not an email address or phone number were observed for AdminCreateUser; SignUp is assumed to answer the same (docs/cognito-behaviour.md#sign-up-and-passwords)',
    ),
  );

/**
 * The attributes a sign-up may set, checked under the pool's schema and the app client's write permissions: `sub`
 * is never written, values must not be null, names must be in the schema, the client writes only its
 * WriteAttributes (or, without them, anything but the verified flags and `dev:` attributes), custom string lengths,
 * email and phone formats hold.
 */
const checkSignUpAttributes = (
  pool: PoolDocument,
  client: AppClient,
  attributes: readonly AttributeType[],
  notes: string[],
): void => {
  checkAttributesGiven(attributes);
  const schema = schemaByName(pool);
  const unknown = attributes.filter((a) => !schema.has(a.Name));
  if (unknown.length > 0) {
    notes.push(
      '[UNC] the text for an attribute outside the schema was observed for attribute updates; SignUp is assumed to answer the same (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
    throw Exceptions.InvalidParameter(unknown.map((a) => Messages.unknownAttribute(a.Name)).join(''));
  }
  const writable = (name: string) =>
    !name.startsWith('dev:') &&
    (client.WriteAttributes ? client.WriteAttributes.includes(name) : !VERIFIED_FLAGS.includes(name));
  if (attributes.some((a) => !writable(a.Name)))
    throw Exceptions.NotAuthorized(Messages.unauthorizedAttribute);
  checkAttributeValues(schema, attributes);
};

/** UsernameExistsException when the pool already has a user by that username, or by that email or phone username. */
const checkNewUsername = (pool: PoolDocument, identity: NewIdentity): void => {
  const users = pool.Users ?? [];
  const { attribute } = identity;
  if (attribute) {
    const value = attribute.Value?.toLowerCase();
    if (users.some((u) => attributeValue(u, attribute.Name)?.toLowerCase() === value))
      throw Exceptions.UsernameExists(Messages.aliasExists(attribute.Name));
    return;
  }
  const same = sameUsername(pool, identity.username);
  if (users.some((u) => same(u.Username))) throw Exceptions.UsernameExists(Messages.usernameExists);
};
const linkOf = (link: string | undefined): { confirmationLink?: string } =>
  link === undefined ? {} : { confirmationLink: link };

/** The message carrying a sign-up code (or its link) to the user, as SignUp and ResendConfirmationCode send it. */
const signUpCodeMessage = (
  triggerSource: 'CustomMessage_SignUp' | 'CustomMessage_ResendCode',
  pool: PoolDocument,
  client: AppClient,
  user: User,
  delivery: Delivery,
  code: string,
  clientMetadata: Readonly<Record<string, string>> | undefined,
  notes: string[],
): CodeMessage => ({
  pool,
  subject: {
    triggerSource,
    userName: user.Username,
    eventAttributes: eventAttributesOf(pool, user),
    ...linkOf(confirmationLink(pool, delivery, client.ClientId, user.Username, code, notes)),
  },
  delivery,
  clientMetadata,
  clientId: client.ClientId,
  code,
});

export { checkNewUsername, checkSignUpAttributes, signUpCodeMessage, signUpDelivery, signUpIdentity };
