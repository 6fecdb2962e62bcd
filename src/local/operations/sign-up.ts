/**
 * @module local/operations/sign-up — SignUp, ConfirmSignUp, ResendConfirmationCode and AdminConfirmSignUp: a user who
 * signs themselves up through an app client, the code sent to their auto-verified attribute as the pool sends it (the
 * Custom message trigger or a custom sender), and the confirmation.
 */
import { randomUUID } from 'node:crypto';
import { type CognitoServiceError, Exceptions, Messages } from '../../cognito/errors.js';
import { EMAIL_ADDRESS, PHONE_NUMBER, SIGN_UP_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import { Constraints, violations } from '../../cognito/validation.js';
import type { Delivery } from '../attribute-update.js';
import {
  appClient,
  attributeClauses,
  type CodeMessage,
  checkSecretHash,
  clientClauses,
  codeDeliveryDetails,
  deliveryTo,
  metadataClauses,
  raise,
  sendThenCommit,
  userNamed,
  withAttribute,
  withoutCode,
  withUser,
} from '../client-requests.js';
import { checkCode, withCodesSent } from '../codes.js';
import type { Engine } from '../engine.js';
import { checkPasswordPolicy, PASSWORD_CONSTRAINT } from '../passwords.js';
import {
  type AppClient,
  type AttributeType,
  attributeValue,
  type PoolDocument,
  type User,
  type UserPool,
  type VerifiableAttribute,
} from '../pool.js';
import { regionOf } from '../tokens.js';
import { type Outcome, plainResult } from '../trace.js';
import { awsTimestamp, changeUser, eventAttributesOf, stamp } from '../users.js';

interface SignUpRequest {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  readonly Password?: string;
  readonly UserAttributes?: readonly AttributeType[];
  readonly ValidationData?: readonly AttributeType[];
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface ConfirmSignUpRequest {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  readonly ConfirmationCode: string;
  readonly ForceAliasCreation?: boolean;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface ResendConfirmationCodeRequest {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface AdminConfirmSignUpRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

/** Where a user's sign-up code is kept among their codes. */
const SIGN_UP_CODE = 'signup';

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

/**
 * The username a sign-up takes, and the attribute the caller's username fills. In a pool with UsernameAttributes the
 * username is a new UUID (the user's `sub`), and the email address or phone number given as username goes into its
 * attribute; any other username is refused. In an email-alias pool an email-format username is refused.
 */
const signUpIdentity = (
  pool: PoolDocument,
  username: string,
  notes: string[],
): { username: string; sub: string; attribute?: AttributeType & { Name: VerifiableAttribute } } => {
  const sub = randomUUID();
  const usernameAttributes = pool.UserPool.UsernameAttributes ?? [];
  if (usernameAttributes.length === 0) {
    if (pool.UserPool.AliasAttributes?.includes('email') && EMAIL_ADDRESS.test(username))
      throw Exceptions.InvalidParameter(Messages.usernameOfEmailFormat);
    return { username, sub };
  }
  const asEmail = usernameAttributes.includes('email') && EMAIL_ADDRESS.test(username);
  const asPhone = !asEmail && usernameAttributes.includes('phone_number') && PHONE_NUMBER.test(username);
  if (!asEmail && !asPhone) {
    notes.push(
      '[UNC] the texts refusing a username that is not an email address or phone number were observed for AdminCreateUser; SignUp is assumed to answer the same (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
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
  if (attributes.some((a) => a.Name === 'sub')) throw Exceptions.InvalidParameter(Messages.nonMutableSub);
  const missing = attributes.find((a) => a.Value === undefined || a.Value === null);
  if (missing) throw Exceptions.InvalidParameter(Messages.nullAttributeValue(missing.Name));
  const schema = new Map((pool.UserPool.SchemaAttributes ?? []).map((a) => [a.Name, a]));
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
  for (const { Name, Value = '' } of attributes) {
    const constraints = schema.get(Name)?.StringAttributeConstraints;
    const min = Number(constraints?.MinLength ?? 0);
    const max = Number(constraints?.MaxLength ?? 2048);
    if (Name.startsWith('custom:') && Value.length < min)
      throw Exceptions.InvalidParameter(Messages.stringTooShort(Name, min));
    if (Value.length > max) throw Exceptions.InvalidParameter(Messages.stringTooLong(Name, max));
    if (Name === 'email' && !EMAIL_ADDRESS.test(Value))
      throw Exceptions.InvalidParameter(Messages.invalidEmail);
    if (Name === 'phone_number' && !PHONE_NUMBER.test(Value))
      throw Exceptions.InvalidParameter(Messages.invalidPhoneNumber);
  }
};

/** UsernameExistsException when the pool already has a user by that username, or by that email or phone username. */
const checkNewUsername = (pool: PoolDocument, identity: ReturnType<typeof signUpIdentity>): void => {
  const users = pool.Users ?? [];
  const { attribute } = identity;
  if (attribute) {
    const value = attribute.Value?.toLowerCase();
    if (users.some((u) => attributeValue(u, attribute.Name)?.toLowerCase() === value))
      throw Exceptions.UsernameExists(Messages.aliasExists(attribute.Name));
    return;
  }
  const caseSensitive = pool.UserPool.UsernameConfiguration?.CaseSensitive ?? true;
  const same = (a: string) =>
    caseSensitive ? a === identity.username : a.toLowerCase() === identity.username.toLowerCase();
  if (users.some((u) => same(u.Username))) throw Exceptions.UsernameExists(Messages.usernameExists);
};

const notRunTrigger = (pool: PoolDocument, trigger: string, notes: string[]): void => {
  if (pool.UserPool.LambdaConfig?.[trigger] !== undefined)
    notes.push(`the pool has a ${trigger} trigger: the simulator runs the Custom message trigger only`);
};

const validateSignUp = (request: SignUpRequest): void =>
  raise([
    ...clientClauses(request),
    ...violations('password', request.Password, PASSWORD_CONSTRAINT),
    ...attributeClauses('userAttributes', request.UserAttributes),
    ...attributeClauses('validationData', request.ValidationData),
    ...metadataClauses(request.ClientMetadata),
  ]);

/**
 * SignUp: a new UNCONFIRMED user, created through an app client, with a code sent as `CustomMessage_SignUp` to the
 * attribute the pool auto-verifies (a link, for an email, when the pool's DefaultEmailOption is CONFIRM_WITH_LINK).
 * The code holds for 24 hours. Nothing is sent, and the response has no CodeDeliveryDetails, when the user has no
 * auto-verified attribute.
 */
const signUp = async (engine: Engine, request: SignUpRequest, notes: string[]): Promise<Outcome> => {
  validateSignUp(request);
  const { pool, client } = appClient(engine, request.ClientId);
  checkSecretHash(client, request.Username, request.SecretHash);
  const identity = signUpIdentity(pool, request.Username, notes);
  const given = (request.UserAttributes ?? []).filter((a) => a.Name !== identity.attribute?.Name);
  checkSignUpAttributes(pool, client, request.UserAttributes ?? [], notes);
  if (identity.attribute && request.UserAttributes?.some((a) => a.Name === identity.attribute?.Name))
    notes.push(
      `[UNC] the request sets ${identity.attribute.Name} and gives one as username: the simulator keeps the username's (docs/cognito-behaviour.md#sign-up-and-passwords)`,
    );
  const attributes: AttributeType[] = [
    { Name: 'sub', Value: identity.sub },
    ...given,
    ...(identity.attribute ? [identity.attribute] : []),
  ];
  const required = (pool.UserPool.SchemaAttributes ?? [])
    .filter((a) => a.Required && !attributes.some((set) => set.Name === a.Name && set.Value))
    .map((a) => a.Name);
  if (required.length > 0) throw Exceptions.InvalidParameter(Messages.requiredAttributes(required));
  checkNewUsername(pool, identity);
  checkPasswordPolicy(pool, request.Password as string, notes);
  notRunTrigger(pool, 'PreSignUp', notes);

  const now = awsTimestamp();
  const created: User = {
    Username: identity.username,
    UserAttributes: attributes,
    UserCreateDate: now,
    UserLastModifiedDate: now,
    Enabled: true,
    UserStatus: 'UNCONFIRMED',
    Password: request.Password as string,
  };
  const delivery = signUpDelivery(pool, created);
  const user = delivery ? withAttribute(created, `${delivery.attribute}_verified`, 'false') : created;
  if (delivery)
    notes.push(
      `[UNC] the simulator stores ${delivery.attribute}_verified "false" for the new user and sends it in the event (docs/cognito-behaviour.md#sign-up-and-passwords)`,
    );
  const code = delivery ? engine.code() : undefined;
  const message: CodeMessage | undefined =
    delivery && code
      ? {
          pool,
          subject: {
            triggerSource: 'CustomMessage_SignUp',
            userName: user.Username,
            eventAttributes: eventAttributesOf(pool, user),
            ...linkOf(confirmationLink(pool, delivery, client.ClientId, user.Username, code, notes)),
          },
          delivery,
          clientMetadata: request.ClientMetadata,
          clientId: client.ClientId,
          code,
        }
      : undefined;
  const sent = await sendThenCommit(engine, message, notes, pool.UserPool.Id, (current) => {
    // Another caller may have signed the same username up since the pool was read.
    checkNewUsername(current, identity);
    const saved = code
      ? withCodesSent(user, new Map([[SIGN_UP_CODE, code]]), Date.now() + SIGN_UP_CODE_VALIDITY_MS)
      : user;
    return { ...current, Users: [...(current.Users ?? []), saved] };
  });
  return {
    ...sent,
    result: {
      response: {
        UserConfirmed: false,
        UserSub: identity.sub,
        ...(delivery ? { CodeDeliveryDetails: codeDeliveryDetails(delivery) } : {}),
      },
    },
  };
};

const linkOf = (link: string | undefined): { confirmationLink?: string } =>
  link === undefined ? {} : { confirmationLink: link };

/**
 * The pool once a user is confirmed: CONFIRMED, the sign-up code used up and, with `verify`, the attribute the code
 * went to verified. Where that attribute is a sign-in alias another user holds, AliasExistsException — unless
 * ForceAliasCreation moves the alias to this user.
 */
const confirmedIn = (pool: PoolDocument, user: User, verify: boolean, forceAlias: boolean): PoolDocument => {
  const delivery = verify ? signUpDelivery(pool, user) : undefined;
  let next = withoutCode({ ...user, UserStatus: 'CONFIRMED' }, SIGN_UP_CODE);
  let others = pool.Users ?? [];
  if (delivery) {
    next = withAttribute(next, `${delivery.attribute}_verified`, 'true');
    const flag = `${delivery.attribute}_verified`;
    const holds = (u: User) =>
      u.Username !== user.Username &&
      attributeValue(u, flag) === 'true' &&
      attributeValue(u, delivery.attribute)?.toLowerCase() === delivery.destination.toLowerCase();
    if ((pool.UserPool.AliasAttributes ?? []).includes(delivery.attribute) && others.some(holds)) {
      if (!forceAlias) throw Exceptions.AliasExists(Messages.aliasExists(delivery.attribute));
      others = others.map((u) => (holds(u) ? stamp(withAttribute(u, flag, 'false')) : u));
    }
  }
  return withUser({ ...pool, Users: others }, next);
};

const validateConfirmSignUp = (request: ConfirmSignUpRequest): void =>
  raise([
    ...clientClauses(request),
    ...violations('confirmationCode', request.ConfirmationCode, Constraints.ConfirmationCode),
    ...metadataClauses(request.ClientMetadata),
  ]);

const checkUnconfirmed = (user: User): void => {
  const status = user.UserStatus ?? 'CONFIRMED';
  if (status !== 'UNCONFIRMED') throw Exceptions.NotAuthorized(Messages.cannotConfirm(status));
};

/**
 * ConfirmSignUp: the code sent at sign-up (or resent) confirms an UNCONFIRMED user and verifies the attribute it went
 * to. A wrong code is CodeMismatchException and counts against the code; an expired or superseded one (or none) is
 * ExpiredCodeException; past the wrong-code limit, LimitExceededException. Any other status is
 * NotAuthorizedException.
 */
const confirmSignUp = async (
  engine: Engine,
  request: ConfirmSignUpRequest,
  notes: string[],
): Promise<Outcome> => {
  validateConfirmSignUp(request);
  const { pool, client } = appClient(engine, request.ClientId);
  checkSecretHash(client, request.Username, request.SecretHash);
  const user = userNamed(pool, request.Username);
  checkUnconfirmed(user);
  let failure: CognitoServiceError | undefined;
  engine.commit(pool.UserPool.Id, (current) => {
    const fresh = current === pool ? user : userNamed(current, user.Username);
    checkUnconfirmed(fresh);
    const checked = checkCode(fresh, SIGN_UP_CODE, request.ConfirmationCode, Date.now());
    if (checked.error) {
      failure = checked.error;
      if (checked.user === fresh) throw checked.error;
      return withUser(current, checked.user);
    }
    return confirmedIn(current, fresh, true, request.ForceAliasCreation === true);
  });
  if (failure) throw failure;
  notRunTrigger(pool, 'PostConfirmation', notes);
  return plainResult({});
};

const validateResendConfirmationCode = (request: ResendConfirmationCodeRequest): void =>
  raise([...clientClauses(request), ...metadataClauses(request.ClientMetadata)]);

/**
 * ResendConfirmationCode: a new sign-up code, sent as `CustomMessage_ResendCode` where the first went; it replaces
 * the earlier code. A user who is not UNCONFIRMED is refused with InvalidParameterException.
 */
const resendConfirmationCode = async (
  engine: Engine,
  request: ResendConfirmationCodeRequest,
  notes: string[],
): Promise<Outcome> => {
  validateResendConfirmationCode(request);
  const { pool, client } = appClient(engine, request.ClientId);
  checkSecretHash(client, request.Username, request.SecretHash);
  const user = userNamed(pool, request.Username);
  const status = user.UserStatus ?? 'CONFIRMED';
  if (status !== 'UNCONFIRMED') {
    if (status !== 'CONFIRMED')
      notes.push(
        `[UNC] "${Messages.alreadyConfirmed}" was observed for a CONFIRMED user; the simulator answers the same for ${status} (docs/cognito-behaviour.md#sign-up-and-passwords)`,
      );
    throw Exceptions.InvalidParameter(Messages.alreadyConfirmed);
  }
  const delivery = signUpDelivery(pool, user);
  if (!delivery) {
    notes.push(
      '[UNC] the text for a user with no auto-verified attribute to send to was seen in public code, with more than one exception name; the simulator answers InvalidParameterException (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
    throw Exceptions.InvalidParameter(Messages.autoVerificationOff);
  }
  const code = engine.code();
  const sent = await sendThenCommit(
    engine,
    {
      pool,
      subject: {
        triggerSource: 'CustomMessage_ResendCode',
        userName: user.Username,
        eventAttributes: eventAttributesOf(pool, user),
        ...linkOf(confirmationLink(pool, delivery, client.ClientId, user.Username, code, notes)),
      },
      delivery,
      clientMetadata: request.ClientMetadata,
      clientId: client.ClientId,
      code,
    },
    notes,
    pool.UserPool.Id,
    (current) =>
      changeUser(current, user.Username, (fresh) =>
        withCodesSent(fresh, new Map([[SIGN_UP_CODE, code]]), Date.now() + SIGN_UP_CODE_VALIDITY_MS),
      ),
  );
  return { ...sent, result: { response: { CodeDeliveryDetails: codeDeliveryDetails(delivery) } } };
};

const validateAdminConfirmSignUp = (request: AdminConfirmSignUpRequest): void =>
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...violations('username', request.Username, Constraints.Username),
    ...metadataClauses(request.ClientMetadata),
  ]);

/**
 * AdminConfirmSignUp: confirms an UNCONFIRMED user without a code. The email address or phone number stays
 * unverified ([UNC]); a user in any other status is refused with NotAuthorizedException.
 */
const adminConfirmSignUp = async (
  engine: Engine,
  request: AdminConfirmSignUpRequest,
  notes: string[],
): Promise<Outcome> => {
  validateAdminConfirmSignUp(request);
  const pool = engine.pool(request.UserPoolId);
  const user = userNamed(pool, request.Username);
  checkUnconfirmed(user);
  engine.commit(pool.UserPool.Id, (current) => {
    const fresh = current === pool ? user : userNamed(current, user.Username);
    checkUnconfirmed(fresh);
    return confirmedIn(current, fresh, false, false);
  });
  notes.push(
    '[UNC] AWS does not say whether AdminConfirmSignUp verifies the email address or phone number; the simulator leaves them unverified (docs/cognito-behaviour.md#sign-up-and-passwords)',
  );
  notRunTrigger(pool, 'PostConfirmation', notes);
  return plainResult({});
};

export type { AdminConfirmSignUpRequest, ConfirmSignUpRequest, ResendConfirmationCodeRequest, SignUpRequest };
export { adminConfirmSignUp, confirmSignUp, resendConfirmationCode, SIGN_UP_CODE, signUp };
