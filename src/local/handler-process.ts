/**
 * @module local/handler-process — a handler opened for local runs, in a Node.js process of its own with Lambda's
 * environment: built bundles (`.mjs`, `.js`, `.cjs`), so that what runs locally is exactly what is deployed, and
 * TypeScript sources, transpiled on load. A process can be stopped at the deadline whatever the function does (an
 * endless loop, timers left behind), and its environment is the function's alone.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { LAMBDA_RESPONSE_MAX_BYTES } from '../cognito/limits.js';
import { type LambdaHandler, parseHandlerSpec, SERIALISED, tooLarge } from './invoker.js';

interface OpenedHandler {
  readonly handler: LambdaHandler;
  /** The module's file, absolute. */
  readonly file: string;
  readonly exportName: string;
  /** `built` for a bundle, `source` for TypeScript transpiled on load: both run in a process of their own. */
  readonly kind: 'built' | 'source';
  /** Ends the function's process, once all it wrote has reached the output. */
  close(): Promise<void>;
}

const BUILT = new Set(['.mjs', '.js', '.cjs']);
const RUNTIME_SCRIPT = fileURLToPath(new URL('../../bin/lambda-runtime.mjs', import.meta.url));
/** Registers the hooks that transpile TypeScript on load, for sources. */
const TYPESCRIPT_HOOKS = new URL('../../bin/register-ts.mjs', import.meta.url).href;

/**
 * Where a handler is: `FILE`, `FILE:export`, or a Lambda handler string (`dist/custom-message/index.handler`: the
 * module `index` with its `.mjs`, `.js` or `.cjs` extension, and the export `handler`).
 *
 * @example
 * ```ts
 * resolveHandlerSpec('dist/custom-message/index.handler', cwd); // { file: '/…/dist/custom-message/index.mjs', exportName: 'handler' }
 * ```
 */
const resolveHandlerSpec = (spec: string, cwd: string): { file: string; exportName: string } => {
  const absolute = (file: string) => (isAbsolute(file) ? file : resolvePath(cwd, file));
  const parsed = parseHandlerSpec(spec);
  if (parsed.file !== spec || existsSync(absolute(spec)))
    return { file: absolute(parsed.file), exportName: parsed.exportName };
  const lambda = /^(.+)\.([A-Za-z_$][\w$]*)$/.exec(spec);
  if (lambda) {
    const module = absolute(lambda[1] as string);
    for (const extension of BUILT)
      if (existsSync(`${module}${extension}`))
        return { file: `${module}${extension}`, exportName: lambda[2] as string };
  }
  return { file: absolute(spec), exportName: 'handler' };
};

/** What the Lambda runtime puts in every function's environment, whatever its configuration says. */
const runtimeEnvironment = (file: string, exportName: string, functionName: string) => {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    LAMBDA_TASK_ROOT: dirname(file),
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: `${basename(file, extname(file))}.${exportName}`,
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
  };
};

/** Variables of this process that reach the child: the path, and the AWS credentials and endpoints local runs set. */
const passedThrough = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) =>
        value !== undefined &&
        (name === 'PATH' ||
          name === 'SYSTEMROOT' ||
          /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|ENDPOINT_URL.*)$/.test(name)),
    ),
  ) as Record<string, string>;

type Reply =
  | { type: 'ready' }
  | { type: 'init-error'; error: { name: string; message: string } }
  | { type: 'result'; id: number; payload: string }
  | { type: 'error'; id: number; error: { name: string; message: string } };

/** An error the function's process reported, with the runtime's name for it. */
class FunctionError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** How long a function's module may take to load, as Lambda's init phase allows. */
const INIT_TIMEOUT_MS = 10_000;
/**
 * The process's own timer fires this long after the caller's deadline, so that the caller (which started its timer
 * first) always reports the timeout itself.
 */
const KILL_MARGIN_MS = 100;

/**
 * A built bundle in its own Node.js process, one invocation at a time. The process is replaced after a timeout, as
 * Lambda replaces an execution environment whose function timed out, and killed when its module fails to load.
 */
const startProcess = async (
  file: string,
  exportName: string,
  env: Record<string, string>,
  output: NodeJS.WritableStream | undefined,
  execArgv: readonly string[],
): Promise<{
  invoke: (event: unknown, context: Context) => Promise<unknown>;
  close: () => Promise<void>;
}> => {
  let child: ChildProcess | undefined;
  let ready: Promise<void> | undefined;
  /** A replaced process on its way out: the next start waits for it. */
  let stopping: Promise<void> | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const failPending = (error: Error) => {
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(error);
    }
  };

  /** Kills a process and waits until everything it wrote has been read and passed on. */
  const stop = (target: ChildProcess | undefined) =>
    new Promise<void>((resolve) => {
      if (!target) return resolve();
      const closed = (stream: NodeJS.ReadableStream | null) =>
        stream === null || (stream as { readableEnded?: boolean }).readableEnded
          ? Promise.resolve()
          : new Promise<void>((done) => {
              stream.once('end', done);
              stream.once('close', done);
            });
      const drained = Promise.all([closed(target.stdout), closed(target.stderr)]);
      const exited =
        target.exitCode !== null || target.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((done) => target.once('exit', () => done()));
      target.kill('SIGKILL');
      void Promise.all([exited, drained]).then(() => resolve());
    });

  /** Forgets the current process at once (nothing more is sent to it) and kills it. */
  const replace = () => {
    const target = child;
    child = undefined;
    ready = undefined;
    stopping = stop(target);
    return stopping;
  };

  const start = async () => {
    if (stopping) await stopping;
    // An output given as a file, pipe or terminal of this process (its stderr) is written by the function's process
    // itself: nothing passes through this one.
    const direct = (output as { fd?: unknown } | undefined)?.fd;
    const own = typeof direct === 'number' ? direct : 'pipe';
    const started = fork(RUNTIME_SCRIPT, [file, exportName], {
      cwd: dirname(file),
      env,
      execArgv: [...execArgv],
      stdio: ['ignore', own, own, 'ipc'],
      serialization: 'json',
    });
    // The function's log lines: to the caller's stream (stderr for the CLI), never mixed with its stdout.
    // Written chunk by chunk rather than piped: many processes share one output, and pipes would each add listeners.
    const forward = (chunk: Buffer) => (output ?? process.stderr).write(chunk);
    started.stdout?.on('data', forward);
    started.stderr?.on('data', forward);
    child = started;
    ready = new Promise<void>((resolve, reject) => {
      const init = setTimeout(
        () =>
          reject(
            new FunctionError('Runtime.InitTimeout', `the module did not load within ${INIT_TIMEOUT_MS} ms`),
          ),
        INIT_TIMEOUT_MS,
      );
      started.on('message', (reply: Reply) => {
        if (reply.type === 'ready') {
          clearTimeout(init);
          return resolve();
        }
        if (reply.type === 'init-error') {
          clearTimeout(init);
          return reject(new FunctionError(reply.error.name, reply.error.message));
        }
        const waiting = pending.get(reply.id);
        if (!waiting) return;
        pending.delete(reply.id);
        if (reply.type !== 'result') waiting.reject(new FunctionError(reply.error.name, reply.error.message));
        else if (Buffer.byteLength(reply.payload) > LAMBDA_RESPONSE_MAX_BYTES) {
          const { name, message } = tooLarge();
          waiting.reject(new FunctionError(name, message));
        } else waiting.resolve(JSON.parse(reply.payload));
      });
      const lost = (error: Error) => {
        clearTimeout(init);
        reject(error);
        if (child === started) {
          child = undefined;
          ready = undefined;
        }
        failPending(error);
      };
      started.on('error', (error) => lost(new FunctionError('Runtime.ExitError', error.message)));
      started.on('exit', (code, signal) =>
        lost(
          new FunctionError(
            'Runtime.ExitError',
            `the function's process exited (${signal ?? `code ${code}`}) before answering`,
          ),
        ),
      );
    });
    try {
      await ready;
    } catch (error) {
      // A module that failed to load may still hold timers or sockets: its process would never end by itself.
      await replace();
      throw error;
    }
  };

  await start();
  return {
    invoke: async (event, context) => {
      // One execution environment runs one invocation at a time: an invocation still pending when the next arrives
      // was given up by its caller at the deadline, and Lambda replaces an environment whose function timed out.
      if (pending.size > 0) {
        failPending(new FunctionError('Sandbox.Timedout', 'the invocation was given up at its deadline'));
        await replace();
      }
      if (!child) await start();
      await ready;
      const id = next++;
      const remaining = context.getRemainingTimeInMillis();
      const target = child as ChildProcess;
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          // Past the deadline the caller has its answer (a timeout); the environment is replaced, as Lambda does.
          pending.delete(id);
          if (child === target) void replace();
          reject(new FunctionError('Sandbox.Timedout', `no answer within ${remaining} ms`));
        }, remaining + KILL_MARGIN_MS);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const { getRemainingTimeInMillis: _, done: __, fail: ___, succeed: ____, ...fields } = context;
        target.send(
          {
            type: 'invoke',
            id,
            // The channel carries JSON: the event crosses as the runtime passes it, serialised once.
            event,
            context: fields,
            deadline: Date.now() + remaining,
          },
          (error) => {
            if (!error) return;
            const waiting = pending.get(id);
            pending.delete(id);
            waiting?.reject(new FunctionError('Runtime.ExitError', error.message));
          },
        );
      });
    },
    close: async () => {
      await replace();
    },
  };
};

/**
 * Opens a handler in a process of its own, built bundle or TypeScript source, with `environment` plus what the Lambda
 * runtime adds. Throws an Error whose message says what is wrong when the module
 * cannot be loaded or has no such export.
 *
 * @example
 * ```ts
 * const opened = await openHandler('dist/custom-message/index.handler', { cwd, environment: { AWS_REGION: 'us-west-2' } });
 * try { await invokeHandler(opened.handler, event); } finally { await opened.close(); }
 * ```
 */
const openHandler = async (
  spec: string,
  options: {
    readonly cwd: string;
    readonly environment: Readonly<Record<string, string>>;
    /**
     * Where the function's output goes (default: this process's stderr, chunk by chunk as it arrives). A stream given
     * with a file descriptor (`process.stderr`) is written by the function's process directly.
     */
    readonly output?: NodeJS.WritableStream;
  },
): Promise<OpenedHandler> => {
  const { file, exportName } = resolveHandlerSpec(spec, options.cwd);
  if (!existsSync(file)) throw new Error(`cannot load the handler ${spec}: ${file} does not exist`);
  const kind = BUILT.has(extname(file)) ? 'built' : 'source';
  const functionName = options.environment.AWS_LAMBDA_FUNCTION_NAME ?? 'custom-message';
  const env = {
    ...passedThrough(process.env),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    LANG: 'en_US.UTF-8',
    // The function runs on nodejs22.x in Lambda: the SDK's warning about this machine's Node.js says nothing of it.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TZ: ':UTC',
    ...options.environment,
    ...runtimeEnvironment(file, exportName, functionName),
  };
  const start = () =>
    startProcess(
      file,
      exportName,
      env,
      options.output,
      kind === 'source' ? ['--import', TYPESCRIPT_HOOKS, '--enable-source-maps'] : [],
    );
  let first: Environment;
  try {
    first = await start();
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(`cannot load the handler ${spec}: ${name}: ${message}`);
  }
  const environments = concurrentEnvironments(first, start);
  const handler = Object.assign((event: unknown, context: Context) => environments.invoke(event, context), {
    [SERIALISED]: true,
  }) as LambdaHandler;
  return { handler, file, exportName, kind, close: environments.close };
};

type Environment = Awaited<ReturnType<typeof startProcess>>;

/** As many execution environments as Lambda would run at once for one function here: more calls wait for one. */
const MAX_ENVIRONMENTS = 8;

/**
 * Invocations spread over execution environments as Lambda spreads them: each environment runs one invocation at a
 * time, an idle one is reused (warm), and a new one is started (cold) when all are busy, up to
 * {@link MAX_ENVIRONMENTS}.
 */
const concurrentEnvironments = (first: Environment, start: () => Promise<Environment>) => {
  const idle: Environment[] = [first];
  const all: Environment[] = [first];
  const waiting: ((environment: Environment) => void)[] = [];
  let starting = 0;
  const acquire = async (): Promise<Environment> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (all.length + starting < MAX_ENVIRONMENTS) {
      starting++;
      try {
        const started = await start();
        all.push(started);
        return started;
      } finally {
        starting--;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (environment: Environment) => {
    const next = waiting.shift();
    if (next) next(environment);
    else idle.push(environment);
  };
  return {
    invoke: async (event: unknown, context: Context) => {
      const environment = await acquire();
      try {
        return await environment.invoke(event, context);
      } finally {
        release(environment);
      }
    },
    close: async () => {
      await Promise.all(all.map((environment) => environment.close()));
    },
  };
};

export type { OpenedHandler };
export { openHandler, resolveHandlerSpec };
