/**
 * @module testing/local-cognito — a local Cognito endpoint for an app's own tests: the SDK pointed at it drives the
 * verification lifecycle through your Custom message function, and the test reads the codes it sent.
 */

import { type ResolvedFunctions, resolveFunctions } from '../local/functions.js';
import { type OpenedHandler, openHandler } from '../local/handler-process.js';
import type { LambdaHandler } from '../local/invoker.js';
import { LocalCognito } from '../local/local-cognito.js';
import type { PoolDocument } from '../local/pool.js';
import { localMessage, startServer } from '../server/server.js';

interface StartLocalCognitoOptions {
  /** The pool, or pools (default: the embedded demo pools). */
  readonly pool?: PoolDocument | readonly PoolDocument[];
  /**
   * The Custom message function: a handler, or a file (`handlers/custom-message.ts`, a built bundle, or a Lambda
   * handler string), run in a process of its own as the CLI runs it. Without one, Cognito sends the pool's messages.
   */
  readonly handler?: LambdaHandler | string;
  /**
   * Functions by name, for pools whose `LambdaConfig.CustomMessage` names them (`arn:…:function:NAME`): a handler, or
   * a file opened as `handler` is. A pool calls the one its ARN names, else `handler`; a name that is neither fails
   * the call as Cognito does for a function that does not exist.
   */
  readonly functions?: Readonly<Record<string, LambdaHandler | string>>;
  /**
   * An AWS SAM template: its user pools and app clients (unless `pool` is given) and its functions, by logical ID and
   * FunctionName, built bundles or, not built yet, their sources in handlers/.
   */
  readonly template?: string;
  /** A Lambda Invoke endpoint (`sam local start-lambda`) that runs every function not given in `functions`. */
  readonly lambdaEndpoint?: string;
  /** The functions' environment, for file handlers; it wins over a template's variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Default: 0, a free port. */
  readonly port?: number;
  /** Where a relative handler file is found (default: the current directory). */
  readonly cwd?: string;
}

type LocalMessage = ReturnType<typeof localMessage>;

interface LocalCognitoEndpoint {
  /** `http://127.0.0.1:PORT`: the SDK's `endpoint`, the aws CLI's `--endpoint-url`. */
  readonly endpoint: string;
  /** Every message delivered, oldest first. */
  messages(): LocalMessage[];
  /** The code last sent to an address or phone number, or undefined. */
  lastCode(destination: string): string | undefined;
  /** Pools back to their seeds, messages forgotten. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a local Cognito endpoint on 127.0.0.1, in memory.
 *
 * @example
 * ```ts
 * const cognito = await startLocalCognito({ handler: 'handlers/custom-message.ts' });
 * const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region: 'us-west-2' });
 * await client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value }] }));
 * await client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: cognito.lastCode(Value) }));
 * ```
 */
const startLocalCognito = async (options: StartLocalCognitoOptions = {}): Promise<LocalCognitoEndpoint> => {
  let opened: OpenedHandler | undefined;
  if (typeof options.handler === 'string')
    opened = await openHandler(options.handler, {
      cwd: options.cwd ?? process.cwd(),
      environment: { AWS_REGION: 'us-west-2', ...options.environment },
    });
  let resolved: ResolvedFunctions;
  try {
    resolved = await resolveFunctions({
      ...(options.functions ? { handlers: options.functions } : {}),
      ...(options.template === undefined ? {} : { template: options.template }),
      ...(options.lambdaEndpoint === undefined ? {} : { lambdaEndpoint: options.lambdaEndpoint }),
      cwd: options.cwd ?? process.cwd(),
      environment: { AWS_REGION: 'us-west-2' },
      ...(options.environment ? { overrides: options.environment } : {}),
    });
  } catch (error) {
    await opened?.close();
    throw error;
  }
  const handler = opened?.handler ?? (typeof options.handler === 'function' ? options.handler : undefined);
  const pool = options.pool ?? (resolved.pools?.length ? resolved.pools : undefined);
  const engine = new LocalCognito({
    ...(pool === undefined ? {} : { pool }),
    ...(handler ? { handler } : {}),
    ...(resolved.functions ? { functions: resolved.functions } : {}),
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ engine, port: options.port ?? 0 });
  } catch (error) {
    await Promise.all([opened?.close(), resolved.close()]);
    throw error;
  }
  return {
    endpoint: server.url,
    messages: () => engine.messages().map(localMessage),
    lastCode: (destination) => engine.messages().findLast((m) => m.destination === destination)?.code,
    reset: () => engine.reset(),
    close: async () => {
      await server.close();
      await Promise.all([opened?.close(), resolved.close()]);
    },
  };
};

export type { LocalCognitoEndpoint, LocalMessage, StartLocalCognitoOptions };
export { startLocalCognito };
