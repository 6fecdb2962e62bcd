/** @module cognito/characters — locating and describing characters that break Cognito's patterns. */

/** Where a character sits in a message, so a template author can find it. */
interface CharacterPosition {
  /** UTF-16 offset, as JavaScript's `String.prototype.indexOf` counts. */
  readonly index: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in code points. */
  readonly column: number;
  /** The code point in `U+XXXX` form. */
  readonly codePoint: string;
  /** A readable name for the characters templates most often let slip in, else the Unicode category. */
  readonly description: string;
}

const NAMES: Readonly<Record<number, string>> = {
  160: 'NO-BREAK SPACE',
  173: 'SOFT HYPHEN',
  8199: 'FIGURE SPACE',
  8201: 'THIN SPACE',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8232: 'LINE SEPARATOR',
  8233: 'PARAGRAPH SEPARATOR',
  8239: 'NARROW NO-BREAK SPACE',
  8288: 'WORD JOINER',
  65279: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};

// Only needed to describe a character that broke a rule, so built then rather than at import.
const CATEGORIES: readonly (readonly [string, string])[] = [
  ['Zs', 'space separator (Zs)'],
  ['Zl', 'line separator (Zl)'],
  ['Zp', 'paragraph separator (Zp)'],
  ['Cc', 'control character (Cc)'],
  ['Cf', 'format character (Cf)'],
  ['Cs', 'lone surrogate (Cs)'],
  ['Co', 'private use character (Co)'],
  ['Cn', 'unassigned code point (Cn)'],
];

const formatCodePoint = (codePoint: number): string =>
  `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

const describeCharacter = (character: string): string => {
  const codePoint = character.codePointAt(0) ?? 0;
  const name = NAMES[codePoint];
  if (name !== undefined) return name;
  if (codePoint === 0x09) return 'CHARACTER TABULATION';
  if (codePoint === 0x0a) return 'LINE FEED';
  if (codePoint === 0x0d) return 'CARRIAGE RETURN';
  for (const [category, label] of CATEGORIES)
    if (new RegExp(`\\p{${category}}`, 'u').test(character)) return label;
  return 'character';
};

/**
 * Finds every match of a global, unicode-aware pattern and reports where each one is.
 *
 * @param text - the message to search
 * @param pattern - a regular expression with the `g` and `u` flags, matching one character at a time
 * @param limit - stop after this many positions (default: 10)
 */
const findCharacters = (
  text: string,
  pattern: RegExp,
  limit = 10,
): { positions: CharacterPosition[]; count: number } => {
  const positions: CharacterPosition[] = [];
  let count = 0;
  let line = 1;
  let lineStart = 0;
  for (const match of text.matchAll(pattern)) {
    count++;
    if (positions.length >= limit) continue;
    const index = match.index;
    for (let i = text.indexOf('\n', lineStart); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const character = match[0];
    positions.push({
      index,
      line,
      column: [...text.slice(lineStart, index)].length + 1,
      codePoint: formatCodePoint(character.codePointAt(0) ?? 0),
      description: describeCharacter(character),
    });
  }
  return { positions, count };
};

export type { CharacterPosition };
export { describeCharacter, findCharacters, formatCodePoint };
