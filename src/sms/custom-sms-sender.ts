/** @module sms/custom-sms-sender — the `customSmsSender` builder for Custom SMS sender triggers. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { brandResolver } from '../brand/definition.js';
import { stringValues } from '../brand/resolve.js';
import { isDeadlineError, withDeadline } from '../handler/deadline.js';
import { loggableFields } from '../handler/redact.js';
import { analyzeSms } from '../message/sms.js';
import { type CustomSmsSenderDefinition, type SmsBrandBase, validateDefinition } from './definition.js';
import { SmsDeliveryError, snsPublisher } from './publish.js';
import { describeError, invocationRedactor, loggableEvent, scrubbed } from './redact.js';
import { FallbackReason, renderSms } from './render.js';
import { checkSmsSettings, isE164, SmsAttribute, type SmsSettings, smsAttributes } from './rules.js';
import { customMessageSourceOf, isCustomSmsSenderTriggerSource } from './trigger-sources.js';

/**
 * What the handler did with one invocation, as logged in `outcome` and returned.
 *
 * @example
 * ```ts
 * const { outcome } = await handler(event);
 * if (outcome === SmsOutcome.Rejected) …
 * ```
 */
const SmsOutcome = {
  /** SNS accepted the message. */
  Sent: 'sent',
  /** Nothing to send: `request.code` is null, or the trigger source is not a Custom SMS sender one. */
  Skipped: 'skipped',
  /**
   * The user can't get this SMS: no E.164 phone number, a code that decrypts to nothing or blanks, or SNS refused the
   * number or message for good. Not retried.
   */
  Rejected: 'rejected',
  /** No SMS was sent and a retry may succeed: the handler threw so that Lambda retries the invocation. */
  Failed: 'failed',
} as const;
type SmsOutcome = (typeof SmsOutcome)[keyof typeof SmsOutcome];

/** What the handler resolves to. Lambda discards it (the trigger is asynchronous); tests and local runs read it. */
interface CustomSmsSenderResult {
  readonly outcome: SmsOutcome;
  readonly reason?: string;
  /** SNS's MessageId, when sent. */
  readonly messageId?: string;
  /** `template`, or `default` when Cognito's wording was sent instead. */
  readonly wording?: 'template' | 'default';
  readonly attempts?: number;
  /** Why the default wording was sent, when it was. */
  readonly fallback?: FallbackReason;
}

/**
 * Thrown when no SMS was sent and a retry may help, so that Lambda's asynchronous retries and destinations apply. Its
 * message names the reason and the trigger source, never the code; `cause` holds what failed (e.g. SmsDeliveryError).
 *
 * @example
 * ```ts
 * await handler(event).catch((error) => error instanceof CustomSmsSenderError && alarm(error.message));
 * ```
 */
class CustomSmsSenderError extends Error {
  override readonly name = 'CustomSmsSenderError';
}

/** The handler `customSmsSender` builds: assignable to @types/aws-lambda's `CustomSMSSenderTriggerHandler`. */
type CustomSmsSenderHandler = (
  event: CustomSMSSenderTriggerEvent,
  context?: Context,
) => Promise<CustomSmsSenderResult>;

const DEFAULT_TEMPLATE_TIMEOUT_MS = 3_000;
/** Time kept back from the Lambda deadline to write the log line and return. */
const DEADLINE_MARGIN_MS = 200;
/** How long decryption may take when the handler is called without a Lambda context: KMS answers in milliseconds. */
const DEFAULT_DECRYPTION_TIMEOUT_MS = 10_000;

/** True for an SmsDeliveryError; false for anything else, even a value that throws when looked at. */
const isDeliveryError = (error: unknown): error is SmsDeliveryError => {
  try {
    return error instanceof SmsDeliveryError;
  } catch {
    return false;
  }
};

/**
 * Builds a Custom SMS sender trigger handler: it decrypts `request.code`, resolves brand and locale as `customMessage`
 * does, renders the `.sms` of the `CustomMessage_X` template with the code, and publishes it to the user's
 * `phone_number` through Amazon SNS with the brand's sender ID, origination number, SMS type and price limit.
 * Throttling, 5xx and network errors are retried with jittered backoff inside `retry.budgetMs`; an invalid or
 * opted-out number is logged and not retried, and so is a code that decrypts to nothing or blanks. Decryption,
 * rendering and publishing all end within the function's remaining time. When no SMS was sent and a retry may help
 * (budget spent, decryption failed or timed out, SNS refused the credentials or configuration) the handler throws, so
 * Lambda's asynchronous retries apply. It writes one log line per invocation; the code and personal data never appear
 * in it, nor in what it throws.
 *
 * @example
 * ```ts
 * export const handler = customSmsSender({
 *   brands: { acme: { displayName: 'Acme', defaultLocale: 'en', locales: ['en'], sms: { senderId: 'ACME' } } },
 *   defaultBrand: 'acme',
 *   templates, // the same templates as the Custom message trigger
 *   decrypter: kmsDecrypter({ keyArn: process.env.KEY_ARN }),
 * });
 * ```
 */
const customSmsSender = <K extends string, B extends SmsBrandBase>(
  definition: CustomSmsSenderDefinition<K, B>,
): CustomSmsSenderHandler => {
  validateDefinition(definition);
  const { templates, decrypter, strict = false } = definition;
  const resolve = brandResolver(definition);
  const publish = snsPublisher(
    definition.client
      ? { client: definition.client, retry: definition.retry ?? {} }
      : { clientConfig: definition.clientConfig ?? {}, retry: definition.retry ?? {} },
  );
  const templateTimeoutMs = definition.templateTimeoutMs ?? DEFAULT_TEMPLATE_TIMEOUT_MS;
  const logger =
    definition.logger ??
    new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'custom-sms-sender' });
  const logEvent = definition.logEvent ?? process.env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() === 'true';
  // Brands loaded at run time were not checked at build time: each brand object's settings are checked once.
  const settings = new WeakMap<object, { settings: SmsSettings; problems: readonly string[] }>();
  const settingsOf = (brand: B) => {
    let found = settings.get(brand);
    if (!found) {
      const problems = checkSmsSettings(brand.sms);
      found = { settings: { ...definition.sms, ...(problems.length === 0 ? brand.sms : {}) }, problems };
      settings.set(brand, found);
    }
    return found;
  };

  return async (event, context) => {
    if (context) logger.addContext(context);
    const request = (event.request ?? {}) as Partial<CustomSMSSenderTriggerEvent['request']>;
    const userAttributes = request.userAttributes ?? {};
    const metadata = stringValues(request.clientMetadata, 'clientMetadata');
    const clientId = event.callerContext?.clientId;
    const redact = invocationRedactor(event);
    /** Milliseconds left before the Lambda deadline, less the margin; `undefined` without a context. */
    const timeLeft = () =>
      typeof context?.getRemainingTimeInMillis === 'function'
        ? Math.max(0, context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS)
        : undefined;
    const line: Record<string, unknown> = {
      triggerSource: event.triggerSource,
      userPoolId: event.userPoolId,
      clientId,
    };
    if (logEvent) line.event = event;

    // Every field is redacted as it is written, with what is known then: the code, once decrypted, comes out first.
    const finish = (outcome: SmsOutcome, extra: Record<string, unknown> = {}): CustomSmsSenderResult => {
      const raw: Record<string, unknown> = { ...line, outcome, ...extra };
      const fields = loggableFields(raw, redact, () => loggableEvent(event, redact));
      if (outcome === SmsOutcome.Failed) logger.error('custom sms sender', fields);
      else if (outcome === SmsOutcome.Rejected || fields.fallback || fields.warnings)
        logger.warn('custom sms sender', fields);
      else logger.info('custom sms sender', fields);
      // The result holds the kit's own reasons and SNS's answer, not the caller's text: it is not redacted.
      const result: { -readonly [P in keyof CustomSmsSenderResult]: CustomSmsSenderResult[P] } = { outcome };
      if (typeof raw.reason === 'string') result.reason = raw.reason;
      if (typeof raw.messageId === 'string') result.messageId = raw.messageId;
      if (typeof raw.attempts === 'number') result.attempts = raw.attempts;
      if (raw.wording === 'template' || raw.wording === 'default') result.wording = raw.wording;
      if (fallback) result.fallback = fallback;
      return result;
    };
    /**
     * Logs the failure and throws. An unexpected error (a template's, or one from no known source) may carry the
     * code: it is logged with its stack and reaches the thrown error's cause, both redacted.
     */
    const failed = (text: string, error?: unknown, unexpected = false): never => {
      // A reason may quote SNS, and SNS names the phone number in some of its messages.
      const reason = redact(text);
      // For a delivery failure, the log shows what SNS last said; the thrown error carries it as its cause.
      const shown = isDeliveryError(error) && error.cause !== undefined ? error.cause : error;
      finish(
        SmsOutcome.Failed,
        shown === undefined
          ? { reason }
          : { reason, error: describeError(shown, redact, { stack: unexpected }) },
      );
      throw new CustomSmsSenderError(`${reason} for ${event.triggerSource}`, {
        cause: unexpected && error !== undefined ? scrubbed(error, redact) : error,
      });
    };
    let fallback: FallbackReason | undefined;

    const source = event.triggerSource;
    if (!isCustomSmsSenderTriggerSource(source))
      return finish(SmsOutcome.Skipped, { reason: 'unknown trigger source' });
    if (typeof request.code !== 'string' || request.code === '')
      return finish(SmsOutcome.Skipped, { reason: 'no code to send: request.code is null' });
    const phoneNumber = userAttributes.phone_number;
    if (phoneNumber === undefined || phoneNumber === '')
      return finish(SmsOutcome.Rejected, { reason: 'the user has no phone_number' });
    if (!isE164(phoneNumber))
      return finish(SmsOutcome.Rejected, {
        reason: 'phone_number is not in E.164 form (+, then 1–15 digits)',
      });

    const resolved = await resolve({ clientId, userAttributes, clientMetadata: metadata.values });
    if (resolved.sourceWarning) logger.warn('brand configuration', { ...resolved.sourceWarning });
    Object.assign(line, {
      ...(resolved.origin ? { brandConfig: resolved.origin } : {}),
      brand: resolved.brandId,
      brandSource: resolved.brandSource,
      locale: resolved.locale,
      localeSource: resolved.localeSource,
    });
    const brandSettings = settingsOf(resolved.brand);
    const warnings = [
      ...metadata.warnings,
      ...resolved.warnings,
      ...brandSettings.problems.map((p) => `brand "${resolved.brandId}": ${p}; its SMS settings are ignored`),
    ];
    if (warnings.length > 0) line.warnings = warnings;

    let code: unknown;
    try {
      code = await withDeadline(
        decrypter.decrypt(request.code),
        timeLeft() ?? DEFAULT_DECRYPTION_TIMEOUT_MS,
        'decryption',
      );
    } catch (error) {
      return failed(
        isDeadlineError(error) ? 'decryption did not finish in the time left' : 'could not decrypt the code',
        error,
      );
    }
    // An SMS without a code helps no one, and a retry would decrypt the same: refused, not failed.
    if (typeof code !== 'string' || code.trim() === '')
      return finish(SmsOutcome.Rejected, {
        reason: 'the code decrypted to nothing or blanks: nothing was sent',
      });
    redact.knowCode(code);
    const customMessageSource = customMessageSourceOf(source);
    const rendered = await renderSms(templates, {
      source: customMessageSource,
      resolved,
      code,
      userAttributes,
      clientMetadata: metadata.values,
      userName: event.userName,
      userPoolId: event.userPoolId,
      region: event.region,
      clientId: clientId ?? '',
      timeoutMs: Math.min(templateTimeoutMs, timeLeft() ?? templateTimeoutMs),
    });
    line.wording = rendered.wording;
    if (rendered.wording === 'default') {
      fallback = rendered.fallback;
      if (fallback !== FallbackReason.NoTemplate) {
        if (strict) return failed(fallback, rendered.error, true);
        line.fallback =
          rendered.error === undefined
            ? { reason: fallback }
            : { reason: fallback, error: describeError(rendered.error, redact, { stack: true }) };
      } else line.reason = fallback;
    }
    const { encoding, segments } = analyzeSms(rendered.text);
    const attributes = smsAttributes(brandSettings.settings);
    Object.assign(line, {
      encoding,
      segments,
      smsType: attributes[SmsAttribute.SmsType]?.StringValue,
      ...(brandSettings.settings.senderId ? { senderId: brandSettings.settings.senderId } : {}),
    });

    const remaining = timeLeft();
    try {
      const result = await publish(
        { phoneNumber, message: rendered.text, attributes },
        remaining === undefined ? {} : { deadline: Date.now() + remaining },
      );
      if (result.status === 'sent')
        return finish(SmsOutcome.Sent, { messageId: result.messageId, attempts: result.attempts });
      return finish(SmsOutcome.Rejected, {
        reason: /OptedOut/.test(String((result.error as { name?: unknown })?.name))
          ? 'the phone number opted out of SMS from this account'
          : 'SNS refused the phone number or a parameter',
        attempts: result.attempts,
        error: describeError(result.error, redact),
      });
    } catch (error) {
      if (!(error instanceof SmsDeliveryError)) return failed('SNS publish failed', error, true);
      line.attempts = error.attempts;
      return failed(error.message, error);
    }
  };
};

export type { CustomSmsSenderDefinition, CustomSmsSenderHandler, CustomSmsSenderResult, SmsBrandBase };
export { CustomSmsSenderError, customSmsSender, SmsOutcome };
