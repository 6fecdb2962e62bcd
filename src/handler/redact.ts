/**
 * @module handler/redact — keeping codes, email addresses, phone numbers and the user's names out of logs. Each scan
 * reads the text once, left to right, and never goes back more than a few characters: no pattern that could
 * backtrack runs on text the caller chose, so redaction costs time in proportion to what is logged.
 */
import { lazyRegExp } from '../cognito/limits.js';
import { escapeHtml } from '../message/html.js';

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

/**
 * Attributes a logged event shows (as redacted text): Cognito's bookkeeping about the account, no one's name, address
 * or contact. Every other attribute value is replaced, custom ones included: the kit cannot know what they hold.
 */
const SHOWN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'sub',
  'cognito:user_status',
  'locale',
  'zoneinfo',
  'updated_at',
]);

/**
 * True for the attributes a logged event shows: `sub`, `cognito:user_status`, `locale`, `zoneinfo`, `updated_at` and
 * every `*_verified`.
 *
 * @example
 * ```ts
 * isShownAttribute('email_verified'); // true
 * isShownAttribute('custom:employee_id'); // false
 * ```
 */
const isShownAttribute = (name: string): boolean => SHOWN_ATTRIBUTES.has(name) || name.endsWith('_verified');

const REDACTED = '[REDACTED]';
/** How the kit's warnings end a caller's value they cut short: what precedes it may be the start of a secret. */
const ELLIPSIS = 0x2026;

/** Character classes, as bits. */
const WORD = 1;
const SPACE = 2;
/** Where an email address's parts stop, besides whitespace: `<a@b.c>`, `"a@b.c",`, `\"a@b.c\"`, `?e=a%40b.c&x`. */
const STOP = 4;
/** What may stand between the digits of a phone number: spaces (not line breaks), `.`, `/`, `-`, `+`, parentheses. */
const SEPARATOR = 8;

/** Classes already worked out, for the Basic Multilingual Plane, with bit 16 set: most text uses few characters. */
const known = new Uint8Array(0x10000);
/** Letters, marks and digits of every script: built on first use, a Unicode property class is slow to build. */
const letterOrDigit = lazyRegExp('[\\p{L}\\p{M}\\p{N}]', 'u');

/** The classes of a code point. */
const classOf = (codePoint: number): number => {
  const cached = known[codePoint] as number;
  if (cached) return cached & 15;
  if (Number.isNaN(codePoint)) return 0;
  const character = String.fromCodePoint(codePoint);
  const space = /\s/.test(character);
  const found =
    ((codePoint < 128 ? /[\dA-Za-z]/ : letterOrDigit()).test(character) ? WORD : 0) |
    (space ? SPACE | STOP : 0) |
    ('<>"\'()[]{},;:\\=&?/'.includes(character) ? STOP : 0) |
    ((space && !'\n\r\u2028\u2029'.includes(character)) ||
    './-+()\u2010\u2011\u2012\u2013\u2014\u2015\u2212'.includes(character)
      ? SEPARATOR
      : 0);
  if (codePoint < 0x10000) known[codePoint] = found | 16;
  return found;
};

/** Whether a letter or digit starts at `index`. */
const wordAt = (text: string, index: number): boolean =>
  index >= 0 && index < text.length && (classOf(text.codePointAt(index) as number) & WORD) !== 0;

/** Whether a letter or digit ends just before `index` (a character outside the BMP included). */
const wordBefore = (text: string, index: number): boolean =>
  wordAt(text, index - 1) ||
  (index >= 2 && text.codePointAt(index - 2) !== text.charCodeAt(index - 2) && wordAt(text, index - 2));

/** Lower case with every index kept (İ, which grows when lowered, is taken as i), or the text itself. */
const foldCase = (text: string): string => {
  const folded = text.replaceAll('\u0130', 'i').toLowerCase();
  return folded.length === text.length ? folded : text;
};

/** Calls `visit` with the start and end of each run of letters, marks and digits. */
const eachWord = (text: string, visit: (start: number, end: number) => void): void => {
  let start = -1;
  for (let i = 0; i <= text.length; ) {
    const codePoint = i < text.length ? (text.codePointAt(i) as number) : 32;
    if (classOf(codePoint) & WORD) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(start, i);
      start = -1;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
};

/** Spans to redact, as start and end pairs: `[start0, end0, start1, end1, …]`. */
type Spans = number[];

/** The length of an at sign written at `index`: `@`, fullwidth `＠`, or URL-encoded `%40`; 0 when there is none. */
const atSignAt = (text: string, index: number): number => {
  const code = text.charCodeAt(index);
  if (code === 64 || code === 0xff20) return 1;
  return code === 37 && text.startsWith('40', index + 1) ? 3 : 0;
};

/**
 * Every email address: a run of characters that are not stops, an at sign, another such run. Addresses that share a
 * part (`a@b@c`) are one span. Each at sign ends a part, so each character is read once.
 */
const findEmails = (text: string, spans: Spans): void => {
  if (!text.includes('@') && !text.includes('%40') && !text.includes('\uff20')) return;
  // Where the current part began, and where the part before the last at sign began (-1: no such part).
  let part = 0;
  let before = -1;
  for (let i = 0; i <= text.length; ) {
    const at = atSignAt(text, i);
    if (at > 0 || i === text.length || classOf(text.charCodeAt(i)) & STOP) {
      if (before >= 0 && i > part) spans.push(before, i);
      before = at > 0 && i > part ? part : -1;
      i += at || 1;
      part = i;
    } else i++;
  }
};

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const ANY_DIGIT = /\d/;
/** URL-encoded space, +, -, ., / and parentheses. */
const ENCODED_SEPARATOR = /^%(?:2[0BDEF89])$/i;

/** The length of a phone number separator at `index`, or 0. */
const separatorAt = (text: string, index: number): number =>
  index < text.length && classOf(text.charCodeAt(index)) & SEPARATOR
    ? 1
    : ENCODED_SEPARATOR.test(text.slice(index, index + 3))
      ? 3
      : 0;

/**
 * Every phone number: seven digits or more, a leading `+` or `(` kept with them, and up to three separators between
 * two digits (spaces of any kind, `.`, `/`, `-`, dashes, parentheses, and their URL-encoded forms). Digits touching
 * a letter are part of something else (an id, a hash). The scan resumes after each run: no character is read twice.
 */
const findPhoneNumbers = (text: string, spans: Spans): void => {
  if (!ANY_DIGIT.test(text)) return;
  for (let i = 0; i < text.length; ) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const lead = text.charCodeAt(i - 1);
    const start =
      lead === 43 || lead === 40 ? i - 1 : i >= 3 && /^%2b$/i.test(text.slice(i - 3, i)) ? i - 3 : i;
    let digits = 0;
    let end = i;
    // The run ends at the last group of digits that touches no letter: in `(+1.511.700.3128) (0p1`, the number ends
    // at 3128, and the `0` that touches `p` belongs to something else.
    let numberEnd = -1;
    let numberDigits = 0;
    for (let j = i; ; ) {
      if (isDigit(text.charCodeAt(j))) {
        digits++;
        end = ++j;
        continue;
      }
      if (!wordAt(text, end)) [numberEnd, numberDigits] = [end, digits];
      let count = 0;
      for (let step = separatorAt(text, j); count < 3 && step > 0; step = separatorAt(text, j)) {
        j += step;
        count++;
      }
      if (count === 0 || !isDigit(text.charCodeAt(j))) break;
    }
    if (numberDigits >= 7 && !wordBefore(text, start)) spans.push(start, numberEnd);
    i = end;
  }
};

/** The text with every span replaced by the marker; spans that overlap, touch, or stand one mark apart are one. */
const applySpans = (text: string, spans: Spans): string => {
  if (spans.length === 0) return text;
  const pairs: [number, number][] = [];
  for (let i = 0; i < spans.length; i += 2) pairs.push([spans[i] as number, spans[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  let [start, end] = pairs[0] as [number, number];
  for (const [from, to] of pairs) {
    if (from <= end || (from === end + 1 && !(classOf(text.charCodeAt(end)) & SPACE))) {
      end = Math.max(end, to);
      continue;
    }
    out += text.slice(done, start) + REDACTED;
    done = end;
    [start, end] = [from, to];
  }
  return out + text.slice(done, start) + REDACTED + text.slice(end);
};

const UNCHANGED = /^[\w.!~*'()-]*$/;

/**
 * The forms a value takes in logged text: as it is, JSON-escaped (as the kit's warnings quote values), and
 * URL-encoded (as in a redirect address in clientMetadata).
 */
const writtenForms = (value: string): string[] => {
  // Letters, digits and the marks neither encoding changes: one form.
  if (UNCHANGED.test(value)) return [value];
  let encoded = value;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate has no URL form.
  }
  return [value, JSON.stringify(value).slice(1, -1), encoded];
};

/**
 * The words of the username and personal attributes, folded: a word of one or two digits says nothing (a day, a
 * house number), and email addresses and phone numbers are found whatever they are.
 */
const personalWords = (event: RedactableEvent): string[] => {
  const words = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string' || value.includes('@')) return;
    for (const form of writtenForms(value)) {
      const folded = foldCase(form);
      eachWord(folded, (start, end) => {
        const word = folded.slice(start, end);
        if (word.length >= 2 && !/^\d\d?$/.test(word)) words.add(word);
      });
    }
  };
  add(event.userName);
  const attributes = event.request?.userAttributes;
  if (attributes !== null && typeof attributes === 'object')
    for (const name of PERSONAL_ATTRIBUTES)
      if (name !== 'email' && name !== 'phone_number' && Object.hasOwn(attributes, name))
        add(attributes[name]);
  return [...words];
};

/** What a redactor needs from an event: the username and the attributes. */
interface RedactableEvent {
  readonly userName?: unknown;
  readonly request?: {
    readonly userAttributes?: Readonly<Record<string, unknown>> | null | undefined;
  } | null;
}

/**
 * Returns a function that removes personal data from a string: every email address (also written `%40` or `＠`), every
 * phone number (seven digits or more, written with spaces of any kind, dots, slashes, dashes or parentheses), and
 * every word of the username and personal attributes, whatever its case, also in their JSON-escaped and URL-encoded
 * forms, and at the end of a value cut short with `…`. Its cost grows in proportion to the text.
 *
 * @example
 * ```ts
 * const redact = createRedactor(event);
 * redact(`cannot render for ${event.request.userAttributes.given_name}`); // 'cannot render for [REDACTED]'
 * ```
 */
const createRedactor = (event: RedactableEvent): ((text: string) => string) => {
  // Gathered on first use: many invocations log nothing that needs it.
  let words: string[] | undefined;
  let personal: Set<string> | undefined;
  return (text) => {
    if (typeof text !== 'string' || text === '') return text;
    words ??= personalWords(event);
    personal ??= new Set(words);
    const spans: Spans = [];
    if (words.length > 0) {
      const folded = foldCase(text);
      eachWord(folded, (start, end) => {
        const word = folded.slice(start, end);
        if (
          (personal as Set<string>).has(word) ||
          (folded.charCodeAt(end) === ELLIPSIS && end - start >= 2 && words?.some((w) => w.startsWith(word)))
        )
          spans.push(start, end);
      });
    }
    findEmails(text, spans);
    findPhoneNumbers(text, spans);
    return applySpans(text, spans);
  };
};

/**
 * Returns a function that removes a secret (a code, a temporary password) from a string: every occurrence, exactly,
 * also JSON-escaped, URL-encoded or HTML-escaped, and its start where the text is cut short with `…`. Each form is
 * searched for with a single pass (Knuth–Morris–Pratt). Run it before anything else is redacted, so that no other
 * marker splits the secret and leaves pieces of it.
 *
 * @example
 * ```ts
 * const removeCode = secretRemover('482916');
 * removeCode('template failed for 482916'); // 'template failed for [REDACTED]'
 * ```
 */
const secretRemover = (secret: string): ((text: string) => string) => {
  const searches = [...new Set([...writtenForms(secret), escapeHtml(secret)])]
    .filter((form) => form !== '')
    .map((form) => {
      // For each length of a match so far, the longest shorter match it contains: where to resume after a mismatch.
      const resume = new Array<number>(form.length).fill(0);
      for (let i = 1, k = 0; i < form.length; i++) {
        while (k > 0 && form[i] !== form[k]) k = resume[k - 1] as number;
        if (form[i] === form[k]) k++;
        resume[i] = k;
      }
      return (text: string, spans: Spans) => {
        for (let i = 0, k = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          if (code === ELLIPSIS && k > 0) spans.push(i - k, i);
          while (k > 0 && code !== form.charCodeAt(k)) k = resume[k - 1] as number;
          if (code === form.charCodeAt(k)) k++;
          if (k === form.length) {
            spans.push(i + 1 - k, i + 1);
            k = resume[k - 1] as number;
          }
        }
      };
    });
  return (text) => {
    if (typeof text !== 'string' || text === '' || searches.length === 0) return text;
    const spans: Spans = [];
    for (const search of searches) search(text, spans);
    const removed = applySpans(text, spans);
    // A secret that the marker itself spells (it overlaps `[REDACTED]`) takes the whole text with it.
    return removed.includes(secret) ? REDACTED : removed;
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

interface DeepOptions {
  /** Redact the keys too: the caller chose them, as in clientMetadata (default: false). */
  readonly keys?: boolean;
  /** Replace the whole value of a key that names a personal attribute, as `email` (default: false). */
  readonly personal?: boolean;
}

/**
 * Applies a redactor to every string and number in a JSON-like value, at any depth.
 *
 * @example
 * ```ts
 * logger.info('custom message', redactDeep({ reason, findings }, redact) as Record<string, unknown>);
 * ```
 */
const redactDeep = (
  value: unknown,
  redact: (text: string) => string,
  options: DeepOptions = {},
  key?: string,
): unknown => {
  if (options.personal && value != null && (PERSONAL_ATTRIBUTES as readonly unknown[]).includes(key))
    return REDACTED;
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return redact(String(value)) === String(value) ? value : REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, options));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [
      options.keys ? redact(name) : name,
      redactDeep(item, redact, options, name),
    ]),
  );
};

/**
 * An event as it may be logged: every attribute value replaced except those {@link isShownAttribute} names (which are
 * redacted as text), clientMetadata's keys and values redacted, any value under a personal attribute's name replaced,
 * and every other string redacted.
 *
 * @example
 * ```ts
 * if (logEvent) fields.event = loggableEvent(event, redact);
 * ```
 */
const loggableEvent = (event: unknown, redact: (text: string) => string): unknown => {
  const each = (record: Record<string, unknown>, map: (key: string, value: unknown) => unknown) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(key, value)]));
  const personal = { personal: true };
  if (!isRecord(event) || !isRecord(event.request)) return redactDeep(event, redact, personal);
  const request = each(event.request, (key, value) =>
    key === 'userAttributes' && isRecord(value)
      ? each(value, (name, item) => (isShownAttribute(name) ? redactDeep(item, redact) : REDACTED))
      : redactDeep(value, redact, { personal: true, keys: key === 'clientMetadata' }, key),
  );
  return each(event, (key, value) =>
    key === 'request' ? request : redactDeep(value, redact, personal, key),
  );
};

/** Fields the kit writes from its own configuration and constants, never from the event: written as they are. */
const KIT_FIELDS: ReadonlySet<string> = new Set([
  'outcome',
  'brand',
  'brandSource',
  'locale',
  'localeSource',
  'brandConfig',
  'parts',
  'wording',
  'encoding',
  'segments',
  'smsType',
  'senderId',
  'attempts',
  'messageId',
]);

/**
 * A log line's fields as they are written: the event through `showEvent` (default: {@link loggableEvent}), the fields
 * the kit writes from its own configuration and constants (outcome, brand, locale and their sources, parts, …) as they
 * are, and every other field, error descriptions included, redacted.
 *
 * @example
 * ```ts
 * logger.info('custom message', loggableFields({ ...line, outcome }, redact));
 * ```
 */
const loggableFields = (
  fields: Readonly<Record<string, unknown>>,
  redact: (text: string) => string,
  showEvent: (event: unknown, redact: (text: string) => string) => unknown = loggableEvent,
): Record<string, unknown> => {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    shown[key] = KIT_FIELDS.has(key)
      ? value
      : key === 'event'
        ? showEvent(value, redact)
        : redactDeep(value, redact);
  return shown;
};

/** A property of anything thrown, or `undefined` when reading it throws (a getter, a Proxy's trap). */
const read = (value: unknown, key: string): unknown => {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};

/** What {@link describeError} logs of a thrown value. */
interface ErrorDescription {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly httpStatusCode?: number;
  readonly stack?: string;
}

/**
 * Anything thrown, as a log line shows it: name, message, `code` and the AWS SDK's HTTP status when there are, and the
 * stack only when asked for (a template's own bug; an SNS refusal needs none), every text redacted. It never throws,
 * whatever was thrown: a Symbol, a null-prototype object, a Proxy whose traps throw.
 *
 * @example
 * ```ts
 * logger.warn('custom message', { reason: 'template threw', error: describeError(error, redact, { stack: true }) });
 * ```
 */
const describeError = (
  error: unknown,
  redact: (text: string) => string,
  options: { readonly stack?: boolean } = {},
): ErrorDescription => {
  const [name, message, code, stack, metadata] = ['name', 'message', 'code', 'stack', '$metadata'].map(
    (key) => read(error, key),
  );
  const status = read(metadata, 'httpStatusCode');
  let text = message;
  if (typeof text !== 'string')
    try {
      text = String(error);
    } catch {
      // No `toString`, or one that throws: a null-prototype object, a Proxy.
      text = `[${typeof error}]`;
    }
  return {
    name: typeof name === 'string' ? redact(name) : typeof error,
    message: redact(text as string),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: redact(String(code)) } : {}),
    ...(typeof status === 'number' ? { httpStatusCode: status } : {}),
    ...(options.stack && typeof stack === 'string' ? { stack: redact(stack) } : {}),
  };
};

export type { ErrorDescription, RedactableEvent };
export {
  createRedactor,
  describeError,
  isShownAttribute,
  loggableEvent,
  loggableFields,
  PERSONAL_ATTRIBUTES,
  REDACTED,
  redactDeep,
  secretRemover,
};
