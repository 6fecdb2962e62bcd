/** @module email/custom-email-sender — the `customEmailSender` builder for Custom email sender triggers. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, CustomEmailSenderTriggerEvent } from 'aws-lambda';
import { brandResolver } from '../brand/definition.js';
import { stringValues } from '../brand/resolve.js';
import { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { isDeadlineError, withDeadline } from '../handler/deadline.js';
import { loggableFields, type RedactableEvent } from '../handler/redact.js';
import { decodeEntities } from '../message/text.js';
import { describeError, invocationRedactor, loggableEvent, scrubbed } from '../sender/redact.js';
import { type CustomEmailSenderDefinition, type EmailBrandBase, validateDefinition } from './definition.js';
import { noticeOf, noticeSecrets, renderNotice } from './notice.js';
import { FallbackReason, type RenderResult, renderEmail } from './render.js';
import {
  checkEmailSettings,
  type EmailSettings,
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
 * What the handler did with one invocation, as logged in `outcome` and returned.
 *
 * @example
 * ```ts
 * const { outcome } = await handler(event);
 * if (outcome === EmailOutcome.Failed) …
 * ```
 */
const EmailOutcome = {
  /** SES accepted the email. */
  Sent: 'sent',
  /** Nothing to send: `request.code` is null for a code email, or the trigger source is not a Custom email sender one. */
  Skipped: 'skipped',
  /**
   * The user can't get this email: no address, one SES cannot send to (a non-ASCII local part), or a code that
   * decrypts to nothing or blanks. Not retried.
   */
  Rejected: 'rejected',
  /** No email was sent: the handler threw, so that Lambda's asynchronous retries and on-failure destination apply. */
  Failed: 'failed',
} as const;
type EmailOutcome = (typeof EmailOutcome)[keyof typeof EmailOutcome];

/** What the handler resolves to. Lambda discards it (the trigger is asynchronous); tests and local runs read it. */
interface CustomEmailSenderResult {
  readonly outcome: EmailOutcome;
  readonly reason?: string;
  /** SES's MessageId, when sent. */
  readonly messageId?: string;
  /** `template`, or `default` when Cognito's wording (or the plain account takeover notice) was sent instead. */
  readonly wording?: 'template' | 'default';
  readonly attempts?: number;
  /** Why the default wording was sent, when it was. */
  readonly fallback?: FallbackReason;
}

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

const DEFAULT_TEMPLATE_TIMEOUT_MS = 3_000;
/** Time kept back from the Lambda deadline to write the log line and return. */
const DEADLINE_MARGIN_MS = 200;
/** How long decryption may take when the handler is called without a Lambda context: KMS answers in milliseconds. */
const DEFAULT_DECRYPTION_TIMEOUT_MS = 10_000;

/** True for an EmailDeliveryError; false for anything else, even a value that throws when looked at. */
const isDeliveryError = (error: unknown): error is EmailDeliveryError => {
  try {
    return error instanceof EmailDeliveryError;
  } catch {
    return false;
  }
};

/** A brand's settings merged over the definition's, checked once per brand object. */
interface BrandEmail {
  readonly settings: EmailSettings;
  readonly problems: readonly string[];
}

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
  const { templates, decrypter, strict = false } = definition;
  const resolve = brandResolver(definition);
  const send = sesSender(
    definition.client
      ? { client: definition.client, retry: definition.retry ?? {} }
      : { clientConfig: definition.clientConfig ?? {}, retry: definition.retry ?? {} },
  );
  const templateTimeoutMs = definition.templateTimeoutMs ?? DEFAULT_TEMPLATE_TIMEOUT_MS;
  const logger =
    definition.logger ??
    new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'custom-email-sender' });
  const logEvent = definition.logEvent ?? process.env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() === 'true';
  // Brands loaded at run time were not checked at build time: each brand object's settings are checked once.
  const checked = new WeakMap<object, BrandEmail>();
  const emailOf = (brand: B): BrandEmail => {
    let found = checked.get(brand);
    if (!found) {
      const problems = checkEmailSettings(brand.email);
      found = { settings: { ...definition.email, ...(problems.length === 0 ? brand.email : {}) }, problems };
      checked.set(brand, found);
    }
    return found;
  };

  return async (event, context) => {
    if (context) logger.addContext(context);
    const request = (event.request ?? {}) as Partial<CustomEmailSenderTriggerEvent['request']>;
    const userAttributes = (request.userAttributes ?? {}) as Readonly<Record<string, string>>;
    const metadata = stringValues(request.clientMetadata, 'clientMetadata');
    const clientId = event.callerContext?.clientId;
    // An account takeover notice's attributes are an interface of their own: the same record to the redactor.
    const redactable = event as RedactableEvent;
    const redact = invocationRedactor(redactable);
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
    let fallback: FallbackReason | undefined;

    // Every field is redacted as it is written, with what is known then: the secrets, once known, come out first.
    const finish = (outcome: EmailOutcome, extra: Record<string, unknown> = {}): CustomEmailSenderResult => {
      const raw: Record<string, unknown> = { ...line, outcome, ...extra };
      const fields = loggableFields(raw, redact, () => loggableEvent(redactable, redact));
      if (outcome === EmailOutcome.Failed) logger.error('custom email sender', fields);
      else if (outcome === EmailOutcome.Rejected || fields.fallback || fields.warnings)
        logger.warn('custom email sender', fields);
      else logger.info('custom email sender', fields);
      // The result holds the kit's own reasons and SES's answer, not the caller's text: it is not redacted.
      const result: { -readonly [P in keyof CustomEmailSenderResult]: CustomEmailSenderResult[P] } = {
        outcome,
      };
      if (typeof raw.reason === 'string') result.reason = raw.reason;
      if (typeof raw.messageId === 'string') result.messageId = raw.messageId;
      if (typeof raw.attempts === 'number') result.attempts = raw.attempts;
      if (raw.wording === 'template' || raw.wording === 'default') result.wording = raw.wording;
      if (fallback) result.fallback = fallback;
      return result;
    };
    /**
     * Logs the failure and throws. An unexpected error (a template's, or one from no known source) may carry the
     * code: it is logged with its stack. The thrown error's cause is always a redacted copy: SES's messages can quote
     * the addresses it refused.
     */
    const failed = (text: string, error?: unknown, unexpected = false): never => {
      const reason = redact(text);
      // For a delivery failure, the log shows what SES last said; the thrown error carries it as its cause.
      const shown = isDeliveryError(error) && error.cause !== undefined ? error.cause : error;
      finish(
        EmailOutcome.Failed,
        shown === undefined
          ? { reason }
          : { reason, error: describeError(shown, redact, { stack: unexpected }) },
      );
      const cause =
        error === undefined
          ? undefined
          : isDeliveryError(error)
            ? new EmailDeliveryError(redact(error.message), {
                cause: error.cause === undefined ? undefined : scrubbed(error.cause, redact),
                attempts: error.attempts,
                reason: error.reason,
              })
            : unexpected
              ? scrubbed(error, redact)
              : error;
      throw new CustomEmailSenderError(`${reason} for ${event.triggerSource}`, { cause });
    };

    const source = event.triggerSource;
    if (!isCustomEmailSenderTriggerSource(source))
      return finish(EmailOutcome.Skipped, { reason: 'unknown trigger source' });
    const codeEmail = isCodeEmailSource(source);
    if (codeEmail && (typeof request.code !== 'string' || request.code === ''))
      return finish(EmailOutcome.Skipped, { reason: 'no code to send: request.code is null' });
    const notice = codeEmail ? undefined : noticeOf(userAttributes);
    for (const secret of notice ? noticeSecrets(notice) : []) redact.knowSecret(secret);

    let address: unknown = userAttributes.email;
    if ((typeof address !== 'string' || address === '') && definition.findEmailAddress)
      try {
        address = await definition.findEmailAddress(event);
      } catch (error) {
        return failed('findEmailAddress failed', error, true);
      }
    if (typeof address !== 'string' || address === '')
      return finish(EmailOutcome.Rejected, { reason: 'the user has no email' });
    const recipient = sendableAddress(address);
    if (!recipient)
      return finish(EmailOutcome.Rejected, {
        reason: 'email is not an address SES can send to (an ASCII local part, a domain with a dot)',
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
    const brandEmail = emailOf(resolved.brand);
    const warnings = [
      ...metadata.warnings,
      ...resolved.warnings,
      ...brandEmail.problems.map((p) => `brand "${resolved.brandId}": ${p}; its email settings are ignored`),
    ];
    if (warnings.length > 0) line.warnings = warnings;
    const { settings } = brandEmail;
    const from = settings.from === undefined ? undefined : parseMailbox(settings.from);
    if (!from) return failed(`brand "${resolved.brandId}" has no From address: set email.from`);

    const shared = {
      resolved,
      userAttributes,
      clientMetadata: metadata.values,
      userName: event.userName,
      userPoolId: event.userPoolId,
      region: event.region,
      clientId: clientId ?? '',
      timeoutMs: 0,
    };
    let rendered: RenderResult;
    if (notice)
      rendered = await renderNotice(definition.accountTakeOverNotification, {
        ...shared,
        notice,
        timeoutMs: Math.min(templateTimeoutMs, timeLeft() ?? templateTimeoutMs),
      });
    else {
      let code: unknown;
      try {
        code = await withDeadline(
          decrypter.decrypt(request.code as string),
          timeLeft() ?? DEFAULT_DECRYPTION_TIMEOUT_MS,
          'decryption',
        );
      } catch (error) {
        return failed(
          isDeadlineError(error)
            ? 'decryption did not finish in the time left'
            : 'could not decrypt the code',
          error,
        );
      }
      // An email without a code helps no one, and a retry would decrypt the same: refused, not failed.
      if (typeof code !== 'string' || code.trim() === '')
        return finish(EmailOutcome.Rejected, {
          reason: 'the code decrypted to nothing or blanks: nothing was sent',
        });
      redact.knowCode(code);
      const templateSource = customMessageSourceOf(source as Parameters<typeof customMessageSourceOf>[0]);
      // Cognito HTML-escapes a temporary password in the event; the user must read and type it as it is.
      const typed =
        templateSource === CustomMessageTriggerSource.AdminCreateUser ? decodeEntities(code) : code;
      redact.knowSecret(typed);
      rendered = await renderEmail(templates, {
        ...shared,
        source: templateSource,
        code: typed,
        timeoutMs: Math.min(templateTimeoutMs, timeLeft() ?? templateTimeoutMs),
      });
    }
    line.wording = rendered.wording;
    if (rendered.findings)
      line.findings = rendered.findings.map(({ rule, field, detail }) => ({ rule, field, detail }));
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

    const replyTo = settings.replyTo === undefined ? [] : [settings.replyTo].flat();
    if (settings.configurationSetName) line.configurationSetName = settings.configurationSetName;
    const remaining = timeLeft();
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
        remaining === undefined ? {} : { deadline: Date.now() + remaining },
      );
      return finish(EmailOutcome.Sent, { messageId: result.messageId, attempts: result.attempts });
    } catch (error) {
      if (!isDeliveryError(error)) return failed('SES send failed', error, true);
      line.attempts = error.attempts;
      return failed(error.reason, error);
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
