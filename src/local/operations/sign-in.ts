/**
 * @module local/operations/sign-in — InitiateAuth (USER_PASSWORD_AUTH and the refresh flows), RespondToAuthChallenge
 * (NEW_PASSWORD_REQUIRED) and GlobalSignOut: a password sign-in through an app client, the challenge a temporary
 * password leads to, the refresh tokens the pool keeps for each sign-in, and their revocation.
 */
import { randomBytes } from 'node:crypto';
import { CognitoServiceError, Exceptions, Messages } from '../../cognito/errors.js';
import { AUTH_SESSION_VALIDITY_MINUTES } from '../../cognito/limits.js';
import { Constraints, type StringConstraint, violations } from '../../cognito/validation.js';
import { planAttributeUpdate } from '../attribute-update.js';
import { signIn, validityOf } from '../authentication.js';
import { appClient, checkSecretHash, metadataClauses, raise } from '../client-requests.js';
import type { Engine } from '../engine.js';
import { checkPasswordPolicy } from '../passwords.js';
import {
  type AppClient,
  type AttributeType,
  attributeValue,
  findUser,
  type PoolDocument,
  type StoredRefreshToken,
  type User,
} from '../pool.js';
import {
  type AccessTokenClaims,
  checkNotRevoked,
  isRevoked,
  issueAccessToken,
  issueIdToken,
  newRefreshToken,
  refreshTokenHash,
} from '../tokens.js';
import { stamp } from '../users.js';

interface InitiateAuthRequest {
  readonly ClientId: string;
  readonly AuthFlow: string;
  readonly AuthParameters?: Readonly<Record<string, string>>;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface RespondToAuthChallengeRequest {
  readonly ClientId: string;
  readonly ChallengeName: string;
  readonly Session?: string;
  readonly ChallengeResponses?: Readonly<Record<string, string>>;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

interface GlobalSignOutRequest {
  readonly AccessToken: string;
}

/** `AuthFlowType` of the service model, in its order. */
const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const;

/** `ChallengeNameType` of the service model. */
const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
] as const;

/** `SessionType` of the service model. */
const SESSION = { min: 20, max: 2048, sensitive: true } as const satisfies StringConstraint;

/** The flows a client created without ExplicitAuthFlows allows (UserPoolClientType). */
const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly string[] = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
];

/** The app client settings sign-in reads beyond those every pool file is typed with. */
type SignInClient = AppClient & {
  /** Minutes a challenge `Session` holds (3–15; default 3). */
  readonly AuthSessionValidity?: number;
  readonly PreventUserExistenceErrors?: 'ENABLED' | 'LEGACY';
};

const enumClause = (path: string, value: string | undefined, values: readonly string[]): string[] =>
  value === undefined || value === null
    ? [`Value null at '${path}' failed to satisfy constraint: Member must not be null`]
    : values.includes(value)
      ? []
      : [
          `Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
        ];

/** InvalidParameterException for a parameter the flow or challenge needs and the request left out. */
const missingParameter = (name: string, notes: string[]) => {
  notes.push(
    '[UNC] the text for a missing authentication parameter is not documented (docs/cognito-behaviour.md#sign-in-and-tokens)',
  );
  return Exceptions.InvalidParameter(Messages.missingParameter(name));
};

/** InvalidParameterException for a flow the app client does not allow. */
const flowNotEnabled = (flow: string, notes: string[]) => {
  notes.push(
    '[UNC] the text refusing a flow the app client does not allow was seen in an emulator only (docs/cognito-behaviour.md#sign-in-and-tokens)',
  );
  return Exceptions.InvalidParameter(Messages.authFlowNotEnabled(flow));
};

/** NotAuthorizedException for a disabled user. */
const userDisabled = (notes: string[]) => {
  notes.push(
    '[UNC] the text for a disabled user was seen with and without its final period, and whether the password is checked first is not documented (docs/cognito-behaviour.md#sign-in-and-tokens)',
  );
  return Exceptions.NotAuthorized(Messages.userDisabled);
};

/** What the kit does not reproduce, said in the shape of the HTTP face's answer to an operation it lacks. */
const notImplemented = (what: string) =>
  new CognitoServiceError('UnknownOperationException', `cognito-trigger does not implement ${what}`);

/** Whether the client lets a flow through: its `ALLOW_` value, or the legacy value for password sign-in. */
const allowsFlow = (client: AppClient, flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH'): boolean => {
  const flows = client.ExplicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS;
  if (flows.includes(`ALLOW_${flow}`)) return true;
  if (flow === 'USER_PASSWORD_AUTH') return flows.includes('USER_PASSWORD_AUTH');
  // Clients with only the legacy values never gated refreshing.
  return !flows.some((value) => value.startsWith('ALLOW_'));
};

/** The pool with a user replaced as they are, not stamped: a sign-in does not modify the user. */
const keepUser = (pool: PoolDocument, user: User): PoolDocument => ({
  ...pool,
  Users: (pool.Users ?? []).map((u) => (u.Username === user.Username ? user : u)),
});

/** Commits a change to a user as now saved; UserNotFoundException when they are gone. */
const commitUser = (
  engine: Engine,
  userPoolId: string,
  username: string,
  change: (user: User) => User,
  changed: (pool: PoolDocument, user: User) => PoolDocument = keepUser,
): void => {
  engine.commit(userPoolId, (current) => {
    const fresh = (current.Users ?? []).find((u) => u.Username === username);
    if (!fresh) throw Exceptions.UserNotFound(Messages.userNotFound);
    return changed(current, change(fresh));
  });
};

/** The tokens of a new sign-in, and the record of its refresh token that the user keeps. */
const tokensFor = (
  engine: Engine,
  pool: PoolDocument,
  client: AppClient,
  user: User,
): { result: Record<string, unknown>; record: StoredRefreshToken } => {
  const validity = validityOf(engine, client);
  const authentication = signIn(pool.UserPool.Id, client.ClientId, user);
  const refreshToken = newRefreshToken();
  const now = Date.now();
  return {
    result: {
      AccessToken: issueAccessToken(engine.signingKey(), authentication, {
        validitySeconds: validity.AccessToken,
      }),
      ExpiresIn: validity.AccessToken,
      TokenType: 'Bearer',
      RefreshToken: refreshToken,
      IdToken: issueIdToken(engine.signingKey(), authentication, {
        validitySeconds: validity.IdToken,
        attributes: user.UserAttributes,
      }),
    },
    record: {
      Hash: refreshTokenHash(refreshToken),
      ClientId: client.ClientId,
      OriginJti: authentication.originJti,
      AuthTime: authentication.authTime,
      IssuedAt: now,
      ExpiresAt: now + validity.RefreshToken * 1000,
    },
  };
};

/** The user with a refresh token recorded, and those that have expired dropped. */
const withRefreshToken = (user: User, record: StoredRefreshToken): User => ({
  ...user,
  RefreshTokens: [...(user.RefreshTokens ?? []).filter((token) => token.ExpiresAt > record.IssuedAt), record],
});

/** The user without the challenge session and the temporary password's deadline. */
const withoutChallenge = (user: User): User => {
  const { AuthSession: _session, TemporaryPasswordExpiresAt: _deadline, ...rest } = user;
  return rest;
};

/** The required attributes of the pool (`sub` aside), which a NEW_PASSWORD_REQUIRED answer must complete. */
const requiredAttributes = (pool: PoolDocument): string[] =>
  (pool.UserPool.SchemaAttributes ?? []).filter((a) => a.Required && a.Name !== 'sub').map((a) => a.Name);

/**
 * NEW_PASSWORD_REQUIRED, as Cognito sends it for a user with a temporary password: a `Session` kept with the user for
 * the client's AuthSessionValidity, and ChallengeParameters whose `requiredAttributes` (the required attributes the
 * user lacks, as `userAttributes.<name>`) and `userAttributes` (the user's attributes but `sub`) are JSON strings.
 */
const newPasswordChallenge = (
  engine: Engine,
  pool: PoolDocument,
  client: SignInClient,
  user: User,
): Record<string, unknown> => {
  const session = randomBytes(384).toString('base64url');
  const minutes = client.AuthSessionValidity ?? AUTH_SESSION_VALIDITY_MINUTES;
  commitUser(engine, pool.UserPool.Id, user.Username, (fresh) => ({
    ...fresh,
    AuthSession: { Session: session, ClientId: client.ClientId, ExpiresAt: Date.now() + minutes * 60_000 },
  }));
  const missing = requiredAttributes(pool).filter((name) => !attributeValue(user, name));
  const shown = user.UserAttributes.filter((a) => a.Name !== 'sub' && !a.Name.startsWith('dev:'));
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.Username,
      requiredAttributes: JSON.stringify(missing.map((name) => `userAttributes.${name}`)),
      userAttributes: JSON.stringify(Object.fromEntries(shown.map((a) => [a.Name, a.Value ?? '']))),
    },
  };
};

/**
 * A password sign-in of a user through an app client, judged as Cognito judges it: an unknown user
 * (UserNotFoundException, or `Incorrect username or password.` when the client prevents user existence errors), a user
 * who must reset their password or is not confirmed (whatever the password), a wrong password, a disabled user; then
 * NEW_PASSWORD_REQUIRED for a temporary password (refused once TemporaryPasswordValidityDays have passed), else the
 * tokens, the refresh token kept with the user.
 *
 * @example
 * ```ts
 * passwordSignIn(engine, pool, client, 'diego@example.com', 'Passw0rd!', { preventUserExistenceErrors: true });
 * ```
 */
const passwordSignIn = (
  engine: Engine,
  pool: PoolDocument,
  client: AppClient,
  username: string,
  password: string | undefined,
  options: { readonly preventUserExistenceErrors: boolean; readonly notes?: string[] },
): Record<string, unknown> => {
  const notes = options.notes ?? [];
  const incorrect = () => Exceptions.NotAuthorized(Messages.incorrectCredentials);
  const user = findUser(pool, username);
  if (!user)
    throw options.preventUserExistenceErrors ? incorrect() : Exceptions.UserNotFound(Messages.userNotFound);
  if (user.UserStatus === 'RESET_REQUIRED')
    throw options.preventUserExistenceErrors
      ? incorrect()
      : Exceptions.PasswordResetRequired(Messages.passwordResetRequired);
  if (user.UserStatus === 'UNCONFIRMED') throw Exceptions.UserNotConfirmed(Messages.userNotConfirmed);
  if (user.Password === undefined || user.Password !== password) throw incorrect();
  if (user.Enabled === false) throw userDisabled(notes);
  if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
    if (user.TemporaryPasswordExpiresAt !== undefined && Date.now() > user.TemporaryPasswordExpiresAt)
      throw Exceptions.NotAuthorized(Messages.userAccountExpired);
    return newPasswordChallenge(engine, pool, client, user);
  }
  const tokens = tokensFor(engine, pool, client, user);
  commitUser(engine, pool.UserPool.Id, user.Username, (fresh) => withRefreshToken(fresh, tokens.record));
  return { ChallengeParameters: {}, AuthenticationResult: tokens.result };
};

/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new access and ID tokens for a refresh token the pool issued to this client,
 * with the sign-in's `auth_time` and `origin_jti`, and no new refresh token. A token the pool does not know is
 * `Invalid Refresh Token.`; one GlobalSignOut revoked, `Refresh Token has been revoked`.
 */
const refresh = (
  engine: Engine,
  pool: PoolDocument,
  client: AppClient,
  parameters: Readonly<Record<string, string>>,
  notes: string[],
): Record<string, unknown> => {
  const token = parameters.REFRESH_TOKEN;
  if (!token) throw missingParameter('REFRESH_TOKEN', notes);
  const hash = refreshTokenHash(token);
  let user: User | undefined;
  let record: StoredRefreshToken | undefined;
  for (const candidate of pool.Users ?? []) {
    record = candidate.RefreshTokens?.find((t) => t.Hash === hash);
    if (record) {
      user = candidate;
      break;
    }
  }
  if (!user || !record || record.ClientId !== client.ClientId)
    throw Exceptions.NotAuthorized(Messages.invalidRefreshToken);
  checkSecretHash(client, user.Username, parameters.SECRET_HASH);
  if (isRevoked(user, { origin_jti: record.OriginJti }))
    throw Exceptions.NotAuthorized(Messages.refreshTokenRevoked);
  if (Date.now() > record.ExpiresAt) {
    notes.push(
      '[UNC] the text for an expired refresh token was seen on troubleshooting pages, not in a captured response (docs/cognito-behaviour.md#sign-in-and-tokens)',
    );
    throw Exceptions.NotAuthorized(Messages.refreshTokenExpired);
  }
  if (user.Enabled === false) throw userDisabled(notes);
  const validity = validityOf(engine, client);
  const authentication = {
    ...signIn(pool.UserPool.Id, client.ClientId, user, record.AuthTime),
    originJti: record.OriginJti,
  };
  const issuedAt = Math.floor(Date.now() / 1000);
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: issueAccessToken(engine.signingKey(), authentication, {
        validitySeconds: validity.AccessToken,
        issuedAt,
      }),
      ExpiresIn: validity.AccessToken,
      TokenType: 'Bearer',
      IdToken: issueIdToken(engine.signingKey(), authentication, {
        validitySeconds: validity.IdToken,
        attributes: user.UserAttributes,
        issuedAt,
      }),
    },
  };
};

const validateInitiateAuth = (request: InitiateAuthRequest): void =>
  raise([
    ...violations('clientId', request.ClientId, Constraints.ClientId),
    ...enumClause('authFlow', request.AuthFlow, AUTH_FLOWS),
    ...metadataClauses(request.ClientMetadata),
  ]);

/**
 * InitiateAuth, through an app client and without credentials: USER_PASSWORD_AUTH (the client must allow it) and the
 * refresh flows. The admin flows belong to AdminInitiateAuth: `Initiate Auth method not supported.`
 */
const initiateAuth = (
  engine: Engine,
  request: InitiateAuthRequest,
  notes: string[],
): Record<string, unknown> => {
  validateInitiateAuth(request);
  const { pool, client } = appClient(engine, request.ClientId);
  const flow = request.AuthFlow;
  const parameters = request.AuthParameters ?? {};
  if (flow === 'ADMIN_USER_PASSWORD_AUTH' || flow === 'ADMIN_NO_SRP_AUTH')
    throw Exceptions.InvalidParameter(Messages.initiateAuthMethodNotSupported);
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
    if (!allowsFlow(client, 'REFRESH_TOKEN_AUTH')) throw flowNotEnabled(flow, notes);
    return refresh(engine, pool, client, parameters, notes);
  }
  if (flow !== 'USER_PASSWORD_AUTH') throw notImplemented(`InitiateAuth with ${flow}`);
  if (!allowsFlow(client, 'USER_PASSWORD_AUTH')) throw flowNotEnabled(flow, notes);
  const username = parameters.USERNAME;
  if (!username) throw missingParameter('USERNAME', notes);
  checkSecretHash(client, username, parameters.SECRET_HASH);
  return passwordSignIn(engine, pool, client, username, parameters.PASSWORD, {
    preventUserExistenceErrors: (client as SignInClient).PreventUserExistenceErrors === 'ENABLED',
    notes,
  });
};

const validateRespondToAuthChallenge = (request: RespondToAuthChallengeRequest): void =>
  raise([
    ...violations('clientId', request.ClientId, Constraints.ClientId),
    ...enumClause('challengeName', request.ChallengeName, CHALLENGE_NAMES),
    ...violations('session', request.Session, SESSION),
    ...metadataClauses(request.ClientMetadata),
  ]);

/**
 * The attributes of a NEW_PASSWORD_REQUIRED answer (`userAttributes.<name>`), checked: every required attribute the
 * user lacks must be given (`Invalid attributes given, <name> is missing`), and one the user has must not be given
 * again (`Cannot modify an already provided <name>`).
 */
const challengeAttributes = (
  pool: PoolDocument,
  user: User,
  responses: Readonly<Record<string, string>>,
  notes: string[],
): AttributeType[] => {
  const given = Object.entries(responses)
    .filter(([key]) => key.startsWith('userAttributes.'))
    .map(([key, Value]) => ({ Name: key.slice('userAttributes.'.length), Value }));
  for (const name of requiredAttributes(pool)) {
    const has = Boolean(attributeValue(user, name));
    const sent = given.some((a) => a.Name === name);
    if (has && sent) {
      if (name !== 'email')
        notes.push(
          `[UNC] the text refusing a required attribute sent again was observed for email; ${name} is assumed to read the same (docs/cognito-behaviour.md#sign-in-and-tokens)`,
        );
      throw Exceptions.NotAuthorized(Messages.attributeAlreadyProvided(name));
    }
    if (!has && !given.some((a) => a.Name === name && a.Value))
      throw Exceptions.InvalidParameter(Messages.requiredAttributeMissing(name));
  }
  return given;
};

/**
 * RespondToAuthChallenge with NEW_PASSWORD_REQUIRED: the `Session` must be the one the sign-in issued to this client,
 * within the client's AuthSessionValidity (`Invalid session for the user.` otherwise). The new password meets the
 * pool's policy, the required attributes are completed, and the user becomes CONFIRMED with tokens.
 */
const respondToAuthChallenge = (
  engine: Engine,
  request: RespondToAuthChallengeRequest,
  notes: string[],
): Record<string, unknown> => {
  validateRespondToAuthChallenge(request);
  const { pool, client } = appClient(engine, request.ClientId);
  if (request.ChallengeName !== 'NEW_PASSWORD_REQUIRED')
    throw notImplemented(`RespondToAuthChallenge with ${request.ChallengeName}`);
  const responses = request.ChallengeResponses ?? {};
  const username = responses.USERNAME;
  if (!username) throw missingParameter('USERNAME', notes);
  checkSecretHash(client, username, responses.SECRET_HASH);
  const user = findUser(pool, username);
  const session = user?.AuthSession;
  if (
    !user ||
    !session ||
    session.Session !== request.Session ||
    session.ClientId !== client.ClientId ||
    user.UserStatus !== 'FORCE_CHANGE_PASSWORD'
  )
    throw Exceptions.NotAuthorized(Messages.invalidSession);
  if (Date.now() > session.ExpiresAt) {
    notes.push(
      '[UNC] the text for an expired session is assumed to be the one observed for a session Cognito did not issue (docs/cognito-behaviour.md#sign-in-and-tokens)',
    );
    throw Exceptions.NotAuthorized(Messages.invalidSession);
  }
  const password = responses.NEW_PASSWORD;
  if (!password) throw missingParameter('NEW_PASSWORD', notes);
  try {
    checkPasswordPolicyAs(Messages.newPasswordPolicy, pool, password, notes);
  } catch (error) {
    notes.push(
      "[UNC] RespondToAuthChallenge's wording of a broken password rule is seen in an application's tests only (docs/cognito-behaviour.md#sign-in-and-tokens)",
    );
    throw error;
  }
  const plan = planAttributeUpdate(pool, user, challengeAttributes(pool, user, responses, notes), {
    admin: false,
    client,
  });
  if (plan.deliveries.length > 0)
    notes.push(
      '[UNC] AWS does not document whether an email address or phone number given in the NEW_PASSWORD_REQUIRED answer is sent a verification code; the simulator sends none (docs/cognito-behaviour.md#sign-in-and-tokens)',
    );
  const confirmed: User = { ...withoutChallenge(plan.user), Password: password, UserStatus: 'CONFIRMED' };
  const tokens = tokensFor(engine, pool, client, confirmed);
  commitUser(
    engine,
    pool.UserPool.Id,
    user.Username,
    (fresh) => {
      // The session is used once: a second answer with it finds none.
      if (fresh.AuthSession?.Session !== request.Session)
        throw Exceptions.NotAuthorized(Messages.invalidSession);
      return withRefreshToken(confirmed, tokens.record);
    },
    (current, changed) => ({
      ...current,
      Users: (current.Users ?? []).map((u) => (u.Username === changed.Username ? stamp(changed) : u)),
    }),
  );
  return { ChallengeParameters: {}, AuthenticationResult: tokens.result };
};

/**
 * Checks a password against the pool's policy, worded as the operation words it: the policy is one, the texts differ
 * between operations (SignUp's wording is the policy check's own).
 */
const checkPasswordPolicyAs = (
  wording: (rule: string) => string,
  pool: PoolDocument,
  password: string,
  notes: string[],
): void => {
  try {
    checkPasswordPolicy(pool, password, notes);
  } catch (error) {
    if (!(error instanceof CognitoServiceError && error.name === 'InvalidPasswordException')) throw error;
    throw Exceptions.InvalidPassword(wording(error.message.slice(Messages.passwordPolicy('').length)));
  }
};

/** The claims of an access token the engine has verified already. */
const claimsOf = (token: string): AccessTokenClaims =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/**
 * The user behind an access token, refused with `Access Token has been revoked` when GlobalSignOut revoked its
 * sign-in. Every token-authorised operation should make this check; `engine.fromToken` does not make it yet.
 */
const signedInUser = (
  engine: Engine,
  accessToken: string,
): ReturnType<Engine['fromToken']> & { claims: AccessTokenClaims } => {
  const found = engine.fromToken(accessToken);
  const claims = claimsOf(accessToken);
  checkNotRevoked(found.user, claims);
  return { ...found, claims };
};

/**
 * GlobalSignOut: revokes every token issued to the user until now, access and refresh. Cognito's APIs refuse them
 * afterwards (`Access Token has been revoked`, `Refresh Token has been revoked`); JWT libraries still accept the
 * access and ID tokens until they expire.
 */
const globalSignOut = (engine: Engine, request: GlobalSignOutRequest): Record<string, unknown> => {
  raise(violations('accessToken', request.AccessToken, Constraints.AccessToken));
  const { pool, user } = signedInUser(engine, request.AccessToken);
  commitUser(engine, pool.UserPool.Id, user.Username, (fresh) => ({
    ...fresh,
    TokensRevokedAt: Date.now(),
    ...(fresh.RefreshTokens
      ? { RefreshTokens: fresh.RefreshTokens.map((token) => ({ ...token, Revoked: true })) }
      : {}),
  }));
  return {};
};

export type { GlobalSignOutRequest, InitiateAuthRequest, RespondToAuthChallengeRequest };
export {
  checkPasswordPolicyAs,
  globalSignOut,
  initiateAuth,
  passwordSignIn,
  respondToAuthChallenge,
  signedInUser,
};
