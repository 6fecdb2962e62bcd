/**
 * @module cli/aws/paginate — how aws-cli 2.9.19 pages a list operation (botocore's PageIterator): `--starting-token`,
 * `--page-size` and `--max-items`, the service's token carried from page to page, and the resume token it prints
 * when `--max-items` cuts the list short.
 */
import { CliParseError, pythonCrash } from './errors.js';
import type { PaginatorDefinition } from './model.js';
import { PythonError } from './python/errors.js';
import { pythonInt } from './python/int.js';
import { JsonDecoder } from './python/json-decode.js';
import { escapeNonAscii } from './python/json-dump.js';
import { type JsonValue, PyDict, type PyValue, pythonClass, repr } from './python/repr.js';

/** The paging options aws adds to a paginated command, as `PaginationConfig` holds them. */
const PAGING_OPTIONS = [
  { flag: '--starting-token', key: 'StartingToken' },
  { flag: '--page-size', key: 'PageSize' },
  { flag: '--max-items', key: 'MaxItems' },
] as const;

/** What one page request came to: the page as botocore parsed it, or what stops the paging. */
type PageOutcome<E> = { readonly page: JsonValue } | { readonly error: E };

interface PaginationResult<E> {
  readonly pages: readonly JsonValue[];
  /** The token to resume from, when `--max-items` cut the list short. */
  readonly nextToken?: string;
  /** What stopped the paging before its end. */
  readonly error?: E;
}

const toInt = (value: PyValue): bigint => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') return pythonInt(value);
  throw new PythonError(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${pythonClass(value)}'`,
  );
};

// json.dumps of the token dict: `{"PaginationToken": "…", "boto_truncate_amount": 2}`, then base64.
const encodeToken = (token: ReadonlyMap<string, PyValue>): string => {
  const fields = [...token].map(([key, value]) => {
    const text =
      value === null
        ? 'null'
        : typeof value === 'string'
          ? escapeNonAscii(JSON.stringify(value))
          : String(value);
    return `${escapeNonAscii(JSON.stringify(key))}: ${text}`;
  });
  return Buffer.from(`{${fields.join(', ')}}`, 'utf8').toString('base64');
};

// base64.b64decode without validation: characters outside the alphabet are dropped, and the padding must add up.
const b64decode = (text: string): Buffer | undefined => {
  const kept = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const data = kept.split('=')[0] ?? '';
  const padding = kept.length - data.length;
  if (data.length % 4 === 1) return undefined;
  if (data.length % 4 !== 0 && padding < 4 - (data.length % 4)) return undefined;
  return Buffer.from(data, 'base64');
};

// TokenDecoder.decode, or the deprecated `token___index` form when the token is not one it wrote.
const parseStartingToken = (token: string, inputToken: string): [Map<string, PyValue>, PyValue] => {
  const bytes = b64decode(token);
  let decoded: PyValue | undefined;
  if (bytes !== undefined)
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      decoded = new JsonDecoder([...text], 1000, false).decode();
    } catch {
      decoded = undefined;
    }
  if (decoded !== undefined) {
    if (!(decoded instanceof PyDict))
      throw new PythonError('AttributeError', `'${pythonClass(decoded)}' object has no attribute 'pop'`);
    const next = new Map(decoded.entries);
    next.delete('boto_encoded_keys');
    const index = next.get('boto_truncate_amount') ?? 0n;
    next.delete('boto_truncate_amount');
    return [next, index];
  }
  const parts = token.split('___');
  let index: PyValue = 0n;
  if (parts.length === 2)
    try {
      index = pythonInt(parts[1] as string);
      parts.pop();
    } catch {
      parts.splice(0, parts.length, token);
    }
  if (parts.length > 1) throw new PythonError('ValueError', `Bad starting token: ${token}`);
  return [new Map([[inputToken, parts[0] === 'None' ? null : (parts[0] as string)]]), index];
};

const inject = (request: PyDict, token: ReadonlyMap<string, PyValue>): void => {
  for (const [name, value] of token)
    if (value !== null && value !== 'None') request.entries.set(name, value);
    else request.entries.delete(name);
};

const resultOf = (page: JsonValue, key: string): JsonValue | undefined =>
  typeof page === 'object' && page !== null && !Array.isArray(page)
    ? (page as Readonly<Record<string, JsonValue>>)[key]
    : undefined;

const withResult = (page: JsonValue, key: string, result: JsonValue): JsonValue => ({
  ...(page as Readonly<Record<string, JsonValue>>),
  [key]: result,
});

/**
 * Pages through a list operation as aws does: the request's `PaginationConfig` taken out, `--starting-token`
 * decoded into the first request, `--page-size` set as the operation's limit, and each page's token carried into the
 * next request until the service gives none or `--max-items` items have come.
 *
 * @param fetch - makes one request and parses its page
 * @throws {CliParseError} where aws crashes (a token it cannot use, the same token twice), exit status 255
 * @example
 * ```ts
 * const { pages, nextToken } = await paginate(paginator, request, async (page) => ({ page: await call(page) }));
 * ```
 */
const paginate = async <E>(
  paginator: PaginatorDefinition,
  request: PyDict,
  fetch: (request: PyDict) => Promise<PageOutcome<E>>,
): Promise<PaginationResult<E>> => {
  const current = new PyDict(false);
  for (const [key, value] of request.entries) if (key !== 'PaginationConfig') current.entries.set(key, value);
  const config = request.entries.get('PaginationConfig');
  const setting = (key: string): PyValue | undefined =>
    config instanceof PyDict ? config.entries.get(key) : undefined;
  try {
    const maxItemsSetting = setting('MaxItems');
    const maxItems =
      maxItemsSetting === undefined || maxItemsSetting === null ? undefined : toInt(maxItemsSetting);
    const pageSizeSetting = setting('PageSize');
    const pageSize =
      pageSizeSetting === undefined || pageSizeSetting === null ? undefined : toInt(pageSizeSetting);
    const startingSetting = setting('StartingToken');
    const starting =
      startingSetting === undefined || startingSetting === null
        ? undefined
        : parseStartingToken(String(startingSetting), paginator.inputToken);

    let nextToken = new Map<string, PyValue>([[paginator.inputToken, null]]);
    if (starting) {
      nextToken = new Map(starting[0]);
      inject(current, starting[0]);
    }
    if (pageSize !== undefined && paginator.limitKey !== undefined)
      current.entries.set(paginator.limitKey, pageSize);
    const pages: JsonValue[] = [];
    let total = 0n;
    let first = true;
    let previous: string | undefined;
    for (;;) {
      const outcome = await fetch(current);
      if ('error' in outcome) return { pages, error: outcome.error };
      let page = outcome.page;
      let truncation = 0n;
      if (first && starting) {
        truncation = toInt(starting[1]);
        const all = resultOf(page, paginator.resultKey);
        page = withResult(
          page,
          paginator.resultKey,
          Array.isArray(all) ? all.slice(Number(truncation)) : null,
        );
      }
      first = false;
      const items = resultOf(page, paginator.resultKey);
      const count = BigInt(Array.isArray(items) ? items.length : 0);
      const excess = maxItems === undefined ? 0n : total + count - maxItems;
      if (excess > 0n) {
        const keep = count - excess;
        pages.push(
          withResult(page, paginator.resultKey, Array.isArray(items) ? items.slice(0, Number(keep)) : []),
        );
        nextToken.set('boto_truncate_amount', keep + truncation);
        return { pages, nextToken: encodeToken(nextToken) };
      }
      pages.push(page);
      total += count;
      const token = resultOf(page, paginator.outputToken);
      const carried = token === undefined || token === null || token === '' ? null : (token as PyValue);
      nextToken = new Map([[paginator.inputToken, carried]]);
      if (nextToken.get(paginator.inputToken) === null) return { pages };
      if (maxItems !== undefined && total === maxItems) return { pages, nextToken: encodeToken(nextToken) };
      const shown = `{${[...nextToken].map(([key, value]) => `${repr(key)}: ${repr(value)}`).join(', ')}}`;
      if (previous !== undefined && previous === shown)
        throw new CliParseError(
          `Error during pagination: The same next token was received twice: ${shown}`,
          255,
        );
      inject(current, nextToken);
      previous = shown;
    }
  } catch (error) {
    if (error instanceof PythonError) throw pythonCrash(error);
    throw error;
  }
};

export type { PageOutcome, PaginationResult };
export { PAGING_OPTIONS, paginate };
