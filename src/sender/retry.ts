/**
 * @module sender/retry — one message handed to a service (SNS, SES), tried again with jittered backoff while the
 * service is throttling or failing on its side, inside a time budget that also ends before the Lambda deadline.
 */

/** How long the service may take, in all, and how attempts are spaced. */
interface RetryOptions {
  /** The time allowed for every attempt and wait together, in milliseconds (default: 4000). */
  readonly budgetMs?: number;
  /** The longest one attempt may take before it is abandoned and retried (default: 2000). */
  readonly attemptTimeoutMs?: number;
  /** The first wait's upper bound; each further wait doubles it (default: 100). */
  readonly baseDelayMs?: number;
  /** The longest wait between two attempts (default: 1000). */
  readonly maxDelayMs?: number;
}

/**
 * The retry settings used where none are given: 4 s in all, 2 s per attempt, waits from 100 ms up to 1 s.
 *
 * @example
 * ```ts
 * customSmsSender({ …, retry: { ...RETRY_DEFAULTS, budgetMs: 8_000 } });
 * ```
 */
const RETRY_DEFAULTS = {
  budgetMs: 4_000,
  attemptTimeoutMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
} as const;
/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 50;

/**
 * How a failed attempt is taken: `retryable` (tried again while time is left), `rejected` (the service refused this
 * message for good, and says so in a way the sender reports without failing), `permanent` (no retry can fix it).
 */
type ErrorClass = 'rejected' | 'retryable' | 'permanent';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'Throttled',
  'TooManyRequestsException',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
const TIMEOUTS = new Set(['AbortError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** The names an error goes by: its `name`, and the `Code` or `code` an SDK or Node.js error carries. */
const namesOf = (error: unknown): string[] => {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; Code?: unknown };
  return [e.name, e.Code, e.code].filter((n): n is string => typeof n === 'string');
};

/** The HTTP status an AWS SDK error (or a signed call's) carries, if any. */
const httpStatusOf = (error: unknown): number | undefined => {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
    ?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Whether a failure is the kind a later attempt may not meet: throttling, a timeout, the network, HTTP 429 or 5xx, or
 * the SDK's `$fault: 'server'`.
 *
 * @example
 * ```ts
 * isTransient(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' })); // true
 * ```
 */
const isTransient = (error: unknown): boolean => {
  if (namesOf(error).some((n) => THROTTLING.has(n) || TIMEOUTS.has(n) || NETWORK.has(n))) return true;
  const status = httpStatusOf(error);
  if (status !== undefined) return status >= 500 || status === 429;
  return (error as { $fault?: unknown } | undefined)?.$fault === 'server';
};

/** An error's name, with its system code when it has one (`Error (ECONNREFUSED)`). */
const errorName = (error: unknown): string => {
  const code = (error as { code?: unknown } | undefined)?.code;
  const name = error instanceof Error ? error.name : typeof error === 'object' ? 'Error' : String(error);
  return typeof code === 'string' && code !== name ? `${name} (${code})` : name;
};

/** What the attempts came to. */
type AttemptsOutcome<T> =
  | { readonly kind: 'done'; readonly value: T; readonly attempts: number }
  /** The service refused the message for good (an attempt's error classed `rejected`). */
  | { readonly kind: 'rejected'; readonly error: unknown; readonly attempts: number }
  /** An attempt's error classed `permanent`. */
  | { readonly kind: 'permanent'; readonly error: unknown; readonly attempts: number }
  /** No time left for a further attempt; `error` is the last one's (none when no attempt could start). */
  | { readonly kind: 'out-of-time'; readonly error: unknown; readonly attempts: number };

/** The settings in force: the defaults, with what was given (`undefined` fields count as not given). */
const retrySettings = (options: RetryOptions = {}): Required<RetryOptions> => {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  return { ...RETRY_DEFAULTS, ...Object.fromEntries(given) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it resolves, fails in a way `classify` calls `rejected` or `permanent`, or `deadline` (a
 * `Date.now()` value; default: now plus the budget) would pass. Each attempt gets a signal that aborts it after
 * `attemptTimeoutMs` or at the deadline, whichever comes first. Between attempts it waits a random time up to a bound
 * that doubles each time (full jitter), so that throttled senders spread out.
 *
 * @example
 * ```ts
 * const outcome = await withRetries((signal) => client.send(command, { abortSignal: signal }), {
 *   retry: retrySettings(options.retry), classify: classifySnsError,
 * });
 * ```
 */
const withRetries = async <T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  options: {
    readonly retry: Required<RetryOptions>;
    readonly classify: (error: unknown) => ErrorClass;
    readonly deadline?: number;
  },
): Promise<AttemptsOutcome<T>> => {
  const { retry, classify } = options;
  const deadline = Math.min(options.deadline ?? Number.POSITIVE_INFINITY, Date.now() + retry.budgetMs);
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining < MIN_ATTEMPT_MS) return { kind: 'out-of-time', error: lastError, attempts };
    attempts++;
    try {
      const value = await attempt(AbortSignal.timeout(Math.min(retry.attemptTimeoutMs, remaining)));
      return { kind: 'done', value, attempts };
    } catch (error) {
      lastError = error;
      const kind = classify(error);
      if (kind !== 'retryable') return { kind, error, attempts };
    }
    const bound = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
    const wait = Math.random() * bound;
    if (Date.now() + wait + MIN_ATTEMPT_MS > deadline)
      return { kind: 'out-of-time', error: lastError, attempts };
    await sleep(wait);
  }
};

export type { AttemptsOutcome, ErrorClass, RetryOptions };
export { errorName, httpStatusOf, isTransient, namesOf, RETRY_DEFAULTS, retrySettings, withRetries };
