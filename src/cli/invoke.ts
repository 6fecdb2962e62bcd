/** @module cli/invoke — `cognito-trigger invoke` (one event through the function) and `events new`. */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import {
  CUSTOM_MESSAGE_TRIGGER_SOURCES,
  type CustomMessageTriggerSource,
  isCustomMessageTriggerSource,
} from '../cognito/trigger-sources.js';
import { customMessageEvent } from '../events/factory.js';
import { invokeEvent } from '../local/invoke-event.js';
import { DEFAULT_STATE_DIR, StateStore } from '../local/state.js';
import { type OptionSpec, parseArgs, UsageError } from './aws/args.js';
import { explainOutcome, FunctionOutput } from './function-output.js';
import type { CliResult } from './result.js';
import {
  DEFAULT_HANDLER,
  lambdaEnvironment,
  openFunction,
  readEnvVars,
  withStdoutOnStderr,
} from './session.js';
import type { CommandUsage } from './usage.js';

const INVOKE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--event',
    arity: 'one',
    value: 'FILE|-',
    required: true,
    help: 'the Custom message event: a JSON file (see events new), or - for stdin',
  },
];

/** The options `invoke` honours of those every command takes. */
const INVOKE_KIT_OPTIONS = ['--handler', '--env-vars', '--code', '--state-dir', '--quiet'];

/** What `invoke --help` prints; `globals` describe the options shared with the other commands. */
const invokeUsage = (globals: readonly OptionSpec[]): CommandUsage => ({
  command: 'invoke',
  summary:
    'Runs one Custom message event through the function as Cognito would, judges its answer, delivers the message to the outbox with a code, prints the returned event on stdout and the verdict on stderr. Exits 254 when Cognito would fail the API call.',
  options: [
    {
      title: 'Options',
      specs: [
        ...INVOKE_OPTIONS,
        ...globals
          .filter((spec) => INVOKE_KIT_OPTIONS.includes(spec.flag))
          .map((spec) =>
            spec.flag === '--code'
              ? { ...spec, help: 'the code delivered in place of {####} (default: 123456)' }
              : spec,
          ),
      ],
    },
  ],
});

const EVENTS_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--attribute',
    arity: 'many',
    repeatable: true,
    value: 'k=v ...',
    help: 'user attributes of the event (request.userAttributes)',
  },
  {
    flag: '--client-metadata',
    arity: 'many',
    repeatable: true,
    value: 'k=v ...',
    help: 'the API call’s ClientMetadata (request.clientMetadata)',
  },
  { flag: '--user-pool-id', arity: 'one', value: 'ID', help: 'the pool, whose region the event takes' },
  { flag: '--username', arity: 'one', value: 'NAME', help: 'the event’s userName' },
  { flag: '--client-id', arity: 'one', value: 'ID', help: 'the app client (callerContext.clientId)' },
];

/** What `events --help` prints. */
const EVENTS_USAGE: CommandUsage = {
  command: 'events new TRIGGER_SOURCE',
  summary: 'Prints a Custom message event as Cognito would send it, to edit or to give to invoke --event.',
  arguments: [
    {
      name: 'TRIGGER_SOURCE',
      help: `a Custom message trigger source: ${CUSTOM_MESSAGE_TRIGGER_SOURCES.join(', ')}; or short, without CustomMessage_ (sign-up, update-user-attribute, …)`,
    },
  ],
  options: [{ title: 'Options', specs: EVENTS_OPTIONS }],
};

const fail = (message: string) => new UsageError('', `\ncognito-trigger: ${message}\n`);

const readEvent = (source: string, cwd: string): CustomMessageTriggerEvent => {
  let text: string;
  try {
    text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(resolvePath(cwd, source), 'utf8');
  } catch (error) {
    throw fail(`cannot read the event ${source}: ${(error as Error).message}`);
  }
  let event: CustomMessageTriggerEvent;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw fail(`the event ${source} is not JSON: ${(error as Error).message}`);
  }
  const triggerSource: unknown = event?.triggerSource;
  if (!isCustomMessageTriggerSource(triggerSource))
    throw fail(
      `the event ${source} has triggerSource ${JSON.stringify(triggerSource)}; expected one of ${CUSTOM_MESSAGE_TRIGGER_SOURCES.join(', ')}`,
    );
  if (typeof event.request?.codeParameter !== 'string')
    throw fail(`the event ${source} has no request.codeParameter`);
  return event;
};

/**
 * `invoke --event FILE|- [--handler FILE[:export]]`: runs one Custom message event through the function as Cognito
 * would, judges the answer, delivers the message to the outbox with a code, prints the returned event on stdout and
 * the verdict on stderr. Exits 254 when Cognito would fail the API call.
 */
const runInvoke = async (
  argv: readonly string[],
  environment: { readonly cwd: string },
  globals: readonly OptionSpec[],
): Promise<CliResult> => {
  const { options, positionals } = parseArgs(argv, [...globals, ...INVOKE_OPTIONS]);
  if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
  const eventSource = options.get('--event')?.[0];
  if (eventSource === undefined)
    throw new UsageError('aws: error: the following arguments are required: --event');
  const { cwd } = environment;
  const event = readEvent(eventSource, cwd);
  const spec = options.get('--handler')?.[0] ?? DEFAULT_HANDLER;
  const variables = options.has('--env-vars')
    ? readEnvVars(resolvePath(cwd, options.get('--env-vars')?.[0] ?? ''))
    : {};
  Object.assign(process.env, variables);

  const output = new FunctionOutput();
  const outcome = await withStdoutOnStderr(async () => {
    const opened = await openFunction(
      spec,
      cwd,
      { ...lambdaEnvironment(event.region || 'us-east-1'), ...variables },
      output,
    );
    try {
      return await invokeEvent(opened.handler as Parameters<typeof invokeEvent>[0], event, {
        code: options.get('--code')?.[0] ?? '123456',
      });
    } finally {
      await opened.close();
    }
  });
  const { judgement, durationMs } = outcome;
  const [kit] = output.outcomes();
  const why = kit === undefined ? undefined : explainOutcome(kit);
  const lines = [
    `cognito-trigger: ${event.triggerSource} → ${spec}, ${durationMs} ms: ${judgement.verdict}${why ? ` (function: ${why})` : ''}`,
  ];
  for (const finding of judgement.findings)
    lines.push(`  ${finding.severity} ${finding.rule} in ${finding.field}: ${finding.detail}`);
  for (const note of judgement.notes) lines.push(`  note: ${note}`);
  const stdout = 'returned' in outcome ? `${JSON.stringify(outcome.returned, null, 2)}\n` : '';

  const store = new StateStore(resolvePath(cwd, options.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR));
  if (outcome.email) {
    const files = store.writeMessage('invoke', { medium: 'EMAIL', ...outcome.email });
    lines.push(
      `  EMAIL · Subject: ${outcome.email.subject ?? "(the pool's subject)"}`,
      ...files.map((f) => `    outbox: ${f}`),
    );
  }
  if (outcome.sms !== undefined) {
    const files = store.writeMessage('invoke', { medium: 'SMS', text: outcome.sms });
    lines.push(`  SMS: ${outcome.sms}`, ...files.map((f) => `    outbox: ${f}`));
  }
  const { error } = judgement;
  const quiet = options.has('--quiet');
  const summary = quiet ? '' : `${lines.join('\n')}\n`;
  const logs = output.text();
  const functionOutput = logs === '' ? '' : `${quiet ? '' : '\n'}${logs}`;
  if (error)
    return {
      stdout,
      stderr: `${summary}${functionOutput}\nCognito would answer the API call with ${error.name}: ${error.message}\n`,
      exitCode: 254,
    };
  return { stdout, stderr: `${summary}${functionOutput}`, exitCode: 0 };
};

const SHORT_NAMES = new Map(
  CUSTOM_MESSAGE_TRIGGER_SOURCES.map((source) => [
    source
      .replace('CustomMessage_', '')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase(),
    source,
  ]),
);

const pairs = (words: readonly string[], flag: string): Record<string, string> =>
  Object.fromEntries(
    words.map((word) => {
      const equals = word.indexOf('=');
      if (equals <= 0)
        throw new UsageError(`aws: error: argument ${flag}: expected KEY=VALUE, got ${JSON.stringify(word)}`);
      return [word.slice(0, equals), word.slice(equals + 1)];
    }),
  );

/**
 * `events new <triggerSource> [--attribute k=v ...] [--client-metadata k=v ...]`: prints a Custom message event as
 * Cognito would send it. The trigger source can be given in full or short (`update-user-attribute`).
 */
const runEventsNew = (argv: readonly string[], globals: readonly OptionSpec[] = []): CliResult => {
  const { options, positionals } = parseArgs(argv, [...globals, ...EVENTS_OPTIONS]);
  const [verb, name, ...extra] = positionals;
  if (verb !== 'new' || name === undefined || extra.length > 0)
    throw new UsageError(
      `aws: error: usage: cognito-trigger events new <triggerSource> [--attribute k=v ...] [--client-metadata k=v ...]`,
    );
  const source = (isCustomMessageTriggerSource(name) ? name : SHORT_NAMES.get(name)) as
    | CustomMessageTriggerSource
    | undefined;
  if (source === undefined)
    throw new UsageError(
      `aws: error: argument triggerSource: Invalid choice: ${JSON.stringify(name)}, valid choices are: ${CUSTOM_MESSAGE_TRIGGER_SOURCES.join(', ')}`,
    );
  const userPoolId = options.get('--user-pool-id')?.[0];
  const event = customMessageEvent(source, {
    userAttributes: pairs(options.get('--attribute') ?? [], '--attribute'),
    ...(options.has('--client-metadata')
      ? { clientMetadata: pairs(options.get('--client-metadata') ?? [], '--client-metadata') }
      : {}),
    ...(userPoolId ? { userPoolId, region: userPoolId.split('_')[0] } : {}),
    ...(options.has('--username') ? { userName: options.get('--username')?.[0] } : {}),
    ...(options.has('--client-id') ? { clientId: options.get('--client-id')?.[0] } : {}),
  });
  return { stdout: `${JSON.stringify(event, null, 2)}\n`, stderr: '', exitCode: 0 };
};

export { EVENTS_USAGE, invokeUsage, runEventsNew, runInvoke };
