/** @module handler/deadline — a template's answer, awaited no longer than the time left for it. */

/** A template did not finish within the time it had. */
class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

const isThenable = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * The template's result: at once when it is not a promise, else when it settles, or a {@link DeadlineError} after
 * `ms` milliseconds.
 *
 * @example
 * ```ts
 * const rendered = await withDeadline(template(context), 3_000);
 * ```
 */
const withDeadline = async <T>(work: T | Promise<T>, ms: number): Promise<T> => {
  if (!isThenable(work)) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`template did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

export { DeadlineError, isThenable, withDeadline };
