/** @module cli/result — what a cognito-trigger command comes to, before the bin writes it out. */

/**
 * What a command writes and its exit status: 0, 252 (usage or parse error), 254 (service error) or 255 (any other
 * failure, such as a state directory that cannot be used).
 */
interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export type { CliResult };
