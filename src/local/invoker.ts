/** @module local/invoker — running a handler as the Lambda Node.js runtime would, under Cognito's deadline. */
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { Invocation } from '../cognito/lambda-response.js';
import { LAMBDA_RESPONSE_MAX_BYTES, TRIGGER_TIMEOUT_MS } from '../cognito/limits.js';

/** Any Lambda handler: async, or with the Node.js runtime's callback. */
type LambdaHandler = (
  event: never,
  context: Context,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

interface InvokeOptions {
  /** How long Cognito waits (default: 5000 ms, which Cognito does not let you change). */
  readonly deadlineMs?: number;
  /** The function's name in the context (default: `custom-message`). */
  readonly functionName?: string;
}

interface InvokeResult {
  readonly invocation: Invocation;
  readonly durationMs: number;
}

/** One log stream per execution environment, as Lambda has: this process is one. */
const LOG_STREAM = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`;

/** A Lambda-like context whose remaining time counts down to the deadline. */
const lambdaContext = (functionName: string, deadline: number, memoryMb = 256): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-west-2:123456789012:function:${functionName}`,
  memoryLimitInMB: String(memoryMb),
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: LOG_STREAM,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

class Timeout {}

/**
 * Marks a handler that runs in a process of its own: its event and answer cross as JSON there, so the event is not
 * copied here, its answer is already plain JSON, and its size was checked where it was serialised.
 */
const SERIALISED: unique symbol = Symbol.for('cognito-trigger-kit.serialised');

const crossesJson = (handler: LambdaHandler): boolean =>
  (handler as LambdaHandler & { [SERIALISED]?: boolean })[SERIALISED] === true;

/** True when JSON.stringify and JSON.parse would give back an equal value. */
const isPlainJson = (value: unknown, depth = 0): boolean => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlainJson(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || !isPlainJson(item, depth + 1)) return false;
  }
  return true;
};

/** What a thrown value says: its name and message, as the Lambda runtime reports them. */
const describeThrown = (error: unknown): { name?: string; message: string } =>
  error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };

/** What Lambda answers for a response over its size quota. */
const tooLarge = () => ({
  name: 'Function.ResponseSizeTooLarge',
  message: `Response payload size exceeded maximum allowed payload size (${LAMBDA_RESPONSE_MAX_BYTES} bytes).`,
});

/**
 * Calls a handler as the Node.js Lambda runtime does: an async handler's promise is its result; any other handler
 * answers through the callback, and what it returns is ignored. A handler that neither returns a promise nor takes
 * a callback answers `null`, as the runtime does once the function's work is done.
 */
const callHandler = (handler: LambdaHandler, payload: never, context: Context): Promise<unknown> =>
  new Promise<unknown>((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown) =>
      error !== undefined && error !== null ? reject(error) : resolve(result);
    try {
      const returned = handler(payload, context, callback) as { then?: unknown } | undefined;
      if (returned && typeof returned.then === 'function')
        (returned as Promise<unknown>).then(resolve, reject);
      else if (handler.length < 3) resolve(null);
    } catch (error) {
      reject(error);
    }
  });

/**
 * Invokes a handler with a copy of the event, as Lambda does (the runtime serialises the event, so the handler never
 * shares objects with the caller), and reports what happened within the deadline, measured on the wall clock from the
 * call to the answer: a handler that blocks the thread past the deadline and then answers is a timeout too. A handler
 * that neither answers nor calls back in time is a timeout; a response over Lambda's 6 MB quota fails as Lambda fails
 * it. In this process a synchronous endless loop cannot be interrupted: the CLI runs file handlers in a process of
 * their own for that reason.
 *
 * @example
 * ```ts
 * const { invocation } = await invokeHandler(handler, events.updateUserAttribute());
 * ```
 */
const invokeHandler = async (
  handler: LambdaHandler,
  event: unknown,
  options: InvokeOptions = {},
): Promise<InvokeResult> => {
  const deadlineMs = options.deadlineMs ?? TRIGGER_TIMEOUT_MS;
  const started = Date.now();
  const context = lambdaContext(options.functionName ?? 'custom-message', started + deadlineMs);
  const remote = crossesJson(handler);
  const payload = (remote ? event : JSON.parse(JSON.stringify(event))) as never;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Timeout>((resolve) => {
    timer = setTimeout(() => resolve(new Timeout()), deadlineMs);
  });
  const timedOut = () => ({ invocation: { kind: 'timeout' } as const, durationMs: Date.now() - started });
  try {
    const value = await Promise.race([callHandler(handler, payload, context), deadline]);
    const durationMs = Date.now() - started;
    if (value instanceof Timeout || durationMs > deadlineMs) return timedOut();
    if (remote) return { invocation: { kind: 'returned', value }, durationMs };
    // The runtime serialises the result: what Cognito receives is its JSON. Plain data comes through unchanged, so
    // only values JSON would change (undefined members, Dates, class instances, …) need the round trip.
    const json = value === undefined ? undefined : JSON.stringify(value);
    const bytes = json === undefined ? 0 : Buffer.byteLength(json);
    if (bytes > LAMBDA_RESPONSE_MAX_BYTES)
      return { invocation: { kind: 'threw', error: tooLarge() }, durationMs };
    const serialised = value === undefined || isPlainJson(value) ? value : JSON.parse(json as string);
    return { invocation: { kind: 'returned', value: serialised }, durationMs };
  } catch (error) {
    if (Date.now() - started > deadlineMs) return timedOut();
    return { invocation: { kind: 'threw', error: describeThrown(error) }, durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
};

/** Splits `FILE[:export]`; the export defaults to `handler`. */
const parseHandlerSpec = (spec: string): { file: string; exportName: string } => {
  const colon = spec.lastIndexOf(':');
  // A colon right after a drive letter (C:\…) is part of the path.
  if (colon > 1 && !/[\\/]/.test(spec.slice(colon + 1)))
    return { file: spec.slice(0, colon), exportName: spec.slice(colon + 1) || 'handler' };
  return { file: spec, exportName: 'handler' };
};

/**
 * Loads a handler from a file: TypeScript sources (when the TypeScript hooks are registered, as the CLI does) or a
 * built `.js`/`.mjs` bundle. Throws an Error whose message says what is wrong.
 */
const loadHandler = async (spec: string, cwd = process.cwd()): Promise<LambdaHandler> => {
  const { file, exportName } = parseHandlerSpec(spec);
  const path = isAbsolute(file) ? file : resolvePath(cwd, file);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load the handler ${file}: ${reason}`);
  }
  const handler = module[exportName];
  if (typeof handler !== 'function')
    throw new Error(
      `${file} has no function export "${exportName}" (exports: ${Object.keys(module).join(', ') || 'none'})`,
    );
  return handler as LambdaHandler;
};

export type { InvokeOptions, InvokeResult, LambdaHandler };
export { describeThrown, invokeHandler, lambdaContext, loadHandler, parseHandlerSpec, SERIALISED, tooLarge };
