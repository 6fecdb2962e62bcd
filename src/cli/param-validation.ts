/** @module cli/param-validation — botocore's checks of a request before aws sends it, over values as Python holds them. */
import { SHAPES, type ShapeDefinition, type ShapeName } from './skeleton.js';

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

// Python writes to stderr with errors='backslashreplace': a lone surrogate, which a JSON `\ud800` escape can put in
// a string, comes out as its escape.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const backslashReplace = (text: string): string =>
  text.replace(LONE_SURROGATE, (surrogate) => `\\u${surrogate.charCodeAt(0).toString(16)}`);

/**
 * What aws-cli 2.9.19 prints when it cannot turn a parameter into a request value, or when botocore rejects the
 * request. `message` is the text aws prints, without the empty line it writes before it and the newline after it;
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
    return `\n${backslashReplace(this.message)}\n`;
  }
}

// Python values, as botocore sees them. They are kept apart because botocore's messages print them in
// Python's own notation: `1` and `1.0`, `{'a': 'b'}` (shorthand, --cli-input-json) and `OrderedDict([('a', 'b')])`
// (a JSON parameter value, which aws reads with object_pairs_hook=OrderedDict).
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
 * str, int (bigint), float (number), bool, None (null), list, dict or OrderedDict.
 *
 * @example
 * ```ts
 * const port: PyValue = 8080n; // an int; 8080 would be the float 8080.0
 * ```
 */
type PyValue = string | bigint | number | boolean | null | PyValue[] | PyDict;

/** Python's RecursionError: aws prints its bare message and exits with 255. */
class PythonRecursionError extends Error {}

const RECURSION_LIMIT_EXCEEDED = 'maximum recursion depth exceeded';
const recursionError = (error: PythonRecursionError) =>
  new CliParseError(error.message, CliExitCode.General, { cause: error });

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

// ---------------------------------------------------------------------------------------------------------------
// botocore's ParamValidator: every problem of the request, in its order, in one report.

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

// What `%s` makes of a value: a string as it is, anything else as its repr().
const str = (value: PyValue): string => {
  if (typeof value === 'string') return value;
  if (reprDepth(value) > REPR_MAX_DEPTH)
    throw new PythonRecursionError(`${RECURSION_LIMIT_EXCEEDED} while getting the repr of an object`);
  return repr(value);
};

type ShapeType = ShapeDefinition['type'];

const VALID_TYPES: Readonly<Record<ShapeType, string>> = {
  structure: "<class 'dict'>",
  map: "<class 'dict'>",
  list: "<class 'list'>, <class 'tuple'>",
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  boolean: "<class 'bool'>",
  timestamp: "<class 'datetime.datetime'>, timestamp-string",
  blob: "<class 'bytes'>, <class 'bytearray'>, file-like object",
};

// botocore's isinstance() checks. A bool is also an int in Python. For a timestamp botocore tries dateutil's
// parser on a string; no operation's input here has a timestamp, so any string or number passes.
const hasType = (value: PyValue, type: ShapeType): boolean => {
  switch (type) {
    case 'structure':
    case 'map':
      return value instanceof PyDict;
    case 'list':
      return Array.isArray(value);
    case 'string':
    case 'blob':
      return typeof value === 'string';
    case 'integer':
    case 'long':
      return typeof value === 'bigint' || typeof value === 'boolean';
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return ['string', 'number', 'bigint', 'boolean'].includes(typeof value);
  }
};

// botocore names the request itself `input` and drops the dot before a top-level member.
const displayName = (path: string): string => (path === '' ? 'input' : path.replace(/^\./, ''));

const check = (value: PyValue, shapeName: ShapeName, path: string, problems: string[]): void => {
  const shape: ShapeDefinition<ShapeName> = SHAPES[shapeName];
  const name = displayName(path);
  if (!hasType(value, shape.type)) {
    problems.push(
      `Invalid type for parameter ${name}, value: ${str(value)}, type: <class '${pythonClass(value)}'>, valid types: ${VALID_TYPES[shape.type]}`,
    );
    return;
  }
  switch (shape.type) {
    case 'structure': {
      const { entries } = value as PyDict;
      const members = new Map(Object.entries(shape.members));
      for (const required of shape.required ?? [])
        if (!entries.has(required)) problems.push(`Missing required parameter in ${name}: "${required}"`);
      for (const key of entries.keys())
        if (!members.has(key))
          problems.push(
            `Unknown parameter in ${name}: "${key}", must be one of: ${[...members.keys()].join(', ')}`,
          );
      for (const [key, member] of entries) {
        const target = members.get(key);
        if (target !== undefined) check(member, target, `${path}.${key}`, problems);
      }
      return;
    }
    case 'list': {
      const items = value as PyValue[];
      if (shape.min !== undefined && items.length < shape.min)
        problems.push(
          `Invalid length for parameter ${name}, value: ${items.length}, valid min length: ${shape.min}`,
        );
      items.forEach((item, index) => {
        check(item, shape.member, `${path}[${index}]`, problems);
      });
      return;
    }
    case 'map':
      for (const [key, entry] of (value as PyDict).entries) {
        check(key, shape.key, `${path} (key: ${key})`, problems);
        check(entry, shape.value, `${path}.${key}`, problems);
      }
      return;
    case 'string': {
      const length = codePointLength(value as string);
      if (shape.min !== undefined && length < shape.min)
        problems.push(
          `Invalid length for parameter ${name}, value: ${length}, valid min length: ${shape.min}`,
        );
      return;
    }
    case 'integer':
    case 'long': {
      const number = typeof value === 'boolean' ? BigInt(value) : (value as bigint);
      if (shape.min !== undefined && number < BigInt(shape.min))
        problems.push(
          `Invalid value for parameter ${name}, value: ${str(value)}, valid min value: ${shape.min}`,
        );
      return;
    }
    default:
      return;
  }
};

/**
 * Checks a value against a shape of the cognito-idp model as botocore does before aws sends a request: types,
 * required and unknown members, and `min` of strings, lists and integers (it leaves `max`, patterns and enums to
 * the service). Members are checked in the value's own order, which for a request is the options given on the
 * command line, in the model's order, then the members only `--cli-input-json` has, in its order.
 *
 * @param value - the request, or one member of it
 * @param shape - the shape to check it against
 * @param name - the member's name in messages, such as `UserAttributes` (default: `''`, the request, which
 *   messages call `input`)
 * @throws {CliParseError} `Parameter validation failed:` and one line for each problem, exit status 252; or
 *   Python's recursion error, exit status 255, when a value is nested too deep for aws to print it
 *
 * @example
 * ```ts
 * const request = new PyDict(false);
 * request.entries.set('Username', 123n);
 * validateParameters(request, 'AdminGetUserRequest');
 * // Parameter validation failed:
 * // Missing required parameter in input: "UserPoolId"
 * // Invalid type for parameter Username, value: 123, type: <class 'int'>, valid types: <class 'str'>
 * ```
 */
const validateParameters = (value: PyValue, shape: ShapeName, name = ''): void => {
  const problems: string[] = [];
  try {
    check(value, shape, name, problems);
  } catch (error) {
    if (error instanceof PythonRecursionError) throw recursionError(error);
    throw error;
  }
  if (problems.length > 0) throw new CliParseError(`Parameter validation failed:\n${problems.join('\n')}`);
};

/**
 * A value checked by {@link validateParameters} as the plain JavaScript the local engine takes: dicts become
 * objects, Python ints numbers.
 *
 * @example
 * ```ts
 * toJavaScript(request); // { UserPoolId: 'us-west-2_aaaaaaaaa', Username: 'zoe' }
 * ```
 */
const toJavaScript = (value: PyValue): unknown => {
  if (value instanceof PyDict)
    return Object.fromEntries([...value.entries].map(([key, item]) => [key, toJavaScript(item)]));
  if (Array.isArray(value)) return value.map(toJavaScript);
  if (typeof value === 'bigint') return Number(value);
  return value;
};

export type { PyValue };
export {
  CliExitCode,
  CliParseError,
  PyDict,
  PythonRecursionError,
  pythonClass,
  RECURSION_LIMIT_EXCEEDED,
  recursionError,
  repr,
  toJavaScript,
  validateParameters,
};
