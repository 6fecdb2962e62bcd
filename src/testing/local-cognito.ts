/**
 * @module testing/local-cognito — a local Cognito endpoint for an app's own tests: the SDK pointed at it drives the
 * verification lifecycle through your Custom message function or your custom senders, and the test reads the codes
 * they sent.
 */

import { type ResolvedFunctions, resolveFunctions } from '../local/functions.js';
import { openHandler } from '../local/handler-process.js';
import type { LambdaHandler } from '../local/invoker.js';
import { LocalCognito } from '../local/local-cognito.js';
import { DEMO_POOLS, type PoolDocument } from '../local/pool.js';
import {
  type SenderEnvironment,
  senderVariables,
  startSenderEnvironment,
} from '../local/sender-environment.js';
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
   * the call as Cognito does for a function that does not exist. The `LambdaArn` of `CustomSMSSender` and
   * `CustomEmailSender` finds its function here too.
   */
  readonly functions?: Readonly<Record<string, LambdaHandler | string>>;
  /**
   * The Custom SMS sender, for pools whose `LambdaConfig` has `CustomSMSSender` and `KMSKeyID` (unless `functions`
   * has the function its ARN names): a handler, or a file opened as `handler` is. Codes reach it encrypted through a
   * local KMS, and it publishes through a local SNS: files get `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL_SNS` and
   * `KEY_ARN` (the pool's key) in their environment.
   */
  readonly smsSender?: LambdaHandler | string;
  /**
   * The Custom email sender, for pools whose `LambdaConfig` has `CustomEmailSender` and `KMSKeyID`, as `smsSender`:
   * it sends through a local SES v2 (`AWS_ENDPOINT_URL_SESV2`), and `messages()` lists what it sent.
   */
  readonly emailSender?: LambdaHandler | string;
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
  const cwd = options.cwd ?? process.cwd();
  const toClose: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    await Promise.all(toClose.map((item) => item.close()));
  };
  try {
    // The senders' endpoints, when a sender may run: given, or found by name among the functions.
    let senders: SenderEnvironment | undefined;
    let variables: Record<string, string> = {};
    if (
      options.smsSender !== undefined ||
      options.emailSender !== undefined ||
      options.functions !== undefined ||
      options.template !== undefined ||
      options.lambdaEndpoint !== undefined
    ) {
      senders = await startSenderEnvironment();
      toClose.push(senders);
      const seeds = options.pool === undefined ? DEMO_POOLS : [options.pool].flat();
      variables = senderVariables(senders, seeds, options.environment);
    }
    const open = async (spec: string, functionName: string, extra: Record<string, string> = {}) => {
      const opened = await openHandler(spec, {
        cwd,
        environment: {
          AWS_REGION: 'us-west-2',
          ...extra,
          ...options.environment,
          ...(functionName === 'custom-message' ? {} : { AWS_LAMBDA_FUNCTION_NAME: functionName }),
        },
      });
      toClose.push(opened);
      return opened.handler;
    };
    const given = (handler: LambdaHandler | string | undefined, functionName: string, extra = variables) =>
      typeof handler === 'string' ? open(handler, functionName, extra) : Promise.resolve(handler);
    const settled = await Promise.allSettled([
      given(options.handler, 'custom-message', {}),
      given(options.smsSender, 'custom-sms-sender'),
      given(options.emailSender, 'custom-email-sender'),
    ]);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [handler, smsSender, emailSender] = settled.map((result) =>
      result.status === 'fulfilled' ? result.value : undefined,
    );
    const resolved: ResolvedFunctions = await resolveFunctions({
      ...(options.functions ? { handlers: options.functions } : {}),
      ...(options.template === undefined ? {} : { template: options.template }),
      ...(options.lambdaEndpoint === undefined ? {} : { lambdaEndpoint: options.lambdaEndpoint }),
      cwd,
      environment: { AWS_REGION: 'us-west-2', ...variables },
      ...(options.environment ? { overrides: options.environment } : {}),
    });
    toClose.push(resolved);
    const pool = options.pool ?? (resolved.pools?.length ? resolved.pools : undefined);
    const engine = new LocalCognito({
      ...(pool === undefined ? {} : { pool }),
      ...(handler ? { handler } : {}),
      ...(resolved.functions ? { functions: resolved.functions } : {}),
      ...(senders ? { customSmsSender: senders.setup(smsSender) } : {}),
      ...(senders ? { customEmailSender: senders.emailSetup(emailSender) } : {}),
    });
    const server = await startServer({ engine, port: options.port ?? 0 });
    return {
      endpoint: server.url,
      messages: () => engine.messages().map(localMessage),
      lastCode: (destination) => engine.messages().findLast((m) => m.destination === destination)?.code,
      reset: () => engine.reset(),
      close: async () => {
        await server.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
};

export type { LocalCognitoEndpoint, LocalMessage, StartLocalCognitoOptions };
export { startLocalCognito };
