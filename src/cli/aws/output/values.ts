/** @module cli/aws/output/values — what the formats ask of a parsed response: objects, scalars, Python's ordering. */
import type { JsonValue } from '../python/repr.js';

type JsonObject = { readonly [key: string]: JsonValue };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const isScalar = (value: JsonValue): boolean => !Array.isArray(value) && !isObject(value);

const roundHalfEven = (value: number): number => {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
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

export type { JsonObject };
export { isObject, isScalar, roundHalfEven, sortedKeys };
