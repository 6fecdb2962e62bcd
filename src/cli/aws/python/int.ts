/** @module cli/aws/python/int — Python's `int(text)`, as aws turns a word into an integer parameter. */
import { PythonError } from './errors.js';
import { INT_MAX_STR_DIGITS } from './json-decode.js';
import { pyStrip, stringRepr } from './repr.js';

const DECIMAL_DIGIT = /^\p{Nd}$/u;

// A decimal digit's value: Unicode lays out each script's digits as a run of ten, zero first.
const digitValue = (digit: string): number => {
  const codePoint = digit.codePointAt(0)!;
  let zero = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (codePoint - zero) % 10;
};

/**
 * Python's `int(text)`: surrounding whitespace, a sign, decimal digits of any script, and single underscores between
 * digits.
 *
 * @throws {PythonError} Python's ValueError: `invalid literal for int() with base 10: 'x'`, or Python's limit of 4300 digits
 * @example
 * ```ts
 * pythonInt(' +1_000 '); // 1000n
 * ```
 */
const pythonInt = (text: string): bigint => {
  const invalid = () =>
    new PythonError('ValueError', `invalid literal for int() with base 10: ${stringRepr(text)}`);
  const stripped = pyStrip(text);
  const sign = stripped[0] === '-' || stripped[0] === '+' ? stripped[0] : '';
  const characters = [...stripped.slice(sign.length)];
  let digits = '';
  for (const [index, character] of characters.entries()) {
    if (character === '_') {
      const next = characters[index + 1];
      if (index === 0 || next === undefined || next === '_') throw invalid();
    } else if (DECIMAL_DIGIT.test(character)) digits += String(digitValue(character));
    else throw invalid();
  }
  if (digits === '') throw invalid();
  if (digits.length > INT_MAX_STR_DIGITS)
    throw new PythonError(
      'ValueError',
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  const value = BigInt(digits);
  return sign === '-' ? -value : value;
};

export { pythonInt };
