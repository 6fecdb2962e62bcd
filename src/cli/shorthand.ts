/** @module cli/shorthand — how aws-cli 2.9.19 reads `--user-attributes`, `--client-metadata` and `--cli-input-json`, and what it prints when it cannot. */
import {
  CliExitCode,
  CliParseError,
  PyDict,
  PythonRecursionError,
  type PyValue,
  pythonClass,
  RECURSION_LIMIT_EXCEEDED,
  recursionError,
  repr,
  validateParameters,
} from './param-validation.js';

/**
 * A value as the shorthand parser builds it: a string, a list, or a map of further values.
 *
 * @example
 * ```ts
 * const value: ShorthandValue = parseShorthand('k=[a,{b=c}]').k; // ['a', { b: 'c' }]
 * ```
 */
type ShorthandValue = string | readonly ShorthandValue[] | { readonly [key: string]: ShorthandValue };

/**
 * One entry of `UserAttributes`, as Cognito's `AttributeType`. A missing Value is sent as no Value at all.
 *
 * @example
 * ```ts
 * const attribute: AttributeType = { Name: 'custom:brand', Value: 'globex' };
 * ```
 */
interface AttributeType {
  readonly Name: string;
  readonly Value?: string;
}

// Python 3.11's str.isspace(), which also is what `\s` and strip() use.
const PY_WHITESPACE = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
);
const pyRstrip = (text: string): string => {
  let end = text.length;
  while (end > 0 && PY_WHITESPACE.has(text[end - 1]!)) end--;
  return text.slice(0, end);
};
const pyLstrip = (text: string): string => {
  let start = 0;
  while (start < text.length && PY_WHITESPACE.has(text[start]!)) start++;
  return text.slice(start);
};

// ---------------------------------------------------------------------------------------------------------------
// The shorthand grammar. Positions count code points, as Python's do, so the input is held as an array of them.

/** A failure the parser reports as is: a duplicate key. */
class ShorthandError extends Error {}
/** A failure the comma-separated list rule recovers from by stepping back to the last comma. */
class ShorthandSyntaxError extends ShorthandError {}

const errorLocation = (chars: readonly string[], index: number): string => {
  let consumed = chars.join('');
  let remaining = '';
  const lastNewline = chars.lastIndexOf('\n', index - 1);
  const spaces = index > 0 && lastNewline !== -1 ? index - lastNewline - 1 : index;
  const nextNewline = chars.indexOf('\n', index);
  if (nextNewline !== -1) {
    consumed = chars.slice(0, nextNewline).join('');
    remaining = chars.slice(nextNewline).join('');
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
};

const KEY_CHARACTERS = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.#/:');
// Python's string.whitespace: the separators the grammar skips, narrower than what strip() removes.
const SEPARATOR_WHITESPACE = new Set(' \t\n\r\v\f');

// The character classes of an unquoted value. None reaches past U+FFFF, so an emoji cannot appear unquoted.
const isBmp = (codePoint: number) => codePoint >= 0x21 && codePoint <= 0xffff;
const startsValue = (c: string, codePoint: number) => isBmp(codePoint) && !'"\',=[{'.includes(c);
const continuesFirstValue = (c: string, codePoint: number) =>
  PY_WHITESPACE.has(c) || (isBmp(codePoint) && !'"\',]}'.includes(c));
const continuesLaterValue = (c: string, codePoint: number) =>
  PY_WHITESPACE.has(c) || (isBmp(codePoint) && !'"\',='.includes(c));

// The Python parser recurses twice for each `[` or `{` it enters, and meets Python's recursion limit after
// about 485 levels. Depths count Python frames from the parse call, where a list or hash at nesting level k runs
// at depth 2k; the limits were measured with /usr/bin/aws 2.9.19, and `--user-attributes` parses each word one
// frame deeper (inside a list comprehension) than `--client-metadata` parses its word.
const SHORTHAND_FRAME_LIMIT = { perWord: 975, single: 976 } as const;

class ShorthandParser {
  private index = 0;
  private level = 0;
  constructor(
    private readonly chars: readonly string[],
    private readonly frameLimit: number = SHORTHAND_FRAME_LIMIT.single,
  ) {}

  // The deepest frame an operation reaches, `frames` below the current list or hash: every frame is a Python
  // call except, when `lastIsRegex`, the last, a regex match in C, which Python reports differently.
  private reach(frames: number, lastIsRegex: boolean): void {
    const deepest = 2 * this.level + frames;
    if (deepest <= this.frameLimit) return;
    const cCall = lastIsRegex && deepest === this.frameLimit + 1;
    throw new PythonRecursionError(
      `${RECURSION_LIMIT_EXCEEDED}${cCall ? ' while calling a Python object' : ''}`,
    );
  }

  parse(): PyDict {
    const params = new PyDict(false);
    const [firstKey, firstValue] = this.keyValue();
    params.entries.set(firstKey, firstValue);
    let lastIndex = this.index;
    while (!this.atEnd()) {
      this.expect(',', true);
      const [key, value] = this.keyValue();
      if (params.entries.has(key))
        throw new ShorthandError(
          `Second instance of key "${key}" encountered for input:\n${errorLocation(this.chars, lastIndex + 1)}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      params.entries.set(key, value);
      lastIndex = this.index;
    }
    return params;
  }

  private keyValue(): [string, PyValue] {
    const key = this.key();
    this.expect('=', true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.index;
    while (!this.atEnd() && KEY_CHARACTERS.has(this.current()!)) this.index++;
    return this.chars.slice(start, this.index).join('');
  }

  private values(): PyValue {
    if (this.atEnd()) return '';
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  // `k=a,b` is the list ['a', 'b'], but in `k=a,b=c` the comma starts the next key: the parser finds out only
  // when it meets the `=`, and then steps back to the comma.
  private csvValue(): PyValue {
    const first = this.firstValue();
    this.skipWhitespace();
    if (this.atEnd() || this.current() !== ',') return first;
    this.expect(',', true);
    const list: PyValue[] = [first];
    for (;;) {
      try {
        const value = this.laterValue();
        this.skipWhitespace();
        if (this.atEnd()) {
          list.push(value);
          break;
        }
        this.expect(',', true);
        list.push(value);
      } catch (error) {
        if (!(error instanceof ShorthandSyntaxError) || this.atEnd()) throw error;
        while (this.index >= 0 && this.chars[this.index] !== ',') this.index--;
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private explicitList(): PyValue[] {
    this.level++;
    this.reach(3, false);
    this.expect('[', true);
    const list: PyValue[] = [];
    while (this.current() !== ']') {
      list.push(this.explicitValue());
      this.skipWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.skipWhitespace();
      }
    }
    this.expect(']');
    this.level--;
    return list;
  }

  private hashLiteral(): PyDict {
    this.level++;
    this.reach(3, false);
    this.expect('{', true);
    const hash = new PyDict(false);
    while (this.current() !== '}') {
      const key = this.key();
      this.expect('=', true);
      const value = this.explicitValue();
      this.skipWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.skipWhitespace();
      }
      hash.entries.set(key, value);
    }
    this.expect('}');
    this.level--;
    return hash;
  }

  private explicitValue(): PyValue {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private firstValue(): string {
    const quoted = this.quotedValue();
    if (quoted !== undefined) return quoted;
    this.reach(5, true);
    return this.unquoted(continuesFirstValue) ?? '';
  }

  private laterValue(): string {
    const quoted = this.quotedValue();
    if (quoted !== undefined) return quoted;
    const value = this.unquoted(continuesLaterValue);
    if (value === undefined) throw this.syntaxError('<second>', '<none>');
    return value;
  }

  private unquoted(continues: (c: string, codePoint: number) => boolean): string | undefined {
    const start = this.index;
    let end = start;
    while (end < this.chars.length) {
      const c = this.chars[end]!;
      if (c === '\\' && this.chars[end + 1] === ',') end += 2;
      else if ((end === start ? startsValue : continues)(c, c.codePointAt(0)!)) end += 1;
      else break;
    }
    if (end === start) return undefined;
    this.index = end;
    return pyRstrip(this.chars.slice(start, end).join('').replaceAll('\\,', ','));
  }

  private quotedValue(): string | undefined {
    const quote = this.current();
    if (quote !== '"' && quote !== "'") return undefined;
    this.reach(7, true);
    const close = this.closingQuote(quote);
    if (close === -1)
      throw this.syntaxError(quote === "'" ? '<singled quoted>' : '<double quoted>', '<none>');
    const inner = this.chars.slice(this.index + 1, close).join('');
    this.index = close + 1;
    return inner.replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
  }

  // aws matches a quoted value with a backtracking regex, `'(?:\\\\|\\'|[^'])*'`: its first match in the
  // regex's own order of preference. The closing quote found from each position depends only on that position,
  // so it is computed right to left, in linear time where the regex can take exponential time.
  private closingQuote(quote: string): number {
    const chars = this.chars;
    const found = new Array<number>(chars.length + 2).fill(-1);
    for (let i = chars.length - 1; i > this.index; i--) {
      const c = chars[i];
      let close = -1;
      if (c === '\\' && (chars[i + 1] === '\\' || chars[i + 1] === quote)) close = found[i + 2]!;
      if (close === -1 && c !== quote) close = found[i + 1]!;
      if (close === -1 && c === quote) close = i;
      found[i] = close;
    }
    return found[this.index + 1]!;
  }

  private expect(expected: string, skipWhitespace = false): void {
    if (skipWhitespace) this.skipWhitespace();
    if (this.atEnd()) throw this.syntaxError(expected, 'EOF');
    if (this.current() !== expected) throw this.syntaxError(expected, this.current()!);
    this.index++;
    if (skipWhitespace) this.skipWhitespace();
  }

  private syntaxError(expected: string, received: string): ShorthandSyntaxError {
    return new ShorthandSyntaxError(
      `Expected: '${expected}', received: '${received}' for input:\n${errorLocation(this.chars, this.index)}`,
    );
  }

  private skipWhitespace(): void {
    while (!this.atEnd() && SEPARATOR_WHITESPACE.has(this.current()!)) this.index++;
  }

  private current(): string | undefined {
    return this.chars[this.index];
  }

  private atEnd(): boolean {
    return this.index >= this.chars.length;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Python 3.11's json.loads(value), with its C scanner's error positions; aws reads parameter values with
// object_pairs_hook=OrderedDict, and --cli-input-json without.

/** json.JSONDecodeError or ValueError: aws prints its text after `Invalid JSON: `. */
class JsonError extends Error {}
/** The scanner's StopIteration: no value starts at `index`. */
class NoValue {
  constructor(readonly index: number) {}
}

const JSON_WHITESPACE = new Set(' \t\n\r');
const INT_MAX_STR_DIGITS = 4300;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const JSON_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

// Python counts each JSON list or object it enters, and the OrderedDict built after an object, against the
// recursion limit it shares with the frames already on the stack. Measured with /usr/bin/aws 2.9.19: JSON may nest
// 978 levels in a `[…]` user attributes word or a client metadata word, 975 in each `{…}` attribute word, and 979
// in --cli-input-json, counting its outer object.
const JSON_MAX_DEPTH = { list: 978, member: 975, map: 978, cliInput: 979 } as const;

class JsonDecoder {
  private depth = 0;
  constructor(
    private readonly chars: readonly string[],
    private readonly maxDepth: number,
    /** Objects become OrderedDicts, through object_pairs_hook (default: true). */
    private readonly ordered = true,
  ) {}

  decode(): PyValue {
    try {
      const [value, end] = this.scan(this.skip(0));
      if (this.skip(end) !== this.chars.length) throw this.error('Extra data', this.skip(end));
      return value;
    } catch (error) {
      if (error instanceof NoValue) throw this.error('Expecting value', error.index);
      throw error;
    }
  }

  private error(message: string, position: number): JsonError {
    const before = this.chars.slice(0, position);
    const line = before.filter((c) => c === '\n').length + 1;
    const column = position - before.lastIndexOf('\n');
    return new JsonError(`${message}: line ${line} column ${column} (char ${position})`);
  }

  private skip(index: number): number {
    let i = index;
    while (i < this.chars.length && JSON_WHITESPACE.has(this.chars[i]!)) i++;
    return i;
  }

  private matches(index: number, word: string): boolean {
    return (
      index + word.length <= this.chars.length &&
      this.chars.slice(index, index + word.length).join('') === word
    );
  }

  private scan(index: number): [PyValue, number] {
    const c = this.chars[index];
    if (c === undefined) throw new NoValue(index);
    if (c === '"') return this.string(index + 1);
    if (c === '{' || c === '[') {
      if (++this.depth > this.maxDepth)
        throw new PythonRecursionError(
          `${RECURSION_LIMIT_EXCEEDED} while decoding a JSON ${c === '{' ? 'object' : 'array'} from a unicode string`,
        );
      const result = c === '{' ? this.object(index + 1) : this.array(index + 1);
      this.depth--;
      return result;
    }
    if (this.matches(index, 'null')) return [null, index + 4];
    if (this.matches(index, 'true')) return [true, index + 4];
    if (this.matches(index, 'false')) return [false, index + 5];
    if (this.matches(index, 'NaN')) return [Number.NaN, index + 3];
    if (this.matches(index, 'Infinity')) return [Number.POSITIVE_INFINITY, index + 8];
    if (this.matches(index, '-Infinity')) return [Number.NEGATIVE_INFINITY, index + 9];
    return this.number(index);
  }

  private number(start: number): [PyValue, number] {
    const chars = this.chars;
    const last = chars.length - 1;
    let i = start;
    if (chars[i] === '-' && ++i > last) throw new NoValue(start);
    if (chars[i]! >= '1' && chars[i]! <= '9') while (isDigit(chars[++i]));
    else if (chars[i] === '0') i++;
    else throw new NoValue(start);
    let isFloat = false;
    // A fraction needs a digit after the dot, and an exponent a digit after `e` and its sign; otherwise the
    // number ends before them and what follows is left to the caller.
    if (i < last && chars[i] === '.' && isDigit(chars[i + 1])) {
      isFloat = true;
      i += 2;
      while (isDigit(chars[i])) i++;
    }
    if (i < last && (chars[i] === 'e' || chars[i] === 'E')) {
      const exponentStart = i++;
      if (i < last && (chars[i] === '-' || chars[i] === '+')) i++;
      while (isDigit(chars[i])) i++;
      if (isDigit(chars[i - 1])) isFloat = true;
      else i = exponentStart;
    }
    const text = chars.slice(start, i).join('');
    if (isFloat) return [Number(text), i];
    const digits = text.replace('-', '').length;
    if (digits > INT_MAX_STR_DIGITS)
      throw new JsonError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
      );
    return [BigInt(text), i];
  }

  private hexValue(from: number, errorAt: number): number {
    const digits = this.chars.slice(from, from + 4);
    if (!digits.every((d) => HEX_DIGIT.test(d))) throw this.error('Invalid \\uXXXX escape', errorAt);
    return Number.parseInt(digits.join(''), 16);
  }

  private string(afterQuote: number): [string, number] {
    const chars = this.chars;
    const begin = afterQuote - 1;
    let end = afterQuote;
    let out = '';
    for (;;) {
      let next = end;
      while (next < chars.length && chars[next] !== '"' && chars[next] !== '\\') {
        if (chars[next]!.codePointAt(0)! <= 0x1f) throw this.error('Invalid control character at', next);
        next++;
      }
      if (next === chars.length) throw this.error('Unterminated string starting at', begin);
      out += chars.slice(end, next).join('');
      if (chars[next] === '"') return [out, next + 1];
      next++;
      if (next === chars.length) throw this.error('Unterminated string starting at', begin);
      const escaped = chars[next]!;
      if (escaped !== 'u') {
        const simple = JSON_ESCAPES.get(escaped);
        if (simple === undefined) throw this.error('Invalid \\escape', next - 1);
        out += simple;
        end = next + 1;
        continue;
      }
      end = next + 5;
      if (end >= chars.length) throw this.error('Invalid \\uXXXX escape', next);
      let codePoint = this.hexValue(next + 1, next);
      // A high surrogate joins a following low one; Python needs a character after the pair to try this.
      if (
        codePoint >= 0xd800 &&
        codePoint <= 0xdbff &&
        end + 6 < chars.length &&
        chars[end] === '\\' &&
        chars[end + 1] === 'u'
      ) {
        const low = this.hexValue(end + 2, end + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
          end += 6;
        }
      }
      out += String.fromCodePoint(codePoint);
    }
  }

  private object(afterBrace: number): [PyDict, number] {
    const chars = this.chars;
    const object = new PyDict(this.ordered);
    const done = (end: number): [PyDict, number] => {
      if (this.ordered && this.depth + 1 > this.maxDepth)
        throw new PythonRecursionError(`${RECURSION_LIMIT_EXCEEDED} while calling a Python object`);
      return [object, end];
    };
    let i = this.skip(afterBrace);
    if (chars[i] === '}') return done(i + 1);
    for (;;) {
      if (chars[i] !== '"') throw this.error('Expecting property name enclosed in double quotes', i);
      const [key, afterKey] = this.string(i + 1);
      i = this.skip(afterKey);
      if (chars[i] !== ':') throw this.error("Expecting ':' delimiter", i);
      const [value, afterValue] = this.scan(this.skip(i + 1));
      object.entries.set(key, value);
      i = this.skip(afterValue);
      if (chars[i] === '}') return done(i + 1);
      if (chars[i] !== ',') throw this.error("Expecting ',' delimiter", i);
      i = this.skip(i + 1);
    }
  }

  private array(afterBracket: number): [PyValue[], number] {
    const chars = this.chars;
    const array: PyValue[] = [];
    let i = this.skip(afterBracket);
    if (chars[i] === ']') return [array, i + 1];
    for (;;) {
      const [value, afterValue] = this.scan(i);
      array.push(value);
      i = this.skip(afterValue);
      if (chars[i] === ']') return [array, i + 1];
      if (chars[i] !== ',') throw this.error("Expecting ',' delimiter", i);
      i = this.skip(i + 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// From words to values, as awscli's argprocess decides between shorthand and JSON.

/**
 * The user attributes option, as aws names it in its messages.
 *
 * @example
 * ```ts
 * const words = argv.slice(argv.indexOf(USER_ATTRIBUTES_OPTION) + 1);
 * ```
 */
const USER_ATTRIBUTES_OPTION = '--user-attributes';
/**
 * The client metadata option, as aws names it in its messages.
 *
 * @example
 * ```ts
 * const word = argv[argv.indexOf(CLIENT_METADATA_OPTION) + 1];
 * ```
 */
const CLIENT_METADATA_OPTION = '--client-metadata';

const paramError = (cliName: string, message: string, cause?: unknown) =>
  new CliParseError(
    `Error parsing parameter '${cliName}': ${message}`,
    CliExitCode.ParamValidation,
    cause === undefined ? undefined : { cause },
  );

const parseShorthandWord = (word: string, cliName: string, frameLimit: number): PyDict => {
  try {
    return new ShorthandParser([...word], frameLimit).parse();
  } catch (error) {
    if (error instanceof ShorthandError) throw paramError(cliName, error.message, error);
    if (error instanceof PythonRecursionError) throw recursionError(error);
    throw error;
  }
};

const loadJson = (text: string, cliName: string, maxDepth: number): PyValue => {
  try {
    return new JsonDecoder([...text], maxDepth).decode();
  } catch (error) {
    if (error instanceof JsonError)
      throw paramError(cliName, `Invalid JSON: ${error.message}\nJSON received: ${text}`, error);
    if (error instanceof PythonRecursionError) throw recursionError(error);
    throw error;
  }
};

// For a single `file://` or `fileb://` word aws reads the file and parses its text as the whole value, not as
// one word of a list; parsing words never reads files, so it refuses rather than guess.
const rejectParamFile = (word: string | undefined, cliName: string): void => {
  if (word?.startsWith('file://') || word?.startsWith('fileb://'))
    throw new RangeError(`${cliName} ${word}: aws would read this file; parsing words does not`);
};

const looksLikeJson = (word: string): boolean => /^[[{]/.test(pyLstrip(word));

const toShorthandValue = (value: PyValue): ShorthandValue => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toShorthandValue);
  if (value instanceof PyDict)
    return Object.fromEntries([...value.entries].map(([key, item]) => [key, toShorthandValue(item)]));
  throw new TypeError(`not a shorthand value: ${repr(value)}`);
};

/**
 * Parses one shorthand word, such as `Name=email,Value=a@b.c`, exactly as aws-cli 2.9.19 does, before it
 * checks the result against any model: `k=a,b` is a list, `k=[a,b]` a list, `k={a=b}` a map, `k=` the empty
 * string. Quoted values keep their commas; `\,` is a comma in an unquoted value.
 *
 * @param text - one shell word, after the shell has removed its own quoting
 * @param options.cliName - the option named in error messages, as in `Error parsing parameter '--user-attributes': …`;
 *   without it (default), the error message is the parser's text alone
 * @throws {CliParseError} with aws's message, for a syntax error or a key given twice
 *
 * @example
 * ```ts
 * parseShorthand('Name=name,Value=Smith\\, John'); // { Name: 'name', Value: 'Smith, John' }
 * parseShorthand('a=b,c'); // { a: ['b', 'c'] }
 * ```
 */
const parseShorthand = (
  text: string,
  options: { readonly cliName?: string } = {},
): Record<string, ShorthandValue> => {
  try {
    return toShorthandValue(new ShorthandParser([...text]).parse()) as Record<string, ShorthandValue>;
  } catch (error) {
    if (error instanceof PythonRecursionError) throw recursionError(error);
    if (!(error instanceof ShorthandError)) throw error;
    if (options.cliName === undefined)
      throw new CliParseError(error.message, CliExitCode.ParamValidation, { cause: error });
    throw paramError(options.cliName, error.message, error);
  }
};

/**
 * The value aws-cli 2.9.19 makes of the words after `--user-attributes`, before botocore checks it: each word is
 * one attribute in shorthand (`Name=email,Value=a@b.c`), unless the first word starts with `[` or `{`: then a single
 * `[…]` word is the whole list in JSON, and otherwise every word must be one `{…}` JSON object. No words give an
 * empty list, as in aws.
 *
 * @param words - the shell words, after the shell has removed its own quoting
 * @param cliName - the option named in error messages (default: `--user-attributes`)
 * @throws {CliParseError} with aws's message and exit status, for a parse error
 *
 * @example
 * ```ts
 * validateParameters(readUserAttributes(['Nmae=x']), 'AttributeListType', 'UserAttributes');
 * // throws: Parameter validation failed: … Unknown parameter in UserAttributes[0]: "Nmae", …
 * ```
 */
const readUserAttributes = (words: readonly string[], cliName = USER_ATTRIBUTES_OPTION): PyValue => {
  const [first] = words;
  if (first === undefined || !looksLikeJson(first))
    return words.map((word) => parseShorthandWord(word, cliName, SHORTHAND_FRAME_LIMIT.perWord));
  if (words.length === 1 && pyLstrip(first).startsWith('['))
    return loadJson(first, cliName, JSON_MAX_DEPTH.list);
  return words.map((word) => {
    const start = pyLstrip(word)[0];
    // aws indexes the first character of an empty or blank word and fails with Python's IndexError.
    if (start === undefined) throw new CliParseError('string index out of range', CliExitCode.General);
    if (start !== '{') throw paramError(cliName, `Invalid JSON:\n${word}`);
    return loadJson(word, cliName, JSON_MAX_DEPTH.member);
  });
};

/**
 * The value aws-cli 2.9.19 makes of the word after `--client-metadata` (or another option taking a map of strings,
 * such as `--auth-parameters`), before botocore checks it: shorthand (`brand=globex,locale=fr-CA`), or JSON when
 * the word starts with `{`.
 *
 * @param word - the shell word, after the shell has removed its own quoting
 * @param cliName - the option named in error messages (default: `--client-metadata`)
 * @throws {CliParseError} with aws's message and exit status, for a parse error
 *
 * @example
 * ```ts
 * readClientMetadata('{"brand":"globex"}', '--auth-parameters'); // an OrderedDict, as aws reads JSON values
 * ```
 */
const readClientMetadata = (word: string, cliName = CLIENT_METADATA_OPTION): PyValue => {
  if (!looksLikeJson(word)) return parseShorthandWord(word, cliName, SHORTHAND_FRAME_LIMIT.single);
  if (!pyLstrip(word).startsWith('{')) throw paramError(cliName, `Invalid JSON:\n${word}`);
  return loadJson(word, cliName, JSON_MAX_DEPTH.map);
};

/**
 * Turns the words after `--user-attributes` into `UserAttributes`, as aws-cli 2.9.19 does for
 * `admin-update-user-attributes` and `update-user-attributes`: {@link readUserAttributes}, then botocore's checks
 * of the list alone.
 *
 * @param words - the shell words, after the shell has removed its own quoting
 * @param cliName - the option named in error messages (default: `--user-attributes`)
 * @throws {CliParseError} with aws's message and exit status, for a parse error or a botocore validation failure
 * @throws {RangeError} for a single `file://` or `fileb://` word, whose file aws would read
 *
 * @example
 * ```ts
 * parseUserAttributes(['Name=custom:CustomAttr1,Value=Purple', 'Name=email_verified,Value=true']);
 * // [{ Name: 'custom:CustomAttr1', Value: 'Purple' }, { Name: 'email_verified', Value: 'true' }]
 * parseUserAttributes(['Nmae=x']); // throws: Parameter validation failed: … Unknown parameter in UserAttributes[0]: "Nmae", …
 * ```
 */
const parseUserAttributes = (words: readonly string[], cliName = USER_ATTRIBUTES_OPTION): AttributeType[] => {
  if (words.length === 1) rejectParamFile(words[0], cliName);
  const value = readUserAttributes(words, cliName);
  validateParameters(value, 'AttributeListType', 'UserAttributes');
  return (value as PyDict[]).map((item) => Object.fromEntries(item.entries) as unknown as AttributeType);
};

/**
 * Turns the word after `--client-metadata` into `ClientMetadata`, as aws-cli 2.9.19 does: {@link readClientMetadata},
 * then botocore's checks of the map alone.
 *
 * @param word - the shell word, after the shell has removed its own quoting
 * @param cliName - the option named in error messages (default: `--client-metadata`)
 * @throws {CliParseError} with aws's message and exit status, for a parse error or a botocore validation failure
 * @throws {RangeError} for a `file://` or `fileb://` word, whose file aws would read
 *
 * @example
 * ```ts
 * parseClientMetadata('brand=globex,locale=fr-CA'); // { brand: 'globex', locale: 'fr-CA' }
 * parseClientMetadata('{"brand":"globex"}'); // { brand: 'globex' }
 * ```
 */
const parseClientMetadata = (word: string, cliName = CLIENT_METADATA_OPTION): Record<string, string> => {
  rejectParamFile(word, cliName);
  const value = readClientMetadata(word, cliName);
  validateParameters(value, 'ClientMetadataType', 'ClientMetadata');
  return Object.fromEntries((value as PyDict).entries) as Record<string, string>;
};

/**
 * The request members `--cli-input-json` gives, as aws-cli 2.9.19 reads its text: Python's `json.loads`, whose
 * objects are plain dicts. Nothing is checked against the model yet: botocore does that once the members given
 * as options are merged in.
 *
 * @param text - the option's value, or the file's text for `file://`
 * @throws {CliParseError} `Error parsing parameter 'cli-input-json': Invalid JSON received.`, or
 *   `… '--cli-input-json': Invalid type: expecting map, …` for JSON that is not an object, exit status 252;
 *   Python's recursion error, exit status 255, for JSON nested deeper than aws can read
 *
 * @example
 * ```ts
 * loadCliInputJson('{"UserPoolId": "us-west-2_aaaaaaaaa", "Username": 123}').entries.get('Username'); // 123n
 * ```
 */
const loadCliInputJson = (text: string): PyDict => {
  let value: PyValue;
  try {
    value = new JsonDecoder([...text], JSON_MAX_DEPTH.cliInput, false).decode();
  } catch (error) {
    if (error instanceof JsonError) throw paramError('cli-input-json', 'Invalid JSON received.', error);
    if (error instanceof PythonRecursionError) throw recursionError(error);
    throw error;
  }
  if (!(value instanceof PyDict))
    throw paramError(
      '--cli-input-json',
      `Invalid type: expecting map, received <class '${pythonClass(value)}'>`,
    );
  return value;
};

export type { AttributeType, ShorthandValue };
export {
  CLIENT_METADATA_OPTION,
  CliExitCode,
  CliParseError,
  loadCliInputJson,
  parseClientMetadata,
  parseShorthand,
  parseUserAttributes,
  readClientMetadata,
  readUserAttributes,
  USER_ATTRIBUTES_OPTION,
};
