/**
 * @module cli/aws/python/json-decode — Python 3.11's `json.loads`, with its C scanner's error messages and positions,
 * its int/float distinction and its recursion limit. aws reads parameter values with `object_pairs_hook=OrderedDict`,
 * and `--cli-input-json` without.
 */
import { PythonRecursionError, RECURSION_LIMIT_EXCEEDED } from './errors.js';
import { PyDict, type PyValue } from './repr.js';

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

/**
 * Decodes JSON text as Python's `json.loads` does: ints as bigints and floats as numbers, objects as PyDicts (ordered
 * ones through `object_pairs_hook=OrderedDict`), and Python's RecursionError past `maxDepth` nested containers, the
 * depth the caller's stack leaves.
 *
 * @example
 * ```ts
 * new JsonDecoder([...'{"a": 1}'], 978).decode(); // OrderedDict([('a', 1)])
 * ```
 */
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

export { INT_MAX_STR_DIGITS, JsonDecoder, JsonError };
