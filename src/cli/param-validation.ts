/** @module cli/param-validation — the checks the aws CLI makes before it sends a request (botocore's validator). */
import { UsageError } from './args.js';

/** Member name to minimum length, for the string members of the reproduced operations that have one. */
const MIN_LENGTHS: Readonly<Record<string, number>> = {
  UserPoolId: 1,
  Username: 1,
  ClientId: 1,
};

const REPORT = 'Parameter validation failed:\n';

/**
 * Checks a request as botocore does before sending it: minimum string lengths (it leaves maximum lengths and
 * patterns to the service), together with the problems already found in members parsed from shorthand, in the
 * order of the request's members, in one `Parameter validation failed:` report.
 *
 * @param deferred - member name to the report lines the shorthand parser found for it
 *
 * @example
 * ```ts
 * validateParameters({ UserPoolId: '', Username: 'x', UserAttributes: [] });
 * // Parameter validation failed:
 * // Invalid length for parameter UserPoolId, value: 0, valid min length: 1
 * ```
 */
const validateParameters = (
  request: Readonly<Record<string, unknown>>,
  deferred: ReadonlyMap<string, readonly string[]> = new Map(),
): void => {
  const problems: string[] = [];
  for (const [member, value] of Object.entries(request)) {
    const min = MIN_LENGTHS[member];
    if (min !== undefined && typeof value === 'string' && value.length < min)
      problems.push(
        `Invalid length for parameter ${member}, value: ${value.length}, valid min length: ${min}`,
      );
    problems.push(...(deferred.get(member) ?? []));
  }
  if (problems.length > 0) {
    const report = `${REPORT}${problems.join('\n')}`;
    throw new UsageError(report, `\n${report}\n`);
  }
};

/** The lines of a botocore report, when an error message is one; undefined otherwise. */
const reportLines = (message: string): string[] | undefined =>
  message.startsWith(REPORT) ? message.slice(REPORT.length).split('\n') : undefined;

export { reportLines, validateParameters };
