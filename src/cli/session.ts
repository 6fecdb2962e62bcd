/** @module cli/session — what one CLI command runs with: the pool state, the function, its environment. */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import type { Context } from 'aws-lambda';
import {
  type CustomEmailSenderSetup,
  type CustomSmsSenderSetup,
  customSenderOf,
} from '../local/custom-sender.js';
import { type ResolvedFunctions, resolveFunctions } from '../local/functions.js';
import { type OpenedHandler, openHandler, resolveHandlerSpec } from '../local/handler-process.js';
import type { LambdaHandler } from '../local/invoker.js';
import { LocalCognito } from '../local/local-cognito.js';
import type { PoolDocument } from '../local/pool.js';
import {
  type SenderEnvironment,
  senderVariables,
  startSenderEnvironment,
} from '../local/sender-environment.js';
import type { StateStore } from '../local/state.js';
import { UsageError } from './aws/args.js';
import { FunctionOutput } from './function-output.js';

/** The function the CLI runs when no `--handler` is given. */
const DEFAULT_HANDLER = 'handlers/custom-message.ts';
/** The Custom SMS sender the CLI runs, for pools that have one, when no `--sms-sender` is given. */
const DEFAULT_SMS_SENDER = 'handlers/custom-sms-sender.ts';
/** The Custom email sender the CLI runs, for pools that have one, when no `--email-sender` is given. */
const DEFAULT_EMAIL_SENDER = 'handlers/custom-email-sender.ts';

interface Session {
  readonly cognito: LocalCognito;
  /** What the functions wrote, printed after the summary. */
  readonly output: FunctionOutput;
  /** How the summary names the function: its file, or why there is none. */
  readonly handlerLabel: string;
  readonly notes: string[];
  /** Saves the pools that are not saved yet (after a sign-in, so that its token's pool is kept as it was). */
  persist(): void;
  /** Ends the function's process, when it runs in one. */
  close(): Promise<void>;
}

/**
 * Reads a `sam local invoke --env-vars` file: `Parameters` apply to every function, and each other top-level object
 * holds one function's variables; all are merged, `Parameters` first.
 */
const readEnvVars = (path: string): Record<string, string> => {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      '',
      `\ncognito-trigger: cannot read --env-vars ${path}: ${(error as Error).message}\n`,
    );
  }
  const merged: Record<string, string> = {};
  const entries = Object.entries(document ?? {}).sort(
    ([a], [b]) => Number(b === 'Parameters') - Number(a === 'Parameters'),
  );
  for (const [, variables] of entries)
    if (variables && typeof variables === 'object')
      for (const [name, value] of Object.entries(variables)) merged[name] = String(value);
  return merged;
};

/**
 * Runs `work` with the process's standard output sent to standard error, so that a function's log lines never
 * mix with the aws CLI output on stdout.
 */
const withStdoutOnStderr = async <T>(work: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
};

/** The Lambda environment the function sees, plus the caller's --env-vars. */
const lambdaEnvironment = (region: string): Record<string, string> => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_LAMBDA_FUNCTION_NAME: 'custom-message',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LAMBDA_TASK_ROOT: process.cwd(),
  TZ: ':UTC',
});

const createSession = async (setup: {
  readonly cwd: string;
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly pool: PoolDocument | readonly PoolDocument[];
  readonly store: StateStore;
  /**
   * Where the functions write, instead of the session's `output`: `serve --quiet` has them write to its stderr
   * themselves, as nothing reads their output for a summary.
   */
  readonly functionOutput?: NodeJS.WritableStream;
}): Promise<Session> => {
  const { cwd, options, pool, store } = setup;
  const pools: readonly PoolDocument[] = Array.isArray(pool) ? pool : [pool as PoolDocument];
  const first = pools[0] as PoolDocument;
  const notes: string[] = [];
  const captured = new FunctionOutput();
  const output = setup.functionOutput ?? captured;
  const spec = options.get('--handler')?.[0];
  const env = {
    ...lambdaEnvironment(first.UserPool.Id.split('_')[0] ?? 'us-east-1'),
    ...(options.has('--env-vars') ? readEnvVars(resolvePath(cwd, options.get('--env-vars')?.[0] ?? '')) : {}),
  };
  for (const [name, value] of Object.entries(env)) if (name !== 'TZ') process.env[name] = value;

  // Functions by name, from a SAM template, or at a Lambda endpoint: the pools' LambdaConfig chooses among them.
  const specs = options.get('--function') ?? [];
  const template = options.get('--template')?.[0];
  const lambdaEndpoint = options.get('--lambda-endpoint')?.[0];
  const byName = specs.length > 0 || template !== undefined || lambdaEndpoint !== undefined;
  let resolved: ResolvedFunctions | undefined;
  // A sender found by name is opened now, with the endpoints it sends through in its environment.
  let senderEnvironment: SenderEnvironment | undefined;
  if (byName) {
    senderEnvironment = await startSenderEnvironment({ secret: store.secret('kms') });
    try {
      resolved = await resolveFunctions({
        specs,
        ...(template === undefined ? {} : { template }),
        ...(lambdaEndpoint === undefined ? {} : { lambdaEndpoint }),
        cwd,
        environment: { ...env, ...senderVariables(senderEnvironment, pools, env) },
        output,
      });
    } catch (error) {
      await senderEnvironment.close();
      throw new UsageError('', `\ncognito-trigger: ${(error as Error).message}\n`);
    }
    notes.push(...resolved.notes);
  }
  const seeded = resolved?.pools && resolved.pools.length > 0 ? resolved.pools : pools;

  let opened: OpenedHandler | undefined;
  let handlerLabel = resolved
    ? resolved.described.map((d) => `${d.names.join('/')} → ${d.source}`).join(', ') || 'no function'
    : 'no Custom message function';
  // With functions by name, --handler alone is the fallback; the default handler would hide a missing function.
  const chosen =
    spec ??
    (byName ? undefined : existsSync(resolvePath(cwd, DEFAULT_HANDLER)) ? DEFAULT_HANDLER : undefined);
  if (byName && chosen === undefined) {
    // the functions by name answer
  } else if (chosen === undefined)
    notes.push(`no --handler and no ${DEFAULT_HANDLER} here: Cognito sends the pool's own messages`);
  else if (seeded.every((p) => p.UserPool.LambdaConfig?.CustomMessage === undefined))
    notes.push(`the pool has no LambdaConfig.CustomMessage: ${chosen} is not called`);
  else {
    opened = await openFunction(chosen, cwd, env, output);
    handlerLabel = `${relative(cwd, opened.file) || chosen}${opened.kind === 'built' ? ' (built, in its own process)' : ''}`;
  }
  let senders: OpenedSenders | undefined;
  try {
    senders = await openSenders(setup, seeded, env, output, byName, senderEnvironment);
  } catch (error) {
    await Promise.all([opened?.close(), resolved?.close(), senderEnvironment?.close()]);
    throw error;
  }
  const code = options.get('--code')?.[0];
  const cognito = new LocalCognito({
    pool: seeded,
    store,
    ...(opened ? { handler: opened.handler } : {}),
    ...(resolved?.functions ? { functions: resolved.functions } : {}),
    ...(senders?.customSmsSender ? { customSmsSender: senders.customSmsSender } : {}),
    ...(senders?.customEmailSender ? { customEmailSender: senders.customEmailSender } : {}),
    ...(code === undefined ? {} : { code }),
    cognitoDefaultEmail: (options.get('--cognito-default-email')?.[0] ?? 'reject') as 'reject' | 'allow',
  });
  notes.push(...cognito.notes);
  return {
    cognito,
    output: captured,
    handlerLabel,
    notes,
    persist: () => {
      for (const id of seeded.map((p) => p.UserPool.Id)) {
        const current = cognito.pool(id);
        if (current) store.saveIfNew(current);
      }
    },
    close: async () => {
      await Promise.all([opened?.close(), senders?.close(), resolved?.close()]);
      await senderEnvironment?.close();
    },
  };
};

/** The custom senders the CLI runs: the pools' trigger, the option that names the function, and its default. */
const SENDERS = [
  {
    trigger: 'CustomSMSSender',
    option: '--sms-sender',
    fallback: DEFAULT_SMS_SENDER,
    functionName: 'custom-sms-sender',
    name: 'Custom SMS sender',
  },
  {
    trigger: 'CustomEmailSender',
    option: '--email-sender',
    fallback: DEFAULT_EMAIL_SENDER,
    functionName: 'custom-email-sender',
    name: 'Custom email sender',
  },
] as const;

interface OpenedSenders {
  readonly customSmsSender?: CustomSmsSenderSetup;
  readonly customEmailSender?: CustomEmailSenderSetup;
  close(): Promise<void>;
}

/**
 * For pools with `LambdaConfig.CustomSMSSender` or `CustomEmailSender`, and `KMSKeyID`: the local KMS, SNS and SES v2
 * endpoints (`environment`, or started on first use) and each sender (`--sms-sender`, `--email-sender`, else
 * handlers/custom-sms-sender.ts and handlers/custom-email-sender.ts, unless the functions are found by name) opened
 * with them in its environment, and `KEY_ARN` set to the pool's key unless `--env-vars` sets it.
 */
const openSenders = async (
  setup: {
    readonly cwd: string;
    readonly options: ReadonlyMap<string, readonly string[]>;
    readonly store: StateStore;
  },
  pools: readonly PoolDocument[],
  env: Record<string, string>,
  output: NodeJS.WritableStream,
  byName: boolean,
  environment: SenderEnvironment | undefined,
): Promise<OpenedSenders | undefined> => {
  const { cwd, options, store } = setup;
  const wanted = SENDERS.flatMap((sender) => {
    const pool = pools.find((p) => customSenderOf(p, sender.trigger) !== undefined);
    if (!pool) return [];
    // With functions by name, the option alone is the fallback; the default sender would hide a missing function.
    const spec =
      options.get(sender.option)?.[0] ??
      (byName || !existsSync(resolvePath(cwd, sender.fallback)) ? undefined : sender.fallback);
    if (spec !== undefined && !existsSync(resolveHandlerSpec(spec, cwd).file))
      throw new UsageError(
        '',
        `\ncognito-trigger: cannot load the ${sender.name} ${spec}: ${resolveHandlerSpec(spec, cwd).file} does not exist\n`,
      );
    // Without a function, the simulator says so where a pool with a sender sends a message.
    return spec === undefined && !byName ? [] : [{ ...sender, pool, spec }];
  });
  if (wanted.length === 0) return undefined;
  // Started on first use: a call on another pool pays nothing for it.
  let started: Promise<SenderEnvironment> | undefined = environment && Promise.resolve(environment);
  const start = () => {
    started ??= startSenderEnvironment({ secret: store.secret('kms') });
    return started;
  };
  const opening: Promise<OpenedHandler>[] = [];
  const sides = wanted.map((sender) => {
    let opened: Promise<OpenedHandler> | undefined;
    const open = async () => {
      const ready = await start();
      return openFunction(
        sender.spec as string,
        cwd,
        {
          ...env,
          AWS_LAMBDA_FUNCTION_NAME: sender.functionName,
          ...senderVariables(ready, [sender.pool], env),
        },
        output,
      );
    };
    const handler =
      sender.spec === undefined
        ? undefined
        : ((async (event: never, context: Context) => {
            if (!opened) {
              opened = open();
              opening.push(opened);
            }
            return (await opened).handler(event, context, () => undefined);
          }) as LambdaHandler);
    return { sender, handler };
  });
  let ready: SenderEnvironment | undefined = environment;
  const encrypt = async (code: string, keyArn: string) => {
    ready = await start();
    return ready.setup().encrypt(code, keyArn);
  };
  const side = (trigger: (typeof SENDERS)[number]['trigger']) =>
    sides.find(({ sender }) => sender.trigger === trigger);
  const sms = side('CustomSMSSender');
  const email = side('CustomEmailSender');
  return {
    ...(sms
      ? {
          customSmsSender: {
            ...(sms.handler ? { handler: sms.handler } : {}),
            encrypt,
            published: () => ready?.setup().published() ?? [],
          },
        }
      : {}),
    ...(email
      ? {
          customEmailSender: {
            ...(email.handler ? { handler: email.handler } : {}),
            encrypt,
            sent: () => ready?.emailSetup().sent() ?? [],
          },
        }
      : {}),
    close: async () => {
      const settled = await Promise.allSettled(opening);
      await Promise.all(
        settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
      );
      // An environment given by the caller is the caller's to close.
      if (started && !environment) await (await started.catch(() => undefined))?.close();
    },
  };
};

/** Opens the function, its output kept for after the summary, turning a load failure into the CLI's usage error. */
const openFunction = async (
  spec: string,
  cwd: string,
  environment: Record<string, string>,
  output: NodeJS.WritableStream,
) => {
  try {
    return await openHandler(spec, { cwd, environment, output });
  } catch (error) {
    throw new UsageError('', `\ncognito-trigger: ${(error as Error).message}\n`);
  }
};

export type { Session };
export { createSession, DEFAULT_HANDLER, lambdaEnvironment, openFunction, readEnvVars, withStdoutOnStderr };
