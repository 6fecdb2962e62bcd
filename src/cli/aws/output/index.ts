/** @module cli/aws/output — what aws-cli 2.9.19 prints for a cognito-idp response, json, text or table, byte for byte. */
import type { JsonValue } from '../python/repr.js';
import { formatJson } from './json.js';
import { formatTable } from './table.js';
import { formatText } from './text.js';
import { parseResponse } from './timestamps.js';
import { isObject } from './values.js';

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

const DEFAULT_TERMINAL_WIDTH = 80;

/**
 * What aws prints for a response it has parsed already (or a sample it made): `title` heads the table.
 *
 * @example
 * ```ts
 * formatParsed('GetUser', { Username: 'zoe' }, 'text'); // 'zoe\n'
 * ```
 */
const formatParsed = (
  title: string,
  parsed: JsonValue,
  format: OutputFormat,
  options: FormatOptions = {},
): string => {
  switch (format) {
    case OutputFormat.Json:
      return formatJson(parsed);
    case OutputFormat.Text:
      return formatText(parsed);
    case OutputFormat.Table:
      return formatTable(title, parsed, options.terminalWidth ?? DEFAULT_TERMINAL_WIDTH);
  }
};

/**
 * What `aws cognito-idp <operation> --output <format>` prints on stdout for a successful response (aws-cli 2.9.19).
 * `response` is the JSON body the service sent, as `JSON.parse` returns it. For the operations of the model it is
 * read as botocore reads it: members in the model's order, null and unknown members left out, and timestamps (epoch
 * seconds) printed as ISO 8601 in the process's time zone, like `2026-11-22T04:00:00.123000+00:00`. Other
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
): string => formatParsed(operation, parseResponse(operation, response), format, options);

/** The pages of a paginated call, as parsed, and the token to resume from when `--max-items` cut the list short. */
interface Pages {
  readonly resultKey: string;
  readonly pages: readonly JsonValue[];
  readonly nextToken?: string;
}

/**
 * What aws prints for a paginated call: json and table print one response, the result lists of every page joined
 * (and `NextToken` when the list was cut short); text prints each page as it comes, then `NEXTTOKEN`.
 *
 * @example
 * ```ts
 * formatPages('ListUsers', { resultKey: 'Users', pages: [{ Users: [a] }, { Users: [b] }] }, 'json');
 * ```
 */
const formatPages = (
  operation: string,
  { resultKey, pages, nextToken }: Pages,
  format: OutputFormat,
  options: FormatOptions = {},
): string => {
  const resultOf = (page: JsonValue): JsonValue | undefined => (isObject(page) ? page[resultKey] : undefined);
  if (format === OutputFormat.Text) {
    const printed = pages.map((page) => formatText({ [resultKey]: resultOf(page) ?? null }));
    if (nextToken !== undefined) printed.push(formatText({ NextToken: { NextToken: nextToken } }));
    return printed.join('');
  }
  const full: Record<string, JsonValue> = {};
  for (const page of pages) {
    const result = resultOf(page);
    if (result === undefined || result === null) continue;
    const sofar = full[resultKey];
    full[resultKey] =
      Array.isArray(sofar) && Array.isArray(result) ? [...sofar, ...result] : (sofar ?? result);
  }
  if (nextToken !== undefined) full.NextToken = nextToken;
  return formatParsed(operation, full, format, options);
};

export type { FormatOptions, Pages };
export { formatOutput, formatPages, formatParsed, OutputFormat };
