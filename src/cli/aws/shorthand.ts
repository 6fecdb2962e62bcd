/**
 * @module cli/aws/shorthand — aws-cli 2.9.19's shorthand syntax parser (`Name=email,Value=a@b.c`, `k=[a,b]`,
 * `k={a=b}`), with its error messages, its backtracking and its recursion limit.
 */
import { PythonRecursionError, RECURSION_LIMIT_EXCEEDED } from './python/errors.js';
import { PY_WHITESPACE, PyDict, type PyValue, pyRstrip } from './python/repr.js';

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

/**
 * Parses one shorthand word into a dict of strings, lists and dicts, as aws's ShorthandParser does before any model
 * is applied. Positions count code points, as Python's do, so the input is an array of them.
 *
 * @example
 * ```ts
 * new ShorthandParser([...'Name=email,Value=a@b.c']).parse(); // {'Name': 'email', 'Value': 'a@b.c'}
 * ```
 */
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

export { SHORTHAND_FRAME_LIMIT, ShorthandError, ShorthandParser, ShorthandSyntaxError };
