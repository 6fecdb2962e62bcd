import { Exceptions, Messages } from '../../cognito/errors.js';
import { SIGN_UP_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import { Constraints, violations } from '../../cognito/validation.js';
import {
  adminUserClauses,
  appClient,
  attributeClauses,
  checkSecretHash,
  clientClauses,
  clientUser,
  codeDeliveryDetails,
  commitCode,
  freshUser,
  metadataClauses,
  raise,
  sendThenCommit,
  userNamed,
  withAttribute,
  withoutCode,
  withUser,
} from '../client-requests.js';
import { withCodesSent } from '../codes.js';
import type { Engine } from '../engine.js';
import { checkPasswordPolicy, PASSWORD_CONSTRAINT } from '../passwords.js';
import { type AttributeType, attributeValue, type PoolDocument, type User } from '../pool.js';
import { type Outcome, plainResult } from '../trace.js';
import { awsTimestamp, changeUser, stamp } from '../users.js';
import {
  checkNewUsername,
  checkSignUpAttributes,
  signUpCodeMessage,
  signUpDelivery,
  signUpIdentity,
} from './sign-up-rules.js';

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
  const message =
    delivery && code
      ? signUpCodeMessage(
          'CustomMessage_SignUp',
          pool,
          client,
          user,
          delivery,
          code,
          request.ClientMetadata,
          notes,
        )
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
  const { pool, user } = clientUser(engine, request);
  checkUnconfirmed(user);
  commitCode(
    engine,
    pool,
    user,
    { key: SIGN_UP_CODE, code: request.ConfirmationCode },
    (current, fresh) => confirmedIn(current, fresh, true, request.ForceAliasCreation === true),
    checkUnconfirmed,
  );
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
  const { pool, client, user } = clientUser(engine, request);
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
    signUpCodeMessage(
      'CustomMessage_ResendCode',
      pool,
      client,
      user,
      delivery,
      code,
      request.ClientMetadata,
      notes,
    ),
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
  raise([...adminUserClauses(request), ...metadataClauses(request.ClientMetadata)]);

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
    const fresh = freshUser(pool, user, current);
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
