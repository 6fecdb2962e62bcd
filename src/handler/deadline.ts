/** @module handler/deadline — work awaited no longer than the time left for it: a template, a decryption. */

/** Work did not finish within the time it had. */
class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * True when a value has a `then` method. Reading `then` runs the value's own code (a getter, a Proxy's trap), which
 * may throw: call it where a throw is handled.
 */
const isThenable = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * True when a thrown value is a {@link DeadlineError}; false for anything else, even a value that throws when looked
 * at (a Proxy whose traps throw), so that it can be asked inside a `catch` block.
 *
 * @example
 * ```ts
 * catch (error) { return fail(isDeadlineError(error) ? 'template timed out' : 'template threw', { error }); }
 * ```
 */
const isDeadlineError = (error: unknown): boolean => {
  try {
    return error instanceof DeadlineError;
  } catch {
    return false;
  }
};

/**
 * The work's result: at once when it is not a promise, else when it settles, or a {@link DeadlineError} after `ms`
 * milliseconds. `what` names the work in the error's message (default: `template`).
 *
 * @example
 * ```ts
 * const rendered = await withDeadline(template(context), 3_000);
 * const code = await withDeadline(decrypter.decrypt(ciphertext), remainingMs, 'decryption');
 * ```
 */
const withDeadline = async <T>(work: T | Promise<T>, ms: number, what = 'template'): Promise<T> => {
  if (!isThenable(work)) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

export { DeadlineError, isDeadlineError, isThenable, withDeadline };
