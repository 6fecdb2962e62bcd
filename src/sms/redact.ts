/**
 * @module sms/redact — keeping the code, personal data and the encrypted code out of a Custom SMS sender's logs and
 * errors: the personal-data redactor of Custom message triggers, plus the code once it is known.
 */
import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { createRedactor, REDACTED, redactDeep } from '../handler/redact.js';

/** A redactor for one invocation; `knowCode` adds the decrypted code to what it removes. */
interface InvocationRedactor {
  (text: string): string;
  knowCode(code: string): void;
}

/**
 * Returns the redactor for one event: email addresses, phone numbers, the user's personal attributes and username,
 * and, once known, every occurrence of the code.
 *
 * @example
 * ```ts
 * const redact = invocationRedactor(event);
 * redact.knowCode(code);
 * redact(`template failed for ${code}`); // 'template failed for [REDACTED]'
 * ```
 */
const invocationRedactor = (event: CustomSMSSenderTriggerEvent): InvocationRedactor => {
  const personal = createRedactor(event);
  let code: string | undefined;
  const redact = (text: string) => {
    const withoutPersonal = personal(text);
    if (!code) return withoutPersonal;
    const withoutCode = withoutPersonal.replaceAll(code, REDACTED);
    // A code that survives its own replacement (it overlaps the marker) takes the whole text with it.
    return withoutCode.includes(code) ? REDACTED : withoutCode;
  };
  return Object.assign(redact, {
    knowCode: (value: string) => {
      code = value;
    },
  });
};

/**
 * The event as it may be logged: personal data redacted, and the encrypted code replaced too.
 *
 * @example
 * ```ts
 * if (logEvent) line.event = loggableEvent(event, redact);
 * ```
 */
const loggableEvent = (event: CustomSMSSenderTriggerEvent, redact: (text: string) => string): unknown => {
  const request = event.request ?? {};
  return redactDeep(
    { ...event, request: { ...request, ...(request.code ? { code: REDACTED } : {}) } },
    redact,
  );
};

/**
 * A copy of an error whose message may hold the code: same name, message redacted, no stack of the original.
 *
 * @example
 * ```ts
 * throw new CustomSmsSenderError('template threw', { cause: scrubbed(error, redact) });
 * ```
 */
const scrubbed = (error: unknown, redact: (text: string) => string): Error => {
  const copy = new Error(redact(error instanceof Error ? error.message : String(error)));
  copy.name = error instanceof Error ? error.name : 'Error';
  return copy;
};

/**
 * An error as a log line shows it: name, message redacted, and the HTTP status when an AWS SDK error has one. The
 * stack, redacted, only when asked for (a template's own bug): an SNS refusal or a bad phone number needs no stack.
 *
 * @example
 * ```ts
 * logger.warn('custom sms sender', { error: describeError(error, redact) });
 * ```
 */
const describeError = (
  error: unknown,
  redact: (text: string) => string,
  options: { stack?: boolean } = {},
) => {
  const e = error as
    | {
        name?: unknown;
        message?: unknown;
        code?: unknown;
        stack?: unknown;
        $metadata?: { httpStatusCode?: unknown };
      }
    | undefined;
  const status = e?.$metadata?.httpStatusCode;
  return {
    name: typeof e?.name === 'string' ? e.name : typeof error,
    message: redact(typeof e?.message === 'string' ? e.message : String(error)),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof status === 'number' ? { httpStatusCode: status } : {}),
    ...(options.stack && typeof e?.stack === 'string' ? { stack: redact(e.stack) } : {}),
  };
};

export type { InvocationRedactor };
export { describeError, invocationRedactor, loggableEvent, scrubbed };
