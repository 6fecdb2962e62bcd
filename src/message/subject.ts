/** @module message/subject — email subject lines that Cognito accepts and that cannot inject headers. */
import { EMAIL_SUBJECT_MAX_LENGTH, lazyRegExp } from '../cognito/limits.js';

const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const invisible = lazyRegExp('[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}]', 'gu');
const otherSpaces = lazyRegExp('\\p{Zs}', 'gu');
const ELLIPSIS = '…';
/**
 * A subject already clean: printable ASCII and U+00A1–U+02FF less the soft hyphen (letters and symbols, none of them
 * control, format or space characters), with no leading, trailing or doubled spaces.
 */
const PLAIN = /^(?:[\x21-\x7e\u00a1-\u00ac\u00ae-\u02ff]+(?: [\x21-\x7e\u00a1-\u00ac\u00ae-\u02ff]+)*)?$/;

/**
 * Makes a subject line safe: line breaks and tabs become a space, other control and format characters are
 * removed, unusual spaces become plain ones, runs of spaces collapse, and a subject longer than Cognito's limit is
 * cut at a character boundary and ends with "…".
 *
 * @param text - the subject as the template wrote it
 * @param maxLength - the longest subject to return (default: 140, Cognito's limit)
 *
 * @example
 * ```ts
 * emailSubject('Welcome\r\nBcc: x@example.com'); // 'Welcome Bcc: x@example.com'
 * ```
 */
const emailSubject = (text: string, maxLength = EMAIL_SUBJECT_MAX_LENGTH): string => {
  if (text.length <= maxLength && PLAIN.test(text)) return text;
  const clean = text
    .replace(LINE_BREAKS_AND_TABS, ' ')
    .replace(invisible(), '')
    .replace(otherSpaces(), ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return truncate(clean, maxLength);
};

/**
 * Cuts text to at most `maxLength` UTF-16 code units without splitting a surrogate pair, ending it with "…" when
 * something was cut. Useful for names in subjects and SMS, which Cognito limits to 140 characters.
 *
 * @example
 * ```ts
 * truncate('Maximiliane', 6); // 'Maxim…'
 * ```
 */
const truncate = (text: string, maxLength: number): string => {
  if (text.length <= maxLength) return text;
  if (maxLength <= 0) return '';
  let end = maxLength - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, Math.max(0, end)).trimEnd()}${ELLIPSIS}`;
};

export { emailSubject, truncate };
