/** @module sms/custom-sms-sender — the `customSmsSender` builder for Custom SMS sender triggers. */
import type { Context, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { analyzeSms } from '../message/sms.js';
import { customSender } from '../sender/invocation.js';
import { SenderOutcome, type SenderResult } from '../sender/outcome.js';
import { describeError } from '../sender/redact.js';
import { type CustomSmsSenderDefinition, type SmsBrandBase, validateDefinition } from './definition.js';
import { SmsDeliveryError, snsPublisher } from './publish.js';
import { FallbackReason, renderSms } from './render.js';
import { checkSmsSettings, isE164, SmsAttribute, smsAttributes } from './rules.js';
import { customMessageSourceOf, isCustomSmsSenderTriggerSource } from './trigger-sources.js';

/**
 * What the handler did with one invocation, as logged in `outcome` and returned: `sent` (SNS accepted the message),
 * `skipped` (`request.code` is null, or the trigger source is not a Custom SMS sender one), `rejected` (no E.164
 * phone number, a code that decrypts to nothing or blanks, or SNS refused the number or message for good: not
 * retried), `failed` (no SMS was sent and a retry may succeed: the handler threw so that Lambda retries the invocation).
 *
 * @example
 * ```ts
 * const { outcome } = await handler(event);
 * if (outcome === SmsOutcome.Rejected) …
 * ```
 */
const SmsOutcome = SenderOutcome;
type SmsOutcome = SenderOutcome;

/** What the handler resolves to. Lambda discards it (the trigger is asynchronous); tests and local runs read it. */
type CustomSmsSenderResult = SenderResult<FallbackReason>;

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
  const { templates } = definition;
  const publish = snsPublisher(definition);
  const start = customSender(definition, {
    logMessage: 'custom sms sender',
    serviceName: 'custom-sms-sender',
    settings: { label: 'SMS', defaults: definition.sms, of: (brand) => brand.sms, check: checkSmsSettings },
    fallbackReasons: FallbackReason,
    SenderError: CustomSmsSenderError,
    delivery: { DeliveryError: SmsDeliveryError, reason: (error) => error.message },
  });

  return async (event, context) => {
    const run = start(event, context);
    const { request } = run;
    const source = event.triggerSource;
    if (!isCustomSmsSenderTriggerSource(source))
      return run.finish(SmsOutcome.Skipped, { reason: 'unknown trigger source' });
    if (typeof request.code !== 'string' || request.code === '')
      return run.finish(SmsOutcome.Skipped, { reason: 'no code to send: request.code is null' });
    const phoneNumber = run.userAttributes.phone_number;
    if (phoneNumber === undefined || phoneNumber === '')
      return run.finish(SmsOutcome.Rejected, { reason: 'the user has no phone_number' });
    if (!isE164(phoneNumber))
      return run.finish(SmsOutcome.Rejected, {
        reason: 'phone_number is not in E.164 form (+, then 1–15 digits)',
      });

    const { resolved, settings } = await run.resolveBrand();
    const code = await run.decrypt(request.code);
    if (typeof code !== 'string') return code;
    const rendered = await renderSms(templates, {
      ...run.templateInput(resolved),
      source: customMessageSourceOf(source),
      code,
    });
    run.noteRendering(rendered);
    const { encoding, segments } = analyzeSms(rendered.text);
    const attributes = smsAttributes(settings);
    Object.assign(run.line, {
      encoding,
      segments,
      smsType: attributes[SmsAttribute.SmsType]?.StringValue,
      ...(settings.senderId ? { senderId: settings.senderId } : {}),
    });

    try {
      const result = await publish({ phoneNumber, message: rendered.text, attributes }, run.sendLimits());
      if (result.status === 'sent')
        return run.finish(SmsOutcome.Sent, { messageId: result.messageId, attempts: result.attempts });
      return run.finish(SmsOutcome.Rejected, {
        reason: /OptedOut/.test(String((result.error as { name?: unknown })?.name))
          ? 'the phone number opted out of SMS from this account'
          : 'SNS refused the phone number or a parameter',
        attempts: result.attempts,
        error: describeError(result.error, run.redact),
      });
    } catch (error) {
      return run.deliveryFailed(error, 'SNS publish failed');
    }
  };
};

export type { CustomSmsSenderDefinition, CustomSmsSenderHandler, CustomSmsSenderResult, SmsBrandBase };
export { CustomSmsSenderError, customSmsSender, SmsOutcome };
