/** @module handler/custom-message — the `customMessage` builder for Custom message triggers. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, CustomMessageTriggerEvent } from 'aws-lambda';
import { type BrandsDefinition, brandResolver, checkBrandsDefinition } from '../brand/definition.js';
import { type BrandBase, stringValues } from '../brand/resolve.js';
import {
  type CheckOptions,
  checkCustomMessageResponse,
  type EmailSendingAccount,
  errorsOf,
  type Finding,
} from '../cognito/rules.js';
import { CUSTOM_MESSAGE_TRIGGER_SOURCES, isCustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import { emailSubject } from '../message/subject.js';
import { isDeadlineError, isThenable, withDeadline } from './deadline.js';
import { createRedactor, describeError, loggableFields } from './redact.js';
import { eventContext, templateContext } from './template-context.js';
import type { CustomMessageHandler, CustomMessageTemplates, RenderedMessage } from './types.js';

/** What the handler did with one invocation, as logged in `outcome`. */
const Outcome = {
  /** The template's message was returned. */
  Customized: 'customized',
  /** No template for the source, or the template returned nothing: Cognito sends the pool's own message. */
  Unchanged: 'unchanged',
  /** The template failed or broke a rule: the event went back unchanged and Cognito sends its own message. */
  Fallback: 'fallback',
  /** Strict mode: the template failed or broke a rule, and the handler threw. */
  Failed: 'failed',
} as const;
type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Thrown in strict mode when a message can't be rendered or breaks Cognito's rules. */
class CustomMessageError extends Error {
  override readonly name = 'CustomMessageError';
  /** The broken rules, when that is why. */
  readonly findings: readonly Finding[];
  constructor(message: string, options: { cause?: unknown; findings?: readonly Finding[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.findings = options.findings ?? [];
  }
}

interface CustomMessageDefinition<K extends string, B extends BrandBase> extends BrandsDefinition<K, B> {
  /** One optional template per trigger source. */
  readonly templates: CustomMessageTemplates<B>;
  /**
   * When `true`, a template error or a broken rule makes the handler throw, so the API call fails with
   * UserLambdaValidationException. By default the event goes back unchanged and Cognito sends its own message
   * (default: false).
   */
  readonly strict?: boolean;
  /** The pool's EmailSendingAccount, to check the documented DEVELOPER-only rule (default: not checked). */
  readonly emailSendingAccount?: EmailSendingAccount;
  /**
   * How long an async template may take before the handler gives up on it, in milliseconds; it is also kept
   * inside the Lambda function's remaining time (default: 3000, well inside Cognito's 5 seconds).
   */
  readonly templateTimeoutMs?: number;
  /** A Powertools Logger of your own (default: one created here; level from POWERTOOLS_LOG_LEVEL and friends). */
  readonly logger?: Logger;
  /**
   * Log the event, with personal data redacted: attribute values replaced except `sub`, `cognito:user_status`,
   * `*_verified`, `locale`, `zoneinfo` and `updated_at` (default: the POWERTOOLS_LOGGER_LOG_EVENT variable, else false).
   */
  readonly logEvent?: boolean;
}

const DEFAULT_TEMPLATE_TIMEOUT_MS = 3_000;
/** Time kept back from the Lambda deadline to return the event and write the log line. */
const DEADLINE_MARGIN_MS = 100;

const validateDefinition = <K extends string, B extends BrandBase>(
  definition: CustomMessageDefinition<K, B>,
) => {
  for (const [source, template] of Object.entries(definition.templates ?? {})) {
    if (!isCustomMessageTriggerSource(source))
      throw new TypeError(
        `customMessage: "${source}" is not a Custom message trigger source; use one of ${CUSTOM_MESSAGE_TRIGGER_SOURCES.join(', ')}`,
      );
    if (template !== undefined && typeof template !== 'function')
      throw new TypeError(`customMessage: the template for ${source} must be a function`);
  }
  checkBrandsDefinition('customMessage', definition);
};

/**
 * The response for what a template returned, or `undefined` when it returned no message. Every part is read once, and
 * reading runs the template's own code (getters, `toString`): call it where a throw is handled.
 */
const toResponse = (rendered: unknown): CustomMessageTriggerEvent['response'] | undefined => {
  if (rendered === undefined || rendered === null) return undefined;
  const { email, sms } = rendered as RenderedMessage;
  if (!email && sms === undefined) return undefined;
  if (!email) return { smsMessage: sms ?? null, emailMessage: null, emailSubject: null };
  const { subject, html } = email;
  return { smsMessage: sms ?? null, emailMessage: String(html), emailSubject: emailSubject(String(subject)) };
};

/**
 * Builds a Custom message trigger handler: it resolves the brand and locale, renders the template for the event's
 * trigger source, checks the result against Cognito's rules, and returns the event with its response filled in.
 * When there is no template, or the template fails or breaks a rule, it returns the event unchanged so that Cognito
 * sends the pool's own message and the API call still succeeds (unless `strict` is set). It writes one log line
 * per invocation, with personal data redacted.
 *
 * @example
 * ```ts
 * export const handler = customMessage({
 *   brands: { acme: { displayName: 'Acme', defaultLocale: 'en', locales: ['en', 'fr'] } },
 *   defaultBrand: 'acme',
 *   templates: {
 *     CustomMessage_UpdateUserAttribute: ({ brand, codeParameter }) => ({
 *       email: { subject: `${brand.displayName}: confirm your new email`, html: html`<p>Code: ${codeParameter}</p>` },
 *       sms: `${brand.displayName} code: ${codeParameter}`,
 *     }),
 *   },
 * });
 * ```
 */
const customMessage = <K extends string, B extends BrandBase>(
  definition: CustomMessageDefinition<K, B>,
): CustomMessageHandler => {
  validateDefinition(definition);
  const { templates, strict = false } = definition;
  const resolveBrand = brandResolver(definition);
  const checkOptions: CheckOptions =
    definition.emailSendingAccount === undefined
      ? {}
      : { emailSendingAccount: definition.emailSendingAccount };
  const templateTimeoutMs = definition.templateTimeoutMs ?? DEFAULT_TEMPLATE_TIMEOUT_MS;
  const logger =
    definition.logger ?? new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'custom-message' });
  const logEvent = definition.logEvent ?? process.env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() === 'true';

  return async (event: CustomMessageTriggerEvent, context?: Context): Promise<CustomMessageTriggerEvent> => {
    if (context) logger.addContext(context);
    const request = (event.request ?? {}) as Partial<CustomMessageTriggerEvent['request']>;
    const userAttributes = request.userAttributes ?? {};
    const metadata = stringValues(request.clientMetadata, 'clientMetadata');
    const clientMetadata = metadata.values;
    const clientId = event.callerContext?.clientId;
    const redact = createRedactor(event);
    const line: Record<string, unknown> = {
      triggerSource: event.triggerSource,
      userPoolId: event.userPoolId,
      clientId,
    };
    if (logEvent) line.event = event;
    if (metadata.warnings.length > 0) line.warnings = metadata.warnings;

    // Every field is redacted as it is written, the event included: nothing reaches the log any other way.
    const finish = (outcome: Outcome, extra: Record<string, unknown> = {}) => {
      const fields = loggableFields({ ...line, outcome, ...extra }, redact);
      const warned = Array.isArray(line.warnings) && line.warnings.length > 0;
      if (outcome === Outcome.Failed) logger.error('custom message', fields);
      else if (outcome === Outcome.Fallback || warned) logger.warn('custom message', fields);
      else logger.info('custom message', fields);
    };
    const fail = (
      reason: string,
      extra: { error?: unknown; findings?: readonly Finding[] },
    ): CustomMessageTriggerEvent => {
      const details: Record<string, unknown> = { reason };
      if (extra.error !== undefined) details.error = describeError(extra.error, redact, { stack: true });
      if (extra.findings)
        details.findings = extra.findings.map(({ rule, field, detail }) => ({ rule, field, detail }));
      if (!strict) {
        finish(Outcome.Fallback, details);
        return event;
      }
      finish(Outcome.Failed, details);
      throw new CustomMessageError(`${reason} for ${event.triggerSource}`, {
        cause: extra.error,
        findings: extra.findings ?? [],
      });
    };

    const source = event.triggerSource;
    const template = isCustomMessageTriggerSource(source) ? templates[source] : undefined;
    if (!isCustomMessageTriggerSource(source) || template === undefined) {
      finish(Outcome.Unchanged, {
        reason: isCustomMessageTriggerSource(source) ? 'no template' : 'unknown trigger source',
      });
      return event;
    }
    if (typeof request.codeParameter !== 'string') return fail('event has no codeParameter', {});

    const resolved = await resolveBrand({ clientId, userAttributes, clientMetadata });
    if (resolved.sourceWarning) logger.warn('brand configuration', { ...resolved.sourceWarning });
    if (resolved.origin) line.brandConfig = resolved.origin;
    Object.assign(line, {
      brand: resolved.brandId,
      brandSource: resolved.brandSource,
      locale: resolved.locale,
      localeSource: resolved.localeSource,
    });
    if (resolved.warnings.length > 0) line.warnings = [...metadata.warnings, ...resolved.warnings];

    const templateArgument = templateContext(
      source,
      eventContext(event, { resolved, userAttributes, clientMetadata }),
      {
        codeParameter: request.codeParameter,
        usernameParameter: request.usernameParameter ?? '',
        linkParameter: request.linkParameter ?? '',
      },
    );

    // A template may throw anything, or return something that throws when read: all of it is a template failure.
    let rendered: unknown;
    try {
      const result = (template as (context: typeof templateArgument) => unknown)(templateArgument);
      if (isThenable(result)) {
        const remaining = context
          ? context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS
          : templateTimeoutMs;
        rendered = await withDeadline(result, Math.max(0, Math.min(templateTimeoutMs, remaining)));
      } else rendered = result;
    } catch (error) {
      return fail(isDeadlineError(error) ? 'template timed out' : 'template threw', { error });
    }
    let response: CustomMessageTriggerEvent['response'] | undefined;
    try {
      response = toResponse(rendered);
    } catch (error) {
      return fail('template returned an unusable message', { error });
    }
    if (response === undefined) {
      finish(Outcome.Unchanged, { reason: 'template returned no message' });
      return event;
    }
    const findings = checkCustomMessageResponse(
      {
        triggerSource: source,
        request: { codeParameter: request.codeParameter, usernameParameter: request.usernameParameter },
        response,
      },
      checkOptions,
    );
    const errors = errorsOf(findings);
    if (errors.length > 0) return fail("message breaks Cognito's rules", { findings: errors });

    const parts = [response.emailMessage !== null && 'email', response.smsMessage !== null && 'sms'].filter(
      Boolean,
    );
    const warnings = findings.filter((f) => f.severity === 'warning');
    finish(
      Outcome.Customized,
      warnings.length > 0
        ? { parts, findings: warnings.map(({ rule, field, detail }) => ({ rule, field, detail })) }
        : { parts },
    );
    return { ...event, response };
  };
};

export type { CustomMessageDefinition };
export { CustomMessageError, customMessage, Outcome };
