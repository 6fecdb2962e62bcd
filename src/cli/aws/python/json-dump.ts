/** @module cli/aws/python/json-dump — Python's `json.dump(value, indent=4)`, as aws prints JSON. */
import { type JsonValue, pythonNumber } from './repr.js';

/** `\uXXXX` for every character outside printable ASCII, astral ones as their surrogate pair, as `ensure_ascii` does. */
const escapeNonAscii = (json: string): string =>
  json.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Serializes a value as Python's `json.dump(value, indent=4)` does: four spaces, `": "` after keys, `[]` and `{}`
 * for empty containers, and non-ASCII characters written as they are unless `ensureAscii` is set (default: false).
 * No trailing newline.
 *
 * @example
 * ```ts
 * dumpJson({ Username: 'Zoë' }); // '{\n    "Username": "Zoë"\n}'
 * ```
 */
const dumpJson = (
  value: JsonValue,
  options: { readonly ensureAscii?: boolean } = {},
  indent = '',
): string => {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  // JSON.stringify escapes exactly the characters Python's encoder escapes: `"`, `\` and the C0 controls.
  if (typeof value === 'string')
    return options.ensureAscii ? escapeNonAscii(JSON.stringify(value)) : JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: JsonValue) => `${inner}${dumpJson(item, options, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Readonly<Record<string, JsonValue>>).filter(
    ([, entry]) => entry !== undefined,
  );
  if (entries.length === 0) return '{}';
  const fields = entries.map(
    ([key, entry]) => `${inner}${dumpJson(key, options)}: ${dumpJson(entry, options, inner)}`,
  );
  return `{\n${fields.join(',\n')}\n${indent}}`;
};

export { dumpJson, escapeNonAscii };
