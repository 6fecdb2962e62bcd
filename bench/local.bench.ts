// `npm run bench` (second part): the local simulator. In-process replay of AdminUpdateUserAttributes calls through
// the example handler, against a floor that invokes the same handler directly with a prebuilt event; and the wall
// time of one CLI call on the TypeScript handler, against a floor that starts Node and does nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { events } from '../src/events/factory.js';
import { LocalCognito } from '../src/local/local-cognito.js';
import { report, verdict } from './report.js';

process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
const { handler } = await import('../handlers/custom-message.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = Number(process.env.BENCH_REPLAY_CALLS ?? 10_000);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 11);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
};

const replay = async (): Promise<number> => {
  const cognito = new LocalCognito({ handler: handler as never, code: '123456' });
  let username = 'diego@example.com';
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const email = `diego.${i}@example.com`;
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: 'us-west-2_aaaaaaaaa',
      Username: username,
      UserAttributes: [{ Name: 'email', Value: email }],
      ClientMetadata: { brand: i % 2 ? 'globex' : 'acme' },
    });
    if (!('response' in trace.result) || trace.deliveries.length !== 1) throw new Error('replay call failed');
    username = email;
  }
  return CALLS / ((performance.now() - started) / 1000);
};

const direct = async (): Promise<number> => {
  const event = events.updateUserAttribute({ clientMetadata: { brand: 'globex' } });
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await handler(JSON.parse(JSON.stringify(event)));
  return CALLS / ((performance.now() - started) / 1000);
};

const wall = (args: string[], env: NodeJS.ProcessEnv = process.env): number => {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
};

// Warm both loops once so that neither pays for compilation in its measured run.
await replay();
await direct();
const replayRate = await replay();
const directRate = await direct();

const stateDir = mkdtempSync(join(tmpdir(), 'cognito-trigger-bench-'));
const cli = [
  'bin/cognito-trigger.mjs',
  'admin-update-user-attributes',
  '--user-pool-id',
  'us-west-2_aaaaaaaaa',
  '--username',
  'diego@example.com',
  '--user-attributes',
  'Name=given_name,Value=Diego',
  'Name=phone_number,Value=+14325551213',
  '--state-dir',
  stateDir,
  '--quiet',
];
const cliTimes: number[] = [];
const nodeTimes: number[] = [];
for (let i = 0; i < CLI_RUNS; i++) {
  rmSync(join(stateDir, 'pools'), { recursive: true, force: true });
  cliTimes.push(wall(cli, { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO' }));
  nodeTimes.push(wall(['-e', '']));
}
rmSync(stateDir, { recursive: true, force: true });

const cliMedian = median(cliTimes);
await report('local', [
  `${CALLS.toLocaleString('en-US')} AdminUpdateUserAttributes calls (each an email change, a trigger invocation and a delivery); ${CLI_RUNS} CLI runs`,
  '',
  '| measure | simulator | floor | ratio | target |',
  '|---|---|---|---|---|',
  `| in-process replay, calls per second | ${replayRate.toFixed(0)} | ${directRate.toFixed(0)} (handler called directly) | ${(replayRate / directRate).toFixed(2)}x | ≥ 10,000/s ${verdict(replayRate >= 10_000)} |`,
  `| one CLI call on the TypeScript handler, wall median | ${cliMedian.toFixed(0)} ms | ${median(nodeTimes).toFixed(0)} ms (\`node -e ''\`) | ${(cliMedian / median(nodeTimes)).toFixed(2)}x | < 400 ms ${verdict(cliMedian < 400)} |`,
]);
