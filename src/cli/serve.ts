/**
 * @module cli/serve — `cognito-trigger serve`: the Cognito user pools API on 127.0.0.1 for the SDKs, the aws CLI and
 * boto3, over the same pools, state, functions and judging as the CLI's commands. Each call's summary goes to stderr
 * as the CLI prints it; SIGINT or SIGTERM lets the calls in flight finish, then stops.
 */
import { resolve as resolvePath } from 'node:path';
import { DEMO_POOLS } from '../local/pool.js';
import { DEFAULT_STATE_DIR, StateStore } from '../local/state.js';
import { startServer } from '../server/server.js';
import { type OptionSpec, parseArgs, UsageError } from './aws/args.js';
import { explainOutcome } from './function-output.js';
import { createSession } from './session.js';
import { summarize } from './summary.js';
import type { CommandUsage } from './usage.js';

/** The port `serve` listens on when none is given. */
const DEFAULT_PORT = 9329;

const SERVE_OPTIONS: readonly OptionSpec[] = [
  { flag: '--host', arity: 'one', value: 'HOST', help: 'the address to listen on (default: 127.0.0.1)' },
  {
    flag: '--port',
    arity: 'one',
    value: 'N',
    help: `the port to listen on (default: ${DEFAULT_PORT}; 0 picks a free one, and the start line names it)`,
  },
];

/** What `serve --help` prints. */
const serveUsage = (globals: readonly OptionSpec[]): CommandUsage => ({
  command: 'serve',
  summary:
    'Serves the Amazon Cognito user pools API (AWS JSON 1.1) on 127.0.0.1 for the AWS SDKs, the aws CLI (--endpoint-url) and boto3 (endpoint_url), over the same pools, state, functions and judging as the other commands. Each call’s summary goes to stderr; GET /_local/messages lists the messages delivered, with their codes; GET /{userPoolId}/.well-known/jwks.json serves the key that signs the tokens. Ctrl-C or SIGTERM lets the calls in flight finish, then stops.',
  options: [
    { title: 'Options', specs: SERVE_OPTIONS },
    {
      title: 'Kit options',
      specs: globals.filter((spec) =>
        [
          '--handler',
          '--pool',
          '--state-dir',
          '--env-vars',
          '--code',
          '--cognito-default-email',
          '--quiet',
          '--parameters',
          '--sms-sender',
          '--email-sender',
        ].includes(spec.flag),
      ),
    },
  ],
});

interface ServeEnvironment {
  readonly cwd: string;
  /** Where the start line and each call's summary go (default: stderr). */
  readonly log?: (text: string) => void;
  /** Resolves when the server should stop (default: on SIGINT or SIGTERM). */
  readonly stopped?: Promise<unknown>;
  /** Told the URL once the server listens. */
  readonly onListening?: (url: string) => void;
}

const untilSignal = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/**
 * Runs the server until it is stopped, then closes the functions' processes and returns the CLI's result.
 *
 * @example
 * ```ts
 * await runServe(['--port', '0'], { cwd: process.cwd() }, GLOBAL_OPTIONS);
 * ```
 */
const runServe = async (
  argv: readonly string[],
  environment: ServeEnvironment,
  globals: readonly OptionSpec[],
  loadPool: (path: string) => import('../local/pool.js').PoolDocument,
): Promise<{ stdout: string; stderr: string; exitCode: number }> => {
  const { options, positionals } = parseArgs(argv, [...globals, ...SERVE_OPTIONS]);
  if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
  const portText = options.get('--port')?.[0] ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535)
    throw new UsageError(
      '',
      `\ncognito-trigger: --port must be a port number (0 picks a free one), got ${portText}\n`,
    );
  const log = environment.log ?? ((text: string) => process.stderr.write(text));
  const { cwd } = environment;
  const pool = options.has('--pool')
    ? loadPool(resolvePath(cwd, options.get('--pool')?.[0] ?? ''))
    : DEMO_POOLS;
  const stateDir = resolvePath(cwd, options.get('--state-dir')?.[0] ?? DEFAULT_STATE_DIR);
  // A long-lived endpoint writes its state behind the calls (under the lock, which CLI processes wait for), so that
  // a call does not wait for the disk; closing writes the rest.
  const store = new StateStore(stateDir, {
    saveBehind: true,
    onSaveError: (error) => log(`cognito-trigger: ${error.message}\n`),
  });
  const parameters = options.get('--parameters')?.[0];
  const endpoint = parameters
    ? await (await import('./brands.js')).serveParameters(resolvePath(cwd, parameters))
    : undefined;
  const quiet = options.has('--quiet');
  // Quiet, with no summary to read it for, the functions write their output to stderr themselves.
  const functionOutput = quiet && !environment.log ? { functionOutput: process.stderr } : {};
  const session = await createSession({ cwd, options, pool, store, ...functionOutput }).catch(
    async (error: unknown) => {
      await store.close();
      await endpoint?.close();
      throw error;
    },
  );
  for (const note of session.notes) if (!quiet) log(`note: ${note}\n`);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      engine: session.cognito,
      host: options.get('--host')?.[0] ?? '127.0.0.1',
      port,
      onCall: ({ operation, trace, status, error }) => {
        const logs = session.output.take();
        if (quiet) return void (logs && log(logs));
        const explanations = (trace ? session.output.outcomesIn(logs) : []).map(explainOutcome);
        const account = trace
          ? summarize(trace, session.handlerLabel, explanations)
          : `cognito-trigger: ${operation}\n`;
        const refused =
          !trace && !error ? `  → ${status} (not served: see the response's message)\n` : undefined;
        if (refused) return void log(`${account}${refused}`);
        const outcome =
          trace && 'error' in trace.result
            ? `  → ${status} ${trace.result.error.name}: ${trace.result.error.message}\n`
            : error
              ? `  → ${status} ${error.message}\n`
              : `  → ${status}\n`;
        log(`${account}${outcome}${logs ? `\n${logs}` : ''}`);
      },
    });
  } catch (error) {
    await store.close();
    await session.close();
    await endpoint?.close();
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? 'the port is in use'
        : (error as Error).message;
    return {
      stdout: '',
      stderr: `\ncognito-trigger: cannot listen on port ${port}: ${reason}\n`,
      exitCode: 255,
    };
  }
  log(
    `cognito-trigger: Cognito user pools API on ${server.url} (state in ${stateDir}; ${session.handlerLabel}); Ctrl-C stops it\n`,
  );
  environment.onListening?.(server.url);
  await (environment.stopped ?? untilSignal());
  await server.close();
  // The functions' processes and the endpoints end whether or not the state could be written.
  let unsaved: Error | undefined;
  try {
    await store.close();
  } catch (error) {
    unsaved = error instanceof Error ? error : new Error(String(error));
  } finally {
    await session.close();
    await endpoint?.close();
  }
  if (unsaved)
    return {
      stdout: '',
      stderr: `\ncognito-trigger: stopped, but the state could not be written: ${unsaved.message}\n`,
      exitCode: 255,
    };
  if (!quiet) log('cognito-trigger: stopped; every call was answered and its state saved\n');
  return { stdout: '', stderr: '', exitCode: 0 };
};

export type { ServeEnvironment };
export { DEFAULT_PORT, runServe, serveUsage };
