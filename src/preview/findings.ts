/**
 * @module preview/findings — a broken rule as the gallery shows it: the finding, and the characters at fault, from
 * their positions when the message is at hand, else from the code points the finding's text names.
 */
import type { Finding } from '../cognito/rules.js';
import type { PreviewFinding } from './model.js';

const CODE_POINT = /U\+[0-9A-F]{4,6}/g;
/** Characters of context on each side of an offending one, and how many are shown in context. */
const CONTEXT = 32;
const MAX_EXCERPTS = 3;

/** The code points a finding's text names, each once: `U+00A0 NO-BREAK SPACE at index 12 …` → `['U+00A0']`. */
const codePointsIn = (detail: string): string[] => [...new Set(detail.match(CODE_POINT) ?? [])];

const excerptsOf = (text: string, positions: NonNullable<Finding['positions']>) =>
  positions.slice(0, MAX_EXCERPTS).map(({ index }) => {
    const character = String.fromCodePoint(text.codePointAt(index) ?? 0xfffd);
    return {
      before: text.slice(Math.max(0, index - CONTEXT), index),
      character,
      after: text.slice(index + character.length, index + character.length + CONTEXT),
    };
  });

/**
 * A rule finding for the gallery; `text` is the field's value as the function answered it, when at hand.
 *
 * @example
 * ```ts
 * previewFinding({ rule: 'character-pattern', field: 'emailMessage', severity: 'error', detail: 'U+00A0 …' });
 * ```
 */
const previewFinding = (
  finding: {
    readonly rule: string;
    readonly field: string;
    readonly severity: Finding['severity'];
    readonly detail: string;
    readonly positions?: Finding['positions'];
  },
  text?: string,
): PreviewFinding => ({
  rule: finding.rule,
  field: finding.field,
  severity: finding.severity,
  detail: finding.detail,
  ...(finding.positions ? { positions: finding.positions } : {}),
  characters: finding.positions
    ? [...new Set(finding.positions.map((position) => position.codePoint))]
    : codePointsIn(finding.detail),
  ...(finding.positions && text !== undefined ? { excerpts: excerptsOf(text, finding.positions) } : {}),
});

/** The character a `U+XXXX` code point stands for. */
const characterOf = (codePoint: string): string =>
  String.fromCodePoint(Number.parseInt(codePoint.slice(2), 16));

export { characterOf, codePointsIn, previewFinding };
