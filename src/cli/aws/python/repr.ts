/**
 * @module cli/aws/python/repr — values as the Python 3.11 that runs aws-cli 2.9.19 holds and prints them: `repr()`,
 * `str()`, `isspace()`, and the Unicode 14 idea of what is printable.
 */
import { PythonRecursionError, RECURSION_LIMIT_EXCEEDED } from './errors.js';

/**
 * A Python dict, or an OrderedDict when `ordered`; both keep their keys in insertion order, and a key given again
 * keeps its first place and takes the last value, as Python's json module does.
 *
 * @example
 * ```ts
 * const request = new PyDict(false);
 * request.entries.set('Username', 'zoe');
 * ```
 */
class PyDict {
  readonly entries = new Map<string, PyValue>();
  constructor(readonly ordered: boolean) {}
}

/**
 * str, int (bigint), float (number), bool, None (null), list, dict or OrderedDict. They are kept apart because aws's
 * messages print them in Python's own notation: `1` and `1.0`, `{'a': 'b'}` and `OrderedDict([('a', 'b')])`.
 *
 * @example
 * ```ts
 * const port: PyValue = 8080n; // an int; 8080 would be the float 8080.0
 * ```
 */
type PyValue = string | bigint | number | boolean | null | PyValue[] | PyDict;

/**
 * A JSON value as Python's `json` module gives it, with keys in insertion order: what botocore makes of a response.
 *
 * @example
 * ```ts
 * const value: JsonValue = { Username: 'zoe', Enabled: true };
 * ```
 */
type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

// Python 3.11's str.isspace(), which also is what `\s` and strip() use.
const PY_WHITESPACE: ReadonlySet<string> = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
);

/** Python's `str.isspace()` for one character. */
const isPythonSpace = (character: string): boolean => PY_WHITESPACE.has(character);

/** Python's `str.rstrip()`. */
const pyRstrip = (text: string): string => {
  let end = text.length;
  while (end > 0 && PY_WHITESPACE.has(text[end - 1]!)) end--;
  return text.slice(0, end);
};

/** Python's `str.lstrip()`. */
const pyLstrip = (text: string): string => {
  let start = 0;
  while (start < text.length && PY_WHITESPACE.has(text[start]!)) start++;
  return text.slice(start);
};

/** Python's `str.strip()`. */
const pyStrip = (text: string): string => pyLstrip(pyRstrip(text));

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

/**
 * Python's repr() of a str: single quotes unless the text has one and no double quote, and escapes for what is not
 * printable in Unicode 14.
 *
 * @example
 * ```ts
 * stringRepr("it's"); // "\"it's\""
 * ```
 */
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

/**
 * Python's repr() of a float: the shortest digits that read back as the same double, as JavaScript prints them, but
 * with Python's thresholds for exponent notation and always a fraction or an exponent.
 *
 * @example
 * ```ts
 * floatRepr(1e16); // '1e+16'
 * floatRepr(3); // '3.0'
 * ```
 */
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

/**
 * Python's repr() of a value.
 *
 * @example
 * ```ts
 * repr(['a', 1n, 1.5, null]); // "['a', 1, 1.5, None]"
 * ```
 */
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

/**
 * What `'%s' % value` makes of a value: a string as it is, anything else as its repr(), and Python's RecursionError
 * for a value nested deeper than aws can print.
 *
 * @throws {PythonRecursionError} for a value nested too deep
 * @example
 * ```ts
 * str(1n); // '1'
 * ```
 */
const str = (value: PyValue): string => {
  if (typeof value === 'string') return value;
  if (reprDepth(value) > REPR_MAX_DEPTH)
    throw new PythonRecursionError(`${RECURSION_LIMIT_EXCEEDED} while getting the repr of an object`);
  return repr(value);
};

/**
 * The name of a value's Python class, as `<class '…'>` shows it.
 *
 * @example
 * ```ts
 * pythonClass(null); // 'NoneType'
 * ```
 */
const pythonClass = (value: PyValue): string => {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return value.ordered ? 'collections.OrderedDict' : 'dict';
};

/**
 * A number as Python prints what `json.loads` made of it. JSON.parse keeps no difference between `1` and `1.0`, so
 * whole numbers below 1e16 count as Python ints and everything else as floats (`0.5`, `1e-05`, `1e+16`).
 *
 * @example
 * ```ts
 * pythonNumber(3600); // '3600'
 * pythonNumber(0.00001); // '1e-05'
 * ```
 */
const pythonNumber = (value: number): string =>
  Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : floatRepr(value);

const isJsonObject = (value: JsonValue): value is { readonly [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON value as the Python value `json.loads` gives (objects as plain dicts), so that it prints as Python prints it.
 *
 * @example
 * ```ts
 * repr(fromJson({ a: [1, 0.5] })); // "{'a': [1, 0.5]}"
 * ```
 */
const fromJson = (value: JsonValue): PyValue => {
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) < 1e16 ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (isJsonObject(value)) {
    const dict = new PyDict(false);
    for (const [key, item] of Object.entries(value)) dict.entries.set(key, fromJson(item));
    return dict;
  }
  return value as string | boolean | null;
};

/**
 * A value as Python's `str()` prints it, which is what the text and table formats show: `True`, `False`, `None`,
 * numbers as Python writes them, strings as they are, and a list or dict as its repr().
 *
 * @example
 * ```ts
 * pythonString(true); // 'True'
 * ```
 */
const pythonString = (value: JsonValue): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonNumber(value);
  return repr(fromJson(value));
};

export type { JsonValue, PyValue };
export {
  floatRepr,
  fromJson,
  isPythonSpace,
  PY_WHITESPACE,
  PyDict,
  pyLstrip,
  pyRstrip,
  pyStrip,
  pythonClass,
  pythonNumber,
  pythonString,
  repr,
  str,
  stringRepr,
};
