/**
 * @module sender/redact — keeping the code, personal data and the encrypted code out of a custom sender's logs and
 * errors: the secrets (the code, a temporary password, the links of a notice) are removed first, once known, then
 * personal data as in Custom message triggers.
 */
import {
  createRedactor,
  describeError,
  loggableEvent as loggable,
  REDACTED,
  type RedactableEvent,
  secretRemover,
} from '../handler/redact.js';

/** A redactor for one invocation; `knowCode` adds the decrypted code to what it removes, `knowSecret` anything else. */
interface InvocationRedactor {
  (text: string): string;
  knowCode(code: string): void;
  /** Adds a value that must never be logged: a temporary password as sent, a one-click link, an IP address. */
  knowSecret(value: string): void;
}

/**
 * Returns the redactor for one event: once known, every occurrence of each secret first (so that no other marker
 * splits one and leaves pieces), then email addresses, phone numbers, the user's personal attributes and username.
 *
 * @example
 * ```ts
 * const redact = invocationRedactor(event);
 * redact.knowCode(code);
 * redact(`template failed for ${code}`); // 'template failed for [REDACTED]'
 * ```
 */
const invocationRedactor = (event: RedactableEvent): InvocationRedactor => {
  const personal = createRedactor(event);
  const removers: ((text: string) => string)[] = [];
  const known = new Set<string>();
  const redact = (text: string) => {
    let out = text;
    for (const remove of removers) out = remove(out);
    return personal(out);
  };
  const knowSecret = (value: string) => {
    if (typeof value !== 'string' || value === '' || known.has(value)) return;
    known.add(value);
    removers.push(secretRemover(value));
  };
  return Object.assign(redact, { knowCode: knowSecret, knowSecret });
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
const loggableEvent = (event: RedactableEvent, redact: (text: string) => string): unknown => {
  const request = event.request as { readonly code?: unknown } | null | undefined;
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
