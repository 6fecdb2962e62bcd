/**
 * @module local/engine — what an operation may use of the engine: the pools as saved now, one writer at a time, pools
 * created and deleted, the signed-in user behind a token, codes, the Custom message trigger and delivery. Operations
 * take an Engine; the LocalCognito facade builds it over its state.
 */
import type { CognitoServiceError } from '../cognito/errors.js';
import type { Delivery } from './attribute-update.js';
import type { MessageSubject } from './compose.js';
import type { CustomSmsSenderSetup } from './custom-sender.js';
import type { InvokeOptions, LambdaHandler } from './invoker.js';
import type { AppClient, PoolDocument, User } from './pool.js';
import type { StateError, StateStore } from './state.js';
import type { SigningKey } from './tokens.js';
import type { DeliveredMessage, InvocationTrace } from './trace.js';

interface LocalCognitoOptions {
  /** The pool, or pools, to start from (default: the embedded demo pools). */
  readonly pool?: PoolDocument | readonly PoolDocument[];
  /** Keep pools, keys and the outbox on disk between calls (default: in memory only). */
  readonly store?: StateStore;
  /** The Custom message function. Without one, Cognito sends the pool's own messages. */
  readonly handler?: LambdaHandler;
  /**
   * The functions the pools' triggers name, by function name (the `NAME` of `arn:aws:lambda:…:function:NAME`): a pool
   * calls the one its `LambdaConfig.CustomMessage` names, else `handler`; with neither, the call fails as Cognito fails
   * for a function that does not exist (default: `handler` for every pool). See local/functions.ts.
   */
  readonly functions?: (functionName: string) => LambdaHandler | undefined;
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
  /** The Region of the pools CreateUserPool makes: their ids are `{region}_{9 alphanumerics}` (default: us-west-2). */
  readonly region?: string;
}

/** A message composed and not yet delivered. */
type ComposedMessage = Omit<DeliveredMessage, 'files'>;

interface Engine {
  readonly options: LocalCognitoOptions;
  /** Notes every call carries (how the state was loaded). */
  readonly notes: readonly string[];
  /** The pool as it stands now; ResourceNotFoundException (or the state's error) when there is none. */
  pool(userPoolId: string): PoolDocument;
  /** Changes a pool as the only writer of the state, and returns it; what `change` throws leaves it as it was. */
  commit(userPoolId: string, change: (current: PoolDocument) => PoolDocument): PoolDocument;
  /** The Region pools are created in (the `region` option, default us-west-2). */
  readonly region: string;
  /** Every pool as saved now, seeded and created; `damaged` holds the errors of saved files that can't be read. */
  pools(): { readonly pools: readonly PoolDocument[]; readonly damaged: readonly StateError[] };
  /** Saves a new pool, whose id no pool has; an Error (not the service's) when one has it. */
  createPool(document: PoolDocument): PoolDocument;
  /**
   * Deletes a pool as the only writer: gone until `reset`, a seeded one included. `check` sees it first, and what it
   * throws leaves it as it was; ResourceNotFoundException (or the state's error) when there is none.
   */
  deletePool(userPoolId: string, check?: (current: PoolDocument) => void): void;
  /** The pool, user and app client behind an access token; NotAuthorizedException when it is not one. */
  fromToken(token: string): { pool: PoolDocument; user: User; client: AppClient };
  signingKey(): SigningKey;
  /** A new code (the configured one in tests). */
  code(): string;
  /** The trigger invoked and judged, and the message composed; the error to answer with when it failed. */
  message(
    pool: PoolDocument,
    subject: MessageSubject,
    delivery: Delivery,
    clientMetadata: Readonly<Record<string, string>> | undefined,
    clientId: string,
    invocations: InvocationTrace[],
    notes: string[],
    code: string,
  ): Promise<ComposedMessage | CognitoServiceError>;
  /** Files a message in the outbox and the list of delivered messages. */
  deliver(message: ComposedMessage, index: number): DeliveredMessage;
  /** Takes back messages of a call that failed after they were filed. */
  undeliver(messages: readonly DeliveredMessage[]): void;
}

export type {
  ComposedMessage,
  CustomSmsSenderSetup,
  Engine,
  InvokeOptions,
  LambdaHandler,
  LocalCognitoOptions,
  StateStore,
};
