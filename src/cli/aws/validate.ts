/**
 * @module cli/aws/validate — botocore's ParamValidator, the one check of a request before aws sends it (and of the
 * sample response `--generate-cli-skeleton output` stubs), over values as Python holds them.
 */
import { asAwsDoes, ParamValidationError } from './errors.js';
import { type ShapeType, shapeNamed } from './model.js';
import { PyDict, type PyValue, pythonClass, str } from './python/repr.js';

const VALID_TYPES: Readonly<Record<ShapeType, string>> = {
  structure: "<class 'dict'>",
  map: "<class 'dict'>",
  list: "<class 'list'>, <class 'tuple'>",
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  boolean: "<class 'bool'>",
  timestamp: "<class 'datetime.datetime'>, timestamp-string",
};

// botocore's isinstance() checks. A bool is also an int in Python. For a timestamp botocore tries dateutil's parser
// on a string; no request of the modeled operations has a timestamp, and a sample's is a datetime.
const hasType = (value: PyValue, type: ShapeType): boolean => {
  switch (type) {
    case 'structure':
    case 'map':
      return value instanceof PyDict;
    case 'list':
      return Array.isArray(value);
    case 'string':
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

// Python's len() counts code points, not UTF-16 units.
const codePointLength = (text: string): number => [...text].length;

// botocore names the request itself `input` and drops the dot before a top-level member.
const displayName = (path: string): string => (path === '' ? 'input' : path.replace(/^\./, ''));

const check = (value: PyValue, shapeName: string, path: string, problems: string[]): void => {
  const shape = shapeNamed(shapeName);
  const name = displayName(path);
  if (!hasType(value, shape.type)) {
    problems.push(
      `Invalid type for parameter ${name}, value: ${str(value)}, type: <class '${pythonClass(value)}'>, valid types: ${VALID_TYPES[shape.type]}`,
    );
    return;
  }
  const belowMin = (actual: number | bigint, kind: 'length' | 'value', shown: string) => {
    if ('min' in shape && shape.min !== undefined && actual < shape.min)
      problems.push(
        `Invalid ${kind} for parameter ${name}, value: ${shown}, valid min ${kind}: ${shape.min}`,
      );
  };
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
      belowMin(items.length, 'length', String(items.length));
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
      belowMin(length, 'length', String(length));
      return;
    }
    case 'integer':
    case 'long': {
      const number = typeof value === 'boolean' ? BigInt(value) : (value as bigint);
      belowMin(number, 'value', str(value));
      return;
    }
    default:
      return;
  }
};

/**
 * Checks a value against a shape of the cognito-idp model as botocore does before aws sends a request: types,
 * required and unknown members, and `min` of strings, lists and integers (it leaves `max`, patterns and enums to the
 * service). Members are checked in the value's own order, which for a request is the options given on the command
 * line, in the model's order, then the members only `--cli-input-json` has, in its order.
 *
 * @param value - the request, or one member of it
 * @param shape - the name of the shape to check it against
 * @param name - the member's name in messages, such as `UserAttributes` (default: `''`, the request, which messages
 *   call `input`)
 * @throws {ParamValidationError} `Parameter validation failed:` and one line for each problem, exit status 252
 * @throws {CliParseError} Python's recursion error, exit status 255, for a value nested too deep for aws to print it
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
const validateParameters = (value: PyValue, shape: string, name = ''): void => {
  const problems: string[] = [];
  asAwsDoes(() => check(value, shape, name, problems));
  if (problems.length > 0) throw new ParamValidationError(problems.join('\n'));
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

export { toJavaScript, validateParameters };
