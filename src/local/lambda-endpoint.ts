/**
 * @module local/lambda-endpoint — functions that run behind a Lambda Invoke API, such as the one `sam local
 * start-lambda` serves: the engine posts Cognito's event to `/2015-03-31/functions/{FunctionName}/invocations` and
 * reads the answer as Cognito reads Lambda's.
 */
import type { Context } from 'aws-lambda';
import { TRIGGER_TIMEOUT_MS } from '../cognito/limits.js';
import type { FunctionResolver } from './functions.js';
import type { LambdaHandler } from './invoker.js';

/**
 * Cognito could not invoke the function at all. `reason` is what Cognito's message names, such as
 * `ResourceNotFoundException`; the message says what happened locally.
 *
 * @example
 * ```ts
 * throw new LambdaInvokeFailure('TooManyRequestsException', 'Rate exceeded');
 * ```
 */
class LambdaInvokeFailure extends Error {
  override readonly name = 'LambdaInvokeFailure';
  /** The Lambda error code, or the condition, that Cognito's `invocation failed due to error …` names. */
  readonly reason: string;
  constructor(reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** An error the function returned: the payload's `errorType` and `errorMessage`, as the Node.js runtime posts them. */
class RemoteFunctionError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** What Lambda answers for a failed Invoke call, when the endpoint names no error code. */
const SERVICE_EXCEPTION = 'ServiceException';

/**
 * How long after the invocation's deadline the request is given up. The caller's own timer fires at the deadline and
 * reports the timeout; this only ends a request nobody waits for any more.
 */
const ABORT_MARGIN_MS = 100;

interface LambdaEndpointOptions {
  /**
   * The name a function has at the endpoint, by the name its ARN gives (default: the same name). `sam local
   * start-lambda` knows the functions of its template by their logical IDs.
   */
  readonly names?: Readonly<Record<string, string>>;
}

/** An Invoke error code as Lambda spells it: `ResourceNotFound` (SAM CLI) is `ResourceNotFoundException`. */
const errorCodeOf = (header: string | null, status: number): string => {
  const code = header?.split(':')[0]?.trim();
  if (code && /^[A-Za-z][\w.]*$/.test(code)) return code.endsWith('Exception') ? code : `${code}Exception`;
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 429) return 'TooManyRequestsException';
  if (status === 413) return 'RequestTooLargeException';
  return SERVICE_EXCEPTION;
};

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The `message` (Lambda) or `Message` (SAM CLI) of an error body, or the body itself. */
const errorDetail = (text: string): string => {
  const body = parsed(text) as { message?: unknown; Message?: unknown } | undefined;
  const message = body && typeof body === 'object' ? (body.message ?? body.Message) : undefined;
  return typeof message === 'string' ? message : text.slice(0, 500);
};

/** Why a request got no answer: the socket's error code (ECONNREFUSED, …) when there is one. */
const connectionDetail = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
};

/**
 * The answer of an Invoke call as Cognito reads it: the function's result, its error thrown as the function's own
 * (name and message from `errorType` and `errorMessage`, so that it is judged as a function that threw), and a
 * failed call (unknown function, throttling, the service's errors) as a {@link LambdaInvokeFailure}.
 */
const readAnswer = async (response: Response, name: string): Promise<unknown> => {
  const text = await response.text();
  if (!response.ok) {
    const reason = errorCodeOf(response.headers.get('x-amzn-errortype'), response.status);
    throw new LambdaInvokeFailure(reason, `${name}: HTTP ${response.status} ${reason}: ${errorDetail(text)}`);
  }
  const functionError = response.headers.get('x-amz-function-error');
  if (functionError !== null) {
    const payload = parsed(text) as { errorType?: unknown; errorMessage?: unknown } | undefined;
    const errorType = typeof payload?.errorType === 'string' ? payload.errorType : functionError || 'Error';
    const errorMessage = typeof payload?.errorMessage === 'string' ? payload.errorMessage : text;
    throw new RemoteFunctionError(errorType, errorMessage);
  }
  // A function answers JSON; anything else reaches Cognito as output it cannot use, and is judged so.
  if (text === '') return null;
  const value = parsed(text);
  return value === undefined ? text : value;
};

/** One function at the endpoint, as a handler: the event posted, the answer read, within the invocation's deadline. */
const invokerFor = (base: string, name: string): LambdaHandler =>
  (async (event: unknown, context?: Context) => {
    const remaining = context?.getRemainingTimeInMillis() ?? TRIGGER_TIMEOUT_MS;
    const signal = AbortSignal.timeout(remaining + ABORT_MARGIN_MS);
    let response: Response;
    try {
      response = await fetch(`${base}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
        method: 'POST',
        // What Cognito's synchronous call asks for; SAM CLI answers anything else with 501, or 400 for a log tail.
        headers: {
          'content-type': 'application/json',
          'x-amz-invocation-type': 'RequestResponse',
          'x-amz-log-type': 'None',
        },
        body: JSON.stringify(event),
        signal,
      });
      return await readAnswer(response, name);
    } catch (error) {
      if (error instanceof LambdaInvokeFailure || error instanceof RemoteFunctionError) throw error;
      if (signal.aborted)
        throw new LambdaInvokeFailure(
          'Socket timeout while invoking Lambda function',
          `${name}: no answer from ${base} within ${remaining} ms`,
          { cause: error },
        );
      throw new LambdaInvokeFailure(
        SERVICE_EXCEPTION,
        `${name}: cannot reach ${base}: ${connectionDetail(error)}`,
        { cause: error },
      );
    }
  }) as LambdaHandler;

/**
 * Every function, run behind the Lambda Invoke API at `url` (`sam local start-lambda` serves one on
 * http://127.0.0.1:3001): for LocalCognitoOptions.functions. Each function name resolves to a handler that posts the
 * event as the request body and returns the function's result; the endpoint decides whether the function exists.
 * The ARN's qualifier is not sent: local endpoints serve `$LATEST`. Requests are not signed.
 *
 * @example
 * ```ts
 * const cognito = new LocalCognito({ functions: lambdaEndpointFunctions('http://127.0.0.1:3001') });
 * ```
 */
const lambdaEndpointFunctions = (url: string, options: LambdaEndpointOptions = {}): FunctionResolver => {
  const parsedUrl = new URL(url);
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:')
    throw new TypeError(`the Lambda endpoint must be an http or https URL, not ${url}`);
  const base = parsedUrl.href.replace(/\/+$/, '');
  const handlers = new Map<string, LambdaHandler>();
  return (functionName) => {
    const name =
      (Object.hasOwn(options.names ?? {}, functionName) && options.names?.[functionName]) || functionName;
    let handler = handlers.get(name);
    if (!handler) {
      handler = invokerFor(base, name);
      handlers.set(name, handler);
    }
    return handler;
  };
};

export type { LambdaEndpointOptions };
export { LambdaInvokeFailure, lambdaEndpointFunctions };
