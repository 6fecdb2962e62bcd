/**
 * @module local/local-cognito — the local Cognito engine's facade: its state (pools in memory or on disk, seeded or
 * created, the signing key, the delivered messages), the Engine the operations run on, and one method per operation
 * for the CLI and tests.
 */
import { generateKeyPairSync, randomInt } from 'node:crypto';
import { CognitoServiceError, Exceptions, Messages } from '../cognito/errors.js';
import { signIn, validityOf } from './authentication.js';
import { COGNITO_DEFAULT_MESSAGE } from './compose.js';
import type { Engine, LocalCognitoOptions } from './engine.js';
import { adminInitiateAuth } from './operations/auth.js';
import { OPERATIONS, type OperationName, operationNamed } from './operations/index.js';
import { adminGetUser } from './operations/users.js';
import { type AppClient, DEMO_POOLS, findUser, type PoolDocument, type User } from './pool.js';
import type {
  AdminGetUserRequest,
  AdminInitiateAuthRequest,
  AdminUpdateUserAttributesRequest,
  GetUserAttributeVerificationCodeRequest,
  GetUserRequest,
  UpdateUserAttributesRequest,
  VerifyUserAttributeRequest,
} from './requests.js';
import { type Mailroom, sendThenCommit } from './send.js';
import { StateError } from './state.js';
import {
  checkNotRevoked,
  issueAccessToken,
  jwksOf,
  regionOf,
  type SigningKey,
  verifyAccessToken,
} from './tokens.js';
import { type DeliveredMessage, type InvocationTrace, type Trace, traced } from './trace.js';
import { maskDestination } from './users.js';

/** The Region of created pools when the options give none. */
const DEFAULT_REGION = 'us-west-2';

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

/** How many delivered messages the engine keeps for `messages()` and `/_local/messages`, oldest dropped first. */
const MESSAGES_KEPT = 1_000;

/**
 * A local Cognito user pool service. It validates requests and applies them as Cognito does, invokes the Custom
 * message trigger with the event Cognito sends under its deadline, judges the answer, delivers the message with a
 * code, and returns a full trace. A failed call changes nothing. A pool with a custom sender (`CustomEmailSender`,
 * `CustomSMSSender`) hands that medium's codes, encrypted, to the sender after the call instead (local/send.ts).
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
  readonly #region: string;
  readonly #engine: Engine;
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
    this.#region = options.region ?? DEFAULT_REGION;
    // It becomes the first part of pool ids, which match `[\w-]+_[0-9a-zA-Z]+`.
    if (!/^[a-z0-9-]+$/.test(this.#region))
      throw new TypeError(
        `region must be a Region name such as us-west-2, got ${JSON.stringify(this.#region)}`,
      );
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
    const mailroom: Mailroom = {
      options,
      deliver: (message, index) => this.#writeOutbox(message, index),
      undeliver: (messages) => this.#unfile(messages),
    };
    this.#engine = {
      options,
      notes: this.notes,
      pool: (id) => this.#poolOrThrow(id),
      commit: (id, change) => this.#commit(id, change),
      region: this.#region,
      pools: () => this.#listPools(),
      createPool: (document) => this.#createPool(document),
      deletePool: (id, check) => this.#deletePool(id, check),
      fromToken: (token) => this.#fromToken(token),
      signingKey: () => this.#signingKey(),
      code: () => this.#code(),
      send: (messages, notes, commit, sendOptions) =>
        sendThenCommit(mailroom, messages, notes, commit, sendOptions),
    };
  }

  /**
   * Runs an operation by its API name on a request as the service receives it (the JSON 1.1 body), and returns the
   * trace: the response, or the service error as data.
   *
   * @example
   * ```ts
   * const trace = await cognito.call('GetUser', { AccessToken });
   * ```
   */
  async call(operation: OperationName | string, request: unknown): Promise<Trace> {
    const found = operationNamed(operation);
    if (!found) throw new TypeError(`the engine does not implement ${operation}`);
    return traced(found.name, request, this.notes, (notes) =>
      found.run(this.#engine, request as never, notes),
    );
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

  /**
   * Starts every pool again from its seed (created pools go, deleted ones come back) and forgets the delivered
   * messages.
   */
  reset(): void {
    this.#options.store?.reset();
    this.#pools.clear();
    for (const seed of this.#seeds) this.#pools.set(seed.UserPool.Id, structuredClone(seed));
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
  adminUpdateUserAttributes(request: AdminUpdateUserAttributesRequest): Promise<Trace> {
    return this.call('AdminUpdateUserAttributes', request);
  }

  /** UpdateUserAttributes: the user's access token; the event carries the token's app client. */
  updateUserAttributes(request: UpdateUserAttributesRequest): Promise<Trace> {
    return this.call('UpdateUserAttributes', request);
  }

  /** GetUser: the signed-in user's attributes, from their access token. */
  getUser(request: GetUserRequest): Promise<Trace> {
    return this.call('GetUser', request);
  }

  /** GetUserAttributeVerificationCode: a new code for the email address or phone number, through the trigger. */
  getUserAttributeVerificationCode(request: GetUserAttributeVerificationCodeRequest): Promise<Trace> {
    return this.call('GetUserAttributeVerificationCode', request);
  }

  /** VerifyUserAttribute: checks the code sent for the attribute, and marks it verified. */
  verifyUserAttribute(request: VerifyUserAttributeRequest): Promise<Trace> {
    return this.call('VerifyUserAttribute', request);
  }

  /** AdminGetUser, as `admin-get-user` prints it; throws the service error. */
  adminGetUser(request: AdminGetUserRequest): Record<string, unknown> {
    return adminGetUser(this.#engine, request);
  }

  /**
   * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH: checks the user's password (`Password` in the pool file) and
   * returns tokens; the access token is what `update-user-attributes` takes. Throws the service error.
   */
  adminInitiateAuth(request: AdminInitiateAuthRequest): Record<string, unknown> {
    return adminInitiateAuth(this.#engine, request);
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
    return issueAccessToken(this.#signingKey(), signIn(userPoolId, clientId, user, issuedAt), {
      validitySeconds: validityOf(this.#engine, client).AccessToken,
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
    checkNotRevoked(user, claims);
    return { pool, user, client };
  }

  /** Changes a pool: through the store's lock when the state is on disk, then in memory. */
  #commit(userPoolId: string, change: (current: PoolDocument) => PoolDocument): PoolDocument {
    const store = this.#options.store;
    const next = store
      ? store.update(userPoolId, change, () =>
          Exceptions.ResourceNotFound(Messages.userPoolNotFound(userPoolId)),
        )
      : change(this.#poolOrThrow(userPoolId));
    this.#pools.set(userPoolId, next);
    return next;
  }

  /**
   * Every pool: as saved now when the state is on disk (other processes create and delete pools too), else in
   * memory.
   */
  #listPools(): { pools: PoolDocument[]; damaged: StateError[] } {
    const store = this.#options.store;
    if (!store) return { pools: [...this.#pools.values()], damaged: [] };
    const { pools, broken } = store.list();
    const listed = new Set(pools.map((pool) => pool.UserPool.Id));
    // A pool refused when the state was loaded stays refused, whatever its file says now.
    return {
      pools: pools.filter((pool) => !this.#broken.has(pool.UserPool.Id)),
      damaged: [...broken, ...[...this.#broken].filter(([id]) => listed.has(id)).map(([, error]) => error)],
    };
  }

  #createPool(document: PoolDocument): PoolDocument {
    const id = document.UserPool.Id;
    const store = this.#options.store;
    if (store) store.create(document);
    else if (this.#pools.has(id) || this.#broken.has(id))
      throw new StateError(`the pool ${id} already exists`);
    this.#pools.set(id, structuredClone(document));
    return document;
  }

  #deletePool(userPoolId: string, check?: (current: PoolDocument) => void): void {
    const broken = this.#broken.get(userPoolId);
    if (broken) throw broken;
    const store = this.#options.store;
    if (store)
      store.delete(userPoolId, check, () =>
        Exceptions.ResourceNotFound(Messages.userPoolNotFound(userPoolId)),
      );
    else {
      const pool = this.#poolOrThrow(userPoolId);
      check?.(pool);
    }
    this.#pools.delete(userPoolId);
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
    // A long-running endpoint keeps the latest messages, not all it ever sent: tests read the last few.
    if (this.#delivered.length > MESSAGES_KEPT)
      this.#delivered.splice(0, this.#delivered.length - MESSAGES_KEPT);
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

export type { DeliveredMessage, InvocationTrace, LocalCognitoOptions, Trace };
export { COGNITO_DEFAULT_MESSAGE, LocalCognito, maskDestination, OPERATIONS };
