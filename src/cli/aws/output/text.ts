/** @module cli/aws/output/text — the text format: tab-separated scalars, each line led by the key it sits under. */
import { type JsonValue, pythonString } from '../python/repr.js';
import { isObject, isScalar, type JsonObject, sortedKeys } from './values.js';

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

/**
 * What `--output text` prints for a parsed response (aws's format_text).
 *
 * @example
 * ```ts
 * formatText({ CodeDeliveryDetailsList: [{ AttributeName: 'email' }] }); // 'CODEDELIVERYDETAILSLIST\temail\n'
 * ```
 */
const formatText = (parsed: JsonValue): string => {
  const out: string[] = [];
  writeText(parsed, out, null, null);
  return out.join('');
};

export { formatText };
