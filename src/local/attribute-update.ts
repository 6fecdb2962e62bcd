/** @module local/attribute-update — what AdminUpdateUserAttributes and UpdateUserAttributes do to a user. */
import { Exceptions, Messages } from '../cognito/errors.js';
import { checkAttributeValues, schemaByName } from './new-users.js';
import {
  type AppClient,
  type AttributeType,
  attributeValue,
  type PoolDocument,
  type SchemaAttribute,
  type User,
  type VerifiableAttribute,
} from './pool.js';

/** One verification message Cognito sends because an email address or phone number changed. */
interface Delivery {
  readonly attribute: VerifiableAttribute;
  readonly medium: 'EMAIL' | 'SMS';
  /** The new value: where the code goes. */
  readonly destination: string;
}

interface AttributeUpdatePlan {
  /** The user as stored after the update. */
  readonly user: User;
  /** The user's attributes as the Custom message event carries them. */
  readonly eventAttributes: Readonly<Record<string, string>>;
  readonly deliveries: readonly Delivery[];
  readonly notes: readonly string[];
}

interface UpdateCaller {
  /** AdminUpdateUserAttributes (IAM) or UpdateUserAttributes (the user's access token). */
  readonly admin: boolean;
  /** The app client that issued the access token, for UpdateUserAttributes. */
  readonly client?: AppClient;
}

const VERIFIABLE: readonly VerifiableAttribute[] = ['email', 'phone_number'];
const VERIFIED_FLAGS: readonly string[] = ['email_verified', 'phone_number_verified'];

const schemas = new WeakMap<object, ReadonlyMap<string, SchemaAttribute>>();
/** A pool's schema attributes by name, indexed once per pool. */
const schemaIndex = (pool: PoolDocument): ReadonlyMap<string, SchemaAttribute> => {
  let index = schemas.get(pool.UserPool);
  if (index === undefined) {
    index = schemaByName(pool);
    schemas.set(pool.UserPool, index);
  }
  return index;
};
const schemaOf = (pool: PoolDocument, name: string): SchemaAttribute | undefined =>
  schemaIndex(pool).get(name);

/**
 * Applies an attribute update to a user under the pool's rules, or throws the exception Cognito answers with. The
 * user and pool are not modified: the plan holds the new user.
 *
 * Rules: `sub` can't be modified; a null value is rejected; names must be in the schema (custom attributes with
 * their `custom:` prefix); immutable attributes can't be updated; `dev:` attributes only through the admin API; an
 * app client writes only its WriteAttributes; custom string lengths, email and phone formats are checked; a value
 * another user signs in with is refused; a blank value deletes the attribute. A changed email or phone number in a
 * pool that auto-verifies it is marked unverified, or kept pending when "keep original attribute value active" is on,
 * and a verification message goes to the new value — unless the admin API sets `*_verified` to true in the same
 * request.
 */
const planAttributeUpdate = (
  pool: PoolDocument,
  user: User,
  attributes: readonly AttributeType[],
  caller: UpdateCaller,
): AttributeUpdatePlan => {
  const notes: string[] = [];
  if (attributes.some((attribute) => attribute.Name === 'sub'))
    throw Exceptions.InvalidParameter(Messages.nonMutableSub);
  const missing = attributes.find((attribute) => attribute.Value === undefined || attribute.Value === null);
  if (missing) throw Exceptions.InvalidParameter(Messages.nullAttributeValue(missing.Name));

  const unknown = attributes.filter((attribute) => schemaOf(pool, attribute.Name) === undefined);
  if (unknown.length > 0)
    throw Exceptions.InvalidParameter(
      unknown.map((attribute) => Messages.unknownAttribute(attribute.Name)).join(''),
    );
  const immutable = attributes.filter((attribute) => schemaOf(pool, attribute.Name)?.Mutable === false);
  if (immutable.length > 0)
    throw Exceptions.InvalidParameter(
      immutable.map((attribute) => Messages.attributeCannotBeUpdated(attribute.Name)).join(''),
    );

  if (!caller.admin) {
    const writable = (name: string) =>
      !name.startsWith('dev:') &&
      (caller.client?.WriteAttributes
        ? caller.client.WriteAttributes.includes(name)
        : !VERIFIED_FLAGS.includes(name));
    if (attributes.some((attribute) => !writable(attribute.Name))) {
      if (
        caller.client?.WriteAttributes === undefined &&
        attributes.some((a) => VERIFIED_FLAGS.includes(a.Name))
      )
        notes.push(
          '[UNC] AWS documents that an app client without WriteAttributes may write the standard attributes, not whether email_verified and phone_number_verified are among them; the simulator refuses them (docs/cognito-behaviour.md#app-client-write-permissions)',
        );
      throw Exceptions.NotAuthorized(Messages.unauthorizedAttribute);
    }
  }

  // A blank value deletes the attribute: only values given are checked.
  checkAttributeValues(
    schemaIndex(pool),
    attributes.filter((attribute) => (attribute.Value ?? '') !== ''),
    notes,
  );

  const requested = new Map(attributes.map((attribute) => [attribute.Name, attribute.Value ?? '']));
  const signInAttributes = [
    ...(pool.UserPool.UsernameAttributes ?? []),
    ...(pool.UserPool.AliasAttributes ?? []),
  ];
  for (const name of VERIFIABLE) {
    const value = requested.get(name);
    if (!value || !signInAttributes.includes(name)) continue;
    const taken = (pool.Users ?? []).some(
      (other) =>
        other.Username !== user.Username &&
        attributeValue(other, name)?.toLowerCase() === value.toLowerCase() &&
        (pool.UserPool.UsernameAttributes?.includes(name) ||
          attributeValue(other, `${name}_verified`) === 'true'),
    );
    if (taken) throw Exceptions.AliasExists(Messages.aliasExists(name));
  }

  const current = new Map(user.UserAttributes.map((attribute) => [attribute.Name, attribute.Value ?? '']));
  const next = new Map(current);
  const pending = new Map(
    (user.PendingAttributes ?? []).map((attribute) => [attribute.Name, attribute.Value ?? '']),
  );
  const keepOriginal =
    pool.UserPool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const autoVerified = pool.UserPool.AutoVerifiedAttributes ?? [];
  const deliveries: Delivery[] = [];

  for (const [name, value] of requested) {
    if (VERIFIABLE.includes(name as VerifiableAttribute)) continue;
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  for (const name of VERIFIABLE) {
    const flag = `${name}_verified`;
    const verifiedNow = caller.admin && requested.get(flag) === 'true';
    if (!requested.has(name)) {
      // Setting only the flag to true confirms a value waiting for verification.
      if (verifiedNow && pending.has(name)) {
        next.set(name, pending.get(name) as string);
        pending.delete(name);
      }
      continue;
    }
    const value = requested.get(name) as string;
    if (value === '') {
      next.delete(name);
      next.delete(flag);
      pending.delete(name);
      continue;
    }
    if (value === current.get(name)) continue;
    if (verifiedNow) {
      next.set(name, value);
      pending.delete(name);
      continue;
    }
    const sendsCode = autoVerified.includes(name);
    if (sendsCode && keepOriginal.includes(name)) {
      pending.set(name, value);
      notes.push(
        `[UNC] AWS documents that with "keep original attribute value active" ${name} keeps its value until the new one is verified, not which value the event carries; the simulator sends the original ${name}, and the code to the new one (docs/cognito-behaviour.md#event-attributes)`,
      );
    } else {
      next.set(name, value);
      next.set(flag, 'false');
      if (sendsCode)
        notes.push(
          `[UNC] AWS documents that ${name} changes at once and becomes unverified, not which value the event carries; the simulator sends the new ${name} with ${name}_verified "false" (docs/cognito-behaviour.md#event-attributes)`,
        );
    }
    if (sendsCode)
      deliveries.push({ attribute: name, medium: name === 'email' ? 'EMAIL' : 'SMS', destination: value });
  }
  if (deliveries.length > 1)
    notes.push(
      '[UNC] AWS documents a verification message when an email address or phone number changes, not what happens when one request changes both; the simulator sends one message per attribute (docs/cognito-behaviour.md#verification-messages)',
    );

  const toList = (map: Map<string, string>): AttributeType[] =>
    [...map].map(([Name, Value]) => ({ Name, Value }));
  const nextUser: User = {
    ...user,
    UserAttributes: toList(next),
    PendingAttributes: pending.size > 0 ? toList(pending) : undefined,
  };
  if (nextUser.PendingAttributes === undefined)
    delete (nextUser as { PendingAttributes?: unknown }).PendingAttributes;

  const eventAttributes: Record<string, string> = Object.fromEntries(next);
  eventAttributes['cognito:user_status'] = user.UserStatus ?? 'CONFIRMED';
  for (const name of pool.UserPool.AliasAttributes ?? [])
    if (name !== 'preferred_username' && next.get(`${name}_verified`) === 'true')
      eventAttributes[`cognito:${name}_alias`] = next.get(name) ?? '';
  return { user: nextUser, eventAttributes, deliveries, notes };
};

export type { AttributeUpdatePlan, Delivery, UpdateCaller };
export { planAttributeUpdate };
