/** @module handler/redact — keeping email addresses, phone numbers and names out of logs. */

/** User attributes whose values identify a person. */
const PERSONAL_ATTRIBUTES = [
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'address',
  'birthdate',
] as const;

const REDACTED = '[REDACTED]';
const EMAIL = /[^\s@<>"'()[\]{},;:]+@[^\s@<>"'()[\]{},;:]+/g;
const PHONE = /\+?\d(?:[\d ().-]{6,}\d)/g;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Returns a function that removes personal data from a string: every email address, every phone-number-like run
 * of digits, and the literal values of the event's personal attributes and username, wherever they appear.
 *
 * @example
 * ```ts
 * const redact = createRedactor(event);
 * redact(`cannot render for ${event.request.userAttributes.given_name}`); // 'cannot render for [REDACTED]'
 * ```
 */
const createRedactor = (event: {
  readonly userName?: string | undefined;
  readonly request?: { readonly userAttributes?: Readonly<Record<string, unknown>> | undefined } | undefined;
}): ((text: string) => string) => {
  // Built on first use: most invocations log nothing that needs redacting.
  let literal: RegExp | null | undefined;
  const compile = (): RegExp | null => {
    const attributes = event.request?.userAttributes ?? {};
    const values = new Set<string>();
    const add = (value: unknown) => {
      if (typeof value !== 'string') return;
      for (const part of [value, ...value.split(/\s+/)]) if (part.trim().length >= 2) values.add(part.trim());
    };
    add(event.userName);
    for (const name of PERSONAL_ATTRIBUTES) add(attributes[name]);
    return values.size === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${[...values]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|')})(?![\\p{L}\\p{N}])`,
          'gu',
        );
  };
  return (text) => {
    if (literal === undefined) literal = compile();
    const withoutLiterals = literal ? text.replace(literal, REDACTED) : text;
    return withoutLiterals.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
  };
};

/** Applies a redactor to every string in a JSON-like value, and to every value of personal attributes. */
const redactDeep = (value: unknown, redact: (text: string) => string, key?: string): unknown => {
  if (typeof value === 'string')
    return key !== undefined && (PERSONAL_ATTRIBUTES as readonly string[]).includes(key)
      ? REDACTED
      : redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact, k)]));
  return value;
};

export { createRedactor, PERSONAL_ATTRIBUTES, REDACTED, redactDeep };
