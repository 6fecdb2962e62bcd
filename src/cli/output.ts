/** @module cli/output — what aws-cli v2 prints for a cognito-idp response or service error, byte for byte. */
import {
  dumpJson,
  type JsonValue,
  type ModeledOperation,
  OPERATIONS,
  pythonNumber,
  SHAPES,
  type ShapeDefinition,
  type ShapeName,
} from './skeleton.js';

/**
 * The `--output` formats this module prints.
 *
 * @example
 * ```ts
 * formatOutput('AdminGetUser', response, OutputFormat.Table);
 * ```
 */
const OutputFormat = { Json: 'json', Text: 'text', Table: 'table' } as const;
type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/**
 * How {@link formatOutput} prints.
 *
 * @example
 * ```ts
 * formatOutput('AdminGetUser', response, 'table', { terminalWidth: process.stdout.columns ?? 80 });
 * ```
 */
interface FormatOptions {
  /**
   * Columns the table may take before the CLI turns one-row sections into key/value rows. The CLI asks the terminal
   * and falls back to 80 when stdout is not one (default: 80).
   */
  readonly terminalWidth?: number;
}

/**
 * What {@link formatServiceError} needs beyond the code and message to tell whether the CLI retried.
 *
 * @example
 * ```ts
 * formatServiceError('AdminGetUser', 'InternalErrorException', 'boom', { httpStatus: 500 });
 * ```
 */
interface ServiceErrorOptions {
  /** The HTTP status of the error response: the CLI retries 500, 502, 503 and 504 (default: none of those). */
  readonly httpStatus?: number;
  /** `AWS_MAX_ATTEMPTS` / `max_attempts` of the CLI's standard retry mode (default: 3). */
  readonly maxAttempts?: number;
}

/**
 * The exit code of `aws` when the service answers with an error.
 *
 * @example
 * ```ts
 * return { stderr: formatServiceError(operation, code, message), exitCode: SERVICE_ERROR_EXIT_CODE };
 * ```
 */
const SERVICE_ERROR_EXIT_CODE = 254;

const DEFAULT_TERMINAL_WIDTH = 80;
const DEFAULT_MAX_ATTEMPTS = 3;

// The codes botocore's standard retry mode retries: its throttling codes and its transient codes.
const RETRIED_ERROR_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const RETRIED_STATUS_CODES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

// Code points Python's unicodedata (Unicode 14.0, as in the Python 3.11 that runs aws-cli 2.9.19) gives an East Asian
// width of W, F or A, which the table format counts as two columns. Ranges in base 36: the gap since the previous
// range, then `+` and the length minus one. Generated with unicodedata.east_asian_width over all code points.
const WIDE_RANGES = [
  '4h,2,2+1,1,2+1,1+4,1+4,1+3,6,9,6+1,5+3,4,1+2,1+1,2,1+1,3+3,1,1,2,f,1,7,a+1,3,5+2,4,6+3,1,3+3,1,',
  '4+1,i+1,3,2q,1,1,1,1,1,1,1,38,f,2q,2,1+2,1,2,7+3,1,1,w+33,8+1,6+3,7,1,3+o,7+g,1+6,1j,e+1r,1,66,',
  '12+1,1e+1,3,1j+7,r+3,6+a,7i,1o+1,2t+d,1n+1,1d+1,f,s+1,1,b+4,v,2+5,6k,8+1,2+1,m,7,1+2,4+1,9+1,',
  '2+1,4+7,1+3,2,5+1,p+1,3,6+3,2+1,m,7,2,2,2+1,1,5+3,2+1,3+2,1+6,4,1+6,h+9,3,9,3,m,7,2,5+1,a,3,3+1,',
  '1+e,4+1,c+6,7,3,8+1,2+1,m,7,2,5+1,9+1,2+1,3+6,3+3,2,5+1,i+9,2,6+2,3,4+2,2,1,2+2,2+2,3+2,c+3,5+2,',
  '3,4+1,1+5,1+d,l+4,d,3,n,g+1,9,3,4+6,2,3+1,1+1,4+1,a+6,m,3,n,a,5+1,9,3,4+6,2+5,2,4+1,a,2+c,d,3,',
  '1f,3,6+3,g+1,q,3,i+2,o,9,1+1,7+2,1+3,6,1,8+5,a+1,3+b,1m+3,t+10,2,1,5,o,1,n+1,5,1,6+1,a+1,4+v,20,',
  '10+3,13,10,f,d+10,5i,1+4,1+1,1c+2n,6h,4+1,7,1,4+1,15,4+1,x,4+1,7,1,4+1,f,1l,4+1,1v+1,w+2,q+5,',
  '2e+1,6+1,il+2,2h+6,m+8,o+8,k+b,d,3,2+b,2m+1,a+5,a+5,q+5,2h+6,17+4,1y+9,v,c+3,c+3,1+2,16+1,5+a,',
  '18+3,q+5,b+2,1q+1,1t,t+1,b+5,a+5,e+1,v+1c,25+2,1b,38+7,1o+2,f+2,1o+6,17+1,b+7,17+4,eu+1,6+1,',
  '12+1,6+1,8,1,1,1,v+1,1h,f,e+1,6,j+1,3,9,g,2+3,1+1,2+1,2+2,1+3,8,1+1,1,5,2,12,c+2,a,1+3,a,d+2,c,',
  'k+e,x+e,3,1,3,9,2,a+1,3,4,13+1,6+3,1+b,4+9,f,2+d,u+1,o,1,i,o,1+1,3+1,2,3,1,3,4,2+3,2,1,1+5,1,',
  '5+3,4+1,a,3,5,d+1,2+3,2+1,2+1,i+1,2+1,d,3,b,p,2a,7+1,d+1,5a+3,3,2,1f+o,b+4e,1+2o,4+z,c+f,2+3,',
  'a+1,1+6,8+1,2+1,4+1,2+1,4+2,2,2+3,g+3,9,d+1,6+1,2,4+1,4+1,6,1,x,1,5+b,c+1,1+2,1+3,1+1,1,f,j,a+1,',
  '1,8+1,h+2,4+t,1,4+n,5,4+1,s,k,e,1,4+2,1,u+9,l+2,o,e,nv+1,1f,4+4,q+1,w,9p+4,19,1+4,1+1,1k+6,2+d,',
  'o+8,7,7,7,7,7,7,7,7,3i+dc,1+5tr,1s+h5b,9o+j,54+7,5n+4,2,1,5+n,1n+2,a+5,1k+7,1y+7,c+5,38+a,1+v,',
  '26,b+3,x,1j+8,e+1,a+1,2v+n,s+9,6+1,6+1,6+8,7,7,1o+3,3i+1,a+8mt,n+3,1d+3,1kw+5bz,7+b,5+4,q,5,1,2,',
  '2,3h+f,cd+1,1i+6,1+v,g+v,g+1r,5,3r+1,1+2o,2m+2,6+1,6+1,6+1,3+a,7+9,4+2,c,q,j,2,f+1,e+x,3f+4,3+3,',
  '19+2,2g,d+2,1+1a,1a+3l,t+2,1d+e,s+3,10+8,u+4,17+4,u,11+3,e+15,4e+1,a+5,10+3,10+3,14+7,1g+a,c,f,',
  '7,2,b,f,7,2+1u,8n+8,m+9,8+n,6,16,9+1w,6+1,1,18,2+2,1+1,n,20+7,9+1b,j,2+4,x+2,r+4,1+1r,1k+3,k+1,',
  '1e,2+4,8,3,t+1,3+3,a+6,9+6,1s+v,13+3,c+8,1i+2,t+1,r+4,q+6,4+b,7+27,21+1i,1f+c,1f+6,1a+7,a+85,v,',
  '16,3+1,2+25,14+7,16+l,q+11,s+j,n+8,26+3,10+8,1w+9,1+1,p+6,a+5,1h,i+7,13+8,2o,k+a,i,18+1s,7,1,4,',
  'f,b+5,1n+4,a+5,4,8+1,2+1,m,7,2,5,a+1,2+1,3+1,1+5,1+4,7+1,7+2,5+3u,2k,5+t,20+7,a+4l,1i+1,12+x,',
  '1x+a,a+5,d+i,1m+5,a+1h,r+1,f+3,n+54,1o+2r,2b+b,8+1,1+1,8,2,u,2+1,c+8,a+1x,8+1,1a+1,b+q,20+7,',
  '2b+c,21+7a,9,19,e+9,t+2,w+1,m,e+20,7,2,18+2,1,2,9+7,a+5,6,2,11,2,6+6,a+8l,p+52,1+e,1e+c,pn+2t,',
  '33,5+a,5g+217,2r+c,tr,9+346,g7+6ns,ft+6,v,a+3,29,a+5,u+1,6+9,1y+9,a,7,l+4,j+j3,2j+2s,23+3,1l+6,',
  'h+f33,2z+4,d+2,9+6,a+1,8+3mj,1a+1,n+8,38+1n,6u+9,13+1,5e+k,1y+49,k+b,2f+8,p+3q,2d,1z,2+1,1+1,',
  '2+1,4,c,1,7,1t,4+1,8,7,s,4,5,1+2,7,9g+1,84+1,ji+e,5,f+un,v+68,7,h+1,7,2,5+5w,19+2,e+1,a+3,2+8v,',
  'v+g,1m+4,1+yn,7,4,2,f,5h+1,g+14,24+3,a+3,2+ls,1w+23,1p+5d,4,r,2,1+1,1,a,4,1,1+5,1+3,1,1,1,3,2,',
  '1+1,1,1,1,1,1,2,1+1,4,7,4,4,1,a,h+4,3,5,h+1f,2+7h,4,13+3,2s+b,f+1,f,e+1,11+k,5+t,2+1l,6+1o,1+1j,',
  'q+80,c+8,1+1x,1+l,c+16,4+4,c+g,3,3+1y,1,1+56,2+1q,d+3,1+n,i,q+1,d,2e+2c,1c+1x,6,3+2,2+a,b+4,4+b,',
  '38+b,2h+12,c+3,1k+7,a+5,14+7,u+1,2+25,c+1a,1+9,1+54,2c+b,e+41,43,1j+10,a+gvly,1+t,2o+47lr',
].join('');

let wideRanges: { readonly starts: number[]; readonly ends: number[] } | undefined;

const decodeWideRanges = () => {
  const starts: number[] = [];
  const ends: number[] = [];
  let end = -1;
  for (const range of WIDE_RANGES.split(',')) {
    const [gap = '0', span = '0'] = range.split('+');
    const start = end + 1 + Number.parseInt(gap, 36);
    end = start + Number.parseInt(span, 36);
    starts.push(start);
    ends.push(end);
  }
  return { starts, ends };
};

const isWide = (codePoint: number): boolean => {
  wideRanges ??= decodeWideRanges();
  const { starts, ends } = wideRanges;
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < starts[middle]!) high = middle - 1;
    else if (codePoint > ends[middle]!) low = middle + 1;
    else return true;
  }
  return false;
};

/**
 * The columns the table format gives a text: two for each code point of East Asian width W, F or A, else one. So
 * `李` and also `é`, `ü`, `—` and a combining accent count two, while `ë` counts one, exactly as aws-cli counts them.
 *
 * @example
 * ```ts
 * displayWidth('Zoë 李'); // 6
 * ```
 */
const displayWidth = (text: string): number => {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0)!) ? 2 : 1;
  return width;
};

type JsonObject = { readonly [key: string]: JsonValue };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const isScalar = (value: JsonValue): boolean => !Array.isArray(value) && !isObject(value);

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

const roundHalfEven = (value: number): number => {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
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
const parseShape = (name: ShapeName, value: unknown): JsonValue => {
  const shape: ShapeDefinition<ShapeName> = SHAPES[name];
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

const isModeled = (operation: string): operation is ModeledOperation => Object.hasOwn(OPERATIONS, operation);

const parseResponse = (operation: string, response: unknown): JsonValue => {
  if (isModeled(operation)) return parseShape(OPERATIONS[operation].output, response);
  const parsed = toJsonValue(response);
  if (!isObject(parsed) || !Object.hasOwn(parsed, 'ResponseMetadata')) return parsed;
  const { ResponseMetadata: _, ...rest } = parsed;
  return rest;
};

// Python's sorted() orders text by code point; JavaScript's sort() by UTF-16 unit, which differs past U+FFFF.
const byCodePoint = (a: string, b: string): number => {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
};

const sortedKeys = (keys: Iterable<string>): string[] => [...keys].sort(byCodePoint);

const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

const pythonStringRepr = (text: string): string => {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let repr = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (char === '\\' || char === quote) repr += `\\${char}`;
    else if (char === '\n') repr += '\\n';
    else if (char === '\r') repr += '\\r';
    else if (char === '\t') repr += '\\t';
    else if (char === ' ' || !NOT_PRINTABLE.test(char)) repr += char;
    else if (codePoint < 0x100) repr += `\\x${codePoint.toString(16).padStart(2, '0')}`;
    else if (codePoint < 0x10000) repr += `\\u${codePoint.toString(16).padStart(4, '0')}`;
    else repr += `\\U${codePoint.toString(16).padStart(8, '0')}`;
  }
  return `${quote}${repr}${quote}`;
};

// Python's repr(), for the rare list or dict that ends up where the CLI expects a scalar.
const pythonRepr = (value: JsonValue): string => {
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isObject(value))
    return `{${Object.entries(value)
      .map(([key, entry]) => `${pythonStringRepr(key)}: ${pythonRepr(entry)}`)
      .join(', ')}}`;
  return pythonString(value);
};

/**
 * A value as Python's `str()` prints it, which is what the text and table formats show: `True`, `False`, `None`,
 * numbers as Python writes them, strings as they are.
 *
 * @example
 * ```ts
 * pythonString(true); // 'True'
 * ```
 */
const pythonString = (value: JsonValue): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  return pythonRepr(value);
};

// The text format: one line per structure, its scalars tab-separated in key order and led by the upper-cased key it
// sits under; lists of structures share one set of columns; nested values follow on their own lines.
const writeText = (
  item: JsonValue,
  out: string[],
  identifier: string | null,
  scalarKeys: readonly string[] | null,
): void => {
  if (isObject(item)) writeTextObject(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) writeTextList(item, out, identifier);
  else out.push(`${pythonString(item)}\n`);
};

const writeTextScalars = (items: readonly JsonValue[], out: string[], identifier: string | null) => {
  if (identifier === null) out.push(`${items.map(pythonString).join('\t')}\n`);
  else for (const item of items) out.push(`${identifier.toUpperCase()}\t${pythonString(item)}\n`);
};

const writeTextList = (items: readonly JsonValue[], out: string[], identifier: string | null) => {
  if (items.length === 0) return;
  if (items.some(isObject)) {
    const keys = new Set<string>();
    for (const item of items.filter(isObject))
      for (const [key, value] of Object.entries(item)) if (isScalar(value)) keys.add(key);
    const columns = sortedKeys(keys);
    for (const item of items) writeText(item, out, identifier, columns);
  } else if (items.some(Array.isArray)) {
    const scalars = items.filter(isScalar);
    if (scalars.length > 0) writeTextScalars(scalars, out, identifier);
    for (const item of items.filter((value) => !isScalar(value))) writeText(item, out, identifier, null);
  } else writeTextScalars(items, out, identifier);
};

const writeTextObject = (
  item: JsonObject,
  out: string[],
  identifier: string | null,
  scalarKeys: readonly string[] | null,
) => {
  const scalars: string[] = [];
  const nested: [string, JsonValue][] = [];
  if (scalarKeys === null)
    for (const key of sortedKeys(Object.keys(item))) {
      const value = item[key]!;
      if (isScalar(value)) scalars.push(pythonString(value));
      else nested.push([key, value]);
    }
  else {
    for (const key of scalarKeys) scalars.push(Object.hasOwn(item, key) ? pythonString(item[key]!) : '');
    for (const key of sortedKeys(Object.keys(item).filter((key) => !scalarKeys.includes(key))))
      nested.push([key, item[key]!]);
  }
  if (scalars.length > 0) {
    if (identifier !== null) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, value] of nested) writeText(value, out, key, null);
};

interface Section {
  readonly title: string | null;
  readonly indent: number;
  headers: readonly string[];
  readonly rows: (readonly string[])[];
  widths: number[];
  columns?: number;
}

const newSection = (title: string | null, indent: number): Section => ({
  title,
  indent,
  headers: [],
  rows: [],
  widths: [],
});

const widen = (section: Section, cells: readonly string[]) => {
  if (section.widths.length === 0) section.widths = cells.map(displayWidth);
  else
    cells.forEach((cell, index) => {
      section.widths[index] = Math.max(displayWidth(cell), section.widths[index] ?? 0);
    });
};

const addHeaders = (section: Section, headers: readonly string[]) => {
  widen(section, headers);
  section.columns ??= headers.length;
  section.headers = headers;
};

const addRow = (section: Section, values: readonly JsonValue[]) => {
  const cells = values.map(pythonString);
  section.columns ??= cells.length;
  if (cells.length !== section.columns)
    throw new Error(`Row should have ${section.columns} elements, instead it has ${cells.length}`);
  section.rows.push(cells);
  widen(section, cells);
};

// Python's truth test, which decides whether a value gets a section at all.
const isTruthy = (value: JsonValue): boolean => {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return value !== null && value !== false && value !== 0 && value !== '';
};

const scalarAndNestedKeys = (item: JsonObject): [string[], string[]] => {
  const keys = sortedKeys(Object.keys(item));
  return [keys.filter((key) => isScalar(item[key]!)), keys.filter((key) => !isScalar(item[key]!))];
};

// The table format: a section per structure, titled with the key it sits under (the operation at the top) and
// indented one level per nesting; scalars as one row under sorted headers, or a key/value row when there is one.
const buildTable = (sections: Section[]) => {
  const current = () => sections[sections.length - 1]!;
  const start = (title: string | null, indent: number) => {
    sections.push(newSection(title, indent));
  };

  const fromObject = (item: JsonObject, indent: number) => {
    const [headers, nested] = scalarAndNestedKeys(item);
    const [only] = headers;
    if (headers.length === 1 && only !== undefined) addRow(current(), [only, item[only]!]);
    else if (headers.length > 0) {
      addHeaders(current(), headers);
      addRow(
        current(),
        headers.map((key) => item[key]!),
      );
    }
    for (const key of nested) build(key, item[key]!, indent + 1);
  };

  const fromList = (items: readonly JsonValue[], indent: number, title: string | null) => {
    const headerSet = new Set<string>();
    const nestedSet = new Set<string>();
    for (const item of items.filter(isObject)) {
      const [headers, nested] = scalarAndNestedKeys(item);
      for (const key of headers) headerSet.add(key);
      for (const key of nested) nestedSet.add(key);
    }
    const headers = sortedKeys(headerSet);
    const nested = sortedKeys(nestedSet);
    addHeaders(current(), headers);
    items.forEach((item, index) => {
      const fields = isObject(item) ? item : {};
      // Each item with nested values gets its own repeated section, so its sub-tables sit right under it.
      if (index > 0 && nested.length > 0) {
        start(title, indent);
        addHeaders(current(), headers);
      }
      addRow(
        current(),
        headers.map((key) => (Object.hasOwn(fields, key) ? fields[key]! : '')),
      );
      for (const key of nested) if (Object.hasOwn(fields, key)) build(key, fields[key]!, indent + 1);
    });
  };

  const build = (title: string | null, value: JsonValue, indent: number): boolean => {
    if (!isTruthy(value)) return false;
    if (title !== null) start(title, indent);
    if (Array.isArray(value)) {
      if (isObject(value[0])) fromList(value, indent, title);
      else
        for (const item of value) {
          if (isScalar(item)) addRow(current(), [item]);
          else {
            // Python iterates a dict by its keys, so a structure among scalar rows prints as its key names.
            const cells: readonly JsonValue[] = Array.isArray(item) ? item : Object.keys(item as JsonObject);
            if (cells.every(isScalar)) addRow(current(), cells);
            else build(null, item, 0);
          }
        }
    }
    if (isObject(value)) fromObject(value, indent);
    return true;
  };
  return build;
};

const spaces = (count: number): string => ' '.repeat(Math.max(0, count));

const centered = (text: string, length: number, left = '|', right = '|'): string => {
  const textWidth = displayWidth(text);
  const before = Math.floor(length / 2) - Math.floor(textWidth / 2) - 1;
  const used = displayWidth(left) + before + textWidth;
  return `${left}${spaces(before)}${text}${spaces(length - displayWidth(right) - used)}${right}`;
};

const leftAligned = (text: string, length: number, left: string, right: string): string => {
  const textWidth = displayWidth(text);
  const padding = length - (textWidth + 2 + displayWidth(left) + displayWidth(right)) >= 0 ? 2 : 0;
  const used = [...left].length + padding + textWidth;
  return `${left}${spaces(padding)}${text}${spaces(length - used - [...right].length)}${right}`;
};

const sectionWidth = (section: Section): number => {
  const border = 2 + 2 * section.indent;
  const columns = section.widths.reduce((sum, width) => sum + width + 4, 0) + border;
  return Math.max(displayWidth(section.title ?? 'None') + border, columns);
};

// Spreads the table's width over the columns in proportion to their content, as the CLI does, rounding half to
// even and then taking the difference from the first columns (or giving it to the last ones).
const columnWidths = (section: Section, width: number): number[] => {
  const natural = section.widths.map((columnWidth) => columnWidth + 4);
  if (natural.length === 0) return [];
  const scale = width / natural.reduce((sum, columnWidth) => sum + columnWidth, 0);
  const scaled = natural.map((columnWidth) => roundHalfEven(scale * columnWidth));
  let offBy = scaled.reduce((sum, columnWidth) => sum + columnWidth, 0) - width;
  while (offBy !== 0) {
    const order = scaled.map((_, index) => index);
    if (offBy < 0) order.reverse();
    for (const index of order) {
      scaled[index]! += offBy > 0 ? -1 : 1;
      offBy += offBy > 0 ? -1 : 1;
      if (offBy === 0) break;
    }
  }
  return scaled;
};

const lineBreak = (widths: readonly number[]): string =>
  widths
    .map((width, index) => (index === 0 ? `+${'-'.repeat(width - 2)}+` : `${'-'.repeat(width - 1)}+`))
    .join('');

// A one-row section turned on its side: header and value side by side, one pair a row.
const vertical = (section: Section): Section => {
  const [row] = section.rows;
  if (section.rows.length !== 1 || row === undefined || section.headers.length === 0) return section;
  const turned = newSection(section.title, section.indent);
  section.headers.forEach((header, index) => {
    if (index < row.length) addRow(turned, [header, row[index]!]);
  });
  return turned;
};

const renderSection = (section: Section, tableWidth: number): string[] => {
  const width = tableWidth - 2 * section.indent;
  const lines: string[] = [];
  if (section.title) {
    lines.push(centered(section.title, width));
    if (section.headers.length === 0 && section.rows.length === 0) lines.push(`+${'-'.repeat(width - 2)}+`);
  }
  if (section.headers.length > 0) {
    const widths = columnWidths(section, width);
    lines.push(lineBreak(widths));
    lines.push(
      section.headers
        .slice(0, widths.length)
        .map((header, index) => centered(header, widths[index]!, index === 0 ? '|' : ''))
        .join(''),
    );
  }
  const widths = section.rows.length > 0 ? columnWidths(section, width) : [];
  if (widths.length > 0) {
    lines.push(lineBreak(widths));
    for (const row of section.rows)
      lines.push(
        row
          .slice(0, widths.length)
          .map((cell, index) => leftAligned(cell, widths[index]!, index === 0 ? '|' : '', '|'))
          .join(''),
      );
    lines.push(lineBreak(widths));
  }
  const edge = '|'.repeat(section.indent);
  return lines.map((line) => `${edge}${line}${edge}\n`);
};

const formatTable = (title: string, response: JsonValue, terminalWidth: number): string => {
  let sections: Section[] = [];
  if (!buildTable(sections)(title, response, 0)) return '';
  let width = Math.max(...sections.map(sectionWidth));
  if (width > terminalWidth) {
    sections = sections.map(vertical);
    width = Math.max(...sections.map(sectionWidth));
  }
  return `${'-'.repeat(width)}\n${sections.flatMap((section) => renderSection(section, width)).join('')}`;
};

/**
 * What `aws cognito-idp <operation> --output <format>` prints on stdout for a successful response (aws-cli 2.9.19).
 * `response` is the JSON body the service sent, as `JSON.parse` returns it. For the operations in `OPERATIONS`
 * it is read as botocore reads it: members in the model's order, null and unknown members left out, and timestamps
 * (epoch seconds) printed as ISO 8601 in the process's time zone, like `2026-11-22T04:00:00.123000+00:00`. Other
 * operations print as given, timestamps (as `Date`s) included.
 *
 * - `json`: four-space indentation, non-ASCII as is; nothing at all for an empty response `{}`.
 * - `text`: tab-separated scalars, keys sorted, each line led by the upper-cased key it sits under.
 * - `table`: sections titled with the operation and the nested keys, keys sorted, columns sized in display width.
 *
 * @example
 * ```ts
 * formatOutput('UpdateUserAttributes', { CodeDeliveryDetailsList: [] }, 'json');
 * // '{\n    "CodeDeliveryDetailsList": []\n}\n'
 * formatOutput('AdminUpdateUserAttributes', {}, 'text'); // ''
 * ```
 */
const formatOutput = (
  operation: string,
  response: unknown,
  format: OutputFormat,
  options: FormatOptions = {},
): string => {
  const parsed = parseResponse(operation, response);
  switch (format) {
    case OutputFormat.Json:
      return isObject(parsed) && Object.keys(parsed).length === 0 ? '' : `${dumpJson(parsed)}\n`;
    case OutputFormat.Text: {
      const out: string[] = [];
      writeText(parsed, out, null, null);
      return out.join('');
    }
    case OutputFormat.Table:
      return formatTable(operation, parsed, options.terminalWidth ?? DEFAULT_TERMINAL_WIDTH);
  }
};

/**
 * What `aws` prints on stderr when the service answers `operation` with an error (it then exits with
 * {@link SERVICE_ERROR_EXIT_CODE}): a blank line, then botocore's sentence, then a newline. The message is printed as
 * it came, so one that ends with a newline leaves a second blank line. A `code` such as `com.amazon…#Name` is
 * shortened to `Name`, as botocore does with the body's `__type`.
 *
 * Errors the CLI retries (throttling codes, HTTP 5xx) say how many retries it made, assuming the service kept
 * answering the same; with `maxAttempts: 1` botocore says so even for errors it would never retry.
 *
 * @example
 * ```ts
 * formatServiceError('UpdateUserAttributes', 'NotAuthorizedException', 'Invalid Access Token');
 * // '\nAn error occurred (NotAuthorizedException) when calling the UpdateUserAttributes operation: Invalid Access Token\n'
 * ```
 */
const formatServiceError = (
  operation: string,
  code: string,
  message: string,
  options: ServiceErrorOptions = {},
): string => {
  const shortCode = code.includes('#') ? code.slice(code.lastIndexOf('#') + 1) : code;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retried =
    maxAttempts <= 1 ||
    RETRIED_ERROR_CODES.has(shortCode) ||
    (options.httpStatus !== undefined && RETRIED_STATUS_CODES.has(options.httpStatus));
  const retries = retried ? ` (reached max retries: ${maxAttempts - 1})` : '';
  return `\nAn error occurred (${shortCode}) when calling the ${operation} operation${retries}: ${message}\n`;
};

export type { FormatOptions, ServiceErrorOptions };
export {
  displayWidth,
  formatOutput,
  formatServiceError,
  OutputFormat,
  pythonString,
  SERVICE_ERROR_EXIT_CODE,
};
