// The Cognito endpoint under the real SDK v3 client: AdminUpdateUserAttributes email changes against
// `cognito-trigger serve` with the example handler running as the trigger (in its own processes, as the CLI runs it),
// at concurrency 1 and 8, beside a floor measured in the same run and driven by the same client: an HTTP server that
// answers every call with {} at once, in a process of its own as `serve` is (the same server inside the client's
// process is shown too). Floor and serve take turns, three runs each; the medians are compared. Also: memory after
// 10,000 calls against memory after 100, and the time from starting `serve` to its first answer.
//   node --conditions=source --import ./bin/register-ts.mjs bench/serve.bench.ts
import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { openHandler } from '../src/local/handler-process.js';
import { invokeHandler, type LambdaHandler } from '../src/local/invoker.js';
import { report, verdict } from './report.js';

const root = new URL('../', import.meta.url).pathname;
const POOL = 'us-west-2_aaaaaaaaa';
/** Zoë of the demo pool, by her username (the pool signs in by email, which each call changes). */
const ZOE = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const DURATION_MS = Number(process.env.BENCH_SERVE_MS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_SERVE_ROUNDS ?? 3);
const LEAK_CALLS = Number(process.env.BENCH_SERVE_CALLS ?? 10_000);
const quietEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

const clientFor = (endpoint: string) =>
  new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });

let sequence = 0;
/** One email change: each call a new address, so that every call runs the trigger and delivers an email. */
const change = (client: CognitoIdentityProviderClient) =>
  client.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: POOL,
      Username: ZOE,
      UserAttributes: [{ Name: 'email', Value: `zoe+${sequence++}@example.com` }],
      ClientMetadata: { brand: 'globex' },
    }),
  );

/** Calls per second with `concurrency` callers for DURATION_MS, after a warm-up. */
const rate = async (client: CognitoIdentityProviderClient, concurrency: number): Promise<number> => {
  const until = async (deadline: number) => {
    let calls = 0;
    while (Date.now() < deadline) {
      await change(client);
      calls++;
    }
    return calls;
  };
  await Promise.all(Array.from({ length: concurrency }, () => until(Date.now() + 300)));
  const started = Date.now();
  const counts = await Promise.all(Array.from({ length: concurrency }, () => until(started + DURATION_MS)));
  return (counts.reduce((a, b) => a + b, 0) * 1000) / (Date.now() - started);
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const FLOOR_SERVER = `
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '2' });
    response.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** The floor in a process of its own, as `serve` is: what any endpoint there costs the client, and no more. */
const startFloor = async () => {
  const child = spawn(process.execPath, ['-e', FLOOR_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
};

/** The same floor inside this process, beside the client: no process boundary to cross. */
const startInProcessFloor = async () => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '2' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/**
 * Starts `serve` with the example handler, its output (the start line, the function's log lines) in a file rather
 * than a pipe to this process, which is the client; resolves with its URL, and how long the first answer took.
 */
const startServe = async (stateDir: string, cwd = root) => {
  const started = performance.now();
  const logPath = join(stateDir, '..', `${stateDir.split('/').pop()}.log`);
  const log = openSync(logPath, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/cognito-trigger.mjs'), 'serve', '--port', '0', '--state-dir', stateDir, '--quiet'],
    { cwd, stdio: ['ignore', 'ignore', log], env: quietEnv },
  );
  closeSync(log);
  let exited: string | undefined;
  child.once('exit', (code) => {
    exited = `serve exited (${code}): ${readFileSync(logPath, 'utf8')}`;
  });
  let url: string | undefined;
  while (!url) {
    if (exited) throw new Error(exited);
    url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(logPath, 'utf8'))?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const client = clientFor(url);
  await change(client);
  const firstAnswerMs = performance.now() - started;
  client.destroy();
  const rss = async (): Promise<number> => {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  };
  return {
    url,
    firstAnswerMs,
    rss,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(logPath, { force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
};

// Start to first answer, first and alone on the machine: three fresh starts, each with a state directory of its own.
const startups: number[] = [];
for (let start = 0; start < 3; start++) {
  const dir = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-'));
  const started = await startServe(dir);
  startups.push(started.firstAnswerMs);
  await started.close();
  rmSync(dir, { recursive: true, force: true });
}
const startup = median(startups);

const stateDir = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-'));
const floor = await startFloor();
const inProcess = await startInProcessFloor();
const served = await startServe(stateDir);
// The same engine with no Custom message function (run where there is no handlers/): the pool's own message is
// delivered, and nothing crosses to a function's process. What the trigger's hop costs is the difference.
const bareCwd = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-bare-'));
const bare = await startServe(join(bareCwd, 'state'), bareCwd);
const bareClient = clientFor(bare.url);
const floorClient = clientFor(floor.url);
const inProcessClient = clientFor(inProcess.url);
const servedClient = clientFor(served.url);

const rows: string[] = [];
for (const concurrency of [1, 8]) {
  const runs = {
    kit: [] as number[],
    bare: [] as number[],
    floor: [] as number[],
    inProcess: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    runs.floor.push(await rate(floorClient, concurrency));
    runs.kit.push(await rate(servedClient, concurrency));
    runs.bare.push(await rate(bareClient, concurrency));
    runs.inProcess.push(await rate(inProcessClient, concurrency));
  }
  const [kit, bareRate, floorRate, inProcessRate] = [runs.kit, runs.bare, runs.floor, runs.inProcess].map(
    median,
  );
  const ratio = (kit as number) / (floorRate as number);
  rows.push(
    `| ${concurrency} | ${kit?.toFixed(0)} | ${floorRate?.toFixed(0)} | ${ratio.toFixed(2)}x | ≥ 0.6x ${verdict(ratio >= 0.6)} | ${bareRate?.toFixed(0)} (${((bareRate as number) / (floorRate as number)).toFixed(2)}x) | ${inProcessRate?.toFixed(0)} (serve ${((kit as number) / (inProcessRate as number)).toFixed(2)}x) |`,
  );
}
bareClient.destroy();
await bare.close();
rmSync(bareCwd, { recursive: true, force: true });

// Memory: after 100 calls, and after LEAK_CALLS, on a fresh server (the rate runs above warmed the first one).
await served.close();
rmSync(stateDir, { recursive: true, force: true });
const leakDir = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-'));
const fresh = await startServe(leakDir);
const leakClient = clientFor(fresh.url);
const callsInBatches = async (count: number) => {
  for (let done = 0; done < count; done += 8)
    await Promise.all(Array.from({ length: Math.min(8, count - done) }, () => change(leakClient)));
};
await callsInBatches(100);
const rssAfter100 = await fresh.rss();
await callsInBatches(LEAK_CALLS - 100);
const rssAfterAll = await fresh.rss();
await callsInBatches(LEAK_CALLS);
const rssAfterTwice = await fresh.rss();
leakClient.destroy();
await fresh.close();
rmSync(leakDir, { recursive: true, force: true });
floorClient.destroy();
inProcessClient.destroy();
servedClient.destroy();
await floor.close();
await inProcess.close();

// The trigger's round trip alone, one invocation at a time as at concurrency 1: the example handler in a process of
// its own (as serve runs it), a handler that only returns its event (what the process boundary costs), and the
// example handler imported into this process (what the handler itself costs).
const event = JSON.parse(
  readFileSync(join(root, 'events/CustomMessage_UpdateUserAttribute.client-metadata.json'), 'utf8'),
);
const perInvocation = async (handler: LambdaHandler): Promise<number> => {
  for (let i = 0; i < 300; i++) await invokeHandler(handler, event);
  const calls = 3_000;
  const started = performance.now();
  for (let i = 0; i < calls; i++) await invokeHandler(handler, event);
  return ((performance.now() - started) * 1000) / calls;
};
const hopDir = mkdtempSync(join(tmpdir(), 'ctk-bench-hop-'));
const echo = join(hopDir, 'echo.mjs');
writeFileSync(echo, 'export const handler = async (event) => event;\n');
const devNull = createWriteStream('/dev/null');
await new Promise((resolve) => devNull.once('open', resolve));
const hops: [string, number][] = [];
for (const [label, spec] of [
  ['the example handler, in a process of its own', 'handlers/custom-message.ts'],
  ['a handler that returns its event, in a process of its own', echo],
] as const) {
  const opened = await openHandler(spec, {
    cwd: root,
    environment: { AWS_REGION: 'us-west-2' },
    output: devNull,
  });
  hops.push([label, await perInvocation(opened.handler)]);
  await opened.close();
}
const { handler: imported } = await import('../handlers/custom-message.js');
const stdoutWrite = process.stdout.write;
process.stdout.write = (() => true) as typeof process.stdout.write; // its log lines, not this report's
hops.push([
  'the example handler, imported into this process',
  await perInvocation(imported as LambdaHandler),
]);
process.stdout.write = stdoutWrite;
devNull.end();
rmSync(hopDir, { recursive: true, force: true });

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
await report('serve', [
  `SDK v3 AdminUpdateUserAttributes (an email change, brand globex: the example handler runs as the trigger and an email is delivered each call) against \`cognito-trigger serve\`, beside a floor driven by the same client: a server that answers {} at once, in a process of its own as serve is. Floor and serve take turns, ${ROUNDS} runs of ${DURATION_MS / 1000} s each; medians. For reference: the same engine with no Custom message function (the pool's own message is delivered, nothing crosses to a function's process), and the floor inside the client's process.`,
  '',
  '| concurrency | serve, calls/s | floor, calls/s | serve / floor | target | serve with no trigger, calls/s (/ floor) | floor in the client’s process, calls/s |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  '| measure | value | target |',
  '|---|---|---|',
  `| RSS after 100 calls | ${mb(rssAfter100)} | |`,
  `| RSS after ${LEAK_CALLS.toLocaleString('en')} calls | ${mb(rssAfterAll)} (${(rssAfterAll / rssAfter100).toFixed(2)}x) | ≤ 1.5x ${verdict(rssAfterAll / rssAfter100 <= 1.5)} |`,
  `| RSS after ${(2 * LEAK_CALLS).toLocaleString('en')} calls (bounded, or growing?) | ${mb(rssAfterTwice)} (${(rssAfterTwice / rssAfter100).toFixed(2)}x) | |`,
  `| start to first answer, median of 3 (${startups.map((ms) => ms.toFixed(0)).join(', ')} ms) | ${startup.toFixed(0)} ms | < 300 ms ${verdict(startup < 300)} |`,
  '',
  'The trigger’s round trip alone, one invocation at a time (invokeHandler, 3,000 invocations after 300):',
  '',
  '| handler | per invocation |',
  '|---|---|',
  ...hops.map(([label, us]) => `| ${label} | ${us.toFixed(0)} µs |`),
]);
