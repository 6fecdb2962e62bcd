/** @module email/custom-email-sender — the `customEmailSender` builder for Custom email sender triggers. */
import type { Context, CustomEmailSenderTriggerEvent } from 'aws-lambda';
import { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { decodeEntities } from '../message/text.js';
import { customSender, type SenderEvent } from '../sender/invocation.js';
import { SenderOutcome, type SenderResult } from '../sender/outcome.js';
import { scrubbed } from '../sender/redact.js';
import { type CustomEmailSenderDefinition, type EmailBrandBase, validateDefinition } from './definition.js';
import { noticeOf, noticeSecrets, renderNotice } from './notice.js';
import { FallbackReason, type RenderResult, renderEmail } from './render.js';
import {
  checkEmailSettings,
  formatMailbox,
  mailHeaders,
  messageTags,
  parseMailbox,
  sendableAddress,
} from './rules.js';
import { EmailDeliveryError, sesSender } from './send.js';
import {
  customMessageSourceOf,
  isCodeEmailSource,
  isCustomEmailSenderTriggerSource,
} from './trigger-sources.js';

/**
 * What the handler did with one invocation, as logged in `outcome` and returned: `sent` (SES accepted the email),
 * `skipped` (`request.code` is null for a code email, or the trigger source is not a Custom email sender one),
 * `rejected` (no address, one SES cannot send to (a non-ASCII local part), or a code that decrypts to nothing or
 * blanks: not retried), `failed` (no email was sent: the handler threw, so that Lambda's asynchronous retries and
 * on-failure destination apply).
 *
 * @example
 * ```ts
 * const { outcome } = await handler(event);
 * if (outcome === EmailOutcome.Failed) …
 * ```
 */
const EmailOutcome = SenderOutcome;
type EmailOutcome = SenderOutcome;

/** What the handler resolves to. Lambda discards it (the trigger is asynchronous); tests and local runs read it. */
type CustomEmailSenderResult = SenderResult<FallbackReason>;

/**
 * Thrown when no email was sent, so that Lambda's asynchronous retries and destinations apply. Its message names the
 * reason and the trigger source, never the code nor an address; `cause` holds what failed, redacted.
 *
 * @example
 * ```ts
 * await handler(event).catch((error) => error instanceof CustomEmailSenderError && alarm(error.message));
 * ```
 */
class CustomEmailSenderError extends Error {
  override readonly name = 'CustomEmailSenderError';
}

/** The handler `customEmailSender` builds: assignable to @types/aws-lambda's `CustomEmailSenderTriggerHandler`. */
type CustomEmailSenderHandler = (
  event: CustomEmailSenderTriggerEvent,
  context?: Context,
) => Promise<CustomEmailSenderResult>;

/**
 * Builds a Custom email sender trigger handler: it decrypts `request.code`, resolves brand and locale as `customMessage`
 * does, renders the `.email` of the `CustomMessage_X` template exactly as `customMessage` would (the same context,
 * escaping, subject cleaning and rules), puts the code (for AdminCreateUser, the temporary password and the username)
 * where Cognito would, and sends it to the user's `email` through Amazon SES v2 with an HTML and a text part, from the
 * brand's address, with its reply-to, configuration set, identity ARN and tags (brand, locale, trigger source).
 * Throttling, 5xx and network errors are retried with jittered backoff inside `retry.budgetMs`; what SES refuses
 * (MessageRejected, an unverified MAIL FROM domain, a suspended account, paused sending, an unknown identity) is logged
 * with its reason and thrown, as is a failed decryption, so that Lambda's asynchronous retries and on-failure
 * destination apply. Decryption, rendering and sending all end within the function's remaining time. It writes one
 * log line per invocation; the code, addresses and personal data never appear in it, nor in what it throws.
 *
 * @example
 * ```ts
 * export const handler = customEmailSender({
 *   brands: { acme: { defaultLocale: 'en', locales: ['en'], email: { from: 'Acme <no-reply@acme.example>' } } },
 *   defaultBrand: 'acme',
 *   templates, // the same templates as the Custom message trigger
 *   decrypter: kmsDecrypter({ keyArn: process.env.KEY_ARN }),
 * });
 * ```
 */
const customEmailSender = <K extends string, B extends EmailBrandBase>(
  definition: CustomEmailSenderDefinition<K, B>,
): CustomEmailSenderHandler => {
  validateDefinition(definition);
  const { templates } = definition;
  const send = sesSender(definition);
  const start = customSender(definition, {
    logMessage: 'custom email sender',
    serviceName: 'custom-email-sender',
    settings: {
      label: 'email',
      defaults: definition.email,
      of: (brand) => brand.email,
      check: checkEmailSettings,
    },
    fallbackReasons: FallbackReason,
    SenderError: CustomEmailSenderError,
    delivery: {
      DeliveryError: EmailDeliveryError,
      reason: (error) => error.reason,
      // SES's messages can quote the addresses it refused: the cause thrown is a redacted copy.
      cause: (error, redact) =>
        new EmailDeliveryError(redact(error.message), {
          cause: error.cause === undefined ? undefined : scrubbed(error.cause, redact),
          attempts: error.attempts,
          reason: error.reason,
        }),
    },
  });

  return async (event, context) => {
    // An account takeover notice's attributes are an interface of their own: the same record to the redactor.
    const run = start(event as SenderEvent, context);
    const { request, userAttributes } = run;
    const source = event.triggerSource;
    if (!isCustomEmailSenderTriggerSource(source))
      return run.finish(EmailOutcome.Skipped, { reason: 'unknown trigger source' });
    const codeEmail = isCodeEmailSource(source);
    if (codeEmail && (typeof request.code !== 'string' || request.code === ''))
      return run.finish(EmailOutcome.Skipped, { reason: 'no code to send: request.code is null' });
    const notice = codeEmail ? undefined : noticeOf(userAttributes);
    for (const secret of notice ? noticeSecrets(notice) : []) run.redact.knowSecret(secret);

    let address: unknown = userAttributes.email;
    if ((typeof address !== 'string' || address === '') && definition.findEmailAddress)
      try {
        address = await definition.findEmailAddress(event);
      } catch (error) {
        return run.failed('findEmailAddress failed', error, true);
      }
    if (typeof address !== 'string' || address === '')
      return run.finish(EmailOutcome.Rejected, { reason: 'the user has no email' });
    const recipient = sendableAddress(address);
    if (!recipient)
      return run.finish(EmailOutcome.Rejected, {
        reason: 'email is not an address SES can send to (an ASCII local part, a domain with a dot)',
      });

    const { resolved, settings } = await run.resolveBrand();
    const from = settings.from === undefined ? undefined : parseMailbox(settings.from);
    if (!from) return run.failed(`brand "${resolved.brandId}" has no From address: set email.from`);

    let rendered: RenderResult;
    if (notice)
      rendered = await renderNotice(definition.accountTakeOverNotification, {
        ...run.templateInput(resolved),
        notice,
      });
    else {
      const code = await run.decrypt(request.code as string);
      if (typeof code !== 'string') return code;
      const templateSource = customMessageSourceOf(source as Parameters<typeof customMessageSourceOf>[0]);
      // Cognito HTML-escapes a temporary password in the event; the user must read and type it as it is.
      const typed =
        templateSource === CustomMessageTriggerSource.AdminCreateUser ? decodeEntities(code) : code;
      run.redact.knowSecret(typed);
      rendered = await renderEmail(templates, {
        ...run.templateInput(resolved),
        source: templateSource,
        code: typed,
      });
    }
    run.noteRendering(rendered);

    const replyTo = settings.replyTo === undefined ? [] : [settings.replyTo].flat();
    if (settings.configurationSetName) run.line.configurationSetName = settings.configurationSetName;
    try {
      const result = await send(
        {
          from: formatMailbox(from),
          to: recipient,
          replyTo: replyTo.map((mailbox) => formatMailbox(parseMailbox(mailbox) ?? { address: mailbox })),
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          ...(settings.configurationSetName ? { configurationSetName: settings.configurationSetName } : {}),
          ...(settings.fromEmailAddressIdentityArn
            ? { fromEmailAddressIdentityArn: settings.fromEmailAddressIdentityArn }
            : {}),
          tags: messageTags(
            { brand: resolved.brandId, locale: resolved.locale, triggerSource: source },
            settings.tags,
          ),
          headers: mailHeaders(resolved.locale),
        },
        run.sendLimits(),
      );
      return run.finish(EmailOutcome.Sent, { messageId: result.messageId, attempts: result.attempts });
    } catch (error) {
      return run.deliveryFailed(error, 'SES send failed');
    }
  };
};

export type {
  CustomEmailSenderDefinition,
  CustomEmailSenderHandler,
  CustomEmailSenderResult,
  EmailBrandBase,
};
export { CustomEmailSenderError, customEmailSender, EmailOutcome };
