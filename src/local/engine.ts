/**
 * @module local/engine — what an operation may use of the engine: the pools as saved now, one writer at a time, pools
 * created and deleted, the signed-in user behind a token, codes, and the messages a call sends (through the Custom
 * message trigger or a custom sender: local/send.ts decides). Operations take an Engine; the LocalCognito facade
 * builds it over its state.
 */
import type { CustomEmailSenderSetup, CustomSmsSenderSetup } from './custom-sender.js';
import type { InvokeOptions, LambdaHandler } from './invoker.js';
import type { AppClient, PoolDocument, User } from './pool.js';
import type { CodeMessage, ComposedMessage, SendOptions, Sent } from './send.js';
import type { StateError, StateStore } from './state.js';
import type { SigningKey } from './tokens.js';

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
   * for a function that does not exist (default: `handler` for every pool). A custom sender's `LambdaArn` finds its
   * function here too, before the sender setup's `handler`. See local/functions.ts.
   */
  readonly functions?: (functionName: string) => LambdaHandler | undefined;
  /**
   * The Custom SMS sender, for pools whose `LambdaConfig` has `CustomSMSSender` and `KMSKeyID`: every SMS code goes to
   * it, encrypted, instead of through the Custom message function.
   */
  readonly customSmsSender?: CustomSmsSenderSetup;
  /**
   * The Custom email sender, for pools whose `LambdaConfig` has `CustomEmailSender` and `KMSKeyID`: every email code
   * goes to it, encrypted, instead of through the Custom message function.
   */
  readonly customEmailSender?: CustomEmailSenderSetup;
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
  /**
   * Sends a call's code messages around `commit`, each as the pool sends its medium: through the Custom message
   * trigger before the commit (a failed trigger fails the call and nothing is committed), or through the pool's custom
   * sender after it (its failure is reported, never thrown). Returns what was sent and what `commit` returned.
   */
  send<T>(
    messages: readonly CodeMessage[],
    notes: string[],
    commit: () => T,
    options?: SendOptions,
  ): Promise<{ readonly sent: Sent; readonly committed: T }>;
}

export type {
  CodeMessage,
  ComposedMessage,
  CustomEmailSenderSetup,
  CustomSmsSenderSetup,
  Engine,
  InvokeOptions,
  LambdaHandler,
  LocalCognitoOptions,
  StateStore,
};
