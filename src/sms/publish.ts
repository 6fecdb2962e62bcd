/**
 * @module sms/publish — one SMS through Amazon SNS `Publish`, retried with jittered backoff inside a time budget; what
 * SNS refuses for good (a phone number it can't send to, an opted-out number) is never retried.
 */
import type { SNSClient, SNSClientConfig } from '@aws-sdk/client-sns';
import { importOptional } from '../aws/optional-package.js';
import type { SmsAttributeValue } from './rules.js';

/** How long SNS may take, in all, and how attempts are spaced. */
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

/** Either an SNS client of your own, or settings for the one created on the first send. */
type SnsClientOptions =
  | { readonly client?: Pick<SNSClient, 'send'>; readonly clientConfig?: never }
  | { readonly clientConfig?: SNSClientConfig; readonly client?: never };

/** What one publish came to, unless it failed (then {@link SmsDeliveryError} is thrown). */
type PublishResult =
  | { readonly status: 'sent'; readonly messageId: string; readonly attempts: number }
  /** SNS refused the message for good: the phone number, a parameter, or an opted-out number. */
  | { readonly status: 'rejected'; readonly error: unknown; readonly attempts: number };

interface PublishInput {
  readonly phoneNumber: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, SmsAttributeValue>>;
}

/**
 * Thrown when no message was sent: the budget ran out on retryable failures, or SNS failed in a way retries can't fix.
 * `cause` is the last error SNS (or the network) gave.
 *
 * @example
 * ```ts
 * if (error instanceof SmsDeliveryError) logger.error('SMS not sent', { attempts: error.attempts });
 * ```
 */
class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
  /** How many times `Publish` was called. */
  readonly attempts: number;
  constructor(message: string, options: { cause: unknown; attempts: number }) {
    super(message, { cause: options.cause });
    this.attempts = options.attempts;
  }
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

/** Error codes (and the SDK's names for them) that mean SNS will never send this message: not retried. */
const REJECTED = new Set([
  'InvalidParameter',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'ParameterValueInvalid',
  'OptedOut',
  'OptedOutException',
]);
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'Throttled']);
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

type ErrorClass = 'rejected' | 'retryable' | 'permanent';

/**
 * Sorts an error from `Publish`: `rejected` (invalid phone number or parameter, opted out), `retryable` (throttling,
 * HTTP 5xx, network errors and timeouts) or `permanent` (anything else: credentials, permissions, configuration).
 *
 * @example
 * ```ts
 * classifySnsError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' })); // 'retryable'
 * ```
 */
const classifySnsError = (error: unknown): ErrorClass => {
  const e = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    Code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const names = [e.name, e.Code, e.code].filter((n): n is string => typeof n === 'string');
  if (names.some((n) => REJECTED.has(n))) return 'rejected';
  if (names.some((n) => THROTTLING.has(n) || TIMEOUTS.has(n) || NETWORK.has(n))) return 'retryable';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429 ? 'retryable' : 'permanent';
  return e.$fault === 'server' ? 'retryable' : 'permanent';
};

/** An error's name, with its system code when it has one (`Error (ECONNREFUSED)`). */
const errorName = (error: unknown): string => {
  const code = (error as { code?: unknown } | undefined)?.code;
  const name = error instanceof Error ? error.name : typeof error === 'object' ? 'Error' : String(error);
  return typeof code === 'string' && code !== name ? `${name} (${code})` : name;
};

/**
 * A failure no retry fixes. Without an HTTP status the request never reached SNS (no region, no credentials, a bad
 * endpoint): that is said apart from what SNS answered (permissions, a disabled account, …).
 */
const permanentFailure = (error: unknown, attempts: number) => {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
    ?.httpStatusCode;
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new SmsDeliveryError(
    typeof status === 'number'
      ? `SNS refused the publish: ${errorName(error)} (HTTP ${status})${detail}`
      : `could not call SNS: ${errorName(error)}${detail}`,
    { cause: error, attempts },
  );
};

type Sns = typeof import('@aws-sdk/client-sns');

/**
 * A publisher over one SNS client, created on the first send (with one attempt per call: the retries are the
 * publisher's, inside its budget) unless you pass your own.
 *
 * @example
 * ```ts
 * const publish = snsPublisher({ clientConfig: { region: 'eu-west-1' } });
 * const result = await publish({ phoneNumber, message, attributes }, { deadline: Date.now() + 4_000 });
 * ```
 */
const snsPublisher = (options: SnsClientOptions & { readonly retry?: RetryOptions } = {}) => {
  const given = Object.entries(options.retry ?? {}).filter(([, value]) => value !== undefined);
  const retry: Required<RetryOptions> = { ...RETRY_DEFAULTS, ...Object.fromEntries(given) };
  let ready: Promise<{ client: Pick<SNSClient, 'send'>; sns: Sns }> | undefined;
  const connect = () => {
    ready ??= importOptional(() => import('@aws-sdk/client-sns'), '@aws-sdk/client-sns', {
      by: 'The Custom SMS sender',
      to: 'publish the SMS',
    }).then((sns) => ({
      sns,
      client: options.client ?? new sns.SNSClient({ maxAttempts: 1, ...options.clientConfig }),
    }));
    return ready;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Publishes once, retrying what may pass, until the message is sent, refused for good, or `deadline` (a
   * `Date.now()` value; default: now plus the budget) would pass. Throws {@link SmsDeliveryError} when nothing was sent.
   */
  return async (input: PublishInput, limits: { readonly deadline?: number } = {}): Promise<PublishResult> => {
    const deadline = Math.min(limits.deadline ?? Number.POSITIVE_INFINITY, Date.now() + retry.budgetMs);
    const { client, sns } = await connect();
    const request = {
      PhoneNumber: input.phoneNumber,
      Message: input.message,
      MessageAttributes: { ...input.attributes },
    };
    let attempts = 0;
    let lastError: unknown;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining < MIN_ATTEMPT_MS)
        throw new SmsDeliveryError(
          attempts === 0
            ? 'no time left to call SNS'
            : `SNS did not accept the message within the time budget (${attempts} attempts, last: ${errorName(lastError)})`,
          { cause: lastError, attempts },
        );
      attempts++;
      try {
        const output = await client.send(new sns.PublishCommand(request), {
          abortSignal: AbortSignal.timeout(Math.min(retry.attemptTimeoutMs, remaining)),
        });
        return { status: 'sent', messageId: output.MessageId ?? '', attempts };
      } catch (error) {
        lastError = error;
        const kind = classifySnsError(error);
        if (kind === 'rejected') return { status: 'rejected', error, attempts };
        if (kind === 'permanent') throw permanentFailure(error, attempts);
      }
      // Full jitter: a random wait up to an exponentially growing bound, so that throttled senders spread out.
      const bound = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
      const wait = Math.random() * bound;
      if (Date.now() + wait + MIN_ATTEMPT_MS > deadline)
        throw new SmsDeliveryError(
          `SNS did not accept the message within the time budget (${attempts} attempts, last: ${errorName(lastError)})`,
          { cause: lastError, attempts },
        );
      await sleep(wait);
    }
  };
};

type SnsPublisher = ReturnType<typeof snsPublisher>;

export type { PublishInput, PublishResult, RetryOptions, SnsClientOptions, SnsPublisher };
export { classifySnsError, RETRY_DEFAULTS, SmsDeliveryError, snsPublisher };
