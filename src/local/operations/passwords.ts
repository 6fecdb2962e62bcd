/**
 * @module local/operations/passwords — ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword, ChangePassword
 * and AdminSetUserPassword: a reset code sent as the pool sends it (the Custom message trigger or a custom sender) to
 * the user's verified email address or phone number, and new passwords judged against the pool's policy.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { PASSWORD_RESET_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import { CLIENT_ID_NOT_APPLICABLE } from '../../cognito/trigger-sources.js';
import { Constraints, violations } from '../../cognito/validation.js';
import type { Delivery } from '../attribute-update.js';
import {
  adminUserClauses,
  clientClauses,
  clientUser,
  codeDeliveryDetails,
  commitCode,
  deliveryTo,
  metadataClauses,
  raise,
  sendThenCommit,
  userNamed,
  withoutCode,
  withUser,
} from '../client-requests.js';
import { withCodesSent } from '../codes.js';
import type { Engine } from '../engine.js';
import { checkPasswordPolicy, PASSWORD_CONSTRAINT } from '../passwords.js';
import { attributeValue, type PoolDocument, type User, type UserPool } from '../pool.js';
import { type Outcome, plainResult } from '../trace.js';
import { changeUser, eventAttributesOf } from '../users.js';

interface ForgotPasswordRequest {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface ConfirmForgotPasswordRequest {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  readonly ConfirmationCode: string;
  readonly Password: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface AdminResetUserPasswordRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface ChangePasswordRequest {
  readonly PreviousPassword?: string;
  readonly ProposedPassword: string;
  readonly AccessToken: string;
}

interface AdminSetUserPasswordRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly Password: string;
  readonly Permanent?: boolean;
}

/** Where a user's password-reset code is kept among their codes. */
const RESET_CODE = 'password';

/** `AccountRecoverySettingType` of DescribeUserPool. */
interface AccountRecoverySetting {
  readonly RecoveryMechanisms?: readonly {
    readonly Name: 'verified_email' | 'verified_phone_number' | 'admin_only';
    readonly Priority: number;
  }[];
}

/**
 * Where a reset code goes: the first verified email address or phone number in the order of the pool's
 * AccountRecoverySetting, or, without one, Cognito's legacy order, which prefers SMS. Undefined when the user has
 * none (or the pool lets administrators alone reset passwords).
 */
const recoveryDelivery = (pool: PoolDocument, user: User, notes: string[]): Delivery | undefined => {
  const setting = (pool.UserPool as UserPool & { readonly AccountRecoverySetting?: AccountRecoverySetting })
    .AccountRecoverySetting;
  const order = setting?.RecoveryMechanisms
    ? [...setting.RecoveryMechanisms].sort((a, b) => a.Priority - b.Priority).map((m) => m.Name)
    : ['verified_phone_number', 'verified_email'];
  if (order.includes('admin_only'))
    notes.push(
      '[UNC] the pool lets administrators alone reset passwords (admin_only): the text Cognito answers self-service resets with is not documented; the simulator answers as for a user with no verified destination (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
  for (const name of order) {
    const attribute =
      name === 'verified_email' ? 'email' : name === 'verified_phone_number' ? 'phone_number' : undefined;
    const destination = attribute && attributeValue(user, attribute);
    if (attribute && destination && attributeValue(user, `${attribute}_verified`) === 'true')
      return deliveryTo(attribute, destination);
  }
  return undefined;
};

/** A reset code sent as `CustomMessage_ForgotPassword` (or by a custom sender), valid an hour; `change` applies too. */
const sendResetCode = async (
  engine: Engine,
  pool: PoolDocument,
  user: User,
  delivery: Delivery,
  clientMetadata: Readonly<Record<string, string>> | undefined,
  clientId: string,
  notes: string[],
  change: (user: User) => User = (u) => u,
): Promise<Pick<Outcome, 'invocations' | 'deliveries'>> => {
  const code = engine.code();
  return sendThenCommit(
    engine,
    {
      pool,
      subject: {
        triggerSource: 'CustomMessage_ForgotPassword',
        userName: user.Username,
        eventAttributes: eventAttributesOf(pool, change(user)),
      },
      delivery,
      clientMetadata,
      clientId,
      code,
    },
    notes,
    pool.UserPool.Id,
    (current) =>
      changeUser(current, user.Username, (fresh) =>
        withCodesSent(
          change(fresh),
          new Map([[RESET_CODE, code]]),
          Date.now() + PASSWORD_RESET_CODE_VALIDITY_MS,
        ),
      ),
  );
};

const validateForgotPassword = (request: ForgotPasswordRequest): void =>
  raise([...clientClauses(request), ...metadataClauses(request.ClientMetadata)]);

/**
 * ForgotPassword: a reset code, valid for an hour, sent as `CustomMessage_ForgotPassword` to the user's verified
 * email address or phone number. A user with neither is refused with InvalidParameterException, and a user who must
 * still change a temporary password (FORCE_CHANGE_PASSWORD) with NotAuthorizedException.
 */
const forgotPassword = async (
  engine: Engine,
  request: ForgotPasswordRequest,
  notes: string[],
): Promise<Outcome> => {
  validateForgotPassword(request);
  const { pool, client, user } = clientUser(engine, request);
  if (user.UserStatus === 'FORCE_CHANGE_PASSWORD')
    throw Exceptions.NotAuthorized(Messages.cannotResetPassword);
  const delivery = recoveryDelivery(pool, user, notes);
  if (!delivery) throw Exceptions.InvalidParameter(Messages.noRecoveryDestination);
  const sent = await sendResetCode(
    engine,
    pool,
    user,
    delivery,
    request.ClientMetadata,
    client.ClientId,
    notes,
  );
  return { ...sent, result: { response: { CodeDeliveryDetails: codeDeliveryDetails(delivery) } } };
};

const validateConfirmForgotPassword = (request: ConfirmForgotPasswordRequest): void =>
  raise([
    ...clientClauses(request),
    ...violations('confirmationCode', request.ConfirmationCode, Constraints.ConfirmationCode),
    ...violations('password', request.Password, PASSWORD_CONSTRAINT),
    ...metadataClauses(request.ClientMetadata),
  ]);

/**
 * ConfirmForgotPassword: the reset code sets a new password, which must meet the pool's policy, and the user is
 * CONFIRMED. Codes are judged as VerifyUserAttribute judges them: a wrong one is CodeMismatchException and counts, an
 * expired or used one ExpiredCodeException, past the limit LimitExceededException.
 */
const confirmForgotPassword = async (
  engine: Engine,
  request: ConfirmForgotPasswordRequest,
  notes: string[],
): Promise<Outcome> => {
  validateConfirmForgotPassword(request);
  const { pool, user } = clientUser(engine, request);
  checkPasswordPolicy(pool, request.Password, notes);
  commitCode(engine, pool, user, { key: RESET_CODE, code: request.ConfirmationCode }, (current, fresh) =>
    withUser(current, {
      ...withoutCode(fresh, RESET_CODE),
      Password: request.Password,
      UserStatus: 'CONFIRMED',
    }),
  );
  return plainResult({});
};

const validateAdminResetUserPassword = (request: AdminResetUserPasswordRequest): void =>
  raise([...adminUserClauses(request), ...metadataClauses(request.ClientMetadata)]);

/**
 * AdminResetUserPassword: the user goes to RESET_REQUIRED and gets a reset code, as ForgotPassword sends it, to
 * finish with ConfirmForgotPassword. The event's clientId is `CLIENT_ID_NOT_APPLICABLE`.
 */
const adminResetUserPassword = async (
  engine: Engine,
  request: AdminResetUserPasswordRequest,
  notes: string[],
): Promise<Outcome> => {
  validateAdminResetUserPassword(request);
  const pool = engine.pool(request.UserPoolId);
  const user = userNamed(pool, request.Username);
  const delivery = recoveryDelivery(pool, user, notes);
  if (!delivery) {
    notes.push(
      '[UNC] the text for AdminResetUserPassword on a user with no verified email address or phone number is the one ForgotPassword answers with (moto uses it too) (docs/cognito-behaviour.md#sign-up-and-passwords)',
    );
    throw Exceptions.InvalidParameter(Messages.noRecoveryDestination);
  }
  notes.push(
    '[UNC] AWS does not name the trigger source of the code AdminResetUserPassword sends; the simulator sends CustomMessage_ForgotPassword (docs/cognito-behaviour.md#sign-up-and-passwords)',
  );
  const sent = await sendResetCode(
    engine,
    pool,
    user,
    delivery,
    request.ClientMetadata,
    CLIENT_ID_NOT_APPLICABLE,
    notes,
    (u) => ({ ...u, UserStatus: 'RESET_REQUIRED' }),
  );
  return { ...sent, result: { response: {} } };
};

const validateChangePassword = (request: ChangePasswordRequest): void =>
  raise([
    ...violations('previousPassword', request.PreviousPassword, PASSWORD_CONSTRAINT),
    ...violations('proposedPassword', request.ProposedPassword, PASSWORD_CONSTRAINT),
    ...violations('accessToken', request.AccessToken, Constraints.AccessToken),
  ]);

/**
 * ChangePassword: the signed-in user (access token) sets a new password. The previous one must match
 * (NotAuthorizedException otherwise) and the new one must meet the pool's policy (InvalidPasswordException).
 */
const changePassword = async (
  engine: Engine,
  request: ChangePasswordRequest,
  notes: string[],
): Promise<Outcome> => {
  validateChangePassword(request);
  const { pool, user } = engine.fromToken(request.AccessToken);
  const matches = (u: User) => u.Password !== undefined && u.Password === request.PreviousPassword;
  if (!matches(user)) throw Exceptions.NotAuthorized(Messages.incorrectCredentials);
  checkPasswordPolicy(pool, request.ProposedPassword, notes);
  engine.commit(pool.UserPool.Id, (current) =>
    changeUser(current, user.Username, (fresh) => {
      if (!matches(fresh)) throw Exceptions.NotAuthorized(Messages.incorrectCredentials);
      return { ...fresh, Password: request.ProposedPassword };
    }),
  );
  return plainResult({});
};

const validateAdminSetUserPassword = (request: AdminSetUserPasswordRequest): void =>
  raise([...adminUserClauses(request), ...violations('password', request.Password, PASSWORD_CONSTRAINT)]);

/**
 * AdminSetUserPassword: sets a user's password, which must meet the pool's policy. `Permanent: true` makes the user
 * CONFIRMED; otherwise the password is temporary and the user must change it at sign-in (FORCE_CHANGE_PASSWORD).
 */
const adminSetUserPassword = async (
  engine: Engine,
  request: AdminSetUserPasswordRequest,
  notes: string[],
): Promise<Outcome> => {
  validateAdminSetUserPassword(request);
  const pool = engine.pool(request.UserPoolId);
  const user = userNamed(pool, request.Username);
  checkPasswordPolicy(pool, request.Password, notes);
  engine.commit(pool.UserPool.Id, (current) =>
    changeUser(current, user.Username, (fresh) => ({
      ...withoutCode(fresh, RESET_CODE),
      Password: request.Password,
      UserStatus: request.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    })),
  );
  return plainResult({});
};

export type {
  AdminResetUserPasswordRequest,
  AdminSetUserPasswordRequest,
  ChangePasswordRequest,
  ConfirmForgotPasswordRequest,
  ForgotPasswordRequest,
};
export {
  adminResetUserPassword,
  adminSetUserPassword,
  changePassword,
  confirmForgotPassword,
  forgotPassword,
  RESET_CODE,
};
