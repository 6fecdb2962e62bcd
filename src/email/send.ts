/**
 * @module email/send — one email through Amazon SES v2 `SendEmail`, retried with jittered backoff inside a time budget
 * while SES throttles or fails on its side; what SES refuses (an unverified identity, a paused or suspended account, a
 * rejected message) is never retried. Where the environment settles the region and credentials (as Lambda's does)
 * and no client is given, SendEmail is a signed request, so that a cold start does not load the SES client; otherwise
 * it goes through `SESv2Client` from `@aws-sdk/client-sesv2`.
 */
import type { SESv2Client, SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { importOptional } from '../aws/optional-package.js';
import type { RequestSettings } from '../aws/signed-request.js';
import { type ClientOptions, type DeliveryCall, delivery } from '../sender/delivery.js';
import { errorName, httpStatusOf, isTransient, namesOf, type RetryOptions } from '../sender/retry.js';
import { callSigned, serviceError } from '../sender/signed-call.js';
import type { NameValue } from './rules.js';

/** Either an SES v2 client of your own, or settings for the one created on the first send. */
type SesClientOptions = ClientOptions<Pick<SESv2Client, 'send'>, SESv2ClientConfig>;

/** One email, ready for SES: every address already written as SES takes it. */
interface EmailInput {
  readonly from: string;
  readonly to: string;
  readonly replyTo?: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly configurationSetName?: string;
  readonly fromEmailAddressIdentityArn?: string;
  readonly tags: readonly NameValue[];
  readonly headers: readonly NameValue[];
}

/** What a sent email came to. */
interface SendResult {
  readonly messageId: string;
  /** How many times SendEmail was called. */
  readonly attempts: number;
}

/**
 * Thrown when no email was sent: SES refused it, or the budget ran out on throttling and server errors. `reason` says
 * why in the kit's words (no address, no content); `cause` is the last error SES (or the network) gave.
 *
 * @example
 * ```ts
 * if (error instanceof EmailDeliveryError) logger.error('email not sent', { reason: error.reason });
 * ```
 */
class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';
  /** How many times SendEmail was called. */
  readonly attempts: number;
  /** Why, in the kit's words: never SES's text, which can quote addresses. */
  readonly reason: string;
  constructor(message: string, options: { cause: unknown; attempts: number; reason: string }) {
    super(message, { cause: options.cause });
    this.attempts = options.attempts;
    this.reason = options.reason;
  }
}

/**
 * What SES's refusals mean, by error name: each is a reason to log, and none is retried. "Bad identity" errors come as
 * `NotFoundException` (an identity, configuration set or identity ARN SES does not know) or `BadRequestException`.
 */
const REFUSALS: Readonly<Record<string, string>> = {
  MessageRejected:
    'SES rejected the message (MessageRejected): an address not verified (in the sandbox), or content SES refuses',
  MailFromDomainNotVerifiedException:
    "SES refused the sender (MailFromDomainNotVerifiedException): the From identity's custom MAIL FROM domain is not verified",
  AccountSuspendedException:
    'SES refused the email (AccountSuspendedException): the account may no longer send email',
  SendingPausedException:
    'SES refused the email (SendingPausedException): sending is paused for the account or the configuration set',
  NotFoundException:
    'SES refused the email (NotFoundException): the configuration set or identity the brand names does not exist',
  BadRequestException:
    'SES refused the email (BadRequestException): a parameter is invalid (an address, the identity ARN, a tag)',
  LimitExceededException: 'SES refused the email (LimitExceededException): a sending quota is used up',
  AccessDeniedException:
    "SES refused the email (AccessDeniedException): the function's role may not send as this identity (ses:SendEmail)",
  AccessDenied:
    "SES refused the email (AccessDenied): the function's role may not send as this identity (ses:SendEmail)",
};

/**
 * Sorts an error from SendEmail: `retryable` (throttling, HTTP 429 and 5xx, network errors and timeouts) or
 * `permanent` (every refusal: MessageRejected, MailFromDomainNotVerifiedException, AccountSuspendedException,
 * SendingPausedException, NotFoundException, BadRequestException, LimitExceededException, credentials, permissions).
 *
 * @example
 * ```ts
 * classifySesError(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }));
 * // 'retryable'
 * ```
 */
const classifySesError = (error: unknown): 'retryable' | 'permanent' =>
  namesOf(error).some((name) => Object.hasOwn(REFUSALS, name))
    ? 'permanent'
    : isTransient(error)
      ? 'retryable'
      : 'permanent';

/**
 * Why SES sent nothing, in the kit's words: one reason per kind of refusal, and for anything else its name and HTTP
 * status, or, when the request never reached SES (no region, no credentials, a bad endpoint), what stopped it.
 *
 * @example
 * ```ts
 * sesRefusalReason(Object.assign(new Error('…'), { name: 'SendingPausedException' }));
 * // 'SES refused the email (SendingPausedException): sending is paused for the account or the configuration set'
 * ```
 */
const sesRefusalReason = (error: unknown): string => {
  const known = namesOf(error).find((name) => Object.hasOwn(REFUSALS, name));
  if (known) return REFUSALS[known] as string;
  const status = httpStatusOf(error);
  // Without a status the request never left this process (no region, no credentials, a bad endpoint): the message is
  // the SDK's or Node.js's own, never SES's, and says what to fix.
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return status === undefined
    ? `could not call SES: ${errorName(error)}${detail}`
    : `SES refused the email: ${errorName(error)} (HTTP ${status})`;
};

/** The SendEmail request, as the SES v2 API takes it (the SDK's input and the REST-JSON body are the same). */
const sendEmailRequest = (input: EmailInput) => ({
  FromEmailAddress: input.from,
  ...(input.fromEmailAddressIdentityArn
    ? { FromEmailAddressIdentityArn: input.fromEmailAddressIdentityArn }
    : {}),
  Destination: { ToAddresses: [input.to] },
  ...(input.replyTo && input.replyTo.length > 0 ? { ReplyToAddresses: [...input.replyTo] } : {}),
  Content: {
    Simple: {
      Subject: { Data: input.subject, Charset: 'UTF-8' },
      Body: {
        Html: { Data: input.html, Charset: 'UTF-8' },
        Text: { Data: input.text, Charset: 'UTF-8' },
      },
      Headers: input.headers.map(({ Name, Value }) => ({ Name, Value })),
    },
  },
  EmailTags: input.tags.map(({ Name, Value }) => ({ Name, Value })),
  ...(input.configurationSetName ? { ConfigurationSetName: input.configurationSetName } : {}),
});

/** One SendEmail, given the email and the attempt's signal: it resolves to SES's MessageId. */
type SendCall = DeliveryCall<EmailInput>;

/** SES v2's service id (`AWS_ENDPOINT_URL_SESV2`) and endpoint prefix (`email.<region>.amazonaws.com`). */
const SESV2 = { id: 'SESv2', endpointPrefix: 'email' } as const;
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** SendEmail as one signed REST-JSON request. */
const signedSend =
  (settings: RequestSettings): SendCall =>
  async (input, signal) => {
    const answer = await callSigned(settings, {
      service: 'ses',
      path: SEND_EMAIL_PATH,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sendEmailRequest(input)),
      signal,
    });
    if (answer.status < 200 || answer.status >= 300) throw serviceError(answer);
    const { MessageId } = JSON.parse(answer.text) as { MessageId?: unknown };
    return typeof MessageId === 'string' ? MessageId : '';
  };

type Ses = typeof import('@aws-sdk/client-sesv2');

/** SendEmail through the SES v2 client, made here with one attempt per call unless one is given; loaded first. */
const sdkSend = async (options: SesClientOptions): Promise<SendCall> => {
  const ses: Ses = await importOptional(() => import('@aws-sdk/client-sesv2'), '@aws-sdk/client-sesv2', {
    by: 'The Custom email sender',
    to: 'send the email',
  });
  const client = options.client ?? new ses.SESv2Client({ maxAttempts: 1, ...options.clientConfig });
  return async (input, signal) => {
    const output = await client.send(new ses.SendEmailCommand(sendEmailRequest(input)), {
      abortSignal: signal,
    });
    return output.MessageId ?? '';
  };
};

/**
 * A sender: through the client you pass, or one made from `clientConfig`; with neither, a signed request where the
 * environment settles region, credentials and endpoint (`AWS_ENDPOINT_URL_SESV2` included; read on the first send),
 * else the SES v2 client. The retries are the sender's, inside its budget.
 *
 * @example
 * ```ts
 * const send = sesSender({ clientConfig: { region: 'eu-west-1' } });
 * const { messageId } = await send(email, { deadline: Date.now() + 4_000 });
 * ```
 */
const sesSender = (options: SesClientOptions & { readonly retry?: RetryOptions } = {}) => {
  const deliver = delivery(options, {
    service: SESV2,
    signed: signedSend,
    sdk: () => sdkSend(options),
    classify: classifySesError,
  });

  /**
   * Sends once, retrying what may pass, until SES accepts the email, refuses it, or `deadline` (a `Date.now()` value;
   * default: now plus the budget) would pass. Throws {@link EmailDeliveryError} when nothing was sent.
   */
  return async (input: EmailInput, limits: { readonly deadline?: number } = {}): Promise<SendResult> => {
    const outcome = await deliver(input, limits);
    const { attempts } = outcome;
    if (outcome.kind === 'done') return { messageId: outcome.value, attempts };
    const { error } = outcome;
    const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
    if (outcome.kind === 'out-of-time') {
      const reason =
        attempts === 0
          ? 'no time left to call SES'
          : `SES did not accept the email within the time budget (${attempts} attempts, last: ${errorName(error)})`;
      throw new EmailDeliveryError(reason, { cause: error, attempts, reason });
    }
    const reason = sesRefusalReason(error);
    throw new EmailDeliveryError(`${reason}${detail}`, { cause: error, attempts, reason });
  };
};

type SesSender = ReturnType<typeof sesSender>;

export type { EmailInput, SendResult, SesClientOptions, SesSender };
export { classifySesError, EmailDeliveryError, sendEmailRequest, sesRefusalReason, sesSender };
