/** @module cli/aws/python/errors — Python's own exceptions, which aws does not catch: it prints their message alone. */

/** The Python exception classes aws lets through, which some of its own code catches by class. */
type PythonErrorKind = 'ValueError' | 'TypeError' | 'AttributeError' | 'IndexError' | 'RecursionError';

/**
 * An exception of Python's that aws lets through: aws prints `str(exception)` and exits with 255.
 *
 * @example
 * ```ts
 * throw new PythonError('ValueError', "invalid literal for int() with base 10: 'x'");
 * ```
 */
class PythonError extends Error {
  constructor(
    readonly kind: PythonErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Python's RecursionError: past the depth aws's stack leaves, in a parser or in repr(). */
class PythonRecursionError extends PythonError {
  constructor(message: string) {
    super('RecursionError', message);
  }
}

/** The start of every RecursionError message. */
const RECURSION_LIMIT_EXCEEDED = 'maximum recursion depth exceeded';

export type { PythonErrorKind };
export { PythonError, PythonRecursionError, RECURSION_LIMIT_EXCEEDED };
