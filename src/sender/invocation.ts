/**
 * @module sender/invocation — one invocation of a custom sender, run the same way by every custom sender: the event
 * read as untrusted, brand and locale resolved as `customMessage` resolves them, the code decrypted within the time
 * left, the wording sent noted, and one log line, every field redacted as it is written, with the outcome; when
 * nothing was sent and a retry may help, the sender's error is thrown so that Lambda's asynchronous retries apply.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { brandResolver } from '../brand/definition.js';
import { type BrandBase, type Resolution, stringValues } from '../brand/resolve.js';
import type { Finding } from '../cognito/rules.js';
import { isDeadlineError, withDeadline } from '../handler/deadline.js';
import { loggableFields, type RedactableEvent } from '../handler/redact.js';
import { eventContext, type TemplateEvent } from '../handler/template-context.js';
import type { SenderDefinition } from './definition.js';
import { levelOf, SenderOutcome, type SenderResult, senderResult } from './outcome.js';
import { describeError, invocationRedactor, loggableEvent, scrubbed } from './redact.js';
import { brandSettings, type SettingsProfile } from './settings.js';
import type { SenderTemplateInput, TemplateFallbacks } from './template.js';

const DEFAULT_TEMPLATE_TIMEOUT_MS = 3_000;
/** Time kept back from the Lambda deadline to write the log line and return. */
const DEADLINE_MARGIN_MS = 200;
/** How long decryption may take when the handler is called without a Lambda context: KMS answers in milliseconds. */
const DEFAULT_DECRYPTION_TIMEOUT_MS = 10_000;

/** The error a sender's service call throws when nothing was sent (SmsDeliveryError, EmailDeliveryError). */
interface DeliveryFailure extends Error {
  readonly attempts: number;
}

/** What sets one custom sender apart from another in the invocation they share. */
interface SenderProfile<B extends BrandBase, S, F extends string, D extends DeliveryFailure> {
  /** The log line's message, e.g. `custom sms sender`. */
  readonly logMessage: string;
  /** The Logger's service name when POWERTOOLS_SERVICE_NAME is not set, e.g. `custom-sms-sender`. */
  readonly serviceName: string;
  /** The brands' delivery settings. */
  readonly settings: SettingsProfile<B, S>;
  /** The sender's FallbackReason: without a template, the default wording is sent as a matter of course. */
  readonly fallbackReasons: TemplateFallbacks<F> & Readonly<Record<string, F>>;
  /** Thrown, the reason and trigger source its message, when nothing was sent. */
  readonly SenderError: new (
    message: string,
    options: { cause: unknown },
  ) => Error;
  readonly delivery: {
    readonly DeliveryError: abstract new (...args: never[]) => D;
    /** The reason logged and thrown for a delivery error. */
    readonly reason: (error: D) => string;
    /** The thrown error's cause for a delivery error (default: the delivery error itself). */
    readonly cause?: (error: D, redact: (text: string) => string) => unknown;
  };
}

/** What a custom sender reads of its event besides its request, which is read as untrusted. */
type SenderEvent = TemplateEvent & RedactableEvent & { readonly triggerSource: string };

/** `event.request`, as far as it has what Cognito sends every custom sender. */
type SenderRequest = Partial<{
  readonly code: string | null;
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly clientMetadata: unknown;
}>;

/** The wording a sender rendered: the template's, or Cognito's and why. */
type RenderedWording<F extends string> = { readonly findings?: readonly Finding[] } & (
  | { readonly wording: 'template' }
  | { readonly wording: 'default'; readonly fallback: F; readonly error?: unknown }
);

/**
 * Prepares what a custom sender builder needs once (the brand resolver, the logger, the brands' settings) and returns
 * the start of one invocation. Call it after the definition is checked.
 *
 * @example
 * ```ts
 * const start = customSender(definition, { logMessage: 'custom sms sender', … });
 * return async (event, context) => {
 *   const run = start(event, context);
 *   if (!isCustomSmsSenderTriggerSource(event.triggerSource)) return run.finish('skipped', { reason: '…' });
 *   …
 * };
 * ```
 */
const customSender = <K extends string, B extends BrandBase, S, F extends string, D extends DeliveryFailure>(
  definition: SenderDefinition<K, B>,
  profile: SenderProfile<B, S, F, D>,
) => {
  const { decrypter, strict = false } = definition;
  const resolve = brandResolver(definition);
  const templateTimeoutMs = definition.templateTimeoutMs ?? DEFAULT_TEMPLATE_TIMEOUT_MS;
  const logger =
    definition.logger ??
    new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? profile.serviceName });
  const logEvent = definition.logEvent ?? process.env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() === 'true';
  const settingsOf = brandSettings(profile.settings);
  const { DeliveryError, reason: deliveryReason, cause: deliveryCause = (error) => error } = profile.delivery;
  /** True for the sender's delivery error; false for anything else, even a value that throws when looked at. */
  const isDeliveryError = (error: unknown): error is D => {
    try {
      return error instanceof DeliveryError;
    } catch {
      return false;
    }
  };

  return (event: SenderEvent, context?: Context) => {
    if (context) logger.addContext(context);
    const request = (event.request ?? {}) as SenderRequest;
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
    let fallback: F | undefined;

    /**
     * Writes the log line and returns the result. Every field is redacted as it is written, with what is known then:
     * the secrets, once known, come out first.
     */
    const finish = (outcome: SenderOutcome, extra: Record<string, unknown> = {}): SenderResult<F> => {
      const raw: Record<string, unknown> = { ...line, outcome, ...extra };
      const fields = loggableFields(raw, redact, () => loggableEvent(event, redact));
      logger[levelOf(outcome, fields)](profile.logMessage, fields);
      return senderResult(outcome, raw, fallback);
    };
    /**
     * Logs the failure and throws. An unexpected error (a template's, or one from no known source) may carry the code:
     * it is logged with its stack, and the thrown error's cause is a redacted copy.
     */
    const failed = (text: string, error?: unknown, unexpected = false): never => {
      // A reason may quote the service, which names the phone number or address in some of its messages.
      const reason = redact(text);
      // For a delivery failure, the log shows what the service last said; the thrown error carries it as its cause.
      const shown = isDeliveryError(error) && error.cause !== undefined ? error.cause : error;
      finish(
        SenderOutcome.Failed,
        shown === undefined
          ? { reason }
          : { reason, error: describeError(shown, redact, { stack: unexpected }) },
      );
      const cause =
        error === undefined
          ? undefined
          : isDeliveryError(error)
            ? deliveryCause(error, redact)
            : unexpected
              ? scrubbed(error, redact)
              : error;
      throw new profile.SenderError(`${reason} for ${event.triggerSource}`, { cause });
    };

    return {
      /** `event.request`, or `{}`. */
      request,
      userAttributes,
      redact,
      /** The log line's fields so far. */
      line,
      finish,
      failed,
      /** The brand, locale and delivery settings, noted in the line with any warning. */
      resolveBrand: async () => {
        const resolved = await resolve({ clientId, userAttributes, clientMetadata: metadata.values });
        if (resolved.sourceWarning) logger.warn('brand configuration', { ...resolved.sourceWarning });
        Object.assign(line, {
          ...(resolved.origin ? { brandConfig: resolved.origin } : {}),
          brand: resolved.brandId,
          brandSource: resolved.brandSource,
          locale: resolved.locale,
          localeSource: resolved.localeSource,
        });
        const { settings, problems } = settingsOf(resolved.brand);
        const warnings = [
          ...metadata.warnings,
          ...resolved.warnings,
          ...problems.map(
            (p) => `brand "${resolved.brandId}": ${p}; its ${profile.settings.label} settings are ignored`,
          ),
        ];
        if (warnings.length > 0) line.warnings = warnings;
        return { resolved, settings };
      },
      /** The code, within the time left; or the result, when it decrypted to nothing. */
      decrypt: async (ciphertext: string): Promise<string | SenderResult<F>> => {
        let code: unknown;
        try {
          code = await withDeadline(
            decrypter.decrypt(ciphertext),
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
        // A message without a code helps no one, and a retry would decrypt the same: refused, not failed.
        if (typeof code !== 'string' || code.trim() === '')
          return finish(SenderOutcome.Rejected, {
            reason: 'the code decrypted to nothing or blanks: nothing was sent',
          });
        redact.knowCode(code);
        return code;
      },
      /** What the template sees of the event, and the time it may take now. */
      templateInput: (resolved: Resolution<B>): SenderTemplateInput<B> => ({
        seen: eventContext(event, { resolved, userAttributes, clientMetadata: metadata.values }),
        timeoutMs: Math.min(templateTimeoutMs, timeLeft() ?? templateTimeoutMs),
      }),
      /** Notes the wording sent; in strict mode, a template that can't serve fails the invocation. */
      noteRendering: (rendered: RenderedWording<F>): void => {
        line.wording = rendered.wording;
        if (rendered.findings)
          line.findings = rendered.findings.map(({ rule, field, detail }) => ({ rule, field, detail }));
        if (rendered.wording === 'template') return;
        fallback = rendered.fallback;
        if (fallback === profile.fallbackReasons.NoTemplate) line.reason = fallback;
        else if (strict) failed(fallback, rendered.error, true);
        else
          line.fallback =
            rendered.error === undefined
              ? { reason: fallback }
              : { reason: fallback, error: describeError(rendered.error, redact, { stack: true }) };
      },
      /** The deadline for the service call: the Lambda deadline, less the margin. */
      sendLimits: (): { readonly deadline?: number } => {
        const remaining = timeLeft();
        return remaining === undefined ? {} : { deadline: Date.now() + remaining };
      },
      /** Fails the invocation for what the service call threw; `unexpected` is the reason for anything else. */
      deliveryFailed: (error: unknown, unexpected: string): never => {
        if (!isDeliveryError(error)) return failed(unexpected, error, true);
        line.attempts = error.attempts;
        return failed(deliveryReason(error), error);
      },
    };
  };
};

export type { DeliveryFailure, RenderedWording, SenderEvent, SenderProfile };
export { customSender };
