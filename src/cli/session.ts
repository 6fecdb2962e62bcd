/** @module cli/session — what one CLI command runs with: the pool state, the function, its environment. */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import type { Context } from 'aws-lambda';
import type { CustomSmsSenderSetup } from '../local/custom-sender.js';
import { type ResolvedFunctions, resolveFunctions } from '../local/functions.js';
import { type OpenedHandler, openHandler, resolveHandlerSpec } from '../local/handler-process.js';
import type { LambdaHandler } from '../local/invoker.js';
import { LocalCognito } from '../local/local-cognito.js';
import type { PoolDocument } from '../local/pool.js';
import { type SenderEnvironment, startSenderEnvironment } from '../local/sender-environment.js';
import type { StateStore } from '../local/state.js';
import { UsageError } from './aws/args.js';
import { FunctionOutput } from './function-output.js';

/** The function the CLI runs when no `--handler` is given. */
const DEFAULT_HANDLER = 'handlers/custom-message.ts';
/** The Custom SMS sender the CLI runs, for pools that have one, when no `--sms-sender` is given. */
const DEFAULT_SMS_SENDER = 'handlers/custom-sms-sender.ts';

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
}): Promise<Session> => {
  const { cwd, options, pool, store } = setup;
  const pools: readonly PoolDocument[] = Array.isArray(pool) ? pool : [pool as PoolDocument];
  const first = pools[0] as PoolDocument;
  const notes: string[] = [];
  const output = new FunctionOutput();
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
  if (byName) {
    try {
      resolved = await resolveFunctions({
        specs,
        ...(template === undefined ? {} : { template }),
        ...(lambdaEndpoint === undefined ? {} : { lambdaEndpoint }),
        cwd,
        environment: env,
        output,
      });
    } catch (error) {
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
  let sender: Awaited<ReturnType<typeof openSender>>;
  try {
    sender = await openSender(setup, seeded, env, output);
  } catch (error) {
    await Promise.all([opened?.close(), resolved?.close()]);
    throw error;
  }
  const code = options.get('--code')?.[0];
  const cognito = new LocalCognito({
    pool: seeded,
    store,
    ...(opened ? { handler: opened.handler } : {}),
    ...(resolved?.functions ? { functions: resolved.functions } : {}),
    ...(sender ? { customSmsSender: sender.setup } : {}),
    ...(code === undefined ? {} : { code }),
    cognitoDefaultEmail: (options.get('--cognito-default-email')?.[0] ?? 'reject') as 'reject' | 'allow',
  });
  notes.push(...cognito.notes);
  return {
    cognito,
    output,
    handlerLabel,
    notes,
    persist: () => {
      for (const id of seeded.map((p) => p.UserPool.Id)) {
        const current = cognito.pool(id);
        if (current) store.saveIfNew(current);
      }
    },
    close: async () => {
      await Promise.all([opened?.close(), sender?.close(), resolved?.close()]);
    },
  };
};

/**
 * For pools with `LambdaConfig.CustomSMSSender` and `KMSKeyID`: starts the local KMS and SNS endpoints and opens the
 * sender (`--sms-sender`, else handlers/custom-sms-sender.ts) with them in its environment, and `KEY_ARN` set to the
 * pool's key unless `--env-vars` sets it.
 */
const openSender = async (
  setup: {
    readonly cwd: string;
    readonly options: ReadonlyMap<string, readonly string[]>;
    readonly store: StateStore;
  },
  pools: readonly PoolDocument[],
  env: Record<string, string>,
  output: FunctionOutput,
): Promise<{ setup: CustomSmsSenderSetup; close: () => Promise<void> } | undefined> => {
  const pool = pools.find((p) => {
    const config = p.UserPool.LambdaConfig as { CustomSMSSender?: unknown; KMSKeyID?: unknown } | undefined;
    return config?.CustomSMSSender !== undefined && config.KMSKeyID !== undefined;
  });
  if (!pool) return undefined;
  const { cwd, options, store } = setup;
  const spec =
    options.get('--sms-sender')?.[0] ??
    (existsSync(resolvePath(cwd, DEFAULT_SMS_SENDER)) ? DEFAULT_SMS_SENDER : undefined);
  // Without one, the simulator says so where a pool with a sender sends an SMS.
  if (spec === undefined) return undefined;
  const { file } = resolveHandlerSpec(spec, cwd);
  if (!existsSync(file))
    throw new UsageError(
      '',
      `\ncognito-trigger: cannot load the Custom SMS sender ${spec}: ${file} does not exist\n`,
    );
  // Started on first use: a call on another pool pays nothing for it.
  let started:
    | Promise<{ environment: SenderEnvironment; opened: OpenedHandler; setup: CustomSmsSenderSetup }>
    | undefined;
  const start = () => {
    started ??= (async () => {
      const environment = await startSenderEnvironment({ secret: store.secret('kms') });
      const variables: Record<string, string> = {
        ...env,
        AWS_LAMBDA_FUNCTION_NAME: 'custom-sms-sender',
        KEY_ARN: env.KEY_ARN ?? String((pool.UserPool.LambdaConfig as { KMSKeyID: string }).KMSKeyID),
        ...environment.variables,
      };
      // A TypeScript sender runs in this process: it reads the endpoints from here.
      for (const name of [
        'KEY_ARN',
        'AWS_ENDPOINT_URL_KMS',
        'AWS_ENDPOINT_URL_SNS',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
      ])
        if (variables[name] !== undefined) process.env[name] = variables[name];
      try {
        const opened = await openFunction(spec, cwd, variables, output);
        return { environment, opened, setup: environment.setup(opened.handler) };
      } catch (error) {
        await environment.close();
        throw error;
      }
    })();
    return started;
  };
  let published: CustomSmsSenderSetup['published'] = () => [];
  return {
    setup: {
      handler: (async (event: never, context: Context) => {
        const { opened } = await start();
        return opened.handler(event, context, () => undefined);
      }) as LambdaHandler,
      encrypt: async (code, keyArn) => {
        const { setup: ready } = await start();
        published = ready.published;
        return ready.encrypt(code, keyArn);
      },
      published: () => published(),
    },
    close: async () => {
      if (!started) return;
      const { environment, opened } = await started.catch(() => ({
        environment: undefined,
        opened: undefined,
      }));
      await opened?.close();
      await environment?.close();
    },
  };
};

/** Opens the function, its output kept for after the summary, turning a load failure into the CLI's usage error. */
const openFunction = async (
  spec: string,
  cwd: string,
  environment: Record<string, string>,
  output: FunctionOutput,
) => {
  try {
    return await openHandler(spec, { cwd, environment, output });
  } catch (error) {
    throw new UsageError('', `\ncognito-trigger: ${(error as Error).message}\n`);
  }
};

export type { Session };
export { createSession, DEFAULT_HANDLER, lambdaEnvironment, openFunction, readEnvVars, withStdoutOnStderr };
