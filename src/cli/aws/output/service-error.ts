/** @module cli/aws/output/service-error — what aws prints on stderr when the service answers with an error. */

/**
 * What {@link formatServiceError} needs beyond the code and message to tell whether the CLI retried.
 *
 * @example
 * ```ts
 * formatServiceError('AdminGetUser', 'InternalErrorException', 'boom', { httpStatus: 500 });
 * ```
 */
interface ServiceErrorOptions {
  /** The HTTP status of the error response: the CLI retries 500, 502, 503 and 504 (default: none of those). */
  readonly httpStatus?: number;
  /** `AWS_MAX_ATTEMPTS` / `max_attempts` of the CLI's standard retry mode (default: 3). */
  readonly maxAttempts?: number;
}

/**
 * The exit code of `aws` when the service answers with an error.
 *
 * @example
 * ```ts
 * return { stderr: formatServiceError(operation, code, message), exitCode: SERVICE_ERROR_EXIT_CODE };
 * ```
 */
const SERVICE_ERROR_EXIT_CODE = 254;

const DEFAULT_MAX_ATTEMPTS = 3;

// The codes botocore's standard retry mode retries: its throttling codes and its transient codes.
const RETRIED_ERROR_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const RETRIED_STATUS_CODES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * What `aws` prints on stderr when the service answers `operation` with an error (it then exits with
 * {@link SERVICE_ERROR_EXIT_CODE}): a blank line, then botocore's sentence, then a newline. The message is printed as
 * it came, so one that ends with a newline leaves a second blank line. A `code` such as `com.amazon…#Name` is
 * shortened to `Name`, as botocore does with the body's `__type`.
 *
 * Errors the CLI retries (throttling codes, HTTP 5xx) say how many retries it made, assuming the service kept
 * answering the same; with `maxAttempts: 1` botocore says so even for errors it would never retry.
 *
 * @example
 * ```ts
 * formatServiceError('UpdateUserAttributes', 'NotAuthorizedException', 'Invalid Access Token');
 * // '\nAn error occurred (NotAuthorizedException) when calling the UpdateUserAttributes operation: Invalid Access Token\n'
 * ```
 */
const formatServiceError = (
  operation: string,
  code: string,
  message: string,
  options: ServiceErrorOptions = {},
): string => {
  const shortCode = code.includes('#') ? code.slice(code.lastIndexOf('#') + 1) : code;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retried =
    maxAttempts <= 1 ||
    RETRIED_ERROR_CODES.has(shortCode) ||
    (options.httpStatus !== undefined && RETRIED_STATUS_CODES.has(options.httpStatus));
  const retries = retried ? ` (reached max retries: ${maxAttempts - 1})` : '';
  return `\nAn error occurred (${shortCode}) when calling the ${operation} operation${retries}: ${message}\n`;
};

export type { ServiceErrorOptions };
export { formatServiceError, SERVICE_ERROR_EXIT_CODE };
