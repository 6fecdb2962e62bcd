/** @module cli/shorthand — how aws-cli 2.9.19 reads `--user-attributes` and `--client-metadata` words, and what it prints when it cannot. */

/**
 * The exit statuses aws-cli 2.9.19 ends with when it cannot read a parameter.
 *
 * @example
 * ```ts
 * if (error instanceof CliParseError && error.exitCode === CliExitCode.General) console.error('aws itself crashed');
 * ```
 */
const CliExitCode = {
  /** A parse error or a botocore parameter validation failure. */
  ParamValidation: 252,
  /** An exception aws does not expect, printed as Python's bare message (e.g. `string index out of range`). */
  General: 255,
} as const;
type CliExitCode = (typeof CliExitCode)[keyof typeof CliExitCode];

/**
 * What aws-cli 2.9.19 prints when it cannot turn a parameter's words into a request value.
 * `message` is the text aws prints, without the empty line it writes before it and the newline after it;
 * `stderr` is the whole text, byte for byte.
 *
 * @example
 * ```ts
 * try {
 *   parseUserAttributes(['Name']);
 * } catch (error) {
 *   if (error instanceof CliParseError) process.stderr.write(error.stderr); // exit with error.exitCode
 * }
 * ```
 */
class CliParseError extends Error {
  override readonly name = 'CliParseError';
  readonly exitCode: CliExitCode;
  constructor(message: string, exitCode: CliExitCode = CliExitCode.ParamValidation, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
  /** The exact stderr text: aws writes a newline, the message and a newline. */
  get stderr(): string {
    return `\n${this.message}\n`;
  }
}

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

// Python values, as botocore sees them. They are kept apart because botocore's messages print them in
// Python's own notation: `1` and `1.0`, `{'a': 'b'}` (shorthand) and `OrderedDict([('a', 'b')])` (JSON).
class PyDict {
  readonly entries = new Map<string, PyValue>();
  constructor(readonly ordered: boolean) {}
}
/** str, int (bigint), float (number), bool, None (null), list, dict or OrderedDict. */
type PyValue = string | bigint | number | boolean | null | PyValue[] | PyDict;

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
const codePointLength = (text: string): number => [...text].length;

// aws runs on Python 3.11 with Unicode 14.0: characters assigned since then are unprintable there, and repr()
// escapes them, while Node's newer Unicode tables call them printable.
const ASSIGNED_AFTER_UNICODE_14 = (
  '88f 897 c5c cdc cf3 ece 1acf-1add 1ae0-1aeb 1b4e-1b4f 1b7f 1c89-1c8a 20c1 2427-2429 2b96 2ffc-2fff 31e4-31e5 ' +
  '31ef a7cb-a7cf a7d2 a7d4 a7da-a7dc a7f1 fbc3-fbd2 fd90-fd91 fdc8-fdce 105c0-105f3 10940-10959 10d40-10d65 ' +
  '10d69-10d85 10d8e-10d8f 10ec2-10ec7 10ed0-10ed8 10efa-10eff 1123f-11241 11380-11389 1138b 1138e 11390-113b5 ' +
  '113b7-113c0 113c2 113c5 113c7-113ca 113cc-113d5 113d7-113d8 113e1-113e2 116d0-116e3 11b00-11b09 11b60-11b67 ' +
  '11bc0-11be1 11bf0-11bf9 11db0-11ddb 11de0-11de9 11f00-11f10 11f12-11f3a 11f3e-11f5a 1342f 13440-13455 ' +
  '13460-143fa 16100-16139 16d40-16d79 16ea0-16eb8 16ebb-16ed3 16ff2-16ff6 187f8-187ff 18cff 18d09-18d1e ' +
  '18d80-18df2 1b132 1b155 1cc00-1ccfc 1cd00-1ceb3 1ceba-1ced0 1cee0-1cef0 1d2c0-1d2d3 1df25-1df2a 1e030-1e06d ' +
  '1e08f 1e4d0-1e4f9 1e5d0-1e5fa 1e5ff 1e6c0-1e6de 1e6e0-1e6f5 1e6fe-1e6ff 1f6d8 1f6dc 1f774-1f77f 1f7d9 ' +
  '1f8b2-1f8bb 1f8c0-1f8c1 1f8d0-1f8d8 1fa54-1fa57 1fa75-1fa77 1fa87-1fa8a 1fa8e-1fa8f 1faad-1faaf 1fabb-1fabf ' +
  '1fac6 1fac8 1facd-1facf 1fada-1fadc 1fadf 1fae8-1faea 1faef 1faf7-1faf8 1fbcb-1fbef 1fbfa 2b739-2b73f ' +
  '2cea2-2cead 2ebf0-2ee5d 31350-33479'
)
  .split(' ')
  .map((range) => {
    const [low, high = low] = range.split('-').map((hex) => Number.parseInt(hex, 16));
    return [low!, high!] as const;
  });
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const isPrintable = (character: string, codePoint: number): boolean =>
  !NOT_PRINTABLE.test(character) &&
  !ASSIGNED_AFTER_UNICODE_14.some(([low, high]) => codePoint >= low && codePoint <= high);

const hex = (codePoint: number, width: number) => codePoint.toString(16).padStart(width, '0');

const stringRepr = (text: string): string => {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (character === quote || character === '\\') out += `\\${character}`;
    else if (character === '\t') out += '\\t';
    else if (character === '\n') out += '\\n';
    else if (character === '\r') out += '\\r';
    else if (codePoint < 0x20 || codePoint === 0x7f) out += `\\x${hex(codePoint, 2)}`;
    else if (codePoint < 0x7f || isPrintable(character, codePoint)) out += character;
    else if (codePoint <= 0xff) out += `\\x${hex(codePoint, 2)}`;
    else if (codePoint <= 0xffff) out += `\\u${hex(codePoint, 4)}`;
    else out += `\\U${hex(codePoint, 8)}`;
  }
  return out + quote;
};

// Python prints the shortest digits that read back as the same double, as JS does, but switches to exponent
// notation at other thresholds and always shows a fraction or an exponent.
const floatRepr = (value: number): string => {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = ''] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const significand = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${significand}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits.padEnd(exponent + 1, '0')}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
};

const repr = (value: PyValue): string => {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return floatRepr(value);
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  const items = [...value.entries];
  if (!value.ordered)
    return `{${items.map(([key, item]) => `${stringRepr(key)}: ${repr(item)}`).join(', ')}}`;
  if (items.length === 0) return 'OrderedDict()';
  return `OrderedDict([${items.map(([key, item]) => `(${stringRepr(key)}, ${repr(item)})`).join(', ')}])`;
};

const pythonClass = (value: PyValue): string => {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return value.ordered ? 'collections.OrderedDict' : 'dict';
};

// ---------------------------------------------------------------------------------------------------------------
// The shorthand grammar. Positions count code points, as Python's do, so the input is held as an array of them.

/** A failure the parser reports as is: a duplicate key. */
class ShorthandError extends Error {}
/** A failure the comma-separated list rule recovers from by stepping back to the last comma. */
class ShorthandSyntaxError extends ShorthandError {}
/** Python's RecursionError: aws prints its bare message and exits with 255. */
class PythonRecursionError extends Error {}

const RECURSION_LIMIT_EXCEEDED = 'maximum recursion depth exceeded';
const recursionError = (error: PythonRecursionError) =>
  new CliParseError(error.message, CliExitCode.General, { cause: error });

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
// Python 3.11's json.loads(value, object_pairs_hook=OrderedDict), with its C scanner's error positions.

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
// 978 levels in a `[…]` user attributes word or a client metadata word, and 975 in each `{…}` attribute word.
const JSON_MAX_DEPTH = { list: 978, member: 975, map: 978 } as const;

class JsonDecoder {
  private depth = 0;
  constructor(
    private readonly chars: readonly string[],
    private readonly maxDepth: number,
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
    const object = new PyDict(true);
    const done = (end: number): [PyDict, number] => {
      if (this.depth + 1 > this.maxDepth)
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
// botocore's parameter validation of the two members, with its messages.

// Printing a value counts each nested repr() against the same recursion limit: a list costs one level, an
// OrderedDict three (itself, the list of its items, each item's tuple). Measured with /usr/bin/aws 2.9.19.
const REPR_MAX_DEPTH = 981;
const deepest = (values: Iterable<PyValue>, floor: number): number => {
  let depth = floor;
  for (const value of values) depth = Math.max(depth, reprDepth(value));
  return depth;
};
const reprDepth = (value: PyValue): number => {
  if (Array.isArray(value)) return 1 + deepest(value, 0);
  if (!(value instanceof PyDict) || value.entries.size === 0) return 1;
  return (value.ordered ? 3 : 1) + deepest(value.entries.values(), 1);
};

const invalidType = (name: string, value: PyValue, validTypes: string): string => {
  if (reprDepth(value) > REPR_MAX_DEPTH)
    throw new PythonRecursionError(`${RECURSION_LIMIT_EXCEEDED} while getting the repr of an object`);
  const printed = typeof value === 'string' ? value : repr(value);
  return `Invalid type for parameter ${name}, value: ${printed}, type: <class '${pythonClass(value)}'>, valid types: ${validTypes}`;
};

const validateString = (value: PyValue, name: string, minLength: number, errors: string[]): void => {
  if (typeof value !== 'string') errors.push(invalidType(name, value, "<class 'str'>"));
  else if (codePointLength(value) < minLength)
    errors.push(
      `Invalid length for parameter ${name}, value: ${codePointLength(value)}, valid min length: ${minLength}`,
    );
};

// AttributeType: Name (AttributeNameType, min 1) is required; Value (AttributeValueType) has no minimum.
const ATTRIBUTE_MEMBERS: ReadonlyMap<string, number> = new Map([
  ['Name', 1],
  ['Value', 0],
]);

const validateAttributeList = (value: PyValue, name: string, errors: string[]): void => {
  if (!Array.isArray(value)) {
    errors.push(invalidType(name, value, "<class 'list'>, <class 'tuple'>"));
    return;
  }
  value.forEach((item, i) => {
    const itemName = `${name}[${i}]`;
    if (!(item instanceof PyDict)) {
      errors.push(invalidType(itemName, item, "<class 'dict'>"));
      return;
    }
    if (!item.entries.has('Name')) errors.push(`Missing required parameter in ${itemName}: "Name"`);
    for (const key of item.entries.keys())
      if (!ATTRIBUTE_MEMBERS.has(key))
        errors.push(`Unknown parameter in ${itemName}: "${key}", must be one of: Name, Value`);
    for (const [key, member] of item.entries) {
      const minLength = ATTRIBUTE_MEMBERS.get(key);
      if (minLength !== undefined) validateString(member, `${itemName}.${key}`, minLength, errors);
    }
  });
};

const validateStringMap = (value: PyValue, name: string, errors: string[]): void => {
  if (!(value instanceof PyDict)) {
    errors.push(invalidType(name, value, "<class 'dict'>"));
    return;
  }
  for (const [key, member] of value.entries) validateString(member, `${name}.${key}`, 0, errors);
};

/** Runs botocore's checks of one member and throws what aws prints when any fails. */
const validate = (
  value: PyValue,
  check: (value: PyValue, name: string, errors: string[]) => void,
  name: string,
) => {
  const errors: string[] = [];
  try {
    check(value, name, errors);
  } catch (error) {
    if (error instanceof PythonRecursionError) throw recursionError(error);
    throw error;
  }
  if (errors.length > 0) throw new CliParseError(`Parameter validation failed:\n${errors.join('\n')}`);
};

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
 * Turns the words after `--user-attributes` into `UserAttributes`, as aws-cli 2.9.19 does for
 * `admin-update-user-attributes` and `update-user-attributes`. Each word is one attribute in shorthand
 * (`Name=email,Value=a@b.c`), unless the first word starts with `[` or `{`: then a single `[…]` word is the whole
 * list in JSON, and otherwise every word must be one `{…}` JSON object. No words give an empty list, as in aws.
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
  let value: PyValue;
  const [first] = words;
  if (first !== undefined && looksLikeJson(first)) {
    if (words.length === 1 && pyLstrip(first).startsWith('['))
      value = loadJson(first, cliName, JSON_MAX_DEPTH.list);
    else
      value = words.map((word) => {
        const start = pyLstrip(word)[0];
        // aws indexes the first character of an empty or blank word and fails with Python's IndexError.
        if (start === undefined) throw new CliParseError('string index out of range', CliExitCode.General);
        if (start !== '{') throw paramError(cliName, `Invalid JSON:\n${word}`);
        return loadJson(word, cliName, JSON_MAX_DEPTH.member);
      });
  } else value = words.map((word) => parseShorthandWord(word, cliName, SHORTHAND_FRAME_LIMIT.perWord));
  validate(value, validateAttributeList, 'UserAttributes');
  return (value as PyDict[]).map((item) => Object.fromEntries(item.entries) as unknown as AttributeType);
};

/**
 * Turns the word after `--client-metadata` into `ClientMetadata`, as aws-cli 2.9.19 does: shorthand
 * (`brand=globex,locale=fr-CA`), or JSON when the word starts with `{`.
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
  let value: PyValue;
  if (looksLikeJson(word)) {
    if (!pyLstrip(word).startsWith('{')) throw paramError(cliName, `Invalid JSON:\n${word}`);
    value = loadJson(word, cliName, JSON_MAX_DEPTH.map);
  } else value = parseShorthandWord(word, cliName, SHORTHAND_FRAME_LIMIT.single);
  validate(value, validateStringMap, 'ClientMetadata');
  return Object.fromEntries((value as PyDict).entries) as Record<string, string>;
};

export type { AttributeType, ShorthandValue };
export {
  CLIENT_METADATA_OPTION,
  CliExitCode,
  CliParseError,
  parseClientMetadata,
  parseShorthand,
  parseUserAttributes,
  USER_ATTRIBUTES_OPTION,
};
