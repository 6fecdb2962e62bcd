/**
 * @module sms/publish — one SMS through Amazon SNS `Publish`, retried with jittered backoff inside a time budget; what
 * SNS refuses for good (a phone number it can't send to, an opted-out number) is never retried. Where the environment
 * settles the region and credentials (as Lambda's does) and no client is given, `Publish` is a signed request, so
 * that a cold start does not load the SNS client; otherwise it goes through the SNS client.
 */
import type { SNSClient, SNSClientConfig } from '@aws-sdk/client-sns';
import { importOptional } from '../aws/optional-package.js';
import type { RequestSettings } from '../aws/signed-request.js';
import { type ClientOptions, type DeliveryCall, delivery } from '../sender/delivery.js';
import {
  type ErrorClass,
  errorName,
  isTransient,
  namesOf,
  RETRY_DEFAULTS,
  type RetryOptions,
} from '../sender/retry.js';
import { callSigned, serviceError } from '../sender/signed-call.js';
import type { SmsAttributeValue } from './rules.js';

/** Either an SNS client of your own, or settings for the one created on the first send. */
type SnsClientOptions = ClientOptions<Pick<SNSClient, 'send'>, SNSClientConfig>;

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
  if (namesOf(error).some((n) => REJECTED.has(n))) return 'rejected';
  return isTransient(error) ? 'retryable' : 'permanent';
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
/** One Publish, given its input and the attempt's signal: it resolves to SNS's MessageId. */
type PublishCall = DeliveryCall<PublishInput>;

const SNS = { id: 'SNS', endpointPrefix: 'sns' } as const;
/**
 * The Query error codes the SNS model names `<Code>Exception`: the SNS client throws them under that name, and the
 * signed path names them the same way, so that logs and checks read alike whichever path sent the message.
 */
const MODELLED_CODES = new Set([
  'AuthorizationError',
  'EndpointDisabled',
  'InternalError',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidSecurity',
  'KMSAccessDenied',
  'KMSDisabled',
  'KMSInvalidState',
  'KMSNotFound',
  'KMSOptInRequired',
  'KMSThrottling',
  'NotFound',
  'OptedOut',
  'PlatformApplicationDisabled',
  'Throttled',
]);
const snsErrorName = (code: string) => (MODELLED_CODES.has(code) ? `${code}Exception` : code);

/** `Publish` in the Query protocol: the form SNS takes, message attributes flattened as `entry.N`. */
const publishForm = (input: PublishInput): string => {
  const form = new URLSearchParams({
    Action: 'Publish',
    Version: '2010-03-31',
    PhoneNumber: input.phoneNumber,
    Message: input.message,
  });
  Object.entries(input.attributes).forEach(([name, value], index) => {
    const entry = `MessageAttributes.entry.${index + 1}`;
    form.set(`${entry}.Name`, name);
    form.set(`${entry}.Value.DataType`, value.DataType);
    form.set(`${entry}.Value.StringValue`, value.StringValue);
  });
  // URLSearchParams writes a space as `+` (and a `+` as `%2B`); spaces go as `%20`, as the SDK sends them.
  return form.toString().replaceAll('+', '%20');
};

/** Publish as one signed Query request. */
const signedPublish =
  (settings: RequestSettings): PublishCall =>
  async (input, signal) => {
    const answer = await callSigned(settings, {
      service: 'sns',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: publishForm(input),
      signal,
    });
    if (answer.status < 200 || answer.status >= 300) throw serviceError(answer, snsErrorName);
    return /<MessageId>([^<]*)<\/MessageId>/.exec(answer.text)?.[1] ?? '';
  };

/** Publish through the SNS client, made here with one attempt per call unless one is given; loaded first. */
const sdkPublish = async (options: SnsClientOptions): Promise<PublishCall> => {
  const sns: Sns = await importOptional(() => import('@aws-sdk/client-sns'), '@aws-sdk/client-sns', {
    by: 'The Custom SMS sender',
    to: 'publish the SMS',
  });
  const client = options.client ?? new sns.SNSClient({ maxAttempts: 1, ...options.clientConfig });
  return async (input, signal) => {
    const output = await client.send(
      new sns.PublishCommand({
        PhoneNumber: input.phoneNumber,
        Message: input.message,
        MessageAttributes: { ...input.attributes },
      }),
      { abortSignal: signal },
    );
    return output.MessageId ?? '';
  };
};

/**
 * A publisher: through the client you pass, or one made from `clientConfig`; with neither, a signed request where
 * the environment settles region, credentials and endpoint (read on the first send), else the SNS client. The
 * retries are the publisher's, inside its budget.
 *
 * @example
 * ```ts
 * const publish = snsPublisher({ clientConfig: { region: 'eu-west-1' } });
 * const result = await publish({ phoneNumber, message, attributes }, { deadline: Date.now() + 4_000 });
 * ```
 */
const snsPublisher = (options: SnsClientOptions & { readonly retry?: RetryOptions } = {}) => {
  const deliver = delivery(options, {
    service: SNS,
    signed: signedPublish,
    sdk: () => sdkPublish(options),
    classify: classifySnsError,
  });

  /**
   * Publishes once, retrying what may pass, until the message is sent, refused for good, or `deadline` (a
   * `Date.now()` value; default: now plus the budget) would pass. Throws {@link SmsDeliveryError} when nothing was sent.
   */
  return async (input: PublishInput, limits: { readonly deadline?: number } = {}): Promise<PublishResult> => {
    const outcome = await deliver(input, limits);
    const { attempts } = outcome;
    switch (outcome.kind) {
      case 'done':
        return { status: 'sent', messageId: outcome.value, attempts };
      case 'rejected':
        return { status: 'rejected', error: outcome.error, attempts };
      case 'permanent':
        throw permanentFailure(outcome.error, attempts);
      default:
        throw new SmsDeliveryError(
          attempts === 0
            ? 'no time left to call SNS'
            : `SNS did not accept the message within the time budget (${attempts} attempts, last: ${errorName(outcome.error)})`,
          { cause: outcome.error, attempts },
        );
    }
  };
};

type SnsPublisher = ReturnType<typeof snsPublisher>;

export type { PublishInput, PublishResult, RetryOptions, SnsClientOptions, SnsPublisher };
export { classifySnsError, RETRY_DEFAULTS, SmsDeliveryError, snsPublisher };
