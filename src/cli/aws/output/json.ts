/** @module cli/aws/output/json — the json format: Python's json.dump with four spaces, nothing for an empty response. */
import { dumpJson } from '../python/json-dump.js';
import type { JsonValue } from '../python/repr.js';
import { isObject } from './values.js';

/**
 * What `--output json` prints for a parsed response: four-space indentation, non-ASCII as is; nothing at all for
 * `{}`, which aws takes for an operation with no response body.
 *
 * @example
 * ```ts
 * formatJson({}); // ''
 * ```
 */
const formatJson = (parsed: JsonValue): string =>
  isObject(parsed) && Object.keys(parsed).length === 0 ? '' : `${dumpJson(parsed)}\n`;

export { formatJson };
