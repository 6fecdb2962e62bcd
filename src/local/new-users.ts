/**
 * @module local/new-users — the checks SignUp and AdminCreateUser share on a user about to be created: the username
 * the pool gives them, and the attribute values they may start with.
 */
import { Exceptions, Messages } from '../cognito/errors.js';
import { EMAIL_ADDRESS, PHONE_NUMBER } from '../cognito/limits.js';
import type { AttributeType, PoolDocument, SchemaAttribute, VerifiableAttribute } from './pool.js';

/** The username a new user takes, their `sub`, and the attribute the request's username fills. */
interface NewIdentity {
  readonly username: string;
  readonly sub: string;
  readonly attribute?: AttributeType & { Name: VerifiableAttribute };
}

/**
 * The username a new user takes, and the attribute the request's username fills. In a pool with UsernameAttributes
 * the username is a new UUID (the user's `sub`) and the email address or phone number given as username goes into
 * its attribute; any other username is refused (after `onRefused`, which may note why the text is assumed). In an
 * email-alias pool an email-format username is refused.
 */
const newIdentity = (
  pool: PoolDocument,
  username: string,
  sub: string,
  onRefused?: () => void,
): NewIdentity => {
  const usernameAttributes = pool.UserPool.UsernameAttributes ?? [];
  if (usernameAttributes.length === 0) {
    if (pool.UserPool.AliasAttributes?.includes('email') && EMAIL_ADDRESS.test(username))
      throw Exceptions.InvalidParameter(Messages.usernameOfEmailFormat);
    return { username, sub };
  }
  const asEmail = usernameAttributes.includes('email') && EMAIL_ADDRESS.test(username);
  const asPhone = !asEmail && usernameAttributes.includes('phone_number') && PHONE_NUMBER.test(username);
  if (!asEmail && !asPhone) {
    onRefused?.();
    throw Exceptions.InvalidParameter(
      usernameAttributes.length > 1
        ? Messages.usernameShouldBeEmailOrPhone
        : usernameAttributes.includes('email')
          ? Messages.usernameShouldBeEmail
          : Messages.usernameShouldBePhone,
    );
  }
  return { username: sub, sub, attribute: { Name: asEmail ? 'email' : 'phone_number', Value: username } };
};

/** InvalidParameterException when a new user's attributes write `sub` or leave a value out. */
const checkAttributesGiven = (attributes: readonly AttributeType[]): void => {
  if (attributes.some((a) => a.Name === 'sub')) throw Exceptions.InvalidParameter(Messages.nonMutableSub);
  const missing = attributes.find((a) => a.Value === undefined || a.Value === null);
  if (missing) throw Exceptions.InvalidParameter(Messages.nullAttributeValue(missing.Name));
};

/** The pool's schema attributes by name. */
const schemaByName = (pool: PoolDocument): Map<string, SchemaAttribute> =>
  new Map((pool.UserPool.SchemaAttributes ?? []).map((a) => [a.Name, a]));

/**
 * InvalidParameterException when a value breaks its custom string length, or an email or phone number format: the
 * checks every operation that writes attributes makes. With `notes`, the over-MaxLength refusal says its text is
 * assumed.
 */
const checkAttributeValues = (
  schema: ReadonlyMap<string, SchemaAttribute>,
  attributes: readonly AttributeType[],
  notes?: string[],
): void => {
  for (const { Name, Value = '' } of attributes) {
    const constraints = schema.get(Name)?.StringAttributeConstraints;
    const min = Number(constraints?.MinLength ?? 0);
    const max = Number(constraints?.MaxLength ?? 2048);
    if (Name.startsWith('custom:') && Value.length < min)
      throw Exceptions.InvalidParameter(Messages.stringTooShort(Name, min));
    if (Value.length > max) {
      notes?.push(
        '[UNC] AWS documents the MaxLength of a string attribute, not the error text for a longer value; the simulator words it like the text observed for MinLength (docs/cognito-behaviour.md#error-texts)',
      );
      throw Exceptions.InvalidParameter(Messages.stringTooLong(Name, max));
    }
    if (Name === 'email' && !EMAIL_ADDRESS.test(Value))
      throw Exceptions.InvalidParameter(Messages.invalidEmail);
    if (Name === 'phone_number' && !PHONE_NUMBER.test(Value))
      throw Exceptions.InvalidParameter(Messages.invalidPhoneNumber);
  }
};

/** Whether `a` names the same user as `username` under the pool's UsernameConfiguration (case-sensitive by default). */
const sameUsername = (pool: PoolDocument, username: string) => {
  const caseSensitive = pool.UserPool.UsernameConfiguration?.CaseSensitive ?? true;
  return (a: string): boolean =>
    caseSensitive ? a === username : a.toLowerCase() === username.toLowerCase();
};

export type { NewIdentity };
export { checkAttributesGiven, checkAttributeValues, newIdentity, sameUsername, schemaByName };
