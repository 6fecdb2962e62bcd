/** @module cli/aws/errors — how aws-cli 2.9.19 ends when it cannot make a request of the words it was given. */
import { PythonError } from './python/errors.js';

/**
 * The exit statuses aws-cli 2.9.19 ends with when it cannot read a parameter.
 *
 * @example
 * ```ts
 * if (error instanceof CliParseError && error.exitCode === CliExitCode.General) console.error('aws itself crashed');
 * ```
 */
const CliExitCode = {
  /** A parse error or a botocore parameter validation failure. */
  ParamValidation: 252,
  /** An exception aws does not expect, printed as Python's bare message (e.g. `string index out of range`). */
  General: 255,
} as const;
type CliExitCode = (typeof CliExitCode)[keyof typeof CliExitCode];

// Python writes to stderr with errors='backslashreplace': a lone surrogate, which a JSON `\ud800` escape can put in
// a string, comes out as its escape.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const backslashReplace = (text: string): string =>
  text.replace(LONE_SURROGATE, (surrogate) => `\\u${surrogate.charCodeAt(0).toString(16)}`);

/**
 * What aws-cli 2.9.19 prints when it cannot turn a parameter into a request value, or when botocore rejects the
 * request. `message` is the text aws prints, without the empty line it writes before it and the newline after it;
 * `stderr` is the whole text, byte for byte.
 *
 * @example
 * ```ts
 * try {
 *   parseUserAttributes(['Name']);
 * } catch (error) {
 *   if (error instanceof CliParseError) process.stderr.write(error.stderr); // exit with error.exitCode
 * }
 * ```
 */
class CliParseError extends Error {
  override readonly name: string = 'CliParseError';
  readonly exitCode: CliExitCode;
  constructor(message: string, exitCode: CliExitCode = CliExitCode.ParamValidation, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
  /** The exact stderr text: aws writes a newline, the message and a newline. */
  get stderr(): string {
    return `\n${backslashReplace(this.message)}\n`;
  }
}

/**
 * botocore's ParamValidationError: `Parameter validation failed:` and one line for each broken rule, exit status 252.
 *
 * @example
 * ```ts
 * new ParamValidationError('Missing required parameter in input: "Username"').stderr;
 * // '\nParameter validation failed:\nMissing required parameter in input: "Username"\n'
 * ```
 */
class ParamValidationError extends CliParseError {
  override readonly name = 'ParamValidationError';
  /** botocore's report: one line for each broken rule. */
  readonly report: string;
  constructor(report: string, options?: ErrorOptions) {
    super(`Parameter validation failed:\n${report}`, CliExitCode.ParamValidation, options);
    this.report = report;
  }
}

/**
 * An exception aws does not catch as a parameter error (Python's ValueError, TypeError, AttributeError, IndexError,
 * RecursionError) as aws reports it: its bare message, exit status 255.
 *
 * @example
 * ```ts
 * throw pythonCrash(new PythonError('ValueError', "invalid literal for int() with base 10: 'x'"));
 * ```
 */
const pythonCrash = (error: Error): CliParseError =>
  new CliParseError(error.message, CliExitCode.General, { cause: error });

/** Runs `work`, turning Python's own exceptions into what aws prints for them. */
const asAwsDoes = <T>(work: () => T): T => {
  try {
    return work();
  } catch (error) {
    if (error instanceof PythonError) throw pythonCrash(error);
    throw error;
  }
};

export { asAwsDoes, CliExitCode, CliParseError, ParamValidationError, pythonCrash };
