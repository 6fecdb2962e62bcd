/**
 * @module cli/options — the options every cognito-trigger command shares: the aws CLI's globals the kit honours or
 * ignores, and the kit's own (`--handler`, `--pool`, `--state-dir`, …).
 */

import { DEFAULT_STATE_DIR } from '../local/state.js';
import type { Action } from './aws/argparse.js';
import type { OptionSpec } from './aws/args.js';

/**
 * Options every command takes: the aws CLI's globals the kit honours or ignores, and the kit's own. Those without
 * `help` are accepted and ignored: a local pool has no region, profile or endpoint.
 */
const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--output',
    arity: 'one',
    choices: ['json', 'text', 'table', 'yaml', 'yaml-stream'],
    value: 'json|text|table',
    help: 'how the response is printed, as the aws CLI prints it (default: json)',
  },
  { flag: '--region', arity: 'one' },
  { flag: '--profile', arity: 'one' },
  { flag: '--endpoint-url', arity: 'one' },
  { flag: '--no-cli-pager', arity: 'none' },
  { flag: '--no-paginate', arity: 'none' },
  { flag: '--no-verify-ssl', arity: 'none' },
  { flag: '--no-sign-request', arity: 'none' },
  {
    flag: '--cli-input-json',
    arity: 'one',
    value: 'JSON|file://PATH',
    help: 'the request as JSON (the API reference’s request syntax); options given as well win over it',
  },
  {
    flag: '--generate-cli-skeleton',
    arity: 'optional',
    const: 'input',
    choices: ['input', 'output', 'yaml-input'],
    value: 'input|output',
    help: 'print a skeleton of the request (input, the default) or of the response (output) instead of running the command',
  },
  {
    flag: '--handler',
    arity: 'one',
    value: 'FILE[:export]',
    help: "the Custom message function (default: handlers/custom-message.ts); .ts is transpiled in process; a built .mjs/.js (or a Lambda handler string, dist/NAME/index.handler) runs in its own Node.js process with Lambda's environment",
  },
  {
    flag: '--pool',
    arity: 'one',
    value: 'FILE',
    help: 'a pool file (describe-user-pool output + UserPoolClients + Users); default: the embedded demo pool',
  },
  {
    flag: '--state-dir',
    arity: 'one',
    value: 'DIR',
    help: `where pools, keys and the outbox live between commands (default: ${DEFAULT_STATE_DIR}/)`,
  },
  {
    flag: '--trace-file',
    arity: 'one',
    value: 'FILE',
    help: "write the request, each invocation's event, response, verdict and findings, and the deliveries",
  },
  {
    flag: '--env-vars',
    arity: 'one',
    value: 'FILE',
    help: 'environment for the function, as `sam local invoke --env-vars`',
  },
  {
    flag: '--code',
    arity: 'one',
    value: 'CODE',
    help: 'the code delivered in place of {####} (default: six random digits)',
  },
  {
    flag: '--cognito-default-email',
    arity: 'one',
    choices: ['reject', 'allow'],
    help: 'apply the documented DEVELOPER-only rule for emailMessage (default: reject)',
  },
  { flag: '--quiet', arity: 'none', help: 'no summary on stderr' },
  {
    flag: '--parameters',
    arity: 'one',
    value: 'FILE',
    help: 'serve Parameter Store / AppConfig values from a JSON map, so remote-configured handlers run offline',
  },
  {
    flag: '--function',
    arity: 'one',
    repeatable: true,
    value: 'NAME=FILE[:export]',
    help: 'the function a pool names in its LambdaConfig (arn:…:function:NAME): a TypeScript source or a built bundle, run as --handler runs; repeatable',
  },
  {
    flag: '--template',
    arity: 'one',
    value: 'FILE',
    help: "an AWS SAM template: its user pools and clients are the pools, and its functions (CodeUri, Handler) the pools' triggers",
  },
  {
    flag: '--lambda-endpoint',
    arity: 'one',
    value: 'URL',
    help: 'invoke the functions the pools name through a Lambda Invoke API at URL, as `sam local start-lambda` serves it',
  },
  {
    flag: '--sms-sender',
    arity: 'one',
    value: 'FILE[:export]',
    help: 'the Custom SMS sender, for pools with LambdaConfig.CustomSMSSender (default: handlers/custom-sms-sender.ts); it decrypts through a local KMS and publishes to a local SNS',
  },
  {
    flag: '--email-sender',
    arity: 'one',
    value: 'FILE[:export]',
    help: 'the Custom email sender, for pools with LambdaConfig.CustomEmailSender (default: handlers/custom-email-sender.ts); it decrypts through a local KMS and sends through a local SES v2',
  },
];

/** The globals that are the aws CLI's own; the others with help are the kit's. */
const AWS_CLI_OPTIONS = ['--output', '--cli-input-json', '--generate-cli-skeleton'];
const globalsNamed = (flags: readonly string[]) => GLOBAL_OPTIONS.filter((spec) => flags.includes(spec.flag));
const KIT_OPTIONS = GLOBAL_OPTIONS.filter(
  (spec) => spec.help !== undefined && !AWS_CLI_OPTIONS.includes(spec.flag),
);
/** The aws CLI's global options a local pool has no use for: a service command accepts them and ignores them. */
const IGNORED_GLOBALS = [
  '--region',
  '--profile',
  '--endpoint-url',
  '--no-cli-pager',
  '--no-verify-ssl',
  '--no-sign-request',
  '--debug',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
  '--cli-auto-prompt',
  '--no-cli-auto-prompt',
];
const IGNORED_OPTIONS = `The aws CLI's global options a local pool has no use for are accepted and ignored: ${IGNORED_GLOBALS.join(', ')}.`;

/** The kit's options as a service command's parser takes them, after the aws CLI's own. */
const KIT_ACTIONS: readonly Action[] = KIT_OPTIONS.map((spec) => ({
  flags: [spec.flag],
  dest: spec.flag,
  nargs: spec.arity === 'none' ? 'none' : 'one',
  ...(spec.choices ? { choices: spec.choices } : {}),
  ...(spec.repeatable ? { append: true } : {}),
}));

export { AWS_CLI_OPTIONS, GLOBAL_OPTIONS, globalsNamed, IGNORED_OPTIONS, KIT_ACTIONS, KIT_OPTIONS };
