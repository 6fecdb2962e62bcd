/**
 * @module cli/args — what a kit command's module (invoke, build, preview, …) needs to read its words and describe
 * itself: the aws CLI's option rules and usage errors, and the shape of its `--help`.
 */
export type { OptionSpec } from './aws/args.js';
export { parseArgs, UsageError } from './aws/args.js';
export type { CommandUsage } from './usage.js';
