/**
 * @module cli/aws/output/timestamps — botocore's JSON response parser as the CLI runs it: members in the model's
 * order, absent and null ones left out, unknown ones dropped, and timestamps printed as ISO 8601 in the local zone.
 */
import { operationModel, shapeNamed } from '../model.js';
import type { JsonValue } from '../python/repr.js';
import { isObject, roundHalfEven } from './values.js';

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

// Python's datetime.fromtimestamp(seconds, tzlocal()).isoformat(): microseconds rounded half to even, printed only
// when not zero, and the local offset of that instant.
const isoTimestamp = (whole: number, micros: number): string => {
  const offsetSeconds = Math.round(-new Date(whole * 1000).getTimezoneOffset() * 60);
  const local = new Date((whole + offsetSeconds) * 1000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`;
  const offset = Math.abs(offsetSeconds);
  const offsetSecondsPart = offset % 60 === 0 ? '' : `:${pad(offset % 60)}`;
  const sign = offsetSeconds < 0 ? '-' : '+';
  return `${date}T${time}${fraction}${sign}${pad(Math.floor(offset / 3600))}:${pad(Math.floor(offset / 60) % 60)}${offsetSecondsPart}`;
};

const EPOCH_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

const fromEpochSeconds = (seconds: number): string => {
  let whole = Math.trunc(seconds);
  let micros = roundHalfEven((seconds - whole) * 1e6);
  if (micros >= 1e6) [whole, micros] = [whole + 1, micros - 1e6];
  else if (micros < 0) [whole, micros] = [whole - 1, micros + 1e6];
  return isoTimestamp(whole, micros);
};

// The CLI's default cli_timestamp_format (iso8601) turns every timestamp into text while parsing the response.
const parseTimestamp = (value: unknown): JsonValue => {
  if (value instanceof Date) {
    const milliseconds = value.getTime();
    if (Number.isNaN(milliseconds)) return null;
    const whole = Math.floor(milliseconds / 1000);
    return isoTimestamp(whole, (milliseconds - whole * 1000) * 1000);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return fromEpochSeconds(value);
  if (typeof value === 'string' && EPOCH_TEXT.test(value)) return fromEpochSeconds(Number(value));
  return toJsonValue(value);
};

// A value as json.loads would have made it: undefined members dropped like JSON.stringify drops them.
const toJsonValue = (value: unknown): JsonValue => {
  if (value instanceof Date) return parseTimestamp(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, toJsonValue(entry)]),
    );
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

// botocore's JSON parser: members in the model's order, members that are absent or null left out, unknown keys
// dropped, timestamps parsed.
const parseShape = (name: string, value: unknown): JsonValue => {
  const shape = shapeNamed(name);
  if (shape.type === 'timestamp') return parseTimestamp(value);
  if (shape.type === 'list' && Array.isArray(value))
    return value.map((item) => parseShape(shape.member, item));
  if (shape.type === 'map' && isObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, parseShape(shape.value, entry)]),
    );
  if (shape.type === 'structure' && isObject(value)) {
    const present = Object.entries(shape.members).filter(
      ([member]) => value[member] !== null && value[member] !== undefined,
    );
    return Object.fromEntries(present.map(([member, target]) => [member, parseShape(target, value[member])]));
  }
  return toJsonValue(value);
};

/**
 * A response body as botocore parses it for `operation`: by the model's output shape (an operation without one
 * answers `{}`); an operation the model lacks is printed as given, without `ResponseMetadata`.
 *
 * @example
 * ```ts
 * parseResponse('AdminGetUser', { Username: 'zoe', UserCreateDate: 0, Extra: 1 }); // { Username, UserCreateDate: '1970-…' }
 * ```
 */
const parseResponse = (operation: string, response: unknown): JsonValue => {
  const modeled = operationModel(operation);
  if (modeled) return modeled.output === undefined ? {} : parseShape(modeled.output, response);
  const parsed = toJsonValue(response);
  if (!isObject(parsed) || !Object.hasOwn(parsed, 'ResponseMetadata')) return parsed;
  const { ResponseMetadata: _, ...rest } = parsed;
  return rest;
};

export { parseResponse };
