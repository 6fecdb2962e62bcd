/** @module local/local-cognito — a local Cognito for attribute updates: the engine behind the CLI and the tests. */
import { generateKeyPairSync, randomInt } from 'node:crypto';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { CognitoServiceError, Exceptions, Messages } from '../cognito/errors.js';
import { type Judgement, judgeCustomMessage, Verdict } from '../cognito/lambda-response.js';
import { ATTRIBUTE_CODE_VALIDITY_MS, WRONG_CODE_LIMIT } from '../cognito/limits.js';
import type { Finding } from '../cognito/rules.js';
import { CLIENT_ID_NOT_APPLICABLE, substitutePlaceholders } from '../cognito/trigger-sources.js';
import { SAMPLE } from '../events/factory.js';
import { htmlToText } from '../message/text.js';
import { type AttributeUpdatePlan, type Delivery, planAttributeUpdate } from './attribute-update.js';
import {
  type CustomSmsSenderSetup,
  customSmsSenderKey,
  type PublishedSms,
  runCustomSmsSender,
  type SenderInvocationTrace,
} from './custom-sender.js';
import { type InvokeOptions, invokeHandler, type LambdaHandler } from './invoker.js';
import {
  type AppClient,
  attributeValue,
  DEMO_POOLS,
  findUser,
  type PoolDocument,
  type User,
  type VerifiableAttribute,
} from './pool.js';
import {
  type AdminGetUserRequest,
  type AdminInitiateAuthRequest,
  type AdminUpdateUserAttributesRequest,
  type GetUserAttributeVerificationCodeRequest,
  type GetUserRequest,
  type UpdateUserAttributesRequest,
  type VerifyUserAttributeRequest,
  validateAdminGetUser,
  validateAdminInitiateAuth,
  validateAdminUpdateUserAttributes,
  validateGetUser,
  validateGetUserAttributeVerificationCode,
  validateUpdateUserAttributes,
  validateVerifyUserAttribute,
} from './requests.js';
import type { StateError, StateStore } from './state.js';
import {
  type Authentication,
  authenticate,
  issueAccessToken,
  issueIdToken,
  jwksOf,
  regionOf,
  type SigningKey,
  type TokenValidity,
  tokenValidity,
  verifyAccessToken,
} from './tokens.js';

/** Cognito's own messages, used when a pool sets no template and the trigger leaves the response empty. */
const COGNITO_DEFAULT_MESSAGE = {
  email: 'Your verification code is {####}. ',
  subject: 'Your verification code',
  sms: 'Your verification code is {####}. ',
} as const;

/** One trigger invocation: the event sent, what came back, and Cognito's decision. */
interface InvocationTrace {
  readonly delivery: Delivery;
  readonly event: CustomMessageTriggerEvent;
  /** The value the function returned (after the runtime's JSON round trip), when it returned. */
  readonly returned?: unknown;
  readonly verdict: Judgement['verdict'];
  readonly findings: readonly Finding[];
  readonly error?: { readonly name: string; readonly message: string };
  readonly durationMs: number;
}

/** A message as the user receives it, the code filled in. */
interface DeliveredMessage {
  readonly medium: 'EMAIL' | 'SMS';
  readonly attribute: string;
  readonly destination: string;
  /**
   * `trigger`: the Custom message function's message; `pool`: the pool's own template (or Cognito's default);
   * `sender`: what the Custom SMS sender function published to SNS.
   */
  readonly source: 'trigger' | 'pool' | 'sender';
  /** For `sender`: the SNS attributes and the SMS's encoding and segments. */
  readonly sns?: Omit<PublishedSms, 'phoneNumber' | 'text'>;
  readonly subject?: string;
  readonly html?: string;
  readonly text: string;
  /** The code it carries (for AdminCreateUser, the temporary password). */
  readonly code?: string;
  /** The Custom message source it was composed for, and whose message it is. */
  readonly triggerSource?: string;
  readonly userPoolId?: string;
  readonly username?: string;
  /** When it was delivered (ISO 8601). */
  readonly at?: string;
  /** Outbox files, when the state is kept on disk. */
  readonly files?: readonly string[];
}

/** What one API call did, from the request to the response or the error. */
interface Trace {
  readonly operation: string;
  readonly request: unknown;
  readonly invocations: readonly InvocationTrace[];
  /** The Custom SMS sender's invocations, after the call (Cognito does not wait for them). */
  readonly senderInvocations?: readonly SenderInvocationTrace[];
  readonly deliveries: readonly DeliveredMessage[];
  readonly result:
    | { readonly response: Record<string, unknown> }
    | { readonly error: { readonly name: string; readonly message: string } };
  /** Where the outcome rests on an uncertain reading of Cognito ([UNC] in docs/cognito-behaviour.md). */
  readonly notes: readonly string[];
}

interface LocalCognitoOptions {
  /** The pool, or pools, to start from (default: the embedded demo pools). */
  readonly pool?: PoolDocument | readonly PoolDocument[];
  /** Keep pools, keys and the outbox on disk between calls (default: in memory only). */
  readonly store?: StateStore;
  /** The Custom message function. Without one, Cognito sends the pool's own messages. */
  readonly handler?: LambdaHandler;
  /**
   * The Custom SMS sender, for pools whose `LambdaConfig` has `CustomSMSSender` and `KMSKeyID`: SMS codes go to it,
   * encrypted, instead of through the Custom message function.
   */
  readonly customSmsSender?: CustomSmsSenderSetup;
  readonly invoke?: InvokeOptions;
  /** The code put in place of `codeParameter` in delivered messages (default: six random digits). */
  readonly code?: string | (() => string);
  /**
   * The documented rule that emailMessage/emailSubject need EmailSendingAccount DEVELOPER: `reject` applies it
   * (default), `allow` follows what real pools have been seen to do.
   */
  readonly cognitoDefaultEmail?: 'reject' | 'allow';
  /** Access token lifetime when the app client sets none, in seconds (default: 3600). */
  readonly accessTokenValiditySeconds?: number;
}

let inMemoryKey: SigningKey | undefined;
/** One key for every in-memory instance of a process: making an RSA key takes a noticeable fraction of a second. */
const processKey = (): SigningKey => {
  if (inMemoryKey) return inMemoryKey;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  inMemoryKey = { privateKey, publicKey, kid: 'local' };
  return inMemoryKey;
};

const describe = (error: CognitoServiceError) => ({ name: error.name, message: error.message });

/** Masks a destination the way Cognito does in CodeDeliveryDetails: `d***@e***`, `+*******1212` [UNC]. */
const maskDestination = (medium: 'EMAIL' | 'SMS', destination: string): string => {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`;
  const [local = '', domain = ''] = destination.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};

/**
 * A local Cognito user pool service for attribute updates. It validates requests and applies them as Cognito does,
 * builds the `CustomMessage_UpdateUserAttribute` event, invokes the function under Cognito's deadline, judges its
 * answer, delivers the message with a code, and returns a full trace. A failed call changes nothing.
 *
 * @example
 * ```ts
 * const cognito = new LocalCognito({ handler });
 * const trace = await cognito.adminUpdateUserAttributes({
 *   UserPoolId: 'us-west-2_aaaaaaaaa',
 *   Username: 'diego@example.com',
 *   UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
 * });
 * ```
 */
class LocalCognito {
  readonly #pools: Map<string, PoolDocument>;
  /** Pools whose saved state is damaged: using one answers with its error, and nothing overwrites it. */
  readonly #broken: ReadonlyMap<string, StateError>;
  readonly #options: LocalCognitoOptions;
  #key: SigningKey | undefined;
  readonly #delivered: DeliveredMessage[] = [];
  readonly #seeds: readonly PoolDocument[];
  /** Notes about how the state was loaded, for the caller to show. */
  readonly notes: readonly string[];

  constructor(options: LocalCognitoOptions = {}) {
    this.#options = options;
    const seeds: readonly PoolDocument[] =
      options.pool === undefined
        ? DEMO_POOLS
        : Array.isArray(options.pool)
          ? options.pool
          : [options.pool as PoolDocument];
    this.#seeds = seeds;
    if (options.store) {
      const { pools, reseeded, broken } = options.store.load(seeds);
      this.#pools = pools;
      this.#broken = broken;
      this.notes = reseeded.map((id) => `the pool file changed: ${id} starts again from it`);
    } else {
      this.#pools = new Map(seeds.map((seed) => [seed.UserPool.Id, structuredClone(seed)]));
      this.#broken = new Map();
      this.notes = [];
    }
  }

  /** The pool as it stands now. */
  pool(userPoolId: string): PoolDocument | undefined {
    return this.#pools.get(userPoolId);
  }

  #signingKey(): SigningKey {
    if (this.#key) return this.#key;
    this.#key = this.#options.store ? this.#options.store.signingKey() : processKey();
    return this.#key;
  }

  #poolOrThrow(userPoolId: string): PoolDocument {
    const broken = this.#broken.get(userPoolId);
    if (broken) throw broken;
    // With the state on disk, the pool as saved now: other processes may have changed it since this one started.
    const pool = this.#options.store ? this.#options.store.current(userPoolId) : this.#pools.get(userPoolId);
    if (!pool) throw Exceptions.ResourceNotFound(Messages.userPoolNotFound(userPoolId));
    this.#pools.set(userPoolId, pool);
    return pool;
  }

  /** The pool's JSON Web Key Set, for apps that verify its tokens; undefined for a pool it does not have. */
  jwks(userPoolId: string): { keys: Record<string, string>[] } | undefined {
    try {
      this.#poolOrThrow(userPoolId);
    } catch {
      return undefined;
    }
    return jwksOf(this.#signingKey());
  }

  /** Every message delivered through this engine, oldest first. */
  messages(): readonly DeliveredMessage[] {
    return this.#delivered;
  }

  /** Starts every pool again from its seed and forgets the delivered messages. */
  reset(): void {
    if (this.#options.store) this.#options.store.reset();
    else for (const seed of this.#seeds) this.#pools.set(seed.UserPool.Id, structuredClone(seed));
    this.#delivered.length = 0;
  }

  /** Forgets the delivered messages (the outbox files stay). */
  clearMessages(): void {
    this.#delivered.length = 0;
  }

  #code(): string {
    const { code } = this.#options;
    if (typeof code === 'function') return code();
    return code ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  /** AdminUpdateUserAttributes: IAM-authorised; the event's clientId is `CLIENT_ID_NOT_APPLICABLE`. */
  async adminUpdateUserAttributes(request: AdminUpdateUserAttributesRequest): Promise<Trace> {
    return this.#traced('AdminUpdateUserAttributes', request, async (notes) => {
      validateAdminUpdateUserAttributes(request);
      const pool = this.#poolOrThrow(request.UserPoolId);
      const user = findUser(pool, request.Username);
      if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
      return this.#update(pool, user, request, { admin: true }, CLIENT_ID_NOT_APPLICABLE, notes);
    });
  }

  /** UpdateUserAttributes: the user's access token; the event carries the token's app client. */
  async updateUserAttributes(request: UpdateUserAttributesRequest): Promise<Trace> {
    return this.#traced('UpdateUserAttributes', request, async (notes) => {
      validateUpdateUserAttributes(request);
      const { pool, user, client } = this.#fromToken(request.AccessToken);
      return this.#update(pool, user, request, { admin: false, client }, client.ClientId, notes);
    });
  }

  /** GetUser: the signed-in user's attributes, from their access token. */
  async getUser(request: GetUserRequest): Promise<Trace> {
    return this.#traced('GetUser', request, async () => {
      validateGetUser(request);
      const { user } = this.#fromToken(request.AccessToken);
      return plainResult({ Username: user.Username, UserAttributes: user.UserAttributes });
    });
  }

  /**
   * GetUserAttributeVerificationCode: a new code for the user's email address or phone number (the pending value,
   * when "keep original attribute value active" holds one), sent through the Custom message trigger as
   * `CustomMessage_VerifyUserAttribute`. The new code replaces any earlier one.
   */
  async getUserAttributeVerificationCode(request: GetUserAttributeVerificationCodeRequest): Promise<Trace> {
    return this.#traced('GetUserAttributeVerificationCode', request, async (notes) => {
      validateGetUserAttributeVerificationCode(request);
      const { pool, user, client } = this.#fromToken(request.AccessToken);
      const name = request.AttributeName;
      const destination =
        name === 'email' || name === 'phone_number'
          ? (user.PendingAttributes?.find((a) => a.Name === name)?.Value ?? attributeValue(user, name))
          : undefined;
      if (destination === undefined || destination === '')
        throw Exceptions.InvalidParameter(Messages.noAttributeToVerify(name));
      const delivery: Delivery = {
        attribute: name as VerifiableAttribute,
        medium: name === 'email' ? 'EMAIL' : 'SMS',
        destination,
      };
      if (delivery.medium === 'SMS' && customSmsSenderKey(pool) !== undefined)
        notes.push(
          'the Custom SMS sender path is reproduced for attribute updates only: this code goes through the Custom message trigger',
        );
      const code = this.#code();
      const subject: MessageSubject = {
        triggerSource: 'CustomMessage_VerifyUserAttribute',
        userName: user.Username,
        eventAttributes: eventAttributesOf(pool, user),
      };
      const invocations: InvocationTrace[] = [];
      const message = await this.#message(
        pool,
        subject,
        delivery,
        request.ClientMetadata,
        client.ClientId,
        invocations,
        notes,
        code,
      );
      if (message instanceof CognitoServiceError) throw Object.assign(message, { trace: { invocations } });
      const delivered = this.#writeOutbox(message, 0);
      try {
        this.#commit(pool.UserPool.Id, (current) =>
          changeUser(current, user.Username, (fresh) =>
            withCodesSent(fresh, new Map([[name, code]]), Date.now() + ATTRIBUTE_CODE_VALIDITY_MS),
          ),
        );
      } catch (error) {
        this.#unfile([delivered]);
        throw error;
      }
      return {
        invocations,
        deliveries: [delivered],
        result: {
          response: {
            CodeDeliveryDetails: {
              Destination: maskDestination(delivery.medium, destination),
              DeliveryMedium: delivery.medium,
              AttributeName: name,
            },
          },
        },
      };
    });
  }

  /**
   * VerifyUserAttribute: checks the code sent for the attribute. A wrong code is CodeMismatchException and counts
   * against the code; an expired or superseded one (or none sent) is ExpiredCodeException; past the wrong-code limit,
   * LimitExceededException. The right code marks the attribute verified and, with "keep original attribute value
   * active", replaces the old value with the pending one.
   */
  async verifyUserAttribute(request: VerifyUserAttributeRequest): Promise<Trace> {
    return this.#traced('VerifyUserAttribute', request, async (notes) => {
      validateVerifyUserAttribute(request);
      const { pool, user } = this.#fromToken(request.AccessToken);
      const name = request.AttributeName;
      let failure: CognitoServiceError | undefined;
      this.#commit(pool.UserPool.Id, (current) =>
        changeUser(current, user.Username, (fresh) => {
          const checked = checkCode(fresh, name, request.Code, Date.now());
          if (checked.error) {
            failure = checked.error;
            if (checked.user === fresh) throw checked.error;
            return checked.user;
          }
          return verified(fresh, name);
        }),
      );
      if (failure) throw failure;
      const keepOriginal: readonly string[] =
        pool.UserPool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
      if (keepOriginal.includes(name))
        notes.push(
          `[UNC] AWS documents that VerifyUserAttribute puts the pending ${name} in place, not that the old ${name} then stops identifying the user; the simulator assumes it does (docs/cognito-behaviour.md#verification-codes)`,
        );
      return plainResult({});
    });
  }

  /**
   * A call answered at once (no trigger, no message), as a Trace: its response, or the service error it threw.
   *
   * @example
   * ```ts
   * const trace = await cognito.traceOf('AdminGetUser', request, () => cognito.adminGetUser(request));
   * ```
   */
  async traceOf(operation: string, request: unknown, call: () => Record<string, unknown>): Promise<Trace> {
    return this.#traced(operation, request, async () => plainResult(call()));
  }

  /** AdminGetUser, as `admin-get-user` prints it. */
  adminGetUser(request: AdminGetUserRequest): Record<string, unknown> {
    validateAdminGetUser(request);
    const pool = this.#poolOrThrow(request.UserPoolId);
    const user = findUser(pool, request.Username);
    if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
    return {
      Username: user.Username,
      UserAttributes: user.UserAttributes,
      // The service sends timestamps as epoch seconds; the CLI prints them in ISO 8601.
      ...(user.UserCreateDate === undefined
        ? {}
        : { UserCreateDate: Date.parse(user.UserCreateDate) / 1000 }),
      ...(user.UserLastModifiedDate === undefined
        ? {}
        : { UserLastModifiedDate: Date.parse(user.UserLastModifiedDate) / 1000 }),
      Enabled: user.Enabled ?? true,
      UserStatus: user.UserStatus ?? 'CONFIRMED',
    };
  }

  /**
   * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH: checks the user's password (`Password` in the pool file) and
   * returns tokens; the access token is what `update-user-attributes` takes.
   */
  adminInitiateAuth(request: AdminInitiateAuthRequest): Record<string, unknown> {
    validateAdminInitiateAuth(request);
    const pool = this.#poolOrThrow(request.UserPoolId);
    const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === request.ClientId);
    if (!client) throw Exceptions.ResourceNotFound(`User pool client ${request.ClientId} does not exist.`);
    if (request.AuthFlow !== 'ADMIN_USER_PASSWORD_AUTH' && request.AuthFlow !== 'ADMIN_NO_SRP_AUTH')
      throw Exceptions.InvalidParameter(
        `1 validation error detected: Value '${request.AuthFlow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH]`,
      );
    if (client.ExplicitAuthFlows && !client.ExplicitAuthFlows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH'))
      throw Exceptions.InvalidParameter('Auth flow not enabled for this client');
    const username = request.AuthParameters?.USERNAME;
    const password = request.AuthParameters?.PASSWORD;
    if (!username) throw Exceptions.InvalidParameter('Missing required parameter USERNAME');
    const user = findUser(pool, username);
    if (!user || user.Password === undefined || user.Password !== password)
      throw Exceptions.NotAuthorized(Messages.incorrectCredentials);
    const validity = this.#validity(client);
    const signIn = this.#authenticate(pool.UserPool.Id, client.ClientId, user);
    return {
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: issueAccessToken(this.#signingKey(), signIn, { validitySeconds: validity.AccessToken }),
        ExpiresIn: validity.AccessToken,
        TokenType: 'Bearer',
        RefreshToken: `local-refresh.${Buffer.from(user.Username).toString('base64url')}`,
        IdToken: issueIdToken(this.#signingKey(), signIn, {
          validitySeconds: validity.IdToken,
          attributes: user.UserAttributes,
        }),
      },
    };
  }

  /** The client's token lifetimes; `accessTokenValiditySeconds` stands in when the client sets no access validity. */
  #validity(client: AppClient | undefined): TokenValidity {
    const validity = tokenValidity(client ?? {});
    const fallback = this.#options.accessTokenValiditySeconds;
    return client?.AccessTokenValidity === undefined && fallback !== undefined
      ? { ...validity, AccessToken: fallback }
      : validity;
  }

  #authenticate(userPoolId: string, clientId: string, user: User, authTime?: number): Authentication {
    return authenticate(
      {
        region: regionOf(userPoolId),
        userPoolId,
        clientId,
        sub: attributeValue(user, 'sub') ?? user.Username,
        username: user.Username,
      },
      authTime,
    );
  }

  /** Issues an access token for a user and app client; `issuedAt` in seconds lets tests make expired tokens. */
  issueAccessToken(
    userPoolId: string,
    clientId: string,
    user: User,
    issuedAt?: number,
    scope?: string,
  ): string {
    const pool = this.#poolOrThrow(userPoolId);
    const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === clientId);
    return issueAccessToken(this.#signingKey(), this.#authenticate(userPoolId, clientId, user, issuedAt), {
      validitySeconds: this.#validity(client).AccessToken,
      ...(scope === undefined ? {} : { scope }),
    });
  }

  #fromToken(token: string): { pool: PoolDocument; user: User; client: AppClient } {
    const invalid = () => Exceptions.NotAuthorized(Messages.invalidAccessToken);
    let poolId: string | undefined;
    try {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
      poolId = String(claims.iss ?? '')
        .split('/')
        .pop();
    } catch {
      throw invalid();
    }
    let pool: PoolDocument | undefined;
    try {
      pool = poolId ? this.#poolOrThrow(poolId) : undefined;
    } catch (error) {
      if (!(error instanceof CognitoServiceError)) throw error;
    }
    if (!pool) throw invalid();
    const claims = verifyAccessToken(this.#signingKey(), token, {
      region: regionOf(pool.UserPool.Id),
      userPoolId: pool.UserPool.Id,
    });
    const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === claims.client_id);
    if (!client) throw invalid();
    const user = findUser(pool, claims.username);
    if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
    return { pool, user, client };
  }

  async #traced(
    operation: string,
    request: unknown,
    run: (notes: string[]) => Promise<Omit<Trace, 'operation' | 'request' | 'notes'>>,
  ): Promise<Trace> {
    const notes: string[] = [...this.notes];
    try {
      return { operation, request, ...(await run(notes)), notes };
    } catch (error) {
      if (!(error instanceof CognitoServiceError)) throw error;
      const partial = (error as { trace?: Omit<Trace, 'operation' | 'request' | 'notes' | 'result'> }).trace;
      return {
        operation,
        request,
        invocations: partial?.invocations ?? [],
        deliveries: [],
        result: { error: describe(error) },
        notes,
      };
    }
  }

  async #update(
    pool: PoolDocument,
    user: User,
    request: AdminUpdateUserAttributesRequest | UpdateUserAttributesRequest,
    caller: Parameters<typeof planAttributeUpdate>[3],
    clientId: string,
    notes: string[],
  ): Promise<Omit<Trace, 'operation' | 'request' | 'notes'>> {
    const plan = planAttributeUpdate(pool, user, request.UserAttributes, caller);
    notes.push(...plan.notes);
    const codes = new Map(plan.deliveries.map((delivery) => [delivery.attribute, this.#code()]));
    const subject: MessageSubject = {
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      userName: plan.user.Username,
      eventAttributes: plan.eventAttributes,
    };
    const invocations: InvocationTrace[] = [];
    const messages: Omit<DeliveredMessage, 'files'>[] = [];
    const sender = this.#options.customSmsSender;
    const senderKey = customSmsSenderKey(pool);
    const toSender = plan.deliveries.filter((d) => senderKey !== undefined && d.medium === 'SMS');
    for (const delivery of plan.deliveries) {
      if (toSender.includes(delivery)) continue;
      const message = await this.#message(
        pool,
        subject,
        delivery,
        request.ClientMetadata,
        clientId,
        invocations,
        notes,
        codes.get(delivery.attribute) as string,
      );
      if (message instanceof CognitoServiceError) {
        notes.push(
          '[UNC] AWS documents that a failed Custom message trigger fails the API call, not whether the attribute change is undone; the simulator leaves the attribute unchanged (docs/cognito-behaviour.md#failed-trigger)',
        );
        throw Object.assign(message, { trace: { invocations } });
      }
      messages.push(message);
    }
    // Every check passed: the messages are written first, so that a failure to write them changes nothing, and the
    // pool is changed last, as the only writer of the state.
    const deliveries = messages.map((message, index) => this.#writeOutbox(message, index));
    let nextPool: PoolDocument;
    try {
      nextPool = this.#commit(pool.UserPool.Id, (current) => {
        // Another process may have changed the pool since it was read: the update applies to the user as now saved.
        const fresh = current === pool ? user : findUser(current, user.Username);
        if (!fresh) throw Exceptions.UserNotFound(Messages.userNotFound);
        const applied =
          fresh === user
            ? plan.user
            : planAttributeUpdate(current, fresh, request.UserAttributes, caller).user;
        const withCodes = withCodesSent(applied, codes, Date.now() + ATTRIBUTE_CODE_VALIDITY_MS);
        return {
          ...current,
          Users: (current.Users ?? []).map((u) => (u.Username === fresh.Username ? stamp(withCodes) : u)),
        };
      });
    } catch (error) {
      this.#unfile(deliveries);
      throw error;
    }
    // Cognito invokes the sender asynchronously: the call's outcome no longer depends on it.
    const senderInvocations: SenderInvocationTrace[] = [];
    for (const delivery of toSender) {
      if (!sender) {
        notes.push(
          `the pool sends SMS codes through its Custom SMS sender (LambdaConfig.CustomSMSSender), and no sender function was given: nothing reaches ${delivery.destination}`,
        );
        continue;
      }
      const trace = await runCustomSmsSender(sender, {
        pool: nextPool,
        keyArn: senderKey as string,
        userName: plan.user.Username,
        userAttributes: plan.eventAttributes,
        clientMetadata: request.ClientMetadata,
        clientId,
        code: codes.get(delivery.attribute) as string,
      });
      senderInvocations.push(trace);
      if (trace.published.length === 0)
        notes.push(
          `the Custom SMS sender ${trace.outcome === 'returned' ? 'returned without publishing' : trace.outcome === 'threw' ? 'threw' : 'timed out'}: no SMS reaches ${delivery.destination} (Lambda retries asynchronous invocations that fail)`,
        );
      for (const { phoneNumber, text, ...sns } of trace.published) {
        const message = {
          medium: 'SMS',
          attribute: delivery.attribute,
          destination: phoneNumber,
          source: 'sender',
          text,
          sns,
          code: codes.get(delivery.attribute) as string,
          triggerSource: 'CustomSMSSender_UpdateUserAttribute',
          userPoolId: pool.UserPool.Id,
          username: plan.user.Username,
        } as const;
        try {
          deliveries.push(this.#writeOutbox(message, deliveries.length));
        } catch (error) {
          // The call has succeeded already (Cognito does not wait for its sender): the SMS is reported, not filed.
          deliveries.push(message);
          notes.push(
            `the SMS the sender published was not written to the outbox: ${(error as Error).message}`,
          );
        }
      }
    }
    const response: Record<string, unknown> =
      caller.admin || plan.deliveries.length === 0
        ? {}
        : {
            CodeDeliveryDetailsList: plan.deliveries.map((d) => ({
              Destination: maskDestination(d.medium, d.destination),
              DeliveryMedium: d.medium,
              AttributeName: d.attribute,
            })),
          };
    return {
      invocations,
      ...(senderInvocations.length > 0 ? { senderInvocations } : {}),
      deliveries,
      result: { response },
    };
  }

  /**
   * One verification message: the Custom message trigger invoked (when the pool has one and a function is given) and
   * judged, then the message the user receives, from the trigger or the pool's template, with `code` filled in.
   */
  async #message(
    pool: PoolDocument,
    subject: MessageSubject,
    delivery: Delivery,
    clientMetadata: Readonly<Record<string, string>> | undefined,
    clientId: string,
    invocations: InvocationTrace[],
    notes: string[],
    code: string,
  ): Promise<Omit<DeliveredMessage, 'files'> | CognitoServiceError> {
    const template = pool.UserPool.VerificationMessageTemplate;
    const fallback = {
      email: template?.EmailMessage ?? COGNITO_DEFAULT_MESSAGE.email,
      subject: template?.EmailSubject ?? COGNITO_DEFAULT_MESSAGE.subject,
      sms: template?.SmsMessage ?? COGNITO_DEFAULT_MESSAGE.sms,
    };
    let response = {
      emailMessage: null as string | null,
      emailSubject: null as string | null,
      smsMessage: null as string | null,
    };
    const handler = this.#options.handler;
    if (handler && pool.UserPool.LambdaConfig?.CustomMessage !== undefined) {
      const event = this.#event(pool, subject, clientMetadata, clientId);
      const { invocation, durationMs } = await invokeHandler(handler, event, this.#options.invoke);
      const emailSendingAccount = pool.UserPool.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT';
      const judgement = judgeCustomMessage(
        event,
        invocation,
        this.#options.cognitoDefaultEmail === 'allow' ? {} : { emailSendingAccount },
      );
      notes.push(...judgement.notes);
      invocations.push({
        delivery,
        event,
        ...(invocation.kind === 'returned' ? { returned: invocation.value } : {}),
        verdict: judgement.verdict,
        findings: judgement.findings,
        ...(judgement.error ? { error: describe(judgement.error) } : {}),
        durationMs,
      });
      if (judgement.error) return judgement.error;
      if (judgement.verdict === Verdict.Accepted && judgement.response) response = { ...judgement.response };
    }
    const fill = (text: string) =>
      substitutePlaceholders(text, { codeParameter: SAMPLE.codeParameter }, { code });
    const about = {
      attribute: delivery.attribute,
      destination: delivery.destination,
      code,
      triggerSource: subject.triggerSource,
      userPoolId: pool.UserPool.Id,
      username: subject.userName,
    };
    if (delivery.medium === 'SMS') {
      const fromTrigger = response.smsMessage !== null;
      return {
        medium: 'SMS',
        ...about,
        source: fromTrigger ? 'trigger' : 'pool',
        text: fill(response.smsMessage ?? fallback.sms),
      };
    }
    const html = fill(response.emailMessage ?? fallback.email);
    return withLazyText({
      medium: 'EMAIL',
      ...about,
      source: response.emailMessage !== null ? 'trigger' : 'pool',
      subject: response.emailSubject ?? fallback.subject,
      html,
    });
  }

  #event(
    pool: PoolDocument,
    subject: MessageSubject,
    clientMetadata: Readonly<Record<string, string>> | undefined,
    clientId: string,
  ): CustomMessageTriggerEvent {
    return {
      version: '1',
      triggerSource: subject.triggerSource,
      region: regionOf(pool.UserPool.Id),
      userPoolId: pool.UserPool.Id,
      userName: subject.userName,
      callerContext: { awsSdkVersion: SAMPLE.awsSdkVersion, clientId },
      request: {
        userAttributes: { ...subject.eventAttributes },
        codeParameter: SAMPLE.codeParameter,
        linkParameter: SAMPLE.linkParameter,
        usernameParameter: null,
        ...(clientMetadata === undefined ? {} : { clientMetadata: { ...clientMetadata } }),
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    };
  }

  /** Changes a pool: through the store's lock when the state is on disk, then in memory. */
  #commit(userPoolId: string, change: (current: PoolDocument) => PoolDocument): PoolDocument {
    const store = this.#options.store;
    const next = store ? store.update(userPoolId, change) : change(this.#poolOrThrow(userPoolId));
    this.#pools.set(userPoolId, next);
    return next;
  }

  /** Files a message in the outbox (when the state is on disk) and in the engine's list of delivered messages. */
  #writeOutbox(message: Omit<DeliveredMessage, 'files'>, index: number): DeliveredMessage {
    const store = this.#options.store;
    const delivered = Object.assign(
      message,
      { at: new Date().toISOString() },
      store ? { files: store.writeMessage(String(index + 1), message) } : {},
    ) as DeliveredMessage;
    this.#delivered.push(delivered);
    return delivered;
  }

  /** Takes back messages of a call that failed after they were filed. */
  #unfile(messages: readonly DeliveredMessage[]): void {
    this.#options.store?.removeMessages(messages.flatMap((message) => message.files ?? []));
    for (const message of messages) {
      const index = this.#delivered.indexOf(message);
      if (index >= 0) this.#delivered.splice(index, 1);
    }
  }
}

/**
 * Gives an email its plain-text reading on first use: most callers (a replay, a test on the HTML) never read it, and
 * it costs more than the rest of the delivery. Enumerable, so traces written as JSON include it.
 */
const withLazyText = (message: Omit<DeliveredMessage, 'files' | 'text'>): Omit<DeliveredMessage, 'files'> => {
  let text: string | undefined;
  return Object.defineProperty(message, 'text', {
    enumerable: true,
    get: () => {
      text ??= htmlToText(message.html ?? '');
      return text;
    },
  }) as Omit<DeliveredMessage, 'files'>;
};

/** Now, as the aws CLI prints AdminGetUser's timestamps: microseconds and the UTC offset. */
const awsTimestamp = (date = new Date()): string => `${date.toISOString().slice(0, 23)}000+00:00`;

/** Marks a user as modified now. */
const stamp = (user: User): User => ({ ...user, UserLastModifiedDate: awsTimestamp() });

/** A call that changed no message and ran no trigger: its response alone. */
const plainResult = (response: Record<string, unknown>): Omit<Trace, 'operation' | 'request' | 'notes'> => ({
  invocations: [],
  deliveries: [],
  result: { response },
});

/** The pool with one user changed; UserNotFoundException when the user is gone. */
const changeUser = (pool: PoolDocument, username: string, change: (user: User) => User): PoolDocument => {
  const user = findUser(pool, username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  const next = change(user);
  return next === user
    ? pool
    : { ...pool, Users: (pool.Users ?? []).map((u) => (u.Username === user.Username ? stamp(next) : u)) };
};

/**
 * A code offered for an attribute, judged: the error to answer with, and the user to save (with the failure counted
 * when the code was wrong, unchanged otherwise).
 */
const checkCode = (
  user: User,
  attribute: string,
  code: string,
  now: number,
): { user: User; error?: CognitoServiceError } => {
  const stored = user.Codes?.[attribute];
  if (stored === undefined || now > stored.ExpiresAt)
    return { user, error: Exceptions.ExpiredCode(Messages.expiredCode) };
  if (stored.Failures >= WRONG_CODE_LIMIT)
    return { user, error: Exceptions.LimitExceeded(Messages.attemptLimitExceeded) };
  if (stored.Code === code) return { user };
  return {
    user: { ...user, Codes: { ...user.Codes, [attribute]: { ...stored, Failures: stored.Failures + 1 } } },
    error: Exceptions.CodeMismatch(Messages.codeMismatch),
  };
};

/** The user once an attribute is verified: the pending value in place, the flag true, the code used up. */
const verified = (user: User, attribute: string): User => {
  const pending = user.PendingAttributes?.find((a) => a.Name === attribute);
  const flag = `${attribute}_verified`;
  const attributes = user.UserAttributes.filter((a) => a.Name !== flag && !(pending && a.Name === attribute));
  const { [attribute]: _used, ...codes } = user.Codes ?? {};
  const remaining = (user.PendingAttributes ?? []).filter((a) => a.Name !== attribute);
  const next: User = {
    ...user,
    UserAttributes: [...attributes, ...(pending ? [pending] : []), { Name: flag, Value: 'true' }],
    Codes: codes,
    PendingAttributes: remaining,
  };
  if (remaining.length === 0) delete (next as { PendingAttributes?: unknown }).PendingAttributes;
  if (Object.keys(codes).length === 0) delete (next as { Codes?: unknown }).Codes;
  return next;
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

/** Who a Custom message event is about, and for which source. */
interface MessageSubject {
  readonly triggerSource: CustomMessageTriggerEvent['triggerSource'];
  readonly userName: string;
  readonly eventAttributes: Readonly<Record<string, string>>;
}

/** The user with the codes just sent, each replacing any earlier code for the same attribute. */
const withCodesSent = (user: User, codes: ReadonlyMap<string, string>, expiresAt: number): User =>
  codes.size === 0
    ? user
    : {
        ...user,
        Codes: {
          ...user.Codes,
          ...Object.fromEntries(
            [...codes].map(([attribute, Code]) => [attribute, { Code, ExpiresAt: expiresAt, Failures: 0 }]),
          ),
        },
      };

export type { DeliveredMessage, InvocationTrace, LocalCognitoOptions, Trace };
export { COGNITO_DEFAULT_MESSAGE, LocalCognito, maskDestination };
