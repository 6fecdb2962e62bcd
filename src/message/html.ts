/** @module message/html — an `html` tagged template that escapes every interpolation unless told otherwise. */
import { emailMessageForbidden, UNCOMMON_CHARACTER } from '../cognito/limits.js';

/**
 * HTML that is already safe to place in a message: produced by {@link html} or marked with {@link raw}.
 * Its `toString()` gives the markup.
 */
class SafeHtml {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

/** What an `html` template accepts between `${…}`. `null`, `undefined` and `false` render nothing. */
type HtmlValue = string | number | bigint | boolean | null | undefined | SafeHtml | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/*
 * Cognito rejects an email body holding any character outside [\p{L}\p{M}\p{S}\p{N}\p{P}\s*] (Java's \s), such as
 * the no-break space that HTML renderers emit. A numeric character reference shows the same character in the
 * user's mail client and is plain ASCII, so both escaping and the template's own text write those characters
 * that way. Control characters have no place in HTML text and are dropped; lone surrogates become U+FFFD.
 */
const ESCAPED = /[&<>"']/g;
/** Anything `escapeHtml` would change: one cheap scan lets most values through untouched. */
const NEEDS_ESCAPE = /[&<>"']|[^\t\n\v\f\r\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff]/;

const encodeCharacter = (character: string): string => {
  const escaped = ESCAPES[character];
  if (escaped !== undefined) return escaped;
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return '&#xFFFD;';
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return '';
  return `&#x${codePoint.toString(16).toUpperCase()};`;
};

/**
 * Escapes text for HTML text and quoted attribute values: `& < > " '`, and every character an email body may not
 * carry in Cognito, which becomes a numeric character reference.
 *
 * @example
 * ```ts
 * escapeHtml('<b>Zoë</b>'); // '&lt;b&gt;Zoë&lt;/b&gt;'
 * ```
 */
const escapeHtml = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? encodeForEmailPattern(text.replace(ESCAPED, encodeCharacter)) : text;

/** Writes the characters Cognito's email pattern rejects as character references, leaving markup alone. */
const encodeForEmailPattern = (markup: string): string =>
  UNCOMMON_CHARACTER.test(markup) ? markup.replace(emailMessageForbidden(), encodeCharacter) : markup;

/** The template text of each `html` call site, encoded once: a call site's strings array is always the same object. */
const encodedStatics = new WeakMap<TemplateStringsArray, readonly string[]>();
const staticsOf = (strings: TemplateStringsArray): readonly string[] => {
  let encoded = encodedStatics.get(strings);
  if (encoded === undefined) {
    encoded = strings.map(encodeForEmailPattern);
    encodedStatics.set(strings, encoded);
  }
  return encoded;
};

/**
 * Marks markup as safe so that {@link html} inserts it as it is: for markup compiled at build time, or HTML built
 * by another trusted renderer. Never pass user attributes or client metadata through `raw()`.
 *
 * @example
 * ```ts
 * const footer = raw(compiledFooterMarkup);
 * html`<main>${body}</main>${footer}`;
 * ```
 */
const raw = (markup: string): SafeHtml => new SafeHtml(markup);

const render = (value: HtmlValue): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/**
 * Builds HTML in which every interpolated value is escaped, so user attributes and client metadata cannot add
 * markup. Nest `html` templates, or use {@link raw}, to insert markup.
 *
 * @example
 * ```ts
 * const body = html`<p>Hello ${userAttributes.given_name},</p><p>Your code is <b>${codeParameter}</b></p>`;
 * ```
 */
const html = (strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml => {
  const statics = staticsOf(strings);
  let out = statics[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]);
    out += statics[i + 1] ?? '';
  }
  return new SafeHtml(out);
};

export type { HtmlValue };
export { encodeForEmailPattern, escapeHtml, html, raw, SafeHtml };
