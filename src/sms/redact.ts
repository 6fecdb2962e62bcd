/**
 * @module sms/redact — keeping the code, personal data and the encrypted code out of a Custom SMS sender's logs and
 * errors: the code is removed first, once known, then personal data as in Custom message triggers.
 */
import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import {
  createRedactor,
  describeError,
  loggableEvent as loggable,
  REDACTED,
  secretRemover,
} from '../handler/redact.js';

/** A redactor for one invocation; `knowCode` adds the decrypted code to what it removes. */
interface InvocationRedactor {
  (text: string): string;
  knowCode(code: string): void;
}

/**
 * Returns the redactor for one event: once known, every occurrence of the code first (so that no other marker splits
 * it and leaves pieces), then email addresses, phone numbers, the user's personal attributes and username.
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
  let removeCode: ((text: string) => string) | undefined;
  const redact = (text: string) => personal(removeCode ? removeCode(text) : text);
  return Object.assign(redact, {
    knowCode: (value: string) => {
      removeCode = secretRemover(value);
    },
  });
};

/**
 * The event as it may be logged: the encrypted code replaced, and the rest as `loggableEvent` of Custom message
 * triggers shows it.
 *
 * @example
 * ```ts
 * if (logEvent) fields.event = loggableEvent(event, redact);
 * ```
 */
const loggableEvent = (event: CustomSMSSenderTriggerEvent, redact: (text: string) => string): unknown => {
  const request = event.request as Partial<CustomSMSSenderTriggerEvent['request']> | null | undefined;
  if (request === null || typeof request !== 'object' || !request.code) return loggable(event, redact);
  return loggable({ ...event, request: { ...request, code: REDACTED } }, redact);
};

/**
 * A copy of anything thrown, to pass on as a cause: same name, message redacted, no stack of the original.
 *
 * @example
 * ```ts
 * throw new CustomSmsSenderError('template threw', { cause: scrubbed(error, redact) });
 * ```
 */
const scrubbed = (error: unknown, redact: (text: string) => string): Error => {
  const { name, message } = describeError(error, redact);
  const copy = new Error(message);
  // A thrown value without a name of its own (a string, a plain object) is described by its type: an Error here.
  copy.name = name === typeof error ? 'Error' : name;
  return copy;
};

export type { InvocationRedactor };
export { describeError, invocationRedactor, loggableEvent, scrubbed };
